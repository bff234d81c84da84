-- A memory bomb at the top level, while the script loads: rejected
-- (exit 3) with the limit and its line. Near the memory limit Lua collects
-- in emergency before each refused allocation, so on a busy machine the
-- time limit may come first: either limit is right.
-- expect-exit: 3
-- expect-stderr: ^assay: mem_toplevel\.lua: (memory|time) limit: .* \(at mem_toplevel\.lua:11\)$

criterion { id = "ok", evaluate = function(p) return 1 end }

local t = {}
while true do t[#t + 1] = ("x"):rep(10000 + #t) end

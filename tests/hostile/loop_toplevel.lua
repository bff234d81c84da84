-- An endless loop at the script's top level, while it loads: the script
-- is rejected (exit 3) with the limit and its line, and nothing is run.
-- expect-exit: 3
-- expect-stderr: ^assay: loop_toplevel\.lua: instruction limit: more than 10000000 Lua instructions in one call \(at loop_toplevel\.lua:9\)$

criterion { id = "ok", evaluate = function(p) return 1 end }

local n = 0
while true do n = n + 1 end

-- Endless loops in metamethods that evaluate triggers: indexing, writing,
-- tostring (directly and through string.format), #, .., calls, ==, <,
-- pairs and unary minus. Every one loops on line 19, where spin is.
-- expect-exit: 1
-- expect-status: index=limit newindex=limit tostring=limit format=limit len=limit concat=limit call=limit eq=limit lt=limit pairs=limit unm=limit ok=scored
-- expect-error: index ^instruction limit: .* \(at loop_metamethods\.lua:19\)$
-- expect-error: newindex \(at loop_metamethods\.lua:19\)$
-- expect-error: tostring ^instruction limit: .* \(at loop_metamethods\.lua:19\)$
-- expect-error: format \(at loop_metamethods\.lua:19\)$
-- expect-error: len \(at loop_metamethods\.lua:19\)$
-- expect-error: concat \(at loop_metamethods\.lua:19\)$
-- expect-error: call \(at loop_metamethods\.lua:19\)$
-- expect-error: eq \(at loop_metamethods\.lua:19\)$
-- expect-error: lt \(at loop_metamethods\.lua:19\)$
-- expect-error: pairs \(at loop_metamethods\.lua:19\)$
-- expect-error: unm \(at loop_metamethods\.lua:19\)$
-- expect-score: alpha: ok=1

local function spin() local n = 0 while true do n = n + 1 end end
local mt = {
  __index = spin, __newindex = spin, __tostring = spin, __len = spin,
  __concat = spin, __call = spin, __eq = spin, __lt = spin, __pairs = spin,
  __unm = spin,
}
local M, N = setmetatable({}, mt), setmetatable({}, mt)

criterion { id = "index", evaluate = function(p) return M.anything end }
criterion { id = "newindex", evaluate = function(p) M.x = 1 return 1 end }
criterion { id = "tostring", evaluate = function(p) return 1, tostring(M) end }
criterion { id = "format", evaluate = function(p) return 1, ("%s"):format(M) end }
criterion { id = "len", evaluate = function(p) return #M end }
criterion { id = "concat", evaluate = function(p) return 1, M .. "x" end }
criterion { id = "call", evaluate = function(p) return M() end }
criterion { id = "eq", evaluate = function(p) return M == N end }
criterion { id = "lt", evaluate = function(p) return M < N end }
criterion { id = "pairs", evaluate = function(p) for k in pairs(M) do end return 1 end }
criterion { id = "unm", evaluate = function(p) return -M end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

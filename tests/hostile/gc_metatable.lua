-- Finalisers: setmetatable refuses __gc (and __close) with the line; a
-- __gc added to a metatable after setmetatable never makes the object
-- finalisable (Lua marks objects only at setmetatable), so the looping
-- finaliser below never runs, neither during the run nor when the engine
-- closes the Lua state. __mode is fine.
-- expect-exit: 1
-- expect-status: gc=error close=error later=scored weak=scored ok=scored
-- expect-error: gc ^gc_metatable\.lua:16: .*__gc
-- expect-error: close ^gc_metatable\.lua:17: .*__close
-- expect-score: later=1 weak=1
-- max-seconds: 10

local function spin() while true do end end

-- one criterion a line, so that the line of each is certain
criterion { id = "gc", evaluate = function(p) setmetatable({}, { __gc = spin }) return 1 end }
criterion { id = "close", evaluate = function(p) setmetatable({}, { __close = spin }) return 1 end }
criterion { id = "later", evaluate = function(p)
  local mt = {}
  for i = 1, 1000 do setmetatable({}, mt) end
  mt.__gc = spin
  rawset(mt, "__gc", spin)
  for i = 1, 20000 do local garbage = { i } end
  return 1
end }
criterion { id = "weak", evaluate = function(p) local w = setmetatable({}, { __mode = "k" }) w[{}] = 1 return 1 end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

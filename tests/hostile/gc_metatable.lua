-- Finalisers and weak tables: setmetatable refuses __gc, __close and
-- __mode with the line, and a table in use as a metatable refuses them
-- when they are added later (assignment or rawset), so the looping
-- finaliser below never runs, neither during the run nor when the engine
-- closes the Lua state. Weak tables are refused because a chain of
-- weak-keyed entries makes the collector's work quadratic, in C where no
-- limit sees it (see gc_ephemeron.lua).
-- expect-exit: 1
-- expect-status: gc=error close=error later=error laterraw=error weak=error ok=scored
-- expect-error: gc ^gc_metatable\.lua:20: .*__gc
-- expect-error: close ^gc_metatable\.lua:21: .*__close
-- expect-error: later ^gc_metatable\.lua:25: '__gc' is not allowed
-- expect-error: laterraw ^gc_metatable\.lua:31: '__gc' is not allowed
-- expect-error: weak ^gc_metatable\.lua:35: '__mode' is not allowed
-- max-seconds: 10

local function spin() while true do end end

-- one criterion a line, so that the line of each is certain
criterion { id = "gc", evaluate = function(p) setmetatable({}, { __gc = spin }) return 1 end }
criterion { id = "close", evaluate = function(p) setmetatable({}, { __close = spin }) return 1 end }
criterion { id = "later", evaluate = function(p)
  local mt = {}
  for i = 1, 1000 do setmetatable({}, mt) end
  mt.__gc = spin
  return 1
end }
criterion { id = "laterraw", evaluate = function(p)
  local mt = {}
  for i = 1, 1000 do setmetatable({}, mt) end
  rawset(mt, "__gc", spin)
  for i = 1, 20000 do local garbage = { i } end
  return 1
end }
criterion { id = "weak", evaluate = function(p) local w = setmetatable({}, { __mode = "k" }) w[{}] = 1 return 1 end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- A chain of weak-keyed entries (ephemerons), each key reachable only
-- through the value of the one before, makes Lua's collector quadratic in
-- C, where no limit sees it: 80,000 entries and a few large allocations to
-- force full cycles ran one call for 31.8 s. assay scripts get no weak
-- tables: __mode is refused by setmetatable, and by a table in use as a
-- metatable when it is added later, by assignment or by rawset. A __mode
-- reached through __index is not a weak table (Lua reads it raw), so that
-- chain is ordinary data and is evaluated in milliseconds.
-- expect-exit: 1
-- expect-status: direct=error later=error raw=error inherited=scored ok=scored
-- expect-error: direct ^gc_ephemeron\.lua:29: '__mode' is not allowed
-- expect-error: later ^gc_ephemeron\.lua:30: '__mode' is not allowed
-- expect-error: raw ^gc_ephemeron\.lua:31: '__mode' is not allowed
-- expect-score: inherited=1
-- max-seconds: 3

local function chain(weak)
  local head = {}
  local k = head
  for i = 1, 80000 do
    local nk = {}
    weak[k] = nk
    k = nk
  end
  for i = 1, 4 do local big = ("x"):rep(4 << 20) .. i end
  return head
end

criterion { id = "direct", evaluate = function(p) chain(setmetatable({}, { __mode = "k" })) return 1 end }
criterion { id = "later", evaluate = function(p) local mt = {} local w = setmetatable({}, mt) mt.__mode = "k" chain(w) return 1 end }
criterion { id = "raw", evaluate = function(p) local mt = {} local w = setmetatable({}, mt) rawset(mt, "__mode", "k") chain(w) return 1 end }
criterion { id = "inherited", evaluate = function(p)
  local mt = setmetatable({}, { __index = { __mode = "k" } })
  local w = setmetatable({}, mt)
  chain(w)
  return mt.__mode == "k" and 1 or 0
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

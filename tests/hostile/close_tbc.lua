-- __close by the back door: setmetatable refuses __close, and so does a
-- table in use as a metatable when __close is added to it afterwards, by
-- assignment or rawset: without the refusal the table would be closable,
-- for a `local x <close>` and for a generic for's closing value (its
-- fourth value). So the handler never runs; nil and false are allowed as
-- closing values (nothing to close).
-- expect-exit: 1
-- expect-status: tbc=error forclose=error nilclose=scored viaraw=error ok=scored
-- expect-error: tbc ^close_tbc\.lua:19: '__close' is not allowed
-- expect-error: forclose ^close_tbc\.lua:19: '__close' is not allowed
-- expect-error: viaraw ^close_tbc\.lua:43: '__close' is not allowed
-- expect-score: nilclose=1
-- expect-score: alpha: ok=1

local function spin() while true do end end
local function closable()
  local mt = {}
  local t = setmetatable({}, mt)
  mt.__close = spin
  return t
end
local function none() return nil end

criterion { id = "tbc", evaluate = function(p)
  do
    local x <close> = closable()
  end
  return 1
end }
criterion { id = "forclose", evaluate = function(p)
  for _ in none, nil, nil, closable() do end
  return 1
end }
criterion { id = "nilclose", evaluate = function(p)
  do local a <close> = nil; local b <close> = false end
  for _ in none, nil, nil, nil do end
  return 1
end }

criterion { id = "viaraw", evaluate = function(p)
  local mt = {}
  local t = setmetatable({}, mt)
  rawset(mt, "__close", function() end)
  do local x <close> = t end
  return 1
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- __close by the back door: setmetatable refuses __close, but a __close
-- added to the metatable afterwards makes the table closable, for a
-- `local x <close>` and for a generic for's closing value (its fourth
-- value). assay does not stop that handler from running (README, "Not
-- yet" names this gap):
-- it runs inside the call's limits, with the hook on, so a handler that
-- loops ends the criterion with the instruction limit at its own line,
-- and cannot hang the engine or escape. nil and false are allowed as
-- closing values (nothing to close).
-- expect-exit: 1
-- expect-status: tbc=limit forclose=limit nilclose=scored ok=scored
-- expect-error: tbc ^instruction limit: .* \(at close_tbc\.lua:17\)$
-- expect-error: forclose ^instruction limit: .* \(at close_tbc\.lua:17\)$
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

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

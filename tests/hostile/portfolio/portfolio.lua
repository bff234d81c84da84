-- The script of the portfolio test: ordinary criteria that misbehave only
-- on projects whose text indicator `behaviour` asks them to (loop, memory,
-- pattern, recursion, error, errobj, nan, verdict_loop). On the benign
-- projects, which have no such indicator, every criterion is well-behaved.
-- Nothing here keeps state between calls, so a benign project's result
-- cannot depend on what ran before it.
local ORD = { present = 1, partial = 0.5, absent = 0 }

local function behaviour(p) return p:value("behaviour") end

criterion {
  id = "demand", title = "Demand orientation", group = "features", weight = 0.4,
  bands = { { "present", at_least = 0.75 }, { "partial", at_least = 0.25 }, { "absent" } },
  evaluate = function(p)
    if behaviour(p) == "loop" then while true do end end
    local v = p:value("DEM1")
    if v == nil then return nil, "DEM1 is not stated" end
    return ORD[v] or 0, "DEM1 is " .. tostring(v)
  end,
}

criterion {
  id = "share", title = "Private share of output", group = "features", weight = 0.3,
  evaluate = function(p)
    if behaviour(p) == "memory" then local t = {} while true do t[#t + 1] = ("x"):rep(1 << 22) end end
    if behaviour(p) == "nan" then return 0 / 0 end
    local v = p:value("share")
    if v == nil then return nil, "no share" end
    return v / 100, ("%g%% of output is private"):format(v)
  end,
}

criterion {
  id = "evidence", title = "Strength of the quoted evidence", weight = 0.2,
  evaluate = function(p)
    local ind = p:indicator("DEM1")
    local q = ind and ind.evidence
    if q == nil then return nil, "no quote for DEM1" end
    if behaviour(p) == "pattern" then return q:find(("a-"):rep(30) .. "b") ~= nil end
    local n = 0
    for _ in q:gmatch("%a+") do n = n + 1 end
    local src = ind.source and ind.source.citation or "no source"
    return math.min(n / 10, 1), ("%d words, %s"):format(n, src)
  end,
}

criterion {
  id = "cluster", title = "Clustered producers", weight = 0.1,
  evaluate = function(p)
    local b = behaviour(p)
    if b == "recursion" then local function f(n) return f(n + 1) + 1 end return f(1) end
    if b == "error" then error("\27[31m" .. ("e"):rep(1000000)) end
    if b == "errobj" then error(setmetatable({}, { __tostring = function() while true do end end })) end
    local c = p:field("target_group.clustered")
    if c == nil then return nil, "not said" end
    return c == true
  end,
}

criterion {
  id = "draw", title = "A random draw (weight 0: checks the seeding)", weight = 0,
  evaluate = function(p)
    local t = {}
    for i = 1, 8 do t[i] = math.random(1000) end
    return math.random(), table.concat(t, " ")
  end,
}

weighting {
  verdicts = {
    { "spin", when = function(p, r)
      if behaviour(p) == "verdict_loop" then while true do end end
      return false
    end },
    { "insufficient_evidence", coverage_below = 0.5 },
    { "strong", at_least = 0.75 },
    { "partial", at_least = 0.5 },
    { "weak" },
  },
}

-- A Lua aggregate: unweighted mean of the scored criteria, halved
-- when cost could not be assessed.

local ORD = { present = 1, partial = 0.5, absent = 0 }

criterion {
  id = "reach",
  weight = 2,
  evaluate = function(p)
    local r = p:value("R")
    if r == nil then return nil, "no reach figure" end
    return r
  end,
}

criterion {
  id = "demand",
  weight = 1,
  evaluate = function(p) return ORD[p:value("D")] end,
}

criterion {
  id = "cost",
  weight = 1,
  evaluate = function(p)
    local s = p:value("S")
    if s == nil then return nil, "no cost share" end
    return s / 100
  end,
}

weighting {
  aggregate = function(results, p)
    local sum, n = 0, 0
    for _, r in ipairs(results) do
      if r.status == "scored" then sum, n = sum + r.score, n + 1 end
    end
    if n == 0 then return nil end
    local score = sum / n
    if results.cost.status ~= "scored" then score = score / 2 end
    return score
  end,
  verdicts = {
    { "pass", at_least = 0.6 },
    { "low_coverage_fail", when = function(p, result) return result.coverage < 0.5 end },
    { "fail" },
  },
}

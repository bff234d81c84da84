-- Weighted mean: criteria with bands, one that can be nil (not
-- assessable) and one that raises an error on alpha.
local ORD = { present = 1, partial = 0.5, absent = 0 }

criterion {
  id = "reach",
  title = "Reach",
  group = "outcomes",
  weight = 2,
  bands = { { "high", at_least = 0.75 }, { "mid", at_least = 0.25 }, { "low" } },
  evaluate = function(p)
    local r = p:value("R")
    if r == nil then return nil, "no reach figure" end
    return r, ("reach %g"):format(r)
  end,
}

criterion {
  id = "demand",
  title = "Demand orientation",
  group = "features",
  weight = 1,
  bands = { { "present", at_least = 0.75 }, { "partial", at_least = 0.25 }, { "absent" } },
  evaluate = function(p)
    return ORD[p:value("D")]
  end,
}

criterion {
  id = "cost",
  title = "Cost share",
  weight = 1,
  evaluate = function(p)
    local s = p:value("S")
    if s == nil then return nil, "no cost share" end
    return s / 100
  end,
}

criterion {
  id = "flaky",
  title = "Fails on alpha",
  weight = 1,
  evaluate = function(p)
    if p.id == "alpha" then error("flaky fails on alpha") end
    return true
  end,
}

weighting {
  aggregate = "weighted_mean",
  verdicts = {
    { "out_of_scope", when = function(p, result) return p:field("target_group.beneficiary_is_producer") == false end },
    { "insufficient_evidence", coverage_below = 0.5 },
    { "strong", at_least = 0.75 },
    { "partial", at_least = 0.5 },
    { "weak" },
  },
}

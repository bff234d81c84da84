-- Minimum of the scored criteria.

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
  aggregate = "minimum",
  verdicts = {
    { "pass", at_least = 0.5 },
    { "fail" },
  },
}

-- One criterion: the ordinal X.
local ORD = { present = 1, partial = 0.5, absent = 0 }

criterion {
  id = "x",
  evaluate = function(p) return ORD[p:value("X")] end,
}

weighting { aggregate = "weighted_mean" }

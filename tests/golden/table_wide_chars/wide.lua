-- Table layout with East Asian wide characters (two columns each).
criterion {
  id = "x",
  weight = 1,
  evaluate = function(p) return p:value("X") == "present" end,
}

weighting { aggregate = "weighted_mean", verdicts = { { "pass", at_least = 0.5 }, { "fail" } } }

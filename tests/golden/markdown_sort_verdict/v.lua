-- Verdict rules in an order that is not how good they are: unclear must
-- be tried first, yet top is the best.
criterion {
  id = "s",
  evaluate = function(p) return p:value("S") end,
}

weighting {
  verdicts = {
    { "unclear", coverage_below = 0.5 },
    { "top", at_least = 0.75 },
    { "middle", at_least = 0.25 },
    { "bottom" },
  },
}

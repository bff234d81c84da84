criterion { id = "a", evaluate = function(p) return 0.6 end }
weighting {
  verdicts = {
    { "good", at_least = 0.9 },
    { "fair", at_least = 0.5 },
    { "good", when = function(p, r) return p:field("favoured") == true end },
    { "poor" },
  },
}

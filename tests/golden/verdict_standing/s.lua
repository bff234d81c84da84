-- Standings: declared on two rules, worked out for the rest.
criterion { id = "a", evaluate = function(p) return p:value("x") end }
weighting {
  verdicts = {
    { "off_topic", when = function(p) return p:field("off") == true end },
    { "thin", coverage_below = 0.5 },
    { "top", at_least = 0.9 },
    { "good_enough", at_least = 0.6, standing = "good" },
    { "middling", at_least = 0.3 },
    { "top", at_least = 0.25, standing = "bad" },
    { "poor" },
  },
}

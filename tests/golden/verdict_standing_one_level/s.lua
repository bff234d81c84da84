criterion { id = "a", evaluate = function(p) return 1 end }
weighting { verdicts = { { "one", at_least = 0.5 }, { "two", at_least = 0.5 }, { "rest", when = function() return true end } } }

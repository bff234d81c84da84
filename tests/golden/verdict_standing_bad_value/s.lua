criterion { id = "a", evaluate = function(p) return 1 end }
weighting { verdicts = { { "x", at_least = 0.5, standing = "great" } } }

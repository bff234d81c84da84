criterion { id = "cost", weight = 0, evaluate = function(p) return 1 end }
criterion { id = "reach", weight = 0, evaluate = function(p) return 0.5 end }
weighting { verdicts = { { "good", at_least = 0.75 }, { "bad" } } }

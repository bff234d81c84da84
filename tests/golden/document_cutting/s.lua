-- Every project scores 1.
criterion { id = "x", evaluate = function(p) return 1 end }
weighting { verdicts = { { "ok" } } }

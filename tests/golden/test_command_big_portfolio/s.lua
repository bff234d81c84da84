-- One criterion that always scores 1, one verdict.
criterion { id = "x", evaluate = function(p) return 1 end }
weighting { verdicts = { { "ok" } } }

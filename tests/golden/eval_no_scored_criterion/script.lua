criterion { id = 'a', evaluate = function(p) return nil end }
weighting { verdicts = { { 'good', at_least = 0 }, { 'unknown' } } }

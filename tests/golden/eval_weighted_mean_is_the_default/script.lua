-- No weighting{}: the weighted mean, and no verdict.
criterion { id = 'a', evaluate = function(p) return 1 end }
criterion { id = 'b', weight = 3, evaluate = function(p) return 0 end }

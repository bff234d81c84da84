criterion { id = 'a', weight = 1, evaluate = function(p) return 0.2 end }
criterion { id = 'b', weight = 2, evaluate = function(p) return 0.5 end }
criterion { id = 'c', weight = 3, evaluate = function(p) return 1 end }
weighting { aggregate = 'weighted_mean' }

criterion { id = 'a', weight = 1, evaluate = function(p) return 1/16 end }
criterion { id = 'b', weight = 3, evaluate = function(p) return 1 end }
weighting { aggregate = 'geometric' }

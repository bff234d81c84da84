criterion { id = 'a', weight = 1, evaluate = function(p) return 0.4 end }
criterion { id = 'b', weight = 1, evaluate = function(p) return 0.8 end }
criterion { id = 'c', weight = 2, evaluate = function(p) return nil, 'no figure for c' end }

criterion { id = 'a', title = 'The A', group = 'g1', evaluate = function(p) return 1 end }
criterion { id = 'b', evaluate = function(p) return 1 end }

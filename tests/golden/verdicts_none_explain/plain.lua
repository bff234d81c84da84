criterion { id = "a", weight = 3, evaluate = function(p) return 1 end }
criterion { id = "b", weight = 1, evaluate = function(p) return 0 end }

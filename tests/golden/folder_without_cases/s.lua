criterion { id = "a", evaluate = function(p) return 1 end }

criterion { id = "one", evaluate = function(p) return 1 end }

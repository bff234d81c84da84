criterion { id = "c", evaluate = function(p) return 0.5 end }

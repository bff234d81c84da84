criterion { id = "c", evaluate = function(p) return 1 end }

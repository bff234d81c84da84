criterion { id = "c", evaluate = function(p) return 0 end }

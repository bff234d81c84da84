-- First ]0;owned line
criterion { id = 'x', evaluate = function(p) return 1 end }

criterion { id = 'yes', evaluate = function(p) return true, 'it is so' end }
criterion { id = 'no', evaluate = function(p) return false end }
criterion { id = 'half', evaluate = function(p) return 0.5 end }

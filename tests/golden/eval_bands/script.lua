local B = { { 'present', at_least = 0.75 }, { 'partial', at_least = 0.25 }, { 'absent' } }
criterion { id = 'hi', bands = B, evaluate = function(p) return 0.8 end }
criterion { id = 'edge', bands = B, evaluate = function(p) return 0.75 end }
criterion { id = 'mid', bands = B, evaluate = function(p) return 0.5 end }
criterion { id = 'low', bands = B, evaluate = function(p) return 0.1 end }
criterion { id = 'na', bands = B, evaluate = function(p) return nil end }
criterion { id = 'err', bands = B, evaluate = function(p) error('x') end }
criterion { id = 'first', bands = { { 'a', at_least = 0.2 }, { 'b', at_least = 0.5 } },
  evaluate = function(p) return 0.6 end }
criterion { id = 'gap', bands = { { 'a', at_least = 0.9 } },
  evaluate = function(p) return 0.6 end }
criterion { id = 'slack', bands = { { 'over', at_least = 0.3 }, { 'under' } },
  evaluate = function(p) return 0.7 - 0.4 end }
criterion { id = 'below', bands = { { 'over', at_least = 0.3 }, { 'under' } },
  evaluate = function(p) return 0.2999 end }
criterion { id = 'plain', evaluate = function(p) return 1 end }

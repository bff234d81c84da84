local S = { p1 = { 0.25, 1 }, p2 = { 0, 1 }, p3 = { 1/16, 1 } }
criterion { id = 'a', evaluate = function(p) return S[p.id][1] end }
criterion { id = 'b', weight = 1, evaluate = function(p) return S[p.id][2] end }
criterion { id = 'c', weight = 2, evaluate = function(p) return nil end }
weighting { aggregate = 'geometric' }

local S = { p1 = { 0.9, 0.3, 0.6 }, p2 = { 0.9, nil, 0.95 },
            p3 = { nil, nil, nil } }
criterion { id = 'a', evaluate = function(p) return S[p.id][1] end }
criterion { id = 'b', weight = 5, evaluate = function(p) return S[p.id][2] end }
criterion { id = 'c', weight = 2, evaluate = function(p) return S[p.id][3] end }
weighting { aggregate = 'minimum' }

criterion { id = 'a', weight = 1, evaluate = function(p) return 1 end }
criterion { id = 'b', weight = 1, evaluate = function(p)
  if p.id == 'p2' then return nil end return 1 end }
criterion { id = 'c', weight = 2, evaluate = function(p)
  if p.id == 'p3' then return 1 end return nil end }
weighting { verdicts = { { 'thin', coverage_below = 0.5 }, { 'ok' } } }

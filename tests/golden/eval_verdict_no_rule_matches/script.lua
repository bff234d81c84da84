criterion { id = 'a', evaluate = function(p)
  if p.id == 'p1' then return 0.5 end return nil end }
weighting { verdicts = { { 'strong', at_least = 0.9 },
  { 'odd', when = function(p, r) return false end } } }

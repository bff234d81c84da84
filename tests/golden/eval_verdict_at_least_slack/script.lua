criterion { id = 'a', weight = 0.1, evaluate = function(p) return 0.25 end }
criterion { id = 'b', weight = 0.2, evaluate = function(p)
  return p.id == 'p1' and 1 or 0.9999 end }
weighting { verdicts = {
  { 'strong', at_least = 0.25 * 3 },
  { 'partial', at_least = 0.5 },
  { 'weak' } } }

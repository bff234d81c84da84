criterion { id = 'a', evaluate = function(p) return 0.9 end }
weighting { verdicts = { { 'first', at_least = 0.5 },
  { 'second', at_least = 0.8 }, { 'last' } } }

local kept
criterion { id = 'finds', evaluate = function(p)
  kept = p:indicator('A') return 1 end }
criterion { id = 'uses', evaluate = function(p)
  return kept.value == 'present' end }

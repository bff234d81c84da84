criterion { id = 'set_id', evaluate = function(p) p.id = 'x' return 1 end }
criterion { id = 'set_any', evaluate = function(p) p.anything = 1 return 1 end }
criterion { id = 'set_value', evaluate = function(p)
  p:indicator('A').value = 1 return 1 end }
criterion { id = 'ind_field', evaluate = function(p)
  return p:indicator('A').colour end }
criterion { id = 'after', evaluate = function(p)
  return p.id == 'p1' and p:value('A') == 'present' end }

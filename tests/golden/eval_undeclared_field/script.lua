criterion { id = 'direct', evaluate = function(p)
  return p.country == 'KE' end }
criterion { id = 'by_field', evaluate = function(p)
  return p:field('country') == 'KE' end }

criterion { id = 'nul', evaluate = function(p)
  return p:value('A\0zz') == nil end }
criterion { id = 'index', evaluate = function(p)
  return 1, tostring(p:field('sector.01')) .. ','
    .. tostring(p:field('sector.+1')) .. ','
    .. tostring(p:field('sector. 1')) .. ','
    .. tostring(p:field('sector.1')) .. ','
    .. tostring(p:field('sector.3')) end }

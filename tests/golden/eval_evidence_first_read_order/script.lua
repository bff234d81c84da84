criterion { id = 'reads', evaluate = function(p)
  local b = p:value('B')
  local a = p:value('A')
  local ia = p:indicator('A')
  local z = p:value('Z')
  local z2 = p:has('Z')
  local c = p:field('target_group.clustered')
  local c2 = p:field('target_group.clustered')
  local h = p:has('C')
  local s = p:field('sector.2')
  local b2 = p:value('B')
  return 1
end }
criterion { id = 'only_a', evaluate = function(p)
  return p:has('A') end }
criterion { id = 'none', evaluate = function(p) return 0.5 end }
criterion { id = 'fails', evaluate = function(p)
  local n = p:value('N')
  error('after reading N')
end }

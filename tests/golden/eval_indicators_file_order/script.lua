criterion { id = 'all', evaluate = function(p)
  local seen = {}
  for id, ind in p:indicators() do
    seen[#seen + 1] = id .. '=' .. tostring(ind.value)
  end
  return 1, table.concat(seen, ' ')
end }
criterion { id = 'first_two', evaluate = function(p)
  local n = 0
  for id in p:indicators() do
    n = n + 1
    if n == 2 then break end
  end
  return 1
end }

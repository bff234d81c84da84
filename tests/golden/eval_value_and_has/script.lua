criterion { id = 'values', evaluate = function(p)
  local got = {}
  local function put(x) got[#got + 1] = tostring(x) end
  put(p:value('C')) put(p:value('D')) put(p:value('Z'))
  put(math.type(p:value('N'))) put(math.type(p:value('B')))
  put(type(p:value('T'))) put(p:value('T'))
  put(p:value('A')) put(p:value('S'))
  put(p:has('A')) put(p:has('B')) put(p:has('C')) put(p:has('D'))
  put(p:has('Z'))
  return p:value('B') / 100, table.concat(got, ',')
end }

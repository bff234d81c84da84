criterion { id = 'obj', evaluate = function(p)
  local got = {}
  local function put(x) got[#got + 1] = tostring(x) end
  local a = p:indicator('A')
  put(a.id) put(a.value) put(a.status) put(a.unit) put(a.evidence)
  put(a.source.id) put(a.source.citation) put(a.locator)
  put(a.confidence)
  local c = p:indicator('C')
  put(c.status) put(c.value) put(c.source) put(c.unit)
  put(p:indicator('D').status) put(p:indicator('D').value)
  put(p:indicator('Z'))
  put(p:indicator('N').value + 1)
  put(p.id) put(p.name) put(p:field('country'))
  put(p:field('no.such.path'))
  return 1, table.concat(got, ',')
end }

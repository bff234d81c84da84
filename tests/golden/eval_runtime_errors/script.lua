criterion { id = 'ok', evaluate = function(p) return 0.5 end }
criterion { id = 'boom', evaluate = function(p)
  error('boom on line three')
end }
criterion { id = 'arith', evaluate = function(p)
  local x
  return x + 1
end }
criterion { id = 'obj', evaluate = function(p) error({}) end }
criterion { id = 'after', evaluate = function(p) return 1 end }

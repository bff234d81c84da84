criterion { id = 'a', evaluate = function(p) return 0.5 end }
criterion { id = 'b', weight = 2, evaluate = function(p) return 0.4 end }
criterion { id = 'c', evaluate = function(p) return nil end }
weighting { aggregate = function(r, p)
  if #r ~= 3 or r[1].id ~= 'a' or r[2].id ~= 'b' or r.b.weight ~= 2 then
    return 0
  end
  if r.a.status ~= 'scored' or r.c.status ~= 'not_assessable' or r.c.score ~= nil then
    return 0
  end
  return r.a.score * r[2].score
end }

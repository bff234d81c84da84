criterion { id = 'a', evaluate = function(p) return 0.5 end }
weighting {
  aggregate = function(r, p)
    if p.id == 'p1' then return 2 end
    if p.id == 'p2' then return '0.5' end
    return r.a.score
  end,
  verdicts = { { 'any' } },
}

criterion { id = 'a', weight = 1, evaluate = function(p) return 0.6 end }
criterion { id = 'b', weight = 3, evaluate = function(p) return 0.2 end }
criterion { id = 'c', weight = 1, evaluate = function(p) return nil end }
weighting { verdicts = {
  { 'seen', when = function(p, r)
      return p.id == 'p1'
        and math.abs(r.score - 0.3) < 1e-12
        and math.abs(r.coverage - 0.8) < 1e-12
        and r.criteria.a.score == 0.6
        and r.criteria['b'].score == 0.2
        and r.criteria.c.score == nil
        and r.criteria.c.status == 'not_assessable'
        and r.criteria[2].id == 'b'
    end },
  { 'not_seen' },
} }

criterion { id = 'a', evaluate = function(p) return 0.5 end }
weighting { aggregate = function(r) error('agg failed') end }

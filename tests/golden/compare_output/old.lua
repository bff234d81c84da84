local B = { { 'high', at_least = 0.5 }, { 'low' } }
criterion { id = 'a', weight = 1, bands = B, evaluate = function(p) return p:value('A') end }
criterion { id = 'b', weight = 1, evaluate = function(p) return p:value('B') end }
weighting { verdicts = { { 'good', at_least = 0.5 }, { 'poor' } } }

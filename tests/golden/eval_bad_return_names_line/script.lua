criterion { id = 'ok', evaluate = function(p) return 0.8 end }
criterion { id = 'nan', evaluate = function(p)
    if p.id == 'p1' then return 0/0 end
    return 0.4
  end }
criterion { id = 'big', evaluate = function(p) if p.id == 'p1' then return 1.5 end return 0.4 end }
criterion { id = 'neg', evaluate = function(p) if p.id == 'p1' then return -0.1 end return 0.4 end }
criterion { id = 'tbl', evaluate = function(p) if p.id == 'p1' then return {} end return 0.4 end }
criterion { id = 'str', evaluate = function(p) if p.id == 'p1' then return '0.5' end return 0.4 end }
criterion { id = 'inf', evaluate = function(p) if p.id == 'p1' then return math.huge end return 0.4 end }

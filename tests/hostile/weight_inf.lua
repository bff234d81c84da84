-- A weight of math.huge: refused at load, at the key (6:25).
-- expect-exit: 3
-- expect-stderr: ^assay: weight_inf\.lua:6:25: .*'?weight'?.*finite

criterion { id = "ok", weight = 1, evaluate = function(p) return 1 end }
criterion { id = "bad", weight = math.huge, evaluate = function(p) return 1 end }

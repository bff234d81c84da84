-- A weight of -1: refused at load, at the key (6:25).
-- expect-exit: 3
-- expect-stderr: ^assay: weight_negative\.lua:6:25: .*'?weight'?.*between 0 and 1e9

criterion { id = "ok", weight = 1, evaluate = function(p) return 1 end }
criterion { id = "bad", weight = -1, evaluate = function(p) return 1 end }

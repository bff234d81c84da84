-- A weight of NaN: refused at load, at the key (6:25; exit 3).
-- expect-exit: 3
-- expect-stderr: ^assay: weight_nan\.lua:6:25: .*'?weight'?.*finite

criterion { id = "ok", weight = 1, evaluate = function(p) return 1 end }
criterion { id = "bad", weight = 0/0, evaluate = function(p) return 1 end }

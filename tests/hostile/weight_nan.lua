-- A weight of NaN: refused when the script loads, with its line (exit 3).
-- expect-exit: 3
-- expect-stderr: ^assay: weight_nan\.lua:6: .*'?weight'?.*finite

criterion { id = "ok", weight = 1, evaluate = function(p) return 1 end }
criterion { id = "bad", weight = 0/0, evaluate = function(p) return 1 end }

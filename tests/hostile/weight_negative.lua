-- A weight of -1: refused when the script loads, with its line.
-- expect-exit: 3
-- expect-stderr: ^assay: weight_negative\.lua:6: .*'?weight'?.*between 0 and 1e9

criterion { id = "ok", weight = 1, evaluate = function(p) return 1 end }
criterion { id = "bad", weight = -1, evaluate = function(p) return 1 end }

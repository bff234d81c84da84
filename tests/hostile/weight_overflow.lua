-- Found by fuzzing: two finite weights whose sum overflows to infinity
-- (1e308 + 1e308) made the coverage NaN and the score 0. Weights are held
-- to [0, 1e9], so no sum of them can overflow: refused at load, at the
-- key (line 9, column 25).
-- expect-exit: 3
-- expect-stderr: ^assay: weight_overflow\.lua:9:25: criterion 'big': 'weight' must be between 0 and 1e9$

criterion { id = "a", weight = 1, evaluate = function(p) return 1 end }
criterion { id = "big", weight = 1e308, evaluate = function(p) return 0 end }

-- A misspelt key in a declaration: the load stops at line 5, where the
-- criterion{} call is.

criterion { id = "ok", evaluate = function(p) return 1 end }
criterion { id = "x", wieght = 2, evaluate = function(p) return 1 end }

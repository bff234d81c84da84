-- Every criterion on one line, so the line of each is certain.
criterion { id = "big", evaluate = function(p) return 1.5 end }
criterion { id = "nan", evaluate = function(p) return 0/0 end }
criterion { id = "negative", evaluate = function(p) return -0.1 end }
criterion { id = "tbl", evaluate = function(p) return {} end }
criterion { id = "str", evaluate = function(p) return "0.5" end }
criterion { id = "notetbl", evaluate = function(p) return 0.5, {} end }
criterion { id = "writes", evaluate = function(p) p.score = 1 return 1 end }
criterion { id = "io", evaluate = function(p) return io.open("/etc/passwd") end }
criterion { id = "os", evaluate = function(p) return os.time() end }
criterion { id = "no", evaluate = function(p) return false end }
criterion { id = "yes", evaluate = function(p) return true, "fine" end }
weighting { verdicts = { { "thin", coverage_below = 0.5 }, { "ok" } } }

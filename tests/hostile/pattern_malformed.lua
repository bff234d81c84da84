-- Malformed and over-deep patterns: unclosed set, too many captures, a
-- 500-deep chain of optional items, %b without arguments. Each is an
-- error (or a limit) with the line of its call, never a crash.
-- expect-exit: 1
-- expect-status: set=error captures=error deep=error|limit balance=error ok=scored
-- expect-error: set ^pattern_malformed\.lua:13: .*malformed pattern
-- expect-error: captures ^pattern_malformed\.lua:14: .*too many captures
-- expect-error: deep pattern_malformed\.lua:15\b
-- expect-error: balance ^pattern_malformed\.lua:16: .*%b
-- expect-score: beta: ok=0.5

local a500 = ("a"):rep(500)
criterion { id = "set", evaluate = function(p) return ("abc"):find("[a") end }
criterion { id = "captures", evaluate = function(p) return ("abc"):find(("()"):rep(40)) end }
criterion { id = "deep", evaluate = function(p) return a500:match(("a?"):rep(500) .. a500) ~= nil end }
criterion { id = "balance", evaluate = function(p) return ("abc"):find("%b") end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- Scores that are not scores: NaN, infinities, 1.5, the largest integer,
-- a string, a table, a function. Each is an error naming the script line;
-- -0.0 is a valid 0.
-- expect-exit: 1
-- expect-status: nan=error inf=error ninf=error over=error maxint=error str=error tbl=error fn=error negzero=scored ok=scored
-- expect-error: nan ^score_bad\.lua:15:.*[Nn]a[Nn]
-- expect-error: inf ^score_bad\.lua:16:.*(inf|huge)
-- expect-error: ninf ^score_bad\.lua:17:.*-(inf|huge)
-- expect-error: over ^score_bad\.lua:18:.*1\.5
-- expect-error: maxint ^score_bad\.lua:19:
-- expect-error: str ^score_bad\.lua:20:.*string
-- expect-error: tbl ^score_bad\.lua:21:.*table
-- expect-error: fn ^score_bad\.lua:22:.*function
-- expect-score: negzero=0
criterion { id = "nan", evaluate = function(p) return 0/0 end }
criterion { id = "inf", evaluate = function(p) return math.huge end }
criterion { id = "ninf", evaluate = function(p) return -math.huge end }
criterion { id = "over", evaluate = function(p) return 1.5 end }
criterion { id = "maxint", evaluate = function(p) return math.maxinteger end }
criterion { id = "str", evaluate = function(p) return "1" end }
criterion { id = "tbl", evaluate = function(p) return setmetatable({}, { __tostring = function() while true do end end }) end }
criterion { id = "fn", evaluate = function(p) return type end }
criterion { id = "negzero", evaluate = function(p) return -0.0 end }
criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- A script of exactly 262,144 bytes (256 KiB, the limit) is accepted. Line
-- 10 (101 bytes) is repeated 2,500 times and the empty line 11 makes up
-- the rest; see repeat-line.
-- expect-exit: 0
-- expect-status: ok=scored
-- expect-score: alpha: ok=1
-- repeat-line: 10 2500
-- repeat-line: 11 9233
criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }
-- xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx


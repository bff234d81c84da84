-- Work no instruction counts: comparing two equal strings of 16 MB is one
-- VM instruction (strcoll over the whole string), and makes nothing. The
-- time limit stops it: once a state holds a string of a megabyte or more,
-- the hook reads the clock every 16 instructions instead of every 1,000,
-- so the call ends within a few comparisons (milliseconds) of its second.
-- Only alpha spins; it pays about one second, beta nothing: the whole run
-- takes 1.00 s here, against 1.72 s when the hook read the clock only
-- every 1,000 instructions (500 comparisons).
-- expect-exit: 1
-- expect-status: alpha: spin=limit ok=scored
-- expect-status: beta: spin=scored ok=scored
-- expect-error: alpha: spin ^time limit: the call ran for more than \d+ ms \(at time_rep_loop\.lua:17\)$
-- expect-score: beta: ok=0.5
-- max-seconds: 1.4

criterion { id = "spin", evaluate = function(p) if p.id ~= "alpha" then return 1 end
  local a, b = ("x"):rep(16000000), ("x"):rep(16000000) while a <= b do end
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- A loop that allocates a megabyte per iteration and drops it: few
-- instructions, much work. The time limit stops it; the garbage must not
-- be mistaken for a memory bomb.
-- expect-exit: 1
-- expect-status: spin=limit ok=scored
-- expect-error: spin ^time limit: the call ran for more than \d+ ms \(at time_rep_loop\.lua:11\)$
-- expect-score: beta: ok=0.5
-- max-seconds: 6

criterion { id = "spin", evaluate = function(p)
  while true do local s = ("x"):rep(1000000) end
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

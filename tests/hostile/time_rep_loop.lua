-- A loop that drops a fresh megabyte per iteration: few instructions, much
-- work. The time limit stops it, not the memory limit. Only alpha spins.
-- expect-exit: 1
-- expect-status: alpha: spin=limit ok=scored
-- expect-status: beta: spin=scored ok=scored
-- expect-error: alpha: spin ^time limit: the call ran for more than \d+ ms \(at time_rep_loop\.lua:11\)$
-- expect-score: beta: ok=0.5
-- max-seconds: 6

criterion { id = "spin", evaluate = function(p) if p.id ~= "alpha" then return 1 end
  while true do local s = ("x"):rep(1000000) end
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

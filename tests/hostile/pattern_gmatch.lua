-- gmatch with the catastrophic pattern: the first step of the iteration
-- hits the pattern limit, at the line of the for.
-- expect-exit: 1
-- expect-status: gmatch=limit ok=scored
-- expect-error: gmatch ^pattern limit: .* \(at pattern_gmatch\.lua:11\)$
-- expect-score: beta: ok=0.5
-- max-seconds: 10

criterion { id = "gmatch", evaluate = function(p)
  local n = 0
  for w in ("a"):rep(60):gmatch(("a-"):rep(30) .. "b") do n = n + 1 end
  return n == 0
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

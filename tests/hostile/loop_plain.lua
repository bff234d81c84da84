-- An endless loop in evaluate: the instruction limit stops it at its line,
-- and the next criterion and the next project run as if it were not there.
-- expect-exit: 1
-- expect-status: loop=limit ok=scored
-- expect-error: loop ^instruction limit: more than 10000000 Lua instructions in one call \(at loop_plain\.lua:12\)$
-- expect-score: alpha: ok=1
-- expect-score: beta: ok=0.5
-- max-seconds: 10

criterion { id = "loop", evaluate = function(p)
  local n = 0
  while true do n = n + 1 end
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- The classic catastrophic pattern: 30 lazy repetitions against 60 a's
-- with no b. Lua's matcher would take centuries, in C, where no hook can
-- see it; the pattern limit stops it at the line of the call.
-- expect-exit: 1
-- expect-status: find=limit ok=scored
-- expect-error: find ^pattern limit: matching took more than 10000000 steps \(at pattern_find\.lua:11\)$
-- expect-score: beta: ok=0.5
-- max-seconds: 10

criterion { id = "find", evaluate = function(p)
  return ("a"):rep(60):find(("a-"):rep(30) .. "b") ~= nil
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

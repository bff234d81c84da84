-- A loop of pattern matches each well inside the pattern limit (a few
-- million steps, some milliseconds) but a few Lua instructions apart: the
-- 1 s time limit must still stop each call in about a second, not after
-- the thousand instructions between two checks of the clock.
-- expect-exit: 1
-- expect-status: spin=limit ok=scored
-- expect-error: spin ^time limit: the call ran for more than \d+ ms \(at time_pattern_loop\.lua:13\)$
-- expect-score: beta: ok=0.5
-- max-seconds: 5

local s, find = ("a"):rep(3000), string.find
criterion { id = "spin", evaluate = function(p)
  while true do find(s, ".-b") end
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

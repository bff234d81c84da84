-- A loop of pattern matches each well inside the pattern limit (a few
-- million steps, some ms) but few Lua instructions apart: the time limit
-- stops the call in about a second, not minutes. Only alpha spins.
-- expect-exit: 1
-- expect-status: alpha: spin=limit ok=scored
-- expect-status: beta: spin=scored ok=scored
-- expect-error: alpha: spin ^time limit: the call ran for more than \d+ ms \(at time_pattern_loop\.lua:13\)$
-- expect-score: beta: ok=0.5
-- max-seconds: 5

local s, find = ("a"):rep(3000), string.find
criterion { id = "spin", evaluate = function(p) if p.id ~= "alpha" then return 1 end
  while true do find(s, ".-b") end
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

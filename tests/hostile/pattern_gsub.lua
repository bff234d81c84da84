-- gsub with a backtracking pattern over a long subject (quadratic per
-- position, cubic in all), and with a subject-sized replacement table
-- lookup: the pattern limit stops it at the line of the call.
-- expect-exit: 1
-- expect-status: gsub=limit ok=scored
-- expect-error: gsub ^pattern limit: .* \(at pattern_gsub\.lua:12\)$
-- expect-score: beta: ok=0.5
-- max-seconds: 10

criterion { id = "gsub", evaluate = function(p)
  local s = ("a"):rep(100000)
  local out, n = s:gsub("a-a-a-b", "")
  return n == 0
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- string.match with exponential backtracking (40 optional a's, then 40
-- a's, against 40 a's and a b), and the same through a capture: the
-- pattern limit, at the line of each call.
-- expect-exit: 1
-- expect-status: match=limit capture=limit ok=scored
-- expect-error: match ^pattern limit: .* \(at pattern_match\.lua:12\)$
-- expect-error: capture ^pattern limit: .* \(at pattern_match\.lua:13\)$
-- expect-score: beta: ok=0.5
-- max-seconds: 10

local s = ("a"):rep(40) .. "b"
criterion { id = "match", evaluate = function(p) return s:match(("a?"):rep(40) .. ("a"):rep(40) .. "$") ~= nil end }
criterion { id = "capture", evaluate = function(p) return s:match("(" .. ("a*"):rep(40) .. ")c") ~= nil end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- table.concat of a hundred copies of a 1 MB string: small to hold, 100 MB
-- to join. The memory limit stops it inside table.concat, at the line of
-- the call; the same with a 1 MB separator.
-- expect-exit: 1
-- expect-status: concat=limit sep=limit ok=scored
-- expect-error: concat ^memory limit: .* \(at mem_concat\.lua:14\)$
-- expect-error: sep ^memory limit: .* \(at mem_concat\.lua:18\)$
-- expect-score: beta: ok=0.5

criterion { id = "concat", evaluate = function(p)
  local piece, t = ("x"):rep(1000000), {}
  for i = 1, 100 do t[i] = piece end
  local n = 0
  n = #table.concat(t)
  return n > 0
end }
criterion { id = "sep", evaluate = function(p)
  return #table.concat({ "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "/", "=", "?", "!" }, ("s"):rep(1000000)) > 0
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- No false alarm: the pattern limit is per call (per gmatch step), so
-- many cheap matches that add up to more than ten million steps are fine,
-- as are linear scans of a megabyte. Every criterion scores 1.
-- expect-exit: 0
-- expect-status: many=scored long=scored words=scored spaces=scored
-- expect-score: many=1 long=1 words=1 spaces=1
-- max-seconds: 10

local s = ("a"):rep(3000)
criterion { id = "many", evaluate = function(p)
  local hits = 0
  for i = 1, 5000 do if s:find("b") == nil then hits = hits + 1 end end
  return hits == 5000
end }
criterion { id = "long", evaluate = function(p) return ("x"):rep(1000000):find("y") == nil end }
criterion { id = "words", evaluate = function(p)
  local n = 0
  for w in ("word "):rep(100000):gmatch("%a+") do n = n + 1 end
  return n == 100000
end }
criterion { id = "spaces", evaluate = function(p)
  local out, n = ("a b "):rep(50000):gsub("%s+", "_")
  return n == 100000 and #out == 200000
end }

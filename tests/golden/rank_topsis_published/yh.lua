-- Two benefit attributes weighted 5 : 2 (0.714 and 0.286), the scores
-- being the published figures divided by 20.
local function read(id)
  return function(p) return p:value(id) end
end
criterion { id = "P", title = "P", weight = 5, evaluate = read("P") }
criterion { id = "L", title = "L", weight = 2, evaluate = read("L") }
weighting { aggregate = "weighted_mean" }

-- The script's top level returns a table (whose metamethods loop, should
-- anything look at it). A returned value means nothing to assay: it is
-- ignored, and the criteria declared are evaluated.
-- expect-exit: 0
-- expect-status: ok=scored
-- expect-score: alpha: ok=1
-- expect-score: beta: ok=0.5

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

local function spin() while true do end end
return setmetatable({ criteria = { { id = "fake" } } },
  { __index = spin, __len = spin, __pairs = spin, __tostring = spin })

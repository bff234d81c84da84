-- Endless loops in Lua functions that C library functions call back:
-- gsub's replacement function and table, table.sort's comparator, and
-- the __index that table.concat and ipairs go through.
-- expect-exit: 1
-- expect-status: gsub=limit sort=limit gsubtable=limit concat=limit ipairs=limit ok=scored
-- expect-error: gsub ^instruction limit: .* \(at loop_callbacks\.lua:13\)$
-- expect-error: sort ^instruction limit: .* \(at loop_callbacks\.lua:15\)$
-- expect-error: gsubtable ^instruction limit: .* \(at loop_callbacks\.lua:13\)$
-- expect-error: concat ^instruction limit: .* \(at loop_callbacks\.lua:13\)$
-- expect-error: ipairs ^instruction limit: .* \(at loop_callbacks\.lua:13\)$
-- expect-score: alpha: ok=1

local function spin() while true do end end
criterion { id = "gsub", evaluate = function(p) return ("xyz"):gsub("%w", function(c) spin() end) end }
criterion { id = "sort", evaluate = function(p) table.sort({ 3, 1, 2 }, function(a, b) while true do end end) return 1 end }
criterion { id = "gsubtable", evaluate = function(p) return 1, ("xyz"):gsub("%w", setmetatable({}, { __index = spin })) end }
criterion { id = "concat", evaluate = function(p) return 1, table.concat(setmetatable({}, { __index = spin }), "", 1, 3) end }
criterion { id = "ipairs", evaluate = function(p) for i, v in ipairs(setmetatable({}, { __index = spin })) do end return 1 end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

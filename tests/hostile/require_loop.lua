-- A module that loops while it loads, required from evaluate: the limit
-- names the module's own file and line.
-- expect-exit: 1
-- expect-status: spin=limit ok=scored
-- expect-error: spin ^instruction limit: .* \(at (\./)?mods/spin\.lua:3\)$
-- expect-score: beta: ok=0.5

criterion { id = "spin", evaluate = function(p) return require("mods.spin") ~= nil end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- Modules that require each other: an error that says so, not endless
-- recursion; a second require after the failure fails the same way.
-- expect-exit: 1
-- expect-status: cycle=error again=error ok=scored
-- expect-error: cycle requires itself
-- expect-error: again requires itself
-- expect-score: beta: ok=0.5

criterion { id = "cycle", evaluate = function(p) return require("mods.cycle_a") ~= nil end }
criterion { id = "again", evaluate = function(p) return require("mods.cycle_a") ~= nil end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- table.move of nothing into nothing, a trillion times: a C loop that
-- neither allocates nor runs a Lua instruction, so neither the memory
-- limit nor the count hook sees it. Nothing a script does may hang the
-- engine (docs/scripts.md, "The sandbox"): the call must end, as a limit or an error.
-- expect-exit: 1
-- expect-status: move=limit|error ok=scored
-- expect-error: move table_move\.lua:11\b
-- expect-score: beta: ok=0.5
-- max-seconds: 6

criterion { id = "move", evaluate = function(p) table.move({}, 1, 1e12, 1) return 1 end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

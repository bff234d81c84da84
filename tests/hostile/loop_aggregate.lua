-- An endless loop in an aggregate function: the project carries the limit
-- as its error; the criteria keep their scores.
-- expect-exit: 1
-- expect-status: ok=scored
-- expect-score: beta: ok=0.5
-- expect-error: (project) instruction limit: .* \(at loop_aggregate\.lua:12\)

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

weighting {
  aggregate = function(results, p)
    while true do end
  end,
}

-- An endless loop in a verdict rule's when(): the project carries the
-- limit as its error (no verdict); the criteria keep their scores, and the
-- next project is evaluated on a rebuilt state.
-- expect-exit: 1
-- expect-status: ok=scored
-- expect-score: alpha: ok=1
-- expect-score: beta: ok=0.5
-- expect-error: (project) instruction limit: .* \(at loop_verdict\.lua:15\)

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

weighting {
  verdicts = {
    { "spin", when = function(p, r)
      while true do end
    end },
    { "fine" },
  },
}

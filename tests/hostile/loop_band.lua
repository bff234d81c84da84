-- An endless loop in a band's when(): the criterion is `limit` and names
-- the line; the criterion after it is labelled as usual.
-- expect-exit: 1
-- expect-status: banded=limit ok=scored
-- expect-error: banded instruction limit: .* \(at loop_band\.lua:10\)
-- expect-score: alpha: ok=1

criterion { id = "banded", evaluate = function(p) return 0.5 end,
  bands = { { "spin", when = function(p, r)
    while true do end
  end }, { "other" } } }

criterion { id = "ok", bands = { { "high", at_least = 0.75 }, { "low" } },
  evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

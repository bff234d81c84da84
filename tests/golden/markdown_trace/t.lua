-- trace() under a criterion and under the weighting, in a markdown report.
criterion {
  id = "k",
  evaluate = function(p)
    trace("k is", p:value("K"))
    return p:value("K")
  end,
}

weighting {
  verdicts = {
    { "ok", when = function(p, info) trace("*score*", info.score) return true end },
  },
}

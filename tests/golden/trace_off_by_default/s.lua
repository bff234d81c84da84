-- without --trace, trace(...) does nothing and the report has no trace
criterion {
  id = "a",
  evaluate = function(p)
    trace("not shown", {})
    return 0.5
  end,
}

weighting { verdicts = { { "v", when = function(p) trace("nor this") return true end } } }

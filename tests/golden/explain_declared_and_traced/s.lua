criterion {
  id = "demand",
  title = "Demand orientation",
  description = "The project starts from a market channel and follows the buyers.",
  bands = { { "present", at_least = 0.75 }, { "absent" } },
  evaluate = function(p)
    local v = p:value("DEM1")
    trace("DEM1 is", v)
    return v == "present"
  end,
}

criterion {
  id = "incentives",
  evaluate = function(p)
    local ind = p:indicator("INC1")
    return nil, "INC1: " .. ind.note
  end,
}

weighting {
  verdicts = {
    { "strong", at_least = 0.75, when = function(p, info) trace("coverage", info.coverage) return true end },
    { "weak" },
  },
}

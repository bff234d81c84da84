criterion {
  id = "demand",
  title = "Demand orientation",
  weight = 2,
  bands = { { "present", at_least = 0.75 }, { "absent" } },
  evaluate = function(p)
    local v = p:value("DEM1")
    if v == nil then return nil, "DEM1 not stated" end
    return v == "present" and 1 or 0, "DEM1 " .. v
  end,
}
criterion {
  id = "size",
  weight = 1,
  evaluate = function(p) return 0.5 end,
}
weighting {
  verdicts = {
    { "thin", coverage_below = 0.5 },
    { "strong", at_least = 0.8 },
    { "weak" },
  },
}

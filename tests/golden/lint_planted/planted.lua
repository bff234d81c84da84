-- One planted mistake of each kind that assay lint reports (see NOTES.md).
local SCALE = { present = 1, partial = 0.5, absent = 0 }

criterion {
  id = "capability",
  bands = {
    { "present", at_least = 0.75 },
    { "partial", at_least = 0.25 },
    { "absent" },
  },
  evaluate = function(p)
    local v = p:value("CAP1")
    if v == nil then return nil, "CAP1 is not stated" end
    return SCALE[v]
  end,
}

criterion {
  id = "training",
  bands = { { "yes", at_least = 0.5 }, { "full", at_least = 1 }, { "no" } },
  evaluate = function(p)
    local base = SCALE[p:value("CAP2")]
    if base == nil then return nil, "CAP2 is not stated" end
    local share = p:value("trains_local_staf")
    if share and share >= 50 then return 1 end
    return base
  end,
}

criterion {
  id = "groups",
  evaluate = function(p)
    local v = p:value("GRP1")
    if v == nil then return nil, "GRP1 is not stated" end
    return SCALE[v]
  end,
}

weighting {
  verdicts = {
    { "insufficient", coverage_below = 0.3 },
    { "strong", at_least = 0.6 },
    { "fair", at_least = 0.4 },
    { "good", at_least = 0.5 },
    { "perfect", at_least = 50 },
    { "weak" },
  },
}

-- What each criterion reads is recorded as its evidence.

criterion {
  id = "demand",
  evaluate = function(p)
    local a = p:value("DEM1")
    local b = p:value("DEM2")          -- not in the case: "missing"
    local again = p:value("DEM1")      -- read twice, listed once
    return a == "present" and 1 or 0
  end,
}

criterion {
  id = "share",
  evaluate = function(p)
    local s = p:indicator("share").value
    local clustered = p:field("target_group.clustered")
    local country = p:field("country")  -- no such field
    local tg = p:field("target_group")
    return s / 100
  end,
}

criterion {
  id = "incentives",
  evaluate = function(p)
    if not p:has("INC1") then return nil, "INC1 is not stated" end
    return 1
  end,
}

criterion {
  id = "errs",
  evaluate = function(p)
    local v = p:value("DEM1")
    error("read DEM1, then failed", 0)
  end,
}

criterion {
  id = "none",
  evaluate = function(p) return 0.5 end,
}

criterion {
  id = "all",
  evaluate = function(p)
    local n = 0
    for id, ind in p:indicators() do n = n + 1 end
    return n == 3
  end,
}

weighting {
  aggregate = "weighted_mean",
  verdicts = {
    { "out_of_scope", when = function(p) return p:field("target_group.beneficiary_is_producer") == false end },
    { "ok" },
  },
}

-- The benign script every hostile case file (NAME.yaml) is evaluated with:
-- it reads a few indicators and fields, and nothing in it misbehaves.
local ORDINAL = { present = 1, partial = 0.5, absent = 0 }

criterion {
  id = "demand",
  evaluate = function(p)
    local v = p:value("DEM1")
    if v == nil then return nil, "DEM1 not stated" end
    return ORDINAL[v] or 0, "DEM1 is " .. tostring(v)
  end,
}

criterion {
  id = "share",
  evaluate = function(p)
    local v = p:value("share")
    if type(v) ~= "number" then return nil, "no share" end
    return v / 100
  end,
}

criterion {
  id = "clustered",
  evaluate = function(p)
    local c = p:field("target_group.clustered")
    if c == nil then return nil, "not said" end
    return c == true
  end,
}

weighting {
  verdicts = {
    { "thin", coverage_below = 0.5 },
    { "good", at_least = 0.5 },
    { "poor" },
  },
}

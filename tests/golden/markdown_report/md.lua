-- A small portfolio for the Markdown report: two weighted criteria, and
-- three of weight 0 in two groups, declared between them.
local ORD = { present = 1, partial = 0.5, absent = 0 }

criterion {
  id = "reach",
  title = "Producers reached",
  group = "features",
  weight = 2,
  description = "the share of the target producers that took part",
  bands = { { "wide", at_least = 0.75 }, { "narrow" } },
  evaluate = function(p)
    local v = p:value("R1")
    if v == nil then return nil, "R1 is not stated" end
    return ORD[v], "R1 " .. v
  end,
}

criterion {
  id = "f1",
  title = "Supply push",
  group = "pitfalls",
  weight = 0,
  bands = { { "clear", at_least = 1 }, { "flagged" } },
  evaluate = function(p)
    local v = p:value("F1")
    if v == nil then return nil end
    return v == "absent"
  end,
}

criterion {
  id = "cost",
  title = "Cost recovery",
  group = "features",
  weight = 1,
  evaluate = function(p)
    local v = p:value("C1")
    if v == nil then return nil, "C1 is not stated" end
    if v > 90 then error("C1 is above 90") end
    return v / 100
  end,
}

criterion {
  id = "clustered",
  group = "context",
  weight = 0,
  evaluate = function(p)
    return p:field("target_group.clustered") == true
  end,
}

criterion {
  id = "f3",
  title = "No user involvement",
  group = "pitfalls",
  weight = 0,
  bands = { { "clear", at_least = 1 }, { "flagged" } },
  evaluate = function(p)
    local v = p:value("F3")
    if v == nil then return nil end
    return v == "absent"
  end,
}

weighting {
  verdicts = {
    { "good", at_least = 0.75 },
    { "fair", at_least = 0.4 },
    { "poor" },
  },
}

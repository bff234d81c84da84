-- Table layout: a long criterion id, a note that wraps, an error that wraps.
local ORD = { present = 1, partial = 0.5, absent = 0 }

criterion {
  id = "x",
  title = "Ordinal X",
  weight = 2,
  bands = { { "present", at_least = 0.75 }, { "partial", at_least = 0.25 }, { "absent" } },
  evaluate = function(p)
    local v = p:value("X")
    return ORD[v], "X is " .. tostring(v)
  end,
}

criterion {
  id = "y_share_of_private_output",
  weight = 1,
  evaluate = function(p)
    local y = p:value("Y")
    if y == nil then
      return nil, "the case gives no figure for the share of output sold to private buyers, so this criterion cannot be assessed"
    end
    return y / 100, ("%g%% of output goes to private buyers"):format(y)
  end,
}

criterion {
  id = "boom",
  weight = 0.5,
  evaluate = function(p)
    if p.id == "tbl_one" then
      error("this criterion fails on purpose for tbl_one so that the table shows a wrapped error line", 0)
    end
    return 0.25
  end,
}

weighting {
  aggregate = "weighted_mean",
  verdicts = {
    { "strong", at_least = 0.75 },
    { "partial", at_least = 0.5 },
    { "weak" },
  },
}

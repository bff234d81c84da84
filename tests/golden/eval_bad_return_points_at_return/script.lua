-- Each criterion returns a bad value for p1 from a return statement below
-- the line where its evaluate function starts.
local calls = 0
local function helper(x)
  return x * 10
end
criterion {
  id = "range",
  evaluate = function(p)
    local fee = p:value("FEE")
    if fee > 1 then
      return fee
    end
    return 0.5
  end,
}
criterion {
  id = "nested",
  evaluate = function(p)
    local v = helper(p:value("FEE"))
    return v, "from a helper"
  end,
}
criterion {
  id = "tail",
  evaluate = function(p)
    local x = p:value("FEE")
    return helper(x)
  end,
}
criterion {
  id = "note",
  evaluate = function(p)
    local t = { p:value("FEE") }
    return 0.5, t
  end,
}
criterion {
  id = "stateful",
  evaluate = function(p)
    calls = calls + 1
    if calls == 1 then
      return 7
    end
    return 0.5
  end,
}
weighting {
  aggregate = function(r, p)
    local sum = 0
    for _, c in ipairs(r) do
      if c.score then sum = sum + c.score end
    end
    return sum + 3
  end,
}

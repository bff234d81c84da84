-- Evaluates in a way that only the same order, ids and seeds reproduce:
-- a random note, and a project that exhausts the instruction limit so the
-- worker rebuilds its Lua state.
criterion {
  id = "a", title = "A", weight = 2,
  evaluate = function(p)
    if p.id == "p077" then while true do end end
    local v = p:value("A")
    if v == nil then return nil, "A not stated" end
    return ({ present = 1, partial = 0.5, absent = 0 })[v],
           ("draw %d"):format(math.random(1000))
  end,
}
criterion {
  id = "b", title = "B", weight = 1,
  evaluate = function(p) return (p:value("B") or 0) / 6 end,
}
weighting { aggregate = "weighted_mean",
  verdicts = { { "high", at_least = 0.6 }, { "low" } } }

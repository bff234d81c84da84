-- Every third project exhausts the instruction limit, so each worker
-- rebuilds its Lua state again and again while the calling thread is
-- still writing results made with the state before.
criterion {
  id = "x", title = "X", weight = 1,
  evaluate = function(p)
    if tonumber(p.id:sub(2)) % 3 == 0 then while true do end end
    return p:value("x")
  end,
}
weighting { aggregate = "weighted_mean",
  verdicts = { { "high", at_least = 0.5 }, { "low" } } }

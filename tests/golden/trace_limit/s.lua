-- 40 bytes of trace a call: five lines of 7, then a cut, then nothing
criterion {
  id = "many",
  evaluate = function(p)
    for i = 1, 5 do trace("line", i) end
    trace("abcé")
    trace(("x"):rep(30))
    trace("after")
    return 1
  end,
}

criterion {
  id = "fresh",
  evaluate = function(p)
    trace("a new call, a new budget")
    return 1
  end,
}

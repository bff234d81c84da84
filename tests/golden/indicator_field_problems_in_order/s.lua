-- reads one indicator: only the valid project is evaluated
criterion {
  id = "c",
  evaluate = function(p)
    return p:value("C") / 3
  end,
}

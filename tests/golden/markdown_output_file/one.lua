-- One criterion, no verdicts: the smallest report.
criterion {
  id = "k",
  title = "Kept",
  evaluate = function(p) return p:value("K") end,
}

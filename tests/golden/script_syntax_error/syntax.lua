-- A script with a syntax error on line 4.
criterion {
  id = "x",
  weight = = 1,
  evaluate = function(p) return 1 end,
}

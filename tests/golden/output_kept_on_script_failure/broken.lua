-- Does not compile: the function is never closed.
criterion {
  id = "x",
  evaluate = function(p) return 1,
}

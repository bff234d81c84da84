-- A weight out of range, on a line of its own: the load stops at the key,
-- line 7, column 3, not at line 5 where the criterion{} call starts.

criterion { id = "ok", evaluate = function(p) return 1 end }
criterion {
  id = "fees",
  weight = -1,
  evaluate = function(p) return 1 end,
  bands = {
    { "high", at_least = 0.5 },
    { "low", at_least = 1.5, when = "always" },
  },
}

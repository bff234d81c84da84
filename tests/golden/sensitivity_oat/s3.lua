-- Three criteria whose scores the case gives directly, for the
-- one-at-a-time intervals worked out by hand in NOTES.md.
local function direct(key)
  return function(p) return p:value(key) end
end
criterion { id = "a", weight = 0.5, evaluate = direct("A") }
criterion { id = "b", weight = 0.3, evaluate = direct("B") }
criterion { id = "c", weight = 0.2, evaluate = direct("C") }
weighting {
  verdicts = { { "pass", at_least = 0.5 }, { "fail" } },
}

-- Sections and sorting: criteria declared with weights of 0 and groups
-- between the weighted ones; verdict rules not in the order of their
-- standing; a score out of range, and a verdict rule that fails.
local function reads(id)
  return function(p) return p:value(id) end
end

criterion { id = "c", group = "flags", weight = 0, evaluate = reads("C") }
criterion { id = "a", group = "core", weight = 1, evaluate = reads("A") }
criterion { id = "d", weight = 0, evaluate = reads("D") }
criterion { id = "b", group = "extra", weight = 1, evaluate = reads("B") }
criterion { id = "e", group = "core", weight = 2, evaluate = reads("E") }

weighting {
  aggregate = "weighted_mean",
  verdicts = {
    { "flagged", when = function(p)
        if p.id == "c_err" then error("no verdict for c_err", 0) end
        return false
      end },
    { "unclear", coverage_below = 0.5 },
    { "top", at_least = 0.75 },
    { "fair", at_least = 0.5 },
    { "low" },
  },
}

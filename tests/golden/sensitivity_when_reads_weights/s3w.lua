-- sensitivity_oat's three criteria, with verdict rules that read the
-- weights and the score through `when` (NOTES.md): the one-at-a-time
-- intervals worked out by hand there.
local function direct(key)
  return function(p) return p:value(key) end
end
criterion { id = "a", weight = 0.5, evaluate = direct("A") }
criterion { id = "b", weight = 0.3, evaluate = direct("B") }
criterion { id = "c", weight = 0.2, evaluate = direct("C") }

-- a's weight, found by walking a's result with pairs
local function heavy_a(_, info)
  for k, v in pairs(info.criteria.a) do
    if k == "weight" and v > 0.7 then return true end
  end
  return false
end

-- a rule that reads only what the weights cannot change
local function all_scored(_, info)
  for _, c in ipairs(info.criteria) do
    if c.status ~= "scored" then return false end
  end
  return true
end

weighting {
  verdicts = {
    { "heavy", when = heavy_a },
    { "pass", when = function(_, info)
        return all_scored(_, info) and info.score >= 0.5 - 1e-9
      end },
    { "fail" },
  },
}

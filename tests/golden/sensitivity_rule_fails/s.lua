-- A verdict rule that fails only under some weights: it raises, or loops
-- until the instruction limit, once a weighs more than 1.5 (NOTES.md).
criterion { id = "a", weight = 1, evaluate = function(p) return 0.5 end }
criterion { id = "b", weight = 1, evaluate = function(p) return 1 end }
weighting {
  verdicts = {
    { "heavy", when = function(p, info)
        if info.criteria.a.weight <= 1.5 then return false end
        if p.id == "loops" then while true do end end
        if p.id == "raises" then error("a weighs " .. info.criteria.a.weight) end
        return true
      end },
    { "fine" },
  },
}

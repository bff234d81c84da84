-- csv_wide: a row per project, a column per criterion's score; a
-- criterion named like a project column; an aggregate that fails for w3.
criterion { id = "a", evaluate = function(p) return p:value("a") end }
criterion { id = "b-2", evaluate = function(p) return p:value("b") end }
criterion { id = "verdict", weight = 0, evaluate = function(p) return 1 end }
weighting {
  aggregate = function(results, p)
    if p.id == "w3" then error("no aggregate for w3") end
    return results["b-2"].score
  end,
  verdicts = { { "fine" } },
}

-- The aggregate function fails for project a only.
criterion { id = "x", evaluate = function(p) return 0.5 end }

weighting {
  aggregate = function(results, p)
    if p.id == "a" then error("aggregate fails for a", 0) end
    return results.x.score
  end,
  verdicts = { { "ok" } },
}

-- Criteria and verdict rules that fail or fall through for some projects.
criterion {
  id = "fees",
  bands = { { "high", at_least = 0.75 }, { "some", at_least = 0.25 } },
  evaluate = function(p)
    local share = p:value("fee_share")
    return share / 100
  end,
}

criterion {
  id = "capability",
  evaluate = function(p) return p:value("CAP8") == "present" end,
}

weighting {
  verdicts = {
    { "unknown", coverage_below = 0 },
    { "in_scope", when = function(p, r)
        return p:value("CAP9") == "present" and r.criteria.fees.score > 0.5
      end },
    { "out_of_scope", when = function(p) return p:value("scope_flag") == false end },
  },
}

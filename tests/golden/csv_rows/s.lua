-- csv_rows: a criterion of each kind a row shows: scored with a label and
-- a note, not assessable, in error, and a flag of weight 0.
criterion { id = "reach", title = "Reach", group = "outcome", weight = 2,
  bands = { { "high", at_least = 0.5 }, { "low" } },
  evaluate = function(p) return p:value("r"), "r read" end }
criterion { id = "cost", title = "Cost, per firm", group = "outcome",
  evaluate = function(p)
    if p.id == "c3" then error("no ledger") end
    local c = p:value("c")
    if c == nil then return nil, "c not stated" end
    return c
  end }
criterion { id = "flag", group = "pitfall", weight = 0,
  evaluate = function(p) return 1 - p:value("r") end }
weighting { verdicts = { { "good", at_least = 0.5 }, { "poor" } } }

-- A hundred criteria: too many marks to sit beside a row of the view.
for i = 1, 100 do
  criterion {
    id = "c" .. i,
    weight = 1,
    evaluate = function(p) return p:value("X") == "present" and 1 or 0 end,
  }
end

weighting { aggregate = "weighted_mean", verdicts = { { "ok" } } }

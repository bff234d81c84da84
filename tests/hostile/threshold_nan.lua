-- Thresholds that are not finite (a band's at_least of NaN, a verdict's
-- coverage_below of -inf): refused when the script loads, at the rule.
-- expect-exit: 3
-- expect-stderr: ^assay: threshold_nan\.lua:7:13: .*at_least.*finite

criterion { id = "ok", evaluate = function(p) return 1 end,
  bands = { { "high", at_least = 0/0 }, { "low" } } }
weighting { verdicts = { { "thin", coverage_below = -math.huge }, { "fine" } } }

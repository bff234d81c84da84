-- Two misspelt keys in one declaration: both are reported, in the order
-- the script writes them, each at its line and column, in one load (one
-- of them was reported, which one varying from run to run). The script
-- is rejected: exit 3, nothing evaluated.
-- expect-exit: 3
-- expect-stderr: ^assay: decl_unknown_keys\.lua:11:3: criterion: unknown keys 'titel' \(11:3\), 'wieght' \(13:3\) \(expected id, title, group, weight, evaluate, bands or description\)$

criterion {
  id = "demand",
  -- weight = 1 would be right; the two keys below are not
  titel = "Demand orientation",
  evaluate = function(p) return 1 end,
  wieght = 2,
}

-- Found by fuzzing: a NUL byte in a band label cut the label short in the
-- report. Titles, groups and labels with a NUL byte are refused at load.
-- expect-exit: 3
-- expect-stderr: ^assay: nul_label\.lua:6:33: criterion 'a': bands\[1\]: the first entry must be the label string \(without NUL bytes\)$

criterion { id = "a", bands = { { "v\0w" } },
  evaluate = function(p) return 1 end }

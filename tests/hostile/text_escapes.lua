-- Text a script declares, made to drive the terminal that shows the
-- report: a verdict label with an OSC that sets the window title (ended by
-- BEL), a clear-screen and a C1 CSI (U+009B, bytes C2 9B); a title with a
-- clear-screen; a group with a C1 CSI; a band label with DEL and a byte
-- that is not UTF-8; a note with colour, BEL and a C1 CSI. The JSON report
-- escapes all of it (\u001b, \u009b, \u007f, \ufffd); the table shows each
-- such byte as \xNN, the verdict cut to its 30 columns (never inside an
-- escape) and in full in the closing count.
-- expect-exit: 0
-- expect-projects: alpha beta
-- expect-status: c=scored
-- expect-note: c ^N\\x1B\[31m\\x07\\xC2\\x9B$
-- expect-table: ^  verdict V\\x1B\]0;owned\\x07\\x1B\[2J~  score 1\.00  coverage 100%$
-- expect-table: ^  c {24}1\.00  scored {10}1\.00  L\\x7F\\xFF$
-- expect-table: ^      N\\x1B\[31m\\x07\\xC2\\x9B$
-- expect-table: ^2 projects evaluated: 2 V\\x1B\]0;owned\\x07\\x1B\[2J\\xC2\\x9B$

criterion {
  id = "c",
  title = "t\27[2J",
  group = "g\194\1552J",
  bands = { { "L\127\255" } },
  evaluate = function(p) return 1, "N\27[31m\7\194\155" end,
}

weighting { verdicts = { { "V\27]0;owned\7\27[2J\194\155" } } }

-- Text made to drive a terminal, in what the command prints: a title,
-- a band label (DEL and FF, no UTF-8 byte), a note (colour, BEL and a C1
-- CSI, U+009B) and a verdict label (an OSC that sets the window title,
-- ended by BEL, a clear-screen and a C1 CSI).
criterion {
  id = "c",
  title = "t\27[2J",
  bands = { { "L\127\255" } },
  evaluate = function(p)
    p:value("DEM1")
    return 1, "N\27[31m\7\194\155"
  end,
}
weighting { verdicts = { { "V\27]0;owned\7\27[2J\194\155" } } }

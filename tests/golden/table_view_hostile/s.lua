-- A group and a verdict that hold escape sequences: the view shows them.
criterion { id = "a", group = "g\27]0;owned\7", weight = 1,
  evaluate = function(p) return 1 end }
criterion { id = "z", group = "\27[2Jflags", weight = 0,
  evaluate = function(p) return nil end }
weighting { verdicts = { { "v\27[2J" } } }

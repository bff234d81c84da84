-- csv_hostile: text that CSV must quote, and text that a spreadsheet
-- would run as a formula.
local NOTE = "He said \"stop\", then\r\nleft;\nnext \u{2014} \u{fc}n\u{ef} \u{6771}\u{4eac}\tend"
criterion { id = "say", title = "=1+1", group = "@grp",
  bands = { { '=HYPERLINK("http://example.invalid","x")', at_least = 0.5 },
            { "-low" } },
  evaluate = function(p) return p:value("s"), NOTE end }
weighting { verdicts = { { "@risk", at_least = 0.9 }, { "+fine" } } }

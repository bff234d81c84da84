-- Text a report must show and never obey: Markdown, HTML, entities, pipes,
-- control bytes, in every place a script or a case puts text.
criterion {
  id = "_a_",
  title = "<script>alert(1)</script> | *bold* [link](http://e.com)",
  group = "features",
  description = "`code` &amp; ~~strike~~ $x$ __init__",
  bands = {
    { "<img src=x onerror=alert(1)>", at_least = 0.75 },
    { "a|b\\" },
  },
  evaluate = function(p)
    local v = p:value("A")
    return v == "present" and 1 or 0.5, "    four spaces | then --- \27[2J"
  end,
}

criterion {
  id = "flag",
  title = "1. not a list",
  group = "# heading\n- item",
  weight = 0,
  bands = { { "&lt;ok&gt;", at_least = 1 }, { "- no" } },
  evaluate = function(p)
    return p:value("A") == "present"
  end,
}

weighting {
  verdicts = {
    { "**win** & <b>", at_least = 0.75 },
    { "> lose #" },
  },
}

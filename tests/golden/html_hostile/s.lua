-- Text made to break out of HTML, in every place a script writes text the
-- HTML report shows: a title, a group, a description, band labels, a note
-- and verdict labels holding a script element, an element with an event
-- handler, a quote that would end an attribute and javascript: URLs. Two
-- criterion ids that differ only in '.' and '-' (anchors must keep them
-- apart).
criterion {
  id = "x.y-z",
  title = "<script>alert('title')</script>",
  group = "\"><img src=x onerror=alert('group')>",
  description = "</style><script>alert('description')</script>",
  weight = 1,
  bands = { { "<script>alert('label')</script>", at_least = 0.5 },
            { "javascript:alert('band')" } },
  evaluate = function(p)
    local v = p:value("DEM1")
    if v == nil then return nil, "nothing stated" end
    return v == "present" and 1 or 0,
           "<a href=\"javascript:alert('note')\">note</a> & more"
  end,
}

criterion {
  id = "x-y.z",
  title = "javascript:alert('flag title')",
  group = "'><svg onload=alert('flag')>",
  weight = 0,
  bands = { { "<img src=x onerror=alert('flag label')>" } },
  evaluate = function(p) return 1, "<iframe src=javascript:alert(1)>" end,
}

weighting {
  verdicts = {
    { "\"><svg/onload=alert('verdict')>", at_least = 0.5,
      standing = "good" },
    { "<b onmouseover=alert('low')>low</b>", standing = "bad" },
  },
}

-- Text made to break out of HTML and Markdown in every place the rank
-- reports show a script's text: criterion ids (in the criteria table and
-- an unranked project's reason), a description and verdict labels.
local function read(id)
  return function(p)
    local v = p:value(id)
    if v == nil then return nil, "no " .. id end
    return v
  end
end

criterion {
  id = "_a_", weight = 1, evaluate = read("A"),
  description = "</style><script>alert('description')</script> | *b*",
}
criterion { id = "x.y-z", weight = 1, evaluate = read("B") }

weighting {
  verdicts = {
    { "\"><svg/onload=alert('verdict')> **win**", at_least = 0.5,
      standing = "good" },
    { "<b onmouseover=alert('low')>low</b> | > lose #", standing = "bad" },
  },
}

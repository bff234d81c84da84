-- one-criterion: the cheapest script worth the name, for `make bench`
--
-- One criterion reading one indicator (CAP1, which both shapes of
-- tests/bench/gen.py write), scored on the ordinal scale. Its instructions
-- per project, beside those of `assay check` and the floor, are what any
-- script pays before its own criteria: the reading, the checking, one
-- call into Lua, one result written.

criterion {
  id = "CAP1",
  evaluate = function(p)
    local v = p:value("CAP1")
    if v == nil then return nil, "CAP1 not stated" end
    if v == "present" then return 1 end
    if v == "partial" then return 0.5 end
    return 0
  end,
}

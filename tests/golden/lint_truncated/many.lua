-- A criterion that reads 300 fields between two indicators: more than its
-- evidence list keeps (256), so CAP1, read last, is not in it.
criterion {
  id = "many",
  evaluate = function(p)
    local bonus = p:value("CAP3")
    for i = 1, 300 do p:field("f" .. i) end
    return p:value("CAP1") == "present" or bonus ~= nil
  end,
}

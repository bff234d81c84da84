-- an indicator's note reaches the JSON evidence, and the script
criterion {
  id = "notes",
  description = "Reads three indicators' notes",
  evaluate = function(p)
    local parts = {}
    for _, id in ipairs({ "A", "B", "C" }) do
      parts[#parts + 1] = id .. "=" .. tostring(p:indicator(id).note)
    end
    return 1, table.concat(parts, "; ")
  end,
}

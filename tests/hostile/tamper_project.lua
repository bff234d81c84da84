-- The project is read-only (docs/scripts.md), including what it hands out: a
-- criterion that writes to the project, an indicator, an indicator's
-- source table, a mapping field's table, or the project's metatable must
-- not change what the next criterion reads. `check` runs after all of
-- them (each in pcall, so each returns 1) and must see the file's values.
-- expect-exit: 0
-- expect-status: writes=scored check=scored
-- expect-score: writes=1 check=1

criterion { id = "writes", evaluate = function(p)
  pcall(function() p.id = "evil" end)
  pcall(function() p.name = "evil" end)
  pcall(function() p:indicator("DEM1").value = "absent" end)
  pcall(function() local s = p:indicator("DEM1").source; if s then s.id = "evil"; s.citation = "evil" end end)
  pcall(function() p:field("target_group").clustered = "evil" end)
  pcall(function() rawset(p:field("target_group"), "clustered", "evil") end)
  pcall(function() local mt = getmetatable(p); if type(mt) == "table" then mt.__index = function() return "evil" end end end)
  pcall(function() local mt = getmetatable(p:indicator("DEM1")); if type(mt) == "table" then rawset(mt, "__index", function() return "evil" end) end end)
  return 1
end }

criterion { id = "check", evaluate = function(p)
  local ind = p:indicator("DEM1")
  local src = ind.source
  local tg = p:field("target_group")
  local want = p.id == "alpha" and "present" or "partial"
  return (p.id == "alpha" or p.id == "beta") and p.name ~= "evil" and ind.value == want
    and p:value("DEM1") == want and p:field("target_group.clustered") ~= "evil"
    and type(tg) == "table" and tg.clustered ~= "evil"
    and (p.id ~= "alpha" or (src.id == "rev" and src.citation == "Review s5.3"))
end }

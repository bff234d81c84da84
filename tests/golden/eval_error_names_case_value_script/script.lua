criterion { id = "named", evaluate = function(p)
  local v, w = p:value("DEM2"), p:value("CAP1")
  error(("DEM2 is %s and CAP1 is %s: both wrong"):format(v, w))
end }
criterion { id = "unnamed", evaluate = function(p)
  local v = p:value("DEM1")
  error("the value is not a word")
end }
criterion { id = "missing", evaluate = function(p)
  local v = p:value("DEM9")
  error("DEM9 is missing")
end }
criterion { id = "part", evaluate = function(p)
  local v = p:value("CAP1")
  error("CAP10 and CAP1x are other names")
end }
criterion { id = "unread", evaluate = function(p)
  error("DEM1 was never read here")
end }
criterion { id = "where", evaluate = function(p)
  return 0.5, p:indicator("DEM2").where .. " " .. p:indicator("DEM1").where
end }

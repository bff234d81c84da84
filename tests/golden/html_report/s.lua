-- Four criteria declared out of the order the report shows them in: a
-- flag of weight 0 first, then two weighted groups interleaved. Each
-- scores one indicator: present 1, partial 0.5, absent 0; nothing stated
-- is not assessable. x fails when its indicator is absent.
local SCALE = { present = 1, partial = 0.5, absent = 0 }
local BANDS = { { "high", at_least = 0.75 }, { "mid", at_least = 0.25 },
                { "low" } }

local function reads(id)
  return function(p)
    local v = p:value(id)
    if v == nil then return nil, id .. " not stated" end
    return SCALE[v], id .. " " .. v
  end
end

criterion { id = "f", title = "A flag", group = "flags", weight = 0,
            bands = BANDS, evaluate = reads("DEM4") }
criterion { id = "a", title = "First core", group = "core", weight = 2,
            bands = BANDS, evaluate = reads("DEM1"),
            description = "what a judges" }
criterion { id = "x", title = "Extra", group = "extra", weight = 1,
            bands = BANDS,
            evaluate = function(p)
              if p:value("DEM3") == "absent" then error("x failed") end
              return reads("DEM3")(p)
            end }
criterion { id = "b", title = "Second core", group = "core", weight = 1,
            bands = BANDS, evaluate = reads("DEM2") }

weighting {
  verdicts = {
    { "good", at_least = 0.75 },
    { "fair", at_least = 0.4 },
    { "poor" },
  },
}

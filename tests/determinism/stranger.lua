-- A script as a newcomer writes one, with every habit that shows Lua's
-- internal order or addresses: weights kept by name and summed with pairs,
-- notes that join keys in the order pairs gives them, tables and functions
-- as keys, tostring and %p of tables, functions and the project, next,
-- math.randomseed() with no argument, table.sort with ties, utf8.codes,
-- trace(...) of tables and functions (run with --trace), and a verdict
-- rule that draws random numbers.
-- Everything it writes must be the same bytes on every run and under any -j,
-- and so must `assay sensitivity` with it (tests/determinism/run.py).

local WEIGHTS = {
  capability = 0.35, demand = 0.2, groups = 0.15, incentives = 0.3,
  training = 0.1, finance = 0.07, marketing = 0.11, quality = 0.13,
  equipment = 0.17, linkages = 0.19, policy = 0.23, research = 0.29,
}
local ORD = { present = 1, partial = 0.5, absent = 0 }
local IDS = {
  capability = "CAP1", demand = "DEM1", groups = "GRP1", incentives = "INC1",
  training = "CAP2", finance = "INC2", marketing = "DEM2", quality = "CAP3",
  equipment = "CAP4", linkages = "GRP2", policy = "INC3", research = "DEM3",
}

criterion {
  id = "weighted",
  title = "Weighted sum, by pairs",
  evaluate = function(p)
    local sum, total, seen = 0, 0, {}
    for name, w in pairs(WEIGHTS) do
      local v = ORD[p:value(IDS[name])]
      if v then
        sum, total = sum + w * v, total + w
        seen[#seen + 1] = name
      end
    end
    if total == 0 then return nil, "nothing stated" end
    return sum / total, string.format("%.17g from %s", sum / total,
                                      table.concat(seen, ","))
  end,
}

criterion {
  id = "objects",
  title = "Tables and functions as keys, and their names",
  evaluate = function(p)
    local groups = {}
    for name in pairs(WEIGHTS) do
      groups[{ name = name }] = function() return name end
    end
    local order = {}
    for key, fn in pairs(groups) do order[#order + 1] = key.name .. "=" .. fn() end
    local k = next(groups)
    local names = { tostring({}), tostring(math.floor), tostring(p),
                    string.format("%p|%s|%p", k, k, groups),
                    tostring(function() end) }
    for key, fn in pairs(groups) do trace(key, fn, key.name) end
    return 1, table.concat(order, " ") .. " / " .. table.concat(names, " ")
  end,
}

criterion {
  id = "dice",
  title = "Random draws after a reseed",
  evaluate = function(p)
    local a, b = math.randomseed()
    local draws = {}
    for i = 1, 5 do draws[i] = math.random(1, 1000) end
    math.randomseed(#p.name)
    draws[6] = math.random()
    return draws[1] / 1000, string.format("%s %s %s", tostring(a), tostring(b),
                                          table.concat(draws, " "))
  end,
}

criterion {
  id = "sorted",
  title = "A sort with ties, and a set of mixed keys",
  evaluate = function(p)
    local rows = {}
    for name, w in pairs(WEIGHTS) do
      rows[#rows + 1] = { name = name, w = math.floor(w * 10) }
    end
    table.sort(rows, function(x, y) return x.w > y.w end)
    local out = {}
    for _, r in ipairs(rows) do out[#out + 1] = r.name end
    local mixed = { [1] = "a", [2.5] = "b", [true] = "c", x = "d", [-3] = "e",
                    [false] = "f", y = "g", [10] = "h" }
    local ks = {}
    for k, v in pairs(mixed) do ks[#ks + 1] = tostring(k) .. v end
    local cps = {}
    for _, c in utf8.codes(p.name) do cps[#cps + 1] = c end
    return 0.5, table.concat(out, ",") .. " | " .. table.concat(ks, ",") ..
                " | " .. #cps
  end,
}

criterion {
  id = "indicators",
  title = "Whatever the project states, by pairs over its indicators",
  evaluate = function(p)
    local count, list = {}, {}
    local all = {}
    for id, ind in p:indicators() do all[id] = ind end
    for _, ind in pairs(all) do
      local s = ind.status .. "/" .. tostring(ind.confidence)
      count[s] = (count[s] or 0) + 1
    end
    for s, n in pairs(count) do list[#list + 1] = s .. ":" .. n end
    return nil, table.concat(list, " ")
  end,
}

-- A verdict rule that draws random numbers and walks the results with
-- pairs (weights included), so `assay sensitivity` asks it anew for every
-- weighting: its draws must not depend on which weighing, project or -j
-- worker came before.
local function lucky(_, info)
  local names = {}
  for id, c in pairs(info.criteria) do
    if type(id) == "string" then
      for k, v in pairs(c) do names[#names + 1] = k .. "=" .. tostring(v) end
    end
  end
  return math.random(1, 100) + #names % 7 <= 15
end

weighting {
  verdicts = {
    { "lucky", when = lucky },
    { "strong", at_least = 0.6 },
    { "mixed", at_least = 0.4 },
    { "weak" },
  },
}

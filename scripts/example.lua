-- A small example: the review's four success features, each the mean of its stated indicators
--
-- Copy this file to start a script of your own. Each criterion reads
-- indicators from the project `p` and returns a score in [0, 1] and a
-- note, or nil and a note when the case says nothing it can score.
-- assay records what each criterion read, so the report shows the
-- evidence without the script naming it.

local ORDINAL = { present = 1, partial = 0.5, absent = 0 }

-- Mean of the stated ordinal indicators among ids; nil when none is stated.
local function mean_of(p, ids)
  local sum, n, seen = 0, 0, {}
  for _, id in ipairs(ids) do
    local v = p:value(id)
    if ORDINAL[v] then
      sum, n = sum + ORDINAL[v], n + 1
      seen[#seen + 1] = id .. "=" .. v
    end
  end
  if n == 0 then
    return nil, "none of " .. table.concat(ids, ", ") .. " is stated"
  end
  return sum / n, table.concat(seen, ", ")
end

local BANDS = { { "present", at_least = 0.75 }, { "partial", at_least = 0.25 }, { "absent" } }

local features = {
  { "capability", "Internal technological capability", { "CAP1", "CAP2", "CAP3", "CAP4" } },
  { "demand", "Demand orientation", { "DEM1", "DEM2", "DEM3", "DEM4" } },
  { "groups", "Groups of clustered producers evolving into self-help", { "GRP1", "GRP2", "GRP3", "GRP4" } },
  { "incentives", "Market-based incentives that promote sustainability", { "INC1", "INC2", "INC3", "INC4" } },
}

for _, f in ipairs(features) do
  local id, title, ids = f[1], f[2], f[3]
  criterion {
    id = id,
    title = title,
    group = "success_features",
    weight = 0.25,
    bands = BANDS,
    evaluate = function(p) return mean_of(p, ids) end,
  }
end

weighting {
  aggregate = "weighted_mean",
  verdicts = {
    { "out_of_scope", when = function(p) return p:field("target_group.beneficiary_is_producer") == false end },
    { "insufficient_evidence", coverage_below = 0.5 },
    { "strong", at_least = 0.75 },
    { "partial", at_least = 0.5 },
    { "weak" },
  },
}

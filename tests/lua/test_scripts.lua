-- Tests of the stock scripts success-features and early-pitfalls (and the
-- shared pitfalls module), run by the host interpreter:
--
--   lua5.4 tests/lua/test_scripts.lua      (from the repository root)
--
-- The scripts are loaded with stand-ins for criterion{} and weighting{} and
-- evaluated here on mock projects by the rules of README "Writing
-- criteria" (bands and verdicts: first rule whose conditions all hold,
-- at_least and coverage_below with 1e-9 of slack; weighted_mean and
-- coverage as stock computes them). This checks the scripts' weights,
-- bands and verdicts against hand calculation without the engine; `assay
-- test tests/review.test.yaml` checks them through the engine on the cases.
-- Prints one line per failed check and, last, "scripts: N passed, N
-- failed"; exits non-zero when a check failed.

local root = (arg and arg[0] or ""):match("^(.*)/tests/lua/[^/]*$") or "."
package.path = root .. "/scripts/?.lua;" .. root .. "/tests/lua/?.lua;"
  .. package.path

local stock = require "stock"

local h = require "harness"
local ok, eq = h.ok, h.eq

-- Loading ----------------------------------------------------------------

local declared -- { criteria = {...}, weighting = {...} } of the script loading

function criterion(c) -- luacheck: ignore (the scripts' global)
  declared.criteria[#declared.criteria + 1] = c
end

function weighting(w) -- luacheck: ignore
  declared.weighting = w
end

local function load_script(name)
  declared = { criteria = {} }
  local chunk = assert(loadfile(root .. "/scripts/" .. name .. ".lua", "t"))
  chunk()
  local s = declared
  declared = nil
  return s
end

-- Evaluating ---------------------------------------------------------------

local SLACK = 1e-9

local function holds(rule, score, coverage, p, info)
  if rule.at_least and (score == nil or score < rule.at_least - SLACK) then
    return false
  end
  if rule.coverage_below and not (coverage < rule.coverage_below - SLACK) then
    return false
  end
  if rule.when and not rule.when(p, info) then return false end
  return true
end

local function first(rules, score, coverage, p, info)
  for _, rule in ipairs(rules or {}) do
    if holds(rule, score, coverage, p, info) then return rule[1] end
  end
end

local function evaluate(s, p)
  local results = {}
  for _, c in ipairs(s.criteria) do
    local score, note = c.evaluate(p)
    if type(score) == "boolean" then score = score and 1 or 0 end
    local r = { id = c.id, title = c.title, group = c.group,
                weight = c.weight == nil and 1 or c.weight,
                status = score == nil and "not_assessable" or "scored",
                score = score, note = note }
    if score ~= nil then
      assert(score >= 0 and score <= 1, c.id .. " out of range")
      r.label = first(c.bands, score, 1, p, r)
    end
    results[#results + 1] = r
    results[c.id] = r
  end
  assert(s.weighting.aggregate == "weighted_mean")
  local score = stock.weighted_mean(results)
  local coverage = stock.coverage(results)
  local info = { score = score, coverage = coverage, criteria = results }
  return { score = score, coverage = coverage, criteria = results,
           verdict = first(s.weighting.verdicts, score, coverage, p, info) }
end

local function project(inds, fields) return h.project(inds, fields, true) end

-- All of ids set to word, merged into t.
local function all(t, word, ids)
  for _, id in ipairs(ids) do t[id] = word end
  return t
end

local CAP = { "CAP1", "CAP2", "CAP3", "CAP4" }
local DEM = { "DEM1", "DEM2", "DEM3", "DEM4" }
local GRP = { "GRP1", "GRP2", "GRP3", "GRP4" }
local INC = { "INC1", "INC2", "INC3", "INC4" }
local FEATURE_IDS = {}
for _, l in ipairs({ CAP, DEM, GRP, INC }) do
  for _, id in ipairs(l) do FEATURE_IDS[#FEATURE_IDS + 1] = id end
end
local F = {}
for i = 1, 10 do F[i] = "F" .. i end
local PRODUCER = { target_group = { beneficiary_is_producer = true } }
local NOT_PRODUCER = { target_group = { beneficiary_is_producer = false } }

local function labels(r)
  local c = r.criteria
  return table.concat({ tostring(c.capability.label), tostring(c.demand.label),
                        tostring(c.groups.label), tostring(c.incentives.label) }, " ")
end

-- success-features: declarations ----------------------------------------

local sf = load_script("success-features")

eq("sf: 14 criteria", #sf.criteria, 14)
do
  local want = { "capability", "demand", "groups", "incentives" }
  local wsum = 0
  for i, id in ipairs(want) do
    eq("sf: criterion " .. i, sf.criteria[i].id, id)
    eq("sf: group of " .. id, sf.criteria[i].group, "success_features")
    eq("sf: bands of " .. id, sf.criteria[i].bands, stock.BANDS)
    wsum = wsum + sf.criteria[i].weight
  end
  eq("sf: weights sum to 1", wsum, 1, 1e-12)
  eq("sf: capability weighs most", sf.criteria[1].weight, 0.35)
  eq("sf: demand", sf.criteria[2].weight, 0.25)
  eq("sf: groups weighs least", sf.criteria[3].weight, 0.15)
  eq("sf: incentives", sf.criteria[4].weight, 0.25)
  for i = 5, 14 do
    local c = sf.criteria[i]
    eq("sf: pitfall " .. (i - 4) .. " id", c.id, "F" .. (i - 4))
    eq("sf: " .. c.id .. " weight 0", c.weight, 0)
    eq("sf: " .. c.id .. " group", c.group, "early_pitfalls")
  end
  eq("sf: F1 title", sf.criteria[5].title, "Supply-push delivery")
  eq("sf: 6 verdict rules", #sf.weighting.verdicts, 6)
end

-- success-features: evaluation (hand calculations) ----------------------

do -- every indicator present: each feature 1; score 1; coverage 1
  local r = evaluate(sf, project(all({}, "present", FEATURE_IDS), PRODUCER))
  eq("sf all present: score", r.score, 1)
  eq("sf all present: coverage", r.coverage, 1)
  eq("sf all present: labels", labels(r), "present present present present")
  eq("sf all present: verdict", r.verdict, "strong")
end

do -- the pitfalls change neither score nor coverage: F1-F10 present
  local r = evaluate(sf, project(all(all({}, "present", FEATURE_IDS), "present", F),
                                 PRODUCER))
  eq("sf pitfalls flagged: score", r.score, 1)
  eq("sf pitfalls flagged: coverage", r.coverage, 1)
  eq("sf pitfalls flagged: F1 label", r.criteria.F1.label, "flagged")
  eq("sf pitfalls flagged: F1 score", r.criteria.F1.score, 0)
  eq("sf pitfalls flagged: verdict", r.verdict, "strong")
end

do -- every indicator absent (the early SMIDO programmes): 0, weak
  local r = evaluate(sf, project(all({}, "absent", FEATURE_IDS), PRODUCER))
  eq("sf all absent: score", r.score, 0)
  eq("sf all absent: coverage", r.coverage, 1)
  eq("sf all absent: labels", labels(r), "absent absent absent absent")
  eq("sf all absent: verdict", r.verdict, "weak")
end

do -- demand absent, the rest present: 0.35 + 0.15 + 0.25 = 0.75, but a
   -- core feature is absent, so partial, not strong
  local t = all(all({}, "present", FEATURE_IDS), "absent", DEM)
  local r = evaluate(sf, project(t, PRODUCER))
  eq("sf no demand: score", r.score, 0.75, 1e-12)
  eq("sf no demand: verdict", r.verdict, "partial")
end

do -- incentives absent, the rest present: 0.75 likewise
  local t = all(all({}, "present", FEATURE_IDS), "absent", INC)
  local r = evaluate(sf, project(t, PRODUCER))
  eq("sf no incentives: score", r.score, 0.75, 1e-12)
  eq("sf no incentives: verdict", r.verdict, "partial")
end

do -- groups absent, the rest present: 1 - 0.15 = 0.85, strong
  local t = all(all({}, "present", FEATURE_IDS), "absent", GRP)
  local r = evaluate(sf, project(t, PRODUCER))
  eq("sf no groups: score", r.score, 0.85, 1e-12)
  eq("sf no groups: label", r.criteria.groups.label, "absent")
  eq("sf no groups: verdict", r.verdict, "strong")
end

do -- every indicator partial: 0.5 everywhere, partial
  local r = evaluate(sf, project(all({}, "partial", FEATURE_IDS), PRODUCER))
  eq("sf all partial: score", r.score, 0.5, 1e-12)
  eq("sf all partial: labels", labels(r), "partial partial partial partial")
  eq("sf all partial: verdict", r.verdict, "partial")
end

do -- capability absent, demand partial, groups absent, incentives partial:
   -- 0 + 0.25*0.5 + 0 + 0.25*0.5 = 0.25, weak
  local t = all(all(all(all({}, "absent", CAP), "partial", DEM), "absent", GRP),
                "partial", INC)
  local r = evaluate(sf, project(t, PRODUCER))
  eq("sf weak: score", r.score, 0.25, 1e-12)
  eq("sf weak: verdict", r.verdict, "weak")
end

do -- LIUP-like (the Singapore case as coded): capability CAP1, CAP3, CAP4
   -- present, CAP2 partial = 3.5/4 = 0.875; demand all present = 1;
   -- groups GRP1 partial only = 0.5; incentives INC1 present, INC2 partial
   -- (weight 1.5), INC3 present (1.5) = (1 + 0.75 + 1.5)/4 = 0.8125.
   -- Score 0.35*0.875 + 0.25*1 + 0.15*0.5 + 0.25*0.8125
   --     = 0.30625 + 0.25 + 0.075 + 0.203125 = 0.834375.
  local t = all({ CAP2 = "partial", GRP1 = "partial", INC2 = "partial" }, "present",
                { "CAP1", "CAP3", "CAP4", "DEM1", "DEM2", "DEM3", "DEM4", "INC1", "INC3" })
  local r = evaluate(sf, project(t, PRODUCER))
  eq("sf liup-like: capability", r.criteria.capability.score, 0.875, 1e-12)
  eq("sf liup-like: incentives", r.criteria.incentives.score, 0.8125, 1e-12)
  eq("sf liup-like: groups", r.criteria.groups.score, 0.5, 1e-12)
  eq("sf liup-like: labels", labels(r), "present present partial present")
  eq("sf liup-like: score", r.score, 0.834375, 1e-12)
  eq("sf liup-like: coverage", r.coverage, 1, 1e-12)
  eq("sf liup-like: verdict", r.verdict, "strong")
end

do -- groups with only GRP2 (clustering, weight 0.5) partial and GRP1 present:
   -- (1 + 0.25) / 1.5 = 0.8333, present
  local r = evaluate(sf, project({ GRP1 = "present", GRP2 = "partial" }, PRODUCER))
  eq("sf GRP2 partial: groups", r.criteria.groups.score, 1.25 / 1.5, 1e-12)
  eq("sf GRP2 partial: label", r.criteria.groups.label, "present")
end

do -- ApproTEC-like: CAP absent, nothing else stated, producers not the
   -- beneficiaries: capability 0; coverage 0.35 / 1; out_of_scope first
  local t = all(all(all(all({}, "absent", CAP), "not_stated", DEM), "not_stated", GRP),
                "not_stated", INC)
  local r = evaluate(sf, project(t, NOT_PRODUCER))
  eq("sf corporate: capability", r.criteria.capability.label, "absent")
  eq("sf corporate: demand", r.criteria.demand.status, "not_assessable")
  eq("sf corporate: groups", r.criteria.groups.status, "not_assessable")
  eq("sf corporate: incentives", r.criteria.incentives.status, "not_assessable")
  eq("sf corporate: demand note", r.criteria.demand.note, "none of DEM1, DEM2, DEM3, DEM4 is stated")
  eq("sf corporate: coverage", r.coverage, 0.35, 1e-12)
  eq("sf corporate: score", r.score, 0)
  eq("sf corporate: verdict", r.verdict, "out_of_scope")
  -- the same project aimed at producers is short of evidence instead
  r = evaluate(sf, project(t, PRODUCER))
  eq("sf corporate as producers: verdict", r.verdict, "insufficient_evidence")
  -- and without the field it is not out of scope either
  r = evaluate(sf, project(t, {}))
  eq("sf no target_group: verdict", r.verdict, "insufficient_evidence")
end

do -- coverage 0.6 (capability and incentives) would be enough for a
   -- verdict, 0.4 (demand and groups) is not; but a core feature not
   -- stated leaves the project unjudged: capability and incentives alone
   -- (score 1) are insufficient evidence, not partial
  local r = evaluate(sf, project(all(all({}, "present", CAP), "present", INC), PRODUCER))
  eq("sf cap+inc: coverage", r.coverage, 0.6, 1e-12)
  eq("sf cap+inc: score", r.score, 1)
  eq("sf cap+inc: verdict", r.verdict, "insufficient_evidence")
  r = evaluate(sf, project(all(all({}, "present", DEM), "present", GRP), PRODUCER))
  eq("sf dem+grp: coverage", r.coverage, 0.4, 1e-12)
  eq("sf dem+grp: verdict", r.verdict, "insufficient_evidence")
  -- capability unknown, the rest present: coverage 0.65, score 1, unjudged
  r = evaluate(sf, project(all(all(all({}, "present", DEM), "present", GRP), "present", INC),
                           PRODUCER))
  eq("sf no cap stated: coverage", r.coverage, 0.65, 1e-12)
  eq("sf no cap stated: verdict", r.verdict, "insufficient_evidence")
  -- the three core features present, groups not stated: coverage 0.85, strong
  r = evaluate(sf, project(all(all(all({}, "present", CAP), "present", DEM), "present", INC),
                           PRODUCER))
  eq("sf core only: coverage", r.coverage, 0.85, 1e-12)
  eq("sf core only: verdict", r.verdict, "strong")
end

do -- nothing stated at all: no score, coverage 0
  local r = evaluate(sf, project({}, PRODUCER))
  eq("sf empty: score", r.score, nil)
  eq("sf empty: coverage", r.coverage, 0)
  eq("sf empty: verdict", r.verdict, "insufficient_evidence")
end

-- early-pitfalls -----------------------------------------------------------

local ep = load_script("early-pitfalls")

eq("ep: 10 criteria", #ep.criteria, 10)
do
  local total = 0
  for i, c in ipairs(ep.criteria) do
    eq("ep: criterion " .. i, c.id, "F" .. i)
    eq("ep: group of " .. c.id, c.group, "early_pitfalls")
    total = total + c.weight
  end
  eq("ep: total weight", total, 11.5, 1e-12) -- 2+2+1+1+1.5+1.5+1+0.5+0+1
  eq("ep: F9 weight 0", ep.criteria[9].weight, 0)
  eq("ep: F1 weight", ep.criteria[1].weight, 2)
  eq("ep: F8 weight", ep.criteria[8].weight, 0.5)
end

do -- every flag absent: every criterion 1, clear
  local r = evaluate(ep, project(all({}, "absent", F)))
  eq("ep none: score", r.score, 1)
  eq("ep none: coverage", r.coverage, 1)
  eq("ep none: F1 label", r.criteria.F1.label, "clear")
  eq("ep none: verdict", r.verdict, "few_pitfalls")
end

do -- F1 present, the rest absent: 1 - 2/11.5 = 0.8260870, few
  local t = all({}, "absent", F)
  t.F1 = "present"
  local r = evaluate(ep, project(t))
  eq("ep F1: score", r.score, 1 - 2 / 11.5, 1e-12)
  eq("ep F1: label", r.criteria.F1.label, "flagged")
  eq("ep F1: verdict", r.verdict, "few_pitfalls")
end

do -- F1 and F2 present: 1 - 4/11.5 = 0.6521739, some
  local t = all({}, "absent", F)
  t.F1, t.F2 = "present", "present"
  local r = evaluate(ep, project(t))
  eq("ep F1 F2: score", r.score, 1 - 4 / 11.5, 1e-12)
  eq("ep F1 F2: verdict", r.verdict, "some_pitfalls")
end

do -- F5 and F6 present: 1 - 3/11.5 = 0.7391304, some
  local t = all({}, "absent", F)
  t.F5, t.F6 = "present", "present"
  local r = evaluate(ep, project(t))
  eq("ep F5 F6: score", r.score, 1 - 3 / 11.5, 1e-12)
  eq("ep F5 F6: verdict", r.verdict, "some_pitfalls")
end

do -- every flag partial: 0.5 everywhere; F9 scores but weighs 0
  local r = evaluate(ep, project(all({}, "partial", F)))
  eq("ep partial: score", r.score, 0.5, 1e-12)
  eq("ep partial: F1 label", r.criteria.F1.label, "partly")
  eq("ep partial: verdict", r.verdict, "some_pitfalls")
end

do -- every flag present (the early SMIDO programmes): 0, many
  local r = evaluate(ep, project(all({}, "present", F)))
  eq("ep all: score", r.score, 0)
  eq("ep all: verdict", r.verdict, "many_pitfalls")
  ok("ep all: F9 note says not scored",
     r.criteria.F9.note:find("not scored", 1, true) ~= nil, r.criteria.F9.note)
end

do -- only F9 present, all the rest absent: F9 never penalises
  local t = all({}, "absent", F)
  t.F9 = "present"
  local r = evaluate(ep, project(t))
  eq("ep F9 only: score", r.score, 1)
  eq("ep F9 only: label", r.criteria.F9.label, "flagged")
  eq("ep F9 only: verdict", r.verdict, "few_pitfalls")
end

do -- coverage: F1 and F2 stated (4/11.5 = 0.348) suffices; F1 alone
   -- (2/11.5 = 0.174) or F9 alone (0) does not
  local r = evaluate(ep, project({ F1 = "absent", F2 = "absent" }))
  eq("ep F1 F2 stated: coverage", r.coverage, 4 / 11.5, 1e-12)
  eq("ep F1 F2 stated: verdict", r.verdict, "few_pitfalls")
  r = evaluate(ep, project({ F1 = "absent" }))
  eq("ep F1 stated: coverage", r.coverage, 2 / 11.5, 1e-12)
  eq("ep F1 stated: verdict", r.verdict, "insufficient_evidence")
  r = evaluate(ep, project({ F9 = "present" }))
  eq("ep F9 stated: coverage", r.coverage, 0)
  eq("ep F9 stated: score", r.score, nil)
  eq("ep F9 stated: verdict", r.verdict, "insufficient_evidence")
  r = evaluate(ep, project({ F3 = "not_applicable" }))
  eq("ep not applicable: status", r.criteria.F3.status, "not_assessable")
  eq("ep not applicable: note", r.criteria.F3.note, "F3 not applicable")
end

-- pitfalls module ------------------------------------------------------------

do -- F9 weighs 0 whatever the caller asks; a table's missing ids weigh 1
  declared = { criteria = {} }
  require("pitfalls")({ F9 = 5, F1 = 3 }, "g")
  local c = declared.criteria
  declared = nil
  eq("pitfalls: 10 criteria", #c, 10)
  eq("pitfalls: F9 forced to 0", c[9].weight, 0)
  eq("pitfalls: F1 from the table", c[1].weight, 3)
  eq("pitfalls: F2 default 1", c[2].weight, 1)
  eq("pitfalls: group", c[1].group, "g")
  eq("pitfalls: bands", c[1].bands[1][1] .. c[1].bands[2][1] .. c[1].bands[3][1],
     "clearpartlyflagged")
  eq("pitfalls: clear cut", c[1].bands[1].at_least, 0.75)
  eq("pitfalls: partly cut", c[1].bands[2].at_least, 0.25)
  declared = { criteria = {} }
  require("pitfalls")(function(id) return id == "F9" and 7 or 2 end)
  c = declared.criteria
  declared = nil
  eq("pitfalls: function weights", c[10].weight, 2)
  eq("pitfalls: function F9 forced to 0", c[9].weight, 0)
  eq("pitfalls: default group", c[10].group, "early_pitfalls")
  declared = { criteria = {} } -- so that only the weight can raise
  h.raises("pitfalls: bad weight_of raises", "weight_of must be",
           require("pitfalls"), "heavy")
  declared = nil
end

h.finish("scripts")

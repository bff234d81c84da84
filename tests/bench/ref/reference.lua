-- reference.lua -- the stock script success-features, run by plain Lua.
--
--   lua5.4 tests/bench/ref/reference.lua FILE...
--
-- A reference for `make bench` (README "Performance"): lua5.4 with lyaml (Debian
-- package lua-yaml) reads the case files, and scripts/success-features.lua
-- itself -- with its `require "stock"` and `require "pitfalls"` -- runs in
-- this plain Lua state, with stand-ins for what assay provides: the
-- globals criterion{} and weighting{}, the project object, and the
-- engine's part (core/eval.c): scoring what evaluate returns, bands,
-- the weighted_mean aggregate, coverage and the verdict rules. One JSON
-- line per project, as it is read:
--
--   {"id": ..., "score": <number or null>, "coverage": ..., "verdict": ...}
--
-- lyaml has no streaming API (lyaml.load parses a whole string), so each
-- file is read line by line and cut at lines that are exactly `---`; each
-- piece is loaded alone. Input is assumed valid (assay's checks are not
-- repeated), with no `---` line inside a block scalar.

local here = (arg and arg[0] or ""):match("^(.*)[/\\]") or "."
package.path = here .. "/../../../scripts/?.lua;" .. package.path
local lyaml = require "lyaml"
local NULL = lyaml.null

local SLACK = 1e-9 -- at_least and coverage_below allow this rounding

-- assay reads YAML 1.2 core scalars; lyaml's default is YAML 1.1 (yes/no
-- booleans, sexagesimal numbers, ...). Plain scalars, the 1.2 way:
local CORE = { ["~"] = NULL, [""] = NULL, null = NULL, Null = NULL, NULL = NULL,
  ["true"] = true, True = true, TRUE = true,
  ["false"] = false, False = false, FALSE = false,
  [".inf"] = math.huge, [".Inf"] = math.huge, [".INF"] = math.huge,
  ["-.inf"] = -math.huge, ["-.Inf"] = -math.huge, ["-.INF"] = -math.huge,
  [".nan"] = 0 / 0, [".NaN"] = 0 / 0, [".NAN"] = 0 / 0 }
local function core_scalar(s)
  local v = CORE[s]
  if v ~= nil then return v end
  if s:find("^[-+]?%d+$") then return math.tointeger(tonumber(s)) or tonumber(s) end
  if s:find("^0o[0-7]+$") then return tonumber(s:sub(3), 8) end
  if s:find("^0x%x+$") then return tonumber(s:sub(3), 16) end
  if s:find("^[-+]?%.?%d") and s:find("^[-+]?%d*%.?%d*[eE]?[-+]?%d*$") then
    local x = tonumber(s)
    if x then return x + 0.0 end
  end
  return s
end
local LOAD_OPTS = { implicit_scalar = core_scalar }

-- The script's declarations -------------------------------------------
local criteria, weighting_decl = {}, nil
function criterion(t) criteria[#criteria + 1] = t end -- luacheck: ignore
function weighting(t) weighting_decl = t end -- luacheck: ignore
require "success-features" -- found through package.path, beside stock.lua
criterion, weighting = nil, nil
assert(weighting_decl and weighting_decl.aggregate == "weighted_mean",
       "reference.lua implements the weighted_mean aggregate only")
for _, c in ipairs(criteria) do c.weight = c.weight or 1 end

-- The project object (only what a script reads) -----------------------
local Project = {}
Project.__index = Project

local function project(doc)
  local inds = {}
  for id, ind in pairs(type(doc.indicators) == "table" and doc.indicators or {}) do
    if type(ind) ~= "table" then ind = { value = ind } end -- bare shorthand
    local v, status = ind.value, "stated"
    if v == "not_stated" or v == "not_applicable" then v, status = nil, v end
    inds[id] = { id = id, value = v, status = status, -- (v may be false)
                 unit = ind.unit, evidence = ind.evidence, locator = ind.locator,
                 confidence = ind.confidence }
  end
  return setmetatable({ id = doc.id, name = doc.name, doc = doc, inds = inds }, Project)
end
function Project:indicator(id) return self.inds[id] end
function Project:value(id) local i = self.inds[id]; return i and i.value end
function Project:has(id) local i = self.inds[id]; return i ~= nil and i.status == "stated" end
function Project:field(path) -- dotted path; numeric parts index sequences
  local f = self.doc
  for part in path:gmatch("[^.]+") do
    if type(f) ~= "table" then return nil end
    local v = f[part]
    if v == nil then v = f[math.tointeger(tonumber(part))] end
    f = v
  end
  if f == NULL then return nil end
  return f
end

-- The engine's part (core/eval.c) -------------------------------------

-- A rule holds when all its conditions do (at_least, coverage_below, when).
local function holds(rule, p, info, score, coverage)
  if rule.at_least and not (score and score >= rule.at_least - SLACK) then return false end
  if rule.coverage_below and not (coverage < rule.coverage_below - SLACK) then return false end
  if rule.when then return rule.when(p, info) and true or false end
  return true
end

-- The first rule that holds gives the label (an error in when() propagates).
local function choose(rules, p, info, score, coverage)
  for _, rule in ipairs(rules) do
    if holds(rule, p, info, score, coverage) then return rule[1] end
  end
end

-- take_score(): what evaluate returned, as status and score.
local function run(c, p)
  local r = { id = c.id, title = c.title, group = c.group, weight = c.weight }
  local ok, s, note = pcall(c.evaluate, p)
  if not ok then r.status = "error"
  elseif s == nil then r.status = "not_assessable"
  elseif type(s) == "boolean" then r.status, r.score = "scored", s and 1 or 0
  elseif math.type(s) and s >= 0 and s <= 1 then r.status, r.score = "scored", s
  else r.status = "error" end
  if ok and note ~= nil and type(note) ~= "string" and type(note) ~= "number" then
    r.status, r.score = "error", nil
  end
  r.note = r.status ~= "error" and note or nil
  if r.status == "scored" and c.bands then -- bands see the result itself
    local lok, label = pcall(choose, c.bands, p, r, r.score, 1)
    if lok then r.label = label else r.status, r.score = "error", nil end
  end
  return r
end

local function evaluate(doc)
  local p = project(doc)
  local results = {}
  local total, scored_w, sum, nscored = 0, 0, 0, 0
  for i, c in ipairs(criteria) do
    local r = run(c, p)
    results[i], results[c.id] = r, r
    total = total + c.weight
    if r.status == "scored" then
      scored_w, sum = scored_w + c.weight, sum + c.weight * r.score
      nscored = nscored + 1
    end
  end
  local score = scored_w > 0 and math.min(sum / scored_w, 1) or nil
  -- coverage: the scored weight's share; the scored share when all weigh 0
  local coverage = total > 0 and scored_w / total
                   or (#criteria > 0 and nscored / #criteria or 0)
  local info = { score = score, coverage = coverage, criteria = results }
  local ok, verdict = pcall(choose, weighting_decl.verdicts or {}, p, info, score, coverage)
  return score, coverage, ok and verdict or nil
end

-- Output ---------------------------------------------------------------
local function json_string(s)
  return '"' .. tostring(s):gsub('[%c"\\]', function(ch)
    return ("\\u%04x"):format(ch:byte())
  end) .. '"'
end
local function json_number(x)
  if x == nil then return "null" end
  if math.type(x) == "integer" then return tostring(x) end
  local s = ("%.15g"):format(x) -- shortest of 15 or 17 digits that reads back
  return tonumber(s) == x and s or ("%.17g"):format(x)
end

local function emit(chunk)
  local doc = lyaml.load(chunk, LOAD_OPTS)
  if type(doc) ~= "table" then return end -- an empty piece (comments only)
  local score, coverage, verdict = evaluate(doc)
  io.write('{"id": ', json_string(doc.id), ', "score": ', json_number(score),
           ', "coverage": ', json_number(coverage), ', "verdict": ',
           verdict and json_string(verdict) or "null", "}\n")
end

if #arg == 0 then
  io.stderr:write("usage: lua5.4 reference.lua FILE...\n")
  os.exit(2)
end
for _, path in ipairs(arg) do
  local lines, n = {}, 0
  for line in io.lines(path) do
    if line == "---" and n > 0 then
      emit(table.concat(lines, "\n", 1, n))
      n = 0
    end
    n = n + 1
    lines[n] = line
  end
  if n > 0 then emit(table.concat(lines, "\n", 1, n)) end
end

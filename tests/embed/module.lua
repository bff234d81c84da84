-- tests/embed/module.lua -- the host-side Lua module `assay` (core/lassay.c).
--
--   LUA_CPATH='build/?.so' lua5.4 tests/embed/module.lua    (from the repo root)
--
-- Plain asserts. Expected values are worked out by hand from the scripts
-- and documents below, or taken from the review's judgements in
-- tests/review.test.yaml; none is pasted from the program's output.
-- One line per passing group; exit status 1 when any group fails.

local assay = require "assay"

local failures = 0

local function group(name, fn)
  local ok, err = pcall(fn)
  if ok then
    print("ok - " .. name)
  else
    failures = failures + 1
    print("FAIL - " .. name .. ": " .. tostring(err))
  end
end

local function show(v)
  if type(v) == "string" then return ("%q"):format(v) end
  if math.type(v) then return ("%s (%s)"):format(tostring(v), math.type(v)) end
  return tostring(v)
end

local function eq(got, want, what)
  if got ~= want then
    error(("%s: expected %s, got %s"):format(what, show(want), show(got)), 2)
  end
end

local function near(got, want, what)
  if type(got) ~= "number" or math.abs(got - want) > 1e-9 then
    error(("%s: expected %s, got %s"):format(what, show(want), show(got)), 2)
  end
end

local function has(s, needle, what)
  if type(s) ~= "string" or not s:find(needle, 1, true) then
    error(("%s: expected text containing %q, got %s"):format(what, needle, show(s)), 2)
  end
end

-- pcall(f, ...) must fail with a message containing needle.
local function raises(needle, what, f, ...)
  local ok, err = pcall(f, ...)
  if ok then error(what .. ": expected an error, got none", 2) end
  if not tostring(err):find(needle, 1, true) then
    error(("%s: expected an error containing %q, got %s"):format(what, needle, show(err)), 2)
  end
  return err
end

-- ---- Fixtures -----------------------------------------------------------

-- Weights 3, 1 and 0, so the weighted mean is easy to work out by hand.
local TINY = [[
criterion {
  id = "a", title = "Share A", group = "g1", weight = 3,
  bands = { { "high", at_least = 0.75 }, { "low" } },
  evaluate = function(p)
    local v = p:value("A1")
    if v == nil then return nil, "no A1" end
    return v / 100, ("A1=%d"):format(v)
  end,
}
criterion {
  id = "b", title = "B present", weight = 1,
  evaluate = function(p) return p:value("B1") == "present", "b read" end,
}
criterion {
  id = "c", title = "Number types", group = "g2", weight = 0,
  evaluate = function(p)
    return 0.5, ("%s %s"):format(math.type(p:value("R1")) or "nil",
                                 math.type(p:value("N1")) or "nil")
  end,
}
weighting {
  aggregate = "weighted_mean",
  verdicts = { { "good", at_least = 0.6 }, { "bad" } },
}
]]

-- Reads descriptive fields only.
local FIELDS = [[
criterion {
  id = "f", title = "Fields", weight = 1,
  evaluate = function(p)
    return 1, ("%s|%s|%d|%s"):format(p:field("country"), p:field("sector.2"),
      p:field("target_group.size.small"), tostring(p:field("target_group.clustered")))
  end,
}
criterion {
  id = "m", title = "A mapping", weight = 0,
  evaluate = function(p) p:field("target_group.size"); p:field("motto"); return 0 end,
}
weighting { aggregate = "weighted_mean", verdicts = { { "done" } } }
]]

local LOOP = [[
criterion { id = "spin", title = "Never ends", evaluate = function(p) while true do end end }
weighting { aggregate = "weighted_mean", verdicts = { { "any" } } }
]]

-- Three documents; the second is rejected at line 14, column 7.
local DOCS = table.concat({
  "id: one",                                                   -- 1
  "name: Project One",                                         -- 2
  "sources:",                                                  -- 3
  "  - { id: rev, citation: \"The review\" }",                 -- 4
  "indicators:",                                               -- 5
  "  A1: { value: 80, unit: percent, evidence: \"four in five\", source: rev, locator: \"s1\", confidence: high }",
  "  B1: absent",                                              -- 7
  "  R1: { value: 2.5, unit: ratio }",                         -- 8
  "  N1: { value: 7, unit: count }",                           -- 9
  "---",                                                       -- 10
  "id: bad",                                                   -- 11
  "name: Bad",                                                 -- 12
  "indicators:",                                               -- 13
  "  B1: presnt",                                              -- 14
  "---",                                                       -- 15
  "id: two",                                                   -- 16
  "name: Project Two",                                         -- 17
  "indicators:",                                               -- 18
  "  A1: not_stated",                                          -- 19
}, "\n") .. "\n"

local function tiny_engine(opts)
  local e = assay.new(opts)
  local ok, msg = e:load_script_string(TINY, "tiny")
  assert(ok, "loading the tiny script: " .. tostring(msg))
  return e
end

-- The six reference cases, in the order a sort of their paths gives, with
-- the success-features verdicts of tests/review.test.yaml.
local CASES = {
  { "approtec_corporate", "out_of_scope" },       -- cases/approtec_corporate.yaml
  { "brazil_ceara_furniture", "strong" },         -- cases/brazil_ceara.yaml
  { "early_at_institute", "weak" },               -- cases/early_at_institute.yaml
  { "early_smido_programmes", "weak" },           -- cases/early_smido.yaml
  { "kenya_fit", "strong" },                      -- cases/kenya_fit.yaml
  { "singapore_liup", "strong" },                 -- cases/singapore_liup.yaml
}

local function stock_engine(opts)
  opts = opts or {}
  opts.stock_dir = "scripts"
  local e = assay.new(opts)
  local ok, msg = e:load_script("success-features")
  assert(ok, "loading success-features: " .. tostring(msg))
  return e
end

-- ---- Groups ---------------------------------------------------------------

group("module fields", function()
  eq(type(assay.version), "string", "version type")
  assert(assay.version:match("^%d+%.%d+%.%d+$"), "version looks like 0.2.0: " .. assay.version)
  local ma, mi, pa = assay.version:match("^(%d+)%.(%d+)%.(%d+)$")
  eq(assay.version_number, ma * 10000 + mi * 100 + pa, "version_number from version")
  eq(type(assay.new), "function", "assay.new")
  eq(type(assay.criterion), "function", "assay.criterion")
end)

group("script facts", function()
  local e = assay.new()
  eq(e:script(), nil, "no script loaded yet")
  local ok, msg = e:load_script("scripts/example.lua")
  eq(ok, true, "load scripts/example.lua (" .. tostring(msg) .. ")")
  local s = e:script()
  eq(s.name, "example", "name")
  eq(s.path, "scripts/example.lua", "path")
  eq(s.aggregate, "weighted_mean", "aggregate")
  eq(s.criteria, 4, "criteria: capability, demand, groups, incentives")
  assert(type(s.sha256) == "string" and s.sha256:match("^%x+$") and #s.sha256 == 64,
         "sha256 is 64 hex digits: " .. tostring(s.sha256))
  local p = io.popen and io.popen("sha256sum scripts/example.lua 2>/dev/null")
  local line = p and p:read("l")
  if p then p:close() end
  if line and line:match("^%x+") then
    eq(s.sha256, line:match("^%x+"), "sha256 as sha256sum computes it")
  end
  e:load_script_string(TINY, "tiny")
  s = e:script()
  eq(s.name, "tiny", "name of a string script is its chunkname")
  eq(s.criteria, 3, "tiny has 3 criteria")
  eq(#s.verdicts, 2, "tiny has 2 verdict rules")
  eq(s.verdicts[1], "good", "first verdict rule")
  eq(s.verdicts[2], "bad", "second verdict rule")
  -- a script without weighting{} declares no verdicts, and says so
  assert(e:load_script_string("criterion { id = 'a', evaluate = function(p) return 1 end }",
                              "plain"))
  eq(type(e:script().verdicts), "table", "verdicts of a script without weighting")
  eq(#e:script().verdicts, 0, "no verdict rules")
  local results = e:eval_string("id: v\nname: V\n")
  eq(results[1].verdict, nil, "and no verdict")
  -- criteria that all weigh 0 could give no score or coverage
  local ok0, msg0 = e:load_script_string(
    "criterion { id = 'z', weight = 0, evaluate = function(p) return 1 end }", "zero")
  eq(ok0, nil, "a total weight of 0 is refused")
  has(msg0, "zero:1:1: every criterion has weight 0 ('z')", "the message names the criteria")
  e:close()
end)

group("expected failures return nil, message", function()
  local e = assay.new()
  local ok, msg = e:load_script("no/such/script.lua")
  eq(ok, nil, "unreadable script gives nil")
  has(msg, "no/such/script.lua", "message names the path")
  ok, msg = e:load_script_string("criterion {", "broken")
  eq(ok, nil, "syntax error gives nil")
  has(msg, "broken", "message names the chunk")
  eq(e:script(), nil, "a failed load leaves no script")
  local r
  r, msg = e:eval_string("id: x\nname: X\n")
  eq(r, nil, "evaluating without a script gives nil")
  has(msg, "no script", "message says no script is loaded")
  e:load_script_string(TINY, "tiny")
  ok, msg = e:load_script_string("weighting { aggregate = 'median' }", "bad_agg")
  eq(ok, nil, "an unknown aggregate is rejected")
  eq(e:script(), nil, "a rejected script replaces the one before")
  e:close()
end)

group("tiny script on a YAML string: scores, labels, notes, evidence", function()
  local e = tiny_engine()
  local results, diags, status = e:eval_string(DOCS, "tiny.yaml")
  eq(status, "input", "status with one rejected document")
  eq(#results, 2, "the two good documents are evaluated")

  local r = results[1]
  eq(r.id, "one", "id")
  eq(r.name, "Project One", "name")
  eq(r.file, "tiny.yaml", "file is the name given")
  eq(r.line, 1, "line of the document")
  -- (3 * 0.8 + 1 * 0 + 0 * 0.5) / (3 + 1 + 0) = 0.6
  near(r.score, 0.6, "score one")
  near(r.coverage, 1, "coverage one: every weighted criterion scored")
  eq(r.verdict, "good", "verdict one (0.6 reaches at_least 0.6)")
  eq(r.error, nil, "no project error")
  eq(r.verdict_reason, nil, "no verdict_reason without explain")
  eq(r.json, nil, "no json without the option")
  eq(#r.criteria, 3, "criteria in script order")

  local a, b, c = r.criteria[1], r.criteria[2], r.criteria[3]
  eq(a.id, "a", "first criterion")
  eq(a.title, "Share A", "title")
  eq(a.group, "g1", "group")
  near(a.weight, 3, "weight")
  eq(a.status, "scored", "status a")
  near(a.score, 0.8, "score a = 80 / 100")
  near(a.contribution, 0.6, "contribution a = 3 * 0.8 / 4")
  eq(a.label, "high", "label a (0.8 >= 0.75)")
  eq(a.note, "A1=80", "note a")
  eq(a.error, nil, "no error a")
  eq(a.evidence_truncated, false, "evidence not truncated")
  eq(#a.evidence, 1, "a read one indicator")
  local ev = a.evidence[1]
  eq(ev.indicator, "A1", "evidence indicator")
  eq(ev.field, nil, "no field on an indicator")
  eq(ev.value, 80, "evidence value")
  eq(math.type(ev.value), "integer", "integer value stays an integer")
  eq(ev.status, "stated", "evidence status")
  eq(ev.source, "rev", "evidence source")
  eq(ev.locator, "s1", "evidence locator")
  eq(ev.quote, "four in five", "evidence quote")
  eq(ev.confidence, "high", "evidence confidence")

  eq(b.id, "b", "second criterion")
  eq(b.group, nil, "b has no group")
  eq(b.status, "scored", "status b")
  near(b.score, 0, "b: B1 is absent, so false, 0")
  near(b.contribution, 0, "contribution b")
  eq(b.label, nil, "b has no bands")
  eq(b.note, "b read", "note b")
  eq(b.evidence[1].value, "absent", "b evidence value")

  eq(c.note, "float integer", "R1 2.5 is a float, N1 7 an integer, inside the script")
  near(c.weight, 0, "weight c")
  near(c.contribution, 0, "contribution c = 0 * 0.5 / 4")
  eq(#c.evidence, 2, "c read R1 and N1")
  eq(c.evidence[1].indicator, "R1", "c evidence 1")
  eq(c.evidence[1].value, 2.5, "R1 value")
  eq(math.type(c.evidence[1].value), "float", "R1 stays a float")
  eq(c.evidence[2].indicator, "N1", "c evidence 2")
  eq(c.evidence[2].value, 7, "N1 value")
  eq(math.type(c.evidence[2].value), "integer", "N1 stays an integer")

  eq(assay.criterion(r, "b"), b, "assay.criterion finds b")
  eq(assay.criterion(r, "zzz"), nil, "assay.criterion of an unknown id")

  r = results[2]
  eq(r.id, "two", "second result is 'two' (input order)")
  eq(r.line, 16, "line of document two")
  -- a is not assessable; b scores 0 (B1 missing); c 0.5 at weight 0:
  -- (1 * 0 + 0 * 0.5) / (1 + 0) = 0; coverage (1 + 0) / (3 + 1 + 0) = 0.25
  near(r.score, 0, "score two")
  near(r.coverage, 0.25, "coverage two")
  eq(r.verdict, "bad", "verdict two")
  a, b = r.criteria[1], r.criteria[2]
  eq(a.status, "not_assessable", "a without A1")
  eq(a.score, nil, "no score a")
  eq(a.contribution, nil, "no contribution a")
  eq(a.label, nil, "no label without a score")
  eq(a.note, "no A1", "note a two")
  eq(a.evidence[1].status, "not_stated", "A1 status")
  eq(a.evidence[1].value, "not_stated", "A1 value as written")
  eq(b.evidence[1].indicator, "B1", "missing indicator is recorded")
  eq(b.evidence[1].status, "missing", "B1 status missing")
  eq(b.evidence[1].value, nil, "missing value is nil")
  eq(b.evidence[1].source, nil, "missing source is nil")
  eq(r.criteria[3].note, "nil nil", "c on a case without R1 and N1")

  eq(#diags, 1, "one diagnostic")
  local d = diags[1]
  eq(d.file, "tiny.yaml", "diag file")
  eq(d.line, 14, "diag line")
  eq(d.column, 7, "diag column")
  has(d.message, "'presnt' is not an ordinal value of indicator 'B1'", "diag message")
  e:close()
end)

group("explain and json options", function()
  local e = tiny_engine({ explain = true, json = true })
  local results = e:eval_string(DOCS, "tiny.yaml")
  local r = results[1]
  eq(type(r.verdict_reason), "string", "verdict_reason with explain")
  has(r.verdict_reason, "good", "verdict_reason names the chosen rule")
  eq(type(r.criteria[1].label_reason), "string", "label_reason of a banded criterion")
  eq(r.criteria[2].label_reason, nil, "no label_reason without bands")
  eq(type(r.json), "string", "json text")
  has(r.json, '{"id":"one"', "json starts with the id")
  has(r.json, '"verdict":"good"', "json holds the verdict")
  e:close()
end)

group("descriptions and indicator notes", function()
  local e = assay.new()
  assert(e:load_script_string([[
criterion { id = "a", description = "how much A", evaluate = function(p) return 0.5 end }
criterion { id = "b", evaluate = function(p) return p:indicator("A1").note == "coded late" end }
]], "declared"))
  local doc = "id: t\nname: T\nindicators:\n  A1: {value: 3, confidence: medium, note: coded late}\n"
  local r = e:eval_string(doc)[1]
  eq(r.criteria[1].description, "how much A", "description as declared")
  eq(r.criteria[2].description, nil, "no description when none is declared")
  eq(r.criteria[2].score, 1, "the script reads the indicator's note")
  eq(r.criteria[2].evidence[1].note, "coded late", "the evidence carries the note")
  eq(r.criteria[2].evidence[1].confidence, "medium", "and the confidence")
  e:close()
end)

group("trace option: trace lists on results and criteria", function()
  local script = [[
criterion { id = "a",
  bands = { { "hi", when = function(p, r) trace("band", r.score) return true end } },
  evaluate = function(p)
    trace("A1 is", p:value("A1"), nil, true)
    return 0.5
  end }
criterion { id = "b", evaluate = function(p) return 1 end }
weighting { aggregate = function(res) trace("agg") return 0.25 end }
]]
  local doc = "id: t\nname: T\nindicators:\n  A1: 3\n"
  -- off by default: no trace lists
  local e = assay.new()
  assert(e:load_script_string(script, "traced"))
  local r = e:eval_string(doc)[1]
  eq(r.trace, nil, "no project trace without the option")
  eq(r.criteria[1].trace, nil, "no criterion trace without the option")
  e:close()
  raises("boolean", "trace not a boolean", assay.new, { trace = 1 })
  e = assay.new({ trace = true })
  assert(e:load_script_string(script, "traced"))
  r = e:eval_string(doc)[1]
  local t = r.criteria[1].trace
  eq(#t, 2, "evaluate's line, then the band rule's")
  eq(t[1].line, 4, "where evaluate called trace")
  eq(t[1].text, "A1 is\\t3\\tnil\\ttrue", "print's format, tabs escaped as in notes")
  eq(t[1].file, nil, "no file for the script itself")
  eq(t[2].line, 2, "the band rule's line")
  eq(t[2].text, "band\\t0.5", "the band rule sees the score")
  eq(#r.criteria[2].trace, 0, "an empty list for a criterion that traced nothing")
  eq(#r.trace, 1, "the aggregate function's line is the project's")
  eq(r.trace[1].line, 8, "its line")
  eq(r.trace[1].text, "agg", "its text")
  e:close()
end)

group("eval_path on cases/: six results in path order, review verdicts", function()
  local e = stock_engine()
  local results, diags, status = e:eval_path("cases")
  eq(status, "ok", "status")
  eq(#diags, 0, "no diagnostics")
  eq(#results, #CASES, "six results")
  for i, want in ipairs(CASES) do
    eq(results[i].id, want[1], "result " .. i .. " id")
    eq(results[i].verdict, want[2], want[1] .. " verdict")
    has(results[i].file, "cases/", want[1] .. " file")
  end
  local function labels(r)
    local t = {}
    for _, c in ipairs(r.criteria) do t[c.id] = c.label or c.status end
    return t
  end
  -- tests/review.test.yaml: labels and coverages
  local br, sg, ap = labels(results[2]), labels(results[6]), labels(results[1])
  for _, f in ipairs { "capability", "demand", "groups", "incentives" } do
    eq(br[f], "present", "brazil " .. f)
  end
  eq(sg.groups, "partial", "singapore groups (to some extent)")
  eq(ap.capability, "absent", "approtec capability")
  eq(ap.demand, "not_assessable", "approtec demand")
  near(results[1].coverage, 0.35, "approtec coverage = capability's weight")
  near(results[2].coverage, 1, "brazil coverage")
  -- ranking brazil >= kenya > singapore > early_smido
  assert(results[2].score >= results[5].score - 1e-9, "brazil >= kenya")
  assert(results[5].score > results[6].score, "kenya > singapore")
  assert(results[6].score > results[4].score, "singapore > early_smido")

  -- a file is read once in a run, whatever names reach it: again
  -- without reset, the folder and a file in it give nothing new
  results, diags, status = e:eval_path("cases")
  eq(#results, 0, "no result: every file was read in this run")
  eq(#diags, 0, "and no duplicate diagnostics")
  eq(status, "ok", "nothing new to evaluate")
  results, diags, status = e:eval_path("./cases/kenya_fit.yaml")
  eq(#results + #diags, 0, "a file of the folder, named otherwise, is not read again")
  -- the ids are counted in the run: the same project from a string is a duplicate
  results, diags, status = e:eval_string("id: kenya_fit\nname: Again\n")
  eq(status, "input", "a duplicate id is rejected input")
  has(diags[1].message, "duplicate project id 'kenya_fit'", "duplicate message")
  -- a folder that holds no case file says so
  results, diags, status = e:eval_path("tests/embed")
  eq(status, "input", "a folder without case files is input")
  eq(diags[1].file, "tests/embed", "the diagnostic names the folder")
  has(diags[1].message, "no case file in this folder", "and says why")
  e:reset()
  results, diags, status = e:eval_path("cases")
  eq(#results, 6, "after reset the cases evaluate again")
  eq(status, "ok", "status after reset")

  results, diags, status = e:eval_path("no/such/folder")
  eq(status, "input", "an unreadable path is rejected input")
  eq(#results, 0, "no results")
  eq(diags[1].file, "no/such/folder", "diag names the path")
  eq(diags[1].line, nil, "no line for a whole file")
  eq(diags[1].column, nil, "no column for a whole file")
  has(diags[1].message, "No such file", "diag message")
  e:close()
end)

group("diags keep the first 1000 and count the rest", function()
  -- 1005 one-line documents, each with a malformed id: the value is at
  -- column 10 ("--- {id: " is nine bytes), document k on line k
  local te = tiny_engine()
  local results, diags, status = te:eval_string(
    ("--- {id: bad id, name: B}\n"):rep(1005), "bad.yaml")
  eq(status, "input", "status")
  eq(#results, 0, "no result")
  eq(#diags, 1000, "diags kept")
  eq(diags.omitted, 5, "diags omitted")
  eq(diags[1].line, 1, "first kept: line")
  eq(diags[1].column, 10, "first kept: column")
  eq(diags[1000].line, 1000, "last kept: line")
  -- with fn, results are not kept, and diags are bounded all the same
  te:reset()
  local n
  n, diags = te:eval_string(("--- {id: bad id, name: B}\n"):rep(1001)
                            .. "--- {id: ok, name: OK}\n", function() end)
  eq(n, 1, "one result handed over")
  eq(#diags, 1000, "diags kept with fn")
  eq(diags.omitted, 1, "diags omitted with fn")
  te:reset()
  results, diags = te:eval_string(DOCS)
  eq(diags.omitted, 0, "none omitted")
  te:close()
end)

group("streaming with fn: order, count, stop on false", function()
  local e = stock_engine()
  local seen = {}
  local n, diags, status = e:eval_path("cases", function(r)
    seen[#seen + 1] = r.id
    eq(type(r.criteria), "table", "a full result table in fn")
  end)
  eq(n, 6, "count of results handed over")
  eq(#diags, 0, "no diagnostics")
  eq(status, "ok", "status")
  for i, want in ipairs(CASES) do eq(seen[i], want[1], "streamed " .. i) end

  e:reset()
  seen = {}
  n, diags, status = e:eval_path("cases", function(r)
    seen[#seen + 1] = r.id
    return false
  end)
  eq(status, "abort", "fn returning false aborts")
  eq(n, 1, "one result before the stop")
  eq(#seen, 1, "fn called once")
  eq(seen[1], "approtec_corporate", "the first case")

  e:reset()
  n = e:eval_path("cases", function() return nil end)
  eq(n, 6, "fn returning nil goes on")

  -- eval_string(text, fn) and eval_string(text, name, fn)
  local te = tiny_engine()
  local ids = {}
  n, diags, status = te:eval_string(DOCS, function(r) ids[#ids + 1] = r.id end)
  eq(n, 2, "eval_string(text, fn)")
  eq(ids[1] .. "," .. ids[2], "one,two", "streamed ids")
  eq(diags[1].file, "<string>", "default name")
  eq(status, "input", "status")
  te:reset()
  n, diags = te:eval_string(DOCS, "named.yaml", function(r) eq(r.file, "named.yaml", "file") end)
  eq(n, 2, "eval_string(text, name, fn)")
  eq(diags[1].file, "named.yaml", "diag file")
  te:close()
  e:close()
end)

group("an error raised in fn propagates; the engine stays usable", function()
  local e = stock_engine()
  local calls = 0
  raises("boom in fn", "string error", e.eval_path, e, "cases", function()
    calls = calls + 1
    error("boom in fn")
  end)
  eq(calls, 1, "evaluation stopped at the first error")
  local obj = {}
  e:reset()
  local ok, err = pcall(e.eval_path, e, "cases", function() error(obj) end)
  eq(ok, false, "table error raised")
  eq(err, obj, "the same error object comes back")
  -- a bad call on the engine from inside fn is an error too
  e:reset()
  raises("busy", "re-entering the engine", e.eval_path, e, "cases", function()
    e:eval_string("id: x\nname: X\n")
  end)
  e:reset()
  local closed_ok, close_err
  local n = e:eval_path("cases", function()
    eq(e:script().name, "success-features", "reading the script from fn")
    closed_ok, close_err = pcall(e.close, e)
  end)
  eq(n, 6, "a caught error inside fn does not stop the run")
  eq(closed_ok, false, "close from fn is refused")
  has(close_err, "evaluating", "close refusal message")
  -- yielding from fn cannot cross the C library: an error, caught
  e:reset()
  local co = coroutine.wrap(function()
    return pcall(e.eval_path, e, "cases", function() coroutine.yield(1) end)
  end)
  local yok, yerr = co()
  eq(yok, false, "yield inside fn fails")
  has(yerr, "yield across a C-call boundary", "yield message")
  e:reset()
  local results, _, status = e:eval_path("cases")
  eq(#results, 6, "usable after errors")
  eq(status, "ok", "status after errors")
  e:close()
end)

group("bad arguments raise", function()
  raises("bogus", "unknown option", assay.new, { bogus = 1 })
  raises("nope", "unknown limit", assay.new, { limits = { nope = 5 } })
  raises("limits.instructions must be an integer from 1 to", "zero limit", assay.new,
         { limits = { instructions = 0 } })
  raises("limits.depth must be an integer from 1 to 1000, not -1", "negative limit", assay.new,
         { limits = { depth = -1 } })
  raises("limits.depth must be an integer from 1 to 1000, not 1.5", "fractional limit",
         assay.new, { limits = { depth = 1.5 } })
  raises("limits.depth must be an integer from 1 to 1000, not 3", "string limit", assay.new,
         { limits = { depth = "3" } })
  raises("boolean", "explain not a boolean", assay.new, { explain = "yes" })
  raises("string", "stock_dir not a string", assay.new, { stock_dir = 1 })
  raises("bad argument #1", "opts not a table", assay.new, "x")
  local e = tiny_engine()
  -- called as methods, as users write them, so the messages name them
  raises("bad argument #1 to 'load_script' (string expected, got table)", "load_script({})",
         function() e:load_script({}) end)
  raises("bad argument #1 to 'load_script' (no script named)", "load_script('')",
         function() e:load_script("") end)
  raises("bad argument #1 to 'eval_path' (string expected, got no value)", "eval_path()",
         function() e:eval_path() end)
  raises("bad argument #2 to 'eval_path' (function expected, got number)", "fn not a function",
         function() e:eval_path("cases", 42) end)
  raises("bad argument #1 to 'eval_string'", "eval_string(nil)", function() e:eval_string(nil) end)
  raises("bad argument #1 to 'eval_path' (contains a NUL byte)", "path with a NUL",
         function() e:eval_path("ca\0ses") end)
  raises("bad argument #1 to 'script' (assay.engine expected, got table)", "not an engine",
         function() e.script({}) end)
  local cyc = { id = "c", name = "C", target_group = {} }
  cyc.target_group.back = cyc
  raises("contains itself", "cycle", e.eval_project, e, cyc)
  raises("key 1 is not a string at 'target_group'", "non-string key",
         e.eval_project, e, { id = "k", name = "K", target_group = { "a", x = "b" } })
  raises("finite", "NaN", e.eval_project, e, { id = "n", name = "N", w = 0 / 0 })
  raises("finite", "infinity", e.eval_project, e, { id = "n", name = "N", w = math.huge })
  raises("function cannot be a value at 'f'", "function value",
         e.eval_project, e, { id = "n", name = "N", f = print })
  e:close()
end)

group("a project table: nested fields, types, sorted keys", function()
  local proj = {
    id = "tbl", name = "From a table", country = "KE",
    motto = "tab\there\1 \"q\" \\ \u{e9} bad\255",
    target_group = { clustered = true, size = { small = 3 } },
    sector = { "metal", "wood" },
    sources = { { id = "rev", citation = "The review" } },
    indicators = {
      A1 = { value = 70, unit = "percent", evidence = "seven in ten", source = "rev",
             locator = "s2", confidence = "medium" },
      B1 = "present",
      R1 = { value = 0.25, unit = "ratio" },
      N1 = { value = 12, unit = "count" },
    },
  }
  local e = tiny_engine()
  local results, diags, status = e:eval_project(proj)
  eq(status, "ok", "status (" .. (diags[1] and diags[1].message or "") .. ")")
  eq(#results, 1, "one result")
  local r = results[1]
  eq(r.id, "tbl", "id")
  eq(r.name, "From a table", "name")
  eq(r.file, "<built>", "file of a built project")
  -- a 0.7 (label low), b 1, c 0.5 at weight 0: (3 * 0.7 + 1) / 4 = 0.775
  near(r.score, 0.775, "score")
  near(r.coverage, 1, "coverage")
  eq(r.verdict, "good", "verdict")
  local a = r.criteria[1]
  eq(a.label, "low", "label a (0.7 < 0.75)")
  near(a.contribution, 0.525, "contribution a = 3 * 0.7 / 4")
  near(r.criteria[2].contribution, 0.25, "contribution b = 1 * 1 / 4")
  eq(a.note, "A1=70", "note a")
  local ev = a.evidence[1]
  eq(ev.value, 70, "A1 value")
  eq(math.type(ev.value), "integer", "integer from Lua stays an integer")
  eq(ev.quote, "seven in ten", "quote")
  eq(ev.source, "rev", "source")
  eq(ev.locator, "s2", "locator")
  eq(ev.confidence, "medium", "confidence")
  eq(r.criteria[3].note, "float integer", "float and integer types inside the script")
  eq(r.criteria[3].evidence[1].value, 0.25, "R1 value")
  eq(math.type(r.criteria[3].evidence[1].value), "float", "R1 stays a float")
  -- a whole float stays a float too, in the script and in the evidence
  proj.indicators.R1.value = 2.0
  r = e:eval_project(proj)[1]
  eq(r.criteria[3].note, "float integer", "2.0 is a float inside the script")
  eq(math.type(r.criteria[3].evidence[1].value), "float", "2.0 stays a float")
  proj.indicators.R1.value = 0.25

  -- the same table again: a built project's id is not counted in the run
  results, diags, status = e:eval_project(proj)
  eq(status, "ok", "evaluated again")
  eq(#results, 1, "one result again")

  -- an integral float stays a float for the script
  proj.indicators.R1.value = 2.0
  local n = e:eval_project(proj, function(res)
    eq(res.criteria[3].note, "float integer", "2.0 is a float inside the script")
  end)
  eq(n, 1, "eval_project with fn")

  -- nested fields through p:field
  local f = assay.new()
  assert(f:load_script_string(FIELDS, "fields"))
  results = f:eval_project(proj)
  r = results[1]
  eq(r.verdict, "done", "fields verdict")
  eq(r.criteria[1].note, "KE|wood|3|true", "p:field of nested values")
  local evs = r.criteria[1].evidence
  eq(evs[1].field, "country", "field evidence 1")
  eq(evs[1].value, "KE", "field value 1")
  eq(evs[2].field, "sector.2", "field evidence 2")
  eq(evs[2].value, "wood", "field value 2")
  eq(evs[3].field, "target_group.size.small", "field evidence 3")
  eq(evs[3].value, 3, "field value 3")
  eq(evs[4].value, true, "field value 4")
  local m = r.criteria[2].evidence[1]
  eq(m.field, "target_group.size", "mapping field")
  eq(type(m.value), "table", "a mapping value becomes a table")
  eq(m.value.small, 3, "its member")
  -- The value as the script read it, byte for byte: control bytes,
  -- quotes, UTF-8, and the invalid byte 255 (which JSON would replace);
  -- a NUL is refused (see "a NUL byte in a project table is refused")
  eq(r.criteria[2].evidence[2].value, "tab\there\1 \"q\" \\ \u{e9} bad\255",
     "a string with control and invalid bytes")

  -- indicators in sorted key order: a script sees A1, B1, N1, R1
  assert(f:load_script_string([[
criterion { id = "o", title = "Order", evaluate = function(p)
  local ids = {}
  for id in p:indicators() do ids[#ids + 1] = id end
  return 1, table.concat(ids, ",")
end }
weighting { aggregate = "weighted_mean", verdicts = { { "any" } } }
]], "order"))
  results = f:eval_project(proj)
  eq(results[1].criteria[1].note, "A1,B1,N1,R1", "indicators in sorted order")

  -- a rejected project is input, with a diagnostic
  results, diags, status = f:eval_project({ id = "r", name = "R", indicators = { B1 = "presnt" } })
  eq(status, "input", "a rejected table is input")
  eq(#results, 0, "no result")
  eq(diags[1].file, "<built>", "diag file")
  has(diags[1].message, "'presnt' is not an ordinal value", "diag message")
  -- an empty table is an empty mapping
  results, diags, status = f:eval_project({ id = "e", name = "E", target_group = {} })
  eq(status, "ok", "an empty mapping is fine")
  results, diags, status = f:eval_project({ id = "e", name = "E", sources = {} })
  eq(status, "input", "sources = {} is a mapping, not a list")
  f:close()
  e:close()
end)

group("a project table's id and name are checked as a case file's", function()
  -- a missing or bad id or name is what a case file can get wrong too: a
  -- diag with status "input", the project not evaluated, never a raise
  local e = tiny_engine()
  local function rejected(tbl, message, what)
    local results, diags, status = e:eval_project(tbl)
    eq(status, "input", what .. ": status")
    eq(#results, 0, what .. ": no result")
    eq(#diags, 1, what .. ": one diag")
    eq(diags[1].file, "<built>", what .. ": diag file")
    eq(diags[1].line, nil, what .. ": no line for a table")
    eq(diags[1].message, message, what .. ": message")
    eq(diags.omitted, 0, what .. ": nothing omitted")
  end
  rejected({ name = "X" }, "missing required key 'id'", "no id")
  rejected({ id = "x" }, "missing required key 'name'", "no name")
  rejected({ id = "a b", name = "X" },
           "id must be made of letters, digits, '_', '.' and '-'", "a malformed id")
  rejected({ id = { "x" }, name = "X" },
           "id must be made of letters, digits, '_', '.' and '-'", "a list for an id")
  rejected({ id = "x", name = "" }, "name must be a non-empty string", "an empty name")
  rejected({ id = "x", name = { first = "X" } }, "name must be a non-empty string",
           "a mapping for a name")
  -- with fn: nothing handed over, the same diag
  local calls = 0
  local n, diags, status = e:eval_project({ id = "x" }, function() calls = calls + 1 end)
  eq(n, 0, "count with fn for a rejected table")
  eq(calls, 0, "fn not called")
  eq(status, "input", "status with fn")
  has(diags[1].message, "missing required key 'name'", "diag with fn")
  -- scalars a case file would take for them are taken, as `id: 12` is
  local results
  results, diags, status = e:eval_project({ id = 12, name = 7 })
  eq(status, "ok", "an integer id and name")
  eq(results[1].id, "12", "the id as text")
  eq(results[1].name, "7", "the name as text")
  eq(results[1].file, "<built>", "file of the result")
  eq(results[1].line, 0, "line of the result")
  -- what no case file could hold still raises, at the key
  raises("project table: a NUL character (\\0) is not allowed in text at 'id'",
         "a NUL in the id", e.eval_project, e, { id = "x\0y", name = "X" })
  raises("project table: a function cannot be a value at 'name'", "a function for a name",
         e.eval_project, e, { id = "x", name = print })
  e:close()
end)

group("a NUL byte in a project table is refused", function()
  -- Lua strings may hold NUL bytes; assay's text ends at one, so evidence
  -- "vis\0hidden" would have been read as "vis". Values and keys alike.
  local e = tiny_engine()
  raises("project table: a NUL character (\\0) is not allowed in text at "
         .. "'indicators.B1.evidence'", "in a value", e.eval_project, e,
         { id = "n", name = "N", indicators = { B1 = { value = "present",
                                                        evidence = "vis\0hidden" } } })
  raises("project table: a NUL character (\\0) is not allowed in text at "
         .. "'target_group.cl\\0ustered'", "in a key", e.eval_project, e,
         { id = "n", name = "N", target_group = { ["cl\0ustered"] = true } })
  raises("project table: a NUL character (\\0) is not allowed in text at 'notes.2'",
         "in a list", e.eval_project, e, { id = "n", name = "N", notes = { "a", "\0" } })
  -- other control bytes are text
  local results, diags = e:eval_project({ id = "n", name = "N", notes = { "\1" } })
  eq(#diags, 0, "a control byte other than NUL")
  eq(#results, 1, "is evaluated")
  e:close()
end)

group("limits reach the engine", function()
  local e = assay.new({ limits = { instructions = 100000, depth = 3 } })
  eq(e:limits().instructions, 100000, "instructions as given")
  eq(e:limits().depth, 3, "depth as given")
  eq(e:limits().nodes, 100000, "nodes default")
  assert(e:load_script_string(LOOP, "loop"))
  local t0 = os.clock()
  local results, _, status = e:eval_string("id: x\nname: X\n")
  local spent = os.clock() - t0
  eq(status, "criteria", "a limit is a criterion failure")
  local c = results[1].criteria[1]
  eq(c.status, "limit", "criterion status")
  has(c.error, "instruction limit", "limit message")
  has(c.error, "100000", "message names the limit given")
  assert(spent < 0.9, "stopped by the instruction limit, not the 1 s time limit: " .. spent)
  -- depth 3: root, target_group, size
  local diags
  results, diags = e:eval_project({ id = "d", name = "D", target_group = { size = {} } })
  eq(#diags, 0, "three levels fit a depth of 3")
  eq(#results, 1, "and are evaluated")
  raises("deeper than the depth limit of 3", "four levels",
         e.eval_project, e, { id = "d", name = "D", target_group = { size = { x = {} } } })
  e:close()
end)

group("limits are held to their ranges", function()
  -- the depth that made the parser allocate (depth + 1) frames, a size
  -- that wrapped to 0, and a four-line document crash the host
  raises("limits.depth must be an integer from 1 to 1000, not 4294967295", "depth 2^32 - 1",
         assay.new, { limits = { depth = 4294967295 } })
  raises("limits.depth must be an integer from 1 to 1000, not 1001", "one past the top",
         assay.new, { limits = { depth = 1001 } })
  raises("limits.message_bytes must be an integer from 64 to 1048576, not 63", "below the floor",
         assay.new, { limits = { message_bytes = 63 } })
  raises("limits.lua_bytes must be an integer from 65536 to 1099511627776, not 65535",
         "a heap too small for the sandbox", assay.new, { limits = { lua_bytes = 65535 } })
  raises("limits.time_ms must be an integer from 1 to 86400000, not 86400001", "over a day",
         assay.new, { limits = { time_ms = 86400001 } })
  -- both ends of every range are taken as they are
  local top = { doc_bytes = 1 << 30, depth = 1000, nodes = 10^9, aliases = 10^6,
                scalar_bytes = 1 << 30, key_bytes = 1 << 30, script_bytes = 1 << 30,
                message_bytes = 1 << 20, lua_bytes = 1 << 40, instructions = 10^12,
                time_ms = 86400000, string_bytes = 1 << 40, pattern_steps = 10^12 }
  local e = assay.new({ limits = top })
  for k, v in pairs(top) do eq(e:limits()[k], v, "top of " .. k) end
  e:close()
  local low = { doc_bytes = 1, depth = 1, nodes = 1, aliases = 1, scalar_bytes = 1,
                key_bytes = 1, script_bytes = 1, message_bytes = 64, lua_bytes = 1 << 16,
                instructions = 1, time_ms = 1, string_bytes = 1, pattern_steps = 1 }
  e = assay.new({ limits = low })
  for k, v in pairs(low) do eq(e:limits()[k], v, "bottom of " .. k) end
  e:close()
  -- at the top of the depth range a table nests 1000 deep (the root and
  -- 999 more), walked by the criterion to its bottom; one more is refused
  e = assay.new({ limits = { depth = 1000 } })
  assert(e:load_script_string([[
criterion { id = "d", evaluate = function(p)
  local d, n = p:field("d"), 0
  while type(d) == "table" do d, n = d[1], n + 1 end
  return n == 999 and d == 1
end }]], "deep"))
  local function nest(levels)
    local t = 1
    for _ = 1, levels do t = { t } end
    return t
  end
  local results, diags = e:eval_project({ id = "deep", name = "D", d = nest(999) })
  eq(#diags, 0, "999 tables under d fit a depth of 1000")
  eq(results[1].criteria[1].score, 1, "and are walked to the bottom")
  raises("deeper than the depth limit of 1000", "1001 levels",
         e.eval_project, e, { id = "deep", name = "D", d = nest(1000) })
  e:close()
end)

group("close twice, use after close, <close>", function()
  local e = tiny_engine()
  e:close()
  e:close()
  eq(tostring(e), "assay.engine (closed)", "tostring of a closed engine")
  raises("attempt to use a closed assay engine", "script after close", e.script, e)
  raises("attempt to use a closed assay engine", "eval after close", e.eval_path, e, "cases")
  local kept
  do
    local c <close> = tiny_engine()
    kept = c
    has(tostring(c), "assay.engine (0x", "tostring of an open engine")
  end
  eq(tostring(kept), "assay.engine (closed)", "<close> closed it")
  eq(getmetatable(e), "assay.engine", "the metatable is protected")
  collectgarbage()
  collectgarbage()
end)

group("two engines are independent", function()
  local e1, e2 = tiny_engine(), assay.new()
  assert(e2:load_script_string(FIELDS, "fields"))
  eq(e1:script().name, "tiny", "e1 script")
  eq(e2:script().name, "fields", "e2 script")
  local doc = "id: one\nname: One\ncountry: KE\nsector: [a, b]\n" ..
              "target_group: { clustered: false, size: { small: 1 } }\n"
  local r1, _, s1 = e1:eval_string(doc)
  local r2, _, s2 = e2:eval_string(doc)
  eq(s1, "ok", "e1 status")
  eq(s2, "ok", "e2 status: the same id in another engine is no duplicate")
  eq(#r1[1].criteria, 3, "e1 uses its script")
  eq(r2[1].criteria[1].note, "KE|b|1|false", "e2 uses its script")
  local _, d1, s3 = e1:eval_string(doc)
  eq(s3, "input", "a second run of the id on e1 is a duplicate")
  has(d1[1].message, "duplicate project id 'one'", "duplicate message")
  e1:close()
  local r3 = e2:eval_string(doc:gsub("id: one", "id: three"))
  eq(r3[1].id, "three", "e2 works after e1 is closed")
  -- an engine inside another's callback is fine
  local e3 = tiny_engine()
  local inner
  e2:eval_string(doc:gsub("id: one", "id: four"), function()
    inner = e3:eval_string(DOCS)
  end)
  eq(#inner, 2, "another engine from inside a callback")
  e3:close()
  e2:close()
end)

-- A built project has no file: ind.where is "<built>" and its origin line
-- (0 when none is set), and an error naming an indicator gets no place.
group("a built project's values have no place in a file", function()
  local e = assay.new()
  assert(e:load_script_string([[
criterion { id = "w", evaluate = function(p) return 0.5, p:indicator("X").where end }
criterion { id = "e", evaluate = function(p) local v = p:value("X"); error("X is odd", 0) end }
]], "w.lua"))
  local r = e:eval_project({ id = "b", name = "B", indicators = { X = "present" } })[1]
  eq(r.criteria[1].note, "<built>:0", "where of a built project")
  eq(r.criteria[2].error, "w.lua:2: X is odd", "no place added for a built project")
  e:close()
end)

-- Needs a decimal-comma locale: LOCPATH=build/locale after make build/locale.
do
  local locale = os.setlocale("de_DE.UTF-8", "numeric") or os.setlocale("de_DE.utf8", "numeric")
  if not locale then
    print("skip - decimal-comma locale (no de_DE.UTF-8; set LOCPATH=build/locale)")
  else
    group("a decimal-comma locale in the host", function()
      local e = tiny_engine()
      local results = e:eval_project({ id = "l", name = "L",
        indicators = { A1 = { value = 80, unit = "percent" }, B1 = "present",
                       R1 = { value = 0.25, unit = "ratio" } } })
      local r = results[1]
      near(r.score, 0.85, "score (3 * 0.8 + 1) / 4")
      eq(r.criteria[3].evidence[1].value, 0.25, "0.25 from a table is read as 0.25, not 0")
      results = e:eval_string(DOCS, "tiny.yaml")
      near(results[1].score, 0.6, "score of a YAML string")
      eq(results[1].criteria[3].evidence[1].value, 2.5, "2.5 from JSON evidence")
      e:close()
    end)
    os.setlocale("C", "numeric")
  end
end

if failures > 0 then
  print(("%d group(s) failed"):format(failures))
  os.exit(1)
end
print("all groups passed")

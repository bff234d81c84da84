---@meta assay
--
-- assay: types of what an evaluation script sees, for the Lua language
-- server (LuaLS). This file is a declaration only: assay never runs it,
-- and the functions below are empty stand-ins for the real ones. It
-- follows core/lproject.c (the project and indicator objects),
-- core/script.c (criterion{} and weighting{}), core/eval.c (what rules
-- and aggregate functions receive) and core/sandbox.c (the globals);
-- tests/embed/check_types.py keeps it so.
-- The `stock` module is annotated in scripts/stock.lua itself.
--
-- Editor setup: a .luarc.json in the folder that holds your scripts, with
-- the stock script folder as a library (`assay scripts --path` prints it;
-- scripts/ in a source tree, PREFIX/share/assay/scripts once installed).
-- That one folder gives the editor `require "stock"` and this file both.
-- The builtin switches hide the libraries the sandbox does not have:
--
--   {
--     "runtime.version": "Lua 5.4",
--     "workspace.library": ["/usr/local/share/assay/scripts"],
--     "runtime.builtin": {
--       "io": "disable", "os": "disable", "debug": "disable",
--       "coroutine": "disable", "package": "disable"
--     }
--   }
--
-- The sandbox (core/sandbox.c). A script's global table holds only:
--
--   globals:   _G _VERSION assert error getmetatable ipairs next pairs pcall rawequal rawget rawlen rawset require select setmetatable tonumber tostring trace type xpcall criterion weighting
--   libraries: string table math utf8
--   blocked:   io os package debug coroutine load loadstring dofile loadfile collectgarbage print module setfenv getfenv
--
-- The libraries are read-only views (writing to one is an error), and so
-- are the globals once the script has loaded: set globals at the top level
-- and use locals inside functions. A blocked name raises an error naming
-- it when read. Beyond that: scripts load as text only (no bytecode) and
-- string.dump is gone; metatables may not hold __gc, __close or __mode
-- (setmetatable refuses them, and so does a metatable they are added to
-- later); the string metatable cannot be read or changed; no string may be
-- longer than the string limit, making strings counts as instructions (one
-- per 16 bytes), and the pattern functions (find, match, gmatch, gsub) are
-- bounded by the pattern-step limit; table.move, insert, remove, concat,
-- sort and unpack are charged as instructions for the elements they touch;
-- xpcall runs its handler after the error has unwound. So that runs repeat
-- byte for byte: pairs and next visit numbers (ascending), then strings
-- (bytewise), then booleans, then tables and functions in creation order;
-- tostring and %p show objects as numbers ("table: #1"), not addresses;
-- table.sort is stable; math.random is reseeded before each criterion from
-- the project's and the criterion's ids, and math.randomseed() with no
-- argument reseeds from that seed, never the clock.
-- `require`, `trace` and criterion{}/weighting{} are described below.

-- Required by a script, this file would replace criterion and weighting
-- with empty functions: stop at once instead, saying why.
if ... then
  error("types/assay.lua holds annotations for the editor; scripts do not "
        .. "require it", 2)
end

-- ---------------------------------------------------------------------
-- Values read from a case file

---A value an indicator can state: case files allow scalars only.
---@alias assay.scalar string|number|boolean

---What a descriptive field can be: a scalar, nil for YAML null or a missing
---path, or a fresh table for a mapping (string keys) or sequence (from 1).
---@alias assay.field_value nil|boolean|integer|number|string|table

---@alias assay.indicator_status
---| "stated"          # the case gives a value
---| "not_stated"      # coded not_stated: the source says nothing
---| "not_applicable"  # coded not_applicable

---@alias assay.confidence "high"|"medium"|"low"

---@alias assay.criterion_status
---| "scored"          # evaluate returned a score
---| "not_assessable"  # evaluate returned nil: no evidence in the case
---| "error"           # evaluate raised, or returned something else
---| "limit"           # a sandbox limit was hit

---The entry of the case's `sources` that an indicator cites.
---@class assay.source
---@field id string The source's id in the case file.
---@field citation string? Its citation text, nil when the case gives none.

-- ---------------------------------------------------------------------
-- The project object (core/lproject.c, metatable "assay.project")

---The project being evaluated, passed to evaluate(p) and to rules and
---aggregate functions. Read-only: assigning to it raises an error naming
---the field. Reading a name that is neither a field nor a method raises
---too, suggesting the nearest (descriptive fields are read with p:field).
---Every indicator and field read through it is recorded as the running
---criterion's evidence.
---It is valid only while its project is evaluated: kept and used later,
---it raises an error. tostring(p) gives "project 'ID'".
---@class assay.project
---@field id string The project's id (unique in a run).
---@field name string The project's name.
---@field file string The case file the project came from, as given to assay.
---@field line integer Line of the case file where the project's document starts (1-based).
local project = {}

---The descriptive field at a dotted path such as "target_group.clustered";
---a numeric part indexes a sequence from 1 ("sites.2.name"). nil when the
---path leads nowhere. Mappings and sequences come back as fresh tables.
---@param path string Dotted path; no NUL byte.
---@return assay.field_value
function project:field(path) end

---The indicator object for id, or nil when the case does not have it
---(a not_stated or not_applicable indicator is returned: see its status).
---@param id string Indicator id; no NUL byte.
---@return assay.indicator?
function project:indicator(id) end

---The indicator's stated value, or nil when it is missing, not_stated or
---not_applicable.
---@param id string Indicator id; no NUL byte.
---@return assay.scalar?
function project:value(id) end

---true when the case states a value for the indicator (status "stated").
---@param id string Indicator id; no NUL byte.
---@return boolean
function project:has(id) end

---Iterate over every indicator of the case in file order:
---`for id, ind in p:indicators() do ... end`. Each one visited is recorded
---as evidence.
---@return fun(): string, assay.indicator
function project:indicators() end

-- ---------------------------------------------------------------------
-- The indicator object (core/lproject.c, metatable "assay.indicator")

---One indicator of the case. Read-only like the project, valid only while
---its project is evaluated, and recorded as evidence when any field of it
---is read. Reading an unknown field raises an error that lists the fields
---(and suggests the nearest).
---tostring(ind) gives "indicator 'ID'".
---@class assay.indicator
---@field id string The indicator's id, e.g. "DEM1".
---@field value assay.scalar? The stated value; nil when not_stated or not_applicable.
---@field status assay.indicator_status Whether the case states a value.
---@field unit string? The unit the case gives (ordinal, percent, ratio, count, currency, years, boolean, text, ...), or nil.
---@field evidence string? The quoted sentence of evidence, or nil.
---@field source assay.source? The cited source as a fresh table, or nil when none is cited.
---@field locator string? Where in the source, e.g. "s5.2", or nil.
---@field confidence assay.confidence? The coder's confidence, or nil.
---@field note string? The coder's note on the indicator in the case, or nil.
---@field where string Where the case states the value: "FILE:LINE:COL", 1-based, as the case file was named to assay ("FILE:LINE" for a project built in code).

-- ---------------------------------------------------------------------
-- Results, as rules and aggregate functions see them (core/lresults.c)

---One criterion's result, read-only (assigning raises an error), showing
---the project whose rules run; pairs gives its fields in bytewise order,
---next and rawget see nothing in it.
---@class assay.criterion_result
---@field id string The criterion's id.
---@field title string Its title (the id when none was declared).
---@field group string? Its group, nil when none was declared.
---@field weight number Its weight.
---@field status assay.criterion_status How its evaluation ended.
---@field score number? Its score in [0, 1]; nil unless status is "scored".
---@field label string? The label its bands chose; nil without bands, and always nil inside its own bands' when().
---@field note string? The note evaluate returned, cleaned and cut to the message limit.

---Every criterion's result in script order (results[1], ...) and also
---under its id (results.demand); ipairs visits each once, # counts them.
---Read-only.
---@alias assay.results table<integer|string, assay.criterion_result>

---What a verdict rule's when() receives as its second argument, read-only.
---@class assay.verdict_info
---@field score number? The project's score; nil when there is none.
---@field coverage number Weight of scored criteria over the total weight, in [0, 1].
---@field criteria assay.results Every criterion's result, labels included.

-- ---------------------------------------------------------------------
-- Declarations (core/script.c)

---A score in [0, 1] (true counts 1, false 0), or nil when the case holds no
---evidence (status not_assessable); then an optional note, a string (a
---number is turned into one). Anything else, NaN or a score outside
---[0, 1] makes the criterion's status "error", naming the line of the
---return statement that gave it. An error raised that names an indicator
---the criterion read also says where the case gives its value.
---@alias assay.evaluate fun(p: assay.project): (number|boolean|nil), (string|number|nil)

---A rule of a criterion's `bands`: { "label", at_least = x, when = f }.
---All given conditions must hold; the first rule that holds gives the
---label. A rule with no condition must come last. Bands apply only to a
---scored criterion.
---@class assay.band_rule
---@field [1] string The label (no NUL byte).
---@field at_least number? Holds when the criterion's score >= at_least (1e-9 of slack).
---@field when (fun(p: assay.project, result: assay.criterion_result): any)? Holds when it returns a true value; result is this criterion's result (status "scored", label nil).

---A rule of the weighting's `verdicts`: { "label", at_least = x,
---coverage_below = y, when = f }. All given conditions must hold; the
---first rule that holds gives the verdict. A rule with no condition must
---come last.
---@class assay.verdict_rule
---@field [1] string The verdict (no NUL byte).
---@field at_least number? Holds when the project has a score >= at_least (1e-9 of slack).
---@field coverage_below number? Holds when coverage < coverage_below (1e-9 of slack).
---@field when (fun(p: assay.project, info: assay.verdict_info): any)? Holds when it returns a true value.
---@field standing ("good"|"neutral"|"bad")? How good the verdict is, for reports' colours and order; worked out from the thresholds when left out.

---The table given to criterion{}. Unknown keys are refused.
---@class assay.criterion_spec
---@field id string Required: letters, digits, '_', '.' and '-'; unique in the script.
---@field title string? Shown in reports; defaults to the id. No NUL byte.
---@field group string? A group name shown in reports. No NUL byte.
---@field weight number? From 0 to 1e9, default 1. Weight 0 reports the criterion without counting it.
---@field evaluate assay.evaluate Required: scores one project.
---@field bands assay.band_rule[]? 1 to 1000 rules that label the score, e.g. stock.BANDS.
---@field description string? What the criterion is about, for readers: shown by `assay explain`, as `description` in the JSON report and by assay_result_criterion_description. No NUL byte.

---How the project's score is made from the criteria's scores.
---@alias assay.aggregate
---| "weighted_mean"  # over scored criteria: sum(w * s) / sum(w) (the default)
---| "geometric"      # weighted geometric mean of scored criteria of positive weight; 0 if one scores 0
---| "minimum"        # lowest score among scored criteria of positive weight
---| fun(results: assay.results, p: assay.project): number? # a score in [0, 1], or nil for none

---The table given to weighting{}. Unknown keys are refused.
---@class assay.weighting_spec
---@field aggregate assay.aggregate? Default "weighted_mean".
---@field verdicts assay.verdict_rule[]? 1 to 1000 rules; first match wins. Without them a project has no verdict.

---Declare a criterion. Only while the script loads (at its top level or
---in a module it requires): called from evaluate, it raises an error.
---A script must declare at least one.
---@param spec assay.criterion_spec
function criterion(spec) end

---Declare how criteria combine into a score and a verdict: at most once
---per script, and only while the script loads. Without it the score is
---the weighted mean and there is no verdict.
---@param spec assay.weighting_spec
function weighting(spec) end

---Load the module `name` ("a.b" is a/b.lua) from the script's own folder,
---then from the stock script folder, and nowhere else. What a module
---returns is kept and given to every later require of it (true when it
---returns nothing). "assay" is refused: that is the host-side module.
---@param name string Letters, digits, '_' and '-' in parts joined by '.'.
---@return any
function require(name) end

---print's stand-in: keep its arguments, each through tostring and joined
---by tabs, with the line it is called from, on the result of what runs:
---the criterion (in evaluate and in its bands' when), or the project (in
---the aggregate function and the verdicts' when). Shown by `assay
---explain` and `assay run --trace`, never in a normal report; without
---them it does nothing. Its text counts against the call's instructions
---(one per 16 bytes), and a call keeps at most the trace_bytes limit
---(64 KiB by default): what is over is dropped, and one line says how
---much. While the script loads it does nothing.
---@param ... any
function trace(...) end

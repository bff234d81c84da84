-- Unit tests of scripts/stock.lua, run by the host interpreter:
--
--   lua5.4 tests/lua/test_stock.lua        (from the repository root)
--
-- Every expectation is worked out by hand in the comment beside it.
-- Prints one line per failed check and, last, "stock: N passed, N failed";
-- exits non-zero when a check failed.

local root = (arg and arg[0] or ""):match("^(.*)/tests/lua/[^/]*$") or "."
package.path = root .. "/scripts/?.lua;" .. root .. "/tests/lua/?.lua;"
  .. package.path

local stock = require "stock"

local h = require "harness"
local ok, eq, raises, show = h.ok, h.eq, h.raises, h.show

local function project(inds, fields) return h.project(inds, fields) end

-- ordinal ----------------------------------------------------------------

eq("ORDINAL.present", stock.ORDINAL.present, 1)
eq("ORDINAL.partial", stock.ORDINAL.partial, 0.5)
eq("ORDINAL.absent", stock.ORDINAL.absent, 0)
eq("ordinal present", stock.ordinal("present"), 1)
eq("ordinal partial", stock.ordinal("partial"), 0.5)
eq("ordinal absent", stock.ordinal("absent"), 0)
eq("ordinal true", stock.ordinal(true), 1)
eq("ordinal false", stock.ordinal(false), 0)
eq("ordinal nil", stock.ordinal(nil), nil)
eq("ordinal not_stated", stock.ordinal("not_stated"), nil)
eq("ordinal other word", stock.ordinal("high"), nil)
eq("ordinal number", stock.ordinal(1), nil)
eq("ordinal table", stock.ordinal({}), nil)

-- The functions keep their own scale: changing stock.ORDINAL does nothing.
stock.ORDINAL.partial = 0.9
eq("ordinal after ORDINAL changed", stock.ordinal("partial"), 0.5)
stock.ORDINAL.partial = 0.5

-- BANDS ------------------------------------------------------------------

eq("BANDS has 3 rules", #stock.BANDS, 3)
eq("BANDS[1] label", stock.BANDS[1][1], "present")
eq("BANDS[1] at_least", stock.BANDS[1].at_least, 0.75)
eq("BANDS[2] label", stock.BANDS[2][1], "partial")
eq("BANDS[2] at_least", stock.BANDS[2].at_least, 0.25)
eq("BANDS[3] label", stock.BANDS[3][1], "absent")
eq("BANDS[3] unconditional", stock.BANDS[3].at_least, nil)

-- mean_ordinal -----------------------------------------------------------

local CAP = { "CAP1", "CAP2", "CAP3", "CAP4" }

do -- CAP1 present, CAP2 partial, CAP3 coded not_stated, CAP4 missing
  local p = project({ CAP1 = "present", CAP2 = "partial", CAP3 = "not_stated" })
  local s, note, cov = stock.mean_ordinal(p, CAP)
  eq("mean: score", s, 0.75)                 -- (1 + 0.5) / 2
  eq("mean: note", note, "CAP1 present, CAP2 partial; CAP3, CAP4 not stated")
  eq("mean: coverage", cov, 0.5)             -- 2 of 4 stated, weight 1 each
end

do -- weighted: GRP2 at 0.5
  local p = project({ GRP1 = "present", GRP2 = "partial", GRP3 = "absent" })
  local s, note, cov = stock.mean_ordinal(p, { "GRP1", "GRP2", "GRP3", "GRP4" },
                                          { weights = { GRP2 = 0.5 } })
  -- (1*1 + 0.5*0.5 + 1*0) / (1 + 0.5 + 1) = 1.25 / 2.5
  eq("weighted mean: score", s, 0.5)
  eq("weighted mean: note", note,
     "GRP1 present, GRP2 partial (weight 0.5), GRP3 absent; GRP4 not stated")
  eq("weighted mean: coverage", cov, 2.5 / 3.5)   -- stated 2.5 of 3.5
end

do -- Kenya-like groups: GRP1 present, GRP2 partial at 0.5, GRP3, GRP4 present
  local p = project({ GRP1 = "present", GRP2 = "partial", GRP3 = "present",
                      GRP4 = "present" })
  local s = stock.mean_ordinal(p, { "GRP1", "GRP2", "GRP3", "GRP4" },
                               { weights = { GRP2 = 0.5 } })
  eq("weighted mean: GRP2 partial", s, 3.25 / 3.5)  -- (1 + 0.25 + 1 + 1) / 3.5
end

do -- a weight of 2 counts an indicator twice
  local p = project({ INC1 = "absent", INC2 = "present" })
  local s, note = stock.mean_ordinal(p, { "INC1", "INC2" }, { weights = { INC2 = 2 } })
  eq("weight 2: score", s, 2 / 3)           -- (0 + 2*1) / (1 + 2)
  eq("weight 2: note", note, "INC1 absent, INC2 present (weight 2)")
end

do -- nothing stated: nil, a note naming the missing ids, coverage 0
  local p = project({ DEM1 = "not_stated" })
  local s, note, cov = stock.mean_ordinal(p, { "DEM1", "DEM2" })
  eq("none stated: score", s, nil)
  eq("none stated: note", note, "none of DEM1, DEM2 is stated")
  eq("none stated: coverage", cov, 0)
end

do -- min_stated = 2 with one stated
  local p = project({ CAP1 = "present" })
  local s, note, cov = stock.mean_ordinal(p, CAP, { min_stated = 2 })
  eq("min_stated: score", s, nil)
  eq("min_stated: note", note,
     "1 of CAP1, CAP2, CAP3, CAP4 stated, 2 needed: CAP1 present; CAP2, CAP3, CAP4 not stated")
  eq("min_stated: coverage", cov, 0.25)      -- 1 of 4
end

do -- min_stated = 2 met
  local p = project({ CAP1 = "present", CAP2 = "absent" })
  eq("min_stated met", stock.mean_ordinal(p, CAP, { min_stated = 2 }), 0.5) -- (1 + 0) / 2
end

do -- not_applicable leaves the denominator of coverage
  local p = project({ A = "present", B = "not_applicable" })
  local s, note, cov = stock.mean_ordinal(p, { "A", "B", "C" })
  eq("not applicable: score", s, 1)
  eq("not applicable: note", note, "A present; C not stated; B not applicable")
  eq("not applicable: coverage", cov, 0.5)   -- A of A + C (B does not apply)
end

do -- every indicator not applicable
  local p = project({ A = "not_applicable" })
  local s, note, cov = stock.mean_ordinal(p, { "A" })
  eq("all inapplicable: score", s, nil)
  eq("all inapplicable: note", note, "0 of A stated, 1 needed: A not applicable")
  eq("all inapplicable: coverage", cov, 0)
end

do -- stated indicators of weight 0 only
  local p = project({ A = "present" })
  local s, note, cov = stock.mean_ordinal(p, { "A", "B" }, { weights = { A = 0 } })
  eq("weight 0 only: score", s, nil)
  ok("weight 0 only: note", note:find("weigh 0", 1, true) ~= nil, show(note))
  eq("weight 0 only: coverage", cov, 0)     -- 0 of 0 + 1
end

do -- booleans read as present / absent
  local p = project({ A = true, B = false })
  local s, note = stock.mean_ordinal(p, { "A", "B" })
  eq("booleans: score", s, 0.5)              -- (1 + 0) / 2
  eq("booleans: note", note, "A true, B false")
end

do -- the order of ids is the order of the note
  local p = project({ A = "absent", B = "present" })
  local _, note = stock.mean_ordinal(p, { "B", "A" })
  eq("note order", note, "B present, A absent")
end

raises("mean: number value", "indicator CAP1 is 70", stock.mean_ordinal,
       project({ CAP1 = 70 }), CAP)
raises("mean: unknown word", "indicator CAP1 is 'high'", stock.mean_ordinal,
       project({ CAP1 = "high" }), CAP)
raises("mean: negative weight", "weight of CAP2", stock.mean_ordinal,
       project({}), CAP, { weights = { CAP2 = -1 } })
raises("mean: NaN weight", "weight of CAP2", stock.mean_ordinal,
       project({}), CAP, { weights = { CAP2 = 0 / 0 } })
raises("mean: string weight", "weight of CAP2", stock.mean_ordinal,
       project({}), CAP, { weights = { CAP2 = "1" } })

-- flag -------------------------------------------------------------------

do
  local p = project({ F1 = "present", F2 = "partial", F3 = "absent",
                      F4 = "not_stated", F5 = "not_applicable" })
  local f, note = stock.flag(p, "F1")
  eq("flag present", f, 1)
  eq("flag present: note", note, "F1 present")
  eq("flag partial", stock.flag(p, "F2"), 0.5)
  eq("flag absent", stock.flag(p, "F3"), 0)
  f, note = stock.flag(p, "F4")
  eq("flag not stated", f, nil)
  eq("flag not stated: note", note, "F4 not stated")
  f, note = stock.flag(p, "F5")
  eq("flag not applicable", f, nil)
  eq("flag not applicable: note", note, "F5 not applicable")
  f, note = stock.flag(p, "F6")
  eq("flag missing", f, nil)
  eq("flag missing: note", note, "F6 not stated")
  raises("flag: bad value", "indicator F7 is 'yes'", stock.flag,
         project({ F7 = "yes" }), "F7")
end

-- aggregation ------------------------------------------------------------

-- A results list as the engine builds it: in order, and also by id.
local function results(list)
  for _, r in ipairs(list) do list[r.id] = r end
  return list
end

do
  local R = results {
    { id = "a", weight = 0.5, status = "scored", score = 0.8 },
    { id = "b", weight = 0.3, status = "scored", score = 0.5 },
    { id = "c", weight = 0.2, status = "not_assessable" },
    { id = "d", weight = 0, status = "scored", score = 0 },
    { id = "e", weight = 0.4, status = "error" },
  }
  -- (0.5*0.8 + 0.3*0.5 + 0*0) / (0.5 + 0.3 + 0) = 0.55 / 0.8
  eq("weighted_mean", stock.weighted_mean(R), 0.6875)
  -- exp((0.5 ln 0.8 + 0.3 ln 0.5) / 0.8) = 0.8^0.625 * 0.5^0.375
  --   = exp((-0.1115718 - 0.2079442) / 0.8) = exp(-0.3993949) = 0.6707258;
  -- d (weight 0, score 0) does not count
  eq("geometric", stock.geometric(R), 0.6707257712, 1e-9)
  -- lowest of a 0.8, b 0.5; d has weight 0
  eq("minimum", stock.minimum(R), 0.5)
  -- scored weight 0.5 + 0.3 + 0 over total 0.5 + 0.3 + 0.2 + 0 + 0.4
  eq("coverage", stock.coverage(R), 0.8 / 1.4)
end

do -- a scored 0 of positive weight makes the geometric mean 0
  local R = results {
    { id = "a", weight = 1, status = "scored", score = 1 },
    { id = "b", weight = 1, status = "scored", score = 0 },
  }
  eq("geometric with a zero", stock.geometric(R), 0)
  eq("weighted_mean with a zero", stock.weighted_mean(R), 0.5) -- (1 + 0) / 2
  eq("minimum with a zero", stock.minimum(R), 0)
end

do -- equal scores: every mean is that score
  local R = results {
    { id = "a", weight = 0.25, status = "scored", score = 0.25 },
    { id = "b", weight = 0.25, status = "scored", score = 0.25 },
    { id = "c", weight = 0.5, status = "scored", score = 0.25 },
  }
  eq("weighted_mean of equal scores", stock.weighted_mean(R), 0.25)
  eq("geometric of equal scores", stock.geometric(R), 0.25, 1e-12)
  eq("coverage all scored", stock.coverage(R), 1)
end

do -- nothing scored
  local R = results {
    { id = "a", weight = 1, status = "not_assessable" },
    { id = "b", weight = 1, status = "error" },
  }
  eq("weighted_mean none scored", stock.weighted_mean(R), nil)
  eq("geometric none scored", stock.geometric(R), nil)
  eq("minimum none scored", stock.minimum(R), nil)
  eq("coverage none scored", stock.coverage(R), 0)
  eq("coverage empty", stock.coverage({}), 0)
end

do -- every weight 0: no score; coverage is the share of criteria scored
  local R = results {
    { id = "a", weight = 0, status = "scored", score = 1 },
    { id = "b", weight = 0, status = "not_assessable" },
    { id = "c", weight = 0, status = "scored", score = 0.5 },
  }
  eq("weighted_mean all weight 0", stock.weighted_mean(R), nil)
  eq("geometric all weight 0", stock.geometric(R), nil)
  eq("minimum all weight 0", stock.minimum(R), nil)
  eq("coverage all weight 0", stock.coverage(R), 2 / 3)
end

-- AHP --------------------------------------------------------------------

eq("RI(3)", stock.RANDOM_INDEX[3], 0.58)
eq("RI(4)", stock.RANDOM_INDEX[4], 0.90)
eq("RI(10)", stock.RANDOM_INDEX[10], 1.49)

do -- the textbook 3 x 3 matrix
  local M = { { 1, 3, 5 }, { 1 / 3, 1, 3 }, { 1 / 5, 1 / 3, 1 } }
  local w, cr, lambda, ci = stock.ahp_weights(M)
  -- For a reciprocal 3 x 3 matrix the principal eigenvector is the
  -- normalised vector of row geometric means (an independent method):
  --   (1*3*5)^(1/3) = 15^(1/3) = 2.4662121, (1/3*1*3)^(1/3) = 1,
  --   (1/5*1/3*1)^(1/3) = 15^(-1/3) = 0.4054801; sum 3.8716922;
  --   w = 0.6369856, 0.2582850, 0.1047294.
  eq("ahp 3x3 w1", w[1], 0.6369856, 1e-6)
  eq("ahp 3x3 w2", w[2], 0.2582850, 1e-6)
  eq("ahp 3x3 w3", w[3], 0.1047294, 1e-6)
  eq("ahp 3x3 sum", w[1] + w[2] + w[3], 1, 1e-12)
  -- and lambda_max = 1 + c + 1/c with c = (a12 a23 / a13)^(1/3)
  --   = (3*3/5)^(1/3) = 1.8^(1/3) = 1.2164404, 1/c = 0.8220707:
  --   lambda_max = 3.0385111; CI = 0.0385111 / 2 = 0.0192555;
  --   CR = 0.0192555 / 0.58 = 0.0331992.
  eq("ahp 3x3 lambda_max", lambda, 3.0385111, 1e-6)
  eq("ahp 3x3 CI", ci, 0.0192555, 1e-6)
  eq("ahp 3x3 CR", cr, 0.0331992, 1e-6)
  ok("ahp 3x3 CR acceptable (<= 0.1)", cr <= 0.1)
end

do -- a consistent 4 x 4 matrix, a_ij = v_i / v_j with v = (0.4, 0.3, 0.2, 0.1):
   -- the weights are v itself, lambda_max = n = 4, CI = CR = 0
  local v = { 0.4, 0.3, 0.2, 0.1 }
  local M = {}
  for i = 1, 4 do
    M[i] = {}
    for j = 1, 4 do M[i][j] = v[i] / v[j] end
  end
  local w, cr, lambda = stock.ahp_weights(M, { "a", "b", "c", "d" })
  for i = 1, 4 do eq("ahp consistent w" .. i, w[i], v[i], 1e-12) end
  eq("ahp consistent lambda", lambda, 4, 1e-12)
  eq("ahp consistent CR", cr, 0, 1e-12)
  eq("ahp names", w.b, w[2])
  eq("ahp names value", w.c, 0.2, 1e-12)
end

do -- 2 x 2: {{1, 4}, {1/4, 1}} -> 4/5, 1/5; always consistent
  local w, cr = stock.ahp_weights({ { 1, 4 }, { 1 / 4, 1 } })
  eq("ahp 2x2 w1", w[1], 0.8, 1e-12)
  eq("ahp 2x2 w2", w[2], 0.2, 1e-12)
  eq("ahp 2x2 CR", cr, 0)
end

do -- 1 x 1
  local w, cr = stock.ahp_weights({ { 1 } })
  eq("ahp 1x1 w", w[1], 1)
  eq("ahp 1x1 CR", cr, 0)
end

do -- an inconsistent 4 x 4: check A w = lambda w and CR = CI / 0.90
  local M = { { 1, 2, 5, 9 }, { 1 / 2, 1, 3, 1 / 2 }, { 1 / 5, 1 / 3, 1, 4 },
              { 1 / 9, 2, 1 / 4, 1 } }
  local w, cr, lambda, ci = stock.ahp_weights(M)
  local worst, sum = 0, 0
  for i = 1, 4 do
    local x = 0
    for j = 1, 4 do x = x + M[i][j] * w[j] end
    worst = math.max(worst, math.abs(x - lambda * w[i]))
    sum = sum + w[i]
    ok("ahp 4x4 w" .. i .. " positive", w[i] > 0)
  end
  ok("ahp 4x4 eigenvector", worst < 1e-9, "residual " .. worst)
  eq("ahp 4x4 sum", sum, 1, 1e-12)
  ok("ahp 4x4 lambda > n", lambda > 4)
  eq("ahp 4x4 CI", ci, (lambda - 4) / 3, 1e-12)
  eq("ahp 4x4 CR", cr, ci / 0.90, 1e-12)
  ok("ahp 4x4 CR above 0.1 (inconsistent)", cr > 0.1, "CR " .. cr)
end

raises("ahp not reciprocal", "not reciprocal", stock.ahp_weights,
       { { 1, 2 }, { 2, 1 } })
raises("ahp diagonal not 1", "not reciprocal", stock.ahp_weights,
       { { 2, 1 }, { 1, 1 } })
raises("ahp zero entry", "positive finite", stock.ahp_weights,
       { { 1, 0 }, { 0, 1 } })
raises("ahp negative entry", "positive finite", stock.ahp_weights,
       { { 1, -2 }, { -0.5, 1 } })
raises("ahp NaN entry", "positive finite", stock.ahp_weights,
       { { 1, 0 / 0 }, { 1, 1 } })
raises("ahp string entry", "positive finite", stock.ahp_weights,
       { { 1, "2" }, { 0.5, 1 } })
raises("ahp not square", "not square", stock.ahp_weights,
       { { 1, 2, 3 }, { 0.5, 1, 2 } })
raises("ahp ragged", "not square", stock.ahp_weights,
       { { 1, 2 }, { 0.5 } })
raises("ahp empty", "non-empty", stock.ahp_weights, {})
raises("ahp not a table", "non-empty", stock.ahp_weights, 3)
raises("ahp names count", "names", stock.ahp_weights,
       { { 1, 2 }, { 0.5, 1 } }, { "a" })

-- ahp_weights_checked ----------------------------------------------------
--
-- The expected figures below come from tests/ahp/reference.py, written in
-- Python by another method (characteristic polynomial and a null vector by
-- Gaussian elimination, not power iteration).

-- The panel's matrix of scripts/ahp-panel.lua (capability, demand, groups,
-- incentives): the reference gives w = 0.4487944, 0.2346298, 0.0819460,
-- 0.2346298; lambda_max = 4.0041580, CI = 0.0013860, CR = 0.0015400.
local PANEL = { { 1, 2, 5, 2 }, { 1 / 2, 1, 3, 1 }, { 1 / 5, 1 / 3, 1, 1 / 3 },
                { 1 / 2, 1, 3, 1 } }
local PANEL_NAMES = { "capability", "demand", "groups", "incentives" }
do
  local w, cr, lambda, ci = stock.ahp_weights_checked(PANEL, PANEL_NAMES)
  eq("ahp checked panel capability", w.capability, 0.4487943838684433, 1e-9)
  eq("ahp checked panel demand", w.demand, 0.2346298056828832, 1e-9)
  eq("ahp checked panel groups", w.groups, 0.08194600476579063, 1e-9)
  eq("ahp checked panel incentives", w.incentives, 0.23462980568288297, 1e-9)
  eq("ahp checked panel w[1]", w[1], w.capability)
  eq("ahp checked panel lambda", lambda, 4.004158017618382, 1e-9)
  eq("ahp checked panel CI", ci, 0.0013860058727939162, 1e-9)
  eq("ahp checked panel CR", cr, 0.0015400065253265735, 1e-9)
end

-- One panellist puts groups 3 times over incentives (m[3][4] = 3 instead of
-- 1/3). The reference gives w = 0.4465952, 0.2414848, 0.1674335, 0.1444864,
-- lambda_max = 4.6030617, CR = 0.2233562; the judgement furthest from the
-- weights is groups over incentives: 3 * w4 / w3 = 2.5888444 while the
-- weights imply w3 / w4 = 1.1588182.
local BAD = { { 1, 2, 5, 2 }, { 1 / 2, 1, 3, 1 }, { 1 / 5, 1 / 3, 1, 3 },
              { 1 / 2, 1, 1 / 3, 1 } }
raises("ahp checked refuses: CR", "consistency ratio is 0.223, not below 0.10",
       stock.ahp_weights_checked, BAD, PANEL_NAMES)
raises("ahp checked refuses: judgement",
       "groups (row 3) over incentives (row 4), m[3][4] = 3 where the weights "
       .. "imply 1.159 (off by a factor of 2.589)",
       stock.ahp_weights_checked, BAD, PANEL_NAMES)
raises("ahp checked refuses: the way out", "{ accept_inconsistency = true }",
       stock.ahp_weights_checked, BAD, PANEL_NAMES)
raises("ahp checked refuses without names", "row 3 over row 4, m[3][4] = 3",
       stock.ahp_weights_checked, BAD)
raises("ahp checked refuses with accept false", "not below 0.10",
       stock.ahp_weights_checked, BAD, PANEL_NAMES,
       { accept_inconsistency = false })
do
  local w, cr = stock.ahp_weights_checked(BAD, PANEL_NAMES,
                                          { accept_inconsistency = true })
  eq("ahp checked accepted w1", w.capability, 0.4465952221127247, 1e-9)
  eq("ahp checked accepted w2", w.demand, 0.2414848023116823, 1e-9)
  eq("ahp checked accepted w3", w.groups, 0.1674335266256175, 1e-9)
  eq("ahp checked accepted w4", w.incentives, 0.14448644894997564, 1e-9)
  eq("ahp checked accepted CR", cr, 0.22335618141513935, 1e-9)
  local i, j, dev, implied = stock.ahp_worst_judgement(BAD, w)
  eq("ahp worst i", i, 3)
  eq("ahp worst j", j, 4)
  eq("ahp worst deviation", dev, 2.5888443944631527, 1e-9)
  eq("ahp worst implied", implied, 1.158818199508707, 1e-9)
end

-- The threshold: refused from 0.10 on. A 3 x 3 matrix {1, a, b; 1/a, 1,
-- c; ...} has lambda_max = 1 + t + 1/t with t = (a c / b)^(1/3) (the
-- textbook case above): a = c = 4, b = 2 gives t = 2, lambda_max = 3.5,
-- CI = 0.25, CR = 0.25 / 0.58 = 0.431 (refused); a = c = 2, b = 4 is
-- consistent (t = 1), CR 0 (accepted).
raises("ahp checked 3x3 refused", "consistency ratio is 0.431",
       stock.ahp_weights_checked, { { 1, 4, 2 }, { 1 / 4, 1, 4 },
                                    { 1 / 2, 1 / 4, 1 } })
eq("ahp checked 3x3 consistent",
   select(2, stock.ahp_weights_checked({ { 1, 2, 4 }, { 1 / 2, 1, 2 },
                                         { 1 / 4, 1 / 2, 1 } })), 0, 1e-12)
eq("ahp AHP_MAX_CR", stock.AHP_MAX_CR, 0.10)

do -- past RI's table (16 x 16, all equal): CR unknown, refused unless accepted
  local M = {}
  for i = 1, 16 do
    M[i] = {}
    for j = 1, 16 do M[i][j] = 1 end
  end
  raises("ahp checked n > 15 refused", "unknown for 16 rows",
         stock.ahp_weights_checked, M)
  local w = stock.ahp_weights_checked(M, nil, { accept_inconsistency = true })
  eq("ahp checked n > 15 accepted", w[16], 1 / 16, 1e-12)
end

raises("ahp checked bad options", "options must be a table",
       stock.ahp_weights_checked, PANEL, PANEL_NAMES, true)
raises("ahp checked bad accept", "accept_inconsistency must be true or false",
       stock.ahp_weights_checked, PANEL, PANEL_NAMES,
       { accept_inconsistency = "yes" })
raises("ahp checked bad matrix", "not reciprocal",
       stock.ahp_weights_checked, { { 1, 2 }, { 2, 1 } })

-- Errors name the line of the script that called (error level): a chunk
-- named "=panel.lua" calls each function on its line 2 (not as a tail
-- call, which would leave no frame of the chunk to name).
for _, fn in ipairs({ "ahp_weights_checked", "ahp_weights" }) do
  local chunk = assert(load("local stock = ...\nlocal w = stock." .. fn
    .. "({ { 1, 4, 2 }, { 1 / 4, 1, 4 }, { 1 / 2, 1 / 4, 5 } })\nreturn w",
    "=panel.lua"))
  local good, err = pcall(chunk, stock)
  ok(fn .. " error names the caller's line", not good
     and tostring(err):find("^panel%.lua:2: ") ~= nil, show(err))
end
local chunk = assert(load("local stock = ...\n\nlocal w = stock.ahp_weights_checked("
  .. "{ { 1, 4, 2 }, { 1 / 4, 1, 4 }, { 1 / 2, 1 / 4, 1 } })\nreturn w",
  "=panel.lua"))
local good, err = pcall(chunk, stock)
ok("ahp_weights_checked refusal names the caller's line", not good
   and tostring(err):find("^panel%.lua:3: ahp_weights_checked: the "
                          .. "consistency ratio is 0%.431") ~= nil, show(err))

h.finish("stock")

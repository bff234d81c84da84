-- stock: helpers for evaluation scripts (ordinal scale, means with coverage, flags, aggregation, AHP)
--
--   local stock = require "stock"
--
-- Plain Lua 5.4 with no assay globals: every function takes the project
-- `p` (or a results list) as an argument, so the module also runs under a
-- host `lua5.4` and is unit-tested there (tests/lua/test_stock.lua).
-- A project needs only the methods p:value(id) and p:indicator(id).
--
-- The functions keep their own copy of the scale: changing the tables
-- below (stock.ORDINAL, stock.BANDS) changes nothing the functions do.

---@class stock
local stock = {}

-- Ordinal scale ---------------------------------------------------------

-- The stock indicators are coded present | partial | absent
-- (docs/codebook.md). On [0, 1] these are the two ends and the midpoint: the
-- review itself grades only in three steps ("clearly displays", "present to
-- some extent", s5.1; absent), so nothing finer is claimed.
local SCALE = { present = 1, partial = 0.5, absent = 0 }

---@type table<string, number>
stock.ORDINAL = { present = 1, partial = 0.5, absent = 0 }

-- Bands for a score built from the scale: each cut point lies halfway
-- between two scale points (0.75 between partial 0.5 and present 1; 0.25
-- between absent 0 and partial 0.5), so a mean is read as the nearest word
-- of the scale. At a tie the better word wins (at_least): one `present`
-- with one `partial` (0.75) reads present, one `present` with one `absent`
-- (0.5) reads partial, one `partial` with one `absent` (0.25) reads partial.
-- That matches the review, which calls a feature present when the evidence
-- shows it even if not every element is described (e.g. Kenya FIT's groups,
-- "although it does not seem to involve tightly-knit ... clusters", s5.3).
---@type assay.band_rule[]
stock.BANDS = {
  { "present", at_least = 0.75 },
  { "partial", at_least = 0.25 },
  { "absent" },
}

-- The number of an ordinal value: present 1, partial 0.5, absent 0; a
-- boolean reads as present (true) or absent (false). nil for anything else
-- (nil, numbers, other words).
---@param value any An indicator's value, e.g. p:value(id).
---@return number? # 1, 0.5 or 0; nil when value is not on the scale.
function stock.ordinal(value)
  if value == true then return 1 end
  if value == false then return 0 end
  if type(value) == "string" then return SCALE[value] end
  return nil
end

-- Indicators ------------------------------------------------------------

-- A stated ordinal's text in notes, as tostring gives it: a table of the
-- five values read() accepts, looked up rather than called.
local WORD = { [true] = "true", [false] = "false", present = "present",
               partial = "partial", absent = "absent" }

local function fmt(x)
  return ("%.4g"):format(x)
end

-- What the case says about indicator id: "stated" and its number on the
-- scale, "not_applicable", or "not_stated" (missing from the case, or
-- coded not_stated). A stated value off the scale is a coding mistake
-- and raises an error naming the indicator, at the caller's caller.
local function read(p, id)
  local v = p:value(id)
  if v == nil then
    local ind = p:indicator(id)
    if ind ~= nil and ind.status == "not_applicable" then
      return "not_applicable"
    end
    return "not_stated"
  end
  local x -- stock.ordinal(v), without the call
  if v == true then x = 1 elseif v == false then x = 0 else x = SCALE[v] end
  if x == nil then
    error(("indicator %s is %s; an ordinal indicator is present, partial "
           .. "or absent"):format(id, type(v) == "string" and ("'" .. v .. "'")
           or tostring(v)), 3)
  end
  return "stated", x, v
end

local function check_weight(id, w)
  if type(w) ~= "number" or w ~= w or w < 0 or w == math.huge then
    error(("weight of %s must be a finite number >= 0, not %s"):format(
      id, tostring(w)), 3)
  end
  return w
end

-- Mean of the stated ordinal indicators among ids.
--
--   score, note, coverage = stock.mean_ordinal(p, { "CAP1", "CAP2" },
--                                              { weights = { CAP2 = 0.5 },
--                                                min_stated = 1 })
--
-- score: the weighted mean over the stated indicators (weights default to
-- 1); nil when fewer than opts.min_stated (default 1) are stated or the
-- stated ones weigh nothing. note: what was used, e.g. "CAP1 present,
-- CAP2 partial; CAP3, CAP4 not stated" (a weight other than 1 is shown).
-- coverage: the weight of the stated indicators over the weight of those
-- that apply (not_applicable ones are left out of both); 0 when none
-- applies. Returning `score, note` from evaluate gives the engine exactly
-- what it expects, so a criterion can `return stock.mean_ordinal(...)`.
---@param p assay.project Only p:value and p:indicator are used.
---@param ids string[] The ordinal indicators to average.
---@param opts? { weights?: table<string, number>, min_stated?: integer }
---@return number? score # The weighted mean; nil when too few are stated.
---@return string note # What was used, not stated and not applicable.
---@return number coverage # Weight stated over weight applicable, in [0, 1].
function stock.mean_ordinal(p, ids, opts)
  opts = opts or {}
  local weights = opts.weights or {}
  local min_stated = opts.min_stated or 1
  local sum, wsum, applies, nstated = 0, 0, 0, 0
  local used, unstated, inapplicable = {}, {}, {}
  for _, id in ipairs(ids) do
    local w = weights[id]
    if w == nil then w = 1 elseif w ~= 1 then check_weight(id, w) end
    local status, x, v = read(p, id)
    if status == "stated" then
      nstated = nstated + 1
      sum, wsum, applies = sum + w * x, wsum + w, applies + w
      local word = WORD[v]
      if w ~= 1 then word = word .. " (weight " .. fmt(w) .. ")" end
      used[#used + 1] = id .. " " .. word
    elseif status == "not_applicable" then
      inapplicable[#inapplicable + 1] = id
    else
      applies = applies + w
      unstated[#unstated + 1] = id
    end
  end
  local coverage = applies > 0 and wsum / applies or 0
  local note = table.concat(used, ", ")
  if #unstated > 0 then
    note = (note == "" and "" or note .. "; ")
      .. table.concat(unstated, ", ") .. " not stated"
  end
  if #inapplicable > 0 then
    note = (note == "" and "" or note .. "; ")
      .. table.concat(inapplicable, ", ") .. " not applicable"
  end
  if nstated == 0 and #inapplicable == 0 then
    return nil, "none of " .. table.concat(ids, ", ") .. " is stated", coverage
  elseif nstated < min_stated then
    return nil, ("%d of %s stated, %d needed: %s"):format(
      nstated, table.concat(ids, ", "), min_stated, note), coverage
  end
  if wsum <= 0 then
    return nil, "the stated indicators all weigh 0: " .. note, coverage
  end
  return sum / wsum, note, coverage
end

-- A failure flag (F1-F10 in docs/codebook.md): its level on the scale, 1 when the
-- failure pattern is present, 0.5 partial, 0 absent, and a note; nil and a
-- note when the case does not state it (or it does not apply).
---@param p assay.project Only p:value and p:indicator are used.
---@param id string The flag's indicator id, e.g. "F3".
---@return number? level # 1, 0.5 or 0; nil when not stated or not applicable.
---@return string note # The flag and its value, or why there is none.
function stock.flag(p, id)
  local status, x, v = read(p, id)
  if status == "stated" then
    return x, id .. " " .. WORD[v]
  elseif status == "not_applicable" then
    return nil, id .. " not applicable"
  end
  return nil, id .. " not stated"
end

-- Aggregation over the results list ------------------------------------
--
-- `results` is what the engine passes to an aggregate function: an array
-- of { id=, weight=, status=, score=, label=, ... } in script order (it is
-- also keyed by id, which ipairs skips). These mirror the built-in
-- aggregates, so `aggregate = stock.weighted_mean` and
-- `aggregate = "weighted_mean"` give the same score; each returns nil when
-- nothing of positive weight is scored.

-- Weighted mean over scored criteria: sum(w * s) / sum(w).
---@param results assay.results What an aggregate function receives.
---@return number? # In [0, 1]; nil when the scored criteria weigh nothing.
function stock.weighted_mean(results)
  local sum, wsum = 0, 0
  for _, r in ipairs(results) do
    if r.status == "scored" then
      sum, wsum = sum + r.weight * r.score, wsum + r.weight
    end
  end
  if wsum <= 0 then return nil end
  return math.min(sum / wsum, 1)
end

-- Weighted geometric mean over scored criteria of positive weight:
-- exp(sum(w * log s) / sum(w)); 0 when any of them scores 0 (a missing
-- feature cannot be made up by the others).
---@param results assay.results What an aggregate function receives.
---@return number? # In [0, 1]; nil when nothing of positive weight is scored.
function stock.geometric(results)
  local logsum, wsum, zero = 0, 0, false
  for _, r in ipairs(results) do
    if r.status == "scored" and r.weight > 0 then
      wsum = wsum + r.weight
      if r.score == 0 then
        zero = true
      else
        logsum = logsum + r.weight * math.log(r.score)
      end
    end
  end
  if wsum <= 0 then return nil end
  if zero then return 0 end
  return math.min(math.exp(logsum / wsum), 1)
end

-- The lowest score among scored criteria of positive weight.
---@param results assay.results What an aggregate function receives.
---@return number? # nil when nothing of positive weight is scored.
function stock.minimum(results)
  local min
  for _, r in ipairs(results) do
    if r.status == "scored" and r.weight > 0 and (min == nil or r.score < min) then
      min = r.score
    end
  end
  return min
end

-- Coverage as the engine reports it: weight of scored criteria over the
-- total weight (the share of criteria scored when every weight is 0).
---@param results assay.results What an aggregate function receives.
---@return number # Coverage in [0, 1].
function stock.coverage(results)
  local total, scored_w, n, scored = 0, 0, 0, 0
  for _, r in ipairs(results) do
    n, total = n + 1, total + r.weight
    if r.status == "scored" then
      scored, scored_w = scored + 1, scored_w + r.weight
    end
  end
  if total > 0 then return scored_w / total end
  return n > 0 and scored / n or 0
end

-- AHP -------------------------------------------------------------------

-- Saaty's random consistency index RI(n): the mean consistency index of
-- random reciprocal matrices of order n (Saaty, The Analytic Hierarchy
-- Process, 1980). Orders 1 and 2 are always consistent.
---@type number[]
stock.RANDOM_INDEX = { 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49,
                       1.51, 1.48, 1.56, 1.57, 1.59 }
local RI = { table.unpack(stock.RANDOM_INDEX) }

-- stock.ahp_weights's work (below); its errors name the caller `level`
-- frames up, so a script's error points at the script's line.
local function ahp(m, names, level)
  if type(m) ~= "table" or #m == 0 then
    error("ahp_weights: the matrix must be a non-empty table of rows", level)
  end
  local n = #m
  for i = 1, n do
    if type(m[i]) ~= "table" or #m[i] ~= n then
      error(("ahp_weights: the matrix is not square (row %d of %d)"):format(
        i, n), level)
    end
    for j = 1, n do
      local a = m[i][j]
      if type(a) ~= "number" or a ~= a or a <= 0 or a == math.huge then
        error(("ahp_weights: entry [%d][%d] is %s; entries must be positive "
               .. "finite numbers"):format(i, j, tostring(a)), level)
      end
    end
  end
  for i = 1, n do
    for j = i, n do
      if math.abs(m[i][j] * m[j][i] - 1) > 1e-9 then
        error(("ahp_weights: the matrix is not reciprocal: [%d][%d] = %s but "
               .. "[%d][%d] = %s"):format(i, j, fmt(m[i][j]), j, i,
               fmt(m[j][i])), level)
      end
    end
  end
  if names ~= nil and (type(names) ~= "table" or #names ~= n) then
    error(("ahp_weights: names must list %d names"):format(n), level)
  end

  -- Power iteration: a positive matrix has a simple dominant eigenvalue
  -- with a positive eigenvector (Perron), so A^k w converges to it.
  local w = {}
  for i = 1, n do w[i] = 1 / n end
  for _ = 1, 10000 do
    local v, s = {}, 0
    for i = 1, n do
      local x = 0
      for j = 1, n do x = x + m[i][j] * w[j] end
      v[i], s = x, s + x
    end
    local diff = 0
    for i = 1, n do
      v[i] = v[i] / s
      diff = math.max(diff, math.abs(v[i] - w[i]))
    end
    w = v
    if diff < 1e-15 then break end
  end

  local lambda = 0
  for i = 1, n do
    local x = 0
    for j = 1, n do x = x + m[i][j] * w[j] end
    lambda = lambda + x / w[i]
  end
  lambda = lambda / n
  -- lambda_max >= n for a positive reciprocal matrix; below is rounding.
  local ci = n > 2 and math.max(0, (lambda - n) / (n - 1)) or 0
  local cr
  if n <= 2 then
    cr = 0
  elseif RI[n] then
    cr = ci / RI[n]
  end
  if names then
    for i = 1, n do w[names[i]] = w[i] end
  end
  return w, cr, lambda, ci
end

-- Weights from a pairwise comparison matrix (m[i][j]: how much more
-- important i is than j, on Saaty's 1-9 scale; m[j][i] = 1 / m[i][j]).
--
--   weights, cr, lambda_max, ci = stock.ahp_weights(m [, names])
--
-- weights: the principal right eigenvector, normalised to sum 1 (also
-- keyed by names[i] when names are given). cr: the consistency ratio
-- CI / RI(n) with CI = (lambda_max - n) / (n - 1); 0 for n <= 2; nil past
-- the table (n > 15). Saaty's rule of thumb accepts CR below 0.10;
-- stock.ahp_weights_checked refuses the rest.
-- Raises an error on a matrix that is not square, has an entry that is
-- not a positive finite number, or is not reciprocal (a diagonal of 1 and
-- m[i][j] * m[j][i] = 1, to a relative 1e-9).
---@param m number[][] Square reciprocal matrix of positive finite numbers.
---@param names? string[] One name per row, to key the weights by as well.
---@return table<integer|string, number> weights # By position (and name).
---@return number? cr # Consistency ratio; 0 for n <= 2, nil for n > 15.
---@return number lambda_max # The principal eigenvalue.
---@return number ci # Consistency index; 0 for n <= 2.
function stock.ahp_weights(m, names)
  -- Not a tail call: level 3 is the caller of this function.
  local w, cr, lambda, ci = ahp(m, names, 3)
  return w, cr, lambda, ci
end

-- The consistency ratio stock.ahp_weights_checked refuses from: Saaty's
-- rule accepts a matrix whose CR is below 0.10.
stock.AHP_MAX_CR = 0.10

-- The judgement m[i][j] (i < j) that departs most from the weights, and by
-- how much: the ratio a_ij * w_j / w_i read on a multiplicative scale
-- (its maximum with its inverse), which is 1 for a judgement the weights
-- reproduce exactly (Saaty's epsilon_ij). Ties go to the first in row
-- order. Returns i, j, the deviation and w_i / w_j (what the weights imply).
---@param m number[][] The matrix given to stock.ahp_weights.
---@param w number[] Its weights.
---@return integer i
---@return integer j
---@return number deviation # >= 1.
---@return number implied # w[i] / w[j].
function stock.ahp_worst_judgement(m, w)
  local bi, bj, best = 1, 2, 0
  for i = 1, #m do
    for j = i + 1, #m do
      local e = m[i][j] * w[j] / w[i]
      local d = math.max(e, 1 / e)
      if d > best then bi, bj, best = i, j, d end
    end
  end
  return bi, bj, best, w[bi] / w[bj]
end

-- stock.ahp_weights, refusing a matrix too inconsistent to use:
--
--   weights, cr, lambda_max, ci =
--     stock.ahp_weights_checked(m [, names] [, { accept_inconsistency = true }])
--
-- Raises an error, pointing at the caller's line, when the consistency
-- ratio is stock.AHP_MAX_CR (0.10) or more, or unknown (n > 15), unless
-- opts.accept_inconsistency is true. The message gives the CR, the
-- threshold and the judgement that departs most from the weights
-- (stock.ahp_worst_judgement), by name when names are given.
---@param m number[][] Square reciprocal matrix of positive finite numbers.
---@param names? string[] One name per row.
---@param opts? { accept_inconsistency?: boolean }
---@return table<integer|string, number> weights
---@return number? cr
---@return number lambda_max
---@return number ci
function stock.ahp_weights_checked(m, names, opts)
  if opts ~= nil and type(opts) ~= "table" then
    error("ahp_weights_checked: options must be a table, such as "
          .. "{ accept_inconsistency = true }", 2)
  end
  local accept = opts and opts.accept_inconsistency
  if accept ~= nil and type(accept) ~= "boolean" then
    error("ahp_weights_checked: accept_inconsistency must be true or false",
          2)
  end
  local w, cr, lambda, ci = ahp(m, names, 3)
  if accept or (cr ~= nil and cr < stock.AHP_MAX_CR) then
    return w, cr, lambda, ci
  end
  local i, j, dev, implied = stock.ahp_worst_judgement(m, w)
  local function name(k)
    return names and ("%s (row %d)"):format(names[k], k) or ("row %d"):format(k)
  end
  local head = cr and ("the consistency ratio is %.3f, not below %.2f"):format(
    cr, stock.AHP_MAX_CR)
    or ("the consistency ratio is unknown for %d rows (no random index past "
        .. "15), so it cannot be shown below %.2f"):format(#m, stock.AHP_MAX_CR)
  error(("ahp_weights_checked: %s; the judgement furthest from the weights "
         .. "is %s over %s, m[%d][%d] = %s where the weights imply %s "
         .. "(off by a factor of %s): revise the judgements, or pass "
         .. "{ accept_inconsistency = true }"):format(head, name(i), name(j),
         i, j, fmt(m[i][j]), fmt(implied), fmt(dev)), 2)
end

return stock

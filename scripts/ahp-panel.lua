-- AHP panel: the four success features weighted from a panel's pairwise judgements (AHP), refused when inconsistent
--
-- The same criteria and verdict rules as `success-features` (both come
-- from features.lua), without the pitfall flags; only the weights differ.
-- Here they are not set one by one but derived, by the Analytic Hierarchy
-- Process, from how many times more important the panel finds each
-- feature than each other one. docs/weights.md ("Weights from a panel")
-- shows how a panel fills such a matrix and reads its consistency ratio.
--
-- Judgements use Saaty's scale: 1 equal, 3 moderately, 5 strongly, 7 very
-- strongly, 9 extremely more important, 2, 4, 6, 8 between; a reciprocal
-- (1/3) when the column's feature is the more important. The panel fills
-- the upper triangle only (row before column); the rest follows.

local stock = require "stock"
local features = require "features"

-- The judgements, argued from the review (its sections in brackets):
--
-- capability : demand 2. The review calls capability perhaps the most
--   important factor behind better outcomes (s4.1) and opens its
--   conclusions with it (s6), and presents demand orientation as a way
--   to set capability building going (s4.2). But it also calls a link to
--   new markets an important precondition (s6): more important, by no
--   more than a step of the scale.
-- capability : groups 5. Strongly more important: the most important
--   feature against the one the review qualifies, found in most rather
--   than all successful projects (s4.3), with benefits not spelled out in
--   Singapore's success (s5.1), often out of reach in rural Africa (s5.3)
--   and with its learning effects unproven (s3.2).
-- capability : incentives 2. As for demand: a flawed incentive structure
--   was one of the chief causes of early failure (s4.4), a precondition
--   rather than the aim.
-- demand : groups 3. Moderately more important: a precondition (s6)
--   against a feature stated with reservations.
-- demand : incentives 1. The review ranks neither above the other.
-- groups : incentives 1/3. Incentives are moderately more important, for
--   the same reason as demand over groups.
--
-- The judgements are not exactly consistent: capability over demand (2)
-- times demand over groups (3) would put capability at 6 times groups, not
-- 5. The consistency ratio is about 0.002, far below 0.10, and the weights
-- come to about capability 0.449, demand 0.235, groups 0.082, incentives
-- 0.235.
local NAMES = features.NAMES -- capability, demand, groups, incentives
local JUDGEMENTS = {
  --  capability demand groups incentives
  {   1,         2,     5,     2     }, -- capability
  {   1 / 2,     1,     3,     1     }, -- demand
  {   1 / 5,     1 / 3, 1,     1 / 3 }, -- groups
  {   1 / 2,     1,     3,     1     }, -- incentives
}

-- Refuses to load (naming this line) when the consistency ratio is 0.10 or
-- more. A panel that has looked at its judgements again and decides to keep
-- them says so with a third argument, { accept_inconsistency = true }.
local WEIGHTS = stock.ahp_weights_checked(JUDGEMENTS, NAMES)

features.declare(WEIGHTS)

-- Verdicts: the rules of features.lua. With these weights a verdict needs
-- capability and at least one other core feature stated (capability alone
-- covers 0.449, under the 0.5 the rules ask), and a project lacking only
-- groups scores 1 - 0.082 = 0.918, strong.
weighting {
  aggregate = "weighted_mean",
  verdicts = features.VERDICTS,
}

-- features: declares the review's four success features as criteria, with their verdict rules (a module for stock scripts)
--
--   local features = require "features"
--   features.declare(weights [, group])
--   weighting { verdicts = features.VERDICTS }
--
-- Shared by `success-features` and `ahp-panel`, so that both score the
-- features the same way and differ only in the weights. Called while a
-- script loads (criterion{} works only then). weights maps each of
-- features.NAMES to its weight; group defaults to "success_features".
-- Each feature scores the weighted mean of its stated indicators
-- (docs/codebook.md) on the scale present 1 / partial 0.5 / absent 0; a
-- feature with no stated indicator is not_assessable, the review's "not
-- stated", never a low score. Scores come only from indicators (and, for
-- the scope verdict, the target_group field), never from a case's id or
-- name. docs/weights.md sums up the reasons given below.

local stock = require "stock"

local features = {}

-- The features, in the order they are declared (and reported).
---@type string[]
features.NAMES = { "capability", "demand", "groups", "incentives" }

-- Weights of the indicators within a feature ----------------------------
--
-- By default every indicator weighs 1: within a feature the review lists
-- its elements side by side without ranking them. Exceptions:
--
-- DEM4 0.5: buyer-mentoring (or structured user-producer interaction) is
--   "A particularly effective way" (s4.2), one arrangement among others,
--   not part of what demand orientation is: the definition is to "start by
--   identifying a new market channel" (DEM1), and the "two major
--   advantages" are the buyers' requirements (DEM2) and the tight focus on
--   bottlenecks (DEM3). Ceará is "very clearly demand-driven" (s5.2) with
--   no mentoring buyer, so its absence should cost less than theirs.
-- GRP2 0.5: geographic clustering counts less than being a group: the
--   cluster "concept is in any case not so relevant in many rural areas of
--   Africa where the volume of production is simply too low for such
--   clusters to form" (s5.3), and FIT is "group-based technical assistance"
--   (s5.3) although "it does not seem to involve tightly-knit
--   geographically-confined clusters". Groups of similar producers (GRP1),
--   collective bodies (GRP3) and self-help (GRP4, "projects must evolve
--   certain institutional forms of self-help", s4.4) carry the feature.
-- INC2 1.5, INC3 1.5: rewards conditional on performance, for the provider
--   (INC2) and for the producers (INC3, no protected market), are what the
--   review singles out, twice: "Especially, there has to be a payment
--   system that rewards effective services offered by support staff, and
--   penalises those that don't work" (s4.4); "an appropriate incentive
--   structure that will spur producers' and assistance agencies' efforts
--   (especially one that makes rewards conditional upon performance)" (s6);
--   in Ceará the two "mimicked the way in which a private market works"
--   (s5.2). The beneficiaries' payment (INC1) is "also a way" (s4.4) and
--   temporary subsidies (INC4) the limit on the "initial subsidies" the
--   review allows (s4.4): each weighs 1. Half again, not double, so that
--   one of the two cannot outweigh both of the others.
local FEATURES = {
  { id = "capability", title = "Internal technological capability",
    ids = { "CAP1", "CAP2", "CAP3", "CAP4" }, weights = {},
    description = "s4.1: producers acquire the capability to adapt and improve products, processes and organisation on an ongoing basis" },
  { id = "demand", title = "Demand orientation",
    ids = { "DEM1", "DEM2", "DEM3", "DEM4" }, weights = { DEM4 = 0.5 },
    description = "s4.2: the intervention starts from a new market channel, and assistance follows the customers' demands" },
  { id = "groups", title = "Groups of clustered producers evolving into self-help institutions",
    ids = { "GRP1", "GRP2", "GRP3", "GRP4" }, weights = { GRP2 = 0.5 },
    description = "s4.3-4.4: groups of similar producers, organised in collective bodies that evolve into self-help institutions" },
  { id = "incentives", title = "Market-based incentives that promote sustainability",
    ids = { "INC1", "INC2", "INC3", "INC4" }, weights = { INC2 = 1.5, INC3 = 1.5 },
    description = "s4.4: carrots and sticks that subject the project to market discipline, for providers and beneficiaries" },
}

-- A feature is present, partial or absent by stock.BANDS: the nearest word
-- of the ordinal scale to the mean of its indicators (cut points 0.75 and
-- 0.25, halfway between the scale's points; see stock.lua).
function features.declare(weights, group)
  for _, f in ipairs(FEATURES) do
    local ids, opts = f.ids, { weights = f.weights, min_stated = 1 }
    criterion {
      id = f.id,
      title = f.title,
      group = group or "success_features",
      weight = weights[f.id],
      description = f.description,
      bands = stock.BANDS,
      evaluate = function(p)
        local score, note = stock.mean_ordinal(p, ids, opts)
        return score, note
      end,
    }
  end
end

-- Verdicts ---------------------------------------------------------------
--
-- Core features: the three the review states without qualification (see
-- success-features' weights). A project may be strong without clustered groups (LIUP,
-- "present to some extent"), but not with one of these absent, nor with
-- one of them unknown: a strong verdict claims all three, so each must be
-- scored (not stated, or an error, leaves the verdict at partial or below
-- even when the features that are known score high).
local CORE = { "capability", "demand", "incentives" }

local function core_features_shown(_, r)
  for _, id in ipairs(CORE) do
    local c = r.criteria[id]
    if c.status ~= "scored" or c.label == "absent" then return false end
  end
  return true
end

local function core_feature_unknown(_, r)
  for _, id in ipairs(CORE) do
    if r.criteria[id].status ~= "scored" then return true end
  end
  return false
end

features.VERDICTS = {
  -- Note 14 of the review: the corporate approach "does not see small
  -- producers as the target beneficiaries and ... does not explicitly aim
  -- to raise their technological standards", so "it does not seem to make
  -- sense to view it as a full-fledged alternative" to the approach scored
  -- here. Such a case is reported as out of scope, not given a low score
  -- (docs/codebook.md, "Scope"). Only an explicit false counts; a missing
  -- field is not out of scope.
  { "out_of_scope", when = function(p)
      return p:field("target_group.beneficiary_is_producer") == false
    end },
  -- Under half the weight assessable: "only a few project studies have so
  -- far systematically pinpointed the main project features" (s4), so a
  -- verdict needs at least half the weighted features stated. With
  -- success-features' weights capability alone (0.35), or groups with demand or incentives
  -- (0.40), is not enough; capability with demand or incentives (0.60)
  -- is.
  { "insufficient_evidence", coverage_below = 0.5 },
  -- Nor can the evidence judge a project when one of the core features
  -- is not stated: "not stated" is never a low score (docs/codebook.md,
  -- "The scale"), so a project with capability and incentives present
  -- and demand unknown is neither strong nor partial, but unjudged.
  { "insufficient_evidence", when = core_feature_unknown },
  -- Strong: the weighted mean is at least 0.75, the band cut point for
  -- "present" (four features all present score at least 0.75), and no
  -- core feature is absent (each is scored, by the rule above). The second
  -- condition is needed because, with success-features' weights, demand or
  -- incentives absent with the rest fully present also scores exactly 0.75
  -- (1 - 0.25); demand is "an important
  -- precondition" (s6) and a flawed incentive structure "one of the chief
  -- causes of failure" (s4.4), so neither may be missing from a strong
  -- project. Lacking groups alone (0.85) stays strong, like LIUP in the
  -- review, which "clearly displays three of the four features" and is
  -- "apparently effective" (s5.1).
  { "strong", at_least = 0.75, when = core_features_shown },
  -- Partial: the weighted mean reaches 0.5, the scale's "partial": on
  -- balance the features are at least partly there.
  { "partial", at_least = 0.5 },
  -- Weak: below that, the pattern of the early programmes (s2).
  { "weak" },
}

return features

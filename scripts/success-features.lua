-- Success features: the review's four features of successful technology assistance (s4), with the early pitfalls beside them
--
-- The review (Henny Romijn, "Technology Support for Small Industries in
-- Developing Countries: A Review of Concepts and Project Practices",
-- Eindhoven Centre for Innovation Studies, Working Paper 00.06, 2000; "the
-- review", its sections s2-s6 and notes n1-n19) finds four features of
-- recent projects "that have tended to be associated with success"
-- (abstract): (a) internal technological capability, (b) demand
-- orientation, (c) groups of producers organised into collective bodies
-- that evolve into self-help institutions, (d) incentive structures based
-- on market principles (s4.1-4.4). Each is one criterion here, scored from
-- its indicators (docs/codebook.md) as the weighted mean of those the
-- case states, on the scale present 1 / partial 0.5 / absent 0. A feature
-- with no stated indicator is not_assessable: the review's "not stated",
-- never a low score. Scores come only from indicators (and, for the scope
-- verdict, the target_group field), never from a case's id or name.
-- docs/weights.md sums up the reasons for each weight given below.
--
-- The failure flags F1-F10 of the early programmes (s2) are reported
-- beside the features, with weight 0: they show in the report, and change
-- neither the score nor the coverage (script `early-pitfalls` scores them).

local features = require "features"
local declare_pitfalls = require "pitfalls"

-- Weights of the features ------------------------------------------------
--
-- They sum to 1, so a feature's weight is its share of the score and of
-- the coverage.
--
-- capability 0.35, the largest: "Perhaps the most important common factor
--   that appears to be critical to improved outcomes of technical
--   assistance projects" (s4.1); the conclusions open with it, "Firstly,
--   and most important" (s6). The other three are presented as the means
--   to it: demand orientation is "An effective way in which assistance
--   agencies can trigger and sustain such processes of indigenous
--   technological capacity building" (s4.2).
-- demand 0.25: "project interventions have to start by identifying a new
--   market channel" (s4.2); "Linking producers to new markets is an
--   important precondition." (s6). A precondition, hence one of the three
--   core features the strong verdict needs (below).
-- incentives 0.25, equal to demand: "A flawed incentive structure both for
--   assistance providers and beneficiaries was one of the chief causes of
--   failure in the early technology support projects" (s4.4); s6: "there
--   has to be an appropriate incentive structure". The review ranks neither
--   above the other.
-- groups 0.15, the smallest: the review qualifies this feature where it
--   states the others unconditionally. It is found "In most recent
--   successful projects" (s4.3), i.e. not in all; in Singapore's LIUP it
--   "is also present to some extent but its advantages are not spelled out
--   clearly" (s5.1) although that programme is held up as a success; the
--   cluster concept "is in any case not so relevant in many rural areas of
--   Africa where the volume of production is simply too low for such
--   clusters to form" (s5.3); and the cluster literature's claim to
--   learning effects "has remained largely unsubstantiated" (s3.2).
--   With 0.15, a project lacking only this feature still scores 0.85.
local WEIGHTS = { capability = 0.35, demand = 0.25, incentives = 0.25, groups = 0.15 }

-- The features: each the weighted mean of its stated indicators, the
-- indicators' weights within a feature argued in features.lua (shared with
-- `ahp-panel`, which weighs the same features by pairwise comparisons).
features.declare(WEIGHTS)

-- The early pitfalls, reported beside the features without weight.
declare_pitfalls(0, "early_pitfalls")

-- Verdicts: the rules of features.lua, argued there.
weighting {
  aggregate = "weighted_mean",
  verdicts = features.VERDICTS,
}

-- Early pitfalls: the failure patterns of early supply-push programmes (review s2) as flags F1-F10
--
-- Each flag is a criterion scoring 1 - flag (the pattern present 0,
-- partial 0.5, absent 1; not stated: not_assessable), so the score is high
-- when a project is clear of the early programmes' failures. The criteria
-- are declared by the shared module pitfalls.lua, which `success-features`
-- also uses (there with weight 0).

local declare_pitfalls = require "pitfalls"

-- Weights -----------------------------------------------------------------
--
-- Each flag is the negative of one of the success features (s4), and
-- weighs more when the review puts more on that feature or calls the
-- pattern a main cause of failure. Total 11.5 (F9 0).
local WEIGHTS = {
  -- 2: supply-push is the review's "One big lesson": "technology
  -- development in the public domain and its subsequent diffusion to the
  -- private sector in top-down, 'supply-push' fashion was not an effective
  -- model" (s2.2); it is the opposite of demand orientation (s4.2).
  F1 = 2,
  -- 2: the hardware-only view is the programmes' underlying conceptual
  -- problem (s2.1): "such a one-time injection is useful, but it is
  -- inadequate by itself"; it is the opposite of capability, "Perhaps the
  -- most important common factor" (s4.1).
  F2 = 2,
  -- 1: no user involvement and local equipment makers left out are the two
  -- conditions the appropriate-technology lessons name side by side:
  -- "technologies have to be developed in close collaboration with the
  -- prospective users" and "Another essential condition for success is that
  -- equipment producers ... have to be involved at an early stage" (s2.2).
  F3 = 1,
  F4 = 1,
  -- 1.5 each: a flawed incentive structure "both for assistance providers
  -- and beneficiaries was one of the chief causes of failure in the early
  -- technology support projects" (s4.4). F5 is the beneficiaries' side
  -- (complacency, "especially ... when projects ... provided an assured
  -- public outlet", s2.2), F6 the providers' ("soft budget constraints",
  -- "lacked effective sanctions", s2.2). Between the two heavy flags and
  -- the plain ones, because the review names them a chief cause of failure
  -- but not, like supply-push and hardware, the approach itself.
  F5 = 1.5,
  F6 = 1.5,
  -- 1: firms in isolation is the negative of the groups feature, which the
  -- review states with reservations (s4.3, s5.1, s5.3) but still lists
  -- among the conceptual problems of s2.1.
  F7 = 1,
  -- 0.5: the missing link to national industrial strategy is a failing of
  -- "Policy makers" (s2.2), of policy more than of a project's own design,
  -- and "Many countries still suffer from such legacies, even those that
  -- have made a serious effort" (s2.2): a project cannot clear it alone.
  F8 = 0.5,
  -- 0 (forced by pitfalls.lua too): the macro-environment is context, not
  -- design, reported and never penalised (docs/codebook.md, F9).
  F9 = 0,
  -- 1: "the most successful technology support projects have involved
  -- highly committed individuals who were not primarily driven by high
  -- monetary rewards" (s2.2), part of the providers' incentives.
  F10 = 1,
}

declare_pitfalls(WEIGHTS, "early_pitfalls")

weighting {
  aggregate = "weighted_mean",
  verdicts = {
    -- The flags are coded from section 2, which warns that it has to
    -- "employ a very broad brush approach which does not do justice to the
    -- specificities associated with particular programmes" (s2), and the
    -- project accounts of s5 do not go through the flags one by one. So the
    -- bar is lower than for the success features (0.5): a verdict needs
    -- 30 per cent of the weight stated, about a third. At 0.3, F1 and F2
    -- stated alone (4 / 11.5 = 0.35) suffice; either alone (0.17) does not.
    { "insufficient_evidence", coverage_below = 0.3 },
    -- Few pitfalls: at most one heavy flag present. One of F1/F2 present
    -- with the rest clear scores 1 - 2/11.5 = 0.826 >= 0.8; two present
    -- (1 - 4/11.5 = 0.652), or F5 and F6 together (0.739), do not.
    { "few_pitfalls", at_least = 0.8 },
    -- Some pitfalls: the project is clear of at least half the weighted
    -- patterns (0.5, the scale's midpoint).
    { "some_pitfalls", at_least = 0.5 },
    -- Many pitfalls: more than half the weighted patterns apply, the
    -- picture of the early SMIDO programmes, which "have had even more
    -- modest results than the programmes run by specialised technology
    -- development institutes and NGOs" (s2.2).
    { "many_pitfalls" },
  },
}

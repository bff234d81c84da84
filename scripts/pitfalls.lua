-- pitfalls: declares the early-programme failure flags F1-F10 as criteria (a module for stock scripts)
--
--   local declare_pitfalls = require "pitfalls"
--   declare_pitfalls(weight_of [, group])
--
-- Called while a script loads (criterion{} works only then), by
-- `early-pitfalls` with its weights and by `success-features` with weight 0,
-- so that both read the flags the same way. weight_of is a function
-- (id -> weight), a table { F1 = w, ... } (a missing id weighs 1) or one
-- number for all; group defaults to "early_pitfalls".
--
-- Each criterion scores 1 - flag: the failure pattern present -> 0,
-- partial -> 0.5, absent -> 1; not stated (or not applicable) ->
-- not_assessable. A high score is good: the project is clear of the
-- pattern. Titles are those of docs/codebook.md ("Failure patterns of
-- the early programmes"); the quotes are the review's, section 2.

local stock = require "stock"

local FLAGS = {
  { "F1", "Supply-push delivery",
    "Early technology support programmes predominantly adopted a 'supply-push' approach (s2)" },
  { "F2", "Hardware-only focus, one-time equipment injection, humanware neglected",
    "Presumably, a one-time injection with better equipment would be sufficient (s2.1)" },
  { "F3", "No user involvement: developers far from users, communication barriers",
    "they knew little about the requirements of poor producers and communities (s2.2)" },
  { "F4", "Local equipment makers not involved (repair, maintenance, replication)",
    "equipment producers ... have to be involved at an early stage of development (s2.2)" },
  { "F5", "An assured public outlet removes competitive pressure; complacency and entitlement",
    "provided an assured public outlet for the produce, leading to the removal of competitive pressure (s2.2)" },
  { "F6", "Soft budget constraints; no sanctions on agency performance",
    "many programmes have lacked effective sanctions on inadequate performance of asisstance agencies (s2.2)" },
  { "F7", "Firms treated in isolation: no cluster or network view, no vertical linkages",
    "no recognition of potential competitive advantages ... cluster or network synergies (s2.1)" },
  { "F8", "No integration with national industrial strategy",
    "Policy makers generally did not properly integrate the promotion of their small industry sector (s2.2)" },
  { "F9", "Unconducive macro-environment (contextual, not a design flaw)",
    "context, reported but never penalised: weight 0 (docs/codebook.md, F9)" },
  { "F10", "No committed staff and no institutional incentives for providers",
    "the most successful technology support projects have involved highly committed individuals (s2.2)" },
}

-- Bands on 1 - flag, with stock.BANDS's cut points (halfway between the
-- scale's points): clear of the pattern, partly caught by it, flagged.
local BANDS = {
  { "clear", at_least = 0.75 },
  { "partly", at_least = 0.25 },
  { "flagged" },
}

local function weight_fn(weight_of)
  local t = type(weight_of)
  if t == "function" then return weight_of end
  if t == "number" then return function() return weight_of end end
  if t == "table" then
    return function(id)
      local w = weight_of[id]
      if w == nil then return 1 end
      return w
    end
  end
  if weight_of == nil then return function() return 1 end end
  error("pitfalls: weight_of must be a function, a table or a number, not a "
        .. t, 3)
end

return function(weight_of, group)
  local weight = weight_fn(weight_of)
  for _, f in ipairs(FLAGS) do
    local id, title, quote = f[1], f[2], f[3]
    -- F9 is context, not design: "the lack of success of these programmes
    -- can be traced as much to problems in the general economic and
    -- institutional environment ... as to flaws in conception, design and
    -- implementation" (s2.2). So it is reported, and never lowers a score
    -- (docs/codebook.md, F9): its weight is 0 whatever the caller asks.
    local w = id == "F9" and 0 or weight(id)
    criterion {
      id = id,
      title = title,
      group = group or "early_pitfalls",
      weight = w,
      description = quote,
      bands = BANDS,
      evaluate = function(p)
        local flag, note = stock.flag(p, id)
        if flag == nil then return nil, note end
        if w == 0 and flag > 0 then note = note .. " (reported, not scored)" end
        return 1 - flag, note
      end,
    }
  end
end

-- The panel's matrix of ahp-panel with one judgement turned round: groups
-- 3 times over incentives (m[3][4] = 3, not 1/3).
local stock = require "stock"
local features = require "features"

local M = {
  { 1,     2,     5,     2 },
  { 1 / 2, 1,     3,     1 },
  { 1 / 5, 1 / 3, 1,     3 },
  { 1 / 2, 1,     1 / 3, 1 },
}
local W = stock.ahp_weights_checked(M, features.NAMES)
features.declare(W)
weighting { verdicts = features.VERDICTS }

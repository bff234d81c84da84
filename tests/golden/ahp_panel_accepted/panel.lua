-- ahp_panel_refused's matrix, given as its upper triangle and accepted
-- although its consistency ratio is over 0.10.
local stock = require "stock"
local features = require "features"

local UPPER = { [1] = { 2, 5, 2 }, [2] = { 3, 1 }, [3] = { 3 } }
local M = {}
for i = 1, 4 do M[i] = { [i] = 1 } end
for i, row in pairs(UPPER) do
  for k, a in ipairs(row) do M[i][i + k], M[i + k][i] = a, 1 / a end
end
local W = stock.ahp_weights_checked(M, features.NAMES, { accept_inconsistency = true })
features.declare(W)
weighting { verdicts = features.VERDICTS }

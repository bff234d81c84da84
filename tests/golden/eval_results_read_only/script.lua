-- Each project's id picks what its verdict rule does with the results it
-- is given (tests/golden/eval_results_read_only/NOTES.md).
local kept
local ACT = {
  field = function(info) info.criteria.a.score = 1 end,
  info = function(info) info.coverage = 1 end,
  add = function(info) info.criteria.z = {} end,
  raw = function(info) rawset(info.criteria.b, 'score', 1) end,
  sort = function(info)
    table.sort(info.criteria, function(x, y) return x.id > y.id end)
  end,
  keep = function(info) kept = info end,
  after = function(info) return true end,
  walk = function(info)
    local out = {}
    for k in pairs(info) do out[#out + 1] = tostring(k) end
    for k in pairs(info.criteria) do out[#out + 1] = tostring(k) end
    for k, v in pairs(info.criteria.a) do out[#out + 1] = k .. '=' .. tostring(v) end
    for i, c in ipairs(info.criteria) do out[#out + 1] = i .. c.id end
    out[#out + 1] = #info.criteria
    out[#out + 1] = tostring(next(info.criteria))
    out[#out + 1] = tostring(rawget(info.criteria, 'a'))
    out[#out + 1] = tostring(getmetatable(info))
    out[#out + 1] = type(info.criteria.b)
    error(table.concat(out, ' '))
  end,
}
criterion { id = 'a', weight = 1, evaluate = function(p) return 0.6 end }
criterion { id = 'b', title = 'Bee', group = 'g', weight = 3,
  evaluate = function(p)
    if kept then return kept.score end
    return nil, 'no evidence'
  end }
weighting { verdicts = {
  { 'done', when = function(p, info) return ACT[p.id](info) end },
} }

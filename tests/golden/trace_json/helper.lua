local M = {}
function M.score(p)
  trace("score for", p.id)
  return p:value("N") / 10
end
return M

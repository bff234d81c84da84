local M = {}
function M.half(v)
  trace("half of", v)
  return v / 2
end
return M

-- A memory bomb inside pcall, after which evaluate returns a score as if
-- nothing happened: the criterion is still `limit`, not scored.
-- expect-exit: 1
-- expect-status: bomb=limit ok=scored
-- expect-error: bomb ^memory limit: .* \(at mem_pcall_score\.lua:11\)$
-- expect-score: alpha: ok=1

criterion { id = "bomb", evaluate = function(p)
  local ok = pcall(function()
    local t = {}
    while true do t[#t + 1] = ("x"):rep(1 << 22) end
  end)
  return 1, "recovered: " .. tostring(ok)
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

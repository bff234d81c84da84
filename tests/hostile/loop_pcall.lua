-- An endless loop inside pcall: catching the limit's error does not undo
-- it; the criterion is `limit` although evaluate goes on to return 1.
-- expect-exit: 1
-- expect-status: loop=limit ok=scored
-- expect-error: loop ^instruction limit: .* \(at loop_pcall\.lua:12\)$
-- expect-score: alpha: ok=1
-- expect-score: beta: ok=0.5

criterion { id = "loop", evaluate = function(p)
  local ok, err = pcall(function()
    local n = 0
    while true do n = n + 1 end
  end)
  return 1, "caught: " .. tostring(err)
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- An endless loop in xpcall's message handler. Plain Lua runs handlers
-- with hooks off, which would escape the limits; assay runs the handler
-- after unwinding, inside the limits.
-- expect-exit: 1
-- expect-status: loop=limit ok=scored
-- expect-error: loop ^instruction limit: .* \(at loop_xpcall_handler\.lua:13\)$
-- expect-score: alpha: ok=1
-- expect-score: beta: ok=0.5

criterion { id = "loop", evaluate = function(p)
  local ok, msg = xpcall(error, function(m)
    local n = 0
    while true do n = n + 1 end
  end, "boom")
  return 1
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

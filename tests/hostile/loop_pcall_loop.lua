-- Loops of pcalls that swallow every error, the limit's included: once a
-- limit is hit, no pcall may carry on past it. Errors are slow, so the
-- time limit may come before the instruction limit.
-- expect-exit: 1
-- expect-status: flat=limit nested=limit handler=limit ok=scored
-- expect-error: flat ^(instruction|time) limit: .* \(at loop_pcall_loop\.lua:13\)$
-- expect-error: nested ^(instruction|time) limit: .* \(at loop_pcall_loop\.lua:16\)$
-- expect-error: handler ^(instruction|time) limit: .* \(at loop_pcall_loop\.lua:19\)$
-- expect-score: alpha: ok=1
-- expect-score: beta: ok=0.5

criterion { id = "flat", evaluate = function(p)
  while true do pcall(error, "again") end
end }
criterion { id = "nested", evaluate = function(p)
  while true do pcall(function() while true do pcall(error, {}) end end) end
end }
criterion { id = "handler", evaluate = function(p)
  while true do xpcall(error, function(m) return pcall(error, m) end, "x") end
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- Loops of pcalls that swallow every error, the limit's included: no pcall
-- may carry on past a limit (errors are slow: time may come first). Alpha.
-- expect-exit: 1
-- expect-status: alpha: flat=limit nested=limit handler=limit ok=scored
-- expect-status: beta: flat=scored nested=scored handler=scored ok=scored
-- expect-error: alpha: flat ^(instruction|time) limit: .* \(at loop_pcall_loop\.lua:13\)$
-- expect-error: alpha: nested ^(instruction|time) limit: .* \(at loop_pcall_loop\.lua:16\)$
-- expect-error: alpha: handler ^(instruction|time) limit: .* \(at loop_pcall_loop\.lua:19\)$
-- expect-score: alpha: ok=1
-- expect-score: beta: ok=0.5

criterion { id = "flat", evaluate = function(p) if p.id ~= "alpha" then return 1 end
  while true do pcall(error, "again") end
end }
criterion { id = "nested", evaluate = function(p) if p.id ~= "alpha" then return 1 end
  while true do pcall(function() while true do pcall(error, {}) end end) end
end }
criterion { id = "handler", evaluate = function(p) if p.id ~= "alpha" then return 1 end
  while true do xpcall(error, function(m) return pcall(error, m) end, "x") end
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- table.sort works in C: a sort of 300,000 equal strings (built in C by
-- table.move from a table whose __index is `type`) takes a tenth of a
-- second and three Lua instructions. A loop of them must still end at the
-- 1 s time limit, not run for minutes between two checks of the clock.
-- Only alpha spins.
-- expect-exit: 1
-- expect-status: alpha: spin=limit ok=scored
-- expect-status: beta: spin=scored ok=scored
-- (assay charges table.sort n log n instructions, so the instruction
-- limit may come first: either is right.)
-- expect-error: alpha: spin ^(time|instruction) limit: .* \(at time_sort_loop\.lua:20\)$
-- expect-score: beta: ok=0.5
-- max-seconds: 6

local sort = table.sort
criterion { id = "spin", evaluate = function(p)
  if p.id ~= "alpha" then return 1 end
  local t = table.move(setmetatable({}, { __index = type }), 1, 300000, 1, {})
  assert(#t == 300000 and t[1] == "table")
  while true do sort(t) end
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- A table grown without end, of small tables: the memory limit stops it
-- (long before ten million instructions).
-- expect-exit: 1
-- expect-status: bomb=limit ok=scored
-- expect-error: bomb ^memory limit: .* \(at mem_table\.lua:10\)$
-- expect-score: beta: ok=0.5

criterion { id = "bomb", evaluate = function(p)
  local t, i = {}, 0
  while true do i = i + 1 t[i] = { i } end
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- A string doubled until it cannot be: no string may be longer than the
-- string limit (16 MiB), so making the 32 MiB one (2^25 bytes) stops it at
-- its line, long before the 64 MiB heap limit; the next project runs on a
-- clean state.
-- expect-exit: 1
-- expect-status: bomb=limit ok=scored
-- expect-error: bomb ^string limit: a string of 33554432 bytes is longer than the limit of 16777216 bytes \(at mem_doubling\.lua:13\)$
-- expect-score: beta: ok=0.5

criterion { id = "bomb", evaluate = function(p)
  local s = "x"
  while true do
    s = s .. s
  end
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

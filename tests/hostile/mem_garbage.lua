-- No false alarm: 33 MB of live strings, then fifty temporary strings of
-- 1 MB. The live heap never passes about 35 MB, so the 64 MiB limit must
-- not be hit: garbage that a collection would free does not count (Lua
-- collects and retries before an allocation fails). Only alpha churns.
-- expect-exit: 0
-- expect-status: churn=scored ok=scored
-- expect-score: churn=1

criterion { id = "churn", evaluate = function(p)
  if p.id ~= "alpha" then return 1 end
  local keep = { ("a"):rep(16000000), ("b"):rep(16000000), ("c"):rep(1000000) }
  local n = 0
  for i = 1, 50 do n = n + #("g"):rep(1000000) end
  return #keep == 3 and n == 50000000
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

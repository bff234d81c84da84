-- A string doubled until it cannot be: the memory limit (64 MiB of Lua
-- heap) stops it at its line, and the next project runs on a clean state.
-- expect-exit: 1
-- expect-status: bomb=limit ok=scored
-- expect-error: bomb ^memory limit: the script's Lua heap reached the limit of 67108864 bytes \(at mem_doubling\.lua:11\)$
-- expect-score: beta: ok=0.5

criterion { id = "bomb", evaluate = function(p)
  local s = "x"
  while true do
    s = s .. s
  end
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

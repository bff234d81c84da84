-- An error object whose __tostring loops forever. Turning it into a
-- message must not hang the engine: either the message does not call
-- __tostring, or it calls it within the limits. Either way the criterion
-- fails and, like every raised error (README), names the script line.
-- A script that catches such an error goes on normally.
-- expect-exit: 1
-- expect-status: raise=error|limit caught=scored ok=scored
-- expect-error: raise error_tostring\.lua:13\b
-- expect-score: alpha: ok=1

local bad = setmetatable({}, { __tostring = function() while true do end end })

criterion { id = "raise", evaluate = function(p) error(bad) end }
criterion { id = "caught", evaluate = function(p) local ok, e = pcall(error, bad) return ok == false and e == bad end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

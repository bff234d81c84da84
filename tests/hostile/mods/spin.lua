-- A helper module that loops while it loads. Used by require_loop.lua.
local n = 0
while true do n = n + 1 end

-- Unbounded recursion: of a Lua function (Lua stack overflow), and
-- through C (an __index or __tostring metamethod, gsub's replacement
-- function: C stack overflow). Each ends the criterion with a line (of
-- the recursion, or of the criterion when Lua gives none),
-- whether as an error or a limit; none may crash the engine. Recursion
-- through pcall stops at the C stack's bound and is caught, so that
-- criterion scores.
-- expect-exit: 1
-- expect-status: lua=error|limit index=error|limit tostr=error|limit gsub=error|limit pcalls=scored ok=scored
-- expect-error: lua recursion\.lua:21\b
-- expect-error: index recursion\.lua:22\b
-- expect-error: tostr recursion\.lua:(23|29)\b
-- expect-error: gsub recursion\.lua:(24|30)\b
-- expect-score: alpha: pcalls=1
-- expect-score: alpha: ok=1
-- expect-score: beta: ok=0.5
-- max-seconds: 10
-- max-rss-mb: 250

local R, T, g, f
local function deep(n) return 1 + deep(n + 1) end
R = setmetatable({}, { __index = function(t, k) return t[k] end })
T = setmetatable({}, { __tostring = function(t) return tostring(t) end })
function g(s) return (s:gsub(".", g)) end
function f() pcall(f) end

criterion { id = "lua", evaluate = function(p) return deep(1) end }
criterion { id = "index", evaluate = function(p) return R.x end }
criterion { id = "tostr", evaluate = function(p) return 1, tostring(T) end }
criterion { id = "gsub", evaluate = function(p) return 1, g("ab") end }
criterion { id = "pcalls", evaluate = function(p) f() return 1 end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- One criterion tries to change what the next sees: rawset on _G and on
-- the string and math libraries, plain assignments to library fields and
-- to globals (through _G and _ENV too), and the string metatable. Each
-- attempt is an error at its line; afterwards `check` finds everything as
-- it was, in both projects.
-- expect-exit: 1
-- expect-status: rawset_G=error rawset_string=error rawset_math=error assign_string=error assign_math=error global=error via_G=error via_ENV=error strmeta=error check=scored
-- expect-error: rawset_G ^sandbox_readonly\.lua:23: .*read-only
-- expect-error: rawset_string ^sandbox_readonly\.lua:24: .*read-only
-- expect-error: rawset_math ^sandbox_readonly\.lua:25: .*read-only
-- expect-error: assign_string ^sandbox_readonly\.lua:26: .*'string' is read-only
-- expect-error: assign_math ^sandbox_readonly\.lua:27: .*'math' is read-only
-- expect-error: global ^sandbox_readonly\.lua:28: .*cannot set global 'x'
-- expect-error: via_G ^sandbox_readonly\.lua:29: .*cannot set global 'tostring'
-- expect-error: via_ENV ^sandbox_readonly\.lua:30: .*cannot set global 'pairs'
-- expect-error: strmeta ^sandbox_readonly\.lua:31: .*index
-- expect-score: check=1

counter = 0   -- a global set at the top level is fine
local function evil() return "pwned" end

-- one criterion a line, so that the line of each is certain
criterion { id = "rawset_G", evaluate = function(p) rawset(_G, "counter", 99) return 1 end }
criterion { id = "rawset_string", evaluate = function(p) rawset(string, "rep", evil) return 1 end }
criterion { id = "rawset_math", evaluate = function(p) rawset(math, "floor", evil) return 1 end }
criterion { id = "assign_string", evaluate = function(p) string.format = evil return 1 end }
criterion { id = "assign_math", evaluate = function(p) math.pi = 3 return 1 end }
criterion { id = "global", evaluate = function(p) x = 1 return 1 end }
criterion { id = "via_G", evaluate = function(p) _G.tostring = evil return 1 end }
criterion { id = "via_ENV", evaluate = function(p) _ENV.pairs = evil return 1 end }
criterion { id = "strmeta", evaluate = function(p) getmetatable("").__index.upper = evil return 1 end }
criterion { id = "check", evaluate = function(p)
  return counter == 0 and x == nil and ("ab"):rep(2) == "abab" and string.rep("x", 2) == "xx"
    and math.floor(1.5) == 1 and math.pi > 3.14 and ("%d"):format(7) == "7" and tostring(1) == "1"
    and ("a"):upper() == "A" and type(getmetatable("")) ~= "table" and getmetatable(string) ~= nil
    and type(pairs({})) == "function"
end }

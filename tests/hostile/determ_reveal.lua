-- What a script can learn about the machine: nothing. math.randomseed()
-- with no argument reseeds from the project's own seed (it returned the
-- clock and a heap address), and tostring and %p of tables and functions
-- give numbers in the order the call first shows them, not addresses.
-- pairs and next visit numbers, then strings, then booleans, then tables
-- and functions in the order they were made (string.len was made with
-- the sandbox, before the script ran); next of an empty table is one nil.
-- expect-exit: 0
-- expect-note: names ^table: #1 function: #2 table: #1 0x1 0x3 project '(alpha|beta)'$
-- expect-note: seed ^number 0 true$
-- expect-note: meta ^thing: #1 named$
-- expect-note: order ^1 x T len a b c / 1 x T len a b c / nil 1$

criterion { id = "names", evaluate = function(p)
  local t = {}
  return 1, tostring(t) .. " " .. tostring(function() end) .. " " .. tostring(t) .. " " ..
            string.format("%p %p", t, {}) .. " " .. tostring(p)
end }

criterion { id = "seed", evaluate = function(p)
  local a, b = math.randomseed()
  local x = math.random(1, 1000000)
  math.randomseed(a, b)
  return 1, type(a) .. " " .. tostring(b) .. " " .. tostring(math.random(1, 1000000) == x)
end }

criterion { id = "meta", evaluate = function(p)
  local named = setmetatable({}, { __name = "thing" })
  local shown = setmetatable({}, { __tostring = function() return "named" end })
  return 1, tostring(named) .. " " .. tostring(shown)
end }

criterion { id = "order", evaluate = function(p)
  local a, b, c = {}, function() end, {}
  local t = { [c] = "c", [true] = "T", [a] = "a", x = "x", [b] = "b", [string.len] = "len", [1] = "1" }
  local viapairs, vianext = {}, {}
  for _, v in pairs(t) do viapairs[#viapairs + 1] = v end
  local k, v = next(t)
  while k ~= nil do vianext[#vianext + 1] = v; k, v = next(t, k) end
  -- an empty table's next gives one nil, as Lua's does
  local empty = tostring(next({})) .. " " .. select("#", next({}))
  return 1, table.concat(viapairs, " ") .. " / " .. table.concat(vianext, " ") ..
            " / " .. empty
end }

-- Bytecode by every door: load of a "\27Lua..." string (load is not
-- available), string.dump (not there), and a module file that starts as
-- a precompiled chunk (refused: text only).
-- expect-exit: 1
-- expect-status: load=error dump=error module=error ok=scored
-- expect-error: load ^sandbox_bytecode\.lua:13: .*'load' is not available
-- expect-error: dump ^sandbox_bytecode\.lua:14: .*dump
-- expect-error: module sandbox_bytecode\.lua:15: .*(binary|text|bytecode)
-- expect-score: alpha: ok=1

local chunk = "\27Lua\84\0\25\147\r\n\26\n\4\8\8\120\86\0\0\0\0\0\0\0\0\0\0\0\40\119\64"
-- one criterion a line, so that the line of each is certain
criterion { id = "load", evaluate = function(p) return load(chunk, "x", "b")() end }
criterion { id = "dump", evaluate = function(p) return #string.dump(function() return 1 end) > 0 end }
criterion { id = "module", evaluate = function(p) return require("mods.bytecode") ~= nil end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

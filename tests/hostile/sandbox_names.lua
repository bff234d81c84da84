-- Errors in the functions the sandbox wraps name the function, as Lua
-- 5.4's own do: each message below is what the stand-alone lua5.4 prints
-- for the same call (table.concat lost its name once: '?'). One call a
-- line, so that the line of each is certain.
-- expect-exit: 1
-- expect-status: concat=error insert=error move=error sort=error rep=error format=error byte=error len=error offset=error tostring=error tonumber=error ipairs=error next=error setmeta=error rawset=error random=error reseed=error find=error gsub=error
-- expect-error: concat ^sandbox_names\.lua:27: bad argument #1 to 'concat' \(table expected, got number\)$
-- expect-error: insert ^sandbox_names\.lua:28: bad argument #1 to 'insert' \(table expected, got number\)$
-- expect-error: move ^sandbox_names\.lua:29: bad argument #2 to 'move' \(number expected, got no value\)$
-- expect-error: sort ^sandbox_names\.lua:30: bad argument #1 to 'sort' \(table expected, got number\)$
-- expect-error: rep ^sandbox_names\.lua:31: bad argument #1 to 'rep' \(number expected, got no value\)$
-- expect-error: format ^sandbox_names\.lua:32: bad argument #2 to 'format' \(number expected, got string\)$
-- expect-error: byte ^sandbox_names\.lua:33: bad argument #1 to 'byte' \(string expected, got table\)$
-- expect-error: len ^sandbox_names\.lua:34: bad argument #1 to 'len' \(string expected, got table\)$
-- expect-error: offset ^sandbox_names\.lua:35: bad argument #1 to 'offset' \(string expected, got table\)$
-- expect-error: tostring ^sandbox_names\.lua:36: bad argument #1 to 'tostring' \(value expected\)$
-- expect-error: tonumber ^sandbox_names\.lua:37: bad argument #1 to 'tonumber' \(value expected\)$
-- expect-error: ipairs ^sandbox_names\.lua:38: bad argument #1 to 'ipairs' \(value expected\)$
-- expect-error: next ^sandbox_names\.lua:39: bad argument #1 to 'next' \(table expected, got number\)$
-- expect-error: setmeta ^sandbox_names\.lua:40: bad argument #1 to 'setmetatable' \(table expected, got number\)$
-- expect-error: rawset ^sandbox_names\.lua:41: bad argument #1 to 'rawset' \(table expected, got number\)$
-- expect-error: random ^sandbox_names\.lua:42: bad argument #1 to 'random' \(interval is empty\)$
-- expect-error: reseed ^sandbox_names\.lua:43: bad argument #1 to 'randomseed' \(number expected, got string\)$
-- expect-error: find ^sandbox_names\.lua:44: bad argument #1 to 'find' \(string expected, got table\)$
-- expect-error: gsub ^sandbox_names\.lua:45: bad argument #2 to 'gsub' \(string expected, got no value\)$

criterion { id = "concat", evaluate = function(p) table.concat(5) return 1 end }
criterion { id = "insert", evaluate = function(p) table.insert(5, 1) return 1 end }
criterion { id = "move", evaluate = function(p) table.move(5) return 1 end }
criterion { id = "sort", evaluate = function(p) table.sort(5) return 1 end }
criterion { id = "rep", evaluate = function(p) ("x"):rep() return 1 end }
criterion { id = "format", evaluate = function(p) string.format("%d", "x") return 1 end }
criterion { id = "byte", evaluate = function(p) string.byte({}) return 1 end }
criterion { id = "len", evaluate = function(p) utf8.len({}) return 1 end }
criterion { id = "offset", evaluate = function(p) utf8.offset({}) return 1 end }
criterion { id = "tostring", evaluate = function(p) tostring() return 1 end }
criterion { id = "tonumber", evaluate = function(p) tonumber() return 1 end }
criterion { id = "ipairs", evaluate = function(p) ipairs() return 1 end }
criterion { id = "next", evaluate = function(p) next(5) return 1 end }
criterion { id = "setmeta", evaluate = function(p) setmetatable(5) return 1 end }
criterion { id = "rawset", evaluate = function(p) rawset(5) return 1 end }
criterion { id = "random", evaluate = function(p) math.random(2, 1) return 1 end }
criterion { id = "reseed", evaluate = function(p) math.randomseed("x") return 1 end }
criterion { id = "find", evaluate = function(p) string.find({}) return 1 end }
criterion { id = "gsub", evaluate = function(p) string.gsub("x") return 1 end }

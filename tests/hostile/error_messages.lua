-- Messages are cut to 1 KiB and their control bytes escaped (README
-- "Limits"), in errors and notes alike, and the report stays valid UTF-8:
-- a raw 0xFF byte or a cut through a multibyte character must not reach the
-- JSON. (Bounds, escapes and UTF-8 are also checked for every input.)
-- expect-exit: 1
-- expect-status: huge=error control=error badutf8=error multibyte=error longnote=scored ctlnote=scored ok=scored
-- expect-error: huge ^error_messages\.lua:17: x{900,1024}\.\.\.$
-- expect-error: control ^error_messages\.lua:18: a\\(x00|u0000|0)b\\(x01|u0001|1)c\\(x1[bB]|u001[bB]|27)\[31m\\(x0[dD]|r)\\n\\(x7[fF]|u007[fF]|127)z$
-- expect-error: badutf8 ^error_messages\.lua:19: bad .* utf8
-- expect-error: multibyte ^error_messages\.lua:20: (é){400,512}(\.\.\.)?$
-- expect-note: longnote ^n{900,1024}\.\.\.$
-- expect-note: ctlnote ^tab\\there\\(x00|u0000|0)nul\\(x1[bB]|u001[bB]|27)\]0;title\\(x07|u0007|7)$
-- expect-score: alpha: ok=1
-- max-seconds: 10

-- one criterion a line, so that the line of each is certain
criterion { id = "huge", evaluate = function(p) error(("x"):rep(1e6)) end }
criterion { id = "control", evaluate = function(p) error("a\0b\1c\27[31m\r\n\127z") end }
criterion { id = "badutf8", evaluate = function(p) error("bad \255\254 \192 \237\160\128 utf8 \195") end }
criterion { id = "multibyte", evaluate = function(p) error(("é"):rep(600)) end }
criterion { id = "longnote", evaluate = function(p) return 1, ("n"):rep(1e6) end }
criterion { id = "ctlnote", evaluate = function(p) return 1, "tab\there\0nul\27]0;title\7" end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

-- A loop of C calls over a long string: each of utf8.len, `..`, sub,
-- upper and reverse walks 8 MB in one call the count hook cannot see into
-- (tens of milliseconds each). Making or scanning a string is charged one
-- instruction per 16 bytes, so every iteration costs about 2.5 million
-- instructions and the fourth one passes the 10 million of the limit:
-- the criterion ends in a fraction of a second, on every project, however
-- slow the machine (the instruction count does not depend on it).
-- expect-exit: 1
-- expect-status: spin=limit ok=scored
-- expect-error: spin ^instruction limit: more than 10000000 Lua instructions in one call \(at time_string_calls\.lua:15\)$
-- expect-score: beta: ok=0.5
-- max-seconds: 3

criterion { id = "spin", evaluate = function(p) local s = ("\u{e9}"):rep(4000000)
  while true do local n, t = utf8.len(s), s .. "x"; t = s:sub(2); t = s:upper(); t = s:reverse() end
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

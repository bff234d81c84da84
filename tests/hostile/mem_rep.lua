-- string.rep asked for too much: a terabyte, 1 MB copies joined by 1 MB
-- separators, and one byte over 16 MiB all stop at the string limit,
-- with their line, before anything is allocated. Exactly 16 MiB is
-- allowed. Empty pieces repeated 2^63-1 times build "" at once (the count
-- hook cannot stop a C loop, so they must not spin).
-- expect-exit: 1
-- expect-status: tera=limit sep=limit over=limit overs=limit at=scored empty=scored emptysep=scored ok=scored
-- expect-error: tera ^string limit: .* \(at mem_rep\.lua:16\)$
-- expect-error: sep ^string limit: .* \(at mem_rep\.lua:17\)$
-- expect-error: over ^string limit: .* \(at mem_rep\.lua:18\)$
-- expect-error: overs ^string limit: .* \(at mem_rep\.lua:19\)$
-- expect-score: at=1 empty=1 emptysep=1
-- expect-score: beta: ok=0.5
-- max-seconds: 10

criterion { id = "tera", evaluate = function(p) return #string.rep("x", 1e12) end }
criterion { id = "sep", evaluate = function(p) return #("x"):rep(1e6, ("y"):rep(1e6)) end }
criterion { id = "over", evaluate = function(p) return #("x"):rep(16 * 1024 * 1024 + 1) end }
criterion { id = "overs", evaluate = function(p) return #("ab"):rep(8 * 1024 * 1024, "c") end }
criterion { id = "at", evaluate = function(p) return #("x"):rep(16 * 1024 * 1024) == 16777216 end }
criterion { id = "empty", evaluate = function(p) return ("").rep("", math.maxinteger) == "" end }
criterion { id = "emptysep", evaluate = function(p) return (""):rep(math.maxinteger, "") == "" end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

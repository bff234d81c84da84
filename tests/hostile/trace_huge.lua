-- trace(...) of 16 MB strings in an endless loop, with --trace: making the
-- string costs 16,000,000 / 16 = 1,000,000 instructions and a call of
-- three is charged 48,000,000 / 16 = 3,000,000 more, so the third call
-- stops at the instruction limit, at its line. Only what the trace
-- limit allows is kept (the first line, cut at 64 KiB), so escaping and
-- memory stay small: the rest is counted, not copied. Then a line says
-- what was dropped.
-- args: --trace
-- expect-exit: 1
-- expect-status: huge=limit ok=scored
-- expect-error: huge ^instruction limit: more than 10000000 Lua instructions in one call \(at trace_huge\.lua:21\)$
-- expect-json: projects.0.criteria.0.trace.#=2 projects.0.criteria.0.trace.0.line=21
-- expect-json: projects.0.criteria.0.trace.1.line=21
-- expect-score: alpha: ok=1
-- expect-score: beta: ok=0.5
-- max-seconds: 5
-- max-rss-mb: 150

criterion { id = "huge", evaluate = function(p)
  local s = ("x"):rep(16000000)
  while true do trace(s, s, s) end
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

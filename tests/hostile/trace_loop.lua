-- trace(...) in an endless loop, with --trace: every call is charged, so
-- the instruction limit (a million here, so that it ends soon under
-- valgrind too) ends it at its line; the call keeps the trace
-- limit's worth, 1,000 bytes here: 200 lines of "tick" (4 bytes and an
-- end), then one line saying what was dropped. The other criterion and
-- the other project run as usual. A __tostring that traces its own table
-- recurses through C until Lua's C-stack limit stops it: an error, not a
-- crash.
-- args: --trace --max-trace 1000 --max-instructions 1000000
-- expect-exit: 1
-- expect-status: loop=limit recurse=error ok=scored
-- expect-error: loop ^instruction limit: more than 1000000 Lua instructions in one call \(at trace_loop\.lua:23\)$
-- expect-error: recurse (stack overflow|C stack)
-- expect-json: projects.0.criteria.0.trace.#=201 projects.0.criteria.0.trace.0.text="tick"
-- expect-json: projects.0.criteria.0.trace.199.text="tick" projects.0.criteria.0.trace.200.line=23
-- expect-json: projects.1.criteria.0.trace.#=201 projects.0.criteria.2.trace.#=0
-- expect-score: alpha: ok=1
-- expect-score: beta: ok=0.5
-- max-seconds: 10

criterion { id = "loop", evaluate = function(p)
  while true do
    trace("tick")
  end
end }

criterion { id = "recurse", evaluate = function(p)
  local t = setmetatable({}, { __tostring = function(t) trace(t) return "t" end })
  trace(t)
  return 1
end }

criterion { id = "ok", evaluate = function(p) return ({ present = 1, partial = 0.5 })[p:value("DEM1")] end }

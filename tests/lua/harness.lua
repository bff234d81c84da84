-- harness: the checks shared by the Lua tests, and their closing line.
--
--   local t = require "harness"
--   t.eq("name", got, want [, tol]); t.ok("name", cond [, detail])
--   t.raises("name", "part of the message", f, ...)
--   t.finish("stock")   -- prints "stock: N passed, N failed" and exits
--
-- A failed check prints one line "FAIL name: detail".

local t = { passed = 0, failed = 0 }

function t.show(v)
  if type(v) == "string" then return ("%q"):format(v) end
  return tostring(v)
end

function t.ok(name, cond, detail)
  if cond then
    t.passed = t.passed + 1
  else
    t.failed = t.failed + 1
    print(("FAIL %s%s"):format(name, detail and (": " .. detail) or ""))
  end
end

-- got == want; numbers within tol (default 1e-12).
function t.eq(name, got, want, tol)
  local same
  if type(got) == "number" and type(want) == "number" then
    same = math.abs(got - want) <= (tol or 1e-12)
  else
    same = got == want
  end
  t.ok(name, same, same or ("got " .. t.show(got) .. ", want " .. t.show(want)))
end

-- f(...) raises an error whose message contains `part` (plain text).
function t.raises(name, part, f, ...)
  local good, err = pcall(f, ...)
  t.ok(name, not good and tostring(err):find(part, 1, true) ~= nil,
       good and "no error raised" or ("error was " .. t.show(tostring(err))))
end

function t.finish(label)
  print(("%s: %d passed, %d failed"):format(label, t.passed, t.failed))
  os.exit(t.failed == 0 and 0 or 1)
end

return t

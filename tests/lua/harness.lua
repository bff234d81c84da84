-- harness: the checks shared by the Lua tests, and their closing line.
--
--   local t = require "harness"
--   t.eq("name", got, want [, tol]); t.ok("name", cond [, detail])
--   t.raises("name", "part of the message", f, ...)
--   t.project(indicators, fields [, strict])   -- a mock project
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

-- A mock project: inds maps an indicator id to its value (a word, number
-- or boolean) or to "not_stated" / "not_applicable"; an id not in inds is
-- missing from the case. fields are the descriptive fields. With strict,
-- reading anything but the methods (p.id, p.name) raises: a stock script
-- must score from indicators only.
function t.project(inds, fields, strict)
  local m = {}
  function m:indicator(id)
    local v = inds[id]
    if v == nil then return nil end
    if v == "not_stated" or v == "not_applicable" then
      return { id = id, status = v }
    end
    return { id = id, value = v, status = "stated" }
  end
  function m:value(id)
    local ind = self:indicator(id)
    if ind == nil or ind.status ~= "stated" then return nil end
    return ind.value
  end
  function m:has(id) return inds[id] ~= nil end
  function m:field(path)
    local f = fields
    for part in path:gmatch("[^.]+") do
      if type(f) ~= "table" then return nil end
      f = f[part]
    end
    return f
  end
  if not strict then
    m.id, m.name = "mock", "Mock project"
    return m
  end
  return setmetatable({}, {
    __index = function(_, k)
      if m[k] then return m[k] end
      error("a stock script read p." .. tostring(k), 2)
    end,
  })
end

function t.finish(label)
  print(("%s: %d passed, %d failed"):format(label, t.passed, t.failed))
  os.exit(t.failed == 0 and 0 or 1)
end

return t

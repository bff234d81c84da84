-- trace(...) from evaluate, a module, a band rule and a verdict rule
local helper = require "helper"

criterion {
  id = "reads",
  bands = {
    { "high", at_least = 0.5, when = function(p, r)
      trace("band sees", r.score)
      return true
    end },
    { "low" },
  },
  evaluate = function(p)
    local v = p:value("X1")
    trace("X1 is", v, {}, nil, false)
    trace("\27[2Jcleared")
    return helper.half(v)
  end,
}

criterion {
  id = "quiet",
  evaluate = function(p) return 1 end,
}

weighting {
  verdicts = {
    { "ok", when = function(p, info)
      trace("verdict for", p.id, info.score)
      return true
    end },
  },
}

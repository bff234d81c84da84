-- trace lists in JSON: criteria, a module, the aggregate and the verdicts
local helper = require "helper"

criterion {
  id = "a",
  description = "What A measures",
  evaluate = function(p)
    trace("a", 1.5, p:value("N"))
    return helper.score(p)
  end,
}

criterion { id = "b", evaluate = function(p) return true end }

weighting {
  aggregate = function(results, p)
    trace("aggregate of", #results)
    return results.a.score / 2
  end,
  verdicts = {
    { "low", when = function(p, info)
      trace("low?", info.score < 0.3)
      return info.score < 0.3
    end },
    { "high" },
  },
}

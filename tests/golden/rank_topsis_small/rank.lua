-- Two weighted criteria read from the case, and one of weight 0 that the
-- rankings leave out.
local function read(id)
  return function(p)
    local v = p:value(id)
    if v == nil then return nil, "no " .. id end
    if v < 0 then error("negative " .. id) end
    return v
  end
end

criterion { id = "a", title = "A", weight = 3, evaluate = read("A") }
criterion { id = "b", title = "B", weight = 1, evaluate = read("B") }
criterion { id = "c", title = "C", weight = 0, evaluate = read("C") }

weighting {
  aggregate = "weighted_mean",
  verdicts = { { "strong", at_least = 0.7 }, { "weak" } },
}

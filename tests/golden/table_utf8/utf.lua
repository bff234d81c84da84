-- Table layout with accented text: columns are characters, not bytes.
criterion {
  id = "demanda",
  weight = 1,
  bands = { { "forte", at_least = 0.75 }, { "fraca" } },
  evaluate = function(p)
    if p:value("X") == "present" then
      return 1, "a demanda é criada pelas compras públicas do governo do estado do Ceará, não pela oferta de serviços técnicos"
    end
    return 0
  end,
}

weighting {
  aggregate = "weighted_mean",
  verdicts = { { "sólido", at_least = 0.75 }, { "fraco" } },
}

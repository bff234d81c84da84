-- csv_decimal_comma: numbers with decimals, written in a German locale.
criterion { id = "third", weight = 0.5, evaluate = function(p) return 1 / 3 end }
criterion { id = "none", weight = 1.5, evaluate = function(p) return nil, "none" end }

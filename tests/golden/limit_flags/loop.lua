criterion { id = "loop", evaluate = function(p)
  while true do end
end }
criterion { id = "ok", evaluate = function(p) return 0.5 end }

criterion { id = "method", evaluate = function(p) return p:valu("DEM1") end }
criterion { id = "field", evaluate = function(p) return p.nmae end }
criterion { id = "part", evaluate = function(p) return p:indic("DEM1") end }
criterion { id = "far", evaluate = function(p) return p.country end }
criterion { id = "ind", evaluate = function(p) return p:indicator("DEM1").vlaue end }
criterion { id = "ind_far", evaluate = function(p) return p:indicator("DEM1").quote end }

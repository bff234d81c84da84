-- reads-indicator: the loop of reads.lua reading each name with p:indicator.
require "reads"(function(p, name) return p:indicator(name) end, "indicator")

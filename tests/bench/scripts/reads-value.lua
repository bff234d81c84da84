-- reads-value: the loop of reads.lua reading each name with p:value.
require "reads"(function(p, name) return p:value(name) end, "indicator")

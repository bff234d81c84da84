-- reads-field: the loop of reads.lua reading each path with p:field.
require "reads"(function(p, name) return p:field(name) end, "field")

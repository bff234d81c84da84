-- require reaches the script's folder and the stock folder, nothing else:
-- no path climbing, no absolute paths, no dotted climbing, no 'assay'
-- (kept for the host-side module), no name that is not a string. The
-- stock module itself loads.
-- expect-exit: 1
-- expect-status: dotdot=error absolute=error dotted=error assay=error missing=error nonstring=error stock=scored
-- expect-error: dotdot ^sandbox_require\.lua:17: .*module name
-- expect-error: absolute ^sandbox_require\.lua:18: .*module name
-- expect-error: dotted ^sandbox_require\.lua:19: .*module name
-- expect-error: assay ^sandbox_require\.lua:20: .*'assay' is the host-side module
-- expect-error: missing ^sandbox_require\.lua:21: .*not found
-- expect-error: nonstring ^sandbox_require\.lua:22: .*string
-- expect-score: stock=1

-- one criterion a line, so that the line of each is certain
local s = "stock"
criterion { id = "dotdot", evaluate = function(p) return require("../../etc/passwd") ~= nil end }
criterion { id = "absolute", evaluate = function(p) return require("/etc/passwd") ~= nil end }
criterion { id = "dotted", evaluate = function(p) return require("..etc.passwd") ~= nil end }
criterion { id = "assay", evaluate = function(p) return require("assay") ~= nil end }
criterion { id = "missing", evaluate = function(p) return require("etc.passwd") ~= nil end }
criterion { id = "nonstring", evaluate = function(p) return require({}) ~= nil end }
criterion { id = "stock", evaluate = function(p) return type(require(s)) == "table" end }

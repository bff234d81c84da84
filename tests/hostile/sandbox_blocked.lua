-- Every name the sandbox leaves out raises an error that names it, at the
-- line of the use: as a global, through _G and through _ENV. rawget sees
-- none of them either.
-- expect-exit: 1
-- expect-status: io=error os=error package=error debug=error coroutine=error load=error loadstring=error dofile=error loadfile=error collectgarbage=error print=error via_G=error via_ENV=error raw=scored
-- expect-error: io ^sandbox_blocked\.lua:22: .*'io' is not available in assay scripts \(sandbox\)
-- expect-error: os ^sandbox_blocked\.lua:23: .*'os' is not available in assay scripts \(sandbox\)
-- expect-error: package ^sandbox_blocked\.lua:24: .*'package' is not available in assay scripts \(sandbox\)
-- expect-error: debug ^sandbox_blocked\.lua:25: .*'debug' is not available in assay scripts \(sandbox\)
-- expect-error: coroutine ^sandbox_blocked\.lua:26: .*'coroutine' is not available in assay scripts \(sandbox\)
-- expect-error: load ^sandbox_blocked\.lua:27: .*'load' is not available in assay scripts \(sandbox\)
-- expect-error: loadstring ^sandbox_blocked\.lua:28: .*'loadstring' is not available in assay scripts \(sandbox\)
-- expect-error: dofile ^sandbox_blocked\.lua:29: .*'dofile' is not available in assay scripts \(sandbox\)
-- expect-error: loadfile ^sandbox_blocked\.lua:30: .*'loadfile' is not available in assay scripts \(sandbox\)
-- expect-error: collectgarbage ^sandbox_blocked\.lua:31: .*'collectgarbage' is not available in assay scripts \(sandbox\)
-- expect-error: print ^sandbox_blocked\.lua:32: .*'print' is not available in assay scripts \(sandbox\)
-- expect-error: via_G ^sandbox_blocked\.lua:33: .*'os' is not available in assay scripts \(sandbox\)
-- expect-error: via_ENV ^sandbox_blocked\.lua:34: .*'debug' is not available in assay scripts \(sandbox\)
-- expect-score: raw=1

-- one criterion a line, so that the line of each is certain
criterion { id = "io", evaluate = function(p) return io.open("/etc/passwd") ~= nil end }
criterion { id = "os", evaluate = function(p) return os.execute("touch /tmp/assay-hostile-escaped") end }
criterion { id = "package", evaluate = function(p) return package.loadlib("libc.so.6", "system") ~= nil end }
criterion { id = "debug", evaluate = function(p) return debug.getregistry() ~= nil end }
criterion { id = "coroutine", evaluate = function(p) return coroutine.wrap(function() end) ~= nil end }
criterion { id = "load", evaluate = function(p) return load("return 1")() end }
criterion { id = "loadstring", evaluate = function(p) return loadstring("return 1")() end }
criterion { id = "dofile", evaluate = function(p) return dofile("/etc/passwd") end }
criterion { id = "loadfile", evaluate = function(p) return loadfile("/etc/passwd") ~= nil end }
criterion { id = "collectgarbage", evaluate = function(p) return collectgarbage("count") > 0 end }
criterion { id = "print", evaluate = function(p) print("escaped to stdout") return 1 end }
criterion { id = "via_G", evaluate = function(p) return _G.os.getenv("HOME") ~= nil end }
criterion { id = "via_ENV", evaluate = function(p) return _ENV.debug.sethook() end }
criterion { id = "raw", evaluate = function(p) return rawget(_G, "io") == nil and rawget(_G, "os") == nil and rawget(_G, "debug") == nil and rawget(_G, "load") == nil end }

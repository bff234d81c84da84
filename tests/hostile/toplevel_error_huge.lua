-- A 1 MB error message with control bytes, raised while the script
-- loads: stderr gets one line, cut to about 1 KiB, escaped.
-- expect-exit: 3
-- expect-stderr: ^assay: toplevel_error_huge\.lua:8: \\(x1[bB]|u001[bB]|27)\[2J\\(x00|u0000|0)x{900,1024}\.\.\.$

criterion { id = "ok", evaluate = function(p) return 1 end }

error("\27[2J\0" .. ("x"):rep(1e6))

-- A script of about 273,000 bytes, over the 256 KiB limit: rejected (exit 3),
-- naming the file, before any of it runs. Line 7 is repeated 2,700 times.
-- expect-exit: 3
-- expect-stderr: ^assay: big_script\.lua:? .*larger than the limit of 262144 bytes
-- repeat-line: 7 2700
criterion { id = "ok", evaluate = function(p) return 1 end }
-- xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx

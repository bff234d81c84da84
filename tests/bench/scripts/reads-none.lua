-- reads-none: the loop of reads.lua with no read, the baseline of the
-- per-read costs `make bench` prints (tests/bench/run.py).
require "reads"(function(_, name) return name end, "indicator")

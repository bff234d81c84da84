#!/usr/bin/env python3
"""How far past its time limit a criterion call can run: loops of single C
calls over a 16 MB string, which the count hook cannot see into, run with
the instruction limit lifted so that only the time limit (1000 ms) can stop
them.

    tests/bench/overshoot.py ASSAY [--runs N]

For each call, the overshoot is the run's wall time less that of a run
whose criterion returns at once (the process, loading), less the limit:
what the call costs past its second, rebuilding the Lua state after the
limit included. The median of N runs is printed, and the largest.
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time

CALLS = ['utf8.len(s)', 's .. "x"', 's:sub(2)', 's:upper()', 's:reverse()',
         's <= s2', 's == s2', 's:find("y", 1, true)', 'tonumber(s)',
         's:byte(-1)', 's:rep(1)', 's:lower():len()']

SCRIPT = """criterion {{ id = "spin", evaluate = function(p)
  local s, s2 = ("\\u{{e9}}"):rep(8000000), ("\\u{{e9}}"):rep(8000000)
  while true do local x = {call} end
end }}
"""
EMPTY = """criterion { id = "spin", evaluate = function(p) return 1 end }
"""


def wall(assay, script, case):
    t = time.monotonic()
    subprocess.run([assay, "run", "-f", "json", "--max-time", "1000",
                    "--max-instructions", "1000000000000", "-s", script,
                    case], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return time.monotonic() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("assay")
    ap.add_argument("--runs", type=int, default=3)
    opt = ap.parse_args()
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        case = os.path.join(tmp, "one.yaml")
        with open(case, "w") as f:
            f.write("id: a\nname: A\n")
        print("overshoot of the 1000 ms time limit, median of %d runs:"
              % opt.runs)
        def median(text):
            script = os.path.join(tmp, "s.lua")
            with open(script, "w") as f:
                f.write(text)
            return statistics.median(wall(opt.assay, script, case)
                                     for _ in range(opt.runs))
        base = median(EMPTY)
        for call in CALLS:
            over = (median(SCRIPT.format(call=call)) - base - 1.0) * 1000
            worst = max(worst, over)
            print("  %-24s %6.1f ms" % (call, over))
    print("largest: %.1f ms" % worst)


if __name__ == "__main__":
    main()

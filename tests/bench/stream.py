#!/usr/bin/env python3
"""stream.py -- results leave assay while its input is still coming.

    python3 tests/bench/stream.py ASSAY

For -j 1 and -j 2, feeds `assay run -f jsonl` through a pipe one document
at a time and requires each project's result line before the next
document is written: nothing waits for the end of the input or for a full
batch. The wait for a line is bounded only to turn a hang into a failure.
"""
import os
import select
import subprocess
import sys

SCRIPT = b"""criterion { id = "a", title = "A", weight = 1,
  evaluate = function(p) return p:value("x") end }
weighting { aggregate = "minimum" }
"""


class Lines:
    """Lines from a pipe, waiting at most so long for each."""

    def __init__(self, fd):
        self.fd, self.pending = fd, b""

    def next(self, seconds):
        while b"\n" not in self.pending:
            ready, _, _ = select.select([self.fd], [], [], seconds)
            chunk = os.read(self.fd, 65536) if ready else b""
            if not chunk:
                return None
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line.decode()

    def rest(self):
        while True:
            chunk = os.read(self.fd, 65536)
            if not chunk:
                return self.pending.decode()
            self.pending += chunk


def main():
    assay = os.path.abspath(sys.argv[1])
    here = os.path.dirname(os.path.abspath(__file__))
    script = os.path.join(here, "stream-script.lua.tmp")
    with open(script, "wb") as f:
        f.write(SCRIPT)
    failed = 0
    try:
        for jobs in ("1", "2"):
            p = subprocess.Popen([assay, "run", "-j", jobs, "-f", "jsonl",
                                  "-s", script, "/dev/stdin"],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, bufsize=0)
            out = Lines(p.stdout.fileno())
            header, got = None, []
            for i in range(5):
                # A document is known to be whole once the next one starts.
                p.stdin.write(b"id: s%d\nname: S\nindicators: {x: 0.5}\n---\n"
                              % i)
                p.stdin.flush()
                line = out.next(10)
                if line and '"type":"header"' in line:
                    header, line = line, out.next(10)
                got.append(line)
            p.stdin.close()
            rest = out.rest()
            code = p.wait()
            ok = (header and '"type":"header"' in header and code == 0 and
                  all(g and '"id":"s%d"' % i in g for i, g in enumerate(got))
                  and '"type":"project"' not in rest)
            print(("ok  " if ok else "FAIL") +
                  f" -j {jobs}: each result before the next document")
            failed += not ok
    finally:
        os.remove(script)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""stream.py -- results leave assay while its input is still coming.

    python3 tests/bench/stream.py ASSAY

For -j 1 and -j 2, feeds `assay run -f jsonl` (then -f csv and -f
csv-wide) through a pipe one document at a time and requires each
project's result line (its row) before the next document is written:
nothing waits for the end of the input or for a full batch. The wait for
a line is bounded only to turn a hang into a failure.

Then the csv formats' memory is flat: the peak RSS of a run over 100,000
projects with -j 1 is that of a run over 2,000, give or take a few MB, so
nothing is kept per project. (-j 1 is given, since the default is now
every core: with two workers the peak over 100,000 projects is some 8 MB
higher, most of it malloc's arenas for the worker threads.)
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


# How each format marks its header and a project's line, which holds
# the project's id as %s.
FORMATS = {
    "jsonl": (lambda l: '"type":"header"' in l, '"id":"%s"',
              '"type":"project"'),
    "csv": (lambda l: l.startswith("project_id,"), "%s,", "\ns"),
    "csv-wide": (lambda l: l.startswith("project_id,"), "%s,", "\ns"),
}


def streams(assay, script, fmt, jobs):
    is_header, has_id, project_mark = FORMATS[fmt]
    p = subprocess.Popen([assay, "run", "-j", jobs, "-f", fmt,
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
        if line and is_header(line):
            header, line = line, out.next(10)
        got.append(line)
    p.stdin.close()
    rest = out.rest()
    code = p.wait()
    return (header is not None and code == 0 and
            all(g and (has_id % ("s%d" % i)) in g for i, g in enumerate(got))
            and project_mark not in "\n" + rest)


def peak_rss_kb(assay, script, fmt, cases):
    """assay's peak resident memory, in KiB, over cases, with -j 1."""
    p = subprocess.Popen([assay, "run", "-j", "1", "-f", fmt, "-s", script,
                          cases],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    return usage.ru_maxrss if os.waitstatus_to_exitcode(status) == 0 else None


def main():
    assay = os.path.abspath(sys.argv[1])
    here = os.path.dirname(os.path.abspath(__file__))
    script = os.path.join(here, "stream-script.lua.tmp")
    cases = {n: os.path.join(here, "stream-%d.yaml.tmp" % n)
             for n in (2000, 100000)}
    with open(script, "wb") as f:
        f.write(SCRIPT)
    failed = 0
    try:
        for fmt in FORMATS:
            for jobs in ("1", "2"):
                ok = streams(assay, script, fmt, jobs)
                print(("ok  " if ok else "FAIL") +
                      f" -f {fmt} -j {jobs}: each result before the next "
                      "document")
                failed += not ok
        for n, path in cases.items():
            with open(path, "w") as f:
                for i in range(n):
                    f.write("--- {id: p%d, name: \"P, %d\", "
                            "indicators: {x: 0.5}}\n" % (i, i))
        for fmt in ("csv", "csv-wide"):
            small, big = (peak_rss_kb(assay, script, fmt, cases[n])
                          for n in (2000, 100000))
            ok = small and big and big <= small + 4096
            print(("ok  " if ok else "FAIL") +
                  f" -f {fmt}: peak RSS {small} KiB for 2,000 projects, "
                  f"{big} KiB for 100,000")
            failed += not ok
    finally:
        os.remove(script)
        for path in cases.values():
            if os.path.exists(path):
                os.remove(path)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

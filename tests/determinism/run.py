#!/usr/bin/env python3
"""Same inputs, same bytes: run a script that looks at every order and
address Lua has, many times, in separate processes and under -j 1 and -j 3,
and require one output.

    tests/determinism/run.py ASSAY [--runs N]

The script is stranger.lua (beside this file), the cases the bundled
cases/ plus 400 projects that differ only in their ids, generated at run
time: under -j they are spread over workers whose Lua states have seen
different histories. Each run is `assay run -f json -j J --trace -s
stranger.lua cases/ GENERATED`; their stdout must be byte-identical, and
must show that the script ran (every criterion scored or not_assessable,
none in error), since a script that fails everywhere is trivially
deterministic. Then `assay sensitivity` of the same script, whose
weighings run in the calling thread's Lua state whatever -j is, four
times on 46 projects (-j 1 and -j 3), one output required.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

TWIN = """---
id: twin{n:03d}
name: "Twin programme {n}, \u00e9t\u00e9"
indicators:
  CAP1: {{ value: present }}
  DEM1: {{ value: partial }}
  GRP1: {{ value: absent }}
  INC1: {{ value: present }}
  CAP2: {{ value: partial }}
  INC2: {{ value: present }}
"""


def stdout_of(assay, command, jobs, cases, *flags):
    """stdout of `assay COMMAND -f json -j JOBS FLAGS -s stranger.lua
    cases/ CASES`, run from the root; exits on a failure."""
    cmd = [os.path.abspath(assay), command, "-f", "json", "-j", str(jobs),
           *flags, "-s", os.path.join(HERE, "stranger.lua"), "cases/", cases]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=300)
    if p.returncode != 0:
        sys.exit("determinism: %s exited %d: %s" % (
            " ".join(cmd), p.returncode, p.stderr.decode("utf-8", "replace")))
    return p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("assay")
    ap.add_argument("--runs", type=int, default=6)
    opt = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        twins = os.path.join(tmp, "twins.yaml")
        with open(twins, "w", encoding="utf-8") as f:
            for n in range(400):
                f.write(TWIN.format(n=n))
        outputs = {}
        for jobs in (1, 3):
            for _ in range(opt.runs):
                out = stdout_of(opt.assay, "run", jobs, twins, "--trace")
                outputs.setdefault(hashlib.sha256(out).hexdigest(),
                                   (jobs, out))
        report = json.loads(next(iter(outputs.values()))[1])
        projects = report["projects"]
        if len(projects) != 406:
            sys.exit("determinism: %d projects reported, expected 406"
                     % len(projects))
        for pr in projects:
            for c in pr["criteria"]:
                if c["status"] not in ("scored", "not_assessable"):
                    sys.exit("determinism: %s.%s ended %s: %s" % (
                        pr["id"], c["id"], c["status"], c["error"]))
                if c["id"] == "objects" and len(c["trace"]) != 12:
                    sys.exit("determinism: %s.objects traced %d lines, "
                             "expected one for each of the 12 weights"
                             % (pr["id"], len(c["trace"])))
        runs = 2 * opt.runs
        if len(outputs) != 1:
            sys.exit("determinism: %d runs (-j 1 and -j 3) gave %d different "
                     "outputs" % (runs, len(outputs)))
        print("determinism: %d runs (-j 1 and -j 3), 406 projects, one "
              "output" % runs)
        few = os.path.join(tmp, "few.yaml")
        with open(few, "w", encoding="utf-8") as f:
            for n in range(40):
                f.write(TWIN.format(n=n))
        sensitivity(opt, few)


def sensitivity(opt, twins):
    """assay sensitivity weighs each project again in the main thread's
    Lua state, whatever -j evaluated it: its report must not depend on
    -j either, nor on what that state ran before. 46 projects: lucky()
    reads the weights, so it runs for each of some 1,100 weighings."""
    outputs = set()
    verdicts = None
    for jobs in (1, 3):
        for _ in range(2):
            out = stdout_of(opt.assay, "sensitivity", jobs, twins,
                            "--samples", "40")
            outputs.add(hashlib.sha256(out).hexdigest())
            verdicts = json.loads(out)
    lucky = sum(1 for pr in verdicts["projects"]
                if pr.get("verdict") == "lucky")
    if not 0 < lucky < 46:
        sys.exit("determinism: sensitivity: %d of 46 projects lucky; the "
                 "random verdict rule did not run as meant" % lucky)
    if len(outputs) != 1:
        sys.exit("determinism: sensitivity, 4 runs (-j 1 and -j 3), gave "
                 "%d different outputs" % len(outputs))
    print("determinism: sensitivity, 4 runs (-j 1 and -j 3), one output")


if __name__ == "__main__":
    main()

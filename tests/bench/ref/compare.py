#!/usr/bin/env python3
"""compare.py -- check a reference's results against assay's.

    python3 tests/bench/ref/compare.py ASSAY.jsonl REF.jsonl

ASSAY.jsonl is `assay run -f jsonl` output (only its "type": "project"
lines are results); REF.jsonl is a reference's output (every line is a
result). Both must list the same ids in the same order, with equal
verdicts, and coverage and scores within 1e-9 (null only equals null).
Prints "N projects equal" (exit 0) or the first 10 differences (exit 1).
"""
import itertools
import json
import sys

TOL = 1e-9


def results(path):
    """(line number, result) for each project result in a jsonl file."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                r = json.loads(line)
                if r.get("type", "project") == "project":
                    yield n, r


def near(a, b):
    if a is None or b is None:
        return a is b
    return abs(a - b) <= TOL


def differences(a, b):
    """What differs between two results, as text; empty when equal."""
    if a["id"] != b["id"]:
        return ["id %r, reference %r" % (a["id"], b["id"])]
    out = []
    if a.get("verdict") != b.get("verdict"):
        out.append("verdict %r, reference %r" % (a.get("verdict"), b.get("verdict")))
    for k in ("score", "coverage"):
        if not near(a.get(k), b.get(k)):
            out.append("%s %r, reference %r" % (k, a.get(k), b.get(k)))
    return out


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: compare.py ASSAY.jsonl REF.jsonl")
    shown, equal, n = 0, True, 0
    pairs = itertools.zip_longest(results(argv[0]), results(argv[1]))
    for n, (a, b) in enumerate(pairs, 1):
        if a is None or b is None:
            what = ["reference has extra project %r" % b[1]["id"]] if a is None \
                else ["reference lacks project %r" % a[1]["id"]]
        else:
            what = differences(a[1], b[1])
        if what:
            equal = False
            shown += 1
            where = "%s:%d" % (argv[0], a[0]) if a else "%s:%d" % (argv[1], b[0])
            pid = (a or b)[1]["id"]
            print("%s: %s: %s" % (where, pid, "; ".join(what)))
            if shown == 10:
                print("(stopped after 10 differences)")
                break
            if a is None or b is None or a[1]["id"] != b[1]["id"]:
                break  # out of step: what follows would all differ
    if not equal:
        return 1
    print("%d projects equal" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

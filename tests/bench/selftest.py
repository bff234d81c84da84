#!/usr/bin/env python3
"""selftest.py -- the bench's own tools, checked in seconds (make bench-tools).

    python3 tests/bench/selftest.py ASSAY

`make bench` takes minutes and is not part of `make check`; this is. It
checks what the bench's figures rest on:

- gen.py writes each shape as its docstring says: the default shape's
  keys, sixteen indicators and six fields an indicator; the wide shape's
  fewer keys, 32 indicators (F1-F10 and X1-X6 added), three fields and
  two to four sentences of evidence; options change one trait; the same
  options give the same bytes; assay accepts both shapes.
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

FEATURE_IDS = [f + str(k) for f in ("CAP", "DEM", "GRP", "INC")
               for k in range(1, 5)]
failures = []


def check(ok, what):
    print(f"  {'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures.append(what)


def gen(*args):
    return subprocess.run([sys.executable, os.path.join(HERE, "gen.py")]
                          + list(args), check=True, capture_output=True,
                          text=True).stdout


def documents(text):
    """gen.py's output, read by its layout: for each document its
    top-level keys, and its indicators as (id, {key: text})."""
    docs = []
    for part in text.split("---\n")[1:]:
        top, inds, in_inds = [], [], False
        for line in part.splitlines():
            if not line.startswith(" "):
                key = line.split(":")[0]
                top.append(key)
                in_inds = key == "indicators"
            elif in_inds and line.startswith("  ") and line[2] != " ":
                inds.append((line.strip().rstrip(":"), {}))
            elif in_inds:
                key, _, value = line.strip().partition(": ")
                inds[-1][1][key] = value
        docs.append((top, inds))
    return docs


def check_gen(assay, tmp):
    print("gen.py")
    default = gen("--projects", "4", "--seed", "3")
    docs = documents(default)
    check(len(docs) == 4, "default: 4 documents for --projects 4")
    check(all(top == ["id", "name", "country", "sector", "target_group",
                      "sources", "indicators"] for top, _ in docs),
          "default: id, name, country, sector, target_group, sources, "
          "indicators")
    check(all([i for i, _ in inds] == FEATURE_IDS for _, inds in docs),
          "default: the sixteen indicators CAP1-INC4")
    check(all(list(f) == ["value", "unit", "evidence", "source", "locator",
                          "confidence"] and f["evidence"].count("The project")
              == 1 for _, inds in docs for _, f in inds),
          "default: six fields an indicator, one sentence of evidence")
    check(gen("--projects", "4", "--seed", "3", "--shape", "default",
              "--no-flags", "--extra", "0", "--sentences", "1",
              "--no-lean") == default,
          "default: the options at their default values change no byte")
    check(gen("--projects", "4", "--seed", "4") != default,
          "default: another seed, other bytes")

    wide = gen("--shape", "wide", "--projects", "5", "--seed", "3")
    check(wide == gen("--shape", "wide", "--projects", "5", "--seed", "3"),
          "wide: the same options, the same bytes")
    docs = documents(wide)
    ids = FEATURE_IDS + ["F%d" % k for k in range(1, 11)] + \
        ["X%d" % k for k in range(1, 7)]
    check(all(top == ["id", "name", "target_group", "sources", "indicators"]
              for top, _ in docs),
          "wide: id, name, target_group, sources, indicators only")
    check(all([i for i, _ in inds] == ids for _, inds in docs),
          "wide: 32 indicators, F1-F10 and X1-X6 after the sixteen")
    sentences = [f["evidence"].count("The project")
                 for _, inds in docs for _, f in inds]
    check(all(list(f) == ["value", "evidence", "source"]
              for _, inds in docs for _, f in inds),
          "wide: value, evidence and source an indicator")
    check(min(sentences) == 2 and max(sentences) == 4,
          "wide: two to four sentences of evidence")
    one = documents(gen("--shape", "wide", "--projects", "1", "--extra", "0",
                        "--no-lean", "--sentences", "1"))[0]
    check([i for i, _ in one[1]] == ids[:26] and len(one[0]) == 7
          and all(len(f) == 6 for _, f in one[1]),
          "wide with --extra 0 --no-lean --sentences 1: 26 indicators, "
          "the default's keys and fields")

    for shape, text in (("default", default), ("wide", wide)):
        path = os.path.join(tmp, shape + ".yaml")
        with open(path, "w") as f:
            f.write(text)
        p = subprocess.run([assay, "check", path],
                           capture_output=True, text=True)
        check(p.returncode == 0, f"{shape}: assay check accepts it "
                                 f"{p.stderr.strip()}")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: selftest.py ASSAY")
    assay = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        check_gen(assay, tmp)
    if failures:
        sys.exit(f"bench tools: {len(failures)} failures")
    print("bench tools: all checks passed")


if __name__ == "__main__":
    main()

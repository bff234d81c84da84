#!/usr/bin/env python3
"""selftest.py -- the bench's own tools, checked in seconds (make bench-tools).

    python3 tests/bench/selftest.py ASSAY

`make bench` takes minutes and is not part of `make check`; this is. It
checks what the bench's figures rest on:

- gen.py writes each shape as its docstring says: the default shape's
  keys, sixteen indicators and six fields an indicator; the wide shape's
  fewer keys, 32 indicators (F1-F10 and X1-X6 added), three fields and
  two to four sentences of evidence; options change one trait; the same
  options give the same bytes; assay accepts both shapes;
- the read scripts of tests/bench/scripts/ read what run.py divides by:
  16 criteria, each reading the 16 feature indicators (reads-value,
  reads-indicator) or 6 fields (reads-field) once, reads-none nothing,
  every criterion scored; one-criterion.lua scores CAP1 as the case has it;
- early-pitfalls scores on the wide shape a flag for every flag the case
  states (the default shape has none);
- run.py's parsing of a callgrind profile and of a report's evidence.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run  # noqa: E402  (tests/bench/run.py)

FEATURE_IDS = [f + str(k) for f in ("CAP", "DEM", "GRP", "INC")
               for k in range(1, 5)]
SCALE = {"present": 1, "partial": 0.5, "absent": 0}
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

    paths = {}
    for shape, text in (("default", default), ("wide", wide)):
        paths[shape] = os.path.join(tmp, shape + ".yaml")
        with open(paths[shape], "w") as f:
            f.write(text)
        p = subprocess.run([assay, "check", paths[shape]],
                           capture_output=True, text=True)
        check(p.returncode == 0, f"{shape}: assay check accepts it "
                                 f"{p.stderr.strip()}")
    return paths


def report(assay, script, path):
    p = subprocess.run([assay, "run", "-j", "1", "-f", "jsonl", "-s", script,
                        path], capture_output=True, text=True)
    if p.returncode != 0:
        check(False, f"{os.path.basename(script)} on {path}: exit "
                     f"{p.returncode} {p.stderr.strip()}")
        return []
    return [json.loads(line) for line in p.stdout.splitlines()
            if json.loads(line)["type"] == "project"]


def check_scripts(assay, paths):
    print("tests/bench/scripts")
    expect = {"none": 0, "value": 16 * 16, "indicator": 16 * 16,
              "field": 16 * 6}
    for shape, path in paths.items():
        cases = documents(open(path).read())
        for k, n in expect.items():
            out = report(assay, os.path.join(run.SCRIPTS,
                                             f"reads-{k}.lua"), path)
            ok = len(out) == len(cases) and all(
                len(r["criteria"]) == 16 and
                all(c["status"] == "scored" for c in r["criteria"]) and
                sum(len(c["evidence"]) for c in r["criteria"]) == n
                for r in out)
            check(ok, f"{shape}: reads-{k}.lua, 16 criteria scored, {n} "
                      f"reads a project")
        out = report(assay, os.path.join(run.SCRIPTS, "one-criterion.lua"),
                     path)
        want = [SCALE.get(dict(inds)["CAP1"]["value"]) for _, inds in cases]
        got = [r["criteria"][0]["score"] for r in out]
        check(got == want and all(len(r["criteria"]) == 1 for r in out),
              f"{shape}: one-criterion.lua scores CAP1 as the case has it")
        out = report(assay, "early-pitfalls", path)
        want = [sum(1 for i, f in inds if i.startswith("F") and
                    f["value"] in SCALE) for _, inds in cases]
        got = [sum(1 for c in r["criteria"] if c["status"] == "scored")
               for r in out]
        check(got == want and (shape == "default") == (sum(want) == 0),
              f"{shape}: early-pitfalls scores the flags the case states "
              f"({sum(want)} in all)")


def check_run(tmp):
    print("run.py")
    profile = os.path.join(tmp, "callgrind.out")
    with open(profile, "w") as f:
        f.write("# callgrind format\nversion: 1\nevents: Ir\n"
                "fn=main\n0 12\nsummary: 4567\ntotals: 4567\n")
    check(run.profile_total(profile) == 4567, "profile_total reads summary:")
    with open(profile, "w") as f:
        f.write("events: Ir\nfn=main\n0 12\n")
    try:
        run.profile_total(profile)
        check(False, "profile_total fails on a profile without summary:")
    except SystemExit:
        check(True, "profile_total fails on a profile without summary:")
    report_ = os.path.join(tmp, "r.jsonl")
    crit = {"status": "scored", "evidence_truncated": False,
            "evidence": [{}, {}], "id": "a"}
    with open(report_, "w") as f:
        for line in ({"type": "header"},
                     {"type": "project", "id": "p", "criteria": [crit, crit]},
                     {"type": "project", "id": "q", "criteria": [crit]},
                     {"type": "summary"}):
            f.write(json.dumps(line) + "\n")
    check(run.reads_counted(report_) == [4, 2],
          "reads_counted: the evidence entries of each project")
    with open(report_, "w") as f:
        f.write(json.dumps({"type": "project", "id": "p", "criteria": [
            dict(crit, status="error", error="x")]}) + "\n")
    try:
        run.reads_counted(report_)
        check(False, "reads_counted fails on a criterion in error")
    except SystemExit:
        check(True, "reads_counted fails on a criterion in error")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: selftest.py ASSAY")
    assay = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        paths = check_gen(assay, tmp)
        check_scripts(assay, paths)
        check_run(tmp)
    if failures:
        sys.exit(f"bench tools: {len(failures)} failures")
    print("bench tools: all checks passed")


if __name__ == "__main__":
    main()

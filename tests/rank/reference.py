#!/usr/bin/env python3
"""assay rank against an independent reference, and its speed.

usage: reference.py ASSAY

The reference below computes TOPSIS and PROMETHEE II the plain way, from
their definitions (every pair of projects for PROMETHEE: O(n^2)), in
Python; assay sorts per criterion instead (O(n log n)). Both are run on

  1. a generated portfolio of 300 projects and 5 criteria (one of weight
     0, which the rankings leave out; scores on a coarse grid, so that
     ties and differences equal to a threshold occur), with TOPSIS,
     PROMETHEE usual and PROMETHEE linear with a threshold pair per
     criterion, each value compared to 1e-12;
  2. the bundled cases with the success-features script: the criterion
     scores are read from 'assay run -f json' and the rankings computed
     here, under each policy for criteria that are not assessable;
  3. 2,000 generated projects with PROMETHEE linear: must finish in
     under 20 seconds (the time is printed).
"""
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time

TOL = 1e-12
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def topsis(rows, w):
    """rows: list of score lists; w: shares summing to 1."""
    m = len(w)
    norms = [math.sqrt(sum(r[j] ** 2 for r in rows)) for j in range(m)]
    v = [[w[j] * r[j] / norms[j] if norms[j] > 0 else 0.0 for j in range(m)]
         for r in rows]
    best = [max(x[j] for x in v) for j in range(m)]
    worst = [min(x[j] for x in v) for j in range(m)]
    out = []
    for x in v:
        dp = math.sqrt(sum((x[j] - best[j]) ** 2 for j in range(m)))
        dm = math.sqrt(sum((x[j] - worst[j]) ** 2 for j in range(m)))
        c = dm / (dp + dm) if dp + dm > 0 else 0.5
        out.append((c, dp, dm))
    return out


def pref(d, q, p):
    if d <= q:
        return 0.0
    if d >= p:
        return 1.0
    return (d - q) / (p - q)


def promethee(rows, w, q, p):
    n, m = len(rows), len(w)
    plus = [0.0] * n
    minus = [0.0] * n
    for a in range(n):
        for b in range(n):
            if a == b:
                continue
            pi = sum(w[j] * pref(rows[a][j] - rows[b][j], q[j], p[j])
                     for j in range(m))
            plus[a] += pi
            minus[b] += pi
    k = n - 1
    return [((plus[i] - minus[i]) / k if k else 0.0,
             plus[i] / k if k else 0.0, minus[i] / k if k else 0.0)
            for i in range(n)]


def run(assay, args, cwd=None):
    r = subprocess.run([assay] + args, capture_output=True, text=True,
                       cwd=cwd, env=dict(os.environ,
                                         ASSAY_SCRIPTS=os.path.join(ROOT, "scripts")))
    if r.returncode not in (0, 1):
        sys.exit(f"assay {' '.join(args)}: exit {r.returncode}\n{r.stderr}")
    return r.stdout


def write_portfolio(folder, n, weights, seed):
    rnd = random.Random(seed)
    m = len(weights)
    lines = ["local function read(id)",
             "  return function(p) return p:value(id) end",
             "end"]
    for j, wt in enumerate(weights):
        lines.append(f'criterion {{ id = "k{j}", title = "K{j}", '
                     f'weight = {wt}, evaluate = read("K{j}") }}')
    lines.append('weighting { aggregate = "weighted_mean" }')
    with open(os.path.join(folder, "gen.lua"), "w") as f:
        f.write("\n".join(lines) + "\n")
    rows = []
    with open(os.path.join(folder, "cases.yaml"), "w") as f:
        for i in range(n):
            row = [rnd.randrange(0, 41) / 40 if j % 2 else rnd.random()
                   for j in range(m)]
            rows.append(row)
            f.write(f"---\nid: g{i:05d}\nname: G{i}\nindicators:\n")
            for j, x in enumerate(row):
                f.write(f"  K{j}: {{ value: {x!r}, unit: ratio }}\n")
    return rows


def compare(what, got, want):
    """got: the JSON projects; want: {id: (value, e1, e2)}."""
    k1, k2 = ("d_plus", "d_minus") if "d_plus" in got[0] else \
             ("phi_plus", "phi_minus")
    ranked = [p for p in got if p["rank"] is not None]
    if len(ranked) != len(want):
        sys.exit(f"{what}: {len(ranked)} ranked, the reference has "
                 f"{len(want)}")
    worst = 0.0
    for p in ranked:
        v, e1, e2 = want[p["id"]]
        for g, x in ((p["value"], v), (p[k1], e1), (p[k2], e2)):
            worst = max(worst, abs(g - x))
            if abs(g - x) > TOL:
                sys.exit(f"{what}: {p['id']}: {g!r} != {x!r}")
    # the order: by value, high first (ties by input order, as listed)
    vals = [p["value"] for p in ranked]
    if vals != sorted(vals, reverse=True):
        sys.exit(f"{what}: not in order of value")
    print(f"ok   {what}: {len(ranked)} projects, largest difference "
          f"{worst:.1e}")


def generated(assay):
    weights = [3, 1, 2, 0, 4]
    used = [j for j, wt in enumerate(weights) if wt > 0]
    total = sum(weights[j] for j in used)
    w = [weights[j] / total for j in used]
    th = {0: (0.1, 0.3), 1: (0.05, 0.05), 2: (0, 0.5), 4: (0.025, 0.2)}
    with tempfile.TemporaryDirectory() as d:
        rows = write_portfolio(d, 300, weights, 14)
        x = [[r[j] for j in used] for r in rows]
        ids = [f"g{i:05d}" for i in range(len(rows))]
        got = json.loads(run(assay, ["rank", "-m", "topsis", "-s", "gen.lua",
                                     "-f", "json", "cases.yaml"], d))
        compare("generated topsis", got["projects"],
                dict(zip(ids, topsis(x, w))))
        got = json.loads(run(assay, ["rank", "-m", "promethee", "-s",
                                     "gen.lua", "-f", "json", "cases.yaml"], d))
        zero = [0.0] * len(w)
        compare("generated promethee usual", got["projects"],
                dict(zip(ids, promethee(x, w, zero, zero))))
        args = ["rank", "-m", "promethee", "--preference", "linear"]
        for j, (q, p) in th.items():
            args += ["--threshold", f"k{j}={q}:{p}"]
        got = json.loads(run(assay, args + ["-s", "gen.lua", "-f", "json",
                                            "cases.yaml"], d))
        q = [th[j][0] for j in used]
        p = [th[j][1] for j in used]
        compare("generated promethee linear", got["projects"],
                dict(zip(ids, promethee(x, w, q, p))))


def bundled(assay):
    cases = os.path.join(ROOT, "cases")
    report = json.loads(run(assay, ["run", "-f", "json", cases]))
    projects = report["projects"]
    crit = [c for c in projects[0]["criteria"] if c["weight"] > 0]
    ids = [c["id"] for c in crit]
    wsum = sum(c["weight"] for c in crit)

    def scores(p):
        return {c["id"]: (c["status"], c["score"]) for c in p["criteria"]}

    for policy in ("unranked", "zero", "mean", "exclude-criterion"):
        ok = [p for p in projects if p["error"] is None and
              all(scores(p)[i][0] != "error" for i in ids)]
        use = list(ids)
        if policy == "unranked":
            ok = [p for p in ok if all(scores(p)[i][1] is not None
                                       for i in ids)]
        if policy in ("exclude-criterion", "mean"):
            use = [i for i in ids
                   if all(scores(p)[i][1] is not None for p in ok) or
                   (policy == "mean" and
                    any(scores(p)[i][1] is not None for p in ok))]
        mean = {}
        for i in use:
            have = [scores(p)[i][1] for p in ok if scores(p)[i][1] is not None]
            mean[i] = sum(have) / len(have) if have else 0.0
        x = [[scores(p)[i][1] if scores(p)[i][1] is not None
              else (mean[i] if policy == "mean" else 0.0) for i in use]
             for p in ok]
        wts = {c["id"]: c["weight"] for c in crit}
        tot = sum(wts[i] for i in use)
        w = [wts[i] / tot for i in use]
        pid = [p["id"] for p in ok]
        for method in ("topsis", "promethee"):
            got = json.loads(run(assay, ["rank", "-m", method, "--missing",
                                         policy, "-f", "json", cases]))
            want = topsis(x, w) if method == "topsis" else \
                promethee(x, w, [0.0] * len(w), [0.0] * len(w))
            compare(f"bundled {method} --missing {policy}",
                    got["projects"], dict(zip(pid, want)))


def speed(assay):
    with tempfile.TemporaryDirectory() as d:
        write_portfolio(d, 2000, [3, 1, 2, 2, 4], 7)
        t = time.monotonic()
        out = json.loads(run(assay, ["rank", "-m", "promethee",
                                     "--preference", "linear", "-s",
                                     "gen.lua", "-f", "json", "cases.yaml"], d))
        dt = time.monotonic() - t
        if out["summary"]["ranked"] != 2000:
            sys.exit("speed: not all 2,000 projects ranked")
        if dt > 20:
            sys.exit(f"speed: 2,000 projects took {dt:.1f} s")
        print(f"ok   2,000 projects, PROMETHEE linear: {dt:.2f} s")


def main():
    assay = os.path.abspath(sys.argv[1])
    generated(assay)
    bundled(assay)
    speed(assay)


if __name__ == "__main__":
    main()

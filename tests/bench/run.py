#!/usr/bin/env python3
"""run.py -- make bench: assay against the libyaml floor and two references.

    python3 tests/bench/run.py BUILD [--projects N] [--seed S] [--runs R]
        [--wide-projects N] [--count-projects N] [--read-projects N]

Two generated portfolios (tests/bench/gen.py): the default shape (20,000
projects, sixteen indicators each with six fields) and the wide shape
(--shape wide, 6,000 projects: 32 indicators, evidence of two to four
sentences, three fields an indicator, about as many bytes in all). On
each it times, R times each: the floor (a libyaml event parse and nothing
else), `assay run -f jsonl -s success-features` with -j 1 and -j 2, the
Python reference (PyYAML's C loader) and the plain Lua reference (lua5.4 +
lyaml), whose scores are checked equal to assay's. It prints the median
wall time, the ratio to the floor, projects per second and peak RSS of
each, then assay's peak RSS on a portfolio ten times the default one.

Then the analyst commands, each as a multiple of a plain `assay run -j 1`
on the same portfolio, median of --analyst-runs (1): `assay compare` of
success-features and ahp-panel, `assay rank --method promethee` and
`assay sensitivity` with 1,000 samples, on the bench portfolio (or, with
--analyst-projects N, sensitivity on a portfolio of N projects of the
same generator). Sensitivity weighs each project some 4,000 times (200
grid steps per weight, the moves, the samples); success-features' `when`
rules read nothing the weights change, so each is asked once per project
and the weighings run in C. The issue asks for "a small multiple"; the
targets read that as 10x at most.

Then instructions under callgrind, which a busy machine does not change:
on a smaller portfolio of each shape (--count-projects, 2,000, and the
same fraction of the wide one), the instructions per project of the
floor, `assay check`, `assay run -j 1 -f jsonl` with success-features,
early-pitfalls and tests/bench/scripts/one-criterion.lua, each with its
ratio to the floor; and the cost of one read by p:value, p:indicator and
p:field (tests/bench/scripts/reads-*.lua, --read-projects of each shape):
the instructions of a script that reads minus those of reads-none, which
runs the same loop without reading, over the number of reads, counted
from the evidence in the report; in jsonl, which writes each read's
evidence, and in csv, which writes none.

Last, which of the performance targets are met, on each shape. Times are
this machine's, and move with whatever else it runs; instruction counts
depend on the build and the libraries, not on the load.

--counts-only (make bench BENCH_FLAGS=--counts-only, a few minutes)
counts the instructions and checks their targets, and times nothing.

Any command that fails (a criterion in error makes assay exit 1), a
missing valgrind, a profile without its total, or a read script whose
evidence is not what it should be ends the bench with an error.
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH_DIR = "."                  # set in main: BUILD/bench
ROOT = os.path.dirname(os.path.dirname(HERE))
SCRIPTS = os.path.join(HERE, "scripts")
SHAPES = ("default", "wide")


def run(cmd, out=None):
    """Wall seconds and peak RSS (KiB) of cmd, stdout to the file out.
    GNU time measures the RSS: a forked child's own maxrss would count
    the pages it shared with this Python before exec."""
    rss_file = os.path.join(BENCH_DIR, "rss.txt")
    with open(out or os.devnull, "wb") as f:
        t = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd,
                           stdout=f, stderr=subprocess.PIPE)
        wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} exited {p.returncode}: "
                 f"{p.stderr.decode(errors='replace')[:500]}")
    with open(rss_file) as f:
        rss = int(f.read().split()[-1])
    os.remove(rss_file)
    return wall, rss


def portfolio(build, n, seed, shape="default"):
    name = f"portfolio-{n}-{seed}.yaml" if shape == "default" else \
        f"portfolio-{shape}-{n}-{seed}.yaml"
    path = os.path.join(build, name)
    if not os.path.exists(path):
        print(f"bench: generating {n} projects of the {shape} shape "
              f"(seed {seed}) in {path}", flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"),
                        "--shape", shape, "--projects", str(n),
                        "--seed", str(seed), "-o", path], check=True)
    return path


def idset_bytes(assay, bench, prefix="p", scatter=False):
    """What the run's id set costs a project: the growth of `assay check`'s
    peak RSS from 200,000 to 1,000,000 projects of an id and a name, the
    only thing a check keeps of each, over the 800,000 more. The ids are
    prefix and seven digits: p0000001 (8 characters), or with a longer
    prefix, an id of the bundled cases' length. With scatter, h and 19 hex
    digits of a hash of the number instead: ids that share next to nothing
    with the one before, the id set's worst case."""
    rss = []
    for n in (200000, 1000000):
        tag = "hex-" if scatter else "" if prefix == "p" \
            else f"{len(prefix) + 7}-"
        path = os.path.join(bench, f"ids-{tag}{n}.yaml")
        if not os.path.exists(path):
            def name(i):
                if scatter:
                    return "h" + hashlib.sha256(str(i).encode()).hexdigest()[:19]
                return f"{prefix}{i:07d}"
            with open(path + ".tmp", "w") as f:
                f.write("".join(f"---\nid: {name(i)}\nname: x\n"
                                for i in range(n)))
            os.replace(path + ".tmp", path)
        rss.append(run([assay, "check", path])[1])
    return (rss[1] - rss[0]) * 1024 / 800000


def check_equal(assay_out, ref_out, name):
    p = subprocess.run([sys.executable, os.path.join(HERE, "ref", "compare.py"),
                        assay_out, ref_out], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"bench: the {name} reference disagrees with assay:\n"
                 f"{p.stdout}{p.stderr}")
    return p.stdout.strip()


def timings(assay, floor, bench, shape, data, n, runs):
    """The wall-time table of one portfolio: {row name: (median s, peak
    RSS KiB)}, after checking -j 2 against -j 1 and the references."""
    size = os.path.getsize(data) / 2**20
    script = ["-s", "success-features", "-f", "jsonl"]
    outs = {k: os.path.join(bench, f"{shape}-{k}.jsonl")
            for k in ("assay", "assay2", "python", "lua")}
    rows = [
        ("floor: libyaml events", [floor, data], None),
        ("assay -j 1", [assay, "run", "-j", "1"] + script + [data], "assay"),
        ("assay -j 2", [assay, "run", "-j", "2"] + script + [data], "assay2"),
        # the same, its report written to /dev/null: what evaluating costs
        # without the page cache's copy of the file (the floor writes none)
        ("assay -j 2, to /dev/null", [assay, "run", "-j", "2"] + script
         + [data], None),
        ("Python (PyYAML C loader)",
         ["python3", os.path.join(HERE, "ref", "reference.py"), data],
         "python"),
        ("Lua (lua5.4 + lyaml)",
         ["lua5.4", os.path.join(HERE, "ref", "reference.lua"), data], "lua"),
    ]
    print(f"\nbench: {shape} shape, {n} projects, {size:.0f} MiB, median of "
          f"{runs} runs each", flush=True)
    results = {}
    for name, cmd, out in rows:
        walls, rss = [], 0
        for _ in range(runs):
            w, r = run(cmd, outs[out] if out else None)
            walls.append(w)
            rss = max(rss, r)
        results[name] = (statistics.median(walls), rss)
        print(f"  {name}: {statistics.median(walls):.2f} s", flush=True)

    # The same scores: -j 2 byte for byte, the references within 1e-9.
    with open(outs["assay"], "rb") as f1, open(outs["assay2"], "rb") as f2:
        if f1.read() != f2.read():
            sys.exit(f"bench: -j 2 output differs from -j 1 ({shape} shape)")
    equal = [check_equal(outs["assay"], outs[k], k) for k in ("python", "lua")]

    fl = results["floor: libyaml events"][0]
    print()
    print(f"{shape + ' shape':26} {'median s':>9} {'x floor':>8} "
          f"{'projects/s':>11} {'peak RSS':>9}")
    for name, _, _ in rows:
        w, rss = results[name]
        print(f"{name:26} {w:9.2f} {w / fl:8.2f} {n / w:11,.0f} "
              f"{rss / 1024:6.1f} MiB")
    print(f"equal scores: -j 2 byte-identical to -j 1; Python: {equal[0]}; "
          f"Lua: {equal[1]}")
    return results


def memory(assay, big, n):
    """Peak RSS (KiB) by -j of a run on big, n projects, ten times the
    portfolio."""
    rss = {}
    for j in ("1", "2"):
        _, rss[j] = run([assay, "run", "-j", j, "-s", "success-features",
                         "-f", "jsonl", big])
    print(f"\npeak RSS at {n} projects: -j 1 "
          f"{rss['1'] / 1024:.1f} MiB, -j 2 {rss['2'] / 1024:.1f} MiB")
    return rss


def analysts(assay, bench, a, data, j1):
    """The analyst commands' wall time as multiples of one run -j 1 (j1,
    on data, the bench portfolio); sensitivity on its own portfolio
    against its own run."""
    sf = ["-j", "1", "-s", "success-features"]
    small = portfolio(bench, a.analyst_projects, a.seed) \
        if a.analyst_projects else data
    n_small = a.analyst_projects or a.projects
    rows = [
        ("compare, two scripts", data,
         [assay, "compare", "-j", "1", "-f", "json", "-s", "success-features",
          "-s", "ahp-panel"]),
        ("rank --method promethee", data,
         [assay, "rank", "--method", "promethee", "-f", "json"] + sf),
        ("run", small, [assay, "run", "-f", "jsonl"] + sf),
        ("sensitivity, 1,000 samples", small,
         [assay, "sensitivity", "-f", "json", "--samples", "1000"] + sf),
    ]
    print(f"\nanalyst commands, default shape, -j 1, median of "
          f"{a.analyst_runs} run(s) each", flush=True)
    wall = {}
    for name, path, cmd in rows:
        wall[name] = statistics.median(run(cmd + [path])[0]
                                       for _ in range(a.analyst_runs))
    print(f"{'':30} {'projects':>9} {'median s':>9} {'x run':>7}")
    mult = {}
    for name, path, _ in rows:
        base = j1 if path == data else wall["run"]
        n = a.projects if path == data else n_small
        mult[name] = wall[name] / base
        print(f"{name:30} {n:9} {wall[name]:9.2f} {mult[name]:7.1f}")
    del mult["run"]
    return mult


# ---- Instructions under callgrind ------------------------------------

def callgrind(cmd, name, out=None):
    """The instructions cmd executes under callgrind (all of them: start,
    reading, the end), its stdout to the file out. The profile is kept
    as BUILD/bench/callgrind/NAME.out for callgrind_annotate."""
    folder = os.path.join(BENCH_DIR, "callgrind")
    os.makedirs(folder, exist_ok=True)
    profile = os.path.join(folder, name + ".out")
    with open(out or os.devnull, "wb") as f:
        p = subprocess.run(["valgrind", "-q", "--tool=callgrind",
                            f"--callgrind-out-file={profile}"] + cmd,
                           stdout=f, stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.exit(f"bench: under callgrind, {' '.join(cmd)} exited "
                 f"{p.returncode}: {p.stderr.decode(errors='replace')[-800:]}")
    return profile_total(profile)


def profile_total(profile):
    """The instruction count a callgrind profile records (its summary)."""
    with open(profile) as f:
        for line in f:
            if line.startswith("summary:"):
                return int(line.split()[1])
    sys.exit(f"bench: {profile} has no summary line; did callgrind finish?")


def in_parallel(jobs):
    """{key: callgrind(*args)} for jobs {key: args}, two at a time: the
    counts do not depend on what else runs."""
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        futures = {k: pool.submit(callgrind, *args) for k, args in jobs.items()}
        return {k: f.result() for k, f in futures.items()}


COUNTED = (
    ("floor", "floor: libyaml events"),
    ("check", "assay check"),
    ("success-features", "run success-features"),
    ("early-pitfalls", "run early-pitfalls"),
    ("one-criterion", "run, one criterion"),
)


def instructions(assay, floor, data, shape):
    """Instructions per whole run of each COUNTED command on data."""
    run1 = [assay, "run", "-j", "1", "-f", "jsonl", "-s"]
    cmds = {
        "floor": [floor, data],
        "check": [assay, "check", data],
        "success-features": run1 + ["success-features", data],
        "early-pitfalls": run1 + ["early-pitfalls", data],
        "one-criterion": run1 + [os.path.join(SCRIPTS, "one-criterion.lua"),
                                 data],
    }
    return in_parallel({k: (cmd, f"{shape}-{k}") for k, cmd in cmds.items()})


READS = ("value", "indicator", "field")


def reads_counted(path):
    """The evidence entries of each project of a jsonl report: every
    criterion's, none in error."""
    counts = []
    for _, r in results_of(path):
        n = 0
        for c in r["criteria"]:
            if c["status"] != "scored" or c["evidence_truncated"]:
                sys.exit(f"bench: {path}: project {r['id']}, criterion "
                         f"{c['id']}: {c['status']} {c.get('error') or ''}")
            n += len(c["evidence"])
        counts.append(n)
    return counts


def results_of(path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            r = json.loads(line)
            if r["type"] == "project":
                yield n, r


def read_costs(assay, bench, data, shape):
    """{read: (instructions per read in jsonl, in csv, reads per
    project)}: a read script's instructions less those of reads-none,
    over the reads it made. jsonl writes each read's evidence (the value,
    the quote); csv writes none, so its figure is the read alone."""
    jobs, outs = {}, {}
    for k in ("none",) + READS:
        script = os.path.join(SCRIPTS, f"reads-{k}.lua")
        for fmt in ("jsonl", "csv"):
            outs[k, fmt] = os.path.join(bench, f"{shape}-reads-{k}.{fmt}")
            jobs[k, fmt] = ([assay, "run", "-j", "1", "-f", fmt, "-s", script,
                             data], f"{shape}-reads-{k}-{fmt}", outs[k, fmt])
    total = in_parallel(jobs)
    if any(reads_counted(outs["none", "jsonl"])):
        sys.exit("bench: reads-none.lua read something")
    costs = {}
    for k in READS:
        per_project = reads_counted(outs[k, "jsonl"])
        if len(set(per_project)) != 1 or not per_project[0]:
            sys.exit(f"bench: reads-{k}.lua: reads per project "
                     f"{sorted(set(per_project))}; expected one number > 0")
        n = sum(per_project)
        costs[k] = tuple((total[k, fmt] - total["none", fmt]) / n
                         for fmt in ("jsonl", "csv")) + (per_project[0],)
    return costs


def print_instructions(counted, n_counted, reads, n_reads):
    print("\ninstructions under callgrind (valgrind --tool=callgrind), "
          "-j 1, whole runs over the projects")
    head = "".join(f"{f'{s}, {n_counted[s]} projects':>26}" for s in SHAPES)
    print(f"{'':26}{head}")
    print(f"{'':26}" + f"{'per project':>17}{'x floor':>9}" * len(SHAPES))
    for key, label in COUNTED:
        line = f"{label:26}"
        for s in SHAPES:
            per = counted[s][key] / n_counted[s]
            line += f"{per:17,.0f}{counted[s][key] / counted[s]['floor']:9.2f}"
        print(line)
    head = "".join(f"{f'{s}, {n_reads} projects':>26}" for s in SHAPES)
    print(f"\ninstructions per read: a reads-*.lua script less reads-none.lua "
          f"(tests/bench/scripts/),\nin jsonl (the read and its evidence "
          f"written) and csv (the read alone)\n{'':26}{head}")
    print(f"{'':26}" + f"{'reads/p':>10}{'jsonl':>8}{'csv':>8}" * len(SHAPES))
    for k in READS:
        line = f"{'p:' + k:26}"
        for s in SHAPES:
            jsonl, csv, per_project = reads[s][k]
            line += f"{per_project:10}{jsonl:8,.0f}{csv:8,.0f}"
        print(line)


def target(ok, text):
    print(f"  {'met    ' if ok else 'NOT met'}  {text}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--projects", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--wide-projects", type=int, default=6000)
    ap.add_argument("--count-projects", type=int, default=2000)
    ap.add_argument("--read-projects", type=int, default=200)
    ap.add_argument("--analyst-projects", type=int, default=0)
    ap.add_argument("--analyst-runs", type=int, default=1)
    ap.add_argument("--counts-only", action="store_true",
                    help="the instruction counts and their targets alone")
    a = ap.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("bench: valgrind is missing (Debian package valgrind; "
                 "make bench installs it)")
    b = os.path.abspath(a.build)
    bench = os.path.join(b, "bench")
    os.makedirs(bench, exist_ok=True)
    global BENCH_DIR
    BENCH_DIR = bench
    assay = os.path.join(b, "assay")
    floor = os.path.join(bench, "floor")
    subprocess.run(["cc", "-O2", "-o", floor, os.path.join(HERE, "floor.c"),
                    "-lyaml"], check=True)
    n_wall = {"default": a.projects, "wide": a.wide_projects}
    # the counted portfolios are the same fraction of each shape's
    n_counted = {s: max(1, round(a.count_projects * n_wall[s] / a.projects))
                 for s in SHAPES}

    if not a.counts_only:
        wall = {s: timings(assay, floor, bench, s,
                           portfolio(bench, n_wall[s], a.seed, s), n_wall[s],
                           a.runs)
                for s in SHAPES}
        rss10 = memory(assay, portfolio(bench, a.projects * 10, a.seed),
                       a.projects * 10)
        per_id = idset_bytes(assay, bench)
        print(f"id set bytes per project: {per_id:.1f} (peak RSS of assay "
              f"check, 200,000 vs 1,000,000 projects)")
        per_long = idset_bytes(assay, bench, "brazil_ceara_")
        print(f"id set bytes per project, ids of 20 characters: "
              f"{per_long:.1f} (brazil_ceara_0000001)")
        per_hex = idset_bytes(assay, bench, scatter=True)
        print(f"id set bytes per project, h and 19 hex digits of a hash: "
              f"{per_hex:.1f} (ids that share little with the one before)")
        multiples = analysts(assay, bench, a,
                             portfolio(bench, a.projects, a.seed),
                             wall["default"]["assay -j 1"][0])

    print("\ncounting instructions under callgrind ...", flush=True)
    counted = {s: instructions(assay, floor,
                               portfolio(bench, n_counted[s], a.seed, s), s)
               for s in SHAPES}
    reads = {s: read_costs(assay, bench,
                           portfolio(bench, a.read_projects, a.seed, s), s)
             for s in SHAPES}
    print_instructions(counted, n_counted, reads, a.read_projects)

    print("\ntargets:")
    for s in SHAPES:
        c = counted[s]
        print(f" {s} shape ({n_counted[s]} projects counted"
              + ("" if a.counts_only else f", {n_wall[s]} timed") + "):")
        r = c["success-features"] / c["floor"]
        target(r <= 1.8, f"success-features -j 1 within 1.8x the floor's "
                         f"instructions: {r:.2f}x")
        r = c["check"] / c["floor"]
        target(r <= 1.15, f"assay check within 1.15x the floor's "
                          f"instructions: {r:.2f}x")
        if a.counts_only:
            continue
        t = wall[s]
        fl = t["floor: libyaml events"][0]
        j1, j2 = t["assay -j 1"][0], t["assay -j 2"][0]
        py = t["Python (PyYAML C loader)"][0]
        target(j2 <= 1.0 * fl,
               f"-j 2 within 1.0x the floor's wall time: {j2 / fl:.2f}x")
        target(j1 <= 1.3 * fl, f"-j 1 within 1.3x the floor: {j1 / fl:.2f}x")
        target(j2 < 0.7 * fl, f"-j 2 below 0.7x the floor: {j2 / fl:.2f}x")
        target(py >= 15 * j1, f"15x faster than Python: {py / j1:.1f}x "
                              f"(-j 1), {py / j2:.1f}x (-j 2)")
    if a.counts_only:
        return
    worst = max(rss10.values()) / 1024
    print(" default shape, memory and the analyst commands:")
    target(worst < 64, f"peak RSS under 64 MiB at {a.projects * 10} "
                       f"projects: {worst:.1f} MiB")
    target(per_id <= 24, f"id set at most 24 bytes a project: {per_id:.1f}")
    target(per_long <= 24, f"id set at most 24 bytes a project, ids of 20 "
                           f"characters: {per_long:.1f}")
    # "a small multiple": taken here as at most 10 times a run
    for name, m in multiples.items():
        target(m <= 10, f"{name} a small multiple (10x at most) of one run: "
                        f"{m:.1f}x")

if __name__ == "__main__":
    main()

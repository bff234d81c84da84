#!/usr/bin/env python3
"""Without -j, every command that takes it runs on the cores the process
may use; with -j 1, on the calling thread alone.

    tests/determinism/default_jobs.py ASSAY THREADS_SO

THREADS_SO (threads.c, beside this file) is preloaded into assay and
counts the threads it starts: an engine with N jobs starts N workers, one
job none. So for run, lint, rank, compare and sensitivity on the bundled
cases, this checks without any timing:
- -j 1 starts no thread;
- under `taskset -c C` (one CPU of this process's) no -j starts none
  either: the process may use one core;
- under `taskset -c C,D` (two), no -j starts as many as -j 2, and some;
- with this process's own CPUs, no -j starts as many as -j N, N being the
  CPUs of its affinity mask (at most 256).
A cgroup CPU quota would lower the last two, so where one is set they are
not checked (tests/unit/test_cores.c reads quotas from made-up files).
The reports themselves are the same bytes whatever -j: the golden tests
jobs_default_* compare no -j with -j 1.
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(os.path.dirname(os.path.dirname(HERE)), "cases")

COMMANDS = {
    "run": ["run", "-f", "json"],
    "lint": ["lint", "-f", "json"],
    "rank": ["rank", "-m", "topsis", "-f", "json"],
    "compare": ["compare", "-s", "success-features", "-s", "early-pitfalls",
                "-f", "json"],
    "sensitivity": ["sensitivity", "-f", "json", "--samples", "20"],
}


def quota_set():
    """Whether some cgroup above this process sets a CPU quota (cgroup v2
    cpu.max other than "max", v1 cpu.cfs_quota_us other than -1)."""
    try:
        with open("/proc/self/cgroup") as f:
            lines = f.read().splitlines()
    except OSError:
        return False
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        ctl, path = parts[1], parts[2]
        if not ctl:
            roots = ["/sys/fs/cgroup", "/sys/fs/cgroup/unified"]
            name = "cpu.max"
        elif "cpu" in ctl.split(","):
            roots = ["/sys/fs/cgroup/" + ctl, "/sys/fs/cgroup/cpu"]
            name = "cpu.cfs_quota_us"
        else:
            continue
        steps = [p for p in path.split("/") if p]
        for root in roots:
            for i in range(len(steps) + 1):
                try:
                    with open(os.path.join(root, *steps[:i], name)) as f:
                        words = f.read().split()
                except OSError:
                    continue
                if words and words[0] not in ("max", "-1"):
                    return True
    return False


def threads(assay, shim, command, jobs=None, cpus=None):
    """The threads `assay COMMAND [-j JOBS] cases/` started, run on the
    CPUs listed in cpus (all of ours when None)."""
    args = list(COMMANDS[command])
    if jobs is not None:
        args[1:1] = ["-j", str(jobs)]
    cmd = [assay] + args + [CASES]
    if cpus is not None:
        cmd = ["taskset", "-c", ",".join(map(str, cpus))] + cmd
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "threads")
        env = dict(os.environ, LD_PRELOAD=shim, ASSAY_THREADS_OUT=out)
        r = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if r.returncode != 0:
            sys.exit("default_jobs: %s exited %d: %s"
                     % (" ".join(cmd), r.returncode, r.stderr.decode()[-500:]))
        with open(out) as f:
            return int(f.read())


def main():
    assay = os.path.abspath(sys.argv[1])
    shim = os.path.abspath(sys.argv[2])
    mine = sorted(os.sched_getaffinity(0))
    quota = quota_set()
    have_taskset = shutil.which("taskset") is not None
    failed = []

    def want(ok, what):
        if not ok:
            failed.append(what)

    for command in COMMANDS:
        one = threads(assay, shim, command, jobs=1)
        want(one == 0, "%s -j 1 started %d threads" % (command, one))
        if have_taskset:
            n = threads(assay, shim, command, cpus=mine[:1])
            want(n == 0, "%s on one CPU, no -j, started %d threads"
                 % (command, n))
            if len(mine) >= 2 and not quota:
                n = threads(assay, shim, command, cpus=mine[:2])
                two = threads(assay, shim, command, jobs=2, cpus=mine[:2])
                want(n == two and n > 0, "%s on two CPUs, no -j, started %d "
                     "threads, -j 2 %d" % (command, n, two))
        if not quota:
            jobs = min(len(mine), 256)
            n = threads(assay, shim, command)
            full = threads(assay, shim, command, jobs=jobs)
            want(n == full, "%s, no -j, started %d threads, -j %d %d"
                 % (command, n, jobs, full))
    for f in failed:
        print("FAIL default_jobs: " + f)
    if failed:
        return 1
    print("default_jobs: no -j is the cores this process may use (%d here%s)"
          ", -j 1 one thread; run, lint, rank, compare, sensitivity%s"
          % (len(mine), ", a cgroup quota not checked" if quota else "",
             "" if have_taskset else " (no taskset: not checked on one CPU)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

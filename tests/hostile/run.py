#!/usr/bin/env python3
"""Run the hostile-input suite: scripts and case files written to break assay.

    tests/hostile/run.py ASSAY [DIR] [-k SUBSTRING] [-v] [--wrapper CMD]
                         [--time-factor F] [--rss-factor F]

DIR defaults to this file's folder. Every file DIR/NAME.lua is a script,
run on DIR/base.yaml (two benign
projects, alpha and beta); every DIR/NAME.yaml is a case file, run with
DIR/base.lua (a benign script). The command is

    assay run -f json -s SCRIPT CASE

with the working directory set to the input's folder and both paths given
relative to it, so messages name the input as NAME.lua or NAME.yaml. Helper
modules for require tests live in DIR/mods/ (not inputs themselves).

Each input holds comment lines (`--` in Lua, `#` in YAML; usually at the
top, but any line counts, so that a file can start with what it tests)
that state what must happen; other comment lines are free text. Keys:

  expect-exit: N              the exit status (required)
  expect-projects: ID ...     the ids of the projects reported, in order
  expect-status: [P:] C=S ... criterion C has status S (S may be a|b)
  expect-score: [P:] C=X ...  criterion C scored X (within 1e-9)
  expect-error: [P:] C REGEX  criterion C's error matches REGEX;
                              C = (project) means the project's own error
  expect-note: [P:] C REGEX   criterion C's note matches REGEX
  expect-stderr: REGEX        some stderr line matches REGEX (repeatable)
  expect-table: REGEX         run again with -f table: some line of that
                              report matches REGEX (repeatable), and it is
                              terminal-safe as stderr is
  expect-json: PATH=V ...     the value at PATH in the JSON report is V:
                              PATH is keys and list indexes joined by dots
                              (errors.0.line), a final # is the length
                              (errors.#); V is JSON (a number, true, null,
                              "text" without spaces) or else a bare word
  max-seconds: N              wall-time bound (default 10)
  max-rss-mb: N               peak resident memory bound (default 200)
  repeat-line: L N            run a copy in which line L (1-based) appears
                              N times: keeps big inputs small in the repo
  args: ARG ...               more arguments for assay run, before -s
                              (split as a shell would), e.g. limits

"P:" limits a line to project P; without it, the line applies to every
project reported. Regular expressions are Python's, searched (not
anchored). A criterion expectation that names a criterion or project that
is not in the output fails.

Checked for every input, whatever its header says: the process was not
killed by a signal and ended within the hard timeout (60 s, times the
time factor below); no sanitizer
or valgrind report on stderr; stdout, when not empty, is valid UTF-8 and
valid JSON, and holds no control character but newline (JSON escapes
them all); stderr is valid UTF-8 without control characters; every
error, note and load-error message in the report is at most 1 KiB (plus
"...") and holds no control characters (README "Limits": messages are cut
and escaped). Control characters are C0 (bar newline where said), DEL and C1
(U+0080-U+009F: U+009B is a CSI to some terminals).

DIR/portfolio/ holds portfolio.yaml, evaluated with portfolio.lua; its
header is checked as above, and besides, the projects whose id does not
start with "hostile_" must come out byte-identical (jsonl lines) to a run
on a copy of portfolio.yaml in which every hostile document is blanked
into comment lines (same file name, same line numbers); that run must exit 0.

Under valgrind or with an ASan build, assay is slower and its RSS larger.
The time factor multiplies max-seconds and the hard timeout, and is passed
to assay as --max-time (1000 ms x F) so that instruction limits are still
hit before the per-call time limit; the RSS bounds are multiplied by the
RSS factor (0: not checked). Both default to what the run needs: 15 and 0
when the wrapper is valgrind, 3 and 0 when assay is built with
AddressSanitizer, 1 and 1 otherwise; options or the environment override:

    HOSTILE_WRAPPER="valgrind -q --error-exitcode=99" tests/hostile/run.py build/assay
    HOSTILE_TIME_FACTOR=5 HOSTILE_RSS_FACTOR=0 tests/hostile/run.py build-asan/assay

Prints `ok NAME` or `FAIL NAME: reason` per input, then
`hostile: N passed, N failed`; exits 1 when any input failed.
"""
import argparse
import json
import math
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HARD_TIMEOUT = 60.0
DEFAULT_SECONDS = 10.0
DEFAULT_RSS_MB = 200.0
MESSAGE_MAX = 1024 + len("...")
TOL = 1e-9
KEYS = {"expect-exit", "expect-projects", "expect-status", "expect-score",
        "expect-error", "expect-note", "expect-stderr", "max-seconds",
        "max-rss-mb", "repeat-line", "args", "expect-table", "expect-json"}
HEADER_RE = re.compile(rb"^(?:--|#)\s*((?:expect|max|repeat)-[a-z-]+|args):\s?(.*)$")
REPORT_RE = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer"
                       r"|runtime error:|^==\d+==|^\*\*\d+\*\*")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class Failure(Exception):
    pass


# ---- the header -----------------------------------------------------------

def read_header(data):
    """The expectation lines of an input (bytes), as a dict."""
    spec = {"exit": None, "projects": None, "crit": [], "stderr": [],
            "seconds": DEFAULT_SECONDS, "rss": DEFAULT_RSS_MB, "repeat": [],
            "args": [], "table": [], "json": []}
    for raw in data.splitlines():
        m = HEADER_RE.match(raw.strip())
        if not m:
            continue
        key = m.group(1).decode()
        value = m.group(2).decode("utf-8").strip()
        if key not in KEYS:
            raise Failure(f"unknown header key {key!r}")
        if key == "expect-exit":
            spec["exit"] = int(value)
        elif key == "expect-projects":
            spec["projects"] = value.split()
        elif key in ("expect-status", "expect-score"):
            project, rest = take_project(value)
            for item in rest.split():
                crit, _, want = item.partition("=")
                if not want:
                    raise Failure(f"{key}: {item!r} is not CRITERION=VALUE")
                if key == "expect-score":
                    want = float(want)
                spec["crit"].append((key[7:], project, crit, want))
        elif key in ("expect-error", "expect-note"):
            project, rest = take_project(value)
            crit, _, pattern = rest.partition(" ")
            re.compile(pattern)
            spec["crit"].append((key[7:], project, crit, pattern.strip()))
        elif key in ("expect-stderr", "expect-table"):
            re.compile(value)
            spec[key[7:]].append(value)
        elif key == "expect-json":
            for item in value.split():
                path, eq, want = item.partition("=")
                if not eq:
                    raise Failure(f"{key}: {item!r} is not PATH=VALUE")
                try:
                    want = json.loads(want)
                except ValueError:
                    pass  # a bare word
                spec["json"].append((path, want))
        elif key == "max-seconds":
            spec["seconds"] = float(value)
        elif key == "max-rss-mb":
            spec["rss"] = float(value)
        elif key == "args":
            spec["args"] += shlex.split(value)
        elif key == "repeat-line":
            line_no, count = value.split()
            spec["repeat"].append((int(line_no), int(count)))
    if spec["exit"] is None:
        raise Failure("the header has no expect-exit line")
    return spec


def take_project(value):
    first, _, rest = value.partition(" ")
    if first.endswith(":"):
        return first[:-1], rest.strip()
    return None, value


def expand(data, repeats):
    """data with each (line, count) of repeats applied (lines kept whole,
    whatever their ending: \\n, \\r\\n or \\r)."""
    lines = re.findall(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", data)
    for line_no, count in sorted(repeats, reverse=True):
        if not 1 <= line_no <= len(lines):
            raise Failure(f"repeat-line: no line {line_no}")
        lines[line_no - 1:line_no] = [lines[line_no - 1]] * count
    return b"".join(lines)


# ---- running --------------------------------------------------------------

class Run:
    pass


def reset_peak_rss():
    """Bring this process's peak RSS down to its current RSS (Linux: 5 to
    /proc/self/clear_refs). A child's peak starts from the peak of the
    process that started it (the kernel keeps it across exec), so without
    this every input would be charged with the largest output this runner
    has read so far; with it, with the runner's current RSS (about 16 MB)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def run_assay(cmd, cwd, timeout):
    """Run cmd; return a Run with exit, stdout, stderr, seconds, rss_mb."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        reset_peak_rss()
        start = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=err, start_new_session=True,
                                env=dict(os.environ, NO_COLOR="1"))
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        r = Run()
        r.seconds = time.monotonic() - start
        r.rss_mb = usage.ru_maxrss / 1024.0  # KiB on Linux
        r.exit = proc.returncode
        r.timed_out = timed_out.is_set()
        out.seek(0)
        err.seek(0)
        r.stdout = out.read()
        r.stderr = err.read()
    return r


def command(opt, script, case, fmt="json", args=()):
    cmd = list(opt.wrapper) + [opt.assay, "run", "-f", fmt, "--no-progress"]
    if opt.time_factor != 1:
        cmd.append(f"--max-time={max(1, round(1000 * opt.time_factor))}")
    return cmd + list(args) + ["-s", script, case]


# ---- checks ---------------------------------------------------------------

def check_process(r, spec, opt):
    """Checks about the process itself, whatever the input."""
    if r.timed_out:
        raise Failure(f"killed after the hard timeout of {opt.timeout:.0f} s")
    if r.exit < 0:
        raise Failure(f"killed by signal {-r.exit} "
                      f"({signal.Signals(-r.exit).name}); "
                      f"stderr: {tail(r.stderr)}")
    try:
        err = r.stderr.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Failure(f"stderr is not valid UTF-8 ({e})")
    for line in err.splitlines():
        if REPORT_RE.search(line):
            raise Failure(f"sanitizer or valgrind report: {line[:200]}")
    if r.exit != spec["exit"]:
        raise Failure(f"exit {r.exit}, expected {spec['exit']}; "
                      f"stderr: {tail(r.stderr)}")
    for line in err.split("\n"):
        if CONTROL_RE.search(line):
            raise Failure(f"a stderr line holds a control byte: {line[:120]!r}")
        if len(line.encode()) > MESSAGE_MAX + 300:
            raise Failure(f"a stderr line is {len(line.encode())} bytes long")
    limit = spec["seconds"] * opt.time_factor
    if r.seconds > limit:
        raise Failure(f"took {r.seconds:.1f} s, over the bound of {limit:g} s")
    if opt.rss_factor > 0:
        limit = spec["rss"] * opt.rss_factor
        if r.rss_mb > limit:
            raise Failure(f"peak RSS {r.rss_mb:.0f} MB, over the bound of "
                          f"{limit:g} MB")
    return err


def tail(b, n=300):
    text = b.decode("utf-8", "replace").strip()
    return text[-n:] if text else "(empty)"


def parse_json(stdout):
    try:
        text = stdout.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Failure(f"stdout is not valid UTF-8 ({e})")
    try:
        return json.loads(text)
    except ValueError as e:
        raise Failure(f"stdout is not JSON ({e}): {text[:200]!r}")


def check_message(where, text):
    if text is None:
        return
    if not isinstance(text, str):
        raise Failure(f"{where} is not a string: {text!r}")
    if len(text.encode()) > MESSAGE_MAX:
        raise Failure(f"{where} is {len(text.encode())} bytes long, over "
                      f"the 1 KiB message limit")
    if CONTROL_RE.search(text):
        raise Failure(f"{where} holds an unescaped control character: "
                      f"{text[:120]!r}")


def check_report(doc):
    """Messages in the report are bounded and escaped."""
    for p in doc.get("projects") or []:
        check_message(f"project {p.get('id')}: error", p.get("error"))
        for c in p.get("criteria") or []:
            for k in ("error", "note"):
                check_message(f"{p.get('id')}.{c.get('id')}: {k}", c.get(k))
    for e in doc.get("errors") or []:
        check_message("a load error's message", e.get("message"))


def check_expectations(doc, err, spec):
    projects = (doc or {}).get("projects") or []
    ids = [p.get("id") for p in projects]
    if spec["projects"] is not None and ids != spec["projects"]:
        raise Failure(f"projects {ids}, expected {spec['projects']}")
    for kind, project, crit, want in spec["crit"]:
        chosen = [p for p in projects if project is None or p.get("id") == project]
        if not chosen:
            raise Failure(f"expect-{kind}: no project {project or ''} in the "
                          f"output (projects: {ids})")
        for p in chosen:
            check_one(p, kind, crit, want)
    for path, want in spec["json"]:
        got = json_at(doc, path)
        if got != want or isinstance(got, bool) != isinstance(want, bool):
            raise Failure(f"expect-json: {path} is {got!r}, expected {want!r}")
    lines = err.splitlines()
    for pattern in spec["stderr"]:
        if not any(re.search(pattern, line) for line in lines):
            raise Failure(f"no stderr line matches /{pattern}/; stderr: "
                          f"{err.strip()[:400] or '(empty)'}")


def json_at(doc, path):
    """The value at a dotted path of doc; a final '#' is a length."""
    node = doc
    for step in path.split("."):
        if step == "#" and isinstance(node, (list, dict)):
            node = len(node)
        elif isinstance(node, list) and re.fullmatch(r"-?\d+", step) \
                and -len(node) <= int(step) < len(node):
            node = node[int(step)]
        elif isinstance(node, dict) and step in node:
            node = node[step]
        else:
            raise Failure(f"expect-json: the report has no {path} "
                          f"(stopped at {step!r})")
    return node


def check_one(p, kind, crit, want):
    pid = p.get("id")
    if crit == "(project)":
        got = p.get("error")
        if kind != "error":
            raise Failure(f"expect-{kind}: (project) only has an error")
        if got is None or not re.search(want, got):
            raise Failure(f"{pid}: project error {got!r} does not match /{want}/")
        return
    found = [c for c in p.get("criteria") or [] if c.get("id") == crit]
    if not found:
        raise Failure(f"{pid}: no criterion {crit!r} in the output")
    c = found[0]
    if kind == "status":
        if c.get("status") not in want.split("|"):
            raise Failure(f"{pid}.{crit}: status {c.get('status')!r}, expected "
                          f"{want}; error: {str(c.get('error'))[:300]}")
    elif kind == "score":
        got = c.get("score")
        if not isinstance(got, (int, float)) or isinstance(got, bool) \
                or not math.isclose(got, want, abs_tol=TOL):
            raise Failure(f"{pid}.{crit}: score {got!r}, expected {want}; "
                          f"status {c.get('status')}, error: "
                          f"{str(c.get('error'))[:300]}")
    else:
        got = c.get(kind)
        if got is None or not re.search(want, got):
            raise Failure(f"{pid}.{crit}: {kind} {str(got)[:300]!r} does not "
                          f"match /{want}/")


# ---- one input ------------------------------------------------------------

def check_input(opt, path):
    folder, name = os.path.split(path)
    with open(path, "rb") as f:
        data = f.read()
    spec = read_header(data)
    is_script = name.endswith(".lua")
    base = os.path.join(folder, "base.yaml" if is_script else "base.lua")
    tmp = None
    try:
        cwd, other = folder, os.path.basename(base)
        if spec["repeat"]:
            tmp = tempfile.mkdtemp(prefix="hostile-")
            with open(os.path.join(tmp, name), "wb") as f:
                f.write(expand(data, spec["repeat"]))
            cwd, other = tmp, os.path.abspath(base)
        script, case = (name, other) if is_script else (other, name)
        r = run_assay(command(opt, script, case, args=spec["args"]), cwd,
                      opt.timeout)
        opt.last = r
        finish(r, spec, opt)
        if spec["table"]:
            t = run_assay(command(opt, script, case, "table", spec["args"]), cwd,
                          opt.timeout)
            check_table(t, spec, opt)
        return r
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def finish(r, spec, opt):
    err = check_process(r, spec, opt)
    doc = None
    if r.stdout.strip():
        doc = parse_json(r.stdout)
        check_lines("stdout", r.stdout.decode("utf-8"))
        check_report(doc)
    elif spec["projects"] or spec["crit"]:
        raise Failure(f"no report on stdout; stderr: {tail(r.stderr)}")
    check_expectations(doc, err, spec)
    return r


def check_lines(name, text):
    """No line of text holds a control character."""
    for line in text.split("\n"):
        if CONTROL_RE.search(line):
            raise Failure(f"a {name} line holds a control character: "
                          f"{line[:120]!r}")


def check_table(r, spec, opt):
    """The -f table run: the same process checks, a report that is UTF-8
    without control characters, and the expect-table lines."""
    check_process(r, spec, opt)
    try:
        text = r.stdout.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Failure(f"the table is not valid UTF-8 ({e})")
    check_lines("table", text)
    lines = text.splitlines()
    for pattern in spec["table"]:
        if not any(re.search(pattern, line) for line in lines):
            raise Failure(f"no table line matches /{pattern}/; table: "
                          f"{text.strip()[:400] or '(empty)'}")


# ---- the portfolio --------------------------------------------------------

DOC_SPLIT_RE = re.compile(rb"^(?:---|\.\.\.)(?:[ \t].*)?$")


def blank_hostile(data):
    """portfolio.yaml with every document whose id starts with hostile_
    turned into comment lines, line for line."""
    lines = data.split(b"\n")
    out, doc = [], []

    def flush():
        hostile = any(re.match(rb"^id:\s*['\"]?hostile_", l) for l in doc)
        out.extend([b"#" if hostile else l for l in doc])
        doc.clear()

    for line in lines:
        if DOC_SPLIT_RE.match(line):
            flush()
            out.append(line)
        else:
            doc.append(line)
    flush()
    return b"\n".join(out)


def project_lines(stdout):
    lines = {}
    for raw in stdout.split(b"\n"):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            raise Failure(f"a jsonl line is not JSON ({e}): {raw[:120]!r}")
        if obj.get("type") == "project":
            lines[obj.get("id")] = raw
    return lines


def check_portfolio(opt, folder):
    case = os.path.join(folder, "portfolio.yaml")
    with open(case, "rb") as f:
        data = f.read()
    spec = read_header(data)
    script = os.path.abspath(os.path.join(folder, "portfolio.lua"))
    r = run_assay(command(opt, script, "portfolio.yaml"), folder, opt.timeout)
    opt.last = r
    finish(r, spec, opt)
    mixed = run_assay(command(opt, script, "portfolio.yaml", "jsonl"), folder,
                      opt.timeout)
    check_process(mixed, spec, opt)
    tmp = tempfile.mkdtemp(prefix="hostile-portfolio-")
    try:
        with open(os.path.join(tmp, "portfolio.yaml"), "wb") as f:
            f.write(blank_hostile(data))
        benign = run_assay(command(opt, script, "portfolio.yaml", "jsonl"), tmp,
                           opt.timeout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    check_process(benign, dict(spec, exit=0), opt)
    want, got = project_lines(benign.stdout), project_lines(mixed.stdout)
    if not want:
        raise Failure("the benign run reported no project")
    if any(i.startswith("hostile_") for i in want):
        raise Failure("a hostile project was not blanked out")
    for pid, line in want.items():
        if pid not in got:
            raise Failure(f"benign project {pid} is missing from the mixed run")
        if got[pid] != line:
            a, b = got[pid].decode("utf-8", "replace"), line.decode("utf-8", "replace")
            i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]),
                     min(len(a), len(b)))
            raise Failure(f"benign project {pid} differs from the benign-only "
                          f"run at byte {i}: ...{a[max(0, i - 60):i + 60]!r} vs "
                          f"...{b[max(0, i - 60):i + 60]!r}")
    order = [i for i in got if not i.startswith("hostile_")]
    if order != list(want):
        raise Failure(f"benign projects came in the order {order}, "
                      f"expected {list(want)}")


# ---- main -----------------------------------------------------------------

def env_float(name):
    value = os.environ.get(name)
    return float(value) if value else None


def slowness(opt):
    """"valgrind" or "asan" when assay runs under valgrind or is built with
    AddressSanitizer (both slow it down and inflate its RSS), else None."""
    if any("valgrind" in os.path.basename(w) for w in opt.wrapper):
        return "valgrind"
    try:
        with open(opt.assay, "rb") as f:
            if b"__asan_init" in f.read():
                return "asan"
    except OSError:
        pass
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("assay")
    ap.add_argument("dir", nargs="?", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("-k", dest="select", help="only inputs whose name holds this")
    ap.add_argument("-v", dest="verbose", action="store_true",
                    help="show the time and peak RSS of each run")
    ap.add_argument("--wrapper", default=os.environ.get("HOSTILE_WRAPPER", ""),
                    help="command to run assay under (HOSTILE_WRAPPER)")
    ap.add_argument("--time-factor", type=float,
                    default=env_float("HOSTILE_TIME_FACTOR"),
                    help="multiplier of time bounds (HOSTILE_TIME_FACTOR)")
    ap.add_argument("--rss-factor", type=float,
                    default=env_float("HOSTILE_RSS_FACTOR"),
                    help="multiplier of RSS bounds, 0: unchecked (HOSTILE_RSS_FACTOR)")
    opt = ap.parse_args()
    opt.assay = os.path.abspath(opt.assay)
    opt.wrapper = shlex.split(opt.wrapper)
    slow = slowness(opt)
    if opt.time_factor is None:
        opt.time_factor = {"valgrind": 15.0, "asan": 3.0}.get(slow, 1.0)
    if opt.rss_factor is None:
        opt.rss_factor = 0.0 if slow else 1.0
    if opt.time_factor != 1 or opt.rss_factor != 1:
        print(f"hostile: time factor {opt.time_factor:g}, RSS factor "
              f"{opt.rss_factor:g}{' (' + slow + ')' if slow else ''}", flush=True)
    opt.timeout = HARD_TIMEOUT * max(1.0, opt.time_factor)
    root = os.path.abspath(opt.dir)
    names = sorted(n for n in os.listdir(root)
                   if (n.endswith(".lua") or n.endswith(".yaml"))
                   and n not in ("base.lua", "base.yaml"))
    if os.path.isdir(os.path.join(root, "portfolio")):
        names.append("portfolio/")
    if opt.select:
        names = [n for n in names if opt.select in n]
    passed = failed = 0
    for name in names:
        opt.last = None
        try:
            if name == "portfolio/":
                check_portfolio(opt, os.path.join(root, "portfolio"))
            else:
                check_input(opt, os.path.join(root, name))
            msg = None
        except Failure as e:
            msg = str(e)
        except Exception as e:  # a broken input is a failure, not a crash
            msg = f"{type(e).__name__}: {e}"
        r = opt.last
        how = f" ({r.seconds:.1f} s, {r.rss_mb:.0f} MB)" if opt.verbose and r else ""
        if msg:
            failed += 1
            print(f"FAIL {name}: {msg}{how}", flush=True)
        else:
            passed += 1
            print(f"ok {name}{how}", flush=True)
    print(f"hostile: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())

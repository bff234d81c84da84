#!/usr/bin/env python3
"""Run the data-driven command-line tests.

Each folder under tests/golden holds one test: the inputs (case files,
scripts) and test.json, which says how to run assay and what must come out:

  args          the command line after "assay"
  exit          the expected exit status
  stdout        JSON that the output must match (see match below)
  stdout_jsonl  a list of JSON values, one per output line
  stdout_text   the name of a file whose text the output must equal (read
                as it is: a CRLF in the file must be a CRLF in the output)
  stdout_end    the name of a file whose text the output must end with
  stdout_re     regular expressions that must each match some stdout line
  stdout_html   stdout is an HTML report: html_check.py's checks, and
                those given (count, text, contains, absent)
  stderr        regular expressions that must each match some stderr line
  stderr_lines  the exact number of stderr lines
  before        {file: text} written before the run
  after         {file: text or JSON} expected after the run (null: absent;
                text as it is, CRLF and all)
  twice         run twice and require byte-identical output
  same_as       another command line whose stdout and stderr must be
                byte-identical to this one's (e.g. -j 3 against -j 1)
  env           {NAME: value} set for the run (ASSAY_SCRIPTS is the
                stock folder unless given here)
  generate      {file: [line, N]} written before the run: line N times,
                with {n} in it replaced by 1..N (big inputs, kept small)
  derive        {file: [source, [old, new]...]} written before the run:
                the source file (relative to the test) with each old text,
                which must occur in it exactly once, replaced by new (a
                stock script with one weight changed, without a copy of
                it in git); the file's folder is made if need be
  max_rss_mb    a bound on assay's peak resident memory, in MB (from the
                runner's own, about 15 MB, up: a child starts from it);
                not checked when assay is built with a sanitizer
  tolerance     how far numbers in stdout, stdout_jsonl and after may be
                from the expected ones (default 1e-9)

A file in before may have a name no file in git should have (control
bytes: JSON's \\u001b; a byte that is not UTF-8: \\udcXX, which Python
writes as the byte XX). Checked for every test: stdout and stderr are
valid UTF-8 and hold no control character but newline (colour is off),
a carriage return being allowed just before one (CSV's line end): text
from case files, scripts and file names reaches them escaped.

Expected values are written by hand from the inputs. Matching is
structural: a dict needs its keys (extra keys are ignored; a key written
"!name" says that name must be absent, whatever value it is given), a
list needs the same length, numbers may differ by the tolerance, and a
string that starts with "re:" is a regular expression.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import threading

TOL = 1e-9


def match(want, got, path="$", tol=TOL):
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return f"{path}: expected an object, got {json.dumps(got)[:80]}"
        for k, v in want.items():
            if k.startswith("!"):
                if k[1:] in got:
                    return f"{path}: key {k[1:]!r} should be absent"
                continue
            if k not in got:
                return f"{path}: missing key {k!r}"
            err = match(v, got[k], f"{path}.{k}", tol)
            if err:
                return err
        return None
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            n = len(got) if isinstance(got, list) else "not a list"
            return f"{path}: expected {len(want)} items, got {n}"
        for i, (w, g) in enumerate(zip(want, got)):
            err = match(w, g, f"{path}[{i}]", tol)
            if err:
                return err
        return None
    if isinstance(want, bool) or want is None:
        return None if want is got else f"{path}: expected {want}, got {got!r}"
    if isinstance(want, (int, float)):
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            return f"{path}: expected {want}, got {got!r}"
        return None if abs(want - got) <= tol else f"{path}: expected {want}, got {got}"
    if isinstance(want, str) and want.startswith("re:"):
        if isinstance(got, str) and re.search(want[3:], got):
            return None
        return f"{path}: {got!r} does not match /{want[3:]}/"
    return None if want == got else f"{path}: expected {want!r}, got {got!r}"


class Run:
    pass


def run_once(assay, test, spec, env):
    """Run assay; a Run with returncode, stdout, stderr and rss_mb (the
    peak resident memory). A child starts from the peak of the process
    that started it, so this process's peak is first brought down to its
    current size (Linux: 5 to /proc/self/clear_refs)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    r = Run()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([assay] + spec["args"], cwd=test, env=env,
                                stdin=subprocess.DEVNULL, stdout=out,
                                stderr=err)
        timer = threading.Timer(60, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = r.returncode = os.waitstatus_to_exitcode(status)
        r.rss_mb = usage.ru_maxrss / 1024.0  # KiB on Linux
        out.seek(0)
        err.seek(0)
        r.stdout, r.stderr = out.read(), err.read()
    return r


# C0 controls but newline, DEL, and C1 controls (U+0080-U+009F)
CONTROL_RE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def check_terminal_safe(name, data):
    """None, or why data (stdout or stderr) could drive a terminal."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return f"{name} is not valid UTF-8 ({e})"
    for i, line in enumerate(text.split("\n")):
        m = CONTROL_RE.search(line[:-1] if line.endswith("\r") else line)
        if m:
            return (f"{name} line {i + 1} holds the control character "
                    f"U+{ord(m.group()):04X}: {line[:120]!r}")
    return None


def sanitized(assay, seen={}):
    """Is assay built with AddressSanitizer or ThreadSanitizer (which
    inflate its memory)?"""
    if assay not in seen:
        with open(assay, "rb") as f:
            data = f.read()
        seen[assay] = b"__asan_init" in data or b"__tsan_init" in data
    return seen[assay]


def check(assay, test, scripts):
    with open(os.path.join(test, "test.json"), encoding="utf-8") as f:
        spec = json.load(f)
    tol = spec.get("tolerance", TOL)
    env = dict(os.environ, ASSAY_SCRIPTS=scripts, NO_COLOR="1")
    env.update(spec.get("env", {}))
    for name, text in spec.get("before", {}).items():
        with open(os.path.join(test, name), "w", encoding="utf-8") as f:
            f.write(text)
    for name, (line, n) in spec.get("generate", {}).items():
        with open(os.path.join(test, name), "w", encoding="utf-8") as f:
            for i in range(1, n + 1):
                f.write(line.replace("{n}", str(i)) + "\n")
    for name, (source, *edits) in spec.get("derive", {}).items():
        with open(os.path.join(test, source), encoding="utf-8") as f:
            text = f.read()
        for old, new in edits:
            if text.count(old) != 1:
                return f"derive {name}: {old!r} is not in {source} once"
            text = text.replace(old, new)
        path = os.path.join(test, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    try:
        p = run_once(assay, test, spec, env)
        out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
        if p.returncode != spec.get("exit", 0):
            return f"exit {p.returncode}, expected {spec.get('exit', 0)}; stderr: {err[:300]}"
        for name, data in (("stdout", p.stdout), ("stderr", p.stderr)):
            msg = check_terminal_safe(name, data)
            if msg:
                return msg
        if "max_rss_mb" in spec and p.rss_mb > spec["max_rss_mb"] \
                and not sanitized(assay):
            return f"peak RSS {p.rss_mb:.0f} MB, over the bound of {spec['max_rss_mb']} MB"
        if "stdout" in spec:
            try:
                got = json.loads(out)
            except ValueError as e:
                return f"stdout is not JSON ({e}): {out[:200]}"
            msg = match(spec["stdout"], got, tol=tol)
            if msg:
                return msg
        if "stdout_jsonl" in spec:
            try:
                got = [json.loads(line) for line in out.splitlines()]
            except ValueError as e:
                return f"a stdout line is not JSON ({e})"
            msg = match(spec["stdout_jsonl"], got, tol=tol)
            if msg:
                return msg
        if "stdout_text" in spec:
            with open(os.path.join(test, spec["stdout_text"]), encoding="utf-8",
                      newline="") as f:
                want = f.read()
            if out != want:
                for i, (w, g) in enumerate(zip(want.splitlines(), out.splitlines())):
                    if w != g:
                        return f"stdout line {i + 1}: expected {w!r}, got {g!r}"
                return f"stdout differs in length: {len(out)} vs {len(want)}"
        if "stdout_end" in spec:
            with open(os.path.join(test, spec["stdout_end"]), encoding="utf-8") as f:
                want = f.read()
            if not out.endswith(want):
                got = out[-len(want):] if len(out) >= len(want) else out
                for i, (w, g) in enumerate(zip(want.splitlines(), got.splitlines())):
                    if w != g:
                        return f"stdout's end, line {i + 1}: expected {w!r}, got {g!r}"
                return f"stdout does not end with the text of {spec['stdout_end']}"
        for pattern in spec.get("stdout_re", []):
            if not any(re.search(pattern, line) for line in out.splitlines()):
                return f"no stdout line matches /{pattern}/; stdout: {out[:400]}"
        if "stdout_html" in spec:
            checker = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                   "html_check.py")
            r = subprocess.run([sys.executable, checker,
                                json.dumps(spec["stdout_html"])],
                               input=p.stdout, capture_output=True)
            if r.returncode:
                return (r.stdout.decode("utf-8", "replace").strip()
                        or r.stderr.decode("utf-8", "replace")[-400:])
        lines = err.splitlines()
        for pattern in spec.get("stderr", []):
            if not any(re.search(pattern, line) for line in lines):
                return f"no stderr line matches /{pattern}/; stderr: {err[:400]}"
        if "stderr_lines" in spec and len(lines) != spec["stderr_lines"]:
            return f"{len(lines)} stderr lines, expected {spec['stderr_lines']}: {err[:400]}"
        for name, want in spec.get("after", {}).items():
            path = os.path.join(test, name)
            if want is None:
                if os.path.exists(path):
                    return f"{name} exists but should not"
                continue
            if not os.path.exists(path):
                return f"{name} was not written"
            with open(path, encoding="utf-8", newline="") as f:
                text = f.read()
            if isinstance(want, str):
                if text != want:
                    return f"{name} holds {text[:80]!r}, expected {want[:80]!r}"
            else:
                msg = match(want, json.loads(text), name, tol)
                if msg:
                    return msg
        leftovers = [n for n in os.listdir(test) if ".tmp" in n]
        if leftovers:
            return f"temporary files left behind: {leftovers}"
        if spec.get("twice"):
            again = run_once(assay, test, spec, env)
            if again.stdout != p.stdout:
                return "a second run gave different output"
        if spec.get("same_as"):
            other = run_once(assay, test, dict(spec, args=spec["same_as"]),
                             env)
            for name in ("stdout", "stderr"):
                if getattr(other, name) != getattr(p, name):
                    return f"{name} differs from that of {spec['same_as']}"
        return None
    finally:
        for name in (list(spec.get("before", {})) + list(spec.get("after", {}))
                     + list(spec.get("generate", {}))
                     + list(spec.get("derive", {}))):
            path = os.path.join(test, name)
            if os.path.exists(path):
                os.remove(path)
        for name in spec.get("derive", {}):
            folder = os.path.dirname(os.path.join(test, name))
            if folder != test and os.path.isdir(folder) \
                    and not os.listdir(folder):
                os.rmdir(folder)


def main():
    assay = os.path.abspath(sys.argv[1])
    root = sys.argv[2]
    scripts = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "scripts"))
    passed = failed = 0
    for name in sorted(os.listdir(root)):
        test = os.path.join(root, name)
        if not os.path.isfile(os.path.join(test, "test.json")):
            continue
        try:
            msg = check(assay, test, scripts)
        except Exception as e:  # a broken test file is a failure, not a crash
            msg = f"{type(e).__name__}: {e}"
        if msg:
            failed += 1
            print(f"FAIL {name}: {msg}")
        else:
            passed += 1
            print(f"ok   {name}")
    print(f"golden: {passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Colour and the progress line, through a pseudo-terminal.

    tests/tty/run.py ASSAY          (make tty runs it)

assay colours its report only on a terminal, and draws a progress line on
stderr only when stderr is one: a pipe never sees either. Each check runs
the command with its stdout and stderr on a pseudo-terminal (the pty
module), a pipe, or one terminal for both, and reads the bytes written.

Colour: verdicts by standing (good green 32, bad red 31, neutral without
colour), errors red, not_assessable dim (2), the project's id bold (1);
every sequence closed (0) on its line; none with NO_COLOR (any value),
--no-color, on a pipe, or in a file written with -o; stderr coloured on
its own terminal, whatever stdout is.

Progress: ASSAY_PROGRESS_INTERVAL_MS=0 (for tests: no wait before the
first line, none between lines) makes every document and result draw, so
nothing here waits on a clock. The line says projects done, bytes of bytes
and a percentage when the input's size is known (a file), bytes read when
it is not (a FIFO); it is never drawn with CI set, --no-progress, or on a
pipe, nor for a run shorter than about a second without the variable; and
the screen a terminal shows at the end (emulated: carriage return, erase
to the end of the line, newline) is the one the same run shows without
progress: every line drawn was erased before the report, a diagnostic or
the closing messages were written.
"""
import os
import pty
import re
import select
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CASES = os.path.join(ROOT, "cases")
SECTIONS = os.path.join(ROOT, "tests", "golden", "table_sections")
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


class Run:
    pass


def run(assay, args, env=None, out="pipe", err="pipe", stdin=None,
        cwd=ROOT):
    """Run assay with stdout and stderr each on "pty", "pipe", or
    out="shared": one terminal for both. Returns a Run with out, err (the
    bytes of each; for shared, out holds both) and rc."""
    e = {k: v for k, v in os.environ.items()
         if k not in ("NO_COLOR", "CI", "ASSAY_PROGRESS_INTERVAL_MS")}
    e["ASSAY_SCRIPTS"] = os.path.join(ROOT, "scripts")
    e["TERM"] = "xterm"
    e.update(env or {})
    readers, child = {}, []
    if out == "shared":
        m, s = pty.openpty()
        fds = {"out": s, "err": s}
        readers[m] = "out"
        child.append(s)
    else:
        fds = {}
        for name, kind in (("out", out), ("err", err)):
            if kind == "pty":
                m, s = pty.openpty()
            else:
                m, s = os.pipe()
            fds[name] = s
            readers[m] = name
            child.append(s)
    p = subprocess.Popen([assay] + args, cwd=cwd, env=e,
                         stdin=stdin if stdin is not None else subprocess.DEVNULL,
                         stdout=fds["out"], stderr=fds["err"])
    for s in set(child):
        os.close(s)
    data = {"out": b"", "err": b""}
    deadline = time.time() + 60
    while readers and time.time() < deadline:
        ready, _, _ = select.select(list(readers), [], [], 1)
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # a terminal whose other end is closed: EIO
                chunk = b""
            if not chunk:
                os.close(fd)
                del readers[fd]
            else:
                data[readers[fd]] += chunk
    r = Run()
    r.rc = p.wait(timeout=60)
    # a terminal turns each newline into CR LF (onlcr)
    r.out = data["out"].replace(b"\r\n", b"\n")
    r.err = data["err"].replace(b"\r\n", b"\n")
    return r


def screen(data):
    """The lines a terminal shows after data: text overwrites from the
    cursor, CR goes to the line's start, ESC [ K erases to its end, a
    newline goes down to a new line's start (onlcr); colour is ignored."""
    text = data.decode("utf-8", "replace")
    lines, row, col = [""], 0, 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\x1b":
            m = re.match(r"\x1b\[([0-9;]*)([A-Za-z])", text[i:])
            if m and m.group(2) == "K":
                lines[row] = lines[row][:col]
            i += len(m.group(0)) if m else 1
            continue
        if ch == "\r":
            col = 0
        elif ch == "\n":
            row, col = row + 1, 0
            if row == len(lines):
                lines.append("")
        else:
            line = lines[row].ljust(col)
            lines[row] = line[:col] + ch + line[col + 1:]
            col += 1
        i += 1
    return "\n".join(lines)


SGR = re.compile(rb"\x1b\[([0-9;]*)m")


def sgr_closed(data):
    """Every sequence is one of the report's, and each line ends with its
    colour closed."""
    for line in data.split(b"\n"):
        codes = SGR.findall(line)
        if any(c not in (b"0", b"1", b"2", b"31", b"32") for c in codes):
            return False
        if codes and codes[-1] != b"0":
            return False
    return True


def colour(assay):
    r = run(assay, ["run", "-f", "table", "--no-progress", "cases"],
            out="pty")
    o = r.out
    check(r.rc == 0, "colour: a table on a terminal runs")
    check(b"\x1b[32mstrong\x1b[0m" in o,
          "colour: strong (good) is green in the blocks")
    check(b"\x1b[31mweak\x1b[0m" in o, "colour: weak (bad) is red")
    check(b"  verdict out_of_scope  score" in o,
          "colour: out_of_scope (neutral) has no colour")
    check(b"\x1b[1mkenya_fit\x1b[0m" in o, "colour: a project's id is bold")
    check(b"\x1b[2mnot_assessable\x1b[0m" in o,
          "colour: not_assessable is dim")
    check(re.search(rb"\n  1  approtec_corporate      out_of_scope  ", o)
          is not None, "colour: the view's neutral verdict has no colour")
    check(re.search(rb"\n  2  brazil_ceara_furniture  \x1b\[32mstrong\x1b\[0m",
                    o) is not None, "colour: the view's strong is green")
    check(b"\x1b[2m.\x1b[0m" in o, "colour: a not assessable mark is dim")
    check(sgr_closed(o), "colour: only the report's codes, each closed "
          "on its line")
    check(r.err == b"", "colour: nothing on stderr")
    plain = run(assay, ["run", "-f", "table", "--no-progress", "cases"])
    check(SGR.sub(b"", o) == plain.out,
          "colour: without its codes, the coloured table is the plain one")

    s = run(assay, ["run", "-f", "table", "--no-progress", "-s", "s.lua",
                    "cases.yaml"], out="pty", err="pty", cwd=SECTIONS)
    check(s.rc == 1, "colour: a criterion in error, exit 1")
    check(b"\x1b[31merror\x1b[0m" in s.out, "colour: an error status is red")
    check(re.search(rb"\x1b\[31m      ! s\.lua:5: criterion 'b'", s.out)
          is not None, "colour: an error's message is red")
    check(b"\x1b[31m(error)\x1b[0m" in s.out,
          "colour: a project in error is red in the view")
    check(b"\x1b[31m!\x1b[0m" in s.out, "colour: an error mark is red")
    check(sgr_closed(s.out), "colour: the sections' codes are closed")
    check(s.err.startswith(b"\x1b[31massay: 1 of 6 projects")
          and s.err.endswith(b"\x1b[0m\n"),
          "colour: stderr's error summary is red on its terminal")

    for name, args, env, kind in (
            ("NO_COLOR=1", [], {"NO_COLOR": "1"}, "pty"),
            ("NO_COLOR set empty", [], {"NO_COLOR": ""}, "pty"),
            ("--no-color", ["--no-color"], {}, "pty"),
            ("a pipe", [], {}, "pipe")):
        r = run(assay, ["run", "-f", "table", "--no-progress"] + args +
                ["cases"], env=env, out=kind, err="pty")
        check(b"\x1b" not in r.out and r.rc == 0,
              f"no colour on stdout with {name}")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "report.txt")
        r = run(assay, ["run", "-f", "table", "--no-progress", "-o", path,
                        "cases"], out="pty", err="pty")
        with open(path, "rb") as f:
            check(b"\x1b" not in f.read() and r.out == b"",
                  "no colour in a file written with -o")
        bad = os.path.join(d, "bad.yaml")
        with open(bad, "w") as f:
            f.write("id: fine\nname: Fine\n---\nid: [\n")
        for env, kind, want in (({}, "pty", True), ({"NO_COLOR": "1"}, "pty", False),
                                ({}, "pipe", False)):
            r = run(assay, ["run", "-f", "json", "--no-progress", bad],
                    env=env, out="pipe", err=kind)
            red = r.err.startswith(b"\x1b[31massay: ") and \
                r.err.rstrip(b"\n").endswith(b"\x1b[0m")
            check(r.rc == 3 and red == want and
                  (want or b"\x1b" not in r.err),
                  f"a diagnostic on stderr ({kind}, {env or 'colour'}): "
                  f"{'red' if want else 'plain'}")


PROGRESS = re.compile(
    r"^assay: \d+ projects?, (?:[\d.]+ of [\d.]+ (?:B|kB|MB) \(\d+%\)|"
    r"[\d.]+ (?:B|kB|MB) read)(?:, [\d.]+/s)?(?:, \d+:\d\d(?::\d\d)? left)?$")


def drawn(err):
    """The progress lines drawn: each starts with CR and ends with
    ESC [ K."""
    return re.findall(r"\r([^\r\x1b]+)\x1b\[K",
                      err.decode("utf-8", "replace"))


def progress(assay):
    fast = {"ASSAY_PROGRESS_INTERVAL_MS": "0"}
    with tempfile.TemporaryDirectory() as d:
        big = os.path.join(d, "many.yaml")
        with open(big, "w") as f:
            for i in range(1, 401):
                f.write(f"---\nid: p{i}\nname: Project {i}\n"
                        f"indicators: {{CAP1: present, DEM1: absent}}\n")
        size = os.path.getsize(big)
        r = run(assay, ["run", "-f", "json", big], env=fast, out="pipe",
                err="pty")
        lines = drawn(r.err)
        check(r.rc == 0 and len(lines) >= 400,
              f"progress: drawn for each document and result "
              f"({len(lines)} lines)")
        check(all(PROGRESS.match(l) for l in lines),
              "progress: every line says projects, bytes and rate")
        check(any(" of " in l and "%)" in l for l in lines),
              "progress: the input's size is known: bytes of bytes and %")
        kb = f"{size / 1000:.1f} of {size / 1000:.1f} kB (100%)"
        check(lines and lines[-1].startswith("assay: 400 projects, ") and
              kb in lines[-1], f"progress: the last line: 400 projects, {kb}")
        check(any(re.search(r" \((?:[1-9]|[1-9]\d)%\)", l) for l in lines),
              "progress: a share under 100% on the way")
        check(any(" left" in l for l in lines), "progress: time left shown")
        check(screen(r.err).strip() == "",
              "progress: nothing left on the terminal at the end")
        check(r.err.endswith(b"\r\x1b[K"), "progress: erased at the end")

        # the report on the same terminal, a bad document among the good
        mixed = os.path.join(d, "mixed.yaml")
        with open(mixed, "w") as f:
            for i in range(1, 31):
                f.write(f"---\nid: m{i}\nname: M {i}\n")
                if i == 15:
                    f.write("---\nid: [\n")
        args = ["run", "-f", "table", mixed]
        r = run(assay, args, env=fast, out="shared")
        quiet = run(assay, args + ["--no-progress"], out="shared")
        check(len(drawn(r.out)) > 30,
              "progress: drawn on the terminal the report is on")
        check(r.rc == 3 and screen(r.out) == screen(quiet.out),
              "progress: the terminal shows what it shows without progress "
              "(erased before each block, the diagnostic and the summary)")
        check(re.search(r"\nassay: \S*mixed\.yaml:\d+:\d+: ",
                        screen(r.out)) is not None,
              "progress: the diagnostic starts its own line")

        # a FIFO fed slowly: its size is not known ahead
        fifo = os.path.join(d, "feed.yaml")
        os.mkfifo(fifo)

        def feed():
            with open(fifo, "w") as f:
                for i in range(1, 6):
                    f.write(f"---\nid: f{i}\nname: F {i}\n")
                    f.flush()
                    time.sleep(0.05)

        t = threading.Thread(target=feed)
        t.start()
        r = run(assay, ["run", "-f", "jsonl", fifo], env=fast, out="pipe",
                err="pty")
        t.join()
        lines = drawn(r.err)
        check(r.rc == 0 and lines and all(PROGRESS.match(l) for l in lines)
              and all(" read" in l and "%" not in l for l in lines),
              "progress: from a FIFO, bytes read and no share")
        check(screen(r.err).strip() == "", "progress: FIFO: erased at the end")

        for name, args, env, err in (
                ("CI=1", [], {"CI": "1"}, "pty"),
                ("CI set empty", [], {"CI": ""}, "pty"),
                ("--no-progress", ["--no-progress"], {}, "pty"),
                ("stderr a pipe", [], {}, "pipe")):
            r = run(assay, ["run", "-f", "json"] + args + [big],
                    env=dict(fast, **env), out="pipe", err=err)
            check(r.rc == 0 and r.err == b"", f"no progress with {name}")
        # without the test variable: not for a run shorter than a second
        r = run(assay, ["run", "-f", "json", "cases"], out="pipe", err="pty")
        check(r.rc == 0 and r.err == b"",
              "no progress for a run shorter than about a second")


def main():
    assay = os.path.abspath(sys.argv[1])
    colour(assay)
    progress(assay)
    print(f"tty: {len(failures)} failed" if failures else "tty: all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""roundtrip.py -- the CSV formats read back as the JSON report says.

    python3 tests/csv/roundtrip.py ASSAY

For each set of inputs (the bundled cases with success-features, and the
csv golden tests' scripts and cases, hostile text among them), runs
`assay run` with -f json, -f csv and -f csv-wide, reads both CSV files
with Python's csv module and with pandas (read_csv as the README says),
and compares every field with what the JSON report gives for it:

  - text as in the JSON, with the CSV's two changes: a control character
    other than a newline written as \\t or \\xNN, and a "'" before text
    that starts with =, +, -, @ (README, "CSV");
  - a number written with the same text as in the JSON (the same digits),
    which pandas reads as the same double (with float_precision=
    "round_trip": its default reader can be a unit in the last place
    off); an empty field for null.

Also: the same bytes from -j 2, and under LC_ALL=de_DE.UTF-8 (the locale
of LOCPATH, which the Makefile builds; skipped, and said, without it);
--bom adds U+FEFF and nothing else, and pandas reads that file the same.
With Rscript on the PATH, R's read.csv reads the files to the same values
too (not needed: skipped, and said, without it).

pandas is needed (Debian's python3-pandas, which make deps installs).
"""
import csv
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GOLDEN = os.path.join(ROOT, "tests", "golden")

# (working folder, script, case files)
INPUTS = [
    (ROOT, "success-features", ["cases"]),
    (os.path.join(GOLDEN, "csv_rows"), "s.lua", ["cases.yaml"]),
    (os.path.join(GOLDEN, "csv_wide"), "w.lua", ["cases.yaml"]),
    (os.path.join(GOLDEN, "csv_hostile"), "h.lua", ["h,1.yaml"]),
]

PROJECT = [("project_id", "id", "text"), ("project_name", "name", "text"),
           ("file", "file", "text"), ("line", "line", "number"),
           ("project_score", "score", "number"),
           ("coverage", "coverage", "number"), ("verdict", "verdict", "text"),
           ("project_error", "error", "text")]
CRITERION = [("criterion_id", "id", "text"),
             ("criterion_title", "title", "text"),
             ("group", "group", "text"), ("weight", "weight", "number"),
             ("status", "status", "text"),
             ("criterion_score", "score", "number"),
             ("label", "label", "text"),
             ("contribution", "contribution", "number"),
             ("note", "note", "text"), ("criterion_error", "error", "text")]


class Number(str):
    """A JSON number, kept as the text it was written with."""


def shown(text):
    """What the CSV writes for a JSON string: controls but newline escaped
    as the library escapes them, then the formula guard."""
    out = []
    for ch in text:
        c = ord(ch)
        if ch == "\n":
            out.append(ch)
        elif ch == "\t":
            out.append("\\t")
        elif c < 0x20 or c == 0x7F:
            out.append("\\x%02X" % c)
        elif 0x80 <= c <= 0x9F:
            out.append("".join("\\x%02X" % b for b in ch.encode()))
        else:
            out.append(ch)
    s = "".join(out)
    return "'" + s if s[:1] in ("=", "+", "-", "@") else s


def expected_rows(report, wide):
    """The fields each row must hold, as text: one list per row."""
    ids = [c["id"] for c in report["projects"][0]["criteria"]] \
        if report["projects"] else []
    head = [name for name, _, _ in PROJECT]
    head += ["score." + i for i in ids] if wide else \
        [name for name, _, _ in CRITERION]
    rows = []
    for p in report["projects"]:
        front = [field(p[key], kind) for _, key, kind in PROJECT]
        if wide:
            rows.append(front + [field(c["score"], "number")
                                 for c in p["criteria"]])
        else:
            for c in p["criteria"]:
                rows.append(front + [field(c[key], kind)
                                     for _, key, kind in CRITERION])
    return head, rows


def field(value, kind):
    if value is None:
        return ""
    if kind == "number":
        assert isinstance(value, Number), value
        return str(value)
    return shown(value)


class Failures:
    def __init__(self):
        self.n = self.passed = 0

    def check(self, ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        self.n += not ok
        self.passed += bool(ok)
        return ok


def run(assay, cwd, args, env=None):
    p = subprocess.run([assay, "run"] + args, cwd=cwd, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode not in (0, 1):
        raise SystemExit(f"assay run {' '.join(args)}: exit {p.returncode}: "
                         f"{p.stderr.decode(errors='replace')[:300]}")
    return p.stdout


def compare_csv_module(data, head, rows, what, f):
    text = data.decode("utf-8")
    got = list(csv.reader(io.StringIO(text, newline="")))
    f.check(got[0] == head, f"{what}: csv module: the header")
    bad = [(i, g, w) for i, (g, w) in enumerate(zip(got[1:], rows))
           if g != w]
    f.check(len(got) - 1 == len(rows) and not bad,
            f"{what}: csv module: {len(rows)} rows, every field"
            + (f" (row {bad[0][0] + 1}: {bad[0][1]} != {bad[0][2]})"
               if bad else ""))


def pandas_cell(v):
    """A cell of a DataFrame as text comparable to the expected field:
    "" for NaN; a float as the text of the double it is."""
    if isinstance(v, float):
        return "" if math.isnan(v) else v
    if hasattr(v, "item"):  # numpy scalars
        return pandas_cell(v.item())
    return str(v)


def same_cell(got, want):
    if isinstance(got, (int, float)) and not isinstance(got, bool):
        return want != "" and float(want) == got
    return got == want


PANDAS = dict(keep_default_na=False, na_values=[""],
              float_precision="round_trip")


def compare_pandas(pd, path, head, rows, what, f):
    # the README's way: an empty field is no value, no other text is; the
    # numbers read with Python's own strtod (pandas' default reader can be
    # a unit in the last place off: 0.0583333333333333 for
    # 0.05833333333333333)
    df = pd.read_csv(path, **PANDAS)
    f.check(list(df.columns) == head, f"{what}: pandas: the header")
    bad = None
    for i, (got, want) in enumerate(zip(df.itertuples(index=False), rows)):
        for col, g, w in zip(head, got, want):
            if not same_cell(pandas_cell(g), w) and bad is None:
                bad = f" (row {i + 1}, {col}: {g!r} != {w!r})"
    f.check(len(df) == len(rows) and bad is None,
            f"{what}: pandas: {len(rows)} rows, every field" + (bad or ""))
    return df


R_DUMP = r"""
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], na.strings = "", check.names = FALSE,
              encoding = "UTF-8", stringsAsFactors = FALSE)
con <- file(args[2], "wb")
writeLines(paste(names(d), collapse = "\t"), con, useBytes = TRUE)
for (i in seq_len(nrow(d))) {
  cells <- vapply(d[i, , drop = FALSE], function(v) {
    if (is.na(v)) "NA" else if (is.numeric(v)) sprintf("n%.17g", v)
    else paste0("s", paste(as.character(charToRaw(enc2utf8(v))),
                           collapse = ""))
  }, "")
  writeLines(paste(cells, collapse = "\t"), con, useBytes = TRUE)
}
close(con)
"""


def compare_r(path, head, rows, what, f, tmp):
    dump = os.path.join(tmp, "r.tsv")
    script = os.path.join(tmp, "dump.R")
    with open(script, "w") as s:
        s.write(R_DUMP)
    p = subprocess.run(["Rscript", "--vanilla", script, path, dump],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if not f.check(p.returncode == 0, f"{what}: R read.csv reads it"):
        print(p.stdout.decode(errors="replace")[:500])
        return
    with open(dump, encoding="utf-8") as d:
        lines = d.read().splitlines()
    f.check(lines[0].split("\t") == head, f"{what}: R: the header")
    bad = None
    for i, (line, want) in enumerate(zip(lines[1:], rows)):
        for col, cell, w in zip(head, line.split("\t"), want):
            if cell == "NA":
                ok = w == ""
            elif cell[0] == "n":
                ok = w != "" and float(cell[1:]) == float(w)
            else:
                ok = bytes.fromhex(cell[1:]).decode() == w
            if not ok and bad is None:
                bad = f" (row {i + 1}, {col}: {cell!r} != {w!r})"
    f.check(len(lines) - 1 == len(rows) and bad is None,
            f"{what}: R: {len(rows)} rows, every field" + (bad or ""))


def locale_works(env):
    """Is de_DE.UTF-8 loadable, with a decimal comma, under env?"""
    p = subprocess.run([sys.executable, "-c",
                        "import locale; locale.setlocale(locale.LC_ALL, '');"
                        "print(locale.localeconv()['decimal_point'])"],
                       env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL)
    return p.returncode == 0 and p.stdout.strip() == b","


def main():
    assay = os.path.abspath(sys.argv[1])
    try:
        import pandas as pd
    except ImportError:
        # Debian's pandas is in Debian's Python, which may not be the
        # python3 first on the PATH (a pyenv, a venv)
        debian = "/usr/bin/python3"
        if os.path.exists(debian) and \
                os.path.realpath(sys.executable) != os.path.realpath(debian):
            os.execv(debian, [debian] + sys.argv)
        print("FAIL pandas is not installed (Debian: python3-pandas; "
              "make deps installs it)")
        return 1
    f = Failures()
    rscript = shutil.which("Rscript")
    if not rscript:
        print("skip R's read.csv: no Rscript on the PATH")
    de = dict(os.environ, LC_ALL="de_DE.UTF-8", LANG="de_DE.UTF-8")
    has_de = locale_works(de)
    if not has_de:
        print("skip the decimal-comma run: no de_DE.UTF-8 locale "
              "(LOCPATH, which make csv sets, or the system's)")
    with tempfile.TemporaryDirectory() as tmp:
        for cwd, script, cases in INPUTS:
            name = os.path.basename(cwd) if cwd != ROOT else "cases/"
            report = json.loads(run(assay, cwd, ["-f", "json", "-s", script]
                                    + cases),
                                parse_float=Number, parse_int=Number)
            for fmt in ("csv", "csv-wide"):
                what = f"{name} -f {fmt}"
                args = ["-f", fmt, "-s", script] + cases
                data = run(assay, cwd, args)
                head, rows = expected_rows(report, fmt == "csv-wide")
                compare_csv_module(data, head, rows, what, f)
                path = os.path.join(tmp, "out.csv")
                with open(path, "wb") as out:
                    out.write(data)
                df = compare_pandas(pd, path, head, rows, what, f)
                if rscript:
                    compare_r(path, head, rows, what, f, tmp)
                f.check(run(assay, cwd, ["-j", "2"] + args) == data,
                        f"{what}: the same bytes with -j 2")
                if has_de:
                    f.check(run(assay, cwd, args, de) == data,
                            f"{what}: the same bytes under "
                            "LC_ALL=de_DE.UTF-8")
                bom = run(assay, cwd, ["--bom"] + args)
                f.check(bom == b"\xef\xbb\xbf" + data,
                        f"{what}: --bom adds U+FEFF, nothing else")
                with open(path, "wb") as out:
                    out.write(bom)
                f.check(pd.read_csv(path, **PANDAS).equals(df),
                        f"{what}: pandas reads the --bom file the same")
    print(f"csv: {f.passed} passed, {f.n} failed")
    return 1 if f.n else 0


if __name__ == "__main__":
    sys.exit(main())

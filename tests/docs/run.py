#!/usr/bin/env python3
"""Check the documents in docs/ against the program they describe.

    tests/docs/run.py ASSAY          (make docs runs it)

- docs/cases.md (and README.md): every YAML block after
  <!-- check: valid --> passes `assay check`; a block after <!-- check: rejected --> fails it with
  exactly the stderr of the block after <!-- check: stderr --> (the case
  is written as case.yaml).
- docs/codebook.md documents exactly the indicator ids and descriptive
  fields the stock scripts read: a heading "### `ID`" per indicator and
  "### field `a.b`" per field. What the scripts read is found two ways:
  by running every script of scripts/ on the bundled cases and on a case
  with nothing in it, and collecting the evidence each criterion
  recorded; and by reading the scripts' code (comments left out) for
  string constants shaped like an indicator id (capitals, then digits)
  and for the paths passed to :field("...").
- README.md and docs/*.md: every Lua block after <!-- check: script -->
  loads as a script and evaluates the bundled cases with exit status 0
  (there is at least one in docs/scripts.md).
- Relative links in README.md and docs/*.md lead to files that exist,
  and their #anchors to headings of those files.
- Nothing the repository ships cites what it does not ship: the product
  contract or codebook kept outside it, the review's text as a file.

Each failure is printed; the exit status is 1 when there was any.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL", msg)


def ok(msg):
    print("ok  ", msg)


def marked_blocks(path, marker):
    """The fenced blocks that follow <!-- MARKER --> in path, with the
    line each starts at."""
    text = open(path, encoding="utf-8").read()
    out = []
    pat = re.compile(r"^<!-- " + re.escape(marker) + r" -->\n```[^\n]*\n(.*?)^```",
                     re.S | re.M)
    for m in pat.finditer(text):
        out.append((text.count("\n", 0, m.start()) + 2, m.group(1)))
    return out


def run(assay, args, cwd):
    return subprocess.run([assay] + args, cwd=cwd, capture_output=True,
                          text=True, timeout=60)


def check_cases(assay):
    doc = os.path.join(ROOT, "docs", "cases.md")
    valid = [(f"docs/cases.md:{line}", b)
             for line, b in marked_blocks(doc, "check: valid")]
    if not valid:
        fail("docs/cases.md: no block marked <!-- check: valid -->")
    valid += [(f"README.md:{line}", b) for line, b in
              marked_blocks(os.path.join(ROOT, "README.md"), "check: valid")]
    for where, block in valid:
        with tempfile.TemporaryDirectory() as tmp:
            open(os.path.join(tmp, "case.yaml"), "w").write(block)
            r = run(assay, ["check", "case.yaml"], tmp)
            if r.returncode != 0 or r.stderr:
                fail(f"{where}: assay check exited "
                     f"{r.returncode}: {r.stderr.strip()}")
            else:
                ok(f"{where}: assay check accepts the example")
    rejected = marked_blocks(doc, "check: rejected")
    stderr = marked_blocks(doc, "check: stderr")
    if len(rejected) != len(stderr):
        fail("docs/cases.md: each rejected example needs its stderr block")
    for (line, block), (_, want) in zip(rejected, stderr):
        with tempfile.TemporaryDirectory() as tmp:
            open(os.path.join(tmp, "case.yaml"), "w").write(block)
            r = run(assay, ["check", "case.yaml"], tmp)
            if r.returncode != 3 or r.stderr != want:
                fail(f"docs/cases.md:{line}: assay check exited "
                     f"{r.returncode} with\n{r.stderr}instead of 3 with\n{want}")
            else:
                ok(f"docs/cases.md:{line}: assay check reports the "
                   f"{want.count(chr(10))} mistakes as the page says")


def lua_code(src):
    """src with comments removed and strings kept, as a list of
    (kind, text): kind "str" for a string constant, "code" otherwise."""
    out, i, n = [], 0, len(src)
    code = []
    while i < n:
        c = src[i]
        if src.startswith("--", i):
            m = re.match(r"--\[(=*)\[", src[i:])
            if m:
                end = src.find("]" + m.group(1) + "]", i)
                i = n if end < 0 else end + len(m.group(1)) + 2
            else:
                end = src.find("\n", i)
                i = n if end < 0 else end
            continue
        m = re.match(r"\[(=*)\[", src[i:])
        if m:
            end = src.find("]" + m.group(1) + "]", i)
            stop = n if end < 0 else end
            out.append(("code", "".join(code)))
            code = []
            out.append(("str", src[i + len(m.group(0)):stop]))
            i = stop + len(m.group(1)) + 2
            continue
        if c in "'\"":
            j, s = i + 1, []
            while j < n and src[j] != c:
                if src[j] == "\\":
                    s.append(src[j:j + 2])
                    j += 2
                    continue
                s.append(src[j])
                j += 1
            out.append(("code", "".join(code)))
            code = []
            out.append(("str", "".join(s)))
            i = j + 1
            continue
        code.append(c)
        i += 1
    out.append(("code", "".join(code)))
    return out


def read_statically(path):
    """Indicator-shaped string constants, and :field("...") paths."""
    ids, fields = set(), set()
    toks = lua_code(open(path, encoding="utf-8").read())
    for k, (kind, text) in enumerate(toks):
        if kind != "str":
            continue
        if re.fullmatch(r"[A-Z]+[0-9]+", text):
            ids.add(text)
        if k and toks[k - 1][0] == "code" and \
                re.search(r":\s*field\s*\(\s*$", toks[k - 1][1]):
            fields.add(text)
    return ids, fields


def read_dynamically(assay, script, tmp):
    """What the criteria of script read, from their evidence, on the
    bundled cases and an empty case; None when script is a module (it
    declares no criterion)."""
    empty = os.path.join(tmp, "empty.yaml")
    open(empty, "w").write("id: nothing_stated\nname: Nothing stated\n")
    r = run(assay, ["run", "-f", "json", "-s", script, empty,
                    os.path.join(ROOT, "cases")], tmp)
    if "declares no criterion" in r.stderr:
        return None
    if r.returncode not in (0, 1):
        fail(f"{os.path.relpath(script, ROOT)}: assay run exited "
             f"{r.returncode}: {r.stderr.strip()}")
        return set(), set()
    ids, fields = set(), set()
    for p in json.loads(r.stdout)["projects"]:
        for c in p["criteria"]:
            for e in c["evidence"] or []:
                if e.get("indicator") is not None:
                    ids.add(e["indicator"])
                if e.get("field") is not None:
                    fields.add(e["field"])
    return ids, fields


def check_codebook(assay):
    doc = os.path.join(ROOT, "docs", "codebook.md")
    text = open(doc, encoding="utf-8").read()
    doc_ids = set(re.findall(r"^### `([^`]+)`", text, re.M))
    doc_fields = set(re.findall(r"^### field `([^`]+)`", text, re.M))
    read_ids, read_fields, by = set(), set(), {}
    with tempfile.TemporaryDirectory() as tmp:
        for script in sorted(glob.glob(os.path.join(ROOT, "scripts", "*.lua"))):
            name = os.path.relpath(script, ROOT)
            s_ids, s_fields = read_statically(script)
            dyn = read_dynamically(assay, script, tmp)
            if dyn is not None:
                s_ids |= dyn[0]
                s_fields |= dyn[1]
            for i in s_ids | s_fields:
                by.setdefault(i, name)
            read_ids |= s_ids
            read_fields |= s_fields
    if not read_ids:
        fail("no stock script reads any indicator: the scan is broken")
    for what, read, documented, heading in (
            ("indicator", read_ids, doc_ids, "### `{}`"),
            ("field", read_fields, doc_fields, "### field `{}`")):
        for i in sorted(read - documented):
            fail(f"{by[i]} reads {what} {i}, which docs/codebook.md does "
                 f"not document (a heading {heading.format(i)})")
        for i in sorted(documented - read):
            fail(f"docs/codebook.md documents {what} {i}, which no stock "
                 "script reads")
    if read_ids == doc_ids and read_fields == doc_fields:
        ok(f"docs/codebook.md documents the {len(doc_ids)} indicators and "
           f"{len(doc_fields)} field(s) the stock scripts read, and no more")


def check_scripts_doc(assay):
    blocks = []
    for doc in [os.path.join(ROOT, "README.md")] + \
            sorted(glob.glob(os.path.join(ROOT, "docs", "*.md"))):
        name = os.path.relpath(doc, ROOT)
        blocks += [(f"{name}:{line}", b)
                   for line, b in marked_blocks(doc, "check: script")]
    if not any(b[0].startswith("docs/scripts.md:") for b in blocks):
        fail("docs/scripts.md: no block marked <!-- check: script -->")
    for where, block in blocks:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "doc.lua")
            open(path, "w").write(block)
            r = run(assay, ["run", "-f", "json", "-s", path,
                            os.path.join(ROOT, "cases")], tmp)
            if r.returncode != 0:
                fail(f"{where}: the script does not run "
                     f"cleanly (exit {r.returncode}): {r.stderr.strip()}")
            else:
                ok(f"{where}: the script loads and evaluates "
                   "the bundled cases")


def anchors(path):
    """The anchors of a Markdown file's headings, as GitHub makes them."""
    out = set()
    text = open(path, encoding="utf-8").read()
    for h in re.findall(r"^#+ (.*)$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-")
        out.add(slug)
    return out


def check_links():
    pages = [os.path.join(ROOT, "README.md")] + \
        sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))
    n = 0
    for page in pages:
        text = open(page, encoding="utf-8").read()
        for m in re.finditer(r"\]\(([^)#\s]*)(?:#([^)\s]*))?\)", text):
            target, anchor = m.group(1), m.group(2)
            if re.match(r"[a-z]+:", target):
                continue
            n += 1
            line = text.count("\n", 0, m.start()) + 1
            path = os.path.join(os.path.dirname(page), target) if target \
                else page
            if not os.path.exists(path):
                fail(f"{os.path.relpath(page, ROOT)}:{line}: link to "
                     f"{target}, which does not exist")
            elif anchor and path.endswith(".md") and \
                    anchor not in anchors(path):
                fail(f"{os.path.relpath(page, ROOT)}:{line}: link to "
                     f"{target}#{anchor}, which has no such heading")
    ok(f"{n} relative links in README.md and docs/ lead to files and "
       "headings that exist")


# What users never have: the product contract and codebook kept beside the
# repository, the review as a file, and section signs citing them.
UNSHIPPED = re.compile(r"\bSPEC\b|CODEBOOK|§|seeds/0|/work/shared|"
                       r"\b[Ee]ndnotes?\b")


def check_citations():
    files = [os.path.join(ROOT, f) for f in ("README.md", "Makefile",
                                             "core/assay.1")]
    for pat in ("scripts/**/*", "cases/**/*", "tests/**/*", "docs/**/*",
                "core/**/*.[ch]", "include/*.h"):
        files += glob.glob(os.path.join(ROOT, pat), recursive=True)
    me = os.path.abspath(__file__)
    n = 0
    for f in sorted(set(files)):
        if not os.path.isfile(f) or os.path.abspath(f) == me:
            continue
        try:
            text = open(f, encoding="utf-8").read()
        except (UnicodeDecodeError, OSError):
            continue
        n += 1
        for k, line in enumerate(text.splitlines(), 1):
            m = UNSHIPPED.search(line)
            if m:
                fail(f"{os.path.relpath(f, ROOT)}:{k}: cites {m.group(0)!r}, "
                     "which users do not have; cite docs/ instead")
    ok(f"{n} files cite nothing the repository does not ship")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: run.py ASSAY")
    assay = os.path.abspath(sys.argv[1])
    check_cases(assay)
    check_codebook(assay)
    check_scripts_doc(assay)
    check_links()
    check_citations()
    if failures:
        print(f"docs: {len(failures)} failures")
        sys.exit(1)
    print("docs: all checks passed")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The jsonl examples of the README, run as written.

  tests/jsonl/readme.py BUILD/assay        (make jsonl runs it)

The README's "JSON output" section shows shell commands (```sh blocks)
that pipe `assay run -f jsonl` into jq or grep, each block followed by a
```text block with what they print. Each command is run from the
repository's root, `build/assay` standing for the program given, and the
output of a block's commands must equal its text block. jq is one of the
packages `make deps` installs: without it the commands that need it
fail, rather than pass unseen.

Every other place that pipes jsonl into jq (the README and the man page)
must pick lines by type: a bare `jq .score` prints null for the header,
error and summary lines, which is what the README once showed.
"""
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def section(text, title):
    start = text.index("\n## " + title + "\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else len(text)]


def blocks(text):
    """(language, body) of each fenced block, in order."""
    return re.findall(r"^```(\w*)\n(.*?)^```$", text, re.M | re.S)


def main():
    assay = os.path.abspath(sys.argv[1])
    failed = passed = 0
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    man = open(os.path.join(ROOT, "core", "assay.1"), encoding="utf-8").read()

    # Anywhere jsonl goes into jq, lines are picked by type.
    for name, text in (("README.md", readme), ("core/assay.1", man)):
        for n, line in enumerate(text.splitlines(), 1):
            if re.search(r"jsonl.*\|\s*jq\b", line) and "select(.type" not in line:
                failed += 1
                print(f"FAIL {name}:{n}: jq over jsonl without select(.type ...): "
                      f"{line.strip()}")
            elif re.search(r"jsonl.*\|\s*jq\b", line):
                passed += 1

    found = 0
    have_jq = shutil.which("jq") is not None
    bs = blocks(section(readme, "JSON output"))
    for i, (lang, body) in enumerate(bs):
        if lang != "sh" or "-f jsonl" not in body:
            continue
        found += 1
        shown = body.strip().replace("\n", " ; ")
        if i + 1 >= len(bs) or bs[i + 1][0] != "text":
            failed += 1
            print(f"FAIL no text block after: {shown}")
            continue
        want = bs[i + 1][1]
        got = ""
        skipped = False
        for cmd in body.splitlines():
            if not cmd.strip():
                continue
            if re.search(r"\|\s*jq\b", cmd) and not have_jq:
                skipped = True
                break
            run = cmd.replace("build/assay", assay, 1)
            p = subprocess.run(["bash", "-o", "pipefail", "-c", run], cwd=ROOT,
                               capture_output=True, text=True)
            if p.returncode != 0:
                got += f"<exit {p.returncode}: {p.stderr.strip()}>\n"
            got += p.stdout
        if skipped:
            failed += 1
            print(f"FAIL jq is not installed (make deps installs it): {shown}")
            continue
        if got == want:
            passed += 1
            print(f"ok   {shown}")
        else:
            failed += 1
            print(f"FAIL {shown}\n--- expected\n{want}--- got\n{got}")
    if not found:
        failed += 1
        print("FAIL the JSON output section shows no jsonl command")
    print(f"jsonl: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Follow the README's "Embedding" section literally, as a newcomer would.

    tests/embed/readme.py            (make embed runs it)

The section marks what a reader is told to do, each mark an HTML comment
on the line before a fenced block:

  <!-- embed: source -->     shell commands typed in the source tree
  <!-- embed: file NAME -->  a file the reader saves as NAME in a folder
                             of their own (the host folder)
  <!-- embed: host -->       shell commands typed in the host folder
  <!-- embed: stdout -->     what the commands block before it prints

The source tree is copied (the files git knows, committed or not) to a
temporary folder, and HOME is another, empty one, so "$HOME/.local" is a
fresh PREFIX and nothing outside the temporary folders is touched. The
blocks run in the order they appear, in one shell session: what a block
exports, the next one sees, as in a terminal. Variables a user's shell
would not have set (PKG_CONFIG_PATH, LD_LIBRARY_PATH, LUA_CPATH,
LUA_PATH, ASSAY_SCRIPTS, make's own) are removed first, so that a step
the README leaves out makes the run fail. Exit 1 on the first block that
fails or prints something else than shown.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CLEAR = ("PKG_CONFIG_PATH", "LD_LIBRARY_PATH", "LUA_CPATH", "LUA_PATH",
         "LUA_CPATH_5_4", "LUA_PATH_5_4", "LUA_INIT", "LUA_INIT_5_4",
         "ASSAY_SCRIPTS", "MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEFILES",
         "CFLAGS", "LDFLAGS", "DESTDIR", "PREFIX")


def blocks(readme):
    """The marked blocks of the Embedding section: (line, kind, arg, text)."""
    text = open(readme, encoding="utf-8").read()
    start = text.index("\n## Embedding\n")
    end = text.index("\n## ", start + 1)
    section = text[start:end]
    first = text.count("\n", 0, start) + 1
    out = []
    pat = re.compile(r"^<!-- embed: (\w+)(?: (\S+))? -->\n```[^\n]*\n(.*?)^```",
                     re.S | re.M)
    for m in pat.finditer(section):
        line = first + section.count("\n", 0, m.start()) + 2
        out.append((line, m.group(1), m.group(2), m.group(3)))
    return out


def copy_tree(dst):
    """The source tree as git sees it (tracked and new files, without
    what .gitignore leaves out), or everything but build folders."""
    try:
        names = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others",
             "--exclude-standard"], cwd=ROOT, check=True,
            capture_output=True).stdout.decode().split("\0")
    except (OSError, subprocess.CalledProcessError):
        names = []
        for d, subs, files in os.walk(ROOT):
            subs[:] = [s for s in subs if not s.startswith(("build", "."))]
            names += [os.path.relpath(os.path.join(d, f), ROOT) for f in files]
    for n in names:
        src = os.path.join(ROOT, n)
        if not n or not os.path.isfile(src):
            continue
        os.makedirs(os.path.join(dst, os.path.dirname(n)), exist_ok=True)
        shutil.copy2(src, os.path.join(dst, n))


def main():
    marks = blocks(os.path.join(ROOT, "README.md"))
    kinds = [m[1] for m in marks]
    for need in ("source", "host", "file", "stdout"):
        if need not in kinds:
            sys.exit(f"readme: no block marked <!-- embed: {need} --> in "
                     "README.md's Embedding section")
    tmp = tempfile.mkdtemp(prefix="assay-readme-")
    try:
        src = os.path.join(tmp, "src")
        home = os.path.join(tmp, "home")
        host = os.path.join(home, "host")
        os.makedirs(host)
        copy_tree(src)
        env = {k: v for k, v in os.environ.items() if k not in CLEAR}
        env["HOME"] = home
        session = os.path.join(tmp, "session.sh")   # the exports so far
        open(session, "w").close()
        last = None
        for line, kind, arg, text in marks:
            where = f"README.md:{line}"
            if kind == "file":
                with open(os.path.join(host, arg), "w") as f:
                    f.write(text)
                print(f"ok   {where}: saved {arg}")
                continue
            if kind == "stdout":
                if last is None:
                    sys.exit(f"readme: {where}: output shown after no commands")
                if last != text:
                    sys.exit(f"readme: {where}: the commands printed\n{last}"
                             f"instead of\n{text}")
                print(f"ok   {where}: printed what the README shows")
                last = None
                continue
            if kind not in ("source", "host"):
                sys.exit(f"readme: {where}: unknown mark 'embed: {kind}'")
            script = (f". {session}\ncd {src if kind == 'source' else host}\n"
                      f"set -e\n{text}\nexport -p > {session}.new\n")
            r = subprocess.run(["bash", "-c", script], env=env,
                               capture_output=True, text=True, timeout=600)
            if r.returncode != 0:
                sys.exit(f"readme: {where}: these commands failed (exit "
                         f"{r.returncode}):\n{text}\nstdout:\n{r.stdout[-3000:]}"
                         f"\nstderr:\n{r.stderr[-3000:]}")
            os.replace(session + ".new", session)
            last = r.stdout
            print(f"ok   {where}: {text.strip().splitlines()[-1]}")
        print("ok   the README's embedding steps work as written")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

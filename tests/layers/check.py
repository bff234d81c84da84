#!/usr/bin/env python3
"""The library's objects depend on each other in one direction, and every
global it defines carries its prefix.

    tests/layers/check.py OBJECT...
    tests/layers/check.py --self-test


From `nm` on each object file: object A depends on object B when A uses a
symbol B defines. The graph must have no cycle (a cycle is printed with the
symbols that make each edge). Every global symbol defined must start with
`assay_` or `luaopen_assay` (the public API) or `ay_`/`AY_` (the library's
own), so that nothing in libassay.a can clash with a host's names.
Prints the layers, lowest first: each object after every object it uses.
--self-test compiles two small objects that use each other, one of them
with a bare global, and checks that both faults are found.
"""
import os
import subprocess
import sys
import tempfile

PREFIXES = ("assay_", "luaopen_assay", "ay_", "AY_")


def symbols(path):
    out = subprocess.run(["nm", "-P", path], capture_output=True, text=True,
                         check=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        name, kind = parts[0], parts[1]
        if kind == "U":
            used.add(name)
        elif kind.isupper():
            defined.add(name)
    return defined, used


def main(objs):
    names = {o: os.path.basename(o)[:-2] for o in objs}
    defs, uses, owner = {}, {}, {}
    bad = []
    for o in objs:
        d, u = symbols(o)
        defs[o], uses[o] = d, u
        for s in d:
            owner[s] = o
            if not s.startswith(PREFIXES):
                bad.append("%s defines the unprefixed global '%s'"
                           % (names[o], s))
    edges = {o: {} for o in objs}
    for o in objs:
        for s in uses[o]:
            t = owner.get(s)
            if t and t != o:
                edges[o].setdefault(t, []).append(s)
    # Tarjan's strongly connected components
    index, low, stack, on, sccs = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            sccs.append(comp)

    sys.setrecursionlimit(10000)
    for v in objs:
        if v not in index:
            visit(v)
    for comp in sccs:
        if len(comp) > 1:
            members = set(comp)
            lines = []
            for a in sorted(comp, key=names.get):
                for b, syms in sorted(edges[a].items(), key=lambda x: names[x[0]]):
                    if b in members:
                        lines.append("  %s -> %s (%s)" % (names[a], names[b],
                                                         ", ".join(sorted(syms)[:4])))
            bad.append("a cycle among %s:\n%s" % (
                " ".join(sorted(names[c] for c in comp)), "\n".join(lines)))
    for b in bad:
        print("FAIL " + b)
    if not any(b.startswith("a cycle") for b in bad):
        # layers: longest path from the bottom
        level = {}

        def depth(v):
            if v not in level:
                level[v] = 1 + max((depth(w) for w in edges[v]), default=-1)
            return level[v]
        for v in objs:
            depth(v)
        for lv in range(max(level.values()) + 1):
            print("layer %d: %s" % (lv, " ".join(sorted(
                names[v] for v in objs if level[v] == lv))))
    print("layers: %d objects, %s" % (
        len(objs), "%d problems" % len(bad) if bad else "one direction, "
        "every global prefixed"))
    return 1 if bad else 0


def self_test():
    sources = {"a": "int ay_a(void);\nint ay_b(void);\n"
                    "int ay_a(void) { return ay_b(); }\n",
               "b": "int ay_a(void);\nint helper(void) { return 1; }\n"
                    "int ay_b(void) { return ay_a() + helper(); }\n"}
    with tempfile.TemporaryDirectory() as d:
        objs = []
        for name, text in sources.items():
            c, o = os.path.join(d, name + ".c"), os.path.join(d, name + ".o")
            with open(c, "w") as f:
                f.write(text)
            subprocess.run(["cc", "-c", c, "-o", o], check=True)
            objs.append(o)
        out = subprocess.run([sys.executable, __file__] + objs,
                             capture_output=True, text=True)
    want = ["FAIL b defines the unprefixed global 'helper'",
            "FAIL a cycle among a b:", "  a -> b (ay_b)", "  b -> a (ay_a)"]
    missing = [w for w in want if w not in out.stdout.splitlines()]
    if out.returncode != 1 or missing:
        print("FAIL the check missed a planted fault: %s\n%s"
              % (missing or "exit %d" % out.returncode, out.stdout))
        return 1
    print("ok   the check finds a planted cycle and a bare global")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    sys.exit(main(sys.argv[1:]))

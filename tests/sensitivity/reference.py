#!/usr/bin/env python3
"""reference.py -- assay sensitivity's Monte Carlo, worked out again.

    python3 tests/sensitivity/reference.py ASSAY

Written from what the README and cli_sens.c's comments say the Monte
Carlo does, not from its code: a generator (xoshiro256**, its state the
first four outputs of SplitMix64 from the seed), uniforms in (0, 1) from
the top 53 bits plus a half, normals by Box and Muller (the cosine one of
the pair), gamma deviates by Marsaglia and Tsang (shape below 1 raised by
one, then scaled by U^(1/shape)), weightings from a Dirichlet with
alpha_i = c w_i / T scaled back to the total T (weight-0 criteria stay
0), drawn sample by sample and criterion by criterion. Each weighting is
aggregated here as the script below says (a weighted mean over the
scored criteria, verdicts by the first rule that holds), and the figures
assay reports are made from the scores: minimum, 5 %, 50 %, 95 %
(linear between order statistics), maximum; the share of each verdict;
the share of samples in which a project holds rank 1 to 10 (ties: the
earlier project first), the rest together.

It writes a portfolio of 13 projects (so that ranks beyond 10 happen)
and a script with a weight-0 criterion, weights that do not add to 1, a
criterion some projects cannot be scored on and a coverage rule, runs
`assay sensitivity -f json` on them with two seeds and concentrations
(one small enough that every shape is below 1) and compares: scores to
1e-12, shares exactly.
"""
import json
import math
import os
import subprocess
import sys
import tempfile

M64 = (1 << 64) - 1

# ---- The generator ----


class SplitMix64:
    def __init__(self, seed):
        self.x = seed & M64

    def next(self):
        self.x = (self.x + 0x9E3779B97F4A7C15) & M64
        z = self.x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)


def rol(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class Xoshiro256ss:
    def __init__(self, seed):
        sm = SplitMix64(seed)
        self.s = [sm.next() for _ in range(4)]

    def next(self):
        s0, s1, s2, s3 = self.s
        out = (rol((s1 * 5) & M64, 7) * 9) & M64
        t = (s1 << 17) & M64
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rol(s3, 45)
        self.s = [s0, s1, s2, s3]
        return out

    def uniform(self):
        """In (0, 1): 53 bits and a half, so never 0 nor 1."""
        return ((self.next() >> 11) + 0.5) / 2.0 ** 53

    def normal(self):
        u1 = self.uniform()
        u2 = self.uniform()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2 * math.pi * u2)

    def gamma(self, a):
        if a < 1:
            g = self.gamma(a + 1)
            return g * self.uniform() ** (1.0 / a)
        d = a - 1.0 / 3
        c = 1.0 / math.sqrt(9 * d)
        while True:
            x = self.normal()
            v = 1 + c * x
            if v <= 0:
                continue
            v = v ** 3
            u = self.uniform()
            if math.log(u) < x * x / 2 + d - d * v + d * math.log(v):
                return d * v


def weightings(w, n, conc, seed):
    g = Xoshiro256ss(seed)
    total = sum(w)
    rows = []
    for _ in range(n):
        row = [g.gamma(conc * wi / total) if wi > 0 else 0.0 for wi in w]
        s = sum(row)
        rows.append([x / s * total for x in row])
    return rows

# ---- The script, in Python ----


CRITERIA = [("a", 3.0, "A"), ("b", 2.0, "B"), ("c", 1.0, "C"),
            ("z", 0.0, "Z"), ("e", 0.5, "E")]
RULES = [("thin", "coverage_below", 0.8), ("strong", "at_least", 0.7),
         ("fair", "at_least", 0.45), ("weak", None, None)]

SCRIPT = """-- The script tests/sensitivity/reference.py works out again.
for _, c in ipairs({ { "a", 3, "A" }, { "b", 2, "B" }, { "c", 1, "C" },
                     { "z", 0, "Z" }, { "e", 0.5, "E" } }) do
  criterion { id = c[1], weight = c[2],
              evaluate = function(p) return p:value(c[3]) end }
end
weighting {
  verdicts = { { "thin", coverage_below = 0.8 }, { "strong", at_least = 0.7 },
               { "fair", at_least = 0.45 }, { "weak" } },
}
"""


def projects():
    """13 projects, scores from a fixed pattern; C missing for two, A
    for one (so that coverage moves with the weights)."""
    out = []
    for k in range(13):
        v = {"A": (k * 37 % 101) / 100, "B": (k * 53 % 97) / 96,
             "C": (k * 29 % 89) / 88, "Z": (k * 11 % 7) / 6,
             "E": (k * 17 % 13) / 12}
        if k in (3, 8):
            del v["C"]
        if k == 5:
            del v["A"]
        out.append(("p%02d" % k, v))
    # two projects alike, so that ties are ranked in the cases' order
    out[11] = ("p11", dict(out[2][1]))
    return out


def cases_yaml(ps):
    docs = []
    for pid, v in ps:
        ind = ", ".join(f"{k}: {{ value: {x!r}, unit: ratio }}"
                        for k, x in v.items())
        docs.append(f"---\nid: {pid}\nname: {pid.upper()}\n"
                    f"indicators: {{ {ind} }}\n")
    return "".join(docs)


def weigh(values, w):
    """Score (or None), verdict label (or None) under weights w."""
    total = scored = acc = 0.0
    for (_, _, key), wi in zip(CRITERIA, w):
        total += wi
        if key in values:
            scored += wi
            acc += wi * values[key]
    coverage = scored / total if total > 0 else 0.0
    score = acc / scored if scored > 0 else None
    for label, kind, x in RULES:
        if kind is None:
            return score, label
        if kind == "coverage_below" and coverage < x:
            return score, label
        if kind == "at_least" and score is not None and score >= x:
            return score, label
    return score, None


def quantile(xs, p):
    h = (len(xs) - 1) * p
    lo = math.floor(h)
    if lo + 1 >= len(xs):
        return xs[-1]
    return xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo])


def expected(ps, n, conc, seed):
    rows = weightings([c[1] for c in CRITERIA], n, conc, seed)
    per = {pid: [weigh(v, row) for row in rows] for pid, v in ps}
    ranks = {pid: [0] * 10 for pid, _ in ps}
    for m in range(n):
        scored = [(per[pid][m][0], i, pid) for i, (pid, _) in enumerate(ps)
                  if per[pid][m][0] is not None]
        scored.sort(key=lambda t: (-t[0], t[1]))
        for r, (_, _, pid) in enumerate(scored[:10]):
            ranks[pid][r] += 1
    out = {}
    for pid, v in ps:
        xs = sorted(s for s, _ in per[pid] if s is not None)
        labels = [lab for _, lab in per[pid]]
        shares = {lab: labels.count(lab) / n
                  for lab in ("strong", "fair", "weak", "thin")}
        if None in labels:
            shares["(none)"] = labels.count(None) / n
        base = weigh(v, [c[1] for c in CRITERIA])
        out[pid] = {
            "score": base[0], "verdict": base[1],
            "scores": [xs[0], quantile(xs, 0.05), quantile(xs, 0.5),
                       quantile(xs, 0.95), xs[-1]] if xs else [None] * 5,
            "verdicts": shares,
            "ranks": [k / n for k in ranks[pid]],
            "rank_below": (n - sum(ranks[pid])) / n,
        }
    return out

# ---- The comparison ----


def close(a, b):
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-12


def check(assay, d, ps, n, conc, seed):
    p = subprocess.run([assay, "sensitivity", "-s", os.path.join(d, "s.lua"),
                        "-f", "json", "--samples", str(n), "--seed", str(seed),
                        "--concentration", repr(conc),
                        os.path.join(d, "cases.yaml")],
                       capture_output=True, text=True)
    if p.returncode != 0:
        return [f"assay exited {p.returncode}: {p.stderr[:300]}"]
    got = json.loads(p.stdout)
    want = expected(ps, n, conc, seed)
    bad = []
    mc = got["monte_carlo"]
    if (mc["samples"], mc["seed"], mc["concentration"], mc["ranks"]) != \
            (n, seed, conc, 10):
        bad.append(f"monte_carlo header {mc}")
    if [q["id"] for q in got["projects"]] != [pid for pid, _ in ps]:
        bad.append("projects not in the cases' order")
    for q in got["projects"]:
        pid, w = q["id"], want.get(q["id"])
        if w is None:
            continue
        if not close(q["score"], w["score"]) or q["verdict"] != w["verdict"]:
            bad.append(f"{pid}: base {q['score']} {q['verdict']}, "
                       f"expected {w['score']} {w['verdict']}")
        qs = [q["scores"][k] for k in ("min", "p05", "p50", "p95", "max")]
        if not all(close(a, b) for a, b in zip(qs, w["scores"])):
            bad.append(f"{pid}: scores {qs}, expected {w['scores']}")
        want_v = {k: x for k, x in w["verdicts"].items()}
        if q["verdicts"] != want_v:
            bad.append(f"{pid}: verdicts {q['verdicts']}, expected {want_v}")
        if q["ranks"] != w["ranks"] or q["rank_below"] != w["rank_below"]:
            bad.append(f"{pid}: ranks {q['ranks']} + {q['rank_below']}, "
                       f"expected {w['ranks']} + {w['rank_below']}")
    return bad


def self_test():
    """Published first outputs: SplitMix64 from 0 (Vigna's splitmix64.c)
    and xoshiro256** from state 1, 2, 3, 4 (its reference code)."""
    sm = SplitMix64(0)
    assert sm.next() == 0xE220A8397B1DCDAF, "splitmix64"
    g = Xoshiro256ss(0)
    g.s = [1, 2, 3, 4]
    assert [g.next() for _ in range(3)] == [11520, 0, 1509978240], "xoshiro"
    # the Dirichlet rows keep the total and the zero weight
    for row in weightings([c[1] for c in CRITERIA], 50, 0.5, 7):
        assert abs(sum(row) - 6.5) < 1e-12 and row[3] == 0


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    self_test()
    assay = sys.argv[1]
    ps = projects()
    bad = []
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "s.lua"), "w") as f:
            f.write(SCRIPT)
        with open(os.path.join(d, "cases.yaml"), "w") as f:
            f.write(cases_yaml(ps))
        for n, conc, seed in ((400, 100.0, 1), (300, 0.5,
                                                 12345678901234567890)):
            for b in check(assay, d, ps, n, conc, seed):
                bad.append(f"samples {n}, concentration {conc}, "
                           f"seed {seed}: {b}")
    for b in bad[:20]:
        print("sensitivity:", b)
    if bad:
        sys.exit(f"sensitivity: {len(bad)} figures differ from the reference")
    print("sensitivity: Monte Carlo figures match the reference "
          f"({len(ps)} projects, two seeds)")


if __name__ == "__main__":
    main()

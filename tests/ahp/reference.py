#!/usr/bin/env python3
"""An independent reference for the AHP weights and for `ahp-panel`.

    tests/ahp/reference.py                 the panel matrix's figures
    tests/ahp/reference.py REPORT.json     and the scores and verdicts
                                           from a report's criterion scores

Written without assay's code and by another method than its power
iteration: lambda_max is the largest real root of the characteristic
polynomial (Faddeev-LeVerrier coefficients, root by bisection), and the
weights the null vector of A - lambda_max I (Gaussian elimination),
normalised to sum 1. CI = (lambda_max - n) / (n - 1), CR = CI / RI(n)
with Saaty's random index (0.90 for n = 4). The judgement furthest from
the weights is the i < j maximising max(e, 1/e), e = a_ij w_j / w_i.

Given a JSON report (`assay run -f json`) of the bundled cases under any
script declaring the four features, it recomputes each project's score as
the weighted mean of its scored features under the panel weights, the
coverage, and the verdict by the rules of scripts/features.lua, by hand.
The expectations of tests/golden/ahp_panel_* were written from its output.
"""
import json
import re
import sys
from fractions import Fraction as F

NAMES = ["capability", "demand", "groups", "incentives"]
# The panel's judgements (upper triangle), as argued in scripts/ahp-panel.lua.
UPPER = {(0, 1): 2, (0, 2): 5, (0, 3): 2,
         (1, 2): 3, (1, 3): 1,
         (2, 3): F(1, 3)}
RI = {3: 0.58, 4: 0.90, 5: 1.12}


def matrix(upper, n):
    a = [[F(1)] * n for _ in range(n)]
    for (i, j), v in upper.items():
        a[i][j] = F(v)
        a[j][i] = 1 / F(v)
    return a


def charpoly(a):
    """Coefficients c[0..n] of det(lambda I - A) = sum c[k] lambda^(n-k)."""
    n = len(a)
    c = [F(1)]
    m = [[F(0)] * n for _ in range(n)]
    for k in range(1, n + 1):
        # M_k = A M_{k-1} + c_{k-1} I ; c_k = -tr(A M_k) / k
        m = [[sum(a[i][t] * m[t][j] for t in range(n)) +
              (c[k - 1] if i == j else 0) for j in range(n)] for i in range(n)]
        am = [[sum(a[i][t] * m[t][j] for t in range(n)) for j in range(n)]
              for i in range(n)]
        c.append(-sum(am[i][i] for i in range(n)) / k)
    return [float(x) for x in c]


def largest_root(c, lo, hi):
    def p(x):
        return sum(ck * x ** (len(c) - 1 - k) for k, ck in enumerate(c))
    # p > 0 past the largest root (monic); step down from hi to bracket it
    x = hi
    step = (hi - lo) / 100000
    while x > lo and p(x) > 0:
        x -= step
    a, b = x, x + step
    for _ in range(200):
        mid = (a + b) / 2
        if p(mid) > 0:
            b = mid
        else:
            a = mid
    return (a + b) / 2


def null_vector(a, lam):
    n = len(a)
    m = [[float(a[i][j]) - (lam if i == j else 0) for j in range(n)]
         for i in range(n)]
    # w[n-1] = 1; solve the first n-1 rows for the rest
    rows = [m[i][:n - 1] + [-m[i][n - 1]] for i in range(n - 1)]
    for col in range(n - 1):
        piv = max(range(col, n - 1), key=lambda r: abs(rows[r][col]))
        rows[col], rows[piv] = rows[piv], rows[col]
        for r in range(n - 1):
            if r != col:
                f = rows[r][col] / rows[col][col]
                rows[r] = [x - f * y for x, y in zip(rows[r], rows[col])]
    w = [rows[i][n - 1] / rows[i][i] for i in range(n - 1)] + [1.0]
    s = sum(w)
    return [x / s for x in w]


def ahp(upper, n):
    a = matrix(upper, n)
    lam = largest_root(charpoly(a), n - 1e-9, n * 10.0)
    w = null_vector(a, lam)
    ci = (lam - n) / (n - 1)
    cr = ci / RI[n]
    worst = max(((i, j) for i in range(n) for j in range(i + 1, n)),
                key=lambda ij: max(float(a[ij[0]][ij[1]]) * w[ij[1]] / w[ij[0]],
                                   w[ij[0]] / (float(a[ij[0]][ij[1]]) * w[ij[1]])))
    return w, lam, ci, cr, worst


def verdict(proj, crit, score, coverage):
    core = ["capability", "demand", "incentives"]
    if proj.get("_out_of_scope"):
        return "out_of_scope"
    if coverage < 0.5 - 1e-9:
        return "insufficient_evidence"
    if any(crit[c]["status"] != "scored" for c in core):
        return "insufficient_evidence"
    if score >= 0.75 - 1e-9 and all(crit[c]["label"] != "absent" for c in core):
        return "strong"
    if score >= 0.5 - 1e-9:
        return "partial"
    return "weak"


def main():
    w, lam, ci, cr, worst = ahp(UPPER, 4)
    print("panel weights:", ", ".join(f"{n} {x!r}" for n, x in zip(NAMES, w)))
    print(f"lambda_max {lam!r}  CI {ci!r}  CR {cr!r}")
    print(f"furthest judgement: {NAMES[worst[0]]} over {NAMES[worst[1]]}")
    if len(sys.argv) < 2:
        return
    weights = dict(zip(NAMES, w))
    report = json.load(open(sys.argv[1]))
    for p in report["projects"]:
        crit = {c["id"]: c for c in p["criteria"] if c["id"] in weights}
        scored = [c for c in crit.values() if c["status"] == "scored"]
        cov = sum(weights[c["id"]] for c in scored)
        score = (sum(weights[c["id"]] * c["score"] for c in scored) / cov
                 if cov > 0 else None)
        # out of scope is read from the case file, not from the report
        case = open(p["file"], encoding="utf-8").read()
        p["_out_of_scope"] = re.search(
            r"\bbeneficiary_is_producer:\s*false\b", case) is not None
        v = verdict(p, crit, score, cov)
        print(f"{p['id']}: score {score!r} coverage {cov!r} verdict {v}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""gen.py -- a deterministic synthetic portfolio in the case-file schema.

    python3 tests/bench/gen.py --projects 20000 --seed 1 -o portfolio.yaml

One YAML document per project (docs/cases.md): id, name, country, sector, a
target group, one source, and the sixteen codebook indicators the stock
script success-features reads (CAP1-4, DEM1-4, GRP1-4, INC1-4), each with
value, unit, evidence, source, locator and confidence. The same size and
seed always give the same bytes; nothing depends on the host.
"""
import argparse
import random
import sys

FEATURES = ("CAP", "DEM", "GRP", "INC")
COUNTRIES = ("BR", "KE", "SG", "TZ", "IN", "GH", "PE", "NO", "BD", "VN")
SECTORS = ("woodworking", "metalworking", "textiles", "food processing",
           "leather", "ceramics", "farm equipment", "electronics")
# Ordinal values, weighted so every verdict occurs, not_stated included.
VALUES = ("present",) * 4 + ("partial",) * 3 + ("absent",) * 2 + \
         ("not_stated",)
CONFIDENCES = ("high", "medium", "low")
WORDS = ("producers", "workshops", "cluster", "buyers", "training", "design",
         "procurement", "association", "subsidy", "market", "demand",
         "technology", "learning", "quality", "tools", "customers",
         "suppliers", "credit", "extension", "prototype", "standards")


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    return "The project " + " ".join(words) + "."


def project(rng, i):
    out = []
    w = out.append
    w("---\n")
    w("id: p%06d\n" % i)
    w('name: "Synthetic project %d"\n' % i)
    w("country: %s\n" % rng.choice(COUNTRIES))
    w("sector: [%s]\n" % ", ".join(rng.sample(SECTORS, rng.randint(1, 3))))
    w("target_group: { beneficiary_is_producer: %s, clustered: %s }\n" % (
        "true" if rng.random() < 0.95 else "false",
        "true" if rng.random() < 0.5 else "false"))
    w("sources:\n")
    w('  - { id: review, citation: "Synthetic review, case %d" }\n' % i)
    w("indicators:\n")
    for f in FEATURES:
        for k in range(1, 5):
            value = rng.choice(VALUES)
            w("  %s%d:\n" % (f, k))
            w("    value: %s\n" % value)
            w("    unit: ordinal\n")
            w('    evidence: "%s"\n' % sentence(rng))
            w("    source: review\n")
            w('    locator: "s%d.%d"\n' % (rng.randint(2, 5), rng.randint(1, 9)))
            w("    confidence: %s\n" % rng.choice(CONFIDENCES))
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", default="-")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = sys.stdout if a.output == "-" else open(a.output + ".tmp", "w")
    for i in range(a.projects):
        out.write(project(rng, i))
    if out is not sys.stdout:
        out.close()
        import os
        os.replace(a.output + ".tmp", a.output)


if __name__ == "__main__":
    main()

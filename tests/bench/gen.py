#!/usr/bin/env python3
"""gen.py -- a deterministic synthetic portfolio in the case-file schema.

    python3 tests/bench/gen.py --projects 20000 --seed 1 -o portfolio.yaml
    python3 tests/bench/gen.py --shape wide --projects 6000 -o wide.yaml

One YAML document per project (docs/cases.md). The default shape: id,
name, country, sector, a target group, one source, and the sixteen codebook
indicators the stock script success-features reads (CAP1-4, DEM1-4,
GRP1-4, INC1-4), each with value, unit, evidence (one sentence), source,
locator and confidence.

--shape wide is the second shape `make bench` measures: more indicators
per project, longer evidence, fewer fields. Each project has id, name, a
target group and one source (no country, no sector), and 32 indicators:
the sixteen above, the flags F1-F10 that early-pitfalls reads and six
that no stock script reads (X1-X6), each with value, evidence (two to four
sentences) and source only. The options after --shape change one trait of
either shape.

The same options, size and seed always give the same bytes; nothing
depends on the host.
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


# The two shapes: which indicators (besides the sixteen of FEATURES), how
# many sentences of evidence, and whether the fields a script never needs
# are written (country and sector; an indicator's unit, locator and
# confidence).
SHAPES = {
    "default": dict(flags=False, extra=0, sentences=(1, 1), lean=False),
    "wide": dict(flags=True, extra=6, sentences=(2, 4), lean=True),
}


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    return "The project " + " ".join(words) + "."


def evidence(rng, sentences):
    lo, hi = sentences
    # one sentence draws nothing more, so the default shape's bytes stay
    n = lo if lo == hi else rng.randint(lo, hi)
    return " ".join(sentence(rng) for _ in range(n))


def indicator_ids(shape):
    ids = ["%s%d" % (f, k) for f in FEATURES for k in range(1, 5)]
    if shape["flags"]:
        ids += ["F%d" % k for k in range(1, 11)]
    ids += ["X%d" % k for k in range(1, shape["extra"] + 1)]
    return ids


def project(rng, i, shape):
    out = []
    w = out.append
    w("---\n")
    w("id: p%06d\n" % i)
    w('name: "Synthetic project %d"\n' % i)
    if not shape["lean"]:
        w("country: %s\n" % rng.choice(COUNTRIES))
        w("sector: [%s]\n" % ", ".join(rng.sample(SECTORS,
                                                  rng.randint(1, 3))))
    w("target_group: { beneficiary_is_producer: %s, clustered: %s }\n" % (
        "true" if rng.random() < 0.95 else "false",
        "true" if rng.random() < 0.5 else "false"))
    w("sources:\n")
    w('  - { id: review, citation: "Synthetic review, case %d" }\n' % i)
    w("indicators:\n")
    for key in indicator_ids(shape):
        value = rng.choice(VALUES)
        w("  %s:\n" % key)
        w("    value: %s\n" % value)
        if not shape["lean"]:
            w("    unit: ordinal\n")
        w('    evidence: "%s"\n' % evidence(rng, shape["sentences"]))
        w("    source: review\n")
        if not shape["lean"]:
            w('    locator: "s%d.%d"\n' % (rng.randint(2, 5),
                                           rng.randint(1, 9)))
            w("    confidence: %s\n" % rng.choice(CONFIDENCES))
    return "".join(out)


def sentences_arg(text):
    lo, _, hi = text.partition("-")
    lo, hi = int(lo), int(hi or lo)
    if not 1 <= lo <= hi:
        raise argparse.ArgumentTypeError("N or LO-HI, 1 <= LO <= HI")
    return lo, hi


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", default="-")
    ap.add_argument("--shape", choices=sorted(SHAPES), default="default")
    ap.add_argument("--flags", action=argparse.BooleanOptionalAction,
                    help="write the flags F1-F10 too")
    ap.add_argument("--extra", type=int, metavar="N",
                    help="N indicators no stock script reads (X1...)")
    ap.add_argument("--sentences", type=sentences_arg, metavar="LO-HI",
                    help="sentences of evidence per indicator")
    ap.add_argument("--lean", action=argparse.BooleanOptionalAction,
                    help="leave out country, sector, unit, locator and "
                         "confidence")
    a = ap.parse_args()
    shape = dict(SHAPES[a.shape])
    for k in ("flags", "extra", "sentences", "lean"):
        if getattr(a, k) is not None:
            shape[k] = getattr(a, k)
    rng = random.Random(a.seed)
    out = sys.stdout if a.output == "-" else open(a.output + ".tmp", "w")
    for i in range(a.projects):
        out.write(project(rng, i, shape))
    if out is not sys.stdout:
        out.close()
        import os
        os.replace(a.output + ".tmp", a.output)


if __name__ == "__main__":
    main()

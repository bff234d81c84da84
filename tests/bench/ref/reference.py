#!/usr/bin/env python3
"""reference.py -- the stock script success-features, re-derived in Python.

    python3 tests/bench/ref/reference.py FILE...

A reference for `make bench` (README "Performance"): it reads case files with PyYAML's
C loader and scores every project as scripts/success-features.lua does
under assay, printing one JSON line per project as it is read:

    {"id": ..., "score": <number or null>, "coverage": ..., "verdict": ...}

Nothing here calls Lua: the scale, weights, rules and arithmetic are ported
by hand from scripts/success-features.lua, scripts/stock.lua (mean_ordinal,
BANDS), scripts/pitfalls.lua and core/eval.c (weighted_mean, coverage,
rule slack), in the same order of operations, so scores agree to the bit.
Input is assumed valid (assay's loader checks are not repeated).
"""
import json
import re
import sys

try:
    import yaml
    from yaml import CSafeLoader
except ImportError:
    sys.exit("reference.py: needs PyYAML built with libyaml (yaml.CSafeLoader);"
             " on Debian: apt-get install python3-yaml")


# assay reads YAML 1.2 core scalars: only true/false (any case variant
# True, TRUE...) are booleans, while PyYAML (1.1) also takes yes/no/on/off.
# It matters where a boolean is scored: `beneficiary_is_producer: no` is
# not out of scope under assay. So booleans are resolved the 1.2 way.
class Loader(CSafeLoader):
    pass


Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in rs if tag != "tag:yaml.org,2002:bool"]
    for ch, rs in CSafeLoader.yaml_implicit_resolvers.items()}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool",
                             re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                             list("tTfF"))

SLACK = 1e-9  # core/eval.c: at_least and coverage_below allow this rounding

# stock.lua: the ordinal scale (booleans read as present / absent).
SCALE = {"present": 1, "partial": 0.5, "absent": 0}

# success-features.lua: the features in script order, their weights, and
# the weights of their indicators (default 1).
FEATURES = [
    ("capability", 0.35, [("CAP1", 1), ("CAP2", 1), ("CAP3", 1), ("CAP4", 1)]),
    ("demand", 0.25, [("DEM1", 1), ("DEM2", 1), ("DEM3", 1), ("DEM4", 0.5)]),
    ("groups", 0.15, [("GRP1", 1), ("GRP2", 0.5), ("GRP3", 1), ("GRP4", 1)]),
    ("incentives", 0.25, [("INC1", 1), ("INC2", 1.5), ("INC3", 1.5), ("INC4", 1)]),
]
CORE = ("capability", "demand", "incentives")
# pitfalls.lua declares F1..F10 after the features, with weight 0 here. A
# flag not stated is not_assessable; stated, it scores 1 - flag. Either
# way it adds w * score = 0 to the sum and w = 0 to both the scored and the
# total weight, and no verdict rule reads it, so it changes nothing below
# and is left out (an off-scale F value would make it `error`: same).


class BadValue(Exception):
    """stock.lua's read() raises on a stated value off the scale: the
    criterion's status becomes `error`."""


def read(indicators, ind_id):
    """stock.lua read(): ('stated', x), ('not_applicable',) or ('not_stated',)."""
    ind = indicators.get(ind_id)
    v = ind.get("value") if isinstance(ind, dict) else ind  # bare shorthand
    if ind is None or v in ("not_stated", "not_applicable"):
        return ("not_applicable",) if v == "not_applicable" else ("not_stated",)
    if v is True or v is False:
        return "stated", 1 if v else 0
    if isinstance(v, str) and v in SCALE:
        return "stated", SCALE[v]
    raise BadValue(ind_id)  # numbers, other words


def mean_ordinal(indicators, ids):
    """stock.mean_ordinal(p, ids, {weights, min_stated = 1}) -> score or None."""
    total = wsum = 0
    nstated = 0
    for ind_id, w in ids:
        r = read(indicators, ind_id)
        if r[0] == "stated":
            nstated += 1
            total, wsum = total + w * r[1], wsum + w
    if nstated < 1 or wsum <= 0:
        return None  # not_assessable: "none ... is stated"
    return total / wsum


def band(score):
    """stock.BANDS: present >= 0.75, partial >= 0.25, else absent."""
    if score >= 0.75 - SLACK:
        return "present"
    return "partial" if score >= 0.25 - SLACK else "absent"


def evaluate(doc):
    indicators = doc.get("indicators")
    if not isinstance(indicators, dict):
        indicators = {}
    status, label = {}, {}
    total = scored_w = wsum = 0.0
    for fid, weight, ids in FEATURES:
        total += weight
        try:
            s = mean_ordinal(indicators, ids)
            status[fid] = "not_assessable" if s is None else "scored"
        except BadValue:
            s, status[fid] = None, "error"
        if s is not None:
            label[fid] = band(s)
            scored_w += weight
            wsum += weight * s
    # core/eval.c aggregate(): weighted_mean over scored criteria, capped at 1
    score = min(wsum / scored_w, 1) if scored_w > 0 else None
    coverage = scored_w / total if total > 0 else 0
    return score, coverage, verdict(doc, score, coverage, status, label)


def verdict(doc, score, coverage, status, label):
    """success-features.lua's verdicts; the first rule that holds wins."""
    tg = doc.get("target_group")
    if isinstance(tg, dict) and tg.get("beneficiary_is_producer") is False:
        return "out_of_scope"  # only an explicit false (not 0, not missing)
    if coverage < 0.5 - SLACK:
        return "insufficient_evidence"
    if any(status[c] != "scored" for c in CORE):  # core_feature_unknown
        return "insufficient_evidence"
    at_least = lambda x: score is not None and score >= x - SLACK
    # core_features_shown: every core feature scored and not labelled absent
    if at_least(0.75) and all(label[c] != "absent" for c in CORE):
        return "strong"
    return "partial" if at_least(0.5) else "weak"


def main(paths):
    if not paths:
        print("usage: reference.py FILE...", file=sys.stderr)
        sys.exit(2)
    out = sys.stdout
    for path in paths:
        with open(path, "rb") as f:
            for doc in yaml.load_all(f, Loader=Loader):  # lazily, one by one
                if not isinstance(doc, dict):
                    continue  # an empty document (comments only)
                score, coverage, v = evaluate(doc)
                out.write(json.dumps({"id": str(doc["id"]), "score": score,
                                      "coverage": coverage, "verdict": v}) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])

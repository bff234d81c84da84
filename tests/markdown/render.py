#!/usr/bin/env python3
"""The Markdown report as a viewer renders it.

Each report is rendered by cmark-gfm, GitHub's CommonMark implementation
(Debian's cmark-gfm; make deps installs it), with the extensions GitHub
turns on for a document (tables, autolinks, strikethrough) and with raw
HTML passed through, as GitHub does before it cleans the page, so that
any HTML a case or a script smuggled in would show. The syntax tree
(cmark-gfm -t xml) is then checked against the JSON report of the same
run and against the inputs:

- the only raw HTML is the report's own anchors, <a id="..."> and </a>,
  one per project, each id unique; the HTML page holds no element but
  those Markdown makes (no script, img, b, i, ...);
- one heading of level 1; the level 2 headings Portfolio, Projects and,
  with load errors, Load errors; a level 3 heading per group of weight 0
  and per project, the project's holding its anchor and reading
  "id: name" as a terminal shows the name;
- the portfolio table has a header and a row per project, with rank,
  project, verdict, score, coverage and a cell per weighted criterion;
  each group of weight 0 has a table of rank, project and its criteria;
  each project has a table with a row per criterion and seven cells; the
  cells read as the inputs wrote the texts;
- every link of a portfolio table leads to an anchor, and the sections
  come in the order of the table's rows;
- a quote per quoted piece of evidence, reading as the case wrote it.

Besides the bundled cases and the hostile case of tests/golden, a case
file is made here with a project for each of some fifty strings that
mean something to Markdown or HTML, each used as a name, a note, a
quote, a locator and an indicator's note.

`assay rank -f markdown` is rendered the same way and checked against
`rank -f json` of the same run: no raw HTML at all; the headings
Portfolio ranking, Criteria, Ranking and Unranked; a criteria table
with a row per criterion ranked on (id, weight, share, and q and p for
the linear function); a ranking table with a row per ranked project
(rank, id, name, the method's three figures to four places, score to
three, score rank, verdict) and an unranked table with a row per other
project (id, name, score, verdict, reason), every text as written: on
the bundled cases under each method, the hostile rank case of
tests/golden and the fifty strings as names.

`assay compare --all -f markdown` is rendered too and checked against
`compare -f json` of the same run: no raw HTML; the headings Script
comparison, Summary, Script changes and Projects, and a level 3 heading
per project whose criteria moved; a projects table with a row per
project (id, name, score, verdict and rank, "old → new" where they
differ) and, per heading, a table with a row per criterion that moved
(id and what changed): on the inputs of two compare tests, the hostile
rank case against itself with a weight changed, and the fifty strings
as names.

usage: render.py ASSAY
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
NS = "{http://commonmark.org/xml/1.0}"
CMARK = ["cmark-gfm", "--unsafe", "-e", "table", "-e", "autolink",
         "-e", "strikethrough"]
ANCHOR_RE = re.compile(r'^<a id="(project-[a-z0-9_-]+)">$')

# Strings that mean something to Markdown, GitHub's extensions or HTML.
NASTY = [
    "# heading", "## two", "> quote", "- item", "+ item", "* item",
    "1. ordered", "1) ordered", "    code", "***", "---", "===", "___",
    "<div>block</div>", "<!-- comment -->", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "&amp;", "&#65;", "&lt;b&gt;",
    "[ref]: /url", "[text](http://e.com)", "![img](x.png)", "`code`",
    "``two``", "*em*", "_em_", "__strong__", "**strong**", "~~del~~",
    "~one~", "a|b", "ends with \\", "a\\*b", "\\", "x #", "x ##", "#",
    "trailing  ", "line\nbreak", "tab\there", "esc\x1b[2J", "c1\u009b",
    "<https://x.example>", "http://x.example", "$x$", "a_b_c",
    "snake_", "<", ">", "&", "[", "]", "!", "'single' \"double\"",
    "ü 中文 😀", "| a | b |", "|---|", "- [ ] task", "<a id=\"project-x\">",
    "[^1]", "{curly}", "1.5 is a number", "2019-2022",
]


def shown(s):
    """s as the terminal shows it (assay_escape_char), spaces at either
    end dropped as the report drops them."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or o == 0x7F or 0x80 <= o <= 0x9F:
            out.append("".join("\\x%02X" % b for b in ch.encode()))
        else:
            out.append(ch)
    return "".join(out).strip(" ")


def text_of(node):
    """The text a node shows: its text nodes, code spans and breaks, not
    its raw HTML."""
    parts = []

    def walk(n):
        tag = n.tag.replace(NS, "")
        if tag in ("html_inline", "html_block"):
            return
        if tag in ("text", "code"):
            parts.append(n.text or "")
        elif tag in ("softbreak", "linebreak"):
            parts.append(" ")
        for c in n:
            walk(c)
    walk(node)
    return "".join(parts)


def tag(n):
    return n.tag.replace(NS, "")


def item_texts(doc):
    """The text of each list item's first paragraph (not its quote)."""
    return [text_of(li.find(NS + "paragraph")) for li in doc.iter()
            if tag(li) == "item" and li.find(NS + "paragraph") is not None]


class Tags(HTMLParser):
    """Every element of an HTML page, with its attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, t, attrs):
        self.tags.append((t, dict(attrs)))


ALLOWED_TAGS = {"h1", "h2", "h3", "h4", "p", "ul", "li", "table", "thead",
                "tbody", "tr", "th", "td", "a", "strong", "blockquote"}


class Failure(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Failure(what)


def run(assay, args, cwd, cmd="run"):
    p = subprocess.run([assay, cmd] + args, cwd=cwd, capture_output=True,
                       env=dict(os.environ, NO_COLOR="1",
                                ASSAY_SCRIPTS=os.path.join(ROOT, "scripts")))
    expect(p.returncode in (0, 1, 3), f"assay {cmd} {args} exited "
           f"{p.returncode}: {p.stderr.decode()[:300]}")
    return p.stdout


def in_order(data, sort):
    """The projects as --sort orders them: by score, high first, none
    last; by verdict, the good ones first, then the neutral, then the bad
    (each in the order of the rules), then those it does not list, then
    none, and by score within a verdict; ties in input order."""
    def by_score(p):
        return (p["score"] is None, -(p["score"] or 0))
    projects = data["projects"]
    if sort == "score":
        return sorted(projects, key=by_score)
    if sort == "verdict":
        st = data["script"]["standings"]
        best = [v for want in ("good", "neutral", "bad")
                for v in data["script"]["verdicts"] if st[v] == want]
        return sorted(projects, key=lambda p: (
            best.index(p["verdict"]) if p["verdict"] in best
            else len(best) + (p["verdict"] is None), by_score(p)))
    return projects


def check_report(assay, args, cwd, sort=None):
    """Render the report of `assay run -f markdown ARGS` and check it
    against the JSON report of the same run; returns the projects, in the
    report's order, and the cells of each project's criteria table."""
    md = run(assay, ["-f", "markdown"] + args + (["--sort", sort] if sort else []), cwd)
    data = json.loads(run(assay, ["-f", "json"] + args, cwd))
    xml = subprocess.run(CMARK + ["-t", "xml"], input=md, capture_output=True,
                         check=True).stdout
    html = subprocess.run(CMARK, input=md, capture_output=True,
                          check=True).stdout.decode()
    doc = ET.fromstring(xml)
    projects = in_order(data, sort)
    crit = projects[0]["criteria"] if projects else []
    weighted = [c for c in crit if c["weight"] > 0]
    groups = []
    for c in crit:
        if c["weight"] == 0 and c["group"] not in groups:
            groups.append(c["group"])

    # raw HTML: the anchors and nothing else
    anchors = []
    for n in doc.iter():
        if tag(n) == "html_block":
            raise Failure(f"raw HTML block: {n.text!r}")
        if tag(n) == "html_inline":
            m = ANCHOR_RE.match(n.text or "")
            expect(m or n.text == "</a>", f"raw HTML in the report: {n.text!r}")
            if m:
                anchors.append(m.group(1))
    expect(len(anchors) == len(projects), f"{len(anchors)} anchors for "
           f"{len(projects)} projects")
    expect(len(set(anchors)) == len(anchors), "two anchors are the same")
    pages = Tags()
    pages.feed(html)
    for t, attrs in pages.tags:
        expect(t in ALLOWED_TAGS, f"a <{t}> element in the page")
        if t == "a" and "href" in attrs:
            expect(attrs["href"].startswith("#project-")
                   or attrs["href"].startswith("http"),
                   f"a link to {attrs['href']!r}")

    # headings
    heads = [(int(n.get("level")), n) for n in doc if tag(n) == "heading"]
    expect([h for h, _ in heads].count(1) == 1, "not one heading of level 1")
    h2 = [text_of(n) for lvl, n in heads if lvl == 2]
    want_h2 = ["Portfolio"] + (["Projects"] if projects else [])
    if data["errors"]:
        want_h2.append("Load errors")
    expect(h2 == want_h2, f"level 2 headings {h2}, expected {want_h2}")
    h3 = [n for lvl, n in heads if lvl == 3]
    expect(len(h3) == len(groups) + len(projects) if projects else not h3,
           f"{len(h3)} level 3 headings")
    for g, n in zip(groups, h3):
        want = f"{shown(g)}, not weighted" if g else "Not weighted"
        expect(text_of(n) == want, f"group heading {text_of(n)!r}, "
               f"expected {want!r}")
    sections = h3[len(groups):]
    for p, n in zip(projects, sections):
        want = f"{p['id']}: {shown(p['name'])}"
        expect(text_of(n) == want, f"project heading {text_of(n)!r}, "
               f"expected {want!r}")
    section_anchors = []
    for n in sections:
        a = [ANCHOR_RE.match(h.text).group(1) for h in n.iter()
             if tag(h) == "html_inline" and ANCHOR_RE.match(h.text or "")]
        expect(len(a) == 1, "a project heading without its anchor")
        section_anchors.append(a[0])

    # tables
    tables = [n for n in doc if tag(n) == "table"]
    want_tables = (1 + len(groups) + len(projects)) if projects else 0
    expect(len(tables) == want_tables, f"{len(tables)} tables, expected "
           f"{want_tables}")

    def rows(t):
        return [[text_of(c) for c in r if tag(c) == "table_cell"]
                for r in t if tag(r) in ("table_header", "table_row")]

    def links(t):
        return [[(l.get("destination"), text_of(l)) for l in r.iter()
                 if tag(l) == "link"] for r in t if tag(r) == "table_row"]
    cells = {}
    for k, t in enumerate(tables[:1 + len(groups)]):
        cols = weighted if k == 0 else [c for c in crit if c["weight"] == 0
                                        and c["group"] == groups[k - 1]]
        lead = ["rank", "project"] + (["verdict", "score", "coverage"]
                                      if k == 0 else [])
        r = rows(t)
        expect(len(r) == 1 + len(projects), f"portfolio table {k}: "
               f"{len(r)} rows")
        expect(r[0] == lead + [c["id"] for c in cols],
               f"portfolio table {k} header {r[0]}")
        for i, (row, p) in enumerate(zip(r[1:], projects)):
            expect(len(row) == len(lead) + len(cols),
                   f"portfolio table {k} row {i + 1}: {len(row)} cells")
            expect(row[0] == str(i + 1) and row[1] == p["id"],
                   f"portfolio row {i + 1} is {row[:2]}, expected {p['id']}")
            if k == 0:
                expect(row[2] == (shown(p["verdict"]) or "-" if p["verdict"]
                                  else "error" if p["error"] else "-"),
                       f"verdict cell {row[2]!r} of {p['id']}")
            for c, cell in zip(cols, row[len(lead):]):
                pc = next(x for x in p["criteria"] if x["id"] == c["id"])
                if pc["label"]:
                    expect(cell.startswith(shown(pc["label"])),
                           f"cell {cell!r} lacks the label {pc['label']!r}")
        for i, (l, p) in enumerate(zip(links(t), projects)):
            expect(l == [("#" + section_anchors[i], p["id"])],
                   f"portfolio table {k} row {i + 1} links {l}, expected "
                   f"the section of {p['id']} ({section_anchors[i]})")
    for t, p in zip(tables[1 + len(groups):], projects):
        r = rows(t)
        expect(r[0] == ["criterion", "status", "score", "weight",
                        "contribution", "label", "note"],
               f"criteria table header {r[0]}")
        expect(len(r) == 1 + len(p["criteria"]), f"{p['id']}: {len(r)} "
               f"rows for {len(p['criteria'])} criteria")
        for row, c in zip(r[1:], p["criteria"]):
            expect(len(row) == 7, f"{p['id']}: a row of {len(row)} cells")
            title = c["title"] if c["title"] != c["id"] else None
            want = [c["id"] + (": " + shown(title) if title else ""),
                    c["status"], None, None, None,
                    shown(c["label"]) if c["label"] else "-",
                    shown(c["note"]) if c["note"] else "-"]
            for w, got in zip(want, row):
                expect(w is None or w == got, f"{p['id']}/{c['id']}: cell "
                       f"{got!r}, expected {w!r}")
        cells[p["id"]] = r[1:]

    # quotes: one per quoted piece of evidence, in order
    quotes = [text_of(n) for n in doc.iter() if tag(n) == "block_quote"]
    want_q = [shown(e["quote"]) for p in projects for c in p["criteria"]
              for e in c["evidence"] if e.get("quote") and "field" not in e]
    expect(quotes == want_q, f"{len(quotes)} quotes, expected "
           f"{len(want_q)}; first difference: "
           f"{next(((a, b) for a, b in zip(quotes, want_q) if a != b), None)}")
    for t, _ in pages.tags:
        expect(t != "script", "a script element")
    return projects, doc


def fixed(v, places):
    """v as the reports write it: places decimals, never a minus zero."""
    t = f"{v:.{places}f}"
    return t[1:] if t.startswith("-") and not t.strip("-0.") else t


def render_plain(md):
    """The syntax tree of a report that must hold no raw HTML, and whose
    page holds only the elements Markdown makes and no link of its own."""
    xml = subprocess.run(CMARK + ["-t", "xml"], input=md, capture_output=True,
                         check=True).stdout
    html = subprocess.run(CMARK, input=md, capture_output=True,
                          check=True).stdout.decode()
    doc = ET.fromstring(xml)
    for n in doc.iter():
        expect(tag(n) not in ("html_block", "html_inline"),
               f"raw HTML in the report: {n.text!r}")
    pages = Tags()
    pages.feed(html)
    for t, attrs in pages.tags:
        expect(t in ALLOWED_TAGS, f"a <{t}> element in the page")
        # GitHub's autolinks make a link of a bare address in the text,
        # which still reads as written; the report makes none of its own
        expect(t != "a" or attrs.get("href", "").startswith("http"),
               f"a link to {attrs.get('href')!r}")
    return doc


def check_rank(assay, args, cwd):
    """Render `assay rank -f markdown ARGS` and check it against `rank -f
    json ARGS`; returns the JSON report."""
    md = run(assay, ["-f", "markdown"] + args, cwd, "rank")
    data = json.loads(run(assay, ["-f", "json"] + args, cwd, "rank"))
    doc = render_plain(md)
    heads = [(int(n.get("level")), text_of(n)) for n in doc
             if tag(n) == "heading"]
    expect(heads == [(1, "Portfolio ranking"), (2, "Criteria"),
                     (2, "Ranking"), (2, "Unranked")],
           f"headings {heads}")

    def rows(t):
        return [[text_of(c) for c in r if tag(c) == "table_cell"]
                for r in t if tag(r) in ("table_header", "table_row")]
    tables = [rows(n) for n in doc if tag(n) == "table"]
    projects = data["projects"]
    ranked = [p for p in projects if p["rank"] is not None]
    unranked = [p for p in projects if p["rank"] is None]
    want = [bool(data["criteria"]), bool(ranked), bool(unranked)]
    expect(len(tables) == sum(want), f"{len(tables)} tables, expected "
           f"{sum(want)}")
    it = iter(tables)
    linear = data.get("preference") == "linear"
    if want[0]:
        t = next(it)
        expect(t[0] == ["criterion", "weight", "share"] +
               (["q", "p"] if linear else []), f"criteria header {t[0]}")
        got = [r[0] for r in t[1:]]
        expect(got == [c["id"] for c in data["criteria"]],
               f"criteria {got}")
        for r, c in zip(t[1:], data["criteria"]):
            nums = [c["weight"], c["share"]] + ([c["q"], c["p"]]
                                                if linear else [])
            expect(all(abs(float(x) - y) <= 5e-4 * max(1, abs(y))
                       for x, y in zip(r[1:], nums)),
                   f"criterion {c['id']}: {r} for {nums}")
    if want[1]:
        t = next(it)
        fig = (["closeness", "d⁺", "d⁻"]
               if data["method"] == "topsis"
               else ["net flow", "φ⁺", "φ⁻"])
        expect(t[0] == ["rank", "project", "name"] + fig +
               ["score", "score rank", "verdict"], f"ranking header {t[0]}")
        expect(len(t) == 1 + len(ranked), f"{len(t) - 1} ranked rows for "
               f"{len(ranked)}")
        k1, k2 = (("d_plus", "d_minus") if data["method"] == "topsis"
                  else ("phi_plus", "phi_minus"))
        for r, p in zip(t[1:], ranked):
            w = [str(p["rank"]), p["id"], shown(p["name"]) or "-",
                 fixed(p["value"], 4), fixed(p[k1], 4), fixed(p[k2], 4),
                 fixed(p["score"], 3) if p["score"] is not None else "-",
                 str(p["score_rank"]) if p["score_rank"] else "-",
                 shown(p["verdict"]) if p["verdict"] else "-"]
            expect(r == w, f"ranking row {r}, expected {w}")
    if want[2]:
        t = next(it)
        expect(t[0] == ["project", "name", "score", "verdict", "why"],
               f"unranked header {t[0]}")
        expect(len(t) == 1 + len(unranked), f"{len(t) - 1} unranked rows "
               f"for {len(unranked)}")
        for r, p in zip(t[1:], unranked):
            w = [p["id"], shown(p["name"]) or "-",
                 fixed(p["score"], 3) if p["score"] is not None else "-",
                 shown(p["verdict"]) if p["verdict"] else "-",
                 shown(p["unranked"])]
            expect(r == w, f"unranked row {r}, expected {w}")
    return data


def num_words(v):
    """A number as compare writes it: four decimals at most, no trailing
    zeros, never a minus zero."""
    t = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if t == "-0" else t


def moved(x, y):
    return x if x == y else f"{x} \u2192 {y}"


CHANGE_WORDS = {"added": "added", "removed": "removed", "weight": "weight",
                "status": "status", "score": "score", "bands": "band rules"}


def check_compare(assay, args, cwd, names=None):
    """Render `assay compare --all -f markdown ARGS` and check it against
    `compare -f json ARGS`; names, when given, are the projects' names in
    order. Returns the JSON report."""
    md = run(assay, ["--all", "-f", "markdown"] + args, cwd, "compare")
    data = json.loads(run(assay, ["-f", "json"] + args, cwd, "compare"))
    doc = render_plain(md)
    projects = data["projects"]
    moving = [p for p in projects if p["criteria"]]
    heads = [(int(n.get("level")), text_of(n)) for n in doc
             if tag(n) == "heading"]
    want = [(1, "Script comparison"), (2, "Summary"), (2, "Script changes"),
            (2, "Projects")] + [(3, p["id"]) for p in moving]
    expect(heads == want, f"headings {heads}, expected {want}")

    def rows(t):
        return [[text_of(c) for c in r if tag(c) == "table_cell"]
                for r in t if tag(r) in ("table_header", "table_row")]
    tables = [rows(n) for n in doc if tag(n) == "table"]
    expect(len(tables) == bool(projects) + len(moving),
           f"{len(tables)} tables for {len(projects)} projects, "
           f"{len(moving)} with criteria that moved")
    if not projects:
        return data

    def side(s, key):
        if s is None:
            return "(none)"
        v = s[key]
        if key == "score":
            return "-" if v is None else num_words(v)
        return str(v) if key == "rank" else shown(v) if v else "-"
    t = tables[0]
    expect(t[0] == ["project", "name", "score", "verdict", "rank", "note"],
           f"projects header {t[0]}")
    expect(len(t) == 1 + len(projects), f"{len(t) - 1} project rows for "
           f"{len(projects)}")
    for k, (r, p) in enumerate(zip(t[1:], projects)):
        w = [p["id"], shown(names[k]) or "-" if names else r[1]] + [
            moved(side(p["old"], key), side(p["new"], key))
            for key in ("score", "verdict", "rank")]
        expect(r[:5] == w, f"project row {r}, expected {w}")
    for t, p in zip(tables[1:], moving):
        expect(t[0] == ["criterion", "changed", "weight", "status", "score",
                        "label"], f"criteria header {t[0]}")
        w = [[c["id"], ", ".join(CHANGE_WORDS[x] for x in c["changes"])]
             for c in p["criteria"]]
        got = [r[:2] for r in t[1:]]
        expect(got == w, f"{p['id']}: criteria {got}, expected {w}")
    return data


def yaml_quoted(s):
    """s as a YAML double-quoted scalar, every control character escaped
    (C1 ones too: YAML refuses them raw) and a character beyond the BMP
    as \\U00XXXXXX (YAML has no surrogate pairs)."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif o < 0x20 or 0x7F <= o < 0xA0:
            out.append("\\u%04x" % o)
        elif o > 0xFFFF:
            out.append("\\U%08x" % o)
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def nasty_case(folder):
    """A case file with a project for each NASTY string, and a script that
    gives the string back as a note."""
    with open(os.path.join(folder, "nasty.lua"), "w") as f:
        f.write('criterion { id = "n", title = "Nasty", '
                'evaluate = function(p) p:indicator("Q") '
                'return 0.5, p:field("says") end }\n')
    with open(os.path.join(folder, "nasty.yaml"), "w",
              encoding="utf-8") as f:
        for k, s in enumerate(NASTY):
            j = yaml_quoted(s)
            f.write(f"---\nid: p{k}\nname: {j}\nsays: {j}\n"
                    f"sources: [{{id: s}}]\n"
                    f"indicators:\n  Q: {{value: present, evidence: {j}, "
                    f"source: s, locator: {j}, note: {j}}}\n")


def main():
    assay = os.path.abspath(sys.argv[1])
    if not shutil.which("cmark-gfm"):
        print("markdown: cmark-gfm is missing (make deps installs it)")
        return 1
    failed = 0
    tmp = tempfile.mkdtemp()
    try:
        hostile = os.path.join(ROOT, "tests", "golden", "markdown_hostile")
        shutil.copy(os.path.join(hostile, "h.lua"), tmp)
        shutil.copy(os.path.join(hostile, "cases.yaml"), tmp)
        with open(os.path.join(tmp, "# x|<i>.yaml"), "w") as f:
            f.write('id: broken\nname: Broken\nindicators:\n'
                    '  A: { value: present, "<x>|y": 1 }\n')
        nasty_case(tmp)
        verdicts = os.path.join(ROOT, "tests", "golden",
                                "markdown_sort_verdict")
        runs = [
            ("bundled cases", [os.path.join(ROOT, "cases")], ROOT, None),
            ("bundled cases by score", [os.path.join(ROOT, "cases")], ROOT,
             "score"),
            ("hostile labels", ["-s", "h.lua", "cases.yaml", "# x|<i>.yaml"],
             tmp, None),
            ("anchors that collide", ["-s", "v.lua", "cases.yaml"], verdicts,
             "verdict"),
            ("strings that mean something",
             ["-s", "nasty.lua", "nasty.yaml"], tmp, None),
        ]
        rank_hostile = os.path.join(ROOT, "tests", "golden",
                                    "rank_html_hostile")
        ranks = [
            ("rank: bundled cases, TOPSIS", ["-m", "topsis", "cases"], ROOT),
            ("rank: bundled cases, PROMETHEE linear, mean",
             ["-m", "promethee", "--preference", "linear", "--threshold",
              "demand=0:0.5", "--missing", "mean", "cases"], ROOT),
            ("rank: bundled cases, exclude-criterion",
             ["-m", "promethee", "--missing", "exclude-criterion", "cases"],
             ROOT),
            ("rank: hostile names and verdicts",
             ["-m", "topsis", "-s", "s.lua", "cases.yaml"], rank_hostile),
            ("rank: strings that mean something",
             ["-m", "promethee", "-s", "nasty.lua", "nasty.yaml"], tmp),
        ]
        for name, args, cwd in ranks:
            try:
                data = check_rank(assay, args, cwd)
                print(f"ok   {name}: {len(data['projects'])} projects "
                      f"render as they should")
            except (Failure, subprocess.CalledProcessError) as e:
                failed += 1
                print(f"FAIL {name}: {e}")
        with open(os.path.join(rank_hostile, "s.lua")) as f:
            text = f.read()
        with open(os.path.join(tmp, "\"><i>x<i> & 'y'.lua"), "w") as f:
            f.write(text.replace('id = "x.y-z", weight = 1',
                                 'id = "x.y-z", weight = 4'))
        shutil.copy(os.path.join(rank_hostile, "cases.yaml"),
                    os.path.join(tmp, "rank_hostile.yaml"))
        golden = os.path.join(ROOT, "tests", "golden")
        compares = [
            ("compare: criteria added and removed",
             ["-s", "old.lua", "-s", "new.lua", "cases.yaml"],
             os.path.join(golden, "compare_criteria_added_removed"), None),
            ("compare: band and verdict rules",
             ["-s", "old.lua", "-s", "new.lua", "cases.yaml"],
             os.path.join(golden, "compare_rules_changed"), None),
            ("compare: hostile names, verdicts and script name",
             ["-s", os.path.join(rank_hostile, "s.lua"), "-s",
              "\"><i>x<i> & 'y'.lua", "rank_hostile.yaml"], tmp, None),
            ("compare: strings that mean something",
             ["-s", "nasty.lua", "-s", "nasty.lua", "nasty.yaml"], tmp,
             NASTY),
        ]
        for name, args, cwd, names in compares:
            try:
                data = check_compare(assay, args, cwd, names)
                print(f"ok   {name}: {len(data['projects'])} projects "
                      f"render as they should")
            except (Failure, subprocess.CalledProcessError) as e:
                failed += 1
                print(f"FAIL {name}: {e}")
        for name, args, cwd, sort in runs:
            try:
                projects, doc = check_report(assay, args, cwd, sort)
                if name == "strings that mean something":
                    check_nasty(projects, doc)
                if name == "hostile labels":
                    check_hostile(doc)
                print(f"ok   {name}: {len(projects)} projects render as "
                      f"they should")
            except (Failure, subprocess.CalledProcessError) as e:
                failed += 1
                print(f"FAIL {name}: {e}")
    finally:
        shutil.rmtree(tmp)
    print(f"markdown: {len(runs) + len(ranks) + len(compares) - failed} "
          f"passed, "
          f"{failed} failed")
    return 1 if failed else 0


def check_nasty(projects, doc):
    """Each string shows as written wherever the report puts it: in a
    heading (checked with the others), a note cell, a quote (checked with
    the others), an evidence line with its locator and note."""
    expect(len(projects) == len(NASTY), f"{len(projects)} projects for "
           f"{len(NASTY)} strings")
    items = item_texts(doc)
    for k, s in enumerate(NASTY):
        p = projects[k]
        expect(p["name"] == s, f"p{k}: the case did not give {s!r}")
        want = (f'Q = "present" (stated; source s, {shown(s)}); '
                f'note: {shown(s)}')
        expect(want in items, f"p{k}: no evidence line reads {want!r}")


def check_hostile(doc):
    """The texts of h.lua and the hostile case, written out here from the
    inputs, read as they were written."""
    texts = [text_of(n) for n in doc.iter()
             if tag(n) in ("table_cell", "heading", "paragraph")]
    for want in ["<script>alert(1)</script> | *bold* [link](http://e.com)",
                 "<img src=x onerror=alert(1)> (1.00)",
                 "**win** & <b>", "&lt;ok&gt; (1.00)",
                 "# heading\\n- item, not weighted",
                 "four spaces | then --- \\x1B[2J"]:
        expect(any(want in t for t in texts), f"nothing reads {want!r}")
    items = item_texts(doc)
    expect("# x|<i>.yaml:4:24: unknown key '<x>|y' in indicator 'A' "
           "(expected value, unit, evidence, source, locator, confidence "
           "or note)" in items, "the load error does not read as written")


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The HTML report in a real browser.

usage: browser.py ASSAY OUTDIR

Renders `assay run -f html` of the bundled cases in headless Chromium,
driven through the DevTools protocol (cdp.py), and checks what a reader
gets: the heat map's columns and cells against the JSON report of the
same cases (a cell per project and criterion, each with the label the
JSON gives), one chart per project with a name a screen reader reads, no
console error, no request but the page itself, no horizontal scrolling of
the page at phone width (the heat map scrolls in its own box), a visible
focus on the first Tab, and a contrast of at least 4.5 for every text.
Then the report of tests/golden/html_hostile, whose names, labels and
notes hold script elements, event handlers and javascript: URLs, from a
file whose name is one too, with the page's Content-Security-Policy
bypassed so that only the escaping stands between the text and the
browser: no dialog may open, no script, img, iframe or svg may come from
the text, and every such text must show literally.

Then `assay rank -f html` of the bundled cases (PROMETHEE II): a row per
ranked project in the JSON's order with its net flow, score and verdict,
a row per unranked one with its reason, the same checks of requests,
console, contrast, focus and width; and the rank page of
tests/golden/rank_html_hostile, with its policy off, as inert as the
hostile report.

It keeps in OUTDIR: report.html, report-desktop.png (the whole page at
1280 pixels), report-phone.png (the whole page at 390), report.pdf (as
printed), hostile.html with hostile.png, rank.html with rank-desktop.png
and rank-phone.png, and rank-hostile.html with rank-hostile.png. Without Chromium it fails and
says how to install it (make check installs it on Debian).
"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HOSTILE = os.path.join(ROOT, "tests", "golden", "html_hostile")

# What the page shows, read in the page (the page itself has no script:
# this runs through the DevTools protocol).
FACTS = r"""
(() => {
  const q = (s, r) => [...(r || document).querySelectorAll(s)];
  const txt = e => e ? e.textContent.replace(/\s+/g, ' ').trim() : null;
  const rgb = s => { const m = /rgba?\(([^)]+)\)/.exec(s || '');
                     return m ? m[1].split(',').map(Number) : null; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ?
      v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  // the colours behind an element: its own background, a gradient's
  // stops, or the nearest ancestor's
  const behind = el => {
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      const stops = (cs.backgroundImage.match(/rgba?\([^)]+\)/g) || [])
        .map(rgb);
      if (stops.length) return stops;
      const c = rgb(cs.backgroundColor);
      if (c && (c.length < 4 || c[3] > 0)) return [c];
    }
    return [[255, 255, 255]];
  };
  let worst = { ratio: 99, text: '' };
  const walk = document.createTreeWalker(document.body,
                                         NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || el.closest('svg') ||
        !el.getClientRects().length) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || el.closest('.vh,.skip')) continue;
    const fg = rgb(cs.color);
    for (const bg of behind(el)) {
      const r = ratio(fg, bg);
      if (r < worst.ratio)
        worst = { ratio: r, text: n.textContent.trim().slice(0, 60),
                  color: cs.color, background: String(bg) };
    }
  }
  const box = document.querySelector('#portfolio .scroll');
  return {
    cols: q('table.heat thead tr:nth-child(2) th').map(th => ({
      id: txt(th.querySelector('a')), gap: th.classList.contains('gap') })),
    groups: q('table.heat th.grp').map(th => ({
      text: txt(th), span: th.colSpan })),
    rows: q('table.heat tbody tr').map(tr => ({
      id: txt(tr.querySelector('th .pid')),
      name: txt(tr.querySelector('th a')),
      verdict: txt(tr.querySelector('.verdict')),
      cells: q('td.cell', tr).map(td => txt(td.querySelector('.l'))) })),
    sections: q('section.project').map(s => {
      const svg = q('svg.chart', s);
      const ids = svg.length ?
        (svg[0].getAttribute('aria-labelledby') || '').split(/\s+/) : [];
      return { id: txt(s.querySelector('.sub .pid')), charts: svg.length,
               name: txt(s.querySelector('h3')),
               role: svg.length ? svg[0].getAttribute('role') : null,
               label: ids.map(i => txt(document.getElementById(i)))
                         .join(' ') };
    }),
    scripts: document.scripts.length,
    loaders: q('img,iframe,object,embed,link,frame,audio,video,image,use,' +
               'foreignObject,form,base').length,
    svgs: q('svg').length,
    handlers: q('*').filter(e => [...e.attributes].some(a =>
      a.name.toLowerCase().startsWith('on'))).length,
    links_off_page: q('[href]').filter(e =>
      !e.getAttribute('href').startsWith('#')).map(e =>
      e.getAttribute('href')),
    page_width: document.documentElement.scrollWidth,
    view_width: window.innerWidth,
    heat_scrolls: box ? box.scrollWidth > box.clientWidth : null,
    contrast: worst,
  };
})()
"""

# What the rank page shows, read in the page.
RANK_FACTS = r"""
(() => {
  const q = (s, r) => [...(r || document).querySelectorAll(s)];
  const txt = e => e ? e.textContent.replace(/\s+/g, ' ').trim() : null;
  const row = tr => ({
    rank: txt(tr.querySelector('.rk')),
    id: txt(tr.querySelector('th .pid')),
    value: txt(tr.querySelector('.val')),
    score: txt(tr.querySelector('.sc')),
    verdict: txt(tr.querySelector('.verdict')),
    why: txt(tr.querySelector('.why')) });
  return {
    ranked: q('#ranking tbody tr').map(row),
    unranked: q('#unranked tbody tr').map(row),
    bars: q('#ranking svg.bar').length,
  };
})()
"""

FOCUS = r"""
(() => {
  const a = document.activeElement, cs = getComputedStyle(a);
  const r = a.getBoundingClientRect();
  return { tag: a.tagName, cls: a.className, text: a.textContent,
           outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth),
           left: r.left, right: r.right };
})()
"""


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def __call__(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print(f"ok   {what}")
        else:
            self.failed += 1
            if len(detail) > 400:
                detail = detail[:400] + "..."
            print(f"FAIL {what}" + (f": {detail}" if detail else ""))


def run(assay, args, cwd=ROOT):
    return subprocess.run([assay, "run"] + args, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=dict(os.environ,
                                                           NO_COLOR="1"))


def expected_cell(c):
    if c["label"] is not None:
        return c["label"]
    return "n/a" if c["status"] == "not_assessable" else c["status"]


def compare(check, what, facts, doc):
    """The heat map and sections against the JSON report of the same run."""
    projects = doc["projects"]
    crit = projects[0]["criteria"] if projects else []
    byid = {c["id"]: c for c in crit}
    cols = [c["id"] for c in facts["cols"]]
    check(sorted(cols) == sorted(byid), f"{what}: a column per criterion",
          f"{cols}")
    weights = [byid[c]["weight"] > 0 for c in cols if c in byid]
    check(weights == sorted(weights, reverse=True),
          f"{what}: the weighted criteria before those of weight 0")
    first_flag = next((i for i, w in enumerate(weights) if not w), None)
    check([i for i, c in enumerate(facts["cols"]) if c["gap"]] ==
          ([first_flag] if first_flag is not None else []),
          f"{what}: the criteria of weight 0 stand apart")
    # grouped: each group's columns side by side within each part
    seen, runs = set(), []
    for c in cols:
        key = (byid[c]["weight"] > 0, byid[c]["group"])
        if not runs or runs[-1] != key:
            runs.append(key)
    check(len(runs) == len(set(runs)), f"{what}: columns grouped by group",
          f"{runs}")
    check([r["id"] for r in facts["rows"]] == [p["id"] for p in projects],
          f"{what}: a row per project, in input order")
    ncells = sum(len(r["cells"]) for r in facts["rows"])
    check(ncells == len(projects) * len(crit),
          f"{what}: {len(projects)} x {len(crit)} cells", f"{ncells}")
    bad = []
    for row, p in zip(facts["rows"], projects):
        want = {c["id"]: expected_cell(c) for c in p["criteria"]}
        got = dict(zip(cols, row["cells"]))
        for cid in want:
            if got.get(cid) != want[cid]:
                bad.append(f"{p['id']}/{cid}: {got.get(cid)!r} for "
                           f"{want[cid]!r}")
        if row["verdict"] != (p["verdict"] or "no verdict"):
            bad.append(f"{p['id']}: verdict {row['verdict']!r}")
        if row["name"] != (p["name"] or p["id"]):
            bad.append(f"{p['id']}: name {row['name']!r}")
    check(not bad, f"{what}: every cell's label and every verdict as in "
                   "the JSON report", "; ".join(bad[:5]))
    secs = facts["sections"]
    check([s["id"] for s in secs] == [p["id"] for p in projects],
          f"{what}: a section per project")
    check(all(s["charts"] == 1 for s in secs),
          f"{what}: one chart per project", f"{[s['charts'] for s in secs]}")
    check(all(s["role"] == "img" and s["label"] for s in secs),
          f"{what}: every chart is an image with a name")


def desktop(check, what, page):
    """A page at desktop width: no script or loading element, every
    text's contrast, no sideways scrolling, and the first Tab on the skip
    link with a visible focus. Returns what FACTS read before the Tab."""
    facts = page.eval(FACTS)
    check(facts["scripts"] == 0 and facts["loaders"] == 0,
          f"{what}: no script, image, frame or link element")
    c = facts["contrast"]
    check(c["ratio"] >= 4.5, f"{what}: every text at a contrast of 4.5 "
          "or more", f"{c}")
    check(facts["page_width"] <= facts["view_width"],
          f"{what}: no sideways scrolling at 1280 pixels",
          f"{facts['page_width']} > {facts['view_width']}")
    page.key("Tab", "Tab", 9)
    f = page.eval(FOCUS)
    check(f["cls"] == "skip" and f["outline"] != "none" and
          f["width"] >= 2 and f["left"] >= 0,
          f"{what}: the first Tab shows the skip link, with a visible "
          "focus", f"{f}")
    return facts


def watch(check, what, page, url):
    """No request but the page, no console error, no dialog."""
    urls = [e["request"]["url"] for e in page.events("Network.requestWillBeSent")]
    check(urls == [url], f"{what}: no request but the page itself",
          f"{urls}")
    errors = [e["args"][0].get("value", e["type"]) if e.get("args") else e["type"]
              for e in page.events("Runtime.consoleAPICalled")
              if e["type"] in ("error", "assert", "warning")]
    errors += [e["exceptionDetails"].get("text", "")
               for e in page.events("Runtime.exceptionThrown")]
    errors += [e["entry"]["text"] for e in page.events("Log.entryAdded")
               if e["entry"]["level"] in ("error", "warning")]
    check(not errors, f"{what}: no console error", "; ".join(errors[:3]))
    dialogs = page.events("Page.javascriptDialogOpening")
    check(not dialogs, f"{what}: no dialog opened",
          "; ".join(d.get("message", "") for d in dialogs))


def fixed(v, places):
    t = f"{v:.{places}f}"
    return t[1:] if t.startswith("-") and not t.strip("-0.") else t


def compare_rank(check, what, facts, doc):
    """The rank page's rows against the JSON of the same ranking."""
    projects = doc["projects"]
    ranked = [p for p in projects if p["rank"] is not None]
    unranked = [p for p in projects if p["rank"] is None]
    got = [(r["rank"], r["id"].split(" \u00b7 ")[0], r["value"], r["score"],
            r["verdict"]) for r in facts["ranked"]]
    want = [(str(p["rank"]), p["id"], fixed(p["value"], 4),
             fixed(p["score"], 3) if p["score"] is not None else "\u2014",
             p["verdict"] or "no verdict") for p in ranked]
    check(got == want, f"{what}: a row per ranked project, in the JSON's "
          "order, with its value, score and verdict", f"{got} != {want}")
    check(facts["bars"] == len(ranked), f"{what}: a bar per value",
          f"{facts['bars']}")
    got = [(r["id"].split(" \u00b7 ")[0], r["why"])
           for r in facts["unranked"]]
    want = [(p["id"], p["unranked"]) for p in unranked]
    check(got == want, f"{what}: a row per unranked project, with the "
          "reason", f"{got} != {want}")


def run_rank(assay, args, cwd=ROOT):
    return subprocess.run([assay, "rank"] + args, cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=dict(os.environ, NO_COLOR="1"))


def main():
    if len(sys.argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    assay, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    exe = cdp.find()
    if not exe:
        print("browser: the browser test needs Chromium, and found none "
              "(set CHROMIUM to its path, or install Debian's package: "
              "apt-get install chromium; make check installs it)",
              file=sys.stderr)
        print("browser: 0 passed, 1 failed")
        return 1
    os.makedirs(out, exist_ok=True)
    check = Checks()

    report = os.path.join(out, "report.html")
    r = run(assay, ["-f", "html", "-o", report, "cases"])
    check(r.returncode == 0, "the report of the bundled cases is written",
          r.stderr.decode()[:300])
    doc = json.loads(run(assay, ["-f", "json", "cases"]).stdout)

    hdir = os.path.join(out, "hostile")
    shutil.rmtree(hdir, ignore_errors=True)
    os.makedirs(hdir)
    hcase = os.path.join(hdir, "\"><img src=x onerror=alert('file')>.yaml")
    shutil.copy(os.path.join(HOSTILE, "cases.yaml"), hcase)
    hostile = os.path.join(out, "hostile.html")
    script = os.path.join(HOSTILE, "s.lua")
    r = run(assay, ["-f", "html", "-s", script, "-o", hostile, hcase])
    check(r.returncode == 0, "the hostile report is written",
          r.stderr.decode()[:300])
    hdoc = json.loads(run(assay, ["-f", "json", "-s", script, hcase]).stdout)

    rank = os.path.join(out, "rank.html")
    r = run_rank(assay, ["-m", "promethee", "-f", "html", "-o", rank,
                         "cases"])
    check(r.returncode == 0, "the rank page of the bundled cases is written",
          r.stderr.decode()[:300])
    rdoc = json.loads(run_rank(assay, ["-m", "promethee", "-f", "json",
                                       "cases"]).stdout)
    rank_hostile = os.path.join(out, "rank-hostile.html")
    rhdir = os.path.join(ROOT, "tests", "golden", "rank_html_hostile")
    r = run_rank(assay, ["-m", "topsis", "-f", "html", "-s", "s.lua", "-o",
                         rank_hostile, "cases.yaml"], rhdir)
    check(r.returncode == 0, "the hostile rank page is written",
          r.stderr.decode()[:300])
    rhdoc = json.loads(run_rank(assay, ["-m", "topsis", "-f", "json", "-s",
                                        "s.lua", "cases.yaml"], rhdir).stdout)

    browser = cdp.Browser(exe)
    try:
        url = "file://" + report
        page = cdp.Page(browser)
        page.size(1280, 900)
        page.open(url)
        compare(check, "report", desktop(check, "report", page), doc)
        page.key("Tab", "Tab", 9)
        f = page.eval(FOCUS)
        check(f["tag"] == "A" and f["outline"] != "none" and f["width"] >= 2,
              "report: the next Tab moves on, focus visible", f"{f}")
        ax = page.send("Accessibility.getFullAXTree")["nodes"]
        images = [n for n in ax if n.get("role", {}).get("value") == "image"]
        check(len(images) == len(doc["projects"]) and
              all(n.get("name", {}).get("value") for n in images),
              "report: screen readers get one named image per project",
              f"{[n.get('name', {}).get('value') for n in images]}")
        page.screenshot(os.path.join(out, "report-desktop.png"), 1280)
        page.pdf(os.path.join(out, "report.pdf"))
        with open(os.path.join(out, "report.pdf"), "rb") as pdf:
            check(pdf.read(5) == b"%PDF-", "report: it prints (report.pdf)")
        page.size(390, 844, mobile=True)
        browser.drain(0.3)
        facts = page.eval(FACTS)
        check(facts["page_width"] <= 390 and facts["heat_scrolls"],
              "report: at phone width the page does not scroll sideways, "
              "the heat map does, in its box",
              f"page {facts['page_width']}, heat map scrolls: "
              f"{facts['heat_scrolls']}")
        c = facts["contrast"]
        check(c["ratio"] >= 4.5, "report: contrast at phone width", f"{c}")
        page.screenshot(os.path.join(out, "report-phone.png"), 390)
        watch(check, "report", page, url)

        # the hostile page, with its Content-Security-Policy off: the
        # escaping alone must keep it inert
        url = "file://" + hostile
        page = cdp.Page(browser, bypass_csp=True)
        page.size(1280, 900)
        page.open(url)
        facts = page.eval(FACTS)
        watch(check, "hostile", page, url)
        compare(check, "hostile", facts, hdoc)
        check(facts["scripts"] == 0, "hostile: no script element")
        check(facts["loaders"] == 0, "hostile: no img, iframe or other "
              "element from the text")
        check(facts["svgs"] == len(hdoc["projects"]),
              "hostile: the only svg elements are the charts",
              f"{facts['svgs']}")
        check(facts["handlers"] == 0, "hostile: no event handler attribute")
        check(not facts["links_off_page"], "hostile: no link off the page",
              f"{facts['links_off_page']}")
        check([s["name"] for s in facts["sections"]] ==
              [p["name"] for p in hdoc["projects"]],
              "hostile: the names show literally",
              f"{[s['name'] for s in facts['sections']]}")
        page.screenshot(os.path.join(out, "hostile.png"), 1280)

        # the rank page
        url = "file://" + rank
        page = cdp.Page(browser)
        page.size(1280, 900)
        page.open(url)
        compare_rank(check, "rank", page.eval(RANK_FACTS), rdoc)
        desktop(check, "rank", page)
        page.screenshot(os.path.join(out, "rank-desktop.png"), 1280)
        page.size(390, 844, mobile=True)
        browser.drain(0.3)
        facts = page.eval(FACTS)
        check(facts["page_width"] <= 390, "rank: at phone width the page "
              "does not scroll sideways", f"page {facts['page_width']}")
        c = facts["contrast"]
        check(c["ratio"] >= 4.5, "rank: contrast at phone width", f"{c}")
        page.screenshot(os.path.join(out, "rank-phone.png"), 390)
        watch(check, "rank", page, url)

        url = "file://" + rank_hostile
        page = cdp.Page(browser, bypass_csp=True)
        page.size(1280, 900)
        page.open(url)
        watch(check, "rank hostile", page, url)
        compare_rank(check, "rank hostile", page.eval(RANK_FACTS), rhdoc)
        facts = page.eval(FACTS)
        check(facts["scripts"] == 0 and facts["loaders"] == 0 and
              facts["handlers"] == 0 and not facts["links_off_page"],
              "rank hostile: no script, element, handler or link from the "
              "text")
        ranked = [p for p in rhdoc["projects"] if p["rank"] is not None]
        check(facts["svgs"] == len(ranked),
              "rank hostile: the only svg elements are the bars",
              f"{facts['svgs']}")
        page.screenshot(os.path.join(out, "rank-hostile.png"), 1280)
    finally:
        browser.close()
    print(f"browser: {check.passed} passed, {check.failed} failed "
          f"(screenshots in {os.path.relpath(out, ROOT)}/)")
    return 1 if check.failed else 0


if __name__ == "__main__":
    sys.exit(main())

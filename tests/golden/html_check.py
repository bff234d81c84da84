"""Checks of an HTML report without a browser, for run.py's stdout_html.

The page is parsed with Python's html.parser into a tree, and every page
must be:

  well formed   every element but the void ones closed, in order; the
                page starts with <!DOCTYPE html>; one html (with lang),
                head, title, body and h1; UTF-8 declared;
  self-contained  no script, link, img, iframe, object, embed, base, form
                or media element; no attribute that loads or runs anything
                (src, srcset, action, on...), no href but "#id" of an id
                on the page, no "javascript:" or "url(" in any attribute,
                no @import or url( in the style;
  accessible    ids unique, every aria-labelledby / aria-describedby id
                present; every table with a caption and every th with a
                scope; every svg.chart with role="img" and a non-empty
                title it is labelled by; headings starting at h1 and
                never skipping a level on the way down.

Then the test's own checks (each optional):

  count     {selector: n}: how many elements match
  text      {selector: [text, ...]}: the text of each match, in document
            order, whitespace collapsed
  contains  [text, ...]: each must be in the page's text (entities
            decoded, whitespace collapsed)
  absent    [text, ...]: none may be in the page's text

A selector is a list of compound selectors separated by spaces, each
match a descendant of the one before: tag, .class, #id, [attr] and
[attr=value] in any combination (tag names and attribute names in lower
case, as html.parser gives them).
"""
import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
FORBIDDEN = {"script", "link", "img", "iframe", "object", "embed", "base",
             "form", "input", "frame", "frameset", "audio", "video", "source",
             "image", "use", "foreignobject", "applet", "portal"}
LOADING = {"src", "srcset", "action", "formaction", "xlink:href", "poster",
           "background", "data", "style"}


class Node:
    def __init__(self, tag, attrs, parent, line):
        self.tag = tag
        self.attrs = {k: (v if v is not None else "") for k, v in attrs}
        self.parent = parent
        self.children = []
        self.line = line

    def elements(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.elements()

    def text(self):
        return "".join(c if isinstance(c, str) else c.text()
                       for c in self.children)

    def classes(self):
        return self.attrs.get("class", "").split()


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None, 0)
        self.cur = self.root
        self.errors = []
        self.decls = []

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur, self.getpos()[0])
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur,
                                      self.getpos()[0]))

    def handle_endtag(self, tag):
        line = self.getpos()[0]
        if tag in VOID:
            self.errors.append(f"line {line}: </{tag}> for a void element")
            return
        if self.cur.tag != tag:
            self.errors.append(f"line {line}: </{tag}> closes <{self.cur.tag}>"
                               f" (opened on line {self.cur.line})")
            n = self.cur
            while n is not self.root and n.tag != tag:
                n = n.parent
            if n is self.root:
                return
            self.cur = n
        self.cur = self.cur.parent

    def handle_data(self, data):
        self.cur.children.append(data)

    def handle_decl(self, decl):
        self.decls.append(decl)

    def close(self):
        super().close()
        if self.cur is not self.root:
            self.errors.append(f"<{self.cur.tag}> from line {self.cur.line} "
                               "is never closed")


COMPOUND = re.compile(r"([a-z0-9]+)|\.([\w-]+)|#([\w.-]+)|"
                      r"\[([\w:-]+)(?:=\"?([^\]\"]*)\"?)?\]")


def compound(sel):
    tests = []
    pos = 0
    while pos < len(sel):
        m = COMPOUND.match(sel, pos)
        if not m:
            raise ValueError(f"bad selector {sel!r}")
        tag, cls, ident, attr, val = m.groups()
        if tag:
            tests.append(lambda n, t=tag: n.tag == t)
        elif cls:
            tests.append(lambda n, c=cls: c in n.classes())
        elif ident:
            tests.append(lambda n, i=ident: n.attrs.get("id") == i)
        else:
            tests.append(lambda n, a=attr, v=val:
                         a in n.attrs and (v is None or n.attrs[a] == v))
        pos = m.end()
    return lambda n: all(t(n) for t in tests)


def select(root, selector):
    """The elements matching selector, in document order."""
    parts = [compound(s) for s in selector.split()]
    found = []
    for n in root.elements():
        if not parts[-1](n):
            continue
        # the other parts, right to left, each on some ancestor
        k, a = len(parts) - 2, n.parent
        while k >= 0 and a is not None:
            if a.tag != "#root" and parts[k](a):
                k -= 1
            a = a.parent
        if k < 0:
            found.append(n)
    return found


def squash(text):
    return " ".join(text.split())


def structure(tree, text):
    """None, or what is wrong with the page whatever the test."""
    if tree.errors:
        return "not well formed: " + "; ".join(tree.errors[:3])
    if not text.startswith("<!DOCTYPE html>\n"):
        return "the page does not start with <!DOCTYPE html>"
    els = list(tree.root.elements())
    for tag in ("html", "head", "body", "h1"):
        n = sum(1 for e in els if e.tag == tag)
        if n != 1:
            return f"{n} <{tag}> elements, expected 1"
    head = next(e for e in els if e.tag == "head")
    if sum(1 for e in head.elements() if e.tag == "title") != 1:
        return "the head has no title, or several"
    html = next(e for e in els if e.tag == "html")
    if not html.attrs.get("lang"):
        return "<html> has no lang"
    if not any(e.tag == "meta" and e.attrs.get("charset", "").lower() ==
               "utf-8" for e in els):
        return "no <meta charset=\"utf-8\">"
    ids = {}
    for e in els:
        if e.tag in FORBIDDEN:
            return f"line {e.line}: a <{e.tag}> element"
        for k, v in e.attrs.items():
            if k.startswith("on") or k in LOADING:
                return f"line {e.line}: <{e.tag} {k}=...>"
            if "javascript:" in v.lower() or "url(" in v.lower():
                return f"line {e.line}: <{e.tag} {k}={v!r}>"
        if "id" in e.attrs:
            if e.attrs["id"] in ids:
                return f"line {e.line}: id {e.attrs['id']!r} twice"
            ids[e.attrs["id"]] = e
    for e in els:
        href = e.attrs.get("href")
        if href is not None and (not href.startswith("#") or
                                 href[1:] not in ids):
            return f"line {e.line}: href {href!r} is not an id of the page"
        for k in ("aria-labelledby", "aria-describedby"):
            for ref in e.attrs.get(k, "").split():
                if ref not in ids:
                    return f"line {e.line}: {k} names no id {ref!r}"
        if e.tag == "style":
            css = e.text().lower()
            if "@import" in css or "url(" in css:
                return "the style loads something"
        if e.tag == "table":
            first = next(iter(e.elements()), None)
            if first is None or first.tag != "caption":
                return f"line {e.line}: a table without a caption"
        if e.tag == "th" and e.attrs.get("scope") not in ("col", "row",
                                                         "colgroup",
                                                         "rowgroup"):
            return f"line {e.line}: a th without a scope"
        if e.tag == "svg" and "chart" in e.classes():
            if e.attrs.get("role") != "img":
                return f"line {e.line}: a chart without role=img"
            names = [ids.get(i) for i in
                     e.attrs.get("aria-labelledby", "").split()]
            if not any(n is not None and n.tag == "title" and
                       squash(n.text()) for n in names):
                return f"line {e.line}: a chart without a title naming it"
    level = 0
    for e in els:
        if re.fullmatch(r"h[1-6]", e.tag):
            n = int(e.tag[1])
            if n > level + 1:
                return (f"line {e.line}: <{e.tag}> after "
                        f"{'h' + str(level) if level else 'no heading'}")
            level = n
    return None


def check(data, spec):
    """None, or why the page data (bytes) fails."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return f"the page is not UTF-8 ({e})"
    tree = Tree()
    tree.feed(text)
    tree.close()
    msg = structure(tree, text)
    if msg:
        return msg
    for sel, n in spec.get("count", {}).items():
        got = len(select(tree.root, sel))
        if got != n:
            return f"{got} elements match {sel!r}, expected {n}"
    for sel, want in spec.get("text", {}).items():
        got = [squash(e.text()) for e in select(tree.root, sel)]
        if got != want:
            return f"the texts of {sel!r} are {got}, expected {want}"
    body = squash(tree.root.text())
    for t in spec.get("contains", []):
        if squash(t) not in body:
            return f"the page's text lacks {t!r}"
    for t in spec.get("absent", []):
        if squash(t) in body:
            return f"the page's text has {t!r}"
    return None


def main():
    """python3 html_check.py SPEC_JSON < page: the checks in a process of
    their own (a page's tree must not swell the memory of the golden
    runner, which bounds the memory of the tests after it)."""
    import json
    import sys
    msg = check(sys.stdin.buffer.read(), json.loads(sys.argv[1]))
    if msg:
        print(msg)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

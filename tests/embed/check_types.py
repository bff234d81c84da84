#!/usr/bin/env python3
"""Keep the LuaLS annotations true to the C code and to the stock module.

    python3 tests/embed/check_types.py [-v]   (-v: list what is compared)

Compares, and fails naming anything found on one side only:

  a. the fields and methods core/lproject.c gives the project and indicator
     objects (the strcmp chains of project_index and indicator_index, and
     the luaL_Reg table of project methods) with the ---@field lines and
     methods of those classes in scripts/types/assay.lua; also the field
     lists the "no field" errors name and suggest from (INDICATOR_FIELDS,
     PROJECT_FIELDS);
  b. the keys core/script.c accepts in criterion{}, weighting{}, bands and
     verdicts (its key arrays) with the fields of the spec classes, the
     built-in aggregate names with the assay.aggregate alias, and the
     globals script.c defines with the meta file's global functions;
  c. the public functions of scripts/stock.lua with the functions that
     carry ---@param or ---@return annotations, and each annotated
     function's ---@param names with its parameters;
  d. the views core/lresults.c gives rules and aggregate functions with
     assay.criterion_result and assay.verdict_info, and the status names
     of core/project.c and core/result.c with their aliases;
  e. the sandbox's globals, libraries and blocked names (core/sandbox.c)
     with the lists in the meta file's header.

Python 3 standard library only. Exit 0 when every check passes, 1 when
one fails, 2 when a source cannot be read or parsed the way this script
expects (then the script itself needs teaching, which the message says).
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
META = "scripts/types/assay.lua"
STOCK = "scripts/stock.lua"


class ParseError(Exception):
    """A source does not have the shape this script reads."""


def read(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return f.read()


# ---- C ------------------------------------------------------------------

# A C string or character literal, or a comment.
C_TOKEN = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
                     r'|/\*.*?\*/|//[^\n]*', re.S)


def c_strip_comments(src):
    """src with comments blanked (newlines kept), literals untouched."""
    def blank(m):
        t = m.group(0)
        if t.startswith("/"):
            return re.sub(r"[^\n]", " ", t)
        return t
    return C_TOKEN.sub(blank, src)


def c_strings(text):
    """The string literals in text, in order, unescaped enough for names."""
    return [bytes(s[1:-1], "utf-8").decode("unicode_escape")
            for s in re.findall(r'"(?:\\.|[^"\\\n])*"', text)]


def c_body(src, name, rel):
    """The body (between the outer braces) of C function `name`."""
    m = re.search(r"\b%s\s*\([^;{]*?\)\s*\{" % re.escape(name), src)
    if not m:
        raise ParseError("%s: no function %s()" % (rel, name))
    i, depth = m.end(), 1
    while depth:
        if i >= len(src):
            raise ParseError("%s: %s() has unbalanced braces" % (rel, name))
        c = src[i]
        if c in "\"'":
            lit = C_TOKEN.match(src, i)
            i = lit.end() if lit else i + 1
            continue
        depth += {"{": 1, "}": -1}.get(c, 0)
        i += 1
    return src[m.end():i - 1]


def c_array(src, name, rel):
    """The strings of a `... name[] = {"a", "b", NULL};` initialiser."""
    m = re.search(r"\b%s\s*\[\s*\]\s*=\s*\{(.*?)\}\s*;" % re.escape(name),
                  src, re.S)
    if not m:
        raise ParseError("%s: no string array %s[]" % (rel, name))
    names = c_strings(m.group(1))
    if not names:
        raise ParseError("%s: %s[] holds no names" % (rel, name))
    return names


def c_reg(src, name, rel):
    """The Lua names of a luaL_Reg table."""
    m = re.search(r"luaL_Reg\s+%s\s*\[\s*\]\s*=\s*\{(.*)\}\s*;"
                  % re.escape(name), src, re.S)
    if not m:
        raise ParseError("%s: no luaL_Reg table %s[]" % (rel, name))
    body = m.group(1).split("};")[0]
    names = re.findall(r'\{\s*"([^"]+)"\s*,', body)
    if not names:
        raise ParseError("%s: luaL_Reg %s[] holds no names" % (rel, name))
    return names


def strcmp_keys(body):
    """The names a function compares a key with: !strcmp(k, "name")."""
    return re.findall(r'strcmp\(\s*\w+\s*,\s*"([^"]+)"\s*\)', body)


def c_define(src, name, rel):
    m = re.search(r'#define\s+%s\s+"([^"]+)"' % re.escape(name), src)
    if not m:
        raise ParseError('%s: no #define %s "..."' % (rel, name))
    return m.group(1)


# ---- Lua annotations ----------------------------------------------------

FIELD = re.compile(r"^---@field\s+(?:(?:private|protected|public|package)\s+)?"
                   r"(\[[^\]]*\]|[A-Za-z_][\w]*)(\??)\s+(.*)$")


def lua_classes(text):
    """{class: {"fields": {name: type-and-doc}, "methods": set}} of a file."""
    classes, var_class = {}, {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^---@class\s+([\w.]+)", lines[i])
        if not m:
            i += 1
            continue
        cls = classes.setdefault(m.group(1), {"fields": {}, "methods": set()})
        i += 1
        while i < len(lines) and lines[i].startswith("---"):
            f = FIELD.match(lines[i])
            if f:
                cls["fields"][f.group(1)] = f.group(3)
            i += 1
        if i < len(lines):
            v = re.match(r"^local\s+(\w+)\s*=\s*\{\s*\}", lines[i])
            if v:
                var_class[v.group(1)] = m.group(1)
    for line in lines:
        m = re.match(r"^function\s+(\w+)[:.](\w+)\s*\(", line)
        if m and m.group(1) in var_class:
            classes[var_class[m.group(1)]]["methods"].add(m.group(2))
    return classes


def lua_alias_literals(text, name):
    """The "string" members of ---@alias name (inline or ---| lines)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^---@alias\s+%s(?:\s+(.*))?$" % re.escape(name), line)
        if not m:
            continue
        found = re.findall(r'"([^"]*)"', (m.group(1) or "").split("#")[0])
        for more in lines[i + 1:]:
            if not more.startswith("---|"):
                break
            found += re.findall(r'^---\|\s*"([^"]*)"', more)
        return found
    return None


def lua_globals(text):
    """Names of global functions a file declares: function name(...)."""
    return set(re.findall(r"^function\s+([A-Za-z_]\w*)\s*\(", text, re.M))


# ---- The checks ---------------------------------------------------------

class Checker:
    def __init__(self, verbose=False):
        self.passed = 0
        self.failures = []
        self.verbose = verbose

    def same(self, what, c_side, c_names, lua_side, lua_names):
        """One check: two sets of names must be equal."""
        c_set, lua_set = set(c_names), set(lua_names)
        if self.verbose:
            print("%s: %s" % (what, " ".join(sorted(c_set | lua_set))))
        if c_set == lua_set:
            self.passed += 1
            return
        for n in sorted(c_set - lua_set):
            self.failures.append("%s: '%s' is in %s but not in %s"
                                 % (what, n, c_side, lua_side))
        for n in sorted(lua_set - c_set):
            self.failures.append("%s: '%s' is in %s but not in %s"
                                 % (what, n, lua_side, c_side))

    def ok(self, what, cond, detail):
        if cond:
            self.passed += 1
        else:
            self.failures.append("%s: %s" % (what, detail))


def need_class(classes, name):
    if name not in classes:
        raise ParseError("%s: no ---@class %s" % (META, name))
    return classes[name]


def named(fields):
    """Field names that are keys, not positions such as [1]."""
    return [f for f in fields if not f.startswith("[")]


def check_objects(ck, meta, classes):
    rel = "core/lproject.c"
    raw = read(rel)
    src = c_strip_comments(raw)
    project_cls = c_define(src, "PROJECT_MT", rel)
    indicator_cls = c_define(src, "INDICATOR_MT", rel)

    # Every luaL_Reg table must be one this script knows the class of.
    known_regs = {"project_methods": project_cls}
    for reg in re.findall(r"luaL_Reg\s+(\w+)\s*\[", src):
        if reg not in known_regs:
            raise ParseError("%s: luaL_Reg table %s[] is new; teach "
                             "tests/embed/check_types.py which class it "
                             "belongs to" % (rel, reg))

    proj = need_class(classes, project_cls)
    ck.same("project methods", "%s project_methods[]" % rel,
            c_reg(src, "project_methods", rel),
            "%s class %s methods" % (META, project_cls), proj["methods"])
    fields = strcmp_keys(c_body(src, "project_index", rel))
    if not fields:
        raise ParseError("%s: project_index() compares no key" % rel)
    ck.same("project fields", "%s project_index()" % rel, fields,
            "%s class %s ---@field" % (META, project_cls),
            named(proj["fields"]))

    ind = need_class(classes, indicator_cls)
    body = c_body(src, "indicator_index", rel)
    fields = strcmp_keys(body)
    if not fields:
        raise ParseError("%s: indicator_index() compares no key" % rel)
    ck.same("indicator fields", "%s indicator_index()" % rel, fields,
            "%s class %s ---@field" % (META, indicator_cls),
            named(ind["fields"]))
    ck.ok("indicator methods", not ind["methods"],
          "%s gives class %s methods %s, but lproject.c has none"
          % (META, indicator_cls, sorted(ind["methods"])))
    # The lists the "no field" errors name and take hints from.
    ck.same("indicator field list", "%s indicator_index()" % rel, fields,
            "%s INDICATOR_FIELDS[]" % rel,
            c_array(src, "INDICATOR_FIELDS", rel))
    ck.same("project field list", "%s project_index()" % rel,
            strcmp_keys(c_body(src, "project_index", rel)),
            "%s PROJECT_FIELDS[]" % rel, c_array(src, "PROJECT_FIELDS", rel))


def check_declarations(ck, meta, classes):
    rel = "core/script.c"
    src = c_strip_comments(read(rel))

    crit = need_class(classes, "assay.criterion_spec")
    ck.same("criterion{} keys", "%s CRITERION_KEYS[]" % rel,
            c_array(src, "CRITERION_KEYS", rel),
            "%s class assay.criterion_spec" % META, named(crit["fields"]))

    wbody = c_body(src, "l_weighting", rel)
    wt = need_class(classes, "assay.weighting_spec")
    ck.same("weighting{} keys", "%s l_weighting() keys[]" % rel,
            c_array(wbody, "keys", rel),
            "%s class assay.weighting_spec" % META, named(wt["fields"]))
    aggs = [k for k in strcmp_keys(wbody)]
    literals = lua_alias_literals(meta, "assay.aggregate")
    if literals is None:
        raise ParseError("%s: no ---@alias assay.aggregate" % META)
    ck.same("aggregate names", "%s l_weighting()" % rel, aggs,
            "%s alias assay.aggregate" % META, literals)

    # Which key list read_rules() uses for which rule list.
    rbody = c_body(src, "read_rules", rel)
    if not re.search(r"coverage_ok\s*\?\s*with_cov\s*:\s*without", rbody):
        raise ParseError("%s: read_rules() no longer picks with_cov or "
                         "without by coverage_ok; teach "
                         "tests/embed/check_types.py" % rel)
    lists = {"1": c_array(rbody, "with_cov", rel),
             "0": c_array(rbody, "without", rel)}
    calls = re.findall(r'read_rules\(\s*L\s*,\s*\w+\s*,\s*"(\w+)"\s*,'
                       r'[^,]+,\s*([01])\s*,', src)
    rule_class = {"bands": ("assay.criterion_spec", "assay.band_rule"),
                  "verdicts": ("assay.weighting_spec", "assay.verdict_rule")}
    seen = set()
    for key, cov in calls:
        if key not in rule_class:
            raise ParseError("%s: rules under '%s' are new; teach "
                             "tests/embed/check_types.py their class"
                             % (rel, key))
        seen.add(key)
        owner, cls = rule_class[key]
        rule = need_class(classes, cls)
        ck.same("%s rule keys" % key,
                "%s read_rules(\"%s\") key list" % (rel, key), lists[cov],
                "%s class %s" % (META, cls), named(rule["fields"]))
        ck.ok("%s rule label" % key, "[1]" in rule["fields"],
              "%s class %s has no ---@field [1] for the label"
              % (META, cls))
        typ = classes[owner]["fields"].get(key, "")
        ck.ok("%s type" % key, cls in typ,
              "%s: %s.%s is not typed with %s" % (META, owner, key, cls))
    if seen != set(rule_class):
        raise ParseError("%s: read_rules() is not called for %s"
                         % (rel, sorted(set(rule_class) - seen)))

    globals_c = re.findall(r'sandbox_setglobal\(\s*L\s*,\s*"(\w+)"\s*\)', src)
    if not globals_c:
        raise ParseError("%s: sets no global with sandbox_setglobal" % rel)
    declared = lua_globals(meta)
    ck.same("declaration globals", "%s sandbox_setglobal()" % rel, globals_c,
            "%s global functions" % META,
            [g for g in declared if g in set(globals_c) | {"criterion",
                                                           "weighting"}])


def check_results(ck, meta, classes):
    rel = "core/lresults.c"
    src = c_strip_comments(read(rel))
    res = need_class(classes, "assay.criterion_result")
    ck.same("criterion result fields", "%s FIELDS[]" % rel,
            c_array(src, "FIELDS", rel), "%s class assay.criterion_result"
            % META, named(res["fields"]))
    info = need_class(classes, "assay.verdict_info")
    ck.same("verdict when() info fields", "%s INFO[]" % rel,
            c_array(src, "INFO", rel), "%s class assay.verdict_info" % META,
            named(info["fields"]))

    rel = "core/project.c"
    src = c_strip_comments(read(rel))
    names = c_array(c_body(src, "ay_indicator_status_name", rel), "names", rel)
    lits = lua_alias_literals(meta, "assay.indicator_status")
    if lits is None:
        raise ParseError("%s: no ---@alias assay.indicator_status" % META)
    ck.same("indicator statuses", "%s ay_indicator_status_name()" % rel, names,
            "%s alias assay.indicator_status" % META, lits)

    found = None
    for rel in ("core/result.c", "core/util.c", "core/engine.c",
                "core/eval.c"):
        src = c_strip_comments(read(rel))
        if re.search(r"\bay_status_name\s*\([^;{]*\)\s*\{", src):
            found = rel
            break
    if not found:
        raise ParseError("core/: no definition of ay_status_name()")
    body = c_body(src, "ay_status_name", found)
    names = c_strings(body)
    lits = lua_alias_literals(meta, "assay.criterion_status")
    if lits is None:
        raise ParseError("%s: no ---@alias assay.criterion_status" % META)
    ck.same("criterion statuses", "%s ay_status_name()" % found, names,
            "%s alias assay.criterion_status" % META, lits)


def check_sandbox(ck, meta):
    rel = "core/sandbox.c"
    raw = read(rel)
    src = c_strip_comments(raw)
    body = c_body(raw, "open_sandbox", rel)
    start = body.find("the scripts' globals")
    end = body.find("ENV_KEY", start)
    if start < 0 or end < 0:
        raise ParseError("%s: open_sandbox() no longer builds \"the "
                         "scripts' globals\" before storing them at "
                         "ENV_KEY; teach tests/embed/check_types.py" % rel)
    extra = [n for n in re.findall(
        r'lua_setfield\(\s*L\s*,\s*-2\s*,\s*"(\w+)"\s*\)', body[start:end])
        if not n.startswith("__")]
    extra += re.findall(r'set_closure\(\s*L\s*,\s*BASE\s*,\s*"(\w+)"\s*,',
                        body)
    script_src = c_strip_comments(read("core/script.c"))
    declared = re.findall(r'sandbox_setglobal\(\s*L\s*,\s*"(\w+)"\s*\)',
                          script_src)
    header = {}
    for key in ("globals", "libraries", "blocked"):
        m = re.search(r"^--\s+%s:\s+(.*)$" % key, meta, re.M)
        if not m:
            raise ParseError("%s: the header has no '--   %s: ...' line"
                             % (META, key))
        header[key] = m.group(1).split()
    ck.same("sandbox globals", "%s ALLOWED[] and open_sandbox(), and "
            "core/script.c" % rel,
            c_array(src, "ALLOWED", rel) + extra + declared,
            "%s header 'globals:'" % META, header["globals"])
    ck.same("sandbox libraries", "%s LIBRARIES[]" % rel,
            c_array(src, "LIBRARIES", rel),
            "%s header 'libraries:'" % META, header["libraries"])
    ck.same("sandbox blocked names", "%s BLOCKED[]" % rel,
            c_array(src, "BLOCKED", rel),
            "%s header 'blocked:'" % META, header["blocked"])


FUNC_DEF = re.compile(r"^\s*(?:local\s+)?function\s+([\w.:]+)\s*\(([^)]*)\)"
                      r"|^\s*(?:local\s+)?([\w.]+)\s*=\s*function\s*"
                      r"\(([^)]*)\)")


def check_stock(ck):
    text = read(STOCK)
    lines = text.split("\n")
    m = re.search(r"^return\s+(\w+)\s*$", text, re.M)
    if not m or not re.search(r"^local\s+%s\s*=\s*\{\s*\}" % m.group(1),
                              text, re.M):
        raise ParseError("%s: expected 'local M = {}' ... 'return M'"
                         % STOCK)
    mod = m.group(1)

    public, annotated, params = set(), {}, {}
    i = 0
    while i < len(lines):
        line = lines[i]
        d = FUNC_DEF.match(line)
        if d:
            name = d.group(1) or d.group(3)
            args = d.group(2) if d.group(1) else d.group(4)
            if re.fullmatch(r"%s\.\w+" % re.escape(mod), name) and \
                    not line.startswith((" ", "\t", "local")):
                public.add(name)
            params[name] = [a.strip() for a in args.split(",") if a.strip()]
            # The comment block directly above the definition.
            doc, k = [], i - 1
            while k >= 0 and lines[k].lstrip().startswith("--"):
                doc.append(lines[k].strip())
                k -= 1
            tags = [x for x in doc if re.match(r"---@(param|return)\b", x)]
            if tags:
                annotated[name] = [
                    re.match(r"---@param\s+([\w.]+)", x).group(1)
                    for x in doc if x.startswith("---@param")]
        elif re.match(r"\s*---@(param|return)\b", line):
            # An annotation must lead, through comments only, to a function.
            k = i
            while k < len(lines) and lines[k].lstrip().startswith("--"):
                k += 1
            if k >= len(lines) or not FUNC_DEF.match(lines[k]):
                ck.failures.append(
                    "stock annotations: %s:%d: '%s' is not directly above a "
                    "function" % (STOCK, i + 1, line.strip()))
        i += 1
    if not public:
        raise ParseError("%s: no 'function %s.name(...)' found"
                         % (STOCK, mod))
    ck.same("stock functions", "%s public functions" % STOCK, public,
            "%s functions with ---@param/---@return" % STOCK, annotated)
    for name in sorted(set(annotated) & public):
        ck.same("stock %s parameters" % name,
                "the parameters of %s" % name, params[name],
                "its ---@param lines",
                [p.rstrip("?") for p in annotated[name]])


def main():
    ck = Checker(verbose="-v" in sys.argv[1:])
    try:
        meta = read(META)
        if not re.match(r"---@meta\b", meta):
            raise ParseError("%s: the first line must be ---@meta" % META)
        classes = lua_classes(meta)
        check_objects(ck, meta, classes)
        check_declarations(ck, meta, classes)
        check_results(ck, meta, classes)
        check_sandbox(ck, meta)
        check_stock(ck)
    except (OSError, ParseError) as e:
        print("check_types: cannot check: %s" % e, file=sys.stderr)
        return 2
    for f in ck.failures:
        print("FAIL %s" % f)
    print("check_types: %d passed, %d failed" % (ck.passed, len(ck.failures)))
    return 1 if ck.failures else 0


if __name__ == "__main__":
    sys.exit(main())

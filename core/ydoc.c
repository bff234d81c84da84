/*
 * ydoc.c -- one YAML document into a compact node tree, through libyaml's
 * event API.
 *
 * Nodes live in one array in the document's arena and link to their first
 * child and next sibling by index. Scalars are resolved by the YAML 1.2
 * core schema (so `country: NO` stays a string). Limits are enforced in the
 * event loop, before a hostile document can cost much. An alias becomes a
 * copy of its anchor's node that shares the anchor's children, and counts
 * as the whole subtree it expands to.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "ay_yaml.h"

#define MAX_DIAGS 20
#define TAG_PREFIX "tag:yaml.org,2002:"

void ay_ydoc_error(ay_ydoc *doc, uint32_t line, uint32_t col, const char *fmt, ...)
{
    if (doc->ndiags++ >= MAX_DIAGS)
        return;
    ay_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    ay_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    ay_ydiag *d = ay_arena_alloc(doc->a, sizeof *d);
    if (d) {
        d->line = line;
        d->col = col;
        d->msg = msg.oom ? "out of memory"
                         : ay_clean_message(doc->a, ay_buf_cstr(&msg), msg.n,
                                            doc->msgmax);
        *doc->tail = d;
        doc->tail = &d->next;
    }
    ay_buf_free(&msg);
}

/* Room for more nodes: the array doubles, in the arena. */
static int grow(ay_ydoc *doc)
{
    uint32_t cap = doc->cap ? doc->cap * 2 : 256;
    /* not zeroed: each node is, as it is taken */
    ay_ynode *n = ay_arena_alloc_raw(doc->a, cap * sizeof *n);
    if (!n)
        return 0;
    if (doc->len)
        memcpy(n, doc->n, doc->len * sizeof *n);
    doc->n = n;
    doc->cap = cap;
    return 1;
}

/* A new zeroed node's index, or 0 when out of memory. */
static inline uint32_t new_node(ay_ydoc *doc)
{
    if (doc->len == doc->cap && !grow(doc))
        return 0;
    doc->n[doc->len] = (ay_ynode){0};
    return doc->len++;
}

uint32_t ay_ydoc_node(ay_ydoc *doc)
{
    return new_node(doc);
}

/* ---- Scalars --------------------------------------------------------- */

static int all(const char *s, const char *set)
{
    if (!*s)
        return 0;
    return s[strspn(s, set)] == 0;
}

static int is_float_text(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    size_t digits = strspn(s, "0123456789");
    s += digits;
    if (*s == '.') {
        s++;
        size_t frac = strspn(s, "0123456789");
        if (!digits && !frac)
            return 0;
        s += frac;
    } else if (!digits) {
        return 0;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!all(s, "0123456789"))
            return 0;
        return 1;
    }
    return *s == 0;
}

static const char *const NULLS[] = {"", "~", "null", "Null", "NULL", NULL};
static const char *const TRUES[] = {"true", "True", "TRUE", NULL};
static const char *const FALSES[] = {"false", "False", "FALSE", NULL};
static const char *const INFS[] = {".inf", ".Inf", ".INF", NULL};
static const char *const NANS[] = {".nan", ".NaN", ".NAN", NULL};

/* Whether a plain scalar that begins with c may be something else than a
 * string: a null, a boolean, a number, .inf or .nan. */
static inline int may_be_typed(char c)
{
    static const unsigned char typed[256] = {
        ['~'] = 1, ['n'] = 1, ['N'] = 1, ['t'] = 1, ['T'] = 1, ['f'] = 1,
        ['F'] = 1, ['+'] = 1, ['-'] = 1, ['.'] = 1, ['0'] = 1, ['1'] = 1,
        ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
        ['8'] = 1, ['9'] = 1};
    return typed[(unsigned char)c];
}

/* Resolve a scalar's text to a typed value. want is the explicit core tag
 * ("str", "int", ...) or NULL for a plain scalar. Returns 0 or reports. */
int ay_ydoc_resolve(ay_ydoc *doc, ay_ynode *n, const char *want)
{
    const char *s = n->text;
    const char *sign = (*s == '+' || *s == '-') ? s + 1 : s;
    /* Most scalars are words, and only these bytes can begin anything
     * else: nulls, booleans, numbers, .inf and .nan. */
    if ((want && !strcmp(want, "str")) || (!want && *s && !may_be_typed(*s))) {
        n->type = YN_STR;
        return ASSAY_OK;
    }
    if ((!want || !strcmp(want, "null")) && ay_in(s, NULLS)) {
        n->type = YN_NULL;
        return ASSAY_OK;
    }
    if (!want || !strcmp(want, "bool")) {
        if (ay_in(s, TRUES) || ay_in(s, FALSES)) {
            n->type = YN_BOOL;
            n->v.b = ay_in(s, TRUES);
            return ASSAY_OK;
        }
    }
    if (!want || !strcmp(want, "int") || !strcmp(want, "float")) {
        int base = 0;
        const char *digits = NULL;
        if (all(sign, "0123456789"))
            base = 10, digits = s;
        else if (!strncmp(s, "0o", 2) && all(s + 2, "01234567"))
            base = 8, digits = s + 2;
        else if (!strncmp(s, "0x", 2) && all(s + 2, "0123456789abcdefABCDEF"))
            base = 16, digits = s + 2;
        if (base) {
            errno = 0;
            long long v = strtoll(digits, NULL, base);
            if (errno == 0) {
                n->type = YN_INT;
                n->v.i = v;
                if (want && !strcmp(want, "float")) {
                    n->type = YN_FLOAT;
                    n->v.d = (double)v;
                }
                return ASSAY_OK;
            }
            if (base != 10) {
                ay_ydoc_error(doc, n->line, n->col,
                              "number '%.40s' is out of range", s);
                return ASSAY_EINPUT;
            }
            n->type = YN_FLOAT; /* too large for an integer */
            n->v.d = strtod(s, NULL);
        } else if (is_float_text(s)) {
            n->type = YN_FLOAT;
            n->v.d = strtod(s, NULL);
        } else if (ay_in(sign, INFS) || ay_in(s, NANS)) {
            ay_ydoc_error(doc, n->line, n->col,
                          "non-finite number '%s' is not allowed", s);
            return ASSAY_EINPUT;
        }
        if (n->type == YN_FLOAT && (!want || strcmp(want, "int"))) {
            if (!isfinite(n->v.d)) {
                ay_ydoc_error(doc, n->line, n->col,
                              "number '%.40s' is out of range", s);
                return ASSAY_EINPUT;
            }
            return ASSAY_OK;
        }
    }
    if (!want) {
        n->type = YN_STR;
        return ASSAY_OK;
    }
    ay_ydoc_error(doc, n->line, n->col, "'%.40s' is not a valid !!%s", s, want);
    return ASSAY_EINPUT;
}

/* ---- The event loop -------------------------------------------------- */

typedef struct anchor {
    const char *name;
    uint32_t node;
    int open;              /* still being read: an alias to it is a cycle */
} anchor;

typedef struct frame {
    uint32_t node, last;   /* the container and its last child */
    int anchor;            /* index of its anchor, or -1 */
} frame;

typedef struct loader {
    ay_ydoc *doc;
    const ay_chunk *c;
    const assay_limits *lim;
    frame *stack;
    unsigned depth;
    anchor *anchors;
    unsigned nanchors, capanchors;
    uint32_t expanded;     /* nodes, aliases counted at full size */
    unsigned aliases;
} loader;

/* Make child the next child of the open container, or the root; a child
 * that is a mapping's key must be a short scalar. */
static inline int attach(loader *ld, uint32_t child)
{
    ay_ydoc *doc = ld->doc;
    if (ld->depth == 0) {
        doc->root = child;
        return ASSAY_OK;
    }
    frame *f = &ld->stack[ld->depth - 1];
    ay_ynode *parent = &doc->n[f->node];
    if (parent->type == YN_MAP && parent->count % 2 == 0) {
        const ay_ynode *k = &doc->n[child];
        if (k->type == YN_MAP || k->type == YN_SEQ) {
            ay_ydoc_error(doc, k->line, k->col,
                          "mapping keys must be scalars, not a %s",
                          k->type == YN_MAP ? "mapping" : "sequence");
            return ASSAY_EINPUT;
        }
        if (k->len > ld->lim->key_bytes) {
            ay_ydoc_error(doc, k->line, k->col,
                          "key is %u bytes long, over the limit of %zu", k->len,
                          ld->lim->key_bytes);
            return ASSAY_EINPUT;
        }
    }
    if (f->last)
        doc->n[f->last].next = child;
    else
        parent->first = child;
    f->last = child;
    parent->count++;
    return ASSAY_OK;
}

typedef struct keyref {
    const ay_ynode *n;
    uint32_t idx;
} keyref;

static int cmp_keyref(const void *a, const void *b)
{
    const keyref *x = a, *y = b;
    size_t n = x->n->len < y->n->len ? x->n->len : y->n->len;
    int c = memcmp(x->n->text, y->n->text, n);
    if (c == 0 && x->n->len != y->n->len)
        c = x->n->len < y->n->len ? -1 : 1;
    if (c == 0)
        c = x->idx < y->idx ? -1 : 1;
    return c;
}

/* Sort a closed mapping's keys to find duplicates in n log n. */
static int check_duplicates(loader *ld, uint32_t map)
{
    ay_ydoc *doc = ld->doc;
    uint32_t nkeys = doc->n[map].count / 2;
    if (nkeys < 2)
        return ASSAY_OK;
    if (nkeys <= 16) {
        /* small: a key's length and first and last bytes tell most keys
         * apart (CAP1, CAP2, ...), so keys are put in a table of 32 by
         * those; only two alike are compared, and only two equal send
         * the mapping to the sort, which reports */
        uint64_t sig[32] = {0};
        uint32_t at[32];
        int dup = 0;
        for (uint32_t k = doc->n[map].first; k && !dup;
             k = doc->n[doc->n[k].next].next) {
            const ay_ynode *n = &doc->n[k];
            const unsigned char *t = (const unsigned char *)n->text;
            uint64_t g = (uint64_t)1 << 63 | (uint64_t)n->len << 16 |
                         (n->len ? (unsigned)t[0] << 8 | t[n->len - 1] : 0);
            unsigned h = (unsigned)((g * 0x9E3779B97F4A7C15u) >> 59);
            for (; sig[h] && !dup; h = (h + 1) & 31)
                dup = sig[h] == g &&
                      !memcmp(doc->n[at[h]].text, n->text, n->len);
            sig[h] = g;
            at[h] = k;
        }
        if (!dup)
            return ASSAY_OK;
    }
    keyref *keys = ay_arena_alloc(doc->a, nkeys * sizeof *keys);
    if (!keys)
        return ASSAY_EINPUT;
    uint32_t i = 0;
    for (uint32_t k = doc->n[map].first; k; k = doc->n[doc->n[k].next].next)
        keys[i].n = &doc->n[k], keys[i].idx = i, i++;
    qsort(keys, nkeys, sizeof *keys, cmp_keyref);
    int bad = ASSAY_OK;
    for (i = 1; i < nkeys; i++) {
        const ay_ynode *a = keys[i - 1].n, *b = keys[i].n;
        if (a->len == b->len && !memcmp(a->text, b->text, a->len)) {
            ay_ydoc_error(doc, b->line, b->col,
                          "duplicate key '%.80s' (first at line %u)", b->text,
                          a->line);
            bad = ASSAY_EINPUT;
        }
    }
    return bad;
}

/* The core schema's name of tag in *name (NULL for "!"); the callers
 * leave *name NULL when there is no tag. */
static int core_tag(loader *ld, const char *tag, uint32_t line, uint32_t col,
                    const char **name)
{
    *name = NULL;
    if (!strcmp(tag, "!"))
        return ASSAY_OK;
    static const char *const core[] = {"str", "int",  "float", "bool",
                                       "null", "map", "seq",  NULL};
    if (!strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) &&
        ay_in(tag + strlen(TAG_PREFIX), core)) {
        *name = tag + strlen(TAG_PREFIX);
        return ASSAY_OK;
    }
    ay_ydoc_error(ld->doc, line, col,
                  "tag '%.80s' is not allowed (only the core schema's)", tag);
    return ASSAY_EINPUT;
}

/* Add an anchor, open (its node still being read) or not; returns its
 * index, or -1 when out of memory. */
static int add_anchor(loader *ld, const char *name, uint32_t node, int open)
{
    if (ld->nanchors == ld->capanchors) {
        unsigned cap = ld->capanchors ? ld->capanchors * 2 : 8;
        anchor *a = ay_arena_alloc(ld->doc->a, cap * sizeof *a);
        if (!a)
            return -1;
        if (ld->nanchors)
            memcpy(a, ld->anchors, ld->nanchors * sizeof *a);
        ld->anchors = a;
        ld->capanchors = cap;
    }
    /* A redefined anchor shadows the earlier one, as YAML says. */
    anchor *a = &ld->anchors[ld->nanchors++];
    a->name = ay_arena_strdup(ld->doc->a, name);
    a->node = node;
    a->open = open;
    return a->name ? (int)(ld->nanchors - 1) : -1;
}

static anchor *find_anchor(loader *ld, const char *name)
{
    for (unsigned i = ld->nanchors; i-- > 0;)
        if (!strcmp(ld->anchors[i].name, name))
            return &ld->anchors[i];
    return NULL;
}

static uint32_t abs_line(const loader *ld, yaml_mark_t m)
{
    return ld->c->line + (uint32_t)m.line;
}

/* Position of byte offset off in the chunk, for reader errors: lines
 * counted as libyaml and the chunker count them. */
static void offset_pos(const ay_chunk *c, size_t off, uint32_t *line,
                       uint32_t *col)
{
    uint32_t l = c->line, k = 1;
    for (size_t i = 0; i < off && i < c->len;) {
        size_t brk = ay_line_break(c->text + i, c->len - i);
        if (brk) {
            l++, k = 1;
            i += brk;
            continue;
        }
        if (((unsigned char)c->text[i] & 0xC0) != 0x80)
            k++;
        i++;
    }
    *line = l;
    *col = k;
}

/* The first of the directives that come right before mark in the chunk,
 * found by scanning its tokens again: 0 when no directive does. */
static int directive_before(const ay_chunk *c, yaml_mark_t mark, yaml_mark_t *at)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return 0;
    yaml_parser_set_input_string(&p, (const unsigned char *)c->text, c->len);
    int found = 0;
    for (;;) {
        yaml_token_t t;
        if (!yaml_parser_scan(&p, &t))
            break;
        yaml_token_type_t type = t.type;
        yaml_mark_t m = t.start_mark;
        yaml_token_delete(&t);
        if (type == YAML_STREAM_END_TOKEN || m.index >= mark.index)
            break;
        if (type == YAML_VERSION_DIRECTIVE_TOKEN ||
            type == YAML_TAG_DIRECTIVE_TOKEN) {
            if (!found)
                *at = m;
            found = 1;
        } else if (type != YAML_STREAM_START_TOKEN) {
            found = 0;
        }
    }
    yaml_parser_delete(&p);
    return found;
}

/* docs: the documents the chunk began before the error. */
static void parser_error(loader *ld, yaml_parser_t *p, int docs)
{
    uint32_t line, col;
    if (p->error == YAML_READER_ERROR) {
        size_t off = p->problem_offset;
        const char *problem = p->problem ? p->problem : "unreadable input";
        if (strstr(problem, "trailing") || strstr(problem, "incomplete")) {
            /* libyaml names the byte that broke the sequence; point at
             * the byte that started it, where the damage is. */
            const unsigned char *t = (const unsigned char *)ld->c->text;
            size_t k = off < ld->c->len ? off : ld->c->len;
            while (k > 0 && off - k < 3 && (t[k - 1] & 0xC0) == 0x80)
                k--;
            if (k > 0 && t[k - 1] >= 0xC0) {
                offset_pos(ld->c, k - 1, &line, &col);
                ay_ydoc_error(ld->doc, line, col,
                              "invalid UTF-8: the sequence starting with byte "
                              "0x%02X is cut short", t[k - 1]);
                return;
            }
        }
        offset_pos(ld->c, off, &line, &col);
        if (p->problem_value != -1 && strstr(problem, "Unicode character"))
            ay_ydoc_error(ld->doc, line, col, "%s (U+%04X)", problem,
                          (unsigned)p->problem_value);
        else if (p->problem_value != -1)
            ay_ydoc_error(ld->doc, line, col, "%s (byte 0x%02X)", problem,
                          (unsigned)p->problem_value & 0xFF);
        else
            ay_ydoc_error(ld->doc, line, col, "%s", problem);
        return;
    }
    if (p->error == YAML_MEMORY_ERROR) {
        ay_ydoc_error(ld->doc, ld->c->line, 1, "out of memory while parsing");
        return;
    }
    yaml_mark_t dir;
    if (p->problem && !strcmp(p->problem, "did not find expected <document start>") &&
        directive_before(ld->c, p->problem_mark, &dir)) {
        /* libyaml names the token after the directives, which may be
         * lines further on or the end of the input; the fault is the
         * directive's. A chunk ends at a `...` and at a `---` after its
         * document, so a directive in a chunk that began a document came
         * after that document with no `...` between; else no `---`
         * followed it. */
        ay_ydoc_error(ld->doc, abs_line(ld, dir), (uint32_t)dir.column + 1,
                      docs ? "a directive must follow '...', the end of the "
                          "document before it"
                        : "a directive must be followed by '---' and a "
                          "document");
        return;
    }
    line = abs_line(ld, p->problem_mark);
    col = (uint32_t)p->problem_mark.column + 1;
    if (p->context)
        ay_ydoc_error(ld->doc, line, col, "%s %s (line %u)",
                      p->problem ? p->problem : "syntax error", p->context,
                      abs_line(ld, p->context_mark));
    else
        ay_ydoc_error(ld->doc, line, col, "%s",
                      p->problem ? p->problem : "syntax error");
}

static int on_scalar(loader *ld, yaml_event_t *ev)
{
    ay_ydoc *doc = ld->doc;
    uint32_t line = abs_line(ld, ev->start_mark);
    uint32_t col = (uint32_t)ev->start_mark.column + 1;
    if (ev->data.scalar.length > ld->lim->scalar_bytes) {
        ay_ydoc_error(doc, line, col,
                      "scalar is %zu bytes long, over the limit of %zu",
                      ev->data.scalar.length, ld->lim->scalar_bytes);
        return ASSAY_EINPUT;
    }
    const char *want = NULL;
    if (ev->data.scalar.tag &&
        core_tag(ld, (const char *)ev->data.scalar.tag, line, col, &want) !=
            ASSAY_OK)
        return ASSAY_EINPUT;
    if (want && (!strcmp(want, "map") || !strcmp(want, "seq"))) {
        ay_ydoc_error(doc, line, col, "a scalar cannot have the tag !!%s", want);
        return ASSAY_EINPUT;
    }
    uint32_t i = new_node(doc);
    if (!i)
        return ASSAY_EINPUT;
    ay_ynode *n = &doc->n[i];
    n->line = line;
    n->col = col;
    n->len = (uint32_t)ev->data.scalar.length;
    n->size = 1;
    n->text = ay_arena_strndup(doc->a, (const char *)ev->data.scalar.value,
                               ev->data.scalar.length);
    if (!n->text)
        return ASSAY_EINPUT;
    /* YAML text may hold a NUL ("\0" in a double-quoted scalar), assay's
     * text may not: it would end there, and a name or a quote would be
     * cut short without a word. Reported, and reading goes on. Only an
     * escape makes one: libyaml refuses the byte itself in its input. */
    if (ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
        memchr(n->text, 0, n->len))
        ay_ydoc_error(doc, line, col, "%s", AY_NUL_MESSAGE);
    if (ev->data.scalar.tag && !strcmp((const char *)ev->data.scalar.tag, "!"))
        want = "str";
    else if (!want && ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        want = "str";
    /* A bad value is reported and reading goes on, to report the next;
     * the document is rejected at the end all the same. A string, and a
     * plain scalar that begins as no typed value can, need no resolving. */
    if (want ? !strcmp(want, "str") : n->text[0] && !may_be_typed(n->text[0]))
        n->type = YN_STR;
    else
        ay_ydoc_resolve(doc, n, want);
    if (ev->data.scalar.anchor &&
        add_anchor(ld, (const char *)ev->data.scalar.anchor, i, 0) < 0)
        return ASSAY_EINPUT;
    if (attach(ld, i) != ASSAY_OK)
        return ASSAY_EINPUT;
    return ASSAY_OK;
}

static int on_start(loader *ld, yaml_event_t *ev, int type)
{
    ay_ydoc *doc = ld->doc;
    uint32_t line = abs_line(ld, ev->start_mark);
    uint32_t col = (uint32_t)ev->start_mark.column + 1;
    if (ld->depth >= ld->lim->depth) {
        ay_ydoc_error(doc, line, col, "nesting is deeper than the limit of %u",
                      ld->lim->depth);
        return ASSAY_EINPUT;
    }
    const yaml_char_t *tag = type == YN_MAP ? ev->data.mapping_start.tag
                                            : ev->data.sequence_start.tag;
    const yaml_char_t *anc = type == YN_MAP ? ev->data.mapping_start.anchor
                                            : ev->data.sequence_start.anchor;
    const char *want = NULL;
    if (tag && core_tag(ld, (const char *)tag, line, col, &want) != ASSAY_OK)
        return ASSAY_EINPUT;
    if (want && strcmp(want, type == YN_MAP ? "map" : "seq")) {
        ay_ydoc_error(doc, line, col, "a %s cannot have the tag !!%s",
                      type == YN_MAP ? "mapping" : "sequence", want);
        return ASSAY_EINPUT;
    }
    uint32_t i = new_node(doc);
    if (!i)
        return ASSAY_EINPUT;
    doc->n[i].type = (uint8_t)type;
    doc->n[i].line = line;
    doc->n[i].col = col;
    int anchor = anc ? add_anchor(ld, (const char *)anc, i, 1) : -1;
    if (anc && anchor < 0)
        return ASSAY_EINPUT;
    if (attach(ld, i) != ASSAY_OK)
        return ASSAY_EINPUT;
    ld->stack[ld->depth].node = i;
    ld->stack[ld->depth].last = 0;
    ld->stack[ld->depth].anchor = anchor;
    ld->depth++;
    return ASSAY_OK;
}

static int on_end(loader *ld)
{
    ay_ydoc *doc = ld->doc;
    frame *f = &ld->stack[--ld->depth];
    uint32_t i = f->node;
    if (f->anchor >= 0)
        ld->anchors[f->anchor].open = 0;
    uint32_t size = 1, height = 0;
    for (uint32_t k = doc->n[i].first; k; k = doc->n[k].next) {
        size += doc->n[k].size;
        if (doc->n[k].height > height)
            height = doc->n[k].height;
    }
    doc->n[i].size = size;
    doc->n[i].height = (uint16_t)(height + 1);
    if (doc->n[i].type == YN_MAP)
        return check_duplicates(ld, i);
    return ASSAY_OK;
}

static int on_alias(loader *ld, yaml_event_t *ev)
{
    ay_ydoc *doc = ld->doc;
    uint32_t line = abs_line(ld, ev->start_mark);
    uint32_t col = (uint32_t)ev->start_mark.column + 1;
    const char *name = (const char *)ev->data.alias.anchor;
    if (++ld->aliases > ld->lim->aliases) {
        ay_ydoc_error(doc, line, col, "more than %u aliases in one document",
                      ld->lim->aliases);
        return ASSAY_EINPUT;
    }
    anchor *a = find_anchor(ld, name);
    if (!a) {
        ay_ydoc_error(doc, line, col, "alias '*%.80s' names no anchor", name);
        return ASSAY_EINPUT;
    }
    if (a->open) {
        ay_ydoc_error(doc, line, col,
                   "alias '*%.80s' refers to a node that contains it", name);
        return ASSAY_EINPUT;
    }
    uint32_t i = new_node(doc);
    if (!i)
        return ASSAY_EINPUT;
    ay_ynode *n = &doc->n[i];
    *n = doc->n[a->node];
    n->next = 0;
    n->line = line;
    n->col = col;
    uint32_t size = n->size;
    if (ld->depth + n->height > ld->lim->depth) {
        ay_ydoc_error(doc, line, col,
                      "alias '*%.80s' nests deeper than the limit of %u", name,
                      ld->lim->depth);
        return ASSAY_EINPUT;
    }
    if (size > ld->lim->nodes || ld->expanded + size > ld->lim->nodes) {
        ay_ydoc_error(doc, line, col,
                   "alias '*%.80s' expands past the limit of %u nodes", name,
                   ld->lim->nodes);
        return ASSAY_EINPUT;
    }
    ld->expanded += size - 1; /* the loop counts the alias itself */
    if (attach(ld, i) != ASSAY_OK)
        return ASSAY_EINPUT;
    return ASSAY_OK;
}

int ay_ydoc_parse(ay_ydoc *doc, ay_arena *a, const ay_chunk *c, const assay_limits *lim)
{
    memset(doc, 0, sizeof *doc);
    doc->a = a;
    doc->tail = &doc->diags;
    doc->msgmax = lim->message_bytes;
    if (c->too_big) {
        ay_ydoc_error(doc, c->line, 1,
                      "document is larger than the limit of %zu bytes",
                      lim->doc_bytes);
        return ASSAY_EINPUT;
    }
    loader ld = {.doc = doc, .c = c, .lim = lim};
    ld.stack = ay_arena_alloc(a, (lim->depth + 1) * sizeof *ld.stack);
    if (!ld.stack)
        goto oom;
    ay_ydoc_node(doc); /* node 0: the sentinel, so that 0 can mean "none" */
    if (!doc->len)
        goto oom;

    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        goto oom;
    yaml_parser_set_input_string(&p, (const unsigned char *)c->text, c->len);
    int rc = ASSAY_OK, docs = 0, done = 0;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            parser_error(&ld, &p, docs);
            rc = ASSAY_EINPUT;
            break;
        }
        switch (ev.type) {
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1) {
                ay_ydoc_error(doc, abs_line(&ld, ev.start_mark),
                              (uint32_t)ev.start_mark.column + 1,
                              "a second document begins here without '---'");
                rc = ASSAY_EINPUT;
            }
            break;
        case YAML_SCALAR_EVENT:
            rc = on_scalar(&ld, &ev);
            break;
        case YAML_SEQUENCE_START_EVENT:
            rc = on_start(&ld, &ev, YN_SEQ);
            break;
        case YAML_MAPPING_START_EVENT:
            rc = on_start(&ld, &ev, YN_MAP);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            rc = on_end(&ld);
            break;
        case YAML_ALIAS_EVENT:
            rc = on_alias(&ld, &ev);
            break;
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        default:
            break;
        }
        if (ev.type == YAML_SCALAR_EVENT || ev.type == YAML_ALIAS_EVENT ||
            ev.type == YAML_MAPPING_START_EVENT ||
            ev.type == YAML_SEQUENCE_START_EVENT) {
            if (++ld.expanded > lim->nodes && rc == ASSAY_OK) {
                ay_ydoc_error(doc, abs_line(&ld, ev.start_mark),
                              (uint32_t)ev.start_mark.column + 1,
                              "document has more than the limit of %u nodes",
                              lim->nodes);
                rc = ASSAY_EINPUT;
            }
        }
        yaml_event_delete(&ev);
        if (rc != ASSAY_OK)
            break;
    }
    yaml_parser_delete(&p);
    if (rc != ASSAY_OK || doc->ndiags)
        return ASSAY_EINPUT;
    if (!docs || !doc->root || doc->n[doc->root].type == YN_NULL)
        return ASSAY_DONE;
    return ASSAY_OK;

oom:
    ay_ydoc_error(doc, c->line, 1, "out of memory");
    return ASSAY_EINPUT;
}

/* ---- Reading the tree ------------------------------------------------ */

uint32_t ay_ydoc_map_get(const ay_ydoc *doc, uint32_t map, const char *key)
{
    if (!map || doc->n[map].type != YN_MAP)
        return 0;
    size_t len = strlen(key);
    for (uint32_t k = doc->n[map].first; k; k = doc->n[doc->n[k].next].next) {
        const ay_ynode *n = &doc->n[k];
        if (n->len == len && !memcmp(n->text, key, len))
            return n->next;
    }
    return 0;
}

void ay_ydoc_json(const ay_ydoc *doc, uint32_t node, ay_buf *b)
{
    const ay_ynode *n = &doc->n[node];
    switch (n->type) {
    case YN_NULL: ay_buf_puts(b, "null"); break;
    case YN_BOOL: ay_buf_puts(b, n->v.b ? "true" : "false"); break;
    case YN_INT: ay_buf_printf(b, "%lld", (long long)n->v.i); break;
    case YN_FLOAT: ay_json_number(b, n->v.d); break;
    case YN_STR: ay_json_string(b, n->text, n->len); break;
    case YN_SEQ:
        ay_buf_putc(b, '[');
        for (uint32_t k = n->first; k; k = doc->n[k].next) {
            ay_ydoc_json(doc, k, b);
            if (doc->n[k].next)
                ay_buf_putc(b, ',');
        }
        ay_buf_putc(b, ']');
        break;
    case YN_MAP:
        ay_buf_putc(b, '{');
        for (uint32_t k = n->first; k; k = doc->n[doc->n[k].next].next) {
            ay_json_string(b, doc->n[k].text, doc->n[k].len);
            ay_buf_putc(b, ':');
            ay_ydoc_json(doc, doc->n[k].next, b);
            if (doc->n[doc->n[k].next].next)
                ay_buf_putc(b, ',');
        }
        ay_buf_putc(b, '}');
        break;
    }
}

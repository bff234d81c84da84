/*
 * build.c -- projects built in code (assay_project_*).
 *
 * A built project is a YAML node tree like the one ydoc.c reads from a
 * file, kept in the project's own arena, so evaluation checks and reads it
 * with the same code as a case document. Replaced values stay in the arena
 * unreachable until the project is freed.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "assay_int.h"

struct assay_project {
    arena a;
    ydoc doc;
    char *file;              /* origin, for diagnostics and results */
    unsigned long line;
    buf err;                 /* message of the last failure */
    int code;                /* and its status code */
    locale_t c_locale;       /* numbers are read and written in "C" */
};

static int fail(assay_project *p, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(assay_project *p, int code, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    p->err.n = 0;
    buf_puts(&p->err, tmp);
    buf_cstr(&p->err);
    return p->code = code;
}

static uint32_t node(assay_project *p, int type)
{
    uint32_t i = ydoc_node(&p->doc);
    if (i) {
        p->doc.n[i].type = (uint8_t)type;
        p->doc.n[i].line = (uint32_t)p->line;
    }
    return i;
}

/* A scalar node holding a copy of text: typed by the core schema when
 * plain, else a string. 0 when out of memory or rejected (message set). */
static uint32_t scalar(assay_project *p, const char *text, size_t len,
                       int plain)
{
    uint32_t i = node(p, YN_STR);
    char *t = i ? arena_strndup(&p->a, text, len) : NULL;
    if (!t) {
        fail(p, ASSAY_ENOMEM, "out of memory");
        return 0;
    }
    if (len > UINT32_MAX) {
        fail(p, ASSAY_EINVAL, "a value of %zu bytes is too long", len);
        return 0;
    }
    ynode *n = &p->doc.n[i];
    n->text = t;
    n->len = (uint32_t)len;
    if (plain) {
        p->doc.diags = NULL;
        p->doc.tail = &p->doc.diags;
        p->doc.ndiags = 0;
        locale_t host = p->c_locale ? uselocale(p->c_locale) : (locale_t)0;
        int bad = ydoc_resolve(&p->doc, n, NULL) < 0;
        ay_leave(host);
        if (bad) {
            fail(p, ASSAY_EINVAL, "%s",
                 p->doc.diags ? p->doc.diags->msg : "bad value");
            return 0;
        }
    }
    return i;
}

/* Link child as the last child of parent. */
static void append(ydoc *d, uint32_t parent, uint32_t child)
{
    uint32_t *at = &d->n[parent].first;
    while (*at)
        at = &d->n[*at].next;
    *at = child;
    d->n[parent].count++;
}

/* The value node under key in map, 0 when none; *keyp gets the key. */
static uint32_t lookup(const ydoc *d, uint32_t map, const char *key,
                       size_t len, uint32_t *keyp)
{
    for (uint32_t k = d->n[map].first; k; k = d->n[d->n[k].next].next)
        if (d->n[k].len == len && !memcmp(d->n[k].text, key, len)) {
            if (keyp)
                *keyp = k;
            return d->n[k].next;
        }
    return 0;
}

/* Put value under key in map, replacing what was there. */
static int put(assay_project *p, uint32_t map, const char *key, size_t len,
               uint32_t value)
{
    ydoc *d = &p->doc;
    uint32_t k = 0, old = lookup(d, map, key, len, &k);
    if (old) {
        d->n[value].next = d->n[old].next;
        d->n[k].next = value;
        return ASSAY_OK;
    }
    if (!(k = scalar(p, key, len, 0)))
        return p->code;
    append(d, map, k);
    d->n[k].next = value;
    d->n[map].count++;
    return ASSAY_OK;
}

/* Walk the dotted path to the mapping that holds its last part, creating
 * mappings on the way. Returns the mapping, 0 on failure (message set);
 * *leaf and *len get the last part. */
static uint32_t walk(assay_project *p, const char *path, const char **leaf,
                     size_t *len)
{
    ydoc *d = &p->doc;
    uint32_t map = d->root;
    for (const char *s = path;;) {
        size_t n = strcspn(s, ".");
        if (n == 0) {
            fail(p, ASSAY_EINVAL, "path '%.200s' has an empty part", path);
            return 0;
        }
        if (!s[n]) {
            *leaf = s;
            *len = n;
            return map;
        }
        uint32_t v = lookup(d, map, s, n, NULL);
        if (!v) {
            if (!(v = node(p, YN_MAP))) {
                fail(p, ASSAY_ENOMEM, "out of memory");
                return 0;
            }
            if (put(p, map, s, n, v))
                return 0;
        } else if (d->n[v].type != YN_MAP) {
            fail(p, ASSAY_EINVAL, "'%.*s' in path '%.200s' is not a mapping",
                 (int)n, s, path);
            return 0;
        }
        map = v;
        s += n + 1;
    }
}

static int set_node(assay_project *p, const char *path, uint32_t value)
{
    const char *leaf;
    size_t len;
    uint32_t map = walk(p, path, &leaf, &len);
    if (!map)
        return p->code;
    return put(p, map, leaf, len, value);
}

static int set_text(assay_project *p, const char *path, const char *value,
                    int plain)
{
    if (!p)
        return ASSAY_EINVAL;
    if (!path || !value)
        return fail(p, ASSAY_EINVAL, "no %s", path ? "value" : "path");
    uint32_t v = scalar(p, value, strlen(value), plain);
    return v ? set_node(p, path, v) : p->code;
}

assay_project *assay_project_new(const char *id, const char *name)
{
    if (!id || !name)
        return NULL;
    assay_project *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    p->doc.a = &p->a;
    p->doc.tail = &p->doc.diags;
    p->doc.msgmax = 512;
    ydoc_node(&p->doc); /* node 0: the sentinel, so that 0 means "none" */
    if (p->doc.len != 1 || !(p->doc.root = node(p, YN_MAP)) ||
        set_text(p, "id", id, 0) || set_text(p, "name", name, 0)) {
        assay_project_free(p);
        return NULL;
    }
    return p;
}

void assay_project_free(assay_project *p)
{
    if (!p)
        return;
    arena_free(&p->a);
    buf_free(&p->err);
    free(p->file);
    if (p->c_locale)
        freelocale(p->c_locale);
    free(p);
}

const char *assay_project_errmsg(const assay_project *p)
{
    if (!p)
        return "no project";
    return p->err.p && !p->err.oom ? p->err.p : "";
}

int assay_project_set_origin(assay_project *p, const char *file,
                             unsigned long line)
{
    if (!p || !file)
        return p ? fail(p, ASSAY_EINVAL, "no file") : ASSAY_EINVAL;
    char *f = strdup(file);
    if (!f)
        return fail(p, ASSAY_ENOMEM, "out of memory");
    free(p->file);
    p->file = f;
    p->line = line > UINT32_MAX ? UINT32_MAX : line;
    return ASSAY_OK;
}

int assay_project_set(assay_project *p, const char *path, const char *value)
{
    return set_text(p, path, value, 1);
}

int assay_project_set_string(assay_project *p, const char *path,
                             const char *value)
{
    return set_text(p, path, value, 0);
}

int assay_project_set_number(assay_project *p, const char *path,
                             double value)
{
    if (!p)
        return ASSAY_EINVAL;
    if (!isfinite(value))
        return fail(p, ASSAY_EINVAL, "a number must be finite");
    buf b = {0};
    locale_t host = p->c_locale ? uselocale(p->c_locale) : (locale_t)0;
    json_number(&b, value);
    ay_leave(host);
    const char *text = buf_cstr(&b);
    int rc = text ? set_text(p, path, text, 1)
                  : fail(p, ASSAY_ENOMEM, "out of memory");
    buf_free(&b);
    return rc;
}

int assay_project_append(assay_project *p, const char *path,
                         const char *value)
{
    if (!p)
        return ASSAY_EINVAL;
    if (!path || !value)
        return fail(p, ASSAY_EINVAL, "no %s", path ? "value" : "path");
    const char *leaf;
    size_t len;
    uint32_t map = walk(p, path, &leaf, &len);
    if (!map)
        return p->code;
    uint32_t seq = lookup(&p->doc, map, leaf, len, NULL);
    if (!seq) {
        if (!(seq = node(p, YN_SEQ)))
            return fail(p, ASSAY_ENOMEM, "out of memory");
        if (put(p, map, leaf, len, seq))
            return p->code;
    } else if (p->doc.n[seq].type != YN_SEQ) {
        return fail(p, ASSAY_EINVAL, "'%.200s' is not a list", path);
    }
    uint32_t v = scalar(p, value, strlen(value), 1);
    if (!v)
        return p->code;
    append(&p->doc, seq, v);
    return ASSAY_OK;
}

/* A mapping of the non-NULL (key, value) pairs; 0 on failure. */
static uint32_t record(assay_project *p, const char *const *kv, size_t n,
                       int plain_first)
{
    uint32_t map = node(p, YN_MAP);
    if (!map) {
        fail(p, ASSAY_ENOMEM, "out of memory");
        return 0;
    }
    for (size_t i = 0; i < n; i += 2) {
        if (!kv[i + 1])
            continue;
        uint32_t v = scalar(p, kv[i + 1], strlen(kv[i + 1]),
                            plain_first && i == 0);
        if (!v || put(p, map, kv[i], strlen(kv[i]), v))
            return 0;
    }
    return map;
}

/* The node under a top-level key, created with type when absent; 0 when
 * it holds something else (message set). */
static uint32_t top(assay_project *p, const char *key, int type)
{
    uint32_t v = lookup(&p->doc, p->doc.root, key, strlen(key), NULL);
    if (!v) {
        if (!(v = node(p, type))) {
            fail(p, ASSAY_ENOMEM, "out of memory");
            return 0;
        }
        if (put(p, p->doc.root, key, strlen(key), v))
            return 0;
    } else if (p->doc.n[v].type != type) {
        fail(p, ASSAY_EINVAL, "'%s' is set, and not to a %s", key,
             type == YN_MAP ? "mapping" : "list");
        return 0;
    }
    return v;
}

int assay_project_add_source(assay_project *p, const char *id,
                             const char *citation)
{
    if (!p)
        return ASSAY_EINVAL;
    if (!id)
        return fail(p, ASSAY_EINVAL, "no source id");
    const char *kv[] = {"id", id, "citation", citation};
    uint32_t seq = top(p, "sources", YN_SEQ);
    uint32_t s = seq ? record(p, kv, 4, 0) : 0;
    if (!s)
        return p->code;
    append(&p->doc, seq, s);
    return ASSAY_OK;
}

int assay_project_set_indicator(assay_project *p, const assay_indicator *ind)
{
    if (!p)
        return ASSAY_EINVAL;
    if (!ind || !ind->id || !ind->value)
        return fail(p, ASSAY_EINVAL, "an indicator needs an id and a value");
    const char *kv[] = {"value", ind->value, "unit", ind->unit,
                        "evidence", ind->evidence, "source", ind->source,
                        "locator", ind->locator, "confidence",
                        ind->confidence};
    uint32_t map = top(p, "indicators", YN_MAP);
    uint32_t v = map ? record(p, kv, sizeof kv / sizeof *kv, 1) : 0;
    if (!v)
        return p->code;
    return put(p, map, ind->id, strlen(ind->id), v);
}

/* ---- Node by node, for the Lua module ------------------------------- */

uint32_t build_root(const assay_project *p) { return p->doc.root; }

uint32_t build_add(assay_project *p, uint32_t parent, const char *key,
                   size_t klen, int type, const char *text, size_t len)
{
    uint32_t v;
    if (type == YN_MAP || type == YN_SEQ) {
        if (!(v = node(p, type))) {
            fail(p, ASSAY_ENOMEM, "out of memory");
            return 0;
        }
    } else if (!(v = scalar(p, text, len, type != YN_STR))) {
        return 0;
    } else if (p->doc.n[v].type != type) {
        fail(p, ASSAY_EINVAL, "'%.40s' is not a %s", text,
             type == YN_BOOL ? "boolean" : "number");
        return 0;
    }
    if (p->doc.n[parent].type == YN_SEQ)
        append(&p->doc, parent, v);
    else if (put(p, parent, key, klen, v))
        return 0;
    return v;
}

uint32_t build_add_float(assay_project *p, uint32_t parent, const char *key,
                         size_t klen, double d)
{
    if (!isfinite(d)) {
        fail(p, ASSAY_EINVAL, "a number must be finite");
        return 0;
    }
    buf b = {0};
    locale_t host = p->c_locale ? uselocale(p->c_locale) : (locale_t)0;
    json_number(&b, d);
    ay_leave(host);
    const char *text = buf_cstr(&b);
    uint32_t v = 0;
    if (!text)
        fail(p, ASSAY_ENOMEM, "out of memory");
    else
        v = build_add(p, parent, key, klen, YN_STR, text, b.n);
    buf_free(&b);
    if (!v)
        return 0;
    p->doc.n[v].type = YN_FLOAT; /* 70.0 stays a float, unlike "70" */
    p->doc.n[v].v.d = d;
    return v;
}

/* ---- Handing the tree to the engine ---------------------------------- */

const char *build_origin(const assay_project *p, unsigned long *line)
{
    *line = p->line;
    return p->file ? p->file : "<built>";
}

/* Copy p's tree into doc (in arena a) as ydoc_parse would leave it, and
 * check the limits a parsed document is held to. 1, or -1 with diags. */
int build_doc(const assay_project *p, ydoc *doc, arena *a,
              const assay_limits *lim)
{
    const ydoc *src = &p->doc;
    memset(doc, 0, sizeof *doc);
    doc->a = a;
    doc->tail = &doc->diags;
    doc->msgmax = lim->message_bytes;
    uint32_t line = (uint32_t)p->line;
    doc->n = arena_alloc(a, src->len * sizeof *doc->n);
    unsigned char *seen = arena_alloc(a, src->len);
    if (!doc->n || !seen) {
        ydoc_error(doc, line, 0, "out of memory");
        return -1;
    }
    memcpy(doc->n, src->n, src->len * sizeof *doc->n);
    doc->len = doc->cap = src->len;
    doc->root = src->root;
    ynode *n = doc->n;
    /* A child always comes after its parent, so one pass down marks what
     * is reachable and one pass up sums sizes and heights. */
    seen[doc->root] = 1;
    size_t bytes = 0;
    for (uint32_t i = 1; i < doc->len; i++) {
        if (!seen[i])
            continue;
        bytes += n[i].len + 4;
        for (uint32_t k = n[i].first, j = 0; k; k = n[k].next, j++) {
            seen[k] = 1;
            size_t max = n[i].type == YN_MAP && j % 2 == 0 ? lim->key_bytes
                                                           : lim->scalar_bytes;
            if (n[k].len > max) {
                ydoc_error(doc, line, 0, "%s '%.40s...' is %u bytes long, "
                           "over the limit of %zu",
                           max == lim->key_bytes ? "key" : "value",
                           n[k].text, n[k].len, max);
                return -1;
            }
        }
    }
    for (uint32_t i = doc->len; i-- > 1;) {
        uint32_t size = 1, height = 0;
        for (uint32_t k = n[i].first; k; k = n[k].next) {
            size += n[k].size;
            if (n[k].height > height)
                height = n[k].height;
        }
        n[i].size = size;
        n[i].height = (uint16_t)(n[i].type >= YN_SEQ ? height + 1 : 0);
    }
    if (bytes > lim->doc_bytes)
        ydoc_error(doc, line, 0, "the project holds about %zu bytes, over "
                   "the document limit of %zu", bytes, lim->doc_bytes);
    else if (n[doc->root].size > lim->nodes)
        ydoc_error(doc, line, 0, "the project has %u nodes, over the limit "
                   "of %u", n[doc->root].size, lim->nodes);
    else if (n[doc->root].height > lim->depth)
        ydoc_error(doc, line, 0, "the project nests deeper than the limit "
                   "of %u", lim->depth);
    return doc->diags ? -1 : 1;
}

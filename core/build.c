/*
 * build.c -- projects built in code (assay_project_*).
 *
 * A built project is a YAML node tree like the one ydoc.c reads from a
 * file, kept in the project's own arena, so evaluation checks and reads it
 * with the same code as a case document. Replaced values stay in the arena
 * unreachable until the project is freed. While building, a container's
 * size field holds its last child, and a hash finds a mapping's keys, so
 * adding is O(1); ay_build_doc computes the real sizes.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ay_yaml.h"

/* Where key text sits in mapping map: a slot of the key hash. */
typedef struct kslot {
    uint32_t map, key;       /* key 0: empty */
} kslot;

struct assay_project {
    ay_arena a;
    ay_ydoc doc;
    kslot *keys;             /* open addressing, at most half full */
    uint32_t nkeys, capkeys;
    char *file;              /* origin, for diagnostics and results */
    unsigned long line;
    ay_buf err;              /* message of the last failure */
    int code;                /* and its status code */
};

static int fail(assay_project *p, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(assay_project *p, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    p->err.n = 0;
    p->err.oom = 0;
    ay_buf_vprintf(&p->err, fmt, ap);
    va_end(ap);
    ay_buf_cstr(&p->err);
    return p->code = code;
}

/* d as the shortest text that reads back to it, into b; NULL (message
 * set) when d is not finite or memory ran out. */
static const char *number_text(assay_project *p, double d, ay_buf *b)
{
    if (!isfinite(d)) {
        fail(p, ASSAY_EINVAL, "a number must be finite");
        return NULL;
    }
    locale_t host = ay_enter();
    ay_json_number(b, d);
    ay_leave(host);
    const char *text = ay_buf_cstr(b);
    if (!text)
        fail(p, ASSAY_ENOMEM, "out of memory");
    return text;
}

static uint32_t node(assay_project *p, int type)
{
    uint32_t i = ay_ydoc_node(&p->doc);
    if (i)
        p->doc.n[i].type = (uint8_t)type;
    else
        fail(p, ASSAY_ENOMEM, "out of memory");
    return i;
}

/* A scalar node holding a copy of text: typed by the core schema when
 * plain, else a string. 0 when out of memory or rejected (message set). */
static uint32_t scalar(assay_project *p, const char *text, size_t len,
                       int plain)
{
    if (len > UINT32_MAX) {
        fail(p, ASSAY_EINVAL, "a value of %zu bytes is too long", len);
        return 0;
    }
    if (memchr(text, 0, len)) { /* from the Lua module: C strings cannot */
        fail(p, ASSAY_EINVAL, "%s", AY_NUL_MESSAGE);
        return 0;
    }
    uint32_t i = node(p, YN_STR);
    char *t = i ? ay_arena_strndup(&p->a, text, len) : NULL;
    if (!t) {
        fail(p, ASSAY_ENOMEM, "out of memory");
        return 0;
    }
    ay_ynode *n = &p->doc.n[i];
    n->text = t;
    n->len = (uint32_t)len;
    if (plain) {
        p->doc.diags = NULL;
        p->doc.tail = &p->doc.diags;
        p->doc.ndiags = 0;
        locale_t host = ay_enter();
        int bad = ay_ydoc_resolve(&p->doc, n, NULL) != ASSAY_OK;
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
static void append(ay_ydoc *d, uint32_t parent, uint32_t child)
{
    ay_ynode *n = &d->n[parent];
    if (n->size)
        d->n[n->size].next = child;
    else
        n->first = child;
    n->size = child;
    n->count++;
}

static uint32_t key_hash(uint32_t map, const char *key, size_t len)
{
    return ay_hash(key, len) ^ (map * 2654435761u);
}

/* The slot of key in map: the one holding it, or the empty one where it
 * would go. The table must have been made. */
static kslot *key_slot(const assay_project *p, uint32_t map, const char *key,
                       size_t len)
{
    const ay_ynode *n = p->doc.n;
    uint32_t mask = p->capkeys - 1;
    for (uint32_t i = key_hash(map, key, len) & mask;; i = (i + 1) & mask) {
        kslot *s = &p->keys[i];
        if (!s->key || (s->map == map && n[s->key].len == len &&
                        !memcmp(n[s->key].text, key, len)))
            return s;
    }
}

/* The value node under key in map, 0 when none; *keyp gets the key. */
static uint32_t lookup(const assay_project *p, uint32_t map, const char *key,
                       size_t len, uint32_t *keyp)
{
    if (!p->nkeys)
        return 0;
    const kslot *s = key_slot(p, map, key, len);
    if (keyp)
        *keyp = s->key;
    return s->key ? p->doc.n[s->key].next : 0;
}

static int keys_grow(assay_project *p)
{
    uint32_t cap = p->capkeys ? p->capkeys * 2 : 64;
    kslot *old = p->keys, *k = calloc(cap, sizeof *k);
    if (!k)
        return fail(p, ASSAY_ENOMEM, "out of memory");
    uint32_t oldcap = p->capkeys;
    p->keys = k;
    p->capkeys = cap;
    for (uint32_t i = 0; i < oldcap; i++)
        if (old[i].key) {
            const ay_ynode *n = &p->doc.n[old[i].key];
            *key_slot(p, old[i].map, n->text, n->len) = old[i];
        }
    free(old);
    return ASSAY_OK;
}

/* Put value under key in map, replacing what was there. */
static int put(assay_project *p, uint32_t map, const char *key, size_t len,
               uint32_t value)
{
    ay_ydoc *d = &p->doc;
    uint32_t k = 0, old = lookup(p, map, key, len, &k);
    if (old) {
        d->n[value].next = d->n[old].next;
        d->n[k].next = value;
        if (d->n[map].size == old)
            d->n[map].size = value;
        return ASSAY_OK;
    }
    if ((p->nkeys + 1) * 2 > p->capkeys && keys_grow(p))
        return p->code;
    if (!(k = scalar(p, key, len, 0)))
        return p->code;
    kslot *s = key_slot(p, map, key, len);
    s->map = map;
    s->key = k;
    p->nkeys++;
    append(d, map, k);
    append(d, map, value);
    return ASSAY_OK;
}

/* Check the dotted path before anything is made: no empty part, and the
 * parts that exist are mappings (and the leaf, when it exists, of type
 * leaf_type unless that is 0). 0, or the status with the message. */
static int check_path(assay_project *p, const char *path, int leaf_type)
{
    uint32_t map = p->doc.root;
    for (const char *s = path;; s += strcspn(s, ".") + 1) {
        size_t n = strcspn(s, ".");
        if (n == 0)
            return fail(p, ASSAY_EINVAL, "path '%.200s' has an empty part",
                        path);
        uint32_t v = map ? lookup(p, map, s, n, NULL) : 0;
        int leaf = !s[n];
        int want = leaf ? leaf_type : YN_MAP;
        if (v && want && p->doc.n[v].type != want)
            return fail(p, ASSAY_EINVAL, "'%.*s' in path '%.200s' is not a "
                        "%s", (int)n, s, path,
                        want == YN_MAP ? "mapping" : "list");
        if (leaf)
            return ASSAY_OK;
        map = v;
    }
}

/* Walk a checked path to the mapping that holds its last part, creating
 * mappings on the way. Returns the mapping, 0 when out of memory; *leaf
 * and *len get the last part. */
static uint32_t walk(assay_project *p, const char *path, const char **leaf,
                     size_t *len)
{
    uint32_t map = p->doc.root;
    for (const char *s = path;;) {
        size_t n = strcspn(s, ".");
        if (!s[n]) {
            *leaf = s;
            *len = n;
            return map;
        }
        uint32_t v = lookup(p, map, s, n, NULL);
        if (!v && (!(v = node(p, YN_MAP)) || put(p, map, s, n, v)))
            return 0;
        map = v;
        s += n + 1;
    }
}

static int set_text(assay_project *p, const char *path, const char *value,
                    int plain)
{
    if (!p)
        return ASSAY_EINVAL;
    if (!path || !value)
        return fail(p, ASSAY_EINVAL, "no %s", path ? "value" : "path");
    if (check_path(p, path, 0))
        return p->code;
    const char *leaf;
    size_t len;
    uint32_t v = scalar(p, value, strlen(value), plain), map;
    if (!v || !(map = walk(p, path, &leaf, &len)))
        return p->code;
    return put(p, map, leaf, len, v);
}

assay_project *ay_build_new(void)
{
    assay_project *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->doc.a = &p->a;
    p->doc.tail = &p->doc.diags;
    p->doc.msgmax = 512;
    ay_ydoc_node(&p->doc); /* node 0: the sentinel, so that 0 means "none" */
    if (p->doc.len != 1 || !(p->doc.root = node(p, YN_MAP))) {
        assay_project_free(p);
        return NULL;
    }
    return p;
}

assay_project *assay_project_new(const char *id, const char *name)
{
    if (!id || !name)
        return NULL;
    assay_project *p = ay_build_new();
    if (p && (set_text(p, "id", id, 0) || set_text(p, "name", name, 0))) {
        assay_project_free(p);
        return NULL;
    }
    return p;
}

void assay_project_free(assay_project *p)
{
    if (!p)
        return;
    ay_arena_free(&p->a);
    free(p->keys);
    ay_buf_free(&p->err);
    free(p->file);
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
    ay_buf b = {0};
    const char *text = number_text(p, value, &b);
    int rc = text ? set_text(p, path, text, 1) : p->code;
    ay_buf_free(&b);
    return rc;
}

int assay_project_append(assay_project *p, const char *path,
                         const char *value)
{
    if (!p)
        return ASSAY_EINVAL;
    if (!path || !value)
        return fail(p, ASSAY_EINVAL, "no %s", path ? "value" : "path");
    if (check_path(p, path, YN_SEQ))
        return p->code;
    const char *leaf;
    size_t len;
    uint32_t v = scalar(p, value, strlen(value), 1), map, seq = 0;
    if (!v || !(map = walk(p, path, &leaf, &len)))
        return p->code;
    if (!(seq = lookup(p, map, leaf, len, NULL)) &&
        (!(seq = node(p, YN_SEQ)) || put(p, map, leaf, len, seq)))
        return p->code;
    append(&p->doc, seq, v);
    return ASSAY_OK;
}

/* A mapping of the non-NULL (key, value) pairs; 0 on failure. */
static uint32_t record(assay_project *p, const char *const *kv, size_t n,
                       int plain_first)
{
    uint32_t map = node(p, YN_MAP);
    if (!map)
        return 0;
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
    uint32_t v = lookup(p, p->doc.root, key, strlen(key), NULL);
    if (!v) {
        if (!(v = node(p, type)) || put(p, p->doc.root, key, strlen(key), v))
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

uint32_t ay_build_root(const assay_project *p) { return p->doc.root; }

uint32_t ay_build_add(assay_project *p, uint32_t parent, const char *key,
                      size_t klen, int type, const char *text, size_t len)
{
    uint32_t v;
    if (type == YN_MAP || type == YN_SEQ) {
        if (!(v = node(p, type)))
            return 0;
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

uint32_t ay_build_add_float(assay_project *p, uint32_t parent, const char *key,
                            size_t klen, double d)
{
    ay_buf b = {0};
    const char *text = number_text(p, d, &b);
    uint32_t v = text ? ay_build_add(p, parent, key, klen, YN_STR, text, b.n)
                      : 0;
    ay_buf_free(&b);
    if (!v)
        return 0;
    p->doc.n[v].type = YN_FLOAT; /* 70.0 stays a float, unlike "70" */
    p->doc.n[v].v.d = d;
    return v;
}

/* ---- Handing the tree to the engine ---------------------------------- */

const char *ay_build_origin(const assay_project *p, unsigned long *line)
{
    *line = p->line;
    return p->file ? p->file : "<built>";
}

/* Copy p's tree into doc (in arena a) as ay_ydoc_parse would leave it, and
 * check the limits a parsed document is held to. ASSAY_OK, or ASSAY_EINPUT
 * with diags. */
int ay_build_doc(const assay_project *p, ay_ydoc *doc, ay_arena *a,
                 const assay_limits *lim)
{
    const ay_ydoc *src = &p->doc;
    memset(doc, 0, sizeof *doc);
    doc->a = a;
    doc->tail = &doc->diags;
    doc->msgmax = lim->message_bytes;
    uint32_t line = (uint32_t)p->line;
    doc->n = ay_arena_alloc(a, src->len * sizeof *doc->n);
    uint32_t *order = ay_arena_alloc(a, src->len * sizeof *order);
    if (!doc->n || !order) {
        ay_ydoc_error(doc, line, 0, "out of memory");
        return ASSAY_EINPUT;
    }
    memcpy(doc->n, src->n, src->len * sizeof *doc->n);
    doc->len = doc->cap = src->len;
    doc->root = src->root;
    ay_ynode *n = doc->n;
    /* The reachable nodes, parents before children (replaced values are
     * left out): order doubles as the stack of the walk. */
    uint32_t norder = 0, top = 0;
    size_t bytes = 0;
    order[top++] = doc->root;
    while (top > norder) {
        uint32_t i = order[norder++];
        n[i].line = line;
        n[i].col = 0;
        bytes += n[i].len + 4;
        for (uint32_t k = n[i].first, j = 0; k; k = n[k].next, j++) {
            order[top++] = k;
            size_t max = n[i].type == YN_MAP && j % 2 == 0 ? lim->key_bytes
                                                           : lim->scalar_bytes;
            if (n[k].len > max) {
                ay_ydoc_error(doc, line, 0, "%s '%.40s...' is %u bytes long, "
                              "over the limit of %zu",
                              max == lim->key_bytes ? "key" : "value",
                              n[k].text, n[k].len, max);
                return ASSAY_EINPUT;
            }
        }
    }
    for (uint32_t o = norder; o-- > 0;) {
        uint32_t i = order[o], size = 1, height = 0;
        for (uint32_t k = n[i].first; k; k = n[k].next) {
            size += n[k].size;
            if (n[k].height > height)
                height = n[k].height;
        }
        n[i].size = size;
        height = n[i].type >= YN_SEQ ? height + 1 : 0;
        n[i].height = (uint16_t)(height > UINT16_MAX ? UINT16_MAX : height);
    }
    if (bytes > lim->doc_bytes)
        ay_ydoc_error(doc, line, 0, "the project holds about %zu bytes, over "
                      "the document limit of %zu", bytes, lim->doc_bytes);
    else if (n[doc->root].size > lim->nodes)
        ay_ydoc_error(doc, line, 0, "the project has %u nodes, over the limit "
                      "of %u", n[doc->root].size, lim->nodes);
    else if (n[doc->root].height > lim->depth)
        ay_ydoc_error(doc, line, 0, "the project nests deeper than the limit "
                      "of %u", lim->depth);
    return doc->diags ? ASSAY_EINPUT : ASSAY_OK;
}

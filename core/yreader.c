/*
 * yreader.c -- the public YAML reader: the documents of a file or a string,
 * cut, parsed and limited as case files are (chunk.c, ydoc.c), with the
 * same diagnostics, for a host's own files; the assay command reads its
 * test files with it. No case schema: a document is any YAML.
 *
 * Nodes are the document's node indices. Children are linked in ydoc (first
 * child, next sibling); so that item i of a container is found at once, each
 * document gets one index beside its nodes: the children of every list laid
 * out in a row (kids), and for the first child of each list where its row
 * starts (row). An alias's copy shares its anchor's list, and so its row.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ay_yaml.h"

struct assay_yaml {
    assay_limits lim;
    locale_t c_locale;       /* numbers are read in the C locale */
    ay_buf err;
    char *name;              /* of the stream, for diagnostics */
    FILE *f;                 /* opened here, or NULL */
    ay_chunker ck;
    int reading;             /* a stream is open */
    int status;              /* ASSAY_DONE or ASSAY_EIO once it has ended */
    ay_arena a;              /* the current document */
    ay_ydoc doc;
    int have;                /* 1: doc is a document; -1: it was rejected */
    uint32_t *row;           /* per node: 1 + where its list starts in kids */
    uint32_t *kids;
};

static int seterr(assay_yaml *y, int code, const char *msg)
{
    y->err.n = 0;
    ay_buf_puts(&y->err, msg);
    ay_buf_cstr(&y->err);
    return code;
}

assay_yaml *assay_yaml_new(const assay_limits *limits)
{
    if (limits && assay_limits_check(limits, NULL, 0) != ASSAY_OK)
        return NULL;
    assay_yaml *y = calloc(1, sizeof *y);
    if (!y)
        return NULL;
    ay_limits_default(&y->lim);
    for (size_t i = 0; limits && i < AY_NLIMITS; i++) {
        unsigned long long v = ay_limit_get(limits, &AY_LIMITS[i]);
        if (v)
            ay_limit_set(&y->lim, &AY_LIMITS[i], v);
    }
    y->c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    return y;
}

/* Forget the current document (its nodes and diagnostics). */
static void drop_doc(assay_yaml *y)
{
    ay_arena_reset(&y->a);
    memset(&y->doc, 0, sizeof y->doc);
    y->have = 0;
    y->row = y->kids = NULL;
}

/* End the stream being read, if any. */
static void stop(assay_yaml *y)
{
    if (y->reading)
        ay_chunker_free(&y->ck);
    if (y->f)
        fclose(y->f);
    y->f = NULL;
    y->reading = 0;
}

void assay_yaml_free(assay_yaml *y)
{
    if (!y)
        return;
    stop(y);
    ay_arena_free(&y->a);
    ay_buf_free(&y->err);
    free(y->name);
    if (y->c_locale)
        freelocale(y->c_locale);
    free(y);
}

const char *assay_yaml_errmsg(const assay_yaml *y)
{
    if (!y)
        return "no reader";
    return y->err.p ? y->err.p : "";
}

/* Start a stream named name; the chunker is set up by the caller. */
static int start(assay_yaml *y, const char *name)
{
    stop(y);
    drop_doc(y);
    y->status = 0;
    free(y->name);
    if (!(y->name = strdup(name)))
        return seterr(y, ASSAY_ENOMEM, "out of memory");
    seterr(y, ASSAY_OK, "");
    return ASSAY_OK;
}

int assay_yaml_open(assay_yaml *y, const char *path)
{
    if (!y || !path)
        return ASSAY_EINVAL;
    int rc = start(y, path);
    if (rc)
        return rc;
    if (!(y->f = fopen(path, "rb")))
        return seterr(y, ASSAY_EIO, strerror(errno));
    ay_chunker_init_file(&y->ck, y->f, y->lim.doc_bytes);
    y->reading = 1;
    return ASSAY_OK;
}

int assay_yaml_open_string(assay_yaml *y, const char *name, const char *text,
                           size_t len)
{
    if (!y || (!text && len))
        return ASSAY_EINVAL;
    int rc = start(y, name ? name : "<string>");
    if (rc)
        return rc;
    ay_chunker_init_mem(&y->ck, text ? text : "", len, y->lim.doc_bytes);
    y->reading = 1;
    return ASSAY_OK;
}

/* Lay out the children of every list of the document in a row. */
static int index_doc(assay_yaml *y)
{
    const ay_ydoc *d = &y->doc;
    y->row = ay_arena_alloc(&y->a, d->len * sizeof *y->row);
    y->kids = ay_arena_alloc(&y->a, d->len * sizeof *y->kids);
    if (!y->row || !y->kids)
        return -1;
    uint32_t k = 0;
    for (uint32_t i = 1; i < d->len; i++) {
        uint32_t first = d->n[i].first;
        if ((d->n[i].type != YN_SEQ && d->n[i].type != YN_MAP) || !first ||
            y->row[first])
            continue;
        y->row[first] = k + 1;
        for (uint32_t c = first; c; c = d->n[c].next)
            y->kids[k++] = c;
    }
    return 0;
}

int assay_yaml_next(assay_yaml *y)
{
    if (!y)
        return ASSAY_EINVAL;
    if (!y->reading)
        return y->status ? y->status : ASSAY_ESTATE;
    locale_t host = y->c_locale ? uselocale(y->c_locale) : (locale_t)0;
    int rc;
    for (;;) {
        drop_doc(y);
        ay_chunk c;
        if (!ay_chunker_next(&y->ck, &c)) {
            int err = errno;
            rc = y->status = y->ck.ioerr ? ASSAY_EIO : ASSAY_DONE;
            if (y->ck.ioerr)
                seterr(y, rc, err ? strerror(err) : "read error");
            stop(y);
            break;
        }
        int r = ay_ydoc_parse(&y->doc, &y->a, &c, &y->lim);
        if (r == ASSAY_DONE) /* comments only, or an empty document */
            continue;
        if (r != ASSAY_OK) {
            y->have = -1;
            rc = ASSAY_EINPUT;
        } else if (index_doc(y)) {
            rc = seterr(y, ASSAY_ENOMEM, "out of memory");
        } else {
            y->have = 1;
            rc = ASSAY_OK;
        }
        break;
    }
    if (host)
        uselocale(host);
    return rc;
}

int assay_yaml_diag(const assay_yaml *y, int i, assay_diag *out)
{
    if (!y || !out || i < 0)
        return -1;
    const ay_ydiag *dg = y->doc.diags;
    for (; dg && i; i--)
        dg = dg->next;
    if (!dg)
        return -1;
    *out = (assay_diag){y->name, dg->line, dg->col, dg->msg};
    return 0;
}

/* Node i of the current document, or NULL. */
static const ay_ynode *node(const assay_yaml *y, unsigned i)
{
    return y && y->have > 0 && i && i < y->doc.len ? &y->doc.n[i] : NULL;
}

unsigned assay_yaml_root(const assay_yaml *y)
{
    return y && y->have > 0 ? y->doc.root : 0;
}

int assay_yaml_kind(const assay_yaml *y, unsigned i)
{
    static const int kinds[] = {
        [YN_NULL] = ASSAY_YAML_NULL, [YN_BOOL] = ASSAY_YAML_BOOL,
        [YN_INT] = ASSAY_YAML_INT, [YN_FLOAT] = ASSAY_YAML_FLOAT,
        [YN_STR] = ASSAY_YAML_STRING, [YN_SEQ] = ASSAY_YAML_SEQUENCE,
        [YN_MAP] = ASSAY_YAML_MAPPING};
    const ay_ynode *n = node(y, i);
    return n ? kinds[n->type] : 0;
}

const char *assay_yaml_text(const assay_yaml *y, unsigned i)
{
    const ay_ynode *n = node(y, i);
    return n && n->type != YN_SEQ && n->type != YN_MAP ? n->text : NULL;
}

int assay_yaml_number(const assay_yaml *y, unsigned i, double *out)
{
    const ay_ynode *n = node(y, i);
    if (!n || (n->type != YN_INT && n->type != YN_FLOAT))
        return 0;
    if (out)
        *out = n->type == YN_INT ? (double)n->v.i : n->v.d;
    return 1;
}

unsigned long assay_yaml_line(const assay_yaml *y, unsigned i)
{
    const ay_ynode *n = node(y, i);
    return n ? n->line : 0;
}

unsigned long assay_yaml_column(const assay_yaml *y, unsigned i)
{
    const ay_ynode *n = node(y, i);
    return n ? n->col : 0;
}

size_t assay_yaml_count(const assay_yaml *y, unsigned i)
{
    const ay_ynode *n = node(y, i);
    if (!n || (n->type != YN_SEQ && n->type != YN_MAP))
        return 0;
    return n->type == YN_MAP ? n->count / 2 : n->count;
}

/* Child k of container i (of the given type), or 0. */
static unsigned child(const assay_yaml *y, unsigned i, int type, size_t k)
{
    const ay_ynode *n = node(y, i);
    size_t count = n && n->type == type ? n->count : 0;
    return k < count ? y->kids[y->row[n->first] - 1 + k] : 0;
}

unsigned assay_yaml_item(const assay_yaml *y, unsigned seq, size_t i)
{
    return child(y, seq, YN_SEQ, i);
}

unsigned assay_yaml_key(const assay_yaml *y, unsigned map, size_t i)
{
    return i < (size_t)-1 / 2 ? child(y, map, YN_MAP, 2 * i) : 0;
}

unsigned assay_yaml_value(const assay_yaml *y, unsigned map, size_t i)
{
    return i < (size_t)-1 / 2 ? child(y, map, YN_MAP, 2 * i + 1) : 0;
}

unsigned assay_yaml_get(const assay_yaml *y, unsigned map, const char *key)
{
    return key && node(y, map) ? ay_ydoc_map_get(&y->doc, map, key) : 0;
}

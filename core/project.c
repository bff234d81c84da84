/*
 * project.c -- check a document against the case schema (docs/cases.md) and
 * index it as a project: id, name, sources and indicators.
 *
 * Every problem found is reported with its position; a document with any
 * problem is not evaluated. The project and its indicators point into the
 * document's nodes and arena, and live exactly as long as they do.
 */
#include <stdlib.h>
#include <string.h>

#include "ay_yaml.h"

static const char *const ORDINALS[] = {"present", "partial", "absent", NULL};
static const char *const NUMERIC_UNITS[] = {"percent", "ratio", "count",
                                            "currency", "years", NULL};
static const char *const CONFIDENCES[] = {"high", "medium", "low", NULL};
/* An indicator's keys; each begins with its own letter. */
enum { F_VALUE, F_UNIT, F_EVIDENCE, F_SOURCE, F_LOCATOR, F_CONFIDENCE, F_NOTE,
       NFIELDS };
static const char *const INDICATOR_KEYS[NFIELDS] = {
    "value", "unit", "evidence", "source", "locator", "confidence", "note"};

static const char *kind(const ay_ynode *n)
{
    static const char *const names[] = {"null",   "boolean",  "integer",
                                        "number", "string",   "sequence",
                                        "mapping"};
    return names[n->type];
}

static int is_scalar(const ay_ynode *n)
{
    return n->type != YN_SEQ && n->type != YN_MAP;
}

/* Which of an indicator's keys the scalar k is (F_*), or -1. */
static int field_of(const ay_ynode *k)
{
    int f;
    switch (k->len ? k->text[0] : 0) {
    case 'v': f = F_VALUE; break;
    case 'u': f = F_UNIT; break;
    case 'e': f = F_EVIDENCE; break;
    case 's': f = F_SOURCE; break;
    case 'l': f = F_LOCATOR; break;
    case 'c': f = F_CONFIDENCE; break;
    case 'n': f = F_NOTE; break;
    default: return -1;
    }
    const char *name = INDICATOR_KEYS[f];
    return strlen(name) == k->len && !memcmp(k->text, name, k->len) ? f : -1;
}

/* Text of an optional scalar field key, whose value is node v (0 when
 * absent): NULL when absent or null. The field is an indicator's when id
 * names one, else a source's. */
static const char *text_field(ay_ydoc *doc, uint32_t v, const char *key,
                              const char *id)
{
    if (!v || doc->n[v].type == YN_NULL)
        return NULL;
    if (!is_scalar(&doc->n[v])) {
        if (id)
            ay_ydoc_error(doc, doc->n[v].line, doc->n[v].col,
                          "%s of indicator '%.80s' must be a scalar, not a %s",
                          key, id, kind(&doc->n[v]));
        else
            ay_ydoc_error(doc, doc->n[v].line, doc->n[v].col,
                          "%s of a source must be a scalar, not a %s", key,
                          kind(&doc->n[v]));
        return NULL;
    }
    return doc->n[v].text;
}

typedef struct source {
    const char *id, *citation;
    uint32_t node;           /* of the id, for messages */
} source;

static int by_id(const void *a, const void *b)
{
    const source *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->node < y->node ? -1 : x->node > y->node);
}

static source *read_sources(ay_ydoc *doc, uint32_t node, unsigned *count)
{
    *count = 0;
    if (!node || doc->n[node].type == YN_NULL)
        return NULL;
    const ay_ynode *s = &doc->n[node];
    if (s->type != YN_SEQ) {
        ay_ydoc_error(doc, s->line, s->col,
                      "sources must be a sequence of {id, citation}, not a %s",
                      kind(s));
        return NULL;
    }
    source *src = ay_arena_alloc(doc->a, (s->count + 1) * sizeof *src);
    if (!src) {
        ay_ydoc_error(doc, s->line, s->col, "out of memory");
        return NULL;
    }
    for (uint32_t k = s->first; k; k = doc->n[k].next) {
        const ay_ynode *e = &doc->n[k];
        if (e->type != YN_MAP) {
            ay_ydoc_error(doc, e->line, e->col,
                          "a source must be a mapping with an id, not a %s",
                          kind(e));
            continue;
        }
        uint32_t idn = ay_ydoc_map_get(doc, k, "id");
        if (!idn || !is_scalar(&doc->n[idn]) ||
            !ay_id_ok(doc->n[idn].text, doc->n[idn].len)) {
            const ay_ynode *at = idn ? &doc->n[idn] : e;
            ay_ydoc_error(doc, at->line, at->col,
                          "a source needs an id made of letters, digits, "
                          "'_', '.' and '-'");
            continue;
        }
        src[*count].id = doc->n[idn].text;
        src[*count].node = idn;
        src[*count].citation = text_field(
            doc, ay_ydoc_map_get(doc, k, "citation"), "citation", NULL);
        ++*count;
    }
    /* sorted, so that duplicates sit side by side and lookups halve */
    qsort(src, *count, sizeof *src, by_id);
    for (unsigned i = 1; i < *count; i++)
        if (!strcmp(src[i - 1].id, src[i].id)) {
            const ay_ynode *n = &doc->n[src[i].node];
            ay_ydoc_error(doc, n->line, n->col, "duplicate source id '%s'",
                          src[i].id);
        }
    return src;
}

/* The value of an indicator: its type and status, checked against unit. */
static void classify(ay_ydoc *doc, ay_indicator *ind)
{
    const ay_ynode *v = &doc->n[ind->node];
    const char *unit = ind->unit;
    int numeric = unit && ay_in(unit, NUMERIC_UNITS);
    /* Without a unit, a word is read as ordinal (so a misspelt one is
     * caught); numbers and booleans need no unit. */
    int ordinal = unit ? !strcmp(unit, "ordinal") : v->type == YN_STR;
    int boolean = unit && !strcmp(unit, "boolean");
    switch (v->type) {
    case YN_NULL:
        ay_ydoc_error(doc, v->line, v->col,
                      "indicator '%s' has no value (write not_stated when the "
                   "source says nothing)", ind->id);
        return;
    case YN_SEQ:
    case YN_MAP:
        ay_ydoc_error(doc, v->line, v->col,
                      "value of indicator '%s' must be a scalar, not a %s",
                      ind->id, kind(v));
        return;
    case YN_STR:
        if (!strcmp(v->text, "not_stated") ||
            !strcmp(v->text, "not_applicable")) {
            ind->vtype = IV_ORD;
            ind->status = strcmp(v->text, "not_stated") ? IS_NOT_APPLICABLE
                                                         : IS_NOT_STATED;
            return;
        }
        if (ordinal) {
            if (!ay_in(v->text, ORDINALS)) {
                ay_ydoc_error(doc, v->line, v->col,
                           "'%.80s' is not an ordinal value of indicator '%s' "
                           "(present, partial, absent, not_stated, "
                           "not_applicable)%s", v->text, ind->id,
                           unit ? "" : "; give a unit such as 'text' for "
                                       "free text");
            }
            ind->vtype = IV_ORD;
            return;
        }
        if (numeric || boolean) {
            ay_ydoc_error(doc, v->line, v->col,
                       "indicator '%s' is in %s, so its value must be a %s, "
                       "not '%.80s'", ind->id, unit,
                       numeric ? "number" : "boolean", v->text);
        }
        ind->vtype = IV_STR;
        return;
    case YN_BOOL:
        if (unit && !boolean) {
            ay_ydoc_error(doc, v->line, v->col,
                          "indicator '%s' is in %s, so its value cannot be a "
                          "boolean", ind->id, unit);
        }
        ind->vtype = IV_BOOL;
        return;
    default: {
        double d = v->type == YN_INT ? (double)v->v.i : v->v.d;
        if (ordinal || boolean) {
            ay_ydoc_error(doc, v->line, v->col,
                          "indicator '%s' is %s, so its value cannot be a "
                          "number", ind->id, boolean ? "boolean" : "ordinal");
        } else if (!unit) {
            /* a plain number */
        } else if (!strcmp(unit, "percent") && (d < 0 || d > 100)) {
            ay_ydoc_error(doc, v->line, v->col,
                          "percent value %s of indicator '%s' is outside "
                          "[0, 100]", v->text, ind->id);
        } else if (!strcmp(unit, "count") && d < 0) {
            ay_ydoc_error(doc, v->line, v->col,
                          "count %s of indicator '%s' is negative", v->text,
                          ind->id);
        }
        ind->vtype = v->type == YN_INT ? IV_INT : IV_NUM;
        return;
    }
    }
}

static void read_indicator(ay_ydoc *doc, ay_indicator *ind, uint32_t key,
                           uint32_t val, const source *src, unsigned nsrc)
{
    const ay_ynode *k = &doc->n[key], *v = &doc->n[val];
    ind->id = k->text;
    ind->line = k->line;
    ind->col = k->col;
    if (!ay_id_ok(k->text, k->len)) {
        ay_ydoc_error(doc, k->line, k->col,
                      "indicator id '%.80s' must be made of letters, digits, "
                      "'_', '.' and '-'", k->text);
    }
    if (v->type == YN_SEQ) {
        ay_ydoc_error(doc, v->line, v->col,
                      "indicator '%s' must be a value or a mapping with a "
                      "value, not a sequence", ind->id);
        return;
    }
    if (v->type != YN_MAP) {          /* the shorthand: a bare value */
        ind->node = val;
        classify(doc, ind);
        return;
    }
    /* one pass over the keys: each field's value (the first, as
     * ay_ydoc_map_get finds it), and the unknown keys reported */
    uint32_t field[NFIELDS] = {0};
    for (uint32_t f = v->first; f; f = doc->n[doc->n[f].next].next) {
        int i = field_of(&doc->n[f]);
        if (i < 0)
            ay_ydoc_error(doc, doc->n[f].line, doc->n[f].col,
                          "unknown key '%.80s' in indicator '%s' (expected "
                       "value, unit, evidence, source, locator, confidence "
                       "or note)", doc->n[f].text, ind->id);
        else if (!field[i])
            field[i] = doc->n[f].next;
    }
    ind->unit = text_field(doc, field[F_UNIT], "unit", ind->id);
    ind->evidence = text_field(doc, field[F_EVIDENCE], "evidence", ind->id);
    ind->locator = text_field(doc, field[F_LOCATOR], "locator", ind->id);
    ind->confidence = text_field(doc, field[F_CONFIDENCE], "confidence", ind->id);
    ind->source = text_field(doc, field[F_SOURCE], "source", ind->id);
    ind->note = text_field(doc, field[F_NOTE], "note", ind->id);
    if (ind->confidence && !ay_in(ind->confidence, CONFIDENCES)) {
        uint32_t c = field[F_CONFIDENCE];
        ay_ydoc_error(doc, doc->n[c].line, doc->n[c].col,
                   "confidence '%.80s' of indicator '%s' is not high, medium "
                   "or low", ind->confidence, ind->id);
    }
    if (ind->source) {
        const source *found = NULL;
        for (unsigned lo = 0, hi = nsrc; lo < hi && !found;) {
            unsigned mid = lo + (hi - lo) / 2;
            int c = strcmp(ind->source, src[mid].id);
            if (c == 0)
                found = &src[mid];
            else if (c < 0)
                hi = mid;
            else
                lo = mid + 1;
        }
        if (found) {
            ind->citation = found->citation;
        } else {
            uint32_t s = field[F_SOURCE];
            ay_ydoc_error(doc, doc->n[s].line, doc->n[s].col,
                          "indicator '%s' cites source '%.80s', which is not "
                          "in this document's sources", ind->id, ind->source);
        }
    }
    ind->node = field[F_VALUE];
    if (!ind->node) {
        ay_ydoc_error(doc, v->line, v->col, "indicator '%s' has no value",
                      ind->id);
        return;
    }
    classify(doc, ind);
}

ay_indicator *ay_project_find(const ay_project *p, const char *id, size_t len)
{
    if (!p->nind)
        return NULL;
    for (uint32_t i = ay_hash(id, len) & p->mask;; i = (i + 1) & p->mask) {
        uint32_t s = p->slot[i];
        if (!s)
            return NULL;
        ay_indicator *ind = &p->ind[s - 1];
        if (strlen(ind->id) == len && !memcmp(ind->id, id, len))
            return ind;
    }
}

static int index_indicators(ay_arena *a, ay_project *p)
{
    uint32_t size = 8;
    while (size < p->nind * 2)
        size *= 2;
    p->slot = ay_arena_alloc(a, size * sizeof *p->slot);
    if (!p->slot)
        return -1;
    p->mask = size - 1;
    for (uint32_t k = 0; k < p->nind; k++) {
        uint32_t i = ay_hash(p->ind[k].id, strlen(p->ind[k].id)) & p->mask;
        while (p->slot[i])
            i = (i + 1) & p->mask;
        p->slot[i] = k + 1;
    }
    return 0;
}

ay_project *ay_project_build(ay_ydoc *doc, const char *file)
{
    const ay_ynode *r = &doc->n[doc->root];
    if (r->type != YN_MAP) {
        ay_ydoc_error(doc, r->line, r->col,
                      "a project must be a mapping, not a %s", kind(r));
        return NULL;
    }
    ay_project *p = ay_arena_alloc(doc->a, sizeof *p);
    if (!p)
        return NULL;
    p->doc = doc;
    p->file = file;
    p->line = r->line;
    /* every problem below is a diagnostic, and any rejects the project */
    unsigned problems = doc->ndiags;

    uint32_t idn = ay_ydoc_map_get(doc, doc->root, "id");
    if (!idn) {
        ay_ydoc_error(doc, r->line, r->col, "missing required key 'id'");
    } else if (!is_scalar(&doc->n[idn]) ||
               !ay_id_ok(doc->n[idn].text, doc->n[idn].len)) {
        ay_ydoc_error(doc, doc->n[idn].line, doc->n[idn].col,
                      "id must be made of letters, digits, '_', '.' and '-'");
    } else {
        p->id = doc->n[idn].text;
    }
    uint32_t namen = ay_ydoc_map_get(doc, doc->root, "name");
    if (!namen) {
        ay_ydoc_error(doc, r->line, r->col, "missing required key 'name'");
    } else if (!is_scalar(&doc->n[namen]) || doc->n[namen].type == YN_NULL ||
               doc->n[namen].len == 0) {
        ay_ydoc_error(doc, doc->n[namen].line, doc->n[namen].col,
                      "name must be a non-empty string");
    } else {
        p->name = doc->n[namen].text;
    }

    unsigned nsrc;
    source *src = read_sources(doc, ay_ydoc_map_get(doc, doc->root, "sources"),
                               &nsrc);
    uint32_t in_ = ay_ydoc_map_get(doc, doc->root, "indicators");
    if (in_ && doc->n[in_].type != YN_MAP && doc->n[in_].type != YN_NULL) {
        ay_ydoc_error(doc, doc->n[in_].line, doc->n[in_].col,
                      "indicators must be a mapping of id to indicator, not a "
                      "%s", kind(&doc->n[in_]));
    } else if (in_ && doc->n[in_].type == YN_MAP) {
        uint32_t n = doc->n[in_].count / 2;
        p->ind = ay_arena_alloc(doc->a, (n + 1) * sizeof *p->ind);
        if (!p->ind)
            return NULL;
        for (uint32_t k = doc->n[in_].first; k;
             k = doc->n[doc->n[k].next].next)
            read_indicator(doc, &p->ind[p->nind++], k, doc->n[k].next, src,
                           nsrc);
    }
    if (doc->ndiags != problems || index_indicators(doc->a, p))
        return NULL;
    return p;
}

const char *ay_indicator_status_name(int status)
{
    static const char *const names[] = {"stated", "not_stated",
                                        "not_applicable"};
    return names[status];
}

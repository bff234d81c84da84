/*
 * result.c -- reading a project's result from C, and rendering it as JSON.
 *
 * A result and everything it points to live in the document's arena: they
 * are borrowed by the result callback and gone when it returns.
 */
#include <stdlib.h>
#include <string.h>

#include "ay_eval.h"

static const ay_cresult *crit(const assay_result *r, int i)
{
    return r && i >= 0 && i < r->nc ? &r->cr[i] : NULL;
}

/* What criterion i read, or with ASSAY_WEIGHTING what the weighting did. */
static const ay_cresult *reads(const assay_result *r, int i)
{
    return r && i == ASSAY_WEIGHTING ? &r->weighting : crit(r, i);
}

static const ay_criterion *def(const assay_result *r, int i)
{
    return &r->s->c[i];
}

const char *assay_result_id(const assay_result *r)
{
    return r ? r->p->id : NULL;
}

const char *assay_result_name(const assay_result *r)
{
    return r ? r->p->name : NULL;
}

const char *assay_result_file(const assay_result *r)
{
    return r ? r->p->file : NULL;
}

unsigned long assay_result_line(const assay_result *r)
{
    return r ? r->p->line : 0;
}

int assay_result_score(const assay_result *r, double *out)
{
    if (!r || !r->has_score)
        return 0;
    if (out)
        *out = r->score;
    return 1;
}

double assay_result_coverage(const assay_result *r)
{
    return r ? r->coverage : 0;
}

const char *assay_result_verdict(const assay_result *r)
{
    return r ? r->verdict : NULL;
}

const char *assay_result_error(const assay_result *r)
{
    return r ? r->error : NULL;
}

int assay_result_criterion_count(const assay_result *r)
{
    return r ? r->nc : 0;
}

const char *assay_result_criterion_id(const assay_result *r, int i)
{
    return crit(r, i) ? def(r, i)->id : NULL;
}

int assay_result_indicator_count(const assay_result *r)
{
    return r ? (int)r->p->nind : 0;
}

const char *assay_result_indicator(const assay_result *r, int k,
                                   assay_where *where)
{
    if (!r || k < 0 || (uint32_t)k >= r->p->nind)
        return NULL;
    const ay_indicator *ind = &r->p->ind[k];
    if (where)
        *where = (assay_where){r->p->file, ind->line, ind->col};
    return ind->id;
}

const char *assay_result_verdict_reason(const assay_result *r)
{
    return r ? r->why : NULL;
}

const char *assay_result_criterion_label_reason(const assay_result *r, int i)
{
    const ay_cresult *c = crit(r, i);
    return c ? c->why : NULL;
}

const char *assay_result_criterion_title(const assay_result *r, int i)
{
    return crit(r, i) ? def(r, i)->title : NULL;
}

const char *assay_result_criterion_group(const assay_result *r, int i)
{
    return crit(r, i) ? def(r, i)->group : NULL;
}

const char *assay_result_criterion_description(const assay_result *r, int i)
{
    return crit(r, i) ? def(r, i)->description : NULL;
}

int assay_result_criterion_contribution(const assay_result *r, int i,
                                        double *out)
{
    const ay_cresult *c = crit(r, i);
    if (!c || !c->has_contribution)
        return 0;
    if (out)
        *out = c->contribution;
    return 1;
}

int assay_result_evidence_truncated(const assay_result *r, int i)
{
    const ay_cresult *c = reads(r, i);
    return c ? c->truncated : 0;
}

const char *assay_result_criterion_status(const assay_result *r, int i)
{
    const ay_cresult *c = crit(r, i);
    return c ? ay_status_name(c->status) : NULL;
}

int assay_result_criterion_score(const assay_result *r, int i, double *out)
{
    const ay_cresult *c = crit(r, i);
    if (!c || !c->has_score)
        return 0;
    if (out)
        *out = c->score;
    return 1;
}

double assay_result_criterion_weight(const assay_result *r, int i)
{
    return crit(r, i) ? def(r, i)->weight : 0;
}

const char *assay_result_criterion_label(const assay_result *r, int i)
{
    const ay_cresult *c = crit(r, i);
    return c ? c->label : NULL;
}

const char *assay_result_criterion_note(const assay_result *r, int i)
{
    const ay_cresult *c = crit(r, i);
    return c ? c->note : NULL;
}

const char *assay_result_criterion_error(const assay_result *r, int i)
{
    const ay_cresult *c = crit(r, i);
    return c ? c->error : NULL;
}

int assay_result_evidence_count(const assay_result *r, int i)
{
    const ay_cresult *c = reads(r, i);
    return c ? c->nev : 0;
}

int assay_result_evidence(const assay_result *r, int i, int j,
                          assay_evidence *out)
{
    const ay_cresult *c = reads(r, i);
    if (!c || j < 0 || j >= c->nev || !out)
        return -1;
    const ay_evid *ev = &c->ev[j];
    memset(out, 0, sizeof *out);
    out->value = ev->value;
    if (ev->ind) {
        out->indicator = ev->ind->id;
        out->status = ay_indicator_status_name(ev->ind->status);
        out->source = ev->ind->source;
        out->locator = ev->ind->locator;
        out->quote = ev->ind->evidence;
        out->confidence = ev->ind->confidence;
        out->note = ev->ind->note;
    } else if (ev->missing) {
        out->indicator = ev->missing;
        out->status = "missing";
    } else {
        out->field = ev->field;
    }
    return 0;
}

/* Line j of a trace of n lines, into *out: 0, or -1 when there is none. */
static int trace_line(const assay_trace *t, int n, int j, assay_trace *out)
{
    if (j < 0 || j >= n || !out)
        return -1;
    *out = t[j];
    return 0;
}

int assay_result_criterion_trace_count(const assay_result *r, int i)
{
    const ay_cresult *c = crit(r, i);
    return c ? c->ntrace : 0;
}

int assay_result_criterion_trace(const assay_result *r, int i, int j,
                                 assay_trace *out)
{
    const ay_cresult *c = crit(r, i);
    return c ? trace_line(c->trace, c->ntrace, j, out) : -1;
}

int assay_result_trace_count(const assay_result *r)
{
    return r ? r->ntrace : 0;
}

int assay_result_trace(const assay_result *r, int j, assay_trace *out)
{
    return r ? trace_line(r->trace, r->ntrace, j, out) : -1;
}

uint32_t ay_result_evidence_node(const assay_result *r, int i, int j,
                                 const ay_ydoc **doc)
{
    const ay_cresult *c = reads(r, i);
    if (!c || j < 0 || j >= c->nev || c->ev[j].summary)
        return 0;
    *doc = r->p->doc;
    return c->ev[j].ind ? c->ev[j].ind->node : c->ev[j].node;
}

/* ---- JSON ------------------------------------------------------------ */

/* Keys are literals: written with their quotes and colon, as they are
 * (no key needs escaping). */
#define key(b, k, first) put_key(b, ",\"" k "\":", sizeof ",\"" k "\":" - 1, \
                                 first)

static void put_key(ay_buf *b, const char *quoted, size_t n, int first)
{
    ay_buf_put(b, quoted + first, n - (size_t)first);
}

static void str_value(ay_buf *b, const char *v)
{
    if (v)
        ay_json_string(b, v, strlen(v));
    else
        ay_buf_put(b, "null", 4);
}

static void num_value(ay_buf *b, int has, double v)
{
    if (has)
        ay_json_number(b, v);
    else
        ay_buf_put(b, "null", 4);
}

#define str(b, k, v) (key(b, k, 0), str_value(b, v))
#define num(b, k, has, v) (key(b, k, 0), num_value(b, has, v))

static void evidence_json(ay_buf *b, const ay_evid *ev)
{
    if (ev->ind) {
        const ay_indicator *ind = ev->ind;
        key(b, "indicator", 1);
        ay_json_string(b, ind->id, strlen(ind->id));
        key(b, "value", 0);
        ay_buf_puts(b, ev->value ? ev->value : "null");
        str(b, "status", ay_indicator_status_name(ind->status));
        str(b, "source", ind->source);
        str(b, "locator", ind->locator);
        str(b, "quote", ind->evidence);
        str(b, "confidence", ind->confidence);
        if (ind->note)
            str(b, "note", ind->note);
    } else if (ev->missing) {
        key(b, "indicator", 1);
        ay_json_string(b, ev->missing, strlen(ev->missing));
        ay_buf_puts(b, ",\"value\":null,\"status\":\"missing\",\"source\":null,"
                    "\"locator\":null,\"quote\":null,\"confidence\":null");
    } else {
        key(b, "field", 1);
        ay_json_string(b, ev->field, strlen(ev->field));
        key(b, "value", 0);
        ay_buf_puts(b, ev->value ? ev->value : "null");
    }
}

/* ,"trace":[{"file":..., "line":..., "text":...}, ...]; file only when
 * the line came from a module. */
static void trace_json(ay_buf *b, const assay_trace *t, int n)
{
    key(b, "trace", 0);
    ay_buf_putc(b, '[');
    for (int j = 0; j < n; j++) {
        ay_buf_puts(b, j ? ",{" : "{");
        if (t[j].file) {
            key(b, "file", 1);
            ay_json_string(b, t[j].file, strlen(t[j].file));
        }
        key(b, "line", !t[j].file);
        ay_buf_printf(b, "%lu", t[j].line);
        str(b, "text", t[j].text);
        ay_buf_putc(b, '}');
    }
    ay_buf_putc(b, ']');
}

void ay_result_json(const assay_result *r, ay_buf *b)
{
    if (r->json) {
        ay_buf_put(b, r->json, r->json_len);
        return;
    }
    const ay_project *p = r->p;
    ay_buf_putc(b, '{');
    key(b, "id", 1);
    ay_json_string(b, p->id, strlen(p->id));
    str(b, "name", p->name);
    str(b, "file", p->file);
    num(b, "line", 1, p->line);
    num(b, "score", r->has_score, r->score);
    num(b, "coverage", 1, r->coverage);
    str(b, "verdict", r->verdict);
    str(b, "error", r->error);
    key(b, "criteria", 0);
    ay_buf_putc(b, '[');
    for (int i = 0; i < r->nc; i++) {
        const ay_criterion *c = def(r, i);
        const ay_cresult *cr = &r->cr[i];
        if (i)
            ay_buf_putc(b, ',');
        ay_buf_putc(b, '{');
        key(b, "id", 1);
        ay_json_string(b, c->id, strlen(c->id));
        str(b, "title", c->title);
        str(b, "group", c->group);
        num(b, "weight", 1, c->weight);
        str(b, "status", ay_status_name(cr->status));
        num(b, "score", cr->has_score, cr->score);
        str(b, "label", cr->label);
        num(b, "contribution", cr->has_contribution, cr->contribution);
        str(b, "note", cr->note);
        str(b, "error", cr->error);
        key(b, "evidence_truncated", 0);
        ay_buf_puts(b, cr->truncated ? "true" : "false");
        key(b, "evidence", 0);
        ay_buf_putc(b, '[');
        for (int j = 0; j < cr->nev; j++) {
            if (j)
                ay_buf_putc(b, ',');
            ay_buf_putc(b, '{');
            evidence_json(b, &cr->ev[j]);
            ay_buf_putc(b, '}');
        }
        ay_buf_putc(b, ']');
        if (r->traced)
            trace_json(b, cr->trace, cr->ntrace);
        ay_buf_putc(b, '}');
    }
    ay_buf_putc(b, ']');
    if (r->traced)
        trace_json(b, r->trace, r->ntrace);
    ay_buf_putc(b, '}');
}

int assay_result_json(const assay_result *r, char **out, size_t *len)
{
    if (!r || !out)
        return ASSAY_EINVAL;
    ay_buf b = {0};
    locale_t host = ay_enter();
    ay_result_json(r, &b);
    ay_leave(host);
    ay_buf_cstr(&b);
    if (b.oom) {
        ay_buf_free(&b);
        *out = NULL;
        return ASSAY_ENOMEM;
    }
    *out = b.p;
    if (len)
        *len = b.n;
    return ASSAY_OK;
}

size_t assay_result_json_into(const assay_result *r, char *dst, size_t cap)
{
    if (!r || (!dst && cap)) {
        if (dst && cap)
            dst[0] = 0;
        return 0;
    }
    if (!r->json) { /* rendered here, straight into dst */
        ay_buf b = ay_buf_over(dst, cap);
        locale_t host = ay_enter();
        ay_result_json(r, &b);
        ay_leave(host);
        if (cap)
            dst[b.n] = 0;
        return b.n + b.lost;
    }
    size_t n = r->json_len; /* rendered by a worker */
    if (cap) {
        size_t m = n < cap ? n : cap - 1;
        if (m)
            memcpy(dst, r->json, m);
        dst[m] = 0;
    }
    return n;
}

const char *assay_result_json_rendered(const assay_result *r, size_t *len)
{
    if (!r || !r->json)
        return NULL;
    if (len)
        *len = r->json_len;
    return r->json;
}

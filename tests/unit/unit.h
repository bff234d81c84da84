/*
 * unit.h -- shared fixtures of the cmocka unit tests: an engine with a
 * script loaded from a string, and collectors for diagnostics and results.
 */
#ifndef ASSAY_UNIT_H
#define ASSAY_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "assay.h"

#define MAX_SEEN 64

/* What one evaluation produced: diagnostics, and each result as JSON. */
typedef struct seen {
    int ndiags;
    struct {
        unsigned long line, column;
        char msg[1200];
        char file[256];
    } diag[MAX_SEEN];
    int nresults;
    char *json[MAX_SEEN];
    char id[MAX_SEEN][128];
    char verdict[MAX_SEEN][64];
    double score[MAX_SEEN];
    int has_score[MAX_SEEN];
    double coverage[MAX_SEEN];
} seen;

static inline void seen_diag(void *ud, const assay_diag *d)
{
    seen *s = ud;
    if (s->ndiags >= MAX_SEEN)
        return;
    s->diag[s->ndiags].line = d->line;
    s->diag[s->ndiags].column = d->column;
    snprintf(s->diag[s->ndiags].msg, sizeof s->diag[0].msg, "%s", d->message);
    snprintf(s->diag[s->ndiags].file, sizeof s->diag[0].file, "%s", d->file);
    s->ndiags++;
}

static inline int seen_result(void *ud, const assay_result *r)
{
    seen *s = ud;
    if (s->nresults >= MAX_SEEN)
        return 1;
    int i = s->nresults++;
    size_t len;
    assert_int_equal(assay_result_json(r, &s->json[i], &len), ASSAY_OK);
    snprintf(s->id[i], sizeof s->id[i], "%s", assay_result_id(r));
    const char *v = assay_result_verdict(r);
    snprintf(s->verdict[i], sizeof s->verdict[i], "%s", v ? v : "");
    s->has_score[i] = assay_result_score(r, &s->score[i]);
    s->coverage[i] = assay_result_coverage(r);
    return 0;
}

static inline void seen_free(seen *s)
{
    for (int i = 0; i < s->nresults; i++)
        free(s->json[i]);
    memset(s, 0, sizeof *s);
}

/* A new engine whose diagnostics go to s. */
static inline assay_engine *engine_with(seen *s)
{
    assay_engine *e = assay_engine_new(NULL);
    assert_non_null(e);
    assay_engine_on_diag(e, seen_diag, s);
    return e;
}

/* A script that reads nothing: for tests of the loader alone. */
#define TRIVIAL_SCRIPT \
    "criterion { id = 'one', evaluate = function(p) return 1 end }\n"

/* Evaluate yaml with script; returns the engine's status code. */
static inline int eval_with(seen *s, const char *script, const char *yaml)
{
    assay_engine *e = engine_with(s);
    int rc = assay_engine_load_script_string(e, "test.lua", script,
                                             strlen(script));
    if (rc != ASSAY_OK)
        fail_msg("script did not load: %s", assay_engine_errmsg(e));
    rc = assay_engine_eval_string(e, "case.yaml", yaml, strlen(yaml),
                                  seen_result, s);
    assay_engine_free(e);
    return rc;
}

/* Does some diagnostic sit at line:col and contain text? */
static inline int has_diag(const seen *s, unsigned long line, unsigned long col,
                    const char *text)
{
    for (int i = 0; i < s->ndiags; i++)
        if (s->diag[i].line == line && s->diag[i].column == col &&
            strstr(s->diag[i].msg, text))
            return 1;
    return 0;
}

/* Print what was seen, to explain a failure. */
static inline void dump(const seen *s)
{
    for (int i = 0; i < s->ndiags; i++)
        print_message("diag %lu:%lu: %s\n", s->diag[i].line,
                      s->diag[i].column, s->diag[i].msg);
    for (int i = 0; i < s->nresults; i++)
        print_message("result %s\n", s->json[i]);
}

#define assert_contains(hay, needle)                                       \
    do {                                                                   \
        const char *h_ = (hay), *n_ = (needle);                            \
        if (!h_ || !strstr(h_, n_))                                        \
            fail_msg("expected \"%s\" in \"%s\"", n_, h_ ? h_ : "(null)"); \
    } while (0)

#define assert_diag(s, line, col, text)                                    \
    do {                                                                   \
        if (!has_diag((s), (line), (col), (text))) {                       \
            dump(s);                                                       \
            fail_msg("no diagnostic at %d:%d containing \"%s\"", (line),   \
                     (col), (text));                                       \
        }                                                                  \
    } while (0)

#endif

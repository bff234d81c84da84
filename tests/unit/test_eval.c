/*
 * test_eval.c -- evaluating through the C API (docs/scripts.md): what
 * only C can see. A script on a case giving scores, statuses, notes,
 * labels, verdicts and evidence is tested as data, through the command
 * line, in tests/golden/eval_* (script, case, expected JSON and the hand
 * arithmetic side by side). Here: every assay_result_* accessor on one
 * result, the evidence cap as the accessors report it, project objects
 * kept from one call to the next, and limits set with assay_limits.
 *
 * Every expected number is worked out by hand in a comment beside it. The
 * collector checks, for every result, that the contribution accessor agrees
 * with the result's JSON and that evidence past the end is refused.
 */
#include <math.h>

#include "unit.h"

/* ---- Collecting results ------------------------------------------------- */

#define MAXR 8  /* projects */
#define MAXC 16 /* criteria */
#define MAXE 16 /* evidence items */

typedef struct evrec {
    char *indicator, *field, *value, *status, *source, *locator, *quote;
} evrec;

typedef struct crec {
    char *id, *title, *group, *status, *label, *note, *error;
    int has_score, has_contribution;
    double score, weight, contribution;
    int nev;
    evrec ev[MAXE];
} crec;

typedef struct rrec {
    char *id, *verdict, *error, *json;
    int has_score;
    double score, coverage;
    int nc;
    crec c[MAXC];
} rrec;

typedef struct got {
    seen s; /* diagnostics */
    int n;
    rrec r[MAXR];
} got;

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Fill the contribution of each criterion from "contribution": in the
 * result's JSON, criteria in order. (The key cannot occur inside a JSON
 * string, where its quotes would be escaped.) */
static void read_contributions(rrec *x)
{
    const char *p = x->json;
    for (int i = 0; i < x->nc; i++) {
        p = strstr(p, "\"contribution\":");
        assert_non_null(p);
        p += strlen("\"contribution\":");
        if (!strncmp(p, "null", 4)) {
            x->c[i].has_contribution = 0;
        } else {
            char *end;
            x->c[i].contribution = strtod(p, &end);
            assert_true(end != p);
            x->c[i].has_contribution = 1;
        }
    }
    assert_null(strstr(p, "\"contribution\":"));
}

static int collect(void *ud, const assay_result *r)
{
    got *g = ud;
    assert_true(g->n < MAXR);
    rrec *x = &g->r[g->n++];
    x->id = dup_or_null(assay_result_id(r));
    x->verdict = dup_or_null(assay_result_verdict(r));
    x->error = dup_or_null(assay_result_error(r));
    x->has_score = assay_result_score(r, &x->score);
    x->coverage = assay_result_coverage(r);
    x->nc = assay_result_criterion_count(r);
    assert_true(x->nc >= 0 && x->nc <= MAXC);
    for (int i = 0; i < x->nc; i++) {
        crec *c = &x->c[i];
        c->id = dup_or_null(assay_result_criterion_id(r, i));
        c->title = dup_or_null(assay_result_criterion_title(r, i));
        c->group = dup_or_null(assay_result_criterion_group(r, i));
        c->status = dup_or_null(assay_result_criterion_status(r, i));
        c->label = dup_or_null(assay_result_criterion_label(r, i));
        c->note = dup_or_null(assay_result_criterion_note(r, i));
        c->error = dup_or_null(assay_result_criterion_error(r, i));
        c->has_score = assay_result_criterion_score(r, i, &c->score);
        c->weight = assay_result_criterion_weight(r, i);
        c->nev = assay_result_evidence_count(r, i);
        assert_true(c->nev >= 0 && c->nev <= MAXE);
        for (int j = 0; j < c->nev; j++) {
            assay_evidence ev;
            assert_int_equal(assay_result_evidence(r, i, j, &ev), 0);
            evrec *e = &c->ev[j];
            e->indicator = dup_or_null(ev.indicator);
            e->field = dup_or_null(ev.field);
            e->value = dup_or_null(ev.value);
            e->status = dup_or_null(ev.status);
            e->source = dup_or_null(ev.source);
            e->locator = dup_or_null(ev.locator);
            e->quote = dup_or_null(ev.quote);
        }
        assay_evidence past;
        assert_int_equal(assay_result_evidence(r, i, c->nev, &past), -1);
    }
    size_t len;
    assert_int_equal(assay_result_json(r, &x->json, &len), ASSAY_OK);
    read_contributions(x);
    for (int i = 0; i < x->nc; i++) { /* the accessor agrees with JSON */
        double v = 0;
        int has = assay_result_criterion_contribution(r, i, &v);
        assert_int_equal(has, x->c[i].has_contribution);
        if (has)
            assert_true(v == x->c[i].contribution);
    }
    return 0;
}

static void got_free(got *g)
{
    for (int k = 0; k < g->n; k++) {
        rrec *x = &g->r[k];
        free(x->id);
        free(x->verdict);
        free(x->error);
        free(x->json);
        for (int i = 0; i < x->nc; i++) {
            crec *c = &x->c[i];
            free(c->id);
            free(c->title);
            free(c->group);
            free(c->status);
            free(c->label);
            free(c->note);
            free(c->error);
            for (int j = 0; j < c->nev; j++) {
                evrec *e = &c->ev[j];
                free(e->indicator);
                free(e->field);
                free(e->value);
                free(e->status);
                free(e->source);
                free(e->locator);
                free(e->quote);
            }
        }
    }
    free(g);
}

/* Evaluate yaml with script (loaded as "test.lua"); the results are in the
 * returned got, which the caller frees with got_free. *rc gets the status
 * of the evaluation. */
static got *run(const char *script, const char *yaml, int *rc)
{
    got *g = calloc(1, sizeof *g);
    assert_non_null(g);
    assay_engine *e = engine_with(&g->s);
    if (assay_engine_load_script_string(e, "test.lua", script,
                                        strlen(script)) != ASSAY_OK)
        fail_msg("script did not load: %s", assay_engine_errmsg(e));
    int r = assay_engine_eval_string(e, "case.yaml", yaml, strlen(yaml),
                                     collect, g);
    assay_engine_free(e);
    if (g->s.ndiags) {
        dump(&g->s);
        fail_msg("the case was rejected");
    }
    if (rc)
        *rc = r;
    return g;
}

static const rrec *project(const got *g, const char *id)
{
    for (int k = 0; k < g->n; k++)
        if (!strcmp(g->r[k].id, id))
            return &g->r[k];
    fail_msg("no result for project '%s'", id);
    return NULL;
}

static const crec *crit(const rrec *r, const char *id)
{
    for (int i = 0; i < r->nc; i++)
        if (!strcmp(r->c[i].id, id))
            return &r->c[i];
    fail_msg("project '%s' has no criterion '%s'", r->id, id);
    return NULL;
}

/* ---- Assertions --------------------------------------------------------- */

#define EPS 1e-12

#define assert_near(got_, want_)                                           \
    do {                                                                   \
        double g_ = (got_), w_ = (want_);                                  \
        if (!(fabs(g_ - w_) <= EPS))                                       \
            fail_msg("%s is %.17g, expected %.17g", #got_, g_, w_);        \
    } while (0)

#define assert_str(got_, want_)                                            \
    do {                                                                   \
        const char *g_ = (got_), *w_ = (want_);                            \
        if (!w_ ? g_ != NULL : (!g_ || strcmp(g_, w_)))                    \
            fail_msg("%s is \"%s\", expected \"%s\"", #got_,               \
                     g_ ? g_ : "(null)", w_ ? w_ : "(null)");              \
    } while (0)

static void scored(const crec *c, double want)
{
    if (strcmp(c->status, "scored"))
        fail_msg("criterion '%s' is %s (%s), expected scored", c->id,
                 c->status, c->error ? c->error : "");
    assert_true(c->has_score);
    assert_near(c->score, want);
    assert_null(c->error);
}

static void errored(const crec *c, const char *text)
{
    if (strcmp(c->status, "error"))
        fail_msg("criterion '%s' is %s, expected error", c->id, c->status);
    assert_false(c->has_score);
    assert_contains(c->error, text);
}

/* ---- Objects kept across calls ----------------------------------------- */

static void test_eval_stale_project_object_errors(void **state)
{
    (void)state;
    int rc;
    got *g = run("local saved, saved_ind\n"
                 "criterion { id = 'proj', evaluate = function(p)\n"
                 "  if saved then local _ = saved.name end\n"
                 "  saved = p\n"
                 "  return 1\n"
                 "end }\n"
                 "criterion { id = 'ind', evaluate = function(p)\n"
                 "  if saved_ind then local _ = saved_ind.value end\n"
                 "  saved_ind = p:indicator('A')\n"
                 "  return 1\n"
                 "end }\n"
                 "criterion { id = 'fresh', evaluate = function(p) return "
                 "p:value('A') == 'present' end }\n",
                 "id: p1\nname: P1\nindicators: { A: present }\n---\n"
                 "id: p2\nname: P2\nindicators: { A: present }\n",
                 &rc);
    assert_int_equal(rc, ASSAY_ECRITERIA);
    const rrec *p1 = project(g, "p1"), *p2 = project(g, "p2");
    scored(crit(p1, "proj"), 1);
    scored(crit(p1, "ind"), 1);
    errored(crit(p2, "proj"), "no longer being evaluated");
    errored(crit(p2, "ind"), "no longer being evaluated");
    scored(crit(p2, "fresh"), 1);
    got_free(g);
}

/* ---- The result's accessors and the evidence cap ----------------------- */

#define PROV_CASE                                                          \
    "id: p1\n"                                                             \
    "name: P1\n"                                                           \
    "country: KE\n"                                                        \
    "sector: [wood, metal]\n"                                              \
    "target_group: { clustered: true }\n"                                  \
    "sources:\n"                                                           \
    "  - { id: rev, citation: \"Review s1\" }\n"                           \
    "indicators:\n"                                                        \
    "  A: { value: present, unit: ordinal, evidence: \"quote A\", "        \
    "source: rev, locator: \"s1.2\", confidence: high }\n"                 \
    "  B: { value: 12.5, unit: percent, source: rev, locator: t3 }\n"      \
    "  C: not_stated\n"                                                    \
    "  D: { value: not_applicable }\n"                                     \
    "  N: { value: 3, unit: count }\n"                                     \
    "  T: { value: true, unit: boolean }\n"                                \
    "  S: { value: free words, unit: text }\n"

static void ev_indicator(const evrec *e, const char *id, const char *value,
                         const char *status, const char *source,
                         const char *locator, const char *quote)
{
    assert_str(e->indicator, id);
    assert_null(e->field);
    if (value)
        assert_str(e->value, value);
    assert_str(e->status, status);
    assert_str(e->source, source);
    assert_str(e->locator, locator);
    assert_str(e->quote, quote);
}

static void ev_field(const evrec *e, const char *path, const char *value)
{
    assert_str(e->field, path);
    assert_null(e->indicator);
    assert_str(e->value, value);
    assert_null(e->status);
}

/* Every accessor of a result, on one project with a scored, a
 * not-assessable and a failed criterion. (What scripts and cases give is
 * tested through the command line, in tests/golden/eval_*; this is the C
 * view of one such result.) */
static void test_eval_result_accessors(void **state)
{
    (void)state;
    int rc;
    got *g = run("criterion { id = 'kind', title = 'Kind', group = 'g', "
                 "weight = 2,\n"
                 "  bands = { { 'high', at_least = 0.5 }, { 'low' } },\n"
                 "  evaluate = function(p)\n"
                 "    local a, c = p:value('A'), p:field('country')\n"
                 "    return 0.75, 'read A and country'\n"
                 "  end }\n"
                 "criterion { id = 'gap', evaluate = function(p)\n"
                 "  return nil, 'no figure' end }\n"
                 "criterion { id = 'bad', evaluate = function(p)\n"
                 "  error('broke') end }\n"
                 "weighting { verdicts = { { 'fine', at_least = 0.5 }, "
                 "{ 'not' } } }\n",
                 PROV_CASE, &rc);
    assert_int_equal(rc, ASSAY_ECRITERIA);
    assert_int_equal(g->n, 1);
    const rrec *r = &g->r[0];
    assert_str(r->id, "p1");
    assert_null(r->error);
    /* only kind is scored: 2*0.75 / 2 = 0.75; coverage 2 / (2+1+1) = 0.5 */
    assert_true(r->has_score);
    assert_near(r->score, 0.75);
    assert_near(r->coverage, 0.5);
    assert_str(r->verdict, "fine"); /* 0.75 >= 0.5 */
    assert_int_equal(r->nc, 3);

    const crec *kind = &r->c[0];
    assert_str(kind->id, "kind");
    assert_str(kind->title, "Kind");
    assert_str(kind->group, "g");
    scored(kind, 0.75);
    assert_near(kind->weight, 2);
    assert_str(kind->label, "high"); /* 0.75 >= 0.5 */
    assert_str(kind->note, "read A and country");
    /* w*s / scored weight: 2*0.75 / 2 */
    assert_true(kind->has_contribution);
    assert_near(kind->contribution, 0.75);
    assert_int_equal(kind->nev, 2);
    ev_indicator(&kind->ev[0], "A", "\"present\"", "stated", "rev", "s1.2",
                 "quote A");
    ev_field(&kind->ev[1], "country", "\"KE\"");

    const crec *gap = &r->c[1];
    assert_str(gap->id, "gap");
    assert_str(gap->title, "gap"); /* the title defaults to the id */
    assert_null(gap->group);
    assert_string_equal(gap->status, "not_assessable");
    assert_false(gap->has_score);
    assert_null(gap->error);
    assert_str(gap->note, "no figure");
    assert_null(gap->label);
    assert_near(gap->weight, 1);
    assert_false(gap->has_contribution);
    assert_int_equal(gap->nev, 0);

    const crec *bad = &r->c[2];
    assert_str(bad->id, "bad");
    errored(bad, "broke");
    assert_null(bad->note);
    assert_null(bad->label);
    assert_near(bad->weight, 1);
    assert_false(bad->has_contribution);
    assert_int_equal(bad->nev, 0);
    got_free(g);
}

/* Count evidence per criterion, beyond the MAXE the collector keeps. */
typedef struct counts {
    int n, nev[4], truncated[4];
    char json[4][64];
} counts;

static int count_evidence(void *ud, const assay_result *r)
{
    counts *c = ud;
    for (int i = 0; i < assay_result_criterion_count(r) && i < 4; i++) {
        c->nev[i] = assay_result_evidence_count(r, i);
        c->truncated[i] = assay_result_evidence_truncated(r, i);
        char *json;
        size_t len;
        assert_int_equal(assay_result_json(r, &json, &len), ASSAY_OK);
        const char *t = json; /* the i-th criterion's key */
        for (int k = 0; k <= i; k++) {
            t = strstr(k ? t + 1 : t, "\"evidence_truncated\":");
            assert_non_null(t);
        }
        snprintf(c->json[i], sizeof c->json[i], "%.25s", t);
        free(json);
    }
    c->n++;
    return 0;
}

static void test_eval_evidence_is_capped(void **state)
{
    (void)state;
    const char *script =
        "criterion { id = 'many', evaluate = function(p)\n"
        "  for i = 1, 300 do p:value('X' .. i) end\n"
        "  for i = 1, 300 do p:field('f' .. i) end\n"
        "  return 1 end }\n"
        "criterion { id = 'few', evaluate = function(p)\n"
        "  p:value('A') return 1 end }\n";
    assay_engine *e = assay_engine_new(NULL);
    assert_int_equal(assay_engine_load_script_string(e, "test.lua", script,
                                                     strlen(script)),
                     ASSAY_OK);
    counts c = {0};
    assert_int_equal(assay_engine_eval_string(e, "case.yaml", PROV_CASE,
                                              strlen(PROV_CASE),
                                              count_evidence, &c),
                     ASSAY_OK);
    assay_engine_free(e);
    assert_int_equal(c.n, 1);
    /* 600 distinct reads: the list keeps the first 256 and says so */
    assert_int_equal(c.nev[0], 256);
    assert_int_equal(c.truncated[0], 1);
    assert_string_equal(c.json[0], "\"evidence_truncated\":true");
    assert_int_equal(c.nev[1], 1);
    assert_int_equal(c.truncated[1], 0);
    assert_string_equal(c.json[1], "\"evidence_truncated\":fals");
}

/* ---- Limits set through the API ----------------------------------------- */

static void test_eval_limits_give_status_limit_and_spare_the_rest(void **state)
{
    (void)state;
    int rc;
    const char *offenders =
        "criterion { id = 'loop', evaluate = function(p)\n"          /* 1 */
        "  for i = 1, 5 do pcall(function() while true do end end) end\n" /* 2 */
        "  return 1 end }\n"                                           /* 3 */
        "criterion { id = 'hog', evaluate = function(p)\n"             /* 4 */
        "  local t = {}\n"                                             /* 5 */
        "  pcall(function() for i = 1, 100 do\n"                      /* 6 */
        "    t[i] = ('x'):rep(1 << 20) .. i end end)\n"                /* 7 */
        "  return 1 end }\n"                                           /* 8 */
        "criterion { id = 'draw', evaluate = function(p)\n"
        "  return math.random(1, 1000) / 1000 end }\n";
    /* 4M steps: more than the hog's 8 MiB of strings are charged (one
     * step per 4 bytes, 2M), so the heap limit is what stops it */
    assay_limits lim = {.instructions = 4000000, .lua_bytes = 8 << 20};
    seen s = {0};
    assay_engine *e = assay_engine_new(&lim);
    assert_int_equal(assay_engine_load_script_string(e, "t.lua", offenders,
                                                     strlen(offenders)),
                     ASSAY_OK);
    const char *two = "id: p1\nname: P\n---\nid: p2\nname: Q\n";
    assert_int_equal(assay_engine_eval_string(e, "c.yaml", two, strlen(two),
                                              seen_result, &s),
                     ASSAY_ECRITERIA);
    assay_engine_free(e);
    assert_int_equal(s.nresults, 2);
    for (int k = 0; k < 2; k++) {
        /* caught by pcall or not, a limit is the criterion's status */
        assert_non_null(strstr(s.json[k], "\"id\":\"loop\",\"title\":\"loop\","
                               "\"group\":null,\"weight\":1,\"status\":\"limit\""));
        assert_non_null(strstr(s.json[k], "instruction limit: more than 4000000 "
                               "Lua instructions in one call (at t.lua:2)"));
        assert_non_null(strstr(s.json[k], "\"id\":\"hog\",\"title\":\"hog\","
                               "\"group\":null,\"weight\":1,\"status\":\"limit\""));
        assert_non_null(strstr(s.json[k], "memory limit: the script's Lua heap "
                               "reached the limit of 8388608 bytes"));
    }
    /* the criterion after them draws what it draws alone */
    const char *alone = "criterion { id = 'draw', evaluate = function(p)\n"
                        "  return math.random(1, 1000) / 1000 end }\n";
    got *g = run(alone, "id: p1\nname: P\n---\nid: p2\nname: Q\n", &rc);
    for (int k = 0; k < 2; k++) {
        const char *d = strstr(s.json[k], "\"id\":\"draw\"");
        assert_non_null(d);
        char want[64];
        snprintf(want, sizeof want, "\"score\":%g,", crit(&g->r[k], "draw")->score);
        assert_non_null(strstr(d, want));
    }
    got_free(g);
    seen_free(&s);
}

static void test_eval_limit_while_loading_rejects_the_script(void **state)
{
    (void)state;
    assay_limits lim = {.instructions = 10000};
    assay_engine *e = assay_engine_new(&lim);
    const char *script = "while true do end\n"
                         "criterion { id = 'a', evaluate = function() return 1 end }\n";
    assert_int_equal(assay_engine_load_script_string(e, "t.lua", script,
                                                     strlen(script)),
                     ASSAY_ESCRIPT);
    assert_non_null(strstr(assay_engine_errmsg(e), "instruction limit"));
    assert_non_null(strstr(assay_engine_errmsg(e), "(at t.lua:1)"));
    assay_engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eval_stale_project_object_errors),
        cmocka_unit_test(test_eval_result_accessors),
        cmocka_unit_test(test_eval_evidence_is_capped),
        cmocka_unit_test(test_eval_limits_give_status_limit_and_spare_the_rest),
        cmocka_unit_test(test_eval_limit_while_loading_rejects_the_script),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_eval.c -- evaluating projects against a script (SPEC s4): scores,
 * statuses, aggregation, coverage, bands, verdicts, the read-only project
 * and indicator objects, and the evidence recorded from what criteria read.
 *
 * Every expected number is worked out by hand in a comment beside it from
 * the weights and scores in the test's script. Results are read with the
 * assay_result_* accessors; only the per-criterion contribution, which has
 * no accessor, is read from the result's JSON.
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
    char *id, *status, *label, *note, *error;
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

#define ONE_CASE "id: p1\nname: P1\n"
#define THREE_CASES "id: p1\nname: P1\n---\nid: p2\nname: P2\n---\n" \
                    "id: p3\nname: P3\n"

/* ---- Read-only objects -------------------------------------------------- */

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

/* ---- Provenance and the project's methods -------------------------------- */

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

static void test_eval_evidence_in_first_read_order(void **state)
{
    (void)state;
    int rc;
    got *g = run("criterion { id = 'reads', evaluate = function(p)\n"
                 "  local b = p:value('B')\n"
                 "  local a = p:value('A')\n"
                 "  local ia = p:indicator('A')\n"
                 "  local z = p:value('Z')\n"
                 "  local z2 = p:has('Z')\n"
                 "  local c = p:field('target_group.clustered')\n"
                 "  local c2 = p:field('target_group.clustered')\n"
                 "  local h = p:has('C')\n"
                 "  local s = p:field('sector.2')\n"
                 "  local b2 = p:value('B')\n"
                 "  return 1\n"
                 "end }\n"
                 "criterion { id = 'only_a', evaluate = function(p)\n"
                 "  return p:has('A') end }\n"
                 "criterion { id = 'none', evaluate = function(p) return 0.5 "
                 "end }\n"
                 "criterion { id = 'fails', evaluate = function(p)\n"
                 "  local n = p:value('N')\n"
                 "  error('after reading N')\n"
                 "end }\n",
                 PROV_CASE, &rc);
    assert_int_equal(rc, ASSAY_ECRITERIA);
    const rrec *r = &g->r[0];
    /* B, A, Z (missing), the field, C, the second field: each once */
    const crec *reads = crit(r, "reads");
    scored(reads, 1);
    assert_int_equal(reads->nev, 6);
    ev_indicator(&reads->ev[0], "B", "12.5", "stated", "rev", "t3", NULL);
    ev_indicator(&reads->ev[1], "A", "\"present\"", "stated", "rev", "s1.2",
                 "quote A");
    ev_indicator(&reads->ev[2], "Z", NULL, "missing", NULL, NULL, NULL);
    ev_field(&reads->ev[3], "target_group.clustered", "true");
    ev_indicator(&reads->ev[4], "C", NULL, "not_stated", NULL, NULL, NULL);
    ev_field(&reads->ev[5], "sector.2", "\"metal\"");
    /* evidence is per criterion */
    const crec *only_a = crit(r, "only_a");
    assert_int_equal(only_a->nev, 1);
    ev_indicator(&only_a->ev[0], "A", "\"present\"", "stated", "rev", "s1.2",
                 "quote A");
    assert_int_equal(crit(r, "none")->nev, 0);
    /* what a failing criterion read is still shown */
    const crec *fails = crit(r, "fails");
    errored(fails, "after reading N");
    assert_int_equal(fails->nev, 1);
    ev_indicator(&fails->ev[0], "N", "3", "stated", NULL, NULL, NULL);
    got_free(g);
}

static void test_eval_evidence_from_a_kept_indicator(void **state)
{
    (void)state;
    int rc;
    /* An indicator object found by one criterion and read by another is
     * evidence of the one that reads it. */
    got *g = run("local kept\n"
                 "criterion { id = 'finds', evaluate = function(p)\n"
                 "  kept = p:indicator('A') return 1 end }\n"
                 "criterion { id = 'uses', evaluate = function(p)\n"
                 "  return kept.value == 'present' end }\n",
                 PROV_CASE, &rc);
    assert_int_equal(rc, ASSAY_OK);
    const crec *uses = crit(&g->r[0], "uses");
    scored(uses, 1);
    assert_int_equal(uses->nev, 1);
    ev_indicator(&uses->ev[0], "A", "\"present\"", "stated", "rev", "s1.2",
                 "quote A");
    got_free(g);
}

static void test_eval_indicators_iterate_in_file_order(void **state)
{
    (void)state;
    got *g = run("criterion { id = 'all', evaluate = function(p)\n"
                 "  local seen = {}\n"
                 "  for id, ind in p:indicators() do\n"
                 "    seen[#seen + 1] = id .. '=' .. tostring(ind.value)\n"
                 "  end\n"
                 "  return 1, table.concat(seen, ' ')\n"
                 "end }\n"
                 "criterion { id = 'first_two', evaluate = function(p)\n"
                 "  local n = 0\n"
                 "  for id in p:indicators() do\n"
                 "    n = n + 1\n"
                 "    if n == 2 then break end\n"
                 "  end\n"
                 "  return 1\n"
                 "end }\n",
                 "id: p1\nname: P1\nindicators:\n"
                 "  Z2: present\n"
                 "  A: absent\n"
                 "  M: { value: 4, unit: count }\n"
                 "  K: not_stated\n",
                 NULL);
    const rrec *r = &g->r[0];
    const crec *all = crit(r, "all");
    scored(all, 1);
    assert_str(all->note, "Z2=present A=absent M=4 K=nil");
    assert_int_equal(all->nev, 4);
    ev_indicator(&all->ev[0], "Z2", "\"present\"", "stated", NULL, NULL,
                 NULL);
    ev_indicator(&all->ev[1], "A", "\"absent\"", "stated", NULL, NULL, NULL);
    ev_indicator(&all->ev[2], "M", "4", "stated", NULL, NULL, NULL);
    ev_indicator(&all->ev[3], "K", NULL, "not_stated", NULL, NULL, NULL);
    /* only what was iterated is recorded */
    const crec *two = crit(r, "first_two");
    assert_int_equal(two->nev, 2);
    assert_str(two->ev[0].indicator, "Z2");
    assert_str(two->ev[1].indicator, "A");
    got_free(g);
}

static void test_eval_value_and_has(void **state)
{
    (void)state;
    got *g = run(
        "criterion { id = 'values', evaluate = function(p)\n"
        "  local got = {}\n"
        "  local function put(x) got[#got + 1] = tostring(x) end\n"
        "  put(p:value('C')) put(p:value('D')) put(p:value('Z'))\n"
        "  put(math.type(p:value('N'))) put(math.type(p:value('B')))\n"
        "  put(type(p:value('T'))) put(p:value('T'))\n"
        "  put(p:value('A')) put(p:value('S'))\n"
        "  put(p:has('A')) put(p:has('B')) put(p:has('C')) put(p:has('D'))\n"
        "  put(p:has('Z'))\n"
        "  return p:value('B') / 100, table.concat(got, ',')\n"
        "end }\n",
        PROV_CASE, NULL);
    const crec *c = crit(&g->r[0], "values");
    /* 12.5 / 100 */
    scored(c, 0.125);
    assert_str(c->note, "nil,nil,nil,integer,float,boolean,true,present,"
                        "free words,true,true,false,false,false");
    got_free(g);
}

static void test_eval_indicator_object_fields(void **state)
{
    (void)state;
    got *g = run(
        "criterion { id = 'obj', evaluate = function(p)\n"
        "  local got = {}\n"
        "  local function put(x) got[#got + 1] = tostring(x) end\n"
        "  local a = p:indicator('A')\n"
        "  put(a.id) put(a.value) put(a.status) put(a.unit) put(a.evidence)\n"
        "  put(a.source.id) put(a.source.citation) put(a.locator)\n"
        "  put(a.confidence)\n"
        "  local c = p:indicator('C')\n"
        "  put(c.status) put(c.value) put(c.source) put(c.unit)\n"
        "  put(p:indicator('D').status) put(p:indicator('D').value)\n"
        "  put(p:indicator('Z'))\n"
        "  put(p:indicator('N').value + 1)\n"
        "  put(p.id) put(p.name) put(p:field('country'))\n"
        "  put(p:field('no.such.path'))\n"
        "  return 1, table.concat(got, ',')\n"
        "end }\n",
        PROV_CASE, NULL);
    const crec *c = crit(&g->r[0], "obj");
    scored(c, 1);
    assert_str(c->note, "A,present,stated,ordinal,quote A,rev,Review s1,"
                        "s1.2,high,"
                        "not_stated,nil,nil,nil,"
                        "not_applicable,nil,"
                        "nil,"
                        "4,"
                        "p1,P1,KE,"
                        "nil");
    /* A, C, D, Z, N, then the two fields */
    assert_int_equal(c->nev, 7);
    assert_str(c->ev[0].indicator, "A");
    assert_str(c->ev[1].indicator, "C");
    assert_str(c->ev[2].indicator, "D");
    assert_str(c->ev[2].status, "not_applicable");
    ev_indicator(&c->ev[3], "Z", NULL, "missing", NULL, NULL, NULL);
    assert_str(c->ev[4].indicator, "N");
    ev_field(&c->ev[5], "country", "\"KE\"");
    ev_field(&c->ev[6], "no.such.path", "null");
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

static void test_eval_names_with_nul_and_odd_indices(void **state)
{
    (void)state;
    int rc;
    got *g = run("criterion { id = 'nul', evaluate = function(p)\n"
                 "  return p:value('A\\0zz') == nil end }\n"
                 "criterion { id = 'index', evaluate = function(p)\n"
                 "  return 1, tostring(p:field('sector.01')) .. ','\n"
                 "    .. tostring(p:field('sector.+1')) .. ','\n"
                 "    .. tostring(p:field('sector. 1')) .. ','\n"
                 "    .. tostring(p:field('sector.1')) .. ','\n"
                 "    .. tostring(p:field('sector.3')) end }\n",
                 PROV_CASE, &rc);
    assert_int_equal(rc, ASSAY_ECRITERIA);
    /* an id with a NUL byte is a mistake, not another indicator */
    errored(crit(&g->r[0], "nul"), "NUL");
    /* only canonical indices reach a sequence element */
    const crec *ix = crit(&g->r[0], "index");
    scored(ix, 1);
    assert_string_equal(ix->note, "nil,nil,nil,wood,nil");
    got_free(g);
}

static void test_eval_title_and_group_accessors(void **state)
{
    (void)state;
    const char *script =
        "criterion { id = 'a', title = 'The A', group = 'g1', "
        "evaluate = function(p) return 1 end }\n"
        "criterion { id = 'b', evaluate = function(p) return 1 end }\n";
    assay_engine *e = assay_engine_new(NULL);
    assert_int_equal(assay_engine_load_script_string(e, "t.lua", script,
                                                     strlen(script)),
                     ASSAY_OK);
    seen s = {0};
    assert_int_equal(assay_engine_eval_string(e, "c.yaml", PROV_CASE,
                                              strlen(PROV_CASE), seen_result,
                                              &s),
                     ASSAY_OK);
    assay_engine_free(e);
    assert_int_equal(s.nresults, 1);
    /* the title defaults to the id; the group to none */
    assert_non_null(strstr(s.json[0], "\"id\":\"a\",\"title\":\"The A\",\"group\":\"g1\""));
    assert_non_null(strstr(s.json[0], "\"id\":\"b\",\"title\":\"b\",\"group\":null"));
    seen_free(&s);
}

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
        cmocka_unit_test(test_eval_evidence_in_first_read_order),
        cmocka_unit_test(test_eval_evidence_from_a_kept_indicator),
        cmocka_unit_test(test_eval_evidence_is_capped),
        cmocka_unit_test(test_eval_names_with_nul_and_odd_indices),
        cmocka_unit_test(test_eval_title_and_group_accessors),
        cmocka_unit_test(test_eval_limits_give_status_limit_and_spare_the_rest),
        cmocka_unit_test(test_eval_limit_while_loading_rejects_the_script),
        cmocka_unit_test(test_eval_indicators_iterate_in_file_order),
        cmocka_unit_test(test_eval_value_and_has),
        cmocka_unit_test(test_eval_indicator_object_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

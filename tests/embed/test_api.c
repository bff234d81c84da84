/*
 * test_api.c -- the public API as an embedder sees it: built against the
 * installed header and library (pkg-config assay), nothing private.
 *
 * Expected scores are worked out by hand from the scripts below: criterion
 * a reads x with weight WA, b reads y with weight WB, and the project score
 * is the weighted mean (WA x + WB y) / (WA + WB).
 */
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <assay.h>

/* Weights 3 and 1; the note of b formats y with %.2f. */
static const char SCRIPT[] =
    "criterion { id = 'a', title = 'A', weight = %d,\n"
    "  evaluate = function(p) return p:value('x') end }\n"
    "criterion { id = 'b', title = 'B', weight = %d,\n"
    "  evaluate = function(p)\n"
    "    local y = p:value('y')\n"
    "    if y == nil then return nil, 'no y' end\n"
    "    return y, ('y is %%.2f'):format(y)\n"
    "  end }\n"
    "weighting { aggregate = 'weighted_mean',\n"
    "  verdicts = { { 'good', at_least = 0.5 }, { 'poor' } } }\n";

static assay_engine *engine_with(int wa, int wb)
{
    char text[sizeof SCRIPT + 16];
    snprintf(text, sizeof text, SCRIPT, wa, wb);
    assay_engine *e = assay_engine_new(NULL);
    assert_non_null(e);
    assert_int_equal(assay_engine_load_script_string(e, "t", text,
                                                     strlen(text)),
                     ASSAY_OK);
    return e;
}

/* ---- What a callback saw ------------------------------------------- */

typedef struct got {
    int n;
    char id[8][64];
    double score[8];
    int has_score[8];
    char verdict[8][32];
    char note[8][64];
    char json[8][2048];
    char decimal[8][8];      /* "%.1f" of 0.5 inside the callback */
    int ndiags;
    char diag[8][256];
    unsigned long diag_line[8];
    char diag_file[8][64];
} got;

static int take(void *ud, const assay_result *r)
{
    got *g = ud;
    if (g->n >= 8)
        return 1;
    int i = g->n++;
    snprintf(g->id[i], sizeof g->id[i], "%s", assay_result_id(r));
    g->has_score[i] = assay_result_score(r, &g->score[i]);
    snprintf(g->verdict[i], sizeof g->verdict[i], "%s",
             assay_result_verdict(r) ? assay_result_verdict(r) : "");
    const char *note = assay_result_criterion_note(r, 1);
    snprintf(g->note[i], sizeof g->note[i], "%s", note ? note : "");
    char *json;
    size_t len;
    assert_int_equal(assay_result_json(r, &json, &len), ASSAY_OK);
    assert_int_equal(strlen(json), len);
    snprintf(g->json[i], sizeof g->json[i], "%s", json);
    free(json);
    snprintf(g->decimal[i], sizeof g->decimal[i], "%.1f", 0.5);
    return 0;
}

static void take_diag(void *ud, const assay_diag *d)
{
    got *g = ud;
    if (g->ndiags >= 8)
        return;
    int i = g->ndiags++;
    snprintf(g->diag[i], sizeof g->diag[i], "%s", d->message);
    snprintf(g->diag_file[i], sizeof g->diag_file[i], "%s", d->file);
    g->diag_line[i] = d->line;
}

/* ---- Projects built in code ---------------------------------------- */

static void test_embed_built_project_scores_like_yaml(void **state)
{
    (void)state;
    assay_engine *e = engine_with(3, 1);
    got g = {0};
    assay_engine_on_diag(e, take_diag, &g);
    const char *yaml = "id: p1\nname: P\nindicators: {x: 0.2, y: 0.8}\n";
    assert_int_equal(assay_engine_eval_string(e, "y", yaml, strlen(yaml),
                                              take, &g), ASSAY_OK);
    assay_project *p = assay_project_new("p1", "P");
    assert_non_null(p);
    assert_int_equal(assay_project_set_indicator(
                         p, &(assay_indicator){.id = "x", .value = "0.2"}),
                     ASSAY_OK);
    assert_int_equal(assay_project_set_indicator(
                         p, &(assay_indicator){.id = "y", .value = "0.8"}),
                     ASSAY_OK);
    /* Built projects are not counted as ids of the run: the same id as
     * the YAML one is fine, and so is evaluating it twice. */
    assert_int_equal(assay_engine_eval_project(e, p, take, &g), ASSAY_OK);
    assert_int_equal(assay_engine_eval_project(e, p, take, &g), ASSAY_OK);
    assert_int_equal(g.n, 3);
    assert_int_equal(g.ndiags, 0);
    for (int i = 0; i < 3; i++) {
        assert_true(g.has_score[i]);
        assert_true(fabs(g.score[i] - (3 * 0.2 + 0.8) / 4) < 1e-12);
        assert_string_equal(g.verdict[i], "poor");
        assert_string_equal(g.note[i], "y is 0.80");
    }
    /* Same result apart from where it came from. */
    assert_non_null(strstr(g.json[0], "\"file\":\"y\",\"line\":1,"));
    assert_non_null(strstr(g.json[1], "\"file\":\"<built>\",\"line\":0,"));
    assert_string_equal(strstr(g.json[0], "\"score\""),
                        strstr(g.json[1], "\"score\""));
    assay_project_free(p);
    assay_engine_free(e);
}

static void test_embed_built_project_fields_and_sources(void **state)
{
    (void)state;
    const char *script =
        "criterion { id = 'c', title = 'C', weight = 1,\n"
        "  evaluate = function(p)\n"
        "    local ok = p:field('target_group.clustered') == true\n"
        "      and p:field('country') == 'NO' and p:field('budget') == 70\n"
        "      and p:field('sector')[2] == 'metal'\n"
        "    local d = p:indicator('d')\n"
        "    return ok and d.source.citation == 'Review s5' and 1 or 0,\n"
        "      d.evidence .. '|' .. d.locator .. '|' .. d.confidence\n"
        "  end }\n"
        "weighting { aggregate = 'minimum' }\n";
    assay_engine *e = assay_engine_new(NULL);
    assert_int_equal(assay_engine_load_script_string(e, "f", script,
                                                     strlen(script)),
                     ASSAY_OK);
    assay_project *p = assay_project_new("f1", "Fields");
    assert_int_equal(assay_project_set(p, "target_group.clustered", "true"),
                     ASSAY_OK);
    assert_int_equal(assay_project_set_string(p, "country", "NO"), ASSAY_OK);
    assert_int_equal(assay_project_set_number(p, "budget", 70.0), ASSAY_OK);
    assert_int_equal(assay_project_append(p, "sector", "wood"), ASSAY_OK);
    assert_int_equal(assay_project_append(p, "sector", "metal"), ASSAY_OK);
    assert_int_equal(assay_project_add_source(p, "rev", "Review s5"),
                     ASSAY_OK);
    assert_int_equal(assay_project_set_indicator(
                         p, &(assay_indicator){.id = "d", .value = "present",
                                               .evidence = "said so",
                                               .source = "rev",
                                               .locator = "s5.2",
                                               .confidence = "high"}),
                     ASSAY_OK);
    got g = {0};
    assert_int_equal(assay_engine_eval_project(e, p, take, &g), ASSAY_OK);
    assert_int_equal(g.n, 1);
    assert_true(g.has_score[0]);
    assert_true(g.score[0] == 1.0);
    assert_non_null(strstr(g.json[0], "\"note\":\"said so|s5.2|high\""));
    /* Setting again replaces; the replaced value is gone. */
    assert_int_equal(assay_project_set(p, "country", "KE"), ASSAY_OK);
    assert_int_equal(assay_engine_eval_project(e, p, take, &g), ASSAY_OK);
    assert_true(g.has_score[1] && g.score[1] == 0.0);
    assay_project_free(p);
    assay_engine_free(e);
}

static void test_embed_built_project_errors(void **state)
{
    (void)state;
    assay_project *p = assay_project_new("e1", "Errors");
    assert_int_equal(assay_project_set(p, "country", "KE"), ASSAY_OK);
    assert_int_equal(assay_project_set(p, "country.code", "KE"),
                     ASSAY_EINVAL);
    assert_non_null(strstr(assay_project_errmsg(p), "not a mapping"));
    assert_int_equal(assay_project_set(p, "a..b", "1"), ASSAY_EINVAL);
    assert_non_null(strstr(assay_project_errmsg(p), "empty part"));
    assert_int_equal(assay_project_set_number(p, "n", NAN), ASSAY_EINVAL);
    assert_int_equal(assay_project_set(p, "n", ".inf"), ASSAY_EINVAL);
    assert_int_equal(assay_project_append(p, "country", "x"), ASSAY_EINVAL);
    assert_non_null(strstr(assay_project_errmsg(p), "not a list"));
    assert_int_equal(assay_project_set_indicator(
                         p, &(assay_indicator){.id = "i"}), ASSAY_EINVAL);
    /* Checked at evaluation as a case file is: a misspelt ordinal, an
     * unknown source, a percent out of range; reported at the origin. */
    assert_int_equal(assay_project_set_origin(p, "db:projects", 42),
                     ASSAY_OK);
    assert_int_equal(assay_project_set_indicator(
                         p, &(assay_indicator){.id = "x", .value = "presnt"}),
                     ASSAY_OK);
    assert_int_equal(assay_project_set_indicator(
                         p, &(assay_indicator){.id = "s", .value = "120",
                                               .unit = "percent",
                                               .source = "nowhere"}),
                     ASSAY_OK);
    assay_engine *e = engine_with(1, 1);
    got g = {0};
    assay_engine_on_diag(e, take_diag, &g);
    assert_int_equal(assay_engine_eval_project(e, p, take, &g), ASSAY_EINPUT);
    assert_int_equal(g.n, 0);
    assert_int_equal(g.ndiags, 3);
    for (int i = 0; i < 3; i++) {
        assert_string_equal(g.diag_file[i], "db:projects");
        assert_int_equal(g.diag_line[i], 42);
    }
    assert_non_null(strstr(g.diag[0], "'presnt' is not an ordinal value"));
    assert_non_null(strstr(g.diag[1], "source 'nowhere'"));
    assert_non_null(strstr(g.diag[2], "outside [0, 100]"));
    assay_project_free(p);
    assay_engine_free(e);
}

/* Limits hold for built projects as for parsed ones. */
static void test_embed_built_project_limits(void **state)
{
    (void)state;
    assay_limits lim = {.nodes = 20, .depth = 3};
    assay_engine *e = assay_engine_new(&lim);
    const char *s = "criterion { id = 'a', title = 'A', weight = 1,\n"
                    "  evaluate = function(p) return 1 end }\n"
                    "weighting { aggregate = 'minimum' }\n";
    assert_int_equal(assay_engine_load_script_string(e, "l", s, strlen(s)),
                     ASSAY_OK);
    got g = {0};
    assay_engine_on_diag(e, take_diag, &g);
    assay_project *p = assay_project_new("l1", "Limits");
    assert_int_equal(assay_project_set(p, "a.b.c", "1"), ASSAY_OK);
    assert_int_equal(assay_engine_eval_project(e, p, take, &g), ASSAY_OK);
    assert_int_equal(assay_project_set(p, "a.b.c.d", "1"), ASSAY_EINVAL);
    assert_int_equal(assay_project_set(p, "a.b.d.e", "1"), ASSAY_OK);
    assert_int_equal(assay_engine_eval_project(e, p, take, &g), ASSAY_EINPUT);
    assert_non_null(strstr(g.diag[0], "deeper than the limit of 3"));
    assay_project *q = assay_project_new("l2", "Many");
    for (int i = 0; i < 10; i++) {
        char key[16];
        snprintf(key, sizeof key, "k%d", i);
        assert_int_equal(assay_project_set(q, key, "1"), ASSAY_OK);
    }
    assert_int_equal(assay_engine_eval_project(e, q, take, &g), ASSAY_EINPUT);
    assert_non_null(strstr(g.diag[1], "over the limit of 20"));
    assert_int_equal(g.n, 1);
    assay_project_free(p);
    assay_project_free(q);
    assay_engine_free(e);

    /* Bytes count wherever they sit: 10 values of 500 bytes, each in a
     * mapping made after it, pass 2000 bytes. */
    assay_limits small = {.doc_bytes = 2000};
    e = assay_engine_new(&small);
    assert_int_equal(assay_engine_load_script_string(e, "l", s, strlen(s)),
                     ASSAY_OK);
    char big[501];
    memset(big, 'x', 500);
    big[500] = 0;
    q = assay_project_new("l3", "Bytes");
    for (int i = 0; i < 10; i++) {
        char path[32];
        snprintf(path, sizeof path, "g%d.notes", i);
        assert_int_equal(assay_project_set(q, path, big), ASSAY_OK);
    }
    memset(&g, 0, sizeof g);
    assay_engine_on_diag(e, take_diag, &g);
    assert_int_equal(assay_engine_eval_project(e, q, take, &g), ASSAY_EINPUT);
    assert_non_null(strstr(g.diag[0], "over the document limit of 2000"));
    assay_project_free(q);
    assay_engine_free(e);
}

/* ---- Limits and their ranges -------------------------------------- */

/* Each limit's range, as include/assay.h gives it beside the field: all
 * fourteen fields. */
static const struct {
    const char *name;
    size_t offset, size;
    unsigned long long min, max;
} RANGES[] = {
#define R(f, lo, hi) \
    {#f, offsetof(assay_limits, f), sizeof(((assay_limits *)0)->f), lo, hi}
    R(doc_bytes, 1, 1ull << 30),
    R(depth, 1, 1000),
    R(nodes, 1, 1000000000),
    R(aliases, 1, 1000000),
    R(scalar_bytes, 1, 1ull << 30),
    R(key_bytes, 1, 1ull << 30),
    R(script_bytes, 1, 1ull << 30),
    R(message_bytes, 64, 1ull << 20),
    R(lua_bytes, 64 << 10, 1ull << 40),
    R(instructions, 1, 1000000000000ull),
    R(time_ms, 1, 86400000),
    R(string_bytes, 1, 1ull << 40),
    R(pattern_steps, 1, 1000000000000ull),
    R(trace_bytes, 1, 64ull << 20),
#undef R
};

static void set_field(assay_limits *lim, size_t i, unsigned long long v)
{
    char *f = (char *)lim + RANGES[i].offset;
    if (RANGES[i].size == sizeof(unsigned)) {
        unsigned u = (unsigned)v;
        memcpy(f, &u, sizeof u);
    } else { /* size_t and unsigned long: 64 bits here */
        assert_int_equal(RANGES[i].size, sizeof v);
        memcpy(f, &v, sizeof v);
    }
}

/* Every limit is checked against its range where it is set: ends in,
 * one past each end out, with the field, value and range named; an
 * engine refuses to start with a limit out of range. */
static void test_embed_limits_ranges(void **state)
{
    (void)state;
    assay_limits zero = {0};
    char why[200];
    assert_int_equal(assay_limits_check(&zero, why, sizeof why), ASSAY_OK);
    assert_string_equal(why, "");
    for (size_t i = 0; i < sizeof RANGES / sizeof *RANGES; i++) {
        unsigned long long ends[] = {RANGES[i].min, RANGES[i].max};
        for (int k = 0; k < 2; k++) {
            assay_limits lim = {0};
            set_field(&lim, i, ends[k]);
            if (assay_limits_check(&lim, why, sizeof why) != ASSAY_OK)
                fail_msg("%s = %llu refused: %s", RANGES[i].name, ends[k],
                         why);
        }
        unsigned long long out[] = {RANGES[i].min - 1, RANGES[i].max + 1};
        for (int k = 0; k < 2; k++) {
            if (out[k] == 0) /* zero is the default, always fine */
                continue;
            assay_limits lim = {0};
            set_field(&lim, i, out[k]);
            assert_int_equal(assay_limits_check(&lim, why, sizeof why),
                             ASSAY_EINVAL);
            char want[200];
            snprintf(want, sizeof want, "limit %s is %llu, out of its "
                     "range %llu to %llu", RANGES[i].name, out[k],
                     RANGES[i].min, RANGES[i].max);
            assert_string_equal(why, want);
            assert_null(assay_engine_new(&lim));
        }
    }

    /* The reason is cut to fit, and may be left out. */
    assay_limits deep = {.depth = 4294967295u};
    char small[12];
    assert_int_equal(assay_limits_check(&deep, small, sizeof small),
                     ASSAY_EINVAL);
    assert_string_equal(small, "limit depth");
    assert_int_equal(assay_limits_check(&deep, NULL, 0), ASSAY_EINVAL);
    assert_int_equal(assay_limits_check(NULL, why, sizeof why), ASSAY_EINVAL);
    /* This depth made the parser allocate (depth + 1) frames, a size
     * that wraps to 0: the engine no longer starts with it. */
    assert_null(assay_engine_new(&deep));
}

/* The limits as a host lists them: RANGES above, in the struct's order,
 * with README's defaults; and set by name, each end in, past it out. */
static void test_embed_limits_info_and_set(void **state)
{
    (void)state;
    static const unsigned long long DEFAULTS[] = {
        1 << 20, 64, 100000, 100, 64 << 10, 1 << 10, 256 << 10, 1 << 10,
        64ull << 20, 10000000, 1000, 16ull << 20, 10000000, 64 << 10};
    size_t n = sizeof RANGES / sizeof *RANGES;
    assay_limit l;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(assay_limits_info(i, &l), 0);
        assert_string_equal(l.name, RANGES[i].name);
        assert_true(l.def == DEFAULTS[i]);
        assert_true(l.min == RANGES[i].min && l.max == RANGES[i].max);

        assay_limits lim = {0}, zero = {0};
        assert_int_equal(assay_limits_set(&lim, l.name, l.max), ASSAY_OK);
        assert_memory_not_equal(&lim, &zero, sizeof lim);
        assay_limits want = {0};
        set_field(&want, i, l.max);
        assert_memory_equal(&lim, &want, sizeof lim);
        assert_int_equal(assay_limits_set(&lim, l.name, l.min), ASSAY_OK);
        set_field(&want, i, l.min);
        assert_memory_equal(&lim, &want, sizeof lim);
        assert_int_equal(assay_limits_set(&lim, l.name, l.max + 1),
                         ASSAY_EINVAL);
        if (l.min > 1)
            assert_int_equal(assay_limits_set(&lim, l.name, l.min - 1),
                             ASSAY_EINVAL);
        assert_memory_equal(&lim, &want, sizeof lim); /* unchanged */
        assert_int_equal(assay_limits_set(&lim, l.name, 0), ASSAY_OK);
        assert_memory_equal(&lim, &zero, sizeof lim); /* the default */
    }
    l.name = "kept";
    assert_int_equal(assay_limits_info(n, &l), -1);
    assert_string_equal(l.name, "kept");
    assay_limits lim = {0};
    assert_int_equal(assay_limits_set(&lim, "time", 5), ASSAY_EINVAL);
    assert_int_equal(assay_limits_set(&lim, "time_ms", 5), ASSAY_OK);
    assert_int_equal(lim.time_ms, 5);
    assert_int_equal(assay_limits_check(&lim, NULL, 0), ASSAY_OK);
}

static void take_diag_at(void *ud, const assay_diag *d)
{
    char *out = ud;
    if (!out[0])
        snprintf(out, 256, "%lu:%lu: %s", d->line, d->column, d->message);
}

/* At its maximum, the depth limit holds exactly: a document nested 1000
 * deep (the root mapping and 999 flow sequences) is read and its field
 * walked to the bottom; one more level is refused at that '['. */
static void test_embed_limits_at_maximum_depth(void **state)
{
    (void)state;
    assay_limits lim = {.depth = 1000};
    assay_engine *e = assay_engine_new(&lim);
    assert_non_null(e);
    const char *s =
        "criterion { id = 'a', title = 'A', weight = 1,\n"
        "  evaluate = function(p)\n"
        "    local d, n = p:field('d'), 0\n"
        "    while type(d) == 'table' do d, n = d[1], n + 1 end\n"
        "    return n == 999 and d == 1\n"
        "  end }\n"
        "weighting { aggregate = 'minimum' }\n";
    assert_int_equal(assay_engine_load_script_string(e, "d", s, strlen(s)),
                     ASSAY_OK);
    size_t n = 4096;
    char *yaml = malloc(n), *w = yaml;
    assert_non_null(yaml);
    w += sprintf(w, "id: deep\nname: D\nd: ");            /* lines 1-3 */
    memset(w, '[', 999), w += 999;
    *w++ = '1';
    memset(w, ']', 999), w += 999;
    w += sprintf(w, "\n---\nid: deeper\nname: E\nd: ");   /* lines 4-7 */
    memset(w, '[', 1000), w += 1000;
    *w++ = '1';
    memset(w, ']', 1000), w += 1000;
    *w++ = '\n';
    assert_true((size_t)(w - yaml) < n);
    got g = {0};
    char diag[256] = "";
    assay_engine_on_diag(e, take_diag_at, diag);
    assert_int_equal(assay_engine_eval_string(e, "deep.yaml", yaml,
                                              (size_t)(w - yaml), take, &g),
                     ASSAY_EINPUT);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.id[0], "deep");
    assert_true(g.has_score[0] && g.score[0] == 1);
    /* the 1000th '[' of line 7 is at column 3 + 1000 */
    assert_string_equal(diag, "7:1003: nesting is deeper than the limit of "
                              "1000");
    free(yaml);
    assay_engine_free(e);
}

/* A callback may read, not change, the engine that called it: a run
 * inside a run, a reset or a new script would pull the result away. */
typedef struct nested {
    assay_engine *e;
    int rc_eval, rc_load, n;
} nested;

static int reenter(void *ud, const assay_result *r)
{
    nested *x = ud;
    const char *doc = "id: inner\nname: I\n";
    x->rc_eval = assay_engine_eval_string(x->e, "in", doc, strlen(doc),
                                          NULL, NULL);
    x->rc_load = assay_engine_load_script(x->e, "/nonexistent.lua");
    assay_engine_reset(x->e);
    x->n++;
    assert_string_equal(assay_result_id(r), x->n == 1 ? "p1" : "p2");
    assert_non_null(assay_engine_script_name(x->e));
    return 0;
}

static void test_embed_callbacks_cannot_change_the_engine(void **state)
{
    (void)state;
    nested x = {.e = engine_with(1, 1)};
    const char *docs = "id: p1\nname: A\n---\nid: p2\nname: B\n"
                       "---\nid: p2\nname: B again\n";
    got g = {0};
    assay_engine_on_diag(x.e, take_diag, &g);
    assert_int_equal(assay_engine_eval_string(x.e, "d", docs, strlen(docs),
                                              reenter, &x), ASSAY_EINPUT);
    assert_int_equal(x.n, 2);
    assert_int_equal(x.rc_eval, ASSAY_ESTATE);
    assert_int_equal(x.rc_load, ASSAY_ESTATE);
    assert_non_null(strstr(g.diag[0], "duplicate project id 'p2'"));
    /* After the run the engine is free again; a failed load unloads. */
    assert_int_equal(assay_engine_load_script(x.e, "/nonexistent.lua"),
                     ASSAY_ESCRIPT);
    assert_null(assay_engine_script_name(x.e));
    assert_int_equal(assay_engine_eval_string(x.e, "d", docs, 16, NULL, NULL),
                     ASSAY_ESTATE);
    assay_engine_free(x.e);
}

/* What a failed call leaves: nothing. The script says which fields it
 * finds: extra and tags must not exist. */
static void test_embed_built_project_failed_calls_leave_nothing(void **state)
{
    (void)state;
    const char *s = "criterion { id = 'a', title = 'A', weight = 1,\n"
                    "  evaluate = function(p)\n"
                    "    return 1, tostring(p:field('extra')) .. ' ' ..\n"
                    "      tostring(p:field('tags')) end }\n"
                    "weighting { aggregate = 'minimum' }\n";
    assay_engine *e = assay_engine_new(NULL);
    assert_int_equal(assay_engine_load_script_string(e, "n", s, strlen(s)),
                     ASSAY_OK);
    assay_project *p = assay_project_new("n1", "Nothing");
    assert_int_equal(assay_project_set(p, "extra.x..y", "1"), ASSAY_EINVAL);
    assert_int_equal(assay_project_set(p, "extra.x", ".nan"), ASSAY_EINVAL);
    assert_int_equal(assay_project_append(p, "tags", ".inf"), ASSAY_EINVAL);
    got g = {0};
    assert_int_equal(assay_engine_eval_project(e, p, take, &g), ASSAY_OK);
    assert_non_null(strstr(g.json[0], "\"note\":\"nil nil\""));
    assay_project_free(p);
    assay_engine_free(e);
}

/* The origin may be set at any time and reaches results and messages. */
static void test_embed_built_project_origin(void **state)
{
    (void)state;
    assay_engine *e = engine_with(1, 1);
    assay_project *p = assay_project_new("o1", "Origin");
    assert_int_equal(assay_project_set(p, "indicators.x", "1"), ASSAY_OK);
    assert_int_equal(assay_project_set(p, "indicators.y", "0"), ASSAY_OK);
    assert_int_equal(assay_project_set_origin(p, "table.csv", 12), ASSAY_OK);
    got g = {0};
    assay_engine_on_diag(e, take_diag, &g);
    assert_int_equal(assay_engine_eval_project(e, p, take, &g), ASSAY_OK);
    assert_non_null(strstr(g.json[0], "\"file\":\"table.csv\",\"line\":12,"));
    assert_int_equal(assay_project_set(p, "indicators.x", "purple"),
                     ASSAY_OK);
    assert_int_equal(assay_engine_eval_project(e, p, take, &g), ASSAY_EINPUT);
    assert_int_equal(g.ndiags, 1);
    assert_string_equal(g.diag_file[0], "table.csv");
    assert_int_equal(g.diag_line[0], 12);
    assay_project_free(p);
    assay_engine_free(e);
}

/* ---- Runs, versions, locale ---------------------------------------- */

static void test_embed_reset_starts_a_new_run(void **state)
{
    (void)state;
    assay_engine *e = engine_with(1, 1);
    const char *yaml = "id: r1\nname: R\nindicators: {x: 1, y: 0}\n";
    size_t n = strlen(yaml);
    got g = {0};
    assay_engine_on_diag(e, take_diag, &g);
    assert_int_equal(assay_engine_eval_string(e, "r", yaml, n, take, &g),
                     ASSAY_OK);
    assert_int_equal(assay_engine_eval_string(e, "r", yaml, n, take, &g),
                     ASSAY_EINPUT);
    assert_non_null(strstr(g.diag[0], "duplicate project id 'r1'"));
    assay_engine_reset(e);
    assert_int_equal(assay_engine_eval_string(e, "r", yaml, n, take, &g),
                     ASSAY_OK);
    assert_int_equal(g.n, 2);
    assert_true(g.score[1] == 0.5);
    assay_engine_free(e);
}

/* assay_result_json_into as snprintf: the whole length whatever the
 * room, the text cut to the room with its NUL. p1 has x 1 and y 0.5, so
 * its score is (3 * 1 + 1 * 0.5) / 4 = 0.875. */
typedef struct into {
    size_t len, len_null, len_cut, len_one;
    char cut[12], one[1], head[128];
} into;

static int take_into(void *ud, const assay_result *r)
{
    into *t = ud;
    t->len_null = assay_result_json_into(r, NULL, 0);
    t->len_cut = assay_result_json_into(r, t->cut, sizeof t->cut);
    t->one[0] = 'x';
    t->len_one = assay_result_json_into(r, t->one, 1);
    char *json;
    assert_int_equal(assay_result_json(r, &json, &t->len), ASSAY_OK);
    char *full = malloc(t->len + 1);
    assert_int_equal(assay_result_json_into(r, full, t->len + 1), t->len);
    assert_string_equal(full, json);
    snprintf(t->head, sizeof t->head, "%s", full);
    free(full);
    free(json);
    return 0;
}

/* The verdicts a script declares, and a script that declares none; a
 * script whose criteria all weigh 0 is refused, as it could give no
 * score or coverage. */
static void test_embed_script_verdicts(void **state)
{
    (void)state;
    assay_engine *e = engine_with(3, 1);
    assert_int_equal(assay_engine_verdict_count(e), 2);
    assert_string_equal(assay_engine_verdict_label(e, 0), "good");
    assert_string_equal(assay_engine_verdict_label(e, 1), "poor");
    assert_null(assay_engine_verdict_label(e, 2));
    assert_null(assay_engine_verdict_label(e, -1));
    static const char none[] =
        "criterion { id = 'a', evaluate = function(p) return 1 end }\n";
    assert_int_equal(assay_engine_load_script_string(e, "none", none,
                                                     strlen(none)),
                     ASSAY_OK);
    assert_int_equal(assay_engine_verdict_count(e), 0);
    assert_null(assay_engine_verdict_label(e, 0));
    static const char zero[] =
        "criterion { id = 'a', weight = 0, evaluate = function(p) return 1 "
        "end }\n"
        "criterion { id = 'b', weight = 0, evaluate = function(p) return 1 "
        "end }\n"
        "weighting { verdicts = { { 'good' } } }\n";
    assert_int_equal(assay_engine_load_script_string(e, "zero", zero,
                                                     strlen(zero)),
                     ASSAY_ESCRIPT);
    assert_non_null(strstr(assay_engine_errmsg(e),
                           "every criterion has weight 0 ('a', 'b')"));
    assert_int_equal(assay_engine_verdict_count(e), 0);
    assay_engine_free(e);
}

static void test_embed_result_json_into(void **state)
{
    (void)state;
    assay_engine *e = engine_with(3, 1);
    const char *doc = "id: p1\nname: P1\nindicators: {x: 1, y: 0.5}\n";
    into t = {0};
    assert_int_equal(assay_engine_eval_string(e, "d", doc, strlen(doc),
                                              take_into, &t), ASSAY_OK);
    assert_true(t.len > 100);
    assert_int_equal(t.len_null, t.len);
    assert_int_equal(t.len_cut, t.len);
    assert_string_equal(t.cut, "{\"id\":\"p1\",");   /* 11 bytes and NUL */
    assert_int_equal(t.len_one, t.len);
    assert_int_equal(t.one[0], 0);
    const char *head = "{\"id\":\"p1\",\"name\":\"P1\",\"file\":\"d\","
                       "\"line\":1,\"score\":0.875,\"coverage\":1,"
                       "\"verdict\":\"good\",\"error\":null,\"criteria\":[";
    assert_memory_equal(t.head, head, strlen(head));
    assay_engine_free(e);
}

/* ---- What scripts and cases declare, and what scripts trace ------- */

/* A criterion's description, an indicator's note and confidence, and the
 * trace lines of a criterion and of the project, as the accessors give
 * them; copied out of the callback. */
typedef struct declared {
    int calls;
    char description[64], note[64], confidence[16];
    int has_description_b;          /* criterion b declares none */
    int ntrace, nproject;
    assay_trace t[4], pt[2];        /* strings copied below */
    char text[4][64], ptext[2][64];
    int out_of_range;
} declared;

static int take_declared(void *ud, const assay_result *r)
{
    declared *d = ud;
    d->calls++;
    snprintf(d->description, sizeof d->description, "%s",
             assay_result_criterion_description(r, 0));
    d->has_description_b = assay_result_criterion_description(r, 1) != NULL;
    assay_evidence ev;
    assert_int_equal(assay_result_evidence(r, 0, 0, &ev), 0);
    snprintf(d->note, sizeof d->note, "%s", ev.note ? ev.note : "(null)");
    snprintf(d->confidence, sizeof d->confidence, "%s",
             ev.confidence ? ev.confidence : "(null)");
    d->ntrace = assay_result_criterion_trace_count(r, 0);
    for (int j = 0; j < d->ntrace && j < 4; j++) {
        assert_int_equal(assay_result_criterion_trace(r, 0, j, &d->t[j]), 0);
        snprintf(d->text[j], sizeof d->text[j], "%s", d->t[j].text);
    }
    d->nproject = assay_result_trace_count(r);
    for (int j = 0; j < d->nproject && j < 2; j++) {
        assert_int_equal(assay_result_trace(r, j, &d->pt[j]), 0);
        snprintf(d->ptext[j], sizeof d->ptext[j], "%s", d->pt[j].text);
    }
    assay_trace t;
    d->out_of_range = assay_result_criterion_trace(r, 0, d->ntrace, &t) +
                      assay_result_criterion_trace(r, 0, -1, &t) +
                      assay_result_criterion_trace(r, 2, 0, &t) +
                      assay_result_criterion_trace(r, 0, 0, NULL) +
                      assay_result_trace(r, d->nproject, &t);
    return 0;
}

/* a traces at its line 3, the verdict rule at line 7 */
static const char DECLARED[] =
    "criterion { id = 'a', description = 'what a measures',\n"
    "  evaluate = function(p)\n"
    "    trace('x is', p:value('x'), {})\n"
    "    return 1 end }\n"
    "criterion { id = 'b', evaluate = function(p) return 1 end }\n"
    "weighting { verdicts = { { 'v', when = function(p, r)\n"
    "  trace('score', r.score) return true end } } }\n";

static void test_embed_declared_and_traced(void **state)
{
    (void)state;
    assay_engine *e = assay_engine_new(NULL);
    assert_int_equal(assay_engine_load_script_string(e, "s", DECLARED,
                                                     strlen(DECLARED)),
                     ASSAY_OK);
    /* what the script declares, read from the engine before any result */
    assert_string_equal(assay_engine_criterion_description(e, 0),
                        "what a measures");
    assert_null(assay_engine_criterion_description(e, 1));
    assert_null(assay_engine_criterion_description(e, 2));
    assert_null(assay_engine_criterion_description(e, -1));
    const char *doc = "id: p\nname: P\nindicators:\n"
                      "  x: {value: 2, confidence: low, note: \"as coded\"}\n";
    declared d = {0};
    /* off by default: nothing is kept */
    assert_int_equal(assay_engine_eval_string(e, "d", doc, strlen(doc),
                                              take_declared, &d), ASSAY_OK);
    assert_int_equal(d.calls, 1);
    assert_string_equal(d.description, "what a measures");
    assert_false(d.has_description_b);
    assert_string_equal(d.note, "as coded");
    assert_string_equal(d.confidence, "low");
    assert_int_equal(d.ntrace, 0);
    assert_int_equal(d.nproject, 0);
    assert_int_equal(d.out_of_range, -5);

    assay_engine_set_trace(e, 1);
    assay_engine_reset(e);
    memset(&d, 0, sizeof d);
    assert_int_equal(assay_engine_eval_string(e, "d", doc, strlen(doc),
                                              take_declared, &d), ASSAY_OK);
    assert_int_equal(d.ntrace, 1);
    assert_null(d.t[0].file);
    assert_int_equal(d.t[0].line, 3);
    assert_string_equal(d.text[0], "x is\\t2\\ttable: #1");
    assert_int_equal(d.nproject, 1);
    assert_int_equal(d.pt[0].line, 7);
    assert_string_equal(d.ptext[0], "score\\t1.0");
    assert_int_equal(d.out_of_range, -5);
    assay_engine_free(e);
}

/* The terminal rule, a character at a time and whole, and JSON strings:
 * the escapes are those README's "Running" section gives. */
static void test_embed_escape(void **state)
{
    (void)state;
    char piece[ASSAY_ESCAPE_MAX];
    size_t step = 99;
    static const struct {
        const char *in;
        size_t step;
        const char *shown;
    } chars[] = {
        {"a", 1, "a"},
        {"\n", 1, "\\n"},
        {"\t", 1, "\\t"},
        {"\x1B[2J", 1, "\\x1B"},
        {"\x7F", 1, "\\x7F"},
        {"\xC3\xA9t\xC3\xA9", 2, "\xC3\xA9"},       /* e acute: text */
        {"\xC2\x9B", 2, "\\xC2\\x9B"},           /* U+009B, a CSI */
        {"\xFF" "a", 1, "\\xFF"},                    /* not UTF-8 */
        {"\xE2\x82", 1, "\\xE2"},                /* cut short */
        {"\\x41", 1, "\\"},                      /* a backslash stays */
    };
    for (size_t i = 0; i < sizeof chars / sizeof *chars; i++) {
        size_t n = assay_escape_char(chars[i].in, strlen(chars[i].in), piece,
                                     &step);
        assert_int_equal(n, strlen(chars[i].shown));
        assert_memory_equal(piece, chars[i].shown, n);
        assert_int_equal(step, chars[i].step);
    }
    assert_int_equal(assay_escape_char("a", 1, piece, NULL), 1);

    /* Whole text: the length shown whatever the room; a cut never splits
     * an escape. */
    const char *name = "a\x1B[2J.yaml";
    char out[32];
    assert_int_equal(assay_escape(name, strlen(name), out, sizeof out), 13);
    assert_string_equal(out, "a\\x1B[2J.yaml");
    assert_int_equal(assay_escape(name, strlen(name), out, 5), 13);
    assert_string_equal(out, "a");
    assert_int_equal(assay_escape(name, strlen(name), out, 6), 13);
    assert_string_equal(out, "a\\x1B");
    assert_int_equal(assay_escape(name, strlen(name), NULL, 0), 13);
    assert_int_equal(assay_escape("", 0, out, sizeof out), 0);
    assert_string_equal(out, "");

    /* JSON strings: quotes, backslashes and controls escaped, DEL and C1
     * too; a byte that is not UTF-8 is U+FFFD. */
    static const struct {
        const char *in, *json;
    } strs[] = {
        {"say \"hi\"\n", "\"say \\\"hi\\\"\\n\""},
        {"a\\b\tc\r", "\"a\\\\b\\tc\\r\""},
        {"\x1B\x7F", "\"\\u001b\\u007f\""},
        {"\xC2\x9B\xC3\xA9", "\"\\u009b\xC3\xA9\""},
        {"\xFF", "\"\\ufffd\""},
        {"", "\"\""},
    };
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++) {
        size_t n = strlen(strs[i].in);
        assert_int_equal(assay_json_string(strs[i].in, n, out, sizeof out),
                         strlen(strs[i].json));
        assert_string_equal(out, strs[i].json);
        assert_int_equal(assay_json_string(strs[i].in, n, NULL, 0),
                         strlen(strs[i].json));
    }
    assert_int_equal(assay_json_string("say", 3, out, 3), 5);
    assert_string_equal(out, "\"s");
}

/* Numbers as the JSON report writes them: the shortest text that reads
 * back as the same double (each value below is its own shortest form), a
 * point for the decimals, null when not finite; cut as snprintf cuts. */
static void test_embed_json_number(void **state)
{
    (void)state;
    static const struct {
        double d;
        const char *text;
    } nums[] = {
        {0, "0"},
        {70, "70"},
        {0.35, "0.35"},
        {-0.25, "-0.25"},
        {0.1 + 0.2, "0.30000000000000004"},
        {1.0 / 3, "0.3333333333333333"},
        {1e-7, "1e-07"},
        {123456789012345678.0, "1.2345678901234568e+17"},
        {-1.7976931348623157e308, "-1.7976931348623157e+308"},
        {INFINITY, "null"},
        {NAN, "null"},
    };
    char out[ASSAY_NUMBER_MAX];
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
        size_t n = strlen(nums[i].text);
        assert_int_equal(assay_json_number(nums[i].d, out, sizeof out), n);
        assert_string_equal(out, nums[i].text);
        assert_int_equal(assay_json_number(nums[i].d, NULL, 0), n);
        if (isfinite(nums[i].d))
            assert_true(strtod(out, NULL) == nums[i].d);
    }
    assert_int_equal(assay_json_number(0.35, out, 3), 4);
    assert_string_equal(out, "0.");
}

/* The rule of "did you mean" hints: a few edits, or a part of the name. */
static void test_embed_name_distance(void **state)
{
    (void)state;
    assert_int_equal(assay_name_distance("kenya_fti", "kenya_fit"), 1);
    assert_int_equal(assay_name_distance("Kenya_Fit", "kenya_fit"), 0);
    /* "kenya" (5 letters, 1 edit allowed) is a part of "kenya_fit" */
    assert_int_equal(assay_name_distance("kenya", "kenya_fit"), 2);
    assert_int_equal(assay_name_distance("kenya", "brazil_ceara"), -1);
}

/* The YAML reader on a stream of four documents: a test-like mapping, one
 * with only a comment (skipped), one with a duplicate key (rejected, and
 * the stream goes on), and a scalar. Lines and columns counted by hand. */
static void test_embed_yaml_reader(void **state)
{
    (void)state;
    const char *text =
        "script: success-features\n"           /* line 1 */
        "cases: [../cases, more]\n"            /* line 2 */
        "tolerance: 0.001\n"                   /* line 3 */
        "projects:\n"                          /* line 4 */
        "  kenya_fit: {verdict: ~, score: 1, ok: true, n: NO}\n"
        "base: &b [1, 2]\n"                    /* line 6 */
        "copy: *b\n"                           /* line 7 */
        "---\n"                                /* line 8 */
        "# nothing but a comment\n"            /* line 9 */
        "---\n"                                /* line 10 */
        "a: 1\n"                               /* line 11 */
        "a: 2\n"                               /* line 12 */
        "---\n"                                /* line 13 */
        "just text\n";                         /* line 14 */
    assay_yaml *y = assay_yaml_new(NULL);
    assert_non_null(y);
    assert_int_equal(assay_yaml_next(y), ASSAY_ESTATE);
    assert_int_equal(assay_yaml_open_string(y, "t.yaml", text, strlen(text)),
                     ASSAY_OK);

    assert_int_equal(assay_yaml_next(y), ASSAY_OK);
    unsigned root = assay_yaml_root(y);
    assert_int_equal(assay_yaml_kind(y, root), ASSAY_YAML_MAPPING);
    assert_int_equal(assay_yaml_count(y, root), 6);
    assert_null(assay_yaml_text(y, root));
    const char *keys[] = {"script", "cases", "tolerance", "projects", "base",
                          "copy"};
    for (size_t i = 0; i < 6; i++) {
        unsigned k = assay_yaml_key(y, root, i);
        assert_string_equal(assay_yaml_text(y, k), keys[i]);
        assert_int_equal(assay_yaml_line(y, k), i < 4 ? i + 1 : i + 2);
        assert_int_equal(assay_yaml_column(y, k), 1);
        assert_int_equal(assay_yaml_value(y, root, i),
                         assay_yaml_get(y, root, keys[i]));
    }
    assert_int_equal(assay_yaml_key(y, root, 6), 0);
    assert_int_equal(assay_yaml_item(y, root, 0), 0); /* not a sequence */

    unsigned script = assay_yaml_get(y, root, "script");
    assert_int_equal(assay_yaml_kind(y, script), ASSAY_YAML_STRING);
    assert_string_equal(assay_yaml_text(y, script), "success-features");
    assert_int_equal(assay_yaml_column(y, script), 9);
    assert_int_equal(assay_yaml_count(y, script), 0);

    unsigned cases = assay_yaml_get(y, root, "cases");
    assert_int_equal(assay_yaml_kind(y, cases), ASSAY_YAML_SEQUENCE);
    assert_int_equal(assay_yaml_count(y, cases), 2);
    assert_string_equal(assay_yaml_text(y, assay_yaml_item(y, cases, 0)),
                        "../cases");
    assert_string_equal(assay_yaml_text(y, assay_yaml_item(y, cases, 1)),
                        "more");
    assert_int_equal(assay_yaml_column(y, assay_yaml_item(y, cases, 1)), 19);
    assert_int_equal(assay_yaml_item(y, cases, 2), 0);
    assert_int_equal(assay_yaml_key(y, cases, 0), 0); /* not a mapping */

    double d = -1;
    unsigned tol = assay_yaml_get(y, root, "tolerance");
    assert_int_equal(assay_yaml_kind(y, tol), ASSAY_YAML_FLOAT);
    assert_int_equal(assay_yaml_number(y, tol, &d), 1);
    assert_true(d == 0.001);
    assert_string_equal(assay_yaml_text(y, tol), "0.001");

    unsigned kenya = assay_yaml_get(y, assay_yaml_get(y, root, "projects"),
                                    "kenya_fit");
    assert_int_equal(assay_yaml_line(y, kenya), 5);
    assert_int_equal(assay_yaml_column(y, kenya), 14);
    assert_int_equal(assay_yaml_count(y, kenya), 4);
    unsigned verdict = assay_yaml_get(y, kenya, "verdict");
    assert_int_equal(assay_yaml_kind(y, verdict), ASSAY_YAML_NULL);
    assert_int_equal(assay_yaml_number(y, verdict, &d), 0);
    unsigned score = assay_yaml_get(y, kenya, "score");
    assert_int_equal(assay_yaml_kind(y, score), ASSAY_YAML_INT);
    assert_int_equal(assay_yaml_number(y, score, NULL), 1);
    assert_int_equal(assay_yaml_number(y, score, &d), 1);
    assert_true(d == 1);
    assert_int_equal(assay_yaml_kind(y, assay_yaml_get(y, kenya, "ok")),
                     ASSAY_YAML_BOOL);
    /* the core schema: NO is Norway, not false */
    assert_int_equal(assay_yaml_kind(y, assay_yaml_get(y, kenya, "n")),
                     ASSAY_YAML_STRING);
    assert_int_equal(assay_yaml_get(y, kenya, "missing"), 0);
    assert_int_equal(assay_yaml_get(y, script, "x"), 0);

    /* An alias reads as its anchor's node, at the alias's place. */
    unsigned copy = assay_yaml_get(y, root, "copy");
    assert_int_equal(assay_yaml_kind(y, copy), ASSAY_YAML_SEQUENCE);
    assert_int_equal(assay_yaml_line(y, copy), 7);
    assert_int_equal(assay_yaml_count(y, copy), 2);
    assert_int_equal(assay_yaml_number(y, assay_yaml_item(y, copy, 1), &d),
                     1);
    assert_true(d == 2);

    /* No node, and numbers the document does not have. */
    assert_int_equal(assay_yaml_kind(y, 0), 0);
    assert_int_equal(assay_yaml_kind(y, 1000000), 0);
    assert_null(assay_yaml_text(y, 0));
    assert_int_equal(assay_yaml_line(y, 0), 0);
    assert_int_equal(assay_yaml_column(y, 0), 0);
    assert_int_equal(assay_yaml_count(y, 0), 0);
    assay_diag dg;
    assert_int_equal(assay_yaml_diag(y, 0, &dg), -1);

    /* The comment-only document is skipped; the duplicate key rejects
     * the third, at the second a, and the stream goes on. */
    assert_int_equal(assay_yaml_next(y), ASSAY_EINPUT);
    assert_int_equal(assay_yaml_root(y), 0);
    assert_int_equal(assay_yaml_diag(y, 0, &dg), 0);
    assert_string_equal(dg.file, "t.yaml");
    assert_int_equal(dg.line, 12);
    assert_int_equal(dg.column, 1);
    assert_string_equal(dg.message, "duplicate key 'a' (first at line 11)");
    assert_int_equal(assay_yaml_diag(y, 1, &dg), -1);
    assert_int_equal(assay_yaml_diag(y, -1, &dg), -1);

    assert_int_equal(assay_yaml_next(y), ASSAY_OK);
    root = assay_yaml_root(y);
    assert_string_equal(assay_yaml_text(y, root), "just text");
    assert_int_equal(assay_yaml_line(y, root), 14);
    assert_int_equal(assay_yaml_next(y), ASSAY_DONE);
    assert_int_equal(assay_yaml_root(y), 0);
    assert_int_equal(assay_yaml_next(y), ASSAY_DONE);

    /* Files: one that is not there, then a folder, which opens but cannot
     * be read. */
    assert_int_equal(assay_yaml_open(y, "/nonexistent/t.yaml"), ASSAY_EIO);
    assert_string_equal(assay_yaml_errmsg(y), "No such file or directory");
    assert_int_equal(assay_yaml_open(y, "/"), ASSAY_OK);
    assert_string_equal(assay_yaml_errmsg(y), "");
    assert_int_equal(assay_yaml_next(y), ASSAY_EIO);
    assert_string_equal(assay_yaml_errmsg(y), "Is a directory");
    assert_int_equal(assay_yaml_next(y), ASSAY_EIO);

    /* The document limits hold: a reader with a node limit of 3. */
    assay_yaml_free(y);
    assay_limits lim = {.nodes = 3};
    y = assay_yaml_new(&lim);
    assert_non_null(y);
    assert_int_equal(assay_yaml_open_string(y, NULL, "[1, 2, 3]\n", 10),
                     ASSAY_OK);
    assert_int_equal(assay_yaml_next(y), ASSAY_EINPUT);
    assert_int_equal(assay_yaml_diag(y, 0, &dg), 0);
    assert_string_equal(dg.file, "<string>");
    assay_yaml_free(y);
    lim.nodes = 2000000000u; /* past its range: no reader */
    assert_null(assay_yaml_new(&lim));
    assert_string_equal(assay_strerror(ASSAY_DONE), "no more documents");
}

static void test_embed_version(void **state)
{
    (void)state;
    assert_string_equal(assay_version(), ASSAY_VERSION);
    assert_int_equal(assay_version_number(), ASSAY_VERSION_NUMBER);
    assert_int_equal(ASSAY_VERSION_NUMBER, ASSAY_VERSION_MAJOR * 10000 +
                                               ASSAY_VERSION_MINOR * 100 +
                                               ASSAY_VERSION_PATCH);
    char v[32];
    snprintf(v, sizeof v, "%d.%d.%d", ASSAY_VERSION_MAJOR,
             ASSAY_VERSION_MINOR, ASSAY_VERSION_PATCH);
    assert_string_equal(v, ASSAY_VERSION);
    /* Lua 5.4 (the release: major.minor.patch), libyaml 0.x.y */
    int major = -1, minor = -1, patch = -1;
    assert_int_equal(sscanf(assay_version_lua(), "Lua 5.4.%d", &patch), 1);
    assert_true(patch >= 0);
    assert_int_equal(sscanf(assay_version_yaml(), "%d.%d.%d", &major,
                            &minor, &patch), 3);
    assert_int_equal(major, 0);
    assert_true(minor >= 1);
}

/* A host in a locale with a decimal comma still gets "0.2" read as 0.2,
 * JSON with points and script notes with points; its own callback runs in
 * its locale. The locale comes from LOCPATH (the Makefile builds one);
 * without it the test is skipped. */
static void test_embed_host_locale_is_left_alone(void **state)
{
    (void)state;
    if (!setlocale(LC_ALL, "de_DE.UTF-8")) {
        skip();
        return;
    }
    assert_string_equal(localeconv()->decimal_point, ",");
    assay_engine *e = engine_with(3, 1);
    const char *yaml = "id: d1\nname: D\nindicators: {x: 0.2, y: 0.8}\n";
    got g = {0};
    assert_int_equal(assay_engine_eval_string(e, "d", yaml, strlen(yaml),
                                              take, &g), ASSAY_OK);
    assay_engine_free(e);
    setlocale(LC_ALL, "C");
    assert_int_equal(g.n, 1);
    assert_true(fabs(g.score[0] - 0.35) < 1e-12);
    assert_string_equal(g.note[0], "y is 0.80");
    assert_non_null(strstr(g.json[0], "\"score\":0.35"));
    assert_null(strstr(g.json[0], "0,35"));
    assert_string_equal(g.decimal[0], "0,5");
    /* a number for the host's own report, with a point all the same */
    char num[ASSAY_NUMBER_MAX];
    assert_true(setlocale(LC_ALL, "de_DE.UTF-8") != NULL);
    assert_int_equal(assay_json_number(0.1875, num, sizeof num), 6);
    assert_int_equal(assay_json_number(2.0 / 3, num, sizeof num), 18);
    setlocale(LC_ALL, "C");
    assert_string_equal(num, "0.6666666666666666");
}

/* ---- Threads -------------------------------------------------------- */

#define NPROJ 300

typedef struct job {
    int wa, wb;
    int ok, wrong, rc;
    int next;                /* index the next result should have */
} job;

static int stop_after_1(void *ud, const assay_result *r)
{
    take(ud, r);
    return 1;
}

static int check_one(void *ud, const assay_result *r)
{
    job *j = ud;
    int i;
    double score;
    if (sscanf(assay_result_id(r), "p%d", &i) != 1 || i != j->next++ ||
        !assay_result_score(r, &score)) {
        j->wrong++;
        return 0;
    }
    double x = (double)i / NPROJ, y = 1 - x;
    double want = (j->wa * x + j->wb * y) / (j->wa + j->wb);
    if (fabs(score - want) < 1e-12)
        j->ok++;
    else
        j->wrong++;
    return 0;
}

/* NPROJ documents p0, p1, ... with x = i / NPROJ and y = 1 - x; caller
 * frees. */
static char *portfolio(size_t *len)
{
    size_t cap = NPROJ * 96, n = 0;
    char *docs = malloc(cap);
    assert_non_null(docs);
    for (int i = 0; i < NPROJ; i++)
        n += (size_t)snprintf(docs + n, cap - n,
                              "---\nid: p%d\nname: P\nindicators: "
                              "{x: %.17g, y: %.17g}\n", i,
                              (double)i / NPROJ, 1 - (double)i / NPROJ);
    *len = n;
    return docs;
}

static void *run_job(void *arg)
{
    job *j = arg;
    char text[sizeof SCRIPT + 16];
    snprintf(text, sizeof text, SCRIPT, j->wa, j->wb);
    size_t n;
    char *docs = portfolio(&n);
    assay_engine *e = assay_engine_new(NULL);
    j->rc = assay_engine_load_script_string(e, "t", text, strlen(text));
    if (j->rc == ASSAY_OK)
        j->rc = assay_engine_eval_string(e, "docs", docs, n, check_one, j);
    assay_engine_free(e);
    free(docs);
    return NULL;
}

static void test_embed_two_engines_in_two_threads(void **state)
{
    (void)state;
    job jobs[2] = {{.wa = 3, .wb = 1}, {.wa = 1, .wb = 4}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, run_job, &jobs[i]), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(jobs[i].rc, ASSAY_OK);
        assert_int_equal(jobs[i].wrong, 0);
        assert_int_equal(jobs[i].ok, NPROJ);
    }
}

/* ---- Worker threads ------------------------------------------------- */

typedef struct collect {
    char **json;
    int n, cap;
    int thread_ok;           /* callbacks ran on the calling thread */
    int rendered;            /* results whose JSON a worker rendered */
    pthread_t caller;
} collect;

static int keep(void *ud, const assay_result *r)
{
    collect *c = ud;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->json = realloc(c->json, (size_t)c->cap * sizeof *c->json);
    }
    assay_result_json(r, &c->json[c->n++], NULL);
    c->thread_ok &= pthread_equal(pthread_self(), c->caller) != 0;
    return 0;
}

/* As keep, through assay_result_json_into: asked first for the length,
 * then into a buffer of that length plus the NUL. */
static int keep_into(void *ud, const assay_result *r)
{
    collect *c = ud;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        c->json = realloc(c->json, (size_t)c->cap * sizeof *c->json);
    }
    size_t n = assay_result_json_into(r, NULL, 0);
    char *json = malloc(n + 1);
    assert_int_equal(assay_result_json_into(r, json, n + 1), n);
    assert_int_equal(strlen(json), n);
    /* the worker's own text, when one rendered it: the same bytes */
    size_t m = 0;
    const char *rendered = assay_result_json_rendered(r, &m);
    c->rendered += rendered != NULL;
    if (rendered) {
        assert_int_equal(m, n);
        assert_memory_equal(rendered, json, n);
    }
    c->json[c->n++] = json;
    c->thread_ok &= pthread_equal(pthread_self(), c->caller) != 0;
    return 0;
}

/* With workers, the same results in the same order, on the caller's
 * thread; and stopping early stops. */
static void test_embed_jobs_same_results(void **state)
{
    (void)state;
    size_t n;
    char *docs = portfolio(&n);
    collect one = {.caller = pthread_self(), .thread_ok = 1};
    collect three = one;
    assay_engine *e = engine_with(3, 1);
    assert_int_equal(assay_engine_set_jobs(e, 0), ASSAY_EINVAL);
    assert_int_equal(assay_engine_eval_string(e, "d", docs, n, keep, &one),
                     ASSAY_OK);
    assay_engine_reset(e);
    assert_int_equal(assay_engine_set_jobs(e, 3), ASSAY_OK);
    assert_int_equal(assay_engine_eval_string(e, "d", docs, n, keep, &three),
                     ASSAY_OK);
    /* The workers render the JSON: the same text, handed over as it is
     * (assay_result_json_rendered); without them, nothing is. */
    collect rendered = {.caller = pthread_self(), .thread_ok = 1};
    assay_engine_set_render_json(e, 1);
    assay_engine_reset(e);
    assert_int_equal(assay_engine_eval_string(e, "d", docs, n, keep_into,
                                              &rendered), ASSAY_OK);
    assert_int_equal(rendered.rendered, NPROJ);
    collect unrendered = {.caller = pthread_self(), .thread_ok = 1};
    assay_engine_set_render_json(e, 0);
    assay_engine_reset(e);
    assert_int_equal(assay_engine_eval_string(e, "d", docs, n, keep_into,
                                              &unrendered), ASSAY_OK);
    assert_int_equal(unrendered.n, NPROJ);
    assert_int_equal(unrendered.rendered, 0);
    for (int i = 0; i < unrendered.n; i++)
        free(unrendered.json[i]);
    free(unrendered.json);
    assert_int_equal(one.n, NPROJ);
    assert_int_equal(three.n, NPROJ);
    assert_int_equal(rendered.n, NPROJ);
    assert_true(three.thread_ok);
    assert_true(rendered.thread_ok);
    for (int i = 0; i < NPROJ; i++) {
        assert_string_equal(one.json[i], three.json[i]);
        assert_string_equal(one.json[i], rendered.json[i]);
        free(one.json[i]);
        free(three.json[i]);
        free(rendered.json[i]);
    }
    free(one.json);
    free(three.json);
    free(rendered.json);
    assay_engine_reset(e);
    got g = {0};
    assert_int_equal(assay_engine_eval_string(e, "d", docs, n, stop_after_1,
                                              &g), ASSAY_ABORT);
    assert_int_equal(g.n, 1);
    /* The workers stay between runs, and go with the script: weights 1
     * and 4 now give p0 (x 0, y 1) the score 4 / 5. */
    char text[sizeof SCRIPT + 16];
    snprintf(text, sizeof text, SCRIPT, 1, 4);
    assert_int_equal(assay_engine_load_script_string(e, "t2", text,
                                                     strlen(text)),
                     ASSAY_OK);
    assay_engine_reset(e);
    memset(&g, 0, sizeof g);
    assert_int_equal(assay_engine_eval_string(e, "d", docs, n, stop_after_1,
                                              &g), ASSAY_ABORT);
    assert_true(g.has_score[0] && fabs(g.score[0] - 0.8) < 1e-12);
    assay_engine_free(e);
    free(docs);
}

/* A host that writes a document into a pipe, takes its result and says
 * stop must get control back while the pipe is still open: the workers
 * must not go on waiting for input. The writer keeps the pipe open until
 * the evaluation has returned (or, were it to hang, 30 s). */
typedef struct pipe_writer {
    int fd;
    atomic_int returned;
    int closed_first;
} pipe_writer;

static void *write_one(void *arg)
{
    pipe_writer *w = arg;
    const char *doc = "id: w1\nname: W\nindicators: {x: 1, y: 1}\n---\n";
    if (write(w->fd, doc, strlen(doc)) < 0)
        return NULL;
    struct timespec tick = {0, 10000000}; /* 10 ms */
    for (int i = 0; i < 3000 && !atomic_load(&w->returned); i++)
        nanosleep(&tick, NULL);
    w->closed_first = !atomic_load(&w->returned);
    close(w->fd);
    return NULL;
}

static void test_embed_jobs_stop_on_a_pipe(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pipe_writer w = {.fd = fds[1]};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, write_one, &w), 0);
    char path[32];
    snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
    assay_engine *e = engine_with(1, 1);
    assert_int_equal(assay_engine_set_jobs(e, 3), ASSAY_OK);
    got g = {0};
    assert_int_equal(assay_engine_eval_path(e, path, stop_after_1, &g),
                     ASSAY_ABORT);
    atomic_store(&w.returned, 1);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_false(w.closed_first);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.id[0], "w1");
    close(fds[0]);
    assay_engine_free(e);
}

/* A host told that the engine is about to wait has, by then, every result
 * of what has been written so far: the writer writes three projects and
 * holds the pipe open until the wait callback comes with all three
 * delivered (or 30 s), then writes two more. With one job and with three;
 * always on the calling thread. */
typedef struct wait_seen {
    atomic_int delivered;    /* results so far */
    atomic_int ready;        /* a wait came with the first three in */
    int waits, elsewhere;    /* calls, and calls off the calling thread */
    pthread_t caller;
} wait_seen;

typedef struct wait_writer {
    int fd;
    wait_seen *s;
    int timed_out;
} wait_writer;

static void *write_three_then_two(void *arg)
{
    wait_writer *w = arg;
    struct timespec tick = {0, 10000000}; /* 10 ms */
    for (int i = 0; i < 5; i++) {
        for (int k = 0; i == 3 && !atomic_load(&w->s->ready) && k < 3000; k++)
            nanosleep(&tick, NULL);
        w->timed_out |= i == 3 && !atomic_load(&w->s->ready);
        char doc[96]; /* each ended by the next one's marker */
        int n = snprintf(doc, sizeof doc,
                         "id: q%d\nname: Q\nindicators: {x: 1, y: 0}\n---\n", i);
        if (write(w->fd, doc, (size_t)n) < 0)
            break;
    }
    close(w->fd);
    return NULL;
}

static int count_result(void *ud, const assay_result *r)
{
    (void)r;
    atomic_fetch_add(&((wait_seen *)ud)->delivered, 1);
    return 0;
}

static void count_wait(void *ud)
{
    wait_seen *s = ud;
    s->waits++;
    s->elsewhere += !pthread_equal(pthread_self(), s->caller);
    if (atomic_load(&s->delivered) >= 3)
        atomic_store(&s->ready, 1);
}

static void test_embed_wait_after_what_is_done(void **state)
{
    (void)state;
    for (int jobs = 1; jobs <= 3; jobs += 2) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        wait_seen s = {.caller = pthread_self()};
        wait_writer w = {.fd = fds[1], .s = &s};
        pthread_t t;
        assert_int_equal(pthread_create(&t, NULL, write_three_then_two, &w),
                         0);
        char path[32];
        snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
        assay_engine *e = engine_with(1, 1);
        assert_int_equal(assay_engine_set_jobs(e, jobs), ASSAY_OK);
        assay_engine_on_wait(e, count_wait, &s);
        assert_int_equal(assay_engine_eval_path(e, path, count_result, &s),
                         ASSAY_OK);
        assert_int_equal(pthread_join(t, NULL), 0);
        assert_false(w.timed_out);
        assert_int_equal(atomic_load(&s.delivered), 5);
        assert_true(s.waits >= 1);
        assert_int_equal(s.elsewhere, 0);
        close(fds[0]);
        assay_engine_free(e);
    }
}

/* ---- Progress -------------------------------------------------------- */

/* What the progress callback saw: how often, the last counts, and whether
 * it was always on the calling thread and could change nothing. */
typedef struct seen_progress {
    assay_engine *e;
    pthread_t caller;
    int calls, elsewhere, refused;
    unsigned long long bytes, last_bytes;
    unsigned long files;
    int results;
    unsigned long long bytes_at_result[8];
} seen_progress;

static void on_progress(void *ud, const assay_progress *p)
{
    seen_progress *s = ud;
    s->calls++;
    s->elsewhere += !pthread_equal(pthread_self(), s->caller);
    if (p->bytes < s->last_bytes)
        s->elsewhere++; /* the count never goes back */
    s->last_bytes = s->bytes = p->bytes;
    s->files = p->files;
    unsigned long long b;
    const char *path = ".";
    s->refused += assay_engine_input_bytes(s->e, &path, 1, &b) ==
                  ASSAY_ESTATE;
}

static int progress_result(void *ud, const assay_result *r)
{
    (void)r;
    seen_progress *s = ud;
    if (s->results < 8)
        s->bytes_at_result[s->results] = s->bytes;
    s->results++;
    return 0;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* A folder of two case files (a.yaml with two projects, sub/b.yml with
 * one) beside files a walk skips (a test file, a hidden file): measured
 * ahead, the bytes are the two files' sizes, counted once when a file is
 * named twice; the progress callback then reaches that count, on the
 * calling thread, with 1 job and with 3; a run that has read them
 * measures 0 until it is reset; a FIFO's size is not known. */
static void test_embed_progress(void **state)
{
    (void)state;
    char dir[] = "/tmp/assay_progress_XXXXXX", a[96], b[96], sub[96],
         skip1[96], skip2[96], fifo[128];
    assert_non_null(mkdtemp(dir));
    snprintf(a, sizeof a, "%s/a.yaml", dir);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    snprintf(b, sizeof b, "%s/sub/b.yml", dir);
    snprintf(skip1, sizeof skip1, "%s/x.test.yaml", dir);
    snprintf(skip2, sizeof skip2, "%s/.hidden.yaml", dir);
    snprintf(fifo, sizeof fifo, "%s/f.yaml", sub);
    assert_int_equal(mkdir(sub, 0700), 0);
    const char *ta = "id: p1\nname: P\nindicators: {x: 1, y: 0}\n---\n"
                     "id: p2\nname: Q\nindicators: {x: 0, y: 1}\n";
    const char *tb = "id: p3\nname: R\nindicators: {x: 1, y: 1}\n";
    write_text(a, ta);
    write_text(b, tb);
    write_text(skip1, "not: a case\n");
    write_text(skip2, "id: hidden\n");
    unsigned long long want = strlen(ta) + strlen(tb), n = 99;
    for (int jobs = 1; jobs <= 3; jobs += 2) {
        assay_engine *e = engine_with(1, 1);
        assert_int_equal(assay_engine_set_jobs(e, jobs), ASSAY_OK);
        const char *paths[] = {dir, a, dir};
        assert_int_equal(assay_engine_input_bytes(e, paths, 3, &n), ASSAY_OK);
        assert_int_equal(n, want);
        seen_progress s = {.e = e, .caller = pthread_self()};
        assay_engine_on_progress(e, on_progress, &s);
        assert_int_equal(assay_engine_eval_path(e, dir, progress_result, &s),
                         ASSAY_OK);
        assert_int_equal(s.results, 3);
        assert_true(s.calls >= 3); /* a document at least */
        assert_int_equal(s.elsewhere, 0);
        assert_int_equal(s.refused, s.calls);
        assert_int_equal(s.bytes, want);
        assert_int_equal(s.files, 2);
        /* a result comes after its document is counted: with one job,
         * the first comes before the second document is */
        assert_true(s.bytes_at_result[0] >= strlen(ta) / 2);
        if (jobs == 1)
            assert_true(s.bytes_at_result[0] < strlen(ta));
        assert_true(s.bytes_at_result[2] == want);
        /* read in the run: nothing left to read; reset: all again */
        assert_int_equal(assay_engine_input_bytes(e, paths, 3, &n), ASSAY_OK);
        assert_int_equal(n, 0);
        assay_engine_reset(e);
        assert_int_equal(assay_engine_input_bytes(e, paths, 1, &n), ASSAY_OK);
        assert_int_equal(n, want);
        /* turned off: not called */
        assay_engine_on_progress(e, NULL, NULL);
        int calls = s.calls;
        assert_int_equal(assay_engine_eval_path(e, a, NULL, NULL), ASSAY_OK);
        assert_int_equal(s.calls, calls);
        assay_engine_free(e);
    }
    /* a FIFO named on its own is read whatever it is: its size is not
     * known ahead; the rest is still counted. In a folder it is skipped */
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assay_engine *e = engine_with(1, 1);
    const char *two[] = {fifo, a};
    assert_int_equal(assay_engine_input_bytes(e, two, 2, &n), ASSAY_EIO);
    assert_int_equal(n, strlen(ta));
    assert_int_equal(assay_engine_input_bytes(e, two + 1, 1, &n), ASSAY_OK);
    const char *d1[] = {dir};
    assert_int_equal(assay_engine_input_bytes(e, d1, 1, &n), ASSAY_OK);
    assert_int_equal(n, want);
    /* what cannot be read counts 0, and is not reported */
    got g = {0};
    assay_engine_on_diag(e, take_diag, &g);
    const char *none[] = {"/nonexistent/assay"};
    assert_int_equal(assay_engine_input_bytes(e, none, 1, &n), ASSAY_OK);
    assert_int_equal(n, 0);
    assert_int_equal(g.ndiags, 0);
    assert_int_equal(assay_engine_input_bytes(e, NULL, 0, &n), ASSAY_OK);
    assert_int_equal(n, 0);
    assay_engine_free(e);
    unlink(fifo);
    unlink(a);
    unlink(b);
    unlink(skip1);
    unlink(skip2);
    rmdir(sub);
    rmdir(dir);
}

/* What assay_engine_read_path handed on: the files' names and texts, in
 * order, joined. */
typedef struct read_files {
    char text[512];
    size_t n;
    int calls;
} read_files;

static int take_file(void *ud, const char *file, const char *text,
                     size_t len)
{
    read_files *r = ud;
    r->calls++;
    r->n += (size_t)snprintf(r->text + r->n, sizeof r->text - r->n,
                             "[%s]%.*s", strrchr(file, '/') + 1, (int)len,
                             text);
    return 0;
}

/* A folder is walked as a run walks it (sorted, *.test.yaml and hidden
 * files skipped, a file named twice read once), each file handed on whole
 * with no script loaded; a path that is not there is a diagnostic and
 * ASSAY_EINPUT; the callback may not use the engine (it is busy). */
static void test_embed_read_path(void **state)
{
    (void)state;
    char dir[] = "/tmp/assay_read_XXXXXX", a[96], b[96], sub[96], t[96],
         h[96], miss[96];
    assert_non_null(mkdtemp(dir));
    snprintf(a, sizeof a, "%s/a.yaml", dir);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    snprintf(b, sizeof b, "%s/sub/b.yml", dir);
    snprintf(t, sizeof t, "%s/x.test.yaml", dir);
    snprintf(h, sizeof h, "%s/.h.yaml", dir);
    snprintf(miss, sizeof miss, "%s/missing.yaml", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_text(a, "id: p1\n---\nid: p2\n");
    write_text(b, "id: p3\n");
    write_text(t, "not read\n");
    write_text(h, "not read\n");
    assay_engine *e = assay_engine_new(NULL);
    assert_non_null(e);
    got g = {0};
    assay_engine_on_diag(e, take_diag, &g);
    read_files r = {0};
    assert_int_equal(assay_engine_read_path(e, dir, take_file, &r), ASSAY_OK);
    assert_int_equal(assay_engine_read_path(e, a, take_file, &r), ASSAY_OK);
    assert_int_equal(r.calls, 2);
    assert_string_equal(r.text, "[a.yaml]id: p1\n---\nid: p2\n[b.yml]id: p3\n");
    assert_int_equal(g.ndiags, 0);
    assert_int_equal(assay_engine_read_path(e, miss, take_file, &r),
                     ASSAY_EINPUT);
    assert_int_equal(g.ndiags, 1);
    assert_string_equal(g.diag_file[0], miss);
    assert_int_equal(r.calls, 2);
    assay_engine_free(e);
    unlink(a);
    unlink(b);
    unlink(t);
    unlink(h);
    rmdir(sub);
    rmdir(dir);
}

/* ---- The library is silent ----------------------------------------- */

/* Everything that goes wrong, with stdout and stderr pointed at a file
 * that must stay empty. */
static void test_embed_library_writes_nothing(void **state)
{
    (void)state;
    fflush(stdout);
    fflush(stderr);
    FILE *sink = tmpfile();
    assert_non_null(sink);
    int out = dup(1), err = dup(2);
    dup2(fileno(sink), 1);
    dup2(fileno(sink), 2);

    static const char *const scripts[] = {
        "criterion {",                                 /* syntax error */
        "print('x') criterion{}",                      /* blocked name */
        "criterion { id = 'a', title = 'A', weight = 1, evaluate =\n"
        "  function(p) io.write('x') print('y') return 1 end }\n"
        "weighting { aggregate = 'minimum' }",         /* errors at eval */
        "criterion { id = 'a', title = 'A', weight = 1, evaluate =\n"
        "  function(p) while true do end end }\n"
        "weighting { aggregate = 'minimum' }",         /* a limit */
        "criterion { id = 'a', title = 'A', weight = 1, evaluate =\n"
        "  function(p) error(setmetatable({}, {__tostring = function()\n"
        "  return 'obj' end})) end }\n"
        "weighting { aggregate = 'minimum' }",         /* odd error value */
    };
    const char *docs = "id: s1\nname: S\nindicators: {x: presnt}\n"
                       "---\n[unclosed\n---\nid: s2\nname: S\n";
    assay_limits lim = {.instructions = 100000};
    for (size_t i = 0; i < sizeof scripts / sizeof *scripts; i++) {
        assay_engine *e = assay_engine_new(&lim);
        assay_engine_load_script_string(e, "s", scripts[i],
                                        strlen(scripts[i]));
        assay_engine_eval_string(e, "d", docs, strlen(docs), NULL, NULL);
        assay_engine_eval_path(e, "/nonexistent/cases", NULL, NULL);
        assay_engine_load_script(e, "no-such-stock-script");
        assay_engine_load_script(e, "/nonexistent.lua");
        assay_engine_free(e);
    }
    fflush(stdout);
    fflush(stderr);
    dup2(out, 1);
    dup2(err, 2);
    close(out);
    close(err);
    struct stat st;
    assert_int_equal(fstat(fileno(sink), &st), 0);
    fclose(sink);
    assert_int_equal(st.st_size, 0);
}

/* ---- Reweighing ------------------------------------------------------ */

/* A rule that loops once a weighs more than 1.5: the row that makes it
 * loop fails at the limit, the rows after it are skipped, the rows
 * before it stand; a rule asked once would have missed it. */
static const char REWEIGH_SCRIPT[] =
    "criterion { id = 'a', weight = 1, evaluate = function(p) return 0.5 end }\n"
    "criterion { id = 'b', weight = 1, evaluate = function(p) return 1 end }\n"
    "weighting { verdicts = {\n"
    "  { 'spin', when = function(p, info)\n"
    "      if info.criteria.a.weight > 1.5 then while true do end end\n"
    "    end },\n"
    "  { 'high', at_least = 0.7 }, { 'low' } } }\n";

typedef struct reweighing {
    assay_engine *e;
    int rc;
    assay_reweighed out[4];
    char msg[200];
} reweighing;

static int reweigh_take(void *ud, const assay_result *r)
{
    reweighing *rw = ud;
    /* a 1 b 1: (0.5 + 1) / 2 = 0.75, high; a 0.4 b 1.6: (0.2 + 1.6) / 2
     * = 0.9, high; a 1.6 b 0.4: spins; a 1 b 1 again: skipped */
    const double w[] = {1, 1, 0.4, 1.6, 1.6, 0.4, 1, 1};
    rw->rc = assay_result_reweigh(rw->e, r, w, 4, rw->out);
    snprintf(rw->msg, sizeof rw->msg, "%s", assay_engine_errmsg(rw->e));
    return 0;
}

static void test_embed_reweigh_stops_at_a_limit(void **state)
{
    (void)state;
    assay_limits lim = {.instructions = 100000};
    assay_engine *e = assay_engine_new(&lim);
    assert_int_equal(assay_engine_load_script_string(
                         e, "rw.lua", REWEIGH_SCRIPT, strlen(REWEIGH_SCRIPT)),
                     ASSAY_OK);
    reweighing rw = {.e = e};
    const char *doc = "id: p\nname: P\nindicators: {}\n";
    assert_int_equal(assay_engine_eval_string(e, "p.yaml", doc, strlen(doc),
                                              reweigh_take, &rw),
                     ASSAY_OK);
    assert_int_equal(rw.rc, ASSAY_ECRITERIA);
    assert_true(strstr(rw.msg, "instruction limit") != NULL);
    assert_true(strstr(rw.msg, "verdicts[1]") != NULL);
    assert_int_equal(rw.out[0].failed, 0);
    assert_int_equal(rw.out[0].verdict, 1);
    assert_true(fabs(rw.out[0].score - 0.75) < 1e-12);
    assert_int_equal(rw.out[1].failed, 0);
    assert_int_equal(rw.out[1].verdict, 1);
    assert_true(fabs(rw.out[1].score - 0.9) < 1e-12);
    assert_int_equal(rw.out[2].failed, 1);
    assert_int_equal(rw.out[2].skipped, 0);
    assert_int_equal(rw.out[2].verdict, -1);
    assert_int_equal(rw.out[3].failed, 1);
    assert_int_equal(rw.out[3].skipped, 1);
    /* the engine carries on: the state was rebuilt */
    const char *doc2 = "id: q\nname: Q\nindicators: {}\n";
    assert_int_equal(assay_engine_eval_string(e, "q.yaml", doc2, strlen(doc2),
                                              reweigh_take, &rw),
                     ASSAY_OK);
    assert_int_equal(rw.out[1].verdict, 1);
    assay_engine_free(e);
}

/* ---- NULL everywhere ------------------------------------------------ */

static int never(void *ud, const assay_result *r)
{
    (void)ud;
    (void)r;
    return 0;
}

/* Every public function with NULL for each pointer the header allows:
 * no crash, and the status the header states. make embed checks that
 * every function in assay.h is called here. */
/* ---- What a checker of scripts reads (assay lint) ------------------ */

/* Declarations with their places in the text, the indicators a case
 * lists with theirs, and what the weighting read: lines and columns
 * counted by hand in the texts below. */
static const char LINT_SCRIPT[] =
    "criterion { id = 'a',\n"
    "  bands = { { 'hi', at_least = 0.5 }, { 'lo' } },\n"
    "  evaluate = function(p) return p:value('x') end }\n"
    "weighting {\n"
    "  aggregate = function(results, p)\n"
    "    return p:has('w') and 1 or results[1].score end,\n"
    "  verdicts = {\n"
    "    { 'in', when = function(p) return p:value('v') ~= 'absent' end },\n"
    "    { 'out' } } }\n";

static const char LINT_CASE[] =
    "id: one\n"
    "name: One\n"
    "indicators:\n"
    "  v: present\n"
    "  x: { value: 0.25, unit: ratio }\n"
    "  y: not_stated\n";

typedef struct lint_got {
    int indicators;
    char id[4][8];
    unsigned long line[4], column[4];
    char file[4][16];
    int wreads, creads;
    char wread[4][8];
    char wstatus[4][16];
} lint_got;

static int lint_take(void *ud, const assay_result *r)
{
    lint_got *g = ud;
    assay_where w;
    const char *id;
    for (int k = 0; k < 4 && (id = assay_result_indicator(r, k, &w)); k++) {
        g->indicators++;
        snprintf(g->id[k], sizeof g->id[k], "%s", id);
        snprintf(g->file[k], sizeof g->file[k], "%s", w.file);
        g->line[k] = w.line;
        g->column[k] = w.column;
    }
    assert_int_equal(assay_result_indicator_count(r), g->indicators);
    assert_null(assay_result_indicator(r, g->indicators, NULL));
    assert_null(assay_result_indicator(r, -1, NULL));
    assay_evidence ev;
    g->wreads = assay_result_evidence_count(r, ASSAY_WEIGHTING);
    for (int j = 0; j < g->wreads && j < 4; j++) {
        assert_int_equal(assay_result_evidence(r, ASSAY_WEIGHTING, j, &ev), 0);
        snprintf(g->wread[j], sizeof g->wread[j], "%s", ev.indicator);
        snprintf(g->wstatus[j], sizeof g->wstatus[j], "%s", ev.status);
    }
    assert_int_equal(assay_result_evidence_truncated(r, ASSAY_WEIGHTING), 0);
    g->creads = assay_result_evidence_count(r, 0);
    return 0;
}

static void test_embed_lint_facts(void **state)
{
    (void)state;
    assay_engine *e = assay_engine_new(NULL);
    assert_int_equal(assay_engine_load_script_string(e, "lint.lua",
                                                     LINT_SCRIPT,
                                                     strlen(LINT_SCRIPT)),
                     ASSAY_OK);
    assert_string_equal(assay_engine_criterion_id(e, 0), "a");
    assert_null(assay_engine_criterion_id(e, 1));
    assay_where w;
    assert_int_equal(assay_engine_declared_at(e, 0, &w), 0);
    assert_string_equal(w.file, "lint.lua");
    assert_int_equal(w.line, 1);
    assert_int_equal(w.column, 1);
    assert_int_equal(assay_engine_declared_at(e, ASSAY_WEIGHTING, &w), 0);
    assert_int_equal(w.line, 4);
    assert_int_equal(assay_engine_declared_at(e, 0, NULL), -1);
    assay_rule r;
    assert_int_equal(assay_engine_rule_count(e, 0), 2);
    assert_int_equal(assay_engine_rule(e, 0, 0, &r), 0);
    assert_string_equal(r.label, "hi");
    assert_true(r.has_at_least && r.at_least == 0.5);
    assert_false(r.has_coverage_below || r.has_when);
    assert_int_equal(r.where.line, 2);
    assert_int_equal(r.where.column, 13);
    assert_int_equal(assay_engine_rule(e, 0, 1, &r), 0);
    assert_int_equal(r.where.column, 39);
    assert_int_equal(assay_engine_rule_count(e, ASSAY_WEIGHTING), 2);
    assert_int_equal(assay_engine_rule(e, ASSAY_WEIGHTING, 0, &r), 0);
    assert_string_equal(r.label, "in");
    assert_true(r.has_when);
    assert_int_equal(r.where.line, 8);
    assert_int_equal(r.where.column, 5);
    assert_int_equal(assay_engine_rule(e, ASSAY_WEIGHTING, 2, &r), -1);
    assert_int_equal(assay_engine_rule(e, 1, 0, &r), -1);
    assert_int_equal(assay_engine_rule(e, 0, 0, NULL), -1);
    /* where the script writes an id it reads: 'x' on line 3 */
    assert_int_equal(assay_engine_find_literal(e, 0, "x", &w), 0);
    assert_string_equal(w.file, "lint.lua");
    assert_int_equal(w.line, 3);
    assert_int_equal(w.column, 41);
    assert_int_equal(assay_engine_find_literal(e, ASSAY_WEIGHTING, "v", &w),
                     0);
    assert_int_equal(w.line, 8);
    assert_int_equal(assay_engine_find_literal(e, 0, "nowhere", &w), -1);
    assert_int_equal(assay_engine_find_literal(e, 1, "x", &w), -1);

    lint_got g;
    memset(&g, 0, sizeof g);
    assert_int_equal(assay_engine_eval_string(e, "case.yaml", LINT_CASE,
                                              strlen(LINT_CASE), lint_take,
                                              &g),
                     ASSAY_OK);
    /* every key under indicators, not_stated too, in file order */
    assert_int_equal(g.indicators, 3);
    assert_string_equal(g.id[0], "v");
    assert_string_equal(g.id[1], "x");
    assert_string_equal(g.id[2], "y");
    assert_string_equal(g.file[1], "case.yaml");
    assert_int_equal(g.line[0], 4);
    assert_int_equal(g.line[2], 6);
    assert_int_equal(g.column[2], 3);
    /* the aggregate function read w (missing), the verdict rule v; the
     * criterion's own evidence is apart (x) */
    assert_int_equal(g.wreads, 2);
    assert_string_equal(g.wread[0], "w");
    assert_string_equal(g.wstatus[0], "missing");
    assert_string_equal(g.wread[1], "v");
    assert_string_equal(g.wstatus[1], "stated");
    assert_int_equal(g.creads, 1);
    assay_engine_free(e);
}

static void test_embed_null_arguments(void **state)
{
    (void)state;
    assert_non_null(assay_strerror(-1));
    assert_non_null(assay_version());
    assert_true(assay_version_number() > 0); /* no arguments */
    assert_non_null(assay_version_lua());
    assert_non_null(assay_version_yaml());
    assay_engine_free(NULL);
    assert_int_equal(assay_limits_check(NULL, NULL, 0), ASSAY_EINVAL);
    assert_null(assay_engine_limits(NULL));
    assert_non_null(assay_engine_errmsg(NULL));
    assert_int_equal(assay_engine_set_stock_dir(NULL, "x"), ASSAY_EINVAL);
    assert_null(assay_engine_stock_dir(NULL));
    assay_engine_set_explain(NULL, 1);
    assay_engine_set_trace(NULL, 1);
    assay_engine_reset(NULL);
    assert_int_equal(assay_engine_set_jobs(NULL, 2), ASSAY_EINVAL);
    assert_true(assay_cores() >= 1); /* no arguments */
    assert_int_equal(assay_engine_load_script(NULL, "x"), ASSAY_EINVAL);
    assert_int_equal(assay_engine_load_script_string(NULL, "x", "", 0),
                     ASSAY_EINVAL);
    assert_null(assay_engine_script_name(NULL));
    assert_null(assay_engine_script_path(NULL));
    assert_null(assay_engine_script_sha256(NULL));
    assert_int_equal(assay_engine_criterion_count(NULL), 0);
    assert_null(assay_engine_script_aggregate(NULL));
    assert_int_equal(assay_engine_verdict_count(NULL), 0);
    assert_null(assay_engine_verdict_label(NULL, 0));
    assay_where w = {"unchanged", 7, 7};
    assay_rule rule;
    assert_null(assay_engine_criterion_id(NULL, 0));
    assert_true(assay_engine_criterion_weight(NULL, 0) == 0);
    assert_int_equal(assay_result_reweigh(NULL, NULL, NULL, 0, NULL),
                     ASSAY_EINVAL);
    assert_null(assay_engine_criterion_description(NULL, 0));
    assert_int_equal(assay_engine_verdict_standing(NULL, 0),
                     ASSAY_STANDING_NEUTRAL);
    assert_int_equal(assay_engine_declared_at(NULL, 0, &w), -1);
    assert_int_equal(assay_engine_rule_count(NULL, ASSAY_WEIGHTING), 0);
    assert_int_equal(assay_engine_rule(NULL, 0, 0, &rule), -1);
    assert_int_equal(assay_engine_find_literal(NULL, 0, "x", &w), -1);
    assert_int_equal(w.line, 7);
    assay_engine_on_diag(NULL, NULL, NULL);
    assay_engine_on_progress(NULL, NULL, NULL);
    unsigned long long bytes = 7;
    const char *dot = ".";
    assert_int_equal(assay_engine_input_bytes(NULL, &dot, 1, &bytes),
                     ASSAY_EINVAL);
    assert_int_equal(bytes, 7);
    assert_int_equal(assay_engine_eval_path(NULL, "x", never, NULL),
                     ASSAY_EINVAL);
    assert_int_equal(assay_engine_eval_string(NULL, "x", "", 0, never, NULL),
                     ASSAY_EINVAL);
    assert_int_equal(assay_engine_eval_project(NULL, NULL, never, NULL),
                     ASSAY_EINVAL);
    assert_int_equal(assay_engine_check_path(NULL, "x"), ASSAY_EINVAL);
    assert_int_equal(assay_engine_read_path(NULL, "x", NULL, NULL),
                     ASSAY_EINVAL);
    assert_int_equal(assay_name_distance(NULL, "x"), -1);
    assert_int_equal(assay_name_distance("x", NULL), -1);

    assay_engine *e = assay_engine_new(NULL);
    assert_non_null(e);
    assert_int_equal(assay_engine_set_stock_dir(e, NULL), ASSAY_EINVAL);
    assert_int_equal(assay_engine_load_script(e, NULL), ASSAY_EINVAL);
    assert_int_equal(assay_engine_load_script_string(e, NULL, NULL, 0),
                     ASSAY_EINVAL);
    assert_int_equal(assay_engine_eval_path(e, NULL, NULL, NULL),
                     ASSAY_EINVAL);
    assert_int_equal(assay_engine_eval_string(e, NULL, NULL, 0, NULL, NULL),
                     ASSAY_EINVAL);
    assert_int_equal(assay_engine_eval_project(e, NULL, NULL, NULL),
                     ASSAY_EINVAL);
    assert_int_equal(assay_engine_check_path(e, NULL), ASSAY_EINVAL);
    assert_non_null(assay_engine_limits(e));
    assert_int_equal(assay_engine_limits(e)->nodes, 100000);
    /* A NULL name and callbacks are allowed: defaults, no calls. */
    const char *one = "criterion{id='a',title='A',weight=1,"
                      "evaluate=function() return 1 end}"
                      "weighting{aggregate='minimum'}";
    assert_int_equal(assay_engine_load_script_string(e, NULL, one,
                                                     strlen(one)),
                     ASSAY_OK);
    assert_string_equal(assay_engine_script_name(e), "script");
    assay_engine_on_diag(e, NULL, NULL);
    assert_int_equal(assay_engine_eval_string(e, NULL, "id: n\nname: N\n",
                                              14, NULL, NULL), ASSAY_OK);
    assay_engine_free(e);

    assert_null(assay_project_new(NULL, "x"));
    assert_null(assay_project_new("x", NULL));
    assay_project_free(NULL);
    assert_non_null(assay_project_errmsg(NULL));
    assert_int_equal(assay_project_set_origin(NULL, "f", 1), ASSAY_EINVAL);
    assert_int_equal(assay_project_set(NULL, "a", "b"), ASSAY_EINVAL);
    assert_int_equal(assay_project_set_string(NULL, "a", "b"), ASSAY_EINVAL);
    assert_int_equal(assay_project_set_number(NULL, "a", 1), ASSAY_EINVAL);
    assert_int_equal(assay_project_append(NULL, "a", "b"), ASSAY_EINVAL);
    assert_int_equal(assay_project_add_source(NULL, "a", "b"), ASSAY_EINVAL);
    assert_int_equal(assay_project_set_indicator(NULL, NULL), ASSAY_EINVAL);
    assay_project *p = assay_project_new("x", "X");
    assert_int_equal(assay_project_set_origin(p, NULL, 1), ASSAY_EINVAL);
    assert_int_equal(assay_project_set(p, NULL, "b"), ASSAY_EINVAL);
    assert_int_equal(assay_project_set(p, "a", NULL), ASSAY_EINVAL);
    assert_int_equal(assay_project_set_string(p, "a", NULL), ASSAY_EINVAL);
    assert_int_equal(assay_project_set_number(p, NULL, 1), ASSAY_EINVAL);
    assert_int_equal(assay_project_append(p, NULL, "b"), ASSAY_EINVAL);
    assert_int_equal(assay_project_add_source(p, NULL, "b"), ASSAY_EINVAL);
    assert_int_equal(assay_project_add_source(p, "s", NULL), ASSAY_OK);
    assert_int_equal(assay_project_set_indicator(p, NULL), ASSAY_EINVAL);
    assert_string_equal(assay_project_errmsg(p),
                        "an indicator needs an id and a value");
    assay_project_free(p);

    const assay_result *r = NULL;
    double d = -1;
    assay_evidence ev;
    char *json = (char *)"unchanged";
    assert_null(assay_result_id(r));
    assert_null(assay_result_name(r));
    assert_null(assay_result_file(r));
    assert_int_equal(assay_result_line(r), 0);
    assert_int_equal(assay_result_score(r, &d), 0);
    assert_true(assay_result_coverage(r) == 0);
    assert_null(assay_result_verdict(r));
    assert_null(assay_result_error(r));
    assert_null(assay_result_verdict_reason(r));
    assert_int_equal(assay_result_criterion_count(r), 0);
    assert_null(assay_result_criterion_id(r, 0));
    assert_null(assay_result_criterion_title(r, 0));
    assert_null(assay_result_criterion_group(r, 0));
    assert_null(assay_result_criterion_description(r, 0));
    assert_null(assay_result_criterion_status(r, 0));
    assert_int_equal(assay_result_criterion_score(r, 0, &d), 0);
    assert_true(assay_result_criterion_weight(r, 0) == 0);
    assert_int_equal(assay_result_criterion_contribution(r, 0, &d), 0);
    assert_null(assay_result_criterion_label(r, 0));
    assert_null(assay_result_criterion_note(r, 0));
    assert_null(assay_result_criterion_error(r, 0));
    assert_null(assay_result_criterion_label_reason(r, 0));
    assert_int_equal(assay_result_evidence_count(r, 0), 0);
    assert_int_equal(assay_result_evidence_truncated(r, 0), 0);
    assert_int_equal(assay_result_evidence(r, 0, 0, &ev), -1);
    assert_int_equal(assay_result_evidence_count(r, ASSAY_WEIGHTING), 0);
    assert_int_equal(assay_result_evidence(r, ASSAY_WEIGHTING, 0, &ev), -1);
    assert_int_equal(assay_result_indicator_count(r), 0);
    assert_null(assay_result_indicator(r, 0, &w));
    assay_trace tr;
    assert_int_equal(assay_result_criterion_trace_count(r, 0), 0);
    assert_int_equal(assay_result_criterion_trace(r, 0, 0, &tr), -1);
    assert_int_equal(assay_result_trace_count(r), 0);
    assert_int_equal(assay_result_trace(r, 0, &tr), -1);
    assert_int_equal(assay_result_json(r, &json, NULL), ASSAY_EINVAL);
    char small[4] = "abc";
    assert_int_equal(assay_result_json_into(r, small, sizeof small), 0);
    assert_int_equal(small[0], 0);
    assert_int_equal(assay_result_json_into(r, NULL, 0), 0);
    size_t len = 7;
    assert_null(assay_result_json_rendered(r, &len));
    assert_int_equal(len, 7);
    assay_engine_set_render_json(NULL, 1);
    assay_engine_on_wait(NULL, NULL, NULL);
    assay_diag yd;
    assert_null(assay_yaml_new(&(assay_limits){.depth = 5000}));
    assay_yaml_free(NULL);
    assert_non_null(assay_yaml_errmsg(NULL));
    assert_int_equal(assay_yaml_open(NULL, "x"), ASSAY_EINVAL);
    assert_int_equal(assay_yaml_open_string(NULL, "x", "", 0), ASSAY_EINVAL);
    assert_int_equal(assay_yaml_next(NULL), ASSAY_EINVAL);
    assert_int_equal(assay_yaml_diag(NULL, 0, &yd), -1);
    assert_int_equal(assay_yaml_root(NULL), 0);
    assert_int_equal(assay_yaml_kind(NULL, 1), 0);
    assert_null(assay_yaml_text(NULL, 1));
    assert_int_equal(assay_yaml_number(NULL, 1, &d), 0);
    assert_int_equal(assay_yaml_line(NULL, 1), 0);
    assert_int_equal(assay_yaml_column(NULL, 1), 0);
    assert_int_equal(assay_yaml_count(NULL, 1), 0);
    assert_int_equal(assay_yaml_item(NULL, 1, 0), 0);
    assert_int_equal(assay_yaml_key(NULL, 1, 0), 0);
    assert_int_equal(assay_yaml_value(NULL, 1, 0), 0);
    assert_int_equal(assay_yaml_get(NULL, 1, "x"), 0);
    assay_yaml *y = assay_yaml_new(NULL);
    assert_int_equal(assay_yaml_open(y, NULL), ASSAY_EINVAL);
    assert_int_equal(assay_yaml_open_string(y, NULL, NULL, 1), ASSAY_EINVAL);
    assert_int_equal(assay_yaml_open_string(y, NULL, NULL, 0), ASSAY_OK);
    assert_int_equal(assay_yaml_next(y), ASSAY_DONE);
    assert_int_equal(assay_yaml_diag(y, 0, NULL), -1);
    assert_int_equal(assay_yaml_get(y, 1, NULL), 0);
    assay_yaml_free(y);
    assay_limit info;
    assert_int_equal(assay_limits_info(0, NULL), -1);
    assert_int_equal(assay_limits_info(0, &info), 0);
    assert_int_equal(assay_limits_set(NULL, "depth", 2), ASSAY_EINVAL);
    assay_limits lim = {0};
    assert_int_equal(assay_limits_set(&lim, NULL, 2), ASSAY_EINVAL);
    size_t step = 1;
    char piece[ASSAY_ESCAPE_MAX];
    assert_int_equal(assay_escape_char(NULL, 1, piece, &step), 0);
    assert_int_equal(step, 0);
    assert_int_equal(assay_escape_char("a", 1, NULL, NULL), 0);
    assert_int_equal(assay_escape(NULL, 1, small, sizeof small), 0);
    assert_int_equal(small[0], 0);
    assert_int_equal(assay_escape("a", 1, NULL, 4), 0);
    assert_int_equal(assay_json_string(NULL, 1, small, sizeof small), 0);
    assert_int_equal(assay_json_string("a", 1, NULL, 4), 0);
    assert_int_equal(assay_json_number(0.5, NULL, 4), 0);
    assert_true(d == -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_embed_built_project_scores_like_yaml),
        cmocka_unit_test(test_embed_built_project_fields_and_sources),
        cmocka_unit_test(test_embed_built_project_errors),
        cmocka_unit_test(test_embed_built_project_limits),
        cmocka_unit_test(test_embed_limits_ranges),
        cmocka_unit_test(test_embed_limits_info_and_set),
        cmocka_unit_test(test_embed_limits_at_maximum_depth),
        cmocka_unit_test(test_embed_built_project_failed_calls_leave_nothing),
        cmocka_unit_test(test_embed_built_project_origin),
        cmocka_unit_test(test_embed_callbacks_cannot_change_the_engine),
        cmocka_unit_test(test_embed_reset_starts_a_new_run),
        cmocka_unit_test(test_embed_script_verdicts),
        cmocka_unit_test(test_embed_result_json_into),
        cmocka_unit_test(test_embed_declared_and_traced),
        cmocka_unit_test(test_embed_escape),
        cmocka_unit_test(test_embed_json_number),
        cmocka_unit_test(test_embed_name_distance),
        cmocka_unit_test(test_embed_yaml_reader),
        cmocka_unit_test(test_embed_version),
        cmocka_unit_test(test_embed_host_locale_is_left_alone),
        cmocka_unit_test(test_embed_two_engines_in_two_threads),
        cmocka_unit_test(test_embed_jobs_same_results),
        cmocka_unit_test(test_embed_jobs_stop_on_a_pipe),
        cmocka_unit_test(test_embed_wait_after_what_is_done),
        cmocka_unit_test(test_embed_progress),
        cmocka_unit_test(test_embed_library_writes_nothing),
        cmocka_unit_test(test_embed_null_arguments),
        cmocka_unit_test(test_embed_read_path),
        cmocka_unit_test(test_embed_lint_facts),
        cmocka_unit_test(test_embed_reweigh_stops_at_a_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

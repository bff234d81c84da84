/*
 * test_script.c -- loading evaluation scripts: the criterion{} and
 * weighting{} declarations, the sandbox scripts run in (docs/scripts.md) and
 * where `require` may look.
 *
 * Every expected message and line below is worked out by hand from the
 * script text in the test: a load error from a declaration names the line
 * and column of the key whose value is wrong, or of the rule in bands or
 * verdicts that is (`test.lua:LINE:COL:`), and the line where the
 * declaring call starts when the text does not show it (`test.lua:LINE:`).
 */
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "unit.h"

/* A case document with nothing but the required keys. */
#define ONE_CASE "id: p1\nname: P1\n"

/* ---- Helpers ------------------------------------------------------------ */

#define assert_not_contains(hay, needle)                                   \
    do {                                                                   \
        const char *h_ = (hay), *n_ = (needle);                            \
        if (h_ && strstr(h_, n_))                                          \
            fail_msg("did not expect \"%s\" in \"%s\"", n_, h_);           \
    } while (0)

/* Load script from memory as "test.lua" into a fresh engine; the engine's
 * message is copied to msg. Returns the status code. */
static int load_text(const assay_limits *lim, const char *script, size_t len,
                     char *msg, size_t msglen)
{
    assay_engine *e = assay_engine_new(lim);
    assert_non_null(e);
    int rc = assay_engine_load_script_string(e, "test.lua", script, len);
    snprintf(msg, msglen, "%s", assay_engine_errmsg(e));
    if (rc == ASSAY_OK)
        assert_int_equal(assay_engine_criterion_count(e) > 0, 1);
    assay_engine_free(e);
    return rc;
}

static int load(const char *script, char *msg, size_t msglen)
{
    return load_text(NULL, script, strlen(script), msg, msglen);
}

/* The script must be refused, with a message holding every one of the
 * NULL-terminated texts. */
static void refused_(const char *script, ...)
{
    char msg[2048];
    int rc = load(script, msg, sizeof msg);
    if (rc != ASSAY_ESCRIPT)
        fail_msg("script loaded (rc %d) but should be refused:\n%s", rc,
                 script);
    va_list ap;
    va_start(ap, script);
    for (const char *t; (t = va_arg(ap, const char *));)
        assert_contains(msg, t);
    va_end(ap);
}
#define refused(...) refused_(__VA_ARGS__, (const char *)NULL)

static void loads(const char *script)
{
    char msg[2048];
    int rc = load(script, msg, sizeof msg);
    if (rc != ASSAY_OK)
        fail_msg("script should load but did not (rc %d): %s\n%s", rc, msg,
                 script);
}

/* What one criterion of one project ended as. */
typedef struct crit {
    char id[64], status[32], error[1200], note[1200];
    int has_score;
    double score;
} crit;

typedef struct outcome {
    seen s;
    int nresults;
    int ncrit;
    crit c[16];
} outcome;

static void copy_str(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static int collect(void *ud, const assay_result *r)
{
    outcome *o = ud;
    if (o->nresults++ > 0)
        return 0; /* the tests below look at the first project only */
    o->ncrit = assay_result_criterion_count(r);
    assert_true(o->ncrit <= 16);
    for (int i = 0; i < o->ncrit; i++) {
        crit *c = &o->c[i];
        copy_str(c->id, sizeof c->id, assay_result_criterion_id(r, i));
        copy_str(c->status, sizeof c->status,
                 assay_result_criterion_status(r, i));
        copy_str(c->error, sizeof c->error,
                 assay_result_criterion_error(r, i));
        copy_str(c->note, sizeof c->note, assay_result_criterion_note(r, i));
        c->has_score = assay_result_criterion_score(r, i, &c->score);
    }
    return 0;
}

static const crit *find(const outcome *o, const char *id)
{
    for (int i = 0; i < o->ncrit; i++)
        if (!strcmp(o->c[i].id, id))
            return &o->c[i];
    fail_msg("no criterion '%s' in the result", id);
    return NULL;
}

/* Evaluate ONE_CASE with an engine whose script is already loaded. */
static int eval_engine(assay_engine *e, outcome *o)
{
    int rc = assay_engine_eval_string(e, "case.yaml", ONE_CASE,
                                      strlen(ONE_CASE), collect, o);
    assert_int_equal(o->nresults, 1);
    return rc;
}

/* Evaluate ONE_CASE with a script from memory. */
static int eval_script(outcome *o, const char *script)
{
    memset(o, 0, sizeof *o);
    assay_engine *e = engine_with(&o->s);
    if (assay_engine_load_script_string(e, "test.lua", script,
                                        strlen(script)) != ASSAY_OK)
        fail_msg("script did not load: %s", assay_engine_errmsg(e));
    int rc = eval_engine(e, o);
    assay_engine_free(e);
    return rc;
}

/* ---- Temporary folders --------------------------------------------------- */

static void write_file(const char *dir, const char *name, const char *text,
                       size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("cannot write %s", path);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void write_text(const char *dir, const char *name, const char *text)
{
    write_file(dir, name, text, strlen(text));
}

static void make_dir(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(mkdir(path, 0700), 0);
}

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Remove a tree made by the tests (plain files and folders only). */
static void remove_tree(const char *path)
{
    if (nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
        print_message("could not remove %s\n", path);
}

/* Folders made by the running test; removed by its teardown, so that a
 * failing test leaves nothing behind either. */
static char made[4][64];
static int nmade;

static void temp_dir(char *out, size_t n)
{
    assert_true(nmade < 4 && n >= sizeof made[0]);
    snprintf(out, n, "/tmp/assay-test-script-XXXXXX");
    if (!mkdtemp(out))
        fail_msg("mkdtemp failed");
    snprintf(made[nmade++], sizeof made[0], "%s", out);
}

static int remove_made(void **state)
{
    (void)state;
    for (int i = 0; i < nmade; i++)
        remove_tree(made[i]);
    nmade = 0;
    return 0;
}

/* ---- criterion{} -------------------------------------------------------- */

static void test_script_unknown_criterion_key_names_key_and_line(void **state)
{
    (void)state;
    /* criterion { starts on line 3; the misspelt key is on line 5, column
     * 3, which the error names: the call's table is found in the text. */
    refused("-- line 1\n"
            "\n"
            "criterion {\n"
            "  id = 'a',\n"
            "  wieght = 2,\n"
            "  evaluate = function(p) return 1 end,\n"
            "}\n",
            "test.lua:5:3: criterion: unknown key 'wieght' (expected id, "
            "title, group, weight, evaluate, bands or description)");
    /* The same script spelt right loads. */
    loads("-- line 1\n"
          "\n"
          "criterion {\n"
          "  id = 'a',\n"
          "  weight = 2,\n"
          "  evaluate = function(p) return 1 end,\n"
          "}\n");
}

/* Every unknown key, in the order the script writes them (not the order a
 * Lua table would give), each at its line and column; keys in comments,
 * strings and nested tables are not the call's. */
static void test_script_unknown_keys_all_in_source_order(void **state)
{
    (void)state;
    refused("criterion {\n"
            "  wieght = 2, id = 'a',\n"
            "  -- titel = 'no', in a comment\n"
            "  evaluate = function(p) local t = { titel = 1 } return 1 end,\n"
            "  s = [[ group = ]], titel = \"A\",\n"
            "}\n",
            "test.lua:2:3: criterion: unknown keys 'wieght' (2:3), 's' "
            "(5:3), 'titel' (5:22) (expected ");
    /* weighting's keys the same way, called with parentheses */
    refused("criterion { id = 'a', evaluate = function(p) return 1 end }\n"
            "weighting({ verdicts = { { 'v' } },\n"
            "  agregate = 'x', verdict = 1 })\n",
            "test.lua:3:3: weighting: unknown keys 'agregate' (3:3), "
            "'verdict' (3:19) (expected aggregate or verdicts)");
    /* A table built elsewhere has no constructor at the call: its unknown
     * keys in key order (bytewise), at the call's line. */
    refused("local t = { zeta = 1, id = 'a', alpha = 2,\n"
            "  evaluate = function(p) return 1 end }\n"
            "criterion(t)\n",
            "test.lua:3: criterion: unknown keys 'alpha', 'zeta' (expected ");
}

static void test_script_criterion_id_missing_or_invalid(void **state)
{
    (void)state;
    refused("criterion { evaluate = function(p) return 1 end }\n",
            "test.lua:1:", "'id'");
    refused("criterion { id = 'has space', evaluate = function(p) return 1 "
            "end }\n",
            "test.lua:1:", "'id'");
    refused("criterion { id = '', evaluate = function(p) return 1 end }\n",
            "'id'");
    refused("criterion { id = 7, evaluate = function(p) return 1 end }\n",
            "'id'");
    refused("criterion { id = 'a/b', evaluate = function(p) return 1 end }\n",
            "'id'");
    loads("criterion { id = 'A_b.c-9', evaluate = function(p) return 1 end "
          "}\n");
}

static void test_script_duplicate_criterion_id(void **state)
{
    (void)state;
    refused("criterion { id = 'a', evaluate = function(p) return 1 end }\n"
            "criterion { id = 'b', evaluate = function(p) return 1 end }\n"
            "criterion { id = 'a', evaluate = function(p) return 0 end }\n",
            "test.lua:3:", "'a'", "twice");
}

static void test_script_evaluate_must_be_a_function(void **state)
{
    (void)state;
    refused("criterion { id = 'a', evaluate = 1 }\n", "test.lua:1:",
            "'evaluate'");
    refused("criterion { id = 'a', evaluate = 'function(p) return 1 end' "
            "}\n",
            "'evaluate'");
    refused("criterion { id = 'a' }\n", "'evaluate'");
}

static void test_script_weight_negative_nan_or_infinite(void **state)
{
    (void)state;
    refused("criterion { id = 'a', weight = -0.5, evaluate = function(p) "
            "return 1 end }\n",
            "test.lua:1:", "'weight'");
    refused("criterion { id = 'a', weight = 0/0, evaluate = function(p) "
            "return 1 end }\n",
            "test.lua:1:", "'weight'");
    refused("criterion { id = 'a', weight = math.huge, evaluate = "
            "function(p) return 1 end }\n",
            "'weight'");
    refused("criterion { id = 'a', weight = -math.huge, evaluate = "
            "function(p) return 1 end }\n",
            "'weight'");
    refused("criterion { id = 'a', weight = '2', evaluate = function(p) "
            "return 1 end }\n",
            "'weight'");
    /* finite but so large that two of them would sum to infinity */
    refused("criterion { id = 'a', weight = 1e308, evaluate = function(p) "
            "return 1 end }\n",
            "test.lua:1:", "'weight' must be between 0 and 1e9");
    /* zero and positive weights up to 1e9 are fine */
    loads("criterion { id = 'a', weight = 1e9, evaluate = function(p) "
          "return 1 end }\n");
    loads("criterion { id = 'a', weight = 0, evaluate = function(p) return "
          "1 end }\n"
          "criterion { id = 'b', weight = 2.5, evaluate = function(p) "
          "return 1 end }\n");
}

/* A wrong value is reported at its key's line and column, found in the
 * script's text; when the text does not show the key (it is absent, or
 * the table was built elsewhere), at the line of the call. */
static void test_script_declaration_errors_at_the_key(void **state)
{
    (void)state;
    refused("criterion {\n"
            "  id = 'a',\n"
            "  title = 7,\n"
            "  evaluate = function(p) return 1 end,\n"
            "}\n",
            "test.lua:3:3: criterion 'a': 'title' must be a string, not a "
            "number");
    refused("-- weights\n"
            "criterion { id = 'a',\n"
            "            weight = 2e9,\n"
            "            evaluate = function(p) return 1 end }\n",
            "test.lua:3:13: criterion 'a': 'weight' must be between 0 and "
            "1e9");
    refused("criterion {\n"
            "  id = 'a',\n"
            "  weight = '2',\n"
            "  evaluate = function(p) return 1 end,\n"
            "}\n",
            "test.lua:3:3: criterion 'a': 'weight' must be a number, not a "
            "string");
    refused("criterion {\n"
            "  id = 'a', group = 'g',\n"
            "  evaluate = 'return 1',\n"
            "}\n",
            "test.lua:3:3: criterion 'a': 'evaluate' must be a function(p)");
    /* absent: nowhere in the text, so the call's line */
    refused("criterion {\n"
            "  id = 'a',\n"
            "}\n",
            "test.lua:1: criterion 'a': 'evaluate' must be a function(p)");
    refused("criterion {\n"
            "  evaluate = function(p) return 1 end, id = 'has space',\n"
            "}\n",
            "test.lua:2:40: criterion: 'id' must be a name");
    refused("criterion { id = 'a', evaluate = function(p) return 1 end }\n"
            "criterion {\n"
            "  evaluate = function(p) return 0 end,\n"
            "  id = 'a',\n"
            "}\n",
            "test.lua:4:3: criterion 'a' is declared twice");
    refused("criterion { id = 'a', evaluate = function(p) return 1 end,\n"
            "  bands = 'present' }\n",
            "test.lua:2:3: criterion 'a': 'bands' must be a list of rules");
    /* rules from elsewhere: the key that holds them */
    refused("local B = { { 'hi', at_least = 'x' } }\n"
            "criterion { id = 'a', evaluate = function(p) return 1 end,\n"
            "  bands = B }\n",
            "test.lua:3:3: criterion 'a': bands[1]: 'at_least' must be a "
            "number, not a string");
    /* the rule itself, on a line of its own */
    refused("criterion { id = 'a', evaluate = function(p) return 1 end,\n"
            "  bands = {\n"
            "    { 'hi', at_least = 0.7 },\n"
            "    { 'mid', when = 1 },\n"
            "    { 'lo' },\n"
            "  } }\n",
            "test.lua:4:5: criterion 'a': bands[2]: 'when' must be a "
            "function");
    /* a key written twice: Lua keeps the second, and so does the error */
    refused("criterion { id = 'a', weight = 1, weight = -1, evaluate = "
            "function(p) return 1 end }\n",
            "test.lua:1:35: criterion 'a': 'weight' must be between");
    refused(TRIVIAL_SCRIPT
            "weighting {\n"
            "  verdicts = { { 'v' } },\n"
            "  aggregate = 'median',\n"
            "}\n",
            "test.lua:4:3: weighting: unknown aggregate 'median'");
    /* a table built elsewhere: the line of the call */
    refused("local t = { id = 'a', weight = -1,\n"
            "  evaluate = function(p) return 1 end }\n"
            "criterion(t)\n",
            "test.lua:3: criterion 'a': 'weight' must be between 0 and 1e9");
}

/* ---- weighting{} -------------------------------------------------------- */

static void test_script_unknown_aggregate(void **state)
{
    (void)state;
    refused(TRIVIAL_SCRIPT "weighting { aggregate = 'median' }\n",
            "test.lua:2:", "unknown aggregate 'median'");
    refused(TRIVIAL_SCRIPT "weighting { aggregate = 3 }\n", "aggregate");
    loads(TRIVIAL_SCRIPT "weighting { aggregate = 'geometric' }\n");
    loads(TRIVIAL_SCRIPT "weighting { aggregate = 'minimum' }\n");
    loads(TRIVIAL_SCRIPT "weighting { aggregate = 'weighted_mean' }\n");
    loads(TRIVIAL_SCRIPT
          "weighting { aggregate = function(r) return 1 end }\n");
}

static void test_script_unknown_weighting_key(void **state)
{
    (void)state;
    refused(TRIVIAL_SCRIPT "weighting { aggregate = 'minimum', verdict = { "
                           "{ 'x' } } }\n",
            "test.lua:2:", "unknown key 'verdict'");
}

static void test_script_weighting_declared_twice_names_first_line(void **state)
{
    (void)state;
    refused(TRIVIAL_SCRIPT                             /* line 1 */
            "weighting { aggregate = 'minimum' }\n"    /* line 2 */
            "\n"                                       /* line 3 */
            "weighting { aggregate = 'geometric' }\n", /* line 4 */
            "test.lua:4:", "twice", "line 2");
}

/* ---- bands and verdicts ------------------------------------------------- */

static void test_script_rule_with_unknown_key(void **state)
{
    (void)state;
    /* at the rule: bands[1] starts on line 2, column 13 */
    refused("criterion { id = 'a', evaluate = function(p) return 1 end,\n"
            "  bands = { { 'hi', at_leest = 0.5 }, { 'lo' } } }\n",
            "test.lua:2:13: ", "unknown key 'at_leest'");
    refused(TRIVIAL_SCRIPT
            "weighting { verdicts = { { 'ok', atleast = 0.5 }, { 'no' } } "
            "}\n",
            "test.lua:2:26: ", "unknown key 'atleast'");
    loads("criterion { id = 'a', evaluate = function(p) return 1 end,\n"
          "  bands = { { 'hi', at_least = 0.5 }, { 'lo' } } }\n"
          "weighting { verdicts = { { 'ok', at_least = 0.5 }, { 'no' } } "
          "}\n");
}

static void test_script_rule_without_label(void **state)
{
    (void)state;
    refused("criterion { id = 'a', evaluate = function(p) return 1 end,\n"
            "  bands = { { at_least = 0.5 }, { 'lo' } } }\n",
            "test.lua:2:13: ", "label");
    refused(TRIVIAL_SCRIPT "weighting { verdicts = { { at_least = 0.5 } } "
                           "}\n",
            "test.lua:2:26: ", "label");
    refused(TRIVIAL_SCRIPT "weighting { verdicts = { { 5, at_least = 0.5 } "
                           "} }\n",
            "label");
}

static void test_script_rule_after_unconditional_rule(void **state)
{
    (void)state;
    /* at the rule that can never match: bands[2], 2:24; verdicts[3], on
     * the next line, at column 26 */
    refused("criterion { id = 'a', evaluate = function(p) return 1 end,\n"
            "  bands = { { 'any' }, { 'hi', at_least = 0.5 } } }\n",
            "test.lua:2:24: ", "never match");
    refused(TRIVIAL_SCRIPT
            "weighting { verdicts = { { 'ok', at_least = 0.5 }, { 'weak' "
            "},\n"
            "                         { 'never', coverage_below = 0.5 } } "
            "}\n",
            "test.lua:3:26: ", "never match");
    /* a last unconditional rule is the usual fallback */
    loads(TRIVIAL_SCRIPT
          "weighting { verdicts = { { 'ok', at_least = 0.5 }, { 'weak' } } "
          "}\n");
}

static void test_script_coverage_below_not_allowed_in_bands(void **state)
{
    (void)state;
    refused("criterion { id = 'a', evaluate = function(p) return 1 end,\n"
            "  bands = { { 'thin', coverage_below = 0.5 }, { 'ok' } } }\n",
            "test.lua:2:13: ", "coverage_below");
    /* in verdicts it is allowed */
    loads(TRIVIAL_SCRIPT
          "weighting { verdicts = { { 'thin', coverage_below = 0.5 }, { 'ok' "
          "} } }\n");
}

static void test_script_rule_condition_types(void **state)
{
    (void)state;
    refused(TRIVIAL_SCRIPT
            "weighting { verdicts = { { 'ok', at_least = 'high' } } }\n",
            "at_least");
    refused(TRIVIAL_SCRIPT
            "weighting { verdicts = { { 'ok', at_least = 0/0 } } }\n",
            "at_least");
    refused(TRIVIAL_SCRIPT
            "weighting { verdicts = { { 'ok', when = true } } }\n", "when");
}

/* ---- The script as a whole --------------------------------------------- */

static void test_script_without_criteria_is_rejected(void **state)
{
    (void)state;
    refused("weighting { aggregate = 'minimum' }\n", "criterion");
    refused("-- nothing at all\n", "criterion");
    refused("", "criterion");
}

static void test_script_syntax_error_reports_line(void **state)
{
    (void)state;
    refused(TRIVIAL_SCRIPT /* line 1 */
            "\n"           /* line 2 */
            "local x = = 1\n",
            "test.lua:3:");
    refused("criterion { id = 'a',\n"
            "  evaluate = function(p) return 1 end,\n"
            "  title = 'x' 'y' z,\n"
            "}\n",
            "test.lua:3:");
}

static void test_script_size_limit(void **state)
{
    (void)state;
    char script[512], msg[2048];
    assay_limits lim;
    memset(&lim, 0, sizeof lim);
    lim.script_bytes = 200;
    /* TRIVIAL_SCRIPT, then a comment that fills the text to 200 bytes. */
    size_t base = strlen(TRIVIAL_SCRIPT);
    memcpy(script, TRIVIAL_SCRIPT, base);
    memset(script + base, '-', sizeof script - base);
    script[199] = '\n';
    assert_int_equal(load_text(&lim, script, 200, msg, sizeof msg), ASSAY_OK);
    /* one byte more */
    script[199] = '-';
    script[200] = '\n';
    assert_int_equal(load_text(&lim, script, 201, msg, sizeof msg),
                     ASSAY_ESCRIPT);
    assert_contains(msg, "limit");
    assert_contains(msg, "200");

    /* The same limit applies to a script read from a file. */
    char dir[64], path[128];
    temp_dir(dir, sizeof dir);
    write_file(dir, "big.lua", script, 201);
    snprintf(path, sizeof path, "%s/big.lua", dir);
    assay_engine *e = assay_engine_new(&lim);
    assert_int_equal(assay_engine_load_script(e, path), ASSAY_ESCRIPT);
    assert_contains(assay_engine_errmsg(e), "limit");
    assay_engine_free(e);
}

/* ---- The sandbox ------------------------------------------------------- */

/* Merely reading one of these names must raise: plain Lua would give nil
 * and carry on, so the error can only come from the sandbox. */
static const char *const BLOCKED[] = {
    "os",    "io",      "load",      "dofile", "loadfile", "collectgarbage",
    "debug", "package", "coroutine", "print",
};
#define NBLOCKED (sizeof BLOCKED / sizeof *BLOCKED)

static void test_script_sandbox_blocked_names_at_load(void **state)
{
    (void)state;
    for (size_t k = 0; k < NBLOCKED; k++) {
        char script[512], quoted[64];
        /* the use sits on line 2 */
        snprintf(script, sizeof script, "%slocal _ = %s\n", TRIVIAL_SCRIPT,
                 BLOCKED[k]);
        snprintf(quoted, sizeof quoted, "'%s'", BLOCKED[k]);
        char msg[2048];
        int rc = load(script, msg, sizeof msg);
        if (rc != ASSAY_ESCRIPT)
            fail_msg("'%s' at top level did not stop the load (rc %d)",
                     BLOCKED[k], rc);
        assert_contains(msg, quoted);
        assert_contains(msg, "test.lua:2:");
    }
}

static void test_script_sandbox_blocked_names_in_evaluate(void **state)
{
    (void)state;
    for (size_t k = 0; k < NBLOCKED; k++) {
        char script[512], quoted[64];
        snprintf(script, sizeof script,
                 "criterion { id = 'ok', evaluate = function(p) return 0.5 "
                 "end }\n"
                 "criterion { id = 'bad', evaluate = function(p)\n"
                 "  local _ = %s\n" /* line 3 */
                 "  return 1\n"
                 "end }\n",
                 BLOCKED[k]);
        snprintf(quoted, sizeof quoted, "'%s'", BLOCKED[k]);
        outcome o;
        int rc = eval_script(&o, script);
        assert_int_equal(rc, ASSAY_ECRITERIA);
        const crit *bad = find(&o, "bad");
        if (strcmp(bad->status, "error"))
            fail_msg("'%s' in evaluate gave status %s", BLOCKED[k],
                     bad->status);
        assert_false(bad->has_score);
        assert_contains(bad->error, quoted);
        assert_contains(bad->error, "test.lua:3:");
        const crit *ok = find(&o, "ok");
        assert_string_equal(ok->status, "scored");
        assert_true(ok->has_score && ok->score == 0.5);
    }
}

/* Each check is a criterion that scores 1 when the sandbox holds, and 0
 * with a note saying what leaked. */
static void test_script_sandbox_string_dump_absent(void **state)
{
    (void)state;
    outcome o;
    eval_script(&o, "criterion { id = 'a', evaluate = function(p)\n"
                    "  if string.dump ~= nil then return 0, 'string.dump' "
                    "end\n"
                    "  if ('').dump ~= nil then return 0, '(\"\").dump' end\n"
                    "  return 1\n"
                    "end }\n");
    const crit *a = find(&o, "a");
    assert_string_equal(a->status, "scored");
    if (a->score != 1)
        fail_msg("string.dump is reachable: %s", a->note);
}

static void test_script_sandbox_criteria_cannot_change_each_other(void **state)
{
    (void)state;
    outcome o;
    eval_script(&o,
                "shared = 5 -- globals may be set while the script loads\n"
                "criterion { id = 'a', evaluate = function(p)\n"
                "  local tries = {\n"
                "    function() string.format = nil end,\n"
                "    function() rawset(string, 'format', tostring) end,\n"
                "    function() math.floor = tostring end,\n"
                "    function() counter = 1 end,\n"
                "    function() rawset(_G, 'counter', 1) end,\n"
                "    function() shared = 6 end,\n"
                "  }\n"
                "  for i, f in ipairs(tries) do\n"
                "    if pcall(f) then return 0, 'try ' .. i .. ' worked' end\n"
                "  end\n"
                "  local ok, msg = pcall(function() counter = 1 end)\n"
                "  return 1, msg\n"
                "end }\n"
                "criterion { id = 'b', evaluate = function(p)\n"
                "  local n = 0\n"
                "  for _ in pairs(string) do n = n + 1 end\n"
                "  return string.format('%d', 1) == '1' and counter == nil\n"
                "     and math.floor(1.5) == 1 and shared == 5 and n > 10\n"
                "end }\n");
    const crit *a = find(&o, "a"), *b = find(&o, "b");
    assert_string_equal(a->status, "scored");
    if (a->score != 1)
        fail_msg("%s", a->note);
    assert_contains(a->note, "cannot set global 'counter'");
    assert_string_equal(b->status, "scored");
    assert_true(b->has_score && b->score == 1);
}

static void test_script_sandbox_setmetatable_refuses_gc_and_close(void **state)
{
    (void)state;
    outcome o;
    eval_script(&o,
                "criterion { id = 'gc', evaluate = function(p)\n"
                "  setmetatable({}, { __gc = function() end })\n"
                "  return 1\n"
                "end }\n"
                "criterion { id = 'close', evaluate = function(p)\n"
                "  setmetatable({}, { __close = function() end })\n"
                "  return 1\n"
                "end }\n"
                "criterion { id = 'plain', evaluate = function(p)\n"
                "  local t = setmetatable({}, { __index = function() return "
                "0.25 end })\n"
                "  return t.anything\n"
                "end }\n");
    const crit *gc = find(&o, "gc"), *close = find(&o, "close");
    assert_string_equal(gc->status, "error");
    assert_contains(gc->error, "__gc");
    assert_string_equal(close->status, "error");
    assert_contains(close->error, "__close");
    /* other metatables still work */
    const crit *plain = find(&o, "plain");
    assert_string_equal(plain->status, "scored");
    assert_true(plain->score == 0.25);

    /* at top level the load is refused */
    refused(TRIVIAL_SCRIPT "setmetatable({}, { __gc = function() end })\n",
            "test.lua:2:", "__gc");
    refused(TRIVIAL_SCRIPT "setmetatable({}, { __close = function() end "
                           "})\n",
            "test.lua:2:", "__close");
}

/* docs/scripts.md: scripts see no __close metamethods. Adding __close to the
 * metatable after setmetatable() has checked it must not give a working
 * to-be-closed variable either. */
static void test_script_sandbox_string_metatable_hidden(void **state)
{
    (void)state;
    outcome o;
    eval_script(&o, "criterion { id = 'a', evaluate = function(p)\n"
                    "  local mt = getmetatable('')\n"
                    "  if type(mt) == 'table' then return 0, 'exposed' end\n"
                    "  return 1\n"
                    "end }\n");
    const crit *a = find(&o, "a");
    assert_string_equal(a->status, "scored");
    if (a->score != 1)
        fail_msg("getmetatable('') gave the string metatable");
    /* and string methods still work */
    eval_script(&o, "criterion { id = 'a', evaluate = function(p)\n"
                    "  return ('abc'):upper() == 'ABC' and 1 or 0\n"
                    "end }\n");
    assert_true(find(&o, "a")->score == 1);
}

/* Precompiled Lua for text, from a separate plain Lua state. */
static size_t bytecode(const char *text, char *out, size_t cap);

typedef struct dumpbuf {
    char *p;
    size_t n, cap;
} dumpbuf;

static int dump_writer(lua_State *L, const void *p, size_t sz, void *ud)
{
    (void)L;
    dumpbuf *b = ud;
    if (b->n + sz > b->cap)
        return 1;
    memcpy(b->p + b->n, p, sz);
    b->n += sz;
    return 0;
}

static size_t bytecode(const char *text, char *out, size_t cap)
{
    lua_State *L = luaL_newstate();
    assert_non_null(L);
    assert_int_equal(luaL_loadstring(L, text), LUA_OK);
    dumpbuf b = {out, 0, cap};
    assert_int_equal(lua_dump(L, dump_writer, &b, 0), 0);
    lua_close(L);
    assert_true(b.n > 4 && out[0] == '\x1b');
    return b.n;
}

static void test_script_sandbox_bytecode_refused(void **state)
{
    (void)state;
    char bc[8192], msg[2048];
    size_t n = bytecode(TRIVIAL_SCRIPT, bc, sizeof bc);

    /* a precompiled script from memory */
    assert_int_equal(load_text(NULL, bc, n, msg, sizeof msg), ASSAY_ESCRIPT);
    assert_contains(msg, "binary");

    char dir[64], path[128];
    temp_dir(dir, sizeof dir);
    /* a precompiled script from a file */
    write_file(dir, "compiled.lua", bc, n);
    snprintf(path, sizeof path, "%s/compiled.lua", dir);
    assay_engine *e = assay_engine_new(NULL);
    assert_int_equal(assay_engine_load_script(e, path), ASSAY_ESCRIPT);
    assert_contains(assay_engine_errmsg(e), "binary");
    assay_engine_free(e);

    /* a precompiled module */
    n = bytecode("return { value = 0.5 }", bc, sizeof bc);
    write_file(dir, "mod.lua", bc, n);
    write_text(dir, "main.lua",
               "criterion { id = 'a', evaluate = function(p)\n"
               "  return require('mod').value\n"
               "end }\n");
    snprintf(path, sizeof path, "%s/main.lua", dir);
    seen s;
    memset(&s, 0, sizeof s);
    e = engine_with(&s);
    assert_int_equal(assay_engine_load_script(e, path), ASSAY_OK);
    outcome o;
    memset(&o, 0, sizeof o);
    assert_int_equal(eval_engine(e, &o), ASSAY_ECRITERIA);
    assert_string_equal(o.c[0].status, "error");
    assert_contains(o.c[0].error, "binary");
    assay_engine_free(e);
}

static void test_script_sandbox_random_is_reproducible(void **state)
{
    (void)state;
    static const char script[] =
        "local first = math.random(1, 1000000)\n"
        "criterion { id = 'a', evaluate = function(p)\n"
        "  return 0.5, string.format('%d %d %d %.17g', first,\n"
        "    math.random(1, 1000000), math.random(1, 1000000), "
        "math.random())\n"
        "end }\n";
    /* Two engines alive at once, so that nothing about them (such as
     * their address) is the same but the script. */
    outcome a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    assay_engine *ea = engine_with(&a.s), *eb = engine_with(&b.s);
    assert_int_equal(assay_engine_load_script_string(ea, "test.lua", script,
                                                     strlen(script)),
                     ASSAY_OK);
    assert_int_equal(assay_engine_load_script_string(eb, "test.lua", script,
                                                     strlen(script)),
                     ASSAY_OK);
    assert_int_equal(eval_engine(ea, &a), ASSAY_OK);
    assert_int_equal(eval_engine(eb, &b), ASSAY_OK);
    assay_engine_free(ea);
    assay_engine_free(eb);
    assert_string_equal(a.c[0].status, "scored");
    assert_true(strlen(a.c[0].note) > 6);
    assert_string_equal(a.c[0].note, b.c[0].note);
}

/* ---- require ----------------------------------------------------------- */

/* root/
 *   x.lua               what `../x` would reach from sub/
 *   sub/                the script's own folder
 *     helper.lua, pkg/mod.lua, shadow.lua, assay.lua, a/b.lua
 *   stock/              the stock folder
 *     stockhelp.lua, shadow.lua
 */
static void make_tree(char *root, size_t n)
{
    temp_dir(root, n);
    char sub[256], stock[256];
    snprintf(sub, sizeof sub, "%s/sub", root);
    snprintf(stock, sizeof stock, "%s/stock", root);
    write_text(root, "x.lua", "return { value = 1 }\n");
    make_dir(root, "sub");
    make_dir(root, "stock");
    write_text(sub, "helper.lua", "return { value = 0.25 }\n");
    make_dir(sub, "pkg");
    write_text(sub, "pkg/mod.lua", "return { value = 0.5 }\n");
    write_text(sub, "shadow.lua", "return { from = 'own' }\n");
    write_text(sub, "assay.lua", "return { value = 1 }\n");
    make_dir(sub, "a");
    write_text(sub, "a/b.lua", "return { value = 1 }\n");
    write_text(sub, "broken.lua", "error('broken module')\n");
    write_text(stock, "stockhelp.lua", "return { value = 0.75 }\n");
    write_text(stock, "shadow.lua", "return { from = 'stock' }\n");
}

/* Load root/sub/NAME (written from text) with root/stock as the stock
 * folder, and evaluate ONE_CASE. */
static int eval_in_tree(outcome *o, const char *root, const char *name,
                        const char *text)
{
    char sub[256], path[300], stock[256];
    snprintf(sub, sizeof sub, "%s/sub", root);
    snprintf(stock, sizeof stock, "%s/stock", root);
    write_text(sub, name, text);
    snprintf(path, sizeof path, "%s/%s", sub, name);
    memset(o, 0, sizeof *o);
    assay_engine *e = engine_with(&o->s);
    assert_int_equal(assay_engine_set_stock_dir(e, stock), ASSAY_OK);
    if (assay_engine_load_script(e, path) != ASSAY_OK)
        fail_msg("%s did not load: %s", path, assay_engine_errmsg(e));
    int rc = eval_engine(e, o);
    assay_engine_free(e);
    return rc;
}

static void test_script_require_from_own_folder(void **state)
{
    (void)state;
    char root[64];
    make_tree(root, sizeof root);
    outcome o;
    int rc = eval_in_tree(&o, root, "main.lua",
                          "local h = require 'helper'\n"
                          "local m = require 'pkg.mod'\n"
                          "criterion { id = 'a', evaluate = function(p)\n"
                          "  return h.value + m.value\n"
                          "end }\n");
    assert_int_equal(rc, ASSAY_OK);
    assert_string_equal(o.c[0].status, "scored");
    assert_true(o.c[0].score == 0.75); /* 0.25 + 0.5 */
}

static void test_script_require_from_stock_folder(void **state)
{
    (void)state;
    char root[64], stock[128];
    make_tree(root, sizeof root);
    snprintf(stock, sizeof stock, "%s/stock", root);

    /* a script from memory reaches the stock folder */
    static const char script[] =
        "local s = require 'stockhelp'\n"
        "criterion { id = 'a', evaluate = function(p) return s.value end }\n";
    outcome o;
    memset(&o, 0, sizeof o);
    assay_engine *e = engine_with(&o.s);
    assert_int_equal(assay_engine_set_stock_dir(e, stock), ASSAY_OK);
    if (assay_engine_load_script_string(e, "test.lua", script,
                                        strlen(script)) != ASSAY_OK)
        fail_msg("did not load: %s", assay_engine_errmsg(e));
    assert_int_equal(eval_engine(e, &o), ASSAY_OK);
    assert_true(o.c[0].has_score && o.c[0].score == 0.75);
    assay_engine_free(e);

    /* ... and without a stock folder it does not */
    assay_engine *bare = assay_engine_new(NULL);
    assert_int_equal(assay_engine_load_script_string(bare, "test.lua", script,
                                                     strlen(script)),
                     ASSAY_ESCRIPT);
    assert_contains(assay_engine_errmsg(bare), "stockhelp");
    assay_engine_free(bare);

    /* a script in a folder reaches it too; its own folder comes first */
    int rc = eval_in_tree(&o, root, "main.lua",
                          "local s = require 'stockhelp'\n"
                          "local w = require 'shadow'\n"
                          "criterion { id = 'a', evaluate = function(p)\n"
                          "  return s.value, w.from\n"
                          "end }\n");
    assert_int_equal(rc, ASSAY_OK);
    assert_true(o.c[0].has_score && o.c[0].score == 0.75);
    assert_string_equal(o.c[0].note, "own");
}

static void test_script_require_refuses_paths_and_assay(void **state)
{
    (void)state;
    char root[64];
    make_tree(root, sizeof root);
    outcome o;
    /* Every name below would reach a file that exists if it were
     * resolved naively (except /etc/passwd.lua, which is outside anyway). */
    int rc = eval_in_tree(
        &o, root, "main.lua",
        "criterion { id = 'up', evaluate = function(p)\n"
        "  return require('../x').value end }\n"
        "criterion { id = 'abs', evaluate = function(p)\n"
        "  return require('/etc/passwd') and 1 end }\n"
        "criterion { id = 'dots', evaluate = function(p)\n"
        "  return require('a..b').value end }\n"
        "criterion { id = 'assay', evaluate = function(p)\n"
        "  return require('assay').value end }\n"
        "criterion { id = 'fine', evaluate = function(p)\n"
        "  return require('helper').value end }\n");
    assert_int_equal(rc, ASSAY_ECRITERIA);
    static const char *const refused_names[][2] = {
        {"up", "../x"}, {"abs", "/etc/passwd"}, {"dots", "a..b"},
        {"assay", "assay"}};
    for (int k = 0; k < 4; k++) {
        const crit *c = find(&o, refused_names[k][0]);
        if (strcmp(c->status, "error"))
            fail_msg("require('%s') was not refused (status %s)",
                     refused_names[k][1], c->status);
        assert_contains(c->error, refused_names[k][1]);
    }
    const crit *fine = find(&o, "fine");
    assert_string_equal(fine->status, "scored");
    assert_true(fine->score == 0.25);

    /* at top level the load is refused */
    char msg[2048];
    assert_int_equal(load(TRIVIAL_SCRIPT "require '../x'\n", msg, sizeof msg),
                     ASSAY_ESCRIPT);
    assert_contains(msg, "../x");
    assert_int_equal(load(TRIVIAL_SCRIPT "require 'assay'\n", msg, sizeof msg),
                     ASSAY_ESCRIPT);
    assert_contains(msg, "assay");
}

/* A module that fails while loading fails again with its own error when it
 * is required again, as Lua's require does. */
static void test_script_require_failed_module_reports_its_error(void **state)
{
    (void)state;
    char root[64];
    make_tree(root, sizeof root);
    outcome o;
    eval_in_tree(&o, root, "main.lua",
                 "criterion { id = 'one', evaluate = function(p)\n"
                 "  return require('broken') and 1 end }\n"
                 "criterion { id = 'two', evaluate = function(p)\n"
                 "  return require('broken') and 1 end }\n");
    const crit *one = find(&o, "one"), *two = find(&o, "two");
    assert_string_equal(one->status, "error");
    assert_contains(one->error, "broken module");
    assert_string_equal(two->status, "error");
    assert_contains(two->error, "broken module");
    assert_not_contains(two->error, "requires itself");
}

/* A declaration in a required module is reported in the module, at the
 * key: the module's text is read again from its file. */
static void test_script_module_declaration_error_at_the_key(void **state)
{
    (void)state;
    char root[64], sub[128], path[160];
    make_tree(root, sizeof root);
    snprintf(sub, sizeof sub, "%s/sub", root);
    write_text(sub, "decl.lua",
               "-- declares one criterion\n"
               "criterion { id = 'm',\n"
               "  weight = -3,\n"
               "  evaluate = function(p) return 1 end }\n"
               "return true\n");
    write_text(sub, "main.lua", "require 'decl'\n" TRIVIAL_SCRIPT);
    snprintf(path, sizeof path, "%s/main.lua", sub);
    assay_engine *e = assay_engine_new(NULL);
    assert_int_equal(assay_engine_load_script(e, path), ASSAY_ESCRIPT);
    assert_contains(assay_engine_errmsg(e),
                    "/sub/decl.lua:3:3: criterion 'm': 'weight' must be");
    assay_engine_free(e);
}

static int count_criteria(void *ud, const assay_result *r)
{
    int *n = ud;
    n[n[0] + 1] = assay_result_criterion_count(r);
    n[0]++;
    return 0;
}

static void test_script_criterion_only_while_loading(void **state)
{
    (void)state;
    outcome o;
    const char *script =
        "criterion { id = 'a', evaluate = function(p)\n"
        "  criterion { id = 'x' .. p.id, evaluate = function() return 1 end }\n"
        "  return 1 end }\n"
        "criterion { id = 'b', evaluate = function(p)\n"
        "  weighting { aggregate = 'minimum' } return 1 end }\n";
    eval_script(&o, script);
    const crit *a = find(&o, "a"), *b = find(&o, "b");
    assert_non_null(a);
    assert_non_null(b);
    assert_contains(a->error, "only be used while the script loads");
    assert_contains(b->error, "only be used while the script loads");
    /* and the script keeps its two criteria for every project */
    assay_engine *e = assay_engine_new(NULL);
    assert_int_equal(assay_engine_load_script_string(e, "t.lua", script,
                                                     strlen(script)),
                     ASSAY_OK);
    const char *two = "id: p1\nname: P\n---\nid: p2\nname: Q\n";
    int n[4] = {0};
    assay_engine_eval_string(e, "c.yaml", two, strlen(two), count_criteria, n);
    assay_engine_free(e);
    assert_int_equal(n[0], 2);
    assert_int_equal(n[1], 2);
    assert_int_equal(n[2], 2);
}

static void test_script_sandbox_pairs_hides_real_tables(void **state)
{
    (void)state;
    outcome o;
    eval_script(&o,
                "criterion { id = 'a', evaluate = function(p)\n"
                "  for _, t in ipairs({ _G, string, math, table, utf8 }) do\n"
                "    local f, s, c = pairs(t)\n"
                "    if s ~= nil or c ~= nil then return 0, 'a table leaked' end\n"
                "  end\n"
                "  local n = 0\n"
                "  for k, v in pairs(string) do\n"
                "    if type(v) == 'function' then n = n + 1 end\n"
                "  end\n"
                "  return n > 10, n .. ' string functions'\n"
                "end }\n");
    const crit *a = find(&o, "a");
    assert_string_equal(a->status, "scored");
    if (a->score != 1)
        fail_msg("%s", a->note);
}

static void test_script_load_message_is_cleaned(void **state)
{
    (void)state;
    char script[4200], msg[4096];
    /* a long message with control bytes: escaped, and cut to 1 KiB */
    char *p = script + snprintf(script, sizeof script, "error('\\27[31mred\\n");
    memset(p, 'x', 3000);
    strcpy(p + 3000, "')\n");
    assert_int_equal(load(script, msg, sizeof msg), ASSAY_ESCRIPT);
    assert_contains(msg, "test.lua:1: \\x1B[31mred\\n");
    assert_null(strchr(msg, 27));
    assert_null(strchr(msg, '\n'));
    assert_true(strlen(msg) <= 1024 + 3);
}

/* What a script declares, and where: each line and column counted by
 * hand in the text below; a module's declarations are in its file. */
static void test_script_declarations_and_where(void **state)
{
    (void)state;
    char root[64], sub[256], path[300], mod[300];
    make_tree(root, sizeof root);
    snprintf(sub, sizeof sub, "%s/sub", root);
    write_text(sub, "decl.lua",
               "return function()\n"
               "  criterion { id = 'm', evaluate = function(p) return 1 end,\n"
               "    bands = { { 'hi', at_least = 0.5 }, { 'lo' } } }\n"
               "end\n");
    write_text(sub, "main.lua",
               "local B = { { 'x', at_least = 1 }, { 'y' } }\n"
               "criterion { id = 'a', bands = B,\n"
               "  evaluate = function(p) return 1 end }\n"
               "require 'decl' ()\n"
               "local t = { id = 'b', evaluate = function(p) return 1 end }\n"
               "pcall(criterion, t)\n"
               "weighting {\n"
               "  verdicts = {\n"
               "    { 'good', at_least = 0.5, coverage_below = 0.9 },\n"
               "    { 'other', when = function() return true end } } }\n");
    snprintf(path, sizeof path, "%s/main.lua", sub);
    snprintf(mod, sizeof mod, "%s/decl.lua", sub);
    assay_engine *e = assay_engine_new(NULL);
    assert_non_null(e);
    if (assay_engine_load_script(e, path) != ASSAY_OK)
        fail_msg("did not load: %s", assay_engine_errmsg(e));
    assert_int_equal(assay_engine_criterion_count(e), 3);
    assert_string_equal(assay_engine_criterion_id(e, 0), "a");
    assert_string_equal(assay_engine_criterion_id(e, 1), "m");
    assert_string_equal(assay_engine_criterion_id(e, 2), "b");
    assert_null(assay_engine_criterion_id(e, 3));
    assert_null(assay_engine_criterion_id(e, -1));

    assay_where w;
    /* the criterion call; in the module, in the module's file */
    assert_int_equal(assay_engine_declared_at(e, 0, &w), 0);
    assert_string_equal(w.file, path);
    assert_int_equal(w.line, 2);
    assert_int_equal(w.column, 1);
    assert_int_equal(assay_engine_declared_at(e, 1, &w), 0);
    assert_string_equal(w.file, mod);
    assert_int_equal(w.line, 2);
    assert_int_equal(w.column, 3);
    /* through pcall: the Lua line that called pcall, where the name
     * criterion stands */
    assert_int_equal(assay_engine_declared_at(e, 2, &w), 0);
    assert_int_equal(w.line, 6);
    assert_int_equal(w.column, 7);
    assert_int_equal(assay_engine_declared_at(e, ASSAY_WEIGHTING, &w), 0);
    assert_int_equal(w.line, 7);
    assert_int_equal(w.column, 1);
    assert_int_equal(assay_engine_declared_at(e, 3, &w), -1);

    /* bands from a variable: at the key; written in the call: each rule */
    assay_rule r;
    assert_int_equal(assay_engine_rule_count(e, 0), 2);
    assert_int_equal(assay_engine_rule(e, 0, 1, &r), 0);
    assert_string_equal(r.label, "y");
    assert_false(r.has_at_least || r.has_coverage_below || r.has_when);
    assert_int_equal(r.where.line, 2);
    assert_int_equal(r.where.column, 23);
    assert_int_equal(assay_engine_rule(e, 1, 1, &r), 0);
    assert_string_equal(r.where.file, mod);
    assert_int_equal(r.where.line, 3);
    assert_int_equal(r.where.column, 41);
    assert_int_equal(assay_engine_rule_count(e, 2), 0);
    assert_int_equal(assay_engine_rule(e, 2, 0, &r), -1);
    assert_int_equal(assay_engine_rule_count(e, ASSAY_WEIGHTING), 2);
    assert_int_equal(assay_engine_rule(e, ASSAY_WEIGHTING, 0, &r), 0);
    assert_string_equal(r.label, "good");
    assert_true(r.has_at_least && r.at_least == 0.5);
    assert_true(r.has_coverage_below && r.coverage_below == 0.9);
    assert_false(r.has_when);
    assert_int_equal(r.where.line, 9);
    assert_int_equal(r.where.column, 5);
    assert_int_equal(assay_engine_rule(e, ASSAY_WEIGHTING, 1, &r), 0);
    assert_true(r.has_when && !r.has_at_least);
    assert_int_equal(r.where.line, 10);
    assert_int_equal(r.where.column, 5);
    assert_int_equal(assay_engine_rule(e, ASSAY_WEIGHTING, 2, &r), -1);
    assay_engine_free(e);

    /* without a weighting there is none to place */
    e = assay_engine_new(NULL);
    static const char one[] = "criterion { id = 'a', evaluate = function(p) "
                              "return 1 end }\n";
    assert_int_equal(assay_engine_load_script_string(e, "t.lua", one,
                                                     strlen(one)), ASSAY_OK);
    assert_int_equal(assay_engine_declared_at(e, ASSAY_WEIGHTING, &w), -1);
    assert_int_equal(assay_engine_rule_count(e, ASSAY_WEIGHTING), 0);
    assert_int_equal(assay_engine_declared_at(e, 0, &w), 0);
    assert_string_equal(w.file, "t.lua");
    assert_int_equal(w.column, 1);
    assay_engine_free(e);
}

int main(void)
{
#define T(f) cmocka_unit_test_teardown(f, remove_made)
    const struct CMUnitTest tests[] = {
        T(test_script_unknown_criterion_key_names_key_and_line),
        T(test_script_unknown_keys_all_in_source_order),
        T(test_script_criterion_id_missing_or_invalid),
        T(test_script_duplicate_criterion_id),
        T(test_script_evaluate_must_be_a_function),
        T(test_script_weight_negative_nan_or_infinite),
        T(test_script_declaration_errors_at_the_key),
        T(test_script_unknown_aggregate),
        T(test_script_unknown_weighting_key),
        T(test_script_weighting_declared_twice_names_first_line),
        T(test_script_rule_with_unknown_key),
        T(test_script_rule_without_label),
        T(test_script_rule_after_unconditional_rule),
        T(test_script_coverage_below_not_allowed_in_bands),
        T(test_script_rule_condition_types),
        T(test_script_without_criteria_is_rejected),
        T(test_script_syntax_error_reports_line),
        T(test_script_size_limit),
        T(test_script_sandbox_blocked_names_at_load),
        T(test_script_sandbox_blocked_names_in_evaluate),
        T(test_script_sandbox_string_dump_absent),
        T(test_script_sandbox_criteria_cannot_change_each_other),
        T(test_script_criterion_only_while_loading),
        T(test_script_sandbox_pairs_hides_real_tables),
        T(test_script_load_message_is_cleaned),
        T(test_script_sandbox_setmetatable_refuses_gc_and_close),
        T(test_script_sandbox_string_metatable_hidden),
        T(test_script_sandbox_bytecode_refused),
        T(test_script_sandbox_random_is_reproducible),
        T(test_script_require_from_own_folder),
        T(test_script_require_from_stock_folder),
        T(test_script_require_refuses_paths_and_assay),
        T(test_script_require_failed_module_reports_its_error),
        T(test_script_declarations_and_where),
        T(test_script_module_declaration_error_at_the_key),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}

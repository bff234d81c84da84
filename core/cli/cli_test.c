/*
 * cli_test.c -- `assay test`: run a script over reference cases and check
 * the results against expectations written in a YAML test file.
 *
 * A test file holds one test per YAML document:
 *
 *   script: success-features      # stock name, or a path from this file
 *   cases: [../cases]             # files or folders, from this file
 *   tolerance: 0.001              # for scores (default 1e-9)
 *   projects:
 *     ID: { verdict: V, score: S, coverage: C,
 *           labels: {CRIT: L}, status: {CRIT: ST}, scores: {CRIT: S} }
 *   ranking: a >= b > c           # by project score
 *
 * Each expectation is one check; a failure is reported on stdout at its
 * line in the test file with what was expected and what came. A test file
 * that is wrong is reported on stderr, like any input error.
 *
 * With -s PATH the command tests PATH against the tests written for its
 * namesake: the tests whose script has PATH's file name (without ".lua")
 * run PATH instead, and the others, of other scripts, are skipped, so no
 * other script's results are printed. Every test file is read whole
 * before anything runs, so that when no test has such a script the
 * command refuses (a usage error, nothing else printed) instead of
 * running the tests as they are.
 */
#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const HELP =
    "usage: assay test [-s SCRIPT] TESTFILE...\n"
    "\n"
    "Run each test in the YAML test files: a script, the case files to\n"
    "evaluate, and the labels, statuses, scores, verdicts and ranking\n"
    "expected. Each failed check is reported as FILE:LINE:COL with what\n"
    "was expected and what came; the run closes with 'N passed, N failed'.\n"
    "\n"
    "  -s, --script PATH   test PATH (a changed copy of a stock script, say)\n"
    "                      against the tests of the script with its file\n"
    "                      name: they run PATH instead, the tests of other\n"
    "                      scripts are skipped, and when no test has a\n"
    "                      script of that name it is a usage error\n"
    "\n"
    "  script: NAME-OR-PATH      stock name, or a path from the test file\n"
    "  cases: [PATH...]          case files or folders, from the test file\n"
    "  tolerance: NUMBER         allowed difference of scores (1e-9)\n"
    "  projects:\n"
    "    ID:\n"
    "      verdict: V            (~ for none)\n"
    "      score: S              coverage: C\n"
    "      labels: {CRITERION: LABEL}      (~ for none)\n"
    "      status: {CRITERION: scored | not_assessable | error | limit}\n"
    "      scores: {CRITERION: S}          (~ for none)\n"
    "  ranking: ID >= ID > ID    by project score\n"
    "\n"
    "Exit status: 0 all checks passed; 1 some failed; 2 usage error;\n"
    "3 a test file, script or case could not be loaded.\n";

/* ---- What the evaluation gave ---------------------------------------- */

typedef struct got_crit {
    char *id, *status, *label;
    int has_score;
    double score;
} got_crit;

typedef struct got_proj {
    char *id, *verdict;
    int has_score;
    double score, coverage;
    got_crit *c;
    int nc;
} got_proj;

/* Only the projects a test names are kept: the cases may be a portfolio
 * of any size, and the test file (one document, within the document
 * limit) bounds what is checked. */
typedef struct got {
    got_proj *p;
    size_t n;
    int oom;
    const char **want;  /* ids the test names, sorted */
    size_t nwant;
    char *words;        /* ranking's words, which want points into */
} got;

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int strcmp_p(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int keep(void *ud, const assay_result *r)
{
    got *g = ud;
    const char *id = assay_result_id(r);
    if (!bsearch(&id, g->want, g->nwant, sizeof *g->want, strcmp_p))
        return 0; /* no check reads it */
    got_proj *p = realloc(g->p, (g->n + 1) * sizeof *p);
    if (!p) {
        g->oom = 1;
        return 1;
    }
    g->p = p;
    p = &g->p[g->n++];
    memset(p, 0, sizeof *p);
    p->id = dup_or_null(assay_result_id(r));
    p->verdict = dup_or_null(assay_result_verdict(r));
    p->has_score = assay_result_score(r, &p->score);
    p->coverage = assay_result_coverage(r);
    p->nc = assay_result_criterion_count(r);
    p->c = calloc((size_t)p->nc + 1, sizeof *p->c);
    for (int i = 0; p->c && i < p->nc; i++) {
        got_crit *c = &p->c[i];
        c->id = dup_or_null(assay_result_criterion_id(r, i));
        c->status = dup_or_null(assay_result_criterion_status(r, i));
        c->label = dup_or_null(assay_result_criterion_label(r, i));
        c->has_score = assay_result_criterion_score(r, i, &c->score);
    }
    if (!p->c)
        p->nc = 0;
    return 0;
}

static void got_free(got *g)
{
    for (size_t i = 0; i < g->n; i++) {
        got_proj *p = &g->p[i];
        for (int k = 0; k < p->nc; k++) {
            free(p->c[k].id);
            free(p->c[k].status);
            free(p->c[k].label);
        }
        free(p->c);
        free(p->id);
        free(p->verdict);
    }
    free(g->p);
    free(g->want);
    free(g->words);
    memset(g, 0, sizeof *g);
}

/* The ids a test names: the keys of projects and the words of ranking
 * (its operators too, which match no id). 0, or -1 when out of memory. */
static int wanted(got *g, const assay_yaml *y, unsigned projects,
                  unsigned ranking)
{
    /* assay_yaml_count is 0 but for a mapping here */
    size_t np = assay_yaml_kind(y, projects) == ASSAY_YAML_MAPPING
                    ? assay_yaml_count(y, projects) : 0;
    size_t cap = np + 1;
    if (assay_yaml_kind(y, ranking) == ASSAY_YAML_STRING) {
        if (!(g->words = strdup(assay_yaml_text(y, ranking))))
            return -1;
        cap += strlen(g->words) / 2 + 1; /* a word and a blank at least */
    }
    if (!(g->want = malloc(cap * sizeof *g->want)))
        return -1;
    for (size_t i = 0; i < np; i++)
        g->want[g->nwant++] = assay_yaml_text(y, assay_yaml_key(y, projects,
                                                                i));
    char *save = NULL;
    for (char *w = g->words ? strtok_r(g->words, " \t", &save) : NULL; w;
         w = strtok_r(NULL, " \t", &save))
        g->want[g->nwant++] = w;
    qsort(g->want, g->nwant, sizeof *g->want, strcmp_p);
    return 0;
}

static got_proj *find_proj(got *g, const char *id)
{
    for (size_t i = 0; i < g->n; i++)
        if (!strcmp(g->p[i].id, id))
            return &g->p[i];
    return NULL;
}

static got_crit *find_crit(got_proj *p, const char *id)
{
    for (int i = 0; i < p->nc; i++)
        if (!strcmp(p->c[i].id, id))
            return &p->c[i];
    return NULL;
}

/* ---- Checking -------------------------------------------------------- */

typedef struct test_run {
    const char *file;   /* the test file */
    char *dir;          /* its folder */
    const char *swap;   /* -s PATH: a script to test instead of its namesake */
    const assay_limits *lim; /* from the command line */
    assay_yaml *y;      /* holding the test being run */
    double tol;
    unsigned long passed, failed;
    int load_error;
} test_run;

/* Print "FILE:LINE:COL: message" for node, control bytes escaped: to
 * stdout for a failed check, to stderr (after "assay: ") for a test file
 * that is wrong. */
static void vsay(test_run *t, FILE *to, unsigned node, const char *fmt,
                 va_list ap)
{
    enum { MAX = 1024 }; /* bytes of the message shown, escaped */
    char msg[1200], clean[MAX + 4];
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (assay_escape(msg, strlen(msg), clean, MAX + 1) > MAX)
        strcat(clean, "...");
    cli_printf(to, "%s%s:%lu:%lu: %s\n", to == stderr ? "assay: " : "",
               t->file, assay_yaml_line(t->y, node),
               assay_yaml_column(t->y, node), clean);
}

static void fail_at(test_run *t, unsigned node, const char *fmt, ...)
    __attribute__((format(__printf__, 3, 4)));
static void bad_at(test_run *t, unsigned node, const char *fmt, ...)
    __attribute__((format(__printf__, 3, 4)));

/* A check that failed. */
static void fail_at(test_run *t, unsigned node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(t, stdout, node, fmt, ap);
    va_end(ap);
    t->failed++;
}

/* A test file that is wrong: nothing can be checked there. */
static void bad_at(test_run *t, unsigned node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(t, stderr, node, fmt, ap);
    va_end(ap);
    t->load_error = 1;
}

static int kind(const test_run *t, unsigned node)
{
    return assay_yaml_kind(t->y, node);
}

static const char *text(const test_run *t, unsigned node)
{
    return assay_yaml_text(t->y, node);
}

static int is_null(const test_run *t, unsigned node)
{
    return kind(t, node) == ASSAY_YAML_NULL;
}

static int is_number(const test_run *t, unsigned node)
{
    return assay_yaml_number(t->y, node, NULL);
}

/* "mapping" or "sequence" for a container, NULL for a scalar */
static const char *container(const test_run *t, unsigned node)
{
    int k = kind(t, node);
    return k == ASSAY_YAML_MAPPING ? "mapping"
           : k == ASSAY_YAML_SEQUENCE ? "sequence" : NULL;
}

static double number(const test_run *t, unsigned node)
{
    double d = 0;
    assay_yaml_number(t->y, node, &d);
    return d;
}

static const char *shown(const char *s) { return s ? s : "none"; }

/* An expected text (or ~ for none) against what came. */
static void check_text(test_run *t, unsigned node, const char *what,
                       const char *got)
{
    if (container(t, node)) {
        bad_at(t, node, "%s: expected a word or ~, found a %s", what,
               container(t, node));
        return;
    }
    const char *want = is_null(t, node) ? NULL : text(t, node);
    int ok = want ? got && !strcmp(want, got) : !got;
    if (ok)
        t->passed++;
    else
        fail_at(t, node, "%s: expected %s, got %s", what, shown(want),
                shown(got));
}

static void fmt(char *out, size_t n, int has, double v)
{
    if (has)
        snprintf(out, n, "%.6g", v);
    else
        snprintf(out, n, "none");
}

/* An expected number (or ~ for none) against what came. */
static void check_number(test_run *t, unsigned node, const char *what, int has,
                         double got)
{
    int null = is_null(t, node);
    if (!null && !is_number(t, node)) {
        const char *c = container(t, node);
        bad_at(t, node, "%s: expected a number or ~, found %s%s%s", what,
               c ? "a " : "'", c ? c : text(t, node), c ? "" : "'");
        return;
    }
    char g[32], w[32];
    fmt(g, sizeof g, has, got);
    fmt(w, sizeof w, !null, null ? 0 : number(t, node));
    int ok = null ? !has : has && fabs(number(t, node) - got) <= t->tol;
    if (ok)
        t->passed++;
    else
        fail_at(t, node, "%s: expected %s, got %s (tolerance %g)", what, w, g,
                t->tol);
}

/* labels / status / scores: a mapping of criterion id to expectation. */
static void check_criteria(test_run *t, got_proj *p, unsigned map,
                           const char *kind)
{
    if (assay_yaml_kind(t->y, map) != ASSAY_YAML_MAPPING) {
        bad_at(t, map, "%s of %s must be a mapping of criterion to value",
               kind, p->id);
        return;
    }
    for (size_t i = 0; i < assay_yaml_count(t->y, map); i++) {
        unsigned k = assay_yaml_key(t->y, map, i);
        unsigned v = assay_yaml_value(t->y, map, i);
        const char *crit = text(t, k);
        char what[300];
        snprintf(what, sizeof what, "%s: %s of %.80s", p->id,
                 !strcmp(kind, "labels") ? "label"
                 : !strcmp(kind, "scores") ? "score" : "status", crit);
        got_crit *c = find_crit(p, crit);
        if (!c)
            fail_at(t, k, "%s: the script has no criterion '%s'", p->id,
                    crit);
        else if (!strcmp(kind, "labels"))
            check_text(t, v, what, c->label);
        else if (!strcmp(kind, "status"))
            check_text(t, v, what, c->status);
        else
            check_number(t, v, what, c->has_score, c->score);
    }
}

static void check_project(test_run *t, got *g, unsigned key, unsigned map)
{
    const char *id = text(t, key);
    if (kind(t, map) != ASSAY_YAML_MAPPING) {
        bad_at(t, map, "the expectations of %s must be a mapping", id);
        return;
    }
    got_proj *p = find_proj(g, id);
    if (!p) {
        fail_at(t, key, "project %s was not evaluated", id);
        return;
    }
    char what[300];
    for (size_t i = 0; i < assay_yaml_count(t->y, map); i++) {
        unsigned k = assay_yaml_key(t->y, map, i);
        unsigned v = assay_yaml_value(t->y, map, i);
        const char *name = text(t, k);
        snprintf(what, sizeof what, "%s: %s", id, name);
        if (!strcmp(name, "verdict"))
            check_text(t, v, what, p->verdict);
        else if (!strcmp(name, "score"))
            check_number(t, v, what, p->has_score, p->score);
        else if (!strcmp(name, "coverage"))
            check_number(t, v, what, 1, p->coverage);
        else if (!strcmp(name, "labels") || !strcmp(name, "status") ||
                 !strcmp(name, "scores"))
            check_criteria(t, p, v, name);
        else
            bad_at(t, k, "unknown expectation '%s' (verdict, score, "
                         "coverage, labels, status or scores)", name);
    }
}

/* ranking: "a >= b > c", ids and operators by turns; each neighbouring
 * pair is one check, reported at the column of its first id (exact for a
 * plain scalar on one line). */
static void check_ranking(test_run *t, got *g, unsigned node)
{
    if (kind(t, node) != ASSAY_YAML_STRING) {
        bad_at(t, node, "ranking must be a text like 'a >= b > c'");
        return;
    }
    enum { MAXR = 256 };
    const char *tok[MAXR], *ranking = text(t, node);
    unsigned long col[MAXR];
    size_t len[MAXR];
    int ntok = 0;
    for (const char *s = ranking; *s && ntok < MAXR;) {
        s += strspn(s, " \t");
        if (!*s)
            break;
        tok[ntok] = s;
        len[ntok] = strcspn(s, " \t");
        col[ntok] = (unsigned long)(s - ranking);
        s += len[ntok++];
    }
    int well_formed = ntok >= 3 && ntok % 2 == 1 && ntok < MAXR;
    for (int i = 0; i < ntok && well_formed; i++) {
        int op = (len[i] == 1 && tok[i][0] == '>') ||
                 (len[i] == 2 && !strncmp(tok[i], ">=", 2));
        /* a project id, as the case schema has it: [A-Za-z0-9_.-]+ */
        int id = strspn(tok[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
                                "opqrstuvwxyz0123456789_.-") >= len[i];
        well_formed = (i % 2 == 1) == op && (op || id);
    }
    if (!well_formed) {
        bad_at(t, node, "ranking must be project ids between '>' or '>=', "
                        "like 'a >= b > c'");
        return;
    }
    unsigned long line = assay_yaml_line(t->y, node);
    unsigned long column = assay_yaml_column(t->y, node);
    for (int i = 0; i + 2 < ntok; i += 2) {
        char a_id[256], b_id[256];
        snprintf(a_id, sizeof a_id, "%.*s", (int)len[i], tok[i]);
        snprintf(b_id, sizeof b_id, "%.*s", (int)len[i + 2], tok[i + 2]);
        got_proj *a = find_proj(g, a_id), *b = find_proj(g, b_id);
        int ge = len[i + 1] == 2;
        if (!a || !b) {
            t->failed++;
            cli_printf(stdout, "%s:%lu:%lu: ranking: project %s was not "
                       "evaluated\n", t->file, line,
                       column + (!a ? col[i] : col[i + 2]), !a ? a_id : b_id);
            continue;
        }
        int ok = a->has_score && b->has_score &&
                 (ge ? a->score >= b->score - t->tol
                     : a->score > b->score + t->tol);
        if (ok) {
            t->passed++;
            continue;
        }
        char sa[32], sb[32];
        fmt(sa, sizeof sa, a->has_score, a->score);
        fmt(sb, sizeof sb, b->has_score, b->score);
        t->failed++;
        cli_printf(stdout, "%s:%lu:%lu: ranking: expected %s %s %s, got "
                   "scores %s and %s\n", t->file, line, column + col[i], a_id,
                   ge ? ">=" : ">", b_id, sa, sb);
    }
}

/* ---- One test --------------------------------------------------------- */

static void diag(void *ud, const assay_diag *d)
{
    ((test_run *)ud)->load_error = 1;
    cli_print_diag(d);
}

/* A path from the test file's folder, unless it is absolute. */
static char *relative(const test_run *t, const char *path)
{
    if (path[0] == '/')
        return strdup(path);
    size_t n = strlen(t->dir) + strlen(path) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", t->dir, path);
    return p;
}

/* A script's name as -s matches it: its file name without ".lua", set
 * in *name; returns its length. */
static size_t script_stem(const char *path, const char **name)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 4 && !strcmp(base + n - 4, ".lua"))
        n -= 4;
    *name = base;
    return n;
}

/* Does path name the same script as swap: the same file name without
 * ".lua" (so a copy of success-features.lua stands in for the stock
 * success-features)? */
static int same_script(const char *path, const char *swap)
{
    const char *a, *b;
    size_t na = script_stem(path, &a), nb = script_stem(swap, &b);
    return na == nb && !memcmp(a, b, na);
}

static void one_test(test_run *t)
{
    static const char *const KEYS[] = {"script", "cases", "tolerance",
                                       "projects", "ranking", NULL};
    const assay_yaml *y = t->y;
    unsigned root = assay_yaml_root(y);
    if (kind(t, root) != ASSAY_YAML_MAPPING) {
        bad_at(t, root, "a test must be a mapping");
        return;
    }
    unsigned script = assay_yaml_get(y, root, "script");
    if (t->swap && kind(t, script) == ASSAY_YAML_STRING &&
        !same_script(text(t, script), t->swap)) {
        cli_printf(stderr, "assay: %s:%lu:%lu: note: skipped: a test of %s, "
                   "not of %s\n", t->file, assay_yaml_line(y, script),
                   assay_yaml_column(y, script), text(t, script), t->swap);
        return;
    }
    for (size_t i = 0; i < assay_yaml_count(y, root); i++) {
        unsigned k = assay_yaml_key(y, root, i);
        size_t known = 0;
        while (KEYS[known] && strcmp(KEYS[known], text(t, k)))
            known++;
        if (!KEYS[known])
            bad_at(t, k, "unknown key '%s' (script, cases, tolerance, "
                         "projects, ranking)", text(t, k));
    }
    unsigned cases = assay_yaml_get(y, root, "cases");
    unsigned tol = assay_yaml_get(y, root, "tolerance");
    unsigned projects = assay_yaml_get(y, root, "projects");
    unsigned ranking = assay_yaml_get(y, root, "ranking");
    if (kind(t, script) != ASSAY_YAML_STRING) {
        bad_at(t, script ? script : root, "a test needs 'script': a stock "
                                          "script's name or a path");
        return;
    }
    if (!cases) {
        bad_at(t, root, "a test needs 'cases': files or folders");
        return;
    }
    if (!projects && !ranking)
        bad_at(t, root, "this test checks nothing: give 'projects' or "
                        "'ranking'");
    t->tol = 1e-9;
    if (tol && is_number(t, tol) && number(t, tol) >= 0)
        t->tol = number(t, tol);
    else if (tol)
        bad_at(t, tol, "tolerance must be a number >= 0");
    assay_engine *e = cli_engine(t->lim);
    if (!e) {
        t->load_error = 1;
        return;
    }
    const char *name = text(t, script);
    char *path = strchr(name, '/') || strstr(name, ".lua")
                     ? relative(t, name) : strdup(name);
    if (path && t->swap && same_script(path, t->swap)) {
        cli_printf(stderr, "assay: %s:%lu:%lu: note: testing %s in place of "
                   "%s\n", t->file, assay_yaml_line(y, script),
                   assay_yaml_column(y, script), t->swap, name);
        free(path);
        path = strdup(t->swap);
    }
    got g = {0};
    if (!path || assay_engine_load_script(e, path)) {
        bad_at(t, script, "%s", path ? assay_engine_errmsg(e) : "out of memory");
        goto done;
    }
    if (wanted(&g, y, projects, ranking)) {
        bad_at(t, root, "out of memory");
        goto done;
    }
    assay_engine_on_diag(e, diag, t);
    /* a list of paths, or one */
    int list = kind(t, cases) == ASSAY_YAML_SEQUENCE;
    size_t ncases = list ? assay_yaml_count(y, cases) : 1;
    for (size_t i = 0; i < ncases; i++) {
        unsigned k = list ? assay_yaml_item(y, cases, i) : cases;
        if (kind(t, k) != ASSAY_YAML_STRING) {
            bad_at(t, k, "cases must be paths");
            continue;
        }
        char *cp = relative(t, text(t, k));
        if (cp)
            assay_engine_eval_path(e, cp, keep, &g);
        free(cp);
    }
    if (g.oom) {
        bad_at(t, cases, "out of memory keeping the results");
        goto done;
    }
    if (kind(t, projects) == ASSAY_YAML_MAPPING)
        for (size_t i = 0; i < assay_yaml_count(y, projects); i++)
            check_project(t, &g, assay_yaml_key(y, projects, i),
                          assay_yaml_value(y, projects, i));
    else if (projects)
        bad_at(t, projects, "projects must be a mapping of id to "
                            "expectations");
    if (ranking)
        check_ranking(t, &g, ranking);
done:
    got_free(&g);
    free(path);
    assay_engine_free(e);
}

/* ---- The test files ---------------------------------------------------- */

/* A test file holds expectations, not cases: it is read whole before
 * anything runs (so that a FIFO or /dev/stdin can be read once), and one
 * larger than this is refused rather than held. */
#define TEST_FILE_MAX (16u << 20)

typedef struct tfile {
    const char *name;   /* as given */
    char *text;         /* NULL when it could not be read */
    size_t len;
    char why[200];      /* ... and why */
} tfile;

static void tfile_read(tfile *tf)
{
    FILE *f = fopen(tf->name, "rb");
    if (!f) {
        snprintf(tf->why, sizeof tf->why, "%s", strerror(errno));
        return;
    }
    /* room for one byte past the most, to tell a file of exactly
     * TEST_FILE_MAX bytes from a longer one */
    size_t cap = 0;
    for (;;) {
        if (tf->len == cap) {
            size_t more = cap ? cap : 4096;
            if (cap + more > TEST_FILE_MAX + 1)
                more = TEST_FILE_MAX + 1 - cap;
            char *p = realloc(tf->text, cap + more + 1);
            if (!p) {
                snprintf(tf->why, sizeof tf->why, "out of memory");
                break;
            }
            tf->text = p;
            cap += more;
        }
        size_t n = fread(tf->text + tf->len, 1, cap - tf->len, f);
        tf->len += n;
        if (tf->len > TEST_FILE_MAX) {
            snprintf(tf->why, sizeof tf->why, "a test file may hold at most "
                     "16 MiB");
            break;
        }
        if (n == 0) {
            if (ferror(f))
                snprintf(tf->why, sizeof tf->why, "%s", strerror(errno));
            break;
        }
    }
    fclose(f);
    if (tf->why[0]) {
        free(tf->text);
        tf->text = NULL;
    }
}

/* The tests of tf whose script -s swap stands in for: their number, and
 * the names of the scripts of the others added to names (each once). */
static unsigned long swap_matches(const tfile *tf, const char *swap,
                                  cli_str *names)
{
    unsigned long n = 0;
    assay_yaml *y = tf->text ? assay_yaml_new(NULL) : NULL;
    if (!y || assay_yaml_open_string(y, tf->name, tf->text, tf->len)) {
        assay_yaml_free(y);
        return 0;
    }
    int rc;
    while ((rc = assay_yaml_next(y)) == ASSAY_OK || rc == ASSAY_EINPUT) {
        unsigned script = assay_yaml_get(y, assay_yaml_root(y), "script");
        if (rc != ASSAY_OK || assay_yaml_kind(y, script) != ASSAY_YAML_STRING)
            continue;
        const char *path = assay_yaml_text(y, script);
        if (same_script(path, swap)) {
            n++;
            continue;
        }
        const char *base;
        size_t len = script_stem(path, &base);
        char quoted[300];
        snprintf(quoted, sizeof quoted, "'%.*s'", (int)(len < 200 ? len : 200),
                 base);
        if (!strstr(cli_str_text(names), quoted) && names->n < 400) {
            cli_str_adds(names, names->n ? ", " : "");
            cli_str_adds(names, quoted);
        }
    }
    assay_yaml_free(y);
    return n;
}

static void test_file(test_run *t, const tfile *tf)
{
    const char *file = tf->name;
    t->file = file;
    if (!tf->text) {
        cli_printf(stderr, "%s: %s: %s\n", prog, file, tf->why);
        t->load_error = 1;
        return;
    }
    char *copy = strdup(file);
    t->dir = copy ? strdup(dirname(copy)) : NULL;
    free(copy);
    /* test files are read with the default limits, whatever the flags */
    t->y = assay_yaml_new(NULL);
    int rc = t->y && t->dir ? assay_yaml_open_string(t->y, file, tf->text,
                                                      tf->len)
                            : ASSAY_ENOMEM;
    if (rc != ASSAY_OK) {
        cli_printf(stderr, "%s: %s: out of memory\n", prog, file);
        t->load_error = 1;
        assay_yaml_free(t->y);
        free(t->dir);
        return;
    }
    int tests = 0;
    while ((rc = assay_yaml_next(t->y)) == ASSAY_OK || rc == ASSAY_EINPUT) {
        if (rc == ASSAY_EINPUT) {
            assay_diag d;
            for (int i = 0; assay_yaml_diag(t->y, i, &d) == 0; i++)
                cli_printf(stderr, "%s: %s:%lu:%lu: %s\n", prog, file,
                           d.line, d.column, d.message);
            t->load_error = 1;
            continue;
        }
        tests++;
        one_test(t);
    }
    if (rc != ASSAY_DONE) {
        cli_printf(stderr, "%s: %s: %s\n", prog, file,
                   assay_yaml_errmsg(t->y));
        t->load_error = 1;
    } else if (!tests && !t->load_error) {
        cli_printf(stderr, "%s: %s: no test in this file\n", prog, file);
        t->load_error = 1;
    }
    assay_yaml_free(t->y);
    t->y = NULL;
    free(t->dir);
}

int cmd_test(int argc, char **argv)
{
    opts op = {0};
    int rc = cli_parse("test ", argc, argv, &op, "sL", HELP);
    if (rc || !op.nargs) {
        if (!rc)
            cli_usage_error("test ", "%s", "no test file given");
        free(op.args);
        return rc > 0 ? EXIT_EVALUATED : EXIT_USAGE;
    }
    test_run t = {.swap = op.script, .lim = &op.lim};
    tfile *files = calloc((size_t)op.nargs, sizeof *files);
    if (!files) {
        cli_printf(stderr, "%s: out of memory\n", prog);
        free(op.args);
        return EXIT_OUTPUT;
    }
    for (int i = 0; i < op.nargs; i++) {
        files[i].name = op.args[i];
        tfile_read(&files[i]);
    }
    /* What -s stands in for is settled before anything runs: a command
     * that would test nothing of it is refused, not run as it is. */
    int status = EXIT_EVALUATED;
    unsigned long matches = 0;
    cli_str names = {0};
    for (int i = 0; t.swap && i < op.nargs; i++)
        matches += swap_matches(&files[i], t.swap, &names);
    if (t.swap && !matches) {
        const char *b;
        size_t len = script_stem(t.swap, &b);
        /* the first file that could not be read, which may hold one */
        const tfile *unread = NULL;
        for (int i = 0; i < op.nargs && !unread; i++)
            if (!files[i].text)
                unread = &files[i];
        cli_str why = {0};
        if (unread)
            cli_str_addf(&why, "; %s could not be read (%s)", unread->name,
                         unread->why);
        if (names.n)
            cli_usage_error("test ", "-s %s: no test uses a script named "
                            "'%.*s' (the tests use %s); -s takes the place "
                            "of the script with the same file name%s",
                            t.swap, (int)len, b, cli_str_text(&names),
                            cli_str_text(&why));
        else
            cli_usage_error("test ", "-s %s: no test uses a script named "
                            "'%.*s'%s", t.swap, (int)len, b,
                            unread ? cli_str_text(&why)
                                   : " (the files given hold no test)");
        cli_str_free(&why);
        status = EXIT_USAGE;
        goto done;
    }
    int load_error = 0;
    for (int i = 0; i < op.nargs; i++) {
        unsigned long before = t.passed + t.failed;
        test_file(&t, &files[i]);
        load_error |= t.load_error;
        unsigned long n = t.passed + t.failed - before;
        cli_printf(stdout, "%s: %lu check%s\n", op.args[i], n,
                   n == 1 ? "" : "s");
        t.load_error = 0;
    }
    cli_printf(stdout, "%lu passed, %lu failed\n", t.passed, t.failed);
    status = load_error ? EXIT_INPUT : t.failed ? EXIT_CRITERIA
                                                : EXIT_EVALUATED;
done:
    for (int i = 0; i < op.nargs; i++)
        free(files[i].text);
    free(files);
    cli_str_free(&names);
    free(op.args);
    return status;
}

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
 * Each expectation is one check; a failure is reported at its line in the
 * test file with what was expected and what came.
 */
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "assay_int.h"
#include "cli.h"

static const char *const HELP =
    "usage: assay test [-s SCRIPT] TESTFILE...\n"
    "\n"
    "Run each test in the YAML test files: a script, the case files to\n"
    "evaluate, and the labels, statuses, scores, verdicts and ranking\n"
    "expected. Each failed check is reported as FILE:LINE:COL with what\n"
    "was expected and what came; the run closes with 'N passed, N failed'.\n"
    "\n"
    "  -s, --script PATH   test PATH in place of the script of the same name\n"
    "                      (a changed copy of a stock script, say)\n"
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

typedef struct got {
    got_proj *p;
    size_t n;
    int oom;
} got;

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int keep(void *ud, const assay_result *r)
{
    got *g = ud;
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
    memset(g, 0, sizeof *g);
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

typedef struct run {
    const char *file;   /* the test file */
    char *dir;          /* its folder */
    const char *swap;   /* -s PATH: a script to test instead of its namesake */
    ydoc *doc;
    double tol;
    unsigned long passed, failed;
    int load_error;
} run;

static void report(run *t, uint32_t node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(run *t, uint32_t node, const char *fmt, ...)
{
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const ynode *n = &t->doc->n[node];
    printf("%s:%u:%u: %s\n", t->file, n->line, n->col, msg);
}

static void outcome(run *t, int ok)
{
    if (ok)
        t->passed++;
    else
        t->failed++;
}

static int is_null(const ynode *n) { return n->type == YN_NULL; }

static int is_number(const ynode *n)
{
    return n->type == YN_INT || n->type == YN_FLOAT;
}

static double number(const ynode *n)
{
    return n->type == YN_INT ? (double)n->v.i : n->v.d;
}

static const char *shown(const char *s) { return s ? s : "none"; }

/* An expected string (or ~ for none) against what came. */
static void check_text(run *t, uint32_t node, const char *what,
                       const char *got)
{
    const ynode *n = &t->doc->n[node];
    const char *want = is_null(n) ? NULL : n->text;
    int ok = want ? got && !strcmp(want, got) : !got;
    if (!ok)
        report(t, node, "%s: expected %s, got %s", what, shown(want),
               shown(got));
    outcome(t, ok);
}

static void fmt(char *out, size_t n, int has, double v)
{
    if (has)
        snprintf(out, n, "%.6g", v);
    else
        snprintf(out, n, "none");
}

/* An expected number (or ~ for none) against what came. */
static void check_number(run *t, uint32_t node, const char *what, int has,
                         double got)
{
    const ynode *n = &t->doc->n[node];
    char g[32], w[32];
    fmt(g, sizeof g, has, got);
    if (!is_null(n) && !is_number(n)) {
        report(t, node, "%s: expected a number or ~, found '%s'", what,
               n->text);
        outcome(t, 0);
        return;
    }
    int ok = is_null(n) ? !has : has && fabs(number(n) - got) <= t->tol;
    fmt(w, sizeof w, !is_null(n), is_null(n) ? 0 : number(n));
    if (!ok)
        report(t, node, "%s: expected %s, got %s (tolerance %g)", what, w, g,
               t->tol);
    outcome(t, ok);
}

/* labels / status / scores: a mapping of criterion id to expectation. */
static void check_criteria(run *t, got_proj *p, uint32_t map, const char *kind)
{
    ydoc *d = t->doc;
    if (d->n[map].type != YN_MAP) {
        report(t, map, "%s of %s must be a mapping of criterion to value",
               kind, p->id);
        outcome(t, 0);
        return;
    }
    for (uint32_t k = d->n[map].first; k; k = d->n[d->n[k].next].next) {
        uint32_t v = d->n[k].next;
        char what[300];
        snprintf(what, sizeof what, "%s: %s of %.80s", p->id,
                 !strcmp(kind, "labels") ? "label"
                 : !strcmp(kind, "scores") ? "score" : "status",
                 d->n[k].text);
        got_crit *c = find_crit(p, d->n[k].text);
        if (!c) {
            report(t, k, "%s: the script has no criterion '%s'", p->id,
                   d->n[k].text);
            outcome(t, 0);
        } else if (!strcmp(kind, "labels")) {
            check_text(t, v, what, c->label);
        } else if (!strcmp(kind, "status")) {
            check_text(t, v, what, c->status);
        } else {
            check_number(t, v, what, c->has_score, c->score);
        }
    }
}

static void check_project(run *t, got *g, uint32_t key, uint32_t map)
{
    ydoc *d = t->doc;
    const char *id = d->n[key].text;
    got_proj *p = find_proj(g, id);
    if (!p) {
        report(t, key, "project %s was not evaluated", id);
        outcome(t, 0);
        return;
    }
    if (d->n[map].type != YN_MAP) {
        report(t, map, "the expectations of %s must be a mapping", id);
        outcome(t, 0);
        return;
    }
    char what[300];
    for (uint32_t k = d->n[map].first; k; k = d->n[d->n[k].next].next) {
        const char *name = d->n[k].text;
        uint32_t v = d->n[k].next;
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
        else {
            report(t, k, "unknown expectation '%s' (verdict, score, "
                         "coverage, labels, status or scores)", name);
            outcome(t, 0);
        }
    }
}

/* ranking: "a >= b > c": each neighbouring pair is one check. */
static void check_ranking(run *t, got *g, uint32_t node)
{
    const ynode *n = &t->doc->n[node];
    if (n->type != YN_STR) {
        report(t, node, "ranking must be a text like 'a >= b > c'");
        outcome(t, 0);
        return;
    }
    char *text = strdup(n->text), *save = NULL;
    if (!text)
        return;
    const char *prev = NULL, *op = NULL;
    for (char *tok = strtok_r(text, " \t", &save); tok;
         tok = strtok_r(NULL, " \t", &save)) {
        if (!strcmp(tok, ">") || !strcmp(tok, ">=")) {
            op = tok;
            continue;
        }
        if (prev && !op) {
            report(t, node, "ranking: '>' or '>=' expected between %s and %s",
                   prev, tok);
            outcome(t, 0);
        } else if (prev) {
            got_proj *a = find_proj(g, prev), *b = find_proj(g, tok);
            int ok = a && b && a->has_score && b->has_score &&
                     (op[1] ? a->score >= b->score - t->tol
                            : a->score > b->score + t->tol);
            if (!ok) {
                char sa[32], sb[32];
                fmt(sa, sizeof sa, a && a->has_score, a ? a->score : 0);
                fmt(sb, sizeof sb, b && b->has_score, b ? b->score : 0);
                report(t, node, "ranking: expected %s %s %s, got scores %s "
                                "and %s", prev, op, tok, sa, sb);
            }
            outcome(t, ok);
        }
        prev = tok;
        op = NULL;
    }
    free(text);
}

/* ---- One test --------------------------------------------------------- */

static void diag(void *ud, const assay_diag *d)
{
    ((run *)ud)->load_error = 1;
    cli_print_diag(d);
}

/* A path from the test file's folder, unless it is absolute. */
static char *relative(const run *t, const char *path)
{
    if (path[0] == '/')
        return strdup(path);
    size_t n = strlen(t->dir) + strlen(path) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", t->dir, path);
    return p;
}

/* Does path name the same script as swap: the same file name without
 * ".lua" (so a copy of success-features.lua stands in for the stock
 * success-features)? */
static int same_script(const char *path, const char *swap)
{
    const char *a = strrchr(path, '/'), *b = strrchr(swap, '/');
    a = a ? a + 1 : path;
    b = b ? b + 1 : swap;
    size_t na = strlen(a), nb = strlen(b);
    if (na > 4 && !strcmp(a + na - 4, ".lua"))
        na -= 4;
    if (nb > 4 && !strcmp(b + nb - 4, ".lua"))
        nb -= 4;
    return na == nb && !memcmp(a, b, na);
}

static void one_test(run *t)
{
    static const char *const KEYS[] = {"script", "cases", "tolerance",
                                       "projects", "ranking", NULL};
    ydoc *d = t->doc;
    uint32_t root = d->root;
    if (d->n[root].type != YN_MAP) {
        report(t, root, "a test must be a mapping");
        t->load_error = 1;
        return;
    }
    for (uint32_t k = d->n[root].first; k; k = d->n[d->n[k].next].next)
        if (!ay_in(d->n[k].text, KEYS)) {
            report(t, k, "unknown key '%s' (script, cases, tolerance, "
                         "projects, ranking)", d->n[k].text);
            t->load_error = 1;
        }
    uint32_t script = ydoc_map_get(d, root, "script");
    uint32_t cases = ydoc_map_get(d, root, "cases");
    uint32_t tol = ydoc_map_get(d, root, "tolerance");
    if (!script || d->n[script].type != YN_STR || !cases) {
        report(t, root, "a test needs 'script' and 'cases'");
        t->load_error = 1;
        return;
    }
    t->tol = 1e-9;
    if (tol && is_number(&d->n[tol]) && number(&d->n[tol]) >= 0)
        t->tol = number(&d->n[tol]);
    else if (tol) {
        report(t, tol, "tolerance must be a number >= 0");
        t->load_error = 1;
    }
    assay_engine *e = cli_engine();
    if (!e) {
        t->load_error = 1;
        return;
    }
    const char *name = d->n[script].text;
    char *path = strchr(name, '/') || strstr(name, ".lua")
                     ? relative(t, name) : strdup(name);
    if (path && t->swap && same_script(path, t->swap)) {
        printf("%s:%u:%u: testing %s in place of %s\n", t->file,
               d->n[script].line, d->n[script].col, t->swap, name);
        free(path);
        path = strdup(t->swap);
    }
    got g = {0};
    if (!path || assay_engine_load_script(e, path)) {
        report(t, script, "%s", path ? assay_engine_errmsg(e) : "out of memory");
        t->load_error = 1;
        goto done;
    }
    assay_engine_on_diag(e, diag, t);
    const ynode *cn = &d->n[cases];
    uint32_t first = cn->type == YN_SEQ ? cn->first : cases;
    for (uint32_t k = first; k; k = cn->type == YN_SEQ ? d->n[k].next : 0) {
        if (d->n[k].type != YN_STR) {
            report(t, k, "cases must be paths");
            t->load_error = 1;
            continue;
        }
        char *cp = relative(t, d->n[k].text);
        if (cp)
            assay_engine_eval_path(e, cp, keep, &g);
        free(cp);
    }
    uint32_t projects = ydoc_map_get(d, root, "projects");
    if (projects && d->n[projects].type == YN_MAP)
        for (uint32_t k = d->n[projects].first; k;
             k = d->n[d->n[k].next].next)
            check_project(t, &g, k, d->n[k].next);
    else if (projects) {
        report(t, projects, "projects must be a mapping of id to "
                            "expectations");
        t->load_error = 1;
    }
    uint32_t ranking = ydoc_map_get(d, root, "ranking");
    if (ranking)
        check_ranking(t, &g, ranking);
done:
    got_free(&g);
    free(path);
    assay_engine_free(e);
}

static void test_file(run *t, const char *file)
{
    t->file = file;
    char *copy = strdup(file);
    t->dir = copy ? strdup(dirname(copy)) : NULL;
    free(copy);
    FILE *f = fopen(file, "rb");
    if (!f || !t->dir) {
        fprintf(stderr, "%s: %s: cannot open\n", prog, file);
        t->load_error = 1;
        if (f)
            fclose(f);
        free(t->dir);
        return;
    }
    assay_limits lim;
    ay_limits_default(&lim);
    chunker ck;
    chunker_init_file(&ck, f, lim.doc_bytes);
    arena a = {0};
    chunk c;
    while (chunker_next(&ck, &c)) {
        arena_reset(&a);
        ydoc doc;
        int rc = ydoc_parse(&doc, &a, &c, &lim);
        if (rc < 0) {
            for (ydiag *dg = doc.diags; dg; dg = dg->next)
                fprintf(stderr, "%s: %s:%u:%u: %s\n", prog, file, dg->line,
                        dg->col, dg->msg);
            t->load_error = 1;
            continue;
        }
        if (rc == 0)
            continue;
        t->doc = &doc;
        one_test(t);
        t->doc = NULL;
    }
    chunker_free(&ck);
    arena_free(&a);
    fclose(f);
    free(t->dir);
}

int cmd_test(int argc, char **argv)
{
    opts op = {0};
    int rc = cli_parse("test ", argc, argv, &op, "s");
    if (rc || !op.nargs) {
        if (rc > 0)
            fputs(HELP, stdout);
        else if (!rc)
            cli_usage_error("test ", "%s", "no test file given");
        free(op.args);
        return rc > 0 ? EXIT_EVALUATED : EXIT_USAGE;
    }
    run t = {.swap = op.script};
    int load_error = 0;
    for (int i = 0; i < op.nargs; i++) {
        unsigned long before = t.passed + t.failed;
        test_file(&t, op.args[i]);
        load_error |= t.load_error;
        unsigned long n = t.passed + t.failed - before;
        printf("%s: %lu check%s\n", op.args[i], n, n == 1 ? "" : "s");
        t.load_error = 0;
    }
    printf("%lu passed, %lu failed\n", t.passed, t.failed);
    free(op.args);
    return load_error ? EXIT_INPUT : t.failed ? EXIT_CRITERIA : EXIT_EVALUATED;
}

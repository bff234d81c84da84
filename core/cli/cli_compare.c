/*
 * cli_compare.c -- assay compare: the same case files evaluated by two
 * scripts (an old and a new one), and what the change of script changed
 * for each project: its score, verdict and rank, and which criteria moved
 * and why.
 *
 * Each case file is read once, whole, by a third engine that holds no
 * script (assay_engine_read_path walks folders as a run does), and its
 * text is given to both scripts' engines (assay_engine_eval_string, with
 * the file's path as its name, so a diagnostic gives the file's own
 * lines). Both engines thus see the same bytes, even from a pipe or a file
 * that changes meanwhile, and a folder is walked once.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char *const HELP_COMPARE =
    "usage: assay compare -s OLD -s NEW [-f FORMAT] [-o FILE] [-j N] [--date]\n"
    "                     CASE...\n"
    "\n"
    "Evaluate the projects in the CASE files with two scripts, OLD and NEW\n"
    "(each a stock script name or a path; two paths may name files of the\n"
    "same name, such as two revisions of one script), and report what\n"
    "changed for each project: its score, verdict and rank (by score,\n"
    "highest first, ties in input order), and which criteria moved and\n"
    "why. Each case file is read once; both scripts evaluate its text.\n"
    "\n"
    "  -s, --script SCRIPT  given twice: first OLD, then NEW\n"
    "  -f, --format FORMAT  table, json, markdown or html (default: table\n"
    "                       on a terminal, json otherwise)\n"
    "  -o, --output FILE    write the report to FILE (whole, or not at all)\n"
    "  -j, --jobs N         evaluate on N threads (default: the cores this\n"
    "                       process may use; the report is the same)\n"
    "      --all            table, markdown, html: every project, not only\n"
    "                       those that changed (json lists every project)\n"
    "      --date           html, markdown: put today's date in the report\n"
    "      --fail-on-change exit 1 when some project's verdict or score\n"
    "                       changed, or a project is in one run only\n"
    "      --no-color       no colour\n"
    "  -h, --help           this help\n"
    "\n"
    "exit status: 0 evaluated, whether or not anything changed; 1 some\n"
    "criteria ended in error, or --fail-on-change and a change; 2 usage\n"
    "error; 3 some input or a script could not be loaded.\n";

#define NONE ((size_t)-1)

/* One script's run. */
typedef struct side {
    const char *arg;         /* as given */
    assay_engine *e;
    cli_portfolio pf;
    size_t *rank;            /* by row (input order): 1-based, by score */
    unsigned long failed;    /* projects with criteria in error */
} side;

/* What changed for one criterion of one project. */
enum { CH_ADDED, CH_REMOVED, CH_WEIGHT, CH_STATUS, CH_SCORE, CH_BANDS };
static const char *const CH_NAME[] = {"added", "removed", "weight",
                                      "status", "score", "bands"};

typedef struct pair {
    size_t o, n;             /* rows of old and new; NONE: not in that run */
    int score, verdict, rank, verdict_rules;
    int criteria;            /* a criterion's status, score or label
                                changed, or one was added or removed */
    int weights;             /* a criterion's weight changed */
} pair;

typedef struct cmp {
    side s[2];
    int cur;                 /* the side evaluating */
    int err_color, color;
    cli_str diags;           /* the old side's diagnostics of this file */
    int input_bad, criteria_bad;
    int *map;                /* old criterion -> new (-1: removed) */
    int *back;               /* new criterion -> old (-1: added) */
    int nold, nnew;
    int *bands;              /* by old criterion: its band rules differ */
    int verdicts_differ;     /* the verdict rules differ */
    pair *pairs;
    size_t npairs;
} cmp;

/* ---- Reading and evaluating ------------------------------------------ */

static void diag_text(cli_str *s, const assay_diag *d)
{
    cli_str_addf(s, "%s:%lu:%lu: %s\n", d->file, d->line, d->column,
                 d->message);
}

/* The old side's diagnostics are printed; the new side's only when the
 * old gave no such one for the file (the same documents give the same
 * complaints: each is said once). */
static void on_diag(void *ud, const assay_diag *d)
{
    cmp *c = ud;
    c->input_bad = 1;
    if (c->cur == 1) {
        cli_str one = {0};
        diag_text(&one, d);
        int said = one.p && c->diags.p && strstr(c->diags.p, one.p);
        cli_str_free(&one);
        if (said)
            return;
    } else {
        diag_text(&c->diags, d);
    }
    cli_print_diag_color(d, c->err_color);
}

static int on_result(void *ud, const assay_result *r)
{
    cmp *c = ud;
    side *s = &c->s[c->cur];
    int failed = assay_result_error(r) != NULL;
    for (int i = 0; i < assay_result_criterion_count(r) && !failed; i++)
        failed = assay_result_criterion_error(r, i) != NULL;
    s->failed += (unsigned long)failed;
    if (cli_portfolio_add(&s->pf, r)) {
        cli_printf(stderr, "%s: out of memory\n", prog);
        return 1;
    }
    return 0;
}

static int on_file(void *ud, const char *file, const char *text, size_t len)
{
    cmp *c = ud;
    cli_str_clear(&c->diags);
    for (c->cur = 0; c->cur < 2; c->cur++) {
        int r = assay_engine_eval_string(c->s[c->cur].e, file, text, len,
                                         on_result, c);
        if (r == ASSAY_ECRITERIA)
            c->criteria_bad = 1;
        else if (r == ASSAY_ABORT)
            return 1;
        else if (r != ASSAY_OK && r != ASSAY_EINPUT) {
            cli_printf(stderr, "%s: %s\n", prog,
                       assay_engine_errmsg(c->s[c->cur].e));
            c->input_bad = 1;
        }
    }
    c->cur = 0;
    return 0;
}

/* ---- What changed ------------------------------------------------------ */

/* Ranks by score, highest first, ties in input order (run --sort score),
 * and the rows back in input order. */
static int rank_side(side *s)
{
    cli_portfolio *pf = &s->pf;
    s->rank = calloc(pf->n ? pf->n : 1, sizeof *s->rank);
    if (!s->rank)
        return -1;
    cli_portfolio_sort(pf, CLI_SORT_SCORE, NULL, 0);
    for (size_t k = 0; k < pf->n; k++)
        s->rank[pf->rows[k].seq] = k + 1;
    cli_portfolio_sort(pf, CLI_SORT_INPUT, NULL, 0);
    return 0;
}

static int same_rule(const assay_rule *a, const assay_rule *b)
{
    return !strcmp(a->label ? a->label : "", b->label ? b->label : "") &&
           a->has_at_least == b->has_at_least &&
           (!a->has_at_least || a->at_least == b->at_least) &&
           a->has_coverage_below == b->has_coverage_below &&
           (!a->has_coverage_below ||
            a->coverage_below == b->coverage_below) &&
           a->has_when == b->has_when;
}

/* 1 when criterion i of a (or the weighting, ASSAY_WEIGHTING) and j of b
 * declare different rules. A when() function cannot be compared: two
 * rules that both have one count as the same. */
static int rules_differ(const assay_engine *a, int i, const assay_engine *b,
                        int j)
{
    int n = assay_engine_rule_count(a, i);
    if (n != assay_engine_rule_count(b, j))
        return 1;
    for (int k = 0; k < n; k++) {
        assay_rule x, y;
        if (assay_engine_rule(a, i, k, &x) || assay_engine_rule(b, j, k, &y) ||
            !same_rule(&x, &y))
            return 1;
    }
    return 0;
}

static int map_criteria(cmp *c)
{
    const assay_engine *a = c->s[0].e, *b = c->s[1].e;
    c->nold = assay_engine_criterion_count(a);
    c->nnew = assay_engine_criterion_count(b);
    c->map = malloc(((size_t)c->nold + 1) * sizeof *c->map);
    c->back = malloc(((size_t)c->nnew + 1) * sizeof *c->back);
    c->bands = calloc((size_t)c->nold + 1, sizeof *c->bands);
    if (!c->map || !c->back || !c->bands)
        return -1;
    for (int j = 0; j < c->nnew; j++)
        c->back[j] = -1;
    for (int i = 0; i < c->nold; i++) {
        c->map[i] = -1;
        for (int j = 0; j < c->nnew && c->map[i] < 0; j++)
            if (!strcmp(assay_engine_criterion_id(a, i),
                        assay_engine_criterion_id(b, j))) {
                c->map[i] = j;
                c->back[j] = i;
                c->bands[i] = rules_differ(a, i, b, j);
            }
    }
    c->verdicts_differ = rules_differ(a, ASSAY_WEIGHTING, b, ASSAY_WEIGHTING);
    return 0;
}

static const char *text_of(const side *s, unsigned k)
{
    return cli_portfolio_text(&s->pf, k);
}

static int same_text(const char *x, const char *y)
{
    return x == y || (x && y && !strcmp(x, y));
}

/* What changed for old criterion i, new criterion j (-1: none) of pair
 * p, a project in both runs: a bit per CH_* that holds. */
static unsigned crit_changes(const cmp *c, const pair *p, int i, int j)
{
    if (i < 0)
        return 1u << CH_ADDED;
    if (j < 0)
        return 1u << CH_REMOVED;
    const cli_mark *x = &c->s[0].pf.rows[p->o].crit[i];
    const cli_mark *y = &c->s[1].pf.rows[p->n].crit[j];
    unsigned m = 0;
    if (x->weight != y->weight)
        m |= 1u << CH_WEIGHT;
    if (!same_text(text_of(&c->s[0], x->status), text_of(&c->s[1], y->status)))
        m |= 1u << CH_STATUS;
    if (x->has_score != y->has_score ||
        (x->has_score && x->score != y->score))
        m |= 1u << CH_SCORE;
    else if (!(m & (1u << CH_STATUS)) &&
             !same_text(text_of(&c->s[0], x->label),
                        text_of(&c->s[1], y->label)))
        m |= 1u << CH_BANDS; /* the same score, another label */
    return m;
}

static const cli_row *id_rows; /* qsort has no user pointer */
/* The criteria that moved in p, a project in both runs: the old script's
 * in its order, then those only the new one has. From position i, the
 * next one's position (-1: none left), with its old and new indices (-1:
 * not in that script) and its CH_* bits. */
static int next_moved(const cmp *c, const pair *p, int i, int *oi, int *ni,
                      unsigned *m)
{
    for (; i < c->nold + c->nnew; i++) {
        *oi = i < c->nold ? i : -1;
        *ni = i < c->nold ? c->map[i] : i - c->nold;
        if (i >= c->nold && c->back[*ni] >= 0)
            continue; /* in both: met as an old one */
        if ((*m = crit_changes(c, p, *oi, *ni)))
            return i;
    }
    return -1;
}

static int by_id_q(const void *a, const void *b)
{
    return strcmp(id_rows[*(const size_t *)a].id,
                  id_rows[*(const size_t *)b].id);
}

static size_t find_id(const size_t *idx, size_t n, const cli_row *rows,
                      const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = strcmp(rows[idx[mid]].id, id);
        if (!d)
            return idx[mid];
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NONE;
}

static void judge(cmp *c, pair *p)
{
    const side *a = &c->s[0], *b = &c->s[1];
    if (p->o == NONE || p->n == NONE) {
        p->score = p->verdict = p->rank = p->criteria = 1;
        return;
    }
    const cli_row *x = &a->pf.rows[p->o], *y = &b->pf.rows[p->n];
    p->score = x->has_score != y->has_score ||
               (x->has_score && x->score != y->score);
    p->verdict = !same_text(text_of(a, x->verdict), text_of(b, y->verdict));
    p->verdict_rules = p->verdict && !p->score;
    p->rank = a->rank[p->o] != b->rank[p->n];
    for (int i = 0; i < c->nold; i++) {
        unsigned m = crit_changes(c, p, i, c->map[i]);
        p->weights |= (m & (1u << CH_WEIGHT)) != 0;
        p->criteria |= (m & ~(1u << CH_WEIGHT)) != 0;
    }
    for (int j = 0; j < c->nnew; j++)
        p->criteria |= c->back[j] < 0;
}

/* Pair the projects by id: the old run's in input order, then those only
 * the new one has. */
static int pair_up(cmp *c)
{
    const cli_portfolio *a = &c->s[0].pf, *b = &c->s[1].pf;
    size_t *idx = malloc((b->n + 1) * sizeof *idx);
    char *used = calloc(b->n + 1, 1);
    c->pairs = malloc((a->n + b->n + 1) * sizeof *c->pairs);
    if (!idx || !used || !c->pairs) {
        free(idx);
        free(used);
        return -1;
    }
    for (size_t k = 0; k < b->n; k++)
        idx[k] = k;
    id_rows = b->rows;
    if (b->n)
        qsort(idx, b->n, sizeof *idx, by_id_q);
    for (size_t k = 0; k < a->n; k++) {
        size_t n = find_id(idx, b->n, b->rows, a->rows[k].id);
        if (n != NONE)
            used[n] = 1;
        c->pairs[c->npairs++] = (pair){.o = k, .n = n};
    }
    for (size_t k = 0; k < b->n; k++)
        if (!used[k])
            c->pairs[c->npairs++] = (pair){.o = NONE, .n = k};
    for (size_t k = 0; k < c->npairs; k++)
        judge(c, &c->pairs[k]);
    free(idx);
    free(used);
    return 0;
}

/* ---- The summary ------------------------------------------------------- */

typedef struct summary {
    size_t verdicts, ranks, scores, only;
    const pair *largest;     /* of the largest score change; NULL: none */
    double change;           /* new - old */
} summary;

static summary summarize(const cmp *c)
{
    summary s = {0};
    for (size_t k = 0; k < c->npairs; k++) {
        const pair *p = &c->pairs[k];
        if (p->o == NONE || p->n == NONE) {
            s.only++;
            continue;
        }
        s.verdicts += (size_t)p->verdict;
        s.ranks += (size_t)p->rank;
        s.scores += (size_t)p->score;
        const cli_row *x = &c->s[0].pf.rows[p->o];
        const cli_row *y = &c->s[1].pf.rows[p->n];
        if (!x->has_score || !y->has_score || x->score == y->score)
            continue;
        double d = y->score - x->score;
        if (!s.largest || fabs(d) > fabs(s.change)) {
            s.largest = p;
            s.change = d;
        }
    }
    return s;
}

static const char *pair_id(const cmp *c, const pair *p)
{
    return p->o != NONE ? c->s[0].pf.rows[p->o].id : c->s[1].pf.rows[p->n].id;
}

/* Weights are the script's, the same for every project: they are read
 * from the first project in both runs (NULL: there is none). */
static const pair *first_pair(const cmp *c)
{
    for (size_t k = 0; k < c->npairs; k++)
        if (c->pairs[k].o != NONE && c->pairs[k].n != NONE)
            return &c->pairs[k];
    return NULL;
}

/* 1 when old criterion i is in both scripts with other weights in p. */
static int weight_moved(const cmp *c, const pair *p, int i, double *u,
                        double *v)
{
    if (c->map[i] < 0)
        return 0;
    *u = c->s[0].pf.rows[p->o].crit[i].weight;
    *v = c->s[1].pf.rows[p->n].crit[c->map[i]].weight;
    return *u != *v;
}

/* ---- Table ------------------------------------------------------------- */

/* A number in at most four decimals, without trailing zeros. */
static void num(char *buf, size_t n, double v)
{
    snprintf(buf, n, "%.4f", v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf);
        while (end > dot + 1 && end[-1] == '0')
            *--end = 0;
        if (end == dot + 1)
            *dot = 0;
    }
    if (!strcmp(buf, "-0"))
        strcpy(buf, "0");
}

static void score_text(char *buf, size_t n, int has, double v)
{
    if (has)
        num(buf, n, v);
    else
        snprintf(buf, n, "-");
}

/* "old -> new", or the one value when they are the same. */
static void moved(cli_str *s, const char *x, const char *y)
{
    cli_str_clear(s);
    if (same_text(x, y))
        cli_str_adds(s, x ? x : "-");
    else
        cli_str_addf(s, "%s -> %s", x ? x : "-", y ? y : "-");
}

static void script_line(FILE *f, const char *which, const side *s)
{
    const char *path = assay_engine_script_path(s->e);
    if (path && strcmp(path, s->arg))
        cli_printf(f, "%s: %s (%s, sha256 %.12s)\n", which, s->arg, path,
                   assay_engine_script_sha256(s->e));
    else
        cli_printf(f, "%s: %s (sha256 %.12s)\n", which, s->arg,
                   assay_engine_script_sha256(s->e));
}

/* The changes of the scripts' declarations, once for all projects. */
static void table_script_changes(FILE *f, const cmp *c)
{
    const assay_engine *a = c->s[0].e, *b = c->s[1].e;
    int any = 0;
    for (int i = 0; i < c->nold; i++)
        if (c->map[i] < 0) {
            cli_printf(f, "criterion removed: %s\n",
                       assay_engine_criterion_id(a, i));
            any = 1;
        }
    for (int j = 0; j < c->nnew; j++)
        if (c->back[j] < 0) {
            cli_printf(f, "criterion added: %s\n",
                       assay_engine_criterion_id(b, j));
            any = 1;
        }
    for (int i = 0; i < c->nold; i++)
        if (c->bands[i]) {
            cli_printf(f, "band rules changed: %s\n",
                       assay_engine_criterion_id(a, i));
            any = 1;
        }
    if (c->verdicts_differ) {
        fputs("verdict rules changed\n", f);
        any = 1;
    }
    const pair *p = first_pair(c);
    for (int i = 0; p && i < c->nold; i++) {
        double u, v;
        if (weight_moved(c, p, i, &u, &v)) {
            char x[40], y[40];
            num(x, sizeof x, u);
            num(y, sizeof y, v);
            cli_printf(f, "weight changed: %s %s -> %s\n",
                       assay_engine_criterion_id(a, i), x, y);
            any = 1;
        }
    }
    if (!any)
        fputs("the same criteria, weights, band rules and verdict rules\n",
              f);
}

static void table_criteria(FILE *f, const cmp *c, const pair *p)
{
    const assay_engine *a = c->s[0].e, *b = c->s[1].e;
    char x[40], y[40];
    int oi, ni;
    unsigned m;
    for (int i = 0; (i = next_moved(c, p, i, &oi, &ni, &m)) >= 0; i++) {
        const char *id = oi >= 0 ? assay_engine_criterion_id(a, oi)
                                 : assay_engine_criterion_id(b, ni);
        cli_printf(f, "      %s:", id);
        const char *sep = " ";
        if (m & (1u << CH_ADDED))
            fputs(" added", f);
        if (m & (1u << CH_REMOVED))
            fputs(" removed", f);
        if (m & ((1u << CH_ADDED) | (1u << CH_REMOVED))) {
            fputc('\n', f);
            continue;
        }
        const cli_mark *u = &c->s[0].pf.rows[p->o].crit[oi];
        const cli_mark *v = &c->s[1].pf.rows[p->n].crit[ni];
        if (m & (1u << CH_WEIGHT)) {
            num(x, sizeof x, u->weight);
            num(y, sizeof y, v->weight);
            cli_printf(f, "%sweight %s -> %s", sep, x, y);
            sep = ", ";
        }
        if (m & (1u << CH_STATUS)) {
            cli_printf(f, "%sstatus %s -> %s", sep,
                       text_of(&c->s[0], u->status),
                       text_of(&c->s[1], v->status));
            sep = ", ";
        }
        if (m & (1u << CH_SCORE)) {
            score_text(x, sizeof x, u->has_score, u->score);
            score_text(y, sizeof y, v->has_score, v->score);
            cli_printf(f, "%sscore %s -> %s", sep, x, y);
            sep = ", ";
        }
        const char *lx = text_of(&c->s[0], u->label);
        const char *ly = text_of(&c->s[1], v->label);
        if (!same_text(lx, ly))
            cli_printf(f, "%s%slabel %s -> %s", sep,
                       m & (1u << CH_BANDS) ? "band rules changed: " : "",
                       lx ? lx : "-", ly ? ly : "-");
        fputc('\n', f);
    }
}

static void table(FILE *f, const cmp *c, int all)
{
    script_line(f, "old", &c->s[0]);
    script_line(f, "new", &c->s[1]);
    table_script_changes(f, c);
    size_t idw = strlen("project"), shown = 0;
    for (size_t k = 0; k < c->npairs; k++) {
        size_t w = cli_width(pair_id(c, &c->pairs[k]));
        idw = w > idw ? w : idw;
    }
    idw = idw > 30 ? 30 : idw;
    cli_str sc = {0}, rk = {0}, vd = {0};
    for (size_t k = 0; k < c->npairs; k++) {
        const pair *p = &c->pairs[k];
        if (!all && !p->score && !p->verdict && !p->rank && !p->criteria)
            continue;
        if (!shown++)
            cli_printf(f, "\n  %-*s  %-17s  %-9s  %s\n", (int)idw, "project",
                       "score", "rank", "verdict");
        const cli_row *x = p->o != NONE ? &c->s[0].pf.rows[p->o] : NULL;
        const cli_row *y = p->n != NONE ? &c->s[1].pf.rows[p->n] : NULL;
        char sx[40] = "(none)", sy[40] = "(none)", rx[24] = "(none)",
             ry[24] = "(none)";
        if (x) {
            score_text(sx, sizeof sx, x->has_score, x->score);
            snprintf(rx, sizeof rx, "%zu", c->s[0].rank[p->o]);
        }
        if (y) {
            score_text(sy, sizeof sy, y->has_score, y->score);
            snprintf(ry, sizeof ry, "%zu", c->s[1].rank[p->n]);
        }
        moved(&sc, sx, sy);
        moved(&rk, rx, ry);
        const char *vx = x ? text_of(&c->s[0], x->verdict) : "(none)";
        const char *vy = y ? text_of(&c->s[1], y->verdict) : "(none)";
        moved(&vd, vx ? vx : "-", vy ? vy : "-");
        /* a changed verdict: marked, upper-cased word, red when coloured */
        fputs(p->verdict ? (c->color ? "\033[1;31m!\033[0m " : "! ") : "  ",
              f);
        cli_cell(f, pair_id(c, p), idw, 1);
        cli_printf(f, "  %-17s  %-9s  ", cli_str_text(&sc), cli_str_text(&rk));
        if (p->verdict && c->color)
            fputs("\033[1m", f);
        cli_printf(f, "%s", cli_str_text(&vd));
        if (p->verdict && c->color)
            fputs("\033[0m", f);
        if (!x || !y)
            cli_printf(f, "  (only in the %s run)", x ? "old" : "new");
        else if (p->verdict_rules)
            fputs("  (verdict rules changed)", f);
        fputc('\n', f);
        if (x && y)
            table_criteria(f, c, p);
    }
    cli_str_free(&sc);
    cli_str_free(&rk);
    cli_str_free(&vd);
    if (!shown)
        fputs("\nno project changed\n", f);
    summary s = summarize(c);
    char ch[40];
    cli_printf(f, "\n%zu of %zu verdict%s changed, %zu rank%s changed, ",
               s.verdicts, c->npairs, c->npairs == 1 ? "" : "s", s.ranks,
               s.ranks == 1 ? "" : "s");
    if (s.largest) {
        num(ch, sizeof ch, s.change);
        cli_printf(f, "largest score change %s%s (%s)\n",
                   s.change > 0 ? "+" : "", ch, pair_id(c, s.largest));
    } else {
        fputs("largest score change 0\n", f);
    }
    if (s.only)
        cli_printf(f, "%zu project%s in one run only\n", s.only,
                   s.only == 1 ? "" : "s");
    /* the verdicts that changed, once more, on their own */
    for (size_t k = 0; k < c->npairs; k++) {
        const pair *p = &c->pairs[k];
        if (!p->verdict || p->o == NONE || p->n == NONE)
            continue;
        const char *vx = text_of(&c->s[0], c->s[0].pf.rows[p->o].verdict);
        const char *vy = text_of(&c->s[1], c->s[1].pf.rows[p->n].verdict);
        cli_printf(f, "verdict changed: %s %s -> %s\n", pair_id(c, p),
                   vx ? vx : "-", vy ? vy : "-");
    }
}

/* ---- JSON -------------------------------------------------------------- */

static void j_num(cli_str *s, double d)
{
    char b[ASSAY_NUMBER_MAX];
    assay_json_number(d, b, sizeof b);
    cli_str_adds(s, b);
}

static void j_script(cli_str *s, const side *d)
{
    cli_str_adds(s, "{\"script\":");
    cli_str_json(s, d->arg);
    cli_str_adds(s, ",\"path\":");
    cli_str_json(s, assay_engine_script_path(d->e));
    cli_str_adds(s, ",\"sha256\":");
    cli_str_json(s, assay_engine_script_sha256(d->e));
    cli_str_adds(s, "}");
}

static void j_side(cli_str *s, const side *d, size_t row)
{
    if (row == NONE) {
        cli_str_adds(s, "null");
        return;
    }
    const cli_row *r = &d->pf.rows[row];
    cli_str_adds(s, "{\"score\":");
    if (r->has_score)
        j_num(s, r->score);
    else
        cli_str_adds(s, "null");
    cli_str_adds(s, ",\"verdict\":");
    cli_str_json(s, text_of(d, r->verdict));
    cli_str_addf(s, ",\"rank\":%zu}", d->rank[row]);
}

static void j_mark(cli_str *s, const side *d, const cli_mark *m)
{
    cli_str_adds(s, "{\"weight\":");
    j_num(s, m->weight);
    cli_str_adds(s, ",\"status\":");
    cli_str_json(s, text_of(d, m->status));
    cli_str_adds(s, ",\"score\":");
    if (m->has_score)
        j_num(s, m->score);
    else
        cli_str_adds(s, "null");
    cli_str_adds(s, ",\"label\":");
    cli_str_json(s, text_of(d, m->label));
    cli_str_adds(s, "}");
}

static void j_criteria(cli_str *s, const cmp *c, const pair *p)
{
    const assay_engine *a = c->s[0].e, *b = c->s[1].e;
    cli_str_adds(s, "[");
    int first = 1;
    int oi, ni;
    unsigned m;
    for (int i = 0; (i = next_moved(c, p, i, &oi, &ni, &m)) >= 0; i++) {
        cli_str_adds(s, first ? "{\"id\":" : ",{\"id\":");
        first = 0;
        cli_str_json(s, oi >= 0 ? assay_engine_criterion_id(a, oi)
                                : assay_engine_criterion_id(b, ni));
        cli_str_adds(s, ",\"changes\":[");
        const char *sep = "";
        for (int k = 0; k <= CH_BANDS; k++)
            if (m & (1u << k)) {
                cli_str_addf(s, "%s\"%s\"", sep, CH_NAME[k]);
                sep = ",";
            }
        cli_str_adds(s, "],\"old\":");
        if (oi >= 0)
            j_mark(s, &c->s[0], &c->s[0].pf.rows[p->o].crit[oi]);
        else
            cli_str_adds(s, "null");
        cli_str_adds(s, ",\"new\":");
        if (ni >= 0)
            j_mark(s, &c->s[1], &c->s[1].pf.rows[p->n].crit[ni]);
        else
            cli_str_adds(s, "null");
        cli_str_adds(s, "}");
    }
    cli_str_adds(s, "]");
}

static void j_ids(cli_str *s, const assay_engine *e, const int *which,
                  int n, int want)
{
    cli_str_adds(s, "[");
    const char *sep = "";
    for (int i = 0; i < n; i++)
        if ((want < 0 && which[i] < 0) || (want > 0 && which[i])) {
            cli_str_adds(s, sep);
            cli_str_json(s, assay_engine_criterion_id(e, i));
            sep = ",";
        }
    cli_str_adds(s, "]");
}

static int json(FILE *f, const cmp *c)
{
    cli_str s = {0};
    cli_str_adds(&s, "{\"old\":");
    j_script(&s, &c->s[0]);
    cli_str_adds(&s, ",\"new\":");
    j_script(&s, &c->s[1]);
    summary sm = summarize(c);
    cli_str_addf(&s, ",\"summary\":{\"projects\":%zu,\"verdicts_changed\":%zu,"
                     "\"ranks_changed\":%zu,\"scores_changed\":%zu,"
                     "\"only_in_one\":%zu,\"largest_score_change\":",
                 c->npairs, sm.verdicts, sm.ranks, sm.scores, sm.only);
    if (sm.largest) {
        cli_str_adds(&s, "{\"project\":");
        cli_str_json(&s, pair_id(c, sm.largest));
        cli_str_adds(&s, ",\"change\":");
        j_num(&s, sm.change);
        cli_str_adds(&s, "}");
    } else {
        cli_str_adds(&s, "null");
    }
    cli_str_adds(&s, "},\"script_changes\":{\"criteria_removed\":");
    j_ids(&s, c->s[0].e, c->map, c->nold, -1);
    cli_str_adds(&s, ",\"criteria_added\":");
    j_ids(&s, c->s[1].e, c->back, c->nnew, -1);
    cli_str_adds(&s, ",\"band_rules_changed\":");
    j_ids(&s, c->s[0].e, c->bands, c->nold, 1);
    cli_str_addf(&s, ",\"verdict_rules_changed\":%s,\"weights_changed\":[",
                 c->verdicts_differ ? "true" : "false");
    const pair *w = first_pair(c);
    const char *sep0 = "";
    for (int i = 0; w && i < c->nold; i++) {
        double u, v;
        if (!weight_moved(c, w, i, &u, &v))
            continue;
        cli_str_adds(&s, sep0);
        cli_str_adds(&s, "{\"id\":");
        cli_str_json(&s, assay_engine_criterion_id(c->s[0].e, i));
        cli_str_adds(&s, ",\"old\":");
        j_num(&s, u);
        cli_str_adds(&s, ",\"new\":");
        j_num(&s, v);
        cli_str_adds(&s, "}");
        sep0 = ",";
    }
    cli_str_adds(&s, "]},\"projects\":[");
    for (size_t k = 0; k < c->npairs; k++) {
        const pair *p = &c->pairs[k];
        cli_str_adds(&s, k ? ",\n{\"id\":" : "\n{\"id\":");
        cli_str_json(&s, pair_id(c, p));
        cli_str_adds(&s, ",\"old\":");
        j_side(&s, &c->s[0], p->o);
        cli_str_adds(&s, ",\"new\":");
        j_side(&s, &c->s[1], p->n);
        cli_str_adds(&s, ",\"changed\":[");
        const char *sep = "";
        const struct {
            int on;
            const char *name;
        } what[] = {{p->score, "score"}, {p->verdict, "verdict"},
                    {p->rank, "rank"}, {p->criteria, "criteria"},
                    {p->weights, "weights"},
                    {p->verdict_rules, "verdict_rules"}};
        for (size_t w = 0; w < sizeof what / sizeof *what; w++)
            if (what[w].on) {
                cli_str_addf(&s, "%s\"%s\"", sep, what[w].name);
                sep = ",";
            }
        cli_str_adds(&s, "],\"criteria\":");
        if (p->o != NONE && p->n != NONE)
            j_criteria(&s, c, p);
        else
            cli_str_adds(&s, "[]");
        cli_str_adds(&s, "}");
    }
    cli_str_adds(&s, "]}\n");
    int oom = s.oom;
    if (!oom)
        fputs(cli_str_text(&s), f);
    cli_str_free(&s);
    return oom ? -1 : 0;
}

/* ---- Markdown and HTML ------------------------------------------------- */

#define ARROW " \xe2\x86\x92 " /* old -> new */

/* How a text from the cases or the scripts is written: escaped for
 * Markdown (cli_md_text) or for HTML (cli_html_text). */
typedef void (*put_fn)(cli_str *b, const char *t);

/* x, or "x -> y" when they differ, each escaped by put; NULL as "-". */
static void doc_moved(cli_str *b, put_fn put, const char *x, const char *y)
{
    put(b, x ? x : "-");
    if (!same_text(x, y)) {
        cli_str_adds(b, ARROW);
        put(b, y ? y : "-");
    }
}

/* One side of a project as words: score, rank, verdict and name; "(none)"
 * when the project is not in that run. */
typedef struct side_words {
    char score[40], rank[24];
    const char *verdict, *name;
} side_words;

static side_words words_of(const side *s, size_t row)
{
    side_words w = {"(none)", "(none)", "(none)", NULL};
    if (row == NONE)
        return w;
    const cli_row *r = &s->pf.rows[row];
    score_text(w.score, sizeof w.score, r->has_score, r->score);
    snprintf(w.rank, sizeof w.rank, "%zu", s->rank[row]);
    w.verdict = text_of(s, r->verdict);
    w.name = r->name;
    return w;
}

/* One criterion of one side as words: weight, status, score and label;
 * NULL m: not in that script. */
typedef struct mark_words {
    char weight[40], score[40];
    const char *status, *label;
} mark_words;

static mark_words mark_of(const side *s, const cli_mark *m)
{
    mark_words w = {"(none)", "(none)", "(none)", "(none)"};
    if (!m)
        return w;
    num(w.weight, sizeof w.weight, m->weight);
    score_text(w.score, sizeof w.score, m->has_score, m->score);
    w.status = text_of(s, m->status);
    w.label = text_of(s, m->label);
    return w;
}

/* What changed for a criterion, in words: "added", "weight, score", ... */
static void change_words(cli_str *b, unsigned m)
{
    static const char *const W[] = {"added", "removed", "weight", "status",
                                    "score", "band rules"};
    const char *sep = "";
    for (int k = 0; k <= CH_BANDS; k++)
        if (m & (1u << k)) {
            cli_str_addf(b, "%s%s", sep, W[k]);
            sep = ", ";
        }
}

/* The cells of a moved criterion after its id and what changed: weight,
 * status, score, label, each "old -> new" (one value when the criterion
 * is in one script only), each opened by its open[] and closed by close. */
static void mark_cells(cli_str *b, put_fn put, const cmp *c, const pair *p,
                       int oi, int ni, const char *const open[4],
                       const char *close)
{
    mark_words x = mark_of(&c->s[0], oi >= 0 ? &c->s[0].pf.rows[p->o].crit[oi]
                                             : NULL);
    mark_words y = mark_of(&c->s[1], ni >= 0 ? &c->s[1].pf.rows[p->n].crit[ni]
                                             : NULL);
    const char *const xs[] = {x.weight, x.status, x.score, x.label};
    const char *const ys[] = {y.weight, y.status, y.score, y.label};
    for (int k = 0; k < 4; k++) {
        cli_str_adds(b, open[k]);
        if (oi < 0)
            put(b, ys[k] ? ys[k] : "-");
        else if (ni < 0)
            put(b, xs[k] ? xs[k] : "-");
        else
            doc_moved(b, put, xs[k], ys[k]);
        cli_str_adds(b, close);
    }
}

/* Why a project's row reads as it does, beyond its figures; NULL: no
 * more to say. */
static const char *pair_note(const pair *p)
{
    return p->o == NONE   ? "only in the new run"
           : p->n == NONE ? "only in the old run"
           : p->verdict_rules ? "verdict rules changed"
                              : NULL;
}

static int shown(const pair *p, int all)
{
    return all || p->score || p->verdict || p->rank || p->criteria;
}

static const char *crit_id(const cmp *c, int oi, int ni)
{
    return oi >= 0 ? assay_engine_criterion_id(c->s[0].e, oi)
                   : assay_engine_criterion_id(c->s[1].e, ni);
}

/* The criteria of script k (its list which, of n) that are marked (want
 * < 0: -1 in which; want > 0: non-zero), each as an item "WORDS: id";
 * 1 when there is one. */
static int id_items(cli_str *b, put_fn put, const cmp *c, int k,
                    const int *which, int n, int want, const char *words,
                    const char *open, const char *close)
{
    int any = 0;
    for (int i = 0; i < n; i++)
        if ((want < 0 && which[i] < 0) || (want > 0 && which[i])) {
            cli_str_addf(b, "%s%s: ", open, words);
            put(b, assay_engine_criterion_id(c->s[k].e, i));
            cli_str_adds(b, close);
            any = 1;
        }
    return any;
}

/* The script changes, each as an item opened by open and closed by
 * close; 0 when there is none. */
static int script_changes(cli_str *b, put_fn put, const cmp *c,
                          const char *open, const char *close)
{
    int any = id_items(b, put, c, 0, c->map, c->nold, -1,
                       "criterion removed", open, close);
    any |= id_items(b, put, c, 1, c->back, c->nnew, -1, "criterion added",
                    open, close);
    any |= id_items(b, put, c, 0, c->bands, c->nold, 1,
                    "band rules changed", open, close);
    if (c->verdicts_differ) {
        cli_str_addf(b, "%sverdict rules changed%s", open, close);
        any = 1;
    }
    const pair *p = first_pair(c);
    for (int i = 0; p && i < c->nold; i++) {
        double u, v;
        if (!weight_moved(c, p, i, &u, &v))
            continue;
        char x[40], y[40];
        num(x, sizeof x, u);
        num(y, sizeof y, v);
        cli_str_addf(b, "%sweight changed: ", open);
        put(b, assay_engine_criterion_id(c->s[0].e, i));
        cli_str_addf(b, " %s" ARROW "%s%s", x, y, close);
        any = 1;
    }
    return any;
}

/* The summary's figures, each as "open WORDS: value close". */
static void summary_items(cli_str *b, put_fn put, const cmp *c,
                          const char *open, const char *mid,
                          const char *close)
{
    summary s = summarize(c);
    const struct {
        const char *words;
        size_t n;
    } fig[] = {{"projects", c->npairs},
               {"verdicts changed", s.verdicts},
               {"ranks changed", s.ranks},
               {"scores changed", s.scores},
               {"in one run only", s.only}};
    for (size_t k = 0; k < sizeof fig / sizeof *fig; k++)
        cli_str_addf(b, "%s%s%s%zu%s", open, fig[k].words, mid, fig[k].n,
                     close);
    cli_str_addf(b, "%slargest score change%s", open, mid);
    if (s.largest) {
        char ch[40];
        num(ch, sizeof ch, s.change);
        cli_str_addf(b, "%s%s (", s.change > 0 ? "+" : "", ch);
        put(b, pair_id(c, s.largest));
        cli_str_adds(b, ")");
    } else {
        cli_str_adds(b, "none");
    }
    cli_str_adds(b, close);
}

static const char INTRO[] =
    "Ranks are by score, highest first, ties in input order.";

/* ---- Markdown ---- */

static void md_script(cli_str *b, const char *which, const side *s)
{
    cli_str_addf(b, "- %s script: ", which);
    cli_md_text(b, s->arg);
    cli_str_adds(b, " (path ");
    cli_md_text(b, assay_engine_script_path(s->e));
    cli_str_addf(b, ", sha256 %s)\n", assay_engine_script_sha256(s->e));
}

static void md_project(cli_str *b, const cmp *c, const pair *p)
{
    side_words x = words_of(&c->s[0], p->o), y = words_of(&c->s[1], p->n);
    cli_str_adds(b, "| ");
    cli_md_cell(b, pair_id(c, p));
    cli_str_adds(b, " | ");
    cli_md_cell(b, p->n != NONE ? y.name : x.name);
    cli_str_adds(b, " | ");
    doc_moved(b, cli_md_text, x.score, y.score);
    cli_str_adds(b, " | ");
    doc_moved(b, cli_md_text, x.verdict, y.verdict);
    cli_str_adds(b, " | ");
    doc_moved(b, cli_md_text, x.rank, y.rank);
    cli_str_adds(b, " | ");
    cli_md_cell(b, pair_note(p));
    cli_str_adds(b, " |\n");
}

static void md_criteria(cli_str *b, const cmp *c, const pair *p)
{
    int oi, ni;
    unsigned m;
    for (int i = 0, n = 0; (i = next_moved(c, p, i, &oi, &ni, &m)) >= 0;
         i++) {
        if (!n++) {
            cli_str_adds(b, "\n### ");
            cli_md_text(b, pair_id(c, p));
            cli_str_adds(b, "\n\n| criterion | changed | weight | status "
                            "| score | label |\n"
                            "|---|---|---:|---|---:|---|\n");
        }
        cli_str_adds(b, "| ");
        cli_md_cell(b, crit_id(c, oi, ni));
        cli_str_adds(b, " | ");
        change_words(b, m);
        cli_str_adds(b, " |");
        static const char *const open[] = {" ", " ", " ", " "};
        mark_cells(b, cli_md_text, c, p, oi, ni, open, " |");
        cli_str_addc(b, '\n');
    }
}

static void markdown(cli_str *b, const cmp *c, int all, int date)
{
    cli_str_adds(b, "# Script comparison\n\n- engine: assay ");
    cli_md_text(b, assay_version());
    cli_str_addc(b, '\n');
    md_script(b, "old", &c->s[0]);
    md_script(b, "new", &c->s[1]);
    if (date) { /* only when asked: a report is the same bytes each day */
        char day[16];
        cli_today(day);
        cli_str_addf(b, "- date: %s\n", day);
    }
    cli_str_adds(b, "\n## Summary\n\n");
    summary_items(b, cli_md_text, c, "- ", ": ", "\n");
    cli_str_adds(b, "\n## Script changes\n\n");
    if (!script_changes(b, cli_md_text, c, "- ", "\n"))
        cli_str_adds(b, "The same criteria, weights, band rules and verdict "
                        "rules.\n");
    cli_str_addf(b, "\n## Projects\n\n%s %s\n\n",
                 all ? "Every project." : "The projects whose score, verdict, "
                                          "rank or criteria changed.",
                 INTRO);
    size_t n = 0;
    for (size_t k = 0; k < c->npairs; k++) {
        if (!shown(&c->pairs[k], all))
            continue;
        if (!n++)
            cli_str_adds(b, "| project | name | score | verdict | rank | "
                            "note |\n|---|---|---:|---|---:|---|\n");
        md_project(b, c, &c->pairs[k]);
    }
    if (!n) {
        cli_str_adds(b, "No project changed.\n");
        return;
    }
    for (size_t k = 0; k < c->npairs; k++) {
        const pair *p = &c->pairs[k];
        if (shown(p, all) && p->o != NONE && p->n != NONE)
            md_criteria(b, c, p);
    }
}

/* ---- HTML ---- */

static const char COMPARE_STYLE[] =
    "table.cmp th.proj{font-weight:600;min-width:12rem}\n"
    "table.cmp .pid{display:block;font-family:ui-monospace,\"DejaVu Sans "
    "Mono\",Menlo,Consolas,monospace;font-size:.85em;color:#454b53;"
    "font-weight:400;overflow-wrap:anywhere}\n"
    "table.cmp td{white-space:nowrap}\n"
    ".arrow{color:#454b53}\n"
    "h3[id$=\"-h\"]{margin-top:1.5rem}\n";

static void h_script(cli_str *s, const char *which, const side *d)
{
    cli_str_addf(s, "<dt>%s script</dt><dd>", which);
    cli_html_text(s, d->arg);
    cli_str_addf(s, "</dd>\n<dt>%s path</dt><dd>", which);
    cli_html_text(s, assay_engine_script_path(d->e));
    cli_str_addf(s, "</dd>\n<dt>%s SHA-256</dt><dd><code>", which);
    cli_html_text(s, assay_engine_script_sha256(d->e));
    cli_str_adds(s, "</code></dd>\n");
}

/* The verdict cell: the old badge, and the new one when it differs. */
static void h_verdicts(cli_str *s, const cmp *c, const pair *p)
{
    side_words x = words_of(&c->s[0], p->o), y = words_of(&c->s[1], p->n);
    cli_str_adds(s, "<td class=\"vd\">");
    if (p->o != NONE)
        cli_html_verdict(s, c->s[0].e, x.verdict);
    else
        cli_str_adds(s, "(none)");
    if (p->o == NONE || p->n == NONE || !same_text(x.verdict, y.verdict)) {
        cli_str_adds(s, ARROW);
        if (p->n != NONE)
            cli_html_verdict(s, c->s[1].e, y.verdict);
        else
            cli_str_adds(s, "(none)");
    }
    cli_str_adds(s, "</td>");
}

static void h_project(cli_str *s, const cmp *c, const pair *p)
{
    side_words x = words_of(&c->s[0], p->o), y = words_of(&c->s[1], p->n);
    const char *name = p->n != NONE ? y.name : x.name;
    cli_str_adds(s, "<tr><th scope=\"row\" class=\"proj\">");
    cli_html_text(s, name && *name ? name : pair_id(c, p));
    cli_str_adds(s, " <span class=\"pid\">");
    cli_html_text(s, pair_id(c, p));
    cli_str_adds(s, "</span></th><td class=\"num sc\">");
    doc_moved(s, cli_html_text, x.score, y.score);
    cli_str_adds(s, "</td>");
    h_verdicts(s, c, p);
    cli_str_adds(s, "<td class=\"num rk\">");
    doc_moved(s, cli_html_text, x.rank, y.rank);
    cli_str_adds(s, "</td><td class=\"note\">");
    cli_html_text(s, pair_note(p));
    cli_str_adds(s, "</td></tr>\n");
}

static void h_criteria(cli_str *s, const cmp *c, const pair *p, size_t k)
{
    static const char *const heads[] = {"Criterion", "Changed", ">Weight",
                                        "Status", ">Score", "Label", NULL};
    int oi, ni, n = 0;
    unsigned m;
    for (int i = 0; (i = next_moved(c, p, i, &oi, &ni, &m)) >= 0; i++) {
        if (!n++) {
            cli_str_addf(s, "<h3 id=\"p%zu-h\">", k + 1);
            cli_html_text(s, pair_id(c, p));
            cli_str_adds(s, "</h3>\n");
            char cap[32];
            snprintf(cap, sizeof cap, "p%zu-cap", k + 1);
            cli_html_table_open(s, "list crit-moved", cap, 0);
            cli_str_adds(s, "The criteria that moved for ");
            cli_html_text(s, pair_id(c, p));
            cli_html_table_heads(s, heads);
        }
        cli_str_adds(s, "<tr><th scope=\"row\"><span class=\"cid\">");
        cli_html_text(s, crit_id(c, oi, ni));
        cli_str_adds(s, "</span></th><td class=\"why\">");
        change_words(s, m);
        cli_str_adds(s, "</td>");
        static const char *const open[] = {
            "<td class=\"num wt\">", "<td class=\"st\">",
            "<td class=\"num sc\">", "<td class=\"lb\">"};
        mark_cells(s, cli_html_text, c, p, oi, ni, open, "</td>");
        cli_str_adds(s, "</tr>\n");
    }
    if (n)
        cli_html_table_close(s);
}

static void html(cli_str *s, const cmp *c, int all, int date)
{
    summary sm = summarize(c);
    cli_html_open(s, "Script comparison", c->s[1].e, COMPARE_STYLE,
                  "projects", "projects");
    cli_str_addf(s, "<p class=\"lede\">%zu project%s evaluated by the old "
                 "script <b>", c->npairs, c->npairs == 1 ? "" : "s");
    cli_html_text(s, c->s[0].arg);
    cli_str_adds(s, "</b> and the new script <b>");
    cli_html_text(s, c->s[1].arg);
    cli_str_addf(s, "</b>: %zu verdict%s, %zu rank%s and %zu score%s "
                 "changed.</p>\n<dl class=\"run\">\n<dt>Engine</dt><dd>assay ",
                 sm.verdicts, sm.verdicts == 1 ? "" : "s", sm.ranks,
                 sm.ranks == 1 ? "" : "s", sm.scores,
                 sm.scores == 1 ? "" : "s");
    cli_html_text(s, assay_version());
    cli_str_adds(s, "</dd>\n");
    h_script(s, "Old", &c->s[0]);
    h_script(s, "New", &c->s[1]);
    if (date) {
        char day[16];
        cli_today(day);
        cli_str_addf(s, "<dt>Date</dt><dd>%s</dd>\n", day);
    }
    cli_str_adds(s, "</dl>\n");
    static const char *const toc[] = {"summary", "Summary", "changes",
                                      "Script changes", "projects",
                                      "Projects", NULL};
    cli_html_toc(s, toc);
    cli_str_adds(s, "<section id=\"summary\" aria-labelledby=\"summary-h\">"
                    "\n<h2 id=\"summary-h\">Summary</h2>\n<ul class=\"cards\">"
                    "\n");
    summary_items(s, cli_html_text, c, "<li>", ": <span class=\"n\">",
                  "</span></li>\n");
    cli_str_adds(s, "</ul>\n</section>\n<section id=\"changes\" "
                    "aria-labelledby=\"changes-h\">\n<h2 id=\"changes-h\">"
                    "Script changes</h2>\n<ul class=\"changes\">\n");
    if (!script_changes(s, cli_html_text, c, "<li>", "</li>\n"))
        cli_str_adds(s, "<li>The same criteria, weights, band rules and "
                        "verdict rules.</li>\n");
    cli_str_addf(s, "</ul>\n</section>\n<section id=\"projects\" "
                 "aria-labelledby=\"projects-h\">\n<h2 id=\"projects-h\">"
                 "Projects</h2>\n<p>%s %s</p>\n",
                 all ? "Every project." : "The projects whose score, verdict, "
                                          "rank or criteria changed.",
                 INTRO);
    static const char *const heads[] = {"Project", ">Score", "Verdict",
                                        ">Rank", "Note", NULL};
    size_t n = 0;
    for (size_t k = 0; k < c->npairs; k++) {
        if (!shown(&c->pairs[k], all))
            continue;
        if (!n++) {
            cli_html_table_open(s, "list cmp", "projects-cap", 1);
            cli_str_adds(s, "Each project's score, verdict and rank, old "
                            "and new");
            cli_html_table_heads(s, heads);
        }
        h_project(s, c, &c->pairs[k]);
    }
    if (n)
        cli_html_table_close(s);
    else
        cli_str_adds(s, "<p>No project changed.</p>\n");
    for (size_t k = 0; k < c->npairs; k++) {
        const pair *p = &c->pairs[k];
        if (shown(p, all) && p->o != NONE && p->n != NONE)
            h_criteria(s, c, p, k);
    }
    cli_str_adds(s, "</section>\n");
    cli_str note = {0};
    cli_str_adds(&note, "It was compared with the old script ");
    cli_html_text(&note, c->s[0].arg);
    cli_str_adds(&note, ".");
    if (note.oom)
        s->oom = 1;
    cli_html_close(s, c->s[1].e, cli_str_text(&note));
    cli_str_free(&note);
}

/* ---- The command ------------------------------------------------------- */

/* Take -s/--script (twice), --all and --fail-on-change out of argv, which
 * cli_parse does not know; the rest is left in place for it. Returns the
 * new argc, or -1 after a usage error. */
static int take_own(int argc, char **argv, const char **script, int *nscript,
                    int *all, int *fail)
{
    int n = 0, only_args = 0;
    for (int i = 0; i < argc; i++) {
        char *a = argv[i];
        const char *val = NULL;
        int is_s = 0;
        if (!only_args && !strcmp(a, "--"))
            only_args = 1;
        else if (!only_args && !strcmp(a, "--all")) {
            *all = 1;
            continue;
        } else if (!only_args && !strcmp(a, "--fail-on-change")) {
            *fail = 1;
            continue;
        } else if (!only_args && !strncmp(a, "-s", 2)) {
            is_s = 1;
            val = a[2] ? a + 2 : NULL;
        } else if (!only_args && !strcmp(a, "--script")) {
            is_s = 1;
        } else if (!only_args && !strncmp(a, "--script=", 9)) {
            is_s = 1;
            val = a + 9;
        }
        if (!is_s) {
            argv[n++] = a;
            continue;
        }
        if (!val && ++i >= argc) {
            cli_usage_error("compare ", "option '%s' needs a value", a);
            return -1;
        }
        if (!val)
            val = argv[i];
        if (*nscript == 2) {
            cli_usage_error("compare ", "%s", "-s is given twice: first the "
                            "old script, then the new one; not three times");
            return -1;
        }
        script[(*nscript)++] = val;
    }
    return n;
}

static void cmp_free(cmp *c)
{
    for (int k = 0; k < 2; k++) {
        assay_engine_free(c->s[k].e);
        cli_portfolio_free(&c->s[k].pf);
        free(c->s[k].rank);
    }
    cli_str_free(&c->diags);
    free(c->map);
    free(c->back);
    free(c->bands);
    free(c->pairs);
}

int cmd_compare(int argc, char **argv)
{
    const char *script[2] = {NULL, NULL};
    int nscript = 0, all = 0, fail = 0;
    int rest = take_own(argc, argv, script, &nscript, &all, &fail);
    if (rest < 0)
        return EXIT_USAGE;
    opts op = {0};
    int rc = cli_parse("compare ", rest, argv, &op, "fojDL", HELP_COMPARE);
    if (rc) {
        free(op.args);
        return rc > 0 ? 0 : EXIT_USAGE;
    }
    int status = EXIT_USAGE;
    cmp c = {0};
    assay_engine *reader = NULL;
    if (nscript != 2) {
        cli_usage_error("compare ", "%s", "give two scripts: -s OLD -s NEW");
        goto done;
    }
    if (!op.nargs) {
        cli_usage_error("compare ", "%s", "no case file or folder given");
        goto done;
    }
    int tty = !op.output && isatty(STDOUT_FILENO);
    const char *fname = op.format ? op.format : tty ? "table" : "json";
    static const char *const FORMATS[] = {"table", "json", "markdown",
                                          "html", NULL};
    int fmt = 0;
    while (FORMATS[fmt] && strcmp(fname, FORMATS[fmt]))
        fmt++;
    if (!FORMATS[fmt]) {
        cli_usage_error("compare ", "unknown format '%s' (table, json, "
                        "markdown, html)", fname);
        goto done;
    }
    if (!cli_date_ok("compare ", op.date, fmt >= 2, fname))
        goto done;
    int jobs = cli_jobs("compare ", op.jobs);
    if (!jobs)
        goto done;
    int color = !op.no_color && !getenv("NO_COLOR");
    c.color = tty && color;
    c.err_color = color && isatty(STDERR_FILENO);
    status = EXIT_OUTPUT;
    if (!(reader = cli_engine(&op.lim)))
        goto done;
    for (int k = 0; k < 2; k++) {
        c.s[k].arg = script[k];
        if (!(c.s[k].e = cli_engine(&op.lim)))
            goto done;
        assay_engine_set_jobs(c.s[k].e, jobs);
        assay_engine_on_diag(c.s[k].e, on_diag, &c);
        if (assay_engine_load_script(c.s[k].e, script[k])) {
            cli_printf(stderr, "%s: %s script: %s\n", prog,
                       k ? "new" : "old", assay_engine_errmsg(c.s[k].e));
            status = EXIT_INPUT;
            goto done;
        }
    }
    assay_engine_on_diag(reader, on_diag, &c);
    for (int i = 0; i < op.nargs; i++) {
        int r = assay_engine_read_path(reader, op.args[i], on_file, &c);
        if (r == ASSAY_ABORT)
            goto done; /* out of memory, said */
        if (r != ASSAY_OK && r != ASSAY_EINPUT) {
            cli_printf(stderr, "%s: %s\n", prog, assay_engine_errmsg(reader));
            c.input_bad = 1;
        }
    }
    if (rank_side(&c.s[0]) || rank_side(&c.s[1]) || map_criteria(&c) ||
        pair_up(&c)) {
        cli_printf(stderr, "%s: out of memory\n", prog);
        goto done;
    }
    FILE *f;
    char *tmp;
    if (cli_output_open(op.output, &f, &tmp))
        goto done;
    int incomplete = 0;
    if (fmt == 1) {
        if ((incomplete = json(f, &c) != 0))
            cli_printf(stderr, "%s: out of memory: no report\n", prog);
    } else if (fmt == 0) {
        table(f, &c, all);
    } else {
        /* made whole in memory: a report that memory cut short is not
         * written */
        cli_str b = {0};
        if (fmt == 2)
            markdown(&b, &c, all, op.date);
        else
            html(&b, &c, all, op.date);
        if ((incomplete = b.oom))
            cli_printf(stderr, "%s: out of memory: no report\n", prog);
        else
            fwrite(cli_str_text(&b), 1, b.n, f);
        cli_str_free(&b);
    }
    int unwritten = cli_output_close(f, op.output, tmp, incomplete);
    free(tmp);
    if (incomplete || unwritten)
        goto done;
    int changed = 0;
    for (size_t k = 0; k < c.npairs; k++)
        changed |= c.pairs[k].score || c.pairs[k].verdict;
    c.criteria_bad |= c.s[0].failed || c.s[1].failed;
    status = c.input_bad ? EXIT_INPUT
             : c.criteria_bad || (fail && changed) ? EXIT_CRITERIA
                                                   : EXIT_EVALUATED;
done:
    cmp_free(&c);
    assay_engine_free(reader);
    free(op.args);
    return status;
}

/*
 * cli_rank.c -- assay rank: rankings that need the whole portfolio at
 * once, TOPSIS (closeness to the portfolio's ideal) and PROMETHEE II (net
 * outranking flow), reported beside the script's weighted score.
 *
 * The criteria are the script's that weigh (weight > 0), their weights
 * rescaled to sum 1; a project's criterion scores come from one ordinary
 * evaluation (kept by cli_portfolio). All criteria are benefits: scores
 * are in [0, 1], higher is better. README "Portfolio rankings" and
 * assay(1) state the definitions, the degenerate cases and the policies
 * for criteria that are not assessable.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_rank.h"

static const char *const HELP_RANK =
    "usage: assay rank --method topsis|promethee [-s SCRIPT] [-f FORMAT]\n"
    "                  [-o FILE] [-j N] [OPTION]... CASE...\n"
    "\n"
    "Rank every project of the CASE files at once, by TOPSIS or PROMETHEE II\n"
    "over the script's weighted criteria, beside its weighted score.\n"
    "\n"
    "  -m, --method M       topsis (closeness to the portfolio's ideal, 0 to\n"
    "                       1) or promethee (net outranking flow, -1 to 1)\n"
    "  -s, --script SCRIPT  a stock script name or a path to a .lua file\n"
    "                       (default: success-features)\n"
    "  -f, --format FORMAT  table, json, csv, markdown or html (default:\n"
    "                       table on a terminal, json otherwise)\n"
    "  -o, --output FILE    write the report to FILE, atomically\n"
    "  -j, --jobs N         evaluate on N threads (default: the cores this\n"
    "                       process may use; the report is the same)\n"
    "      --date           html, markdown: put today's date in the report\n"
    "      --missing POLICY a weighted criterion that is not assessable:\n"
    "                       unranked (the default: the project is listed\n"
    "                       apart, with the criteria), zero (it scores 0),\n"
    "                       mean (the portfolio's mean of that criterion) or\n"
    "                       exclude-criterion (the criterion is left out for\n"
    "                       every project)\n"
    "      --preference F   promethee: usual (the default; any difference\n"
    "                       is a full preference) or linear (thresholds q\n"
    "                       and p: none up to q, full from p, linear between)\n"
    "      --threshold ID=Q:P  linear: criterion ID's thresholds, 0 <= Q <=\n"
    "                       P <= 1 (default 0.05:0.25); may be repeated\n"
    "  -h, --help           this help\n"
    "\n"
    "A criterion in error, or a project whose evaluation failed, leaves the\n"
    "project unranked whatever the policy.\n";

const char *const CLI_RANK_METHODS[] = {"topsis", "promethee", NULL};
const char *const CLI_RANK_PREFS[] = {"usual", "linear", NULL};
const char *const CLI_RANK_MISSING[] = {"unranked", "zero", "mean",
                                        "exclude-criterion", NULL};

#define DEFAULT_Q 0.05
#define DEFAULT_P 0.25

typedef struct threshold {
    const char *id;          /* argv's, up to '=' (len) */
    size_t len;
    double q, p;
} threshold;

typedef struct rank_ctx {
    cli_portfolio pf;
    double *weight;          /* the script's, from the first full result */
    int ncrit;
    unsigned long projects, failed, lost;
} rank_ctx;

typedef cli_rank_entry entry;

/* ---- The methods, on an n x m matrix of scores (row-major) ----------- */

/* TOPSIS. c[i] is the closeness, dp and dm the distances to the ideal
 * and the anti-ideal. */
static void topsis(size_t n, int m, const double *x, const double *w,
                   double *c, double *dp, double *dm, double *tmp)
{
    double *norm = tmp, *best = tmp + m, *worst = tmp + 2 * m;
    for (int j = 0; j < m; j++) {
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += x[i * m + j] * x[i * m + j];
        norm[j] = sqrt(s);
        best[j] = -INFINITY;
        worst[j] = INFINITY;
    }
    /* a column all zero leaves r = 0: it tells no project apart */
#define V(i, j) (norm[j] > 0 ? w[j] * (x[(i) * m + (j)] / norm[j]) : 0.0)
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
            double v = V(i, j);
            if (v > best[j])
                best[j] = v;
            if (v < worst[j])
                worst[j] = v;
        }
    for (size_t i = 0; i < n; i++) {
        double a = 0, b = 0;
        for (int j = 0; j < m; j++) {
            double v = V(i, j);
            a += (v - best[j]) * (v - best[j]);
            b += (v - worst[j]) * (v - worst[j]);
        }
        dp[i] = sqrt(a);
        dm[i] = sqrt(b);
        /* the ideal is the anti-ideal (every project alike): half way */
        c[i] = dp[i] + dm[i] > 0 ? dm[i] / (dp[i] + dm[i]) : 0.5;
    }
#undef V
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The first index of s[0..n) where keep(d) stops holding, d being
 * sign * (s[k] - a) (a monotone run of true, then false). */
static size_t cut(const double *s, size_t n, double a, int sign, double q,
                  double p, int full)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        double d = sign > 0 ? a - s[mid] : s[mid] - a;
        int keep = full ? (d > q && d >= p) : d > q;
        if (sign > 0 ? keep : !keep)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* PROMETHEE II with P(d) = 0 for d <= q, 1 for d >= p (and d > q),
 * (d - q) / (p - q) between; the usual function is q = p = 0. Per
 * criterion the values are sorted once and each project's sums over all
 * others come from binary searches and prefix sums: O(m n log n). */
static void promethee(size_t n, int m, const double *x, const double *w,
                      const double *q, const double *p, double *phi,
                      double *plus, double *minus, double *s, double *pre)
{
    for (size_t i = 0; i < n; i++)
        phi[i] = plus[i] = minus[i] = 0;
    for (int j = 0; j < m; j++) {
        for (size_t i = 0; i < n; i++)
            s[i] = x[i * m + j];
        qsort(s, n, sizeof *s, cmp_double);
        pre[0] = 0;
        for (size_t i = 0; i < n; i++)
            pre[i + 1] = pre[i] + s[i];
        double span = p[j] - q[j];
        for (size_t i = 0; i < n; i++) {
            double a = x[i * m + j];
            /* a over b: d = a - s[k] falls as k grows */
            size_t full = cut(s, n, a, 1, q[j], p[j], 1);
            size_t part = cut(s, n, a, 1, q[j], p[j], 0);
            double over = (double)full;
            if (part > full && span > 0)
                over += ((double)(part - full) * (a - q[j]) -
                         (pre[part] - pre[full])) / span;
            /* b over a: d = s[k] - a grows with k */
            size_t from = cut(s, n, a, -1, q[j], p[j], 0);
            size_t all = cut(s, n, a, -1, q[j], p[j], 1);
            double under = (double)(n - all);
            if (all > from && span > 0)
                under += ((pre[all] - pre[from]) -
                          (double)(all - from) * (a + q[j])) / span;
            plus[i] += w[j] * over;
            minus[i] += w[j] * under;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (n > 1) {
            plus[i] /= (double)(n - 1);
            minus[i] /= (double)(n - 1);
        } else {
            plus[i] = minus[i] = 0;
        }
        phi[i] = plus[i] - minus[i];
    }
}

/* ---- Evaluation ------------------------------------------------------- */

static void on_diag(void *ud, const assay_diag *d)
{
    (void)ud;
    cli_print_diag(d);
}

static int on_result(void *ud, const assay_result *r)
{
    rank_ctx *c = ud;
    c->projects++;
    int nc = assay_result_criterion_count(r);
    int failed = assay_result_error(r) != NULL;
    for (int i = 0; i < nc && !failed; i++)
        failed = assay_result_criterion_error(r, i) != NULL;
    c->failed += (unsigned long)failed;
    if (!c->weight && nc > 0 && !assay_result_error(r)) {
        if ((c->weight = malloc((size_t)nc * sizeof *c->weight))) {
            c->ncrit = nc;
            for (int i = 0; i < nc; i++)
                c->weight[i] = assay_result_criterion_weight(r, i);
        }
    }
    if (cli_portfolio_add(&c->pf, r))
        c->lost++;
    return 0;
}

/* ---- Options ---------------------------------------------------------- */

static int pick(const char *what, const char *val, const char *const *names)
{
    for (int k = 0; names[k]; k++)
        if (!strcmp(names[k], val))
            return k;
    cli_str list = {0};
    for (int k = 0; names[k]; k++) {
        cli_str_adds(&list, k ? ", " : "");
        cli_str_adds(&list, names[k]);
    }
    const char *near = NULL;
    int best = -1;
    for (int k = 0; names[k]; k++) {
        int d = assay_name_distance(val, names[k]);
        if (d >= 0 && (best < 0 || d < best))
            best = d, near = names[k];
    }
    if (near)
        cli_usage_error("rank ", "unknown %s '%s'; did you mean '%s'? (%s)",
                        what, val, near, cli_str_text(&list));
    else
        cli_usage_error("rank ", "unknown %s '%s' (%s)", what, val,
                        cli_str_text(&list));
    cli_str_free(&list);
    return -1;
}

/* ID=Q:P */
static int parse_threshold(const char *s, threshold *t)
{
    const char *eq = strchr(s, '=');
    if (!eq || eq == s)
        goto bad;
    t->id = s;
    t->len = (size_t)(eq - s);
    char *end;
    t->q = strtod(eq + 1, &end);
    if (end == eq + 1 || *end != ':')
        goto bad;
    const char *ps = end + 1;
    t->p = strtod(ps, &end);
    if (end == ps || *end)
        goto bad;
    if (!(t->q >= 0 && t->q <= t->p && t->p <= 1)) {
        cli_usage_error("rank ", "--threshold '%s': give 0 <= Q <= P <= 1", s);
        return -1;
    }
    return 0;
bad:
    cli_usage_error("rank ", "--threshold needs ID=Q:P (e.g. reach=0.05:0.25), "
                             "not '%s'", s);
    return -1;
}

/* The value of a rank option at argv[*i] named long (or -short): 1 and
 * *val when it is one, 0 when not, -1 on a usage error. */
static int rank_flag(int argc, char **argv, int *i, const char *lng,
                     char shrt, const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(lng);
    if (shrt && a[0] == '-' && a[1] == shrt) {
        *val = a[2] ? a + 2 : NULL;
    } else if (!strncmp(a, lng, n) && (a[n] == 0 || a[n] == '=')) {
        *val = a[n] == '=' ? a + n + 1 : NULL;
    } else {
        return 0;
    }
    if (!*val) {
        if (*i + 1 >= argc) {
            cli_usage_error("rank ", "option '%s' needs a value", a);
            return -1;
        }
        *val = argv[++*i];
    }
    return 1;
}

/* ---- The report ------------------------------------------------------- */

static const char *text_of(const cli_portfolio *pf, unsigned k)
{
    return cli_portfolio_text(pf, k);
}

static void json_num(cli_str *b, int has, double d)
{
    char tmp[ASSAY_NUMBER_MAX];
    if (has && isfinite(d) && assay_json_number(d, tmp, sizeof tmp) <
                                  sizeof tmp)
        cli_str_adds(b, tmp);
    else
        cli_str_adds(b, "null");
}

static void json_long(cli_str *b, long v)
{
    if (v > 0)
        cli_str_addf(b, "%ld", v);
    else
        cli_str_adds(b, "null");
}

typedef cli_rank_report report;

static void write_json(FILE *f, const report *R)
{
    cli_str b = {0};
    const cli_portfolio *pf = R->pf;
    cli_str_adds(&b, "{\"method\":");
    cli_str_json(&b, CLI_RANK_METHODS[R->method]);
    if (R->method == CLI_RANK_PROMETHEE) {
        cli_str_adds(&b, ",\"preference\":");
        cli_str_json(&b, CLI_RANK_PREFS[R->pref]);
    }
    cli_str_adds(&b, ",\"missing\":");
    cli_str_json(&b, CLI_RANK_MISSING[R->missing]);
    cli_str_adds(&b, ",\"script\":{\"name\":");
    cli_str_json(&b, assay_engine_script_name(R->e));
    cli_str_adds(&b, ",\"path\":");
    cli_str_json(&b, assay_engine_script_path(R->e));
    cli_str_adds(&b, "},\"criteria\":[");
    for (int j = 0; j < R->m; j++) {
        cli_str_adds(&b, j ? ",{\"id\":" : "{\"id\":");
        cli_str_json(&b, assay_engine_criterion_id(R->e, R->crit[j]));
        cli_str_adds(&b, ",\"weight\":");
        json_num(&b, 1, R->weight[R->crit[j]]);
        cli_str_adds(&b, ",\"share\":");
        json_num(&b, 1, R->w[j]);
        if (R->method == CLI_RANK_PROMETHEE && R->pref == CLI_RANK_LINEAR) {
            cli_str_adds(&b, ",\"q\":");
            json_num(&b, 1, R->q[j]);
            cli_str_adds(&b, ",\"p\":");
            json_num(&b, 1, R->p[j]);
        }
        cli_str_addc(&b, '}');
    }
    cli_str_adds(&b, "],\"excluded_criteria\":[");
    for (int j = 0; j < R->ndropped; j++) {
        if (j)
            cli_str_addc(&b, ',');
        cli_str_json(&b, R->dropped[j]);
    }
    cli_str_adds(&b, "],\n\"projects\":[");
    const char *k1 = R->method == CLI_RANK_TOPSIS ? "d_plus" : "phi_plus";
    const char *k2 = R->method == CLI_RANK_TOPSIS ? "d_minus" : "phi_minus";
    for (size_t i = 0; i < R->n; i++) {
        const entry *x = &R->ent[i];
        cli_str_adds(&b, i ? ",\n{\"rank\":" : "\n{\"rank\":");
        json_long(&b, x->rank);
        cli_str_adds(&b, ",\"id\":");
        cli_str_json(&b, x->row->id);
        cli_str_adds(&b, ",\"name\":");
        cli_str_json(&b, x->row->name);
        cli_str_adds(&b, ",\"file\":");
        cli_str_json(&b, text_of(pf, x->row->file));
        cli_str_addf(&b, ",\"line\":%lu,\"value\":", x->row->line);
        json_num(&b, x->ranked, x->value);
        cli_str_addf(&b, ",\"%s\":", k1);
        json_num(&b, x->ranked, x->extra1);
        cli_str_addf(&b, ",\"%s\":", k2);
        json_num(&b, x->ranked, x->extra2);
        cli_str_adds(&b, ",\"score\":");
        json_num(&b, x->row->has_score, x->row->score);
        cli_str_adds(&b, ",\"score_rank\":");
        json_long(&b, x->score_rank);
        cli_str_adds(&b, ",\"verdict\":");
        cli_str_json(&b, text_of(pf, x->row->verdict));
        cli_str_adds(&b, ",\"unranked\":");
        cli_str_json(&b, x->reason);
        cli_str_addc(&b, '}');
    }
    cli_str_addf(&b, "],\n\"summary\":{\"projects\":%zu,\"ranked\":%zu,"
                     "\"unranked\":%zu}}\n",
                 R->n, R->ranked, R->n - R->ranked);
    fwrite(cli_str_text(&b), 1, b.n, f);
    cli_str_free(&b);
}

static void write_csv(FILE *f, const report *R)
{
    cli_str b = {0};
    const cli_portfolio *pf = R->pf;
    cli_str_addf(&b, "rank,id,name,file,line,method,value,%s,score,"
                     "score_rank,verdict,unranked\r\n",
                 R->method == CLI_RANK_TOPSIS ? "d_plus,d_minus"
                                       : "phi_plus,phi_minus");
    for (size_t i = 0; i < R->n; i++) {
        const entry *x = &R->ent[i];
        cli_csv_number(&b, x->rank > 0, (double)x->rank);
        cli_str_addc(&b, ',');
        cli_csv_text(&b, x->row->id);
        cli_str_addc(&b, ',');
        cli_csv_text(&b, x->row->name);
        cli_str_addc(&b, ',');
        cli_csv_text(&b, text_of(pf, x->row->file));
        cli_str_addc(&b, ',');
        cli_csv_number(&b, x->row->line > 0, (double)x->row->line);
        cli_str_addc(&b, ',');
        cli_csv_text(&b, CLI_RANK_METHODS[R->method]);
        cli_str_addc(&b, ',');
        cli_csv_number(&b, x->ranked, x->value);
        cli_str_addc(&b, ',');
        cli_csv_number(&b, x->ranked, x->extra1);
        cli_str_addc(&b, ',');
        cli_csv_number(&b, x->ranked, x->extra2);
        cli_str_addc(&b, ',');
        cli_csv_number(&b, x->row->has_score, x->row->score);
        cli_str_addc(&b, ',');
        cli_csv_number(&b, x->score_rank > 0, (double)x->score_rank);
        cli_str_addc(&b, ',');
        cli_csv_text(&b, text_of(pf, x->row->verdict));
        cli_str_addc(&b, ',');
        cli_csv_text(&b, x->reason);
        cli_str_adds(&b, "\r\n");
    }
    fwrite(cli_str_text(&b), 1, b.n, f);
    cli_str_free(&b);
}

static void write_table(FILE *f, const report *R)
{
    const cli_portfolio *pf = R->pf;
    size_t idw = 2;
    for (size_t i = 0; i < R->n; i++) {
        size_t w = cli_width(R->ent[i].row->id);
        if (w > idw)
            idw = w;
    }
    if (idw > 30)
        idw = 30;
    cli_printf(f, "%s", R->method == CLI_RANK_TOPSIS ? "TOPSIS closeness"
                                              : "PROMETHEE II net flow");
    if (R->method == CLI_RANK_PROMETHEE)
        cli_printf(f, " (%s preference)", CLI_RANK_PREFS[R->pref]);
    cli_printf(f, ", script %s, %d criteria, missing: %s\n",
               assay_engine_script_name(R->e), R->m,
               CLI_RANK_MISSING[R->missing]);
    for (int j = 0; j < R->ndropped; j++)
        cli_printf(f, "excluded criterion: %s\n", R->dropped[j]);
    cli_printf(f, "\n%4s  ", "rank");
    cli_cell(f, "id", idw, 1);
    cli_printf(f, "  %9s  %6s  %5s  %s\n",
               R->method == CLI_RANK_TOPSIS ? "closeness" : "net flow", "score",
               "s.rk", "verdict");
    for (size_t i = 0; i < R->n; i++) {
        const entry *x = &R->ent[i];
        if (x->ranked)
            cli_printf(f, "%4ld  ", x->rank);
        else
            cli_printf(f, "%4s  ", "-");
        cli_cell(f, x->row->id, idw, 1);
        if (x->ranked)
            cli_printf(f, "  %9.4f", x->value);
        else
            cli_printf(f, "  %9s", "-");
        if (x->row->has_score)
            cli_printf(f, "  %6.3f", x->row->score);
        else
            cli_printf(f, "  %6s", "-");
        if (x->score_rank > 0)
            cli_printf(f, "  %5ld", x->score_rank);
        else
            cli_printf(f, "  %5s", "-");
        const char *v = text_of(pf, x->row->verdict);
        cli_printf(f, "  %s\n", v ? v : "(no verdict)");
        if (x->reason)
            cli_printf(f, "      unranked: %s\n", x->reason);
    }
    cli_printf(f, "\n%zu project%s, %zu ranked, %zu unranked\n", R->n,
               R->n == 1 ? "" : "s", R->ranked, R->n - R->ranked);
}

/* ---- Putting it together ---------------------------------------------- */

/* Ranked first, by value high first; then input order. */
static int by_value(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    if (a->ranked != b->ranked)
        return b->ranked - a->ranked;
    if (a->ranked && a->value != b->value)
        return a->value < b->value ? 1 : -1;
    return (a->row->seq > b->row->seq) - (a->row->seq < b->row->seq);
}

static int by_score(const void *pa, const void *pb)
{
    const entry *a = *(const entry *const *)pa, *b = *(const entry *const *)pb;
    if (a->row->has_score != b->row->has_score)
        return b->row->has_score - a->row->has_score;
    if (a->row->score != b->row->score)
        return a->row->score < b->row->score ? 1 : -1;
    return 0;
}

/* "not assessable: a, b" and/or "in error: c" for the criteria of row
 * among crit[0..m) that lack a score; NULL when none. */
static char *reason_of(const cli_portfolio *pf, const assay_engine *e,
                       const cli_row *row, const int *crit, int m,
                       int errors_only)
{
    cli_str b = {0};
    for (int pass = 0; pass < 2; pass++) {
        int first = 1;
        for (int j = 0; j < m; j++) {
            const cli_mark *mk = &row->crit[crit[j]];
            if (mk->has_score)
                continue;
            const char *st = text_of(pf, mk->status);
            int err = st && !strcmp(st, "error");
            if (err != pass || (errors_only && !err))
                continue;
            if (first)
                cli_str_adds(&b, b.n ? "; " : "");
            cli_str_adds(&b, first ? (pass ? "in error: "
                                           : "not assessable: ")
                                   : ", ");
            cli_str_adds(&b, assay_engine_criterion_id(e, crit[j]));
            first = 0;
        }
    }
    if (!b.n || b.oom) {
        cli_str_free(&b);
        return NULL;
    }
    return b.p;
}

int cmd_rank(int argc, char **argv)
{
    const char *method = NULL, *pref = NULL, *missing = NULL;
    threshold *th = calloc((size_t)argc + 1, sizeof *th);
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    int nth = 0, nrest = 0, status = EXIT_USAGE;
    opts op = {0};
    rank_ctx c = {0};
    assay_engine *e = NULL;
    entry *ent = NULL;
    double *buf = NULL;
    int *crit = NULL;
    const char **dropped = NULL;
    char *tmp = NULL;
    FILE *f = stdout;
    if (!th || !rest)
        goto done;
    /* take the rank options out; the shared ones go to cli_parse */
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        int r;
        if (!strcmp(a, "--")) {
            while (i < argc)
                rest[nrest++] = argv[i++];
            break;
        }
        if ((r = rank_flag(argc, argv, &i, "--method", 'm', &val))) {
            if (r < 0)
                goto done;
            method = val;
        } else if ((r = rank_flag(argc, argv, &i, "--preference", 0, &val))) {
            if (r < 0)
                goto done;
            pref = val;
        } else if ((r = rank_flag(argc, argv, &i, "--missing", 0, &val))) {
            if (r < 0)
                goto done;
            missing = val;
        } else if ((r = rank_flag(argc, argv, &i, "--threshold", 0, &val))) {
            if (r < 0 || parse_threshold(val, &th[nth++]))
                goto done;
        } else {
            rest[nrest++] = argv[i];
            /* a shared option's separate value is not one of ours */
            if ((!strcmp(a, "-s") || !strcmp(a, "-f") || !strcmp(a, "-o") ||
                 !strcmp(a, "-j") || !strcmp(a, "--script") ||
                 !strcmp(a, "--format") || !strcmp(a, "--output") ||
                 !strcmp(a, "--jobs")) && i + 1 < argc)
                rest[nrest++] = argv[++i];
        }
    }
    int rc = cli_parse("rank ", nrest, rest, &op, "sfojDL", HELP_RANK);
    if (rc) {
        if (rc > 0)
            status = EXIT_EVALUATED;
        goto done;
    }
    if (!method) {
        cli_usage_error("rank ", "%s", "--method is needed (topsis, promethee)");
        goto done;
    }
    int mth = pick("method", method, CLI_RANK_METHODS);
    int prf = pref ? pick("preference function", pref, CLI_RANK_PREFS)
                   : CLI_RANK_USUAL;
    int mis = missing ? pick("missing policy", missing, CLI_RANK_MISSING)
                      : CLI_RANK_UNRANKED;
    if (mth < 0 || prf < 0 || mis < 0)
        goto done;
    if (pref && mth != CLI_RANK_PROMETHEE) {
        cli_usage_error("rank ", "%s", "--preference is for --method promethee");
        goto done;
    }
    if (nth && prf != CLI_RANK_LINEAR) {
        cli_usage_error("rank ", "%s", "--threshold is for --preference linear");
        goto done;
    }
    if (!op.nargs) {
        cli_usage_error("rank ", "%s", "no case file or folder given");
        goto done;
    }
    int tty = !op.output && isatty(1);
    const char *fname = op.format ? op.format : tty ? "table" : "json";
    static const char *const FORMATS[] = {"table", "json", "csv",
                                          "markdown", "html", NULL};
    int fmt = pick("format", fname, FORMATS);
    if (fmt < 0)
        goto done;
    if (!cli_date_ok("rank ", op.date, fmt >= 3, fname))
        goto done;
    int jobs = cli_jobs("rank ", op.jobs);
    if (!jobs)
        goto done;
    if (!(e = cli_engine(&op.lim))) {
        status = EXIT_OUTPUT;
        goto done;
    }
    assay_engine_set_jobs(e, jobs);
    if (cli_load_script(e, op.script)) {
        status = EXIT_INPUT;
        goto done;
    }
    int ncrit = assay_engine_criterion_count(e);
    /* every threshold names a criterion of the script */
    for (int t = 0; t < nth; t++) {
        int found = 0;
        const char *near = NULL;
        int best = -1;
        char *id = strndup(th[t].id, th[t].len);
        for (int j = 0; id && j < ncrit && !found; j++) {
            const char *cid = assay_engine_criterion_id(e, j);
            found = !strcmp(cid, id);
            int d = assay_name_distance(id, cid);
            if (d >= 0 && (best < 0 || d < best))
                best = d, near = cid;
        }
        if (!found) {
            if (near)
                cli_usage_error("rank ", "--threshold: the script has no "
                                "criterion '%s'; did you mean '%s'?",
                                id ? id : "", near);
            else
                cli_usage_error("rank ", "--threshold: the script has no "
                                "criterion '%s'", id ? id : "");
            free(id);
            goto done;
        }
        free(id);
    }
    assay_engine_on_diag(e, on_diag, &c);
    int input_bad = 0;
    for (int i = 0; i < op.nargs; i++) {
        int r = assay_engine_eval_path(e, op.args[i], on_result, &c);
        if (r == ASSAY_EINPUT)
            input_bad = 1;
        else if (r != ASSAY_OK && r != ASSAY_ECRITERIA) {
            cli_printf(stderr, "%s: %s\n", prog, assay_engine_errmsg(e));
            input_bad = 1;
        }
    }
    if (c.lost) {
        cli_printf(stderr, "%s: out of memory: %lu projects could not be "
                           "kept for the ranking\n", prog, c.lost);
        status = EXIT_OUTPUT;
        goto done;
    }
    cli_portfolio *pf = &c.pf;
    size_t n = pf->n;
    if (c.ncrit != ncrit) /* no project gave the weights */
        c.ncrit = 0;
    ent = calloc(n ? n : 1, sizeof *ent);
    crit = calloc((size_t)ncrit + 1, sizeof *crit);
    dropped = calloc((size_t)ncrit + 1, sizeof *dropped);
    if (!ent || !crit || !dropped)
        goto oom;
    /* the criteria that weigh, and who can be ranked at all */
    int m = 0;
    for (int j = 0; j < c.ncrit; j++)
        if (c.weight[j] > 0)
            crit[m++] = j;
    for (size_t i = 0; i < n; i++) {
        cli_row *row = &pf->rows[i];
        ent[i].row = row;
        ent[i].ranked = 1;
        if (row->error || row->ncrit != ncrit) {
            ent[i].ranked = 0;
            ent[i].reason = strdup("the project's evaluation failed");
        } else if ((ent[i].reason = reason_of(pf, e, row, crit, m, 1))) {
            ent[i].ranked = 0;
        }
        if (!ent[i].ranked && !ent[i].reason)
            goto oom;
    }
    /* the policy for criteria that are not assessable */
    int ndropped = 0;
    if (mis == CLI_RANK_EXCLUDE || mis == CLI_RANK_MEAN) {
        int keep = 0;
        for (int j = 0; j < m; j++) {
            int lacking = 0, any = 0;
            for (size_t i = 0; i < n; i++)
                if (ent[i].ranked) {
                    lacking |= !ent[i].row->crit[crit[j]].has_score;
                    any |= ent[i].row->crit[crit[j]].has_score;
                }
            /* mean: a criterion no project scores has no mean */
            if ((mis == CLI_RANK_EXCLUDE && lacking) ||
                (mis == CLI_RANK_MEAN && lacking && !any))
                dropped[ndropped++] = assay_engine_criterion_id(e, crit[j]);
            else
                crit[keep++] = crit[j];
        }
        m = keep;
    }
    if (mis == CLI_RANK_UNRANKED)
        for (size_t i = 0; i < n; i++)
            if (ent[i].ranked &&
                (ent[i].reason = reason_of(pf, e, ent[i].row, crit, m, 0)))
                ent[i].ranked = 0;
    /* the matrix of the ranked projects */
    size_t nr = 0;
    for (size_t i = 0; i < n; i++)
        nr += (size_t)ent[i].ranked;
    size_t cells = nr * (size_t)m;
    buf = malloc((cells + 8 * nr + 8 * (size_t)m + 8) * sizeof *buf);
    if (!buf)
        goto oom;
    double *x = buf, *w = x + cells, *q = w + m, *p = q + m, *mean = p + m;
    double *val = mean + m, *e1 = val + nr, *e2 = e1 + nr, *s = e2 + nr,
           *pre = s + nr, *tmpm = pre + nr + 1;
    double wsum = 0;
    for (int j = 0; j < m; j++)
        wsum += c.weight[crit[j]];
    for (int j = 0; j < m; j++) {
        w[j] = c.weight[crit[j]] / wsum;
        const char *cid = assay_engine_criterion_id(e, crit[j]);
        q[j] = prf == CLI_RANK_LINEAR ? DEFAULT_Q : 0;
        p[j] = prf == CLI_RANK_LINEAR ? DEFAULT_P : 0;
        for (int t = 0; t < nth && prf == CLI_RANK_LINEAR; t++)
            if (th[t].len == strlen(cid) && !strncmp(th[t].id, cid, th[t].len))
                q[j] = th[t].q, p[j] = th[t].p;
        double sum = 0;
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (ent[i].ranked && ent[i].row->crit[crit[j]].has_score) {
                sum += ent[i].row->crit[crit[j]].score;
                k++;
            }
        mean[j] = k ? sum / (double)k : 0;
    }
    size_t r = 0;
    for (size_t i = 0; i < n; i++) {
        if (!ent[i].ranked)
            continue;
        for (int j = 0; j < m; j++) {
            const cli_mark *mk = &ent[i].row->crit[crit[j]];
            x[r * m + j] = mk->has_score ? mk->score
                           : mis == CLI_RANK_MEAN ? mean[j] : 0;
        }
        r++;
    }
    if (mth == CLI_RANK_TOPSIS)
        topsis(nr, m, x, w, val, e1, e2, tmpm);
    else
        promethee(nr, m, x, w, q, p, val, e1, e2, s, pre);
    r = 0;
    for (size_t i = 0; i < n; i++)
        if (ent[i].ranked) {
            ent[i].value = val[r];
            ent[i].extra1 = e1[r];
            ent[i].extra2 = e2[r];
            r++;
        }
    /* ranks: ties share the better one (1, 2, 2, 4) */
    report R = {mth, prf, mis, e, &c.pf, c.weight, ent, n, crit, w, q, p,
                m, dropped, ndropped, nr, op.date};
    if (n)
        qsort(ent, n, sizeof *ent, by_value);
    for (size_t i = 0; i < nr; i++)
        ent[i].rank = i && ent[i].value == ent[i - 1].value
                          ? ent[i - 1].rank : (long)i + 1;
    entry **by = malloc((nr ? nr : 1) * sizeof *by);
    if (!by)
        goto oom;
    for (size_t i = 0; i < nr; i++)
        by[i] = &ent[i];
    if (nr)
        qsort(by, nr, sizeof *by, by_score);
    for (size_t i = 0; i < nr; i++)
        if (by[i]->row->has_score)
            by[i]->score_rank = i && by[i - 1]->row->has_score &&
                                        by[i]->row->score ==
                                            by[i - 1]->row->score
                                    ? by[i - 1]->score_rank : (long)i + 1;
    free(by);
    if (cli_output_open(op.output, &f, &tmp)) {
        status = EXIT_OUTPUT;
        goto done;
    }
    int incomplete = 0;
    if (fmt == 0) {
        write_table(f, &R);
    } else if (fmt == 1) {
        write_json(f, &R);
    } else if (fmt == 2) {
        write_csv(f, &R);
    } else {
        /* made whole in memory: a report that memory cut short is not
         * written (-o) or said to be incomplete */
        cli_str b = {0};
        if (fmt == 3)
            cli_rank_markdown(&b, &R);
        else
            cli_rank_html(&b, &R);
        incomplete = b.oom;
        if (!incomplete)
            fwrite(cli_str_text(&b), 1, b.n, f);
        cli_str_free(&b);
    }
    status = input_bad ? EXIT_INPUT : c.failed ? EXIT_CRITERIA
                                               : EXIT_EVALUATED;
    if (c.failed)
        cli_printf(stderr, "%s: %lu of %lu project%s had criteria that ended "
                           "in error (they are unranked)\n", prog, c.failed,
                   c.projects, c.projects == 1 ? "" : "s");
    if (cli_output_close(f, op.output, tmp, incomplete))
        status = EXIT_OUTPUT;
    if (incomplete) {
        cli_printf(stderr, "%s: out of memory: the report could not be "
                           "made\n", prog);
        status = EXIT_OUTPUT;
    }
    goto done;
oom:
    cli_printf(stderr, "%s: out of memory\n", prog);
    status = EXIT_OUTPUT;
done:
    for (size_t i = 0; ent && i < c.pf.n; i++)
        free(ent[i].reason);
    free(ent);
    free(buf);
    free(crit);
    free(dropped);
    free(tmp);
    free(c.weight);
    cli_portfolio_free(&c.pf);
    assay_engine_free(e);
    free(op.args);
    free(th);
    free(rest);
    return status;
}

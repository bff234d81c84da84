/*
 * cli_sens.c -- assay sensitivity: how the verdicts and the ranking move
 * when the script's weights move. Each project's criteria are evaluated
 * once; in its result callback the library weighs them again
 * (assay_result_reweigh) with every weighting asked for, all prepared
 * before the run, so every project sees the same ones.
 *
 * One weight at a time: weight i is set to v in [0, T] (T the total), the
 * others scaled by (T - v) / (T - w_i) so the total stays T. Verdicts are
 * looked at on a grid of GRID + 1 points and at w_i +- each delta; the
 * first grid point where a project's verdict differs is bisected against
 * the last that holds down to BISECT (1e-6). The top project is followed
 * on the same grid only (its interval is exact to T / GRID): telling
 * where two projects cross would need both alive at once.
 *
 * Monte Carlo: N weightings drawn from a Dirichlet with alpha_i = c w_i /
 * T (criteria of weight 0 stay 0), by gamma deviates (Marsaglia and Tsang)
 * from xoshiro256** seeded through SplitMix64, drawn in one order whatever
 * -j is. Per project the scores' quantiles and the verdicts' shares are
 * made in its callback; ranks are kept as each sample's RANKS best
 * (memory N * RANKS, not N * projects).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define GRID 200
#define BISECT 1e-6
#define RANKS 10

/* ---- Random weights ---- */

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

typedef struct rng { uint64_t s[4]; } rng;

static uint64_t next64(rng *g)
{
    uint64_t *s = g->s, r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return r;
}

/* Uniform in (0, 1): 53 bits, never 0. */
static double uniform(rng *g)
{
    return ((double)(next64(g) >> 11) + 0.5) * 0x1.0p-53;
}

/* Standard normal, by Box and Muller (one of the pair used). */
static double normal(rng *g)
{
    double u1 = uniform(g), u2 = uniform(g);
    return sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
}

/* Gamma(a, 1), a > 0: Marsaglia and Tsang; a < 1 boosted by U^(1/a). */
static double gamma_dev(rng *g, double a)
{
    if (a < 1) {
        double x = gamma_dev(g, a + 1);
        return x * pow(uniform(g), 1 / a);
    }
    double d = a - 1.0 / 3, c = 1 / sqrt(9 * d);
    for (;;) {
        double x = normal(g), v = 1 + c * x;
        if (v <= 0)
            continue;
        v = v * v * v;
        double u = uniform(g);
        if (log(u) < 0.5 * x * x + d - d * v + d * log(v))
            return d * v;
    }
}

/* ---- The run ---- */

typedef struct proj {
    char *id;
    char *error;             /* the first weighing that failed, or NULL */
    int skipped;             /* one hit a limit: left out of the figures */
    int has_score, verdict;
    double score;
    double q[5];             /* min, 5 %, 50 %, 95 %, max */
    int has_q;
    unsigned *vcount;        /* per verdict rule, then none */
    unsigned *rank;          /* ranks 1..RANKS */
} proj;

typedef struct crit {
    int on;                  /* weighs: moved one at a time */
    double lo, hi;           /* the weight's range where no verdict moves */
    char *lo_by, *hi_by;     /* the project that bounds it */
    double best[GRID + 1];   /* the top score at each grid point */
    size_t who[GRID + 1];    /* and its project (SIZE_MAX: none) */
    unsigned *changed;       /* per delta point: verdicts changed */
    double *dbest;           /* per delta point: top score, project */
    size_t *dwho;
} crit;

typedef struct sens {
    assay_engine *e;
    int nc, nv;
    double *w, total;
    double *delta;
    int nd;
    size_t ns;               /* Monte Carlo samples */
    double conc;
    unsigned long long seed;
    double *rows;            /* every weighting, nc each */
    size_t nrows, base_row, mc_row;
    size_t *grid_row, *delta_row;  /* per criterion: its first row */
    assay_reweighed *out;
    struct cut {             /* a bisection: weight i, between a weight */
        int i;               /* that holds and one that does not */
        double in, out;
    } *cut;                  /* two per criterion: above, below */
    double *cut_rows;        /* one round of them, and its results */
    assay_reweighed *cut_out;
    double *scores;          /* one project's Monte Carlo scores */
    crit *c;
    proj *p;
    size_t np, capp;
    double *top;             /* per sample: RANKS best scores */
    size_t *topwho, *topn;
    double base_best;
    size_t base_who;
    int oom;
    size_t failed;           /* projects with a weighing that failed */
} sens;

/* Weight i set to v, the others scaled to keep the total. */
static void moved(const sens *s, int i, double v, double *row)
{
    double rest = s->total - s->w[i];
    for (int j = 0; j < s->nc; j++)
        row[j] = j == i ? v : rest > 0 ? s->w[j] * (s->total - v) / rest : 0;
}

static int prepare(sens *s)
{
    int nc = s->nc;
    size_t n = 1;
    for (int i = 0; i < nc; i++)
        if (s->c[i].on)
            n += GRID + 1 + 2 * (size_t)s->nd;
    s->mc_row = n;
    n += s->ns;
    s->nrows = n;
    s->rows = calloc(n * (size_t)nc, sizeof *s->rows);
    s->out = calloc(n, sizeof *s->out);
    s->scores = calloc(s->ns ? s->ns : 1, sizeof *s->scores);
    s->grid_row = calloc((size_t)nc, sizeof *s->grid_row);
    s->top = calloc(s->ns * RANKS + 1, sizeof *s->top);
    s->topwho = calloc(s->ns * RANKS + 1, sizeof *s->topwho);
    s->topn = calloc(s->ns + 1, sizeof *s->topn);
    s->cut = calloc(2 * (size_t)nc, sizeof *s->cut);
    s->cut_rows = calloc(2 * (size_t)nc * (size_t)nc, sizeof *s->cut_rows);
    s->cut_out = calloc(2 * (size_t)nc, sizeof *s->cut_out);
    if (!s->rows || !s->out || !s->scores || !s->grid_row || !s->top ||
        !s->topwho || !s->topn || !s->cut || !s->cut_rows || !s->cut_out)
        return -1;
    memcpy(s->rows, s->w, (size_t)nc * sizeof *s->w);
    size_t k = 1;
    for (int i = 0; i < nc; i++) {
        crit *c = &s->c[i];
        if (!c->on)
            continue;
        s->grid_row[i] = k;
        for (int j = 0; j <= GRID; j++, k++)
            moved(s, i, s->total * j / GRID, s->rows + k * (size_t)nc);
        for (int d = 0; d < 2 * s->nd; d++, k++) {
            double v = s->w[i] + (d & 1 ? 1 : -1) * s->delta[d / 2];
            moved(s, i, v < 0 ? 0 : v > s->total ? s->total : v,
                  s->rows + k * (size_t)nc);
        }
        c->lo = 0;
        c->hi = s->total;
        c->changed = calloc(2 * (size_t)s->nd + 1, sizeof *c->changed);
        c->dbest = calloc(2 * (size_t)s->nd + 1, sizeof *c->dbest);
        c->dwho = calloc(2 * (size_t)s->nd + 1, sizeof *c->dwho);
        if (!c->changed || !c->dbest || !c->dwho)
            return -1;
        for (int j = 0; j <= GRID; j++)
            c->who[j] = SIZE_MAX;
        for (int d = 0; d < 2 * s->nd; d++)
            c->dwho[d] = SIZE_MAX;
    }
    /* Monte Carlo rows, drawn in one order: sample by sample, criterion
     * by criterion in the script's order */
    uint64_t sm = s->seed;
    rng g;
    for (int j = 0; j < 4; j++)
        g.s[j] = splitmix64(&sm);
    for (size_t m = 0; m < s->ns; m++, k++) {
        double *row = s->rows + k * (size_t)nc, sum = 0;
        for (int i = 0; i < nc; i++) {
            row[i] = s->w[i] > 0 ? gamma_dev(&g, s->conc * s->w[i] / s->total)
                                 : 0;
            sum += row[i];
        }
        for (int i = 0; i < nc; i++)
            row[i] = row[i] / sum * s->total;
    }
    return 0;
}

static void keep_top(double *best, size_t *who, const assay_reweighed *o,
                     size_t idx)
{
    if (!o->has_score)
        return;
    if (*who == SIZE_MAX || o->score > *best) {
        *best = o->score;
        *who = idx;
    }
}

static int same(const assay_reweighed *a, const assay_reweighed *b)
{
    return a->verdict == b->verdict && a->failed == b->failed;
}

static void num(cli_str *o, double d)
{
    char b[ASSAY_NUMBER_MAX];
    assay_json_number(d, b, sizeof b);
    cli_str_adds(o, b);
}

/* Note that a weighing of project p failed, with the library's message:
 * the weighing of row k of s->rows, or with weight i at v (k SIZE_MAX).
 * The first failure of a project is kept. */
static void note_failure(sens *s, proj *p, size_t k, int i, double v)
{
    if (p->error)
        return;
    for (int j = 0; k != SIZE_MAX && k && k < s->mc_row && j < s->nc; j++)
        if (s->c[j].on && k >= s->grid_row[j]) {
            i = j;
            v = s->rows[k * (size_t)s->nc + j];
        }
    cli_str o = {0};
    if (k != SIZE_MAX && k >= s->mc_row) {
        cli_str_addf(&o, "in Monte Carlo sample %zu: ", k - s->mc_row + 1);
    } else if (k == 0) {
        cli_str_adds(&o, "with the script's weights: ");
    } else {
        cli_str_adds(&o, "with weight ");
        cli_str_adds(&o, assay_engine_criterion_id(s->e, i));
        cli_str_adds(&o, " at ");
        num(&o, v);
        cli_str_adds(&o, ": ");
    }
    cli_str_adds(&o, assay_engine_errmsg(s->e));
    s->failed++;
    if (o.oom)
        s->oom = 1;
    p->error = o.p; /* owned by p now */
}

/* Bisect each of the n cuts until in is within BISECT of out, all cuts
 * of a round weighed in one call: each ends with in the last weight
 * known to hold. 1 when a weighing hit a limit (the rest of its round
 * was not tried), else 0. */
static int bisect(sens *s, const assay_result *r, proj *p, int n,
                  const assay_reweighed *base)
{
    int nc = s->nc, which[2 * nc];  /* the cut of each row of a round */
    for (;;) {
        int m = 0;
        for (int k = 0; k < n; k++) {
            struct cut *c = &s->cut[k];
            if (fabs(c->out - c->in) > BISECT) {
                moved(s, c->i, (c->in + c->out) / 2,
                      s->cut_rows + (size_t)m * (size_t)nc);
                which[m++] = k;
            }
        }
        if (!m)
            return 0;
        if (assay_result_reweigh(s->e, r, s->cut_rows, (size_t)m,
                                 s->cut_out) == ASSAY_ECRITERIA) {
            int k = 0;
            while (k + 1 < m && !s->cut_out[k].failed)
                k++;
            const struct cut *c = &s->cut[which[k]];
            note_failure(s, p, SIZE_MAX, c->i, (c->in + c->out) / 2);
            if (s->cut_out[m - 1].skipped)
                return 1;
        }
        for (int k = 0; k < m; k++) {
            struct cut *c = &s->cut[which[k]];
            double mid = (c->in + c->out) / 2;
            if (same(&s->cut_out[k], base))
                c->in = mid;
            else
                c->out = mid;
        }
    }
}

/* Walk the grid from wi up (dir 1) or down (-1) while ok[j] holds: 1
 * when a point that does not hold is met, with *in the last weight that
 * held (wi at first) and *out that point's weight; else 0, *in the end
 * of the range. */
static int grid_break(const sens *s, double wi, const unsigned char *ok,
                      int dir, double *in, double *out)
{
    *in = wi;
    for (int k = 0; k <= GRID; k++) {
        int j = dir > 0 ? k : GRID - k;
        double v = s->total * j / GRID;
        if (dir > 0 ? v <= wi : v >= wi)
            continue;
        if (!ok[j]) {
            *out = v;
            return 1;
        }
        *in = v;
    }
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantile p of n sorted values, linear between order statistics (the
 * R default, type 7). */
static double quantile(const double *x, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return x[n - 1];
    return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

static int on_result(void *ud, const assay_result *r)
{
    sens *s = ud;
    if (s->np == s->capp) {
        size_t cap = s->capp ? 2 * s->capp : 64;
        proj *p = realloc(s->p, cap * sizeof *p);
        if (!p) {
            s->oom = 1;
            return 1;
        }
        s->p = p;
        s->capp = cap;
    }
    size_t idx = s->np;
    proj *p = &s->p[s->np++];
    memset(p, 0, sizeof *p);
    p->id = strdup(assay_result_id(r));
    p->vcount = calloc((size_t)s->nv + 1, sizeof *p->vcount);
    p->rank = calloc(RANKS, sizeof *p->rank);
    if (!p->id || !p->vcount || !p->rank) {
        s->oom = 1;
        return 1;
    }
    if (assay_result_reweigh(s->e, r, s->rows, s->nrows, s->out) ==
        ASSAY_ECRITERIA) {
        size_t k = 0;
        while (k + 1 < s->nrows && !s->out[k].failed)
            k++;
        note_failure(s, p, k, 0, 0);
    }
    const assay_reweighed *o = s->out, *base = &o[0];
    p->has_score = base->has_score;
    p->score = base->score;
    p->verdict = base->verdict;
    /* the verdict's interval around each w_i: the first grid point above,
     * and below, where a verdict differs, bisected (cut[2i] above, cut[2i
     * + 1] below; in == out when there is none) */
    for (int i = 0; i < s->nc; i++) {
        const assay_reweighed *g = o + s->grid_row[i];
        struct cut *up = &s->cut[2 * i], *down = up + 1;
        *up = (struct cut){.i = i, .in = s->total, .out = s->total};
        *down = (struct cut){.i = i};
        unsigned char ok[GRID + 1];
        for (int j = 0; j <= GRID && s->c[i].on; j++)
            ok[j] = same(&g[j], base);
        double in, out;
        if (s->c[i].on && grid_break(s, s->w[i], ok, 1, &in, &out))
            *up = (struct cut){.i = i, .in = in, .out = out};
        if (s->c[i].on && grid_break(s, s->w[i], ok, -1, &in, &out))
            *down = (struct cut){.i = i, .in = in, .out = out};
    }
    /* A weighing that hit a limit left the project's others untried: it
     * is left out of every figure (its error says why) */
    p->skipped = o[s->nrows - 1].skipped || bisect(s, r, p, 2 * s->nc, base);
    if (p->skipped)
        return 0;
    keep_top(&s->base_best, &s->base_who, base, idx);
    for (int i = 0; i < s->nc; i++) {
        crit *c = &s->c[i];
        const assay_reweighed *g = o + s->grid_row[i];
        double hi = s->cut[2 * i].in, lo = s->cut[2 * i + 1].in;
        if (!c->on)
            continue;
        for (int j = 0; j <= GRID; j++)
            keep_top(&c->best[j], &c->who[j], &g[j], idx);
        for (int d = 0; d < 2 * s->nd; d++) {
            c->changed[d] += !same(&g[GRID + 1 + d], base);
            keep_top(&c->dbest[d], &c->dwho[d], &g[GRID + 1 + d], idx);
        }
        if (hi < c->hi) {
            c->hi = hi;
            free(c->hi_by);
            c->hi_by = strdup(p->id);
        }
        if (lo > c->lo) {
            c->lo = lo;
            free(c->lo_by);
            c->lo_by = strdup(p->id);
        }
    }
    /* Monte Carlo */
    size_t n = 0;
    for (size_t m = 0; m < s->ns; m++) {
        const assay_reweighed *x = &o[s->mc_row + m];
        p->vcount[x->verdict >= 0 ? x->verdict : s->nv]++;
        if (x->has_score)
            s->scores[n++] = x->score;
        /* this project among the sample's best: after those with a
         * higher or equal score, as they came first */
        double *top = s->top + m * RANKS;
        size_t *who = s->topwho + m * RANKS, *cnt = &s->topn[m];
        if (!x->has_score)
            continue;
        size_t at = *cnt;
        while (at > 0 && x->score > top[at - 1])
            at--;
        if (at >= RANKS)
            continue;
        size_t last = *cnt < RANKS ? *cnt : RANKS - 1;
        for (size_t k = last; k > at; k--) {
            top[k] = top[k - 1];
            who[k] = who[k - 1];
        }
        top[at] = x->score;
        who[at] = idx;
        if (*cnt < RANKS)
            ++*cnt;
    }
    if (n) {
        qsort(s->scores, n, sizeof *s->scores, cmp_double);
        p->has_q = 1;
        p->q[0] = s->scores[0];
        p->q[1] = quantile(s->scores, n, 0.05);
        p->q[2] = quantile(s->scores, n, 0.5);
        p->q[3] = quantile(s->scores, n, 0.95);
        p->q[4] = s->scores[n - 1];
    }
    return 0;
}

/* The range around w_i where the base's top project stays on top, on
 * the grid. */
static void top_range(const sens *s, int i, double *lo, double *hi)
{
    const crit *c = &s->c[i];
    *lo = 0;
    *hi = s->total;
    if (s->base_who == SIZE_MAX)
        return;
    unsigned char ok[GRID + 1];
    for (int j = 0; j <= GRID; j++)
        ok[j] = c->who[j] == s->base_who;
    double out;
    grid_break(s, s->w[i], ok, 1, hi, &out); /* *hi: the last that held */
    grid_break(s, s->w[i], ok, -1, lo, &out);
}

/* The distinct verdict labels, best first, and the share of samples of
 * project p that got label l (several rules may give one label). */
static double share(const sens *s, const proj *p, const char *l)
{
    unsigned n = 0;
    for (int k = 0; k < s->nv; k++) {
        const char *lk = assay_engine_verdict_label(s->e, k);
        if (l ? lk && !strcmp(lk, l) : 0)
            n += p->vcount[k];
    }
    if (!l)
        n = p->vcount[s->nv];
    return s->ns ? (double)n / (double)s->ns : 0;
}

static const char *vlabel(const sens *s, int k)
{
    return k >= 0 ? assay_engine_verdict_label(s->e, k) : NULL;
}

static void write_json(sens *s, FILE *f)
{
    cli_str o = {0};
    size_t nl;
    const char **labels = cli_verdicts_best_first(s->e, &nl);
    size_t ranks = s->np < RANKS ? s->np : RANKS;
    cli_str_adds(&o, "{\"script\":");
    cli_str_json(&o, assay_engine_script_name(s->e));
    cli_str_adds(&o, ",\"aggregate\":");
    cli_str_json(&o, assay_engine_script_aggregate(s->e));
    cli_str_adds(&o, ",\"total_weight\":");
    num(&o, s->total);
    cli_str_adds(&o, ",\"one_at_a_time\":{\"deltas\":[");
    for (int d = 0; d < s->nd; d++) {
        if (d)
            cli_str_addc(&o, ',');
        num(&o, s->delta[d]);
    }
    cli_str_adds(&o, "],\"grid\":");
    cli_str_addf(&o, "%d", GRID);
    cli_str_adds(&o, ",\"top\":");
    cli_str_json(&o, s->base_who != SIZE_MAX ? s->p[s->base_who].id : NULL);
    cli_str_adds(&o, ",\"criteria\":[");
    int first = 1;
    for (int i = 0; i < s->nc; i++) {
        crit *c = &s->c[i];
        if (!c->on)
            continue;
        cli_str_adds(&o, first ? "{\"id\":" : ",{\"id\":");
        first = 0;
        cli_str_json(&o, assay_engine_criterion_id(s->e, i));
        cli_str_adds(&o, ",\"weight\":");
        num(&o, s->w[i]);
        cli_str_adds(&o, ",\"verdicts_hold\":[");
        num(&o, c->lo);
        cli_str_addc(&o, ',');
        num(&o, c->hi);
        cli_str_adds(&o, "],\"verdicts_bound_by\":[");
        cli_str_json(&o, c->lo_by);
        cli_str_addc(&o, ',');
        cli_str_json(&o, c->hi_by);
        double tl, th;
        top_range(s, i, &tl, &th);
        cli_str_adds(&o, "],\"top_holds\":[");
        num(&o, tl);
        cli_str_addc(&o, ',');
        num(&o, th);
        cli_str_adds(&o, "],\"holds\":[");
        num(&o, tl > c->lo ? tl : c->lo);
        cli_str_addc(&o, ',');
        num(&o, th < c->hi ? th : c->hi);
        cli_str_adds(&o, "],\"moves\":[");
        for (int d = 0; d < 2 * s->nd; d++) {
            double v = s->w[i] + (d & 1 ? 1 : -1) * s->delta[d / 2];
            if (d)
                cli_str_addc(&o, ',');
            cli_str_adds(&o, "{\"weight\":");
            num(&o, v);
            if (v < 0 || v > s->total) {
                cli_str_adds(&o, ",\"possible\":false}");
                continue;
            }
            cli_str_addf(&o, ",\"verdicts_changed\":%u,\"top\":",
                         c->changed[d]);
            cli_str_json(&o, c->dwho[d] != SIZE_MAX ? s->p[c->dwho[d]].id
                                                    : NULL);
            cli_str_addc(&o, '}');
        }
        cli_str_adds(&o, "]}");
    }
    cli_str_addf(&o, "]},\"monte_carlo\":{\"samples\":%zu,\"seed\":%llu,"
                     "\"concentration\":", s->ns, s->seed);
    num(&o, s->conc);
    cli_str_addf(&o, ",\"ranks\":%zu},\"projects\":[", ranks);
    for (size_t k = 0; k < s->np; k++) {
        proj *p = &s->p[k];
        cli_str_adds(&o, k ? ",{\"id\":" : "{\"id\":");
        cli_str_json(&o, p->id);
        cli_str_adds(&o, ",\"score\":");
        if (p->has_score)
            num(&o, p->score);
        else
            cli_str_adds(&o, "null");
        cli_str_adds(&o, ",\"verdict\":");
        cli_str_json(&o, vlabel(s, p->verdict));
        cli_str_adds(&o, ",\"error\":");
        cli_str_json(&o, p->error);
        static const char *const qn[] = {"min", "p05", "p50", "p95", "max"};
        cli_str_adds(&o, ",\"scores\":{");
        for (int q = 0; q < 5; q++) {
            cli_str_addf(&o, "%s\"%s\":", q ? "," : "", qn[q]);
            if (p->has_q)
                num(&o, p->q[q]);
            else
                cli_str_adds(&o, "null");
        }
        if (p->skipped) {
            cli_str_adds(&o, "},\"verdicts\":null,\"ranks\":null,"
                             "\"rank_below\":null}");
            continue;
        }
        cli_str_adds(&o, "},\"verdicts\":{");
        for (size_t l = 0; l < nl; l++) {
            if (l)
                cli_str_addc(&o, ',');
            cli_str_json(&o, labels[l]);
            cli_str_addc(&o, ':');
            num(&o, share(s, p, labels[l]));
        }
        if (p->vcount[s->nv]) {
            cli_str_adds(&o, nl ? ",\"(none)\":" : "\"(none)\":");
            num(&o, share(s, p, NULL));
        }
        cli_str_adds(&o, "},\"ranks\":[");
        unsigned in = 0;
        for (size_t r = 0; r < ranks; r++) {
            in += p->rank[r];
            if (r)
                cli_str_addc(&o, ',');
            num(&o, s->ns ? (double)p->rank[r] / (double)s->ns : 0);
        }
        cli_str_adds(&o, "],\"rank_below\":");
        num(&o, s->ns ? (double)(s->ns - in) / (double)s->ns : 0);
        cli_str_addc(&o, '}');
    }
    cli_str_adds(&o, "]}\n");
    free(labels);
    if (o.oom)
        s->oom = 1;
    else
        fputs(cli_str_text(&o), f);
    cli_str_free(&o);
}

static void write_table(sens *s, FILE *f)
{
    size_t nl;
    const char **labels = cli_verdicts_best_first(s->e, &nl);
    size_t ranks = s->np < RANKS ? s->np : RANKS;
    cli_printf(f, "script %s (%s), total weight %g, %zu project%s\n\n",
               assay_engine_script_name(s->e),
               assay_engine_script_aggregate(s->e), s->total, s->np,
               s->np == 1 ? "" : "s");
    cli_printf(f, "One weight at a time (the others rescaled to keep the "
                  "total); top project: %s\n",
               s->base_who != SIZE_MAX ? s->p[s->base_who].id : "(none)");
    cli_printf(f, "  %-20s %7s  %-19s  %-19s", "criterion", "weight",
               "verdicts hold", "top holds");
    for (int d = 0; d < 2 * s->nd; d++) {
        char h[32];
        snprintf(h, sizeof h, "%c%g", d & 1 ? '+' : '-', s->delta[d / 2]);
        cli_printf(f, " %7s", h);
    }
    fputc('\n', f);
    for (int i = 0; i < s->nc; i++) {
        crit *c = &s->c[i];
        if (!c->on)
            continue;
        char a[40], b[40];
        double tl, th;
        top_range(s, i, &tl, &th);
        snprintf(a, sizeof a, "%.6f-%.6f", c->lo, c->hi);
        snprintf(b, sizeof b, "%.3f-%.3f", tl, th);
        fputs("  ", f);
        cli_cell(f, assay_engine_criterion_id(s->e, i), 20, 1);
        cli_printf(f, " %7.4g  %-19s  %-19s", s->w[i], a, b);
        for (int d = 0; d < 2 * s->nd; d++) {
            double v = s->w[i] + (d & 1 ? 1 : -1) * s->delta[d / 2];
            char m[32];
            if (v < 0 || v > s->total)
                snprintf(m, sizeof m, "-");
            else
                snprintf(m, sizeof m, "%u%s", c->changed[d],
                         c->dwho[d] != s->base_who ? " top" : "");
            cli_printf(f, " %7s", m);
        }
        fputc('\n', f);
    }
    cli_printf(f, "  (a move's column: verdicts changed, 'top' when another "
                  "project leads)\n\n");
    cli_printf(f, "Monte Carlo: %zu weightings, Dirichlet of concentration "
                  "%g, seed %llu\n", s->ns, s->conc, s->seed);
    cli_printf(f, "  %-20s %6s %6s %6s %6s %6s %6s", "project", "score",
               "min", "5%", "50%", "95%", "max");
    for (size_t r = 0; r < ranks; r++) {
        char h[16];
        snprintf(h, sizeof h, "#%zu", r + 1);
        cli_printf(f, " %5s", h);
    }
    if (s->np > RANKS)
        cli_printf(f, " %5s", ">10");
    cli_printf(f, "  verdicts\n");
    for (size_t k = 0; k < s->np; k++) {
        proj *p = &s->p[k];
        fputs("  ", f);
        cli_cell(f, p->id, 20, 1);
        if (p->has_score)
            cli_printf(f, " %6.3f", p->score);
        else
            cli_printf(f, " %6s", "-");
        for (int q = 0; q < 5; q++)
            if (p->has_q)
                cli_printf(f, " %6.3f", p->q[q]);
            else
                cli_printf(f, " %6s", "-");
        if (p->skipped) {
            for (size_t r = 0; r < ranks + (s->np > RANKS); r++)
                cli_printf(f, " %5s", "-");
            cli_printf(f, "  (not weighed: below)\n");
            continue;
        }
        unsigned in = 0;
        for (size_t r = 0; r < ranks; r++) {
            in += p->rank[r];
            cli_printf(f, " %5.3f", s->ns ? (double)p->rank[r] / (double)s->ns
                                          : 0);
        }
        if (s->np > RANKS)
            cli_printf(f, " %5.3f", s->ns ? (double)(s->ns - in) /
                                                (double)s->ns : 0);
        fputs(" ", f);
        for (size_t l = 0; l < nl; l++) {
            double sh = share(s, p, labels[l]);
            if (sh > 0)
                cli_printf(f, " %s %.3f", labels[l], sh);
        }
        if (p->vcount[s->nv])
            cli_printf(f, " (none) %.3f", share(s, p, NULL));
        fputc('\n', f);
    }
    if (s->failed)
        cli_printf(f, "\nWeighings that failed, each counted as no verdict "
                      "(a project whose weighing hit a limit is left out of "
                      "every figure):\n");
    for (size_t k = 0; k < s->np; k++)
        if (s->p[k].error)
            cli_printf(f, "  %s: %s\n", s->p[k].id, s->p[k].error);
    free(labels);
}

static const char *const HELP_SENS =
    "usage: assay sensitivity [-s SCRIPT] [-f FORMAT] [-j N] CASE...\n"
    "\n"
    "How robust each verdict and the ranking are to the script's weights.\n"
    "Each project's criteria are evaluated once; only the aggregation and\n"
    "the verdict rules are done again under other weights.\n"
    "\n"
    "One weight at a time: each weight moved by -D and +D (the others\n"
    "rescaled to keep the total), and the range of that weight over which\n"
    "no verdict changes (to 1e-6) and the top project stays on top (to a\n"
    "200th of the total). Monte Carlo: weights drawn from a Dirichlet\n"
    "around the script's; per project the score's quantiles, the share of\n"
    "each verdict and of each rank (1 to 10, then the rest).\n"
    "\n"
    "  -s, --script SCRIPT      a stock script name or a .lua file\n"
    "                           (default: success-features)\n"
    "  -f, --format FORMAT      table or json (default: table on a terminal,\n"
    "                           json otherwise)\n"
    "  -j, --jobs N             evaluate on N threads (default: the cores\n"
    "                           this process may use; same bytes out)\n"
    "      --delta D[,D...]     the one-at-a-time moves (default 0.05,0.1)\n"
    "      --samples N          Monte Carlo weightings (default 1000; 0: none)\n"
    "      --seed S             the draw's seed (default 1): the same seed\n"
    "                           gives the same report on any machine\n"
    "      --concentration C    the Dirichlet's concentration: larger keeps\n"
    "                           the weights nearer the script's (default 100)\n"
    "  -h, --help               this help\n";

static int number(const char *flag, const char *v, double lo, double *out)
{
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end || !(d >= lo) || !isfinite(d)) {
        cli_usage_error("sensitivity ", "%s wants a number of at least %g, "
                        "not '%s'", flag, lo, v);
        return -1;
    }
    *out = d;
    return 0;
}

int cmd_sensitivity(int argc, char **argv)
{
    opts op = {0};
    sens s = {.ns = 1000, .conc = 100, .seed = 1, .base_who = SIZE_MAX};
    double deltas[16] = {0.05, 0.1};
    s.delta = deltas;
    s.nd = 2;
    int rc = cli_parse("sensitivity ", argc, argv, &op, "sfjLdnec", HELP_SENS);
    int status = EXIT_USAGE;
    if (rc) {
        free(op.args);
        return rc > 0 ? 0 : EXIT_USAGE;
    }
    if (!op.nargs) {
        cli_usage_error("sensitivity ", "%s", "no case file or folder given");
        goto done;
    }
    const char *fname = op.format ? op.format
                                  : isatty(STDOUT_FILENO) ? "table" : "json";
    int json = !strcmp(fname, "json");
    if (!json && strcmp(fname, "table")) {
        cli_usage_error("sensitivity ", "unknown format '%s' (table, json)",
                        fname);
        goto done;
    }
    if (op.delta) {
        s.nd = 0;
        char *copy = strdup(op.delta), *save = NULL;
        for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t;
             t = strtok_r(NULL, ",", &save)) {
            if (s.nd == 16 || number("--delta", t, 0, &deltas[s.nd++])) {
                if (s.nd == 16)
                    cli_usage_error("sensitivity ", "%s", "at most 16 deltas");
                free(copy);
                goto done;
            }
        }
        free(copy);
    }
    double d;
    if (op.samples) {
        if (number("--samples", op.samples, 0, &d) || d != floor(d) ||
            d > 1e7) {
            if (d != floor(d) || d > 1e7)
                cli_usage_error("sensitivity ", "--samples wants a whole "
                                "number up to 10000000, not '%s'",
                                op.samples);
            goto done;
        }
        s.ns = (size_t)d;
    }
    if (op.seed) {
        char *end;
        s.seed = strtoull(op.seed, &end, 10);
        if (end == op.seed || *end || *op.seed == '-') {
            cli_usage_error("sensitivity ", "--seed wants a whole number, "
                            "not '%s'", op.seed);
            goto done;
        }
    }
    if (op.concentration &&
        (number("--concentration", op.concentration, 0, &s.conc) ||
         s.conc <= 0)) {
        if (s.conc <= 0)
            cli_usage_error("sensitivity ", "%s", "--concentration must be "
                            "above 0");
        goto done;
    }
    int jobs = cli_jobs("sensitivity ", op.jobs);
    if (!jobs)
        goto done;
    if (!(s.e = cli_engine(&op.lim))) {
        status = EXIT_OUTPUT;
        goto done;
    }
    assay_engine_set_jobs(s.e, jobs);
    if (cli_load_script(s.e, op.script)) {
        status = EXIT_INPUT;
        goto done;
    }
    s.nc = assay_engine_criterion_count(s.e);
    s.nv = assay_engine_verdict_count(s.e);
    s.w = calloc((size_t)s.nc, sizeof *s.w);
    s.c = calloc((size_t)s.nc, sizeof *s.c);
    if (!s.w || !s.c)
        goto oom;
    for (int i = 0; i < s.nc; i++) {
        s.w[i] = assay_engine_criterion_weight(s.e, i);
        s.total += s.w[i];
        s.c[i].on = s.w[i] > 0;
    }
    if (prepare(&s))
        goto oom;
    int input_bad = 0, criteria_bad = 0;
    for (int i = 0; i < op.nargs; i++) {
        int r = assay_engine_eval_path(s.e, op.args[i], on_result, &s);
        if (r == ASSAY_EINPUT)
            input_bad = 1;
        else if (r == ASSAY_ECRITERIA)
            criteria_bad = 1;
        else if (r != ASSAY_OK && r != ASSAY_ABORT) {
            cli_printf(stderr, "%s: %s\n", prog, assay_engine_errmsg(s.e));
            input_bad = 1;
        }
    }
    if (s.oom)
        goto oom;
    for (size_t m = 0; m < s.ns; m++)
        for (size_t r = 0; r < s.topn[m]; r++)
            s.p[s.topwho[m * RANKS + r]].rank[r]++;
    if (json)
        write_json(&s, stdout);
    else
        write_table(&s, stdout);
    if (s.oom)
        goto oom;
    if (s.failed) {
        cli_printf(stderr, "%s: %zu of %zu projects had weighings whose "
                           "rules failed (see the report)\n", prog, s.failed,
                   s.np);
        criteria_bad = 1;
    }
    status = input_bad ? EXIT_INPUT : criteria_bad ? EXIT_CRITERIA
                                                   : EXIT_EVALUATED;
    goto done;
oom:
    cli_printf(stderr, "%s: out of memory\n", prog);
    status = EXIT_OUTPUT;
done:
    for (size_t k = 0; k < s.np; k++) {
        free(s.p[k].id);
        free(s.p[k].error);
        free(s.p[k].vcount);
        free(s.p[k].rank);
    }
    free(s.p);
    for (int i = 0; s.c && i < s.nc; i++) {
        free(s.c[i].lo_by);
        free(s.c[i].hi_by);
        free(s.c[i].changed);
        free(s.c[i].dbest);
        free(s.c[i].dwho);
    }
    free(s.c);
    free(s.w);
    free(s.rows);
    free(s.out);
    free(s.scores);
    free(s.grid_row);
    free(s.top);
    free(s.topwho);
    free(s.topn);
    free(s.cut);
    free(s.cut_rows);
    free(s.cut_out);
    assay_engine_free(s.e);
    free(op.args);
    return status;
}

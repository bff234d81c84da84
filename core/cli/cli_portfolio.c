/*
 * cli_portfolio.c -- what the portfolio views keep of each project: its
 * id, name, place, score, coverage and verdict, and per criterion its
 * status, score and label. A result lives only for its callback, so a view
 * that shows the projects side by side (the table's closing overview, the
 * Markdown and HTML reports) copies this much of each, compactly: the
 * short texts that repeat from project to project (criterion ids, groups,
 * statuses, labels, verdicts) are kept once.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The index of s among the kept texts, adding it when new; NONE when
 * memory ran out. A linear search: a script has few distinct labels. */
#define NONE ((unsigned)-1)

static unsigned intern(cli_portfolio *pf, const char *s)
{
    if (!s)
        return NONE;
    for (unsigned i = 0; i < pf->ntext; i++)
        if (!strcmp(pf->text[i], s))
            return i;
    if (pf->ntext == pf->captext) {
        unsigned cap = pf->captext ? pf->captext * 2 : 32;
        char **t = realloc(pf->text, cap * sizeof *t);
        if (!t)
            return NONE;
        pf->text = t;
        pf->captext = cap;
    }
    if (!(pf->text[pf->ntext] = strdup(s)))
        return NONE;
    return pf->ntext++;
}

const char *cli_portfolio_text(const cli_portfolio *pf, unsigned k)
{
    return k < pf->ntext ? pf->text[k] : NULL;
}

int cli_criteria_order(const assay_result *r, int *order, cli_section *sect)
{
    int n = assay_result_criterion_count(r), k = 0, ns = 0;
    for (int zero = 0; zero <= 1; zero++)
        for (int i = 0; i < n; i++) {
            if ((assay_result_criterion_weight(r, i) == 0) != zero)
                continue;
            const char *g = assay_result_criterion_group(r, i);
            int s = 0;
            while (s < ns && !(sect[s].zero == zero &&
                               (sect[s].group == g ||
                                (sect[s].group && g &&
                                 !strcmp(sect[s].group, g)))))
                s++;
            if (s < ns)
                continue; /* placed when its section was opened */
            sect[ns] = (cli_section){g, zero, k, 0};
            for (int j = i; j < n; j++) {
                const char *h = assay_result_criterion_group(r, j);
                if ((assay_result_criterion_weight(r, j) == 0) == zero &&
                    (h == g || (h && g && !strcmp(h, g)))) {
                    order[k++] = j;
                    sect[ns].n++;
                }
            }
            ns++;
        }
    return ns;
}

/* The order of the criteria, from the first project kept. */
static int keep_order(cli_portfolio *pf, const assay_result *r)
{
    int n = assay_result_criterion_count(r);
    if (n <= 0)
        return 0;
    pf->order = malloc((size_t)n * sizeof *pf->order);
    pf->sect = malloc((size_t)n * sizeof *pf->sect);
    if (!pf->order || !pf->sect) {
        free(pf->order);
        free(pf->sect);
        pf->order = NULL;
        pf->sect = NULL;
        return -1;
    }
    pf->nsect = cli_criteria_order(r, pf->order, pf->sect);
    pf->ncrit = n;
    for (int s = 0; s < pf->nsect; s++) {
        const char *g = pf->sect[s].group;
        if (g && !(pf->sect[s].group = cli_portfolio_text(pf, intern(pf, g)))) {
            free(pf->order);
            free(pf->sect);
            pf->order = NULL;
            pf->sect = NULL;
            return -1;
        }
    }
    return 0;
}

static int keep(cli_portfolio *pf, const assay_result *r)
{
    if (!pf->order && keep_order(pf, r))
        return -1;
    if (pf->n == pf->cap) {
        size_t cap = pf->cap ? pf->cap * 2 : 64;
        cli_row *rows = realloc(pf->rows, cap * sizeof *rows);
        if (!rows)
            return -1;
        pf->rows = rows;
        pf->cap = cap;
    }
    cli_row *row = &pf->rows[pf->n];
    memset(row, 0, sizeof *row);
    row->seq = pf->n;
    const char *id = assay_result_id(r), *name = assay_result_name(r);
    const char *file = assay_result_file(r);
    row->id = strdup(id ? id : "");
    row->name = strdup(name ? name : "");
    row->file = intern(pf, file ? file : "");
    row->line = assay_result_line(r);
    row->has_score = assay_result_score(r, &row->score) != 0;
    row->coverage = assay_result_coverage(r);
    row->verdict = intern(pf, assay_result_verdict(r));
    row->error = assay_result_error(r) != NULL;
    int nc = assay_result_criterion_count(r);
    row->crit = nc > 0 ? calloc((size_t)nc, sizeof *row->crit) : NULL;
    if (!row->id || !row->name || (nc > 0 && !row->crit)) {
        free(row->id);
        free(row->name);
        free(row->crit);
        return -1;
    }
    row->ncrit = nc;
    int lost = row->file == NONE;
    for (int i = 0; i < nc; i++) {
        cli_mark *c = &row->crit[i];
        const char *status = assay_result_criterion_status(r, i);
        const char *label = assay_result_criterion_label(r, i);
        c->status = intern(pf, status);
        c->label = intern(pf, label);
        c->has_score = assay_result_criterion_score(r, i, &c->score) != 0;
        c->weight = assay_result_criterion_weight(r, i);
        lost |= (status && c->status == NONE) || (label && c->label == NONE);
    }
    if (lost || (assay_result_verdict(r) && row->verdict == NONE)) {
        free(row->id);
        free(row->name);
        free(row->crit);
        return -1;
    }
    pf->n++;
    return 0;
}

int cli_portfolio_add(cli_portfolio *pf, const assay_result *r)
{
    int lost = keep(pf, r);
    pf->lost += lost != 0;
    return lost;
}

/* ---- Orders ---------------------------------------------------------- */

static const cli_portfolio *sorting; /* qsort has no user pointer */

static int by_seq(const cli_row *a, const cli_row *b)
{
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Higher first; a project without a score after every one with. */
static int by_score(const cli_row *a, const cli_row *b)
{
    if (a->has_score != b->has_score)
        return b->has_score - a->has_score;
    if (a->has_score && a->score != b->score)
        return a->score < b->score ? 1 : -1;
    return 0;
}

static int by_coverage(const cli_row *a, const cli_row *b)
{
    return a->coverage == b->coverage ? 0 : a->coverage < b->coverage ? 1 : -1;
}

/* The verdict's place in the order the portfolio was given (its rank),
 * those it does not list, and no verdict, last. */
static size_t verdict_rank(const cli_row *r)
{
    const cli_portfolio *pf = sorting;
    const char *v = cli_portfolio_text(pf, r->verdict);
    for (size_t i = 0; v && i < pf->nrank; i++)
        if (!strcmp(pf->rank[i], v))
            return i;
    return pf->nrank + (v == NULL);
}

static int by_verdict(const cli_row *a, const cli_row *b)
{
    size_t x = verdict_rank(a), y = verdict_rank(b);
    return (x > y) - (x < y);
}

static int by_id(const cli_row *a, const cli_row *b)
{
    return strcmp(a->id, b->id);
}

/* Each key, then the ones after it, then input order: a total order, so
 * the same portfolio always sorts the same way. */
static int compare(const void *pa, const void *pb)
{
    const cli_row *a = pa, *b = pb;
    int c = 0;
    switch (sorting->key) {
    case CLI_SORT_SCORE:
        c = by_score(a, b);
        break;
    case CLI_SORT_VERDICT:
        if (!(c = by_verdict(a, b)))
            c = by_score(a, b);
        break;
    case CLI_SORT_COVERAGE:
        if (!(c = by_coverage(a, b)))
            c = by_score(a, b);
        break;
    case CLI_SORT_ID:
        c = by_id(a, b);
        break;
    default:
        break;
    }
    return c ? c : by_seq(a, b);
}

int cli_sort_key(const char *name)
{
    static const char *const names[] = {"input", "score", "verdict",
                                        "coverage", "id", NULL};
    for (int k = 0; names[k]; k++)
        if (!strcmp(names[k], name))
            return k;
    return -1;
}

void cli_portfolio_sort(cli_portfolio *pf, int key,
                        const char *const *verdicts, size_t nverdicts)
{
    pf->key = key;
    pf->rank = verdicts;
    pf->nrank = nverdicts;
    if (!pf->n)
        return; /* rows is NULL: qsort may not be given it */
    sorting = pf;
    qsort(pf->rows, pf->n, sizeof *pf->rows, compare);
    sorting = NULL;
}

void cli_portfolio_free(cli_portfolio *pf)
{
    for (size_t i = 0; i < pf->n; i++) {
        free(pf->rows[i].id);
        free(pf->rows[i].name);
        free(pf->rows[i].crit);
    }
    free(pf->rows);
    for (unsigned i = 0; i < pf->ntext; i++)
        free(pf->text[i]);
    free(pf->text);
    free(pf->order);
    free(pf->sect);
    memset(pf, 0, sizeof *pf);
}

/* ---- Verdicts, by how good they are ------------------------------------ */

int cli_verdict_standing(const assay_engine *e, const char *label)
{
    for (int i = 0; label && i < assay_engine_verdict_count(e); i++)
        if (!strcmp(assay_engine_verdict_label(e, i), label))
            return assay_engine_verdict_standing(e, i);
    return ASSAY_STANDING_NEUTRAL;
}

int cli_verdict_first(const assay_engine *e, int i)
{
    const char *label = assay_engine_verdict_label(e, i);
    for (int k = 0; k < i; k++)
        if (!strcmp(assay_engine_verdict_label(e, k), label))
            return 0;
    return label != NULL;
}

const char **cli_verdicts_best_first(const assay_engine *e, size_t *n)
{
    int nv = assay_engine_verdict_count(e);
    const char **v = nv > 0 ? malloc((size_t)nv * sizeof *v) : NULL;
    *n = 0;
    if (!v)
        return NULL;
    for (int st = ASSAY_STANDING_GOOD; st >= ASSAY_STANDING_BAD; st--)
        for (int i = 0; i < nv; i++)
            if (cli_verdict_first(e, i) &&
                assay_engine_verdict_standing(e, i) == st)
                v[(*n)++] = assay_engine_verdict_label(e, i);
    return v;
}

/*
 * cli_table.c -- the table format of `assay run`, for people at a
 * terminal (80 columns): a block per project, written as soon as it is
 * evaluated, then the portfolio view, one line per project in the order
 * --sort asks for, and the closing count.
 *
 * The blocks stream, as they did before the view existed: a long run shows
 * its projects as they come, and the view, which needs them all, closes
 * the report, where it is read last, next to the count. To draw it the
 * table keeps about half a kilobyte of each project (cli_portfolio.c).
 *
 * Criteria that weigh 0 (the pitfall flags beside success-features) are
 * shown after those that weigh, under a heading of their own, grouped by
 * their group (cli_criteria_order), in the blocks and in the view alike.
 *
 * Colour, when out.color says so: a verdict green when the script counts
 * it good, red when bad, as the terminal writes otherwise; errors red;
 * not_assessable dim. Every text from a case or a script goes through
 * cli_text.c, escaped.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define WIDTH 80

/* Select Graphic Rendition codes, and the rendition of a verdict. */
#define SGR_BOLD "1"
#define SGR_DIM "2"
#define SGR_RED "31"
#define SGR_GREEN "32"

static const char *verdict_sgr(const out *o, const char *verdict)
{
    int st = cli_verdict_standing(o->e, verdict);
    return st == ASSAY_STANDING_GOOD ? SGR_GREEN
           : st == ASSAY_STANDING_BAD ? SGR_RED : NULL;
}

static const char *status_sgr(const char *status)
{
    if (!status)
        return NULL;
    if (!strcmp(status, "error") || !strcmp(status, "limit"))
        return SGR_RED;
    return strcmp(status, "not_assessable") ? NULL : SGR_DIM;
}

/* s cut to w columns, in the rendition code when colour is on (NULL:
 * none); padded to w when pad is set (outside the rendition, so that a
 * dim or coloured cell does not reach into the next column). */
static void styled(out *o, const char *code, const char *s, size_t w,
                   int pad)
{
    if (!s)
        s = "";
    if (o->color && code)
        cli_printf(o->f, "\033[%sm", code);
    cli_cell(o->f, s, w, 0);
    if (o->color && code)
        fputs("\033[0m", o->f);
    for (size_t c = cli_width(s); pad && c < w; c++)
        fputc(' ', o->f);
}

static void fmt_score(char *tmp, size_t n, int has, double v)
{
    if (has)
        snprintf(tmp, n, "%.2f", v);
    else
        snprintf(tmp, n, "-");
}

static void table_begin(out *o)
{
    cli_printf(o->f, "assay %s, script %s (%.12s)%s\n", assay_version(),
            assay_engine_script_name(o->e), assay_engine_script_sha256(o->e),
            assay_engine_verdict_count(o->e) ? ""
                : ", which declares no verdicts");
}

/* ---- A block per project --------------------------------------------- */

static void criterion_row(out *o, const assay_result *r, int i)
{
    FILE *f = o->f;
    char score[32], tmp[32];
    fputs("  ", f);
    cli_cell(f, assay_result_criterion_id(r, i), 22, 1);
    snprintf(tmp, sizeof tmp, "%.2f", assay_result_criterion_weight(r, i));
    cli_printf(f, " %6s  ", tmp);
    const char *status = assay_result_criterion_status(r, i);
    styled(o, status_sgr(status), status, 14, 1);
    double v = 0;
    int has = assay_result_criterion_score(r, i, &v);
    fmt_score(score, sizeof score, has, v);
    cli_printf(f, " %5s", score);
    const char *label = assay_result_criterion_label(r, i);
    if (label) {
        fputs("  ", f);
        cli_cell(f, label, 24, 0);
    }
    fputc('\n', f);
    if (assay_result_criterion_note(r, i))
        cli_wrap(f, "      ", assay_result_criterion_note(r, i));
    if (assay_result_criterion_error(r, i))
        cli_wrap_sgr(f, "      ! ", "      ! ",
                     assay_result_criterion_error(r, i),
                     o->color ? SGR_RED : NULL);
    cli_trace(f, "      ", r, i);
}

/* The heading of a section: for those that weigh, the column heads with
 * the group in place of "criterion"; for those of weight 0, what they
 * are. */
static void section_head(out *o, const cli_section *s)
{
    if (!s->zero) {
        fputs("  ", o->f);
        cli_cell(o->f, s->group ? s->group : "criterion", 22, 1);
        cli_printf(o->f, " %6s  %-14s %5s  %s\n", "weight", "status",
                   "score", "label");
    } else if (s->group) {
        fputs("  ", o->f);
        cli_cell(o->f, s->group, 40, 0);
        fputs(" (weight 0, not counted in the score)\n", o->f);
    } else {
        fputs("  weight 0, not counted in the score\n", o->f);
    }
}

static void table_result(out *o, const assay_result *r)
{
    FILE *f = o->f;
    char score[32];
    cli_portfolio_add(&o->portfolio, r); /* when it cannot, the view says so */
    fputc('\n', f);
    styled(o, SGR_BOLD, assay_result_id(r), WIDTH, 0);
    fputc('\n', f);
    fputs("  ", f);
    cli_cell(f, assay_result_name(r), WIDTH - 2, 0);
    fputc('\n', f);
    double v = 0;
    int has = assay_result_score(r, &v);
    fmt_score(score, sizeof score, has, v);
    fputs("  verdict ", f);
    const char *verdict = assay_result_verdict(r);
    styled(o, verdict_sgr(o, verdict), verdict ? verdict : "-", 30, 0);
    cli_printf(f, "  score %s  coverage %.0f%%\n", score,
            assay_result_coverage(r) * 100);
    if (assay_result_error(r)) {
        fputs("  ", f);
        styled(o, SGR_RED, "error:", 6, 0);
        fputc('\n', f);
        cli_wrap_sgr(f, "    ", "    ", assay_result_error(r),
                     o->color ? SGR_RED : NULL);
    }
    int n = assay_result_criterion_count(r);
    int *order = n > 0 ? malloc((size_t)n * sizeof *order) : NULL;
    cli_section *sect = n > 0 ? malloc((size_t)n * sizeof *sect) : NULL;
    int ns = order && sect ? cli_criteria_order(r, order, sect) : 0;
    if (!ns) { /* none, or no memory to order them: the script's order */
        cli_section all = {NULL, 0, 0, n};
        section_head(o, &all);
        for (int i = 0; i < n; i++)
            criterion_row(o, r, i);
    }
    /* one section that weighs: the heading of old, without a group */
    int plain = ns == 1 && !sect[0].zero;
    for (int s = 0; s < ns; s++) {
        cli_section head = sect[s];
        if (plain)
            head.group = NULL;
        section_head(o, &head);
        for (int k = sect[s].first; k < sect[s].first + sect[s].n; k++)
            criterion_row(o, r, order[k]);
    }
    free(order);
    free(sect);
    cli_trace(f, "  ", r, -1);
}

static void table_diag(out *o, const assay_diag *d)
{
    (void)o;
    (void)d; /* on stderr already; the summary counts it */
}

/* ---- The portfolio view ---------------------------------------------- */

/* One mark per criterion: + a score of 0.75 or more, o from 0.25, - under
 * 0.25; . not assessable; ! error or limit. */
static char mark_of(const cli_portfolio *pf, const cli_mark *m)
{
    const char *status = cli_portfolio_text(pf, m->status);
    if (status && (!strcmp(status, "error") || !strcmp(status, "limit")))
        return '!';
    if (!m->has_score)
        return '.';
    return m->score >= 0.75 ? '+' : m->score >= 0.25 ? 'o' : '-';
}

static const char *const MARKS_KEY =
    "  + score 0.75 or more, o 0.25 to 0.75, - under 0.25 (higher is "
    "better)\n"
    "  . not assessable, ! error\n";

static const char *sort_words(int key)
{
    switch (key) {
    case CLI_SORT_SCORE: return "by score, highest first";
    case CLI_SORT_VERDICT: return "by verdict, best first";
    case CLI_SORT_COVERAGE: return "by coverage, highest first";
    case CLI_SORT_ID: return "by id";
    default: return "in input order";
    }
}

/* Write the marks of row, sections apart, from mark k (of pf->order) to
 * k + len; each section after the first starts with a space (counted in
 * len). */
static void put_marks(out *o, const cli_row *row, size_t from, size_t len)
{
    const cli_portfolio *pf = &o->portfolio;
    size_t pos = 0;
    for (int s = 0; s < pf->nsect; s++) {
        const cli_section *sc = &pf->sect[s];
        for (int k = -(s > 0); k < sc->n; k++, pos++) {
            if (pos < from || pos >= from + len)
                continue;
            if (k < 0) {
                fputc(' ', o->f);
                continue;
            }
            int i = pf->order[sc->first + k];
            char c = i < row->ncrit ? mark_of(pf, &row->crit[i]) : ' ';
            const char *code = c == '!' ? SGR_RED : c == '.' ? SGR_DIM : NULL;
            if (o->color && code)
                cli_printf(o->f, "\033[%sm%c\033[0m", code, c);
            else
                fputc(c, o->f);
        }
    }
}

static void overview(out *o)
{
    cli_portfolio *pf = &o->portfolio;
    FILE *f = o->f;
    if (!pf->n)
        return;
    size_t nrank = 0;
    const char **rank = cli_verdicts_best_first(o->e, &nrank);
    cli_portfolio_sort(pf, o->sort, rank, nrank);
    int verdicts = assay_engine_verdict_count(o->e) > 0;
    /* columns: rank, id, verdict, score, coverage, marks */
    size_t rw = 1, idw = strlen("project"), vw = strlen("verdict");
    for (size_t n = pf->n; n >= 10; n /= 10)
        rw++;
    for (size_t i = 0; i < pf->n; i++) {
        const cli_row *row = &pf->rows[i];
        size_t w = cli_width(row->id);
        idw = w > idw ? w : idw;
        const char *v = cli_portfolio_text(pf, row->verdict);
        w = v ? cli_width(v) : row->error ? strlen("(error)") : 1;
        vw = w > vw ? w : vw;
    }
    vw = vw > 24 ? 24 : vw;
    size_t marks = pf->ncrit + (pf->nsect ? pf->nsect - 1 : 0);
    size_t rest = 2 + rw + 2 + 2 + (verdicts ? vw + 2 : 0) + 5 + 2 + 8;
    /* what the id may take beside the marks (may be below nothing) */
    long room = (long)WIDTH - (long)rest - (marks ? 2 + (long)marks : 0);
    int apart = 0; /* marks on lines of their own, below the row */
    if ((long)idw > room) {
        if (room >= 12) {
            idw = (size_t)room;
        } else {
            apart = 1;
            if (idw > WIDTH - rest)
                idw = WIDTH - rest;
        }
    }
    cli_printf(f, "\nportfolio: %zu project%s %s\n", pf->n,
               pf->n == 1 ? "," : "s,", sort_words(o->sort));
    cli_printf(f, "  %*s  %-*s  ", (int)rw, "#", (int)idw, "project");
    if (verdicts)
        cli_printf(f, "%-*s  ", (int)vw, "verdict");
    cli_printf(f, "%5s  %8s%s\n", "score", "coverage",
               marks && !apart ? "  marks" : "");
    for (size_t i = 0; i < pf->n; i++) {
        const cli_row *row = &pf->rows[i];
        char score[32];
        fmt_score(score, sizeof score, row->has_score, row->score);
        cli_printf(f, "  %*zu  ", (int)rw, i + 1);
        cli_cell(f, row->id, idw, 1);
        fputs("  ", f);
        if (verdicts) {
            const char *v = cli_portfolio_text(pf, row->verdict);
            if (v)
                styled(o, verdict_sgr(o, v), v, vw, 1);
            else if (row->error)
                styled(o, SGR_RED, "(error)", vw, 1);
            else
                styled(o, NULL, "-", vw, 1);
            fputs("  ", f);
        }
        cli_printf(f, "%5s  %7.0f%%", score, row->coverage * 100);
        if (marks && !apart) {
            fputs("  ", f);
            put_marks(o, row, 0, marks);
        }
        fputc('\n', f);
        /* too many to fit beside: under the id, as many lines as needed */
        size_t indent = 2 + rw + 2, line = WIDTH - indent;
        for (size_t from = 0; apart && from < marks; from += line) {
            cli_printf(f, "%*s", (int)indent, "");
            put_marks(o, row, from, line);
            fputc('\n', f);
        }
    }
    free(rank);
    if (marks) {
        fputs("\nmarks, one per criterion, in this order:\n", f);
        cli_str line = {0};
        for (int s = 0; s < pf->nsect; s++) {
            const cli_section *sc = &pf->sect[s];
            cli_str_clear(&line);
            if (sc->group)
                cli_str_adds(&line, sc->group);
            if (sc->zero)
                cli_str_adds(&line, sc->group ? ", weight 0 (not in the score)"
                                              : "weight 0 (not in the score)");
            if (sc->group || sc->zero)
                cli_str_adds(&line, ": ");
            for (int k = 0; k < sc->n; k++) {
                if (k)
                    cli_str_addc(&line, ' ');
                cli_str_adds(&line,
                             assay_engine_criterion_id(o->e,
                                                       pf->order[sc->first + k]));
            }
            cli_wrap_hang(f, "  ", "    ", cli_str_text(&line));
        }
        cli_str_free(&line);
        fputs(MARKS_KEY, f);
    }
    if (pf->lost)
        cli_printf(f, "(%lu project%s left out of the view: out of memory)\n",
                   pf->lost, pf->lost == 1 ? "" : "s");
}

static void table_end(out *o)
{
    FILE *f = o->f;
    overview(o);
    cli_printf(f, "\n%lu project%s evaluated", o->projects,
               o->projects == 1 ? "" : "s");
    /* verdict labels are the script's text: cli_printf escapes them */
    if (!assay_engine_verdict_count(o->e))
        cli_printf(f, " (the script declares no verdicts)");
    else
        for (size_t i = 0; i < o->nverdicts; i++)
            cli_printf(f, "%s %lu %s", i ? "," : ":", o->vcount[i],
                       o->verdicts[i]);
    if (o->failed)
        cli_printf(f, "; %lu with criterion errors", o->failed);
    if (o->load_errors)
        cli_printf(f, "; %lu load error%s", o->load_errors,
                   o->load_errors == 1 ? "" : "s");
    fputc('\n', f);
}

const format FORMAT_TABLE = {"table", table_begin, table_result, table_diag,
                             table_end};

/*
 * cli_markdown.c -- `assay run -f markdown`: a report for a Markdown
 * viewer (CommonMark with GitHub's tables). It opens with the run header
 * and the portfolio table, one row per project linking to the project's
 * section, and the criteria of weight 0 in tables of their own, one per
 * group; then a section per project with its criteria, the evidence they
 * read and its errors; then the documents that could not be loaded.
 *
 * The portfolio comes first, so the report is written at the end of the
 * run: each project's section is rendered as its result arrives and held
 * in memory, beside the row the run's cli_portfolio keeps; --sort orders
 * the tables and the sections alike. Criteria come in the portfolio's
 * order (cli_criteria_order: those that weigh, then those of weight 0,
 * by group), as in the table and the HTML report.
 *
 * Every text from a case file, a script or a file name is hostile: it is
 * escaped for the terminal first (assay_escape_char: control bytes as
 * \xNN), then for Markdown (md_text), so that it shows as written and
 * never becomes a heading, a list, a link, a table cell or raw HTML.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- Escaping ---------------------------------------------------------- */

static int alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* Append s as inline Markdown text that shows as s does on a terminal.
 * Backslash escapes for the punctuation that makes emphasis, code, links,
 * table cells, strikethrough and math; entities for <, > and & (raw HTML,
 * autolinks, blockquotes, entity references); a # at the start or after a
 * space (a heading's closing sequence). With lead, s opens a block (a
 * list item's text, a quote, a heading's), so what would open another is
 * escaped too: a list's -, + or "1.", a setext underline's =. Spaces at
 * either end are dropped: they show as nothing, and at the start four of
 * them would open a code block. */
static void md_put(cli_str *b, const char *s, int lead)
{
    if (!s)
        return;
    size_t n = strlen(s);
    cli_str t = {0}; /* s as the terminal shows it: no control byte */
    char piece[ASSAY_ESCAPE_MAX];
    for (size_t i = 0, step; i < n; i += step)
        cli_str_add(&t, piece, assay_escape_char(s + i, n - i, piece, &step));
    const char *p = cli_str_text(&t);
    size_t lo = 0, hi = t.n;
    while (lo < hi && p[lo] == ' ')
        lo++;
    while (hi > lo && p[hi - 1] == ' ')
        hi--;
    size_t digits = lo;
    while (digits < hi && p[digits] >= '0' && p[digits] <= '9')
        digits++;
    for (size_t i = lo; i < hi; i++) {
        char c = p[i];
        int first = i == lo;
        switch (c) {
        case '<':
            cli_str_adds(b, "&lt;");
            continue;
        case '>':
            cli_str_adds(b, "&gt;");
            continue;
        case '&':
            cli_str_adds(b, "&amp;");
            continue;
        case '\\': case '`': case '*': case '[': case ']': case '|':
        case '~': case '$':
            cli_str_addc(b, '\\');
            break;
        case '_': /* inside a word it makes no emphasis: kenya_fit stays */
            if (first || i + 1 >= hi || !alnum(p[i - 1]) || !alnum(p[i + 1]))
                cli_str_addc(b, '\\');
            break;
        case '#':
            if (first || p[i - 1] == ' ')
                cli_str_addc(b, '\\');
            break;
        case '-': case '+': case '=':
            if (first && lead)
                cli_str_addc(b, '\\');
            break;
        case '.': case ')': /* "1." or "1)" would open an ordered list */
            if (lead && i == digits && digits > lo)
                cli_str_addc(b, '\\');
            break;
        default:
            break;
        }
        cli_str_addc(b, c);
    }
    if (t.oom)
        b->oom = 1;
    cli_str_free(&t);
}

void cli_md_text(cli_str *b, const char *s)
{
    md_put(b, s, 0);
}

/* s at the start of a block. */
void cli_md_lead(cli_str *b, const char *s)
{
    md_put(b, s, 1);
}

/* s after the program's words before it; nothing when s is NULL. */
static void md_after(cli_str *b, const char *before, const char *s)
{
    if (!s)
        return;
    cli_str_adds(b, before);
    cli_md_text(b, s);
}

/* A table cell: the text, or "-" when there is none (an empty cell reads
 * as a gap). */
void cli_md_cell(cli_str *b, const char *s)
{
    size_t before = b->n;
    cli_md_text(b, s);
    if (b->n == before)
        cli_str_addc(b, '-');
}

void cli_md_facts(cli_str *b, const assay_engine *e, int date)
{
    cli_str_adds(b, "- engine: assay ");
    cli_md_text(b, assay_version());
    cli_str_adds(b, "\n- script: ");
    cli_md_text(b, assay_engine_script_name(e));
    cli_str_addf(b, " (sha256 %.12s)\n", assay_engine_script_sha256(e));
    if (date) { /* only when asked: a report is the same bytes each day */
        char day[16];
        cli_today(day);
        cli_str_addf(b, "- date: %s\n", day);
    }
}

/* ---- Anchors ----------------------------------------------------------- */

/* A project's anchor: "project-" and its id in lower case, every
 * character but a letter, a digit, '_' and '-' as '-'; "-2", "-3", ...
 * after it when an earlier project of the run has it already ("A" and
 * "a"). Made in input order, so a project's anchor is the same whatever
 * --sort says. */
typedef struct slugs {
    char **slot;   /* open addressing; NULL is free */
    size_t cap, n;
} slugs;

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static char **slot_of(const slugs *st, const char *s)
{
    size_t i = hash(s) & (st->cap - 1);
    while (st->slot[i] && strcmp(st->slot[i], s))
        i = (i + 1) & (st->cap - 1);
    return &st->slot[i];
}

/* Add s (taken over): 0, or -1 when memory ran out (s freed). */
static int slugs_add(slugs *st, char *s)
{
    if (2 * (st->n + 1) > st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 256;
        slugs bigger = {calloc(cap, sizeof *bigger.slot), cap, st->n};
        if (!bigger.slot) {
            free(s);
            return -1;
        }
        for (size_t i = 0; i < st->cap; i++)
            if (st->slot[i])
                *slot_of(&bigger, st->slot[i]) = st->slot[i];
        free(st->slot);
        *st = bigger;
    }
    *slot_of(st, s) = s;
    st->n++;
    return 0;
}

static void slugs_free(slugs *st)
{
    for (size_t i = 0; i < st->cap; i++)
        free(st->slot[i]);
    free(st->slot);
    memset(st, 0, sizeof *st);
}

/* The anchor of a project with this id, kept in st: NULL when memory ran
 * out. Borrowed from st. */
static const char *slug_new(slugs *st, const char *id)
{
    cli_str s = {0};
    cli_str_adds(&s, "project-");
    for (const char *c = id; *c; c++)
        cli_str_addc(&s, (*c >= 'A' && *c <= 'Z') ? (char)(*c - 'A' + 'a')
                         : alnum(*c) || *c == '_' || *c == '-' ? *c : '-');
    size_t base = s.n;
    for (unsigned k = 2; !s.oom && st->cap && *slot_of(st, s.p); k++) {
        s.n = base;
        cli_str_addf(&s, "-%u", k);
    }
    if (s.oom || slugs_add(st, s.p)) {
        if (s.oom)
            cli_str_free(&s);
        return NULL;
    }
    return s.p;
}

/* ---- What the report holds --------------------------------------------- */

typedef struct md_crit {     /* the script's criterion, from a result */
    char *id, *title, *about;
    double weight;
} md_crit;

typedef struct md_view {
    cli_portfolio *pf;       /* the run's (out's) */
    char **section;          /* each project's, by its row's seq */
    const char **anchor;     /* each project's, borrowed from anchors */
    size_t nsection, cap;
    slugs anchors;
    md_crit *crit;           /* in the script's order */
    int ncrit, have_crit;
    cli_str errors;          /* the first CLI_ERRORS_KEPT load errors */
    unsigned long errors_kept, errors_omitted;
    int oom;
} md_view;

static char *dup_or_null(const char *s, int *oom)
{
    char *d = s ? strdup(s) : NULL;
    if (s && !d)
        *oom = 1;
    return d;
}

/* Titles, weights and descriptions are the script's: the same in every
 * result, so the first one's are kept for the tables' columns. */
static void keep_criteria(md_view *v, const assay_result *r)
{
    int n = assay_result_criterion_count(r);
    v->have_crit = 1;
    if (n <= 0 || !(v->crit = calloc((size_t)n, sizeof *v->crit))) {
        v->oom |= n > 0;
        return;
    }
    v->ncrit = n;
    for (int i = 0; i < n; i++) {
        md_crit *c = &v->crit[i];
        c->id = dup_or_null(assay_result_criterion_id(r, i), &v->oom);
        c->title = dup_or_null(assay_result_criterion_title(r, i), &v->oom);
        c->about =
            dup_or_null(assay_result_criterion_description(r, i), &v->oom);
        c->weight = assay_result_criterion_weight(r, i);
    }
}

/* Criterion k of r in the portfolio's order: the script's index. */
static int nth(const cli_portfolio *pf, const assay_result *r, int k)
{
    return pf->order && pf->ncrit == assay_result_criterion_count(r)
               ? pf->order[k] : k;
}

/* ---- Numbers (the C locale's: the command never sets another) ---------- */

static void num2(cli_str *b, int has, double v)
{
    if (has)
        cli_str_addf(b, "%.2f", v);
    else
        cli_str_addc(b, '-');
}

static void percent(cli_str *b, double v)
{
    cli_str_addf(b, "%.0f%%", v * 100);
}

/* ---- A project's section (rendered when its result arrives) ------------ */

static void evidence_item(cli_str *b, const assay_evidence *ev)
{
    cli_str_adds(b, "- ");
    if (ev->field) { /* the text opens with the program's own words */
        cli_str_adds(b, "field ");
        cli_md_text(b, ev->field);
        cli_str_adds(b, " = ");
        cli_md_text(b, ev->value);
    } else if (!ev->status || strcmp(ev->status, "stated")) {
        cli_md_lead(b, ev->indicator);
        cli_str_adds(b, !ev->status || !strcmp(ev->status, "missing")
                            ? ": not in the case"
                        : !strcmp(ev->status, "not_stated")
                            ? ": not stated"
                            : ": not applicable");
    } else {
        cli_md_lead(b, ev->indicator);
        cli_str_adds(b, " = ");
        cli_md_text(b, ev->value);
        cli_str_adds(b, " (stated");
        md_after(b, "; source ", ev->source);
        md_after(b, ev->source ? ", " : "; ", ev->locator);
        md_after(b, "; confidence ", ev->confidence);
        cli_str_addc(b, ')');
    }
    md_after(b, "; note: ", ev->note);
    cli_str_addc(b, '\n');
    if (ev->quote && !ev->field) {
        cli_str_adds(b, "  > ");
        cli_md_lead(b, ev->quote);
        cli_str_addc(b, '\n');
    }
}

static void trace_items(cli_str *b, const assay_result *r, int i)
{
    int n = i < 0 ? assay_result_trace_count(r)
                  : assay_result_criterion_trace_count(r, i);
    for (int j = 0; j < n; j++) {
        assay_trace t;
        if (i < 0 ? assay_result_trace(r, j, &t)
                  : assay_result_criterion_trace(r, i, j, &t))
            continue;
        cli_str_adds(b, "- trace ");
        if (t.file) {
            cli_md_text(b, t.file);
            cli_str_addc(b, ':');
        }
        cli_str_addf(b, "%lu: ", t.line);
        cli_md_text(b, t.text);
        cli_str_addc(b, '\n');
    }
}

/* "id: title", or the id alone when the title is the id; the id in bold
 * when strong is set. */
static void criterion_name(cli_str *b, const char *id, const char *title,
                           int strong)
{
    cli_str_adds(b, strong ? "**" : "");
    cli_md_text(b, id);
    cli_str_adds(b, strong ? "**" : "");
    if (title && strcmp(title, id ? id : ""))
        md_after(b, ": ", title);
}

static void criteria_table(cli_str *b, const cli_portfolio *pf,
                           const assay_result *r)
{
    cli_str_adds(b, "| criterion | status | score | weight | contribution "
                    "| label | note |\n"
                    "|---|---|---:|---:|---:|---|---|\n");
    for (int k = 0; k < assay_result_criterion_count(r); k++) {
        int i = nth(pf, r, k);
        double v;
        cli_str_adds(b, "| ");
        criterion_name(b, assay_result_criterion_id(r, i),
                       assay_result_criterion_title(r, i), 0);
        cli_str_adds(b, " | ");
        cli_md_cell(b, assay_result_criterion_status(r, i));
        cli_str_adds(b, " | ");
        int has = assay_result_criterion_score(r, i, &v);
        num2(b, has, v);
        cli_str_addf(b, " | %.4g | ", assay_result_criterion_weight(r, i));
        has = assay_result_criterion_contribution(r, i, &v);
        num2(b, has, v);
        cli_str_adds(b, " | ");
        cli_md_cell(b, assay_result_criterion_label(r, i));
        cli_str_adds(b, " | ");
        cli_md_cell(b, assay_result_criterion_note(r, i));
        cli_str_adds(b, " |\n");
    }
}

/* Below the table: the errors, then per criterion what it read. */
static void project_details(cli_str *b, const cli_portfolio *pf,
                            const assay_result *r)
{
    int nc = assay_result_criterion_count(r), errors = 0;
    for (int k = 0; k < nc; k++) {
        int i = nth(pf, r, k);
        const char *err = assay_result_criterion_error(r, i);
        if (!err)
            continue;
        if (!errors++)
            cli_str_adds(b, "\nErrors:\n\n");
        cli_str_adds(b, "- ");
        cli_md_lead(b, assay_result_criterion_id(r, i));
        cli_str_adds(b, ": ");
        cli_md_text(b, err);
        cli_str_addc(b, '\n');
    }
    int shown = 0;
    for (int k = 0; k < nc; k++) {
        int i = nth(pf, r, k);
        int ne = assay_result_evidence_count(r, i);
        int nt = assay_result_criterion_trace_count(r, i);
        if (!ne && !nt)
            continue;
        if (!shown++)
            cli_str_adds(b, "\n#### Evidence\n");
        cli_str_addc(b, '\n');
        criterion_name(b, assay_result_criterion_id(r, i),
                       assay_result_criterion_title(r, i), 1);
        cli_str_adds(b, "\n\n");
        for (int j = 0; j < ne; j++) {
            assay_evidence ev;
            if (!assay_result_evidence(r, i, j, &ev))
                evidence_item(b, &ev);
        }
        if (assay_result_evidence_truncated(r, i))
            cli_str_adds(b, "- (it read more than the list keeps)\n");
        trace_items(b, r, i);
    }
    if (assay_result_trace_count(r)) {
        cli_str_adds(b, "\nTrace of the weighting:\n\n");
        trace_items(b, r, -1);
    }
}

/* The section but its heading, which is written with the rank. */
static char *render_section(const cli_portfolio *pf, const assay_result *r)
{
    cli_str b = {0};
    double v;
    const char *verdict = assay_result_verdict(r);
    cli_str_adds(&b, "Verdict ");
    if (verdict && *verdict) {
        cli_str_adds(&b, "**");
        cli_md_text(&b, verdict);
        cli_str_adds(&b, "**");
    } else {
        cli_str_adds(&b, "none");
    }
    cli_str_adds(&b, ", score ");
    int has = assay_result_score(r, &v);
    num2(&b, has, v);
    cli_str_adds(&b, ", coverage ");
    percent(&b, assay_result_coverage(r));
    cli_str_adds(&b, ". From ");
    cli_md_text(&b, assay_result_file(r));
    cli_str_addf(&b, ", line %lu.\n", assay_result_line(r));
    if (assay_result_error(r)) {
        cli_str_adds(&b, "\n**Error:** ");
        cli_md_text(&b, assay_result_error(r));
        cli_str_addc(&b, '\n');
    }
    cli_str_addc(&b, '\n');
    criteria_table(&b, pf, r);
    project_details(&b, pf, r);
    if (b.oom) {
        cli_str_free(&b);
        return NULL;
    }
    char *fit = realloc(b.p, b.n + 1); /* held to the end: no spare room */
    return fit ? fit : b.p;
}

/* ---- The format -------------------------------------------------------- */

static void md_begin(out *o)
{
    md_view *v = calloc(1, sizeof *v);
    if (v)
        v->pf = &o->portfolio;
    o->view = v;
}

static void md_result(out *o, const assay_result *r)
{
    md_view *v = o->view;
    if (!v || v->oom)
        return;
    if (!v->have_crit)
        keep_criteria(v, r);
    if (v->nsection == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        char **s = realloc(v->section, cap * sizeof *s);
        if (s)
            v->section = s;
        const char **a = realloc(v->anchor, cap * sizeof *a);
        if (a)
            v->anchor = a;
        if (!s || !a) {
            v->oom = 1;
            return;
        }
        v->cap = cap;
    }
    if (cli_portfolio_add(v->pf, r)) { /* first: it orders the criteria */
        v->oom = 1;
        return;
    }
    const char *id = assay_result_id(r);
    char *section = render_section(v->pf, r);
    const char *anchor = slug_new(&v->anchors, id ? id : "");
    if (!section || !anchor) {
        free(section);
        v->oom = 1;
        return;
    }
    v->section[v->nsection] = section;
    v->anchor[v->nsection++] = anchor;
}

static void md_diag(out *o, const assay_diag *d)
{
    md_view *v = o->view;
    if (!v)
        return;
    if (v->errors_kept >= CLI_ERRORS_KEPT) {
        v->errors_omitted++;
        return;
    }
    v->errors_kept++;
    cli_str_adds(&v->errors, "- ");
    cli_md_lead(&v->errors, d->file);
    if (d->line)
        cli_str_addf(&v->errors, ":%lu:%lu", d->line, d->column);
    cli_str_adds(&v->errors, ": ");
    cli_md_text(&v->errors, d->message);
    cli_str_addc(&v->errors, '\n');
}

static const char *const SORT_NAMES[] = {"input order", "score", "verdict",
                                         "coverage", "id"};

static void header(cli_str *b, const out *o)
{
    cli_str_adds(b, "# Evaluation report\n\n");
    cli_md_facts(b, o->e, o->date);
    cli_str_addf(b, "- projects: %lu evaluated", o->projects);
    if (!assay_engine_verdict_count(o->e))
        cli_str_adds(b, " (the script declares no verdicts)");
    else
        for (size_t i = 0; i < o->nverdicts; i++) {
            cli_str_addf(b, "%s %lu ", i ? "," : ":", o->vcount[i]);
            cli_md_text(b, o->verdicts[i]);
        }
    if (o->failed)
        cli_str_addf(b, "; %lu with criterion errors", o->failed);
    if (o->load_errors)
        cli_str_addf(b, "; %lu load error%s", o->load_errors,
                     o->load_errors == 1 ? "" : "s");
    cli_str_addf(b, "\n- order: %s\n",
                 SORT_NAMES[o->sort >= 0 && o->sort < 5 ? o->sort : 0]);
}

/* The rank and project cells that open every row of the portfolio. */
static void row_start(cli_str *b, const md_view *v, size_t rank,
                      const cli_row *row)
{
    cli_str_addf(b, "| %zu | [", rank);
    cli_md_text(b, row->id);
    cli_str_addf(b, "](#%s) |", v->anchor[row->seq]);
}

/* A criterion's cell: "label (score)", the label or the score alone, or
 * the status when it has neither. */
static void mark_cell(cli_str *b, const cli_portfolio *pf, const cli_row *row,
                      int i)
{
    cli_str_addc(b, ' ');
    if (i >= row->ncrit) {
        cli_str_adds(b, "- |");
        return;
    }
    const cli_mark *m = &row->crit[i];
    const char *label = cli_portfolio_text(pf, m->label);
    if (label && *label) {
        cli_md_text(b, label);
        if (m->has_score)
            cli_str_addf(b, " (%.2f)", m->score);
    } else if (m->has_score) {
        cli_str_addf(b, "%.2f", m->score);
    } else {
        cli_md_cell(b, cli_portfolio_text(pf, m->status));
    }
    cli_str_adds(b, " |");
}

/* The legend of a table's criterion columns. */
static void legend(cli_str *b, const md_view *v, const int *cols, int n)
{
    cli_str_addc(b, '\n');
    for (int k = 0; k < n; k++) {
        const md_crit *c = &v->crit[cols[k]];
        cli_str_adds(b, "- ");
        criterion_name(b, c->id, c->title, 1);
        cli_str_addf(b, " (weight %.4g)", c->weight);
        md_after(b, ". ", c->about);
        cli_str_addc(b, '\n');
    }
}

/* One table of the portfolio: rank, project, then (when main is set)
 * verdict, score and coverage, then the criteria in cols. */
static void portfolio_table(cli_str *b, const md_view *v, const int *cols,
                            int n, int main)
{
    cli_str_adds(b, main ? "| rank | project | verdict | score | coverage |"
                         : "| rank | project |");
    for (int k = 0; k < n; k++) {
        cli_str_addc(b, ' ');
        cli_md_cell(b, v->crit[cols[k]].id);
        cli_str_adds(b, " |");
    }
    cli_str_adds(b, main ? "\n|---:|---|---|---:|---:|" : "\n|---:|---|");
    for (int k = 0; k < n; k++)
        cli_str_adds(b, "---|");
    cli_str_addc(b, '\n');
    for (size_t p = 0; p < v->pf->n; p++) {
        const cli_row *row = &v->pf->rows[p];
        row_start(b, v, p + 1, row);
        if (main) {
            const char *verdict = cli_portfolio_text(v->pf, row->verdict);
            cli_str_addc(b, ' ');
            cli_md_cell(b, verdict ? verdict : row->error ? "error" : NULL);
            cli_str_adds(b, " | ");
            num2(b, row->has_score, row->score);
            cli_str_adds(b, " | ");
            percent(b, row->coverage);
            cli_str_adds(b, " |");
        }
        for (int k = 0; k < n; k++)
            mark_cell(b, v->pf, row, cols[k]);
        cli_str_addc(b, '\n');
    }
    legend(b, v, cols, n);
}

/* The portfolio's tables: one for the criteria that weigh, whatever
 * their groups, then one for each group of criteria of weight 0
 * (reported, not counted), in the portfolio's order. */
static void portfolio(cli_str *b, const md_view *v)
{
    const cli_portfolio *pf = v->pf;
    cli_str_adds(b, "\n## Portfolio\n\n");
    if (!pf->n) {
        cli_str_adds(b, "No project was evaluated.\n");
        return;
    }
    int weighted = 0;
    for (int k = 0; k < pf->nsect; k++)
        if (!pf->sect[k].zero)
            weighted += pf->sect[k].n;
    portfolio_table(b, v, pf->order, weighted, 1);
    for (int k = 0; k < pf->nsect; k++) {
        const cli_section *sc = &pf->sect[k];
        if (!sc->zero)
            continue;
        cli_str_adds(b, "\n### ");
        if (sc->group && *sc->group) {
            cli_md_lead(b, sc->group);
            cli_str_adds(b, ", not weighted\n\n");
        } else {
            cli_str_adds(b, "Not weighted\n\n");
        }
        portfolio_table(b, v, pf->order + sc->first, sc->n, 0);
    }
}

static void write_str(out *o, cli_str *b)
{
    if (b->n)
        fwrite(b->p, 1, b->n, o->f);
    cli_str_clear(b);
}

static void md_end(out *o)
{
    md_view *v = o->view;
    if (!v || v->oom) {
        o->incomplete = 1;
        fputs("# Evaluation report\n\nOut of memory: the report could not "
              "be made.\n", o->f);
        goto done;
    }
    size_t nrank;
    const char **rank = cli_verdicts_best_first(o->e, &nrank);
    cli_portfolio_sort(v->pf, o->sort, rank, nrank);
    free(rank);
    cli_str b = {0};
    header(&b, o);
    portfolio(&b, v);
    write_str(o, &b);
    if (v->pf->n)
        fputs("\n## Projects\n", o->f);
    for (size_t p = 0; p < v->pf->n; p++) {
        const cli_row *row = &v->pf->rows[p];
        cli_str_addf(&b, "\n### <a id=\"%s\"></a>", v->anchor[row->seq]);
        cli_md_text(&b, row->id);
        cli_str_adds(&b, ": ");
        cli_md_text(&b, row->name);
        cli_str_adds(&b, "\n\n");
        write_str(o, &b);
        fputs(v->section[row->seq], o->f);
    }
    if (o->load_errors) {
        /* a document may have several: errors, not documents, counted */
        int one = o->load_errors == 1;
        cli_str_addf(&b, "\n## Load errors\n\n%lu load error%s: the "
                     "document%s or file%s %s name%s %s not evaluated, the "
                     "rest was.\n\n", o->load_errors, one ? "" : "s",
                     one ? "" : "s", one ? "" : "s", one ? "it" : "they",
                     one ? "s" : "", one ? "was" : "were");
        write_str(o, &b);
        fputs(cli_str_text(&v->errors), o->f);
        if (v->errors_omitted)
            cli_str_addf(&b, "- and %lu more (every one is on standard "
                         "error)\n", v->errors_omitted);
    }
    write_str(o, &b);
    if (b.oom || v->errors.oom)
        o->incomplete = 1;
    cli_str_free(&b);
done:
    if (v) {
        for (size_t i = 0; i < v->nsection; i++)
            free(v->section[i]);
        free(v->section);
        free(v->anchor);
        slugs_free(&v->anchors);
        for (int i = 0; i < v->ncrit; i++) {
            free(v->crit[i].id);
            free(v->crit[i].title);
            free(v->crit[i].about);
        }
        free(v->crit);
        cli_str_free(&v->errors);
        free(v);
    }
    o->view = NULL;
}

const format FORMAT_MARKDOWN = {"markdown", md_begin, md_result, md_diag,
                                md_end};

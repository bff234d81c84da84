/*
 * cli_html.c -- `assay run -f html`: the run as one page for people who
 * would rather look than read, in a single file that needs nothing else.
 * The style is inline, the charts are inline SVG, and there is no script,
 * no font, no image and no address outside the page (a Content-Security-
 * Policy tells the browser so as well).
 *
 * The page shows the projects side by side (a heat map of every score)
 * before it shows each one, so it holds the run: each project's section
 * is rendered into memory as its result arrives (a result lives only for
 * its callback), and what the heat map needs is kept in a cli_portfolio;
 * everything is written at the end, in the order --sort asks for.
 *
 * Every text from case files and scripts is escaped for HTML (& < > " '),
 * control characters and bytes that are not UTF-8 are shown as \xNN as in
 * the other formats, and no such text ever goes into a style, a script or
 * an address. Anchors are made from ids by an encoding that keeps them
 * unique and plain (letters, digits, '_' and '.').
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define W 400          /* width of a chart, in SVG units */
#define ROW 42         /* height of a criterion's row in a chart */
#define CUT 28         /* characters of a name a chart shows */

/* A criterion as the page shows it: the script's, read from the first
 * result (weights and groups are the script's, the same for every
 * project). */
typedef struct column {
    int crit;          /* index in the script's order */
    char *id, *title, *group;
    double weight;
} column;

static struct {
    cli_portfolio *pf; /* the run's (out's): the heat map's rows */
    cli_str *sect;     /* each project's section, by its row's seq */
    size_t nsect;
    column *col;       /* the criteria in the portfolio's order */
    int ncol, nweighted, have_cols;
    cli_str rejected;  /* list items, one per rejected document */
    unsigned long nrejected, rejected_omitted;
    unsigned long lost; /* projects whose section memory did not hold */
} html;


/* An anchor made of prefix and id: letters, digits and '_' stay, any other
 * byte is written .XX, so two ids never give one anchor and a '-' in the
 * result is always the page's own (parts are joined with "--"). */
static void anchor(cli_str *s, const char *prefix, const char *id)
{
    cli_str_adds(s, prefix);
    for (const unsigned char *p = (const unsigned char *)id; p && *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || *p == '_')
            cli_str_addc(s, (char)*p);
        else
            cli_str_addf(s, ".%02x", *p);
    }
}

/* Numbers with a point whatever the locale (the command never sets one),
 * and never "-0.00". */
static void num(cli_str *s, double v)
{
    cli_str_addf(s, "%.2f", v == 0 ? 0.0 : v);
}

static void pct(cli_str *s, double v)
{
    cli_str_addf(s, "%.0f%%", v * 100 == 0 ? 0.0 : v * 100);
}

/* v when there is one (has), else a dash. */
static void num_or_dash(cli_str *s, int has, double v)
{
    if (has)
        num(s, v);
    else
        cli_str_adds(s, "\xe2\x80\x94");
}

/* Which fifth of the scale a score falls in: the colour of its cell. */
static int bin(double v)
{
    return v < 0.2 ? 0 : v < 0.4 ? 1 : v < 0.6 ? 2 : v < 0.8 ? 3 : 4;
}


/* ---- Columns --------------------------------------------------------- */

/* The criteria in the order the portfolio shows them (cli_criteria_order:
 * those that weigh, then those of weight 0, apart; grouped by group),
 * with what the page says of each, from the first result kept. */
static void take_columns(const assay_result *r)
{
    const cli_portfolio *pf = html.pf;
    html.have_cols = 1;
    if (!pf->order || pf->ncrit != assay_result_criterion_count(r))
        return;
    html.col = calloc((size_t)pf->ncrit, sizeof *html.col);
    if (!html.col)
        return;
    for (int k = 0; k < pf->ncrit; k++) {
        column *c = &html.col[k];
        int i = pf->order[k];
        const char *title = assay_result_criterion_title(r, i);
        const char *group = assay_result_criterion_group(r, i);
        c->crit = i;
        c->id = strdup(assay_result_criterion_id(r, i));
        c->title = title ? strdup(title) : NULL;
        c->group = group ? strdup(group) : NULL;
        c->weight = assay_result_criterion_weight(r, i);
        html.nweighted += c->weight != 0;
    }
    html.ncol = pf->ncrit;
}

/* A criterion's id, and its title when it has another. */
static void crit_name(cli_str *s, const column *c)
{
    cli_str_adds(s, "<span class=\"cid\">");
    cli_html_text(s, c->id);
    cli_str_adds(s, "</span>");
    if (c->title && strcmp(c->title, c->id)) {
        cli_str_adds(s, " <span class=\"ctitle\">");
        cli_html_text(s, c->title);
        cli_str_adds(s, "</span>");
    }
}

/* ---- A project's chart ----------------------------------------------- */

static void svg_text(cli_str *s, int x, int y, const char *cls,
                     const char *anchor_end)
{
    cli_str_addf(s, "<text x=\"%d\" y=\"%d\"%s%s%s%s>", x, y,
                 cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "",
                 anchor_end ? " text-anchor=\"end\"" : "");
}

/* "score 0.86 x weight 0.25 = 0.21" and the like, as the chart and its
 * text alternative say it. */
static void criterion_sum(cli_str *s, const assay_result *r, const column *c)
{
    double v, contrib;
    const char *status = assay_result_criterion_status(r, c->crit);
    if (!assay_result_criterion_score(r, c->crit, &v)) {
        cli_str_adds(s, status && !strcmp(status, "not_assessable")
                            ? "not assessable" : "no score");
        cli_str_adds(s, ", weight ");
        num(s, c->weight);
        return;
    }
    cli_str_adds(s, "score ");
    num(s, v);
    cli_str_adds(s, " \xc3\x97 weight ");
    num(s, c->weight);
    if (assay_result_criterion_contribution(r, c->crit, &contrib)) {
        cli_str_adds(s, " = ");
        num(s, contrib);
    }
}

/* The chart of one project: per weighted criterion, a grey track as long
 * as its weight (the longest weight fills the width) filled as far as its
 * score goes, so the filled length is its contribution; a criterion with
 * no score is a dashed outline. Then the coverage (the weight that was
 * assessed, of all the weight), the project's score on a 0 to 1 scale
 * with the verdict thresholds marked, and the flags of weight 0 as
 * labelled tiles. role="img" with a title and a description that say all
 * of it in words; the criteria table below has the same numbers. */
static void chart(cli_str *s, const assay_engine *e, const assay_result *r,
                  const char *pid, const char *a)
{
    double maxw = 0, total = 0, v;
    for (int k = 0; k < html.nweighted; k++) {
        if (html.col[k].weight > maxw)
            maxw = html.col[k].weight;
        total += html.col[k].weight;
    }
    int nflags = html.ncol - html.nweighted;
    int nthr = 0;
    for (int j = 0; j < assay_engine_rule_count(e, ASSAY_WEIGHTING); j++) {
        assay_rule ru;
        if (!assay_engine_rule(e, ASSAY_WEIGHTING, j, &ru) && ru.has_at_least)
            nthr++;
    }
    int h = html.nweighted * ROW + (html.nweighted ? ROW : 0) + ROW +
            (nthr ? 16 : 0) + (nflags ? 24 + ((nflags + 4) / 5) * 44 : 0);

    cli_str_addf(s, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                 "height=\"%d\" role=\"img\" aria-labelledby=\"%s--ct\" "
                 "aria-describedby=\"%s--cd\"><title id=\"%s--ct\">Chart of ",
                 W, h, W, h, a, a, a);
    cli_html_text(s, pid);
    cli_str_addf(s, ": each criterion's score against its weight</title>"
                 "<desc id=\"%s--cd\">", a);
    if (assay_result_score(r, &v)) {
        cli_str_adds(s, "Score ");
        num(s, v);
    } else {
        cli_str_adds(s, "No score");
    }
    cli_str_adds(s, ", coverage ");
    pct(s, assay_result_coverage(r));
    cli_str_adds(s, ".");
    for (int k = 0; k < html.ncol; k++) {
        const column *c = &html.col[k];
        const char *label = assay_result_criterion_label(r, c->crit);
        cli_str_adds(s, " ");
        cli_html_text(s, c->id);
        cli_str_adds(s, ": ");
        if (label) {
            cli_html_text(s, label);
            cli_str_adds(s, ", ");
        }
        criterion_sum(s, r, c);
        cli_str_adds(s, ".");
    }
    cli_str_adds(s, "</desc>\n");

    int y = 0;
    for (int k = 0; k < html.nweighted; k++) {
        const column *c = &html.col[k];
        const char *label = assay_result_criterion_label(r, c->crit);
        int has = assay_result_criterion_score(r, c->crit, &v);
        double track = maxw > 0 ? W * c->weight / maxw : W;
        svg_text(s, 0, y + 14, "name", NULL);
        cli_html_cut(s, c->id, CUT);
        if (label) {
            cli_str_adds(s, "<tspan class=\"lab\"> \xe2\x80\x94 ");
            cli_html_cut(s, label, CUT);
            cli_str_adds(s, "</tspan>");
        }
        cli_str_adds(s, "</text>");
        svg_text(s, W, y + 14, "small", "end");
        criterion_sum(s, r, c);
        cli_str_adds(s, "</text>\n");
        if (has) {
            cli_str_addf(s, "<rect class=\"track\" x=\"0\" y=\"%d\" "
                         "width=\"%.1f\" height=\"14\"/>", y + 20, track);
            cli_str_addf(s, "<rect class=\"fill\" x=\"0\" y=\"%d\" "
                         "width=\"%.1f\" height=\"14\"/>\n", y + 20,
                         track * (v < 0 ? 0 : v > 1 ? 1 : v));
        } else {
            cli_str_addf(s, "<rect class=\"none\" x=\"0.5\" y=\"%d.5\" "
                         "width=\"%.1f\" height=\"13\"/>\n", y + 20,
                         track > 1 ? track - 1 : track);
        }
        y += ROW;
    }
    if (html.nweighted) {
        /* the coverage: every weighted criterion's share of the weight,
         * solid when it was assessed */
        svg_text(s, 0, y + 14, "name", NULL);
        cli_str_adds(s, "Coverage</text>");
        svg_text(s, W, y + 14, "small", "end");
        pct(s, assay_result_coverage(r));
        cli_str_adds(s, " of the weight assessed</text>\n");
        double x = 0;
        for (int k = 0; k < html.nweighted; k++) {
            const column *c = &html.col[k];
            double wdt = total > 0 ? W * c->weight / total : 0;
            int has = assay_result_criterion_score(r, c->crit, &v);
            cli_str_addf(s, "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" "
                         "width=\"%.1f\" height=\"14\"/>",
                         has ? "cov" : "none", x + 0.5, y + 20,
                         wdt > 1 ? wdt - 1 : wdt);
            x += wdt;
        }
        cli_str_addc(s, '\n');
        y += ROW;
    }
    /* the score on its scale, with the thresholds of the verdicts */
    int has = assay_result_score(r, &v);
    svg_text(s, 0, y + 14, "name", NULL);
    cli_str_adds(s, "Score</text>");
    svg_text(s, W, y + 14, "small", "end");
    if (has)
        num(s, v);
    else
        cli_str_adds(s, "none");
    cli_str_adds(s, " on a scale of 0 to 1</text>\n");
    cli_str_addf(s, "<rect class=\"track\" x=\"0\" y=\"%d\" width=\"%d\" "
                 "height=\"14\"/>", y + 20, W);
    if (has)
        cli_str_addf(s, "<rect class=\"fill\" x=\"0\" y=\"%d\" width=\"%.1f\" "
                     "height=\"14\"/>", y + 20,
                     W * (v < 0 ? 0 : v > 1 ? 1 : v));
    double last = -1;
    for (int j = 0; j < assay_engine_rule_count(e, ASSAY_WEIGHTING); j++) {
        assay_rule ru;
        if (assay_engine_rule(e, ASSAY_WEIGHTING, j, &ru) || !ru.has_at_least)
            continue;
        double tx = W * (ru.at_least < 0 ? 0 : ru.at_least > 1 ? 1
                                                               : ru.at_least);
        cli_str_addf(s, "<line class=\"thr\" x1=\"%.1f\" y1=\"%d\" "
                     "x2=\"%.1f\" y2=\"%d\"/>", tx, y + 17, tx, y + 37);
        /* a label where there is room for one */
        if (last < 0 || tx - last > 90 || last - tx > 90) {
            cli_str_addf(s, "<text class=\"small\" x=\"%.1f\" y=\"%d\" "
                         "text-anchor=\"%s\">", tx, y + 48,
                         tx > W - 40 ? "end" : tx < 40 ? "start" : "middle");
            cli_html_cut(s, ru.label, 14);
            cli_str_adds(s, " \xe2\x89\xa5 ");
            cli_str_addf(s, "%g", ru.at_least);
            cli_str_adds(s, "</text>");
            last = tx;
        }
    }
    cli_str_addc(s, '\n');
    y += ROW + (nthr ? 16 : 0);
    if (nflags) {
        /* the flags: a tile each, coloured by score, its label in it */
        svg_text(s, 0, y + 14, "name", NULL);
        cli_str_adds(s, "Not weighted");
        /* the group's name when they are all of one */
        const cli_section *last = &html.pf->sect[html.pf->nsect - 1];
        if (last->n == nflags && last->group) {
            cli_str_adds(s, ": ");
            cli_html_cut(s, last->group, CUT);
        }
        cli_str_adds(s, "</text>\n");
        y += 24;
        for (int k = 0; k < nflags; k++) {
            const column *c = &html.col[html.nweighted + k];
            int x = (k % 5) * 80, ty = y + (k / 5) * 44;
            int fhas = assay_result_criterion_score(r, c->crit, &v);
            const char *label = assay_result_criterion_label(r, c->crit);
            const char *err = assay_result_criterion_error(r, c->crit);
            if (fhas)
                cli_str_addf(s, "<rect class=\"q%d\" x=\"%d\" y=\"%d\" "
                             "width=\"76\" height=\"38\" rx=\"3\"/>", bin(v),
                             x, ty);
            else
                cli_str_addf(s, "<rect class=\"%s\" x=\"%d.5\" y=\"%d.5\" "
                             "width=\"75\" height=\"37\" rx=\"3\"/>",
                             err ? "err" : "none", x, ty);
            svg_text(s, x + 6, ty + 14, "small", NULL);
            cli_html_cut(s, c->id, 10);
            cli_str_adds(s, "</text>");
            svg_text(s, x + 6, ty + 31, "tile", NULL);
            if (label)
                cli_html_cut(s, label, 9);
            else if (fhas)
                num(s, v);
            else
                cli_str_adds(s, err ? "error" : "n/a");
            cli_str_adds(s, "</text>\n");
        }
    }
    cli_str_adds(s, "</svg>\n");
}

/* ---- A project's section --------------------------------------------- */

static void status_text(cli_str *s, const char *status)
{
    if (status && !strcmp(status, "not_assessable"))
        cli_str_adds(s, "not assessable");
    else
        cli_html_text(s, status);
}

/* A JSON value as a reader wants it: a plain string without its quotes,
 * anything else as written. */
static void json_value(cli_str *s, const char *v)
{
    size_t n = v ? strlen(v) : 0;
    if (n >= 2 && v[0] == '"' && v[n - 1] == '"' && !memchr(v, '\\', n)) {
        char *plain = strndup(v + 1, n - 2);
        if (plain)
            cli_html_text(s, plain);
        free(plain);
        return;
    }
    cli_html_text(s, v);
}

/* Why the verdict: the rules tried, in order, the one that decided
 * marked. The engine's reason has a line per rule tried, in order, as
 * `verdicts[N] "LABEL": what each condition came to`, the chosen one
 * ending in " -> chosen"; the prefix is shown as the rule's number and
 * its verdict, a line of another shape as it is. */
static void why_verdict(cli_str *s, const assay_engine *e,
                        const assay_result *r)
{
    const char *why = assay_result_verdict_reason(r);
    cli_str_adds(s, "<h4>Why this verdict</h4>\n");
    if (!assay_engine_verdict_count(e)) {
        cli_str_adds(s, "<p>The script declares no verdict rules.</p>\n");
        return;
    }
    if (!why || !*why) {
        cli_str_adds(s, "<p>No verdict rule was tried");
        if (assay_result_error(r))
            cli_str_adds(s, ": the project ended in error");
        cli_str_adds(s, ".</p>\n");
        return;
    }
    cli_str_adds(s, "<ol class=\"why\">\n");
    static const char CHOSEN[] = " -> chosen";
    const size_t nc = sizeof CHOSEN - 1;
    cli_str prefix = {0};
    for (int k = 0; *why; k++) {
        const char *nl = strchr(why, '\n');
        size_t n = nl ? (size_t)(nl - why) : strlen(why);
        char *line = strndup(why, n);
        if (line) {
            size_t len = strlen(line);
            int chosen = len > nc && !strcmp(line + len - nc, CHOSEN);
            if (chosen)
                line[len - nc] = 0;
            cli_str_adds(s, chosen ? "<li class=\"chosen\"><strong>Decided:"
                                     "</strong> " : "<li>");
            const char *label = assay_engine_verdict_label(e, k);
            cli_str_clear(&prefix);
            if (label)
                cli_str_addf(&prefix, "verdicts[%d] \"%s\": ", k + 1, label);
            if (label && !prefix.oom &&
                !strncmp(line, prefix.p, prefix.n)) {
                cli_str_addf(s, "rule %d, ", k + 1);
                cli_html_verdict(s, e, label);
                cli_str_adds(s, ": ");
                cli_html_text(s, line + prefix.n);
            } else {
                cli_html_text(s, line);
            }
            cli_str_adds(s, "</li>\n");
        }
        free(line);
        why += n + (nl != NULL);
    }
    cli_str_free(&prefix);
    cli_str_adds(s, "</ol>\n");
}


static void criteria_table(cli_str *s, const assay_result *r,
                           const char *pid, const char *a)
{
    static const char *const heads[] = {"Criterion", "Status", ">Score",
                                        "Label", ">Weight", ">Contribution",
                                        "Note", NULL};
    cli_str capid = {0};
    cli_str_addf(&capid, "%s--tc", a);
    cli_str_adds(s, "<h4>Criteria</h4>\n");
    cli_html_table_open(s, "crit", cli_str_text(&capid), 1);
    cli_str_free(&capid);
    cli_str_adds(s, "Criteria of ");
    cli_html_text(s, pid);
    cli_str_adds(s, ": score, weight and contribution to the project's "
                    "score");
    cli_html_table_heads(s, heads);
    for (int k = 0; k < html.ncol; k++) {
        const column *c = &html.col[k];
        int i = c->crit;
        double v;
        const char *err = assay_result_criterion_error(r, i);
        const char *note = assay_result_criterion_note(r, i);
        const char *label = assay_result_criterion_label(r, i);
        cli_str_adds(s, k == html.nweighted && k ? "<tr class=\"gap\">"
                                                 : "<tr>");
        cli_str_adds(s, "<th scope=\"row\">");
        crit_name(s, c);
        cli_str_adds(s, "</th><td");
        if (err)
            cli_str_adds(s, " class=\"errtext\"");
        cli_str_adds(s, ">");
        status_text(s, assay_result_criterion_status(r, i));
        cli_str_adds(s, "</td><td class=\"num\">");
        int has = assay_result_criterion_score(r, i, &v); /* v set first */
        num_or_dash(s, has, v);
        cli_str_adds(s, "</td><td>");
        if (label)
            cli_html_text(s, label);
        cli_str_adds(s, "</td><td class=\"num\">");
        num(s, c->weight);
        cli_str_adds(s, "</td><td class=\"num\">");
        has = assay_result_criterion_contribution(r, i, &v);
        num_or_dash(s, has, v);
        cli_str_adds(s, "</td><td>");
        cli_html_text(s, note);
        if (err) {
            cli_str_adds(s, note ? "<br>" : "");
            cli_str_adds(s, "<span class=\"errtext\"><strong>Error:</strong> ");
            cli_html_text(s, err);
            cli_str_adds(s, "</span>");
        }
        cli_str_adds(s, "</td></tr>\n");
    }
    cli_html_table_close(s);
}

static void evidence(cli_str *s, const assay_result *r)
{
    cli_str_adds(s, "<h4>Evidence</h4>\n");
    for (int k = 0; k < html.ncol; k++) {
        const column *c = &html.col[k];
        int i = c->crit, n = assay_result_evidence_count(r, i);
        cli_str_adds(s, "<h5>");
        crit_name(s, c);
        cli_str_adds(s, "</h5>\n");
        if (!n) {
            cli_str_adds(s, "<p class=\"quiet\">Read nothing from the case."
                            "</p>\n");
            continue;
        }
        cli_str_adds(s, "<ul class=\"ev\">\n");
        for (int j = 0; j < n; j++) {
            assay_evidence ev;
            if (assay_result_evidence(r, i, j, &ev))
                continue;
            cli_str_adds(s, "<li>");
            if (ev.field) {
                cli_str_adds(s, "<p>Field <code>");
                cli_html_text(s, ev.field);
                cli_str_adds(s, "</code> = ");
                json_value(s, ev.value);
                cli_str_adds(s, "</p></li>\n");
                continue;
            }
            cli_str_adds(s, "<p><b>");
            cli_html_text(s, ev.indicator);
            cli_str_adds(s, "</b> ");
            if (ev.status && strcmp(ev.status, "stated")) {
                cli_str_adds(s, !strcmp(ev.status, "missing")
                                    ? "not in the case"
                                    : !strcmp(ev.status, "not_stated")
                                          ? "not stated" : "not applicable");
            } else {
                cli_str_adds(s, "= ");
                json_value(s, ev.value);
            }
            if (ev.confidence) {
                cli_str_adds(s, " <span class=\"quiet\">(confidence ");
                cli_html_text(s, ev.confidence);
                cli_str_adds(s, ")</span>");
            }
            cli_str_adds(s, "</p>");
            if (ev.quote) {
                cli_str_adds(s, "<blockquote><p>\xe2\x80\x9c");
                cli_html_text(s, ev.quote);
                cli_str_adds(s, "\xe2\x80\x9d</p></blockquote>");
            }
            if (ev.source || ev.locator) {
                cli_str_adds(s, "<p class=\"src\">");
                if (ev.source) {
                    cli_str_adds(s, "Source <cite>");
                    cli_html_text(s, ev.source);
                    cli_str_adds(s, "</cite>");
                }
                if (ev.locator) {
                    cli_str_adds(s, ev.source ? ", at " : "At ");
                    cli_html_text(s, ev.locator);
                }
                cli_str_adds(s, "</p>");
            }
            if (ev.note) {
                cli_str_adds(s, "<p class=\"note\">Note: ");
                cli_html_text(s, ev.note);
                cli_str_adds(s, "</p>");
            }
            cli_str_adds(s, "</li>\n");
        }
        cli_str_adds(s, "</ul>\n");
        if (assay_result_evidence_truncated(r, i))
            cli_str_adds(s, "<p class=\"quiet\">It read more than the list "
                            "keeps.</p>\n");
    }
}

static void section(cli_str *s, const assay_engine *e, const assay_result *r)
{
    const char *pid = assay_result_id(r), *name = assay_result_name(r);
    double v;
    cli_str id = {0}; /* the section's anchor, and the stem of its others */
    anchor(&id, "p-", pid);
    const char *a = cli_str_text(&id);
    cli_str_addf(s, "<section class=\"project\" id=\"%s\" aria-labelledby="
                 "\"%s--h\">\n<h3 id=\"%s--h\">", a, a, a);
    cli_html_text(s, name && *name ? name : pid);
    cli_str_adds(s, "</h3>\n<p class=\"sub\"><span class=\"pid\">");
    cli_html_text(s, pid);
    cli_str_adds(s, "</span> \xc2\xb7 ");
    cli_html_text(s, assay_result_file(r));
    cli_str_addf(s, ":%lu</p>\n<div class=\"facts\">\n<div><span class=\"k\">"
                 "Verdict</span> ", assay_result_line(r));
    cli_html_verdict(s, e, assay_result_verdict(r));
    cli_str_adds(s, "</div>\n<div><span class=\"k\">Score</span> <b>");
    if (assay_result_score(r, &v))
        num(s, v);
    else
        cli_str_adds(s, "none");
    cli_str_adds(s, "</b></div>\n<div><span class=\"k\">Coverage</span> <b>");
    pct(s, assay_result_coverage(r));
    cli_str_adds(s, "</b></div>\n</div>\n");
    if (assay_result_error(r)) {
        cli_str_adds(s, "<p class=\"errbox\"><strong>Error:</strong> ");
        cli_html_text(s, assay_result_error(r));
        cli_str_adds(s, "</p>\n");
    }
    cli_str_adds(s, "<div class=\"pair\">\n<div>\n<h4>Score by criterion</h4>"
                    "\n<figure>\n");
    chart(s, e, r, pid, a);
    cli_str_adds(s, "<figcaption>Each bar is as long as the criterion's "
                    "weight and filled as far as its score: the filled part "
                    "is what it adds to the score. A dashed outline has no "
                    "score.</figcaption>\n</figure>\n</div>\n<div>\n");
    why_verdict(s, e, r);
    cli_str_adds(s, "</div>\n</div>\n");
    criteria_table(s, r, pid, a);
    evidence(s, r);
    cli_str_adds(s, "</section>\n");
    cli_str_free(&id);
}

/* ---- The format ------------------------------------------------------ */

static void html_begin(out *o)
{
    memset(&html, 0, sizeof html);
    html.pf = &o->portfolio;
}

static void html_result(out *o, const assay_result *r)
{
    if (html.pf->n == html.nsect) {
        size_t cap = html.nsect ? html.nsect * 2 : 64;
        cli_str *t = realloc(html.sect, cap * sizeof *t);
        if (!t) {
            html.lost++;
            return;
        }
        memset(t + html.nsect, 0, (cap - html.nsect) * sizeof *t);
        html.sect = t;
        html.nsect = cap;
    }
    if (cli_portfolio_add(html.pf, r))
        return; /* the portfolio counts it among those it lost */
    if (!html.have_cols)
        take_columns(r);
    cli_str *s = &html.sect[html.pf->n - 1];
    section(s, o->e, r);
    if (s->oom) {
        cli_str_free(s);
        cli_str_adds(s, "<section class=\"project\"><p class=\"errbox\">"
                        "Out of memory: this project's section is missing."
                        "</p></section>\n");
    }
}

static void html_diag(out *o, const assay_diag *d)
{
    (void)o;
    if (html.nrejected >= CLI_ERRORS_KEPT) {
        html.rejected_omitted++;
        return;
    }
    html.nrejected++;
    cli_str *s = &html.rejected;
    cli_str_adds(s, "<li><code>");
    cli_html_text(s, d->file);
    if (d->line)
        cli_str_addf(s, ":%lu:%lu", d->line, d->column);
    cli_str_adds(s, "</code>: ");
    cli_html_text(s, d->message);
    cli_str_adds(s, "</li>\n");
}


static const char *sort_words(int key)
{
    switch (key) {
    case CLI_SORT_SCORE: return "by score, highest first";
    case CLI_SORT_VERDICT: return "by verdict, the best first, then by score";
    case CLI_SORT_COVERAGE: return "by coverage, highest first, then by score";
    case CLI_SORT_ID: return "by id";
    default: return "in the order they were read";
    }
}

static void put(out *o, cli_str *s)
{
    if (s->n)
        fwrite(s->p, 1, s->n, o->f);
    cli_str_clear(s);
}

/* How many projects got verdict v (NULL: none). */
static size_t given(const char *v)
{
    size_t count = 0;
    for (size_t i = 0; i < html.pf->n; i++) {
        const char *rv = cli_portfolio_text(html.pf, html.pf->rows[i].verdict);
        count += v ? rv && !strcmp(rv, v) : !rv;
    }
    return count;
}

static void head(out *o, cli_str *s, const char *const *vbest, size_t nbest)
{
    const assay_engine *e = o->e;
    cli_html_open(s, "Evaluation report", e, NULL, "portfolio", "portfolio");
    cli_str_addf(s, "<p class=\"lede\">%zu project%s evaluated "
                 "against the criteria of the script <b>", html.pf->n,
                 html.pf->n == 1 ? "" : "s");
    cli_html_text(s, assay_engine_script_name(e));
    cli_str_adds(s, "</b>");
    /* the verdicts given, best first, then no verdict */
    int first = 1;
    for (size_t k = 0; k <= nbest; k++) {
        const char *v = k < nbest ? vbest[k] : NULL;
        size_t count = given(v);
        if (!count || (!v && !nbest))
            continue;
        cli_str_addf(s, "%s%zu ", first ? ": " : ", ", count);
        if (v)
            cli_html_text(s, v);
        else
            cli_str_adds(s, "without a verdict");
        first = 0;
    }
    cli_str_adds(s, ".");
    if (html.nrejected + html.rejected_omitted)
        cli_str_addf(s, " %lu document%s could not be read: see "
                     "<a href=\"#rejected\">Rejected documents</a>.",
                     html.nrejected + html.rejected_omitted,
                     html.nrejected + html.rejected_omitted == 1 ? "" : "s");
    /* the run's facts: what made the report, and from what */
    cli_str_adds(s, "</p>\n<dl class=\"run\">\n");
    cli_html_facts(s, e, o->date);
    cli_str_addf(s, "<dt>Order</dt><dd>projects %s</dd>\n</dl>\n",
                 sort_words(o->sort));
    static const char *const toc[] = {
        "summary", "Summary", "portfolio", "Portfolio", "rules",
        "Verdict rules", "criteria", "Criteria", "projects", "Projects",
        "rejected", "Rejected documents", NULL};
    cli_html_toc(s, toc);
}

static void summary(out *o, cli_str *s, const char *const *vbest,
                    size_t nbest)
{
    cli_str_adds(s, "<section id=\"summary\" aria-labelledby=\"summary-h\">\n"
                    "<h2 id=\"summary-h\">Summary</h2>\n");
    if (!assay_engine_verdict_count(o->e)) {
        cli_str_addf(s, "<p>%zu project%s evaluated; the script declares no "
                     "verdicts.</p>\n", html.pf->n, html.pf->n == 1 ? "" : "s");
    } else {
        cli_str_adds(s, "<ul class=\"cards\" aria-label=\"Projects by "
                        "verdict\">\n");
        for (size_t k = 0; k <= nbest; k++) {
            const char *v = k < nbest ? vbest[k] : NULL;
            size_t count = given(v);
            if (!v && !count)
                continue;
            cli_str_addf(s, "<li><span class=\"n\">%zu</span> ", count);
            cli_html_verdict(s, o->e, v);
            cli_str_adds(s, "</li>\n");
        }
        cli_str_adds(s, "</ul>\n");
    }
    unsigned long failed = o->failed;
    cli_str_addf(s, "<p>%zu project%s evaluated", html.pf->n,
                 html.pf->n == 1 ? "" : "s");
    if (failed)
        cli_str_addf(s, "; %lu with criteria that ended in error", failed);
    cli_str_addf(s, "; %lu document%s rejected.",
                 html.nrejected + html.rejected_omitted,
                 html.nrejected + html.rejected_omitted == 1 ? "" : "s");
    unsigned long lost = html.lost + html.pf->lost;
    if (lost)
        cli_str_addf(s, " <strong class=\"errtext\">%lu project%s could not "
                     "be shown: out of memory.</strong>", lost,
                     lost == 1 ? "" : "s");
    cli_str_adds(s, "</p>\n</section>\n");
}

static void heat_cell(cli_str *s, const cli_mark *m, int gap)
{
    const char *status = cli_portfolio_text(html.pf, m->status);
    const char *label = cli_portfolio_text(html.pf, m->label);
    int na = !m->has_score && status && !strcmp(status, "not_assessable");
    if (m->has_score)
        cli_str_addf(s, "<td class=\"cell q%d%s\">", bin(m->score),
                     gap ? " gap" : "");
    else
        cli_str_addf(s, "<td class=\"cell %s%s\">", na ? "na" : "er",
                     gap ? " gap" : "");
    /* the label, else what stands for it: never a colour alone */
    cli_str_adds(s, "<span class=\"l\">");
    if (label)
        cli_html_text(s, label);
    else if (na)
        cli_str_adds(s, "n/a");
    else if (!m->has_score)
        cli_html_text(s, status ? status : "error");
    cli_str_adds(s, "</span>");
    if (m->has_score) {
        cli_str_adds(s, " <span class=\"s\">");
        num(s, m->score);
        cli_str_adds(s, "</span>");
    }
    cli_str_adds(s, "</td>");
}

static void heat_map(out *o, cli_str *s)
{
    cli_str_adds(s, "<section id=\"portfolio\" aria-labelledby=\"portfolio-h\">"
                    "\n<h2 id=\"portfolio-h\">Portfolio</h2>\n");
    if (!html.pf->n || !html.ncol) {
        cli_str_adds(s, html.pf->n ? "<p>The script declares no criteria.</p>\n"
                                  : "<p>No project was evaluated.</p>\n");
        cli_str_adds(s, "</section>\n");
        return;
    }
    cli_str_adds(s, "<p>Every project against every criterion: the label "
                    "the script gave and the score from 0 (worst) to 1 "
                    "(best), coloured by score. ");
    if (html.nweighted < html.ncol)
        cli_str_adds(s, "Criteria of weight 0, reported beside the score but "
                        "not part of it, stand apart on the right. ");
    cli_str_adds(s, "A project's name leads to its details. Projects are "
                    "listed ");
    cli_str_adds(s, sort_words(o->sort));
    cli_str_adds(s, ".</p>\n"
                    "<ul class=\"legend\" aria-label=\"Colours of the heat "
                    "map\">"
                    "<li class=\"q0\">below 0.2</li>"
                    "<li class=\"q1\">0.2 to 0.4</li>"
                    "<li class=\"q2\">0.4 to 0.6</li>"
                    "<li class=\"q3\">0.6 to 0.8</li>"
                    "<li class=\"q4\">0.8 to 1</li>"
                    "<li class=\"na\">n/a: not assessable, the case does not "
                    "state it</li>"
                    "<li class=\"er\">error: the criterion failed</li>"
                    "</ul>\n<p class=\"hint\">The table scrolls sideways."
                    "</p>\n");
    cli_html_table_open(s, "heat", "heat-cap", 1);
    cli_str_adds(s, "Heat map: label and score of each criterion, by project "
                    "(projects ");
    cli_str_adds(s, sort_words(o->sort));
    cli_str_adds(s, ")</caption>\n<thead>\n<tr><th scope=\"col\" "
                    "rowspan=\"2\" class=\"proj\">Project</th>"
                    "<th scope=\"col\" rowspan=\"2\" class=\"fact\">Verdict"
                    "</th><th scope=\"col\" rowspan=\"2\" class=\"fact num\">"
                    "Score <span class=\"w\">coverage</span></th>");
    /* a header over each section: the columns of one group */
    for (int k = 0; k < html.pf->nsect; k++) {
        const cli_section *sc = &html.pf->sect[k];
        cli_str_addf(s, "<th scope=\"colgroup\" colspan=\"%d\" "
                     "class=\"grp%s\">", sc->n,
                     sc->first == html.nweighted && sc->zero ? " gap" : "");
        if (sc->group)
            cli_html_text(s, sc->group);
        else
            cli_str_adds(s, "(no group)");
        if (sc->zero)
            cli_str_adds(s, " <span class=\"w\">weight 0: not in the score"
                            "</span>");
        cli_str_adds(s, "</th>");
    }
    cli_str_adds(s, "</tr>\n<tr>");
    for (int k = 0; k < html.ncol; k++) {
        cli_str_addf(s, "<th scope=\"col\"%s><a href=\"",
                     k == html.nweighted ? " class=\"gap\"" : "");
        anchor(s, "#c-", html.col[k].id);
        cli_str_adds(s, "\">");
        cli_html_text(s, html.col[k].id);
        cli_str_adds(s, "</a>");
        if (k < html.nweighted) {
            cli_str_adds(s, " <span class=\"w\">weight ");
            num(s, html.col[k].weight);
            cli_str_adds(s, "</span>");
        }
        cli_str_adds(s, "</th>");
    }
    cli_str_adds(s, "</tr>\n</thead>\n<tbody>\n");
    for (size_t i = 0; i < html.pf->n; i++) {
        const cli_row *row = &html.pf->rows[i];
        cli_str_adds(s, "<tr><th scope=\"row\" class=\"proj\"><a href=\"#");
        anchor(s, "p-", row->id);
        cli_str_adds(s, "\">");
        cli_html_text(s, *row->name ? row->name : row->id);
        cli_str_adds(s, "</a> <span class=\"pid\">");
        cli_html_text(s, row->id);
        cli_str_adds(s, "</span></th><td class=\"fact\">");
        cli_html_verdict(s, o->e, cli_portfolio_text(html.pf, row->verdict));
        cli_str_adds(s, "</td><td class=\"fact num\"><b>");
        num_or_dash(s, row->has_score, row->score);
        cli_str_adds(s, "</b> <span class=\"w\">");
        pct(s, row->coverage);
        cli_str_adds(s, "</span></td>");
        for (int k = 0; k < html.ncol; k++) {
            int c = html.col[k].crit;
            if (c < row->ncrit)
                heat_cell(s, &row->crit[c], k == html.nweighted);
            else
                cli_str_adds(s, "<td></td>");
        }
        cli_str_adds(s, "</tr>\n");
        if (s->n > 65536)
            put(o, s);
    }
    cli_html_table_close(s);
    cli_str_adds(s, "</section>\n");
}

/* The verdict rules in order, with what each asks for and its standing. */
static void rules(out *o, cli_str *s)
{
    const assay_engine *e = o->e;
    int n = assay_engine_verdict_count(e);
    cli_str_adds(s, "<section id=\"rules\" aria-labelledby=\"rules-h\">\n"
                    "<h2 id=\"rules-h\">Verdict rules</h2>\n");
    if (!n) {
        cli_str_adds(s, "<p>The script declares no verdict rules.</p>\n"
                        "</section>\n");
        return;
    }
    static const char *const heads[] = {">Rule", "Verdict (standing)",
                                        "Holds when", NULL};
    cli_str_adds(s, "<p>The rules are tried in this order; the first that "
                    "holds gives the verdict. Each project's section says "
                    "which one decided.</p>\n");
    cli_html_table_open(s, "list", "rules-cap", 0);
    cli_str_adds(s, "Verdict rules of the script, in the order they are "
                    "tried");
    cli_html_table_heads(s, heads);
    for (int j = 0; j < n; j++) {
        assay_rule ru;
        int has = !assay_engine_rule(e, ASSAY_WEIGHTING, j, &ru);
        cli_str_addf(s, "<tr><th scope=\"row\" class=\"num\">%d</th><td>",
                     j + 1);
        cli_html_verdict(s, e, assay_engine_verdict_label(e, j));
        cli_str_addf(s, " <span class=\"quiet\">(%s)</span></td><td>",
                     cli_html_standing(assay_engine_verdict_standing(e, j)));
        int conds = 0;
        if (has && ru.has_at_least) {
            cli_str_addf(s, "the score is at least %g", ru.at_least);
            conds++;
        }
        if (has && ru.has_coverage_below) {
            cli_str_addf(s, "%sthe coverage is below %g",
                         conds ? "; " : "", ru.coverage_below);
            conds++;
        }
        if (has && ru.has_when) {
            cli_str_adds(s, conds ? "; and " : "");
            cli_str_adds(s, "a condition the script writes (when)");
            conds++;
        }
        if (!conds)
            cli_str_adds(s, "no condition: it takes every project the rules above left");
        if (has && ru.where.line)
            cli_str_addf(s, " <span class=\"quiet where\">(the rule is at line "
                         "%lu)</span>", ru.where.line);
        cli_str_adds(s, "</td></tr>\n");
    }
    cli_html_table_close(s);
    cli_str_adds(s, "</section>\n");
}

static void criteria(out *o, cli_str *s)
{
    cli_str_adds(s, "<section id=\"criteria\" aria-labelledby=\"criteria-h\">"
                    "\n<h2 id=\"criteria-h\">Criteria</h2>\n");
    if (!html.ncol) {
        cli_str_adds(s, "<p>No project was evaluated, so no criterion is "
                        "shown.</p>\n</section>\n");
        return;
    }
    static const char *const heads[] = {"Criterion", "What it judges", NULL};
    cli_html_table_open(s, "list", "criteria-cap", 0);
    cli_str_adds(s, "What each criterion judges, its group and its weight in "
                    "the score");
    cli_html_table_heads(s, heads);
    for (int k = 0; k < html.ncol; k++) {
        const column *c = &html.col[k];
        cli_str_adds(s, k == html.nweighted && k ? "<tr class=\"gap\">"
                                                 : "<tr>");
        cli_str_adds(s, "<th scope=\"row\" id=\"");
        anchor(s, "c-", c->id);
        cli_str_adds(s, "\">");
        crit_name(s, c);
        cli_str_adds(s, " <span class=\"ctitle\">");
        if (c->group) {
            cli_html_text(s, c->group);
            cli_str_adds(s, ", ");
        }
        cli_str_adds(s, "weight ");
        num(s, c->weight);
        cli_str_adds(s, "</span></th><td>");
        cli_html_text(s, assay_engine_criterion_description(o->e, c->crit));
        cli_str_adds(s, "</td></tr>\n");
    }
    cli_html_table_close(s);
    cli_str_adds(s, "</section>\n");
}

static void html_end(out *o)
{
    size_t nbest = 0;
    const char **vbest = cli_verdicts_best_first(o->e, &nbest);
    if (o->sort != CLI_SORT_INPUT)
        cli_portfolio_sort(html.pf, o->sort, vbest, nbest);
    cli_str s = {0};
    head(o, &s, vbest, nbest);
    summary(o, &s, vbest, nbest);
    heat_map(o, &s);
    rules(o, &s);
    criteria(o, &s);
    put(o, &s);
    cli_str_adds(&s, "<section id=\"projects\" aria-labelledby=\"projects-h\">"
                     "\n<h2 id=\"projects-h\">Projects</h2>\n");
    if (!html.pf->n)
        cli_str_adds(&s, "<p>No project was evaluated.</p>\n");
    put(o, &s);
    for (size_t i = 0; i < html.pf->n; i++) {
        cli_str *sect = &html.sect[html.pf->rows[i].seq];
        put(o, sect);
        cli_str_free(sect);
    }
    cli_str_adds(&s, "</section>\n<section id=\"rejected\" aria-labelledby="
                     "\"rejected-h\">\n<h2 id=\"rejected-h\">Rejected "
                     "documents</h2>\n");
    if (!html.nrejected) {
        cli_str_adds(&s, "<p>None: every document was read.</p>\n");
    } else {
        cli_str_adds(&s, "<p>These documents could not be read, so their "
                         "projects are not in the report:</p>\n<ul>\n");
        put(o, &s);
        put(o, &html.rejected);
        cli_str_adds(&s, "</ul>\n");
        if (html.rejected_omitted)
            cli_str_addf(&s, "<p>And %lu more, not listed here (all are "
                         "on stderr).</p>\n", html.rejected_omitted);
    }
    cli_str_adds(&s, "</section>\n");
    cli_html_close(&s, o->e, "Scores run from 0 to 1; a criterion that is "
                   "not assessable has no score and lowers the coverage, "
                   "not the score.");
    put(o, &s);
    cli_str_free(&s);
    free(vbest);
    for (size_t i = 0; i < html.nsect; i++)
        cli_str_free(&html.sect[i]);
    free(html.sect);
    for (int k = 0; k < html.ncol; k++) {
        free(html.col[k].id);
        free(html.col[k].title);
        free(html.col[k].group);
    }
    free(html.col);
    cli_str_free(&html.rejected);
    memset(&html, 0, sizeof html);
}

const format FORMAT_HTML = {"html", html_begin, html_result, html_diag,
                            html_end};

/*
 * cli_rank_doc.c -- assay rank's report for people: Markdown, and one
 * self-contained HTML page. Both say what the table and the JSON say (the
 * method and its parameters, the policy for criteria that are not
 * assessable, each project's place and value beside its weighted score
 * and verdict, the projects left unranked and why) with the escaping and
 * the frame of run's reports (cli_markdown.c, cli_page.c).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli_rank.h"

/* ---- Words and numbers that both formats use ------------------------- */

/* The method, the preference function and the policy for criteria that
 * are not assessable, each as its name and what it means. */
static const char *method_words(int method)
{
    return method == CLI_RANK_TOPSIS
               ? "TOPSIS (closeness to the portfolio's ideal, 0 to 1)"
               : "PROMETHEE II (net outranking flow, -1 to 1)";
}

static const char *pref_words(int pref)
{
    return pref == CLI_RANK_LINEAR
               ? "linear (no preference up to q, a full one from p, "
                 "linear between)"
               : "usual (any difference is a full preference)";
}

static const char *missing_words(int missing)
{
    switch (missing) {
    case CLI_RANK_ZERO:
        return "zero (a weighted criterion that is not assessable scores 0)";
    case CLI_RANK_MEAN:
        return "mean (a weighted criterion that is not assessable scores "
               "its mean over the ranked projects)";
    case CLI_RANK_EXCLUDE:
        return "exclude-criterion (a weighted criterion that is not "
               "assessable for some project is left out for every project)";
    default:
        return "unranked (a project with a weighted criterion that is not "
               "assessable is listed apart, with the reason)";
    }
}

/* The words after "Left out:" for the policy that left criteria out. */
static const char *dropped_words(int missing)
{
    return missing == CLI_RANK_MEAN
               ? "no ranked project has a score for it, so it has no mean"
               : "not assessable for some ranked project";
}

/* v to places decimals, the C locale's point, never "-0.000". */
static void fixed(cli_str *b, int places, double v)
{
    char tmp[64];
    int n = snprintf(tmp, sizeof tmp, "%.*f", places, v);
    const char *t = tmp;
    if (n > 0 && tmp[0] == '-' && strspn(tmp + 1, "0.") == (size_t)n - 1)
        t++;
    cli_str_adds(b, t);
}

static int linear(const cli_rank_report *R)
{
    return R->method == CLI_RANK_PROMETHEE && R->pref == CLI_RANK_LINEAR;
}

/* Why there is no table of criteria, or NULL when there is one. */
static const char *no_criteria(const cli_rank_report *R)
{
    return !R->n   ? "No project was evaluated."
           : !R->m ? "No criterion is left to rank on: every ranked project "
                     "ties."
                   : NULL;
}

static const char *text_of(const cli_rank_report *R, unsigned k)
{
    return cli_portfolio_text(R->pf, k);
}

/* ---- Markdown ----------------------------------------------------------- */

static void md_criteria(cli_str *b, const cli_rank_report *R)
{
    cli_str_adds(b, "\n## Criteria\n\n");
    if (no_criteria(R)) {
        cli_str_adds(b, no_criteria(R));
        cli_str_addc(b, '\n');
    } else {
        cli_str_adds(b, linear(R) ? "| criterion | weight | share | q | p |\n"
                                    "|---|---:|---:|---:|---:|\n"
                                  : "| criterion | weight | share |\n"
                                    "|---|---:|---:|\n");
        for (int j = 0; j < R->m; j++) {
            cli_str_adds(b, "| ");
            cli_md_cell(b, assay_engine_criterion_id(R->e, R->crit[j]));
            cli_str_addf(b, " | %.4g | %.4g |", R->weight[R->crit[j]],
                         R->w[j]);
            if (linear(R))
                cli_str_addf(b, " %.4g | %.4g |", R->q[j], R->p[j]);
            cli_str_addc(b, '\n');
        }
    }
    if (R->ndropped) {
        cli_str_adds(b, "\nLeft out: ");
        for (int j = 0; j < R->ndropped; j++) {
            cli_str_adds(b, j ? ", " : "");
            cli_md_text(b, R->dropped[j]);
        }
        cli_str_addf(b, " (%s).\n", dropped_words(R->missing));
    }
}

static void md_ranking(cli_str *b, const cli_rank_report *R)
{
    int topsis = R->method == CLI_RANK_TOPSIS;
    cli_str_adds(b, "\n## Ranking\n\n");
    if (!R->ranked) {
        cli_str_adds(b, "No project could be ranked.\n");
        return;
    }
    cli_str_addf(b, "| rank | project | name | %s | score | score rank "
                 "| verdict |\n|---:|---|---|---:|---:|---:|---:|---:|---|\n",
                 topsis ? "closeness | d\xe2\x81\xba | d\xe2\x81\xbb"
                        : "net flow | \xcf\x86\xe2\x81\xba | "
                          "\xcf\x86\xe2\x81\xbb");
    for (size_t i = 0; i < R->ranked; i++) {
        const cli_rank_entry *x = &R->ent[i];
        cli_str_addf(b, "| %ld | ", x->rank);
        cli_md_cell(b, x->row->id);
        cli_str_adds(b, " | ");
        cli_md_cell(b, x->row->name);
        cli_str_adds(b, " | ");
        fixed(b, 4, x->value);
        cli_str_adds(b, " | ");
        fixed(b, 4, x->extra1);
        cli_str_adds(b, " | ");
        fixed(b, 4, x->extra2);
        cli_str_adds(b, " | ");
        if (x->row->has_score)
            fixed(b, 3, x->row->score);
        else
            cli_str_addc(b, '-');
        if (x->score_rank > 0)
            cli_str_addf(b, " | %ld | ", x->score_rank);
        else
            cli_str_adds(b, " | - | ");
        cli_md_cell(b, text_of(R, x->row->verdict));
        cli_str_adds(b, " |\n");
    }
    cli_str_adds(b, topsis
        ? "\nCloseness is d\xe2\x81\xbb / (d\xe2\x81\xba + d\xe2\x81\xbb), "
          "d\xe2\x81\xba and d\xe2\x81\xbb being the distances to the "
          "portfolio's ideal and anti-ideal."
        : "\nThe net flow is \xcf\x86\xe2\x81\xba \xe2\x88\x92 "
          "\xcf\x86\xe2\x81\xbb: how much a project is preferred to the "
          "others, less how much they are preferred to it.");
    cli_str_adds(b, " The score is the script's weighted score, its rank "
                    "that among the ranked projects; equal values share a "
                    "rank.\n");
}

static void md_unranked(cli_str *b, const cli_rank_report *R)
{
    cli_str_adds(b, "\n## Unranked\n\n");
    if (R->ranked == R->n) {
        cli_str_adds(b, "None: every project is ranked.\n");
        return;
    }
    cli_str_adds(b, "| project | name | score | verdict | why |\n"
                    "|---|---|---:|---|---|\n");
    for (size_t i = R->ranked; i < R->n; i++) {
        const cli_rank_entry *x = &R->ent[i];
        cli_str_adds(b, "| ");
        cli_md_cell(b, x->row->id);
        cli_str_adds(b, " | ");
        cli_md_cell(b, x->row->name);
        cli_str_adds(b, " | ");
        if (x->row->has_score)
            fixed(b, 3, x->row->score);
        else
            cli_str_addc(b, '-');
        cli_str_adds(b, " | ");
        cli_md_cell(b, text_of(R, x->row->verdict));
        cli_str_adds(b, " | ");
        cli_md_cell(b, x->reason);
        cli_str_adds(b, " |\n");
    }
}

void cli_rank_markdown(cli_str *b, const cli_rank_report *R)
{
    cli_str_adds(b, "# Portfolio ranking\n\n");
    cli_md_facts(b, R->e, R->date);
    cli_str_addf(b, "- method: %s\n", method_words(R->method));
    if (R->method == CLI_RANK_PROMETHEE)
        cli_str_addf(b, "- preference: %s\n", pref_words(R->pref));
    cli_str_addf(b, "- missing: %s\n", missing_words(R->missing));
    cli_str_addf(b, "- projects: %zu, %zu ranked, %zu unranked\n", R->n,
                 R->ranked, R->n - R->ranked);
    md_criteria(b, R);
    md_ranking(b, R);
    md_unranked(b, R);
}

/* ---- HTML ------------------------------------------------------------- */

#define BAR 64 /* width of a value's bar, in SVG units */

/* What the rank page adds to the shared style: the project cell, and the
 * bar beside each value (blue for a positive flow or any closeness,
 * orange for a negative flow). */
static const char RANK_STYLE[] =
    "table.rank{min-width:40rem}\n"
    "table.rank th.proj{font-weight:600;min-width:12rem}\n"
    "table.rank .pid{display:block;font-family:ui-monospace,\"DejaVu Sans "
    "Mono\",Menlo,Consolas,monospace;font-size:.85em;color:#454b53;"
    "font-weight:400;overflow-wrap:anywhere}\n"
    "table.rank td.val,table.rank thead th{white-space:nowrap}\n"
    "table.rank td.val{font-weight:600}\n"
    "svg.bar{vertical-align:middle;margin-right:.5rem}\n"
    "svg.bar .track{fill:#e4e8ec}svg.bar .pos{fill:#1d5d95}"
    "svg.bar .neg{fill:#c4622d}svg.bar .mid{stroke:#1d1d1f;stroke-width:1}\n"
    "table.list td.why{min-width:14rem}\n";

/* The value's bar: closeness from the left, a flow from the middle. */
static void bar(cli_str *s, int topsis, double v)
{
    if (!isfinite(v))
        return;
    cli_str_addf(s, "<svg class=\"bar\" viewBox=\"0 0 %d 10\" width=\"%d\" "
                 "height=\"10\" aria-hidden=\"true\"><rect class=\"track\" "
                 "x=\"0\" y=\"0\" width=\"%d\" height=\"10\"/>", BAR, BAR,
                 BAR);
    if (topsis) {
        double w = BAR * (v < 0 ? 0 : v > 1 ? 1 : v);
        cli_str_addf(s, "<rect class=\"pos\" x=\"0\" y=\"0\" width=\"%.1f\" "
                     "height=\"10\"/>", w);
    } else {
        double h = BAR / 2.0, w = h * (v < -1 ? 1 : v > 1 ? 1 : fabs(v));
        cli_str_addf(s, "<rect class=\"%s\" x=\"%.1f\" y=\"0\" "
                     "width=\"%.1f\" height=\"10\"/><line class=\"mid\" "
                     "x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"10\"/>",
                     v < 0 ? "neg" : "pos", v < 0 ? h - w : h, w, h, h);
    }
    cli_str_adds(s, "</svg>");
}

/* The project's cell: its name (or id), and under it the id and where
 * the case file has it. */
static void project_cell(cli_str *s, const cli_rank_report *R,
                         const cli_row *row)
{
    cli_str_adds(s, "<th scope=\"row\" class=\"proj\">");
    cli_html_text(s, row->name && *row->name ? row->name : row->id);
    cli_str_adds(s, " <span class=\"pid\">");
    cli_html_text(s, row->id);
    cli_str_adds(s, " \xc2\xb7 ");
    cli_html_text(s, text_of(R, row->file));
    cli_str_addf(s, ":%lu</span></th>", row->line);
}

static void score_cell(cli_str *s, const cli_row *row)
{
    cli_str_adds(s, "<td class=\"num sc\">");
    if (row->has_score)
        fixed(s, 3, row->score);
    else
        cli_str_adds(s, "\xe2\x80\x94");
    cli_str_adds(s, "</td>");
}

static void html_method(cli_str *s, const cli_rank_report *R)
{
    cli_str_adds(s, "<section id=\"method\" aria-labelledby=\"method-h\">\n"
                    "<h2 id=\"method-h\">Method</h2>\n<p>");
    if (R->method == CLI_RANK_TOPSIS)
        cli_str_adds(s, "TOPSIS scales each criterion's scores by their "
                        "Euclidean length over the ranked projects and "
                        "weighs them; the ideal takes each criterion's best "
                        "value in the portfolio, the anti-ideal its worst. A "
                        "project's closeness is d\xe2\x81\xbb / "
                        "(d\xe2\x81\xba + d\xe2\x81\xbb), d\xe2\x81\xba and "
                        "d\xe2\x81\xbb being its distances to the ideal and "
                        "the anti-ideal: 1 is the ideal itself, 0 the "
                        "anti-ideal.");
    else
        cli_str_adds(s, "PROMETHEE II compares every pair of ranked "
                        "projects on each criterion. A project's positive "
                        "flow \xcf\x86\xe2\x81\xba is how much it is "
                        "preferred to the others, its negative flow "
                        "\xcf\x86\xe2\x81\xbb how much they are preferred to "
                        "it (both weighted, averaged over the others, 0 to "
                        "1); its net flow is \xcf\x86\xe2\x81\xba "
                        "\xe2\x88\x92 \xcf\x86\xe2\x81\xbb, from \xe2\x88\x92"
                        "1 to 1.");
    cli_str_adds(s, " Every score runs from 0 to 1, higher is better; the "
                    "criteria are the script's that weigh, each weight "
                    "divided by their sum (its share).</p>\n");
    if (no_criteria(R)) {
        cli_str_addf(s, "<p>%s</p>\n", no_criteria(R));
    } else {
        static const char *const heads[] = {"Criterion", "What it judges",
                                            ">Weight", ">Share", NULL};
        static const char *const heads_qp[] = {"Criterion", "What it judges",
                                               ">Weight", ">Share", ">q",
                                               ">p", NULL};
        cli_html_table_open(s, "list", "crit-cap", 0);
        cli_str_adds(s, "The criteria ranked on, with their weight and "
                        "share");
        if (linear(R))
            cli_str_adds(s, ", and the thresholds q and p of the linear "
                            "preference");
        cli_html_table_heads(s, linear(R) ? heads_qp : heads);
        for (int j = 0; j < R->m; j++) {
            int c = R->crit[j];
            cli_str_adds(s, "<tr><th scope=\"row\"><span class=\"cid\">");
            cli_html_text(s, assay_engine_criterion_id(R->e, c));
            cli_str_adds(s, "</span></th><td class=\"about\">");
            cli_html_text(s, assay_engine_criterion_description(R->e, c));
            cli_str_addf(s, "</td><td class=\"num\">%.4g</td><td class="
                         "\"num\">%.4g</td>", R->weight[c], R->w[j]);
            if (linear(R))
                cli_str_addf(s, "<td class=\"num\">%.4g</td><td class="
                             "\"num\">%.4g</td>", R->q[j], R->p[j]);
            cli_str_adds(s, "</tr>\n");
        }
        cli_html_table_close(s);
    }
    if (R->ndropped) {
        cli_str_adds(s, "<p class=\"dropped\">Left out: ");
        for (int j = 0; j < R->ndropped; j++) {
            cli_str_adds(s, j ? ", <span class=\"cid\">"
                              : "<span class=\"cid\">");
            cli_html_text(s, R->dropped[j]);
            cli_str_adds(s, "</span>");
        }
        cli_str_addf(s, " (%s).</p>\n", dropped_words(R->missing));
    }
    cli_str_adds(s, "</section>\n");
}

static void html_ranking(cli_str *s, const cli_rank_report *R)
{
    int topsis = R->method == CLI_RANK_TOPSIS;
    cli_str_adds(s, "<section id=\"ranking\" aria-labelledby=\"ranking-h\">"
                    "\n<h2 id=\"ranking-h\">Ranking</h2>\n");
    if (!R->ranked) {
        cli_str_adds(s, "<p>No project could be ranked.</p>\n</section>\n");
        return;
    }
    cli_str_addf(s, "<p>Projects by %s, highest first; equal values share "
                 "a rank. Beside it, the script's weighted score, its rank "
                 "among the same projects, and the verdict: where the two "
                 "ranks differ, the method and the score disagree.</p>\n",
                 topsis ? "closeness" : "net flow");
    static const char *const heads_t[] = {
        ">Rank", "Project", ">Closeness", ">d\xe2\x81\xba", ">d\xe2\x81\xbb",
        ">Score", ">Score rank", "Verdict", NULL};
    static const char *const heads_p[] = {
        ">Rank", "Project", ">Net flow", ">\xcf\x86\xe2\x81\xba",
        ">\xcf\x86\xe2\x81\xbb", ">Score", ">Score rank", "Verdict", NULL};
    cli_html_table_open(s, "list rank", "rank-cap", 1);
    cli_str_addf(s, "Projects ranked by %s, beside their weighted score",
                 topsis ? "TOPSIS closeness" : "PROMETHEE II net flow");
    cli_html_table_heads(s, topsis ? heads_t : heads_p);
    for (size_t i = 0; i < R->ranked; i++) {
        const cli_rank_entry *x = &R->ent[i];
        cli_str_addf(s, "<tr><td class=\"num rk\">%ld</td>", x->rank);
        project_cell(s, R, x->row);
        cli_str_adds(s, "<td class=\"num val\">");
        bar(s, topsis, x->value);
        fixed(s, 4, x->value);
        cli_str_adds(s, "</td><td class=\"num x1\">");
        fixed(s, 4, x->extra1);
        cli_str_adds(s, "</td><td class=\"num x2\">");
        fixed(s, 4, x->extra2);
        cli_str_adds(s, "</td>");
        score_cell(s, x->row);
        cli_str_adds(s, "<td class=\"num srk\">");
        if (x->score_rank > 0)
            cli_str_addf(s, "%ld", x->score_rank);
        else
            cli_str_adds(s, "\xe2\x80\x94");
        cli_str_adds(s, "</td><td>");
        cli_html_verdict(s, R->e, text_of(R, x->row->verdict));
        cli_str_adds(s, "</td></tr>\n");
    }
    cli_html_table_close(s);
    cli_str_adds(s, "</section>\n");
}

static void html_unranked(cli_str *s, const cli_rank_report *R)
{
    cli_str_adds(s, "<section id=\"unranked\" aria-labelledby="
                    "\"unranked-h\">\n<h2 id=\"unranked-h\">Unranked</h2>\n");
    if (R->ranked == R->n) {
        cli_str_adds(s, "<p>None: every project is ranked.</p>\n"
                        "</section>\n");
        return;
    }
    static const char *const heads[] = {"Project", ">Score", "Verdict",
                                        "Why it is not ranked", NULL};
    cli_str_addf(s, "<p>The policy for criteria that are not assessable: "
                 "%s. A criterion in error, or an "
                 "evaluation that failed, leaves a project unranked under "
                 "every policy.</p>\n", missing_words(R->missing));
    cli_html_table_open(s, "list rank", "unranked-cap", 1);
    cli_str_adds(s, "Projects left unranked, and why");
    cli_html_table_heads(s, heads);
    for (size_t i = R->ranked; i < R->n; i++) {
        const cli_rank_entry *x = &R->ent[i];
        cli_str_adds(s, "<tr>");
        project_cell(s, R, x->row);
        score_cell(s, x->row);
        cli_str_adds(s, "<td>");
        cli_html_verdict(s, R->e, text_of(R, x->row->verdict));
        cli_str_adds(s, "</td><td class=\"why\">");
        cli_html_text(s, x->reason);
        cli_str_adds(s, "</td></tr>\n");
    }
    cli_html_table_close(s);
    cli_str_adds(s, "</section>\n");
}

void cli_rank_html(cli_str *s, const cli_rank_report *R)
{
    int topsis = R->method == CLI_RANK_TOPSIS;
    cli_html_open(s, "Portfolio ranking", R->e, RANK_STYLE, "ranking",
                  "ranking");
    cli_str_addf(s, "<p class=\"lede\">%zu project%s ranked by %s over the "
                 "weighted criteria of the script <b>", R->n,
                 R->n == 1 ? "" : "s", topsis ? "TOPSIS" : "PROMETHEE II");
    cli_html_text(s, assay_engine_script_name(R->e));
    cli_str_addf(s, "</b>, beside its weighted score: %zu ranked, %zu "
                 "unranked.</p>\n<dl class=\"run\">\n", R->ranked,
                 R->n - R->ranked);
    cli_html_facts(s, R->e, R->date);
    cli_str_addf(s, "<dt>Method</dt><dd>%s</dd>\n", method_words(R->method));
    if (R->method == CLI_RANK_PROMETHEE)
        cli_str_addf(s, "<dt>Preference</dt><dd>%s</dd>\n",
                     pref_words(R->pref));
    cli_str_addf(s, "<dt>Missing</dt><dd>%s</dd>\n</dl>\n",
                 missing_words(R->missing));
    static const char *const toc[] = {"method", "Method", "ranking",
                                      "Ranking", "unranked", "Unranked",
                                      NULL};
    cli_html_toc(s, toc);
    html_method(s, R);
    html_ranking(s, R);
    html_unranked(s, R);
    cli_html_close(s, R->e, topsis
        ? "Closeness runs from 0 to 1 and is relative to this portfolio: "
          "another set of projects moves the ideal."
        : "Net flows run from \xe2\x88\x92" "1 to 1, sum to 0 and are "
          "relative to this portfolio: another set of projects changes "
          "them.");
}

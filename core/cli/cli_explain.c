/*
 * cli_explain.c -- `assay explain`: why each score, label and verdict of a
 * project is what it is, for a person at a terminal. For each criterion it
 * shows the indicators read with their values and quoted evidence, the
 * score, weight and contribution, and the rule that chose each label and
 * the verdict, as the engine recorded them while evaluating.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const HELP =
    "usage: assay explain [-s SCRIPT] CASE... [--project ID]\n"
    "\n"
    "Evaluate the projects in CASE (files or folders) and explain each:\n"
    "the rule that chose the verdict, how the score is made, and for every\n"
    "criterion its description, score, weight, contribution, the rule that\n"
    "chose its label, its note, each indicator it read with the value, the\n"
    "quoted evidence with its locator and the case's note on it, and what\n"
    "the script's trace(...) calls were given.\n"
    "\n"
    "  -s, --script SCRIPT  a stock script name or a path to a .lua file\n"
    "                       (default: success-features)\n"
    "  -p, --project ID     explain only this project\n"
    "  -h, --help           this help\n"
    "\n"
    "Exit status as for 'assay run'; 3 also when no project has the ID.\n";

/* The project ids nearest to the one asked for, for a hint when no
 * project has it: up to three at the least distance, in input order. */
typedef struct near_ids {
    char *best[3];
    int n, dist;
} near_ids;

typedef struct ctx {
    const assay_engine *e;
    const char *only;
    unsigned long shown, failed;
    near_ids near;
} ctx;

static void near_offer(near_ids *nr, const char *typed, const char *id)
{
    int d = assay_name_distance(typed, id);
    if (d < 0 || (nr->n && d > nr->dist))
        return;
    if (!nr->n || d < nr->dist) {
        while (nr->n)
            free(nr->best[--nr->n]);
        nr->dist = d;
    }
    if (nr->n < 3 && (nr->best[nr->n] = strdup(id)) != NULL)
        nr->n++;
}

static void num(char *out, size_t n, int has, double v)
{
    if (has)
        snprintf(out, n, "%.4g", v);
    else
        snprintf(out, n, "none");
}

/* Print a multi-line reason with each line indented. */
static void reason(FILE *f, const char *indent, const char *why)
{
    if (!why)
        return;
    const char *s = why;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        char *line = strndup(s, n);
        if (line)
            cli_wrap(f, indent, line);
        free(line);
        s += n + (nl != NULL);
    }
}

/* "what: text" after indent, wrapped; nothing when text is NULL. */
static void labelled(FILE *f, const char *indent, const char *what,
                     const char *text)
{
    if (!text)
        return;
    size_t n = strlen(what) + strlen(text) + 3;
    char *line = malloc(n);
    if (line) {
        snprintf(line, n, "%s: %s", what, text);
        cli_wrap(f, indent, line);
        free(line);
    }
}

static void evidence(FILE *f, const assay_result *r, int i)
{
    int n = assay_result_evidence_count(r, i);
    if (!n) {
        fputs("  read nothing from the case\n", f);
        return;
    }
    fputs("  evidence read:\n", f);
    cli_str line = {0};
    for (int j = 0; j < n; j++) {
        assay_evidence ev;
        if (assay_result_evidence(r, i, j, &ev))
            continue;
        cli_str_clear(&line);
        if (ev.field) {
            cli_str_addf(&line, "field %s = %s", ev.field, ev.value);
        } else if (strcmp(ev.status, "stated")) { /* missing, n/s, n/a */
            cli_str_addf(&line, "%s: %s", ev.indicator,
                       !strcmp(ev.status, "missing") ? "not in the case"
                       : !strcmp(ev.status, "not_stated") ? "not stated"
                                                          : "not applicable");
        } else {
            cli_str_addf(&line, "%s = %s (%s", ev.indicator, ev.value,
                       ev.status);
            if (ev.source)
                cli_str_addf(&line, "; %s", ev.source);
            if (ev.locator)
                cli_str_addf(&line, "%s%s", ev.source ? ", " : "; ",
                           ev.locator);
            if (ev.confidence)
                cli_str_addf(&line, "; confidence %s", ev.confidence);
            cli_str_addc(&line, ')');
        }
        cli_wrap(f, "    ", cli_str_text(&line));
        if (ev.quote && !ev.field) {
            cli_str_clear(&line);
            cli_str_addf(&line, "\"%s\"", ev.quote);
            cli_wrap(f, "      ", cli_str_text(&line));
        }
        labelled(f, "      ", "note", ev.note);
    }
    cli_str_free(&line);
    if (assay_result_evidence_truncated(r, i))
        fputs("    (it read more than the list keeps)\n", f);
}

static void explain_criterion(FILE *f, const ctx *c, const assay_result *r,
                              int i)
{
    char score[32], tmp[200];
    double v;
    const char *title = assay_result_criterion_title(r, i);
    const char *id = assay_result_criterion_id(r, i);
    snprintf(tmp, sizeof tmp, "%s%s%s%s: %s", id,
             title && strcmp(title, id) ? " (" : "",
             title && strcmp(title, id) ? title : "",
             title && strcmp(title, id) ? ")" : "",
             assay_result_criterion_status(r, i));
    fputc('\n', f);
    cli_wrap(f, "", tmp);
    const char *about = assay_result_criterion_description(r, i);
    if (about)
        cli_wrap(f, "  ", about);
    int has = assay_result_criterion_score(r, i, &v); /* before v is read */
    num(score, sizeof score, has, v);
    double w = assay_result_criterion_weight(r, i);
    if (assay_result_criterion_contribution(r, i, &v))
        snprintf(tmp, sizeof tmp, "score %s, weight %.4g: contributes %.4g "
                 "to the %s", score, w, v, assay_engine_script_aggregate(c->e));
    else
        snprintf(tmp, sizeof tmp, "score %s, weight %.4g", score, w);
    cli_wrap(f, "  ", tmp);
    const char *label = assay_result_criterion_label(r, i);
    const char *why = assay_result_criterion_label_reason(r, i);
    if (label || why) {
        snprintf(tmp, sizeof tmp, "label %.60s, by its bands:",
                 label ? label : "none");
        cli_wrap(f, "  ", tmp);
        reason(f, "    ", why);
    }
    labelled(f, "  ", "note", assay_result_criterion_note(r, i));
    labelled(f, "  ", "error", assay_result_criterion_error(r, i));
    evidence(f, r, i);
    cli_trace(f, "  ", r, i);
}

static int on_result(void *ud, const assay_result *r)
{
    ctx *c = ud;
    if (c->only && strcmp(c->only, assay_result_id(r))) {
        if (!c->shown)
            near_offer(&c->near, c->only, assay_result_id(r));
        return 0;
    }
    FILE *f = stdout;
    char tmp[600], score[32];
    double v;
    if (c->shown++)
        fputs("\n----------------------------------------------------------"
              "----------------------\n\n", f);
    snprintf(tmp, sizeof tmp, "%s: %s", assay_result_id(r),
             assay_result_name(r));
    cli_wrap(f, "", tmp);
    snprintf(tmp, sizeof tmp, "%s:%lu, script %s", assay_result_file(r),
             assay_result_line(r), assay_engine_script_name(c->e));
    cli_wrap(f, "  ", tmp);
    fputc('\n', f);
    labelled(f, "", "verdict", assay_result_verdict(r) ? assay_result_verdict(r)
                               : assay_engine_verdict_count(c->e) ? "none"
                               : "none: the script declares no verdicts");
    reason(f, "  ", assay_result_verdict_reason(r));
    int has = assay_result_score(r, &v); /* before v is read */
    num(score, sizeof score, has, v);
    const char *agg = assay_engine_script_aggregate(c->e);
    if (!strcmp(agg, "function"))
        snprintf(tmp, sizeof tmp, "score: %s, from the script's aggregate "
                 "function; coverage %.0f%%", score,
                 assay_result_coverage(r) * 100);
    else
        snprintf(tmp, sizeof tmp, "score: %s, %s of the scored criteria; "
                 "coverage %.0f%%", score, agg,
                 assay_result_coverage(r) * 100);
    cli_wrap(f, "", tmp);
    int failed = assay_result_error(r) != NULL;
    labelled(f, "", "error", assay_result_error(r));
    cli_trace(f, "", r, -1);
    for (int i = 0; i < assay_result_criterion_count(r); i++) {
        explain_criterion(f, c, r, i);
        failed |= assay_result_criterion_error(r, i) != NULL;
    }
    c->failed += (unsigned long)failed;
    return 0;
}

static void on_diag(void *ud, const assay_diag *d)
{
    (void)ud;
    cli_print_diag(d);
}

int cmd_explain(int argc, char **argv)
{
    opts op = {0};
    int rc = cli_parse("explain ", argc, argv, &op, "spL", HELP);
    if (rc || !op.nargs) {
        if (!rc)
            cli_usage_error("explain ", "%s", "no case file or folder given");
        free(op.args);
        return rc > 0 ? EXIT_EVALUATED : EXIT_USAGE;
    }
    int status = EXIT_INPUT;
    assay_engine *e = cli_engine(&op.lim);
    if (!e) {
        free(op.args);
        return EXIT_OUTPUT;
    }
    if (cli_load_script(e, op.script))
        goto done;
    assay_engine_set_explain(e, 1);
    assay_engine_set_trace(e, 1);
    assay_engine_on_diag(e, on_diag, NULL);
    ctx c = {.e = e, .only = op.project};
    int bad = 0;
    for (int i = 0; i < op.nargs; i++) {
        int r = assay_engine_eval_path(e, op.args[i], on_result, &c);
        bad |= r != ASSAY_OK && r != ASSAY_ECRITERIA;
    }
    if (op.project && !c.shown) {
        cli_str hint = {0};
        for (int i = 0; i < c.near.n; i++)
            cli_str_addf(&hint, "%s'%s'", i == 0 ? "; did you mean "
                                          : i + 1 < c.near.n ? ", " : " or ",
                         c.near.best[i]);
        cli_printf(stderr, "%s: no project '%s' in the cases given%s%s\n",
                   prog, op.project, cli_str_text(&hint), c.near.n ? "?" : "");
        cli_str_free(&hint);
        bad = 1;
    }
    while (c.near.n)
        free(c.near.best[--c.near.n]);
    status = bad ? EXIT_INPUT : c.failed ? EXIT_CRITERIA : EXIT_EVALUATED;
done:
    assay_engine_free(e);
    free(op.args);
    return status;
}

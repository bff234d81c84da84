/*
 * cli_format.c -- the report formats of `assay run` for programs: json
 * for one document, jsonl for streams (the table is cli_table.c).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

#define NO_VERDICT "(no verdict)"

void out_count_verdict(out *o, const char *verdict)
{
    if (!verdict)
        verdict = NO_VERDICT;
    for (size_t i = 0; i < o->nverdicts; i++)
        if (!strcmp(o->verdicts[i], verdict)) {
            o->vcount[i]++;
            return;
        }
    char **v = realloc(o->verdicts, (o->nverdicts + 1) * sizeof *v);
    if (v)
        o->verdicts = v;
    unsigned long *c = realloc(o->vcount, (o->nverdicts + 1) * sizeof *c);
    if (c)
        o->vcount = c;
    if (!v || !c || !(v[o->nverdicts] = strdup(verdict)))
        return;
    c[o->nverdicts++] = 1;
}

void cli_today(char out[16])
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    struct tm tm;
    time_t t;
    char *end = NULL;
    long long v = sde && *sde ? strtoll(sde, &end, 10) : -1;
    if (end && !*end && v >= 0) {
        t = (time_t)v;
        gmtime_r(&t, &tm);
    } else {
        t = time(NULL);
        localtime_r(&t, &tm);
    }
    if (!strftime(out, 16, "%Y-%m-%d", &tm))
        out[0] = 0;
}

void cli_trace(FILE *f, const char *indent, const assay_result *r, int i)
{
    int n = i < 0 ? assay_result_trace_count(r)
                  : assay_result_criterion_trace_count(r, i);
    cli_str line = {0};
    for (int j = 0; j < n; j++) {
        assay_trace t;
        if (i < 0 ? assay_result_trace(r, j, &t)
                  : assay_result_criterion_trace(r, i, j, &t))
            continue;
        cli_str_clear(&line);
        if (t.file)
            cli_str_addf(&line, "trace %s:%lu: %s", t.file, t.line, t.text);
        else
            cli_str_addf(&line, "trace %lu: %s", t.line, t.text);
        cli_wrap(f, indent, cli_str_text(&line));
    }
    cli_str_free(&line);
}

static void put_json_string(FILE *f, const char *s)
{
    cli_str b = {0};
    cli_str_json(&b, s);
    if (!b.oom)
        fwrite(b.p, 1, b.n, f);
    cli_str_free(&b);
}

static void header_fields(out *o)
{
    fputs("\"engine\":{\"name\":\"assay\",\"version\":", o->f);
    put_json_string(o->f, assay_version());
    fputs("},\"script\":{\"name\":", o->f);
    put_json_string(o->f, assay_engine_script_name(o->e));
    fputs(",\"path\":", o->f);
    put_json_string(o->f, assay_engine_script_path(o->e));
    fputs(",\"sha256\":", o->f);
    put_json_string(o->f, assay_engine_script_sha256(o->e));
    /* the verdicts the script can give, each once, in the order of its
     * rules: [] says it declares none, so no project gets one */
    fputs(",\"verdicts\":[", o->f);
    int n = assay_engine_verdict_count(o->e);
    for (int i = 0, shown = 0; i < n; i++) {
        if (!cli_verdict_first(o->e, i))
            continue;
        if (shown++)
            fputc(',', o->f);
        put_json_string(o->f, assay_engine_verdict_label(o->e, i));
    }
    /* how good each verdict is (the first rule with the label says) */
    fputs("],\"standings\":{", o->f);
    for (int i = 0, shown = 0; i < n; i++) {
        if (!cli_verdict_first(o->e, i))
            continue;
        if (shown++)
            fputc(',', o->f);
        put_json_string(o->f, assay_engine_verdict_label(o->e, i));
        int st = assay_engine_verdict_standing(o->e, i);
        fputs(st > 0 ? ":\"good\"" : st < 0 ? ":\"bad\"" : ":\"neutral\"",
              o->f);
    }
    /* what the criteria declare for readers, once for the run rather than
     * on every project: id -> description, for those that give one */
    fputs("},\"descriptions\":{", o->f);
    for (int i = 0, shown = 0; i < assay_engine_criterion_count(o->e); i++) {
        const char *d = assay_engine_criterion_description(o->e, i);
        if (!d)
            continue;
        if (shown++)
            fputc(',', o->f);
        put_json_string(o->f, assay_engine_criterion_id(o->e, i));
        fputc(':', o->f);
        put_json_string(o->f, d);
    }
    fputs("}}", o->f);
}

static void diag_json(cli_str *b, const assay_diag *d)
{
    cli_str_adds(b, "\"file\":");
    cli_str_json(b, d->file);
    if (d->line) /* 0: the file itself could not be read */
        cli_str_addf(b, ",\"line\":%lu,\"column\":%lu,\"message\":",
                   d->line, d->column);
    else
        cli_str_adds(b, ",\"line\":null,\"column\":null,\"message\":");
    cli_str_json(b, d->message);
}

static void summary_fields(out *o)
{
    cli_printf(o->f,
            "\"summary\":{\"projects\":%lu,\"load_errors\":%lu,"
            "\"errors_omitted\":%lu,\"projects_with_errors\":%lu,"
            "\"verdicts\":{",
            o->projects, o->load_errors, o->errors_omitted, o->failed);
    int first = 1;
    for (size_t i = 0; i < o->nverdicts; i++) {
        if (!strcmp(o->verdicts[i], NO_VERDICT))
            continue; /* projects without a verdict are not a label */
        if (!first)
            fputc(',', o->f);
        first = 0;
        put_json_string(o->f, o->verdicts[i]);
        cli_printf(o->f, ":%lu", o->vcount[i]);
    }
    fputs("}}", o->f);
}

static void result_line(out *o, const assay_result *r, const char *prefix)
{
    /* a worker's text is written as it is; else it is rendered into a
     * buffer that grows to the longest line so far, so a result is
     * rendered again only when it is the longest yet */
    size_t n;
    const char *json = assay_result_json_rendered(r, &n);
    if (!json) {
        n = assay_result_json_into(r, o->line.p, o->line.cap);
        if (n >= o->line.cap && n) {
            if (!cli_str_room(&o->line, n))
                return;
            n = assay_result_json_into(r, o->line.p, o->line.cap);
        }
        json = o->line.p;
    }
    if (!n)
        return;
    /* splice an optional prefix in after the opening brace */
    fputc('{', o->f);
    fputs(prefix, o->f);
    fwrite(json + 1, 1, n - 1, o->f);
    fputc('\n', o->f);
}

/* ---- json ------------------------------------------------------------ */

static void json_begin(out *o)
{
    fputc('{', o->f);
    header_fields(o);
    fputs(",\"projects\":[\n", o->f);
}

static void json_result(out *o, const assay_result *r)
{
    if (o->projects > 1)
        fputs(",", o->f);
    result_line(o, r, "");
}

/* Kept for the errors list, up to CLI_ERRORS_KEPT (cli.h). */
static void json_diag(out *o, const assay_diag *d)
{
    if (o->errors_kept >= CLI_ERRORS_KEPT) {
        o->errors_omitted++;
        return;
    }
    o->errors_kept++;
    cli_str b = {0};
    cli_str_adds(&b, o->errlen ? ",\n{" : "\n{");
    diag_json(&b, d);
    cli_str_addc(&b, '}');
    char *e = b.oom ? NULL : realloc(o->errors, o->errlen + b.n + 1);
    if (e) {
        memcpy(e + o->errlen, b.p, b.n);
        o->errlen += b.n;
        e[o->errlen] = 0;
        o->errors = e;
    }
    cli_str_free(&b);
}

static void json_end(out *o)
{
    fputs("],\"errors\":[", o->f);
    if (o->errlen)
        fwrite(o->errors, 1, o->errlen, o->f);
    fputs(o->errlen ? "\n]," : "],", o->f);
    summary_fields(o);
    fputs("}\n", o->f);
}

const format FORMAT_JSON = {"json", json_begin, json_result, json_diag,
                            json_end};

/* ---- jsonl ----------------------------------------------------------- */

static void jsonl_begin(out *o)
{
    fputs("{\"type\":\"header\",", o->f);
    header_fields(o);
    fputs("}\n", o->f);
}

/* The lines go out whenever the engine is about to wait (on_wait in
 * main.c), so a reader of a stream has each project's result while later
 * ones are still being read, without a write for every line. */
static void jsonl_result(out *o, const assay_result *r)
{
    result_line(o, r, "\"type\":\"project\",");
}

static void jsonl_diag(out *o, const assay_diag *d)
{
    cli_str b = {0};
    cli_str_adds(&b, "{\"type\":\"error\",");
    diag_json(&b, d);
    cli_str_adds(&b, "}\n");
    if (!b.oom)
        fwrite(b.p, 1, b.n, o->f);
    cli_str_free(&b);
}

static void jsonl_end(out *o)
{
    fputs("{\"type\":\"summary\",", o->f);
    summary_fields(o);
    fputs("}\n", o->f);
}

const format FORMAT_JSONL = {"jsonl", jsonl_begin, jsonl_result, jsonl_diag,
                             jsonl_end};

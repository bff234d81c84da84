/*
 * cli_format.c -- the report formats of `assay run`: table for people at
 * a terminal (fits 80 columns), json for one document, jsonl for streams.
 */
#include <stdlib.h>
#include <string.h>

#include "assay_int.h"
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

static void put_json_string(FILE *f, const char *s)
{
    buf b = {0};
    if (s)
        json_string(&b, s, strlen(s));
    else
        buf_puts(&b, "null");
    fwrite(b.p, 1, b.n, f);
    buf_free(&b);
}

static void header_fields(out *o)
{
    fprintf(o->f, "\"engine\":{\"name\":\"assay\",\"version\":");
    put_json_string(o->f, assay_version());
    fputs("},\"script\":{\"name\":", o->f);
    put_json_string(o->f, assay_engine_script_name(o->e));
    fputs(",\"path\":", o->f);
    put_json_string(o->f, assay_engine_script_path(o->e));
    fputs(",\"sha256\":", o->f);
    put_json_string(o->f, assay_engine_script_sha256(o->e));
    fputc('}', o->f);
}

static void diag_json(buf *b, const assay_diag *d)
{
    buf_puts(b, "\"file\":");
    json_string(b, d->file, strlen(d->file));
    if (d->line) /* 0: the file itself could not be read */
        buf_printf(b, ",\"line\":%lu,\"column\":%lu,\"message\":",
                   d->line, d->column);
    else
        buf_puts(b, ",\"line\":null,\"column\":null,\"message\":");
    json_string(b, d->message, strlen(d->message));
}

static void summary_fields(out *o)
{
    fprintf(o->f,
            "\"summary\":{\"projects\":%lu,\"load_errors\":%lu,"
            "\"projects_with_errors\":%lu,\"verdicts\":{",
            o->projects, o->load_errors, o->failed);
    int first = 1;
    for (size_t i = 0; i < o->nverdicts; i++) {
        if (!strcmp(o->verdicts[i], NO_VERDICT))
            continue; /* projects without a verdict are not a label */
        if (!first)
            fputc(',', o->f);
        first = 0;
        put_json_string(o->f, o->verdicts[i]);
        fprintf(o->f, ":%lu", o->vcount[i]);
    }
    fputs("}}", o->f);
}

static void result_line(out *o, const assay_result *r, const char *prefix)
{
    o->line.n = 0;
    locale_t host = ay_enter(r->e);
    ay_result_json(r, &o->line);
    ay_leave(host);
    if (o->line.oom)
        return;
    /* splice an optional prefix in after the opening brace */
    fputc('{', o->f);
    fputs(prefix, o->f);
    fwrite(o->line.p + 1, 1, o->line.n - 1, o->f);
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

static void json_diag(out *o, const assay_diag *d)
{
    buf b = {0};
    buf_puts(&b, o->errlen ? ",\n{" : "\n{");
    diag_json(&b, d);
    buf_putc(&b, '}');
    char *e = realloc(o->errors, o->errlen + b.n + 1);
    if (e) {
        memcpy(e + o->errlen, b.p, b.n);
        o->errlen += b.n;
        e[o->errlen] = 0;
        o->errors = e;
    }
    buf_free(&b);
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

/* Each line goes out as soon as it is made, so a reader of a stream sees
 * a project's result while later ones are still being read. */
static void jsonl_result(out *o, const assay_result *r)
{
    result_line(o, r, "\"type\":\"project\",");
    fflush(o->f);
}

static void jsonl_diag(out *o, const assay_diag *d)
{
    buf b = {0};
    buf_puts(&b, "{\"type\":\"error\",");
    diag_json(&b, d);
    buf_puts(&b, "}\n");
    fwrite(b.p, 1, b.n, o->f);
    buf_free(&b);
}

static void jsonl_end(out *o)
{
    fputs("{\"type\":\"summary\",", o->f);
    summary_fields(o);
    fputs("}\n", o->f);
}

const format FORMAT_JSONL = {"jsonl", jsonl_begin, jsonl_result, jsonl_diag,
                             jsonl_end};

/* ---- table ----------------------------------------------------------- */

#define WIDTH 80

/* Decode the UTF-8 character at s (invalid bytes count as one). */
static unsigned decode(const char *s, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[0];
    size_t n = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    for (size_t i = 1; i < n; i++)
        if ((u[i] & 0xC0) != 0x80) {
            *len = 1;
            return c;
        }
    *len = n;
    if (n == 1)
        return c;
    c &= 0x3F >> (n - 1);
    for (size_t i = 1; i < n; i++)
        c = (c << 6) | (u[i] & 0x3F);
    return c;
}

/* Terminal columns of a character: East Asian wide and fullwidth forms
 * and most emoji take two, combining marks none, the rest one. */
static size_t char_cols(unsigned c)
{
    static const unsigned wide[][2] = {
        {0x1100, 0x115F}, {0x2E80, 0x303E}, {0x3041, 0x33FF},
        {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF},
        {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE30, 0xFE4F},
        {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F},
        {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD},
    };
    if (c >= 0x300 && c <= 0x36F)
        return 0;
    for (size_t i = 0; i < sizeof wide / sizeof *wide; i++)
        if (c >= wide[i][0] && c <= wide[i][1])
            return 2;
    return 1;
}

/* Display width of the first n bytes of s. */
static size_t cols(const char *s, size_t n)
{
    size_t w = 0, len;
    for (size_t i = 0; i < n; i += len)
        w += char_cols(decode(s + i, &len));
    return w;
}

/* Bytes of s that fit in w columns. */
static size_t fit(const char *s, size_t w)
{
    size_t i = 0, used = 0, len;
    while (s[i]) {
        size_t c = char_cols(decode(s + i, &len));
        if (used + c > w)
            break;
        used += c;
        i += len;
    }
    return i;
}

/* Write n bytes of s with control bytes shown as '?': case files may hold
 * escape sequences, and a report must not drive the terminal. */
static void put_text(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        fputc(c < 0x20 || c == 0x7F ? '?' : c, f);
    }
}

/* Print s cut to w columns, padded to w when pad is set. */
static void cell(FILE *f, const char *s, size_t w, int pad)
{
    if (!s)
        s = "";
    size_t n = strlen(s);
    if (cols(s, n) > w) {
        n = fit(s, w - 1);
        put_text(f, s, n);
        fputs("~", f);
        return;
    }
    put_text(f, s, n);
    if (pad)
        for (size_t c = cols(s, n); c < w; c++)
            fputc(' ', f);
}

/* Word-wrap text into lines of WIDTH columns after an indent. */
void cli_wrap(FILE *f, const char *indent, const char *text)
{
    size_t room = WIDTH - strlen(indent);
    while (*text) {
        size_t n = strlen(text);
        if (cols(text, n) > room) {
            size_t cut = fit(text, room);
            size_t sp = cut;
            while (sp > 0 && text[sp] != ' ')
                sp--;
            n = sp > 0 ? sp : cut;
            if (n == 0) /* a character wider than the room: take it */
                decode(text, &n);
        }
        fputs(indent, f);
        put_text(f, text, n);
        fputc('\n', f);
        text += n;
        while (*text == ' ')
            text++;
    }
}

static void styled(out *o, const char *code, const char *s, size_t w)
{
    if (o->color)
        fprintf(o->f, "\033[%sm", code);
    cell(o->f, s, w, 0);
    if (o->color)
        fputs("\033[0m", o->f);
}

static void fmt_score(char *tmp, size_t n, int (*get)(const assay_result *, int, double *),
                      const assay_result *r, int i)
{
    double v;
    if (get(r, i, &v))
        snprintf(tmp, n, "%.2f", v);
    else
        snprintf(tmp, n, "-");
}

static int project_score(const assay_result *r, int i, double *v)
{
    AY_UNUSED(i);
    return assay_result_score(r, v);
}

static void table_begin(out *o)
{
    fprintf(o->f, "assay %s, script %s (%.12s)\n", assay_version(),
            assay_engine_script_name(o->e), assay_engine_script_sha256(o->e));
}

static void table_result(out *o, const assay_result *r)
{
    FILE *f = o->f;
    char score[32], tmp[32];
    fputc('\n', f);
    styled(o, "1", assay_result_id(r), WIDTH);
    fputc('\n', f);
    fputs("  ", f);
    cell(f, assay_result_name(r), WIDTH - 2, 0);
    fputc('\n', f);
    fmt_score(score, sizeof score, project_score, r, 0);
    fprintf(f, "  verdict ");
    const char *verdict = assay_result_verdict(r);
    styled(o, "1;36", verdict ? verdict : "-", 30);
    fprintf(f, "  score %s  coverage %.0f%%\n", score,
            assay_result_coverage(r) * 100);
    if (assay_result_error(r)) {
        fputs("  ", f);
        styled(o, "31", "error:", 6);
        fputc('\n', f);
        cli_wrap(f, "    ", assay_result_error(r));
    }
    fprintf(f, "  %-22s %6s  %-14s %5s  %s\n", "criterion", "weight",
            "status", "score", "label");
    for (int i = 0; i < assay_result_criterion_count(r); i++) {
        fputs("  ", f);
        cell(f, assay_result_criterion_id(r, i), 22, 1);
        snprintf(tmp, sizeof tmp, "%.2f", assay_result_criterion_weight(r, i));
        fprintf(f, " %6s  ", tmp);
        const char *status = assay_result_criterion_status(r, i);
        styled(o, assay_result_criterion_error(r, i) ? "31" : "0", status, 14);
        for (size_t c = strlen(status); c < 14; c++)
            fputc(' ', f);
        fmt_score(score, sizeof score, assay_result_criterion_score, r, i);
        fprintf(f, " %5s", score);
        const char *label = assay_result_criterion_label(r, i);
        if (label) {
            fputs("  ", f);
            cell(f, label, 24, 0);
        }
        fputc('\n', f);
        if (assay_result_criterion_note(r, i))
            cli_wrap(f, "      ", assay_result_criterion_note(r, i));
        if (assay_result_criterion_error(r, i))
            cli_wrap(f, "      ! ", assay_result_criterion_error(r, i));
    }
}

static void table_diag(out *o, const assay_diag *d)
{
    AY_UNUSED(o);
    AY_UNUSED(d); /* on stderr already; the summary counts it */
}

static void table_end(out *o)
{
    FILE *f = o->f;
    fprintf(f, "\n%lu project%s evaluated", o->projects,
            o->projects == 1 ? "" : "s");
    for (size_t i = 0; i < o->nverdicts; i++)
        fprintf(f, "%s %lu %s", i ? "," : ":", o->vcount[i], o->verdicts[i]);
    if (o->failed)
        fprintf(f, "; %lu with criterion errors", o->failed);
    if (o->load_errors)
        fprintf(f, "; %lu load error%s", o->load_errors,
                o->load_errors == 1 ? "" : "s");
    fputc('\n', f);
}

const format FORMAT_TABLE = {"table", table_begin, table_result, table_diag,
                             table_end};

/*
 * cli_csv.c -- the CSV formats of `assay run`, for spreadsheets, R and
 * pandas (README, "CSV"): RFC 4180 text in UTF-8, a header row, then
 *
 *   csv       a row per project and criterion, in the script's order;
 *   csv-wide  a row per project, with a column per criterion's score.
 *
 * The columns are known before the first project (the script's criteria),
 * so each project's rows are written and flushed as it is evaluated, and
 * only the rows of the project at hand are held. Load errors are not rows:
 * they are on stderr, and in the exit status, as in every format.
 */
#include <math.h>
#include <string.h>

#include "cli.h"

#define EOL "\r\n"              /* RFC 4180 ends records with CRLF */
#define BOM "\xEF\xBB\xBF"      /* U+FEFF, for Excel (--bom) */

/* The columns that say which project a row is about, in both shapes. */
static const char *const PROJECT_COLUMNS[] = {
    "project_id", "project_name", "file", "line", "project_score",
    "coverage", "verdict", "project_error"};
/* Then, in csv, those of the criterion. */
static const char *const CRITERION_COLUMNS[] = {
    "criterion_id", "criterion_title", "group", "weight", "status",
    "criterion_score", "label", "contribution", "note", "criterion_error"};
/* In csv-wide, a column per criterion: this and the criterion's id. Ids
 * hold letters, digits, '_', '.' and '-', and no project column has a
 * '.', so no two columns have one name. */
#define WIDE_PREFIX "score."

/* Text as one field. A quote is doubled, and the field quoted when it
 * holds a comma, a quote or a newline. A newline stays, so text of
 * several lines is one cell; every other control character, and each byte
 * that is not UTF-8, is written as the table shows it (\t, \xNN:
 * assay_escape_char), so no field carries a carriage return or an escape
 * sequence to a terminal that shows the file. A field that starts with
 * '=', '+', '-' or '@' gets a "'" in front, so that a spreadsheet takes
 * it for text rather than a formula to run (a tab or a carriage return,
 * the other two starts that spreadsheets obey, is escaped already).
 * Numbers never pass through here. NULL is an empty field. */
void cli_csv_text(cli_str *b, const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s);
    int quote = strpbrk(s, ",\"\n") != NULL;
    if (quote)
        cli_str_addc(b, '"');
    if (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')
        cli_str_addc(b, '\'');
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t run = i; /* printable ASCII but '"' goes as it is */
        while (run < n && u[run] >= 0x20 && u[run] < 0x7F && u[run] != '"')
            run++;
        cli_str_add(b, s + i, run - i);
        if ((i = run) >= n)
            break;
        if (s[i] == '"' || s[i] == '\n') {
            cli_str_adds(b, s[i] == '"' ? "\"\"" : "\n");
            i++;
            continue;
        }
        char piece[ASSAY_ESCAPE_MAX];
        size_t step, k = assay_escape_char(s + i, n - i, piece, &step);
        cli_str_add(b, piece, k);
        i += step;
    }
    if (quote)
        cli_str_addc(b, '"');
}

/* A number as the JSON report writes it (assay_json_number: the shortest
 * text that reads back as the same double, with a point in any locale),
 * or an empty field when there is none. */
void cli_csv_number(cli_str *b, int has, double d)
{
    char tmp[ASSAY_NUMBER_MAX];
    if (has && isfinite(d) && assay_json_number(d, tmp, sizeof tmp) <
                                  sizeof tmp)
        cli_str_adds(b, tmp);
}

/* The BOM when asked for, and the project's columns: what both shapes'
 * headers begin with. */
static void head(out *o)
{
    if (o->bom)
        cli_str_adds(&o->line, BOM);
    for (size_t i = 0; i < sizeof PROJECT_COLUMNS / sizeof *PROJECT_COLUMNS;
         i++) {
        if (i)
            cli_str_addc(&o->line, ',');
        cli_csv_text(&o->line, PROJECT_COLUMNS[i]);
    }
}

static void project_fields(cli_str *b, const assay_result *r)
{
    double score;
    int has = assay_result_score(r, &score);
    cli_csv_text(b, assay_result_id(r));
    cli_str_addc(b, ',');
    cli_csv_text(b, assay_result_name(r));
    cli_str_addc(b, ',');
    cli_csv_text(b, assay_result_file(r));
    cli_str_addc(b, ',');
    unsigned long line = assay_result_line(r);
    cli_csv_number(b, line > 0, (double)line);
    cli_str_addc(b, ',');
    cli_csv_number(b, has, score);
    cli_str_addc(b, ',');
    cli_csv_number(b, 1, assay_result_coverage(r));
    cli_str_addc(b, ',');
    cli_csv_text(b, assay_result_verdict(r));
    cli_str_addc(b, ',');
    cli_csv_text(b, assay_result_error(r));
}

static void criterion_fields(cli_str *b, const assay_result *r, int i)
{
    double v;
    cli_csv_text(b, assay_result_criterion_id(r, i));
    cli_str_addc(b, ',');
    cli_csv_text(b, assay_result_criterion_title(r, i));
    cli_str_addc(b, ',');
    cli_csv_text(b, assay_result_criterion_group(r, i));
    cli_str_addc(b, ',');
    cli_csv_number(b, 1, assay_result_criterion_weight(r, i));
    cli_str_addc(b, ',');
    cli_csv_text(b, assay_result_criterion_status(r, i));
    cli_str_addc(b, ',');
    int has = assay_result_criterion_score(r, i, &v);
    cli_csv_number(b, has, v);
    cli_str_addc(b, ',');
    cli_csv_text(b, assay_result_criterion_label(r, i));
    cli_str_addc(b, ',');
    has = assay_result_criterion_contribution(r, i, &v);
    cli_csv_number(b, has, v);
    cli_str_addc(b, ',');
    cli_csv_text(b, assay_result_criterion_note(r, i));
    cli_str_addc(b, ',');
    cli_csv_text(b, assay_result_criterion_error(r, i));
}

/* What a project's rows come to goes out whole; the stream is flushed
 * whenever the engine is about to wait (on_wait in main.c), so a reader
 * of a pipe has it before the engine waits for the next project. */
static void put(out *o)
{
    if (!o->line.oom) {
        fwrite(o->line.p, 1, o->line.n, o->f);
        cli_str_clear(&o->line); /* the memory is kept for the next */
    } else {
        cli_str_free(&o->line); /* out of memory for this project only */
    }
}

/* ---- csv ------------------------------------------------------------- */

static void csv_begin(out *o)
{
    head(o);
    for (size_t i = 0;
         i < sizeof CRITERION_COLUMNS / sizeof *CRITERION_COLUMNS; i++) {
        cli_str_addc(&o->line, ',');
        cli_csv_text(&o->line, CRITERION_COLUMNS[i]);
    }
    cli_str_adds(&o->line, EOL);
    put(o);
}

static void csv_result(out *o, const assay_result *r)
{
    cli_str *b = &o->line;
    for (int i = 0; i < assay_result_criterion_count(r); i++) {
        project_fields(b, r);
        cli_str_addc(b, ',');
        criterion_fields(b, r, i);
        cli_str_adds(b, EOL);
    }
    put(o);
}

static void csv_diag(out *o, const assay_diag *d)
{
    (void)o;
    (void)d; /* on stderr already, and counted in the exit status */
}

static void csv_end(out *o)
{
    (void)o; /* no summary row: every row is a project's */
}

const format FORMAT_CSV = {"csv", csv_begin, csv_result, csv_diag, csv_end};

/* ---- csv-wide -------------------------------------------------------- */

static void wide_begin(out *o)
{
    cli_str *b = &o->line;
    head(o);
    cli_str col = {0};
    for (int i = 0; i < assay_engine_criterion_count(o->e); i++) {
        cli_str_clear(&col);
        cli_str_adds(&col, WIDE_PREFIX);
        cli_str_adds(&col, assay_engine_criterion_id(o->e, i));
        cli_str_addc(b, ',');
        cli_csv_text(b, col.oom ? NULL : cli_str_text(&col));
    }
    cli_str_free(&col);
    cli_str_adds(b, EOL);
    put(o);
}

/* The criteria of a result are the script's, in its order: column i is
 * criterion i. */
static void wide_result(out *o, const assay_result *r)
{
    cli_str *b = &o->line;
    project_fields(b, r);
    for (int i = 0; i < assay_engine_criterion_count(o->e); i++) {
        double v;
        int has = assay_result_criterion_score(r, i, &v);
        cli_str_addc(b, ',');
        cli_csv_number(b, has, v);
    }
    cli_str_adds(b, EOL);
    put(o);
}

const format FORMAT_CSV_WIDE = {"csv-wide", wide_begin, wide_result,
                                csv_diag, csv_end};

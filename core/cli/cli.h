/*
 * cli.h -- what the parts of the assay command share: the output writer
 * that every format implements, and the options of a run.
 */
#ifndef ASSAY_CLI_H
#define ASSAY_CLI_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "assay.h"

/* ---- A growable string (cli_str.c) ---- */

typedef struct cli_str {
    char *p;                 /* NUL-terminated once anything is added */
    size_t n, cap;
    int oom;                 /* out of memory: what came after was lost */
} cli_str;

/* Room for extra more bytes and a NUL: 1, or 0 (and oom set). */
int cli_str_room(cli_str *s, size_t extra);
void cli_str_add(cli_str *s, const char *text, size_t n);
void cli_str_adds(cli_str *s, const char *text);
void cli_str_addc(cli_str *s, char c);
void cli_str_addf(cli_str *s, const char *fmt, ...)
    __attribute__((format(__printf__, 2, 3)));
/* text as a JSON string (assay_json_string's escapes), or null for NULL */
void cli_str_json(cli_str *s, const char *text);
const char *cli_str_text(const cli_str *s);   /* "" when empty */
void cli_str_clear(cli_str *s);               /* empty, memory kept */
void cli_str_free(cli_str *s);

/* ---- What the portfolio views keep of each project (cli_portfolio.c) ----
 *
 * Texts that repeat across projects (file, verdict, status, label) are
 * kept once, in the portfolio, and named by their index (cli_portfolio_text;
 * an index of none gives NULL). Criterion ids, titles, groups and weights
 * are the script's: read them from the engine. */

typedef struct cli_mark {    /* one criterion of one project */
    unsigned status, label;  /* texts */
    int has_score;
    double score;
    double weight;           /* the result's (assay compare) */
} cli_mark;

typedef struct cli_row {
    char *id, *name;
    unsigned file, verdict;  /* texts */
    unsigned long line;
    size_t seq;              /* place in input order */
    int has_score, error;    /* error: the project's own (not a criterion's) */
    double score, coverage;
    cli_mark *crit;          /* the script's criteria, in its order */
    int ncrit;
} cli_row;

enum { CLI_SORT_INPUT, CLI_SORT_SCORE, CLI_SORT_VERDICT, CLI_SORT_COVERAGE,
       CLI_SORT_ID };

/* Criteria shown together: those of one group that weigh, or those of
 * one group that weigh 0 (reported beside the score, not counted in it). */
typedef struct cli_section {
    const char *group;       /* NULL: none */
    int zero;                /* weight 0 */
    int first, n;            /* order[first] .. order[first + n - 1] */
} cli_section;

/* The order the views show a script's criteria in: those that weigh,
 * then those of weight 0, apart; within each, grouped by group in the
 * order groups first appear, and in the script's order within a group.
 * Fills order (one index per criterion of r) and sect (at most that
 * many); returns the number of sections. Group texts are r's. */
int cli_criteria_order(const assay_result *r, int *order, cli_section *sect);

typedef struct cli_portfolio {
    cli_row *rows;
    size_t n, cap;
    char **text;
    unsigned ntext, captext;
    int key;                          /* of the last sort */
    const char *const *rank;          /* verdicts, best first, for sorting */
    size_t nrank;
    /* the criteria's order for the views, from the first project kept
     * (cli_criteria_order; the groups are kept texts) */
    int *order;
    cli_section *sect;
    int ncrit, nsect;
    unsigned long lost;               /* projects not kept: out of memory */
} cli_portfolio;

/* Keep what the views show of r: 0, or -1 when memory ran out. */
int cli_portfolio_add(cli_portfolio *pf, const assay_result *r);
const char *cli_portfolio_text(const cli_portfolio *pf, unsigned k);
/* CLI_SORT_* for "input", "score", "verdict", "coverage" or "id"; -1 for
 * another name. */
int cli_sort_key(const char *name);
/* Sort the rows by key: score and coverage high first, verdicts in the
 * order of the verdicts list given (the best first; one it lacks, then no
 * verdict, last), ids bytewise; ties by score, then input order, so one
 * portfolio always sorts one way. verdicts must outlive the call only. */
void cli_portfolio_sort(cli_portfolio *pf, int key,
                        const char *const *verdicts, size_t nverdicts);
void cli_portfolio_free(cli_portfolio *pf);
/* The standing (ASSAY_STANDING_*) of a verdict: that of the first rule
 * that gives it; neutral for NULL or a label no rule gives. */
int cli_verdict_standing(const assay_engine *e, const char *label);
/* 1 when verdict rule i is the first with its label, which then speaks
 * for the label (its standing, its place in lists). */
int cli_verdict_first(const assay_engine *e, int i);
/* The script's verdicts, each once, best first: good, neutral, then bad,
 * in the order of the rules within each; *n is set. The labels are e's;
 * the caller frees the array. NULL (and *n 0) when there are none or
 * memory ran out. */
const char **cli_verdicts_best_first(const assay_engine *e, size_t *n);

/* The JSON report keeps the first CLI_ERRORS_KEPT load errors in its
 * errors list and counts the rest (README, "JSON output"), as the Lua
 * module keeps its diags: every one is on stderr already, and a stream of
 * bad documents must not grow the report's memory without end. */
#define CLI_ERRORS_KEPT 1000

typedef struct out {
    FILE *f;
    int color;
    int bom;                 /* csv: begin with U+FEFF (run --bom) */
    const assay_engine *e;
    /* counts for the closing summary */
    unsigned long projects, load_errors, failed;
    /* verdicts in order of first appearance, with counts: labels of the
     * script's verdict rules (fixed when it loads) and "(no verdict)", so
     * the list is bounded by the script, not by the input */
    char **verdicts;
    unsigned long *vcount;
    size_t nverdicts;
    /* json: load errors are kept for the end of the document, the first
     * CLI_ERRORS_KEPT of them; the rest are counted */
    char *errors;
    size_t errlen;
    unsigned long errors_kept, errors_omitted;
    cli_str line;            /* one result's JSON, reused */
    /* the views that show the projects side by side (table, html) keep
     * them here, and sort them by sort (CLI_SORT_*, from --sort) */
    cli_portfolio portfolio;
    int sort;
    int date;                /* html: show today's date (--date) */
    void *view;              /* a format's own state, from begin to end */
    int incomplete;          /* the format could not make all the report */
} out;

typedef struct format {
    const char *name;
    void (*begin)(out *o);
    void (*result)(out *o, const assay_result *r);
    void (*diag)(out *o, const assay_diag *d);
    void (*end)(out *o);
} format;

extern const format FORMAT_TABLE, FORMAT_JSON, FORMAT_JSONL;
extern const format FORMAT_CSV, FORMAT_CSV_WIDE;   /* cli_csv.c */
/* cli_html.c: one self-contained page; holds the portfolio */
extern const format FORMAT_HTML;
extern const format FORMAT_MARKDOWN; /* cli_markdown.c */

/* ---- What the Markdown reports share (cli_markdown.c) ----
 *
 * Text from case files, scripts and file names, escaped for the terminal
 * (control bytes as \xNN) and then for Markdown, so that it shows as
 * written and never becomes a heading, list, link, table cell or HTML. */

void cli_md_text(cli_str *b, const char *s);   /* inline text */
void cli_md_lead(cli_str *b, const char *s);   /* at the start of a block */
void cli_md_cell(cli_str *b, const char *s);   /* a cell: "-" when empty */
/* The list items "- engine: ...", "- script: NAME (sha256 ...)" and, when
 * date is set, "- date: ..." that open a report. */
void cli_md_facts(cli_str *b, const assay_engine *e, int date);

/* ---- What the HTML pages share (cli_page.c) ----
 *
 * Every text from case files and scripts goes through cli_html_text; the
 * other arguments below are the program's own words and markup. */

/* t as HTML text (& < > " ' as references, control characters but
 * newline and bytes that are not UTF-8 as \xNN): safe in text and in a
 * quoted attribute. _cut: at most max characters (0: all), an ellipsis
 * when cut. */
void cli_html_text(cli_str *s, const char *t);
void cli_html_cut(cli_str *s, const char *t, size_t max);
/* "good", "bad" or "neutral" for an ASSAY_STANDING_* */
const char *cli_html_standing(int st);
/* A verdict's badge, coloured by its standing; "no verdict" for NULL. */
void cli_html_verdict(cli_str *s, const assay_engine *e, const char *v);
/* The page from its doctype to its h1, "TITLE: SCRIPT" (also the
 * title), with the shared style and style after it (NULL: none) and a
 * skip link to #skip reading "Skip to the SKIP_TO". The caller goes on
 * inside the page's header. */
void cli_html_open(cli_str *s, const char *title, const assay_engine *e,
                   const char *style, const char *skip, const char *skip_to);
/* The dt/dd pairs of engine, script, its SHA-256 and (date) today, for
 * the header's <dl class="run">. */
void cli_html_facts(cli_str *s, const assay_engine *e, int date);
/* The contents (items: id, words, id, words, ..., NULL), the end of the
 * header, and the start of <main>. */
void cli_html_toc(cli_str *s, const char *const *items);
/* The end of <main>, the footer "Made by assay V with the script S.
 * NOTE" and the end of the page. */
void cli_html_close(cli_str *s, const assay_engine *e, const char *note);
/* A table in a box that scrolls sideways, named by its caption (capid;
 * hidden: for screen readers only); the caller writes the caption's
 * text, then _heads: the header row, a head starting with '>' being a
 * column of numbers (right-aligned); then the rows and _close. */
void cli_html_table_open(cli_str *s, const char *cls, const char *capid,
                         int hidden);
void cli_html_table_heads(cli_str *s, const char *const *heads);
void cli_html_table_close(cli_str *s);

/* Count a verdict for the summary. */
void out_count_verdict(out *o, const char *verdict);

/* Today's date, or that of SOURCE_DATE_EPOCH when it is set (a build
 * that must be reproducible sets it), as YYYY-MM-DD ("" if it cannot be
 * written): for the reports that show one when --date asks. */
void cli_today(char out[16]);

/* The trace lines of criterion i (i < 0: the project's own), each as
 * "trace LINE: TEXT" (FILE:LINE when it came from a module), wrapped
 * after indent. Nothing when there are none. */
void cli_trace(FILE *f, const char *indent, const assay_result *r, int i);

/* ---- Text for a terminal (cli_text.c) ----
 *
 * Text from case files, scripts and file names may hold escape sequences;
 * the command prints only through these, which show whatever is not
 * printable text as \xNN (the library's assay_escape_char) and never let a
 * terminal obey it. */

/* printf's format, with every %s (and %c) argument escaped; widths and
 * precisions of strings count columns as shown. The format itself is
 * written as it is: it is the program's own text (colour codes too). */
void cli_printf(FILE *f, const char *fmt, ...)
    __attribute__((format(__printf__, 2, 3)));
void cli_vprintf(FILE *f, const char *fmt, va_list ap)
    __attribute__((format(__printf__, 2, 0)));
/* s cut to w columns (ending in '~' when cut), padded to w when pad is
 * set. */
void cli_cell(FILE *f, const char *s, size_t w, int pad);
/* Word-wrap text to 80 columns, each line after indent. */
void cli_wrap(FILE *f, const char *indent, const char *text);
/* The same, the first line after first and the others after indent. */
void cli_wrap_hang(FILE *f, const char *first, const char *indent,
                   const char *text);
/* The same, each line (indent too) in the rendition sgr ("31": red)
 * unless it is NULL. */
void cli_wrap_sgr(FILE *f, const char *first, const char *indent,
                  const char *text, const char *sgr);
/* The columns s fills when shown (escapes counted as written); 0 for
 * NULL. */
size_t cli_width(const char *s);


/* ---- The progress line of a run, on stderr (cli_progress.c) ---- */

typedef struct cli_progress {
    int on;                  /* may draw: stderr is a terminal, ... */
    int drawn;               /* a line has been drawn in this run */
    int shown;               /* a line is on the terminal now */
    int hidden;              /* erased for other output, to come back */
    double start, last;      /* seconds: the run's start, the last line */
    double delay, every;     /* before the first line, between lines */
    unsigned long projects;  /* done */
    unsigned long long bytes, total;
    int sized;               /* total is known */
    char text[160];          /* the last line */
} cli_progress;

/* Start the clock; on 0 draws nothing ever. */
void cli_progress_init(cli_progress *p, int on);
/* The input's size, when known ahead. */
void cli_progress_size(cli_progress *p, unsigned long long total, int known);
/* Draw the line with p's counts when it is due. */
void cli_progress_update(cli_progress *p);
/* Erase the line before writing to the terminal it is on, and draw it
 * again after. */
void cli_progress_hide(cli_progress *p);
void cli_progress_again(cli_progress *p);
/* Erase it for good. */
void cli_progress_end(cli_progress *p);

/* Options of a command, and the shared pieces of main.c. */
typedef struct opts {
    assay_limits lim;        /* from --max-NAME; 0 keeps the default */
    const char *script, *format, *output, *project, *jobs, *sort;
    const char *delta, *samples, *seed, *concentration; /* sensitivity */
    int no_progress, no_color;
    int bom;                 /* run --bom */
    int date;                /* run --date */
    int trace;               /* run --trace */
    int path;                /* scripts --path */
    char **args;
    int nargs;
} opts;

enum { EXIT_EVALUATED = 0, EXIT_CRITERIA = 1, EXIT_USAGE = 2, EXIT_INPUT = 3,
       EXIT_OUTPUT = 4 };

extern const char *prog;
/* Read the options of cmd among those allowed into *o: 0, -1 after a
 * usage error, or 1 when help was asked for and printed (help, and the
 * limits when they are allowed). o->args is the caller's to free. */
int cli_parse(const char *cmd, int argc, char **argv, opts *o,
              const char *allowed, const char *help);
void cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(__printf__, 2, 3)));
assay_engine *cli_engine(const assay_limits *lim);
/* Load script (-s), or success-features when it is NULL, into e: 0, or -1
 * after saying why on stderr. */
int cli_load_script(assay_engine *e, const char *script);
/* The value of -j, or 0 after a usage error. Without one (s NULL), the
 * cores this process may use (assay_cores), at most JOBS_MAX: output is
 * the same whatever -j, so using them all costs nothing but threads. */
#define JOBS_MAX 256 /* what assay_engine_set_jobs takes */
int cli_jobs(const char *cmd, const char *s);
/* --date asks for today's date in a report: 1 when it is not given or the
 * format is a report that shows it (report), else a usage error naming
 * the format (fname) and 0. */
int cli_date_ok(const char *cmd, int date, int report, const char *fname);
void cli_help_limits(FILE *f);
void cli_print_diag(const assay_diag *d);
/* The same, red when color is set. */
void cli_print_diag_color(const assay_diag *d, int color);

/* The report goes to path atomically (a temporary file renamed at the
 * end), or to stdout when path is NULL. open: 0, or -1 after saying why
 * (*f is stdout then); close: 0, or -1 after saying why the report could
 * not be written; an incomplete report is thrown away. tmp stays the
 * caller's to free. */
int cli_output_open(const char *path, FILE **f, char **tmp);
int cli_output_close(FILE *f, const char *path, char *tmp, int incomplete);

/* A CSV field (cli_csv.c): text quoted as RFC 4180 wants, escaped, and
 * kept from being read as a formula; a number as the JSON report writes
 * it, or nothing when has is 0. */
void cli_csv_text(cli_str *b, const char *s);
void cli_csv_number(cli_str *b, int has, double d);

int cmd_explain(int argc, char **argv);
int cmd_rank(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_sensitivity(int argc, char **argv);

/* The printf family would print text unescaped: in the command's files it
 * does not compile. fputs, fputc and fwrite stay, for the program's own
 * literals and for JSON, which assay_json_string has escaped. */
#pragma GCC poison printf fprintf vprintf vfprintf puts

#endif

/*
 * cli.h -- what the parts of the assay command share: the output writer
 * that every format implements, and the options of a run.
 */
#ifndef ASSAY_CLI_H
#define ASSAY_CLI_H

#include <stdio.h>

#include "assay.h"

typedef struct out {
    FILE *f;
    int color;
    const assay_engine *e;
    /* counts for the closing summary */
    unsigned long projects, load_errors, failed;
    /* verdicts in order of first appearance, with counts */
    char **verdicts;
    unsigned long *vcount;
    size_t nverdicts;
    /* json: load errors are kept for the end of the document */
    char *errors;
    size_t errlen;
    buf line;                /* one result's JSON, reused */
} out;

typedef struct format {
    const char *name;
    void (*begin)(out *o);
    void (*result)(out *o, const assay_result *r);
    void (*diag)(out *o, const assay_diag *d);
    void (*end)(out *o);
} format;

extern const format FORMAT_TABLE, FORMAT_JSON, FORMAT_JSONL;

/* Count a verdict for the summary. */
void out_count_verdict(out *o, const char *verdict);

/* Word-wrap text to 80 columns, each line after indent; control bytes are
 * shown as '?'. */
void cli_wrap(FILE *f, const char *indent, const char *text);

/* Options of a command, and the shared pieces of main.c. */
typedef struct opts {
    assay_limits lim;        /* from --max-NAME; 0 keeps the default */
    const char *script, *format, *output, *project, *jobs;
    int no_progress, no_color;
    int path;                /* scripts --path */
    char **args;
    int nargs;
} opts;

enum { EXIT_EVALUATED = 0, EXIT_CRITERIA = 1, EXIT_USAGE = 2, EXIT_INPUT = 3,
       EXIT_OUTPUT = 4 };

extern const char *prog;
int cli_parse(const char *cmd, int argc, char **argv, opts *o,
              const char *allowed);
void cli_usage_error(const char *cmd, const char *fmt, const char *arg);
assay_engine *cli_engine(const assay_limits *lim);
void cli_help_limits(FILE *f);
void cli_print_diag(const assay_diag *d);

int cmd_explain(int argc, char **argv);
int cmd_test(int argc, char **argv);

#endif

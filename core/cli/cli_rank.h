/*
 * cli_rank.h -- assay rank's report as cli_rank.c makes it, for the
 * formats that write it (cli_rank.c: table, json, csv; cli_rank_doc.c:
 * markdown, html).
 */
#ifndef ASSAY_CLI_RANK_H
#define ASSAY_CLI_RANK_H

#include "cli.h"

enum { CLI_RANK_TOPSIS, CLI_RANK_PROMETHEE };
enum { CLI_RANK_USUAL, CLI_RANK_LINEAR };
enum { CLI_RANK_UNRANKED, CLI_RANK_ZERO, CLI_RANK_MEAN, CLI_RANK_EXCLUDE };

/* The names the options take and the reports write, by the enums above;
 * each list ends in NULL. */
extern const char *const CLI_RANK_METHODS[], *const CLI_RANK_PREFS[],
    *const CLI_RANK_MISSING[];

/* One project of the report. */
typedef struct cli_rank_entry {
    cli_row *row;
    int ranked;
    double value, extra1, extra2;   /* topsis: d+ d-; promethee: phi+ phi- */
    long rank, score_rank;          /* 0: none */
    char *reason;                   /* unranked: why */
} cli_rank_entry;

typedef struct cli_rank_report {
    int method, pref, missing;      /* CLI_RANK_* */
    const assay_engine *e;
    const cli_portfolio *pf;        /* the rows' texts */
    const double *weight;           /* the script's, per criterion */
    cli_rank_entry *ent;            /* ranked first, by rank */
    size_t n;
    const int *crit;                /* the criteria used (script indices) */
    const double *w, *q, *p;        /* per criterion used: share, q, p */
    int m;
    const char **dropped;           /* the criteria left out */
    int ndropped;
    size_t ranked;
    int date;                       /* --date */
} cli_rank_report;

/* The report as Markdown, or as one HTML page, appended to b. */
void cli_rank_markdown(cli_str *b, const cli_rank_report *R);
void cli_rank_html(cli_str *b, const cli_rank_report *R);

#endif

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

#endif

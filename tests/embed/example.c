/* example.c -- evaluate case files with a stock script: the README's
 * embedding example, built against an installed assay via pkg-config.
 *
 *   cc example.c $(pkg-config --cflags --libs assay) && ./a.out cases/
 */
#include <stdio.h>

#include <assay.h>

static int print(void *ud, const assay_result *r)
{
    double score = 0;
    (void)ud;
    int has = assay_result_score(r, &score);
    printf("%-24s %-14s %.3f%s\n", assay_result_id(r), assay_result_verdict(r),
           score, has ? "" : " (no score)");
    return 0;
}

int main(int argc, char **argv)
{
    assay_engine *e = assay_engine_new(NULL);
    int rc = assay_engine_load_script(e, "success-features");
    if (rc == ASSAY_OK)
        rc = assay_engine_eval_path(e, argc > 1 ? argv[1] : ".", print, NULL);
    if (rc != ASSAY_OK)
        fprintf(stderr, "assay: %s\n", assay_engine_errmsg(e));
    assay_engine_free(e);
    return rc == ASSAY_OK ? 0 : 1;
}

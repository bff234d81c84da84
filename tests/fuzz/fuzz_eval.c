/*
 * fuzz_eval.c -- libFuzzer target: the input is a script and a case file.
 *
 * The input is split at its first line that is exactly `---8<---` (ended
 * by a newline or the end of the input): the script is what comes before,
 * the case file what comes after. Without that line the whole input is
 * the script and the case file is empty. Each part is copied into a block
 * of its own exact size, so that reading past either end is caught. When
 * the script loads, the case file is evaluated and every result is read
 * through the accessors and rendered as JSON.
 */
#include "fuzz_common.h"

#define SEP "---8<---"

/* Offset of the first line that is exactly SEP, or -1. */
static long find_sep(const uint8_t *d, size_t n)
{
    size_t m = sizeof SEP - 1;
    for (size_t i = 0; i + m <= n; i++) {
        if ((i == 0 || d[i - 1] == '\n') && !memcmp(d + i, SEP, m) &&
            (i + m == n || d[i + m] == '\n'))
            return (long)i;
        /* go to the next line */
        const uint8_t *nl = memchr(d + i, '\n', n - i);
        if (!nl)
            break;
        i = (size_t)(nl - d);
    }
    return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    long at = find_sep(data, size);
    size_t slen = at < 0 ? size : (size_t)at;
    size_t cstart = at < 0 ? size : (size_t)at + sizeof SEP - 1;
    if (cstart < size)
        cstart++; /* the newline that ends the separator */
    size_t clen = size - cstart;

    assay_engine *e = fz_engine(FZ_CASES | FZ_SCRIPT);
    if (!e)
        return 0;

    char *script = fz_copy(data, slen);
    char *cases = fz_copy(data + cstart, clen);
    if (script && cases) {
        int rc = assay_engine_load_script_string(e, "fuzz.lua", script, slen);
        free(script);
        script = NULL;
        fz_touch(assay_engine_errmsg(e));
        if (rc == ASSAY_OK) {
            fz_touch_script(e);
            rc = assay_engine_eval_string(e, "fuzz.yaml", cases, clen,
                                          fz_on_result, e);
            fz_check_status(e, rc);
        }
    }
    free(script);
    free(cases);
    assay_engine_free(e);
    return 0;
}

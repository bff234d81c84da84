/*
 * fuzz_common.h -- what the three libFuzzer targets share: a result
 * callback that reads every result through the public accessors and as
 * JSON, a diagnostic callback, and checks of what assay.h promises.
 *
 * Only include/assay.h is used. Nothing here prints unless a promise is
 * broken, and then it aborts so that libFuzzer keeps the input: the JSON
 * of a result must be one line of well-formed JSON with valid UTF-8;
 * scores and coverage must be finite and in [0, 1]; with weighted_mean the
 * contributions must add up to the score. Set ASSAY_FUZZ_CHECKS=0 in the
 * environment to keep only the sanitizers (to look past a known finding).
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assay.h"

/* The stock folder, for `require "stock"` in scripts; fuzz.mk passes the
 * repository's scripts/ folder. */
#ifndef FUZZ_STOCK_DIR
#define FUZZ_STOCK_DIR NULL
#endif

static int fz_checks = -1;

static int fz_checks_on(void)
{
    if (fz_checks < 0) {
        const char *v = getenv("ASSAY_FUZZ_CHECKS");
        fz_checks = !(v && !strcmp(v, "0"));
    }
    return fz_checks;
}

static void fz_fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz: broken promise: %s%s%s\n", what,
            detail ? ": " : "", detail ? detail : "");
    abort();
}

/* Touch a borrowed string so that the sanitizers see every byte of it. */
static volatile size_t fz_sink;
static void fz_touch(const char *s)
{
    if (s)
        fz_sink += strlen(s);
}

/* ---- A strict JSON checker (RFC 8259), for assay_result_json ---------- */

typedef struct fz_json {
    const unsigned char *p, *end;
    int depth;
    const char *why;
} fz_json;

static int fz_json_value(fz_json *j);

static void fz_json_ws(fz_json *j)
{
    while (j->p < j->end &&
           (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' || *j->p == '\n'))
        j->p++;
}

static int fz_json_bad(fz_json *j, const char *why)
{
    if (!j->why)
        j->why = why;
    return 0;
}

/* One UTF-8 sequence at j->p (not ASCII); shortest form, no surrogates. */
static int fz_json_utf8(fz_json *j)
{
    const unsigned char *s = j->p;
    size_t left = (size_t)(j->end - s);
    unsigned c = s[0], n;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; min = 0x10000; }
    else return fz_json_bad(j, "invalid UTF-8 lead byte");
    if (left < n + 1)
        return fz_json_bad(j, "truncated UTF-8");
    for (unsigned i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return fz_json_bad(j, "invalid UTF-8 continuation");
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return fz_json_bad(j, "overlong UTF-8, surrogate or past U+10FFFF");
    j->p += n + 1;
    return 1;
}

static int fz_json_hex4(fz_json *j, unsigned *out)
{
    if (j->end - j->p < 4)
        return fz_json_bad(j, "short \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned c = j->p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= c - '0';
        else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
        else return fz_json_bad(j, "bad hex digit in \\u escape");
    }
    j->p += 4;
    *out = v;
    return 1;
}

static int fz_json_string(fz_json *j)
{
    j->p++; /* the opening quote */
    while (j->p < j->end) {
        unsigned c = *j->p;
        if (c == '"') {
            j->p++;
            return 1;
        }
        if (c < 0x20)
            return fz_json_bad(j, "raw control byte in a string");
        if (c == '\\') {
            j->p++;
            if (j->p >= j->end)
                return fz_json_bad(j, "string ends in a backslash");
            c = *j->p++;
            if (c == 'u') {
                unsigned u, lo;
                if (!fz_json_hex4(j, &u))
                    return 0;
                if (u >= 0xDC00 && u <= 0xDFFF)
                    return fz_json_bad(j, "lone low surrogate escape");
                if (u >= 0xD800 && u <= 0xDBFF) {
                    if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u')
                        return fz_json_bad(j, "lone high surrogate escape");
                    j->p += 2;
                    if (!fz_json_hex4(j, &lo))
                        return 0;
                    if (lo < 0xDC00 || lo > 0xDFFF)
                        return fz_json_bad(j, "bad surrogate pair");
                }
            } else if (!strchr("\"\\/bfnrt", (int)c) || c == 0) {
                return fz_json_bad(j, "unknown escape");
            }
            continue;
        }
        if (c < 0x80)
            j->p++;
        else if (!fz_json_utf8(j))
            return 0;
    }
    return fz_json_bad(j, "unterminated string");
}

static int fz_json_digits(fz_json *j)
{
    const unsigned char *s = j->p;
    while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
        j->p++;
    return j->p > s;
}

static int fz_json_number(fz_json *j)
{
    if (*j->p == '-')
        j->p++;
    if (j->p < j->end && *j->p == '0')
        j->p++;
    else if (!(j->p < j->end && *j->p >= '1' && *j->p <= '9' &&
               fz_json_digits(j)))
        return fz_json_bad(j, "bad number");
    if (j->p < j->end && *j->p == '.') {
        j->p++;
        if (!fz_json_digits(j))
            return fz_json_bad(j, "no digits after the point");
    }
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        j->p++;
        if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
            j->p++;
        if (!fz_json_digits(j))
            return fz_json_bad(j, "no digits in the exponent");
    }
    return 1;
}

static int fz_json_word(fz_json *j, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n))
        return fz_json_bad(j, "unknown word");
    j->p += n;
    return 1;
}

static int fz_json_container(fz_json *j, int object)
{
    if (++j->depth > 200)
        return fz_json_bad(j, "nested too deeply");
    j->p++;
    fz_json_ws(j);
    if (j->p < j->end && *j->p == (object ? '}' : ']')) {
        j->p++;
        j->depth--;
        return 1;
    }
    for (;;) {
        if (object) {
            fz_json_ws(j);
            if (j->p >= j->end || *j->p != '"')
                return fz_json_bad(j, "object key is not a string");
            if (!fz_json_string(j))
                return 0;
            fz_json_ws(j);
            if (j->p >= j->end || *j->p != ':')
                return fz_json_bad(j, "no ':' after a key");
            j->p++;
        }
        if (!fz_json_value(j))
            return 0;
        fz_json_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == (object ? '}' : ']')) {
            j->p++;
            j->depth--;
            return 1;
        }
        return fz_json_bad(j, "no ',' or closing bracket");
    }
}

static int fz_json_value(fz_json *j)
{
    fz_json_ws(j);
    if (j->p >= j->end)
        return fz_json_bad(j, "value expected");
    switch (*j->p) {
    case '{': return fz_json_container(j, 1);
    case '[': return fz_json_container(j, 0);
    case '"': return fz_json_string(j);
    case 't': return fz_json_word(j, "true");
    case 'f': return fz_json_word(j, "false");
    case 'n': return fz_json_word(j, "null");
    default:
        if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9'))
            return fz_json_number(j);
        return fz_json_bad(j, "unexpected byte");
    }
}

static void fz_check_json(const char *s, size_t n)
{
    if (strlen(s) != n)
        fz_fail("assay_result_json", "length differs from strlen");
    if (memchr(s, '\n', n))
        fz_fail("assay_result_json", "a newline in the one-line JSON");
    fz_json j = {(const unsigned char *)s, (const unsigned char *)s + n, 0,
                 NULL};
    if (*s != '{')
        fz_fail("assay_result_json", "not an object");
    if (!fz_json_value(&j))
        fz_fail("assay_result_json is not valid JSON", j.why);
    fz_json_ws(&j);
    if (j.p != j.end)
        fz_fail("assay_result_json", "bytes after the value");
}

/* ---- Callbacks ------------------------------------------------------- */

static int fz_unit(double d) { return isfinite(d) && d >= 0 && d <= 1; }

static int fz_on_result(void *ud, const assay_result *r)
{
    const assay_engine *e = ud;
    int checks = fz_checks_on();
    fz_touch(assay_result_id(r));
    fz_touch(assay_result_name(r));
    fz_touch(assay_result_file(r));
    fz_sink += assay_result_line(r);
    double score = 0, cov = assay_result_coverage(r);
    int has_score = assay_result_score(r, &score);
    fz_touch(assay_result_verdict(r));
    fz_touch(assay_result_error(r));
    fz_touch(assay_result_verdict_reason(r));
    if (checks && has_score && !fz_unit(score))
        fz_fail("project score outside [0, 1]", assay_result_id(r));
    if (checks && !fz_unit(cov))
        fz_fail("coverage outside [0, 1]", assay_result_id(r));

    int nc = assay_result_criterion_count(r);
    if (checks && e && nc != assay_engine_criterion_count(e))
        fz_fail("criterion count differs from the script's", NULL);
    double sum = 0;
    int ncontrib = 0;
    for (int i = 0; i < nc; i++) {
        double d;
        fz_touch(assay_result_criterion_id(r, i));
        fz_touch(assay_result_criterion_title(r, i));
        fz_touch(assay_result_criterion_group(r, i));
        fz_touch(assay_result_criterion_status(r, i));
        if (assay_result_criterion_score(r, i, &d) && checks && !fz_unit(d))
            fz_fail("criterion score outside [0, 1]",
                    assay_result_criterion_id(r, i));
        d = assay_result_criterion_weight(r, i);
        if (checks && !(isfinite(d) && d >= 0))
            fz_fail("criterion weight not finite and >= 0",
                    assay_result_criterion_id(r, i));
        if (assay_result_criterion_contribution(r, i, &d)) {
            if (checks && !isfinite(d))
                fz_fail("contribution not finite",
                        assay_result_criterion_id(r, i));
            sum += d;
            ncontrib++;
        }
        fz_sink += (size_t)assay_result_evidence_truncated(r, i);
        fz_touch(assay_result_criterion_label(r, i));
        fz_touch(assay_result_criterion_note(r, i));
        fz_touch(assay_result_criterion_error(r, i));
        fz_touch(assay_result_criterion_label_reason(r, i));
        int ne = assay_result_evidence_count(r, i);
        for (int k = 0; k < ne; k++) {
            assay_evidence ev;
            if (assay_result_evidence(r, i, k, &ev) != 0) {
                if (checks)
                    fz_fail("evidence item in range refused", NULL);
                continue;
            }
            fz_touch(ev.indicator);
            fz_touch(ev.field);
            fz_touch(ev.value);
            fz_touch(ev.status);
            fz_touch(ev.source);
            fz_touch(ev.locator);
            fz_touch(ev.quote);
            fz_touch(ev.confidence);
        }
        assay_evidence ev;
        if (checks && assay_result_evidence(r, i, ne, &ev) != -1)
            fz_fail("evidence item out of range accepted", NULL);
    }
    /* With weighted_mean the contributions add up to the score. */
    if (checks && ncontrib && has_score && e &&
        !strcmp(assay_engine_script_aggregate(e), "weighted_mean") &&
        fabs(sum - score) > 1e-6)
        fz_fail("contributions do not add up to the score",
                assay_result_id(r));

    char *json = NULL, *again = NULL;
    size_t len = 0, len2 = 0;
    int rc = assay_result_json(r, &json, &len);
    if (rc == ASSAY_OK) {
        if (checks) {
            fz_check_json(json, len);
            /* Output is deterministic. */
            if (assay_result_json(r, &again, &len2) == ASSAY_OK &&
                (len2 != len || memcmp(json, again, len)))
                fz_fail("assay_result_json differs between two calls", NULL);
        }
    } else if (checks && rc != ASSAY_ENOMEM) {
        fz_fail("assay_result_json returned an unknown status",
                assay_strerror(rc));
    }
    free(json);
    free(again);
    return 0;
}

static void fz_on_diag(void *ud, const assay_diag *d)
{
    (void)ud;
    if (fz_checks_on() && (!d->file || !d->message))
        fz_fail("diagnostic without a file or a message", NULL);
    fz_touch(d->file);
    fz_touch(d->message);
    fz_sink += d->line + d->column;
}

/* The limits every target uses: small documents for the case files
 * (cases), small budgets for the scripts (script), or both. */
enum { FZ_CASES = 1, FZ_SCRIPT = 2 };

/* A new engine with those limits, the stock folder, the explain option
 * and fz_on_diag. NULL when out of memory. */
static assay_engine *fz_engine(int which)
{
    assay_limits lim = {0};
    if (which & FZ_CASES) {
        lim.doc_bytes = 16 << 10;
        lim.nodes = 5000;
        lim.scalar_bytes = 4 << 10;
        lim.key_bytes = 256;
    }
    lim.instructions = 100000;
    lim.time_ms = 100;
    if (which & FZ_SCRIPT) {
        lim.lua_bytes = 32 << 20;
        lim.string_bytes = 1 << 20;
        lim.pattern_steps = 100000;
    }
    assay_engine *e = assay_engine_new(&lim);
    if (!e)
        return NULL;
    if (FUZZ_STOCK_DIR)
        assay_engine_set_stock_dir(e, FUZZ_STOCK_DIR);
    assay_engine_set_explain(e, 1);
    assay_engine_on_diag(e, fz_on_diag, NULL);
    return e;
}

/* A status an evaluation may return. */
static void fz_check_status(const assay_engine *e, int rc)
{
    fz_touch(assay_engine_errmsg(e));
    fz_touch(assay_strerror(rc));
    if (fz_checks_on() && rc != ASSAY_OK && rc != ASSAY_ENOMEM &&
        rc != ASSAY_EINPUT && rc != ASSAY_ECRITERIA)
        fz_fail("evaluation returned an unexpected status",
                assay_strerror(rc));
}

/* Facts about a loaded script. */
static void fz_touch_script(const assay_engine *e)
{
    fz_touch(assay_engine_script_name(e));
    fz_touch(assay_engine_script_path(e));
    const char *sha = assay_engine_script_sha256(e);
    if (fz_checks_on() && (!sha || strlen(sha) != 64))
        fz_fail("script sha256 is not 64 hex digits", NULL);
    fz_touch(assay_engine_script_aggregate(e));
    fz_sink += (size_t)assay_engine_criterion_count(e);
}

/* Copy of data[0..n) in a block of exactly n bytes (one more when n is 0),
 * so that an overread past the end is caught by AddressSanitizer. */
static char *fz_copy(const uint8_t *data, size_t n)
{
    char *p = malloc(n ? n : 1);
    if (p && n)
        memcpy(p, data, n);
    return p;
}

#endif

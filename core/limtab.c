/*
 * limtab.c -- every limit of assay_limits: its name, default and the
 * range it may be set to, in one table that the API, the command's flags
 * and the Lua module's keys all read.
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ay_base.h"
/* Each limit's default and the range it may be set to. The range is what
 * keeps the arithmetic done with a limit exact: every maximum says what
 * it protects, and is far above any real case file or script. Zero, in
 * assay_limits, means the default. FIT keeps a maximum within its field's
 * type on a platform where long or size_t has 32 bits. */
#define FIT(v, type_max) ((unsigned long long)(type_max) / 4 < (v) \
                              ? (unsigned long long)(type_max) / 4 : (v))
#define L(f, k) #f, offsetof(assay_limits, f), k
const ay_limit AY_LIMITS[] = {
    /* The chunker keeps max + 1 bytes of a document; node columns and
     * scalar lengths are 32 bits, and a scalar of a UTF-16 document is at
     * most 1.5 times its bytes in UTF-8. */
    {L(doc_bytes, AY_LK_SIZE), 1 << 20, 1, FIT(1ull << 30, SIZE_MAX)},
    /* The parser allocates depth + 1 frames, heights are 16 bits, and the
     * walks over a node (its JSON, its Lua tables) recurse once a level:
     * a thousand levels fit in any thread's stack. */
    {L(depth, AY_LK_UINT), 64, 1, 1000},
    /* Node indices are 32 bits: the expanded count plus one alias's
     * size stays below 2^31. */
    {L(nodes, AY_LK_UINT), 100000, 1, 1000000000},
    /* Each alias is a node; and each one looks its anchor up among the
     * document's anchors, so the count also bounds that search. */
    {L(aliases, AY_LK_UINT), 100, 1, 1000000},
    /* Scalars and keys are in a document, so within its bound. */
    {L(scalar_bytes, AY_LK_SIZE), 64 << 10, 1, FIT(1ull << 30, SIZE_MAX)},
    {L(key_bytes, AY_LK_SIZE), 1 << 10, 1, FIT(1ull << 30, SIZE_MAX)},
    /* The text is kept whole, to rebuild the Lua state after a limit. */
    {L(script_bytes, AY_LK_SIZE), 256 << 10, 1, FIT(1ull << 30, SIZE_MAX)},
    /* At least the start of any message (the limit or problem it names);
     * at most 1 MiB, as every note and error is copied into its result
     * and again into the result's JSON. */
    {L(message_bytes, AY_LK_SIZE), 1 << 10, 64, 1 << 20},
    /* Below 64 KiB the sandboxed state cannot be built; the heap count
     * plus a growing block must not wrap. */
    {L(lua_bytes, AY_LK_SIZE), 64ull << 20, 64 << 10,
     FIT(1ull << 40, SIZE_MAX)},
    /* The step count, a limit's worth plus what C functions are charged,
     * must not wrap. */
    {L(instructions, AY_LK_ULONG), 10000000, 1,
     FIT(1000000000000ull, ULONG_MAX)},
    /* A day: a call allowed longer is not limited at all. */
    {L(time_ms, AY_LK_ULONG), 1000, 1, 86400000},
    /* string.rep's check adds the separator's length to this. */
    {L(string_bytes, AY_LK_SIZE), 16ull << 20, 1, FIT(1ull << 40, SIZE_MAX)},
    /* The steps left of a pattern call count down from this. */
    {L(pattern_steps, AY_LK_SIZE), 10000000, 1,
     FIT(1000000000000ull, SIZE_MAX)},
    /* Kept text is copied into its result and again into the result's
     * JSON, up to four bytes for each byte escaped, for each call a
     * criterion makes (evaluate and its band rules). */
    {L(trace_bytes, AY_LK_SIZE), 64 << 10, 1, 64 << 20},
};
#undef L
#undef FIT
const size_t AY_NLIMITS = sizeof AY_LIMITS / sizeof *AY_LIMITS;

const ay_limit *ay_limit_find(const char *name)
{
    for (size_t i = 0; i < AY_NLIMITS; i++)
        if (!strcmp(AY_LIMITS[i].name, name))
            return &AY_LIMITS[i];
    return NULL;
}

unsigned long long ay_limit_get(const assay_limits *lim, const ay_limit *l)
{
    const char *f = (const char *)lim + l->offset;
    switch (l->kind) {
    case AY_LK_UINT: return *(const unsigned *)f;
    case AY_LK_ULONG: return *(const unsigned long *)f;
    default: return *(const size_t *)f;
    }
}

void ay_limit_set(assay_limits *lim, const ay_limit *l, unsigned long long v)
{
    char *f = (char *)lim + l->offset;
    switch (l->kind) {
    case AY_LK_UINT: *(unsigned *)f = (unsigned)v; break;
    case AY_LK_ULONG: *(unsigned long *)f = (unsigned long)v; break;
    default: *(size_t *)f = (size_t)v; break;
    }
}

int assay_limits_check(const assay_limits *lim, char *why, size_t n)
{
    if (why && n)
        why[0] = 0;
    if (!lim) {
        if (why && n)
            snprintf(why, n, "no limits");
        return ASSAY_EINVAL;
    }
    for (size_t i = 0; i < AY_NLIMITS; i++) {
        const ay_limit *l = &AY_LIMITS[i];
        unsigned long long v = ay_limit_get(lim, l);
        if (v && (v < l->min || v > l->max)) {
            if (why && n)
                snprintf(why, n, "limit %s is %llu, out of its range %llu "
                         "to %llu", l->name, v, l->min, l->max);
            return ASSAY_EINVAL;
        }
    }
    return ASSAY_OK;
}

int assay_limits_info(size_t i, assay_limit *out)
{
    if (!out || i >= AY_NLIMITS)
        return -1;
    const ay_limit *l = &AY_LIMITS[i];
    *out = (assay_limit){l->name, l->def, l->min, l->max};
    return 0;
}

int assay_limits_set(assay_limits *lim, const char *name,
                     unsigned long long value)
{
    const ay_limit *l = lim && name ? ay_limit_find(name) : NULL;
    if (!l || (value && (value < l->min || value > l->max)))
        return ASSAY_EINVAL;
    ay_limit_set(lim, l, value);
    return ASSAY_OK;
}

void ay_limits_default(assay_limits *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < AY_NLIMITS; i++)
        ay_limit_set(out, &AY_LIMITS[i], AY_LIMITS[i].def);
}

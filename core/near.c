/*
 * near.c -- how near a mistyped name is to the names it may have meant,
 * for the "did you mean" hints of every message that reports a name that
 * does not exist (a method, a field, a stock script, a project id).
 *
 * One rule everywhere, so that a hint means the same thing wherever it
 * appears. Nothing is allocated; the names are borrowed.
 */
#include <string.h>

#include "ay_base.h"

/* Names longer than this are not compared letter by letter (containment
 * still counts): nobody mistypes a name that long, and the table stays on
 * the stack. */
#define LONGEST 128

static unsigned char fold(char c)
{
    return (unsigned char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

/* The optimal string alignment distance of a and b, ASCII letter case
 * ignored: insertions, deletions, substitutions and swaps of two
 * neighbours, each 1. Both at most LONGEST bytes. */
static size_t distance(const char *a, size_t an, const char *b, size_t bn)
{
    size_t rows[3][LONGEST + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= bn; j++)
        prev[j] = j;
    for (size_t i = 1; i <= an; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= bn; j++) {
            size_t cost = fold(a[i - 1]) != fold(b[j - 1]);
            size_t d = prev[j - 1] + cost;
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
                fold(a[i - 2]) == fold(b[j - 1]) && prev2[j - 2] + 1 < d)
                d = prev2[j - 2] + 1;
            cur[j] = d;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[bn];
}

/* Does the longer of a and b hold the shorter, ASCII case ignored? */
static int contains(const char *a, size_t an, const char *b, size_t bn)
{
    if (an < bn) {
        const char *t = a;
        a = b;
        b = t;
        size_t tn = an;
        an = bn;
        bn = tn;
    }
    for (size_t i = 0; i + bn <= an; i++) {
        size_t k = 0;
        while (k < bn && fold(a[i + k]) == fold(b[k]))
            k++;
        if (k == bn)
            return 1;
    }
    return 0;
}

int ay_name_distance(const char *typed, size_t tn, const char *cand,
                     size_t cn)
{
    if (!tn || !cn)
        return -1;
    /* a third of the name may be wrong, and at least one letter */
    size_t allowed = tn / 3 > 1 ? tn / 3 : 1;
    if (tn <= LONGEST && cn <= LONGEST) {
        size_t d = distance(typed, tn, cand, cn);
        if (d <= allowed)
            return (int)d;
    }
    /* the start or a part of the name ("kenya" for "kenya_fit"): all such
     * are as near as each other, and less near than a slip of the keys */
    size_t shorter = tn < cn ? tn : cn;
    if (shorter >= 3 && contains(typed, tn, cand, cn))
        return allowed + 1 > 1000000 ? 1000000 : (int)allowed + 1;
    return -1;
}

void ay_near_init(ay_near *nr, const char *typed)
{
    memset(nr, 0, sizeof *nr);
    nr->typed = typed;
    nr->tn = typed ? strlen(typed) : 0;
}

void ay_near_offer(ay_near *nr, const char *cand)
{
    if (!cand)
        return;
    int d = ay_name_distance(nr->typed, nr->tn, cand, strlen(cand));
    if (d < 0 || (nr->n && d > nr->dist))
        return;
    if (!nr->n || d < nr->dist) {
        nr->n = 0;
        nr->dist = d;
    }
    if (nr->n < AY_NEAR_MAX)
        nr->best[nr->n++] = cand;
}

void ay_near_offer_list(ay_near *nr, const char *const *list)
{
    for (; *list; list++)
        ay_near_offer(nr, *list);
}

void ay_near_hint(const ay_near *nr, ay_buf *b,
                  void (*show)(ay_buf *b, const char *name))
{
    for (int i = 0; i < nr->n; i++) {
        ay_buf_puts(b, i == 0 ? "; did you mean "
                       : i + 1 < nr->n ? ", " : " or ");
        show(b, nr->best[i]);
    }
    if (nr->n)
        ay_buf_putc(b, '?');
}

int assay_name_distance(const char *typed, const char *candidate)
{
    if (!typed || !candidate)
        return -1;
    return ay_name_distance(typed, strlen(typed), candidate,
                            strlen(candidate));
}

/*
 * lpattern.c -- string.find, match, gmatch and gsub with Lua 5.4 patterns
 * (manual s6.4.1) that count their steps: Lua's own matcher runs in C, out
 * of the instruction hook's sight, and one backtracking pattern can run for
 * hours. Each call (each gmatch step) gets ay_pattern_budget steps, then
 * the pattern limit. Patterns compile per call; matching never allocates.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include <lauxlib.h>

#include "ay_vm.h"

#define MAXCAPS 32   /* captures in one pattern, as LUA_MAXCAPTURES */
#define MAXDEPTH 200 /* nested continuations, as Lua's MAXCCALLS */

/* What a compiled item does. The first four match one byte and carry a
 * repetition; the others stand alone. */
enum {
    I_CHAR,     /* the byte a */
    I_ANY,      /* . */
    I_CLASS,    /* %a ... %x: class a, complemented when b */
    I_SET,      /* [...]: sets[set] */
    I_OPEN,     /* ( */
    I_POS,      /* () */
    I_CLOSE,    /* ) */
    I_BACKREF,  /* %0 ... %9: the digit in a */
    I_BALANCE,  /* %bab */
    I_FRONTIER, /* %f[...]: sets[set] */
    I_EOS,      /* $ as the last byte of the pattern */
    I_END,      /* the pattern matched */
    I_BAD       /* the pattern is malformed here: message a */
};

enum { R_ONE, R_STAR, R_PLUS, R_LAZY, R_OPT };

typedef struct item {
    unsigned char kind, rep, a, b;
    uint32_t set;
} item;

/* A set: the bytes listed or in a listed range, plus listed classes (bit
 * k for class k, bit 16 + k for its complement); neg for [^...]. */
typedef struct cset {
    uint64_t bits[4];
    uint32_t classes;
    int neg;
} cset;

/* Malformed patterns are reported when matching reaches the bad item, as
 * Lua does: a pattern that fails before that point is not an error. */
enum { BAD_ESC, BAD_SET, BAD_BALANCE, BAD_FRONTIER };
static const char *const BAD[] = {
    "malformed pattern (ends with '%')",
    "malformed pattern (missing ']')",
    "malformed pattern (missing arguments to '%b')",
    "missing '[' after '%f' in pattern",
};

/* ---- Classes and sets ------------------------------------------------- */

/* The manual's classes, and %z (NUL), which the manual no longer lists
 * but Lua 5.4 still accepts. */
static const char CLASSES[] = "acdglpsuwxz";

/* Class k of CLASSES (the C library's, so the locale applies). */
static int class_has(int k, int c)
{
    switch (k) {
    case 0: return isalpha(c) != 0;
    case 1: return iscntrl(c) != 0;
    case 2: return isdigit(c) != 0;
    case 3: return isgraph(c) != 0;
    case 4: return islower(c) != 0;
    case 5: return ispunct(c) != 0;
    case 6: return isspace(c) != 0;
    case 7: return isupper(c) != 0;
    case 8: return isalnum(c) != 0;
    case 9: return isxdigit(c) != 0;
    default: return c == 0;
    }
}

/* The class named by the byte after '%': its index, the index + 16 for an
 * upper-case (complemented) name, or -1 when c stands for itself. */
static int class_named(unsigned char c)
{
    int upper = c >= 'A' && c <= 'Z';
    if (upper)
        c = (unsigned char)(c - 'A' + 'a');
    if (c < 'a' || c > 'z')
        return -1;
    const char *f = strchr(CLASSES, c);
    return f ? (int)(f - CLASSES) + (upper ? 16 : 0) : -1;
}

static void set_add(cset *cs, unsigned c)
{
    cs->bits[c >> 6] |= (uint64_t)1 << (c & 63);
}

/* Add the bytes lo..hi (none when lo > hi), a word at a time. */
static void set_add_range(cset *cs, unsigned lo, unsigned hi)
{
    for (unsigned c = lo; c <= hi; c = (c | 63) + 1) {
        unsigned top = (c | 63) < hi ? (c | 63) : hi;
        unsigned n = top - c + 1;
        uint64_t run = n == 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
        cs->bits[c >> 6] |= run << (c & 63);
    }
}

static int set_has(const cset *cs, unsigned char c)
{
    int in = (int)((cs->bits[c >> 6] >> (c & 63)) & 1);
    for (int k = 0; !in && cs->classes >> k; k++) {
        if ((cs->classes >> k & 1) && class_has(k % 16, c) != (k >= 16))
            in = 1;
    }
    return in != cs->neg;
}

/* The ']' that closes a set whose text starts at p (just after '['), or
 * NULL. The first member (after any '^') may be ']' itself, and '%' takes
 * the byte after it, so neither can close the set. */
static const char *set_close(const char *p, const char *pend)
{
    if (p < pend && *p == '^')
        p++;
    for (int first = 1;; first = 0) {
        if (p >= pend)
            return NULL;
        if (!first && *p == ']')
            return p;
        if (*p == '%' && p + 1 < pend)
            p++;
        p++;
    }
}

/* Fill cs from the text between '[' and its closing ']'. A range x-y needs
 * a byte after the '-' before the ']'; "%" then a byte is a class or that
 * byte. The escape may take the closing ']' itself, which then counts as a
 * member (the range "a-%" in "[a-%%]" leaves "%]"): Lua does the same. */
static void set_build(cset *cs, const char *p, const char *close)
{
    memset(cs, 0, sizeof *cs);
    if (*p == '^') {
        cs->neg = 1;
        p++;
    }
    for (; p < close; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '%') {
            p++;
            int k = class_named((unsigned char)*p);
            if (k >= 0)
                cs->classes |= (uint32_t)1 << k;
            else
                set_add(cs, (unsigned char)*p);
        } else if (p + 2 < close && p[1] == '-') {
            set_add_range(cs, c, (unsigned char)p[2]);
            p += 2;
        } else {
            set_add(cs, c);
        }
    }
}

/* ---- Compiling -------------------------------------------------------- */

/* Bounds on what a pattern of n bytes compiles to: every item but the last
 * takes at least one byte, every set at least three. */
#define ITEMS_FOR(n) ((n) + 1)
#define SETS_FOR(n) ((n) / 3 + 1)

/* A closer bound on the sets of a long pattern: each opens with a '['. */
static size_t sets_in(const char *p, size_t len)
{
    size_t n = 0;
    for (const char *end = p + len; (p = memchr(p, '[', (size_t)(end - p)));
         p++)
        n++;
    return n < SETS_FOR(len) ? n : SETS_FOR(len);
}

typedef struct prog {
    item *it;
    cset *sets;
    const item *lead; /* a byte item every match must start with, or NULL */
} prog;

/* Room for short patterns, so the usual call allocates nothing. */
#define SHORT_PATTERN 48
typedef struct room {
    item it[ITEMS_FOR(SHORT_PATTERN)];
    cset sets[SETS_FOR(SHORT_PATTERN)];
} room;

static void compile(prog *g, const char *p, size_t len)
{
    const char *pend = p + len;
    item *x = g->it;
    uint32_t nsets = 0;
    for (; p < pend; x++) {
        memset(x, 0, sizeof *x);
        const char *close;
        switch (*p) {
        case '(':
            x->kind = p + 1 < pend && p[1] == ')' ? I_POS : I_OPEN;
            p += x->kind == I_POS ? 2 : 1;
            continue;
        case ')':
            x->kind = I_CLOSE;
            p++;
            continue;
        case '$':
            if (p + 1 == pend) {
                x->kind = I_EOS;
                p++;
                continue;
            }
            break;
        case '%':
            if (p + 1 == pend)
                break;
            if (p[1] == 'b') {
                if (pend - p < 4) {
                    x->kind = I_BAD;
                    x->a = BAD_BALANCE;
                    goto done;
                }
                x->kind = I_BALANCE;
                x->a = (unsigned char)p[2];
                x->b = (unsigned char)p[3];
                p += 4;
                continue;
            }
            if (p[1] == 'f') {
                p += 2;
                if (p == pend || *p != '[') {
                    x->kind = I_BAD;
                    x->a = BAD_FRONTIER;
                    goto done;
                }
                if (!(close = set_close(p + 1, pend))) {
                    x->kind = I_BAD;
                    x->a = BAD_SET;
                    goto done;
                }
                x->kind = I_FRONTIER;
                x->set = nsets;
                set_build(&g->sets[nsets++], p + 1, close);
                p = close + 1;
                continue;
            }
            if (p[1] >= '0' && p[1] <= '9') {
                x->kind = I_BACKREF;
                x->a = (unsigned char)p[1];
                p += 2;
                continue;
            }
            break;
        }

        /* One byte, possibly repeated. */
        if (*p == '%') {
            if (p + 1 == pend) {
                x->kind = I_BAD;
                x->a = BAD_ESC;
                goto done;
            }
            int k = class_named((unsigned char)p[1]);
            if (k >= 0) {
                x->kind = I_CLASS;
                x->a = (unsigned char)(k % 16);
                x->b = k >= 16;
            } else {
                x->kind = I_CHAR;
                x->a = (unsigned char)p[1];
            }
            p += 2;
        } else if (*p == '[') {
            if (!(close = set_close(p + 1, pend))) {
                x->kind = I_BAD;
                x->a = BAD_SET;
                goto done;
            }
            x->kind = I_SET;
            x->set = nsets;
            set_build(&g->sets[nsets++], p + 1, close);
            p = close + 1;
        } else {
            x->kind = *p == '.' ? I_ANY : I_CHAR;
            x->a = (unsigned char)*p;
            p++;
        }
        if (p < pend) {
            const char *reps = "*+-?";
            const char *r = memchr(reps, *p, 4);
            if (r) {
                static const unsigned char kinds[] = {R_STAR, R_PLUS, R_LAZY,
                                                      R_OPT};
                x->rep = kinds[r - reps];
                p++;
            }
        }
    }
    memset(x, 0, sizeof *x);
    x->kind = I_END;
done:
    /* Every match starts with a byte of the first byte item when it
     * must match once or more, after at most a few captures opening
     * (too few to be an error). */
    g->lead = NULL;
    for (const item *y = g->it; y < g->it + 8 && y <= x; y++) {
        if (y->kind == I_OPEN || y->kind == I_POS)
            continue;
        if (y->kind <= I_SET && y->kind != I_ANY &&
            (y->rep == R_ONE || y->rep == R_PLUS))
            g->lead = y;
        break;
    }
}

/* ---- Matching --------------------------------------------------------- */

#define CAP_OPEN (-1)
#define CAP_POS (-2)

typedef struct matcher {
    lua_State *L;
    const char *src, *end; /* the subject */
    const cset *sets;
    size_t budget, left;   /* steps allowed, and left */
    int ncap, depth;
    struct {
        const char *at;
        ptrdiff_t len;     /* bytes, CAP_OPEN or CAP_POS */
    } cap[MAXCAPS];
} matcher;

static void matcher_init(matcher *m, lua_State *L, const char *s, size_t n)
{
    m->L = L;
    m->src = s;
    m->end = s + n;
    m->sets = NULL;
    m->budget = m->left = ay_pattern_budget(L);
    m->ncap = m->depth = 0;
}

/* Spend n steps; past the budget the call stops with the pattern limit. */
static inline void charge(matcher *m, size_t n)
{
    if (n > m->left)
        ay_limit_error(m->L, AY_LIMIT_PATTERN,
                       "pattern limit: matching took more than %zu steps",
                       m->budget);
    /* look at the clock every 64Ki steps: a loop of calls each under the
     * budget must still stop at the time limit */
    if (((m->left - n) >> 16) != (m->left >> 16))
        ay_limits_poll(m->L);
    m->left -= n;
}

/* Compile pattern p for m: into r, or into a userdata pushed on the stack
 * when it is too long for r. Compiling costs a step per 16 bytes.
 * [-0, +(0|1), m] */
static void compile_for(matcher *m, prog *g, room *r, const char *p,
                        size_t len)
{
    charge(m, len / 16);
    if (len <= SHORT_PATTERN) {
        g->it = r->it;
        g->sets = r->sets;
    } else {
        size_t nsets = sets_in(p, len);
        char *mem = lua_newuserdatauv(m->L, nsets * sizeof(cset) +
                                                ITEMS_FOR(len) * sizeof(item),
                                      0);
        g->sets = (cset *)mem;
        g->it = (item *)(mem + nsets * sizeof(cset));
    }
    compile(g, p, len);
    m->sets = g->sets;
}

static inline int one(const matcher *m, const item *x, unsigned char c)
{
    switch (x->kind) {
    case I_CHAR: return c == x->a;
    case I_ANY: return 1;
    case I_CLASS: return class_has(x->a, c) != x->b;
    default: return set_has(&m->sets[x->set], c);
    }
}

/* How many bytes from s on match the byte item x, charged by the byte. */
static size_t run_of(matcher *m, const item *x, const char *s)
{
    const char *t = s;
    switch (x->kind) {
    case I_ANY:
        charge(m, 1);
        return (size_t)(m->end - s);
    case I_CHAR:
        while (t < m->end && (unsigned char)*t == x->a)
            t++;
        break;
    default:
        while (t < m->end && one(m, x, (unsigned char)*t))
            t++;
        break;
    }
    charge(m, (size_t)(t - s) + 1);
    return (size_t)(t - s);
}

static const char *go(matcher *m, const char *s, const item *x);

/* Match the rest of the pattern as a nested attempt: the attempts that
 * may have to be undone nest, and their depth is bounded where Lua's is. */
static const char *nest(matcher *m, const char *s, const item *x)
{
    if (m->depth >= MAXDEPTH)
        luaL_error(m->L, "pattern too complex");
    m->depth++;
    const char *r = go(m, s, x);
    m->depth--;
    return r;
}

/* Match the items from x on at s: the end of the match, or NULL. Items
 * that cannot be undone continue the loop; a choice nests. */
static const char *go(matcher *m, const char *s, const item *x)
{
    for (;; x++) {
        charge(m, 1);
        switch (x->kind) {
        case I_END:
            return s;
        case I_EOS:
            return s == m->end ? s : NULL;
        case I_BAD:
            luaL_error(m->L, "%s", BAD[x->a]);
            return NULL;
        case I_OPEN:
        case I_POS: {
            if (m->ncap >= MAXCAPS)
                luaL_error(m->L, "too many captures");
            int i = m->ncap++;
            m->cap[i].at = s;
            m->cap[i].len = x->kind == I_POS ? CAP_POS : CAP_OPEN;
            const char *r = nest(m, s, x + 1);
            if (!r)
                m->ncap--;
            return r;
        }
        case I_CLOSE: {
            int i = m->ncap - 1;
            while (i >= 0 && m->cap[i].len != CAP_OPEN)
                i--;
            if (i < 0)
                luaL_error(m->L, "invalid pattern capture");
            m->cap[i].len = s - m->cap[i].at;
            const char *r = nest(m, s, x + 1);
            if (!r)
                m->cap[i].len = CAP_OPEN;
            return r;
        }
        case I_BACKREF: {
            int i = x->a - '1';
            if (i < 0 || i >= m->ncap || m->cap[i].len == CAP_OPEN)
                luaL_error(m->L, "invalid capture index %%%d", i + 1);
            ptrdiff_t n = m->cap[i].len;
            if (n < 0 || n > m->end - s) /* a position never matches */
                return NULL;
            charge(m, (size_t)n / 32);
            if (memcmp(m->cap[i].at, s, (size_t)n) != 0)
                return NULL;
            s += n;
            continue;
        }
        case I_BALANCE: {
            if (s >= m->end || (unsigned char)*s != x->a)
                return NULL;
            const char *t = s;
            size_t open = 1;
            while (++t < m->end) {
                if ((unsigned char)*t == x->b) {
                    if (--open == 0)
                        break;
                } else if ((unsigned char)*t == x->a) {
                    open++;
                }
            }
            charge(m, (size_t)(t - s));
            if (t >= m->end)
                return NULL;
            s = t + 1;
            continue;
        }
        case I_FRONTIER: {
            /* Outside the subject is a NUL byte on either side. */
            const cset *cs = &m->sets[x->set];
            unsigned char before = s > m->src ? (unsigned char)s[-1] : 0;
            unsigned char after = s < m->end ? (unsigned char)*s : 0;
            if (set_has(cs, before) || !set_has(cs, after))
                return NULL;
            continue;
        }
        default:
            break;
        }

        /* A byte item. A repetition that matches nothing goes on without
         * nesting; one that matches tries the rest of the pattern after
         * each count, most first (greedy) or fewest first (lazy). */
        int here = s < m->end && one(m, x, (unsigned char)*s);
        if (!here) {
            if (x->rep == R_ONE || x->rep == R_PLUS)
                return NULL;
            continue;
        }
        switch (x->rep) {
        case R_ONE:
            s++;
            continue;
        case R_OPT: {
            const char *r = nest(m, s + 1, x + 1);
            if (r)
                return r;
            continue;
        }
        case R_LAZY:
            for (;;) {
                const char *r = nest(m, s, x + 1);
                if (r)
                    return r;
                charge(m, 1);
                if (s < m->end && one(m, x, (unsigned char)*s))
                    s++;
                else
                    return NULL;
            }
        default: { /* R_STAR, R_PLUS */
            const char *least = x->rep == R_PLUS ? s + 1 : s;
            for (const char *t = s + 1 + run_of(m, x, s + 1);; t--) {
                const char *r = nest(m, t, x + 1);
                if (r)
                    return r;
                if (t == least)
                    return NULL;
            }
        }
        }
    }
}

/* One attempt at s, with no captures yet. */
static const char *attempt(matcher *m, const char *s, const item *prog)
{
    m->ncap = 0;
    m->depth = 0;
    return nest(m, s, prog);
}

/* The first position from s on where a match can begin, or NULL when
 * none can: skips what cannot start one when the pattern has a lead. */
static const char *next_start(const matcher *m, const prog *g, const char *s)
{
    const item *x = g->lead;
    if (!x)
        return s;
    if (x->kind == I_CHAR)
        return memchr(s, x->a, (size_t)(m->end - s));
    for (; s < m->end; s++)
        if (one(m, x, (unsigned char)*s))
            return s;
    return NULL;
}

/* Capture i, or the whole match s..e when i is 0 and there are none: its
 * text is *at and the result its length; a position is pushed instead
 * (result CAP_POS). */
static ptrdiff_t capture(matcher *m, int i, const char *s, const char *e,
                         const char **at)
{
    if (i >= m->ncap) {
        if (i > 0)
            luaL_error(m->L, "invalid capture index %%%d", i + 1);
        *at = s;
        return e - s;
    }
    ptrdiff_t n = m->cap[i].len;
    *at = m->cap[i].at;
    if (n == CAP_OPEN)
        luaL_error(m->L, "unfinished capture");
    if (n == CAP_POS)
        lua_pushinteger(m->L, (lua_Integer)(m->cap[i].at - m->src) + 1);
    return n;
}

static void push_capture(matcher *m, int i, const char *s, const char *e)
{
    const char *at;
    ptrdiff_t n = capture(m, i, s, e, &at);
    if (n != CAP_POS)
        lua_pushlstring(m->L, at, (size_t)n);
}

/* Push the captures, or the whole match when there are none and whole is
 * set; returns how many. */
static int push_captures(matcher *m, const char *s, const char *e, int whole)
{
    int n = m->ncap == 0 && whole ? 1 : m->ncap;
    luaL_checkstack(m->L, n, "too many captures");
    for (int i = 0; i < n; i++)
        push_capture(m, i, s, e);
    return n;
}

/* ---- The library functions -------------------------------------------- */

/* A 1-based, possibly negative, start as a 0-based offset; past the end
 * when it is beyond the subject. */
static size_t start_offset(lua_Integer pos, size_t len)
{
    if (pos > 0)
        return (size_t)pos - 1;
    if (pos == 0 || pos < -(lua_Integer)len)
        return 0;
    return len - (size_t)(-pos);
}

static int has_specials(const char *p, size_t len)
{
    static const char specials[] = "^$*+?.([%-";
    for (size_t i = 0; i < len; i++)
        if (p[i] && memchr(specials, p[i], sizeof specials - 1))
            return 1;
    return 0;
}

/* p in s, or NULL. Candidates for the first byte are checked in place
 * while that is cheap, as a plain search is usually short; past a few
 * times the subject's length in comparisons, memmem finishes in linear
 * time. */
static const char *plain_find(const char *s, size_t n, const char *p,
                              size_t m)
{
    if (m == 0)
        return s;
    if (m > n)
        return NULL;
    const char *last = s + (n - m); /* the last place p can start */
    size_t work = 0;
    for (const char *q = s; q <= last; q++) {
        q = memchr(q, *p, (size_t)(last - q) + 1);
        if (!q)
            return NULL;
        if (memcmp(q + 1, p + 1, m - 1) == 0)
            return q;
        work += m;
        if (work > 4 * n)
            return memmem(q + 1, (size_t)(s + n - (q + 1)), p, m);
    }
    return NULL;
}

static int find_or_match(lua_State *L, int find)
{
    size_t sl, pl;
    const char *s = luaL_checklstring(L, 1, &sl);
    const char *p = luaL_checklstring(L, 2, &pl);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), sl);
    if (init > sl) {
        luaL_pushfail(L);
        return 1;
    }
    if (find && (lua_toboolean(L, 4) || !has_specials(p, pl))) {
        const char *hit = plain_find(s + init, sl - init, p, pl);
        if (!hit) {
            luaL_pushfail(L);
            return 1;
        }
        lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
        lua_pushinteger(L, (lua_Integer)(hit - s + pl));
        return 2;
    }
    int anchor = pl > 0 && *p == '^';
    if (anchor) {
        p++;
        pl--;
    }
    room r;
    prog g;
    matcher m;
    matcher_init(&m, L, s, sl);
    compile_for(&m, &g, &r, p, pl);
    for (const char *at = s + init;; at++) {
        if (!anchor && !(at = next_start(&m, &g, at)))
            break;
        const char *e = attempt(&m, at, g.it);
        if (e) {
            if (!find)
                return push_captures(&m, at, e, 1);
            lua_pushinteger(L, (lua_Integer)(at - s) + 1);
            lua_pushinteger(L, (lua_Integer)(e - s));
            return 2 + push_captures(&m, at, e, 0);
        }
        if (anchor || at >= m.end)
            break;
    }
    luaL_pushfail(L);
    return 1;
}

static int str_find(lua_State *L) { return find_or_match(L, 1); }
static int str_match(lua_State *L) { return find_or_match(L, 0); }

/* gmatch's iterator state; the compiled pattern follows it. */
typedef struct gmatch_state {
    const char *src, *at, *last; /* subject, next start, end of last match */
    size_t len;
    prog g;
} gmatch_state;

#define GMATCH_HEAD ((sizeof(gmatch_state) + 15) & ~(size_t)15)

/* Upvalues: the subject, the pattern (kept alive), the state. Each call
 * has its own budget. A match may not end where the last one did, so an
 * empty match right after a match is skipped. */
static int gmatch_next(lua_State *L)
{
    gmatch_state *gs = lua_touserdata(L, lua_upvalueindex(3));
    matcher m;
    matcher_init(&m, L, gs->src, gs->len);
    m.sets = gs->g.sets;
    for (const char *at = gs->at; at <= m.end; at++) {
        if (!(at = next_start(&m, &gs->g, at)))
            break;
        const char *e = attempt(&m, at, gs->g.it);
        if (e && e != gs->last) {
            gs->at = gs->last = e;
            return push_captures(&m, at, e, 1);
        }
    }
    return 0;
}

static int str_gmatch(lua_State *L)
{
    size_t sl, pl;
    const char *s = luaL_checklstring(L, 1, &sl);
    const char *p = luaL_checklstring(L, 2, &pl);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), sl);
    lua_settop(L, 2);
    matcher m;
    matcher_init(&m, L, s, sl);
    charge(&m, pl / 16);
    size_t nsets = sets_in(p, pl);
    char *mem = lua_newuserdatauv(L, GMATCH_HEAD + nsets * sizeof(cset) +
                                         ITEMS_FOR(pl) * sizeof(item), 0);
    gmatch_state *gs = (gmatch_state *)mem;
    gs->src = s;
    gs->len = sl;
    gs->at = s + (init > sl ? sl + 1 : init);
    gs->last = NULL;
    gs->g.sets = (cset *)(mem + GMATCH_HEAD);
    gs->g.it = (item *)(mem + GMATCH_HEAD + nsets * sizeof(cset));
    compile(&gs->g, p, pl); /* '^' is a plain byte here, as in Lua 5.4 */
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}

/* Append the replacement string repl for the match s..e. */
static void add_string(matcher *m, luaL_Buffer *b, const char *s,
                       const char *e, const char *repl, size_t len)
{
    const char *end = repl + len, *pc;
    while ((pc = memchr(repl, '%', (size_t)(end - repl))) != NULL) {
        luaL_addlstring(b, repl, (size_t)(pc - repl));
        char d = pc + 1 < end ? pc[1] : 0;
        if (d == '%') {
            luaL_addchar(b, '%');
        } else if (d == '0') {
            luaL_addlstring(b, s, (size_t)(e - s));
        } else if (d >= '1' && d <= '9') {
            const char *at;
            ptrdiff_t n = capture(m, d - '1', s, e, &at);
            if (n == CAP_POS)
                luaL_addvalue(b);
            else
                luaL_addlstring(b, at, (size_t)n);
        } else {
            luaL_error(m->L, "invalid use of '%%' in replacement string");
        }
        repl = pc + 2;
    }
    luaL_addlstring(b, repl, (size_t)(end - repl));
}

/* Append what replaces the match s..e; 0 when the match is kept. */
static int add_value(matcher *m, luaL_Buffer *b, const char *s,
                     const char *e, int type)
{
    lua_State *L = m->L;
    if (type == LUA_TSTRING || type == LUA_TNUMBER) {
        size_t len;
        const char *repl = lua_tolstring(L, 3, &len);
        add_string(m, b, s, e, repl, len);
        return 1;
    }
    if (type == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        lua_call(L, push_captures(m, s, e, 1), 1);
    } else {
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1))
        return luaL_error(L, "invalid replacement value (a %s)",
                          luaL_typename(L, -1));
    luaL_addvalue(b);
    return 1;
}

static int str_gsub(lua_State *L)
{
    size_t sl, pl;
    const char *s = luaL_checklstring(L, 1, &sl);
    const char *p = luaL_checklstring(L, 2, &pl);
    int type = lua_type(L, 3);
    lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)sl + 1);
    luaL_argexpected(L, type == LUA_TNUMBER || type == LUA_TSTRING ||
                            type == LUA_TFUNCTION || type == LUA_TTABLE,
                     3, "string/function/table");
    lua_settop(L, 4);
    int anchor = pl > 0 && *p == '^';
    if (anchor) {
        p++;
        pl--;
    }
    room r;
    prog g;
    matcher m;
    matcher_init(&m, L, s, sl);
    compile_for(&m, &g, &r, p, pl);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    const char *at = s, *last = NULL;
    lua_Integer n = 0;
    int changed = 0;
    while (n < max) {
        if (!anchor) {
            const char *next = next_start(&m, &g, at);
            if (!next)
                break;
            luaL_addlstring(&b, at, (size_t)(next - at));
            at = next;
        }
        const char *e = attempt(&m, at, g.it);
        if (e && e != last) {
            n++;
            changed |= add_value(&m, &b, at, e, type);
            at = last = e;
        } else if (at < m.end) {
            luaL_addchar(&b, *at++);
        } else {
            break;
        }
        if (anchor)
            break;
    }
    if (changed) {
        luaL_addlstring(&b, at, (size_t)(m.end - at));
        luaL_pushresult(&b);
    } else {
        lua_pushvalue(L, 1);
    }
    lua_pushinteger(L, n);
    return 2;
}

void ay_lpattern_open(lua_State *L)
{
    static const luaL_Reg fns[] = {{"find", str_find},
                                   {"match", str_match},
                                   {"gmatch", str_gmatch},
                                   {"gsub", str_gsub},
                                   {NULL, NULL}};
    lua_pushboolean(L, 1); /* closures, which have creation numbers */
    luaL_setfuncs(L, fns, 1);
}

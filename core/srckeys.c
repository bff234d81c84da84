/*
 * srckeys.c -- where the keys of a table constructor stand in a script's
 * text, so that a declaration's mistakes are reported in source order at
 * their line and column.
 *
 * A Lua table forgets the order its keys were written in, and where; the
 * text does not. From the line a call was made on, this finds `callee {`
 * (or `callee({`) and lists the `name =` fields of that constructor, or
 * finds an item of the list one of them holds (a rule of `bands`),
 * skipping nested tables, calls, strings and comments. It is a lexer of
 * Lua 5.4's tokens as far as needed to never mistake a string or comment
 * for code, not a parser: a call it cannot find (the table was built
 * elsewhere, the function has another name) gives no keys, and the
 * caller falls back.
 */
#include <ctype.h>
#include <string.h>

#include "ay_base.h"

typedef struct lexer {
    const char *p, *end;
    int line, col;       /* of p */
} lexer;

enum { T_EOF, T_NAME, T_OTHER, T_EQ }; /* T_OTHER: any other token */

typedef struct token {
    int kind;
    char ch;             /* the character of a one-character token */
    const char *s;       /* a name's text */
    size_t n;
    int line, col;
} token;

static void advance(lexer *x)
{
    if (*x->p == '\n' || *x->p == '\r') {
        /* \r\n and \n\r are one line break, as Lua counts them */
        char c = *x->p++;
        if (x->p < x->end && (*x->p == '\n' || *x->p == '\r') && *x->p != c)
            x->p++;
        x->line++;
        x->col = 1;
    } else {
        x->p++;
        x->col++;
    }
}

/* At '[': the level of a long bracket [==[ (its count of '='), or -1. */
static int long_open(const lexer *x)
{
    const char *q = x->p + 1;
    while (q < x->end && *q == '=')
        q++;
    return q < x->end && *q == '[' ? (int)(q - x->p - 1) : -1;
}

static void skip_long(lexer *x, int level)
{
    for (int i = 0; i < level + 2; i++)
        advance(x);
    while (x->p < x->end) {
        if (*x->p == ']') {
            const char *q = x->p + 1;
            while (q < x->end && *q == '=')
                q++;
            if (q < x->end && *q == ']' && q - x->p - 1 == level) {
                for (int i = 0; i < level + 2; i++)
                    advance(x);
                return;
            }
        }
        advance(x);
    }
}

static void skip_quoted(lexer *x)
{
    char q = *x->p;
    advance(x);
    while (x->p < x->end && *x->p != q) {
        if (*x->p == '\n' || *x->p == '\r')
            return; /* unfinished: Lua would not have run this */
        if (*x->p == '\\' && x->p + 1 < x->end)
            advance(x);
        advance(x);
    }
    if (x->p < x->end)
        advance(x);
}

/* Is t one of the one-character tokens in set? */
static int is(const token *t, const char *set)
{
    return t->kind == T_OTHER && t->ch && strchr(set, t->ch);
}

static token next(lexer *x)
{
    for (;;) {
        while (x->p < x->end && isspace((unsigned char)*x->p))
            advance(x);
        if (x->end - x->p >= 2 && x->p[0] == '-' && x->p[1] == '-') {
            advance(x);
            advance(x);
            int level = x->p < x->end && *x->p == '[' ? long_open(x) : -1;
            if (level >= 0)
                skip_long(x, level);
            else
                while (x->p < x->end && *x->p != '\n' && *x->p != '\r')
                    advance(x);
            continue;
        }
        break;
    }
    token t = {T_EOF, 0, NULL, 0, x->line, x->col};
    if (x->p >= x->end)
        return t;
    unsigned char c = (unsigned char)*x->p;
    if (isalpha(c) || c == '_') {
        t.kind = T_NAME;
        t.s = x->p;
        while (x->p < x->end &&
               (isalnum((unsigned char)*x->p) || *x->p == '_'))
            advance(x);
        t.n = (size_t)(x->p - t.s);
        return t;
    }
    t.kind = T_OTHER;
    t.ch = (char)c;
    if (isdigit(c) || (c == '.' && x->p + 1 < x->end &&
                       isdigit((unsigned char)x->p[1]))) {
        /* a numeral: digits, letters, dots, and a sign after an exponent */
        char prev = 0;
        while (x->p < x->end &&
               (isalnum((unsigned char)*x->p) || *x->p == '.' ||
                ((*x->p == '+' || *x->p == '-') && prev &&
                 strchr("eEpP", prev)))) {
            prev = *x->p;
            advance(x);
        }
        t.ch = '0';
        return t;
    }
    if (c == '"' || c == '\'') {
        skip_quoted(x);
        t.ch = '"';
        return t;
    }
    if (c == '[' && long_open(x) >= 0) {
        skip_long(x, long_open(x));
        t.ch = '"';
        return t;
    }
    advance(x);
    if (c == '=') {
        if (x->p < x->end && *x->p == '=')
            advance(x); /* == */
        else
            t.kind = T_EQ;
    }
    return t;
}

/* Move x past the `{` of the first `callee {` (or `callee({`) that starts
 * on line; 0 when there is none. */
static int find_call(lexer *x, int line, const char *callee)
{
    while (x->p < x->end && x->line < line)
        advance(x);
    if (x->line != line)
        return 0;
    size_t cn = strlen(callee);
    token t;
    do {
        t = next(x);
        if (t.kind == T_EOF || t.line > line)
            return 0;
    } while (!(t.kind == T_NAME && t.n == cn && !memcmp(t.s, callee, cn)));
    t = next(x);
    if (is(&t, "("))
        t = next(x);
    return is(&t, "{");
}

/* Walk the fields of the constructor whose `{` x is past, calling found
 * for each `name =` at its top level, with x just past the `=`; stop when
 * found returns non-zero (and return that), or at the closing `}`. found
 * may only read on when it then stops the walk. */
typedef int (*on_key)(lexer *x, const token *name, void *ud);

static int walk_keys(lexer *x, on_key found, void *ud)
{
    int depth = 1;
    token t, prev = {T_OTHER, '{', NULL, 0, 0, 0};
    while (depth > 0) {
        t = next(x);
        if (t.kind == T_EOF)
            break;
        if (is(&t, "{(["))
            depth++;
        else if (is(&t, "})]"))
            depth--;
        else if (depth == 1 && t.kind == T_NAME && is(&prev, "{,;")) {
            token name = t;
            t = next(x);
            if (t.kind == T_EQ) {
                int r = found(x, &name, ud);
                if (r)
                    return r;
            }
            if (is(&t, "{(["))
                depth++;
            else if (is(&t, "})]"))
                depth--;
        }
        prev = t;
    }
    return 0;
}

typedef struct keylist {
    ay_srckey *out;
    int max, n;
} keylist;

static int list_key(lexer *x, const token *name, void *ud)
{
    keylist *k = ud;
    AY_UNUSED(x);
    if (k->n < k->max) {
        k->out[k->n].name = name->s;
        k->out[k->n].len = name->n;
        k->out[k->n].line = name->line;
        k->out[k->n].col = name->col;
        k->n++;
    }
    return 0;
}

int ay_constructor_keys(const char *text, size_t len, int line,
                        const char *callee, ay_srckey *out, int max)
{
    lexer x = {text, text + len, 1, 1};
    keylist k = {out, max, 0};
    if (find_call(&x, line, callee))
        walk_keys(&x, list_key, &k);
    return k.n;
}

typedef struct itemwant {
    const char *key;
    int item;                /* 1-based */
    int line, col;           /* found */
} itemwant;

/* At `key =`: when a constructor follows, find its item-th positional
 * field (one not written `name = ...`); 1 when found, -1 when not, so
 * that the walk stops at the first `key =` either way. */
static int find_item(lexer *x, const token *name, void *ud)
{
    itemwant *w = ud;
    if (name->n != strlen(w->key) || memcmp(name->s, w->key, name->n))
        return 0;
    token value = next(x);
    if (!is(&value, "{"))
        return -1;
    int depth = 1, at = 0;
    token t = next(x);
    for (int start = 1; depth > 0 && t.kind != T_EOF; t = next(x)) {
        if (depth == 1 && start && !is(&t, "}")) {
            start = 0;
            token first = t;
            if (t.kind == T_NAME) {
                t = next(x);
                if (t.kind == T_EQ)
                    continue;    /* name = value: not positional */
            }
            if (++at == w->item) {
                w->line = first.line;
                w->col = first.col;
                return 1;
            }
        }
        if (is(&t, "{(["))
            depth++;
        else if (is(&t, "})]"))
            depth--;
        else if (depth == 1 && is(&t, ",;"))
            start = 1;
    }
    return -1;
}

int ay_constructor_item(const char *text, size_t len, int line,
                        const char *callee, const char *key, int item,
                        int *oline, int *ocol)
{
    lexer x = {text, text + len, 1, 1};
    itemwant w = {key, item, 0, 0};
    if (item < 1 || !find_call(&x, line, callee) ||
        walk_keys(&x, find_item, &w) != 1)
        return 0;
    *oline = w.line;
    *ocol = w.col;
    return 1;
}

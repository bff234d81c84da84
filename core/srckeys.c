/*
 * srckeys.c -- where the keys of a table constructor stand in a script's
 * text, so that a declaration's mistakes are reported in source order at
 * their line and column.
 *
 * A Lua table forgets the order its keys were written in; the text does
 * not. From the line a call was made on, this finds `callee {` (or
 * `callee({`) and lists the `name =` fields of that constructor, skipping
 * nested tables, calls, strings and comments. It is a lexer of Lua 5.4's
 * tokens as far as needed to never mistake a string or comment for code,
 * not a parser: a call it cannot find (the table was built elsewhere, the
 * function has another name) gives no keys, and the caller falls back.
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

int ay_constructor_keys(const char *text, size_t len, int line,
                        const char *callee, ay_srckey *out, int max)
{
    lexer x = {text, text + len, 1, 1};
    while (x.p < x.end && x.line < line)
        advance(&x);
    if (x.line != line)
        return 0;
    size_t cn = strlen(callee);
    token t;
    do {
        t = next(&x);
        if (t.kind == T_EOF || t.line > line)
            return 0;
    } while (!(t.kind == T_NAME && t.n == cn && !memcmp(t.s, callee, cn)));
    t = next(&x);
    if (is(&t, "("))
        t = next(&x);
    if (!is(&t, "{"))
        return 0;
    int depth = 1, n = 0;
    token prev = t;
    while (depth > 0) {
        t = next(&x);
        if (t.kind == T_EOF)
            break;
        if (is(&t, "{(["))
            depth++;
        else if (is(&t, "})]"))
            depth--;
        else if (depth == 1 && t.kind == T_NAME && is(&prev, "{,;")) {
            token name = t;
            t = next(&x);
            if (t.kind == T_EQ && n < max) {
                out[n].name = name.s;
                out[n].len = name.n;
                out[n].line = name.line;
                out[n].col = name.col;
                n++;
            }
            if (is(&t, "{(["))
                depth++;
            else if (is(&t, "})]"))
                depth--;
        }
        prev = t;
    }
    return n;
}

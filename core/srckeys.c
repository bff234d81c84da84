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
#include <stdlib.h>

#include "ay_base.h"

typedef struct lexer {
    const char *p, *end;
    int line, col;       /* of p */
} lexer;

enum { T_EOF, T_NAME, T_OTHER, T_EQ }; /* T_OTHER: any other token */

typedef struct token {
    int kind;
    char ch;             /* the character of a one-character token */
    const char *s;       /* a name's text, or a short string's with its
                            quotes */
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
        t.s = x->p;
        skip_quoted(x);
        t.n = (size_t)(x->p - t.s);
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

/* Move x to the first name `callee` on line: 1 with *at set to it, or 0
 * when the line has none. */
static int find_call(lexer *x, int line, const char *callee, token *at)
{
    while (x->p < x->end && x->line < line)
        advance(x);
    if (x->line != line)
        return 0;
    size_t cn = strlen(callee);
    do {
        *at = next(x);
        if (at->kind == T_EOF || at->line > line)
            return 0;
    } while (!(at->kind == T_NAME && at->n == cn &&
               !memcmp(at->s, callee, cn)));
    return 1;
}

/* After the callee's name: 1 when x is then past the `{` of `callee {` or
 * `callee({` (*brace), else 0. */
static int open_constructor(lexer *x, token *brace)
{
    *brace = next(x);
    if (is(brace, "("))
        *brace = next(x);
    return is(brace, "{");
}

int ay_constructor_keys(const char *text, size_t len, int line,
                        const char *callee, ay_srckey *out, int max)
{
    lexer x = {text, text + len, 1, 1};
    token t;
    if (!find_call(&x, line, callee, &t) || !open_constructor(&x, &t))
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

int ay_call_column(const char *text, size_t len, int line,
                   const char *callee)
{
    lexer x = {text, text + len, 1, 1};
    token t;
    return find_call(&x, line, callee, &t) ? t.col : 0;
}

/* One field of a table constructor: `name = value`, `[key] = value`, or
 * a positional item. */
enum { F_END, F_NAMED, F_KEYED, F_ITEM };
typedef struct field {
    int kind;
    token first;         /* its first token (a named field's name) */
    lexer value;         /* a named field's value starts here */
} field;

/* Read the field of a constructor that starts at x (after its `{` or a
 * separator) and skip it whole, up to its separator or the closing
 * brace, which is left for the next call to find (F_END). */
static void next_field(lexer *x, field *f)
{
    lexer start = *x;
    f->first = next(x);
    f->kind = F_ITEM;
    if (f->first.kind == T_EOF || is(&f->first, "}")) {
        f->kind = F_END;
        return;
    }
    if (is(&f->first, "["))
        f->kind = F_KEYED;
    if (f->first.kind == T_NAME) {
        f->value = *x;
        token eq = next(x);
        if (eq.kind == T_EQ) {
            f->kind = F_NAMED;
            f->value = *x;
        }
    }
    if (f->kind != F_NAMED)
        *x = start;
    for (int depth = 0;;) {
        lexer before = *x;
        token t = next(x);
        if (t.kind == T_EOF || (depth == 0 && is(&t, ",;")))
            return;
        if (is(&t, "{(["))
            depth++;
        else if (is(&t, "})]") && depth-- == 0) {
            *x = before;
            return;
        }
    }
}

int ay_constructor_items(const char *text, size_t len, int line,
                         const char *callee, const char *key,
                         ay_srckey *at_key, ay_srckey *out, int max)
{
    lexer x = {text, text + len, 1, 1};
    token t;
    field f;
    size_t kn = strlen(key);
    memset(at_key, 0, sizeof *at_key);
    if (!find_call(&x, line, callee, &t) || !open_constructor(&x, &t))
        return 0;
    do
        next_field(&x, &f);
    while (f.kind != F_END &&
           !(f.kind == F_NAMED && f.first.n == kn &&
             !memcmp(f.first.s, key, kn)));
    if (f.kind == F_END)
        return 0;
    *at_key = (ay_srckey){f.first.s, f.first.n, f.first.line, f.first.col};
    x = f.value;
    t = next(&x);
    if (!is(&t, "{"))
        return 0;
    int n = 0;
    for (next_field(&x, &f); f.kind != F_END; next_field(&x, &f)) {
        if (f.kind != F_ITEM)
            continue;
        if (n < max)
            out[n] = (ay_srckey){NULL, 0, f.first.line, f.first.col};
        n++;
    }
    return n;
}

int ay_find_literal(const char *text, size_t len, const char *lit,
                    int *line, int *col)
{
    lexer x = {text, text + len, 1, 1};
    size_t n = strlen(lit);
    for (token t = next(&x); t.kind != T_EOF; t = next(&x))
        if (t.ch == '"' && t.s && t.n == n + 2 && t.s[n + 1] == t.s[0] &&
            !memcmp(t.s + 1, lit, n) && !memchr(lit, '\\', n)) {
            *line = t.line;
            *col = t.col;
            return 1;
        }
    return 0;
}

int ay_constructor_item(const char *text, size_t len, int line,
                        const char *callee, const char *key, int item,
                        int *oline, int *ocol)
{
    if (item < 1)
        return 0;
    ay_srckey at, *items = malloc((size_t)item * sizeof *items);
    if (!items)
        return 0;
    int found = ay_constructor_items(text, len, line, callee, key, &at, items,
                                     item) >= item;
    if (found) {
        *oline = items[item - 1].line;
        *ocol = items[item - 1].col;
    }
    free(items);
    return found;
}

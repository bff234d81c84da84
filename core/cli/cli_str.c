/*
 * cli_str.c -- the command's growable string: a line of a report, a JSON
 * piece, a message. It is always NUL-terminated once anything has been
 * added; when memory runs out it keeps what it has, sets oom and takes no
 * more, so a caller checks once, before writing it out.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_str_room(cli_str *s, size_t extra)
{
    if (s->oom)
        return 0;
    if (s->cap > s->n && s->cap - s->n > extra) /* the NUL fits too */
        return 1;
    size_t want = s->cap ? s->cap : 128;
    while (want - s->n <= extra) {
        if (want > (size_t)-1 / 2) {
            s->oom = 1;
            return 0;
        }
        want *= 2;
    }
    char *p = realloc(s->p, want);
    if (!p) {
        s->oom = 1;
        return 0;
    }
    s->p = p;
    s->cap = want;
    return 1;
}

void cli_str_add(cli_str *s, const char *text, size_t n)
{
    if (!cli_str_room(s, n))
        return;
    memcpy(s->p + s->n, text, n);
    s->n += n;
    s->p[s->n] = 0;
}

void cli_str_adds(cli_str *s, const char *text)
{
    cli_str_add(s, text, strlen(text));
}

void cli_str_addc(cli_str *s, char c)
{
    cli_str_add(s, &c, 1);
}

void cli_str_addf(cli_str *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !cli_str_room(s, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(s->p + s->n, (size_t)n + 1, fmt, ap);
    va_end(ap);
    s->n += (size_t)n;
}

void cli_str_json(cli_str *s, const char *text)
{
    if (!text) {
        cli_str_adds(s, "null");
        return;
    }
    size_t n = strlen(text), need = assay_json_string(text, n, NULL, 0);
    if (need && cli_str_room(s, need))
        s->n += assay_json_string(text, n, s->p + s->n, need + 1);
}

const char *cli_str_text(const cli_str *s)
{
    return s->n ? s->p : "";
}

void cli_str_clear(cli_str *s)
{
    s->n = 0;
    if (s->p)
        s->p[0] = 0;
}

void cli_str_free(cli_str *s)
{
    free(s->p);
    memset(s, 0, sizeof *s);
}

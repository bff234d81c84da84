/*
 * cli_text.c -- how text reaches the terminal. Names, titles, labels,
 * verdicts and file names come from case files, scripts and folders, and
 * may hold escape sequences that set a window title or clear the screen.
 * Everything the command prints goes through here, escaped by the
 * library's one rule (assay_escape_char: \xNN for whatever is not printable
 * text), so that a report or a diagnostic shows such bytes and never
 * obeys them: cli_printf escapes each string it is given, cli_cell and
 * cli_wrap lay text out counting the escapes as the columns they fill.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define WIDTH 80

/* Decode the UTF-8 character at s (valid: assay_escape_char let it
 * through). */
static unsigned decode(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[0];
    size_t n = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n == 1)
        return c;
    c &= 0x3F >> (n - 1);
    for (size_t i = 1; i < n; i++)
        c = (c << 6) | (u[i] & 0x3F);
    return c;
}

/* Terminal columns of a character: East Asian wide and fullwidth forms
 * and most emoji take two, combining marks none, the rest one. */
static size_t char_cols(unsigned c)
{
    static const unsigned wide[][2] = {
        {0x1100, 0x115F}, {0x2E80, 0x303E}, {0x3041, 0x33FF},
        {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF},
        {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE30, 0xFE4F},
        {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F},
        {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD},
    };
    if (c >= 0x300 && c <= 0x36F)
        return 0;
    for (size_t i = 0; i < sizeof wide / sizeof *wide; i++)
        if (c >= wide[i][0] && c <= wide[i][1])
            return 2;
    return 1;
}

/* The character at s (n bytes left) as it is shown: piece and its
 * length, the bytes it takes in s (*step) and the columns it fills (*w;
 * an escape is ASCII, one column a byte). */
static size_t shown(const char *s, size_t n, char piece[ASSAY_ESCAPE_MAX],
                    size_t *step, size_t *w)
{
    size_t len = assay_escape_char(s, n, piece, step);
    *w = (unsigned char)piece[0] < 0x80 ? len : char_cols(decode(piece));
    return len;
}

/* Columns the first n bytes of s fill when shown. */
static size_t cols(const char *s, size_t n)
{
    size_t w = 0, cw, step;
    char piece[ASSAY_ESCAPE_MAX];
    for (size_t i = 0; i < n; i += step) {
        shown(s + i, n - i, piece, &step, &cw);
        w += cw;
    }
    return w;
}

/* Bytes of s (n long) whose shown form fits in w columns: never half a
 * character or half an escape. */
static size_t fit(const char *s, size_t n, size_t w)
{
    size_t i = 0, used = 0, cw, step;
    char piece[ASSAY_ESCAPE_MAX];
    while (i < n) {
        shown(s + i, n - i, piece, &step, &cw);
        if (used + cw > w)
            break;
        used += cw;
        i += step;
    }
    return i;
}

/* Append the shown form of n bytes of s. */
static void put_text(cli_str *b, const char *s, size_t n)
{
    size_t cw, step;
    char piece[ASSAY_ESCAPE_MAX];
    for (size_t i = 0; i < n; i += step)
        cli_str_add(b, piece, shown(s + i, n - i, piece, &step, &cw));
}

/* Write b and free it; nothing when it ran out of memory. */
static void flush(FILE *f, cli_str *b)
{
    if (!b->oom && b->n)
        fwrite(b->p, 1, b->n, f);
    cli_str_free(b);
}

/* Append s, cut to prec columns (when prec >= 0; "~" does not mark it, as
 * printf's precision does not) and padded to width columns. */
static void put_field(cli_str *b, const char *s, int left, int width, int prec)
{
    size_t n = strlen(s);
    if (prec >= 0)
        n = fit(s, n, (size_t)prec);
    size_t w = cols(s, n);
    for (size_t c = w; !left && c < (size_t)width; c++)
        cli_str_addc(b, ' ');
    put_text(b, s, n);
    for (size_t c = w; left && c < (size_t)width; c++)
        cli_str_addc(b, ' ');
}

static int digits(const char **p)
{
    int v = 0;
    while (**p >= '0' && **p <= '9' && v < 10000)
        v = v * 10 + *(*p)++ - '0';
    return v;
}

void cli_vprintf(FILE *f, const char *fmt, va_list ap)
{
    cli_str b = {0};
    while (*fmt) {
        const char *pct = strchr(fmt, '%');
        size_t lit = pct ? (size_t)(pct - fmt) : strlen(fmt);
        cli_str_add(&b, fmt, lit); /* the format is the program's own text */
        if (!pct)
            break;
        fmt = pct + 1;
        /* %[flags][width][.precision][length]conversion, as printf's */
        char flags[8] = "", len[3] = "";
        size_t nf = 0, nl = 0;
        while (*fmt && strchr("-+ #0", *fmt) && nf < sizeof flags - 1)
            flags[nf++] = *fmt++;
        int left = strchr(flags, '-') != NULL;
        int width = 0, prec = -1;
        if (*fmt == '*') {
            fmt++;
            width = va_arg(ap, int);
            if (width < 0)
                left = 1, width = -width;
        } else {
            width = digits(&fmt);
        }
        if (*fmt == '.') {
            fmt++;
            prec = *fmt == '*' ? (fmt++, va_arg(ap, int)) : digits(&fmt);
        }
        while (*fmt && strchr("hljztL", *fmt) && nl < sizeof len - 1)
            len[nl++] = *fmt++;
        char conv = *fmt ? *fmt++ : '%';
        if (conv == '%') {
            cli_str_addc(&b, '%');
            continue;
        }
        if (conv == 's' || conv == 'c') { /* text: shown, never obeyed */
            char ch[2] = {0, 0};
            const char *s = conv == 'c' ? (ch[0] = (char)va_arg(ap, int), ch)
                                        : va_arg(ap, const char *);
            put_field(&b, s ? s : "(null)", left, width, prec);
            continue;
        }
        /* a number: printf makes it from the same specification */
        char spec[32], tmp[512];
        if (prec >= 0)
            snprintf(spec, sizeof spec, "%%%s%d.%d%s%c", flags, width, prec,
                     len, conv);
        else
            snprintf(spec, sizeof spec, "%%%s%d%s%c", flags, width, len, conv);
        int l = !strcmp(len, "l"), ll = !strcmp(len, "ll");
        int z = !strcmp(len, "z") || !strcmp(len, "t"), j = !strcmp(len, "j");
        switch (conv) {
        case 'd': case 'i':
            if (l) snprintf(tmp, sizeof tmp, spec, va_arg(ap, long));
            else if (ll) snprintf(tmp, sizeof tmp, spec, va_arg(ap, long long));
            else if (z) snprintf(tmp, sizeof tmp, spec, va_arg(ap, ptrdiff_t));
            else if (j) snprintf(tmp, sizeof tmp, spec, va_arg(ap, intmax_t));
            else snprintf(tmp, sizeof tmp, spec, va_arg(ap, int));
            break;
        case 'u': case 'o': case 'x': case 'X':
            if (l) snprintf(tmp, sizeof tmp, spec, va_arg(ap, unsigned long));
            else if (ll)
                snprintf(tmp, sizeof tmp, spec, va_arg(ap, unsigned long long));
            else if (z) snprintf(tmp, sizeof tmp, spec, va_arg(ap, size_t));
            else if (j) snprintf(tmp, sizeof tmp, spec, va_arg(ap, uintmax_t));
            else snprintf(tmp, sizeof tmp, spec, va_arg(ap, unsigned));
            break;
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a':
        case 'A':
            if (!strcmp(len, "L"))
                snprintf(tmp, sizeof tmp, spec, va_arg(ap, long double));
            else
                snprintf(tmp, sizeof tmp, spec, va_arg(ap, double));
            break;
        case 'p':
            snprintf(tmp, sizeof tmp, spec, va_arg(ap, void *));
            break;
        default: /* %n and unknown conversions: the compiler's format
                  * check keeps them out; show rather than guess */
            snprintf(tmp, sizeof tmp, "%%%c", conv);
        }
        cli_str_adds(&b, tmp);
    }
    flush(f, &b);
}

void cli_printf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cli_vprintf(f, fmt, ap);
    va_end(ap);
}

void cli_cell(FILE *f, const char *s, size_t w, int pad)
{
    if (!s)
        s = "";
    cli_str b = {0};
    size_t n = strlen(s);
    if (cols(s, n) > w) {
        put_text(&b, s, fit(s, n, w - 1));
        cli_str_addc(&b, '~');
    } else {
        put_field(&b, s, 1, pad ? (int)w : 0, -1);
    }
    flush(f, &b);
}

size_t cli_width(const char *s)
{
    return s ? cols(s, strlen(s)) : 0;
}

void cli_wrap(FILE *f, const char *indent, const char *text)
{
    cli_wrap_sgr(f, indent, indent, text, NULL);
}

void cli_wrap_hang(FILE *f, const char *first, const char *indent,
                   const char *text)
{
    cli_wrap_sgr(f, first, indent, text, NULL);
}

void cli_wrap_sgr(FILE *f, const char *first, const char *indent,
                  const char *text, const char *sgr)
{
    size_t left = strlen(text);
    cli_str b = {0};
    for (const char *in = first; left; in = indent) {
        size_t room = WIDTH - strlen(in), n = left;
        if (cols(text, n) > room) {
            size_t cut = fit(text, left, room);
            size_t sp = cut;
            while (sp > 0 && text[sp] != ' ')
                sp--;
            n = sp > 0 ? sp : cut;
            if (n == 0) { /* a character wider than the room: take it */
                char piece[ASSAY_ESCAPE_MAX];
                size_t cw;
                shown(text, left, piece, &n, &cw);
            }
        }
        if (sgr)
            cli_str_addf(&b, "\033[%sm", sgr);
        cli_str_adds(&b, in);
        put_text(&b, text, n);
        if (sgr)
            cli_str_adds(&b, "\033[0m");
        cli_str_addc(&b, '\n');
        text += n;
        left -= n;
        while (left && *text == ' ')
            text++, left--;
    }
    flush(f, &b);
}

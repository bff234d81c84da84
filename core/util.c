/*
 * util.c -- arenas, growable buffers and JSON text.
 *
 * An arena hands out memory (zeroed, unless asked raw) that is released
 * all at once; each document's nodes, strings and results live in one. A
 * buf is a byte string that records running out of memory instead of
 * failing each call.
 */
#include <errno.h>
#include <locale.h>
#include <pthread.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "ay_base.h"

struct ay_block {
    ay_block *next;
    size_t used, size;
    max_align_t data[];
};

#define BLOCK_MIN (64 * 1024 - sizeof(ay_block))

/* n bytes from the arena's newest block, or from a new one. */
static inline void *bump(ay_arena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    ay_block *b = a->head;
    if (!b || b->size - b->used < n) {
        if (n <= BLOCK_MIN && a->spare) {
            b = a->spare;
            a->spare = b->next;
            a->nspare--;
        } else {
            size_t size = n > BLOCK_MIN ? n : BLOCK_MIN;
            if (!(b = malloc(sizeof *b + size)))
                return NULL;
            b->size = size;
        }
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

void *ay_arena_alloc(ay_arena *a, size_t n)
{
    void *p = bump(a, n);
    if (p)
        memset(p, 0, n);
    return p;
}

void *ay_arena_alloc_raw(ay_arena *a, size_t n)
{
    return bump(a, n);
}

char *ay_arena_strndup(ay_arena *a, const char *s, size_t n)
{
    char *p = bump(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

char *ay_arena_strdup(ay_arena *a, const char *s)
{
    return s ? ay_arena_strndup(a, s, strlen(s)) : NULL;
}

/* Blocks of the ordinary size a reset keeps for the arena's next use, up
 * to 2 MiB: an arena reset once a document or a batch of them would
 * otherwise give its blocks back to malloc each time and ask again, and
 * with worker threads the blocks would go back to another thread's malloc
 * arena than the one they came from. A larger block (one large scalar) is
 * always freed, so that it does not pin its memory for the rest of the
 * run. */
#define SPARE_MAX 32

void ay_arena_reset(ay_arena *a)
{
    for (ay_block *b = a->head, *next; b; b = next) {
        next = b->next;
        if (b->size == BLOCK_MIN && a->nspare < SPARE_MAX) {
            b->next = a->spare;
            a->spare = b;
            a->nspare++;
        } else {
            free(b);
        }
    }
    a->head = NULL;
}

void ay_arena_free(ay_arena *a)
{
    ay_arena_reset(a);
    for (ay_block *b = a->spare, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    a->spare = NULL;
    a->nspare = 0;
}

int ay_buf_grow(ay_buf *b, size_t extra)
{
    if (b->cap - b->n > extra)
        return 1;
    if (b->oom || b->fixed)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->n <= extra) {
        if (cap > ((size_t)-1) / 2) {
            b->oom = 1;
            return 0;
        }
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = 1;
        return 0;
    }
    b->p = p;
    b->cap = cap;
    return 1;
}

void ay_buf_spill(ay_buf *b, const void *s, size_t n)
{
    if (b->fixed) { /* less room than n: what fits, and count the rest */
        size_t room = b->cap > b->n ? b->cap - b->n - 1 : 0;
        if (room)
            memcpy(b->p + b->n, s, room);
        b->n += room;
        b->lost += n - room;
    } else if (ay_buf_grow(b, n)) {
        memcpy(b->p + b->n, s, n);
        b->n += n;
    }
}

void ay_buf_puts(ay_buf *b, const char *s) { ay_buf_put(b, s, strlen(s)); }

void ay_buf_vprintf(ay_buf *b, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    if (n >= 0 && (size_t)n < sizeof tmp)
        ay_buf_put(b, tmp, (size_t)n);
    else if (n >= 0 && b->fixed) { /* what fits, and count the rest */
        size_t room = b->cap > b->n ? b->cap - b->n - 1 : 0;
        size_t k = (size_t)n < room ? (size_t)n : room;
        if (k)
            vsnprintf(b->p + b->n, k + 1, fmt, again);
        b->n += k;
        b->lost += (size_t)n - k;
    } else if (n >= 0 && ay_buf_grow(b, (size_t)n + 1)) {
        vsnprintf(b->p + b->n, (size_t)n + 1, fmt, again);
        b->n += (size_t)n;
    }
    va_end(again);
}

void ay_buf_printf(ay_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ay_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *ay_buf_cstr(ay_buf *b)
{
    if (!ay_buf_grow(b, 1))
        return "";
    b->p[b->n] = 0;
    return b->p;
}

void ay_buf_free(ay_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80)
        return 1;
    else if ((c & 0xE0) == 0xC0)
        len = 2, min = 0x80, c &= 0x1F;
    else if ((c & 0xF0) == 0xE0)
        len = 3, min = 0x800, c &= 0x0F;
    else if ((c & 0xF8) == 0xF0)
        len = 4, min = 0x10000, c &= 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    return len;
}

/* The end of the run of bytes from u[i] that JSON output copies as they
 * are, as far as whole blocks of 16 (SSE2) or 8 bytes reach: it stops at
 * or before the first byte below 0x20, '"', '\\', 0x7F, or 0x80 and above.
 * The caller looks at what is left one byte at a time. */
#ifdef __SSE2__
/* One bit for each of the 16 bytes at p that is such a byte. A signed
 * compare with 0x20 also catches 0x80-0xFF, which read as negative. */
static inline unsigned special16(const unsigned char *p)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i m = _mm_or_si128(
        _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                     _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')),
                     _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F))));
    return (unsigned)_mm_movemask_epi8(m);
}

static size_t plain_blocks(const unsigned char *u, size_t i, size_t n)
{
    for (; i + 16 <= n; i += 16) {
        unsigned bits = special16(u + i);
        if (bits)
            return i + (size_t)__builtin_ctz(bits);
    }
    if (i < n && n >= 16) { /* the last 16 bytes, less those before i */
        unsigned bits = special16(u + n - 16) >> (i + 16 - n);
        return bits ? i + (size_t)__builtin_ctz(bits) : n;
    }
    return i;
}
#else
/* Does the word x (8 bytes) hold such a byte? Each test is exact for the
 * word as a whole (the classic has-zero-byte trick). */
static int word_special(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
    uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\'),
             del = x ^ (ones * 0x7F);
    uint64_t low = (x - ones * 0x20) & ~x;
    uint64_t zero = ((q - ones) & ~q) | ((bs - ones) & ~bs) |
                    ((del - ones) & ~del);
    return ((low | zero | x) & high) != 0;
}

static size_t plain_blocks(const unsigned char *u, size_t i, size_t n)
{
    for (uint64_t w; i + 8 <= n; i += 8) {
        memcpy(&w, u + i, 8);
        if (word_special(w))
            break;
    }
    return i;
}
#endif

void ay_json_string(ay_buf *b, const char *s, size_t n)
{
    /* Bytes copied as they are: printable ASCII but '"' and '\\'. Every
     * control character is escaped, DEL and C1 included, although JSON
     * requires it only below 0x20. */
    static const unsigned char plain[256] = {
        [0x20] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* "  */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,           /* \\ */
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};          /* DEL */
    const unsigned char *u = (const unsigned char *)s;
    ay_buf_putc(b, '"');
    size_t i = 0;
    while (i < n) {
        size_t run = plain_blocks(u, i, n);
        while (run < n && plain[u[run]])
            run++;
        ay_buf_put(b, s + i, run - i);
        i = run;
        if (i >= n)
            break;
        unsigned c = u[i];
        if (c == '"' || c == '\\') {
            ay_buf_putc(b, '\\');
            ay_buf_putc(b, (char)c);
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            switch (c) {
            case '\n': ay_buf_puts(b, "\\n"); break;
            case '\t': ay_buf_puts(b, "\\t"); break;
            case '\r': ay_buf_puts(b, "\\r"); break;
            default: ay_buf_printf(b, "\\u%04x", c);
            }
            i++;
        } else {
            size_t len = utf8_len(u + i, n - i);
            if (len == 2 && c == 0xC2 && u[i + 1] < 0xA0) {
                /* a C1 control: JSON allows it raw, but a report printed
                 * to a terminal must not carry one (U+009B is a CSI) */
                ay_buf_printf(b, "\\u%04x", u[i + 1]);
                i += 2;
            } else if (len) {
                ay_buf_put(b, s + i, len);
                i += len;
            } else {
                ay_buf_puts(b, "\\ufffd");
                i++;
            }
        }
    }
    ay_buf_putc(b, '"');
}

void ay_json_number(ay_buf *b, double d)
{
    if (!isfinite(d)) {
        ay_buf_puts(b, "null");
        return;
    }
    if (d == 0) {
        ay_buf_putc(b, '0');
        return;
    }
    /* Most numbers are short decimals (0.35, 0.175, 70): when m / 10^k
     * reads back as d for some k <= 6, print m with k decimals, which is
     * what %.15g gives, without the printf and strtod trials below. */
    static const double P10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
    double a = fabs(d);
    for (int k = 0; k < 7 && a >= 1e-4 && a < 1e15; k++) {
        double m = nearbyint(a * P10[k]);
        if (m >= 1e15 || m / P10[k] != a)
            continue;
        char digits[24], *q = digits + sizeof digits;
        int64_t v = (int64_t)m;
        int places = 0;
        *--q = 0;
        do {
            *--q = (char)('0' + v % 10);
            v /= 10;
            if (++places == k)
                *--q = '.';
        } while (v || places <= k);
        if (d < 0)
            *--q = '-';
        ay_buf_puts(b, q);
        return;
    }
    /* The rest take up to three printf and strtod trials, some thousands
     * of instructions: each thread keeps the last ones it made, as
     * portfolios repeat the same contributions and scores (1/14, 2/3). */
    static _Thread_local struct shown {
        uint64_t bits;
        char text[26];
    } seen[256];
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    struct shown *e = &seen[(bits * 0x9E3779B97F4A7C15ull) >> 56];
    if (e->bits != bits || !e->text[0]) {
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(e->text, sizeof e->text, "%.*g", prec, d);
            if (strtod(e->text, NULL) == d)
                break;
        }
        e->bits = bits;
    }
    ay_buf_puts(b, e->text);
}

/* Printable text is itself; newline and tab are \n and \t; every other
 * byte that is not text is \xNN: C0 controls and DEL, each byte of a C1
 * control (U+0080-U+009F, which some terminals obey: U+009B is a CSI), and
 * each byte that is not part of valid UTF-8. Bytes rather than code
 * points, so that a file name can be typed again from what is shown
 * ($'\xNN' in a shell). A backslash stays as it is: the escapes keep the
 * terminal out of the text's hands; they are not meant to be decoded. */
size_t ay_escape_char(const char *s, size_t n, char piece[AY_ESCAPE_MAX],
                      size_t *step)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[0];
    size_t len = c < 0x80 ? 1 : utf8_len(u, n);
    int control = c < 0x20 || c == 0x7F || len == 0 ||
                  (c == 0xC2 && len == 2 && u[1] < 0xA0);
    *step = len ? len : 1;
    if (c == '\n' || c == '\t') {
        piece[0] = '\\';
        piece[1] = c == '\n' ? 'n' : 't';
        return 2;
    }
    if (!control) {
        memcpy(piece, u, len);
        return len;
    }
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < *step; i++) {
        char *x = piece + 4 * i;
        x[0] = '\\', x[1] = 'x', x[2] = hex[u[i] >> 4], x[3] = hex[u[i] & 15];
    }
    return 4 * *step;
}

void ay_escape(ay_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* runs of printable ASCII go as they are */
        size_t run = i;
        while (run < n && u[run] >= 0x20 && u[run] < 0x7F)
            run++;
        ay_buf_put(b, s + i, run - i);
        if ((i = run) >= n)
            break;
        char piece[AY_ESCAPE_MAX];
        size_t step, len = ay_escape_char(s + i, n - i, piece, &step);
        ay_buf_put(b, piece, len);
        i += step;
    }
}

char *ay_clean_message(ay_arena *a, const char *s, size_t n, size_t max)
{
    /* most messages are printable ASCII within the limit: kept as they are */
    const unsigned char *u = (const unsigned char *)s;
    size_t plain = 0;
    while (plain < n && u[plain] >= 0x20 && u[plain] < 0x7F)
        plain++;
    if (plain == n && n <= max)
        return ay_arena_strndup(a, s, n);
    ay_buf b = {0};
    size_t i = 0;
    while (i < n) {
        char piece[AY_ESCAPE_MAX];
        size_t step, len = ay_escape_char(s + i, n - i, piece, &step);
        if (b.n + len > max) /* never cut an escape or a character */
            break;
        ay_buf_put(&b, piece, len);
        i += step;
    }
    if (i < n)
        ay_buf_puts(&b, "...");
    char *out = ay_arena_strndup(a, b.p ? b.p : "", b.n);
    ay_buf_free(&b);
    return out;
}

int ay_in(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (s[0] == (*list)[0] && !strcmp(s, *list))
            return 1;
    return 0;
}

int ay_id_ok(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
            return 0;
    }
    return 1;
}

uint32_t ay_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

int ay_strcmp_p(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

const char *ay_status_name(int status)
{
    static const char *const names[] = {"scored", "not_assessable", "error",
                                        "limit"};
    return names[status];
}

size_t ay_line_break(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0)
        return 0;
    if (u[0] == '\n')
        return 1;
    if (u[0] == '\r')
        return n > 1 && u[1] == '\n' ? 2 : 1;
    if (u[0] == 0xC2 && n > 1 && u[1] == 0x85)
        return 2;
    if (u[0] == 0xE2 && n > 2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9))
        return 3;
    return 0;
}

int ay_read_file(const char *path, size_t limit, ay_buf *b, char *why,
                 size_t whylen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, whylen, "cannot open %s: %s", path, strerror(errno));
        return ASSAY_EIO;
    }
    char tmp[8192];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
        if (b->n + n > limit) {
            fclose(f);
            snprintf(why, whylen, "%s is larger than the limit of %zu bytes",
                     path, limit);
            errno = EFBIG;
            return ASSAY_EIO;
        }
        ay_buf_put(b, tmp, n);
    }
    int err = ferror(f) ? errno : 0;
    fclose(f);
    if (err || b->oom) {
        snprintf(why, whylen, "cannot read %s: %s", path,
                 strerror(err ? err : ENOMEM));
        errno = err ? err : ENOMEM;
        return ASSAY_EIO;
    }
    return ASSAY_OK;
}

int ay_set_errorv(ay_buf *b, size_t max, int code, const char *fmt,
                  va_list ap)
{
    ay_buf msg = {0};
    ay_buf_vprintf(&msg, fmt, ap);
    ay_set_message(b, msg.oom ? "out of memory" : ay_buf_cstr(&msg), max);
    ay_buf_free(&msg);
    return code;
}

void ay_set_message(ay_buf *b, const char *msg, size_t max)
{
    ay_arena a = {0};
    const char *clean = ay_clean_message(&a, msg, strlen(msg), max);
    b->n = 0;
    b->oom = 0;
    ay_buf_puts(b, clean ? clean : "out of memory");
    ay_buf_cstr(b); /* keep it NUL-terminated for errmsg */
    ay_arena_free(&a);
}

/* ---- The C locale of public calls ------------------------------------ */

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

locale_t ay_enter(void)
{
    pthread_once(&c_locale_once, make_c_locale);
    return c_locale ? uselocale(c_locale) : (locale_t)0;
}

void ay_leave(locale_t host)
{
    if (host)
        uselocale(host);
}

/* ---- The public text functions: the rules above, for hosts ----------- */

_Static_assert(ASSAY_ESCAPE_MAX >= AY_ESCAPE_MAX, "an escaped piece fits");

size_t assay_escape_char(const char *s, size_t n,
                         char piece[ASSAY_ESCAPE_MAX], size_t *step)
{
    size_t skip;
    if (!step)
        step = &skip;
    if (!s || !n || !piece) {
        *step = 0;
        return 0;
    }
    return ay_escape_char(s, n, piece, step);
}

size_t assay_escape(const char *s, size_t n, char *dst, size_t cap)
{
    if (!s || (!dst && cap)) {
        if (dst && cap)
            dst[0] = 0;
        return 0;
    }
    size_t len = 0, used = 0, step;
    int full = 0;
    for (size_t i = 0; i < n; i += step) {
        char piece[AY_ESCAPE_MAX];
        size_t k = ay_escape_char(s + i, n - i, piece, &step);
        if (!full && len + k < cap) { /* never half a piece */
            memcpy(dst + len, piece, k);
            used = len + k;
        } else {
            full = 1;
        }
        len += k;
    }
    if (cap)
        dst[used] = 0;
    return len;
}

size_t assay_json_string(const char *s, size_t n, char *dst, size_t cap)
{
    if (!s || (!dst && cap)) {
        if (dst && cap)
            dst[0] = 0;
        return 0;
    }
    ay_buf b = {0};
    ay_json_string(&b, s, n);
    size_t len = b.oom ? 0 : b.n;
    if (cap) {
        size_t m = len < cap ? len : cap - 1;
        if (m)
            memcpy(dst, b.p, m);
        dst[m] = 0;
    }
    ay_buf_free(&b);
    return len;
}

size_t assay_json_number(double d, char *dst, size_t cap)
{
    if (!dst && cap)
        return 0;
    char tmp[ASSAY_NUMBER_MAX];
    ay_buf b = ay_buf_over(tmp, sizeof tmp);
    locale_t host = ay_enter();
    ay_json_number(&b, d);
    ay_leave(host);
    size_t len = b.n;
    if (cap) {
        size_t m = len < cap ? len : cap - 1;
        memcpy(dst, tmp, m);
        dst[m] = 0;
    }
    return len;
}

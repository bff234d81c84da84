/*
 * chunk.c -- cut a YAML stream into chunks of one document each.
 *
 * A document starts at a `---` line and ends before the next one or after
 * a `...` line: markers sit at column 0, and YAML forbids them inside any
 * scalar, so these are libyaml's own document boundaries. Cutting here lets
 * each document be parsed on its own: a syntax error loses one document,
 * not the rest of the file; memory is bounded by the document size limit;
 * and a chunk knows its first line, so positions stay absolute.
 *
 * To cut where libyaml begins documents, lines are what libyaml takes for
 * lines (ay_line_break: NEL, LS and PS end them too), and what may come
 * before a document's `---` is what libyaml skips there: blank lines,
 * comments (indented or not) and directives. A `...` with no document
 * before it is one of the extra document ends libyaml skips between
 * documents. tests/yaml/suite.c checks the cuts against libyaml on the
 * public YAML test suite.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "ay_yaml.h"

#define READ_SIZE (64 * 1024)

static void init(ay_chunker *c, size_t max)
{
    memset(c, 0, sizeof *c);
    c->max = max;
    c->next_start = 1;
}

void ay_chunker_init_file(ay_chunker *c, FILE *f, size_t max)
{
    init(c, max);
    c->f = f;
}

void ay_chunker_init_mem(ay_chunker *c, const char *s, size_t n, size_t max)
{
    init(c, max);
    c->ip = s;
    c->il = n;
    c->eof = 1;
}

void ay_chunker_free(ay_chunker *c)
{
    ay_buf_free(&c->cur);
    free(c->rbuf);
    c->rbuf = NULL;
}

/* Read more input after the bytes not yet taken (a break's first bytes,
 * at most), which move to the front of the buffer. 0 at the end of the
 * input, on a read error (ioerr set), or when the idle callback says to
 * stop: then eof is set. */
static int refill(ay_chunker *c)
{
    if (c->eof)
        return 0;
    if (!c->rbuf && !(c->rbuf = malloc(READ_SIZE))) {
        c->ioerr = c->eof = 1;
        return 0;
    }
    if (c->il)
        memmove(c->rbuf, c->ip, c->il);
    c->ip = c->rbuf;
    memset(c->next, 0, sizeof c->next);
    /* read(2), not fread: from a pipe, take what has come rather than
     * wait for a whole buffer; and say when the input is about to keep
     * us waiting. */
    int fd = fileno(c->f);
    if (c->idle) {
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        if (poll(&pf, 1, 0) == 0 && c->idle(c->idle_ud)) {
            c->eof = 1;
            return 0;
        }
    }
    ssize_t n;
    do
        n = read(fd, c->rbuf + c->il, READ_SIZE - c->il);
    while (n < 0 && errno == EINTR);
    if (n <= 0) {
        if (n < 0)
            c->ioerr = 1;
        c->eof = 1;
        return 0;
    }
    c->il += (size_t)n;
    c->nread += (size_t)n;
    return 1;
}

/* What a line is, as far as cutting goes. */
enum { LN_BLANK, LN_DIRECTIVE, LN_CONTENT };

typedef struct line {
    char head[4];            /* its first bytes */
    size_t hlen;
    size_t body;             /* bytes before its break, counted up to 5 */
    int kind;                /* LN_* */
    int state;               /* of kind, while undecided: below */
    int trunc;               /* bytes were dropped to keep within cap */
} line;

/* Telling a line's kind from its first bytes: a byte order mark (which
 * libyaml skips at the start of a line), then spaces and tabs; a `#`
 * then makes a comment line, and the end of the line a blank one. */
enum { LS_START, LS_BOM1, LS_BOM2, LS_AFTER_BOM, LS_BLANKS, LS_DONE };

static void classify(line *ln, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n && ln->state != LS_DONE; i++) {
        unsigned char b = p[i];
        int st = ln->state, kind = LN_CONTENT;
        if (st == LS_START && b == 0xEF) {
            ln->state = LS_BOM1;
            continue;
        }
        if (st == LS_BOM1 || st == LS_BOM2) {
            if (b == (st == LS_BOM1 ? 0xBB : 0xBF)) {
                ln->state = st == LS_BOM1 ? LS_BOM2 : LS_AFTER_BOM;
                continue;
            }
        } else if (b == ' ' || b == '\t') {
            ln->state = LS_BLANKS;
            continue;
        } else if (b == '#') {
            kind = LN_BLANK;
        } else if (b == '%' && st != LS_BLANKS) {
            kind = LN_DIRECTIVE;
        }
        ln->kind = kind;
        ln->state = LS_DONE;
    }
}

/* Take the next n bytes of input into the line and the chunk, of which
 * body are the line's own (the rest its break); cur stays within cap
 * bytes. */
static void take(ay_chunker *c, line *ln, size_t n, size_t body, size_t cap)
{
    for (size_t k = 0; ln->hlen < sizeof ln->head && k < n; k++)
        ln->head[ln->hlen++] = c->ip[k];
    classify(ln, (const unsigned char *)c->ip, body);
    ln->body += body < 5 ? body : 5;
    size_t room = cap > c->cur.n ? cap - c->cur.n : 0;
    if (n > room)
        ln->trunc = 1;
    ay_buf_put(&c->cur, c->ip, n < room ? n : room);
    c->ip += n;
    c->il -= n;
}

/* Append the next line to cur, keeping cur within cap bytes, and tell
 * what it is. Returns 0 at the end of the input. */
static int next_line(ay_chunker *c, size_t cap, line *ln)
{
    int any = 0;
    memset(ln, 0, sizeof *ln);
    for (;;) {
        if (c->il == 0 && !refill(c))
            break;
        any = 1;
        /* Find the line's break. A CR at the end of a read ends the line
         * at once, so that a document ending there is not held back; NEL,
         * LS and PS need their later bytes, read first. */
        size_t k = 0, blen = 0;
        int more = 0;
        for (; k < c->il; k++) {
            unsigned char b = (unsigned char)c->ip[k];
            if (b != '\n' && b != '\r' && b != 0xC2 && b != 0xE2)
                continue;
            size_t avail = c->il - k;
            if (b == '\r' && avail == 1) {
                blen = 1;
                c->lf_pending = !c->eof;
                break;
            }
            if ((blen = ay_line_break(c->ip + k, avail)))
                break;
            if (!c->eof && avail < (b == 0xC2 ? 2u : 3u) &&
                (avail == 1 || (unsigned char)c->ip[k + 1] == (b == 0xC2 ? 0x85 : 0x80))) {
                more = 1;
                break;
            }
        }
        take(c, ln, k + blen, k, cap);
        if (blen)
            return 1;
        if (more)
            refill(c); /* at the end, the bytes kept are just bytes */
    }
    return any;
}

/* A CR ended the last line at the end of a read: a LF that starts the
 * next read belongs to that line (CRLF), not to a new one. It joins the
 * line in cur, or is dropped when that line has left with its chunk. */
static void take_lf(ay_chunker *c)
{
    if (!c->lf_pending)
        return;
    c->lf_pending = 0;
    if ((c->il || refill(c)) && c->ip[0] == '\n') {
        if (c->cur.n && c->cur.n <= c->max)
            ay_buf_put(&c->cur, c->ip, 1);
        c->ip++;
        c->il--;
    }
}

/* The first ch in [p, end), or end. */
static const char *find(const char *p, const char *end, unsigned char ch)
{
    const char *q = memchr(p, ch, (size_t)(end - p));
    return q ? q : end;
}

/* From p, a line's start, past the lines that end in LF before lim, 16
 * bytes at a time; returns the start of the line where it stopped: one
 * that starts with `-` or `.` (it may be a marker), or the last one it
 * could not see the end of before lim. lines counts the lines passed.
 * Reads only bytes before lim. Without SSE2, returns p: take_lines then
 * finds each line with memchr. */
static const char *lf_lines(const char *p, const char *lim, uint32_t *lines)
{
#ifdef __SSE2__
    const __m128i lf = _mm_set1_epi8('\n'), dash = _mm_set1_epi8('-'),
                  dot = _mm_set1_epi8('.'), zero = _mm_setzero_si128();
    const char *from = p;
    unsigned stop = 0;
    while (lim - p > 16 && !stop) {
        /* each byte of acc counts the LFs in its lane, for up to 255
         * blocks, then the lanes are summed */
        __m128i acc = zero;
        for (int k = 0; k < 255 && lim - p > 16; k++, p += 16) {
            __m128i nl = _mm_cmpeq_epi8(
                _mm_loadu_si128((const __m128i *)(const void *)p), lf);
            __m128i w = _mm_loadu_si128((const __m128i *)(const void *)(p + 1));
            stop = (unsigned)_mm_movemask_epi8(_mm_and_si128(
                nl, _mm_or_si128(_mm_cmpeq_epi8(w, dash),
                                 _mm_cmpeq_epi8(w, dot))));
            if (stop) { /* this block's LFs up to the first such */
                unsigned m = (unsigned)_mm_movemask_epi8(nl);
                for (m &= (stop & -stop) * 2 - 1; m; m &= m - 1)
                    ++*lines;
                break;
            }
            acc = _mm_sub_epi8(acc, nl);
        }
        __m128i sum = _mm_sad_epu8(acc, zero);
        *lines += (uint32_t)(_mm_cvtsi128_si32(sum) +
                             _mm_cvtsi128_si32(_mm_srli_si128(sum, 8)));
    }
    if (stop)
        return p + __builtin_ctz(stop) + 1;
    /* the line after the last LF passed */
    while (p > from && p[-1] != '\n')
        p--;
    return p;
#else
    (void)lim;
    (void)lines;
    return p;
#endif
}

/* Inside a document, whole lines are taken here at a few instructions a
 * line rather than some twenty a byte: a line's own bytes matter only for
 * where it ends, and only a line that starts with `---` or `...` can end
 * the document. Each byte that may end a line (LF, CR, and the first
 * bytes of NEL, LS and PS) is looked for with memchr, and its next place
 * kept in c->next until the scan passes it: bytes of a kind are found
 * once however lines end, so the scan stays linear (a stream of CR-only
 * lines does not search for a LF at every line). Runs of lines that end
 * in LF, the common case, are passed 16 bytes at a time (lf_lines): a
 * line each 30 bytes or so made memchr's cost per call most of the
 * cutter's.
 *
 * Stops before a line that starts with `---` or `...` (next_line and
 * is_marker decide what it is), before one whose end is not in the input
 * read so far or is a CR that ends it (a LF may follow in the next read),
 * and before one that would take the chunk past max bytes: next_line
 * takes each of those, as it does any line outside a document. With skip,
 * the lines are dropped rather than added to cur (a chunk too big to
 * keep). */
static void take_lines(ay_chunker *c, size_t max, int skip)
{
    static const unsigned char ends[4] = {'\n', '\r', 0xC2, 0xE2};
    if (!c->il)
        return;
    const char *start = c->ip, *p = start, *end = start + c->il;
    const char **next = c->next;
    size_t room = skip ? SIZE_MAX : max > c->cur.n ? max - c->cur.n : 0;
    uint32_t lines = 0;
    /* rare: the first of next[1..3], which are all at p or after */
    const char *rare = end;
    for (int i = 0; i < 4; i++) {
        if (!next[i] || next[i] < p)
            next[i] = find(p, end, ends[i]);
        if (i && next[i] < rare)
            rare = next[i];
    }
    while (p < end) {
        char b = *p;
        if ((b == '-' || b == '.') && (end - p < 3 || (p[1] == b && p[2] == b)))
            break;
        /* Lines that end in LF, before any other break and within room,
         * in blocks; the line they stop at (or this one, when they pass
         * none) a line at a time, below. */
        const char *lim = rare;
        if ((size_t)(lim - start) > room)
            lim = start + room;
        const char *q = lf_lines(p, lim, &lines);
        if (q != p) {
            p = q;
            continue;
        }
        if (next[0] < p)
            next[0] = find(p, end, '\n');
        const char *brk = next[0];
        size_t blen = 1;
        if (rare < brk) {
            rare = end;
            for (int i = 1; i < 4; i++) {
                const char *r = next[i];
                if (r < p)
                    r = find(p, end, ends[i]);
                while (r < brk) {
                    /* a CR that ends the input read so far is left for
                     * next_line, which knows what may follow */
                    size_t n = r + 1 < end ? ay_line_break(r, (size_t)(end - r)) : 0;
                    if (n) {
                        brk = r;
                        blen = n;
                        break;
                    }
                    r = find(r + 1, end, ends[i]);
                }
                next[i] = r;
                if (r < rare)
                    rare = r;
            }
        }
        if (brk == end)
            break; /* no break yet */
        if ((size_t)(brk + blen - start) > room)
            break;
        p = brk + blen;
        lines++;
    }
    size_t n = (size_t)(p - start);
    if (!skip)
        ay_buf_put(&c->cur, start, n);
    c->ip = p;
    c->il -= n;
    c->lineno += lines;
}

static int is_marker(const line *ln, char ch)
{
    if (ln->hlen < 3 || ln->head[0] != ch || ln->head[1] != ch ||
        ln->head[2] != ch)
        return 0;
    return ln->body == 3 || ln->head[3] == ' ' || ln->head[3] == '\t';
}

int ay_chunker_next(ay_chunker *c, ay_chunk *out)
{
    /* content: the chunk holds a document (a `---` or a content line);
     * directive: it holds directives for one, which must be parsed even
     * with no `---` after them, to be reported */
    int content = 0, directive = 0, too_big = 0;
    if (c->carry_len) {
        memmove(c->cur.p, c->cur.p + c->carry_off, c->carry_len);
        c->cur.n = c->carry_len;
        too_big = c->carry_trunc;
        content = 1;
        c->carry_len = 0;
    } else if (c->done) {
        return 0;
    } else {
        c->cur.n = 0;
    }
    uint32_t start = c->next_start;
    size_t cap = c->max + 1;
    for (;;) {
        if (too_big)
            c->cur.n = 0; /* keep only the line being read */
        take_lf(c);
        if (content)
            take_lines(c, c->max, too_big);
        size_t off = c->cur.n;
        line ln;
        if (!next_line(c, cap, &ln)) {
            c->done = 1;
            break;
        }
        c->lineno++;
        if (content && is_marker(&ln, '-')) {
            c->carry_off = off;
            c->carry_len = c->cur.n - off;
            c->carry_trunc = ln.trunc;
            c->cur.n = off;
            c->next_start = c->lineno;
            break;
        }
        if (ln.trunc || c->cur.n > c->max)
            too_big = 1;
        if (is_marker(&ln, '.')) {
            c->next_start = c->lineno + 1;
            if (content || directive || too_big)
                break;
            /* An extra document end, with only blank lines and comments
             * before it: libyaml skips it between documents, but would
             * take it for a document's start in a chunk of its own. */
            c->cur.n = 0;
            start = c->next_start;
            continue;
        }
        if (ln.kind == LN_CONTENT || is_marker(&ln, '-'))
            content = 1;
        else if (ln.kind == LN_DIRECTIVE)
            directive = 1;
    }
    if (c->cur.oom) {
        c->ioerr = 1;
        return 0;
    }
    if (!content && !directive && !too_big && c->done)
        return 0;
    out->text = c->cur.p ? c->cur.p : "";
    out->len = too_big ? 0 : c->cur.n;
    out->line = start;
    out->too_big = too_big;
    return 1;
}

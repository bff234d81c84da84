/*
 * chunk.c -- cut a YAML stream into chunks of one document each.
 *
 * A document starts at a `---` line and ends before the next one or after
 * a `...` line: markers sit at column 0, and YAML forbids them inside any
 * scalar, so these are libyaml's own document boundaries. Cutting here lets
 * each document be parsed on its own: a syntax error loses one document,
 * not the rest of the file; memory is bounded by the document size limit;
 * and a chunk knows its first line, so positions stay absolute.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "assay_int.h"

#define READ_SIZE (64 * 1024)

static void init(chunker *c, size_t max)
{
    memset(c, 0, sizeof *c);
    c->max = max;
    c->next_start = 1;
}

void chunker_init_file(chunker *c, FILE *f, size_t max)
{
    init(c, max);
    c->f = f;
}

void chunker_init_mem(chunker *c, const char *s, size_t n, size_t max)
{
    init(c, max);
    c->ip = s;
    c->il = n;
}

void chunker_free(chunker *c)
{
    buf_free(&c->cur);
    free(c->rbuf);
    c->rbuf = NULL;
}

static int refill(chunker *c)
{
    if (!c->f)
        return 0;
    if (!c->rbuf && !(c->rbuf = malloc(READ_SIZE))) {
        c->ioerr = 1;
        return 0;
    }
    /* read(2), not fread: from a pipe, take what has come rather than
     * wait for a whole buffer; and say when the input is about to keep
     * us waiting. */
    int fd = fileno(c->f);
    if (c->idle) {
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        if (poll(&pf, 1, 0) == 0 && c->idle(c->idle_ud))
            return 0;
    }
    ssize_t n;
    do
        n = read(fd, c->rbuf, READ_SIZE);
    while (n < 0 && errno == EINTR);
    if (n <= 0) {
        if (n < 0)
            c->ioerr = 1;
        return 0;
    }
    c->ip = c->rbuf;
    c->il = (size_t)n;
    return 1;
}

/* Append the next line to cur, keeping cur within cap bytes (*trunc set
 * when bytes were dropped); head gets the line's first bytes. Returns 0 at
 * the end of the input. */
static int next_line(chunker *c, size_t cap, int *trunc, char head[4],
                     size_t *hlen)
{
    int any = 0;
    *hlen = 0;
    *trunc = 0;
    for (;;) {
        if (c->il == 0 && !refill(c))
            return any;
        if (c->lf_pending) {
            /* a CR ended the last line at the end of a read: a LF that
             * starts this read belongs to it (CRLF), not to a new line */
            c->lf_pending = 0;
            if (c->ip[0] == '\n') {
                buf_put(&c->cur, c->ip, 1);
                c->ip++;
                c->il--;
                continue;
            }
        }
        any = 1;
        /* Lines end at LF, CRLF or a lone CR, as YAML counts them (libyaml
         * also counts NEL, LS and PS, which case files do not use). */
        const char *nl = memchr(c->ip, '\n', c->il);
        size_t upto = nl ? (size_t)(nl - c->ip) : c->il;
        const char *cr = memchr(c->ip, '\r', upto);
        if (cr && (size_t)(cr - c->ip) + 1 < c->il && cr[1] != '\n')
            nl = cr; /* a lone CR */
        else if (cr && (size_t)(cr - c->ip) + 1 == c->il) {
            nl = cr; /* CR at the end of the read: maybe CRLF */
            c->lf_pending = 1;
        }
        size_t n = nl ? (size_t)(nl - c->ip) + 1 : c->il;
        for (size_t k = 0; *hlen < 4 && k < n; k++)
            head[(*hlen)++] = c->ip[k];
        size_t room = cap > c->cur.n ? cap - c->cur.n : 0;
        if (n > room)
            *trunc = 1;
        buf_put(&c->cur, c->ip, n < room ? n : room);
        c->ip += n;
        c->il -= n;
        if (nl)
            return 1;
    }
}

static int is_marker(const char *head, size_t hlen, char ch)
{
    if (hlen < 3 || head[0] != ch || head[1] != ch || head[2] != ch)
        return 0;
    return hlen == 3 || head[3] == ' ' || head[3] == '\t' ||
           head[3] == '\n' || head[3] == '\r';
}

/* Blank lines, comments and directives may precede a document's `---`. */
static int is_content(const char *head, size_t hlen)
{
    return hlen > 0 && head[0] != '\n' && head[0] != '\r' && head[0] != '#' &&
           head[0] != '%';
}

int chunker_next(chunker *c, chunk *out)
{
    int content = 0, too_big = 0;
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
        size_t off = c->cur.n;
        char head[4];
        size_t hlen;
        int trunc;
        if (!next_line(c, cap, &trunc, head, &hlen)) {
            c->done = 1;
            break;
        }
        c->lineno++;
        if (content && is_marker(head, hlen, '-')) {
            c->carry_off = off;
            c->carry_len = c->cur.n - off;
            c->carry_trunc = trunc;
            c->cur.n = off;
            c->next_start = c->lineno;
            break;
        }
        if (trunc || c->cur.n > c->max)
            too_big = 1;
        if (is_marker(head, hlen, '.')) {
            c->next_start = c->lineno + 1;
            break;
        }
        if (is_content(head, hlen))
            content = 1;
    }
    if (c->cur.oom) {
        c->ioerr = 1;
        return 0;
    }
    if (!content && !too_big && c->done)
        return 0;
    out->text = c->cur.p ? c->cur.p : "";
    out->len = too_big ? 0 : c->cur.n;
    out->line = start;
    out->too_big = too_big;
    return 1;
}

/*
 * feed.h -- a chunker that reads from a pipe in pieces of a set size, the
 * same pieces on every run (test_chunk.c, tests/yaml/suite.c). The pipe
 * is fed by the chunker's idle callback: called when a read would wait,
 * it writes the next piece, or closes the pipe after the last; so each
 * read takes exactly one piece.
 */
#ifndef ASSAY_FEED_H
#define ASSAY_FEED_H

#include <stdio.h>
#include <unistd.h>

#include "ay_yaml.h"

typedef struct feeder {
    FILE *f;                 /* the pipe's end the chunker reads */
    int fd;                  /* its end fed, or -1 once closed */
    const char *s;           /* what is still to come */
    size_t n, piece;
    int failed;              /* a write failed: the input was cut short */
} feeder;

static inline int feed(void *ud)
{
    feeder *f = ud;
    if (!f->n) {
        if (f->fd >= 0)
            close(f->fd);
        f->fd = -1;
        return 0;
    }
    size_t k = f->piece < f->n ? f->piece : f->n;
    if (write(f->fd, f->s, k) != (ssize_t)k) {
        f->failed = 1;
        return 1;
    }
    f->s += k;
    f->n -= k;
    return 0;
}

/* Set up ck to read the n bytes of s from a pipe, piece bytes at a time,
 * documents of at most max bytes. 0, or -1 when no pipe could be made.
 * End with feed_close. */
static inline int feed_open(feeder *f, ay_chunker *ck, const char *s,
                            size_t n, size_t piece, size_t max)
{
    int fds[2];
    if (pipe(fds))
        return -1;
    *f = (feeder){fdopen(fds[0], "rb"), fds[1], s, n, piece, 0};
    if (!f->f) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    ay_chunker_init_file(ck, f->f, max);
    ck->idle = feed;
    ck->idle_ud = f;
    return 0;
}

/* Close both ends; ck is freed by its owner. */
static inline void feed_close(feeder *f)
{
    fclose(f->f);
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
}

#endif

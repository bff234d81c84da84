/*
 * cli_progress.c -- the progress line of `assay run` on stderr: projects
 * done, bytes read of the input's bytes and their share when the input's
 * size is known ahead (assay_engine_input_bytes), projects a second, and
 * the time left; drawn in place (carriage return, erase to the end of the
 * line), first after about a second, then at most four times a second,
 * and erased before anything else is written to the terminal.
 *
 * Whether it is drawn at all is main.c's choice (a terminal, no CI, no
 * --no-progress). ASSAY_PROGRESS_INTERVAL_MS, for tests, sets both the
 * wait before the first line and the time between lines (0: every event
 * draws), so that a test sees the line without waiting on a clock.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void cli_progress_init(cli_progress *p, int on)
{
    memset(p, 0, sizeof *p);
    p->on = on;
    p->delay = 1.0;
    p->every = 0.25;
    const char *ms = getenv("ASSAY_PROGRESS_INTERVAL_MS");
    if (ms && *ms) {
        char *end;
        double v = strtod(ms, &end);
        if (!*end && v >= 0)
            p->delay = p->every = v / 1000;
    }
    p->start = now();
}

void cli_progress_size(cli_progress *p, unsigned long long total, int known)
{
    p->total = total;
    p->sized = known;
}

/* n bytes in unit (a power of 1000, name), with one decimal above bytes. */
static void put_bytes(cli_str *s, unsigned long long n, double unit,
                      const char *name)
{
    if (unit == 1)
        cli_str_addf(s, "%llu", n);
    else
        cli_str_addf(s, "%.1f", (double)n / unit);
    if (name)
        cli_str_addf(s, " %s", name);
}

static void compose(cli_progress *p, double t)
{
    cli_str s = {0};
    double elapsed = t - p->start;
    cli_str_addf(&s, "%s: %lu project%s", prog, p->projects,
                 p->projects == 1 ? "" : "s");
    unsigned long long scale = p->sized ? p->total : p->bytes;
    double unit = 1;
    const char *name = "B";
    if (scale >= 1000000000ULL)
        unit = 1e9, name = "GB";
    else if (scale >= 1000000ULL)
        unit = 1e6, name = "MB";
    else if (scale >= 1000ULL)
        unit = 1e3, name = "kB";
    cli_str_adds(&s, ", ");
    if (p->sized && p->total) {
        put_bytes(&s, p->bytes, unit, NULL);
        cli_str_adds(&s, " of ");
        put_bytes(&s, p->total, unit, name);
        double share = (double)p->bytes * 100 / (double)p->total;
        cli_str_addf(&s, " (%.0f%%)", share > 100 ? 100 : share);
    } else {
        put_bytes(&s, p->bytes, unit, name);
        cli_str_adds(&s, " read");
    }
    if (elapsed > 0.001) {
        double rate = (double)p->projects / elapsed;
        cli_str_addf(&s, rate < 10 ? ", %.1f/s" : ", %.0f/s", rate);
    }
    if (p->sized && p->bytes && p->bytes < p->total && elapsed > 0.001) {
        double left = elapsed * (double)(p->total - p->bytes) /
                      (double)p->bytes;
        unsigned long sec = left > 359999 ? 359999 : (unsigned long)left;
        if (sec >= 3600)
            cli_str_addf(&s, ", %lu:%02lu:%02lu left", sec / 3600,
                         sec / 60 % 60, sec % 60);
        else
            cli_str_addf(&s, ", %lu:%02lu left", sec / 60, sec % 60);
    }
    /* never wider than the terminal: a line that wrapped could not be
     * erased by going back to its start */
    size_t n = s.oom ? 0 : s.n;
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1 &&
        n >= ws.ws_col)
        n = ws.ws_col - 1u;
    if (n >= sizeof p->text)
        n = sizeof p->text - 1;
    memcpy(p->text, s.n ? s.p : "", n);
    p->text[n] = 0;
    cli_str_free(&s);
}

static void draw(cli_progress *p)
{
    /* one write: from the line's start, the text, the rest erased */
    char line[sizeof p->text + 8];
    snprintf(line, sizeof line, "\r%s\033[K", p->text);
    fputs(line, stderr);
    fflush(stderr);
    p->shown = 1;
    p->hidden = 0;
}

void cli_progress_update(cli_progress *p)
{
    if (!p->on)
        return;
    double t = now();
    if (t - p->start < p->delay || (p->drawn && t - p->last < p->every))
        return;
    compose(p, t);
    p->last = t;
    p->drawn = 1;
    draw(p);
}

void cli_progress_hide(cli_progress *p)
{
    if (!p->shown)
        return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    p->shown = 0;
    p->hidden = 1;
}

void cli_progress_again(cli_progress *p)
{
    if (p->hidden)
        draw(p);
}

void cli_progress_end(cli_progress *p)
{
    cli_progress_hide(p);
    p->hidden = 0;
    p->on = 0;
}

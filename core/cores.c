/*
 * cores.c -- how many CPUs this process may run on (assay_cores): the
 * CPUs of its affinity mask, fewer when a cgroup CPU quota allows less.
 * The command runs that many workers unless told otherwise.
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ay_base.h"

/* The CPUs of the affinity mask, 0 when it cannot be read. A fixed
 * cpu_set_t holds 1024 CPUs; a kernel configured for more refuses it
 * (EINVAL), so the set is then doubled until it fits. */
static int affinity_cpus(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        return CPU_COUNT(&set);
    for (int n = 2048; n <= (1 << 20); n *= 2) {
        cpu_set_t *big = CPU_ALLOC(n);
        if (!big)
            return 0;
        size_t size = CPU_ALLOC_SIZE(n);
        CPU_ZERO_S(size, big);
        int got = sched_getaffinity(0, size, big) == 0
                      ? CPU_COUNT_S(size, big) : -1;
        CPU_FREE(big);
        if (got >= 0)
            return got;
    }
    return 0;
}

/* A decimal number without sign at *s, moving *s past it: 1, or 0 when
 * there is no digit there or it does not fit. */
static int number(const char **s, unsigned long long *out)
{
    const char *p = *s;
    unsigned long long v = 0;
    if (*p < '0' || *p > '9')
        return 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (ULLONG_MAX - (unsigned)(*p - '0')) / 10)
            return 0;
        v = v * 10 + (unsigned)(*p - '0');
    }
    *s = p;
    *out = v;
    return 1;
}

/* Is s at the end of the text of b, a file of one line (a newline at
 * most left)? */
static int at_end(const char *s, const ay_buf *b)
{
    size_t left = b->n - (size_t)(s - b->p);
    return !left || (left == 1 && *s == '\n');
}

/* quota over period, rounded up: the whole CPUs a quota gives; 0 (no
 * limit) for a zero in either. */
static int whole_cpus(unsigned long long quota, unsigned long long period)
{
    if (!quota || !period)
        return 0;
    unsigned long long n = quota / period + (quota % period != 0);
    return n > INT_MAX ? INT_MAX : (int)n;
}

/* The text of a small file, NUL-terminated, into b (emptied first): 1, or
 * 0 when it cannot be read. */
static int small_file(const char *path, ay_buf *b)
{
    char why[16];
    b->n = 0;
    if (ay_read_file(path, 4096, b, why, sizeof why) != ASSAY_OK)
        return 0;
    ay_buf_cstr(b);
    return !b->oom;
}

/* cgroup v2: cpu.max in dir, "QUOTA PERIOD" or "max PERIOD". */
static int v2_limit(const char *dir, ay_buf *path, ay_buf *text)
{
    path->n = 0;
    ay_buf_printf(path, "%s/cpu.max", dir);
    if (path->oom || !small_file(ay_buf_cstr(path), text))
        return 0;
    const char *s = text->p;
    unsigned long long quota, period;
    if (!number(&s, &quota) || *s++ != ' ' || !number(&s, &period) ||
        !at_end(s, text))
        return 0;            /* "max ..." or garbled: no limit */
    return whole_cpus(quota, period);
}

/* A file of cgroup v1 holding one number in dir: 1 with *v, 0 when it is
 * absent, negative (-1, no quota) or garbled. */
static int v1_number(const char *dir, const char *name, ay_buf *path,
                     ay_buf *text, unsigned long long *v)
{
    path->n = 0;
    ay_buf_printf(path, "%s/%s", dir, name);
    if (path->oom || !small_file(ay_buf_cstr(path), text))
        return 0;
    const char *s = text->p;
    return number(&s, v) && at_end(s, text);
}

/* cgroup v1: cpu.cfs_quota_us over cpu.cfs_period_us in dir. */
static int v1_limit(const char *dir, ay_buf *path, ay_buf *text)
{
    unsigned long long quota, period;
    if (!v1_number(dir, "cpu.cfs_quota_us", path, text, &quota) ||
        !v1_number(dir, "cpu.cfs_period_us", path, text, &period))
        return 0;
    return whole_cpus(quota, period);
}

static void keep_least(int *best, int c)
{
    if (c && (!*best || c < *best))
        *best = c;
}

/* The smallest limit set in the cgroup at cg (n bytes, "/a/b") of the
 * hierarchy mounted at root, or in any cgroup above it: a parent's quota
 * binds its children too. Walking up also finds the quota of a container
 * that sees its own cgroup mounted as the root while /proc names its
 * place on the host. 0 when there is none. */
static int walk(const char *root, const char *cg, size_t n, int v2)
{
    ay_buf dir = {0}, path = {0}, text = {0};
    int best = 0;
    for (;;) {
        while (n && cg[n - 1] == '/')
            n--;
        dir.n = 0;
        ay_buf_printf(&dir, "%s%.*s", root, (int)n, cg);
        if (dir.oom)
            break;
        const char *d = ay_buf_cstr(&dir);
        keep_least(&best, v2 ? v2_limit(d, &path, &text)
                             : v1_limit(d, &path, &text));
        if (!n)
            break;
        while (n && cg[n - 1] != '/')
            n--;
    }
    ay_buf_free(&dir);
    ay_buf_free(&path);
    ay_buf_free(&text);
    return best;
}

/* Is name one of the comma-separated controllers of list (n bytes)? */
static int has_controller(const char *list, size_t n, const char *name)
{
    size_t len = strlen(name);
    for (const char *p = list, *end = list + n; p < end;) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        if ((size_t)(stop - p) == len && !memcmp(p, name, len))
            return 1;
        p = stop + 1;
    }
    return 0;
}

/* The limit for the cgroup cg (n bytes) in the hierarchy mounted at
 * sys/fs/cgroup, or at sys/fs/cgroup/SUB when sub (subn bytes) is not
 * empty. */
static int limit_under(const char *sys, const char *sub, size_t subn,
                       const char *cg, size_t n, int v2)
{
    ay_buf root = {0};
    int c = 0;
    ay_buf_printf(&root, "%s/fs/cgroup", sys);
    if (subn)
        ay_buf_printf(&root, "/%.*s", (int)subn, sub);
    if (!root.oom)
        c = walk(ay_buf_cstr(&root), cg, n, v2);
    ay_buf_free(&root);
    return c;
}

/* The limit that one line of /proc/self/cgroup (n bytes,
 * "ID:CONTROLLERS:PATH") names; 0 for none. */
static int line_limit(const char *sys, const char *line, size_t n)
{
    const char *c1 = memchr(line, ':', n);
    const char *c2 = c1 ? memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - line))
                        : NULL;
    if (!c2 || c2 + 1 == line + n || c2[1] != '/')
        return 0;
    const char *ctl = c1 + 1, *cg = c2 + 1;
    size_t ctln = (size_t)(c2 - ctl), cn = n - (size_t)(cg - line);
    int best = 0;
    if (!ctln) {
        /* cgroup v2 ("0::PATH"), mounted alone or, beside v1, as
         * "unified" */
        keep_least(&best, limit_under(sys, "", 0, cg, cn, 1));
        keep_least(&best, limit_under(sys, "unified", 7, cg, cn, 1));
    } else if (has_controller(ctl, ctln, "cpu")) {
        /* v1's cpu controller, mounted under the names of the controllers
         * it shares a hierarchy with ("cpu,cpuacct"), often also linked
         * as "cpu" */
        keep_least(&best, limit_under(sys, ctl, ctln, cg, cn, 0));
        if (ctln != 3)
            keep_least(&best, limit_under(sys, "cpu", 3, cg, cn, 0));
    }
    return best;
}

int ay_cgroup_cpus(const char *proc, const char *sys)
{
    if (!proc || !sys)
        return 0;
    ay_buf path = {0}, list = {0};
    char why[16];
    int best = 0;
    ay_buf_printf(&path, "%s/self/cgroup", proc);
    if (!path.oom && ay_read_file(ay_buf_cstr(&path), 64 << 10, &list, why,
                                  sizeof why) == ASSAY_OK) {
        for (size_t at = 0, end; at < list.n; at = end + 1) {
            const char *nl = memchr(list.p + at, '\n', list.n - at);
            end = nl ? (size_t)(nl - list.p) : list.n;
            keep_least(&best, line_limit(sys, list.p + at, end - at));
        }
    }
    ay_buf_free(&path);
    ay_buf_free(&list);
    return best;
}

int assay_cores(void)
{
    int n = affinity_cpus();
    if (n < 1) {
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        n = online < 1 ? 1 : online > INT_MAX ? INT_MAX : (int)online;
    }
    int quota = ay_cgroup_cpus("/proc", "/sys");
    return quota && quota < n ? quota : n;
}

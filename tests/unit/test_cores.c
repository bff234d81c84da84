/*
 * test_cores.c -- the CPUs a cgroup quota leaves the process
 * (ay_cgroup_cpus), read from a made-up /proc and /sys in a temporary
 * folder; and assay_cores on this machine.
 */
#define _GNU_SOURCE /* nftw's FTW_DEPTH, FTW_PHYS; sched_getaffinity */
#include <ftw.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"

#include "ay_base.h"

static char root[64];
static char proc[96], sys[96];

static int rm_one(const char *path, const struct stat *st, int flag,
                  struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/assay_cores_XXXXXX");
    if (!mkdtemp(root))
        return -1;
    snprintf(proc, sizeof proc, "%s/proc", root);
    snprintf(sys, sizeof sys, "%s/sys", root);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Write text to root/rel, making its folders. */
static void put(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    for (char *p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
        *p = 0;
        mkdir(path, 0700);
        *p = '/';
    }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static int cpus(void)
{
    return ay_cgroup_cpus(proc, sys);
}

/* Write text to root/rel, then the limit read must be want. */
static void then(const char *rel, const char *text, int want)
{
    put(rel, text);
    if (cpus() != want)
        fail_msg("after %s \"%s\": %d CPUs, not %d", rel, text, cpus(), want);
}

/* cgroup v2 alone: "max" is no quota; a quota is quota/period CPUs, a
 * part of a CPU counting as a whole one. */
static void test_cores_v2(void **state)
{
    (void)state;
    static const struct {
        const char *max;
        int cpus;
    } cases[] = {
        {"max 100000\n", 0},
        {"200000 100000\n", 2},
        {"300000 50000\n", 6},
        {"400000 100000", 4},  /* no newline at the end is the same */
        {"150000 100000\n", 2},
        {"50000 100000\n", 1},
        {"1000 100000\n", 1},
        {"200001 100000\n", 3},
    };
    put("proc/self/cgroup", "0::/job\n");
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        then("sys/fs/cgroup/job/cpu.max", cases[i].max, cases[i].cpus);
}

/* cgroup v1: cpu.cfs_quota_us over cpu.cfs_period_us, -1 for none, in the
 * hierarchy named by the controllers of the cpu line, or in .../cpu. */
static void test_cores_v1(void **state)
{
    (void)state;
    put("proc/self/cgroup", "5:memory:/other\n"
                            "4:cpu,cpuacct:/batch\n"
                            "1:name=systemd:/batch\n");
    put("sys/fs/cgroup/cpu,cpuacct/batch/cpu.cfs_period_us", "100000\n");
    then("sys/fs/cgroup/cpu,cpuacct/batch/cpu.cfs_quota_us", "-1\n", 0);
    then("sys/fs/cgroup/cpu,cpuacct/batch/cpu.cfs_quota_us", "250000\n", 3);
    /* the same files seen through the usual "cpu" link (a folder here) */
    put("sys/fs/cgroup/cpu,cpuacct/batch/cpu.cfs_quota_us", "-1\n");
    put("sys/fs/cgroup/cpu/batch/cpu.cfs_period_us", "100000\n");
    then("sys/fs/cgroup/cpu/batch/cpu.cfs_quota_us", "100000\n", 1);
    /* a quota in a hierarchy without the cpu controller is not one */
    then("proc/self/cgroup", "5:cpuacct:/batch\n", 0);
}

/* A parent's quota binds its children: the least on the way up counts,
 * and only the cgroups on that way. */
static void test_cores_nested(void **state)
{
    (void)state;
    put("proc/self/cgroup", "0::/user.slice/user-1000.slice/run.scope\n");
    put("sys/fs/cgroup/user.slice/cpu.max", "400000 100000\n");
    then("sys/fs/cgroup/user.slice/user-1000.slice/cpu.max",
         "max 100000\n", 4);
    then("sys/fs/cgroup/user.slice/user-1000.slice/run.scope/cpu.max",
         "300000 100000\n", 3);
    then("sys/fs/cgroup/user.slice/user-1000.slice/cpu.max",
         "120000 100000\n", 2);
    /* a sibling's quota is not ours */
    then("sys/fs/cgroup/user.slice/user-1000.slice/other.scope/cpu.max",
         "100000 100000\n", 2);
    /* nor is one below us */
    then("sys/fs/cgroup/user.slice/user-1000.slice/run.scope/sub/cpu.max",
         "100000 100000\n", 2);
}

/* A container sees its own cgroup mounted as the root while /proc names
 * its place on the host: the quota at the root is found. */
static void test_cores_container(void **state)
{
    (void)state;
    put("proc/self/cgroup", "0::/system.slice/docker-0123abcd.scope\n");
    then("sys/fs/cgroup/cpu.max", "200000 100000\n", 2);
}

/* v2 beside v1 ("hybrid", v2 at sys/fs/cgroup/unified): the least of
 * the two. */
static void test_cores_hybrid(void **state)
{
    (void)state;
    put("proc/self/cgroup", "1:cpu:/a\n0::/a\n");
    put("sys/fs/cgroup/cpu/a/cpu.cfs_quota_us", "500000\n");
    then("sys/fs/cgroup/cpu/a/cpu.cfs_period_us", "100000\n", 5);
    then("sys/fs/cgroup/unified/a/cpu.max", "300000 100000\n", 3);
}

/* What cannot be read, or makes no sense, sets no limit. */
static void test_cores_unreadable(void **state)
{
    (void)state;
    /* no /proc/self/cgroup at all */
    assert_int_equal(cpus(), 0);
    assert_int_equal(ay_cgroup_cpus(NULL, sys), 0);
    assert_int_equal(ay_cgroup_cpus(proc, NULL), 0);
    /* a cgroup with no cpu.max (the root has none) */
    then("proc/self/cgroup", "0::/\n", 0);
    then("proc/self/cgroup", "0::/job\n", 0);
    static const char *const garbled[] = {
        "", "\n", "abc\n", "150000\n", "150000 \n", "150000 0\n",
         "0 100000\n", "-150000 100000\n", " 150000 100000\n",
         "150000  100000\n", "150000 100000 7\n", "150000 100000\n\n",
         "1.5 1\n", "max\n", "99999999999999999999 100000\n",
    };
    for (size_t i = 0; i < sizeof garbled / sizeof *garbled; i++)
        then("sys/fs/cgroup/job/cpu.max", garbled[i], 0);
    /* v1: a quota without its period, or one of text */
    put("proc/self/cgroup", "3:cpu:/job\n");
    then("sys/fs/cgroup/cpu/job/cpu.cfs_quota_us", "200000\n", 0);
    then("sys/fs/cgroup/cpu/job/cpu.cfs_period_us", "many\n", 0);
    /* lines that are not ID:CONTROLLERS:/PATH are passed over */
    put("sys/fs/cgroup/cpu/job/cpu.cfs_period_us", "100000\n");
    then("proc/self/cgroup", "garbage\n3:cpu\n3:cpu:job\n\n3:cpu:/job", 2);
}

/* On this machine: at least 1, and no more than the affinity mask. */
static void test_cores_here(void **state)
{
    (void)state;
    cpu_set_t set;
    CPU_ZERO(&set);
    assert_int_equal(sched_getaffinity(0, sizeof set, &set), 0);
    int n = assay_cores();
    assert_true(n >= 1);
    assert_true(n <= CPU_COUNT(&set));
    int quota = ay_cgroup_cpus("/proc", "/sys");
    assert_int_equal(n, quota && quota < CPU_COUNT(&set) ? quota
                                                         : CPU_COUNT(&set));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cores_v2, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cores_v1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cores_nested, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cores_container, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_cores_hybrid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cores_unreadable, setup,
                                        teardown),
        cmocka_unit_test(test_cores_here),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

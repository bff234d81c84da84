/*
 * test_idset.c -- the run's set of project ids (pipeline.c): every id is
 * taken once, a second one is refused with where the first was, and no
 * two different ids are ever taken for one, even when their hashes are
 * made to collide; and what it costs an id as it grows.
 *
 * Positions are made up so they can be worked out from the id's number:
 * id i is at line 3i + 1 of a file that changes every 1,000 ids.
 */
#include "unit.h"

#include "ay_pipe.h"

static const char *file_for(size_t i)
{
    /* runs of 1,000 ids: a, b, a, c, a, b, ... (a file comes back) */
    static const char *const names[] = {"a.yaml", "b.yaml", "a.yaml",
                                        "c.yaml"};
    return names[(i / 1000) % 4];
}

static uint32_t line_for(size_t i)
{
    return (uint32_t)(3 * i + 1);
}

static void add_new(ay_idset *ids, const char *id, size_t i)
{
    const char *f = NULL;
    uint32_t l = 0;
    int rc = ay_idset_add(ids, id, file_for(i), line_for(i), &f, &l);
    if (rc != ASSAY_OK)
        fail_msg("id '%s' (number %zu) was refused: %d", id, i, rc);
}

static void add_dup(ay_idset *ids, const char *id, size_t first)
{
    const char *f = NULL;
    uint32_t l = 0;
    int rc = ay_idset_add(ids, id, "later.yaml", 99, &f, &l);
    if (rc != ASSAY_EINPUT)
        fail_msg("duplicate '%s' was not found: %d", id, rc);
    assert_string_equal(f, file_for(first));
    assert_int_equal(l, line_for(first));
}

/* Ids of many shapes, one after another, so that each shares little or
 * much with the one before: short and long, of the id alphabet and of
 * other bytes; pairs that differ only in length or in one character. */
static void id_of(size_t i, char *out, size_t size)
{
    switch (i % 6) {
    case 0: snprintf(out, size, "p%07zu", i); break;           /* 8 chars */
    case 1: snprintf(out, size, "Z_.-%06zu", i); break;        /* 10 */
    case 2: snprintf(out, size, "Z_.-%07zu", i); break;        /* 11 */
    case 3: snprintf(out, size, "project-%zu-of-a-long-list", i); break;
    case 4: snprintf(out, size, "id %zu", i); break;           /* a space */
    default: snprintf(out, size, "\xc3\xa9t\xc3\xa9-%zu", i); break;
    }
}

static void test_idset_each_id_once(void **state)
{
    (void)state;
    ay_idset ids = {0};
    char id[64];
    enum { N = 30000 };
    for (size_t i = 0; i < N; i++) {
        id_of(i, id, sizeof id);
        add_new(&ids, id, i);
    }
    assert_int_equal(ids.n, N);
    for (size_t i = 0; i < N; i++) {
        id_of(i, id, sizeof id);
        add_dup(&ids, id, i);
    }
    /* near misses are new: one character more, fewer, or changed */
    const char *near[] = {"p000000", "p00000000", "q0000000", "Z_.-00000",
                          "Z_.-0000001", "Z_.-000002", "Z_.-00000001",
                          "id 0", "id 1", "", "P0000000", "p0000000 "};
    for (size_t i = 0; i < sizeof near / sizeof *near; i++)
        add_new(&ids, near[i], N + i);
    add_dup(&ids, "", N + 9);
    add_dup(&ids, "p0000000", 0);
    add_dup(&ids, "Z_.-000007", 7);    /* id_of(7): case 1 */
    add_dup(&ids, "Z_.-0000008", 8);  /* id_of(8): case 2 */
    ay_idset_free(&ids);
}

/* The hash made useless: every id gets the same one (so the same home
 * slot and tag), or hashes that differ in where they go but never in
 * their tag. Ids are told apart by their numbers and texts alone. */
static uint64_t same_hash(uint64_t x)
{
    (void)x;
    return UINT64_C(0x0123456789abcdef);
}

static uint64_t same_tag(uint64_t x)
{
    return x << 32; /* low half, where tags come from, all zero */
}

static void collide(uint64_t (*mix)(uint64_t), size_t n)
{
    ay_idset ids = {.mix = mix};
    char id[64];
    for (size_t i = 0; i < n; i++) {
        id_of(i, id, sizeof id);
        add_new(&ids, id, i);
    }
    for (size_t i = 0; i < n; i++) {
        id_of(i, id, sizeof id);
        add_dup(&ids, id, i);
    }
    assert_int_equal(ids.n, n);
    assert_true(ids.cap >= 4096); /* grown twice, the clusters with it */
    ay_idset_free(&ids);
}

static void test_idset_collisions_are_not_duplicates(void **state)
{
    (void)state;
    collide(same_hash, 3000);
    collide(same_tag, 3000);
}

/* Ids of the same hash (and so of the same slot and tag), each a prefix
 * of the next or sharing one with it. */
static void test_idset_prefixes_collide(void **state)
{
    (void)state;
    ay_idset ids = {.mix = same_hash};
    add_new(&ids, "a", 0);
    add_new(&ids, "a-long-identifier", 1);
    add_new(&ids, "a b", 2);
    add_new(&ids, "a-long", 3);
    add_new(&ids, "a-long-identifier2", 4);
    add_dup(&ids, "a", 0);
    add_dup(&ids, "a-long-identifier", 1);
    add_dup(&ids, "a b", 2);
    add_dup(&ids, "a-long", 3);
    add_dup(&ids, "a-long-identifier2", 4);
    add_new(&ids, "a-lon", 5);
    ay_idset_free(&ids);
}

/* Long ids that share long prefixes: the count of shared bytes takes two
 * bytes past 127, and a group's ids span blocks of text. */
static void test_idset_long_shared_prefixes(void **state)
{
    (void)state;
    ay_idset ids = {0};
    char id[400];
    enum { N = 5000 };
    for (size_t i = 0; i < N; i++) {
        snprintf(id, sizeof id, "%0300zu", i * 7);
        add_new(&ids, id, i);
    }
    assert_true(ids.ntext > 1);
    for (size_t i = 0; i < N; i++) {
        snprintf(id, sizeof id, "%0300zu", i * 7);
        add_dup(&ids, id, i);
    }
    snprintf(id, sizeof id, "%0300zu", (size_t)8);  /* between two */
    add_new(&ids, id, N);
    snprintf(id, sizeof id, "%0299zu", (size_t)7);  /* one byte shorter */
    add_new(&ids, id, N + 1);
    ay_idset_free(&ids);
}

/* What the id set holds of n ids made by fmt from their numbers, worked
 * out from how they are coded (pipeline.c): a line of 4 bytes in blocks
 * of 4,096; a slot of 4 in an index of 1,024 slots that doubles when more
 * than 4/5 full; each group of 16 ids' place (8 bytes, in an array that
 * doubles from 64); the text, each id as the count of bytes it shares with
 * the one before (none for a group's first; one byte), the rest and a NUL,
 * in blocks of 64 KiB that no id straddles; the two words of 256 bytes;
 * 16 bytes a run of a file (an array that doubles from 16); the arrays
 * of block pointers, 8 bytes each, doubling from 1 (lines) and 16
 * (text). */
static size_t bytes_for(const char *fmt, size_t n)
{
    char prev[64] = "", id[64];
    size_t text = 0, used = 65536, tblocks = 0, runs = 0;
    for (size_t i = 0; i < n; i++) {
        snprintf(id, sizeof id, fmt, i);
        size_t len = strlen(id), shared = 0;
        if (i % 16)
            while (shared < len && prev[shared] == id[shared])
                shared++;
        size_t code = 1 + len - shared + 1;
        if (65536 - used < code) {
            tblocks++;
            used = 0;
        }
        used += code;
        text = tblocks * 65536;
        memcpy(prev, id, len + 1);
        if (i % 1000 == 0)
            runs++;
    }
    size_t lines = (n + 4095) / 4096, cap = 1024, groups = 64, runcap = 16,
           lptrs = 1, tptrs = 16;
    while (n * 5 > cap * 4)
        cap *= 2;
    while (groups < (n - 1) / 16 + 1)
        groups *= 2;
    while (runcap < runs)
        runcap *= 2;
    while (lptrs < lines)
        lptrs *= 2;
    while (tptrs < tblocks)
        tptrs *= 2;
    return lines * 4096 * 4 + lptrs * sizeof(uint32_t *) + cap * 4 +
           groups * 8 + text + tptrs * sizeof(struct idtext) + 2 * 256 +
           runcap * sizeof(struct idrun);
}

/* Bytes an id, at every size from 16,384 ids (below that, the first
 * blocks' fixed size counts more) to a million: at most 24, for ids of
 * eight characters (p0000123) and of twenty that end in their number.
 * By hand: a line is 4 bytes, the index 5 to 10 bytes an id as it fills,
 * and such an id 3 bytes of text (the count, its last character, a NUL)
 * but every sixteenth whole (10 or 22), so 12 to 19 bytes; the worst is
 * just past a doubling of the index. */
static void bytes_per_id(const char *fmt)
{
    ay_idset ids = {0};
    char id[64];
    double worst = 0;
    for (size_t i = 0; i < 1000000; i++) {
        snprintf(id, sizeof id, fmt, i);
        add_new(&ids, id, i);
        double per = (double)ay_idset_bytes(&ids) / (double)ids.n;
        if (ids.n >= 16384 && per > worst)
            worst = per;
        if (ids.n == 200000 || ids.n == 1000000) {
            print_message("id set, ids like %s: %zu ids, %.1f bytes an id\n",
                          id, ids.n, per);
            assert_int_equal(ay_idset_bytes(&ids), bytes_for(fmt, ids.n));
        }
    }
    print_message("id set: at most %.1f bytes an id from 16,384 ids\n",
                  worst);
    assert_true(worst <= 24.0);
    snprintf(id, sizeof id, fmt, (size_t)999999);
    add_dup(&ids, id, 999999);
    snprintf(id, sizeof id, fmt, (size_t)0);
    add_dup(&ids, id, 0);
    ay_idset_free(&ids);
}

static void test_idset_bytes_per_id(void **state)
{
    (void)state;
    bytes_per_id("p%07zu");
    bytes_per_id("case-studies-%07zu");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idset_each_id_once),
        cmocka_unit_test(test_idset_collisions_are_not_duplicates),
        cmocka_unit_test(test_idset_prefixes_collide),
        cmocka_unit_test(test_idset_long_shared_prefixes),
        cmocka_unit_test(test_idset_bytes_per_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

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

/* Ids of both kinds: up to ten characters of the id alphabet (kept as a
 * number), longer ones and ones of other bytes (kept as text); pairs that
 * differ only in length or in one character. */
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

/* A short id and long ones of the same hash (and so of the same slot
 * and tag): 'a' is kept as the number 37, the others as text. */
static void test_idset_short_and_long_collide(void **state)
{
    (void)state;
    ay_idset ids = {.mix = same_hash};
    add_new(&ids, "a", 0);
    add_new(&ids, "a-long-identifier", 1);
    add_new(&ids, "a b", 2);
    add_dup(&ids, "a", 0);
    add_dup(&ids, "a-long-identifier", 1);
    add_dup(&ids, "a b", 2);
    ay_idset_free(&ids);
}

/* Bytes an id, at every size from 16,384 ids (below that, the first
 * blocks' fixed size counts more) to a million ids of eight characters:
 * at most 24. Worked out by hand, a record is 12 bytes and the index
 * holds 4 bytes a slot at 2/5 to 4/5 full, so 17 to 22 bytes; the worst
 * is just past a doubling of the index and a new block of records
 * (16,385 ids: 5 blocks of 4,096 records, 32,768 slots: 376,832 bytes,
 * 23.0 an id). */
static void test_idset_bytes_per_id(void **state)
{
    (void)state;
    ay_idset ids = {0};
    char id[16];
    double worst = 0;
    assert_int_equal(sizeof(ay_idrec), 12);
    for (size_t i = 0; i < 1000000; i++) {
        snprintf(id, sizeof id, "p%07zu", i);
        add_new(&ids, id, i);
        double per = (double)ay_idset_bytes(&ids) / (double)ids.n;
        if (ids.n >= 16384 && per > worst)
            worst = per;
        if (ids.n == 200000 || ids.n == 1000000)
            print_message("id set: %zu ids, %.1f bytes an id\n", ids.n, per);
        /* 49 blocks of 4,096 records of 12 bytes, the index's 262,144
         * slots of 4 (200,000 > 4/5 of 131,072), 64 pointers to blocks,
         * room for 256 runs of a file (there are 200) of 16 bytes */
        if (ids.n == 200000)
            assert_int_equal(ay_idset_bytes(&ids),
                             49 * 4096 * 12 + 262144 * 4 +
                                 64 * sizeof(ay_idrec *) +
                                 256 * sizeof(struct idrun));
    }
    print_message("id set: at most %.1f bytes an id from 16,384 ids\n",
                  worst);
    assert_true(worst <= 24.0);
    add_dup(&ids, "p0999999", 999999);
    add_dup(&ids, "p0000000", 0);
    ay_idset_free(&ids);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idset_each_id_once),
        cmocka_unit_test(test_idset_collisions_are_not_duplicates),
        cmocka_unit_test(test_idset_short_and_long_collide),
        cmocka_unit_test(test_idset_bytes_per_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_heap.c -- the allocator of a script's Lua state (heap.c), called
 * as Lua calls it: small blocks freed are handed out again, a block keeps
 * its bytes when it is resized, the heap counts the sizes asked for
 * against the limit, and the kept blocks stay under their cap.
 */
#include "unit.h"

#include "ay_vm.h"

typedef struct heap_fixture {
    ay_vm vm;
    ay_buf err;
} heap_fixture;

static int setup(void **state)
{
    heap_fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assay_limits lim;
    ay_limits_default(&lim);
    assert_int_equal(ay_vm_init(&f->vm, &lim, NULL, &f->err), ASSAY_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    heap_fixture *f = *state;
    ay_vm_free(&f->vm); /* frees the kept blocks: leaks show in ASan */
    ay_buf_free(&f->err);
    free(f);
    return 0;
}

/* Lua's calls: a new block (the tag of what it is for, here none), a
 * resize, a free. */
static void *get(heap_fixture *f, size_t n)
{
    return ay_heap_alloc(&f->vm, NULL, 0, n);
}

static void *resize(heap_fixture *f, void *p, size_t o, size_t n)
{
    return ay_heap_alloc(&f->vm, p, o, n);
}

static void put(heap_fixture *f, void *p, size_t o)
{
    assert_null(ay_heap_alloc(&f->vm, p, o, 0));
}

/* A block of 33 to 48 bytes freed is the next one of 33 to 48 bytes; the
 * heap counts what was asked for. */
static void test_heap_small_blocks_come_back(void **state)
{
    heap_fixture *f = *state;
    size_t used = f->vm.heap.used;
    char *p = get(f, 40);
    assert_non_null(p);
    assert_int_equal(f->vm.heap.used, used + 40);
    put(f, p, 40);
    assert_int_equal(f->vm.heap.used, used);
    assert_ptr_equal(get(f, 33), p);
    put(f, p, 33);
    assert_ptr_equal(get(f, 48), p);
    put(f, p, 48);
    /* 49 bytes is the next size: another block */
    char *q = get(f, 49);
    assert_ptr_not_equal(q, p);
    put(f, q, 49);
}

/* A resize keeps the bytes the block had, up to the smaller size, inside
 * a size and across sizes, small and large. */
static void test_heap_resize_keeps_bytes(void **state)
{
    heap_fixture *f = *state;
    static const size_t SIZES[] = {1, 15, 16, 17, 100, 256, 257, 1000, 200, 8};
    unsigned char *p = get(f, SIZES[0]);
    assert_non_null(p);
    p[0] = 1;
    size_t was = SIZES[0];
    for (size_t k = 1; k < sizeof SIZES / sizeof *SIZES; k++) {
        size_t n = SIZES[k];
        p = resize(f, p, was, n);
        assert_non_null(p);
        for (size_t i = 0; i < (was < n ? was : n); i++)
            assert_int_equal(p[i], (unsigned char)(i * 7 + 1));
        for (size_t i = 0; i < n; i++)
            p[i] = (unsigned char)(i * 7 + 1);
        was = n;
    }
    /* inside one size the block stays where it is */
    unsigned char *q = resize(f, p, was, 12);
    assert_ptr_equal(q, p);
    put(f, q, 12);
    assert_int_equal(f->vm.heap.used, 0);
}

/* Freed blocks kept add up to at most 1 MiB; larger blocks are not kept. */
static void test_heap_kept_blocks_capped(void **state)
{
    heap_fixture *f = *state;
    enum { N = 8192 }; /* 8192 blocks of 256 bytes: 2 MiB */
    void **p = calloc(N, sizeof *p);
    assert_non_null(p);
    for (int i = 0; i < N; i++)
        assert_non_null(p[i] = get(f, 256));
    for (int i = 0; i < N; i++)
        put(f, p[i], 256);
    assert_int_equal(f->vm.heap.spare_bytes, 1u << 20);
    size_t kept = f->vm.heap.spare_bytes;
    void *big = get(f, 1000);
    put(f, big, 1000);
    assert_int_equal(f->vm.heap.spare_bytes, kept);
    free(p);
}

/* The limit counts the sizes asked for, whatever blocks are kept. */
static void test_heap_limit_holds(void **state)
{
    heap_fixture *f = *state;
    void *a = get(f, 200);
    put(f, a, 200); /* one block of 208 kept */
    f->vm.heap.max = f->vm.heap.used + 300;
    void *b = get(f, 200);
    assert_non_null(b);
    assert_null(get(f, 150)); /* 350 > 300: refused */
    f->vm.heap.refused_size = 0;
    void *c = get(f, 100);
    assert_non_null(c);
    put(f, b, 200);
    put(f, c, 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_heap_small_blocks_come_back,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_heap_resize_keeps_bytes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_heap_kept_blocks_capped, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_heap_limit_holds, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * heap.c -- the allocator of a script's Lua state: it counts the heap
 * against the memory limit, refuses strings over the string limit, reads
 * the clock as the heap grows, numbers the tables, functions and userdata
 * the state creates, and keeps small freed blocks to hand out again.
 *
 * Lua tells an allocator the type of each new object (osize is the type
 * tag when ptr is NULL, Lua manual s4.6). The creation number is how
 * objects used as table keys are put in an order that is the same on
 * every run: their addresses are not. The numbers live in a hash table
 * beside the heap, counted against the memory limit.
 */
#include <stdlib.h>
#include <string.h>

#include "ay_vm.h"

/* Strings at least this long make the count hook run more often: comparing
 * two of them is one VM instruction that can take milliseconds. */
#define BIG_STRING (1u << 20)
/* Bytes allocated between two readings of the clock. */
#define CLOCK_BYTES (256u << 10)

/* ---- Object numbers: address -> creation number, open addressing ----- */

static size_t slot_of(const ay_heap *h, uintptr_t a)
{
    return (size_t)(((uint64_t)a >> 4) * 0x9E3779B97F4A7C15ull >> 32) &
           (h->cap - 1);
}

static void put(ay_heap *h, uintptr_t a, uint64_t seq)
{
    size_t i = slot_of(h, a);
    while (h->obj[i].addr && h->obj[i].addr != a)
        i = (i + 1) & (h->cap - 1);
    h->n += !h->obj[i].addr;
    h->obj[i].addr = a;
    h->obj[i].seq = seq;
}

/* Room for one more object; 0 when the table cannot grow within the
 * memory limit (or at all). */
static int reserve(ay_heap *h)
{
    if (2 * (h->n + 1) <= h->cap)
        return 1;
    size_t cap = h->cap ? 2 * h->cap : 256;
    size_t bytes = cap * sizeof *h->obj, was = h->cap * sizeof *h->obj;
    if (h->used - was + bytes > h->max)
        return 0;
    struct ay_obj *old = h->obj;
    size_t oldcap = h->cap;
    if (!(h->obj = calloc(cap, sizeof *h->obj))) {
        h->obj = old;
        return 0;
    }
    h->cap = cap;
    h->n = 0;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].addr)
            put(h, old[i].addr, old[i].seq);
    free(old);
    h->used = h->used - was + bytes;
    return 1;
}

/* Remove a, shifting later entries of its run back so that lookups need
 * no tombstones. */
static void forget(ay_heap *h, uintptr_t a)
{
    size_t i = slot_of(h, a);
    while (h->obj[i].addr != a) {
        if (!h->obj[i].addr)
            return;
        i = (i + 1) & (h->cap - 1);
    }
    size_t j = i;
    for (;;) {
        j = (j + 1) & (h->cap - 1);
        if (!h->obj[j].addr)
            break;
        size_t home = slot_of(h, h->obj[j].addr);
        /* j's entry may move to i if its home is not in (i, j] */
        if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
            h->obj[i] = h->obj[j];
            i = j;
        }
    }
    h->obj[i].addr = 0;
    h->n--;
}

uint64_t ay_heap_seq(const ay_heap *h, const void *p)
{
    uintptr_t a = (uintptr_t)p;
    if (!h->n || !a)
        return 0;
    for (size_t i = slot_of(h, a); h->obj[i].addr; i = (i + 1) & (h->cap - 1))
        if (h->obj[i].addr == a)
            return h->obj[i].seq;
    return 0;
}

/* Only blocks of a size some numbered object has are looked up when
 * freed; sizes are multiples of 8 below 512 (bit size/8), or "big". */
static int maybe_object(const ay_heap *h, size_t size)
{
    return size < 512 ? (int)((h->sizes >> (size / 8)) & 1) : h->big_objects;
}

static void note_size(ay_heap *h, size_t size)
{
    if (size < 512)
        h->sizes |= 1ull << (size / 8);
    else
        h->big_objects = 1;
}

/* ---- Small blocks ------------------------------------------------------
 *
 * Most of what a criterion allocates is small and short-lived: strings of
 * a note, a table or two. Freed blocks of up to 256 bytes are kept in a
 * list per multiple of 16 and handed out again, which spares malloc and
 * free almost every call. The lists hold at most HEAP_SPARE_MAX bytes;
 * what the heap counts against the limit is unchanged (the sizes Lua
 * asked for). */
#define HEAP_SPARE_MAX (1u << 20)

static unsigned size_class(size_t size)
{
    return size <= 256 ? (unsigned)((size + 15) >> 4) : 0; /* 0: not small */
}

static void *block_new(ay_heap *h, size_t size)
{
    unsigned c = size_class(size);
    if (!c)
        return malloc(size);
    void *p = h->spare[c - 1];
    if (!p)
        return malloc((size_t)c << 4);
    memcpy(&h->spare[c - 1], p, sizeof p);
    h->spare_bytes -= (size_t)c << 4;
    return p;
}

static void block_free(ay_heap *h, void *p, size_t size)
{
    unsigned c = size_class(size);
    if (!c || h->spare_bytes + ((size_t)c << 4) > HEAP_SPARE_MAX) {
        free(p);
        return;
    }
    memcpy(p, &h->spare[c - 1], sizeof p);
    h->spare[c - 1] = p;
    h->spare_bytes += (size_t)c << 4;
}

/* realloc for the heap's blocks: a block of osize (ptr NULL: none). */
static void *block_resize(ay_heap *h, void *ptr, size_t osize, size_t nsize)
{
    unsigned oc = ptr ? size_class(osize) : 0, nc = size_class(nsize);
    if (ptr && oc == nc)
        return oc ? ptr : realloc(ptr, nsize);
    void *p = block_new(h, nsize);
    if (p && ptr) {
        memcpy(p, ptr, osize < nsize ? osize : nsize);
        block_free(h, ptr, osize);
    }
    return p;
}

void ay_heap_reset(ay_heap *h)
{
    for (int c = 0; c < 16; c++)
        for (void *p = h->spare[c], *next; p; p = next) {
            memcpy(&next, p, sizeof next);
            free(p);
        }
    free(h->obj);
    size_t max = h->max, string_max = h->string_max;
    memset(h, 0, sizeof *h);
    h->max = max;
    h->string_max = string_max;
}

/* A long string (over 40 bytes) is one block of a header, its bytes and
 * a NUL; measuring the header here keeps Lua's struct out of assay. */
void ay_heap_measure(lua_State *L, ay_heap *h)
{
    static const char text[64];
    h->probe = sizeof text;
    lua_pushlstring(L, text, sizeof text);
    lua_pop(L, 1);
}

/* ---- The allocator --------------------------------------------------- */

void *ay_heap_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    ay_vm *vm = ud;
    ay_heap *h = &vm->heap;
    int tag = ptr ? LUA_TNONE : (int)osize;
    if (!ptr)
        osize = 0;
    if (nsize == 0) {
        if (h->n && maybe_object(h, osize))
            forget(h, (uintptr_t)ptr);
        if (ptr)
            block_free(h, ptr, osize);
        h->used -= osize;
        return NULL;
    }
    if (tag == LUA_TSTRING && h->probe) {
        h->string_header = nsize - h->probe;
        h->probe = 0;
    }
    if (tag == LUA_TSTRING && vm->armed &&
        nsize - h->string_header > h->string_max) {
        ay_limit_string(vm, nsize - h->string_header);
        return NULL;
    }
    int object = tag == LUA_TTABLE || tag == LUA_TFUNCTION;
    /* Lua may answer a refusal with an emergency collection and ask again
     * at once. A refusal is the memory limit when that retry is refused
     * too, or when the next request is another one (there was no retry:
     * the error was raised). */
    int retry = h->refused_size && h->refused == ptr &&
                h->refused_size == nsize;
    if (h->refused_size && !retry && nsize > osize)
        ay_limit_memory(vm);
    if (nsize > osize && (h->used + (nsize - osize) > h->max ||
                          (object && !reserve(h)))) {
        if (retry)
            ay_limit_memory(vm);
        else
            ay_limit_memory_where(vm); /* while the stack still shows it */
        h->refused = ptr;
        h->refused_size = retry ? 0 : nsize;
        return NULL;
    }
    h->refused_size = 0;
    void *p = block_resize(h, ptr, osize, nsize);
    if (!p)
        return NULL;
    h->used = h->used - osize + nsize;
    if (tag == LUA_TTABLE || tag == LUA_TFUNCTION || tag == LUA_TUSERDATA) {
        h->objects++;
        if (object) {
            put(h, (uintptr_t)p, h->objects);
            note_size(h, nsize);
        }
    }
    if (nsize > osize && vm->armed) {
        if (tag == LUA_TSTRING) {
            /* making a string is work no instruction counts */
            vm->steps += nsize / AY_BYTES_PER_STEP;
            if (vm->steps > vm->lim.instructions)
                ay_limits_check_clock(vm);
            if (nsize >= BIG_STRING && !h->big_strings) {
                h->big_strings = 1;
                ay_limits_retune(vm);
            }
        }
        h->since_clock += nsize - osize;
        if (h->since_clock >= CLOCK_BYTES) {
            h->since_clock = 0;
            ay_limits_check_clock(vm);
        }
    }
    return p;
}

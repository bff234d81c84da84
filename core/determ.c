/*
 * determ.c -- what a script sees depends on its inputs only, so that the
 * same cases and script give the same bytes on every run and machine and
 * whatever -j: the order in which pairs and next visit keys, the order
 * table.sort leaves equal elements in, the text tostring and
 * string.format give for tables and functions, and math.random's seed.
 *
 * Lua's own pairs follows the table's hash layout, which depends on a
 * string-hash seed Lua draws from the clock and addresses at every
 * lua_newstate; its sort picks pivots from the clock; tostring prints
 * addresses. Rather than own a patched Lua, assay gives scripts versions
 * of these functions whose results are fixed by the values involved.
 *
 * The order of keys: numbers (by value), then strings (bytewise), then
 * false and true, then tables, functions and userdata in the order they
 * were created (heap.c numbers them). Each is a total order on the keys a
 * table can hold, so sorting is deterministic whatever the sort.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "ay_vm.h"

enum { R_NUMBER, R_STRING, R_BOOLEAN, R_OBJECT, R_OTHER };

typedef struct key {
    int rank;
    int isint;
    lua_Integer i;       /* integer keys, and booleans as 0/1 */
    double d;            /* float keys: never NaN, never integral */
    const char *s;       /* strings: anchored by the table of keys */
    size_t len;
    uint64_t seq;        /* objects: creation number */
    const void *ptr;     /* what is left: by address (see key_of) */
    lua_Integer idx;     /* where the key waits while keys are sorted */
} key;

/* Describe the key at idx. Strings point into Lua: the caller keeps them
 * reachable. */
static void key_of(lua_State *L, int idx, key *k)
{
    memset(k, 0, sizeof *k);
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
        k->rank = R_NUMBER;
        k->isint = lua_isinteger(L, idx);
        if (k->isint)
            k->i = lua_tointeger(L, idx);
        else
            k->d = lua_tonumber(L, idx);
        break;
    case LUA_TSTRING:
        k->rank = R_STRING;
        k->s = lua_tolstring(L, idx, &k->len);
        break;
    case LUA_TBOOLEAN:
        k->rank = R_BOOLEAN;
        k->i = lua_toboolean(L, idx);
        break;
    case LUA_TTABLE:
    case LUA_TFUNCTION:
    case LUA_TUSERDATA:
        k->seq = lua_type(L, idx) == LUA_TUSERDATA
                     ? ay_lproject_seq(L, idx)
                     : ay_heap_seq(&ay_vm_of(L)->heap,
                                   lua_topointer(L, idx));
        k->rank = k->seq ? R_OBJECT : R_OTHER;
        k->ptr = lua_topointer(L, idx);
        break;
    default:
        /* Light C functions and other values no script can reach (the
         * sandbox hands out only closures): by address. */
        k->rank = R_OTHER;
        k->ptr = lua_topointer(L, idx);
        break;
    }
}

/* An integer against a float that is not integral (or is out of the
 * integers' range): i < d exactly when i <= floor(d). */
static int int_float(lua_Integer i, double d)
{
    if (d >= 0x1p63)
        return -1;
    if (d < -0x1p63)
        return 1;
    return i <= (lua_Integer)floor(d) ? -1 : 1;
}

static int key_cmp(const key *a, const key *b)
{
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    switch (a->rank) {
    case R_NUMBER:
        if (a->isint && b->isint)
            return a->i < b->i ? -1 : a->i > b->i;
        if (a->isint)
            return int_float(a->i, b->d);
        if (b->isint)
            return -int_float(b->i, a->d);
        return a->d < b->d ? -1 : a->d > b->d;
    case R_STRING: {
        int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
        if (c)
            return c < 0 ? -1 : 1;
        return a->len < b->len ? -1 : a->len > b->len;
    }
    case R_BOOLEAN:
        return a->i < b->i ? -1 : a->i > b->i;
    case R_OBJECT:
        if (a->seq != b->seq)
            return a->seq < b->seq ? -1 : 1;
        break;
    }
    return a->ptr < b->ptr ? -1 : a->ptr > b->ptr;
}

static int key_qcmp(const void *a, const void *b)
{
    return key_cmp(a, b);
}

/* Push a sequence of the keys of the table at t, in order. The work is
 * charged to the call as instructions. [-0, +1, e] */
void ay_sorted_keys(lua_State *L, int t)
{
    t = lua_absindex(L, t);
    lua_newtable(L); /* the keys, in the table's own order */
    int keys = lua_gettop(L);
    lua_Integer n = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_rawseti(L, keys, ++n);
        if ((n & 1023) == 0)
            ay_limits_charge(L, 1024);
    }
    if (n < 2)
        return;
    ay_limits_charge(L, (double)n * log2((double)n));
    key *k = lua_newuserdatauv(L, (size_t)n * sizeof *k, 0);
    for (lua_Integer i = 0; i < n; i++) {
        lua_rawgeti(L, keys, i + 1);
        key_of(L, -1, &k[i]);
        k[i].idx = i + 1;
        lua_pop(L, 1); /* still in keys: strings stay valid */
    }
    qsort(k, (size_t)n, sizeof *k, key_qcmp);
    lua_createtable(L, (int)n, 0);
    for (lua_Integer i = 0; i < n; i++) {
        lua_rawgeti(L, keys, k[i].idx);
        lua_rawseti(L, -2, i + 1);
    }
    lua_replace(L, keys);
    lua_pop(L, 1); /* the records */
}

/* ---- pairs ------------------------------------------------------------ */

/* The iterator pairs returns: upvalues the table, its sorted keys and the
 * position reached. Keys set to nil during the loop are skipped, as Lua
 * allows; keys added during it are not visited (Lua leaves that
 * undefined). */
static int pairs_step(lua_State *L)
{
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(3));
    for (;;) {
        if (lua_rawgeti(L, lua_upvalueindex(2), ++i) == LUA_TNIL)
            break;
        lua_pushvalue(L, -1);
        if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) {
            lua_pushinteger(L, i);
            lua_replace(L, lua_upvalueindex(3));
            return 2;
        }
        lua_pop(L, 2);
    }
    lua_pushinteger(L, i - 1);
    lua_replace(L, lua_upvalueindex(3));
    return 0;
}

void ay_determ_push_iterator(lua_State *L, int t)
{
    t = lua_absindex(L, t);
    lua_pushvalue(L, t);
    ay_sorted_keys(L, t);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, pairs_step, 3);
}

/* pairs(t): __pairs if t has one, else an iterator over t's keys in the
 * order above. */
static int l_pairs(lua_State *L)
{
    luaL_checkany(L, 1);
    if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 3);
        return 3;
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    ay_determ_push_iterator(L, 1);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

/* ---- next ------------------------------------------------------------- */

/* next(t, k): the key after k in the order above, and its value.
 *
 * next(t) finds the least key in one pass. Walking on from a key uses the
 * sorted keys of the last table walked (upvalue 1 holds the table, its
 * keys, the position and the call they belong to), so a loop of next
 * calls costs one sort, not a pass per step. The keys are sorted afresh
 * when another table, another key or another call comes. */
enum { C_TABLE = 1, C_KEYS, C_POS, C_CALL };

static int l_next(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    ay_vm *vm = ay_vm_of(L);
    if (lua_isnil(L, 2)) {
        key best, k;
        int have = 0;
        lua_Integer n = 0;
        lua_pushnil(L);
        while (lua_next(L, 1)) {
            lua_pop(L, 1);
            if ((++n & 1023) == 0)
                ay_limits_charge(L, 1024);
            key_of(L, -1, &k);
            if (!have || key_cmp(&k, &best) < 0) {
                lua_pushvalue(L, -1);
                lua_replace(L, 2); /* keeps a best string alive */
                key_of(L, 2, &best);
                have = 1;
            }
        }
        if (!have) {
            lua_pushnil(L); /* as Lua's next: one nil for an empty table */
            return 1;
        }
        lua_pushvalue(L, 2);
        lua_rawget(L, 1);
        return 2;
    }
    int cache = lua_upvalueindex(1);
    lua_Integer pos = 0;
    lua_rawgeti(L, cache, C_TABLE);
    lua_rawgeti(L, cache, C_CALL);
    int same = lua_rawequal(L, 3, 1) &&
               lua_tointeger(L, 4) == (lua_Integer)vm->calls;
    lua_settop(L, 2);
    if (same) {
        lua_rawgeti(L, cache, C_KEYS);
        lua_rawgeti(L, cache, C_POS);
        pos = lua_tointeger(L, 4);
        lua_rawgeti(L, 3, pos);
        if (!lua_rawequal(L, 5, 2))
            pos = 0;
        lua_settop(L, pos ? 3 : 2);
    }
    if (!pos) {
        /* the position of k among freshly sorted keys, or where it would
         * be if it was removed during the walk */
        ay_sorted_keys(L, 1);
        lua_Integer lo = 1, hi = (lua_Integer)lua_rawlen(L, 3);
        key want, k;
        key_of(L, 2, &want);
        while (lo <= hi) {
            lua_Integer mid = lo + (hi - lo) / 2;
            lua_rawgeti(L, 3, mid);
            key_of(L, -1, &k);
            int c = key_cmp(&k, &want);
            lua_pop(L, 1);
            if (c <= 0)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        pos = lo - 1;
        lua_pushvalue(L, 1);
        lua_rawseti(L, cache, C_TABLE);
        lua_pushvalue(L, 3);
        lua_rawseti(L, cache, C_KEYS);
        lua_pushinteger(L, (lua_Integer)vm->calls);
        lua_rawseti(L, cache, C_CALL);
    }
    int keys = lua_gettop(L);
    for (;;) {
        if (lua_rawgeti(L, keys, ++pos) == LUA_TNIL)
            return 1; /* nil: the end */
        lua_pushvalue(L, -1);
        if (lua_rawget(L, 1) != LUA_TNIL)
            break;
        lua_pop(L, 2);
    }
    lua_pushinteger(L, pos);
    lua_rawseti(L, cache, C_POS);
    return 2;
}

/* ---- ipairs ----------------------------------------------------------- */

static int ipairs_step(lua_State *L)
{
    lua_Integer i = luaL_checkinteger(L, 2);
    lua_pushinteger(L, i + 1);
    return lua_geti(L, 1, i + 1) == LUA_TNIL ? 1 : 2;
}

/* ipairs(t), as Lua's, but its iterator is a closure made once (upvalue
 * 1): a light C function has no creation number to order it by. */
static int l_ipairs(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 0);
    return 3;
}

/* ---- table.sort ------------------------------------------------------- */

/* Is a < b? a and b are stack indices; the comparator, if any, at 2. */
static int less(lua_State *L, int a, int b, int *polls)
{
    a = lua_absindex(L, a);
    b = lua_absindex(L, b);
    if (++*polls == 16) {
        *polls = 0;
        ay_limits_poll(L); /* one comparison of long strings takes ms */
    }
    if (lua_isnil(L, 2))
        return lua_compare(L, a, b, LUA_OPLT);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, a);
    lua_pushvalue(L, b);
    lua_call(L, 2, 1);
    int r = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return r;
}

/* table.sort(t [, comp]): a stable merge sort. Lua's quicksort draws
 * pivots from the clock on large unbalanced inputs, so equal elements
 * could come out in another order on another run; a stable sort keeps
 * them in the order they came. Elements are read and written with
 * lua_geti and lua_seti, so metamethods apply as in Lua's. */
static int l_sort(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = luaL_len(L, 1);
    if (!lua_isnoneornil(L, 2))
        luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    if (n < 2)
        return 0;
    luaL_argcheck(L, n < INT32_MAX, 1, "array too big");
    ay_limits_charge(L, (double)n * log2((double)n));
    lua_createtable(L, (int)n, 0); /* 3: the run being read */
    lua_createtable(L, (int)n, 0); /* 4: the run being written */
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, 1, i);
        lua_rawseti(L, 3, i);
    }
    int polls = 0;
    for (lua_Integer width = 1; width < n; width *= 2) {
        for (lua_Integer lo = 1; lo <= n; lo += 2 * width) {
            lua_Integer mid = lo + width, hi = lo + 2 * width;
            if (mid > n + 1)
                mid = n + 1;
            if (hi > n + 1)
                hi = n + 1;
            lua_Integer i = lo, j = mid, out = lo;
            while (i < mid || j < hi) {
                int right = 0;
                if (i < mid && j < hi) {
                    lua_rawgeti(L, 3, j);
                    lua_rawgeti(L, 3, i);
                    right = less(L, -2, -1, &polls); /* only when strictly less */
                    lua_pop(L, 2);
                } else {
                    right = j < hi;
                }
                lua_rawgeti(L, 3, right ? j++ : i++);
                lua_rawseti(L, 4, out++);
            }
        }
        lua_rotate(L, 3, 1); /* swap the runs */
    }
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, 3, i);
        lua_seti(L, 1, i);
    }
    return 0;
}

/* ---- tostring and %p: names, not addresses ---------------------------- */

/* The number of the object at idx in this call: objects are numbered as
 * tostring or %p first meets them in a call, so that the text depends on
 * what the call did, not on where the allocator put things or on what
 * earlier calls (on this worker or another) did. ids is the holder that
 * tostring and format share: {[1] = {[object] = n}, [2] = count,
 * [3] = the call it counts}. */
static lua_Integer object_number(lua_State *L, int idx, int ids)
{
    idx = lua_absindex(L, idx);
    ay_vm *vm = ay_vm_of(L);
    lua_rawgeti(L, ids, 3);
    if (lua_tointeger(L, -1) != (lua_Integer)vm->calls) {
        lua_newtable(L); /* another call: start afresh */
        lua_rawseti(L, ids, 1);
        lua_pushinteger(L, 0);
        lua_rawseti(L, ids, 2);
        lua_pushinteger(L, (lua_Integer)vm->calls);
        lua_rawseti(L, ids, 3);
    }
    lua_rawgeti(L, ids, 1);
    lua_pushvalue(L, idx);
    lua_Integer n;
    if (lua_rawget(L, -2) == LUA_TNUMBER) {
        n = lua_tointeger(L, -1);
    } else {
        lua_rawgeti(L, ids, 2);
        n = lua_tointeger(L, -1) + 1;
        lua_pushinteger(L, n);
        lua_rawseti(L, ids, 2);
        lua_pushvalue(L, idx);
        lua_pushinteger(L, n);
        lua_rawset(L, -5);
        lua_pop(L, 1);
    }
    lua_pop(L, 3);
    return n;
}

/* Push the text tostring gives for the value at idx: a __tostring
 * result, or for a table, function or userdata without one, its kind
 * (its __name, or its type) and its number in this call. [-0, +1, e] */
static const char *push_text(lua_State *L, int idx, int ids)
{
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
    case LUA_TBOOLEAN:
    case LUA_TNUMBER:
    case LUA_TSTRING: /* Lua's text, __tostring included */
        return luaL_tolstring(L, idx, NULL);
    default: {
        if (luaL_callmeta(L, idx, "__tostring")) {
            if (!lua_isstring(L, -1))
                luaL_error(L, "'__tostring' must return a string");
            return lua_tostring(L, -1);
        }
        int named = luaL_getmetafield(L, idx, "__name") == LUA_TSTRING;
        const char *kind = named ? lua_tostring(L, -1) : luaL_typename(L, idx);
        lua_Integer n = object_number(L, idx, ids);
        lua_pushfstring(L, "%s: #%I", kind, (LUAI_UACINT)n);
        if (named)
            lua_remove(L, -2);
        return lua_tostring(L, -1);
    }
    }
}

/* tostring(v); upvalue 1 is the table of object numbers. */
static int l_tostring(lua_State *L)
{
    luaL_checkany(L, 1);
    push_text(L, 1, lua_upvalueindex(1));
    return 1;
}

/* string.format(fmt, ...): Lua's, after each %s argument that is a table,
 * function or userdata has been replaced by its text as tostring gives
 * it, and each %p argument by its number in this call. Upvalue 1 is
 * Lua's format, upvalue 2 the table of object numbers. */
static int l_format(lua_State *L)
{
    size_t len;
    const char *f = luaL_checklstring(L, 1, &len), *end = f + len;
    int arg = 1, top = lua_gettop(L);
    for (const char *c = f; c < end; c++) {
        if (*c != '%')
            continue;
        if (++c < end && *c == '%')
            continue;
        while (c < end && *c && strchr("-+ #0123456789.", *c))
            c++;
        if (c >= end || ++arg > top)
            break; /* Lua's format reports it */
        int t = lua_type(L, arg);
        int object = t == LUA_TTABLE || t == LUA_TFUNCTION ||
                     t == LUA_TUSERDATA || t == LUA_TTHREAD;
        if (*c == 's' && object) {
            push_text(L, arg, lua_upvalueindex(2));
            lua_replace(L, arg);
        } else if (*c == 'p' && (object || t == LUA_TSTRING)) {
            lua_Integer n = object_number(L, arg, lua_upvalueindex(2));
            lua_pushlightuserdata(L, (void *)(uintptr_t)n);
            lua_replace(L, arg);
        }
    }
    return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/* ---- math.randomseed -------------------------------------------------- */

/* math.randomseed(x [, y]) as Lua's; with no argument, Lua's would seed
 * from the clock and an address and return them to the script: here it
 * goes back to the seed the engine gave the running call. Upvalue 1 is
 * Lua's randomseed. */
static int l_randomseed(lua_State *L)
{
    ay_vm_of(L)->seed_pending = 0; /* this call seeds */
    if (lua_isnone(L, 1))
        lua_pushinteger(L, ay_vm_of(L)->seed);
    else { /* checked here, where the error can name randomseed */
        luaL_checknumber(L, 1);
        luaL_optnumber(L, 2, 0);
    }
    /* Lua's randomseed keeps its state in an upvalue: call it as itself */
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* math.random(...) as Lua's (upvalue 1), seeded first with the running
 * call's seed if the engine set one since the last draw (upvalue 2: Lua's
 * randomseed). Seeding costs more than most criteria draw, and most draw
 * nothing: so it waits for the first draw. */
static int l_random(lua_State *L)
{
    /* Lua's own checks, made here where the error can name random */
    int n = lua_gettop(L);
    if (n > 2)
        return luaL_error(L, "wrong number of arguments");
    lua_Integer low = n == 2 ? luaL_checkinteger(L, 1) : 1,
                up = n ? luaL_checkinteger(L, n) : 1;
    luaL_argcheck(L, low <= up || (n == 1 && up == 0), 1, "interval is empty");
    ay_vm *vm = ay_vm_of(L);
    if (vm->seed_pending) {
        vm->seed_pending = 0;
        lua_pushvalue(L, lua_upvalueindex(2));
        lua_pushinteger(L, vm->seed);
        lua_call(L, 1, 0);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* ---- utf8.codes ------------------------------------------------------- */

/* utf8.codes(s [, lax]) as Lua's, with its light C iterator swapped for a
 * closure of it (upvalues: Lua's codes, then the strict and lax
 * iterators as closures). */
static int l_codes(lua_State *L)
{
    int n = lua_tocfunction(L, lua_upvalueindex(1))(L);
    int first = lua_gettop(L) - n + 1;
    if (n > 0 && lua_iscfunction(L, first))
        for (int u = 2; u <= 3; u++)
            if (lua_tocfunction(L, first) ==
                lua_tocfunction(L, lua_upvalueindex(u))) {
                lua_pushvalue(L, lua_upvalueindex(u));
                lua_replace(L, first);
            }
    return n;
}

/* ---- Registration ----------------------------------------------------- */

/* A closure of f with one upvalue, so that it is an object with a
 * creation number. [-0, +1, m] */
void ay_determ_closure(lua_State *L, lua_CFunction f)
{
    lua_pushboolean(L, 1);
    lua_pushcclosure(L, f, 1);
}

void ay_determ_open(lua_State *L, int base, int string, int table, int math,
                    int utf8)
{
    base = lua_absindex(L, base);
    string = lua_absindex(L, string);
    table = lua_absindex(L, table);
    math = lua_absindex(L, math);
    utf8 = lua_absindex(L, utf8);

    lua_createtable(L, 3, 0); /* object numbers: tostring's and format's */
    int ids = lua_gettop(L);
    lua_newtable(L);
    lua_rawseti(L, ids, 1);
    lua_pushinteger(L, 0);
    lua_rawseti(L, ids, 2);
    lua_pushinteger(L, -1);
    lua_rawseti(L, ids, 3);

    ay_determ_closure(L, l_pairs);
    lua_setfield(L, base, "pairs");
    lua_newtable(L); /* next's cache */
    lua_pushcclosure(L, l_next, 1);
    lua_setfield(L, base, "next");
    ay_determ_closure(L, ipairs_step);
    lua_pushcclosure(L, l_ipairs, 1);
    lua_setfield(L, base, "ipairs");
    lua_pushvalue(L, ids);
    lua_pushcclosure(L, l_tostring, 1);
    lua_setfield(L, base, "tostring");

    lua_getfield(L, string, "format");
    lua_pushvalue(L, ids);
    lua_pushcclosure(L, l_format, 2);
    lua_setfield(L, string, "format");

    ay_determ_closure(L, l_sort);
    lua_setfield(L, table, "sort");

    lua_getfield(L, math, "random");
    lua_getfield(L, math, "randomseed");
    lua_pushcclosure(L, l_random, 2);
    lua_setfield(L, math, "random");
    lua_getfield(L, math, "randomseed");
    lua_pushcclosure(L, l_randomseed, 1);
    lua_setfield(L, math, "randomseed");

    /* utf8.codes: find Lua's two iterators by asking for them */
    lua_getfield(L, utf8, "codes");
    for (int lax = 0; lax < 2; lax++) {
        lua_pushvalue(L, -1 - lax);
        lua_pushliteral(L, "");
        lua_pushboolean(L, lax);
        lua_call(L, 2, 1);
        lua_CFunction f = lua_tocfunction(L, -1);
        lua_pop(L, 1);
        ay_determ_closure(L, f);
    }
    lua_pushcclosure(L, l_codes, 3);
    lua_setfield(L, utf8, "codes");
    lua_pop(L, 1); /* ids */
}

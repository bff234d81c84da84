/*
 * lbuild.c -- a Lua table as a project for the assay module: the shape a
 * case file holds, turned into an assay_project node by node.
 *
 * Everything runs in the host's state and may raise; the caller holds the
 * project in a to-be-closed box, so a raised error cannot leak it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "ay_yaml.h"

typedef struct pbuild {
    lua_State *L;
    assay_project *p;
    int arg;                 /* the argument, for messages */
    int seen;                /* tables on the current path, for cycles */
    unsigned maxdepth;
    char path[256];          /* where we are, for messages */
    size_t plen;
} pbuild;

/* Raise a bad-argument error about the project table. */
static int pfail(pbuild *b, const char *fmt, const char *what)
{
    lua_State *L = b->L;
    const char *msg = lua_pushfstring(L, fmt, what);
    if (b->plen)
        msg = lua_pushfstring(L, "project table: %s at '%s'", msg, b->path);
    else
        msg = lua_pushfstring(L, "project table: %s", msg);
    return luaL_argerror(L, b->arg, msg);
}

static size_t path_push(pbuild *b, const char *s, size_t n)
{
    size_t was = b->plen, end = sizeof b->path - 1;
    if (was && b->plen < end)
        b->path[b->plen++] = '.';
    /* A key may hold a NUL, which is refused (build.c); the message
     * shows it as \0 rather than end the path there. */
    for (size_t i = 0; i < n && b->plen < end; i++) {
        if (s[i])
            b->path[b->plen++] = s[i];
        else if (b->plen + 2 <= end)
            b->path[b->plen++] = '\\', b->path[b->plen++] = '0';
        else
            break;
    }
    b->path[b->plen] = 0;
    return was;
}

static void path_pop(pbuild *b, size_t was)
{
    b->plen = was;
    b->path[was] = 0;
}

static void build_value(pbuild *b, uint32_t parent, const char *key,
                        size_t klen, int idx, unsigned depth);

/* Key and index in the table of keys, for sorting. */
typedef struct pkey {
    const char *s;
    size_t n;
    lua_Integer at;
} pkey;

static int pkey_cmp(const void *a, const void *b)
{
    const pkey *x = a, *y = b;
    size_t n = x->n < y->n ? x->n : y->n;
    int c = memcmp(x->s, y->s, n);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* Add the pairs of the table at idx under the mapping node map, in the
 * order of their sorted keys. */
static void build_pairs(pbuild *b, uint32_t map, int idx, unsigned depth)
{
    lua_State *L = b->L;
    lua_Integer n = 0;
    lua_newtable(L);                 /* the keys, to anchor them */
    int keys = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            lua_pushvalue(L, -1);
            pfail(b, "key %s is not a string", luaL_tolstring(L, -1, NULL));
        }
        lua_pushvalue(L, -1);
        lua_rawseti(L, keys, ++n);
    }
    if (n > (lua_Integer)(SIZE_MAX / sizeof(pkey)))
        pfail(b, "%s", "too many keys");
    pkey *k = lua_newuserdatauv(L, (size_t)n * sizeof *k, 0);
    for (lua_Integer i = 0; i < n; i++) {
        lua_rawgeti(L, keys, i + 1);
        k[i].s = lua_tolstring(L, -1, &k[i].n);
        k[i].at = i + 1;
        lua_pop(L, 1);               /* still anchored in keys */
    }
    qsort(k, (size_t)n, sizeof *k, pkey_cmp);
    for (lua_Integer i = 0; i < n; i++) {
        lua_rawgeti(L, keys, k[i].at);
        lua_rawget(L, idx);
        size_t was = path_push(b, k[i].s, k[i].n);
        build_value(b, map, k[i].s, k[i].n, lua_gettop(L), depth);
        path_pop(b, was);
        lua_pop(L, 1);
    }
    lua_pop(L, 2);                   /* keys and the sort array */
}

/* The table at idx under parent, at nesting depth (the root is 1): a
 * sequence when its keys are exactly 1..n (n > 0), else a mapping (an
 * empty table too). */
static void build_table(pbuild *b, uint32_t parent, const char *key,
                        size_t klen, int idx, unsigned depth)
{
    lua_State *L = b->L;
    if (depth > b->maxdepth) {
        char lim[32];
        snprintf(lim, sizeof lim, "%u", b->maxdepth);
        pfail(b, "tables nest deeper than the depth limit of %s", lim);
    }
    luaL_checkstack(L, 8, "project table nests too deeply");
    lua_pushvalue(L, idx);
    if (lua_rawget(L, b->seen) != LUA_TNIL)
        pfail(b, "%s", "a table contains itself");
    lua_pop(L, 1);
    lua_pushvalue(L, idx);
    lua_pushboolean(L, 1);
    lua_rawset(L, b->seen);
    lua_Integer count = 0, max = 0;
    int seq = 1;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        count++;
        if (seq && lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1) {
            if (lua_tointeger(L, -1) > max)
                max = lua_tointeger(L, -1);
        } else {
            seq = 0;
        }
    }
    seq = seq && count > 0 && max == count;
    uint32_t node = ay_build_add(b->p, parent, key, klen, seq ? YN_SEQ : YN_MAP, NULL, 0);
    if (!node)
        pfail(b, "%s", assay_project_errmsg(b->p));
    if (seq) {
        for (lua_Integer i = 1; i <= count; i++) {
            char num[32];
            snprintf(num, sizeof num, "%lld", (long long)i);
            size_t was = path_push(b, num, strlen(num));
            lua_rawgeti(L, idx, i);
            build_value(b, node, NULL, 0, lua_gettop(L), depth);
            lua_pop(L, 1);
            path_pop(b, was);
        }
    } else {
        build_pairs(b, node, idx, depth);
    }
    lua_pushvalue(L, idx);
    lua_pushnil(L);
    lua_rawset(L, b->seen);
}

/* The value at idx under parent (key ignored in a sequence). depth is the
 * nesting of the table that holds it, the root's pairs being at 1. */
static void build_value(pbuild *b, uint32_t parent, const char *key,
                        size_t klen, int idx, unsigned depth)
{
    lua_State *L = b->L;
    char text[64];
    uint32_t node = 0;
    switch (lua_type(L, idx)) {
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, idx, &len);
        node = ay_build_add(b->p, parent, key, klen, YN_STR, s, len);
        break;
    }
    case LUA_TBOOLEAN: {
        const char *s = lua_toboolean(L, idx) ? "true" : "false";
        node = ay_build_add(b->p, parent, key, klen, YN_BOOL, s, strlen(s));
        break;
    }
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            snprintf(text, sizeof text, "%lld",
                     (long long)lua_tointeger(L, idx));
            node = ay_build_add(b->p, parent, key, klen, YN_INT, text, strlen(text));
        } else {
            node = ay_build_add_float(b->p, parent, key, klen,
                                      (double)lua_tonumber(L, idx));
        }
        break;
    case LUA_TTABLE:
        build_table(b, parent, key, klen, idx, depth + 1);
        return;
    default:
        pfail(b, "a %s cannot be a value", luaL_typename(L, idx));
    }
    if (!node)
        pfail(b, "%s", assay_project_errmsg(b->p));
}


void ay_lbuild_project(lua_State *L, int arg, assay_project *p, unsigned depth)
{
    pbuild b;
    memset(&b, 0, sizeof b);
    b.L = L;
    b.p = p;
    b.arg = arg;
    b.maxdepth = depth;
    lua_newtable(L);
    b.seen = lua_gettop(L);
    lua_pushvalue(L, arg);
    lua_pushboolean(L, 1);
    lua_rawset(L, b.seen);
    build_pairs(&b, ay_build_root(p), arg, 1);
    lua_pop(L, 1);
}

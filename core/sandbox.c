/*
 * sandbox.c -- the Lua state scripts run in.
 *
 * Following linit.c's advice to embedders, only the base, string, table,
 * math and utf8 libraries are opened, and scripts get a separate global
 * table holding an allow-listed copy of them. Names that are left out on
 * purpose raise an error that names them, so an author learns why. Scripts
 * are loaded as text only, and `require` reads modules from the script's
 * own folder and the stock folder, nowhere else.
 *
 * The libraries scripts see are copies of Lua's, read-only, in which every
 * function is a closure (so that it has a creation number, see determ.c),
 * and functions that work out of the count hook's sight are wrapped to
 * charge that work to the call. No metatable can hold __gc, __close or
 * __mode: finalisers and to-be-closed handlers would run outside the
 * limits' bookkeeping, and weak-keyed tables let a script make the
 * collector's work grow with the square of their size, in C, where no
 * hook can stop it.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

#include "ay_vm.h"

#define ENV_KEY "assay.env"
#define LOADED_KEY "assay.loaded"
#define FROZEN_KEY "assay.frozen"   /* tables rawset may not write */

/* The base library's names scripts get, as they are or replaced below
 * (open_sandbox's set_closure calls, and determ.c's). */
static const char *const ALLOWED[] = {
    "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall",
    "rawequal", "rawget", "rawlen", "select", "tonumber", "tostring",
    "type", "xpcall", "_VERSION", NULL};

/* The libraries scripts get, as read-only views of their copies: the
 * order of libs[] in open_sandbox after the base library. */
static const char *const LIBRARIES[] = {"math", "string", "table", "utf8",
                                        NULL};

static const char *const BLOCKED[] = {
    "io", "os", "package", "debug", "coroutine", "load", "loadstring",
    "dofile", "loadfile", "collectgarbage", "print", "module", "setfenv",
    "getfenv", NULL};

const char *ay_sandbox_errmsg(lua_State *L, size_t *len)
{
    int t = lua_type(L, -1);
    if (t == LUA_TSTRING)
        return lua_tolstring(L, -1, len); /* NUL bytes and all */
    char *out = ay_vm_of(L)->errobj;
    size_t n = sizeof ay_vm_of(L)->errobj;
    if (t == LUA_TNUMBER)
        snprintf(out, n, "(error object is the number %.14g)",
                 lua_tonumber(L, -1));
    else
        snprintf(out, n, "(error object is a %s value)", lua_typename(L, t));
    *len = strlen(out);
    return out;
}

static int blocked_index(lua_State *L)
{
    const char *k = lua_tostring(L, 2);
    if (k)
        for (const char *const *b = BLOCKED; *b; b++)
            if (!strcmp(k, *b))
                return luaL_error(L, "'%s' is not available in assay "
                                     "scripts (sandbox)%s", k,
                                  strcmp(k, "print") ? ""
                                  : "; trace(...) keeps text for 'assay "
                                    "explain' and 'run --trace'");
    return 0;
}

static int is_frozen(lua_State *L, int idx)
{
    lua_getfield(L, LUA_REGISTRYINDEX, FROZEN_KEY);
    lua_pushvalue(L, idx);
    int frozen = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    return frozen;
}

static void freeze(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    lua_getfield(L, LUA_REGISTRYINDEX, FROZEN_KEY);
    lua_pushvalue(L, idx);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
}

/* ---- Metatables: no __gc, __close or __mode, ever ------------------- */

static const char *const REFUSED_META[] = {"__gc", "__close", "__mode", NULL};

/* Marks our guard metatables: the value under this key is true in the
 * plain guard, and the script's own metatable in a guard that stands in
 * for one. */
static const char GUARD = 0;

static const char *refused_key(lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TSTRING)
        return NULL;
    const char *k = lua_tostring(L, idx);
    return ay_in(k, REFUSED_META) ? k : NULL;
}

static int refuse_key(lua_State *L, const char *k)
{
    return luaL_error(L, "'%s' is not allowed in assay scripts (no "
                         "finalisers, to-be-closed handlers or weak tables)",
                      k);
}

/* rawset that cannot write past a read-only view, nor plant a refused
 * metamethod. */
static int safe_rawset(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    if (is_frozen(L, 1))
        return luaL_error(L, "rawset: this table is read-only in assay "
                             "scripts");
    const char *k = refused_key(L, 2);
    if (k)
        return refuse_key(L, k);
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

/* __newindex of a guard: a table used as a metatable gets new keys
 * through here (present keys are written without metamethods, but the
 * refused ones are never present). Upvalue 1 is the __newindex of the
 * script's metatable the guard stands for, if any. */
static int guard_newindex(lua_State *L)
{
    const char *k = refused_key(L, 2);
    if (k)
        return refuse_key(L, k);
    lua_settop(L, 3);
    switch (lua_type(L, lua_upvalueindex(1))) {
    case LUA_TFUNCTION:
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_insert(L, 1);
        lua_call(L, 3, 0);
        break;
    case LUA_TNIL:
        lua_rawset(L, 1);
        break;
    default:
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_replace(L, 1);
        lua_settable(L, 1);
        break;
    }
    return 0;
}

/* Is the metatable on top one of our guards? Leaves what the guard key
 * holds on top (nil when it is not a guard). */
static int is_guard(lua_State *L)
{
    return lua_rawgetp(L, -1, &GUARD) != LUA_TNIL;
}

/* Push a guard for the table at idx to use as its metatable: the shared
 * plain one when mt is nil, or a copy of the script's metatable mt that
 * stands for it (changes to mt after this are not seen). [-0, +1, e] */
static void push_guard(lua_State *L, int mt)
{
    if (lua_isnoneornil(L, mt)) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, &GUARD);
        return;
    }
    mt = lua_absindex(L, mt);
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, mt)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
    lua_pushvalue(L, mt);
    lua_rawsetp(L, -2, &GUARD);
    lua_getfield(L, -1, "__newindex");
    lua_pushcclosure(L, guard_newindex, 1);
    lua_setfield(L, -2, "__newindex");
}

/* Make the table at idx safe to use as a metatable: from now on it cannot
 * gain a refused key, as new keys go through a guard's __newindex. */
static void guard(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    if (lua_getmetatable(L, idx)) {
        int guarded = is_guard(L);
        lua_pop(L, 1);
        if (guarded) {
            lua_pop(L, 1);
            return;
        }
    } else {
        lua_pushnil(L);
    }
    push_guard(L, -1);
    lua_setmetatable(L, idx);
    lua_pop(L, 1);
}

/* getmetatable(v) as Lua's, but a guard shows as the metatable it stands
 * for (or as none). */
static int safe_getmetatable(lua_State *L)
{
    luaL_checkany(L, 1);
    if (!lua_getmetatable(L, 1)) {
        lua_pushnil(L);
        return 1;
    }
    if (is_guard(L)) {
        if (lua_isboolean(L, -1))
            return lua_pushnil(L), 1;
        lua_replace(L, -2);
    } else {
        lua_pop(L, 1);
    }
    lua_pushliteral(L, "__metatable");
    if (lua_rawget(L, -2) != LUA_TNIL)
        return 1;
    lua_pop(L, 1);
    return 1;
}

/* setmetatable(t, mt) as Lua's, but mt may not hold a refused key and is
 * guarded so that it never will; when t is itself a metatable, its own
 * metatable becomes a guard standing for mt. */
static int safe_setmetatable(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    int t = lua_type(L, 2);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    lua_settop(L, 2);
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    if (t == LUA_TTABLE) {
        for (const char *const *r = REFUSED_META; *r; r++) {
            lua_pushstring(L, *r);
            int has = lua_rawget(L, 2) != LUA_TNIL;
            lua_pop(L, 1);
            if (has)
                return refuse_key(L, *r);
        }
        guard(L, 2);
    }
    int is_meta = 0;
    if (lua_getmetatable(L, 1)) {
        is_meta = is_guard(L);
        lua_pop(L, 2);
    }
    if (is_meta)
        push_guard(L, 2);
    else
        lua_pushvalue(L, 2);
    lua_setmetatable(L, 1);
    lua_settop(L, 1);
    return 1;
}

/* ---- Read-only views -------------------------------------------------- */

static int readonly_newindex(lua_State *L)
{
    return luaL_error(L, "'%s' is read-only in assay scripts",
                      lua_tostring(L, lua_upvalueindex(1)));
}

/* __pairs of a view: iterate (in determ.c's order) without handing out
 * the table behind it. */
static int readonly_pairs(lua_State *L)
{
    ay_determ_push_iterator(L, lua_upvalueindex(1));
    return 1;
}

/* Replace the table on top with a read-only view of it named name. */
static void make_view(lua_State *L, const char *name)
{
    int lib = lua_gettop(L);
    lua_newtable(L);
    lua_createtable(L, 0, 4);
    lua_pushvalue(L, lib);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, name);
    lua_pushcclosure(L, readonly_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushvalue(L, lib);
    lua_pushcclosure(L, readonly_pairs, 1);
    lua_setfield(L, -2, "__pairs");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    freeze(L, -1);
    lua_replace(L, lib);
}

static int global_newindex(lua_State *L)
{
    const char *k = lua_tostring(L, 2);
    return luaL_error(L, "cannot set global '%s' while evaluating: declare "
                         "it local (globals are fixed once the script has "
                         "loaded, so that criteria and projects cannot "
                         "affect each other)", k ? k : "?");
}

/* ---- Work the count hook cannot see ---------------------------------- */

/* string.rep that will not build a string over the string limit, nor
 * spin on empty pieces. Upvalue 1 is Lua's rep. */
static int safe_rep(lua_State *L)
{
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0 || l + lsep == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    size_t max = ay_vm_of(L)->lim.string_bytes;
    ay_limits_poll(L);
    if ((unsigned long long)n > (max + lsep) / (l + lsep))
        return ay_limit_error(L, AY_LIMIT_STRING,
                              "string limit: string.rep would build more than "
                              "%zu bytes", max);
    return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

/* Lua's functions that loop in C over as many elements or bytes as their
 * arguments say, out of the count hook's sight, are charged for that work
 * as instructions: before the call what the arguments promise, after it
 * what it returned. (Strings a call makes are charged by heap.c as they
 * are made, so producers need nothing here.) The wrapper runs Lua's
 * function in its own frame, so error messages name the function as
 * usual. Upvalue 1 is Lua's function, upvalue 2 the kind. */
enum { T_MOVE, T_INSERT, T_REMOVE, T_CONCAT, T_UNPACK, C_RESULTS, C_UTF8LEN,
       C_OFFSET, C_TONUMBER, C_ARITH };

static double span(lua_State *L, int first, int last, int has_len)
{
    lua_Integer i = luaL_optinteger(L, first, 1);
    lua_Integer j = lua_isnoneornil(L, last) && has_len
                        ? luaL_len(L, 1) : luaL_optinteger(L, last, 0);
    return j >= i ? (double)j - (double)i + 1 : 0;
}

/* A position relative to a string's end, as the string library reads
 * it. */
static lua_Integer from_end(lua_Integer pos, size_t len)
{
    if (pos >= 0)
        return pos;
    if ((size_t)0 - (size_t)pos > len)
        return 0;
    return (lua_Integer)len + pos + 1;
}

static double string_bytes(lua_State *L, int idx)
{
    size_t n = 0;
    if (lua_type(L, idx) == LUA_TSTRING)
        lua_tolstring(L, idx, &n);
    return (double)n / AY_BYTES_PER_STEP;
}

static int charged(lua_State *L)
{
    double work = 1;
    int table = lua_type(L, 1) == LUA_TTABLE;
    int kind = (int)lua_tointeger(L, lua_upvalueindex(2));
    size_t len = 0;
    lua_Integer from = 0;
    switch (kind) {
    case T_MOVE: {
        lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);
        work = e >= f ? (double)e - (double)f + 1 : 0;
        break;
    }
    case T_INSERT:
    case T_REMOVE:
        work = table ? (double)luaL_len(L, 1) : 1;
        break;
    case T_CONCAT:
        work = table ? span(L, 3, 4, 1) : 1;
        break;
    case T_UNPACK:
        work = table ? span(L, 2, 3, 1) : 1;
        break;
    case C_UTF8LEN: {
        luaL_checklstring(L, 1, &len);
        lua_Integer i = from_end(luaL_optinteger(L, 2, 1), len);
        lua_Integer j = from_end(luaL_optinteger(L, 3, -1), len);
        work = j >= i ? ((double)j - (double)i + 1) / AY_BYTES_PER_STEP : 0;
        break;
    }
    case C_OFFSET: {
        luaL_checklstring(L, 1, &len);
        lua_Integer n = luaL_checkinteger(L, 2);
        from = from_end(luaL_optinteger(L, 3, n >= 0 ? 1 : (lua_Integer)len + 1),
                        len);
        break;
    }
    case C_TONUMBER:
        work = 1 + string_bytes(L, 1);
        break;
    case C_ARITH:
        work = 1 + string_bytes(L, 1) + string_bytes(L, 2);
        break;
    }
    ay_limits_charge(L, work);
    int n = lua_tocfunction(L, lua_upvalueindex(1))(L);
    if (kind == C_RESULTS)
        ay_limits_charge(L, n);
    else if (kind == C_OFFSET) {
        lua_Integer to = lua_isinteger(L, -n) ? lua_tointeger(L, -n)
                                             : (lua_Integer)len;
        ay_limits_charge(L, (double)(to > from ? to - from : from - to) /
                                AY_BYTES_PER_STEP);
    }
    return n;
}

/* Lua's functions that scripts get wrapped by charged(). */
static const struct charge {
    const char *lib, *name;
    int kind;
} CHARGED[] = {
    {"table", "move", T_MOVE},        {"table", "insert", T_INSERT},
    {"table", "remove", T_REMOVE},    {"table", "concat", T_CONCAT},
    {"table", "unpack", T_UNPACK},    {"string", "byte", C_RESULTS},
    {"utf8", "codepoint", C_RESULTS}, {"utf8", "len", C_UTF8LEN},
    {"utf8", "offset", C_OFFSET},     {"_G", "tonumber", C_TONUMBER},
    {NULL, NULL, 0},
};

static void push_charged(lua_State *L, lua_CFunction f, int kind)
{
    lua_pushcfunction(L, f);
    lua_pushinteger(L, kind);
    lua_pushcclosure(L, charged, 2);
}

/* xpcall(f, handler, ...) that calls the handler after the error has
 * unwound, not inside it: Lua runs message handlers with hooks turned off,
 * so a handler that loops would escape the instruction and time limits.
 * Scripts have no debug library, so nothing they could see is lost. */
static int safe_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    luaL_checkany(L, 1);
    lua_pushvalue(L, 1);
    for (int i = 3; i <= n; i++)
        lua_pushvalue(L, i);
    if (lua_pcall(L, n - 2, LUA_MULTRET, 0) == LUA_OK) {
        lua_pushboolean(L, 1);
        lua_insert(L, n + 1);
        return lua_gettop(L) - n;
    }
    lua_pushvalue(L, 2);
    lua_insert(L, -2);
    lua_pcall(L, 1, 1, 0); /* the handler's result, or its own error */
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
}

static int valid_module_name(const char *s)
{
    if (!*s || *s == '.')
        return 0;
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (c == '.' && (p[1] == '.' || p[1] == 0))
            return 0;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
            return 0;
    }
    return 1;
}

/* require(name): a module from the script's folder or the stock folder. */
static int sandbox_require(lua_State *L)
{
    ay_vm *vm = ay_vm_of(L);
    const char *name = luaL_checkstring(L, 1);
    if (!strcmp(name, "assay"))
        return luaL_error(L, "'assay' is the host-side module; scripts "
                             "require 'stock' and their own modules");
    if (!valid_module_name(name))
        return luaL_error(L, "module name '%s' must be letters, digits, "
                             "'_' and '-' in parts joined by '.'", name);
    lua_getfield(L, LUA_REGISTRYINDEX, LOADED_KEY);
    int loaded = lua_gettop(L);
    if (lua_getfield(L, loaded, name) != LUA_TNIL) {
        if (lua_type(L, -1) == LUA_TLIGHTUSERDATA)
            return luaL_error(L, "module '%s' requires itself", name);
        return 1;
    }
    lua_pop(L, 1);

    /* Paths are Lua strings, so nothing leaks if an allocation raises. */
    const char *dirs[2] = {vm->s ? vm->s->dir : NULL, vm->stock_dir};
    const char *path = NULL;
    for (int i = 0; i < 2 && !path; i++) {
        if (!dirs[i])
            continue;
        luaL_gsub(L, name, ".", "/");
        const char *p = lua_pushfstring(L, "%s/%s.lua", dirs[i],
                                        lua_tostring(L, -1));
        lua_remove(L, -2);
        FILE *f = fopen(p, "rb");
        if (f) {
            fclose(f);
            path = p;
        } else {
            lua_pop(L, 1);
        }
    }
    if (!path)
        return luaL_error(L, "module '%s' not found in the script's folder "
                             "or the stock scripts", name);
    lua_pushfstring(L, "@%s", path);
    ay_buf text = {0};
    char why[512];
    int rc = ay_read_file(path, vm->lim.script_bytes, &text, why, sizeof why);
    /* loading reports failure by status and does not raise */
    if (rc == ASSAY_OK &&
        ay_sandbox_load(L, lua_tostring(L, -1), text.p ? text.p : "",
                        text.n) != LUA_OK) {
        size_t n;
        const char *m = ay_sandbox_errmsg(L, &n);
        ay_arena a = {0};
        snprintf(why, sizeof why, "%s",
                 ay_clean_message(&a, m, n, sizeof why - 4));
        ay_arena_free(&a);
        rc = ASSAY_ESCRIPT;
    }
    ay_buf_free(&text);
    if (rc != ASSAY_OK)
        return luaL_error(L, "%s", why);
    lua_pushlightuserdata(L, (void *)vm); /* mark: being loaded */
    lua_setfield(L, loaded, name);
    lua_pushstring(L, name);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
        lua_pushnil(L); /* a failed module may be required again */
        lua_setfield(L, loaded, name);
        return lua_error(L);
    }
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, loaded, name);
    return 1;
}

int ay_sandbox_load(lua_State *L, const char *chunkname, const char *text,
                    size_t len)
{
    int rc = luaL_loadbufferx(L, text, len, chunkname, "t");
    if (rc != LUA_OK)
        return rc;
    lua_getfield(L, LUA_REGISTRYINDEX, ENV_KEY);
    lua_setupvalue(L, -2, 1); /* _ENV */
    return LUA_OK;
}

/* Push a copy, for scripts, of the library table on top: its fields in
 * name order (so that the closures are made in the same order on every
 * run), each function a closure or, when CHARGED lists it under libname,
 * its charged wrapper. With only, just the names listed. [-0, +1, m] */
static void copy_library(lua_State *L, const char *libname,
                         const char *const *only)
{
    int lib = lua_gettop(L);
    lua_newtable(L);
    ay_sorted_keys(L, lib);
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, lib + 2, i);
        const char *name = lua_tostring(L, -1);
        if (only && !ay_in(name, only)) {
            lua_pop(L, 1);
            continue;
        }
        lua_pushvalue(L, -1);
        lua_rawget(L, lib);
        /* a light function becomes a closure (an object with a creation
         * number); closures, which keep state in their upvalues
         * (math.random's), stay themselves */
        if (lua_iscfunction(L, -1) && lua_getupvalue(L, -1, 1))
            lua_pop(L, 1);
        else if (lua_iscfunction(L, -1)) {
            lua_CFunction f = lua_tocfunction(L, -1);
            lua_pop(L, 1);
            int kind = -1;
            for (const struct charge *c = CHARGED; c->lib; c++)
                if (!strcmp(c->lib, libname) && !strcmp(c->name, name))
                    kind = c->kind;
            if (kind >= 0)
                push_charged(L, f, kind);
            else
                ay_determ_closure(L, f);
        }
        lua_rawset(L, lib + 1);
    }
    lua_pop(L, 1);
}

static void set_closure(lua_State *L, int t, const char *name,
                        lua_CFunction f)
{
    ay_determ_closure(L, f);
    lua_setfield(L, t, name);
}

static int open_sandbox(lua_State *L)
{
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},       {LUA_MATHLIBNAME, luaopen_math},
        {LUA_STRLIBNAME, luaopen_string}, {LUA_TABLIBNAME, luaopen_table},
        {LUA_UTF8LIBNAME, luaopen_utf8}, {NULL, NULL}};
    ay_heap_measure(L, &ay_vm_of(L)->heap);
    /* Lua's libraries, and the scripts' copies at 1 to 5 */
    lua_settop(L, 0);
    for (const luaL_Reg *l = libs; l->func; l++) {
        luaL_requiref(L, l->name, l->func, 1);
        copy_library(L, l->name, l->func == luaopen_base ? ALLOWED : NULL);
        lua_remove(L, -2);
    }
    enum { BASE = 1, MATH, STRING, TABLE, UTF8 };

    /* a fixed seed for reproducible runs; eval.c seeds each call */
    lua_getglobal(L, LUA_MATHLIBNAME);
    lua_getfield(L, -1, "randomseed");
    lua_pushinteger(L, ay_vm_of(L)->seed);
    lua_call(L, 1, 0);
    lua_pop(L, 1);

    lua_pushnil(L); /* no bytecode from string.dump */
    lua_setfield(L, STRING, "dump");
    lua_getglobal(L, LUA_STRLIBNAME);
    lua_getfield(L, -1, "rep");
    lua_pushcclosure(L, safe_rep, 1);
    lua_setfield(L, STRING, "rep");
    lua_pop(L, 1);
    lua_pushvalue(L, STRING);
    ay_lpattern_open(L); /* patterns that stop at the pattern limit */
    lua_pop(L, 1);
    ay_determ_open(L, BASE, STRING, TABLE, MATH, UTF8);
    set_closure(L, BASE, "rawset", safe_rawset);
    set_closure(L, BASE, "xpcall", safe_xpcall);
    set_closure(L, BASE, "setmetatable", safe_setmetatable);
    set_closure(L, BASE, "getmetatable", safe_getmetatable);
    set_closure(L, BASE, "require", sandbox_require);
    lua_getfield(L, BASE, "tostring"); /* trace formats as tostring does */
    ay_trace_open(L, -1);
    lua_pop(L, 1);
    set_closure(L, BASE, "trace", ay_trace_lua);

    /* Strings' methods are the scripts' copy; arithmetic on strings
     * converts them to numbers in C, so it is charged. The metatable is
     * protected from getmetatable("").__index = ... */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushvalue(L, STRING);
    lua_setfield(L, -2, "__index");
    static const char *const ARITH[] = {"__add", "__sub", "__mul", "__mod",
                                        "__pow", "__div", "__idiv", "__unm",
                                        NULL};
    for (const char *const *m = ARITH; *m; m++) {
        if (lua_getfield(L, -1, *m) == LUA_TFUNCTION && lua_iscfunction(L, -1))
            push_charged(L, lua_tocfunction(L, -1), C_ARITH);
        else
            lua_pushnil(L);
        lua_setfield(L, -3, *m);
        lua_pop(L, 1);
    }
    lua_pushliteral(L, "string");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    /* Errors raised in a C function called from C (pcall(string.rep))
     * name it by where package.loaded holds it: the scripts' copies. */
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    for (const luaL_Reg *l = libs; l->func; l++) {
        lua_pushvalue(L, BASE + (int)(l - libs));
        lua_setfield(L, -2, l->name);
    }
    lua_pop(L, 1);

    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, FROZEN_KEY);

    /* the plain guard that tables used as metatables get (see guard) */
    lua_createtable(L, 0, 2);
    lua_pushboolean(L, 1);
    lua_rawsetp(L, -2, &GUARD);
    lua_pushnil(L);
    lua_pushcclosure(L, guard_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &GUARD);

    lua_newtable(L); /* the scripts' globals */
    int env = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, BASE)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, env);
    }
    for (int i = 0; LIBRARIES[i]; i++) {
        lua_pushvalue(L, MATH + i);
        make_view(L, LIBRARIES[i]);
        lua_setfield(L, env, LIBRARIES[i]);
    }
    lua_pushvalue(L, env);
    lua_setfield(L, -2, "_G");
    lua_newtable(L);
    lua_pushcfunction(L, blocked_index);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, env);
    lua_setfield(L, LUA_REGISTRYINDEX, ENV_KEY);

    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, LOADED_KEY);
    ay_lproject_open(L);
    return 0;
}

int ay_sandbox_new(ay_vm *vm)
{
    if (vm->L)
        lua_close(vm->L);
    ay_heap_reset(&vm->heap);
    vm->L = lua_newstate(ay_heap_alloc, vm);
    if (!vm->L)
        return ASSAY_ENOMEM;
    *(ay_vm **)lua_getextraspace(vm->L) = vm;
    vm->seed = AY_SEED;
    lua_pushcfunction(vm->L, open_sandbox);
    if (lua_pcall(vm->L, 0, 0, 0) != LUA_OK) {
        lua_close(vm->L);
        vm->L = NULL;
        return ASSAY_ENOMEM;
    }
    return ASSAY_OK;
}

/* Once the script has loaded, its globals are fixed: evaluating one
 * project must not change how the next is evaluated. */
static int freeze_globals(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, ENV_KEY);
    int env = lua_gettop(L);
    lua_newtable(L); /* the globals move here; env becomes a view */
    int backing = env + 1;
    lua_pushnil(L);
    while (lua_next(L, env)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, backing);
    }
    lua_pushnil(L);
    while (lua_next(L, env)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, env);
    }
    lua_getmetatable(L, env); /* its __index names the blocked globals */
    lua_setmetatable(L, backing);
    lua_createtable(L, 0, 4);
    lua_pushvalue(L, backing);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, global_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushvalue(L, backing);
    lua_pushcclosure(L, readonly_pairs, 1);
    lua_setfield(L, -2, "__pairs");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, env);
    freeze(L, env);
    return 0;
}

int ay_sandbox_freeze(lua_State *L)
{
    lua_pushcfunction(L, freeze_globals);
    if (lua_pcall(L, 0, 0, 0) == LUA_OK)
        return ASSAY_OK;
    lua_pop(L, 1);
    return ASSAY_ENOMEM;
}

void ay_sandbox_seal(lua_State *L, int idx)
{
    freeze(L, idx);
}

/* Set a global of the scripts' environment to the value on top. */
void ay_sandbox_setglobal(lua_State *L, const char *name)
{
    lua_getfield(L, LUA_REGISTRYINDEX, ENV_KEY);
    lua_insert(L, -2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

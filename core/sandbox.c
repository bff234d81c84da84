/*
 * sandbox.c -- the Lua state scripts run in.
 *
 * Following linit.c's advice to embedders, only the base, string, table,
 * math and utf8 libraries are opened, and scripts get a separate global
 * table holding an allow-listed copy of them. Names that are left out on
 * purpose raise an error that names them, so an author learns why. Scripts
 * are loaded as text only, and `require` reads modules from the script's
 * own folder and the stock folder, nowhere else.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

#include "assay_int.h"

#define ENV_KEY "assay.env"
#define LOADED_KEY "assay.loaded"
#define FROZEN_KEY "assay.frozen"   /* tables rawset may not write */

static const char *const ALLOWED[] = {
    "assert", "error", "getmetatable", "ipairs", "next", "pairs", "pcall",
    "rawequal", "rawget", "rawlen", "select", "tonumber", "tostring",
    "type", "xpcall", "_VERSION", NULL};

/* Libraries scripts see through read-only views, so that one criterion
 * cannot change string.format or math.floor under the others. */
static const char *const LIBRARIES[] = {"string", "table", "math", "utf8",
                                        NULL};

static const char *const BLOCKED[] = {
    "io", "os", "package", "debug", "coroutine", "load", "loadstring",
    "dofile", "loadfile", "collectgarbage", "print", "module", "setfenv",
    "getfenv", NULL};

/* Allocator that counts the heap and refuses to grow past the limit. */
static void *alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    assay_engine *e = ud;
    if (!ptr)
        osize = 0;
    if (nsize == 0) {
        free(ptr);
        e->mem -= osize;
        return NULL;
    }
    /* Lua may answer a refusal with an emergency collection and ask again
     * at once. A refusal is the memory limit when that retry is refused
     * too, or when the next request is another one (there was no retry:
     * the error was raised). */
    int retry = e->refused_size && e->refused == ptr &&
                e->refused_size == nsize;
    if (e->refused_size && !retry && nsize > osize)
        ay_limit_memory(e);
    if (nsize > osize && e->mem + (nsize - osize) > e->mem_max) {
        if (retry)
            ay_limit_memory(e);
        else
            ay_limit_memory_where(e); /* while the stack still shows it */
        e->refused = ptr;
        e->refused_size = retry ? 0 : nsize;
        return NULL;
    }
    e->refused_size = 0;
    void *p = realloc(ptr, nsize);
    if (p)
        e->mem = e->mem - osize + nsize;
    return p;
}

const char *sandbox_errmsg(lua_State *L, size_t *len)
{
    int t = lua_type(L, -1);
    if (t == LUA_TSTRING)
        return lua_tolstring(L, -1, len); /* NUL bytes and all */
    char *out = ay_engine_of(L)->errobj;
    size_t n = sizeof ay_engine_of(L)->errobj;
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
                                     "scripts (sandbox)", k);
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

/* rawset that cannot write past a read-only view. */
static int safe_rawset(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    if (is_frozen(L, 1))
        return luaL_error(L, "rawset: this table is read-only in assay "
                             "scripts");
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

static int readonly_newindex(lua_State *L)
{
    return luaL_error(L, "'%s' is read-only in assay scripts",
                      lua_tostring(L, lua_upvalueindex(1)));
}

/* The iterator of a view: next() over the hidden table in upvalue 1. */
static int view_next(lua_State *L)
{
    lua_settop(L, 2);
    if (lua_next(L, lua_upvalueindex(1)))
        return 2;
    return 0;
}

/* __pairs of a view: iterate without handing out the table behind it. */
static int readonly_pairs(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushcclosure(L, view_next, 1);
    return 1;
}

/* Push a read-only view of the host global library `name`. */
static void push_view(lua_State *L, const char *name)
{
    lua_newtable(L);
    lua_createtable(L, 0, 4);
    lua_getglobal(L, name);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, name);
    lua_pushcclosure(L, readonly_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_getglobal(L, name);
    lua_pushcclosure(L, readonly_pairs, 1);
    lua_setfield(L, -2, "__pairs");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    freeze(L, -1);
}

static int global_newindex(lua_State *L)
{
    const char *k = lua_tostring(L, 2);
    return luaL_error(L, "cannot set global '%s' while evaluating: declare "
                         "it local (globals are fixed once the script has "
                         "loaded, so that criteria and projects cannot "
                         "affect each other)", k ? k : "?");
}

/* string.rep that will not build a string over the string limit, nor
 * spin on empty pieces: the count hook cannot stop a C function. */
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
    size_t max = ay_engine_of(L)->lim.string_bytes;
    ay_limits_poll(L);
    if ((unsigned long long)n > (max + lsep) / (l + lsep))
        return ay_limit_error(L, AY_LIMIT_STRING,
                              "string limit: string.rep would build more than "
                              "%zu bytes", max);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* The table functions loop in C, out of the hook's sight, over as many
 * elements as their arguments (or a __len metamethod) say: each call is
 * first charged its element count as instructions. Upvalue 1 is the
 * library's function, upvalue 2 which one it is. */
enum { T_MOVE, T_INSERT, T_REMOVE, T_CONCAT, T_SORT, T_UNPACK };

static double span(lua_State *L, int first, int last, int has_len)
{
    lua_Integer i = luaL_optinteger(L, first, 1);
    lua_Integer j = lua_isnoneornil(L, last) && has_len
                        ? luaL_len(L, 1) : luaL_optinteger(L, last, 0);
    return j >= i ? (double)j - (double)i + 1 : 0;
}

static int charged(lua_State *L)
{
    double work = 1;
    int table = lua_type(L, 1) == LUA_TTABLE;
    switch (lua_tointeger(L, lua_upvalueindex(2))) {
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
    case T_SORT: {
        double n = table ? (double)luaL_len(L, 1) : 1;
        work = n > 1 ? n * log2(n) : 1;
        break;
    }
    }
    ay_limits_charge(L, work);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
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

/* setmetatable that refuses finalisers and to-be-closed handlers. */
static int safe_setmetatable(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    if (lua_type(L, 2) == LUA_TTABLE) {
        static const char *const refused[] = {"__gc", "__close", NULL};
        for (const char *const *r = refused; *r; r++)
            if (lua_getfield(L, 2, *r) != LUA_TNIL)
                return luaL_error(L, "setmetatable: '%s' metamethods are not "
                                     "allowed in assay scripts", *r);
        lua_pop(L, 2);
    }
    lua_settop(L, 2);
    lua_getglobal(L, "setmetatable"); /* the real one, in the host globals */
    lua_insert(L, 1);
    lua_call(L, 2, 1);
    return 1;
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
    assay_engine *e = ay_engine_of(L);
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
    const char *dirs[2] = {e->s ? e->s->dir : NULL, e->stock_dir};
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
    buf text = {0};
    char why[512];
    int rc = ay_read_file(path, e->lim.script_bytes, &text, why, sizeof why);
    if (rc == 0) {
        /* loading reports failure by status and does not raise */
        rc = sandbox_load(L, lua_tostring(L, -1), text.p ? text.p : "",
                          text.n);
        if (rc)
        {
            size_t n;
            const char *m = sandbox_errmsg(L, &n);
            arena a = {0};
            snprintf(why, sizeof why, "%s",
                     ay_clean_message(&a, m, n, sizeof why - 4));
            arena_free(&a);
        }
    }
    buf_free(&text);
    if (rc)
        return luaL_error(L, "%s", why);
    lua_pushlightuserdata(L, (void *)e); /* mark: being loaded */
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

int sandbox_load(lua_State *L, const char *chunkname, const char *text,
                 size_t len)
{
    int rc = luaL_loadbufferx(L, text, len, chunkname, "t");
    if (rc != LUA_OK)
        return rc;
    lua_getfield(L, LUA_REGISTRYINDEX, ENV_KEY);
    lua_setupvalue(L, -2, 1); /* _ENV */
    return LUA_OK;
}

static int open_sandbox(lua_State *L)
{
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},       {LUA_STRLIBNAME, luaopen_string},
        {LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8}, {NULL, NULL}};
    for (const luaL_Reg *l = libs; l->func; l++) {
        luaL_requiref(L, l->name, l->func, 1);
        lua_pop(L, 1);
    }
    /* No bytecode from string.dump, and a fixed seed for reproducible
     * runs. */
    lua_getglobal(L, LUA_STRLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    lua_getfield(L, -1, "rep");
    lua_pushcclosure(L, safe_rep, 1);
    lua_setfield(L, -2, "rep");
    lua_pop(L, 1);
    static const char *const TABLE_FNS[] = {"move", "insert", "remove",
                                            "concat", "sort", "unpack", NULL};
    lua_getglobal(L, LUA_TABLIBNAME);
    for (int k = 0; TABLE_FNS[k]; k++) {
        lua_getfield(L, -1, TABLE_FNS[k]);
        lua_pushinteger(L, k);
        lua_pushcclosure(L, charged, 2);
        lua_setfield(L, -2, TABLE_FNS[k]);
    }
    lua_pop(L, 1);
    lua_getglobal(L, LUA_STRLIBNAME);
    lpattern_open(L); /* patterns that stop at the pattern limit */
    lua_pop(L, 1);
    lua_getglobal(L, LUA_MATHLIBNAME);
    lua_getfield(L, -1, "randomseed");
    lua_pushvalue(L, -1); /* eval.c seeds it before each criterion */
    lua_setfield(L, LUA_REGISTRYINDEX, "assay.randomseed");
    lua_pushinteger(L, 20261128);
    lua_call(L, 1, 0);
    lua_pop(L, 1);
    /* Protect the string metatable from getmetatable("").__index = ... */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushliteral(L, "string");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, FROZEN_KEY);

    lua_newtable(L); /* the scripts' globals */
    for (const char *const *a = ALLOWED; *a; a++) {
        lua_getglobal(L, *a);
        lua_setfield(L, -2, *a);
    }
    for (const char *const *a = LIBRARIES; *a; a++) {
        push_view(L, *a);
        lua_setfield(L, -2, *a);
    }
    lua_pushcfunction(L, safe_rawset);
    lua_setfield(L, -2, "rawset");
    lua_pushcfunction(L, safe_xpcall);
    lua_setfield(L, -2, "xpcall");
    lua_pushcfunction(L, safe_setmetatable);
    lua_setfield(L, -2, "setmetatable");
    lua_pushcfunction(L, sandbox_require);
    lua_setfield(L, -2, "require");
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "_G");
    lua_newtable(L);
    lua_pushcfunction(L, blocked_index);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, ENV_KEY);

    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, LOADED_KEY);
    lproject_open(L);
    return 0;
}

int sandbox_new(assay_engine *e)
{
    if (e->L)
        lua_close(e->L);
    e->mem = 0;
    e->L = lua_newstate(alloc, e);
    if (!e->L)
        return ASSAY_ENOMEM;
    *(assay_engine **)lua_getextraspace(e->L) = e;
    lua_pushcfunction(e->L, open_sandbox);
    if (lua_pcall(e->L, 0, 0, 0) != LUA_OK) {
        lua_close(e->L);
        e->L = NULL;
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

int sandbox_freeze(lua_State *L)
{
    lua_pushcfunction(L, freeze_globals);
    return lua_pcall(L, 0, 0, 0) == LUA_OK ? 0 : (lua_pop(L, 1), -1);
}

/* Set a global of the scripts' environment to the value on top. */
void sandbox_setglobal(lua_State *L, const char *name)
{
    lua_getfield(L, LUA_REGISTRYINDEX, ENV_KEY);
    lua_insert(L, -2);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

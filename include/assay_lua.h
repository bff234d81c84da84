/*
 * assay_lua.h -- the assay Lua module, for hosts that own a lua_State.
 *
 * A host Lua 5.4 interpreter loads the module with require "assay" (the
 * installed lib/lua/5.4/assay.so). A C program that links libassay and
 * runs its own Lua state opens it with
 *
 *     luaL_requiref(L, "assay", luaopen_assay, 0);
 *
 * The module's engines run scripts in states of their own: nothing of the
 * host's state reaches a script, and results come back as plain tables.
 */
#ifndef ASSAY_LUA_H
#define ASSAY_LUA_H

#include <lua.h>

#include "assay.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Push the module table. [-0, +1, m] */
ASSAY_API int luaopen_assay(lua_State *L);

#ifdef __cplusplus
}
#endif

#endif /* ASSAY_LUA_H */

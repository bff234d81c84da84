/*
 * limits.c -- what a criterion call may spend: Lua instructions, wall
 * time, memory, and the work of C functions the hook cannot see into
 * (string building and pattern matching).
 *
 * A hit limit is recorded on the engine before the error is raised, so the
 * criterion's status is `limit` even if the script catches the error.
 */
#include <stdarg.h>
#include <stdio.h>

#include <lauxlib.h>

#include "assay_int.h"

int ay_limit_error(lua_State *L, int which, const char *fmt, ...)
{
    assay_engine *e = ay_engine_of(L);
    if (!e->limit)
        e->limit = which;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return luaL_error(L, "%s", msg);
}

size_t ay_pattern_budget(lua_State *L)
{
    return ay_engine_of(L)->lim.pattern_steps;
}

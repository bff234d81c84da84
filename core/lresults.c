/*
 * lresults.c -- what rules and aggregate functions read of a project's
 * results: `info` (a verdict rule's second argument), `info.criteria`
 * (the aggregate function's first) and each criterion's result (also a
 * band rule's second argument).
 *
 * They are read-only views, made once per Lua state and served from the
 * result being aggregated (vm->view), so nothing is built per project or
 * per weighing: `assay sensitivity` weighs each project thousands of
 * times. A view is an empty table whose metatable serves its fields,
 * refuses assignment (and rawset, see sandbox.c) and gives pairs the
 * order a plain table of the same fields would have (determ.c).
 *
 * A read of what depends on the weights (a criterion's weight,
 * info.score, info.coverage, or pairs over them) sets vm->view.dep: a
 * rule that read none of them gives the same answer under any weights,
 * which is what lets eval.c ask it once per project when reweighing.
 */
#include <lauxlib.h>

#include "ay_eval.h"

/* The registry holds, under &VIEWS, a table: [1] info, [2] criteria,
 * [3 ...] each criterion's view in script order. */
static const char VIEWS = 0;

/* A criterion result's fields, in bytewise order: pairs' order. */
static const char *const FIELDS[] = {"group", "id", "label", "note", "score",
                                     "status", "title", "weight", NULL};
enum { F_WEIGHT = 7 };

/* info's fields, in the same order. */
static const char *const INFO[] = {"coverage", "criteria", "score", NULL};

static ay_vm *viewing(lua_State *L)
{
    ay_vm *vm = ay_vm_of(L);
    if (!vm->view.r || !vm->s)
        luaL_error(L, "results can be read only while the project's rules "
                      "run (this table was kept from an earlier call)");
    return vm;
}

static int field_of(const char *const *names, lua_State *L, int idx)
{
    if (lua_type(L, idx) != LUA_TSTRING)
        return -1;
    const char *k = lua_tostring(L, idx);
    for (int f = 0; names[f]; f++)
        if (!strcmp(k, names[f]))
            return f;
    return -1;
}

/* Push field f of criterion i: 1, or 0 (nothing pushed) when it has none. */
static int push_field(lua_State *L, int i, int f)
{
    ay_vm *vm = viewing(L);
    const ay_criterion *c = &vm->s->c[i];
    const ay_cresult *cr = &vm->view.r->cr[i];
    const char *s = NULL;
    switch (f) {
    case 0: s = c->group; break;
    case 1: s = c->id; break;
    case 2: s = cr->label; break;
    case 3: s = cr->note; break;
    case 4:
        if (!cr->has_score)
            return 0;
        lua_pushnumber(L, cr->score);
        return 1;
    case 5: s = ay_status_name(cr->status); break;
    case 6: s = c->title; break;
    case F_WEIGHT:
        vm->view.dep = 1;
        lua_pushnumber(L, vm->view.w ? vm->view.w[i] : c->weight);
        return 1;
    default: return 0;
    }
    if (!s)
        return 0;
    lua_pushstring(L, s);
    return 1;
}

/* Push field f of info: 1, or 0 when it has none (i is unused: the
 * shape of push_field). Upvalue 1 of the calling closure is the criteria
 * view. */
static int push_info(lua_State *L, int i, int f)
{
    (void)i;
    ay_vm *vm = viewing(L);
    const assay_result *r = vm->view.r;
    switch (f) {
    case 0:
        vm->view.dep = 1;
        lua_pushnumber(L, r->coverage);
        return 1;
    case 1:
        lua_pushvalue(L, lua_upvalueindex(1));
        return 1;
    case 2:
        vm->view.dep = 1;
        if (!r->has_score)
            return 0;
        lua_pushnumber(L, r->score);
        return 1;
    default: return 0;
    }
}

/* __index of criterion view i (upvalue 1). */
static int criterion_index(lua_State *L)
{
    int i = (int)lua_tointeger(L, lua_upvalueindex(1));
    if (!push_field(L, i, field_of(FIELDS, L, 2)))
        lua_pushnil(L);
    return 1;
}

/* The iterator of a view's pairs: (view, key) -> the next of names after
 * key that push (push_field or push_info, given i) finds a value for. */
static int next_field(lua_State *L, const char *const *names,
                      int (*push)(lua_State *, int, int), int i)
{
    int f = 0;
    if (!lua_isnil(L, 2) && (f = field_of(names, L, 2) + 1) == 0)
        return luaL_error(L, "invalid key to 'next'");
    for (; names[f]; f++) {
        lua_pushstring(L, names[f]);
        if (push(L, i, f))
            return 2;
        lua_pop(L, 1);
    }
    lua_pushnil(L);
    return 1;
}

static int criterion_next(lua_State *L)
{
    return next_field(L, FIELDS, push_field,
                      (int)lua_tointeger(L, lua_upvalueindex(1)));
}

static int info_index(lua_State *L)
{
    if (!push_info(L, 0, field_of(INFO, L, 2)))
        lua_pushnil(L);
    return 1;
}

static int info_next(lua_State *L)
{
    return next_field(L, INFO, push_info, 0);
}

/* __pairs of a view with its own iterator (upvalue 1). */
static int view_pairs(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

/* __pairs of the criteria view: determ.c's order over the table behind
 * it (upvalue 1), as for a plain table. */
static int criteria_pairs(lua_State *L)
{
    ay_determ_push_iterator(L, lua_upvalueindex(1));
    return 1;
}

static int criteria_len(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    return 1;
}

static int readonly_newindex(lua_State *L)
{
    const char *what = "the results rules read are read-only: cannot set";
    if (lua_type(L, 2) == LUA_TSTRING)
        return luaL_error(L, "%s '%s'", what, lua_tostring(L, 2));
    if (lua_isinteger(L, 2))
        return luaL_error(L, "%s [%I]", what, lua_tointeger(L, 2));
    return luaL_error(L, "%s a %s key", what, luaL_typename(L, 2));
}

/* Make the table on top a view: its metatable is on top of it, with
 * __index and __pairs set; add the rest and seal it. */
static void finish_view(lua_State *L)
{
    lua_pushcfunction(L, readonly_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    ay_sandbox_seal(L, -1);
}

/* Push a closure of f with upvalue 1 the integer i. */
static void closure_of(lua_State *L, lua_CFunction f, lua_Integer i)
{
    lua_pushinteger(L, i);
    lua_pushcclosure(L, f, 1);
}

static void build(lua_State *L)
{
    const ay_script *s = ay_vm_of(L)->s;
    int nc = s->nc;
    lua_createtable(L, nc + 2, 0);
    int all = lua_gettop(L);
    lua_createtable(L, nc, nc); /* what the criteria view shows */
    int back = lua_gettop(L);
    for (int i = 0; i < nc; i++) {
        lua_newtable(L);
        lua_createtable(L, 0, 4);
        closure_of(L, criterion_index, i);
        lua_setfield(L, -2, "__index");
        closure_of(L, criterion_next, i);
        lua_pushcclosure(L, view_pairs, 1);
        lua_setfield(L, -2, "__pairs");
        finish_view(L);
        lua_pushvalue(L, -1);
        lua_rawseti(L, all, i + 3);
        lua_pushvalue(L, -1);
        lua_setfield(L, back, s->c[i].id);
        lua_rawseti(L, back, i + 1);
    }
    lua_newtable(L); /* criteria */
    lua_createtable(L, 0, 5);
    lua_pushvalue(L, back);
    lua_setfield(L, -2, "__index");
    lua_pushvalue(L, back);
    lua_pushcclosure(L, criteria_pairs, 1);
    lua_setfield(L, -2, "__pairs");
    closure_of(L, criteria_len, nc);
    lua_setfield(L, -2, "__len");
    finish_view(L);
    lua_pushvalue(L, -1);
    lua_rawseti(L, all, 2);
    lua_newtable(L); /* info */
    lua_createtable(L, 0, 4);
    lua_pushvalue(L, -3);
    lua_pushcclosure(L, info_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushvalue(L, -3);
    lua_pushcclosure(L, info_next, 1);
    lua_pushcclosure(L, view_pairs, 1);
    lua_setfield(L, -2, "__pairs");
    finish_view(L);
    lua_rawseti(L, all, 1);
    lua_settop(L, all);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &VIEWS);
}

void ay_lresults_push(lua_State *L, int which)
{
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &VIEWS) != LUA_TTABLE) {
        lua_pop(L, 1);
        build(L);
        lua_rawgetp(L, LUA_REGISTRYINDEX, &VIEWS);
    }
    lua_rawgeti(L, -1, which >= 0 ? which + 3 : -which);
    lua_remove(L, -2);
}

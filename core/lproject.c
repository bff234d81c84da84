/*
 * lproject.c -- the project and indicator objects that criteria see.
 *
 * Both are small userdata that borrow the C project, which lives only
 * while that project is evaluated: each carries the engine's epoch and is
 * refused once the epoch has moved on. Neither can be written to. Every
 * read through them is recorded as evidence of the running criterion, so
 * provenance needs nothing from script authors.
 */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "ay_vm.h"

#define PROJECT_MT "assay.project"
#define INDICATOR_MT "assay.indicator"

/* Both begin with their creation number, for determ.c's order. */
typedef struct lproj {
    uint64_t seq;
    ay_project *p;
    uint32_t epoch;
} lproj;

typedef struct lind {
    uint64_t seq;
    ay_indicator *ind;
    uint32_t epoch;
} lind;

static void check_epoch(lua_State *L, uint32_t epoch, const char *what)
{
    if (epoch != ay_vm_of(L)->epoch || !ay_vm_of(L)->cur)
        luaL_error(L, "this %s object belongs to a project that is no "
                      "longer being evaluated", what);
}

/* The userdata at idx when its metatable is the one at address mt, else
 * NULL. */
static void *test_class(lua_State *L, int idx, const void *mt)
{
    void *u = lua_touserdata(L, idx);
    if (!u || !lua_getmetatable(L, idx))
        return NULL;
    int same = lua_topointer(L, -1) == mt;
    lua_pop(L, 1);
    return same ? u : NULL;
}

static ay_project *check_project(lua_State *L, int idx)
{
    lproj *lp = test_class(L, idx, ay_vm_of(L)->mt_project);
    if (!lp)
        lp = luaL_checkudata(L, idx, PROJECT_MT); /* raises, saying why */
    check_epoch(L, lp->epoch, "project");
    return lp->p;
}

static ay_indicator *check_indicator(lua_State *L, int idx)
{
    lind *li = test_class(L, idx, ay_vm_of(L)->mt_indicator);
    if (!li)
        li = luaL_checkudata(L, idx, INDICATOR_MT);
    check_epoch(L, li->epoch, "indicator");
    return li->ind;
}

/* ---- Provenance ------------------------------------------------------ */

/* A criterion's evidence lists at most this many reads, each name cut to
 * AY_MAX_NAME bytes, so a script cannot grow C memory without bound. */
#define AY_MAX_READS 256
#define AY_MAX_NAME 256

static ay_evid *new_read(ay_vm *vm)
{
    if (vm->nreads >= AY_MAX_READS) {
        vm->truncated = 1;
        return NULL;
    }
    if (vm->nreads == vm->capreads) {
        int cap = vm->capreads ? vm->capreads * 2 : 16;
        ay_evid *r = realloc(vm->reads, (size_t)cap * sizeof *r);
        if (!r)
            return NULL;
        vm->reads = r;
        vm->capreads = cap;
    }
    ay_evid *r = &vm->reads[vm->nreads++];
    memset(r, 0, sizeof *r);
    return r;
}

void ay_record_indicator(ay_vm *vm, ay_indicator *ind)
{
    if (!vm->recording || ind->mark == vm->mark)
        return;
    ay_evid *r = new_read(vm);
    ind->mark = vm->mark;
    if (r)
        r->ind = ind;
}

/* A read of a field (is_field) or of an indicator the case lacks. */
static void record_name(ay_vm *vm, const char *name, size_t len,
                        int is_field, uint32_t node)
{
    if (!vm->recording)
        return;
    if (len > AY_MAX_NAME)
        len = AY_MAX_NAME;
    for (int i = 0; i < vm->nreads; i++) {
        const char *s = is_field ? vm->reads[i].field : vm->reads[i].missing;
        if (s && strlen(s) == len && !memcmp(s, name, len))
            return;
    }
    if (vm->nreads >= AY_MAX_READS) {
        vm->truncated = 1;
        return;
    }
    char *copy = ay_arena_strndup(vm->cur_arena, name, len);
    ay_evid *r = copy ? new_read(vm) : NULL;
    if (!r)
        return;
    if (is_field) {
        r->field = copy;
        r->node = node;
    } else {
        r->missing = copy;
    }
}

/* ---- Values ---------------------------------------------------------- */

void ay_lproject_push_node(lua_State *L, const ay_ydoc *doc, uint32_t i)
{
    const ay_ynode *n = &doc->n[i];
    switch (n->type) {
    case YN_NULL: lua_pushnil(L); break;
    case YN_BOOL: lua_pushboolean(L, n->v.b); break;
    case YN_INT: lua_pushinteger(L, (lua_Integer)n->v.i); break;
    case YN_FLOAT: lua_pushnumber(L, n->v.d); break;
    case YN_STR: lua_pushlstring(L, n->text, n->len); break;
    case YN_SEQ: {
        luaL_checkstack(L, 4, "nested too deeply");
        lua_createtable(L, (int)n->count, 0);
        lua_Integer k = 1;
        for (uint32_t c = n->first; c; c = doc->n[c].next) {
            ay_lproject_push_node(L, doc, c);
            lua_rawseti(L, -2, k++);
        }
        break;
    }
    case YN_MAP:
        luaL_checkstack(L, 4, "nested too deeply");
        lua_createtable(L, 0, (int)(n->count / 2));
        for (uint32_t c = n->first; c; c = doc->n[doc->n[c].next].next) {
            lua_pushlstring(L, doc->n[c].text, doc->n[c].len);
            ay_lproject_push_node(L, doc, doc->n[c].next);
            lua_rawset(L, -3);
        }
        break;
    }
}

static void push_value(lua_State *L, const ay_project *p, const ay_indicator *ind)
{
    if (ind->status != IS_STATED)
        lua_pushnil(L);
    else
        ay_lproject_push_node(L, p->doc, ind->node);
}

static void push_indicator(lua_State *L, ay_indicator *ind)
{
    lind *li = lua_newuserdatauv(L, sizeof *li, 0);
    li->seq = ay_vm_of(L)->heap.objects;
    li->ind = ind;
    li->epoch = ay_vm_of(L)->epoch;
    luaL_setmetatable(L, INDICATOR_MT);
}

/* ---- Project methods ------------------------------------------------- */

static ay_indicator *lookup(lua_State *L, ay_project **pp)
{
    *pp = check_project(L, 1);
    size_t len;
    const char *id = luaL_checklstring(L, 2, &len);
    luaL_argcheck(L, !memchr(id, 0, len), 2, "an indicator id has no NUL byte");
    ay_indicator *ind = ay_project_find(*pp, id, len);
    if (ind)
        ay_record_indicator(ay_vm_of(L), ind);
    else
        record_name(ay_vm_of(L), id, len, 0, 0);
    return ind;
}

/* p:indicator(id) -> the indicator object, or nil when the case lacks it */
static int project_indicator(lua_State *L)
{
    ay_project *p;
    ay_indicator *ind = lookup(L, &p);
    if (ind)
        push_indicator(L, ind);
    else
        lua_pushnil(L);
    return 1;
}

/* p:value(id) -> the stated value, or nil (missing, not_stated, n/a) */
static int project_value(lua_State *L)
{
    ay_project *p;
    ay_indicator *ind = lookup(L, &p);
    if (ind)
        push_value(L, p, ind);
    else
        lua_pushnil(L);
    return 1;
}

/* p:has(id) -> true when the case states a value for the indicator */
static int project_has(lua_State *L)
{
    ay_project *p;
    ay_indicator *ind = lookup(L, &p);
    lua_pushboolean(L, ind && ind->status == IS_STATED);
    return 1;
}

/* p:field("a.b.c") -> the descriptive field at a dotted path, or nil;
 * numeric parts index sequences from 1. */
static int project_field(lua_State *L)
{
    ay_project *p = check_project(L, 1);
    size_t len;
    const char *path = luaL_checklstring(L, 2, &len);
    luaL_argcheck(L, !memchr(path, 0, len), 2, "a field path has no NUL byte");
    const ay_ydoc *doc = p->doc;
    uint32_t node = doc->root;
    char part[1025];
    const char *s = path, *end = path + len;
    while (node && s <= end) {
        const char *dot = memchr(s, '.', (size_t)(end - s));
        size_t n = (size_t)((dot ? dot : end) - s);
        if (n >= sizeof part) {
            node = 0;
            break;
        }
        memcpy(part, s, n);
        part[n] = 0;
        const ay_ynode *cur = &doc->n[node];
        if (cur->type == YN_MAP) {
            node = ay_ydoc_map_get(doc, node, part);
        } else if (cur->type == YN_SEQ) {
            /* only canonical indices: "2", not "02", "+2" or " 2" */
            long k = 0;
            if (n && n < 10 && part[0] != '0' && strspn(part, "0123456789") == n)
                k = strtol(part, NULL, 10);
            node = 0;
            if (k >= 1)
                for (uint32_t c = cur->first; c && !node; c = doc->n[c].next)
                    if (--k == 0)
                        node = c;
        } else {
            node = 0;
        }
        if (!dot)
            break;
        s = dot + 1;
    }
    record_name(ay_vm_of(L), path, len, 1, node);
    if (node)
        ay_lproject_push_node(L, doc, node);
    else
        lua_pushnil(L);
    return 1;
}

static int indicators_next(lua_State *L)
{
    ay_project *p = check_project(L, lua_upvalueindex(1));
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
    if (i >= (lua_Integer)p->nind)
        return 0;
    lua_pushinteger(L, i + 1);
    lua_replace(L, lua_upvalueindex(2));
    ay_indicator *ind = &p->ind[i];
    ay_record_indicator(ay_vm_of(L), ind);
    lua_pushstring(L, ind->id);
    push_indicator(L, ind);
    return 2;
}

/* for id, ind in p:indicators() do ... end -- in file order */
static int project_indicators(lua_State *L)
{
    check_project(L, 1);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, indicators_next, 2);
    return 1;
}

static const luaL_Reg project_methods[] = {
    {"field", project_field},
    {"indicator", project_indicator},
    {"value", project_value},
    {"has", project_has},
    {"indicators", project_indicators},
    {NULL, NULL},
};

/* The project's fields, as project_index reads them. */
static const char *const PROJECT_FIELDS[] = {"id", "name", "file", "line",
                                             NULL};

static void show_project(ay_buf *b, const char *name)
{
    ay_buf_puts(b, ay_in(name, PROJECT_FIELDS) ? "p." : "p:");
    ay_buf_puts(b, name);
}

/* Push "; did you mean p:value?" for a name the project lacks, naming the
 * nearest methods and fields, or "" when none is near. */
static const char *push_project_hint(lua_State *L, const char *k)
{
    ay_near nr;
    ay_near_init(&nr, k);
    for (const luaL_Reg *m = project_methods; m->name; m++)
        ay_near_offer(&nr, m->name);
    ay_near_offer_list(&nr, PROJECT_FIELDS);
    ay_buf b = {0};
    ay_near_hint(&nr, &b, show_project);
    lua_pushlstring(L, b.oom ? "" : b.p ? b.p : "", b.oom ? 0 : b.n);
    ay_buf_free(&b);
    return lua_tostring(L, -1);
}

static int project_index(lua_State *L)
{
    lua_settop(L, 2);
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
        return 1; /* a method, what scripts ask for most: it checks its
                     project itself when called */
    lua_pop(L, 1);
    ay_project *p = check_project(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (!strcmp(k, "id"))
        lua_pushstring(L, p->id);
    else if (!strcmp(k, "name"))
        lua_pushstring(L, p->name);
    else if (!strcmp(k, "file"))
        lua_pushstring(L, p->file);
    else if (!strcmp(k, "line"))
        lua_pushinteger(L, p->line);
    else
        return luaL_error(L, "project has no field '%s'%s (descriptive "
                             "fields are read with p:field(\"%s\"))", k,
                          push_project_hint(L, k), k);
    return 1;
}

/* Name a key in a message without running any of its metamethods. */
static const char *key_name(lua_State *L, int idx)
{
    if (lua_type(L, idx) == LUA_TSTRING)
        return lua_tostring(L, idx);
    return lua_pushfstring(L, "(a %s key)", luaL_typename(L, idx));
}

/* __newindex of both classes; upvalue 1 names the class. */
static int readonly_newindex(lua_State *L)
{
    return luaL_error(L, "%s is read-only: cannot set '%s'",
                      lua_tostring(L, lua_upvalueindex(1)), key_name(L, 2));
}

static int project_tostring(lua_State *L)
{
    ay_project *p = check_project(L, 1);
    lua_pushfstring(L, "project '%s'", p->id);
    return 1;
}

/* ---- Indicator fields ------------------------------------------------ */

static void push_opt(lua_State *L, const char *s)
{
    if (s)
        lua_pushstring(L, s);
    else
        lua_pushnil(L);
}

/* The indicator's fields, as indicator_index reads them. */
static const char *const INDICATOR_FIELDS[] = {
    "id", "value", "status", "unit", "evidence", "source", "locator",
    "confidence", "note", "where", NULL};

/* Push "FILE:LINE:COL" of the indicator's value in its case (the column
 * left out when unknown: a project built in code). */
static void push_where(lua_State *L, const ay_project *p,
                       const ay_indicator *ind)
{
    const ay_ynode *n = &p->doc->n[ind->node];
    if (n->col)
        lua_pushfstring(L, "%s:%d:%d", p->file, (int)n->line, (int)n->col);
    else
        lua_pushfstring(L, "%s:%d", p->file, (int)n->line);
}

static void show_indicator(ay_buf *b, const char *name)
{
    ay_buf_puts(b, "ind.");
    ay_buf_puts(b, name);
}

/* Push what the error for a field the indicator lacks says after the
 * name: a hint when a field is near, and the list of fields. */
static const char *push_indicator_fields(lua_State *L, const char *k)
{
    ay_near nr;
    ay_near_init(&nr, k);
    ay_near_offer_list(&nr, INDICATOR_FIELDS);
    ay_buf b = {0};
    ay_near_hint(&nr, &b, show_indicator);
    for (const char *const *f = INDICATOR_FIELDS; *f; f++)
        ay_buf_printf(&b, "%s%s", f == INDICATOR_FIELDS ? " (" : ", ", *f);
    ay_buf_putc(&b, ')');
    lua_pushlstring(L, b.oom ? "" : b.p, b.oom ? 0 : b.n);
    ay_buf_free(&b);
    return lua_tostring(L, -1);
}

static int indicator_index(lua_State *L)
{
    ay_indicator *ind = check_indicator(L, 1);
    const char *k = luaL_checkstring(L, 2);
    ay_vm *vm = ay_vm_of(L);
    ay_record_indicator(vm, ind); /* also when another criterion found it */
    if (!strcmp(k, "id"))
        lua_pushstring(L, ind->id);
    else if (!strcmp(k, "value"))
        push_value(L, vm->cur, ind);
    else if (!strcmp(k, "status"))
        lua_pushstring(L, ay_indicator_status_name(ind->status));
    else if (!strcmp(k, "unit"))
        push_opt(L, ind->unit);
    else if (!strcmp(k, "evidence"))
        push_opt(L, ind->evidence);
    else if (!strcmp(k, "locator"))
        push_opt(L, ind->locator);
    else if (!strcmp(k, "confidence"))
        push_opt(L, ind->confidence);
    else if (!strcmp(k, "note"))
        push_opt(L, ind->note);
    else if (!strcmp(k, "source")) {
        if (!ind->source) {
            lua_pushnil(L);
        } else {
            lua_createtable(L, 0, 2);
            lua_pushstring(L, ind->source);
            lua_setfield(L, -2, "id");
            push_opt(L, ind->citation);
            lua_setfield(L, -2, "citation");
        }
    } else if (!strcmp(k, "where"))
        push_where(L, vm->cur, ind);
    else
        return luaL_error(L, "indicator has no field '%s'%s", k,
                          push_indicator_fields(L, k));
    return 1;
}

static int indicator_tostring(lua_State *L)
{
    ay_indicator *ind = check_indicator(L, 1);
    lua_pushfstring(L, "indicator '%s'", ind->id);
    return 1;
}

/* ---- Registration ---------------------------------------------------- */

/* Make a class's metatable: __index from the function on top of the stack
 * (popped), read-only, printable, and protected from getmetatable. */
static void new_class(lua_State *L, const char *mt, const char *what,
                      lua_CFunction tostring)
{
    luaL_newmetatable(L, mt);
    lua_insert(L, -2);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, what);
    lua_pushcclosure(L, readonly_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushstring(L, mt);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
}

uint64_t ay_lproject_seq(lua_State *L, int idx)
{
    ay_vm *vm = ay_vm_of(L);
    void *u = test_class(L, idx, vm->mt_project);
    if (!u)
        u = test_class(L, idx, vm->mt_indicator);
    return u ? *(uint64_t *)u : 0;
}

void ay_lproject_open(lua_State *L)
{
    luaL_newlibtable(L, project_methods);
    lua_pushboolean(L, 1); /* closures, which have creation numbers */
    luaL_setfuncs(L, project_methods, 1);
    lua_pushcclosure(L, project_index, 1);
    new_class(L, PROJECT_MT, "project", project_tostring);
    lua_pushcfunction(L, indicator_index);
    new_class(L, INDICATOR_MT, "indicator", indicator_tostring);
    ay_vm *vm = ay_vm_of(L);
    luaL_getmetatable(L, PROJECT_MT);
    vm->mt_project = lua_topointer(L, -1);
    luaL_getmetatable(L, INDICATOR_MT);
    vm->mt_indicator = lua_topointer(L, -1);
    lua_pop(L, 2);
}

void ay_lproject_push(lua_State *L, ay_project *p)
{
    lproj *lp = lua_newuserdatauv(L, sizeof *lp, 0);
    lp->seq = ay_vm_of(L)->heap.objects;
    lp->p = p;
    lp->epoch = ay_vm_of(L)->epoch;
    luaL_setmetatable(L, PROJECT_MT);
}

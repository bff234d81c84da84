/*
 * lassay.c -- the host-side Lua module "assay": engines as userdata,
 * results as plain tables (include/assay_lua.h).
 *
 * A thin layer over include/assay.h. While the library evaluates it calls
 * back into this file; everything a callback does with the host's state
 * runs under lua_pcall, so no Lua error ever unwinds through the library:
 * the error is kept, the callback asks the library to stop, and the error
 * is raised again once the library has returned.
 *
 * Errors by who made the mistake: a bad argument (a wrong type, an
 * unknown option, a malformed project table, a closed or busy engine)
 * raises; an expected failure (a script unreadable or rejected, no script
 * loaded) returns nil and a message; rejected case documents are results
 * too: diagnostics and the status "input". Out of memory raises.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "ay_engine.h"
#include "assay_lua.h"

#define ENGINE "assay.engine"
#define BOX "assay.box"

/* The engine as Lua sees it. e is NULL once closed. */
typedef struct lengine {
    assay_engine *e;
    int busy;                /* evaluating: no re-entry, no close */
    int json;                /* put each result's JSON text in its table */
    int trace;               /* put trace lists in result tables */
} lengine;

/* A C pointer owned by the host state: freed by __close or __gc, so a
 * raised error cannot leak it. */
typedef struct box {
    void *p;
    void (*release)(void *);
} box;

/* One evaluation in progress. The stack indices are absolute in the frame
 * of the method that called the library. */
typedef struct evalctx {
    lua_State *L;
    lengine *le;
    int fn;                  /* the callback, 0 when results are kept */
    int results, diags;      /* the tables results and diags go in */
    int errslot;             /* where an error raised in a callback waits */
    lua_Integer nresults, ndiags;
    lua_Integer omitted;     /* diagnostics past AY_DIAGS_KEPT, counted */
    int failed;              /* errslot holds an error to raise */
    int stopped;             /* fn returned false */
    const assay_result *r;   /* what the protected builders read */
    const assay_diag *d;
} evalctx;

/* ---- Boxes ------------------------------------------------------------ */

static int box_close(lua_State *L)
{
    box *b = luaL_checkudata(L, 1, BOX);
    if (b->p) {
        b->release(b->p);
        b->p = NULL;
    }
    return 0;
}

/* A new empty box on top. [-0, +1, m] */
static box *newbox(lua_State *L)
{
    box *b = lua_newuserdatauv(L, sizeof *b, 0);
    b->p = NULL;
    b->release = free;
    luaL_setmetatable(L, BOX);
    return b;
}

static void free_project(void *p) { assay_project_free(p); }

/* ---- The engine object ------------------------------------------------ */

/* The engine at index 1; raises when it is closed. */
static lengine *check_engine(lua_State *L)
{
    lengine *le = luaL_checkudata(L, 1, ENGINE);
    if (!le->e)
        luaL_error(L, "attempt to use a closed assay engine");
    return le;
}

/* As check_engine, and raises when the engine is evaluating: a callback
 * may not change or re-enter the engine that called it. */
static lengine *check_idle(lua_State *L)
{
    lengine *le = check_engine(L);
    if (le->busy)
        luaL_error(L, "the assay engine is busy evaluating (called from "
                      "inside its own callback)");
    return le;
}

/* A string argument without NUL bytes, for the library's C strings. */
static const char *check_cstring(lua_State *L, int arg)
{
    size_t len;
    const char *s = luaL_checklstring(L, arg, &len);
    luaL_argcheck(L, strlen(s) == len, arg, "contains a NUL byte");
    return s;
}

static const char *opt_cstring(lua_State *L, int arg)
{
    return lua_isnoneornil(L, arg) ? NULL : check_cstring(L, arg);
}

/* The optional callback at arg: its index, or 0 when none. */
static int opt_function(lua_State *L, int arg)
{
    if (lua_isnoneornil(L, arg))
        return 0;
    luaL_checktype(L, arg, LUA_TFUNCTION);
    return arg;
}

/* ---- Options of assay.new --------------------------------------------- */

/* Read the limits table at idx into lim; raises on an unknown key or a
 * value that is not an integer within the limit's range (AY_LIMITS, the
 * library's one table of them). */
static void read_limits(lua_State *L, int idx, assay_limits *lim)
{
    luaL_checkstack(L, 3, NULL);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        const ay_limit *l = lua_type(L, -2) == LUA_TSTRING
                                ? ay_limit_find(lua_tostring(L, -2)) : NULL;
        if (!l) {
            lua_pushvalue(L, -2);
            luaL_error(L, "assay.new: unknown limit '%s'",
                       luaL_tolstring(L, -1, NULL));
        }
        int isint = 0;
        lua_Integer v = lua_type(L, -1) == LUA_TNUMBER
                            ? lua_tointegerx(L, -1, &isint) : 0;
        /* the maxima are far below LUA_MAXINTEGER, so v converts exactly */
        if (!isint || v < 0 || (unsigned long long)v < l->min ||
            (unsigned long long)v > l->max)
            luaL_error(L, "assay.new: limits.%s must be an integer from %I "
                          "to %I, not %s", l->name, (lua_Integer)l->min,
                       (lua_Integer)l->max, luaL_tolstring(L, -1, NULL));
        ay_limit_set(lim, l, (unsigned long long)v);
        lua_pop(L, 1);
    }
}

static const char *const OPTIONS[] = {"limits", "stock_dir", "explain",
                                      "trace", "json", NULL};

/* A boolean option; raises for another type. */
static int opt_boolean(lua_State *L, int idx, const char *name)
{
    int t = lua_getfield(L, idx, name);
    if (t != LUA_TNIL && t != LUA_TBOOLEAN)
        luaL_error(L, "assay.new: option '%s' must be a boolean, not a %s",
                   name, luaL_typename(L, -1));
    int on = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return on;
}

/*
 * assay.new([opts]) -> engine
 *
 * A new engine, with no script loaded. opts (a table, all optional):
 *   limits = { doc_bytes=, depth=, nodes=, aliases=, scalar_bytes=,
 *              key_bytes=, script_bytes=, message_bytes=, lua_bytes=,
 *              instructions=, time_ms=, string_bytes=, pattern_steps=,
 *              trace_bytes= }
 *            integers, each within its range (README, Limits; the
 *            message names it); a limit not given keeps its default;
 *   stock_dir = folder of the stock scripts (default: the one installed
 *            beside the library, if any);
 *   explain = true: results carry verdict_reason and label_reason;
 *   trace = true: what the script's trace(...) calls are given is kept:
 *            results and their criteria carry trace, a list of
 *            {line=, text=, file=} (file only for a module's line; see
 *            assay_trace in assay.h);
 *   json = true: results carry json, the library's JSON text of each.
 * Raises on an unknown option or limit, a value of the wrong type, or a
 * limit out of its range.
 */
static int engine_new(lua_State *L)
{
    int has_opts = !lua_isnoneornil(L, 1);
    if (has_opts)
        luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    /* The safe state first: a closed engine that __gc can collect. */
    lengine *le = lua_newuserdatauv(L, sizeof *le, 0);
    le->e = NULL;
    le->busy = 0;
    le->json = 0;
    le->trace = 0;
    luaL_setmetatable(L, ENGINE);
    assay_limits lim;
    memset(&lim, 0, sizeof lim);
    const char *stock = NULL;
    int explain = 0;
    if (has_opts) {
        lua_pushnil(L);
        while (lua_next(L, 1)) {
            lua_pop(L, 1);
            if (lua_type(L, -1) != LUA_TSTRING ||
                !ay_in(lua_tostring(L, -1), OPTIONS)) {
                lua_pushvalue(L, -1);
                luaL_error(L, "assay.new: unknown option '%s'",
                           luaL_tolstring(L, -1, NULL));
            }
        }
        int t = lua_getfield(L, 1, "limits");
        if (t == LUA_TTABLE)
            read_limits(L, lua_gettop(L), &lim);
        else if (t != LUA_TNIL)
            luaL_error(L, "assay.new: option 'limits' must be a table, not "
                          "a %s", luaL_typename(L, -1));
        lua_pop(L, 1);
        t = lua_getfield(L, 1, "stock_dir");
        if (t == LUA_TSTRING) {
            size_t len;
            stock = lua_tolstring(L, -1, &len);
            if (strlen(stock) != len)
                luaL_error(L, "assay.new: option 'stock_dir' contains a NUL "
                              "byte");
        } else if (t != LUA_TNIL) {
            luaL_error(L, "assay.new: option 'stock_dir' must be a string, "
                          "not a %s", luaL_typename(L, -1));
        }
        /* the string stays on the stack, so stock stays valid */
        explain = opt_boolean(L, 1, "explain");
        le->trace = opt_boolean(L, 1, "trace");
        le->json = opt_boolean(L, 1, "json");
    }
    if (!(le->e = assay_engine_new(&lim)))
        return luaL_error(L, "assay.new: out of memory");
    if (stock && assay_engine_set_stock_dir(le->e, stock) != ASSAY_OK)
        return luaL_error(L, "assay.new: %s", assay_engine_errmsg(le->e));
    assay_engine_set_explain(le->e, explain);
    assay_engine_set_trace(le->e, le->trace);
    lua_pushvalue(L, 2);
    return 1;
}

/*
 * e:close()
 *
 * Free the engine now rather than at garbage collection. Safe to call
 * twice; also the __close and __gc of the engine. Any other method on a
 * closed engine raises "attempt to use a closed assay engine". Raises when
 * called from inside the engine's own callback.
 */
static int engine_close(lua_State *L)
{
    lengine *le = luaL_checkudata(L, 1, ENGINE);
    if (le->busy)
        return luaL_error(L, "cannot close an assay engine while it is "
                             "evaluating");
    assay_engine_free(le->e);
    le->e = NULL;
    return 0;
}

/*
 * __gc: frees the engine unless e:close() did. An engine is never
 * collected while evaluating (the call holds it), but the check is kept.
 */
static int engine_gc(lua_State *L)
{
    lengine *le = luaL_checkudata(L, 1, ENGINE);
    if (!le->busy) {         /* busy cannot be collected; be safe anyway */
        assay_engine_free(le->e);
        le->e = NULL;
    }
    return 0;
}

/*
 * tostring(e) -> "assay.engine (0x...)" or "assay.engine (closed)"
 */
static int engine_tostring(lua_State *L)
{
    lengine *le = luaL_checkudata(L, 1, ENGINE);
    if (le->e)
        lua_pushfstring(L, "assay.engine (%p)", (void *)le->e);
    else
        lua_pushliteral(L, "assay.engine (closed)");
    return 1;
}

/* Push the result of a script-loading call: true, or nil and the message.
 * A bad argument (ASSAY_EINVAL) raises. */
static int load_result(lua_State *L, lengine *le, int rc, int arg)
{
    if (rc == ASSAY_OK) {
        lua_pushboolean(L, 1);
        return 1;
    }
    if (rc == ASSAY_EINVAL)
        return luaL_argerror(L, arg, assay_engine_errmsg(le->e));
    if (rc == ASSAY_ENOMEM)
        return luaL_error(L, "%s", assay_engine_errmsg(le->e));
    lua_pushnil(L);
    lua_pushstring(L, assay_engine_errmsg(le->e));
    return 2;
}

/*
 * e:load_script(name_or_path) -> true | nil, message
 *
 * Load the evaluation script: a path (with a '/' or ending in ".lua") or
 * the name of a stock script. nil and the message (with the script's
 * line) when the script is unreadable or rejected; then no script is
 * loaded, even if one was before. Raises for a non-string or empty name.
 */
static int engine_load_script(lua_State *L)
{
    lengine *le = check_idle(L);
    const char *name = check_cstring(L, 2);
    return load_result(L, le, assay_engine_load_script(le->e, name), 2);
}

/*
 * e:load_script_string(text [, chunkname]) -> true | nil, message
 *
 * Load a script from text; chunkname (default "script") names it in
 * messages and is its name in e:script(). Its require finds stock modules
 * only. As e:load_script for failures.
 */
static int engine_load_script_string(lua_State *L)
{
    lengine *le = check_idle(L);
    size_t len;
    const char *text = luaL_checklstring(L, 2, &len);
    const char *chunkname = opt_cstring(L, 3);
    int rc = assay_engine_load_script_string(le->e, chunkname, text, len);
    return load_result(L, le, rc, 2);
}

/* t[k] = s when s is not NULL; t on top. [-0, +0, m] */
static void setstr(lua_State *L, const char *k, const char *s)
{
    if (s) {
        lua_pushstring(L, s);
        lua_setfield(L, -2, k);
    }
}

/*
 * e:script() -> { name=, path=, sha256=, aggregate=, criteria=<count>,
 *                 verdicts={label...} } | nil
 *
 * Facts about the loaded script; nil when none is loaded. path is the
 * chunkname for a script loaded from a string. verdicts holds the label
 * of each verdict rule in the script's order (a label may come more than
 * once): {} when the script declares no verdicts, and then no result has
 * one.
 */
static int engine_script(lua_State *L)
{
    lengine *le = check_engine(L);
    if (!assay_engine_script_name(le->e)) {
        lua_pushnil(L);
        return 1;
    }
    lua_createtable(L, 0, 6);
    setstr(L, "name", assay_engine_script_name(le->e));
    setstr(L, "path", assay_engine_script_path(le->e));
    setstr(L, "sha256", assay_engine_script_sha256(le->e));
    setstr(L, "aggregate", assay_engine_script_aggregate(le->e));
    lua_pushinteger(L, assay_engine_criterion_count(le->e));
    lua_setfield(L, -2, "criteria");
    int n = assay_engine_verdict_count(le->e);
    lua_createtable(L, n, 0);
    for (int i = 0; i < n; i++) {
        lua_pushstring(L, assay_engine_verdict_label(le->e, i));
        lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, "verdicts");
    return 1;
}

/*
 * e:limits() -> { doc_bytes=, depth=, ... }
 *
 * The limits in force, defaults filled in: the names of assay.new's
 * limits option.
 */
static int engine_limits(lua_State *L)
{
    lengine *le = check_engine(L);
    const assay_limits *lim = assay_engine_limits(le->e);
    lua_createtable(L, 0, (int)AY_NLIMITS);
    for (size_t i = 0; i < AY_NLIMITS; i++) {
        /* within its range, so far below LUA_MAXINTEGER */
        lua_pushinteger(L, (lua_Integer)ay_limit_get(lim, &AY_LIMITS[i]));
        lua_setfield(L, -2, AY_LIMITS[i].name);
    }
    return 1;
}

/*
 * e:reset()
 *
 * Start a new run: forget the project ids evaluated so far, so the same
 * cases may be evaluated again. The script and options stay.
 */
static int engine_reset(lua_State *L)
{
    lengine *le = check_idle(L);
    assay_engine_reset(le->e);
    return 0;
}

/* ---- Results as tables ------------------------------------------------ */

/* Evidence item j of criterion i. The value is pushed from the case's own
 * node, so 2.0 stays a float; a value too large to copy is its summary
 * text, as in the JSON. [-0, +1, m] */
static void push_evidence(lua_State *L, const assay_result *r, int i, int j,
                          const assay_evidence *ev)
{
    lua_createtable(L, 0, 8);
    setstr(L, "indicator", ev->indicator);
    setstr(L, "field", ev->field);
    const ay_ydoc *doc;
    uint32_t node = ay_result_evidence_node(r, i, j, &doc);
    if (node) {
        ay_lproject_push_node(L, doc, node);
        lua_setfield(L, -2, "value");
    } else if (ev->value[0] == '"') {      /* "(a value of N bytes)" */
        lua_pushlstring(L, ev->value + 1, strlen(ev->value) - 2);
        lua_setfield(L, -2, "value");
    }
    setstr(L, "status", ev->status);
    setstr(L, "source", ev->source);
    setstr(L, "locator", ev->locator);
    setstr(L, "quote", ev->quote);
    setstr(L, "confidence", ev->confidence);
    setstr(L, "note", ev->note);
}

/* t.trace = the trace lines of criterion i (i < 0: the project's own),
 * with t on top. [-0, +0, m] */
static void set_trace(lua_State *L, const assay_result *r, int i)
{
    int n = i < 0 ? assay_result_trace_count(r)
                  : assay_result_criterion_trace_count(r, i);
    lua_createtable(L, n, 0);
    for (int j = 0; j < n; j++) {
        assay_trace t;
        if (i < 0 ? assay_result_trace(r, j, &t)
                  : assay_result_criterion_trace(r, i, j, &t))
            break;
        lua_createtable(L, 0, 3);
        setstr(L, "file", t.file);
        lua_pushinteger(L, t.line > (unsigned long)LUA_MAXINTEGER
                               ? LUA_MAXINTEGER : (lua_Integer)t.line);
        lua_setfield(L, -2, "line");
        setstr(L, "text", t.text);
        lua_rawseti(L, -2, j + 1);
    }
    lua_setfield(L, -2, "trace");
}

static void push_criterion(lua_State *L, const lengine *le,
                           const assay_result *r, int i)
{
    double d;
    lua_createtable(L, 0, 16);
    setstr(L, "id", assay_result_criterion_id(r, i));
    setstr(L, "title", assay_result_criterion_title(r, i));
    setstr(L, "description", assay_result_criterion_description(r, i));
    setstr(L, "group", assay_result_criterion_group(r, i));
    lua_pushnumber(L, assay_result_criterion_weight(r, i));
    lua_setfield(L, -2, "weight");
    setstr(L, "status", assay_result_criterion_status(r, i));
    if (assay_result_criterion_score(r, i, &d)) {
        lua_pushnumber(L, d);
        lua_setfield(L, -2, "score");
    }
    if (assay_result_criterion_contribution(r, i, &d)) {
        lua_pushnumber(L, d);
        lua_setfield(L, -2, "contribution");
    }
    setstr(L, "label", assay_result_criterion_label(r, i));
    setstr(L, "note", assay_result_criterion_note(r, i));
    setstr(L, "error", assay_result_criterion_error(r, i));
    setstr(L, "label_reason", assay_result_criterion_label_reason(r, i));
    lua_pushboolean(L, assay_result_evidence_truncated(r, i));
    lua_setfield(L, -2, "evidence_truncated");
    int n = assay_result_evidence_count(r, i);
    lua_createtable(L, n, 0);
    for (int j = 0; j < n; j++) {
        assay_evidence ev;
        if (assay_result_evidence(r, i, j, &ev) != 0)
            break;
        push_evidence(L, r, i, j, &ev);
        lua_rawseti(L, -2, j + 1);
    }
    lua_setfield(L, -2, "evidence");
    if (le->trace)
        set_trace(L, r, i);
}

/* The result table of r. [-0, +1, m] */
static void push_result(lua_State *L, const lengine *le, const assay_result *r)
{
    luaL_checkstack(L, 10, NULL);
    double d;
    lua_createtable(L, 0, 12);
    setstr(L, "id", assay_result_id(r));
    setstr(L, "name", assay_result_name(r));
    setstr(L, "file", assay_result_file(r));
    unsigned long line = assay_result_line(r);
    lua_pushinteger(L, line > (unsigned long)LUA_MAXINTEGER
                           ? LUA_MAXINTEGER : (lua_Integer)line);
    lua_setfield(L, -2, "line");
    if (assay_result_score(r, &d)) {
        lua_pushnumber(L, d);
        lua_setfield(L, -2, "score");
    }
    lua_pushnumber(L, assay_result_coverage(r));
    lua_setfield(L, -2, "coverage");
    setstr(L, "verdict", assay_result_verdict(r));
    setstr(L, "error", assay_result_error(r));
    setstr(L, "verdict_reason", assay_result_verdict_reason(r));
    int n = assay_result_criterion_count(r);
    lua_createtable(L, n, 0);
    for (int i = 0; i < n; i++) {
        push_criterion(L, le, r, i);
        lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, "criteria");
    if (le->trace)
        set_trace(L, r, -1);
    if (le->json) {
        box *b = newbox(L);          /* frees the text if a push raises */
        char *text;
        size_t len;
        if (assay_result_json(r, &text, &len) != ASSAY_OK)
            luaL_error(L, "not enough memory");
        b->p = text;
        lua_pushlstring(L, text, len);
        free(text);
        b->p = NULL;
        lua_setfield(L, -3, "json");
        lua_pop(L, 1);
    }
}

/* ---- Callbacks from the library ---------------------------------------- */

/* Protected: build the result table and hand it on. Arguments: the
 * context (light userdata) and the callback or the results table. */
static int deliver_result(lua_State *L)
{
    evalctx *x = lua_touserdata(L, 1);
    push_result(L, x->le, x->r);
    x->nresults++;
    if (x->fn) {
        lua_call(L, 1, 1);          /* fn(result), fn at index 2 */
        if (lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1))
            x->stopped = 1;
    } else {
        lua_rawseti(L, 2, x->nresults);
    }
    return 0;
}

/* Protected: append the diagnostic to the table at index 2. */
static int deliver_diag(lua_State *L)
{
    evalctx *x = lua_touserdata(L, 1);
    const assay_diag *d = x->d;
    lua_createtable(L, 0, 4);
    setstr(L, "file", d->file);
    if (d->line) {
        lua_pushinteger(L, (lua_Integer)d->line);
        lua_setfield(L, -2, "line");
    }
    if (d->column) {
        lua_pushinteger(L, (lua_Integer)d->column);
        lua_setfield(L, -2, "column");
    }
    setstr(L, "message", d->message);
    lua_rawseti(L, 2, ++x->ndiags);
    return 0;
}

/* Run f(x, target) under lua_pcall, keeping an error for later. Only
 * pushes that cannot fail happen outside the protected call: a light C
 * function, a light userdata and a copy of a stack slot, into stack space
 * reserved before the library was called. 0, or -1 when f raised. */
static int protect(evalctx *x, lua_CFunction f, int target)
{
    lua_State *L = x->L;
    lua_pushcfunction(L, f);
    lua_pushlightuserdata(L, x);
    lua_pushvalue(L, target);
    if (lua_pcall(L, 2, 0, 0) == LUA_OK)
        return 0;
    lua_replace(L, x->errslot);
    x->failed = 1;
    return -1;
}

static int on_result(void *ud, const assay_result *r)
{
    evalctx *x = ud;
    if (x->failed)
        return 1;
    x->r = r;
    int rc = protect(x, deliver_result, x->fn ? x->fn : x->results);
    x->r = NULL;
    return rc < 0 || x->stopped;
}

static void on_diag(void *ud, const assay_diag *d)
{
    evalctx *x = ud;
    if (x->failed)
        return;               /* the next result stops the run */
    if (x->ndiags >= AY_DIAGS_KEPT) {
        x->omitted++;         /* bounded, also when results stream */
        return;
    }
    x->d = d;
    protect(x, deliver_diag, x->diags);
    x->d = NULL;
}

/* ---- Evaluation --------------------------------------------------------- */

/* Reserve the slots of an evaluation on top of the stack and arm the
 * engine. Raises only before the library is called. */
static void eval_begin(lua_State *L, lengine *le, evalctx *x, int fn)
{
    memset(x, 0, sizeof *x);
    x->L = L;
    x->le = le;
    x->fn = fn;
    lua_newtable(L);
    x->results = lua_gettop(L);
    lua_newtable(L);
    x->diags = lua_gettop(L);
    lua_pushnil(L);
    x->errslot = lua_gettop(L);
    luaL_checkstack(L, 8, "no room to evaluate");
    assay_engine_on_diag(le->e, on_diag, x);
    le->busy = 1;
}

/* Disarm the engine, raise a callback's error, or push what the
 * evaluation returns. */
static int eval_end(lua_State *L, lengine *le, evalctx *x, int rc)
{
    le->busy = 0;
    assay_engine_on_diag(le->e, NULL, NULL);
    if (x->failed) {
        lua_pushvalue(L, x->errslot);
        return lua_error(L);
    }
    const char *status;
    switch (rc) {
    case ASSAY_OK: status = "ok"; break;
    case ASSAY_EINPUT: status = "input"; break;
    case ASSAY_ECRITERIA: status = "criteria"; break;
    case ASSAY_ABORT: status = "abort"; break;
    default:
        lua_pushnil(L);
        lua_pushstring(L, assay_engine_errmsg(le->e));
        return 2;
    }
    lua_pushinteger(L, x->omitted);
    lua_setfield(L, x->diags, "omitted");
    if (x->fn)
        lua_pushinteger(L, x->nresults);
    else
        lua_pushvalue(L, x->results);
    lua_pushvalue(L, x->diags);
    lua_pushstring(L, status);
    return 3;
}

/*
 * e:eval_path(path [, fn]) -> results, diags, status
 *                           | count, diags, status   (with fn)
 *                           | nil, message
 *
 * Evaluate the case file, or the *.yaml / *.yml files under the folder
 * (in the order a sort of their paths gives). A file already read in the
 * run, under any name (through a folder, a link, "./x" for "x"), is not
 * read again; a folder that holds no case file is a diag. Without fn, results is the
 * array of result tables in input order. With fn, fn(result) is called as
 * each project is evaluated and nothing is kept; fn returning false (not
 * nil) stops the evaluation, and count says how many results were handed
 * over. diags is the array of rejected inputs, {file=, line=, column=,
 * message=} (line and column nil when unknown, as for a file that cannot
 * be opened): the first 1000 of them, so that a stream of bad documents
 * cannot grow it without end, and diags.omitted (always set, 0 when none)
 * counts the ones after (a field beside the array, as table.pack's n). status is "ok", "input" (some document or file was
 * rejected; the rest was evaluated), "criteria" (some criterion ended in
 * error or a limit) or "abort" (fn returned false); when several apply,
 * the first of abort, input, criteria. nil and a message when nothing
 * could be evaluated (no script loaded). An error raised by fn, or while
 * building a result, stops the evaluation and is raised again, unchanged,
 * once the library has returned; the engine stays usable (the ids already
 * evaluated stay counted: e:reset() to evaluate them again).
 */
static int engine_eval_path(lua_State *L)
{
    lengine *le = check_idle(L);
    const char *path = check_cstring(L, 2);
    int fn = opt_function(L, 3);
    evalctx x;
    eval_begin(L, le, &x, fn);
    int rc = assay_engine_eval_path(le->e, path, on_result, &x);
    return eval_end(L, le, &x, rc);
}

/*
 * e:eval_string(text [, name [, fn]]) -> as e:eval_path
 *
 * Evaluate the YAML documents in text; name (default "<string>") is the
 * file of their diagnostics and results. e:eval_string(text, fn) is short
 * for e:eval_string(text, nil, fn).
 */
static int engine_eval_string(lua_State *L)
{
    lengine *le = check_idle(L);
    size_t len;
    const char *text = luaL_checklstring(L, 2, &len);
    const char *name = NULL;
    int fn;
    if (lua_type(L, 3) == LUA_TFUNCTION) {
        luaL_argcheck(L, lua_isnone(L, 4), 4, "no argument expected after "
                                              "the callback");
        fn = 3;
    } else {
        name = opt_cstring(L, 3);
        fn = opt_function(L, 4);
    }
    evalctx x;
    eval_begin(L, le, &x, fn);
    int rc = assay_engine_eval_string(le->e, name, text, len, on_result, &x);
    return eval_end(L, le, &x, rc);
}

/*
 * e:eval_project(tbl [, fn]) -> results, diags, status
 *                              | count, diags, status   (with fn)
 *                              | nil, message
 *
 * Evaluate a project given as a table shaped as a case file holds it:
 *   { id=, name=, country=, target_group={...}, sources={{id=, citation=}},
 *     indicators={ DEM1={value="present", unit=, evidence=, source=,
 *                        locator=, confidence=}, INC1="not_stated" } }
 * Values: a string stays a string (so "70" is text, not a number), an
 * integer an integer, a float a float (never NaN or infinite), a boolean
 * a boolean; a table whose keys are exactly 1..n (n > 0) is a list, any
 * other table (an empty one too) a mapping whose keys must be strings.
 * Keys are taken in sorted (byte) order, so p:indicators() goes through
 * them sorted: Lua tables have no order, and this keeps evaluations
 * deterministic. Raw access: metamethods are not consulted.
 *
 * The project is then checked as a case document is, id and name
 * included: what a case file can get wrong -- a missing, empty or
 * malformed id or name (id = "a b", name = 7 is fine, as `name: 7` is),
 * an unknown source, a word outside the ordinal scale -- comes back as a
 * diag, as it would for the file, and the project is not evaluated. What
 * no case file could hold raises instead, naming where in the table: a
 * table that contains itself or nests deeper than the depth limit, a key
 * that is not a string, a value of another type (a function, say), a
 * NaN, or a string (value or key) with a NUL byte, since text in assay
 * ends at a NUL.
 *
 * Returns, as e:eval_path does, for the one project:
 *   results  an array holding its result table, or empty when it was
 *            rejected; with fn, count instead: 1 when fn was given the
 *            result, else 0;
 *   diags    the rejected project's problems, {file="<built>", line=nil,
 *            column=nil, message=}, and diags.omitted (0);
 *   status   "ok" (evaluated), "input" (rejected: diags say why),
 *            "criteria" (evaluated, but some criterion ended in error or
 *            hit a limit) or "abort" (fn returned false);
 *   nil and a message when no script is loaded.
 * Its id is not counted in the run, so a table may be evaluated again;
 * its result's file is "<built>" and its line 0.
 */
static int engine_eval_project(lua_State *L)
{
    lengine *le = check_idle(L);
    luaL_checktype(L, 2, LUA_TTABLE);
    int fn = opt_function(L, 3);
    lua_settop(L, 3);
    box *bx = newbox(L);
    lua_toclose(L, -1);               /* freed on return and on error */
    bx->release = free_project;
    if (!(bx->p = ay_build_new()))
        return luaL_error(L, "not enough memory");
    ay_lbuild_project(L, 2, bx->p, assay_engine_limits(le->e)->depth);
    evalctx x;
    eval_begin(L, le, &x, fn);
    int rc = assay_engine_eval_project(le->e, bx->p, on_result, &x);
    return eval_end(L, le, &x, rc);
}

/* ---- Helpers on results ----------------------------------------------- */

/*
 * assay.criterion(result, id) -> criterion | nil
 *
 * The entry of result.criteria whose id is id, or nil. Raises when result
 * is not a table with a criteria array.
 */
static int assay_criterion(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    const char *id = luaL_checkstring(L, 2);
    if (lua_getfield(L, 1, "criteria") != LUA_TTABLE)
        return luaL_argerror(L, 1, "a result table with criteria expected");
    for (lua_Integer i = 1; lua_rawgeti(L, 3, i) == LUA_TTABLE; i++) {
        if (lua_getfield(L, -1, "id") == LUA_TSTRING &&
            !strcmp(lua_tostring(L, -1), id)) {
            lua_pop(L, 1);
            return 1;
        }
        lua_pop(L, 2);
    }
    lua_pushnil(L);
    return 1;
}

/* ---- The module --------------------------------------------------------- */

static const luaL_Reg METHODS[] = {
    {"load_script", engine_load_script},
    {"load_script_string", engine_load_script_string},
    {"script", engine_script},
    {"limits", engine_limits},
    {"eval_path", engine_eval_path},
    {"eval_string", engine_eval_string},
    {"eval_project", engine_eval_project},
    {"reset", engine_reset},
    {"close", engine_close},
    {NULL, NULL}
};

static const luaL_Reg METAMETHODS[] = {
    {"__index", NULL},       /* the methods, set below */
    {"__gc", engine_gc},
    {"__close", engine_close},
    {"__tostring", engine_tostring},
    {NULL, NULL}
};

static const luaL_Reg FUNCTIONS[] = {
    {"new", engine_new},
    {"criterion", assay_criterion},
    {NULL, NULL}
};

/*
 * require "assay" -> { new=, criterion=, version=, version_number= }
 *
 * Registers the metatables "assay.engine" (its __metatable hides it, so
 * Lua code cannot swap __gc or __index) and "assay.box", and returns the
 * module table. version is assay_version() of the library as built.
 */
int luaopen_assay(lua_State *L)
{
    luaL_newmetatable(L, ENGINE);
    luaL_setfuncs(L, METAMETHODS, 0);
    luaL_newlibtable(L, METHODS);
    luaL_setfuncs(L, METHODS, 0);
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, "assay.engine");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    luaL_newmetatable(L, BOX);
    lua_pushcfunction(L, box_close);
    lua_setfield(L, -2, "__close");
    lua_pushcfunction(L, box_close);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_newlib(L, FUNCTIONS);
    lua_pushstring(L, assay_version());
    lua_setfield(L, -2, "version");
    lua_pushinteger(L, assay_version_number());
    lua_setfield(L, -2, "version_number");
    return 1;
}

/*
 * script.c -- load an evaluation script: the criterion{} and weighting{}
 * declarations it makes, checked strictly when it is loaded.
 *
 * A mistake in a declaration (an unknown key, a weight that is not a finite
 * number, a rule that can never match) stops the load with the script's
 * file, line and column -- of the key or the rule that is wrong, found in
 * the script's text (srckeys.c) -- because a criterion silently ignored
 * would change every verdict. The script struct and its strings are
 * malloc'ed and owned by the engine; Lua functions are held as registry
 * references.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "ay_vm.h"

static const char *const CRITERION_KEYS[] = {
    "id", "title", "group", "weight", "evaluate", "bands", "description",
    NULL};

/* A load error, cleaned and cut to the message limit, in the vm's error
 * buffer; returns code. */
static int fail(ay_vm *vm, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(ay_vm *vm, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    code = ay_set_errorv(vm->err, vm->lim.message_bytes, code, fmt, ap);
    va_end(ap);
    return code;
}

static ay_script *current(lua_State *L)
{
    ay_vm *vm = ay_vm_of(L);
    if (!vm->loading || !vm->s)
        luaL_error(L, "criterion{} and weighting{} can only be used while "
                      "the script loads, not while it evaluates");
    return vm->s;
}

/* Push the text of the chunk the caller at level 1 runs (the script, or
 * a module read again from its file), or nil. */
static void push_caller_text(lua_State *L, const lua_Debug *ar)
{
    ay_vm *vm = ay_vm_of(L);
    const char *src = ar->source;
    if (vm->s && vm->s->text && (*src == '@' || *src == '=') &&
        !strcmp(src + 1, vm->s->path)) {
        lua_pushlstring(L, vm->s->text, vm->s->len);
        return;
    }
    ay_buf b = {0};
    char why[256];
    if (*src == '@' &&
        ay_read_file(src + 1, vm->lim.script_bytes, &b, why, sizeof why) ==
            ASSAY_OK)
        lua_pushlstring(L, b.p ? b.p : "", b.n);
    else
        lua_pushnil(L);
    ay_buf_free(&b);
}

static void push_expected(lua_State *L, const char *const *allowed)
{
    luaL_Buffer lb;
    luaL_buffinit(L, &lb);
    for (const char *const *a = allowed; *a; a++) {
        if (a != allowed)
            luaL_addstring(&lb, a[1] ? ", " : " or ");
        luaL_addstring(&lb, *a);
    }
    luaL_pushresult(&lb);
}

/* Push "chunk:LINE:COL: " for a declaration's error (without COL when it
 * is 0, nothing without a line), as luaL_where does with a column. */
static void push_where(lua_State *L, const lua_Debug *ar, int line, int col)
{
    if (col)
        lua_pushfstring(L, "%s:%d:%d: ", ar->short_src, line, col);
    else if (line > 0)
        lua_pushfstring(L, "%s:%d: ", ar->short_src, line);
    else
        lua_pushliteral(L, "");
}

/* Where a declaration's mistake is: the key `key` of the table given to
 * `callee` ("criterion" or "weighting"), or, when item > 0, item `item`
 * (1-based) of the list under that key (a rule of bands or verdicts). */
typedef struct place {
    const char *callee, *key;
    int item;
} place;

/* The line and column of pl in text, the script that called at line;
 * unchanged when the text does not show it (a table built elsewhere).
 * Of a key written twice, the last, which is the one Lua keeps. */
static void find_place(const char *text, size_t len, int line,
                       const place *pl, int *oline, int *ocol)
{
    if (pl->item > 0 && ay_constructor_item(text, len, line, pl->callee,
                                            pl->key, pl->item, oline, ocol))
        return;
    ay_srckey at[64];
    int n = ay_constructor_keys(text, len, line, pl->callee, at, 64);
    size_t kn = strlen(pl->key);
    for (int i = n; i-- > 0;)
        if (at[i].len == kn && !memcmp(at[i].name, pl->key, kn)) {
            *oline = at[i].line;
            *ocol = at[i].col;
            return;
        }
}

/* Raise a load error about a declaration at the place of the mistake,
 * "chunk:LINE:COL: message", when the call's table is found in the
 * script's text; else at the line of the call, as luaL_error would. */
static int decl_error(lua_State *L, const place *pl, const char *fmt, ...)
{
    lua_Debug ar;
    memset(&ar, 0, sizeof ar);
    if (lua_getstack(L, 1, &ar))
        lua_getinfo(L, "Sl", &ar);
    va_list ap;
    va_start(ap, fmt);
    lua_pushvfstring(L, fmt, ap);
    va_end(ap);
    int line = ar.currentline, col = 0;
    if (line > 0) {
        push_caller_text(L, &ar);
        size_t len;
        const char *text = lua_tolstring(L, -1, &len);
        if (text)
            find_place(text, len, ar.currentline, pl, &line, &col);
        lua_pop(L, 1);
    }
    push_where(L, &ar, line, col);
    lua_insert(L, -2);
    lua_concat(L, 2);
    return lua_error(L);
}

/* Check every key of the table at idx against allowed; what names the
 * declaration ("criterion"), and is the name it is called by. Every
 * unknown key is reported in one error: in source order, each at its line
 * and column, when the call's table constructor is found in the script's
 * text; otherwise in key order, at the line of the call. */
static void check_keys(lua_State *L, int idx, const char *const *allowed,
                       const char *what)
{
    idx = lua_absindex(L, idx);
    ay_sorted_keys(L, idx);
    int keys = lua_gettop(L);
    lua_newtable(L); /* unknown key -> true */
    int unknown = keys + 1, nunknown = 0;
    lua_Integer n = (lua_Integer)lua_rawlen(L, keys);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_rawgeti(L, keys, i) != LUA_TSTRING)
            luaL_error(L, "%s: keys must be names, found a %s key", what,
                       luaL_typename(L, -1));
        if (!ay_in(lua_tostring(L, -1), allowed)) {
            lua_pushboolean(L, 1);
            lua_rawset(L, unknown);
            nunknown++;
        } else {
            lua_pop(L, 1);
        }
    }
    if (!nunknown) {
        lua_pop(L, 2);
        return;
    }

    lua_Debug ar;
    memset(&ar, 0, sizeof ar);
    if (lua_getstack(L, 1, &ar))
        lua_getinfo(L, "Sl", &ar);
    ay_srckey at[64];
    int nat = 0;
    push_caller_text(L, &ar);
    size_t len;
    const char *text = lua_tolstring(L, -1, &len);
    if (text && ar.currentline > 0)
        nat = ay_constructor_keys(text, len, ar.currentline, what, at, 64);

    /* the keys found in the text, in its order, then the others */
    luaL_Buffer lb;
    luaL_buffinit(L, &lb);
    int listed = 0, line = ar.currentline, col = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (lua_Integer i = 1; i <= (pass ? n : nat); i++) {
            if (pass)
                lua_rawgeti(L, keys, i);
            else
                lua_pushlstring(L, at[i - 1].name, at[i - 1].len);
            lua_pushvalue(L, -1);
            lua_rawget(L, unknown);
            if (!lua_toboolean(L, -1)) {
                lua_pop(L, 2); /* known, or listed already */
                continue;
            }
            lua_pop(L, 1);
            lua_pushboolean(L, 0); /* not true: listed */
            lua_rawset(L, unknown);
            if (!listed && !pass) {
                line = at[i - 1].line;
                col = at[i - 1].col;
            }
            if (pass)
                lua_rawgeti(L, keys, i);
            else
                lua_pushlstring(L, at[i - 1].name, at[i - 1].len);
            const char *k = lua_tostring(L, -1);
            lua_pop(L, 1); /* still in keys, or in the text */
            if (listed++)
                luaL_addstring(&lb, ", ");
            luaL_addchar(&lb, '\'');
            luaL_addstring(&lb, k);
            luaL_addchar(&lb, '\'');
            if (!pass && nunknown > 1) {
                lua_pushfstring(L, " (%d:%d)", at[i - 1].line,
                                at[i - 1].col);
                luaL_addvalue(&lb);
            }
        }
    }
    luaL_pushresult(&lb);
    push_expected(L, allowed);
    push_where(L, &ar, line, col);
    lua_pushfstring(L, "%s%s: unknown key%s %s (expected %s)",
                    lua_tostring(L, -1), what, nunknown > 1 ? "s" : "",
                    lua_tostring(L, -3), lua_tostring(L, -2));
    lua_error(L);
}

/* The optional number under key of the table at idx, into *out: 1, or 0
 * when absent; a mistake is raised at pl. */
static int opt_number(lua_State *L, int idx, const char *key, double *out,
                      const char *what, const place *pl)
{
    int t = lua_getfield(L, idx, key);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (t != LUA_TNUMBER)
        decl_error(L, pl, "%s: '%s' must be a number, not a %s", what, key,
                   luaL_typename(L, -1));
    *out = lua_tonumber(L, -1);
    lua_pop(L, 1);
    if (!isfinite(*out))
        decl_error(L, pl, "%s: '%s' must be finite", what, key);
    return 1;
}

static char *opt_string(lua_State *L, int idx, const char *key,
                        const char *what, const place *pl)
{
    int t = lua_getfield(L, idx, key);
    char *s = NULL;
    if (t == LUA_TSTRING && strlen(lua_tostring(L, -1)) != lua_rawlen(L, -1))
        decl_error(L, pl, "%s: '%s' must not hold a NUL byte", what, key);
    if (t == LUA_TSTRING)
        s = strdup(lua_tostring(L, -1));
    else if (t != LUA_TNIL)
        decl_error(L, pl, "%s: '%s' must be a string, not a %s", what, key,
                   luaL_typename(L, -1));
    lua_pop(L, 1);
    return s;
}

static void free_rules(lua_State *L, ay_rule *r, int n)
{
    for (int i = 0; i < n; i++) {
        free(r[i].label);
        if (L)
            luaL_unref(L, LUA_REGISTRYINDEX, r[i].when);
    }
    free(r);
}

/* Read a list of rules ({label, at_least=, coverage_below=, when=}) from
 * the field `key` of the table at idx, given to callee. First match wins,
 * so a rule after one with no condition could never match: that is
 * refused. A mistake is raised at the rule, else at the key. */
static void read_rules(lua_State *L, int idx, const char *key,
                       const char *owner, int coverage_ok, const char *callee,
                       ay_rule **out, int *nout)
{
    place whole = {callee, key, 0}, rule = {callee, key, 0};
    static const char *const with_cov[] = {"at_least", "coverage_below",
                                           "when", "standing", NULL};
    static const char *const without[] = {"at_least", "when", NULL};
    if (lua_getfield(L, idx, key) == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (!lua_istable(L, -1))
        decl_error(L, &whole, "%s: '%s' must be a list of rules", owner,
                   key);
    int list = lua_gettop(L);
    lua_Integer n = luaL_len(L, list);
    if (n < 1 || n > 1000)
        decl_error(L, &whole, "%s: '%s' must list 1 to 1000 rules", owner,
                   key);
    ay_rule *r = calloc((size_t)n, sizeof *r);
    if (!r)
        luaL_error(L, "out of memory");
    for (int i = 0; i < n; i++)
        r[i].when = LUA_NOREF;
    *out = r;
    *nout = (int)n;
    char what[160];
    for (lua_Integer i = 1; i <= n; i++) {
        ay_rule *ru = &r[i - 1];
        snprintf(what, sizeof what, "%s: %s[%d]", owner, key, (int)i);
        rule.item = (int)i;
        if (lua_rawgeti(L, list, i) != LUA_TTABLE)
            decl_error(L, &rule, "%s must be a table like { \"label\", "
                                 "at_least = 0.5 }", what);
        int t = lua_gettop(L);
        /* numeric keys other than [1] are not allowed either; every
         * unknown name is reported, in key order */
        ay_sorted_keys(L, t);
        int keys = lua_gettop(L), nunknown = 0;
        luaL_Buffer lb;
        luaL_buffinit(L, &lb);
        for (lua_Integer k = 1; k <= (lua_Integer)lua_rawlen(L, keys); k++) {
            int kt = lua_rawgeti(L, keys, k);
            if (kt == LUA_TNUMBER) {
                if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) != 1)
                    decl_error(L, &rule, "%s: only one label is allowed",
                               what);
            } else if (kt != LUA_TSTRING) {
                decl_error(L, &rule, "%s: keys must be names", what);
            } else if (!ay_in(lua_tostring(L, -1),
                              coverage_ok ? with_cov : without)) {
                const char *name = lua_tostring(L, -1);
                lua_pop(L, 1);
                luaL_addstring(&lb, nunknown++ ? ", '" : "'");
                luaL_addstring(&lb, name); /* still held by keys */
                luaL_addchar(&lb, '\'');
                continue;
            }
            lua_pop(L, 1);
        }
        luaL_pushresult(&lb);
        if (nunknown)
            decl_error(L, &rule, "%s: unknown key%s %s (expected %s)", what,
                       nunknown > 1 ? "s" : "", lua_tostring(L, -1),
                       coverage_ok ? "at_least, coverage_below, when or "
                                     "standing"
                                   : "at_least or when");
        lua_pop(L, 2);
        if (lua_rawgeti(L, t, 1) != LUA_TSTRING ||
            strlen(lua_tostring(L, -1)) != lua_rawlen(L, -1))
            decl_error(L, &rule, "%s: the first entry must be the label "
                                 "string (without NUL bytes)", what);
        ru->label = strdup(lua_tostring(L, -1));
        lua_pop(L, 1);
        ru->has_at_least =
            opt_number(L, t, "at_least", &ru->at_least, what, &rule);
        ru->has_coverage = opt_number(L, t, "coverage_below",
                                      &ru->coverage_below, what, &rule);
        ru->standing = AY_STANDING_UNSET;
        if (coverage_ok) {
            static const char *const standings[] = {"bad", "neutral", "good",
                                                    NULL};
            char *st = opt_string(L, t, "standing", what, &rule);
            for (int k = 0; st && standings[k]; k++)
                if (!strcmp(st, standings[k]))
                    ru->standing = k - 1;
            int bad = st && ru->standing == AY_STANDING_UNSET;
            free(st);
            if (bad)
                decl_error(L, &rule, "%s: 'standing' must be \"good\", "
                                     "\"neutral\" or \"bad\"", what);
        }
        int wt = lua_getfield(L, t, "when");
        if (wt == LUA_TFUNCTION) {
            lua_Debug ar;
            lua_pushvalue(L, -1);
            lua_getinfo(L, ">S", &ar);
            ru->when_line = ar.linedefined;
            ru->when = luaL_ref(L, LUA_REGISTRYINDEX);
        }
        else if (wt != LUA_TNIL)
            decl_error(L, &rule, "%s: 'when' must be a function", what);
        else
            lua_pop(L, 1);
        lua_pop(L, 1);
        if (i > 1) {
            const ay_rule *prev = &r[i - 2];
            if (!prev->has_at_least && !prev->has_coverage &&
                prev->when == LUA_NOREF)
                decl_error(L, &rule, "%s can never match: %s[%d] ('%s') has "
                                     "no condition and always matches first",
                           what, key, (int)(i - 1), prev->label);
        }
    }
    lua_pop(L, 1);
}

/* A rule with no condition at all: it always matches. */
static int unconditional(const ay_rule *r)
{
    return !r->has_at_least && !r->has_coverage && r->when == LUA_NOREF;
}

int ay_verdict_standing(const ay_script *s, int i)
{
    if (i < 0 || i >= s->nverdicts)
        return AY_STANDING_NEUTRAL;
    const ay_rule *r = s->verdicts, *ru = &r[i];
    if (ru->standing != AY_STANDING_UNSET)
        return ru->standing;
    /* Worked out from the score thresholds, the one ranking every script
     * states: the highest at_least is good; the lowest, or the rule that
     * catches what no threshold reached, bad -- when there are two levels
     * at least. Rules on coverage or when() alone judge something else
     * (missing evidence, scope): neutral. */
    int n = 0;
    double hi = 0, lo = 0;
    for (int k = 0; k < s->nverdicts; k++)
        if (r[k].has_at_least) {
            hi = n ? fmax(hi, r[k].at_least) : r[k].at_least;
            lo = n ? fmin(lo, r[k].at_least) : r[k].at_least;
            n++;
        }
    int fallback = n && unconditional(&r[s->nverdicts - 1]);
    if (!n || (hi == lo && !fallback))
        return AY_STANDING_NEUTRAL;
    if (ru->has_at_least && ru->at_least == hi)
        return AY_STANDING_GOOD;
    if (fallback ? unconditional(ru)
                 : ru->has_at_least && ru->at_least == lo)
        return AY_STANDING_BAD;
    return AY_STANDING_NEUTRAL;
}

/* Where the declaration being made is written: the innermost Lua
 * function on the stack (the script, a module, or a function of theirs,
 * perhaps through pcall): its chunk's name, a path for a file, copied
 * into *file, and the line it is at. NULL and 0 when there is none. */
static void called_from(lua_State *L, char **file, int *line)
{
    lua_Debug ar;
    *file = NULL;
    *line = 0;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        lua_getinfo(L, "Sl", &ar);
        if (ar.currentline <= 0)
            continue;
        const char *src = ar.source;
        if (!(*file = strdup(*src == '@' || *src == '=' ? src + 1 : src)))
            luaL_error(L, "out of memory");
        *line = ar.currentline;
        return;
    }
}

/* criterion { id = ..., evaluate = function(p) ... end, ... } */
static int l_criterion(lua_State *L)
{
    ay_script *s = current(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    check_keys(L, 1, CRITERION_KEYS, "criterion");
    place at_id = {"criterion", "id", 0},
          at_weight = {"criterion", "weight", 0},
          at_eval = {"criterion", "evaluate", 0};
    if (lua_getfield(L, 1, "id") != LUA_TSTRING ||
        !ay_id_ok(lua_tostring(L, -1), lua_rawlen(L, -1)))
        return decl_error(L, &at_id, "criterion: 'id' must be a name made "
                                     "of letters, digits, '_', '.' and '-'");
    const char *id = lua_tostring(L, -1);
    for (int i = 0; i < s->nc; i++)
        if (!strcmp(s->c[i].id, id))
            return decl_error(L, &at_id, "criterion '%s' is declared twice",
                              id);
    char what[160];
    snprintf(what, sizeof what, "criterion '%.100s'", id);
    if (s->nc == s->capc) {
        int cap = s->capc ? s->capc * 2 : 8;
        ay_criterion *c = realloc(s->c, (size_t)cap * sizeof *c);
        if (!c)
            return luaL_error(L, "out of memory");
        s->c = c;
        s->capc = cap;
    }
    ay_criterion *c = &s->c[s->nc];
    memset(c, 0, sizeof *c);
    c->evaluate = LUA_NOREF;
    c->weight = 1;
    s->nc++; /* counted now so that ay_script_free releases what it holds */
    called_from(L, &c->file, &c->call_line);
    c->id = strdup(id);
    place at_title = {"criterion", "title", 0},
          at_group = {"criterion", "group", 0},
          at_description = {"criterion", "description", 0};
    c->title = opt_string(L, 1, "title", what, &at_title);
    if (!c->title)
        c->title = strdup(id);
    c->group = opt_string(L, 1, "group", what, &at_group);
    c->description = opt_string(L, 1, "description", what, &at_description);
    /* bounded, so that no sum of weights can overflow */
    if (opt_number(L, 1, "weight", &c->weight, what, &at_weight) &&
        (c->weight < 0 || c->weight > 1e9))
        return decl_error(L, &at_weight, "%s: 'weight' must be between 0 "
                                         "and 1e9", what);
    if (lua_getfield(L, 1, "evaluate") != LUA_TFUNCTION)
        return decl_error(L, &at_eval, "%s: 'evaluate' must be a "
                                       "function(p)", what);
    lua_Debug ar;
    lua_pushvalue(L, -1);
    lua_getinfo(L, ">S", &ar);
    c->line = ar.linedefined;
    c->evaluate = luaL_ref(L, LUA_REGISTRYINDEX);
    read_rules(L, 1, "bands", what, 0, "criterion", &c->bands, &c->nbands);
    if (!c->id)
        return luaL_error(L, "out of memory");
    return 0;
}

/* weighting { aggregate = "weighted_mean" | ... | function, verdicts = {} } */
static int l_weighting(lua_State *L)
{
    static const char *const keys[] = {"aggregate", "verdicts", NULL};
    ay_script *s = current(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    if (s->weighting_line)
        return luaL_error(L, "weighting is declared twice (first at line %d)",
                          s->weighting_line);
    called_from(L, &s->weighting_file, &s->weighting_line);
    if (!s->weighting_line)
        s->weighting_line = -1; /* seen, from nowhere in Lua */
    check_keys(L, 1, keys, "weighting");
    place at_agg = {"weighting", "aggregate", 0};
    int t = lua_getfield(L, 1, "aggregate");
    if (t == LUA_TFUNCTION) {
        s->agg = AGG_FUNCTION;
        s->agg_fn = luaL_ref(L, LUA_REGISTRYINDEX);
    } else if (t == LUA_TSTRING || t == LUA_TNIL) {
        const char *a = t == LUA_TNIL ? "weighted_mean" : lua_tostring(L, -1);
        if (!strcmp(a, "weighted_mean"))
            s->agg = AGG_WEIGHTED_MEAN;
        else if (!strcmp(a, "geometric"))
            s->agg = AGG_GEOMETRIC;
        else if (!strcmp(a, "minimum"))
            s->agg = AGG_MINIMUM;
        else
            return decl_error(L, &at_agg, "weighting: unknown aggregate "
                                          "'%s' (expected weighted_mean, "
                                          "geometric, minimum or a "
                                          "function)", a);
        lua_pop(L, 1);
    } else {
        return decl_error(L, &at_agg, "weighting: 'aggregate' must be a "
                                      "name or a function, not a %s",
                          luaL_typename(L, -1));
    }
    read_rules(L, 1, "verdicts", "weighting", 1, "weighting", &s->verdicts,
               &s->nverdicts);
    return 0;
}

void ay_script_free(lua_State *L, ay_script *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->nc; i++) {
        ay_criterion *c = &s->c[i];
        free(c->id);
        free(c->title);
        free(c->group);
        free(c->file);
        free(c->description);
        if (L)
            luaL_unref(L, LUA_REGISTRYINDEX, c->evaluate);
        free_rules(L, c->bands, c->nbands);
    }
    free(s->c);
    free_rules(L, s->verdicts, s->nverdicts);
    if (L)
        luaL_unref(L, LUA_REGISTRYINDEX, s->agg_fn);
    free(s->weighting_file);
    free(s->name);
    free(s->path);
    free(s->dir);
    free(s->text);
    free(s);
}

int ay_script_reload(ay_vm *vm)
{
    ay_script *old = vm->s;
    if (!old)
        return ASSAY_ESTATE;
    vm->s = NULL; /* its Lua references die with the old state */
    old->retired = vm->retired;
    vm->retired = old;
    return ay_script_load(vm, old->path, old->from_file ? old->path : NULL,
                          old->text, old->len);
}

void ay_script_free_retired(ay_vm *vm)
{
    while (vm->retired) {
        ay_script *s = vm->retired;
        vm->retired = s->retired;
        ay_script_free(NULL, s);
    }
}

typedef struct load_args {
    const char *chunkname, *text;
    size_t len;
} load_args;

static int load_protected(lua_State *L)
{
    load_args *a = lua_touserdata(L, 1);
    ay_determ_closure(L, l_criterion);
    ay_sandbox_setglobal(L, "criterion");
    ay_determ_closure(L, l_weighting);
    ay_sandbox_setglobal(L, "weighting");
    if (ay_sandbox_load(L, a->chunkname, a->text, a->len) != LUA_OK)
        return lua_error(L);
    lua_call(L, 0, 0);
    return 0;
}

/* The name a report shows: the file's base name without ".lua". */
static char *script_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char *name = strdup(base);
    size_t n = name ? strlen(name) : 0;
    if (n > 4 && !strcmp(name + n - 4, ".lua"))
        name[n - 4] = 0;
    return name;
}

/* Coverage is the scored criteria's weight over the total weight, and
 * every aggregate divides by the weight it sums: with a total of 0 there
 * is neither, so a script whose criteria all weigh 0 is refused, naming
 * them. 1 (message set) when it is. */
static int zero_weights(ay_vm *vm, const ay_script *s)
{
    double total = 0;
    for (int i = 0; i < s->nc; i++)
        total += s->c[i].weight;
    if (total > 0)
        return 0;
    ay_buf ids = {0};
    for (int i = 0; i < s->nc && i < 5; i++)
        ay_buf_printf(&ids, "%s'%s'", i ? ", " : "", s->c[i].id);
    if (s->nc > 5)
        ay_buf_printf(&ids, " and %d more", s->nc - 5);
    const char *list = ay_buf_cstr(&ids);
    /* at the weighting, which divides by the total, or else the first
     * criterion */
    int line = s->weighting_line ? s->weighting_line : s->c[0].line;
    fail(vm, ASSAY_ESCRIPT, "%s:%d:1: every criterion has weight 0 (%s), so "
         "the total weight is 0 and no project could have a score or a "
         "coverage: give at least one criterion a weight above 0", s->path,
         line, list ? list : "");
    ay_buf_free(&ids);
    return 1;
}

int ay_script_load(ay_vm *vm, const char *chunkname, const char *path,
                   const char *text, size_t len)
{
    ay_script_free(vm->L, vm->s);
    vm->s = NULL;
    int rc = ay_sandbox_new(vm);
    if (rc)
        return fail(vm, rc, "cannot create a Lua state");
    ay_script *s = calloc(1, sizeof *s);
    if (!s)
        return fail(vm, ASSAY_ENOMEM, "out of memory");
    s->agg_fn = LUA_NOREF;
    vm->s = s;
    s->path = strdup(path ? path : chunkname);
    s->name = script_name(path ? path : chunkname);
    if (path) {
        const char *slash = strrchr(path, '/');
        s->dir = slash ? malloc((size_t)(slash - path) + 1) : strdup(".");
        if (slash && s->dir) {
            memcpy(s->dir, path, (size_t)(slash - path));
            s->dir[slash - path] = 0;
        }
    }
    ay_sha256_hex(text, len, s->sha256);
    s->from_file = path != NULL;
    s->len = len;
    if ((s->text = malloc(len + 1)) != NULL) {
        memcpy(s->text, text, len);
        s->text[len] = 0;
    }
    if (!s->text || !s->path || !s->name)
        rc = fail(vm, ASSAY_ENOMEM, "out of memory");
    else if (len > vm->lim.script_bytes)
        rc = fail(vm, ASSAY_ESCRIPT,
                       "%s: script is larger than the limit of %zu bytes",
                       chunkname, vm->lim.script_bytes);
    else {
        load_args a = {NULL, text, len};
        lua_State *L = vm->L;
        ay_buf cn = {0};
        ay_buf_printf(&cn, "%c%s", path ? '@' : '=', path ? path : chunkname);
        a.chunkname = ay_buf_cstr(&cn);
        lua_pushcfunction(L, load_protected);
        lua_pushlightuserdata(L, &a);
        vm->loading = 1;
        ay_limits_arm(vm); /* loading runs the script's top level */
        int status = lua_pcall(L, 1, 0, 0);
        ay_limits_disarm(vm);
        vm->loading = 0;
        if (vm->limit) {
            rc = fail(vm, ASSAY_ESCRIPT, "%s: %s", s->path, vm->limit_msg);
            vm->limit = AY_LIMIT_NONE;
            if (status != LUA_OK)
                lua_pop(L, 1);
        } else if (status != LUA_OK) {
            size_t n;
            const char *m = ay_sandbox_errmsg(L, &n);
            ay_arena ar = {0};
            const char *clean = ay_clean_message(&ar, m, n, vm->lim.message_bytes);
            /* a message without the script's name gets it */
            int named = clean && !strncmp(clean, s->path, strlen(s->path));
            rc = fail(vm, ASSAY_ESCRIPT, "%s%s%s", named ? "" : s->path,
                           named ? "" : ": ", clean ? clean : "out of memory");
            ay_arena_free(&ar);
            lua_pop(L, 1);
        } else if (s->nc == 0) {
            rc = fail(vm, ASSAY_ESCRIPT,
                           "%s: the script declares no criterion", s->path);
        } else if (zero_weights(vm, s)) {
            rc = ASSAY_ESCRIPT;
        } else if (ay_sandbox_freeze(L) != ASSAY_OK) {
            rc = fail(vm, ASSAY_ENOMEM, "out of memory");
        }
        ay_buf_free(&cn);
    }
    if (rc) {
        ay_script_free(vm->L, vm->s);
        vm->s = NULL;
    }
    return rc;
}

/* The text of file, which declared something in s: the script's own, or
 * a module's read again into b (of at most max bytes). NULL when it cannot
 * be read. */
static const char *text_of(const ay_script *s, const char *file, size_t max,
                           ay_buf *b, size_t *len)
{
    char why[256];
    if (s->text && !strcmp(file, s->path)) {
        *len = s->len;
        return s->text;
    }
    if (ay_read_file(file, max, b, why, sizeof why) != ASSAY_OK) {
        ay_buf_free(b);
        return NULL;
    }
    *len = b->n;
    return b->p ? b->p : "";
}

int ay_script_where(const ay_script *s, size_t max, int i, int j,
                    const char **file, int *line, int *col)
{
    if (!s || i < -1 || i >= s->nc || (i < 0 && !s->weighting_line))
        return ASSAY_EINVAL;
    int nrules = i < 0 ? s->nverdicts : s->c[i].nbands;
    if (j < -1 || j >= nrules)
        return ASSAY_EINVAL;
    const char *callee = i < 0 ? "weighting" : "criterion";
    *file = i < 0 ? s->weighting_file : s->c[i].file;
    *line = i < 0 ? s->weighting_line : s->c[i].call_line;
    *col = 0;
    if (!*file || *line <= 0) {
        *file = NULL;
        *line = 0;
        return ASSAY_OK;
    }
    ay_buf b = {0};
    size_t len;
    const char *text = text_of(s, *file, max, &b, &len);
    if (!text)
        return ASSAY_OK; /* no column */
    ay_srckey key, *items = j >= 0 ? malloc((size_t)nrules * sizeof *items)
                                   : NULL;
    if (items && ay_constructor_items(text, len, *line, callee,
                                      i < 0 ? "verdicts" : "bands", &key,
                                      items, nrules) == nrules) {
        *line = items[j].line;
        *col = items[j].col;
    } else if (items && key.line) {
        *line = key.line;
        *col = key.col;
    } else {
        *col = ay_call_column(text, len, *line, callee);
    }
    free(items);
    ay_buf_free(&b);
    return ASSAY_OK;
}

int ay_script_find_literal(const ay_script *s, size_t max, int i,
                           const char *lit, const char **file, int *line,
                           int *col)
{
    int l;
    if (ay_script_where(s, max, i, -1, file, &l, col) != ASSAY_OK || !*file)
        return ASSAY_EINVAL;
    ay_buf b = {0};
    size_t len;
    const char *text = text_of(s, *file, max, &b, &len);
    int found = text && ay_find_literal(text, len, lit, line, col);
    ay_buf_free(&b);
    return found ? ASSAY_OK : ASSAY_EINVAL;
}

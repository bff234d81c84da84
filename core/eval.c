/*
 * eval.c -- evaluate one project: run each criterion, label it by its
 * bands, aggregate the scores and choose the verdict.
 *
 * All Lua work for a project happens inside one protected call, and each
 * criterion inside its own, so an error (or running out of memory) in one
 * criterion never stops the others. Results are written into the
 * document's arena and live as long as the project does.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "ay_eval.h"

/* Scores are sums of products of decimal weights: 0.75 may arrive as
 * 0.7499999999999999. Thresholds are compared with this slack. */
#define SLACK 1e-9

typedef struct ctx {
    ay_vm *vm;
    ay_project *p;
    ay_arena *a;
    assay_result *r;
    int pidx;      /* stack index of the project object */
    int results;   /* stack indexes of the criteria and info views */
    int info;      /* (lresults.c); 0 when no rule or function reads them */
    int errors;
    int next;      /* the next criterion to run */
    int limited;   /* a limit was hit: the Lua state must be rebuilt */
    const double *w; /* weights in place of the script's (a reweighing),
                        or NULL */
    signed char *memo; /* a reweighing's verdict rules whose when() reads
                          nothing of the weights: 1 false, 2 true, 0 not
                          yet known; NULL otherwise */
} ctx;

/* The weight of criterion i in this aggregation. */
static double weight_of(const ctx *x, int i)
{
    return x->w ? x->w[i] : x->vm->s->c[i].weight;
}

static const char *copy_msg(ctx *x, const char *s)
{
    return ay_clean_message(x->a, s, strlen(s), x->vm->lim.message_bytes);
}

/* A message made from fmt, cleaned and cut as copy_msg does; the parts
 * may be as long as they like (NULL when memory ran out). */
static const char *msgf(ctx *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static const char *msgf(ctx *x, const char *fmt, ...)
{
    ay_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    ay_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    const char *m = b.oom ? NULL : ay_clean_message(x->a, b.p, b.n,
                                                    x->vm->lim.message_bytes);
    ay_buf_free(&b);
    return m;
}

/* The length of the position msg begins with, "chunk:LINE:"; 0 when it
 * begins with none. */
static size_t position_length(const char *msg, size_t n)
{
    for (size_t i = 0; i + 2 < n && i < 300; i++)
        if (msg[i] == ':' && msg[i + 1] >= '0' && msg[i + 1] <= '9') {
            size_t k = i + 1;
            while (k < n && msg[k] >= '0' && msg[k] <= '9')
                k++;
            return k < n && msg[k] == ':' ? k + 1 : 0;
        }
    return 0;
}

static int has_position(const char *msg, size_t n)
{
    return position_length(msg, n) > 0;
}

/* The error on top of the stack as a message, cleaned and cut; one that
 * names no position gets the line where the failing function is
 * defined (an error object that is not a string, a C stack overflow). */
static const char *error_msg(ctx *x, int line)
{
    size_t n;
    const char *m = ay_sandbox_errmsg(x->vm->L, &n);
    if (has_position(m, n) || line <= 0)
        return ay_clean_message(x->a, m, n, x->vm->lim.message_bytes);
    /* cleaned with its position: the script's path is text from outside
     * too, and the limit is for the whole message */
    ay_buf b = {0};
    ay_buf_printf(&b, "%s:%d: ", x->vm->s->path, line);
    ay_buf_put(&b, m, n); /* NUL bytes and all */
    const char *clean = b.oom ? NULL : ay_clean_message(x->a, b.p, b.n,
                                                        x->vm->lim.message_bytes);
    ay_buf_free(&b);
    return clean;
}

/* Run the function in the registry at ref with args already pushed,
 * within the limits of one call: ASSAY_OK, leaving nres results, or
 * ASSAY_ECRITERIA with *msg set; x->limited then says whether a limit was
 * hit (even if the script caught it). */
static int call(ctx *x, int ref, int nargs, int nres, const char **msg)
{
    ay_vm *vm = x->vm;
    lua_State *L = vm->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
    lua_insert(L, -1 - nargs);
    ay_trace_call_begin(vm);
    ay_limits_arm(vm);
    int status = lua_pcall(L, nargs, nres, 0);
    ay_limits_disarm(vm);
    ay_trace_call_end(vm);
    if (vm->limit) {
        *msg = copy_msg(x, vm->limit_msg);
        lua_pop(L, status == LUA_OK ? nres : 1);
        x->limited = 1;
        return ASSAY_ECRITERIA;
    }
    if (status == LUA_OK)
        return ASSAY_OK;
    lua_Debug ar;
    int line = -1;
    lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
    if (lua_getinfo(L, ">S", &ar))
        line = ar.linedefined;
    *msg = error_msg(x, line);
    lua_pop(L, 1);
    return ASSAY_ECRITERIA;
}

/* Does s run Lua after its criteria: an aggregate function, or a verdict
 * rule with when()? */
static int calls_lua(const ay_script *s)
{
    int lua = s->agg == AGG_FUNCTION;
    for (int k = 0; k < s->nverdicts; k++)
        lua |= s->verdicts[k].when != LUA_NOREF;
    return lua;
}

/* Push the views of the results (lresults.c) when the script's rules or
 * aggregate function read them, showing x's result. */
static void push_views(ctx *x)
{
    x->vm->view.r = x->r;
    x->vm->view.w = x->w;
    x->results = x->info = 0;
    if (!calls_lua(x->vm->s))
        return;
    lua_State *L = x->vm->L;
    ay_lresults_push(L, AY_VIEW_CRITERIA);
    x->results = lua_gettop(L);
    ay_lresults_push(L, AY_VIEW_INFO);
    x->info = lua_gettop(L);
}

/* Seed math.random from the project and key (a criterion's id, or
 * "verdicts" with the rule's place k), so that what one call draws never
 * depends on what ran before it. */
static void reseed(ctx *x, const char *key, int k)
{
    /* given to math.random at its first draw (determ.c), and to
     * math.randomseed() without an argument */
    x->vm->seed = (lua_Integer)ay_hash(x->p->id, strlen(x->p->id)) * 131 +
                  ay_hash(key, strlen(key)) + k;
    x->vm->seed_pending = 1;
}

/* Does rule ru, the k-th of its list, hold? *holds says; when() is given
 * (p, the value at stack index arg). A verdict rule's when() (verdicts
 * set) gets math.random seeded for the rule, and in a reweighing asks its
 * memo first. ASSAY_OK, or ASSAY_ECRITERIA when when() failed, with *msg
 * set. With why, each condition tested is described there, up to the
 * first that fails. */
static int rule_holds(ctx *x, const ay_rule *ru, int k, int verdicts, int arg,
                      int has_score, double score, double coverage,
                      int *holds, const char **msg, ay_buf *why)
{
    int tested = 0;
    *holds = 0;
    if (ru->has_at_least) {
        int ok = has_score && score >= ru->at_least - SLACK;
        if (why && !has_score)
            ay_buf_printf(why, "no score to compare with at_least %g",
                          ru->at_least);
        else if (why)
            ay_buf_printf(why, "score %.4g is %s %g", score,
                          ok ? "at least" : "below", ru->at_least);
        if (!ok)
            return ASSAY_OK;
        tested = 1;
    }
    if (ru->has_coverage) {
        int ok = coverage < ru->coverage_below - SLACK;
        if (why)
            ay_buf_printf(why, "%scoverage %.4g is %s %g", tested ? ", " : "",
                          coverage, ok ? "below" : "not below",
                          ru->coverage_below);
        if (!ok)
            return ASSAY_OK;
        tested = 1;
    }
    if (ru->when == LUA_NOREF) {
        if (why && !tested)
            ay_buf_puts(why, "no condition");
        *holds = 1;
        return ASSAY_OK;
    }
    signed char *memo = verdicts && x->memo ? &x->memo[k] : NULL;
    if (memo && *memo) {
        *holds = *memo == 2;
    } else {
        lua_State *L = x->vm->L;
        lua_pushvalue(L, x->pidx);
        lua_pushvalue(L, arg);
        if (verdicts)
            reseed(x, "verdicts", k);
        x->vm->view.dep = 0;
        if (call(x, ru->when, 2, 1, msg) != ASSAY_OK)
            return ASSAY_ECRITERIA;
        *holds = lua_toboolean(L, -1);
        lua_pop(L, 1);
        if (memo && !x->vm->view.dep && !x->limited)
            *memo = (signed char)(1 + *holds);
    }
    if (why)
        ay_buf_printf(why, "%swhen() at line %d returned %s", tested ? ", " : "",
                      ru->when_line, *holds ? "true" : "false");
    return ASSAY_OK;
}

/* Apply a rule list (first match wins), when() functions given the value
 * at stack index arg: the chosen label or NULL, and its 0-based index in
 * *at (-1 for none) unless at is NULL. With the engine's explain option
 * on, *why describes each rule tried. On an error in a when() function,
 * returns NULL and sets *err. */
static const char *choose(ctx *x, const ay_rule *rules, int n, const char *list,
                          int arg, int has_score, double score,
                          double coverage, const char **why, const char **err,
                          int *at)
{
    int verdicts = rules == x->vm->s->verdicts;
    ay_buf b = {0}, *w = x->vm->explain ? &b : NULL;
    const char *chosen = NULL;
    for (int k = 0; k < n && !chosen && !*err; k++) {
        if (w)
            ay_buf_printf(w, "%s%s[%d] \"%s\": ", k ? "\n" : "", list, k + 1,
                          rules[k].label);
        const char *msg = NULL;
        int holds;
        if (rule_holds(x, &rules[k], k, verdicts, arg, has_score, score,
                       coverage, &holds, &msg, w) != ASSAY_OK) {
            *err = msgf(x, "%s[%d]: %s", list, k + 1, msg);
        } else if (holds) {
            chosen = rules[k].label;
            if (at)
                *at = k;
            if (w)
                ay_buf_puts(w, " -> chosen");
        }
    }
    if (w && !chosen && !*err)
        ay_buf_puts(w, "\nno rule held");
    if (w)
        *why = ay_arena_strndup(x->a, b.p ? b.p : "", b.n);
    ay_buf_free(&b);
    return chosen;
}

/* Score the return values of evaluate, at -2 (score) and -1 (note); a
 * bad one is an error naming line of the script. */
static void take_score(ctx *x, const ay_criterion *c, ay_cresult *cr,
                       int line)
{
    lua_State *L = x->vm->L;
    const char *path = x->vm->s->path;
    int t = lua_type(L, -2);
    if (t == LUA_TNIL) {
        cr->status = CS_NOT_ASSESSABLE;
    } else if (t == LUA_TBOOLEAN) {
        cr->status = CS_SCORED;
        cr->has_score = 1;
        cr->score = lua_toboolean(L, -2) ? 1 : 0;
    } else if (t == LUA_TNUMBER) {
        double d = lua_tonumber(L, -2);
        if (!(d >= 0 && d <= 1)) {
            char num[32];
            if (isnan(d))
                snprintf(num, sizeof num, "NaN");
            else
                snprintf(num, sizeof num, "%.14g", d);
            cr->status = CS_ERROR;
            cr->error = msgf(x, "%s:%d: criterion '%s' returned %s, outside "
                                "[0, 1]", path, line, c->id, num);
            return;
        }
        cr->status = CS_SCORED;
        cr->has_score = 1;
        cr->score = d;
    } else {
        cr->status = CS_ERROR;
        cr->error = msgf(x, "%s:%d: criterion '%s' returned a %s; evaluate "
                            "must return a score in [0, 1], true/false, or "
                            "nil and a note", path, line, c->id,
                         lua_typename(L, t));
        return;
    }
    t = lua_type(L, -1);
    if (t == LUA_TSTRING || t == LUA_TNUMBER) {
        size_t n;
        const char *s = lua_tolstring(L, -1, &n);
        cr->note = ay_clean_message(x->a, s, n, x->vm->lim.message_bytes);
    } else if (t != LUA_TNIL) {
        cr->status = CS_ERROR;
        cr->has_score = 0;
        cr->error = msgf(x, "%s:%d: criterion '%s' returned a %s as its "
                            "note; a note is a string", path, line, c->id,
                         lua_typename(L, t));
    }
}

/* Does text (n bytes) hold the word w, not as a part of a longer name? */
static int has_word(const char *text, size_t n, const char *w)
{
    size_t wn = strlen(w);
    for (size_t i = 0; wn && i + wn <= n; i++) {
        const char *at = memchr(text + i, w[0], n - wn + 1 - i);
        if (!at)
            return 0;
        i = (size_t)(at - text);
        if (memcmp(at, w, wn))
            continue;
        char before = i ? text[i - 1] : ' ', after = i + wn < n ? text[i + wn]
                                                                : ' ';
        if (!(isalnum((unsigned char)before) || before == '_') &&
            !(isalnum((unsigned char)after) || after == '_'))
            return 1;
    }
    return 0;
}

/* An error raised while evaluating that names an indicator the call read
 * is most likely about the value the case gives it: add where that value
 * is, "(the case gives DEM1 at lower.yaml:7:9)", for up to four of them
 * in the order they were read (a project built in code has its origin's
 * line, and no column). The error's own position, the script's, is not
 * searched, so that a path cannot pass for a name. */
static const char *with_values(ctx *x, const char *msg)
{
    const ay_vm *vm = x->vm;
    size_t n = strlen(msg), skip = position_length(msg, n);
    /* what a person reads: a script cannot make this search long */
    size_t span = n - skip > 4096 ? 4096 : n - skip;
    ay_buf b = {0};
    int found = 0;
    ay_buf_put(&b, msg, n);
    for (int i = 0; i < vm->nreads && found < 4; i++) {
        const ay_indicator *ind = vm->reads[i].ind;
        if (!ind || !ind->node || !has_word(msg + skip, span, ind->id))
            continue;
        const ay_ynode *v = &x->p->doc->n[ind->node];
        if (!v->line)
            continue; /* built in code, with no origin: no place to give */
        ay_buf_printf(&b, "%s%s at %s:%u", found++ ? ", " : " (the case gives ",
                      ind->id, x->p->file, (unsigned)v->line);
        if (v->col)
            ay_buf_printf(&b, ":%u", (unsigned)v->col);
    }
    ay_buf_putc(&b, ')');
    const char *out = msg;
    if (found && !b.oom)
        out = ay_clean_message(x->a, b.p, b.n, x->vm->lim.message_bytes);
    ay_buf_free(&b);
    return out ? out : msg;
}

/* Run the function at ref again, with the nargs arguments on the stack
 * (c's criterion reseeded first when c is given), watching where it
 * returns: ASSAY_OK with its nres results in place of the arguments and
 * *line the line of the return statement it ended on (0 when unknown),
 * or ASSAY_ECRITERIA as call(), the arguments gone (x->limited set when a
 * limit was hit: the state is then rebuilt as after any limit). Returns
 * are watched first; only a function that ended in a tail call is run a
 * third time, following its lines. What it reads is not recorded again. */
static int run_again(ctx *x, const ay_criterion *c, int ref, int nargs,
                     int nres, int *line)
{
    ay_vm *vm = x->vm;
    lua_State *L = vm->L;
    int base = lua_gettop(L) - nargs, recording = vm->recording, rc = 0;
    int trace = vm->trace;
    const char *msg;
    *line = 0;
    vm->recording = 0; /* its reads and traces were kept the first time */
    vm->trace = 0;
    for (int lines = 0; lines <= 1; lines++) {
        if (c)
            reseed(x, c->id, 0);
        for (int i = 1; i <= nargs; i++)
            lua_pushvalue(L, base + i);
        ay_limits_watch(vm, lines);
        rc = call(x, ref, nargs, nres, &msg);
        int tail = vm->watch_tail;
        *line = vm->watch_line;
        ay_limits_unwatch(vm);
        if (rc != ASSAY_OK || !tail || lines)
            break;
        lua_pop(L, nres);
    }
    vm->recording = recording;
    vm->trace = trace;
    for (int i = 0; i < nargs; i++)
        lua_remove(L, base + 1);
    return rc;
}

/* evaluate returned what it may not, and cr->error says so at the line
 * where evaluate is defined. Point at the return statement instead: run
 * the call again, watching its returns. A criterion depends only on the
 * project (math.random is reseeded the same, the project is read-only),
 * so the second run returns the same; when it does not (the script keeps
 * state between calls) or fails, the message stays as it is. Nothing is
 * paid unless a return was bad. */
static void bad_return_line(ctx *x, const ay_criterion *c, ay_cresult *cr)
{
    lua_State *L = x->vm->L;
    int line;
    lua_pushvalue(L, x->pidx);
    if (run_again(x, c, c->evaluate, 1, 2, &line) != ASSAY_OK)
        return;
    ay_cresult again = {0}, at = {0};
    take_score(x, c, &again, c->line);
    if (line > 0 && line != c->line && again.error && cr->error &&
        !strcmp(again.error, cr->error)) {
        take_score(x, c, &at, line);
        if (at.error)
            cr->error = at.error;
    }
    lua_pop(L, 2);
}

static void label(ctx *x, const ay_criterion *c, ay_cresult *cr)
{
    if (cr->status != CS_SCORED || !c->nbands)
        return;
    ay_vm *vm = x->vm;
    vm->view.r = x->r;
    vm->view.w = NULL;
    ay_lresults_push(vm->L, (int)(c - vm->s->c));
    const char *err = NULL;
    cr->label = choose(x, c->bands, c->nbands, "bands", lua_gettop(vm->L), 1,
                       cr->score, 1, &cr->why, &err, NULL);
    if (err) {
        cr->status = x->limited ? CS_LIMIT : CS_ERROR;
        cr->has_score = 0;
        cr->error = msgf(x, "criterion '%s': %s", c->id, err);
    }
    lua_pop(vm->L, 1);
    vm->view.r = NULL;
}

/* Large values read as evidence are summarised, not copied whole. */
#define AY_MAX_VALUE 4096

static void keep_evidence(ctx *x, ay_cresult *cr)
{
    ay_vm *vm = x->vm;
    cr->truncated = vm->truncated;
    if (!vm->nreads)
        return;
    cr->ev = ay_arena_alloc(x->a, (size_t)vm->nreads * sizeof *cr->ev);
    if (!cr->ev)
        return;
    ay_buf *b = &vm->value;
    for (int i = 0; i < vm->nreads; i++) {
        ay_evid *ev = &cr->ev[cr->nev++];
        *ev = vm->reads[i];
        b->n = 0;
        b->oom = 0;
        uint32_t node = ev->ind ? ev->ind->node : ev->node;
        const ay_ynode *n = &x->p->doc->n[node];
        if (!node) {
            ay_buf_puts(b, "null");
        } else if (n->type >= YN_SEQ && n->size * 16 > AY_MAX_VALUE) {
            ay_buf_printf(b, "\"(a %s of %u nodes)\"",
                          n->type == YN_SEQ ? "sequence" : "mapping", n->size);
            ev->summary = 1;
        } else {
            ay_ydoc_json(x->p->doc, node, b);
        }
        if (b->n > AY_MAX_VALUE) {
            size_t was = b->n;
            b->n = 0;
            ay_buf_printf(b, "\"(a value of %zu bytes)\"", was);
            ev->summary = 1;
        }
        if (b->oom) /* no memory to make it: said to be unknown */
            ev->value = ay_arena_strdup(x->a, "null");
        else
            ev->value = ay_arena_strndup(x->a, b->p, b->n);
    }
}

/* Record what is read from here on as new evidence. */
static void start_reads(ay_vm *vm)
{
    vm->mark++;
    vm->nreads = 0;
    vm->truncated = 0;
    vm->recording = 1;
}

static void run_criterion(ctx *x, int i)
{
    ay_vm *vm = x->vm;
    lua_State *L = vm->L;
    const ay_criterion *c = &vm->s->c[i];
    ay_cresult *cr = &x->r->cr[i];
    cr->error = NULL;
    start_reads(vm);
    ay_trace_begin(vm);
    reseed(x, c->id, 0);
    lua_pushvalue(L, x->pidx);
    const char *msg;
    if (call(x, c->evaluate, 1, 2, &msg) != ASSAY_OK) {
        cr->status = x->limited ? CS_LIMIT : CS_ERROR;
        cr->error = x->limited ? msg : with_values(x, msg);
    } else {
        take_score(x, c, cr, c->line);
        lua_pop(L, 2);
        if (cr->status == CS_ERROR)
            bad_return_line(x, c, cr);
        label(x, c, cr);
    }
    vm->recording = 0;
    keep_evidence(x, cr);
    if (vm->trace)
        cr->ntrace = ay_trace_keep(vm, x->a, &cr->trace);
    if (cr->status == CS_ERROR || cr->status == CS_LIMIT)
        x->errors++;
}

/* What is wrong with the aggregate function's return value on top of the
 * stack, or NULL when it is a score or nil. Static text. */
static const char *bad_aggregate(lua_State *L)
{
    int t = lua_type(L, -1);
    double d = lua_tonumber(L, -1);
    if (t == LUA_TNIL || (t == LUA_TNUMBER && d >= 0 && d <= 1))
        return NULL;
    return t == LUA_TNUMBER ? "a number outside [0, 1]" : lua_typename(L, t);
}

static void aggregate(ctx *x)
{
    const ay_script *s = x->vm->s;
    assay_result *r = x->r;
    double total = 0, scored_w = 0, sum = 0, logsum = 0, min = INFINITY;
    int zero = 0;
    for (int i = 0; i < s->nc; i++) {
        double w = weight_of(x, i);
        const ay_cresult *cr = &r->cr[i];
        total += w;
        if (cr->status != CS_SCORED)
            continue;
        scored_w += w;
        sum += w * cr->score;
        if (w > 0 && s->agg == AGG_GEOMETRIC) {
            if (cr->score == 0)
                zero = 1;
            else
                logsum += w * log(cr->score);
        }
        if (w > 0 && cr->score < min)
            min = cr->score;
    }
    /* a script loads only with a total weight above 0 (script.c); were
     * it 0, no criterion would count, and coverage is none of it */
    r->coverage = total > 0 ? scored_w / total : 0;
    switch (s->agg) {
    case AGG_WEIGHTED_MEAN:
        if (scored_w > 0) {
            r->has_score = 1;
            r->score = sum / scored_w;
            for (int i = 0; i < s->nc && !x->w; i++) {
                ay_cresult *cr = &r->cr[i];
                if (cr->status == CS_SCORED) {
                    cr->has_contribution = 1;
                    cr->contribution = weight_of(x, i) * cr->score / scored_w;
                }
            }
        }
        break;
    case AGG_GEOMETRIC:
        if (scored_w > 0) {
            r->has_score = 1;
            r->score = zero ? 0 : exp(logsum / scored_w);
        }
        break;
    case AGG_MINIMUM:
        if (min <= 1) {
            r->has_score = 1;
            r->score = min;
        }
        break;
    case AGG_FUNCTION: {
        lua_State *L = x->vm->L;
        const char *msg;
        lua_pushvalue(L, x->results);
        lua_pushvalue(L, x->pidx);
        reseed(x, "aggregate", 0);
        if (call(x, s->agg_fn, 2, 1, &msg) != ASSAY_OK) {
            r->error = msgf(x, "aggregate function: %s", msg);
            break;
        }
        const char *bad = bad_aggregate(L);
        if (!bad && lua_type(L, -1) == LUA_TNUMBER) {
            r->has_score = 1;
            r->score = lua_tonumber(L, -1);
        }
        lua_pop(L, 1);
        if (bad) {
            /* point at its return statement, as for evaluate */
            int line = s->weighting_line, at;
            lua_pushvalue(L, x->results);
            lua_pushvalue(L, x->pidx);
            reseed(x, "aggregate", 0);
            if (run_again(x, NULL, s->agg_fn, 2, 1, &at) == ASSAY_OK) {
                const char *again = bad_aggregate(L);
                if (at > 0 && again && !strcmp(again, bad))
                    line = at;
                lua_pop(L, 1);
            }
            r->error = msgf(x, "%s:%d: aggregate function returned %s; "
                               "expected a score in [0, 1] or nil", s->path,
                            line, bad);
        }
        break;
    }
    }
    if (r->has_score && r->score > 1) /* rounding of a mean of ones */
        r->score = 1;
}

/* Choose the verdict; *at gets its rule's index (-1: none). */
static void verdict(ctx *x, int *at)
{
    const ay_script *s = x->vm->s;
    assay_result *r = x->r;
    *at = -1;
    if (!s->nverdicts || r->error)
        return;
    const char *err = NULL;
    r->verdict = choose(x, s->verdicts, s->nverdicts, "verdicts", x->info,
                        r->has_score, r->score, r->coverage, &r->why, &err,
                        at);
    if (err)
        r->error = err;
}

/* Run criteria from x->next on; stop after one that hit a limit, as the
 * state must then be rebuilt before anything else runs. */
static int eval_criteria(lua_State *L)
{
    ctx *x = lua_touserdata(L, 1);
    ay_lproject_push(L, x->p);
    x->pidx = lua_gettop(L);
    while (x->next < x->r->nc && !x->limited)
        run_criterion(x, x->next++);
    return 0;
}

static int eval_verdict(lua_State *L)
{
    ctx *x = lua_touserdata(L, 1);
    ay_lproject_push(L, x->p);
    x->pidx = lua_gettop(L);
    push_views(x);
    int at;
    aggregate(x);
    verdict(x, &at);
    return 0;
}

/* Run f protected; a limit hit inside rebuilds the Lua state. Returns the
 * error text of f itself failing (e.g. out of memory), or NULL. */
static const char *protected(ctx *x, lua_CFunction f)
{
    ay_vm *vm = x->vm;
    lua_State *L = vm->L;
    const char *err = NULL;
    int top = lua_gettop(L);
    lua_pushcfunction(L, f);
    lua_pushlightuserdata(L, x);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK)
        err = vm->limit ? copy_msg(x, vm->limit_msg) : error_msg(x, 0);
    lua_settop(L, top);
    vm->view.r = NULL; /* the views show nothing outside the rules */
    vm->view.w = NULL;
    if (x->limited || vm->limit) {
        x->limited = 0;
        vm->limit = AY_LIMIT_NONE;
        if (ay_script_reload(vm) != ASSAY_OK && !err)
            err = copy_msg(x, "the Lua state could not be rebuilt after a "
                              "limit was hit");
    }
    return err;
}

int ay_eval_project(ay_vm *vm, ay_project *p, ay_arena *a, assay_result *r)
{
    memset(r, 0, sizeof *r);
    r->p = p;
    if (!vm->s)
        return ASSAY_ENOMEM; /* lost when a limit's rebuild failed */
    r->nc = vm->s->nc;
    r->s = vm->s;
    r->cr = ay_arena_alloc(a, (size_t)r->nc * sizeof *r->cr);
    if (!r->cr)
        return ASSAY_ENOMEM;
    for (int i = 0; i < r->nc; i++) {
        r->cr[i].status = CS_ERROR;
        r->cr[i].error = "not evaluated: the project's evaluation stopped "
                         "before this criterion";
    }
    ctx x = {.vm = vm, .p = p, .a = a, .r = r};
    vm->cur = p;
    vm->cur_arena = a;
    vm->epoch++;
    const char *err = NULL;
    while (x.next < r->nc && vm->s && !err)
        err = protected(&x, eval_criteria);
    ay_trace_begin(vm);
    if (vm->s && !err) {
        start_reads(vm);
        err = protected(&x, eval_verdict);
        vm->recording = 0;
        keep_evidence(&x, &r->weighting);
    }
    r->traced = vm->trace;
    if (vm->trace)
        r->ntrace = ay_trace_keep(vm, a, &r->trace);
    if (err) /* the evaluation itself failed (aggregate() sets its own) */
        r->error = err;
    vm->cur = NULL;
    vm->cur_arena = NULL;
    vm->recording = 0;
    if (r->error)
        x.errors++;
    return x.errors ? ASSAY_ECRITERIA : ASSAY_OK;
}

/* ---- Reweighing: the aggregation and verdict again, other weights ---- */

typedef struct reweigh {
    ctx x;                   /* first: protected() is given &rw->x */
    const double *w;         /* m rows of nc weights */
    size_t m, next;
    assay_reweighed *out;
    ay_buf *msg;             /* the first failure's message */
    int limited;             /* a weighing hit a limit: stop */
} reweigh;

/* Aggregate and choose the verdict of x->r's criteria with weights w,
 * into *o; the first failure's message into *msg. x->r is a scratch
 * copy: only its own fields are written. */
static void one_weighing(ctx *x, const double *w, assay_reweighed *o,
                         ay_buf *msg)
{
    assay_result *t = x->r;
    t->has_score = 0;
    t->score = t->coverage = 0;
    t->verdict = t->error = t->why = NULL;
    x->w = w;
    x->vm->view.w = w;
    int at;
    aggregate(x);
    verdict(x, &at);
    o->has_score = t->has_score;
    o->score = t->has_score ? t->score : 0;
    o->coverage = t->coverage;
    o->verdict = t->error ? -1 : at;
    o->failed = t->error != NULL;
    o->skipped = 0;
    if (o->failed && !msg->n)
        ay_buf_puts(msg, t->error);
}

/* The weighings from rw->next on, with the project pushed once; stop
 * after one that hit a limit, as the state must then be rebuilt. */
static int eval_weighings(lua_State *L)
{
    reweigh *rw = lua_touserdata(L, 1);
    ctx *x = &rw->x;
    ay_lproject_push(L, x->p);
    x->pidx = lua_gettop(L);
    push_views(x);
    int top = lua_gettop(L), nc = x->r->nc;
    while (rw->next < rw->m && !x->limited && x->vm->s) {
        size_t k = rw->next++;
        one_weighing(x, rw->w + k * (size_t)nc, &rw->out[k], rw->msg);
        lua_settop(L, top);
    }
    rw->limited = x->limited;
    return 0;
}

int ay_eval_reweigh(ay_vm *vm, const assay_result *r, const double *w,
                    size_t m, assay_reweighed *out, ay_buf *msg)
{
    const ay_script *s = vm->s;
    for (size_t k = 0; k < m; k++)
        out[k] = (assay_reweighed){.verdict = -1, .failed = 1, .skipped = 1};
    if (!s || s->nc != r->nc)
        return ASSAY_ESTATE;
    int lua = calls_lua(s);
    ay_arena a = {0};
    assay_result t = *r; /* its criteria are read, never written */
    reweigh rw = {.x = {.vm = vm, .p = (ay_project *)r->p, .a = &a, .r = &t},
                  .w = w, .m = m, .out = out, .msg = msg};
    int failed = 0;
    if (!lua) {
        /* no Lua is called: no state, no limit, no protection needed */
        for (size_t k = 0; k < m; k++)
            one_weighing(&rw.x, w + k * (size_t)r->nc, &out[k], msg);
    } else {
        /* a verdict rule whose when() read nothing of the weights answers
         * the same for every weighing of this project: asked once (no
         * memo when there is no memory for one, only slower) */
        rw.x.memo = calloc((size_t)s->nverdicts + 1, 1);
        int explain = vm->explain, trace = vm->trace;
        vm->explain = vm->trace = 0; /* nothing is kept of a weighing */
        vm->recording = 0;
        vm->cur = (ay_project *)r->p;
        vm->cur_arena = &a;
        vm->epoch++;
        while (rw.next < m && vm->s && !failed && !rw.limited) {
            const char *err = protected(&rw.x, eval_weighings);
            if (err) {
                failed = 1;
                if (!msg->n)
                    ay_buf_puts(msg, err);
            }
            ay_arena_reset(&a); /* messages of the weighings done */
        }
        vm->cur = NULL;
        vm->cur_arena = NULL;
        vm->explain = explain;
        vm->trace = trace;
        free(rw.x.memo);
    }
    ay_arena_free(&a);
    for (size_t k = 0; k < m && !failed; k++)
        failed = out[k].failed;
    return failed ? ASSAY_ECRITERIA : ASSAY_OK;
}

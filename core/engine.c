/*
 * engine.c -- the public engine (assay.h) over the layers below it, as
 * lapi.c is for Lua: the limits and their ranges, the error channel, the
 * settings, the script (loaded into the engine's vm), and each evaluation
 * call as a pipe (pipeline.c) run by the inline executor or the workers
 * (jobs.c).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <yaml.h>

#include "ay_engine.h"

const char *assay_strerror(int code)
{
    switch (code) {
    case ASSAY_OK: return "success";
    case ASSAY_EINVAL: return "invalid argument";
    case ASSAY_ENOMEM: return "out of memory";
    case ASSAY_EIO: return "input/output error";
    case ASSAY_ESCRIPT: return "the script could not be loaded";
    case ASSAY_EINPUT: return "some case documents were rejected";
    case ASSAY_ECRITERIA: return "some criteria ended in error";
    case ASSAY_ESTATE: return "no script is loaded";
    case ASSAY_ABORT: return "stopped by the caller";
    case ASSAY_DONE: return "no more documents";
    default: return "unknown status code";
    }
}

const char *assay_version(void) { return ASSAY_VERSION; }

int assay_version_number(void) { return ASSAY_VERSION_NUMBER; }

const char *assay_version_lua(void) { return LUA_RELEASE; }

const char *assay_version_yaml(void) { return yaml_get_version_string(); }

/* Calls that change what a callback is reading are refused inside one. */
static int busy(assay_engine *e)
{
    return e->busy ? ay_seterr(e, ASSAY_ESTATE, "called from inside an "
                               "evaluation's callback") : 0;
}

/* Workers run a copy of the script with the engine's settings: when
 * either changes, they go, and the next run makes new ones. */
static void drop_workers(assay_engine *e)
{
    ay_jobs_free(e->pool);
    e->pool = NULL;
}

int ay_seterr(assay_engine *e, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    code = ay_set_errorv(&e->err, e->lim.message_bytes, code, fmt, ap);
    va_end(ap);
    return code;
}

const char *assay_engine_errmsg(const assay_engine *e)
{
    if (!e)
        return "no engine";
    return e->err.p && !e->err.oom ? e->err.p : "";
}

assay_engine *assay_engine_new(const assay_limits *limits)
{
    if (limits && assay_limits_check(limits, NULL, 0) != ASSAY_OK)
        return NULL;
    assay_engine *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    ay_limits_default(&e->lim);
    for (size_t i = 0; limits && i < AY_NLIMITS; i++) {
        unsigned long long v = ay_limit_get(limits, &AY_LIMITS[i]);
        if (v)
            ay_limit_set(&e->lim, &AY_LIMITS[i], v);
    }
    e->stock_dir = ay_installed_stock_dir();
    if (ay_vm_init(&e->vm, &e->lim, e->stock_dir, &e->err) != ASSAY_OK) {
        assay_engine_free(e);
        return NULL;
    }
    return e;
}

const assay_limits *assay_engine_limits(const assay_engine *e)
{
    return e ? &e->lim : NULL;
}

void assay_engine_free(assay_engine *e)
{
    if (!e)
        return;
    drop_workers(e);
    ay_vm_free(&e->vm);
    ay_idset_free(&e->ids);
    ay_idset_free(&e->check_ids);
    ay_arena_free(&e->doc_arena);
    free(e->stock_dir);
    ay_buf_free(&e->err);
    free(e);
}

int assay_engine_set_stock_dir(assay_engine *e, const char *dir)
{
    if (!e || !dir)
        return e ? ay_seterr(e, ASSAY_EINVAL, "no folder") : ASSAY_EINVAL;
    if (busy(e))
        return ASSAY_ESTATE;
    char *d = strdup(dir), *v = strdup(dir);
    if (!d || !v) {
        free(d);
        free(v);
        return ay_seterr(e, ASSAY_ENOMEM, "out of memory");
    }
    free(e->stock_dir);
    e->stock_dir = d;
    free(e->vm.stock_dir);
    e->vm.stock_dir = v;
    drop_workers(e);
    return ASSAY_OK;
}

const char *assay_engine_stock_dir(const assay_engine *e)
{
    return e ? e->stock_dir : NULL;
}

void assay_engine_on_diag(assay_engine *e, assay_diag_fn fn, void *ud)
{
    if (e) {
        e->diag = fn;
        e->diag_ud = ud;
    }
}

/* ---- Scripts --------------------------------------------------------- */

/* The stock folders worth listing for a hint: any more is not a folder
 * of scripts a person chose from. */
#define STOCK_LISTED 10000

static void show_quoted(ay_buf *b, const char *name)
{
    ay_buf_printf(b, "'%s'", name);
}

/* Append "; did you mean 'x'?" to b, naming the stock scripts (the .lua
 * files of dir) nearest to name; nothing when none is near. */
static void stock_hint(const char *dir, const char *name, ay_buf *b)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < STOCK_LISTED) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len < 5 ||
            strcmp(de->d_name + len - 4, ".lua"))
            continue;
        if (n == cap) {
            size_t c = cap ? cap * 2 : 16;
            char **more = realloc(names, c * sizeof *more);
            if (!more)
                break;
            names = more;
            cap = c;
        }
        if ((names[n] = strndup(de->d_name, len - 4)) != NULL)
            n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, ay_strcmp_p); /* ties: by name */
    ay_near nr;
    ay_near_init(&nr, name);
    for (size_t i = 0; i < n; i++)
        ay_near_offer(&nr, names[i]);
    ay_near_hint(&nr, b, show_quoted);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}


static int load_script(assay_engine *e, const char *name)
{
    if (!name || !*name)
        return ay_seterr(e, ASSAY_EINVAL, "no script named");
    ay_script_free(e->vm.L, e->vm.s); /* a failure leaves no script loaded */
    e->vm.s = NULL;
    drop_workers(e);
    size_t n = strlen(name);
    ay_buf path = {0};
    if (strchr(name, '/') || (n > 4 && !strcmp(name + n - 4, ".lua"))) {
        ay_buf_puts(&path, name);
    } else if (e->stock_dir) {
        ay_buf_printf(&path, "%s/%s.lua", e->stock_dir, name);
    } else {
        return ay_seterr(e, ASSAY_ESCRIPT,
                         "no stock script folder is set to find '%s' in",
                         name);
    }
    ay_buf text = {0};
    char why[512];
    int rc;
    int stock = !strchr(name, '/') && !(n > 4 && !strcmp(name + n - 4, ".lua"));
    if (ay_read_file(ay_buf_cstr(&path), e->lim.script_bytes, &text, why,
                     sizeof why) != ASSAY_OK) {
        if (errno == ENOENT && stock) {
            ay_buf hint = {0};
            stock_hint(e->stock_dir, name, &hint);
            rc = ay_seterr(e, ASSAY_ESCRIPT, "no stock script named '%s'%s "
                           "(see 'assay scripts')", name,
                           hint.oom || !hint.n ? "" : ay_buf_cstr(&hint));
            ay_buf_free(&hint);
        } else
            rc = ay_seterr(e, ASSAY_ESCRIPT, "%s", why);
    } else {
        rc = ay_script_load(&e->vm, ay_buf_cstr(&path), ay_buf_cstr(&path),
                            text.p ? text.p : "", text.n);
    }
    ay_buf_free(&path);
    ay_buf_free(&text);
    return rc;
}

int assay_engine_load_script(assay_engine *e, const char *name)
{
    if (!e)
        return ASSAY_EINVAL;
    if (busy(e))
        return ASSAY_ESTATE;
    locale_t host = ay_enter();
    int rc = load_script(e, name);
    ay_leave(host);
    return rc;
}

int assay_engine_load_script_string(assay_engine *e, const char *chunkname,
                                    const char *text, size_t len)
{
    if (!e || !text)
        return e ? ay_seterr(e, ASSAY_EINVAL, "no script text") : ASSAY_EINVAL;
    if (busy(e))
        return ASSAY_ESTATE;
    drop_workers(e);
    locale_t host = ay_enter();
    int rc = ay_script_load(&e->vm, chunkname ? chunkname : "script", NULL,
                            text, len);
    ay_leave(host);
    return rc;
}

const char *assay_engine_script_name(const assay_engine *e)
{
    return e && e->vm.s ? e->vm.s->name : NULL;
}

const char *assay_engine_script_path(const assay_engine *e)
{
    return e && e->vm.s ? e->vm.s->path : NULL;
}

const char *assay_engine_script_sha256(const assay_engine *e)
{
    return e && e->vm.s ? e->vm.s->sha256 : NULL;
}

int assay_engine_criterion_count(const assay_engine *e)
{
    return e && e->vm.s ? e->vm.s->nc : 0;
}

const char *assay_engine_criterion_id(const assay_engine *e, int i)
{
    return e && e->vm.s && i >= 0 && i < e->vm.s->nc ? e->vm.s->c[i].id
                                                     : NULL;
}

double assay_engine_criterion_weight(const assay_engine *e, int i)
{
    return e && e->vm.s && i >= 0 && i < e->vm.s->nc ? e->vm.s->c[i].weight
                                                     : 0;
}

const char *assay_engine_criterion_description(const assay_engine *e, int i)
{
    return e && e->vm.s && i >= 0 && i < e->vm.s->nc
               ? e->vm.s->c[i].description
               : NULL;
}

/* Where declaration i (rule j, or the declaration itself for -1) is. */
static int where(const assay_engine *e, int i, int j, assay_where *out)
{
    const char *file;
    int line, col;
    if (!e || !out ||
        ay_script_where(e->vm.s, e->lim.script_bytes, i, j, &file, &line,
                        &col) != ASSAY_OK)
        return -1;
    *out = (assay_where){file, (unsigned long)line, (unsigned long)col};
    return 0;
}

int assay_engine_declared_at(const assay_engine *e, int i, assay_where *out)
{
    return where(e, i, -1, out);
}

int assay_engine_find_literal(const assay_engine *e, int i, const char *text,
                              assay_where *out)
{
    const char *file;
    int line, col;
    if (!e || !text || !out ||
        ay_script_find_literal(e->vm.s, e->lim.script_bytes, i, text, &file,
                               &line, &col) != ASSAY_OK)
        return -1;
    *out = (assay_where){file, (unsigned long)line, (unsigned long)col};
    return 0;
}

int assay_engine_rule_count(const assay_engine *e, int i)
{
    const ay_script *s = e ? e->vm.s : NULL;
    if (!s || i < ASSAY_WEIGHTING || i >= s->nc)
        return 0;
    return i == ASSAY_WEIGHTING ? s->nverdicts : s->c[i].nbands;
}

int assay_engine_rule(const assay_engine *e, int i, int j, assay_rule *out)
{
    if (j < 0 || j >= assay_engine_rule_count(e, i) || !out)
        return -1;
    const ay_script *s = e->vm.s;
    const ay_rule *ru = i == ASSAY_WEIGHTING ? &s->verdicts[j]
                                             : &s->c[i].bands[j];
    *out = (assay_rule){.label = ru->label,
                        .has_at_least = ru->has_at_least,
                        .at_least = ru->at_least,
                        .has_coverage_below = ru->has_coverage,
                        .coverage_below = ru->coverage_below,
                        .has_when = ru->when != LUA_NOREF};
    return where(e, i, j, &out->where);
}

const char *assay_engine_script_aggregate(const assay_engine *e)
{
    static const char *const names[] = {"weighted_mean", "geometric",
                                        "minimum", "function"};
    return e && e->vm.s ? names[e->vm.s->agg] : NULL;
}

int assay_engine_verdict_count(const assay_engine *e)
{
    return e && e->vm.s ? e->vm.s->nverdicts : 0;
}

const char *assay_engine_verdict_label(const assay_engine *e, int i)
{
    if (!e || !e->vm.s || i < 0 || i >= e->vm.s->nverdicts)
        return NULL;
    return e->vm.s->verdicts[i].label;
}

int assay_engine_verdict_standing(const assay_engine *e, int i)
{
    if (!e || !e->vm.s || i < 0 || i >= e->vm.s->nverdicts)
        return ASSAY_STANDING_NEUTRAL;
    return ay_verdict_standing(e->vm.s, i);
}

void assay_engine_set_explain(assay_engine *e, int on)
{
    if (e)
        e->explain = e->vm.explain = on != 0;
}

void assay_engine_set_trace(assay_engine *e, int on)
{
    if (e)
        e->trace = e->vm.trace = on != 0;
}

void assay_engine_set_render_json(assay_engine *e, int on)
{
    if (e)
        e->prerender = on != 0;
}

int assay_engine_set_jobs(assay_engine *e, int n)
{
    if (!e || n < 1 || n > 256)
        return e ? ay_seterr(e, ASSAY_EINVAL, "jobs must be from 1 to 256")
                 : ASSAY_EINVAL;
    if (busy(e))
        return ASSAY_ESTATE;
    e->jobs = n;
    return ASSAY_OK;
}

void assay_engine_reset(assay_engine *e)
{
    if (!e || busy(e))
        return;
    ay_idset_free(&e->ids);
    ay_idset_free(&e->check_ids);
    e->read = (assay_progress){0, 0};
}

/* A run's pipe, with the workers when the engine asks for them and they
 * can start (no memory, no threads: the calling thread does the work). */
static void begin(assay_engine *e, ay_pipe *pp, ay_inline *in,
                  int evaluate, int workers, assay_result_fn fn, void *ud)
{
    e->busy = 1;
    *pp = (ay_pipe){.lim = &e->lim, .ids = &e->ids, .evaluate = evaluate,
                    .fn = fn, .ud = ud, .diag = e->diag,
                    .diag_ud = e->diag_ud, .wait = e->wait,
                    .wait_ud = e->wait_ud, .host = ay_enter()};
    if (evaluate) {
        pp->read = &e->read;
        pp->progress = e->progress;
        pp->progress_ud = e->progress_ud;
    }
    ay_inline_init(in, &e->vm, &e->doc_arena);
    pp->x = &in->x;
    if (!workers)
        return;
    if (e->pool && !ay_jobs_fit(e->pool, e->jobs, e->explain, e->trace,
                                e->prerender))
        drop_workers(e);
    if (e->jobs > 1 && !e->pool)
        e->pool = ay_jobs_new(&e->vm, e->jobs, e->prerender, &e->err);
    if (e->jobs > 1 && e->pool)
        pp->x = ay_jobs_executor(e->pool);
}

static int finish(assay_engine *e, ay_pipe *pp)
{
    ay_pipe_end(pp);
    ay_leave(pp->host);
    e->busy = 0;
    if (pp->aborted)
        return ay_seterr(e, ASSAY_ABORT, "stopped by the result callback");
    if (pp->rejected)
        return ay_seterr(e, ASSAY_EINPUT, "some input was rejected");
    if (pp->failed)
        return ay_seterr(e, ASSAY_ECRITERIA, "some criteria ended in error");
    return ASSAY_OK;
}

int assay_engine_eval_path(assay_engine *e, const char *path,
                           assay_result_fn fn, void *ud)
{
    if (!e || !path)
        return e ? ay_seterr(e, ASSAY_EINVAL, "no path") : ASSAY_EINVAL;
    if (busy(e))
        return ASSAY_ESTATE;
    if (!e->vm.s)
        return ay_seterr(e, ASSAY_ESTATE, "no script is loaded");
    ay_pipe pp;
    ay_inline in;
    begin(e, &pp, &in, 1, 1, fn, ud);
    ay_pipe_path(&pp, path);
    return finish(e, &pp);
}

int assay_engine_eval_string(assay_engine *e, const char *name,
                             const char *text, size_t len,
                             assay_result_fn fn, void *ud)
{
    if (!e || !text)
        return e ? ay_seterr(e, ASSAY_EINVAL, "no text") : ASSAY_EINVAL;
    if (busy(e))
        return ASSAY_ESTATE;
    if (!e->vm.s)
        return ay_seterr(e, ASSAY_ESTATE, "no script is loaded");
    ay_pipe pp;
    ay_inline in;
    begin(e, &pp, &in, 1, 1, fn, ud);
    ay_pipe_text(&pp, name ? name : "<string>", text, len);
    return finish(e, &pp);
}

void assay_engine_on_progress(assay_engine *e, assay_progress_fn fn,
                              void *ud)
{
    if (!e)
        return;
    e->progress = fn;
    e->progress_ud = ud;
}

void assay_engine_on_wait(assay_engine *e, assay_wait_fn fn, void *ud)
{
    if (!e)
        return;
    e->wait = fn;
    e->wait_ud = ud;
}

int assay_engine_input_bytes(assay_engine *e, const char *const *paths,
                             size_t n, unsigned long long *bytes)
{
    if (!e || !bytes || (!paths && n))
        return e ? ay_seterr(e, ASSAY_EINVAL, "no paths") : ASSAY_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!paths[i])
            return ay_seterr(e, ASSAY_EINVAL, "no path");
    if (busy(e))
        return ASSAY_ESTATE;
    *bytes = 0;
    /* the files the run has read, copied: those the walk meets now are
     * added to the copy, so that a file named twice counts once */
    ay_idset seen = {0};
    if (e->ids.capread) {
        seen.read = malloc(e->ids.capread * sizeof *seen.read);
        if (!seen.read)
            return ay_seterr(e, ASSAY_ENOMEM, "out of memory");
        memcpy(seen.read, e->ids.read, e->ids.capread * sizeof *seen.read);
        seen.nread = e->ids.nread;
        seen.capread = e->ids.capread;
    }
    ay_pipe pp = {.lim = &e->lim, .ids = &seen, .measured = bytes};
    for (size_t i = 0; i < n; i++)
        ay_pipe_measure(&pp, paths[i]);
    ay_idset_free(&seen);
    if (pp.unknown)
        return ay_seterr(e, ASSAY_EIO, "the size of some input is not known "
                         "before it is read");
    return ASSAY_OK;
}

int assay_engine_read_path(assay_engine *e, const char *path,
                           assay_file_fn fn, void *ud)
{
    if (!e || !path || !fn)
        return e ? ay_seterr(e, ASSAY_EINVAL, "no path or no callback")
                 : ASSAY_EINVAL;
    if (busy(e))
        return ASSAY_ESTATE;
    ay_pipe pp;
    ay_inline in;
    begin(e, &pp, &in, 0, 0, NULL, NULL);
    pp.whole = fn;
    pp.whole_ud = ud;
    ay_pipe_read(&pp, path);
    return finish(e, &pp);
}

int assay_engine_check_path(assay_engine *e, const char *path)
{
    if (!e || !path)
        return e ? ay_seterr(e, ASSAY_EINVAL, "no path") : ASSAY_EINVAL;
    if (busy(e))
        return ASSAY_ESTATE;
    ay_pipe pp;
    ay_inline in;
    begin(e, &pp, &in, 0, 0, NULL, NULL);
    pp.ids = &e->check_ids;
    ay_pipe_path(&pp, path);
    return finish(e, &pp);
}

int assay_engine_eval_project(assay_engine *e, const assay_project *p,
                              assay_result_fn fn, void *ud)
{
    if (!e || !p)
        return e ? ay_seterr(e, ASSAY_EINVAL, "no project") : ASSAY_EINVAL;
    if (busy(e))
        return ASSAY_ESTATE;
    if (!e->vm.s)
        return ay_seterr(e, ASSAY_ESTATE, "no script is loaded");
    ay_pipe pp;
    ay_inline in;
    begin(e, &pp, &in, 1, 0, fn, ud);
    pp.ids = NULL; /* a project built in code is not one of a run */
    unsigned long line;
    const char *file = ay_build_origin(p, &line);
    ay_arena_reset(&e->doc_arena);
    ay_ydoc doc;
    int rc = ay_build_doc(p, &doc, &e->doc_arena, &e->lim);
    ay_inline_take(&in, &pp, file, &doc, rc, (uint32_t)line);
    return finish(e, &pp);
}

int assay_result_reweigh(assay_engine *e, const assay_result *r,
                         const double *weights, size_t n,
                         assay_reweighed *out)
{
    if (!e || !r || (n && (!weights || !out)))
        return e ? ay_seterr(e, ASSAY_EINVAL, "a NULL argument")
                 : ASSAY_EINVAL;
    if (!e->vm.s || e->vm.s->nc != r->nc)
        return ay_seterr(e, ASSAY_ESTATE, "the result was not made by the "
                                          "engine's script");
    size_t nc = (size_t)r->nc;
    for (size_t k = 0; k < n; k++) {
        double total = 0;
        for (size_t i = 0; i < nc; i++) {
            double w = weights[k * nc + i];
            if (!(w >= 0 && w <= 1e300))
                return ay_seterr(e, ASSAY_EINVAL, "weight %zu of row %zu is "
                                 "negative or not finite", i + 1, k + 1);
            total += w;
        }
        if (!(total > 0))
            return ay_seterr(e, ASSAY_EINVAL, "the weights of row %zu add "
                                              "up to 0", k + 1);
    }
    ay_buf msg = {0};
    int rc = ay_eval_reweigh(&e->vm, r, weights, n, out, &msg);
    if (rc == ASSAY_ECRITERIA) {
        const char *m = ay_buf_cstr(&msg);
        ay_seterr(e, rc, "%s", m && *m ? m : "a weighing failed");
    }
    ay_buf_free(&msg);
    return rc;
}

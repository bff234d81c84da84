/*
 * engine.c -- the engine handle: limits, the error channel, the script,
 * and the loop that streams case files through loading and evaluation.
 *
 * Documents go one at a time: read a chunk, parse it, check it, evaluate
 * it, hand the result to the caller, reset the arena. Nothing of a
 * document outlives its turn except its id, kept to refuse duplicates.
 */
#define _GNU_SOURCE /* dladdr */
#include <dirent.h>
#include <dlfcn.h>
#include <link.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>
#include <yaml.h>

#include "assay_int.h"

/* Each limit's default and the range it may be set to. The range is what
 * keeps the arithmetic done with a limit exact: every maximum says what
 * it protects, and is far above any real case file or script. Zero, in
 * assay_limits, means the default. FIT keeps a maximum within its field's
 * type on a platform where long or size_t has 32 bits. */
#define FIT(v, type_max) ((unsigned long long)(type_max) / 4 < (v) \
                              ? (unsigned long long)(type_max) / 4 : (v))
#define L(f, k) #f, offsetof(assay_limits, f), k
const ay_limit AY_LIMITS[] = {
    /* The chunker keeps max + 1 bytes of a document; node columns and
     * scalar lengths are 32 bits, and a scalar of a UTF-16 document is at
     * most 1.5 times its bytes in UTF-8. */
    {L(doc_bytes, AY_LK_SIZE), 1 << 20, 1, FIT(1ull << 30, SIZE_MAX)},
    /* The parser allocates depth + 1 frames, heights are 16 bits, and the
     * walks over a node (its JSON, its Lua tables) recurse once a level:
     * a thousand levels fit in any thread's stack. */
    {L(depth, AY_LK_UINT), 64, 1, 1000},
    /* Node indices are 32 bits: the expanded count plus one alias's
     * size stays below 2^31. */
    {L(nodes, AY_LK_UINT), 100000, 1, 1000000000},
    /* Each alias is a node; and each one looks its anchor up among the
     * document's anchors, so the count also bounds that search. */
    {L(aliases, AY_LK_UINT), 100, 1, 1000000},
    /* Scalars and keys are in a document, so within its bound. */
    {L(scalar_bytes, AY_LK_SIZE), 64 << 10, 1, FIT(1ull << 30, SIZE_MAX)},
    {L(key_bytes, AY_LK_SIZE), 1 << 10, 1, FIT(1ull << 30, SIZE_MAX)},
    /* The text is kept whole, to rebuild the Lua state after a limit. */
    {L(script_bytes, AY_LK_SIZE), 256 << 10, 1, FIT(1ull << 30, SIZE_MAX)},
    /* At least the start of any message (the limit or problem it names);
     * at most 1 MiB, as every note and error is copied into its result
     * and again into the result's JSON. */
    {L(message_bytes, AY_LK_SIZE), 1 << 10, 64, 1 << 20},
    /* Below 64 KiB the sandboxed state cannot be built; the heap count
     * plus a growing block must not wrap. */
    {L(lua_bytes, AY_LK_SIZE), 64ull << 20, 64 << 10,
     FIT(1ull << 40, SIZE_MAX)},
    /* The step count, a limit's worth plus what C functions are charged,
     * must not wrap. */
    {L(instructions, AY_LK_ULONG), 10000000, 1,
     FIT(1000000000000ull, ULONG_MAX)},
    /* A day: a call allowed longer is not limited at all. */
    {L(time_ms, AY_LK_ULONG), 1000, 1, 86400000},
    /* string.rep's check adds the separator's length to this. */
    {L(string_bytes, AY_LK_SIZE), 16ull << 20, 1, FIT(1ull << 40, SIZE_MAX)},
    /* The steps left of a pattern call count down from this. */
    {L(pattern_steps, AY_LK_SIZE), 10000000, 1,
     FIT(1000000000000ull, SIZE_MAX)},
};
#undef L
#undef FIT
const size_t AY_NLIMITS = sizeof AY_LIMITS / sizeof *AY_LIMITS;

const ay_limit *ay_limit_find(const char *name)
{
    for (size_t i = 0; i < AY_NLIMITS; i++)
        if (!strcmp(AY_LIMITS[i].name, name))
            return &AY_LIMITS[i];
    return NULL;
}

unsigned long long ay_limit_get(const assay_limits *lim, const ay_limit *l)
{
    const char *f = (const char *)lim + l->offset;
    switch (l->kind) {
    case AY_LK_UINT: return *(const unsigned *)f;
    case AY_LK_ULONG: return *(const unsigned long *)f;
    default: return *(const size_t *)f;
    }
}

void ay_limit_set(assay_limits *lim, const ay_limit *l, unsigned long long v)
{
    char *f = (char *)lim + l->offset;
    switch (l->kind) {
    case AY_LK_UINT: *(unsigned *)f = (unsigned)v; break;
    case AY_LK_ULONG: *(unsigned long *)f = (unsigned long)v; break;
    default: *(size_t *)f = (size_t)v; break;
    }
}

int assay_limits_check(const assay_limits *lim, char *why, size_t n)
{
    if (why && n)
        why[0] = 0;
    if (!lim) {
        if (why && n)
            snprintf(why, n, "no limits");
        return ASSAY_EINVAL;
    }
    for (size_t i = 0; i < AY_NLIMITS; i++) {
        const ay_limit *l = &AY_LIMITS[i];
        unsigned long long v = ay_limit_get(lim, l);
        if (v && (v < l->min || v > l->max)) {
            if (why && n)
                snprintf(why, n, "limit %s is %llu, out of its range %llu "
                         "to %llu", l->name, v, l->min, l->max);
            return ASSAY_EINVAL;
        }
    }
    return ASSAY_OK;
}

int assay_limits_info(size_t i, assay_limit *out)
{
    if (!out || i >= AY_NLIMITS)
        return -1;
    const ay_limit *l = &AY_LIMITS[i];
    *out = (assay_limit){l->name, l->def, l->min, l->max};
    return 0;
}

int assay_limits_set(assay_limits *lim, const char *name,
                     unsigned long long value)
{
    const ay_limit *l = lim && name ? ay_limit_find(name) : NULL;
    if (!l || (value && (value < l->min || value > l->max)))
        return ASSAY_EINVAL;
    ay_limit_set(lim, l, value);
    return ASSAY_OK;
}

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

locale_t ay_enter(const assay_engine *e)
{
    return e->c_locale ? uselocale(e->c_locale) : (locale_t)0;
}

void ay_leave(locale_t host)
{
    if (host)
        uselocale(host);
}

void ay_limits_default(assay_limits *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < AY_NLIMITS; i++)
        ay_limit_set(out, &AY_LIMITS[i], AY_LIMITS[i].def);
}

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
    jobs_free(e->pool);
    e->pool = NULL;
}

int ay_seterr(assay_engine *e, int code, const char *fmt, ...)
{
    char tmp[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    arena a = {0};
    const char *clean = ay_clean_message(&a, tmp, strlen(tmp),
                                         e->lim.message_bytes);
    e->err.n = 0;
    buf_puts(&e->err, clean ? clean : "out of memory");
    buf_cstr(&e->err); /* keep it NUL-terminated for errmsg */
    arena_free(&a);
    return code;
}

const char *assay_engine_errmsg(const assay_engine *e)
{
    if (!e)
        return "no engine";
    return e->err.p && !e->err.oom ? e->err.p : "";
}

/* The file that holds this code: libassay.so or the Lua module, or the
 * program itself when linked statically. dladdr names a program by the
 * argv[0] it was started with, which may be relative or a bare name found
 * on PATH, so a program is found through /proc instead. Caller frees. */
static char *this_file(void)
{
    Dl_info info;
    struct link_map *lm = NULL;
    if (!dladdr1((void *)assay_engine_new, &info, (void **)&lm,
                 RTLD_DL_LINKMAP) || !info.dli_fname)
        return NULL;
    if (lm && lm->l_name && !lm->l_name[0])   /* the main program */
        return realpath("/proc/self/exe", NULL);
    return realpath(info.dli_fname, NULL);
}

/* The stock scripts installed with this code: PREFIX/share/assay/scripts
 * seen from PREFIX/bin/assay, PREFIX/lib/libassay.so, PREFIX/lib/<arch>/,
 * PREFIX/lib/lua/5.4/assay.so or PREFIX/lib/<arch>/lua/5.4/; and scripts/
 * seen from the build folder of a source tree. */
static char *installed_stock_dir(void)
{
    static const char *const rel[] = {
        "/../share/assay/scripts", "/../../share/assay/scripts",
        "/../../../share/assay/scripts", "/../../../../share/assay/scripts",
        "/../scripts"};
    char *self = this_file();
    char *slash = self ? strrchr(self, '/') : NULL;
    if (!slash) {
        free(self);
        return NULL;
    }
    *slash = 0;
    char *found = NULL;
    for (size_t i = 0; i < sizeof rel / sizeof *rel && !found; i++) {
        size_t n = strlen(self) + strlen(rel[i]) + 1;
        char *cand = malloc(n);
        if (!cand)
            break;
        snprintf(cand, n, "%s%s", self, rel[i]);
        struct stat st;
        found = realpath(cand, NULL);
        if (found && (stat(found, &st) || !S_ISDIR(st.st_mode))) {
            free(found);
            found = NULL;
        }
        free(cand);
    }
    free(self);
    return found;
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
    e->heap.max = e->lim.lua_bytes;
    e->heap.string_max = e->lim.string_bytes;
    /* Without it numbers follow the host's LC_NUMERIC: "0,5" in de_DE. */
    e->c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    e->stock_dir = installed_stock_dir();
    return e;
}

const assay_limits *assay_engine_limits(const assay_engine *e)
{
    return e ? &e->lim : NULL;
}

static void ids_free(idset *ids)
{
    arena_free(&ids->text);
    free(ids->slot);
    for (size_t i = 0; i < ids->nfiles; i++)
        free(ids->files[i]);
    free(ids->files);
    memset(ids, 0, sizeof *ids);
}

void assay_engine_free(assay_engine *e)
{
    if (!e)
        return;
    drop_workers(e);
    script_free(e->L, e->s);
    script_free_retired(e);
    if (e->L)
        lua_close(e->L);
    ay_heap_reset(&e->heap);
    ids_free(&e->ids);
    ids_free(&e->check_ids);
    arena_free(&e->doc_arena);
    free(e->reads);
    free(e->stock_dir);
    buf_free(&e->err);
    if (e->c_locale)
        freelocale(e->c_locale);
    free(e);
}

int assay_engine_set_stock_dir(assay_engine *e, const char *dir)
{
    if (!e || !dir)
        return e ? ay_seterr(e, ASSAY_EINVAL, "no folder") : ASSAY_EINVAL;
    if (busy(e))
        return ASSAY_ESTATE;
    char *d = strdup(dir);
    if (!d)
        return ay_seterr(e, ASSAY_ENOMEM, "out of memory");
    free(e->stock_dir);
    e->stock_dir = d;
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


static int load_script(assay_engine *e, const char *name)
{
    if (!name || !*name)
        return ay_seterr(e, ASSAY_EINVAL, "no script named");
    script_free(e->L, e->s); /* a failure leaves no script loaded */
    e->s = NULL;
    drop_workers(e);
    size_t n = strlen(name);
    buf path = {0};
    if (strchr(name, '/') || (n > 4 && !strcmp(name + n - 4, ".lua"))) {
        buf_puts(&path, name);
    } else if (e->stock_dir) {
        buf_printf(&path, "%s/%s.lua", e->stock_dir, name);
    } else {
        return ay_seterr(e, ASSAY_ESCRIPT,
                         "no stock script folder is set to find '%s' in",
                         name);
    }
    buf text = {0};
    char why[512];
    int rc;
    int stock = !strchr(name, '/') && !(n > 4 && !strcmp(name + n - 4, ".lua"));
    if (ay_read_file(buf_cstr(&path), e->lim.script_bytes, &text, why,
                     sizeof why)) {
        if (errno == ENOENT && stock)
            rc = ay_seterr(e, ASSAY_ESCRIPT,
                           "no stock script named '%s' (see 'assay scripts')",
                           name);
        else
            rc = ay_seterr(e, ASSAY_ESCRIPT, "%s", why);
    } else {
        rc = script_load(e, buf_cstr(&path), buf_cstr(&path),
                         text.p ? text.p : "", text.n);
    }
    buf_free(&path);
    buf_free(&text);
    return rc;
}

int assay_engine_load_script(assay_engine *e, const char *name)
{
    if (!e)
        return ASSAY_EINVAL;
    if (busy(e))
        return ASSAY_ESTATE;
    locale_t host = ay_enter(e);
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
    locale_t host = ay_enter(e);
    int rc = script_load(e, chunkname ? chunkname : "script", NULL, text, len);
    ay_leave(host);
    return rc;
}

const char *assay_engine_script_name(const assay_engine *e)
{
    return e && e->s ? e->s->name : NULL;
}

const char *assay_engine_script_path(const assay_engine *e)
{
    return e && e->s ? e->s->path : NULL;
}

const char *assay_engine_script_sha256(const assay_engine *e)
{
    return e && e->s ? e->s->sha256 : NULL;
}

int assay_engine_criterion_count(const assay_engine *e)
{
    return e && e->s ? e->s->nc : 0;
}

const char *assay_engine_script_aggregate(const assay_engine *e)
{
    static const char *const names[] = {"weighted_mean", "geometric",
                                        "minimum", "function"};
    return e && e->s ? names[e->s->agg] : NULL;
}

void assay_engine_set_explain(assay_engine *e, int on)
{
    if (e)
        e->explain = on != 0;
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
    ids_free(&e->ids);
    ids_free(&e->check_ids);
}

/* ---- Project ids of the run ------------------------------------------ */

/* Find id; when absent, add it (with where it is) unless OOM. Returns the
 * slot that held it before, or NULL if it is new. */
static struct idslot *ids_add(idset *ids, const char *id, uint32_t file,
                              uint32_t line, int *oom)
{
    if (ids->n * 2 >= ids->cap) {
        size_t cap = ids->cap ? ids->cap * 2 : 1024;
        struct idslot *s = calloc(cap, sizeof *s);
        if (!s) {
            *oom = 1;
            return NULL;
        }
        for (size_t i = 0; i < ids->cap; i++) {
            if (!ids->slot[i].id)
                continue;
            size_t k = ay_hash(ids->slot[i].id, strlen(ids->slot[i].id)) & (cap - 1);
            while (s[k].id)
                k = (k + 1) & (cap - 1);
            s[k] = ids->slot[i];
        }
        free(ids->slot);
        ids->slot = s;
        ids->cap = cap;
    }
    size_t k = ay_hash(id, strlen(id)) & (ids->cap - 1);
    for (; ids->slot[k].id; k = (k + 1) & (ids->cap - 1))
        if (!strcmp(ids->slot[k].id, id))
            return &ids->slot[k];
    if (!(ids->slot[k].id = arena_strdup(&ids->text, id))) {
        *oom = 1;
        return NULL;
    }
    ids->slot[k].file = file;
    ids->slot[k].line = line;
    ids->n++;
    return NULL;
}

/* Intern a file name for the id set; returns its index, -1 if OOM. */
static int64_t intern_file(idset *ids, const char *file)
{
    if (ids->nfiles && !strcmp(ids->files[ids->nfiles - 1], file))
        return (int64_t)ids->nfiles - 1;
    char **f = realloc(ids->files, (ids->nfiles + 1) * sizeof *f);
    if (!f)
        return -1;
    ids->files = f;
    if (!(f[ids->nfiles] = strdup(file)))
        return -1;
    return (int64_t)ids->nfiles++;
}

/* ---- The document loop ----------------------------------------------- */


/* Hand a diagnostic about r->file to the caller. */
void run_diag(run *r, unsigned long line, unsigned long col, const char *msg)
{
    r->rejected = 1;
    if (r->e->diag) {
        assay_diag d = {r->file, line, col, msg};
        ay_leave(r->host);
        r->e->diag(r->e->diag_ud, &d);
        ay_enter(r->e);
    }
}

/* A problem with a file as a whole: in order with the documents, which
 * may still be with the workers. */
static void file_diag(run *r, const char *msg)
{
    if (r->jobs)
        jobs_diag(r->jobs, r, msg);
    else
        run_diag(r, 0, 0, msg);
}

/* Check a document read (rc > 0) or rejected (rc < 0) from line on, and
 * evaluate it. Its id is counted in r->ids unless that is NULL. A worker
 * has built and evaluated it already when done is set: p, with its result
 * res and the status evalrc. */
void run_take(run *r, ydoc *doc, int rc, uint32_t line, const done *w)
{
    assay_engine *e = r->e;
    project *p = w ? w->p : rc > 0 ? project_build(doc, r->file) : NULL;
    if (p && r->ids) {
        int oom = 0;
        struct idslot *seen = ids_add(r->ids, p->id, r->file_index, p->line,
                                      &oom);
        const ynode *idn = &doc->n[ydoc_map_get(doc, doc->root, "id")];
        if (seen) {
            ydoc_error(doc, idn->line, idn->col,
                       "duplicate project id '%s' (first at %s:%u)", p->id,
                       r->ids->files[seen->file], seen->line);
            p = NULL;
        } else if (oom) {
            ydoc_error(doc, idn->line, idn->col, "out of memory");
            p = NULL;
        }
    }
    if (!p) {
        if (!doc->diags)
            ydoc_error(doc, line, 1, "out of memory");
        for (ydiag *d = doc->diags; d; d = d->next)
            run_diag(r, d->line, d->col, d->msg);
        if (doc->ndiags > 20) {
            char more[64];
            snprintf(more, sizeof more, "%u more problems in this document",
                     doc->ndiags - 20);
            run_diag(r, line, 1, more);
        }
        return;
    }
    if (!r->evaluate)
        return;
    assay_result res;
    if (w) {
        res = w->res;
        rc = w->rc;
    } else {
        rc = eval_project(e, p, &e->doc_arena, &res);
    }
    if (rc < 0) {
        run_diag(r, p->line, 1, "out of memory while evaluating this project");
        return;
    }
    if (rc)
        r->failed = 1;
    if (r->fn) {
        ay_leave(r->host);
        r->aborted = r->fn(r->ud, &res) != 0;
        ay_enter(e);
    }
    if (!w)
        script_free_retired(e);
}

static void document(run *r, const chunk *c)
{
    assay_engine *e = r->e;
    arena_reset(&e->doc_arena);
    ydoc doc;
    int rc = ydoc_parse(&doc, &e->doc_arena, c, &e->lim);
    if (rc != 0)
        run_take(r, &doc, rc, c->line, NULL);
}

/* Intern r->file for the id set; 0, or -1 when out of memory. */
int run_file(run *r)
{
    int64_t fi = intern_file(r->ids, r->file);
    if (fi < 0)
        return -1;
    r->file_index = (uint32_t)fi;
    return 0;
}

static void stream(run *r, chunker *ck)
{
    if (!r->jobs && run_file(r)) {
        run_diag(r, 0, 0, "out of memory");
        chunker_free(ck);
        return;
    }
    chunk c;
    while (!r->aborted && chunker_next(ck, &c)) {
        if (r->jobs)
            jobs_doc(r->jobs, r, &c);
        else
            document(r, &c);
    }
    if (ck->ioerr)
        file_diag(r, "read error");
    chunker_free(ck);
}

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

/* A path named by the caller is followed through links and read whatever
 * it is (so /dev/stdin works). Inside a folder, only regular *.yaml and
 * *.yml files (or links to them), but not *.test.yaml, are read and only
 * real folders entered: a link cannot make the walk loop, and a FIFO
 * cannot block it. */
static void walk(run *r, const char *path, int explicit, int depth)
{
    struct stat st;
    if ((explicit ? stat(path, &st) : lstat(path, &st)) != 0) {
        r->file = path;
        file_diag(r, strerror(errno));
        return;
    }
    if (!explicit && S_ISLNK(st.st_mode) &&
        (stat(path, &st) != 0 || !S_ISREG(st.st_mode)))
        return;
    if (!S_ISDIR(st.st_mode)) {
        if (!explicit &&
            (!S_ISREG(st.st_mode) || has_suffix(path, ".test.yaml") ||
             (!has_suffix(path, ".yaml") && !has_suffix(path, ".yml"))))
            return; /* *.test.yaml are assay test files, not cases */
        FILE *f = fopen(path, "rb");
        r->file = path;
        if (!f) {
            file_diag(r, strerror(errno));
            return;
        }
        chunker ck;
        chunker_init_file(&ck, f, r->e->lim.doc_bytes);
        /* From a pipe, results go out as they come: before a read
         * waits, what the workers have is handed on. */
        if (r->jobs && !S_ISREG(st.st_mode)) {
            ck.idle = jobs_idle;
            ck.idle_ud = r;
        }
        stream(r, &ck);
        fclose(f);
        return;
    }
    if (depth > 32) {
        r->file = path;
        file_diag(r, "folders nested too deeply");
        return;
    }
    DIR *d = opendir(path);
    if (!d) {
        r->file = path;
        file_diag(r, strerror(errno));
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    int oom = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                oom = 1;
                break;
            }
            names = nn;
        }
        size_t len = strlen(path) + strlen(de->d_name) + 3;
        if (!(names[n] = malloc(len))) {
            oom = 1;
            break;
        }
        snprintf(names[n], len, "%s%s%s", path,
                 has_suffix(path, "/") ? "" : "/", de->d_name);
        /* A folder sorts as "name/", so the walk visits paths in the
         * order a sort of the full paths gives: b.yaml before b/z.yaml. */
        if (!lstat(names[n], &st) && S_ISDIR(st.st_mode))
            strcat(names[n], "/");
        n++;
    }
    closedir(d);
    if (oom) {
        r->file = path;
        file_diag(r, "out of memory while listing the folder");
    }
    if (n)
        qsort(names, n, sizeof *names, ay_strcmp_p);
    for (size_t i = 0; i < n; i++) {
        if (!r->aborted)
            walk(r, names[i], 0, depth + 1);
        free(names[i]);
    }
    free(names);
}

/* Start the workers of a run when the engine asks for them; when they
 * cannot start (no memory, no threads), the calling thread does the
 * work. */
static void start_jobs(run *r)
{
    assay_engine *e = r->e;
    if (e->pool && !jobs_fit(e->pool, e))
        drop_workers(e);
    if (e->jobs > 1 && !e->pool)
        e->pool = jobs_new(e, e->jobs);
    r->jobs = e->jobs > 1 ? e->pool : NULL;
}

static int finish(run *r)
{
    if (r->jobs)
        jobs_end(r->jobs, r);
    ay_leave(r->host);
    r->e->busy = 0;
    if (r->aborted)
        return ay_seterr(r->e, ASSAY_ABORT, "stopped by the result callback");
    if (r->rejected)
        return ay_seterr(r->e, ASSAY_EINPUT, "some input was rejected");
    if (r->failed)
        return ay_seterr(r->e, ASSAY_ECRITERIA, "some criteria ended in error");
    return ASSAY_OK;
}

int assay_engine_eval_path(assay_engine *e, const char *path,
                           assay_result_fn fn, void *ud)
{
    if (!e || !path)
        return e ? ay_seterr(e, ASSAY_EINVAL, "no path") : ASSAY_EINVAL;
    if (busy(e))
        return ASSAY_ESTATE;
    if (!e->s)
        return ay_seterr(e, ASSAY_ESTATE, "no script is loaded");
    e->busy = 1;
    run r = {.e = e, .ids = &e->ids, .fn = fn, .ud = ud, .evaluate = 1,
             .host = ay_enter(e)};
    start_jobs(&r);
    walk(&r, path, 1, 0);
    return finish(&r);
}

int assay_engine_eval_string(assay_engine *e, const char *name,
                             const char *text, size_t len,
                             assay_result_fn fn, void *ud)
{
    if (!e || !text)
        return e ? ay_seterr(e, ASSAY_EINVAL, "no text") : ASSAY_EINVAL;
    if (busy(e))
        return ASSAY_ESTATE;
    if (!e->s)
        return ay_seterr(e, ASSAY_ESTATE, "no script is loaded");
    e->busy = 1;
    run r = {.e = e, .ids = &e->ids, .fn = fn, .ud = ud, .evaluate = 1,
             .file = name ? name : "<string>", .host = ay_enter(e)};
    start_jobs(&r);
    chunker ck;
    chunker_init_mem(&ck, text, len, e->lim.doc_bytes);
    stream(&r, &ck);
    return finish(&r);
}

int assay_engine_check_path(assay_engine *e, const char *path)
{
    if (!e || !path)
        return e ? ay_seterr(e, ASSAY_EINVAL, "no path") : ASSAY_EINVAL;
    if (busy(e))
        return ASSAY_ESTATE;
    e->busy = 1;
    run r = {.e = e, .ids = &e->check_ids, .host = ay_enter(e)};
    walk(&r, path, 1, 0);
    return finish(&r);
}

int assay_engine_eval_project(assay_engine *e, const assay_project *p,
                              assay_result_fn fn, void *ud)
{
    if (!e || !p)
        return e ? ay_seterr(e, ASSAY_EINVAL, "no project") : ASSAY_EINVAL;
    if (busy(e))
        return ASSAY_ESTATE;
    if (!e->s)
        return ay_seterr(e, ASSAY_ESTATE, "no script is loaded");
    e->busy = 1;
    unsigned long line;
    run r = {.e = e, .fn = fn, .ud = ud, .evaluate = 1,
             .file = build_origin(p, &line), .host = ay_enter(e)};
    arena_reset(&e->doc_arena);
    ydoc doc;
    int rc = build_doc(p, &doc, &e->doc_arena, &e->lim);
    run_take(&r, &doc, rc, (uint32_t)line, NULL);
    return finish(&r);
}

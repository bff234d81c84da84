/*
 * jobs.c -- evaluation on worker threads (assay_engine_set_jobs).
 *
 * The calling thread cuts the input into documents and packs them into
 * batches; workers, each a vm of its own (a Lua state with the same
 * script), parse,
 * check and evaluate a batch into the batch's arena; the calling thread
 * hands the batches on strictly in input order, through the same run_take
 * as a run without workers, so ids, diagnostics and results come out
 * exactly as they would from one thread. A batch's arena lives until it
 * has been handed on; a few batches per worker keep everyone busy. The
 * workers stay with the engine between runs until its script or settings
 * change.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "assay_int.h"

#define BATCH_DOCS 64
#define BATCH_BYTES (256u << 10)

enum { B_FREE, B_FILLING, B_QUEUED, B_WORKING, B_DONE };

/* One document of a batch, or (text NULL, msg set) a file's problem. */
typedef struct item {
    const char *file;        /* in the batch's arena */
    size_t off, len;         /* the chunk in the batch's text */
    uint32_t line;
    int too_big;
    const char *msg;         /* a problem with the file as a whole */
    ydoc doc;                /* filled by the worker */
    int rc;                  /* of ydoc_parse */
    done w;
} item;

typedef struct batch {
    int state;
    unsigned long seq;
    buf text;
    item *it;
    int n, cap;
    arena a;
    buf json;                /* scratch for render */
    script *retired;         /* scripts its results point into, replaced
                                by a limit's rebuild while working on it */
} batch;

typedef struct worker {
    jobs *j;
    ay_vm vm;                /* its own Lua state, with the script */
    buf err;                 /* the vm's load errors */
    int ready;               /* vm is set up (and must be freed) */
    pthread_t t;
    int started;
} worker;

struct jobs {
    pthread_mutex_t mu;
    pthread_cond_t work, finished;
    worker *w;
    int nw;
    batch *b;
    int nb;
    batch *fill;             /* being filled by the calling thread */
    unsigned long next_seq, next_out;
    int explain, prerender;  /* what the workers were made with */
    int stop;                /* workers leave */
    int cancel;              /* skip the work left: the run was stopped */
};

/* ---- Workers --------------------------------------------------------- */

/* Give w a vm like the engine's, with the engine's script loaded from
 * its text. */
static int worker_vm(worker *w, const assay_engine *e)
{
    const script *s = e->vm.s;
    if (ay_vm_init(&w->vm, &e->lim, e->stock_dir, &w->err) != ASSAY_OK)
        return -1;
    w->ready = 1;
    w->vm.explain = e->explain;
    return script_load(&w->vm, s->path, s->from_file ? s->path : NULL,
                       s->text, s->len) == ASSAY_OK ? 0 : -1;
}

/* The result's JSON, made here in parallel rather than by the calling
 * thread's callback. Without memory, the callback makes it. */
static void render(batch *b, assay_result *res)
{
    b->json.n = 0;
    ay_result_json(res, &b->json);
    char *copy = b->json.oom ? NULL : arena_alloc(&b->a, b->json.n);
    if (copy) {
        memcpy(copy, b->json.p, b->json.n);
        res->json = copy;
        res->json_len = b->json.n;
    }
}

static void work(ay_vm *vm, batch *b, int prerender)
{
    for (int i = 0; i < b->n; i++) {
        item *it = &b->it[i];
        if (it->msg)
            continue;
        chunk c = {b->text.p ? b->text.p + it->off : "", it->len, it->line,
                   it->too_big};
        it->rc = ydoc_parse(&it->doc, &b->a, &c, &vm->lim);
        it->w.p = it->rc > 0 ? project_build(&it->doc, it->file) : NULL;
        if (it->w.p)
            it->w.rc = eval_project(vm, it->w.p, &b->a, &it->w.res);
        if (it->w.p && it->w.rc >= 0 && prerender)
            render(b, &it->w.res);
    }
    b->retired = vm->retired; /* freed once the batch has been handed on */
    vm->retired = NULL;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    jobs *j = w->j;
    locale_t host = ay_enter();
    pthread_mutex_lock(&j->mu);
    for (;;) {
        batch *next = NULL;
        for (int i = 0; i < j->nb; i++)
            if (j->b[i].state == B_QUEUED &&
                (!next || j->b[i].seq < next->seq))
                next = &j->b[i];
        if (!next) {
            if (j->stop)
                break;
            pthread_cond_wait(&j->work, &j->mu);
            continue;
        }
        next->state = B_WORKING;
        int cancel = j->cancel;
        pthread_mutex_unlock(&j->mu);
        if (!cancel)
            work(&w->vm, next, j->prerender);
        pthread_mutex_lock(&j->mu);
        next->state = B_DONE;
        pthread_cond_broadcast(&j->finished);
    }
    pthread_mutex_unlock(&j->mu);
    ay_leave(host);
    return NULL;
}

/* ---- The calling thread ---------------------------------------------- */

static void free_scripts(script *s)
{
    while (s) {
        script *next = s->retired;
        script_free(NULL, s);
        s = next;
    }
}

static void batch_reset(batch *b)
{
    free_scripts(b->retired);
    b->retired = NULL;
    b->n = 0;
    b->text.n = 0;
    arena_reset(&b->a);
    b->state = B_FREE;
}

/* Hand on the batches that are done, in order; with wait, wait for the
 * next one first. Called with the lock held. */
static void deliver(jobs *j, run *r, int wait)
{
    for (;;) {
        batch *head = NULL;
        for (int i = 0; i < j->nb; i++)
            if (j->b[i].state >= B_QUEUED && j->b[i].seq == j->next_out)
                head = &j->b[i];
        if (!head)
            return;
        if (head->state != B_DONE) {
            if (!wait)
                return;
            pthread_cond_wait(&j->finished, &j->mu);
            continue;
        }
        pthread_mutex_unlock(&j->mu);
        for (int i = 0; i < head->n && !r->aborted; i++) {
            item *it = &head->it[i];
            const char *file = r->file;
            r->file = it->file;
            if (it->msg)
                run_diag(r, 0, 0, it->msg);
            else if (it->rc && run_file(r))
                run_diag(r, it->line, 1, "out of memory");
            else if (it->rc)
                run_take(r, &it->doc, it->rc, it->line, &it->w);
            r->file = file;
        }
        pthread_mutex_lock(&j->mu);
        if (r->aborted)
            j->cancel = 1;
        batch_reset(head);
        j->next_out++;
        pthread_cond_broadcast(&j->finished);
        wait = 0;
    }
}

static void submit(jobs *j, run *r)
{
    pthread_mutex_lock(&j->mu);
    j->fill->state = B_QUEUED;
    j->fill->seq = j->next_seq++;
    j->fill = NULL;
    pthread_cond_signal(&j->work);
    deliver(j, r, 0);
    pthread_mutex_unlock(&j->mu);
}

/* The batch being filled, after handing on what is done; waits for a
 * free batch when all are busy. */
static batch *filling(jobs *j, run *r)
{
    if (j->fill)
        return j->fill;
    pthread_mutex_lock(&j->mu);
    for (;;) {
        deliver(j, r, 0);
        for (int i = 0; i < j->nb && !j->fill; i++)
            if (j->b[i].state == B_FREE)
                j->fill = &j->b[i];
        if (j->fill)
            break;
        deliver(j, r, 1);
    }
    j->fill->state = B_FILLING;
    pthread_mutex_unlock(&j->mu);
    return j->fill;
}

/* A new item in the batch being filled, for r->file; NULL when out of
 * memory (reported). */
static item *add_item(jobs *j, run *r)
{
    batch *b = filling(j, r);
    if (b->n == b->cap) {
        int cap = b->cap ? b->cap * 2 : BATCH_DOCS;
        item *it = realloc(b->it, (size_t)cap * sizeof *it);
        if (!it)
            goto oom;
        b->it = it;
        b->cap = cap;
    }
    item *it = &b->it[b->n];
    memset(it, 0, sizeof *it);
    if (b->n && !strcmp(b->it[b->n - 1].file, r->file))
        it->file = b->it[b->n - 1].file;
    else if (!(it->file = arena_strdup(&b->a, r->file)))
        goto oom;
    b->n++;
    return it;
oom:
    run_diag(r, 0, 0, "out of memory");
    return NULL;
}

void jobs_doc(jobs *j, run *r, const chunk *c)
{
    item *it = add_item(j, r);
    if (!it)
        return;
    batch *b = j->fill;
    it->off = b->text.n;
    it->len = c->len;
    it->line = c->line;
    it->too_big = c->too_big;
    buf_put(&b->text, c->text, c->len);
    if (b->text.oom) {
        b->n--;
        run_diag(r, c->line, 1, "out of memory");
        return;
    }
    if (b->n >= BATCH_DOCS || b->text.n >= BATCH_BYTES)
        submit(j, r);
}

void jobs_diag(jobs *j, run *r, const char *msg)
{
    item *it = add_item(j, r);
    if (it && !(it->msg = arena_strdup(&j->fill->a, msg))) {
        j->fill->n--;
        run_diag(r, 0, 0, msg);
    }
}

/* ---- Start and end ---------------------------------------------------- */

void jobs_free(jobs *j)
{
    if (!j)
        return;
    pthread_mutex_lock(&j->mu);
    j->stop = 1;
    pthread_cond_broadcast(&j->work);
    pthread_mutex_unlock(&j->mu);
    for (int i = 0; i < j->nw; i++) {
        if (j->w[i].started)
            pthread_join(j->w[i].t, NULL);
        if (j->w[i].ready)
            ay_vm_free(&j->w[i].vm);
        buf_free(&j->w[i].err);
    }
    for (int i = 0; i < j->nb; i++) {
        buf_free(&j->b[i].text);
        buf_free(&j->b[i].json);
        free_scripts(j->b[i].retired);
        free(j->b[i].it);
        arena_free(&j->b[i].a);
    }
    pthread_cond_destroy(&j->work);
    pthread_cond_destroy(&j->finished);
    pthread_mutex_destroy(&j->mu);
    free(j->w);
    free(j->b);
    free(j);
}

jobs *jobs_new(assay_engine *e, int n)
{
    jobs *j = calloc(1, sizeof *j);
    if (!j) {
        ay_seterr(e, ASSAY_ENOMEM, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&j->mu, NULL);
    pthread_cond_init(&j->work, NULL);
    pthread_cond_init(&j->finished, NULL);
    j->nb = 2 * n + 2;
    j->explain = e->explain;
    j->prerender = e->prerender;
    j->w = calloc((size_t)n, sizeof *j->w);
    j->b = calloc((size_t)j->nb, sizeof *j->b);
    if (!j->w || !j->b) {
        jobs_free(j);
        ay_seterr(e, ASSAY_ENOMEM, "out of memory");
        return NULL;
    }
    for (j->nw = 0; j->nw < n; j->nw++) {
        worker *w = &j->w[j->nw];
        w->j = j;
        if (worker_vm(w, e) ||
            pthread_create(&w->t, NULL, worker_main, w)) {
            j->nw++;
            jobs_free(j);
            ay_seterr(e, ASSAY_ENOMEM, "cannot start %d worker threads", n);
            return NULL;
        }
        w->started = 1;
    }
    return j;
}

/* Submit what is being filled and hand on everything submitted. */
static void drain(jobs *j, run *r)
{
    if (j->fill && j->fill->n)
        submit(j, r);
    pthread_mutex_lock(&j->mu);
    while (j->next_out < j->next_seq)
        deliver(j, r, 1);
    pthread_mutex_unlock(&j->mu);
}

int jobs_idle(void *arg)
{
    run *r = arg;
    drain(r->jobs, r);
    return r->aborted;
}

void jobs_end(jobs *j, run *r)
{
    drain(j, r);
    pthread_mutex_lock(&j->mu);
    j->cancel = 0;           /* the workers wait for the next run */
    pthread_mutex_unlock(&j->mu);
}

int jobs_fit(const jobs *j, const assay_engine *e)
{
    return j->nw == e->jobs && j->explain == e->explain &&
           j->prerender == e->prerender;
}

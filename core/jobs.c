/*
 * jobs.c -- the pool executor: evaluation on worker threads
 * (assay_engine_set_jobs).
 *
 * The pipe cuts the input into documents, which are packed into batches;
 * workers, each a vm of its own (a Lua state with the same script), parse,
 * build and evaluate a batch into the batch's arena; the calling thread
 * hands the batches on strictly in input order, through the pipe's
 * ay_pipe_accept and ay_pipe_deliver as the inline executor does, so ids,
 * diagnostics and results come out exactly as they would from one thread. A batch's arena lives until it
 * has been handed on; a few batches per worker keep everyone busy. The
 * workers stay with the engine between runs until its script or settings
 * change.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ay_pipe.h"

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
    ay_ydoc doc;             /* filled by the worker: */
    int rc;                  /* of ay_ydoc_parse */
    ay_project *p;           /* NULL when rejected */
    assay_result res;
    int evalrc;              /* of ay_eval_project */
    int rendered;            /* its JSON is in the batch's json: */
    size_t json_off, json_len;
} item;

typedef struct batch {
    int state;
    unsigned long seq;
    ay_buf text;
    item *it;
    int n, cap;
    ay_arena a;
    ay_buf json;             /* the results' JSON, one after another */
    ay_script *retired;      /* scripts its results point into, replaced
                                by a limit's rebuild while working on it */
} batch;

typedef struct worker {
    ay_jobs *j;
    ay_vm vm;                /* its own Lua state, with the script */
    ay_buf err;              /* the vm's load errors */
    int ready;               /* vm is set up (and must be freed) */
    pthread_t t;
    int started;
} worker;

struct ay_jobs {
    ay_executor x;           /* first: the pipe sees only this */
    pthread_mutex_t mu;
    pthread_cond_t work, finished;
    worker *w;
    int nw;
    batch *b;
    int nb;
    batch *fill;             /* being filled by the calling thread */
    unsigned long next_seq, next_out;
    int explain, trace, prerender; /* what the workers were made with */
    int stop;                /* workers leave */
    int cancel;              /* skip the work left: the run was stopped */
};

/* ---- Workers --------------------------------------------------------- */

/* Give w a vm like the engine's, with the engine's script loaded from
 * its text. */
static int worker_vm(worker *w, const ay_vm *model)
{
    const ay_script *s = model->s;
    if (ay_vm_init(&w->vm, &model->lim, model->stock_dir, &w->err) !=
        ASSAY_OK)
        return -1;
    w->ready = 1;
    w->vm.explain = model->explain;
    w->vm.trace = model->trace;
    return ay_script_load(&w->vm, s->path, s->from_file ? s->path : NULL,
                          s->text, s->len) == ASSAY_OK ? 0 : -1;
}

/* The result's JSON, made here in parallel rather than by the calling
 * thread's callback, after the batch's others in its buffer (kept from
 * batch to batch, so it soon stops growing). A result whose JSON memory
 * cut short is left to the callback to make. */
static void render(batch *b, item *it)
{
    it->json_off = b->json.n;
    ay_result_json(&it->res, &b->json);
    it->json_len = b->json.n - it->json_off;
    it->rendered = !b->json.oom; /* oom stays set for the rest of it */
}

static void work(ay_vm *vm, batch *b, int prerender)
{
    b->json.n = 0;
    b->json.oom = 0;
    for (int i = 0; i < b->n; i++) {
        item *it = &b->it[i];
        if (it->msg)
            continue;
        ay_chunk c = {b->text.p ? b->text.p + it->off : "", it->len, it->line,
                   it->too_big};
        it->rc = ay_ydoc_parse(&it->doc, &b->a, &c, &vm->lim);
        it->p = it->rc == ASSAY_OK ? ay_project_build(&it->doc, it->file) : NULL;
        if (it->p)
            it->evalrc = ay_eval_project(vm, it->p, &b->a, &it->res);
        if (it->p && it->evalrc != ASSAY_ENOMEM && prerender)
            render(b, it);
    }
    /* the buffer has stopped moving: point the results into it */
    for (int i = 0; i < b->n; i++)
        if (b->it[i].rendered) {
            b->it[i].res.json = b->json.p + b->it[i].json_off;
            b->it[i].res.json_len = b->it[i].json_len;
        }
    b->retired = vm->retired; /* freed once the batch has been handed on */
    vm->retired = NULL;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    ay_jobs *j = w->j;
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

static void free_scripts(ay_script *s)
{
    while (s) {
        ay_script *next = s->retired;
        ay_script_free(NULL, s);
        s = next;
    }
}

static void batch_reset(batch *b)
{
    free_scripts(b->retired);
    b->retired = NULL;
    b->n = 0;
    b->text.n = 0;
    ay_arena_reset(&b->a);
    b->state = B_FREE;
}

/* Hand on the batches that are done, in order; with wait, wait for the
 * next one first. Called with the lock held. */
static void deliver(ay_jobs *j, ay_pipe *pp, int wait)
{
    int told = 0;
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
            if (!told && pp->wait) { /* the caller may hand on its part */
                told = 1;
                pthread_mutex_unlock(&j->mu);
                ay_pipe_wait(pp);
                pthread_mutex_lock(&j->mu);
                continue;
            }
            pthread_cond_wait(&j->finished, &j->mu);
            continue;
        }
        pthread_mutex_unlock(&j->mu);
        for (int i = 0; i < head->n && !pp->aborted; i++) {
            item *it = &head->it[i];
            if (it->msg)
                ay_pipe_diag(pp, it->file, 0, 0, it->msg);
            else if (it->rc != ASSAY_DONE &&
                     ay_pipe_accept(pp, it->file, &it->doc, it->line,
                                    it->p) &&
                     pp->evaluate)
                ay_pipe_deliver(pp, it->file, it->p, &it->res, it->evalrc);
        }
        pthread_mutex_lock(&j->mu);
        if (pp->aborted)
            j->cancel = 1;
        batch_reset(head);
        j->next_out++;
        pthread_cond_broadcast(&j->finished);
        wait = 0;
    }
}

static void submit(ay_jobs *j, ay_pipe *pp)
{
    pthread_mutex_lock(&j->mu);
    j->fill->state = B_QUEUED;
    j->fill->seq = j->next_seq++;
    j->fill = NULL;
    pthread_cond_signal(&j->work);
    deliver(j, pp, 0);
    pthread_mutex_unlock(&j->mu);
}

/* The batch being filled, after handing on what is done; waits for a
 * free batch when all are busy. */
static batch *filling(ay_jobs *j, ay_pipe *pp)
{
    if (j->fill)
        return j->fill;
    pthread_mutex_lock(&j->mu);
    for (;;) {
        deliver(j, pp, 0);
        for (int i = 0; i < j->nb && !j->fill; i++)
            if (j->b[i].state == B_FREE)
                j->fill = &j->b[i];
        if (j->fill)
            break;
        deliver(j, pp, 1);
    }
    j->fill->state = B_FILLING;
    pthread_mutex_unlock(&j->mu);
    return j->fill;
}

/* A new item in the batch being filled, for file; NULL when out of
 * memory (reported). */
static item *add_item(ay_jobs *j, ay_pipe *pp, const char *file)
{
    batch *b = filling(j, pp);
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
    if (b->n && !strcmp(b->it[b->n - 1].file, file))
        it->file = b->it[b->n - 1].file;
    else if (!(it->file = ay_arena_strdup(&b->a, file)))
        goto oom;
    b->n++;
    return it;
oom:
    ay_pipe_diag(pp, file, 0, 0, "out of memory");
    return NULL;
}

static void pool_doc(ay_executor *x, ay_pipe *pp, const char *file,
                     const ay_chunk *c)
{
    ay_jobs *j = (ay_jobs *)x;
    item *it = add_item(j, pp, file);
    if (!it)
        return;
    batch *b = j->fill;
    it->off = b->text.n;
    it->len = c->len;
    it->line = c->line;
    it->too_big = c->too_big;
    ay_buf_put(&b->text, c->text, c->len);
    if (b->text.oom) {
        b->n--;
        ay_pipe_diag(pp, file, c->line, 1, "out of memory");
        return;
    }
    if (b->n >= BATCH_DOCS || b->text.n >= BATCH_BYTES)
        submit(j, pp);
}

static void pool_diag(ay_executor *x, ay_pipe *pp, const char *file,
                      const char *msg)
{
    ay_jobs *j = (ay_jobs *)x;
    item *it = add_item(j, pp, file);
    if (it && !(it->msg = ay_arena_strdup(&j->fill->a, msg))) {
        j->fill->n--;
        ay_pipe_diag(pp, file, 0, 0, msg);
    }
}

/* ---- Start and end ---------------------------------------------------- */

void ay_jobs_free(ay_jobs *j)
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
        ay_buf_free(&j->w[i].err);
    }
    for (int i = 0; i < j->nb; i++) {
        ay_buf_free(&j->b[i].text);
        ay_buf_free(&j->b[i].json);
        free_scripts(j->b[i].retired);
        free(j->b[i].it);
        ay_arena_free(&j->b[i].a);
    }
    pthread_cond_destroy(&j->work);
    pthread_cond_destroy(&j->finished);
    pthread_mutex_destroy(&j->mu);
    free(j->w);
    free(j->b);
    free(j);
}

static int pool_idle(ay_executor *x, ay_pipe *pp);
static void pool_end(ay_executor *x, ay_pipe *pp);

ay_jobs *ay_jobs_new(const ay_vm *model, int n, int prerender, ay_buf *err)
{
    size_t max = model->lim.message_bytes;
    ay_jobs *j = calloc(1, sizeof *j);
    if (!j) {
        ay_set_message(err, "out of memory", max);
        return NULL;
    }
    j->x = (ay_executor){pool_doc, pool_diag, pool_idle, pool_end};
    pthread_mutex_init(&j->mu, NULL);
    pthread_cond_init(&j->work, NULL);
    pthread_cond_init(&j->finished, NULL);
    j->nb = 2 * n + 2;
    j->explain = model->explain;
    j->trace = model->trace;
    j->prerender = prerender;
    j->w = calloc((size_t)n, sizeof *j->w);
    j->b = calloc((size_t)j->nb, sizeof *j->b);
    if (!j->w || !j->b) {
        ay_jobs_free(j);
        ay_set_message(err, "out of memory", max);
        return NULL;
    }
    for (j->nw = 0; j->nw < n; j->nw++) {
        worker *w = &j->w[j->nw];
        w->j = j;
        if (worker_vm(w, model) ||
            pthread_create(&w->t, NULL, worker_main, w)) {
            j->nw++;
            ay_jobs_free(j);
            char msg[64];
            snprintf(msg, sizeof msg, "cannot start %d worker threads", n);
            ay_set_message(err, msg, max);
            return NULL;
        }
        w->started = 1;
    }
    return j;
}

ay_executor *ay_jobs_executor(ay_jobs *j)
{
    return &j->x;
}

/* Submit what is being filled and hand on everything submitted. */
static void drain(ay_jobs *j, ay_pipe *pp)
{
    if (j->fill && j->fill->n)
        submit(j, pp);
    pthread_mutex_lock(&j->mu);
    while (j->next_out < j->next_seq)
        deliver(j, pp, 1);
    pthread_mutex_unlock(&j->mu);
}

static int pool_idle(ay_executor *x, ay_pipe *pp)
{
    drain((ay_jobs *)x, pp);
    return pp->aborted;
}

static void pool_end(ay_executor *x, ay_pipe *pp)
{
    ay_jobs *j = (ay_jobs *)x;
    drain(j, pp);
    pthread_mutex_lock(&j->mu);
    j->cancel = 0;           /* the workers wait for the next run */
    pthread_mutex_unlock(&j->mu);
}

int ay_jobs_fit(const ay_jobs *j, int n, int explain, int trace,
               int prerender)
{
    return j->nw == n && j->explain == explain && j->trace == trace &&
           j->prerender == prerender;
}

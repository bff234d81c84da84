/*
 * pipeline.c -- the documents of a run, from paths or text to the
 * caller's callbacks: walking folders, cutting streams into documents,
 * refusing duplicate ids, and handing results and diagnostics on in input
 * order.
 *
 * What happens to a document between being cut and being handed on
 * (parsing, building the project, evaluating it) is an executor's job:
 * the inline one below does it on the calling thread with the engine's
 * vm; the pool in jobs.c does it on workers. Either way the executor
 * calls back ay_pipe_accept and ay_pipe_deliver on the calling thread, in
 * input order, and never touches the pipe's fields: so ids, diagnostics
 * and results come out the same with or without workers.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ay_pipe.h"

/* ---- Project ids of a run ------------------------------------------- */

void ay_idset_free(ay_idset *ids)
{
    ay_arena_free(&ids->text);
    free(ids->slot);
    for (size_t i = 0; i < ids->nfiles; i++)
        free(ids->files[i]);
    free(ids->files);
    free(ids->read);
    memset(ids, 0, sizeof *ids);
}

/* The slot of (dev, ino) in a table of cap slots (a power of 2, never
 * full): the one holding it, or the empty one where it would go. */
static struct fileslot *file_slot(struct fileslot *t, size_t cap,
                                  uint64_t dev, uint64_t ino)
{
    uint64_t h = (ino ^ (dev * 0x9e3779b97f4a7c15u)) * 0xff51afd7ed558ccdu;
    size_t k = (size_t)(h ^ (h >> 29)) & (cap - 1);
    while (t[k].used && (t[k].dev != dev || t[k].ino != ino))
        k = (k + 1) & (cap - 1);
    return &t[k];
}

/* Note that the file st describes is read in the run: 1 when it was
 * already, else 0 (also when memory runs out: then it is read again
 * rather than lost). */
static int read_before(ay_idset *ids, const struct stat *st)
{
    uint64_t dev = (uint64_t)st->st_dev, ino = (uint64_t)st->st_ino;
    if (ids->nread * 2 >= ids->capread) {
        size_t cap = ids->capread ? ids->capread * 2 : 64;
        struct fileslot *t = calloc(cap, sizeof *t);
        if (!t)
            return 0;
        for (size_t i = 0; i < ids->capread; i++)
            if (ids->read[i].used)
                *file_slot(t, cap, ids->read[i].dev, ids->read[i].ino) =
                    ids->read[i];
        free(ids->read);
        ids->read = t;
        ids->capread = cap;
    }
    struct fileslot *f = file_slot(ids->read, ids->capread, dev, ino);
    if (f->used)
        return 1;
    *f = (struct fileslot){dev, ino, 1};
    ids->nread++;
    return 0;
}

/* Find id; when absent, add it (with where it is) unless OOM. Returns the
 * slot that held it before, or NULL if it is new. */
static struct idslot *ids_add(ay_idset *ids, const char *id, uint32_t file,
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
    if (!(ids->slot[k].id = ay_arena_strdup(&ids->text, id))) {
        *oom = 1;
        return NULL;
    }
    ids->slot[k].file = file;
    ids->slot[k].line = line;
    ids->n++;
    return NULL;
}

/* Intern a file name for the id set; returns its index, -1 if OOM. */
static int64_t intern_file(ay_idset *ids, const char *file)
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

/* ---- Handing on ------------------------------------------------------- */

void ay_pipe_diag(ay_pipe *pp, const char *file, unsigned long line,
                  unsigned long col, const char *msg)
{
    pp->rejected = 1;
    if (pp->diag) {
        assay_diag d = {file, line, col, msg};
        ay_leave(pp->host);
        pp->diag(pp->diag_ud, &d);
        ay_enter();
    }
}

ay_project *ay_pipe_accept(ay_pipe *pp, const char *file, ay_ydoc *doc,
                           uint32_t line, ay_project *p)
{
    if (p && pp->ids) {
        int64_t fi = intern_file(pp->ids, file);
        int oom = fi < 0;
        struct idslot *seen =
            oom ? NULL : ids_add(pp->ids, p->id, (uint32_t)fi, p->line, &oom);
        const ay_ynode *idn = &doc->n[ay_ydoc_map_get(doc, doc->root, "id")];
        if (seen) {
            ay_ydoc_error(doc, idn->line, idn->col,
                          "duplicate project id '%s' (first at %s:%u)", p->id,
                          pp->ids->files[seen->file], seen->line);
            p = NULL;
        } else if (oom) {
            ay_ydoc_error(doc, idn->line, idn->col, "out of memory");
            p = NULL;
        }
    }
    if (!p) {
        if (!doc->diags)
            ay_ydoc_error(doc, line, 1, "out of memory");
        for (ay_ydiag *d = doc->diags; d; d = d->next)
            ay_pipe_diag(pp, file, d->line, d->col, d->msg);
        if (doc->ndiags > 20) {
            char more[64];
            snprintf(more, sizeof more, "%u more problems in this document",
                     doc->ndiags - 20);
            ay_pipe_diag(pp, file, line, 1, more);
        }
    }
    return p;
}

void ay_pipe_deliver(ay_pipe *pp, const char *file, const ay_project *p,
                     const assay_result *res, int rc)
{
    if (rc == ASSAY_ENOMEM) {
        ay_pipe_diag(pp, file, p->line, 1,
                     "out of memory while evaluating this project");
        return;
    }
    if (rc == ASSAY_ECRITERIA)
        pp->failed = 1;
    if (pp->fn) {
        ay_leave(pp->host);
        pp->aborted = pp->fn(pp->ud, res) != 0;
        ay_enter();
    }
}

/* ---- The inline executor: the calling thread does the work ---------- */

void ay_inline_take(ay_inline *in, ay_pipe *pp, const char *file,
                    ay_ydoc *doc, int rc, uint32_t line)
{
    ay_project *p = rc == ASSAY_OK ? ay_project_build(doc, file) : NULL;
    if (!ay_pipe_accept(pp, file, doc, line, p) || !pp->evaluate)
        return;
    assay_result res;
    int erc = ay_eval_project(in->vm, p, in->a, &res);
    ay_pipe_deliver(pp, file, p, &res, erc);
    ay_script_free_retired(in->vm);
}

static void inline_doc(ay_executor *x, ay_pipe *pp, const char *file,
                       const ay_chunk *c)
{
    ay_inline *in = (ay_inline *)x;
    ay_arena_reset(in->a);
    ay_ydoc doc;
    int rc = ay_ydoc_parse(&doc, in->a, c, &in->vm->lim);
    if (rc != ASSAY_DONE)
        ay_inline_take(in, pp, file, &doc, rc, c->line);
}

static void inline_diag(ay_executor *x, ay_pipe *pp, const char *file,
                        const char *msg)
{
    (void)x;
    ay_pipe_diag(pp, file, 0, 0, msg);
}

void ay_inline_init(ay_inline *in, ay_vm *vm, ay_arena *a)
{
    memset(in, 0, sizeof *in);
    in->x.doc = inline_doc;
    in->x.diag = inline_diag;
    in->vm = vm;
    in->a = a;
}

/* ---- Reading ---------------------------------------------------------- */

static int pipe_idle(void *arg)
{
    ay_pipe *pp = arg;
    return pp->x->idle ? pp->x->idle(pp->x, pp) : 0;
}

/* The bytes of a case file cut into documents so far, told is what was
 * counted before: the run's count goes up by the difference, and the
 * caller is told. Returns the new count. */
static unsigned long long taken(ay_pipe *pp, const ay_chunker *ck,
                                unsigned long long told)
{
    unsigned long long now = ck->nread - ck->il;
    if (!ck->f || !pp->read || now <= told)
        return told;
    pp->read->bytes += now - told;
    if (pp->progress) {
        ay_leave(pp->host);
        pp->progress(pp->progress_ud, pp->read);
        ay_enter();
    }
    return now;
}

static void stream(ay_pipe *pp, const char *file, ay_chunker *ck)
{
    ay_chunk c;
    unsigned long long told = 0;
    while (!pp->aborted && ay_chunker_next(ck, &c)) {
        told = taken(pp, ck, told);
        pp->x->doc(pp->x, pp, file, &c);
    }
    taken(pp, ck, told); /* what follows the last document */
    if (ck->ioerr)
        pp->x->diag(pp->x, pp, file, "read error");
    ay_chunker_free(ck);
}

void ay_pipe_text(ay_pipe *pp, const char *name, const char *text,
                  size_t len)
{
    ay_chunker ck;
    ay_chunker_init_mem(&ck, text, len, pp->lim->doc_bytes);
    stream(pp, name, &ck);
}

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && !strcmp(s + n - m, suf);
}

/* The whole of f, read into memory, to pp->whole. */
static void read_whole(ay_pipe *pp, const char *path, FILE *f)
{
    ay_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && !b.oom)
        ay_buf_put(&b, chunk, n);
    if (ferror(f))
        pp->x->diag(pp->x, pp, path, strerror(errno));
    else if (b.oom)
        pp->x->diag(pp->x, pp, path, "out of memory while reading the file");
    else {
        ay_leave(pp->host);
        pp->aborted = pp->whole(pp->whole_ud, path, b.p ? b.p : "", b.n) != 0;
        ay_enter();
    }
    ay_buf_free(&b);
}

/* A path named by the caller is followed through links and read whatever
 * it is (so /dev/stdin works). Inside a folder, only regular *.yaml and
 * *.yml files (or links to them), but not *.test.yaml, are read and only
 * real folders entered: a link cannot make the walk loop, and a FIFO
 * cannot block it. A file is read once in a run, whatever names reach it
 * (a folder and a file in it, x and ./x, a link): it is known by its
 * device and inode, and read where it is first met. A folder named by
 * the caller that holds no case file is a diagnostic: a run over it
 * would otherwise end with nothing evaluated and nothing said. */
static void walk(ay_pipe *pp, const char *path, int explicit, int depth)
{
    struct stat st;
    if ((explicit ? stat(path, &st) : lstat(path, &st)) != 0) {
        pp->x->diag(pp->x, pp, path, strerror(errno));
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
        pp->found++;
        if (pp->ids && read_before(pp->ids, &st))
            return;
        if (pp->measured) {
            if (S_ISREG(st.st_mode))
                *pp->measured += (unsigned long long)st.st_size;
            else
                pp->unknown = 1; /* a FIFO, a terminal: read to know */
            return;
        }
        FILE *f = fopen(path, "rb");
        if (!f) {
            pp->x->diag(pp->x, pp, path, strerror(errno));
            return;
        }
        if (pp->whole) {
            read_whole(pp, path, f);
            fclose(f);
            return;
        }
        ay_chunker ck;
        ay_chunker_init_file(&ck, f, pp->lim->doc_bytes);
        if (pp->read)
            pp->read->files++;
        /* From a pipe, results go out as they come: before a read
         * waits, what the executor has is handed on. */
        if (pp->x->idle && !S_ISREG(st.st_mode)) {
            ck.idle = pipe_idle;
            ck.idle_ud = pp;
        }
        stream(pp, path, &ck);
        fclose(f);
        return;
    }
    if (depth > 32) {
        pp->x->diag(pp->x, pp, path, "folders nested too deeply");
        return;
    }
    DIR *d = opendir(path);
    if (!d) {
        pp->x->diag(pp->x, pp, path, strerror(errno));
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
    if (oom)
        pp->x->diag(pp->x, pp, path,
                    "out of memory while listing the folder");
    if (n)
        qsort(names, n, sizeof *names, ay_strcmp_p);
    for (size_t i = 0; i < n; i++) {
        if (!pp->aborted)
            walk(pp, names[i], 0, depth + 1);
        free(names[i]);
    }
    free(names);
    if (explicit && !pp->found && !pp->aborted)
        pp->x->diag(pp->x, pp, path, "no case file in this folder (a *.yaml "
                    "or *.yml file, not *.test.yaml, in it or below)");
}

void ay_pipe_path(ay_pipe *pp, const char *path)
{
    walk(pp, path, 1, 0);
}

/* The executor that measuring walks through: it is given no document
 * (the walk reads none), and its diagnostics are the evaluation's to
 * give. */
static void measure_doc(ay_executor *x, ay_pipe *pp, const char *file,
                        const ay_chunk *c)
{
    (void)x, (void)pp, (void)file, (void)c;
}

static void measure_diag(ay_executor *x, ay_pipe *pp, const char *file,
                         const char *msg)
{
    (void)x, (void)pp, (void)file, (void)msg;
}

void ay_pipe_measure(ay_pipe *pp, const char *path)
{
    ay_executor quiet = {.doc = measure_doc, .diag = measure_diag};
    ay_executor *x = pp->x;
    pp->x = &quiet;
    pp->found = 0;
    walk(pp, path, 1, 0);
    pp->x = x;
}

void ay_pipe_read(ay_pipe *pp, const char *path)
{
    pp->found = 0;
    walk(pp, path, 1, 0);
}

void ay_pipe_end(ay_pipe *pp)
{
    if (pp->x->end)
        pp->x->end(pp->x, pp);
}

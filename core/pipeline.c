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

/* What an id costs: its line (4 bytes, in blocks of IDS_BLOCK, in the
 * order ids came); a 4-byte slot in an open-addressing index that doubles
 * when it would be more than 4/5 full, so 5 to 10 bytes an id as it
 * fills; and its text, coded against the id before it: how many bytes the
 * two share (7 bits a byte, so one byte up to 127), the rest of the id,
 * and a NUL. Ids from a generator or a numbered list share most of their
 * bytes with the one before: p0000123 after p0000122 takes 3 bytes, and
 * so does an id of 20 characters that ends in its number; an id that
 * shares nothing takes its length + 2. Every IDS_GROUP-th id is kept whole,
 * and where it is noted (8 bytes a group), so that finding any id decodes
 * at most IDS_GROUP of them. A file's name is kept once for each run of
 * ids from it.
 *
 * A slot holds the id's number and, in the bits the number does not need,
 * a tag of the id's hash: a slot whose tag differs is passed over without
 * looking at its id, and one whose tag matches is only a candidate,
 * confirmed by decoding its text and comparing. So a collision of hashes,
 * or of tags, costs a comparison and is never taken for a duplicate; and
 * a duplicate hashes to the same place and tag as the first, so is never
 * missed. The index is rebuilt from the texts, decoded in order, when it
 * doubles, in place: never two indexes at once. */

#define IDS_BLOCK 4096                 /* lines to a block */
#define IDS_GROUP 16                   /* ids to a group, the first whole */
#define TEXT_BLOCK 65536               /* bytes to a block of texts */

static uint64_t fnv64(const char *s)
{
    uint64_t h = UINT64_C(14695981039346656037); /* FNV-1a, 64 bits */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
    return h;
}

static uint64_t id_hash(const ay_idset *ids, const char *id)
{
    uint64_t x = fnv64(id);
    if (ids->mix)
        return ids->mix(x);
    x ^= x >> 33; /* MurmurHash3's finalizer: every bit moves every bit */
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    x *= UINT64_C(0xc4ceb9fe1a85ec53);
    return x ^ (x >> 33);
}

static uint32_t *line_at(const ay_idset *ids, size_t r)
{
    return &ids->line[r / IDS_BLOCK][r % IDS_BLOCK];
}

/* An id's place in the texts, as it is walked: a block and an offset. */
typedef struct idpos {
    size_t block;
    uint32_t off;
} idpos;

/* Decode the id at *at into ids->word, which holds the id before it (all
 * of it that this one shares), and move *at past it. The word has room
 * for the longest id (ay_idset_add makes it), so this cannot fail. */
static void decode(ay_idset *ids, idpos *at)
{
    if (at->off == ids->text[at->block].used) {
        at->block++;
        at->off = 0;
    }
    const unsigned char *e =
        (const unsigned char *)ids->text[at->block].p + at->off;
    size_t shared = 0;
    for (unsigned shift = 0;; shift += 7) { /* 7 bits a byte, low first */
        shared |= (size_t)(*e & 0x7F) << shift;
        if (!(*e++ & 0x80))
            break;
    }
    size_t rest = strlen((const char *)e);
    ids->word.n = shared;
    ay_buf_put(&ids->word, e, rest + 1);
    at->off = (uint32_t)((const char *)e + rest + 1 - ids->text[at->block].p);
}

/* The text of the id numbered r, in ids->word. */
static const char *id_text(ay_idset *ids, size_t r)
{
    uint64_t g = ids->group[r / IDS_GROUP];
    idpos at = {(size_t)(g >> 32), (uint32_t)g};
    for (size_t i = r - r % IDS_GROUP; i <= r; i++)
        decode(ids, &at);
    return ids->word.p;
}

/* The id's home slot is the hash's bits 32 and up; its tag, the bits of
 * its low half above those the id's number takes (none when the index
 * has 2^32 slots). */
static size_t home(const ay_idset *ids, uint64_t h)
{
    return (size_t)(h >> 32) & (ids->cap - 1);
}

static uint64_t tag(const ay_idset *ids, uint64_t h)
{
    return (uint64_t)(uint32_t)h >> ids->bits;
}

/* Make the index twice the size (1024 slots at first) and put every id
 * back in it, decoding the texts in order. */
static int grow(ay_idset *ids)
{
    size_t cap = ids->cap ? ids->cap * 2 : 1024;
    if (ids->bits >= 32 || cap > SIZE_MAX / sizeof *ids->slot)
        return ASSAY_ENOMEM;
    uint32_t *s = realloc(ids->slot, cap * sizeof *s);
    if (!s)
        return ASSAY_ENOMEM;
    memset(s, 0, cap * sizeof *s);
    ids->slot = s;
    ids->cap = cap;
    for (ids->bits = 0; ((size_t)1 << ids->bits) < cap; ids->bits++)
        ;
    idpos at = {0, 0};
    for (size_t r = 0; r < ids->n; r++) {
        decode(ids, &at);
        uint64_t h = id_hash(ids, ids->word.p);
        size_t k = home(ids, h);
        while (s[k])
            k = (k + 1) & (cap - 1);
        s[k] = (uint32_t)(tag(ids, h) << ids->bits | (r + 1));
    }
    return ASSAY_OK;
}

/* The file of the id numbered r: that of the last run begun at or before
 * it. */
static const char *file_of(const ay_idset *ids, size_t r)
{
    size_t lo = 0, hi = ids->nrun; /* run[lo].first <= r < run[hi].first */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (ids->run[mid].first <= r)
            lo = mid;
        else
            hi = mid;
    }
    return ids->run[lo].file;
}

/* Room in b for n bytes from its start, which it may lose; 0 when there
 * is none (b is then as it was, and usable). */
static int room_for(ay_buf *b, size_t n)
{
    b->n = 0;
    b->oom = 0;
    return ay_buf_grow(b, n);
}

/* Room for n elements of size bytes in p, which has *cap: p itself, or p
 * grown (the caller keeps it); NULL when out of memory (p is as it was). */
static void *hold(void *p, size_t *cap, size_t n, size_t size, size_t first)
{
    if (n <= *cap)
        return p;
    size_t c = *cap ? *cap * 2 : first;
    while (c < n)
        c *= 2;
    if (c > SIZE_MAX / size)
        return NULL;
    void *q = realloc(p, c * size);
    if (q)
        *cap = c;
    return q;
}

/* Room for one more id: a line, a run when new_run (its file is not the
 * last run's), a group when the id begins one, room for its text (len bytes, coded in
 * code bytes), and words the length of the longest id. What is made stays
 * for the next id when a later step fails. */
static int make_room(ay_idset *ids, int new_run, size_t len, size_t code)
{
    if (ids->n == ids->nline * IDS_BLOCK) {
        if (!(ids->nline & (ids->nline - 1))) { /* 0 or a power of 2 */
            size_t cap = ids->nline ? ids->nline * 2 : 1;
            uint32_t **l = realloc(ids->line, cap * sizeof *l);
            if (!l)
                return ASSAY_ENOMEM;
            ids->line = l;
        }
        if (!(ids->line[ids->nline] = malloc(IDS_BLOCK * sizeof **ids->line)))
            return ASSAY_ENOMEM;
        ids->nline++;
    }
    if (new_run) {
        struct idrun *r = hold(ids->run, &ids->caprun, ids->nrun + 1,
                               sizeof *r, 16);
        if (!r)
            return ASSAY_ENOMEM;
        ids->run = r;
    }
    uint64_t *g = hold(ids->group, &ids->capgroup, ids->n / IDS_GROUP + 1,
                       sizeof *g, 64);
    if (!g)
        return ASSAY_ENOMEM;
    ids->group = g;
    struct idtext *t = ids->ntext ? &ids->text[ids->ntext - 1] : NULL;
    if (!t || t->size - t->used < code) {
        size_t size = code > TEXT_BLOCK ? code : TEXT_BLOCK;
        if (ids->ntext >= UINT32_MAX || size > UINT32_MAX)
            return ASSAY_ENOMEM;
        t = hold(ids->text, &ids->captext, ids->ntext + 1, sizeof *t, 16);
        if (!t)
            return ASSAY_ENOMEM;
        ids->text = t;
        char *p = malloc(size);
        if (!p)
            return ASSAY_ENOMEM;
        ids->text[ids->ntext++] = (struct idtext){p, 0, (uint32_t)size};
        ids->tbytes += size;
    }
    if ((ids->word.cap <= len + 1 && !room_for(&ids->word, len + 1)) ||
        (ids->last.cap <= len + 1 && !room_for(&ids->last, len + 1)))
        return ASSAY_ENOMEM;
    return ASSAY_OK;
}

int ay_idset_add(ay_idset *ids, const char *id, const char *file,
                 uint32_t line, const char **first_file, uint32_t *first_line)
{
    if ((ids->n + 1) * 5 > ids->cap * 4 && grow(ids) != ASSAY_OK)
        return ASSAY_ENOMEM;
    uint64_t h = id_hash(ids, id);
    uint64_t t = tag(ids, h), rmask = (UINT64_C(1) << ids->bits) - 1;
    size_t k = home(ids, h);
    for (; ids->slot[k]; k = (k + 1) & (ids->cap - 1)) {
        uint64_t s = ids->slot[k];
        if (s >> ids->bits != t)
            continue;
        size_t r = (size_t)(s & rmask) - 1;
        if (!strcmp(id_text(ids, r), id)) {
            *first_file = file_of(ids, r);
            *first_line = *line_at(ids, r);
            return ASSAY_EINPUT;
        }
    }
    /* the bytes id shares with the id before, unless it begins a group */
    size_t len = strlen(id), shared = 0;
    if (ids->n % IDS_GROUP)
        while (shared < len && ids->last.p[shared] == id[shared])
            shared++;
    unsigned char head[10];
    size_t nhead = 0;
    for (size_t v = shared;; v >>= 7) {
        head[nhead++] = (unsigned char)((v & 0x7F) | (v > 0x7F ? 0x80 : 0));
        if (v <= 0x7F)
            break;
    }
    size_t code = nhead + len - shared + 1;
    int new_run = !ids->nrun || strcmp(ids->run[ids->nrun - 1].file, file);
    if (make_room(ids, new_run, len, code) != ASSAY_OK)
        return ASSAY_ENOMEM;
    if (new_run) {
        char *f = ay_arena_strdup(&ids->files, file);
        if (!f)
            return ASSAY_ENOMEM;
        ids->run[ids->nrun++] = (struct idrun){ids->n, f};
    }
    struct idtext *tx = &ids->text[ids->ntext - 1];
    if (ids->n % IDS_GROUP == 0)
        ids->group[ids->n / IDS_GROUP] =
            (uint64_t)(ids->ntext - 1) << 32 | tx->used;
    memcpy(tx->p + tx->used, head, nhead);
    memcpy(tx->p + tx->used + nhead, id + shared, len - shared + 1);
    tx->used += (uint32_t)code;
    memcpy(ids->last.p, id, len + 1);
    *line_at(ids, ids->n) = line;
    ids->slot[k] = (uint32_t)(t << ids->bits | (ids->n + 1));
    ids->n++;
    return ASSAY_OK;
}

size_t ay_idset_bytes(const ay_idset *ids)
{
    size_t ptrs = 1; /* the blocks' pointers: a power of 2 of them */
    while (ptrs < ids->nline)
        ptrs *= 2;
    return ids->nline * (IDS_BLOCK * sizeof **ids->line) +
           (ids->nline ? ptrs * sizeof *ids->line : 0) +
           ids->cap * sizeof *ids->slot + ids->tbytes +
           ids->captext * sizeof *ids->text +
           ids->capgroup * sizeof *ids->group + ids->word.cap +
           ids->last.cap + ids->caprun * sizeof *ids->run;
}

void ay_idset_free(ay_idset *ids)
{
    for (size_t i = 0; i < ids->nline; i++)
        free(ids->line[i]);
    free(ids->line);
    free(ids->slot);
    for (size_t i = 0; i < ids->ntext; i++)
        free(ids->text[i].p);
    free(ids->text);
    free(ids->group);
    ay_buf_free(&ids->word);
    ay_buf_free(&ids->last);
    free(ids->run);
    ay_arena_free(&ids->files);
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
        const char *first;
        uint32_t at;
        int rc = ay_idset_add(pp->ids, p->id, file, p->line, &first, &at);
        const ay_ynode *idn = &doc->n[ay_ydoc_map_get(doc, doc->root, "id")];
        if (rc == ASSAY_EINPUT) {
            ay_ydoc_error(doc, idn->line, idn->col,
                          "duplicate project id '%s' (first at %s:%u)", p->id,
                          first, at);
            p = NULL;
        } else if (rc != ASSAY_OK) {
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

void ay_pipe_wait(ay_pipe *pp)
{
    if (!pp->wait)
        return;
    ay_leave(pp->host);
    pp->wait(pp->wait_ud);
    ay_enter();
}

/* A read is about to wait: what the executor has is handed on, then the
 * caller is told. */
static int pipe_idle(void *arg)
{
    ay_pipe *pp = arg;
    int stop = pp->x->idle ? pp->x->idle(pp->x, pp) : 0;
    if (!stop)
        ay_pipe_wait(pp);
    return stop;
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
        if ((pp->x->idle || pp->wait) && !S_ISREG(st.st_mode)) {
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

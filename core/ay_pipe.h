/*
 * ay_pipe.h -- the document pipeline: case files walked and cut, each
 * document handed to an executor (inline, or a pool of workers in
 * jobs.c), ids checked across the run, results handed on in input order
 * (pipeline.c). Sees ay_eval.h and below.
 */
#ifndef AY_PIPE_H
#define AY_PIPE_H

#include "ay_eval.h"

/* The project ids seen in a run, with where each was first defined: the
 * one thing a run keeps of every project, so it is kept small (pipeline.c
 * says how, and what it costs). Each id's text is kept, coded against the
 * id before it (what the two share is not kept twice). Never a
 * fingerprint alone: the set answers exactly. */
typedef struct ay_idset {
    uint32_t **line;         /* each id's line, in the order they came, in
                                blocks */
    size_t n, nline;         /* ids, blocks */
    uint32_t *slot;          /* the index: cap slots of a tag and 1 + the
                                id's number, 0 when empty */
    size_t cap;              /* a power of 2, or 0 */
    unsigned bits;           /* log2 cap */
    struct idtext {          /* the ids' text, coded, in blocks */
        char *p;
        uint32_t used, size;
    } *text;
    size_t ntext, captext;
    size_t tbytes;           /* the blocks' sizes, added up */
    uint64_t *group;         /* where each group of ids begins in text:
                                block << 32 | offset */
    size_t capgroup;
    ay_buf last;             /* the last id added, whole */
    ay_buf word;             /* an id decoded, to compare */
    struct idrun {
        size_t first;        /* the first id of a file's run of ids */
        char *file;
    } *run;
    size_t nrun, caprun;
    ay_arena files;          /* the file names of runs */
    /* the hash's last step, taking an id's FNV-1a hash; NULL: a mixer of
     * all 64 bits. Tests set it to force collisions. */
    uint64_t (*mix)(uint64_t x);
    /* the files read in the run, by device and inode, so that a file
     * named twice, or named and inside a folder named, is read once */
    struct fileslot {
        uint64_t dev, ino;
        int used;
    } *read;
    size_t nread, capread;
} ay_idset;

/* ---- A run's documents (pipeline.c), and who works on them ---------- */

typedef struct ay_pipe ay_pipe;

/* What is done to each document between being cut and being handed on.
 * The pipe calls these on the calling thread; the executor calls
 * ay_pipe_accept and ay_pipe_deliver back, on the calling thread and in
 * input order. */
typedef struct ay_executor ay_executor;
struct ay_executor {
    /* A document cut from file. */
    void (*doc)(ay_executor *x, ay_pipe *pp, const char *file,
                const ay_chunk *c);
    /* A problem with file as a whole, in order with its documents. */
    void (*diag)(ay_executor *x, ay_pipe *pp, const char *file,
                 const char *msg);
    /* The input is about to keep us waiting: hand on what is ready.
     * Non-zero when the caller has asked to stop. NULL: nothing to do. */
    int (*idle)(ay_executor *x, ay_pipe *pp);
    /* Hand on everything left. NULL: nothing to do. */
    void (*end)(ay_executor *x, ay_pipe *pp);
};

struct ay_pipe {
    const assay_limits *lim;
    ay_idset *ids;           /* the run's ids; NULL: no check (a project
                                built in code) */
    int evaluate;            /* 0: check documents only */
    assay_result_fn fn;
    void *ud;
    assay_diag_fn diag;
    void *diag_ud;
    assay_wait_fn wait;      /* told before the run waits; NULL: nobody */
    void *wait_ud;
    locale_t host;           /* the caller's locale, for callbacks */
    ay_executor *x;
    int rejected, failed, aborted;
    unsigned long found;     /* case files met by the walk */
    /* what the run has read, counted as files are read, and who is told
     * after each read (NULL: nobody) */
    assay_progress *read;
    assay_progress_fn progress;
    void *progress_ud;
    /* measuring (ay_pipe_measure): the walk adds up the sizes of the
     * files it would read, and reads none */
    unsigned long long *measured;
    int unknown;             /* a file whose size is not known ahead */
    /* reading whole (ay_pipe_read): each case file the walk meets is
     * read into memory and handed to this, not to the executor; non-zero
     * from it stops the walk */
    assay_file_fn whole;
    void *whole_ud;
};

/* Read every case file at path (a file or a folder), or the text of one
 * stream named name, through pp's executor. */
void ay_pipe_path(ay_pipe *pp, const char *path);
void ay_pipe_text(ay_pipe *pp, const char *name, const char *text,
                  size_t len);
/* Add to *pp->measured the bytes of the case files at path that
 * ay_pipe_path would read (those pp->ids has not seen), setting unknown
 * for a file that is not regular. The executor is told nothing. */
void ay_pipe_measure(ay_pipe *pp, const char *path);
/* Hand the text of each case file at path that ay_pipe_path would read
 * to pp->whole, whole; problems go to the executor's diag as in a run. */
void ay_pipe_read(ay_pipe *pp, const char *path);
/* Let the executor hand on what it still holds. */
void ay_pipe_end(ay_pipe *pp);
/* For executors and the reader: the run is about to wait (for input, or
 * for workers); tell the caller, who may hand on what it has. */
void ay_pipe_wait(ay_pipe *pp);

/* For executors. A diagnostic about file to the caller. */
void ay_pipe_diag(ay_pipe *pp, const char *file, unsigned long line,
                  unsigned long col, const char *msg);
/* Check the project p built from doc (NULL when it could not be: doc's
 * diagnostics say why): its id must be new in the run. Returns p, or NULL
 * when it is rejected, its diagnostics handed on. */
ay_project *ay_pipe_accept(ay_pipe *pp, const char *file, ay_ydoc *doc,
                           uint32_t line, ay_project *p);
/* Hand on the result of evaluating p (rc from ay_eval_project). */
void ay_pipe_deliver(ay_pipe *pp, const char *file, const ay_project *p,
                     const assay_result *res, int rc);

/* Add id, of a project at file:line, to ids. ASSAY_OK when it is new;
 * ASSAY_EINPUT when ids holds it already: then *first_file (the set's
 * copy) and *first_line say where it was added. ASSAY_ENOMEM: the ids
 * held are as they were. */
int ay_idset_add(ay_idset *ids, const char *id, const char *file,
                 uint32_t line, const char **first_file, uint32_t *first_line);
/* The bytes ids has allocated for its ids, but for the copies of file
 * names (one a run of ids from a file) and the table of files read. */
size_t ay_idset_bytes(const ay_idset *ids);
void ay_idset_free(ay_idset *ids);

/* The inline executor: documents parsed in a, evaluated with vm, on the
 * calling thread. */
typedef struct ay_inline {
    ay_executor x;
    ay_vm *vm;
    ay_arena *a;
} ay_inline;
void ay_inline_init(ay_inline *in, ay_vm *vm, ay_arena *a);
/* Build, check and evaluate one parsed document (rc from ay_ydoc_parse). */
void ay_inline_take(ay_inline *in, ay_pipe *pp, const char *file,
                    ay_ydoc *doc, int rc, uint32_t line);

/* jobs.c: the pool executor. n worker threads, each with a vm of its own
 * made like model (its limits, stock folder, explain and trace settings
 * and script), parse, build and evaluate batches of documents; the calling
 * thread hands them on in input order. prerender: workers also render
 * each result's JSON. On failure, NULL with a message in err. */
typedef struct ay_jobs ay_jobs;
ay_jobs *ay_jobs_new(const ay_vm *model, int n, int prerender, ay_buf *err);
ay_executor *ay_jobs_executor(ay_jobs *j);
/* 1 when j's workers were made with these settings. */
int ay_jobs_fit(const ay_jobs *j, int n, int explain, int trace,
                int prerender);
void ay_jobs_free(ay_jobs *j);           /* NULL is a no-op */

#endif /* AY_PIPE_H */

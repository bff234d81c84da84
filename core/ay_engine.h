/*
 * ay_engine.h -- the public engine behind assay.h (engine.c): settings, a vm
 * for the calling thread, the pool of workers. The top of the library:
 * sees every layer.
 */
#ifndef AY_ENGINE_H
#define AY_ENGINE_H

#include "ay_pipe.h"

struct assay_engine {
    assay_limits lim;
    ay_buf err;
    char *stock_dir;
    assay_diag_fn diag;
    void *diag_ud;
    assay_progress_fn progress;
    void *progress_ud;
    assay_wait_fn wait;
    void *wait_ud;
    assay_progress read;     /* what the run has read */
    ay_idset ids, check_ids;  /* ids evaluated, and ids checked */
    ay_arena doc_arena;
    int explain;             /* record why verdicts and labels were chosen */
    int trace;               /* keep what trace() is given */
    int busy;                /* an evaluation runs: its callbacks may read */
    int jobs;                /* worker threads for eval_path/eval_string */
    int prerender;           /* workers render each result's JSON */
    struct ay_jobs *pool;    /* the workers, kept between runs */
    ay_vm vm;                /* the calling thread's Lua state */
};

int ay_seterr(assay_engine *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif /* AY_ENGINE_H */

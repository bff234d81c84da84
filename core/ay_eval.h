/*
 * ay_eval.h -- evaluation: a project run through a vm's script into an
 * assay_result (eval.c), and a result rendered as JSON (result.c).
 * Sees ay_vm.h and below.
 */
#ifndef AY_EVAL_H
#define AY_EVAL_H

#include "ay_vm.h"

enum { CS_SCORED, CS_NOT_ASSESSABLE, CS_ERROR, CS_LIMIT };

typedef struct ay_cresult {
    int status;
    int has_score, has_contribution;
    double score, contribution;
    const char *label, *note, *error;
    const char *why;         /* how the label was chosen (explain option) */
    ay_evid *ev;
    int nev;
    int truncated;           /* more was read than the evidence lists */
    assay_trace *trace;      /* what trace() kept (the trace option) */
    int ntrace;
} ay_cresult;

struct assay_result {
    const ay_script *s;      /* the script that made it (a worker may have
                                rebuilt its own since) */
    const ay_project *p;
    int has_score;
    double score, coverage;
    const char *verdict, *error;
    const char *why;         /* how the verdict was chosen (explain option) */
    ay_cresult *cr;
    int nc;
    ay_cresult weighting;    /* its evidence: what the aggregate function
                                and the verdict rules read */
    int traced;              /* made with the trace option */
    assay_trace *trace;      /* what the aggregate and verdict rules
                                traced */
    int ntrace;
    const char *json;        /* rendered by a worker, or NULL */
    size_t json_len;
};

/* eval.c: evaluate p into r, in arena a. ASSAY_OK; ASSAY_ECRITERIA when
 * some criterion or the verdict ended in error (r says which);
 * ASSAY_ENOMEM when there is no result to hand on. */
int ay_eval_project(ay_vm *vm, ay_project *p, ay_arena *a, assay_result *r);

/* eval.c: aggregate r's criteria again and choose its verdict, with
 * each of m rows of r->nc weights in w (checked by the caller: finite,
 * not negative, a positive total), into out[0..m-1], by vm's script (the
 * one r was made by, or a copy of it loaded in another state). The
 * criteria are not run again; after a weighing that hit a limit, the
 * rest are failed untried. ASSAY_OK; ASSAY_ECRITERIA when some
 * weighing failed (its out says so, and *msg holds the first failure's
 * message); ASSAY_ESTATE when vm's script is not r's. */
int ay_eval_reweigh(ay_vm *vm, const assay_result *r, const double *w,
                    size_t m, assay_reweighed *out, ay_buf *msg);

/* lresults.c: push the view of what rules read of the result in
 * vm->view: AY_VIEW_INFO, AY_VIEW_CRITERIA, or criterion i >= 0. The
 * views are made once per Lua state. [-0, +1, m] */
enum { AY_VIEW_INFO = -1, AY_VIEW_CRITERIA = -2 };
void ay_lresults_push(lua_State *L, int which);

/* result.c */
void ay_result_json(const assay_result *r, ay_buf *b);
/* The node of evidence item j of criterion i, in *doc; 0 when the item
 * does not exist, the case lacks it, or its value was summarised. */
uint32_t ay_result_evidence_node(const assay_result *r, int i, int j,
                                 const ay_ydoc **doc);

#endif /* AY_EVAL_H */

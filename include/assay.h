/*
 * assay.h -- the public C API of assay, a Lua-scriptable evaluation engine.
 *
 * An engine loads one evaluation script and evaluates YAML case documents
 * against it, one project at a time, handing each result to a callback.
 * Ownership rule: every pointer the library returns is borrowed from the
 * object it came from and stays valid for the time stated beside it; the
 * library never takes ownership of caller memory. The library never prints,
 * never exits and has no global state: use one engine per thread.
 */
#ifndef ASSAY_H
#define ASSAY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ASSAY_VERSION_MAJOR 0
#define ASSAY_VERSION_MINOR 1
#define ASSAY_VERSION_PATCH 0
#define ASSAY_VERSION "0.1.0"

/* ---- Status codes ---------------------------------------------------- */

#define ASSAY_OK       0  /* success */
#define ASSAY_EINVAL   1  /* a bad argument from the caller */
#define ASSAY_ENOMEM   2  /* out of memory */
#define ASSAY_EIO      3  /* a file could not be read */
#define ASSAY_ESCRIPT  4  /* the script could not be loaded */
#define ASSAY_EINPUT   5  /* some case documents were rejected (others ran) */
#define ASSAY_ECRITERIA 6 /* evaluated, but some criteria ended in error */
#define ASSAY_ESTATE   7  /* call out of order (e.g. evaluating without a script) */
#define ASSAY_ABORT    8  /* a callback asked to stop */

/* Static English text for a status code; never NULL, never freed. */
const char *assay_strerror(int code);

/* Runtime version string, e.g. "0.1.0"; static. */
const char *assay_version(void);

/* ---- Limits ----------------------------------------------------------- */

/* Limits on what one case document may hold. Zero in any field means the
 * default (SPEC s8). */
typedef struct assay_limits {
    size_t doc_bytes;     /* bytes in one YAML document (1 MiB) */
    unsigned depth;       /* nesting depth (64) */
    unsigned nodes;       /* nodes, aliases expanded (100,000) */
    unsigned aliases;     /* alias uses (100) */
    size_t scalar_bytes;  /* one scalar (64 KiB) */
    size_t key_bytes;     /* one mapping key (1 KiB) */
    size_t script_bytes;  /* one script or module file (256 KiB) */
    size_t message_bytes; /* one note or error message (1 KiB) */
    size_t lua_bytes;     /* the Lua heap of the script's state (64 MiB) */
    unsigned long instructions; /* Lua instructions per criterion call (10M) */
    unsigned long time_ms;      /* wall time per criterion call (1000 ms) */
    size_t string_bytes;  /* one string built by string.rep (16 MiB) */
    size_t pattern_steps; /* steps of one pattern match (10M) */
} assay_limits;

/* ---- Engine ----------------------------------------------------------- */

typedef struct assay_engine assay_engine;

/* Create an engine. limits may be NULL for the defaults (copied).
 * Caller owns the result; free with assay_engine_free. NULL when out of
 * memory. */
assay_engine *assay_engine_new(const assay_limits *limits);

/* Free an engine and everything borrowed from it. NULL is a harmless no-op. */
void assay_engine_free(assay_engine *e);

/* Detailed message of the last failing call on e (empty if none), with
 * control bytes escaped. Borrowed; valid until the next call on e. NULL e
 * gives a static text. */
const char *assay_engine_errmsg(const assay_engine *e);

/* Set the folder of the stock scripts: where `require` looks after the
 * script's own folder, and where assay_engine_load_script resolves names
 * given without a path. dir is copied. ASSAY_OK, ASSAY_EINVAL or
 * ASSAY_ENOMEM. */
int assay_engine_set_stock_dir(assay_engine *e, const char *dir);

/* Load the evaluation script: a path (contains '/' or ends in ".lua") or
 * the name of a stock script. Replaces any script loaded before, also when
 * it fails: then no script is loaded. ASSAY_ESCRIPT with the message on e
 * when the script is rejected. */
int assay_engine_load_script(assay_engine *e, const char *name_or_path);

/* Load a script from memory, as assay_engine_load_script does. chunkname
 * names it in messages (copied); its modules come from the stock folder
 * only. */
int assay_engine_load_script_string(assay_engine *e, const char *chunkname,
                                    const char *text, size_t len);

/* Facts about the loaded script. Borrowed; valid until the script is
 * replaced or e is freed. NULL when no script is loaded. */
const char *assay_engine_script_name(const assay_engine *e);
const char *assay_engine_script_path(const assay_engine *e);
const char *assay_engine_script_sha256(const assay_engine *e); /* hex */
int assay_engine_criterion_count(const assay_engine *e);
/* "weighted_mean", "geometric", "minimum" or "function"; static. */
const char *assay_engine_script_aggregate(const assay_engine *e);

/* Record, with each result, how its verdict and each label were chosen
 * (assay_result_verdict_reason). Off by default, as it costs time. */
void assay_engine_set_explain(assay_engine *e, int on);

/* ---- Diagnostics ------------------------------------------------------ */

/* One rejected input: file, 1-based line and column (0 when unknown), and
 * the message. All borrowed for the duration of the callback. */
typedef struct assay_diag {
    const char *file;
    unsigned long line;
    unsigned long column;
    const char *message;
} assay_diag;

typedef void (*assay_diag_fn)(void *ud, const assay_diag *d);

/* Receive every rejected document and unreadable file; fn may be NULL. */
void assay_engine_on_diag(assay_engine *e, assay_diag_fn fn, void *ud);

/* ---- Evaluation ------------------------------------------------------- */

typedef struct assay_result assay_result;

/* Called once per evaluated project, in input order. Return 0 to go on,
 * non-zero to stop (the evaluation then returns ASSAY_ABORT). */
typedef int (*assay_result_fn)(void *ud, const assay_result *r);

/* Evaluate every project in a file, or in every *.yaml / *.yml file under a
 * folder (sorted by path, recursively; hidden entries, *.test.yaml, FIFOs
 * and links to folders skipped). Project ids
 * must be unique across all calls on one engine. Returns ASSAY_OK,
 * ASSAY_ECRITERIA (some criterion ended in error), ASSAY_EINPUT (some
 * document or file was rejected; the rest was evaluated), or a failure. */
int assay_engine_eval_path(assay_engine *e, const char *path,
                           assay_result_fn fn, void *ud);

/* As assay_engine_eval_path, on documents in memory; name labels them in
 * diagnostics and results (borrowed for the duration of the call). */
int assay_engine_eval_string(assay_engine *e, const char *name,
                             const char *text, size_t len,
                             assay_result_fn fn, void *ud);

/* Validate case files without a script: same diagnostics, no results.
 * Ids checked are kept apart from ids evaluated, so checking first does
 * not make an evaluation see duplicates. */
int assay_engine_check_path(assay_engine *e, const char *path);

/* ---- Results (borrowed; valid only during the assay_result_fn call) --- */

const char *assay_result_id(const assay_result *r);
const char *assay_result_name(const assay_result *r);
const char *assay_result_file(const assay_result *r);
unsigned long assay_result_line(const assay_result *r);

/* The project score: 1 and *out set when there is one, 0 when none. */
int assay_result_score(const assay_result *r, double *out);
double assay_result_coverage(const assay_result *r);
const char *assay_result_verdict(const assay_result *r); /* NULL if none */
const char *assay_result_error(const assay_result *r);   /* NULL if none */
/* With the explain option: one line per verdict rule tried, saying what
 * each condition came to and which rule was chosen. NULL otherwise. */
const char *assay_result_verdict_reason(const assay_result *r);

int assay_result_criterion_count(const assay_result *r);

/* Criterion i (0-based, script order). Strings NULL when absent. */
const char *assay_result_criterion_id(const assay_result *r, int i);
const char *assay_result_criterion_title(const assay_result *r, int i);
const char *assay_result_criterion_group(const assay_result *r, int i);
const char *assay_result_criterion_status(const assay_result *r, int i);
int assay_result_criterion_score(const assay_result *r, int i, double *out);
double assay_result_criterion_weight(const assay_result *r, int i);
/* Its share of the project score (weighted_mean only): 1 and *out set, or
 * 0 when there is none. */
int assay_result_criterion_contribution(const assay_result *r, int i,
                                        double *out);
/* 1 when the criterion read more than its evidence list holds. */
int assay_result_evidence_truncated(const assay_result *r, int i);
const char *assay_result_criterion_label(const assay_result *r, int i);
const char *assay_result_criterion_note(const assay_result *r, int i);
const char *assay_result_criterion_error(const assay_result *r, int i);
/* With the explain option: how criterion i's label was chosen, as for
 * the verdict. NULL otherwise, or when it has no bands or no score. */
const char *assay_result_criterion_label_reason(const assay_result *r, int i);

/* Evidence read by criterion i: count, then item j. */
int assay_result_evidence_count(const assay_result *r, int i);

typedef struct assay_evidence {
    const char *indicator; /* indicator id, or NULL for a field */
    const char *field;     /* dotted field path, or NULL for an indicator */
    const char *value;     /* the value as JSON text */
    const char *status;    /* stated | not_stated | not_applicable, or
                              missing (the case lacks it), NULL for a field */
    const char *source;    /* source id or NULL */
    const char *locator;   /* or NULL */
    const char *quote;     /* the evidence sentence, or NULL */
    const char *confidence; /* high | medium | low, or NULL */
} assay_evidence;

/* Fill *out with evidence item j of criterion i; 0 on success, -1 when out
 * of range. The strings are borrowed like the result itself. */
int assay_result_evidence(const assay_result *r, int i, int j,
                          assay_evidence *out);

/* Render r as one line of JSON (no newline). Caller owns *out; free with
 * free(). Returns ASSAY_OK or ASSAY_ENOMEM. */
int assay_result_json(const assay_result *r, char **out, size_t *len);

#ifdef __cplusplus
}
#endif

#endif /* ASSAY_H */

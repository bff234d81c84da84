/*
 * assay.h -- the public C API of assay, a Lua-scriptable evaluation engine.
 *
 * An engine loads one evaluation script and evaluates projects against it
 * -- YAML case documents from a file or a string, or projects built in
 * code -- one at a time, handing each result to a callback.
 *
 * Ownership rule: every pointer the library returns is borrowed from the
 * object it came from and stays valid for the time stated beside it; the
 * library never takes ownership of caller memory. Any pointer argument may
 * be NULL: the call then fails with ASSAY_EINVAL (or returns NULL, 0 or
 * -1 as stated) and does nothing else. The library never prints, never
 * exits and has no global state: use one engine per thread. Numbers are
 * read and written in the C locale whatever the host's locale is.
 */
#ifndef ASSAY_H
#define ASSAY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks the exported symbols; the rest of libassay.so is hidden. */
#if defined(__GNUC__)
#define ASSAY_API __attribute__((visibility("default")))
#else
#define ASSAY_API
#endif

#define ASSAY_VERSION_MAJOR 0
#define ASSAY_VERSION_MINOR 2
#define ASSAY_VERSION_PATCH 0
#define ASSAY_VERSION "0.2.0"
/* MAJOR * 10000 + MINOR * 100 + PATCH, for comparisons. */
#define ASSAY_VERSION_NUMBER 200

/* ---- Status codes and versions ---------------------------------------- */

#define ASSAY_OK       0  /* success */
#define ASSAY_EINVAL   1  /* a bad argument from the caller */
#define ASSAY_ENOMEM   2  /* out of memory */
#define ASSAY_EIO      3  /* a file could not be read */
#define ASSAY_ESCRIPT  4  /* the script could not be loaded */
#define ASSAY_EINPUT   5  /* some case documents were rejected (others ran) */
#define ASSAY_ECRITERIA 6 /* evaluated, but some criteria ended in error */
#define ASSAY_ESTATE   7  /* call out of order (evaluating without a script) */
#define ASSAY_ABORT    8  /* a callback asked to stop */
#define ASSAY_DONE     9  /* a stream has no more documents */

/* Static English text for a status code; never NULL, never freed. */
ASSAY_API const char *assay_strerror(int code);

/* The library's version: "0.2.0" (static) and ASSAY_VERSION_NUMBER as
 * built, which may differ from the header a program was compiled with. */
ASSAY_API const char *assay_version(void);
ASSAY_API int assay_version_number(void);

/* The libraries assay runs on, for a host's --version or a bug report:
 * the Lua release the library was built with ("Lua 5.4.6") and the
 * version of the libyaml it runs with ("0.2.5"). Static, never NULL. */
ASSAY_API const char *assay_version_lua(void);
ASSAY_API const char *assay_version_yaml(void);

/* ---- Limits ----------------------------------------------------------- */

/* What one case document and one criterion call may use. Zero in any
 * field means the default; each field's default and range are given in
 * brackets. The ranges keep the engine's arithmetic with a limit exact,
 * and are far above what a real case file or script needs (where long or
 * size_t has 32 bits, a maximum is at most a quarter of the type's). */
typedef struct assay_limits {
    size_t doc_bytes;     /* bytes in one YAML document (1 MiB; 1 to 1 GiB) */
    unsigned depth;       /* nesting depth (64; 1 to 1000) */
    unsigned nodes;       /* nodes, aliases expanded (100,000; 1 to 10^9) */
    unsigned aliases;     /* alias uses (100; 1 to 10^6) */
    size_t scalar_bytes;  /* one scalar (64 KiB; 1 to 1 GiB) */
    size_t key_bytes;     /* one mapping key (1 KiB; 1 to 1 GiB) */
    size_t script_bytes;  /* one script or module file (256 KiB; 1 to 1 GiB) */
    size_t message_bytes; /* one note or error message (1 KiB; 64 to 1 MiB) */
    size_t lua_bytes;     /* the Lua heap of the script's state (64 MiB;
                             64 KiB to 1 TiB) */
    unsigned long instructions; /* Lua instructions per criterion call
                                   (10M; 1 to 10^12) */
    unsigned long time_ms;      /* wall time per criterion call (1000 ms;
                                   1 ms to a day, 86,400,000) */
    size_t string_bytes;  /* any one string a script makes (16 MiB;
                             1 to 1 TiB) */
    size_t pattern_steps; /* steps of one pattern match (10M; 1 to 10^12) */
    size_t trace_bytes;   /* text trace() may keep in one criterion call,
                             with the trace option (64 KiB; 1 to 64 MiB) */
} assay_limits;

/* Check that every field of lim is zero or within its range. ASSAY_OK, or
 * ASSAY_EINVAL with the first field out of range, its value and its range
 * written to why (at most n bytes, always NUL-terminated; why may be NULL
 * when the reason is not wanted). A NULL lim is ASSAY_EINVAL. Nothing is
 * kept. */
ASSAY_API int assay_limits_check(const assay_limits *lim, char *why,
                                 size_t n);

/* One field of assay_limits: its name as the struct spells it (static),
 * its default, and the range it may be set to. */
typedef struct assay_limit {
    const char *name;            /* "doc_bytes", "time_ms", ... */
    unsigned long long def;      /* the value a zero field stands for */
    unsigned long long min, max; /* the range, both ends allowed */
} assay_limit;

/* Fill *out with limit i, 0-based in the order of the fields of
 * assay_limits: 0, or -1 (*out untouched) when there is no limit i or out
 * is NULL, so that a loop `for (i = 0; assay_limits_info(i, &l) == 0;
 * i++)` sees every one. For a host that offers the limits as settings
 * (the assay command's --max-NAME flags are made from this). */
ASSAY_API int assay_limits_info(size_t i, assay_limit *out);

/* Set the field of lim called name (as assay_limits_info gives it) to
 * value: 0 for the default, or a value within the field's range.
 * ASSAY_OK, or ASSAY_EINVAL when lim or name is NULL, name is no field, or
 * value is out of range; lim is then unchanged. */
ASSAY_API int assay_limits_set(assay_limits *lim, const char *name,
                               unsigned long long value);

/* ---- Engine ----------------------------------------------------------- */

typedef struct assay_engine assay_engine;

/* Create an engine with limits (copied), or the defaults when limits is
 * NULL. Caller owns the result; free with assay_engine_free. NULL when out
 * of memory, or when a limit is out of its range (assay_limits_check says
 * which): an engine never runs with a limit it cannot keep exactly. */
ASSAY_API assay_engine *assay_engine_new(const assay_limits *limits);

/* Free an engine and everything borrowed from it. NULL is a harmless
 * no-op. */
ASSAY_API void assay_engine_free(assay_engine *e);

/* The limits in force, defaults filled in. Borrowed; valid until e is
 * freed. NULL for a NULL e. */
ASSAY_API const assay_limits *assay_engine_limits(const assay_engine *e);

/* Detailed message of the last failing call on e (empty if none), with
 * control bytes escaped. Borrowed; valid until the next call on e. A NULL
 * e gives a static text. */
ASSAY_API const char *assay_engine_errmsg(const assay_engine *e);

/* Set the folder of the stock scripts: where `require` looks after the
 * script's own folder, and where assay_engine_load_script finds names
 * given without a path. dir is copied. ASSAY_OK, ASSAY_EINVAL or
 * ASSAY_ENOMEM. A new engine starts with the folder installed beside the
 * library (PREFIX/share/assay/scripts), if there is one. */
ASSAY_API int assay_engine_set_stock_dir(assay_engine *e, const char *dir);

/* The stock script folder, or NULL when there is none. Borrowed; valid
 * until the folder is set again or e is freed. */
ASSAY_API const char *assay_engine_stock_dir(const assay_engine *e);

/* Record, with each result, how its verdict and each label were chosen
 * (assay_result_verdict_reason). Off by default, as it costs time. A NULL
 * e is a harmless no-op. */
ASSAY_API void assay_engine_set_explain(assay_engine *e, int on);

/* Keep what the script's trace(...) calls are given, with the line each
 * came from: a criterion's evaluate function and band rules on the
 * criterion (assay_result_criterion_trace), the aggregate function and
 * verdict rules on the project (assay_result_trace). Off by default: then
 * trace() does nothing at all and costs nothing. On, its text counts
 * against the call's instructions and each call into the script keeps at
 * most the trace_bytes limit of it; the JSON of a result then has trace
 * lists. Takes effect at the next evaluation. A NULL e is a harmless
 * no-op. */
ASSAY_API void assay_engine_set_trace(assay_engine *e, int on);

/* Evaluate files and strings with n worker threads (1 to 256; 1, the
 * default, works on the calling thread). Each worker parses and evaluates
 * documents with a Lua state of its own running the same script;
 * callbacks still run on the calling thread, in input order, and the
 * results are those of one thread for any script whose criteria depend
 * only on the project (a local counter kept across projects counts per
 * worker). When threads cannot start, the calling thread does the work.
 * Projects built in code and checks use the calling thread. ASSAY_OK or
 * ASSAY_EINVAL. */
ASSAY_API int assay_engine_set_jobs(assay_engine *e, int n);

/* The number of CPUs this process may run on, for a host that chooses
 * its jobs: the CPUs of its affinity mask (as taskset or a cpuset leaves
 * them), fewer when a cgroup CPU quota allows less (cgroup v2's cpu.max,
 * or v1's cpu.cfs_quota_us over cpu.cfs_period_us, of the process's
 * cgroup or any above it), a part of a CPU counting as a whole one: a
 * quota of 1.5 CPUs gives 2. What cannot be read sets no limit. At least
 * 1; it may be more than the 256 jobs an engine takes. Read afresh at
 * each call. */
ASSAY_API int assay_cores(void);

/* Render each result's JSON on the worker thread that made it, so that
 * assay_result_json and assay_result_json_into, called in the result
 * callback, copy it instead of making it on the calling thread: with
 * several jobs, the calling thread that writes a JSON report is then no
 * longer the bottleneck. Off by default, as a host that reads results
 * through the accessors would pay for JSON it never reads. With one job
 * it changes nothing. Takes effect at the next evaluation. A NULL e is a
 * harmless no-op. */
ASSAY_API void assay_engine_set_render_json(assay_engine *e, int on);

/* Start a new run: forget the project ids evaluated so far, so the same
 * cases may be evaluated again. The script and settings stay. A NULL e is
 * a harmless no-op. */
ASSAY_API void assay_engine_reset(assay_engine *e);

/* ---- Scripts ---------------------------------------------------------- */

/* Load the evaluation script: a path (contains '/' or ends in ".lua") or
 * the name of a stock script. Replaces any script loaded before, also when
 * it fails: then no script is loaded. ASSAY_ESCRIPT with the message on e
 * when the script is rejected. */
ASSAY_API int assay_engine_load_script(assay_engine *e,
                                       const char *name_or_path);

/* Load a script from len bytes of memory (copied), as
 * assay_engine_load_script does. chunkname (copied; NULL for "script")
 * names it in messages; its modules come from the stock folder only. */
ASSAY_API int assay_engine_load_script_string(assay_engine *e,
                                              const char *chunkname,
                                              const char *text, size_t len);

/* Facts about the loaded script. Borrowed; valid until the script is
 * replaced or e is freed. NULL (or 0) when no script is loaded. */
ASSAY_API const char *assay_engine_script_name(const assay_engine *e);
ASSAY_API const char *assay_engine_script_path(const assay_engine *e);
ASSAY_API const char *assay_engine_script_sha256(const assay_engine *e);
ASSAY_API int assay_engine_criterion_count(const assay_engine *e);
/* "weighted_mean", "geometric", "minimum" or "function"; static. */
ASSAY_API const char *assay_engine_script_aggregate(const assay_engine *e);
/* The script's verdict rules (weighting{}'s verdicts): how many there
 * are, and the label of rule i, 0-based in the script's order (a label
 * may stand in several rules). 0 when the script declares no verdicts:
 * then every result's verdict is NULL. The label is borrowed like the
 * facts above; NULL when i is out of range or no script is loaded. */
ASSAY_API int assay_engine_verdict_count(const assay_engine *e);
/* How good the verdict of rule i is, for a report's colours and order:
 * what the rule declares (standing = "good", "neutral" or "bad"), else
 * worked out from the rules' score thresholds: the rule with the highest
 * at_least is good; the lowest at_least, or the unconditional rule after
 * the thresholds, is bad; rules on coverage or when() alone are neutral
 * (and all are, with fewer than two levels). NEUTRAL when i is out of
 * range. */
#define ASSAY_STANDING_BAD (-1)
#define ASSAY_STANDING_NEUTRAL 0
#define ASSAY_STANDING_GOOD 1
ASSAY_API int assay_engine_verdict_standing(const assay_engine *e, int i);
ASSAY_API const char *assay_engine_verdict_label(const assay_engine *e,
                                                 int i);

/* What the loaded script declares, for a host that checks scripts (the
 * assay command's lint). Every pointer is borrowed like the facts above:
 * valid until the script is replaced (also when an evaluation rebuilds it
 * after a limit was hit) or e is freed; copy what is kept longer. */

/* The id of criterion i (0-based, in declaration order), or NULL. */
ASSAY_API const char *assay_engine_criterion_id(const assay_engine *e,
                                                int i);
/* The weight criterion i declared (0 when there is no criterion i). */
ASSAY_API double assay_engine_criterion_weight(const assay_engine *e, int i);
/* The description criterion i declared, or NULL when it declared none. */
ASSAY_API const char *
assay_engine_criterion_description(const assay_engine *e, int i);

/* Where something is written: file (the script's path or name, or that of
 * the module that declared it), 1-based line and column; line 0 when it
 * is not known, column 0 when only the line is. */
typedef struct assay_where {
    const char *file;
    unsigned long line, column;
} assay_where;

/* With it in place of a criterion's index: the weighting. */
#define ASSAY_WEIGHTING (-1)

/* Fill *out with where criterion i is declared (its `criterion` call), or
 * with ASSAY_WEIGHTING, the weighting: 0, or -1 (*out untouched) when
 * there is no such declaration. The column is looked up in the text when
 * asked: a module's file is read again. */
ASSAY_API int assay_engine_declared_at(const assay_engine *e, int i,
                                       assay_where *out);

/* Fill *out with where the file that declares criterion i (or, with
 * ASSAY_WEIGHTING, the weighting) first writes text as a string literal,
 * 'text' or "text" with no escape in it, outside comments: 0, or -1 (*out
 * untouched) when it does not or there is no such declaration. For
 * pointing at an id a script writes, such as an indicator it reads. */
ASSAY_API int assay_engine_find_literal(const assay_engine *e, int i,
                                        const char *text, assay_where *out);

/* One rule: a band of a criterion or a verdict of the weighting. */
typedef struct assay_rule {
    const char *label;
    int has_at_least;        /* the conditions it has, and their values */
    double at_least;
    int has_coverage_below;
    double coverage_below;
    int has_when;            /* a when() function */
    assay_where where;       /* the rule's `{` when the list is written in
                                the declaration; else the list's key, or
                                the declaration */
} assay_rule;

/* The number of band rules of criterion i, or with ASSAY_WEIGHTING of
 * verdict rules; 0 when there are none or no such declaration. */
ASSAY_API int assay_engine_rule_count(const assay_engine *e, int i);

/* Fill *out with rule j (0-based, in order: the first that holds wins) of
 * criterion i's bands, or with ASSAY_WEIGHTING of the verdicts: 0, or -1
 * (*out untouched) when there is no such rule. */
ASSAY_API int assay_engine_rule(const assay_engine *e, int i, int j,
                                assay_rule *out);

/* ---- Diagnostics ------------------------------------------------------ */

/* One rejected input: file, 1-based line and column (0 when unknown), and
 * the message. All borrowed for the duration of the callback. message has
 * control bytes and invalid UTF-8 escaped (\xNN); file is the path as
 * given or found in a folder, byte for byte, so that it can be opened:
 * escape it before printing it to a terminal. */
typedef struct assay_diag {
    const char *file;
    unsigned long line;
    unsigned long column;
    const char *message;
} assay_diag;

typedef void (*assay_diag_fn)(void *ud, const assay_diag *d);

/* Receive every rejected document and unreadable file; fn NULL turns it
 * off. ud is passed back untouched. A NULL e is a harmless no-op. */
ASSAY_API void assay_engine_on_diag(assay_engine *e, assay_diag_fn fn,
                                    void *ud);

/* ---- Progress --------------------------------------------------------- */

/* How far a run has gone through its input, since the engine was created
 * or reset (a run, as for project ids): the bytes of case files cut into
 * documents and handed on to be evaluated (so, at the end of a file, its
 * size), and the case files opened. Text given to assay_engine_eval_string
 * and projects built in code are not counted. */
typedef struct assay_progress {
    unsigned long long bytes;
    unsigned long files;
} assay_progress;

/* Called as each document is cut from a case file, before it is
 * evaluated, and at the end of the file, on the thread that called the
 * evaluation, with the run's counts so far: p is borrowed for the
 * duration of the call. With one job a document's result follows it at
 * once; with more, results follow a few batches behind. A host that draws
 * a progress line does it from here and from its result callback, and
 * decides itself how often to redraw. It may read the engine, but not
 * change it (as for assay_result_fn). */
typedef void (*assay_progress_fn)(void *ud, const assay_progress *p);

/* Set the progress callback; fn NULL turns it off. ud is passed back
 * untouched. A NULL e is a harmless no-op. */
ASSAY_API void assay_engine_on_progress(assay_engine *e, assay_progress_fn fn,
                                        void *ud);

/* Called on the thread that called the evaluation when the engine is
 * about to wait: for input that has not come yet (a pipe or a terminal;
 * never a regular file) or, with workers, for the next results. What the
 * result and diagnostics callbacks have been given so far is all there is
 * for now, so a host that buffers what it writes flushes it here: a
 * reader at the other end of a stream then has each result while later
 * ones are still being read or evaluated, without a write for every
 * result. It may read the engine, but not change it. */
typedef void (*assay_wait_fn)(void *ud);

/* Set the wait callback; fn NULL turns it off. ud is passed back
 * untouched. A NULL e is a harmless no-op. */
ASSAY_API void assay_engine_on_wait(assay_engine *e, assay_wait_fn fn,
                                    void *ud);

/* How many bytes evaluating the n paths would read: the sizes of the case
 * files they name or their folders hold, walked as assay_engine_eval_path
 * walks them, each file counted once and a file read before in the run
 * not at all; so measured before a run, it is what the progress bytes come
 * to at its end (when the files do not change meanwhile). Nothing is read
 * and nothing reported to the diagnostics callback: a path that cannot be
 * read counts 0, and its evaluation will say why. ASSAY_OK with *bytes
 * set; ASSAY_EIO when a path names a file whose size is not known before
 * it is read (a FIFO, a terminal, /dev/stdin from a pipe): *bytes then
 * holds the size of the rest. ASSAY_EINVAL when e, bytes or a path is
 * NULL, ASSAY_ESTATE from inside a callback, ASSAY_ENOMEM. No script is
 * needed. */
ASSAY_API int assay_engine_input_bytes(assay_engine *e,
                                       const char *const *paths, size_t n,
                                       unsigned long long *bytes);

/* ---- Projects built in code ------------------------------------------ */

/* A project assembled field by field, for hosts whose cases are not YAML.
 * It is checked when evaluated, exactly as a case document is. */
typedef struct assay_project assay_project;

/* Start a project with its id and name (copied). Caller owns the result;
 * free with assay_project_free. NULL when out of memory or an argument is
 * NULL. */
ASSAY_API assay_project *assay_project_new(const char *id, const char *name);

/* Free a project. NULL is a harmless no-op. */
ASSAY_API void assay_project_free(assay_project *p);

/* Message of the last failing call on p (empty if none). Borrowed; valid
 * until the next call on p. A NULL p gives a static text. */
ASSAY_API const char *assay_project_errmsg(const assay_project *p);

/* Where the project came from, for diagnostics and results, in place of
 * "<built>" and line 0 (say a table and a row). file is copied. */
ASSAY_API int assay_project_set_origin(assay_project *p, const char *file,
                                       unsigned long line);

/* Set the field at a dotted path ("target_group.clustered"), creating the
 * mappings on the way and replacing a value set before. value (copied) is
 * read as an unquoted scalar of a case file: "true" is a boolean, "70" a
 * number, "KE" a string. ASSAY_OK, ASSAY_EINVAL (a bad path or value, or
 * a path through a scalar) or ASSAY_ENOMEM, with the message on p. */
ASSAY_API int assay_project_set(assay_project *p, const char *path,
                                const char *value);
/* As assay_project_set, but value is always a string ("NO", "70"). */
ASSAY_API int assay_project_set_string(assay_project *p, const char *path,
                                       const char *value);
/* As assay_project_set, with a finite number. */
ASSAY_API int assay_project_set_number(assay_project *p, const char *path,
                                       double value);
/* Append value, read as by assay_project_set, to the list at path,
 * creating the list. */
ASSAY_API int assay_project_append(assay_project *p, const char *path,
                                   const char *value);

/* Add a source that indicators may cite; citation may be NULL (both
 * strings copied). */
ASSAY_API int assay_project_add_source(assay_project *p, const char *id,
                                       const char *citation);

/* An indicator, as a case file writes it. Strings other than id and value
 * may be NULL: absent. */
typedef struct assay_indicator {
    const char *id;
    const char *value;      /* an unquoted scalar: present, 70, true, ... */
    const char *unit;       /* ordinal, percent, count, boolean, text, ... */
    const char *evidence;   /* the sentence it rests on */
    const char *source;     /* the id of a source added to the project */
    const char *locator;    /* where in the source */
    const char *confidence; /* high, medium or low */
} assay_indicator;

/* Set indicator ind->id, replacing one set before; everything is copied.
 * Values are checked when the project is evaluated. */
ASSAY_API int assay_project_set_indicator(assay_project *p,
                                          const assay_indicator *ind);

/* ---- Evaluation ------------------------------------------------------- */

typedef struct assay_result assay_result;

/* Called once per evaluated project, in input order, with a result
 * borrowed for the duration of the call. Return 0 to go on, non-zero to
 * stop (the evaluation then returns ASSAY_ABORT). A callback (this one or
 * the diagnostics one) may read the engine but not change it: loading a
 * script, setting the stock folder or the jobs, evaluating or checking
 * fail with ASSAY_ESTATE, reset does nothing, and freeing the engine is
 * undefined. */
typedef int (*assay_result_fn)(void *ud, const assay_result *r);

/* Evaluate every project in a file, or in every *.yaml / *.yml file under a
 * folder (sorted by path, recursively; hidden entries, *.test.yaml, FIFOs
 * and links to folders skipped). Project ids must be unique in a run (all
 * calls on e since it was created or reset), and a file is read once in a
 * run: one already read, under whatever name (a folder holding it, a
 * link, "./x" for "x": the same device and inode), is skipped without a
 * word. A folder that holds no case file is a diagnostic (ASSAY_EINPUT).
 * fn may be NULL. Returns
 * ASSAY_OK, ASSAY_ECRITERIA (some criterion ended in error), ASSAY_EINPUT
 * (some document or file was rejected; the rest was evaluated), or a
 * failure; ASSAY_ESTATE when no script is loaded. */
ASSAY_API int assay_engine_eval_path(assay_engine *e, const char *path,
                                     assay_result_fn fn, void *ud);

/* As assay_engine_eval_path, on len bytes of documents in memory; name
 * (NULL for "<string>") labels them in diagnostics and results. text and
 * name are borrowed for the duration of the call. */
ASSAY_API int assay_engine_eval_string(assay_engine *e, const char *name,
                                       const char *text, size_t len,
                                       assay_result_fn fn, void *ud);

/* The text of one case file, read whole: file is its path as the walk
 * met it, text its len bytes (not NUL-terminated; may hold NULs). Both
 * borrowed for the duration of the call. Non-zero stops the walk. */
typedef int (*assay_file_fn)(void *ud, const char *file, const char *text,
                             size_t len);

/* Read every case file that assay_engine_eval_path(e, path, ...) would
 * read -- the same walk of folders, the same files skipped, each file
 * once in the run -- into memory, whole, and hand each to fn, without
 * evaluating anything: for a host that evaluates the same documents with
 * several engines (assay_engine_eval_string on each, with file as the
 * name, so that diagnostics give the file's own lines). A path or file
 * that cannot be read is a diagnostic, as in a run. No script is needed.
 * fn may not use e (ASSAY_ESTATE): give the text to other engines.
 * Returns ASSAY_OK, ASSAY_EINPUT (some path was rejected), ASSAY_ABORT
 * (fn stopped it), ASSAY_EINVAL or ASSAY_ESTATE. */
ASSAY_API int assay_engine_read_path(assay_engine *e, const char *path,
                                     assay_file_fn fn, void *ud);

/* Evaluate a project built in code, checked as a case document is
 * (ASSAY_EINPUT with diagnostics when rejected). p is borrowed for the
 * call and not changed; its id is not counted in the run, so the same
 * project may be changed and evaluated again. */
ASSAY_API int assay_engine_eval_project(assay_engine *e,
                                        const assay_project *p,
                                        assay_result_fn fn, void *ud);

/* Validate case files without a script: same diagnostics, no results.
 * Ids and files checked are kept apart from those evaluated, so checking
 * first does not make an evaluation see duplicates or skip files. */
ASSAY_API int assay_engine_check_path(assay_engine *e, const char *path);

/* ---- Results ---------------------------------------------------------- */

/* Every string and struct read from a result is borrowed; valid only
 * during the assay_result_fn call that received r. Strings are NULL when
 * absent. Criterion i is 0-based, in script order; out of range gives NULL,
 * 0 or -1. Notes and errors are cut and escaped; every other string is as
 * the case file or script wrote it (a name, a title or a label may hold
 * escape sequences), so a host that prints one to a terminal escapes it. */

ASSAY_API const char *assay_result_id(const assay_result *r);
ASSAY_API const char *assay_result_name(const assay_result *r);
ASSAY_API const char *assay_result_file(const assay_result *r);
ASSAY_API unsigned long assay_result_line(const assay_result *r);

/* The project score: 1 and *out set when there is one (out may be NULL),
 * 0 when none. */
ASSAY_API int assay_result_score(const assay_result *r, double *out);
/* Weight of the scored criteria over the total weight, in [0, 1]. */
ASSAY_API double assay_result_coverage(const assay_result *r);
ASSAY_API const char *assay_result_verdict(const assay_result *r);
ASSAY_API const char *assay_result_error(const assay_result *r);
/* With the explain option: one line per verdict rule tried, saying what
 * each condition came to and which rule was chosen. NULL otherwise. */
ASSAY_API const char *assay_result_verdict_reason(const assay_result *r);

ASSAY_API int assay_result_criterion_count(const assay_result *r);
ASSAY_API const char *assay_result_criterion_id(const assay_result *r, int i);
ASSAY_API const char *assay_result_criterion_title(const assay_result *r,
                                                   int i);
ASSAY_API const char *assay_result_criterion_group(const assay_result *r,
                                                   int i);
/* The description criterion{} declared, or NULL when it declared none. */
ASSAY_API const char *
assay_result_criterion_description(const assay_result *r, int i);
/* scored, not_assessable, error or limit. */
ASSAY_API const char *assay_result_criterion_status(const assay_result *r,
                                                    int i);
/* 1 and *out set when criterion i has a score, else 0. */
ASSAY_API int assay_result_criterion_score(const assay_result *r, int i,
                                           double *out);
ASSAY_API double assay_result_criterion_weight(const assay_result *r, int i);
/* Its share of the project score (weighted_mean only): 1 and *out set, or
 * 0 when there is none. */
ASSAY_API int assay_result_criterion_contribution(const assay_result *r,
                                                  int i, double *out);
ASSAY_API const char *assay_result_criterion_label(const assay_result *r,
                                                   int i);
ASSAY_API const char *assay_result_criterion_note(const assay_result *r,
                                                  int i);
ASSAY_API const char *assay_result_criterion_error(const assay_result *r,
                                                   int i);
/* With the explain option: how criterion i's label was chosen, as for
 * the verdict. NULL otherwise, or when it has no bands or no score. */
ASSAY_API const char *
assay_result_criterion_label_reason(const assay_result *r, int i);

/* What criterion i read: the number of evidence items, and 1 when it read
 * more than its evidence list holds. With ASSAY_WEIGHTING for i, these
 * and assay_result_evidence give what the weighting read: its aggregate
 * function and the when() of its verdict rules (the JSON report does not
 * show it). */
ASSAY_API int assay_result_evidence_count(const assay_result *r, int i);
ASSAY_API int assay_result_evidence_truncated(const assay_result *r, int i);

typedef struct assay_evidence {
    const char *indicator;  /* indicator id, or NULL for a field */
    const char *field;      /* dotted field path, or NULL for an indicator */
    const char *value;      /* the value as JSON text */
    const char *status;     /* stated | not_stated | not_applicable, or
                               missing (the case lacks it); NULL for a field */
    const char *source;     /* source id or NULL */
    const char *locator;    /* or NULL */
    const char *quote;      /* the evidence sentence, or NULL */
    const char *confidence; /* high | medium | low, or NULL */
    const char *note;       /* the indicator's note in the case, or NULL */
} assay_evidence;

/* Fill *out with evidence item j of criterion i; 0 on success, -1 when out
 * of range. The strings are borrowed like the result itself. */
ASSAY_API int assay_result_evidence(const assay_result *r, int i, int j,
                                    assay_evidence *out);

/* The indicators the project's case lists (every key under indicators,
 * whatever its value says, stated or not), in file order: their number,
 * and the id of indicator k (NULL when there is none) with where its key
 * is written into *where (where may be NULL; file is the result's file;
 * for a project built in code, the line of its origin and column 0). */
ASSAY_API int assay_result_indicator_count(const assay_result *r);
ASSAY_API const char *assay_result_indicator(const assay_result *r, int k,
                                             assay_where *where);

/* What trace(...) was given, with the trace option (assay_engine_set_trace):
 * one line per call, in the order they ran. text is the arguments
 * formatted as print formats them (tostring of each, joined by tabs),
 * cut and escaped as notes are (a tab shows as \t). line is where trace
 * was called; file is NULL when that is the script itself, else the path
 * of the module (escaped too). When a call into the script kept all the
 * trace_bytes limit allows, one line more at its end says how many bytes
 * were dropped (line: the first trace that lost text; file NULL). */
typedef struct assay_trace {
    const char *file;
    unsigned long line;
    const char *text;
} assay_trace;

/* The trace lines of criterion i: its evaluate function and band rules.
 * The count is 0 without the trace option. */
ASSAY_API int assay_result_criterion_trace_count(const assay_result *r,
                                                 int i);
/* Fill *out with trace line j of criterion i; 0 on success, -1 when out
 * of range. The strings are borrowed like the result itself. */
ASSAY_API int assay_result_criterion_trace(const assay_result *r, int i,
                                           int j, assay_trace *out);
/* The project's own trace lines: the aggregate function and verdict
 * rules. As for a criterion. */
ASSAY_API int assay_result_trace_count(const assay_result *r);
ASSAY_API int assay_result_trace(const assay_result *r, int j,
                                 assay_trace *out);

/* ---- The same criteria under other weights ----------------------------
 *
 * For a sensitivity analysis: what r's score, coverage and verdict would
 * be were the script's weights others. Only the aggregation and the
 * verdict rules are done again; the criteria are not run again (their
 * scores and statuses are r's). */

/* One weighing's outcome. */
typedef struct assay_reweighed {
    int has_score;           /* 0: no score (score is then 0) */
    double score, coverage;
    int verdict;             /* the verdict rule that held, 0-based, as
                                assay_engine_verdict_label numbers them;
                                -1 for none (or a failure) */
    int failed;              /* the aggregate function or a when() failed
                                or hit a limit: no verdict */
    int skipped;             /* not weighed (failed is set too): an
                                earlier row of the call hit a limit */
} assay_reweighed;

/* Weigh r's criteria with each of the n rows of weights in turn -- row k
 * is weights[k * c .. k * c + c - 1], c being assay_result_criterion_count
 * (r), in the script's order -- and fill out[k] with what the script's
 * aggregation (weighted_mean, geometric, minimum or its aggregate
 * function) and verdict rules make of it. Call it from the result
 * callback that received r, with the engine that is evaluating: the
 * project is alive only then. Both arrays are the caller's and are only
 * read (weights) or written (out) during the call; nothing is kept.
 *
 * The built-in aggregations and verdict rules with no when() are
 * computed in C, without Lua. A script's aggregate function is called
 * once per row, and so is each when() rule that reads the weights, the
 * score or the coverage; a when() that read none of them answers the
 * same for every row and is called once per call of this function. They
 * run in the calling thread's Lua state, each call within the engine's
 * limits as in an evaluation, and see the row's weights as the weights
 * of the criteria. A limit hit makes that row failed, rebuilds the
 * state, and ends the call: the rows after it are failed and skipped,
 * not tried, as a rule that hit a limit under one weighting would most
 * likely hit it under the next. Ask for all the rows of a project in
 * one call.
 *
 * ASSAY_OK; ASSAY_ECRITERIA when some row failed (its out says so, and
 * assay_engine_errmsg gives the first failure's message);
 * ASSAY_EINVAL when an argument is NULL (out and weights may be NULL
 * when n is 0) or a row has a weight that is negative or not finite, or
 * weights that add up to 0 (nothing is written then); ASSAY_ESTATE when
 * the engine's script is not the one that made r. */
ASSAY_API int assay_result_reweigh(assay_engine *e, const assay_result *r,
                                   const double *weights, size_t n,
                                   assay_reweighed *out);

/* Render r as one line of JSON (no newline) into *out, and its length into
 * *len unless len is NULL. Caller owns *out; free with free(). ASSAY_OK or
 * ASSAY_ENOMEM. */
ASSAY_API int assay_result_json(const assay_result *r, char **out,
                                size_t *len);

/* Render r as one line of JSON, the same text as assay_result_json gives,
 * into the caller's buf of cap bytes, as snprintf does: at most cap - 1
 * bytes and a NUL are written (nothing when cap is 0, when buf may be
 * NULL), and the return value is the JSON's whole length, so a return
 * value >= cap says the text was cut and how much room it needs. 0 when r
 * is NULL or buf is NULL with a cap (buf then holds an empty string).
 * Nothing is allocated: the JSON is rendered straight into buf, or copied
 * there when it was rendered on a worker (assay_engine_set_render_json),
 * so a host that keeps one buffer, grown to the longest result so far,
 * renders each result once. */
ASSAY_API size_t assay_result_json_into(const assay_result *r, char *buf,
                                        size_t cap);

/* The JSON a worker rendered for r (assay_engine_set_render_json): the
 * text assay_result_json_into gives, not NUL-terminated, its length in
 * *len unless len is NULL, valid as long as r is. NULL when r's JSON was
 * not rendered on a worker (one job, rendering off, or no memory for it):
 * assay_result_json_into then renders it. A host that writes results out
 * can write this text without copying it first. */
ASSAY_API const char *assay_result_json_rendered(const assay_result *r,
                                                 size_t *len);

/* ---- Reading YAML ------------------------------------------------------
 *
 * The library's YAML reader, for a host's own files (the assay command
 * reads its test files with it): documents are cut, parsed and typed as
 * case files are -- the YAML 1.2 core schema, the document limits of
 * assay_limits, duplicate keys, undefined aliases, NUL characters and
 * non-finite numbers refused, positions counted as libyaml counts them --
 * without the case schema. A reader goes
 * through a stream one document at a time and holds one document, read
 * only; memory follows the largest document, not the stream. Use a reader
 * from one thread at a time; readers are independent of each other and of
 * engines. */
typedef struct assay_yaml assay_yaml;

/* Create a reader with limits (copied; only the document limits are used),
 * or the defaults when limits is NULL. Caller owns the result; free with
 * assay_yaml_free. NULL when out of memory or a limit is out of range. */
ASSAY_API assay_yaml *assay_yaml_new(const assay_limits *limits);

/* Free a reader, its stream and its document. NULL is a harmless no-op. */
ASSAY_API void assay_yaml_free(assay_yaml *y);

/* Why the last failing call on y failed: for ASSAY_EIO the system's
 * reason ("No such file or directory"), without the file's name. Empty if
 * none. Borrowed; valid until the next call on y. A NULL y gives a static
 * text. */
ASSAY_API const char *assay_yaml_errmsg(const assay_yaml *y);

/* Start reading the file at path (anything that can be opened: a FIFO,
 * /dev/stdin), ending the stream read before. ASSAY_OK, or ASSAY_EIO when
 * it cannot be opened, ASSAY_ENOMEM, ASSAY_EINVAL; the file is read as
 * documents are asked for. path is copied: it names the stream in
 * diagnostics. */
ASSAY_API int assay_yaml_open(assay_yaml *y, const char *path);

/* As assay_yaml_open, on len bytes of text in memory, named name (copied;
 * NULL for "<string>"). text is borrowed until the stream ends, another is
 * opened, or y is freed. */
ASSAY_API int assay_yaml_open_string(assay_yaml *y, const char *name,
                                     const char *text, size_t len);

/* Read the next document of the stream, replacing the one held (every node
 * number and string read from it goes). Documents holding nothing but
 * comments are skipped. Returns:
 *   ASSAY_OK     a document is held: start from assay_yaml_root;
 *   ASSAY_EINPUT the next document was rejected (a syntax error, a limit,
 *                a duplicate key, ...): its problems are given by
 *                assay_yaml_diag; the stream goes on after it;
 *   ASSAY_DONE   the stream has ended (and is closed);
 *   ASSAY_EIO    it could not be read further (assay_yaml_errmsg says
 *                why), and has ended;
 *   ASSAY_ENOMEM, or ASSAY_ESTATE when no stream was opened.
 * Once a stream has ended, every call gives the same status. */
ASSAY_API int assay_yaml_next(assay_yaml *y);

/* Fill *out with problem i (0-based) of the rejected document: the
 * stream's name, the 1-based line and column in the stream, and the
 * message (control bytes escaped, cut to the message limit). 0, or -1
 * when there is no problem i. Borrowed like a node's text. */
ASSAY_API int assay_yaml_diag(const assay_yaml *y, int i, assay_diag *out);

/* Nodes of the held document are numbers, valid until the next document
 * is read or another stream opened; 0 is no node. Every function below
 * given 0, or a number the document does not have, returns 0 (or NULL),
 * as it does for a NULL y; so chains such as getting a key's value and
 * then its text need no check on the way. */

/* The document's top node; 0 when no document is held. */
ASSAY_API unsigned assay_yaml_root(const assay_yaml *y);

#define ASSAY_YAML_NULL     1  /* ~, null, or nothing */
#define ASSAY_YAML_BOOL     2  /* true or false (not yes, no, on, off) */
#define ASSAY_YAML_INT      3
#define ASSAY_YAML_FLOAT    4  /* finite: .inf and .nan are refused */
#define ASSAY_YAML_STRING   5
#define ASSAY_YAML_SEQUENCE 6
#define ASSAY_YAML_MAPPING  7

/* One of ASSAY_YAML_*, as the core schema types the node (a tag such as
 * !!str decides for a scalar); 0 for no node. */
ASSAY_API int assay_yaml_kind(const assay_yaml *y, unsigned node);

/* A scalar's text, NUL-terminated, as the document gives it after YAML's
 * quoting and folding ("true", "0.5", "Kenya", "" for an empty value); a
 * NUL byte in it is refused when the document is read. NULL for a
 * sequence or mapping. Borrowed; valid while the document is held. Text
 * comes from the file: escape it before printing it to a terminal. */
ASSAY_API const char *assay_yaml_text(const assay_yaml *y, unsigned node);

/* 1 and *out set (out may be NULL) for an INT or FLOAT (an INT beyond 2^53
 * loses its last digits), else 0. */
ASSAY_API int assay_yaml_number(const assay_yaml *y, unsigned node,
                                double *out);

/* Where the node starts in the stream: 1-based line and column. */
ASSAY_API unsigned long assay_yaml_line(const assay_yaml *y, unsigned node);
ASSAY_API unsigned long assay_yaml_column(const assay_yaml *y,
                                          unsigned node);

/* Items of a sequence, pairs of a mapping; 0 for a scalar. */
ASSAY_API size_t assay_yaml_count(const assay_yaml *y, unsigned node);

/* Item i (0-based, in file order) of a sequence; 0 when node is not a
 * sequence or i is out of range. Each call takes constant time. */
ASSAY_API unsigned assay_yaml_item(const assay_yaml *y, unsigned node,
                                   size_t i);

/* The key and the value of pair i (0-based, in file order) of a mapping;
 * 0 when node is not a mapping or i is out of range. */
ASSAY_API unsigned assay_yaml_key(const assay_yaml *y, unsigned node,
                                  size_t i);
ASSAY_API unsigned assay_yaml_value(const assay_yaml *y, unsigned node,
                                    size_t i);

/* The value of the scalar key named key in a mapping; 0 when there is
 * none (keys are unique: a duplicate rejects the document). */
ASSAY_API unsigned assay_yaml_get(const assay_yaml *y, unsigned node,
                                  const char *key);

/* ---- Text for a terminal, and JSON strings ----------------------------
 *
 * Names, titles, labels and file names come from other people's files and
 * may hold bytes a terminal obeys (an escape sequence can set the window
 * title or clear the screen). These are the rules the library's messages
 * and the assay command follow; none of them allocates, none keeps
 * anything, and all may be called from any thread. */

/* Bytes one character may take once escaped. */
#define ASSAY_ESCAPE_MAX 16

/* The first character of s (n bytes, n > 0) as it may be shown: itself
 * when it is printable text, else its escape -- newline and tab as \n and
 * \t; other C0 controls, DEL, each byte of a C1 control (U+0080 to
 * U+009F) and each byte that is not valid UTF-8 as \xNN. A backslash stays
 * as it is: the escapes are for reading, not for decoding. Writes the
 * piece (not NUL-terminated) and returns its length; *step (step may be
 * NULL) gets the bytes it stands for in s, at least 1. Walking s piece by
 * piece lets a host count columns or cut text without splitting an
 * escape. 0, with *step 0, when s or piece is NULL or n is 0. */
ASSAY_API size_t assay_escape_char(const char *s, size_t n,
                                   char piece[ASSAY_ESCAPE_MAX],
                                   size_t *step);

/* The n bytes of s escaped as by assay_escape_char, into buf of cap bytes,
 * NUL-terminated: as snprintf, the return value is the whole escaped
 * length, so a value >= cap says the text was cut; a cut ends before the
 * first piece that does not fit, never inside one. buf may be NULL when
 * cap is 0. 0 when s is NULL or buf is NULL with a cap. */
ASSAY_API size_t assay_escape(const char *s, size_t n, char *buf,
                              size_t cap);

/* The n bytes of s as a JSON string, quotes included, as the library's
 * JSON writes them: '"', '\\' and control characters escaped (DEL and C1
 * controls too, so that a report printed to a terminal carries none), a
 * byte that is not valid UTF-8 as \ufffd. Into buf as snprintf does: at
 * most cap - 1 bytes and a NUL, and the return value is the whole length
 * (a value >= cap: cut). 0 when s is NULL, buf is NULL with a cap, or out
 * of memory. */
ASSAY_API size_t assay_json_string(const char *s, size_t n, char *buf,
                                   size_t cap);

/* d as the library's JSON writes a number: the shortest decimal text that
 * reads back (strtod in the C locale) as the same double -- 0.35, 70,
 * 0.1392857142857143, 1e-07 -- with a decimal point whatever the host's
 * locale; "null" when d is not finite. Into buf as snprintf does (at most
 * cap - 1 bytes and a NUL; buf may be NULL when cap is 0); the return
 * value is the whole length, at most ASSAY_NUMBER_MAX - 1. 0 when buf is
 * NULL with a cap. */
#define ASSAY_NUMBER_MAX 32
ASSAY_API size_t assay_json_number(double d, char *buf, size_t cap);

/* ---- Names that do not exist ------------------------------------------ */

/* How near candidate is to typed, a name that matched nothing (a project
 * id, a script name), for a "did you mean" hint: the number of edits
 * between them (insert, delete, replace, swap two neighbours; ASCII letter
 * case ignored) when that is at most a third of typed's length (at least
 * 1); else, when the longer of the two holds the shorter of three letters
 * or more ("kenya" in "kenya_fit"), one more than that allowance (all such
 * are equally near); else -1: too far to be suggested (or either is
 * NULL). Lower is nearer: suggest the candidates of the least distance.
 * The rule of every hint in the library's own messages. */
ASSAY_API int assay_name_distance(const char *typed, const char *candidate);

#ifdef __cplusplus
}
#endif

#endif /* ASSAY_H */

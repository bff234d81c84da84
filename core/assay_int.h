/*
 * assay_int.h -- the one private header of the assay library.
 *
 * Data flows: a file is cut into document chunks (chunk.c), each chunk is
 * parsed into a node tree (ydoc.c), validated into a project (project.c),
 * exposed to Lua (lproject.c), evaluated against the script (script.c,
 * eval.c) and handed out as an assay_result (result.c). Everything a
 * document owns lives in one arena that is reset before the next document.
 */
#ifndef ASSAY_INT_H
#define ASSAY_INT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <lua.h>

#include "assay.h"

#define AY_UNUSED(x) ((void)(x))

/* ---- Arena and byte buffer (util.c) ----------------------------------- */

typedef struct ay_block ay_block;
typedef struct ay_arena {
    ay_block *head;
} ay_arena;

void *ay_arena_alloc(ay_arena *a, size_t n);       /* zeroed; NULL if OOM */
char *ay_arena_strndup(ay_arena *a, const char *s, size_t n);
char *ay_arena_strdup(ay_arena *a, const char *s);
void ay_arena_reset(ay_arena *a);                  /* keeps one block */
void ay_arena_free(ay_arena *a);

typedef struct ay_buf {
    char *p;
    size_t n, cap;
    int oom;
} ay_buf;

/* Room for extra more bytes; 0 (and oom set) when there is none. */
int ay_buf_grow(ay_buf *b, size_t extra);
static inline void ay_buf_put(ay_buf *b, const void *s, size_t n)
{
    if (n && (b->cap - b->n > n || ay_buf_grow(b, n))) {
        memcpy(b->p + b->n, s, n);
        b->n += n;
    }
}
static inline void ay_buf_putc(ay_buf *b, char c)
{
    if (b->cap - b->n > 1 || ay_buf_grow(b, 1))
        b->p[b->n++] = c;
}
void ay_buf_puts(ay_buf *b, const char *s);
void ay_buf_vprintf(ay_buf *b, const char *fmt, va_list ap);
void ay_buf_printf(ay_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *ay_buf_cstr(ay_buf *b);                /* NUL-terminated view */
void ay_buf_free(ay_buf *b);

/* JSON pieces: a string with escapes (invalid UTF-8 becomes U+FFFD), and
 * a number in the shortest form that reads back to the same double. */
void ay_json_string(ay_buf *b, const char *s, size_t n);
void ay_json_number(ay_buf *b, double d);

/* Why a text holding a NUL byte is refused, wherever it comes from: text
 * is NUL-terminated in assay, and would silently end there. */
#define AY_NUL_MESSAGE "a NUL character (\\0) is not allowed in text"

/* The character at s (n bytes left) as it may be shown: itself, or its
 * escape (below); returns the length of piece, and *step is the bytes it
 * takes in s (at least 1). */
#define AY_ESCAPE_MAX 16 /* a C1 control: 2 bytes, \xNN each */
size_t ay_escape_char(const char *s, size_t n, char piece[AY_ESCAPE_MAX],
                      size_t *step);

/* Append s to b with everything that is not printable text escaped:
 * newline and tab as \n and \t, other C0 controls, DEL, the bytes of C1
 * controls and bytes that are not valid UTF-8 as \xNN. The one rule for
 * text that may reach a terminal: the library's messages and everything
 * the command prints. */
void ay_escape(ay_buf *b, const char *s, size_t n);

/* Lists of diagnostics kept until the end of a run (the JSON report's
 * errors, the Lua module's diags) keep the first AY_DIAGS_KEPT and count
 * the rest: an endless stream of bad documents must not grow memory
 * without bound. A thousand is more than anyone reads in a list (every
 * one still reaches the diagnostics callback, and stderr); the first are
 * kept because a cascade starts with its cause. A kept diagnostic is a
 * file name (PATH_MAX) and a message (the message limit), so the list
 * stays under a few MB at worst and is about 150 KB for usual names. */
#define AY_DIAGS_KEPT 1000

/* Copy of s escaped as ay_escape does, of at most max bytes (then "..."
 * follows); used for every message that reaches a user. */
char *ay_clean_message(ay_arena *a, const char *s, size_t n, size_t max);
/* Set b to msg, cleaned as ay_clean_message does and cut to max: the
 * error message of an engine or vm. */
void ay_set_message(ay_buf *b, const char *msg, size_t max);
/* ay_set_message with a printf format; returns code. */
int ay_set_errorv(ay_buf *b, size_t max, int code, const char *fmt,
                  va_list ap);

void ay_sha256_hex(const void *data, size_t n, char out[65]);

int ay_in(const char *s, const char *const *list);  /* s in a NULL-ended list */
int ay_id_ok(const char *s, size_t n);              /* [A-Za-z0-9_.-]+ */
uint32_t ay_hash(const char *s, size_t n);          /* FNV-1a */
/* Length of the line break that starts s (n bytes there), 0 when s does
 * not start one. Breaks are what libyaml counts, so that lines are
 * numbered as its marks are: LF, CRLF, a lone CR, and in UTF-8 NEL
 * (C2 85), LS (E2 80 A8) and PS (E2 80 A9). */
size_t ay_line_break(const char *s, size_t n);
int ay_strcmp_p(const void *a, const void *b);      /* qsort of char * */
const char *ay_status_name(int status);             /* CS_* as text */
/* Read a whole file into b, refusing more than limit bytes; why gets the
 * reason on failure (and errno is set). */
int ay_read_file(const char *path, size_t limit, ay_buf *b, char *why,
                 size_t whylen);

/* ---- YAML node tree (ydoc.c) ------------------------------------------ */

enum {
    YN_NULL, YN_BOOL, YN_INT, YN_FLOAT, YN_STR, YN_SEQ, YN_MAP
};

typedef struct ay_ynode {
    uint8_t type;
    uint32_t line, col;      /* 1-based, absolute in the file */
    uint32_t first, next;    /* first child, next sibling; 0 = none */
    uint32_t count;          /* children (a mapping: keys and values) */
    uint32_t len;            /* a scalar's length in bytes */
    uint32_t size;           /* nodes in the subtree, aliases expanded */
    uint16_t height;         /* containers on the longest path down */
    const char *text;        /* scalar text, NUL-terminated */
    union {
        int64_t i;
        double d;
        int b;
    } v;
} ay_ynode;

/* One diagnostic collected while loading a document. */
typedef struct ay_ydiag {
    uint32_t line, col;
    const char *msg;
    struct ay_ydiag *next;
} ay_ydiag;

typedef struct ay_ydoc {
    ay_arena *a;
    ay_ynode *n;             /* n[0] is a sentinel; root is n[root] */
    uint32_t len, cap;
    uint32_t root;
    ay_ydiag *diags, **tail;
    unsigned ndiags;
    size_t msgmax;           /* message limit */
} ay_ydoc;

/* A chunk of a file that holds at most one YAML document. */
typedef struct ay_chunk {
    const char *text;
    size_t len;
    uint32_t line;           /* 1-based line of its first byte */
    int too_big;             /* longer than the document limit: text empty */
} ay_chunk;

/* Parse a chunk into doc (whose arena is a). Returns 1 when a document was
 * read, 0 when the chunk held none (comments only, or an empty document),
 * -1 when it was rejected (diags added). */
int ay_ydoc_parse(ay_ydoc *doc, ay_arena *a, const ay_chunk *c, const assay_limits *lim);

void ay_ydoc_error(ay_ydoc *doc, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A new zeroed node in doc (index), 0 when out of memory. Pointers into
 * doc->n are invalid after it. */
uint32_t ay_ydoc_node(ay_ydoc *doc);
/* Type the scalar n from its text by the core schema; want is an explicit
 * tag ("str", "int", ...) or NULL for a plain scalar. 0, or -1 with a
 * diagnostic. */
int ay_ydoc_resolve(ay_ydoc *doc, ay_ynode *n, const char *want);
/* Value of key in mapping node map; 0 when missing. */
uint32_t ay_ydoc_map_get(const ay_ydoc *doc, uint32_t map, const char *key);
/* Render a node as JSON into b. */
void ay_ydoc_json(const ay_ydoc *doc, uint32_t node, ay_buf *b);

/* ---- Chunker (chunk.c): cuts a stream into one-document chunks -------- */

typedef struct ay_chunker {
    FILE *f;                 /* read from f, or from memory at ip */
    char *rbuf;
    const char *ip;          /* unread input */
    size_t il;
    ay_buf cur;              /* the chunk being assembled */
    size_t carry_off, carry_len; /* a `---` line that starts the next one */
    int carry_trunc;
    uint32_t lineno;         /* lines consumed so far */
    uint32_t next_start;     /* first line of the next chunk */
    size_t max;              /* the document size limit */
    int done, ioerr;
    int eof;                 /* nothing more to read */
    int lf_pending;          /* a read ended on CR: skip a LF after it */
    int (*idle)(void *);     /* called when a read would wait, or NULL;
                                non-zero: stop reading */
    void *idle_ud;
} ay_chunker;

void ay_chunker_init_file(ay_chunker *c, FILE *f, size_t max);
void ay_chunker_init_mem(ay_chunker *c, const char *s, size_t n, size_t max);
/* Next chunk; 0 at the end (or on a read error: ioerr set). The chunk's
 * text stays valid until the next call. */
int ay_chunker_next(ay_chunker *c, ay_chunk *out);
void ay_chunker_free(ay_chunker *c);

/* ---- Projects (project.c) --------------------------------------------- */

enum { IV_ORD, IV_NUM, IV_INT, IV_BOOL, IV_STR };
enum { IS_STATED, IS_NOT_STATED, IS_NOT_APPLICABLE };

typedef struct ay_indicator {
    const char *id;
    uint32_t node;           /* the value's node */
    uint8_t vtype, status;
    const char *unit, *evidence, *source, *citation, *locator, *confidence;
    uint32_t line, col;
    uint32_t mark;           /* provenance: last read mark */
} ay_indicator;

typedef struct ay_project {
    ay_ydoc *doc;
    const char *file;
    uint32_t line;
    const char *id, *name;
    ay_indicator *ind;
    uint32_t nind;
    uint32_t *slot;          /* hash of indicator index + 1; 0 empty */
    uint32_t mask;
} ay_project;

/* Validate doc into a project (allocated in doc's arena). NULL on
 * rejection, with diags added to doc. */
ay_project *ay_project_build(ay_ydoc *doc, const char *file);
ay_indicator *ay_project_find(const ay_project *p, const char *id, size_t len);
const char *ay_indicator_status_name(int status);

/* ---- Script and criteria (script.c) ----------------------------------- */

typedef struct ay_rule {
    char *label;
    int has_at_least, has_coverage;
    double at_least, coverage_below;
    int when;                /* registry ref or LUA_NOREF */
    int when_line;           /* where the when function is defined */
} ay_rule;

typedef struct ay_criterion {
    char *id, *title, *group;
    double weight;
    int evaluate;            /* registry ref */
    int line;                /* where evaluate is defined */
    ay_rule *bands;
    int nbands;
} ay_criterion;

enum { AGG_WEIGHTED_MEAN, AGG_GEOMETRIC, AGG_MINIMUM, AGG_FUNCTION };

typedef struct ay_script {
    char *name, *path, *dir;
    char *text;              /* kept to rebuild the state after a limit */
    size_t len;
    int from_file;
    struct ay_script *retired; /* next in the engine's list of retired ones */
    char sha256[65];
    ay_criterion *c;
    int nc, capc;
    int weighting_line;      /* 0 until weighting{} is seen */
    int agg, agg_fn;
    ay_rule *verdicts;
    int nverdicts;
} ay_script;

/* ---- Keys of a table constructor in a script's text (srckeys.c) ------ */

typedef struct ay_srckey {
    const char *name;        /* into the text, not NUL-terminated */
    size_t len;
    int line, col;
} ay_srckey;

/* The `name =` fields of the first `callee {...}` (or `callee({...})`)
 * that starts on line of text, in source order: up to max of them into
 * out; returns how many, 0 when there is no such call. */
int ay_constructor_keys(const char *text, size_t len, int line,
                        const char *callee, ay_srckey *out, int max);

/* ---- The Lua heap of a script state (heap.c) -------------------------- */

typedef struct ay_heap {
    size_t used, max;        /* bytes in use, and the memory limit */
    size_t string_max;       /* the longest string a script may make */
    size_t string_header;    /* a string's block: header + bytes (+ NUL) */
    size_t probe;            /* ay_heap_measure's string, while it runs */
    void *refused;           /* the last request refused, to tell Lua's */
    size_t refused_size;     /* retry after an emergency collection */
    char refused_at[200];    /* where in the script it was refused */
    uint64_t objects;        /* tables, functions, userdata made so far */
    struct ay_obj {          /* table and function address -> number */
        uintptr_t addr;
        uint64_t seq;
    } *obj;
    size_t cap, n;
    uint64_t sizes;          /* sizes of numbered objects (see heap.c) */
    int big_objects;
    size_t since_clock;      /* bytes allocated since the clock was read */
    int big_strings;         /* a string of a megabyte or more was made */
} ay_heap;

/* The lua_Alloc of every script state; ud is its vm. */
void *ay_heap_alloc(void *ud, void *ptr, size_t osize, size_t nsize);
/* The creation number of the table or function at address p (from
 * lua_topointer), 0 when it has none. */
uint64_t ay_heap_seq(const ay_heap *h, const void *p);
/* Forget every object (the state was closed); keeps the limits. */
void ay_heap_reset(ay_heap *h);
/* Learn the size of a string's header in L's blocks. [-0, +0, m] */
void ay_heap_measure(lua_State *L, ay_heap *h);

/* ---- Engine ----------------------------------------------------------- */

typedef struct ay_evid {
    const ay_indicator *ind; /* an indicator read, or NULL */
    const char *missing;     /* the id of an indicator the case lacks */
    const char *field;       /* dotted path of a field read */
    uint32_t node;           /* the field's node, 0 when missing */
    const char *value;       /* JSON text, filled in with the result */
    int summary;             /* value summarises one too large to copy */
} ay_evid;

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
    const char *json;        /* rendered by a worker, or NULL */
    size_t json_len;
};

/* The project ids seen in a run, with where each was first defined: the
 * one thing a run keeps of every document, so the ids' text is packed in
 * an arena rather than malloc'd one by one. */
typedef struct ay_idset {
    struct idslot {
        char *id;
        uint32_t file, line;
    } *slot;
    size_t n, cap;
    ay_arena text;
    char **files;
    size_t nfiles;
} ay_idset;

/* A Lua state and everything evaluating in it needs: the script, the
 * limits and their accounting, the heap, the evidence recorder and the
 * project being evaluated. The engine has one; each -j worker has its
 * own. Everything below the engine (sandbox, limits, heap, determ,
 * project objects, script, eval) sees only this. */
typedef struct ay_vm {
    assay_limits lim;
    char *stock_dir;         /* where require looks after the script's
                                folder; NULL for none */
    ay_buf *err;             /* where load errors go (its owner's) */
    int explain;             /* record why verdicts and labels were chosen */
    lua_State *L;
    ay_script *s;
    ay_script *retired;      /* replaced by ay_script_reload, freed later */
    int loading;             /* criterion{} and weighting{} allowed */
    /* Set while a project is being evaluated. */
    ay_project *cur;
    ay_arena *cur_arena;     /* where cur's result is made */
    uint32_t epoch;          /* bumps per project: stale objects error */
    uint32_t mark;           /* bumps per criterion call: provenance */
    ay_evid *reads;
    int nreads, capreads;
    int recording;
    int truncated;           /* reads past the evidence cap were dropped */
    /* The running call's limits. */
    int limit;               /* AY_LIMIT_* hit in the running call */
    int armed;               /* a call with limits is running */
    char limit_msg[600];     /* what the hit limit says, with where */
    unsigned long steps;     /* instructions counted in the call */
    unsigned long calls;     /* calls armed so far (determ.c: per call) */
    int hook_every;          /* instructions between two runs of the hook */
    double started;          /* when the call began, in ms */
    lua_Integer seed;        /* math.random's seed for the running call */
    char errobj[80];         /* text for an error object of another type */
    ay_heap heap;
} ay_vm;

/* Set vm up with a copy of lim and of stock_dir (may be NULL); load
 * errors go to err. No Lua state until a script is loaded. */
int ay_vm_init(ay_vm *vm, const assay_limits *lim, const char *stock_dir,
               ay_buf *err);
void ay_vm_free(ay_vm *vm);

static inline ay_vm *ay_vm_of(lua_State *L) {
    return *(ay_vm **)lua_getextraspace(L);
}

struct assay_engine {
    assay_limits lim;
    ay_buf err;
    char *stock_dir;
    assay_diag_fn diag;
    void *diag_ud;
    ay_idset ids, check_ids;  /* ids evaluated, and ids checked */
    ay_arena doc_arena;
    int explain;             /* record why verdicts and labels were chosen */
    int busy;                /* an evaluation runs: its callbacks may read */
    int jobs;                /* worker threads for eval_path/eval_string */
    int prerender;           /* workers render each result's JSON */
    struct ay_jobs *pool;    /* the workers, kept between runs */
    ay_vm vm;                /* the calling thread's Lua state */
};

/* Each field of assay_limits with its default and the range it may be
 * set to (engine.c): the one place they are defined. The command's flags,
 * the Lua module's keys and assay_limits_check all read this table. */
enum { AY_LK_SIZE, AY_LK_UINT, AY_LK_ULONG };  /* the field's C type */
typedef struct ay_limit {
    const char *name;        /* the field's name, the Lua module's key */
    size_t offset;           /* in assay_limits */
    int kind;                /* AY_LK_* */
    unsigned long long def, min, max;
} ay_limit;
extern const ay_limit AY_LIMITS[];
extern const size_t AY_NLIMITS;
const ay_limit *ay_limit_find(const char *name);   /* NULL when none */
unsigned long long ay_limit_get(const assay_limits *lim, const ay_limit *l);
/* v must fit the field: be within l's range. */
void ay_limit_set(assay_limits *lim, const ay_limit *l, unsigned long long v);
void ay_limits_default(assay_limits *out);
/* Switch the calling thread to the C locale for the length of a public
 * call (numbers are read and written in it, whatever the host's
 * LC_NUMERIC); returns the host's locale, for ay_leave, or 0 when the C
 * locale could not be made. Callbacks into the host run in the host's
 * locale. */
locale_t ay_enter(void);
void ay_leave(locale_t host);
int ay_seterr(assay_engine *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* lproject.c */
void ay_lproject_open(lua_State *L);
void ay_lproject_push(lua_State *L, ay_project *p);
/* The creation number of the project or indicator object at idx, 0 for
 * other values. */
uint64_t ay_lproject_seq(lua_State *L, int idx);
/* Push node i of doc as a Lua value; mappings and sequences become fresh
 * tables. Works in any Lua state. [-0, +1, m] */
void ay_lproject_push_node(lua_State *L, const ay_ydoc *doc, uint32_t i);
void ay_record_indicator(ay_vm *vm, ay_indicator *ind);

/* lbuild.c: fill p from the project table at arg (all but its id and
 * name), nesting at most depth deep; raises on a malformed table, naming
 * where. [-0, +0, e] */
void ay_lbuild_project(lua_State *L, int arg, assay_project *p, unsigned depth);

/* lpattern.c */
/* Replace find, match, gmatch and gsub in the string library table on
 * top of the stack with step-counted versions. [-0, +0, m] */
void ay_lpattern_open(lua_State *L);

/* limits.c: the limits of a criterion call. A limit that is hit is
 * recorded on the engine, so the C side reports it even when the script
 * catches the error, and the hook keeps raising until the call ends. */
enum {
    AY_LIMIT_NONE, AY_LIMIT_INSTRUCTIONS, AY_LIMIT_TIME, AY_LIMIT_MEMORY,
    AY_LIMIT_STRING, AY_LIMIT_PATTERN
};
/* Record limit `which` and raise an error with the message; never
 * returns. The message should name the limit. */
int ay_limit_error(lua_State *L, int which, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Bytes of C work (scanning or making strings) charged as one
 * instruction: about what a Lua instruction costs in time. */
#define AY_BYTES_PER_STEP 16
/* Steps a pattern function may take in one call before it is stopped. */
size_t ay_pattern_budget(lua_State *L);
/* Start and end the limits of one call into a script. */
void ay_limits_arm(ay_vm *vm);
void ay_limits_disarm(ay_vm *vm);
/* The allocator refused to grow the heap during an armed call. */
void ay_limit_memory(ay_vm *vm);
/* Note where the script is when an allocation is refused. */
void ay_limit_memory_where(ay_vm *vm);
/* For C functions that work without Lua instructions: raise when the time
 * limit has passed (poll), or count work as instructions first (charge). */
void ay_limits_poll(lua_State *L);
void ay_limits_charge(lua_State *L, double work);
/* From the allocator, where nothing may raise: record that a string over
 * the string limit was refused; make the hook run at the next instruction
 * if the call is past its time or instructions (check_clock); make it run
 * more often now that long strings exist (retune). */
void ay_limit_string(ay_vm *vm, size_t size);
void ay_limits_check_clock(ay_vm *vm);
void ay_limits_retune(ay_vm *vm);

/* math.random's seed while a script loads; eval.c seeds each criterion
 * call from the project and the criterion. */
#define AY_SEED 20261128

/* determ.c: pairs, next, ipairs, tostring, string.format, table.sort,
 * math.randomseed and utf8.codes for scripts, whose results depend on the
 * values involved only (not on hashing, addresses, clocks or earlier
 * calls), set into the scripts' copies of the libraries. [-0, +0, m] */
void ay_determ_open(lua_State *L, int base, int string, int table, int math,
                    int utf8);
/* Push f as a closure (one upvalue), so that it has a creation number.
 * [-0, +1, m] */
void ay_determ_closure(lua_State *L, lua_CFunction f);
/* Push a sequence of the keys of table t in determ.c's order. The work
 * is charged to a running call. [-0, +1, e] */
void ay_sorted_keys(lua_State *L, int t);
/* Push the iterator pairs(t) would return for table t. [-0, +1, e] */
void ay_determ_push_iterator(lua_State *L, int t);

/* sandbox.c */
int ay_sandbox_new(ay_vm *vm);  /* creates vm->L with the sandbox */
int ay_sandbox_load(lua_State *L, const char *chunkname, const char *text,
                    size_t len);          /* pushes the chunk or an error */
/* Describe the error object on top (left there) without running any
 * metamethod or allocating from Lua: safe outside a protected call. The
 * text is valid until the object is popped or the next call. */
const char *ay_sandbox_errmsg(lua_State *L, size_t *len);
void ay_sandbox_setglobal(lua_State *L, const char *name);
/* Fix the scripts' globals once the script has loaded; 0 or -1. */
int ay_sandbox_freeze(lua_State *L);

/* script.c */
int ay_script_load(ay_vm *vm, const char *chunkname, const char *path,
                   const char *text, size_t len);
void ay_script_free(lua_State *L, ay_script *s);
/* A fresh Lua state with the same script, after a limit was hit. The old
 * script is retired, not freed: results being built point into it. */
int ay_script_reload(ay_vm *vm);
/* Free the retired scripts, once no result points into them. */
void ay_script_free_retired(ay_vm *vm);

/* eval.c: 1 when some criterion or the verdict ended in error */
int ay_eval_project(ay_vm *vm, ay_project *p, ay_arena *a, assay_result *r);

/* ---- A run: one evaluation call (engine.c), maybe with workers ------- */

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
    locale_t host;           /* the caller's locale, for callbacks */
    ay_executor *x;
    int rejected, failed, aborted;
};

/* Read every case file at path (a file or a folder), or the text of one
 * stream named name, through pp's executor. */
void ay_pipe_path(ay_pipe *pp, const char *path);
void ay_pipe_text(ay_pipe *pp, const char *name, const char *text,
                  size_t len);
/* Let the executor hand on what it still holds. */
void ay_pipe_end(ay_pipe *pp);

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

void ay_idset_free(ay_idset *ids);

/* install.c: the stock scripts installed with this code, found from the
 * file that holds it (libassay.so, the Lua module or the program); NULL
 * when there are none. Caller frees. */
char *ay_installed_stock_dir(void);

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
 * made like model (its limits, stock folder, explain setting and
 * script), parse, build and evaluate batches of documents; the calling
 * thread hands them on in input order. prerender: workers also render
 * each result's JSON. On failure, NULL with a message in err. */
typedef struct ay_jobs ay_jobs;
ay_jobs *ay_jobs_new(const ay_vm *model, int n, int prerender, ay_buf *err);
ay_executor *ay_jobs_executor(ay_jobs *j);
/* 1 when j's workers were made with these settings. */
int ay_jobs_fit(const ay_jobs *j, int n, int explain, int prerender);
void ay_jobs_free(ay_jobs *j);           /* NULL is a no-op */

/* build.c: a project built in code, as the document a file would give. */
const char *ay_build_origin(const assay_project *p, unsigned long *line);
int ay_build_doc(const assay_project *p, ay_ydoc *doc, ay_arena *a,
                 const assay_limits *lim);
/* Node by node: the root mapping, and a new node under parent -- under key
 * in a mapping (replacing), appended to a list. type is YN_MAP or YN_SEQ
 * (text unused), YN_STR (text taken as it is), or YN_BOOL, YN_INT,
 * YN_FLOAT (text must read as one). The node, or 0 with p's message. */
uint32_t ay_build_root(const assay_project *p);
uint32_t ay_build_add(assay_project *p, uint32_t parent, const char *key,
                      size_t klen, int type, const char *text, size_t len);
/* A float node, which stays a float even when d is whole. */
uint32_t ay_build_add_float(assay_project *p, uint32_t parent, const char *key,
                            size_t klen, double d);

/* result.c */
void ay_result_json(const assay_result *r, ay_buf *b);
/* The node of evidence item j of criterion i, in *doc; 0 when the item
 * does not exist, the case lacks it, or its value was summarised. */
uint32_t ay_result_evidence_node(const assay_result *r, int i, int j,
                                 const ay_ydoc **doc);

#endif /* ASSAY_INT_H */

/*
 * ay_vm.h -- the Lua binding: a vm is one Lua state and what evaluating in
 * it needs (script, limits, heap, evidence recorder, current project);
 * the sandbox, the script loader and the project objects scripts see
 * work on a vm and nothing above it. Sees ay_yaml.h and below.
 */
#ifndef AY_VM_H
#define AY_VM_H

#include <lua.h>

#include "ay_yaml.h"

/* ---- Script and criteria (script.c) ----------------------------------- */

typedef struct ay_rule {
    char *label;
    int has_at_least, has_coverage;
    double at_least, coverage_below;
    int when;                /* registry ref or LUA_NOREF */
    int when_line;           /* where the when function is defined */
    int standing;            /* a verdict's, as declared: AY_STANDING_* */
} ay_rule;

/* How good a verdict is, for colour and order: declared by a rule's
 * `standing`, or worked out (engine.c). */
enum { AY_STANDING_BAD = -1, AY_STANDING_NEUTRAL, AY_STANDING_GOOD,
       AY_STANDING_UNSET };

typedef struct ay_criterion {
    char *id, *title, *group;
    char *description;       /* as declared, or NULL */
    double weight;
    int evaluate;            /* registry ref */
    int line;                /* where evaluate is defined */
    char *file;              /* where criterion{} was called: the script's
                                or a module's path, and the line */
    int call_line;
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
    char *weighting_file;    /* the file that called it */
    int agg, agg_fn;
    ay_rule *verdicts;
    int nverdicts;
} ay_script;

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
    void *spare[16];         /* freed blocks of 16, 32, ... 256 bytes */
    size_t spare_bytes;      /* what they hold, up to HEAP_SPARE_MAX */
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

/* ---- The evidence recorder ------------------------------------------ */

typedef struct ay_evid {
    const ay_indicator *ind; /* an indicator read, or NULL */
    const char *missing;     /* the id of an indicator the case lacks */
    const char *field;       /* dotted path of a field read */
    uint32_t node;           /* the field's node, 0 when missing */
    const char *value;       /* JSON text, filled in with the result */
    int summary;             /* value summarises one too large to copy */
} ay_evid;

/* A line trace() kept in the running call (trace.c): offsets into the
 * vm's trace text. */
typedef struct ay_tline {
    unsigned long line;      /* where trace was called */
    size_t file;             /* the module's path + 1, or 0: the script */
    size_t text;
} ay_tline;

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
    int trace;               /* keep what trace() is given */
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
    char limit_msg[600];     /* what the hit limit says, with where: set
                                where nothing may allocate (the
                                allocator, the hook), so fixed */
    unsigned long steps;     /* instructions counted in the call */
    unsigned long calls;     /* calls armed so far (determ.c: per call) */
    int hook_every;          /* instructions between two runs of the hook */
    double started;          /* when the call began, in ms */
    lua_Integer seed;        /* math.random's seed for the running call */
    int seed_pending;        /* not yet given to math.random: it is, at
                                the call's first draw (determ.c) */
    char errobj[80];         /* text for an error object of another type */
    int watch_depth;         /* > 0: the next call records watch_line */
    int watch_lines;         /* ... following every line it runs */
    int watch_line;          /* where its function returned (limits.c) */
    int watch_tail;          /* it ended in a tail call */
    ay_heap heap;
    /* The metatables of project and indicator objects (lproject.c), by
     * address: checking a userdata's class by name costs a registry
     * lookup, on every read a script makes. */
    const void *mt_project, *mt_indicator;
    /* What the results views (lresults.c) show: the result being
     * aggregated, its weights (NULL: the script's), NULL outside an
     * evaluation; dep is set by a read that depends on the weights. */
    struct {
        const assay_result *r;
        const double *w;
        int dep;
    } view;
    ay_buf value;            /* an evidence value's JSON, while it is made */
    /* trace(): the lines of what runs now (a criterion, or the project's
     * aggregate and verdict rules), and the running call's budget. */
    ay_buf trace_text;       /* files and texts, each NUL-terminated */
    ay_tline *tlines;
    int ntlines, captlines;
    size_t trace_left;       /* bytes the call may still record */
    size_t trace_dropped;    /* bytes of text the call dropped */
    unsigned long trace_drops;     /* trace() calls that lost text */
    unsigned long trace_drop_line; /* where the first of them was */
} ay_vm;

/* Set vm up with a copy of lim and of stock_dir (may be NULL); load
 * errors go to err. No Lua state until a script is loaded. */
int ay_vm_init(ay_vm *vm, const assay_limits *lim, const char *stock_dir,
               ay_buf *err);
void ay_vm_free(ay_vm *vm);

static inline ay_vm *ay_vm_of(lua_State *L) {
    return *(ay_vm **)lua_getextraspace(L);
}

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

/* lbuild.c: fill p from the project table at arg, its id and name as any
 * other field, nesting at most depth deep; raises on a table no case
 * file could hold (a function value, a cycle, a key that is no string, a
 * NUL byte, too deep), naming where. [-0, +0, e] */
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
/* Make the next call record, in vm->watch_line, the line of the return
 * statement the function it calls returned from (0 when unknown). A
 * function that ended in a tail call (`return f(x)`) has lost that line:
 * watch_tail says so, and only with lines set is the line of its last
 * statement kept. A hook on every return (and with lines, on every line
 * run, which costs several times the call): for running again a call that
 * went wrong, never for the first run. Unwatch once the call is over. */
void ay_limits_watch(ay_vm *vm, int lines);
void ay_limits_unwatch(ay_vm *vm);
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
 * call from the project and the criterion, and each verdict rule and
 * aggregate function call from the project and the rule's place. */
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

/* trace.c: trace(...) for scripts, a closure for the base library copy.
 * ay_trace_open keeps the scripts' tostring (at index tostring), which it
 * formats with. [-0, +0, m] */
int ay_trace_lua(lua_State *L);
void ay_trace_open(lua_State *L, int tostring);
/* Forget the lines kept: something else starts running. */
void ay_trace_begin(ay_vm *vm);
/* Around each call into the script: its budget, and at its end a line
 * saying what it dropped, if anything. */
void ay_trace_call_begin(ay_vm *vm);
void ay_trace_call_end(ay_vm *vm);
/* Copy the lines kept into a, in *out; returns how many (0 when none, or
 * out of memory). */
int ay_trace_keep(ay_vm *vm, ay_arena *a, assay_trace **out);
void ay_trace_free(ay_vm *vm);

/* sandbox.c */
int ay_sandbox_new(ay_vm *vm);  /* creates vm->L with the sandbox */
int ay_sandbox_load(lua_State *L, const char *chunkname, const char *text,
                    size_t len);          /* pushes the chunk or an error */
/* Describe the error object on top (left there) without running any
 * metamethod or allocating from Lua: safe outside a protected call. The
 * text is valid until the object is popped or the next call. */
const char *ay_sandbox_errmsg(lua_State *L, size_t *len);
void ay_sandbox_setglobal(lua_State *L, const char *name);
/* Fix the scripts' globals once the script has loaded: ASSAY_OK or
 * ASSAY_ENOMEM. */
int ay_sandbox_freeze(lua_State *L);
/* Make the table at idx one rawset refuses to write. [-0, +0, m] */
void ay_sandbox_seal(lua_State *L, int idx);

/* script.c */
int ay_script_load(ay_vm *vm, const char *chunkname, const char *path,
                   const char *text, size_t len);
void ay_script_free(lua_State *L, ay_script *s);
/* The standing of verdict rule i: as declared, else worked out from the
 * rules' thresholds (script.c says how). */
int ay_verdict_standing(const ay_script *s, int i);
/* A fresh Lua state with the same script, after a limit was hit. The old
 * script is retired, not freed: results being built point into it. */
int ay_script_reload(ay_vm *vm);
/* Free the retired scripts, once no result points into them. */
void ay_script_free_retired(ay_vm *vm);
/* Where a declaration of s is written: criterion i (0-based), or the
 * weighting for i = -1; with j >= 0, rule j of its bands or verdicts.
 * The file and line are the call's; the column is found in the text (the
 * script's, or the module's file read again, of at most max bytes): the
 * callee's name for the declaration, the rule's own `{` when the list is
 * written in the call, else the list's key. *file NULL and *line 0 when
 * it was not called from Lua; *col 0 when the text does not show it.
 * ASSAY_OK, or ASSAY_EINVAL when there is no such declaration. */
int ay_script_where(const ay_script *s, size_t max, int i, int j,
                    const char **file, int *line, int *col);
/* Where the file that made declaration i (as for ay_script_where) first
 * writes lit as a string literal (ay_find_literal): ASSAY_OK with *file,
 * *line and *col, or ASSAY_EINVAL when it does not, or there is no such
 * declaration. */
int ay_script_find_literal(const ay_script *s, size_t max, int i,
                           const char *lit, const char **file, int *line,
                           int *col);

#endif /* AY_VM_H */

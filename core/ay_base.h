/*
 * ay_base.h -- the bottom layer of the library: arenas and byte buffers,
 * text rules (escaping, messages, JSON pieces), files, the table of
 * limits, the C locale of public calls, the install folder and the CPUs
 * the process may use. No YAML and no Lua here.
 */
#ifndef AY_BASE_H
#define AY_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "assay.h"

/* Conventions of the library's own code, in every layer:
 * - Names that cross a file start with ay_ (types too: ay_buf, ay_vm) or
 *   AY_; a file's static names are short and bare. Public names start
 *   with assay_ (tests/layers/check.py holds libassay.a to this).
 * - A call that can fail returns a status: ASSAY_OK, or the ASSAY_* code
 *   that says what went wrong (ASSAY_EINPUT for a rejected document,
 *   ASSAY_ENOMEM, ...), with the message where its comment says. What
 *   returns a value returns NULL or 0 for "none"; a question (ay_in)
 *   returns 1 or 0. Functions shaped like Lua's C API (a lua_State first,
 *   a [-o, +p, x] note) keep Lua's own conventions.
 * - A problem in a document is an ay_ydoc_error where it is found; a
 *   document with any is rejected, so nothing else carries a "bad" flag.
 * - Messages are built in ay_buf, which grows; fixed arrays hold only
 *   what has a stated bound. */

#define AY_UNUSED(x) ((void)(x))

/* ---- Arena and byte buffer (util.c) ----------------------------------- */

typedef struct ay_block ay_block;
typedef struct ay_arena {
    ay_block *head;
    ay_block *spare;         /* blocks of the ordinary size kept by a reset */
    unsigned nspare;
} ay_arena;

void *ay_arena_alloc(ay_arena *a, size_t n);       /* zeroed; NULL if OOM */
void *ay_arena_alloc_raw(ay_arena *a, size_t n);   /* not zeroed */
char *ay_arena_strndup(ay_arena *a, const char *s, size_t n);
char *ay_arena_strdup(ay_arena *a, const char *s);
void ay_arena_reset(ay_arena *a);                  /* keeps one block */
void ay_arena_free(ay_arena *a);

/* Bytes, growing as they are added; or, made by ay_buf_over, the caller's
 * memory, never grown: what does not fit is counted in lost, so that
 * n + lost is the length the text needs (as snprintf counts). */
typedef struct ay_buf {
    char *p;
    size_t n, cap;
    int oom;
    int fixed;               /* p is the caller's, of cap bytes */
    size_t lost;             /* bytes a fixed buffer had no room for */
} ay_buf;

/* A buffer over dst's cap bytes (dst may be NULL when cap is 0). */
static inline ay_buf ay_buf_over(char *dst, size_t cap)
{
    return (ay_buf){.p = dst, .cap = cap, .fixed = 1};
}
/* Room for extra more bytes; 0 (and oom set) when there is none. */
int ay_buf_grow(ay_buf *b, size_t extra);
/* Add n bytes where the buffer has no room for them yet. */
void ay_buf_spill(ay_buf *b, const void *s, size_t n);
static inline void ay_buf_put(ay_buf *b, const void *s, size_t n)
{
    if (b->cap - b->n > n) {
        memcpy(b->p + b->n, s, n);
        b->n += n;
    } else if (n) {
        ay_buf_spill(b, s, n);
    }
}
static inline void ay_buf_putc(ay_buf *b, char c)
{
    if (b->cap - b->n > 1)
        b->p[b->n++] = c;
    else
        ay_buf_spill(b, &c, 1);
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
/* Read a whole file into b, refusing more than limit bytes: ASSAY_OK, or
 * ASSAY_EIO with the reason in why (and errno set). */
int ay_read_file(const char *path, size_t limit, ay_buf *b, char *why,
                 size_t whylen);

/* Switch the calling thread to the C locale for the length of a public
 * call (numbers are read and written in it, whatever the host's
 * LC_NUMERIC); returns the host's locale, for ay_leave, or 0 when the C
 * locale could not be made. Callbacks into the host run in the host's
 * locale. */
locale_t ay_enter(void);
void ay_leave(locale_t host);

/* install.c: the stock scripts installed with this code, found from the
 * file that holds it (libassay.so, the Lua module or the program), else
 * in the folder make install puts them in; NULL when there are none.
 * Caller frees. */
char *ay_installed_stock_dir(void);

/* cores.c: the whole CPUs a cgroup CPU quota leaves this process (quota
 * over period, rounded up), the least over each cgroup PROC/self/cgroup
 * names and those above it: cgroup v2's cpu.max under SYS/fs/cgroup (or
 * SYS/fs/cgroup/unified beside v1), v1's cpu.cfs_quota_us and
 * cpu.cfs_period_us under SYS/fs/cgroup/CONTROLLERS (or .../cpu). 0 when
 * no quota is set or none can be read. proc and sys are "/proc" and
 * "/sys", or a test's stand-ins for them. */
int ay_cgroup_cpus(const char *proc, const char *sys);

/* ---- "Did you mean" hints (near.c) ----------------------------------- */

/* How near cand is to typed, a name that does not exist, for a hint: the
 * edit distance between them (insert, delete, replace, swap neighbours;
 * ASCII letter case ignored) when it is at most a third of typed's length
 * (at least 1); else, when the longer holds the shorter of three letters
 * or more ("kenya" in "kenya_fit"), one more than that allowance, so that
 * all such are equally near; else -1, too far to suggest. Lower is
 * nearer. */
int ay_name_distance(const char *typed, size_t tn, const char *cand,
                     size_t cn);

/* The candidates nearest to a typed name, offered one by one: up to
 * AY_NEAR_MAX of those at the least distance, in the order offered (so
 * the caller's order breaks ties). The names are borrowed: they must
 * outlive the struct. n is 0 when none is near enough. */
#define AY_NEAR_MAX 3
typedef struct ay_near {
    const char *typed;
    size_t tn;
    const char *best[AY_NEAR_MAX];
    int n, dist;
} ay_near;
void ay_near_init(ay_near *nr, const char *typed);
void ay_near_offer(ay_near *nr, const char *cand);
void ay_near_offer_list(ay_near *nr, const char *const *list); /* NULL-ended */
/* Append "; did you mean A, B or C?" to b, each name written by show (as
 * 'x', p:x, ...); nothing when nr holds none. */
void ay_near_hint(const ay_near *nr, ay_buf *b,
                  void (*show)(ay_buf *b, const char *name));

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
/* The column of the first name callee on line of text, 0 when there is
 * none: where a call stands. */
int ay_call_column(const char *text, size_t len, int line,
                   const char *callee);
/* Where the positional items of a list stand: the list that is the value
 * of field key of the first `callee {...}` on line, when it is written
 * there as a constructor. *at_key gets the key's position (line 0 when the
 * call or the key is not found); out, up to max of them, the first token
 * of each item. Returns the number of items, 0 when the value is not a
 * constructor. */
int ay_constructor_items(const char *text, size_t len, int line,
                         const char *callee, const char *key,
                         ay_srckey *at_key, ay_srckey *out, int max);
/* Where text first writes the string lit as a short literal ('lit' or
 * "lit", with no escape in it), outside comments and long strings: 1 with
 * *line and *col (of the opening quote), or 0. */
int ay_find_literal(const char *text, size_t len, const char *lit,
                    int *line, int *col);
/* Where item (1-based) of the list written as the value of `key =` in that
 * call stands: the first token of its item-th positional field. 1 with
 * *oline and *ocol set, or 0 when the text does not show it (the value is
 * not a table constructor, it has fewer items, there is no such call). */
int ay_constructor_item(const char *text, size_t len, int line,
                        const char *callee, const char *key, int item,
                        int *oline, int *ocol);

/* Each field of assay_limits with its default and the range it may be
 * set to (limtab.c): the one place they are defined. The command's flags,
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

#endif /* AY_BASE_H */

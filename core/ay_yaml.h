/*
 * ay_yaml.h -- YAML and the case schema: a stream cut into documents
 * (chunk.c), a document parsed into a node tree (ydoc.c), a tree checked
 * into a project (project.c), a project built in code as a tree (build.c).
 * Sees ay_base.h only; no Lua.
 */
#ifndef AY_YAML_H
#define AY_YAML_H

#include "ay_base.h"

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

/* Parse a chunk into doc (whose arena is a): ASSAY_OK when a document was
 * read, ASSAY_DONE when the chunk held none (comments only, or an empty
 * document), ASSAY_EINPUT when it was rejected (diags added). */
int ay_ydoc_parse(ay_ydoc *doc, ay_arena *a, const ay_chunk *c, const assay_limits *lim);

void ay_ydoc_error(ay_ydoc *doc, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A new zeroed node in doc (index), 0 when out of memory. Pointers into
 * doc->n are invalid after it. */
uint32_t ay_ydoc_node(ay_ydoc *doc);
/* Type the scalar n from its text by the core schema; want is an explicit
 * tag ("str", "int", ...) or NULL for a plain scalar. ASSAY_OK, or
 * ASSAY_EINPUT with a diagnostic. */
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
    unsigned long long nread; /* bytes read from f: nread - il of them
                                 are taken into chunks */
    const char *next[4];     /* the next LF, CR, 0xC2 and 0xE2 in the
                                input, or its end; NULL: not looked for
                                since the input moved (chunk.c: take_lines) */
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
    const char *note;        /* the case's note on it, or NULL */
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

/* build.c: a project built in code, as the document a file would give. */
/* An empty project: no id, no name, nothing (the Lua module adds its
 * table's id and name as any other field, so that a missing or bad one
 * is checked as a case file's is). Free with assay_project_free; NULL
 * when out of memory. */
assay_project *ay_build_new(void);
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

#endif /* AY_YAML_H */

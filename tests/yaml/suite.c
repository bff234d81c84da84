/*
 * suite.c -- does assay's document cutter agree with libyaml on where the
 * documents of a YAML stream begin? Checked on the public YAML test suite.
 *
 *   make yaml-suite YAML_SUITE=DIR        (build/yaml_suite DIR [-v])
 *
 * DIR is an export of the suite's `data` branch: one folder per test (some
 * with numbered subfolders), each holding in.yaml, and a file `error` when
 * the stream is invalid. To get one (the suite is not part of this
 * repository, and CI has no network):
 *
 *   git clone -b data --depth 1 https://github.com/yaml/yaml-test-suite DIR
 *
 * or, from a bare copy of the repository, `git --git-dir=REPO archive data
 * | tar -x -C DIR`. Without DIR (or with a DIR that holds no in.yaml) the
 * checker says so and exits 0, so that it can sit in a make target that
 * runs offline; it is not part of `make check`.
 *
 * For every stream, the reference is libyaml reading the whole stream: the
 * line of each DOCUMENT-START event (its start mark, 0-based line + 1; an
 * explicit document with directives starts at its first directive) or the
 * error it stops at. assay's side is ay_chunker_next cutting the stream,
 * each chunk parsed on its own by libyaml, as ay_ydoc_parse does: a
 * document's line is the chunk's first line plus its mark's line, and a
 * chunk that fails or holds two documents is a rejection.
 *
 *   valid streams libyaml reads: the lines must be the same, and no chunk
 *     may be rejected;
 *   valid streams libyaml rejects (it reads YAML 1.1, and some 1.2 forms
 *     it does not): not compared (-v lists them), only counted, with how
 *     many of them assay reads all the same (a bare document after `...`,
 *     which libyaml 0.2.5 wants a `---` for, is one that cutting helps);
 *   invalid streams libyaml rejects: some chunk must be rejected too, or
 *     assay would accept silently what libyaml refuses.
 *
 * The cutter also reads every stream from a pipe in pieces of 1 to 7
 * bytes, so that markers and breaks fall across reads: its documents and
 * rejections must be the same as when it reads the stream in memory.
 *
 * Prints each disagreement and the figures; exits 1 when there is one.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* nftw */
#endif
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "ay_yaml.h"
#include "../unit/feed.h"

#define MAX_DOCS 64

/* What a parse found: the documents' first lines, and the first error. */
typedef struct outcome {
    unsigned long line[MAX_DOCS];
    int ndocs;
    int failed;              /* 1: a parse error; 2: two documents in a chunk */
    unsigned long err_line;
    char err[200];
} outcome;

/* Parse len bytes of text, numbering lines from first; append the
 * documents' lines to o. Returns the number of documents, -1 on error. */
static int parse(const char *text, size_t len, unsigned long first,
                 outcome *o)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        fprintf(stderr, "yaml_suite: out of memory\n");
        exit(2);
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    int docs = 0, rc = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            if (!o->failed) {
                o->failed = 1;
                o->err_line = first + p.problem_mark.line;
                if (p.error == YAML_READER_ERROR)
                    o->err_line = 0; /* offsets, not marks */
                snprintf(o->err, sizeof o->err, "%s",
                         p.problem ? p.problem : "error");
            }
            rc = -1;
            break;
        }
        int type = ev.type;
        if (type == YAML_DOCUMENT_START_EVENT) {
            docs++;
            if (o->ndocs < MAX_DOCS)
                o->line[o->ndocs] = first + ev.start_mark.line;
            o->ndocs++;
        }
        yaml_event_delete(&ev);
        if (type == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&p);
    return rc < 0 ? -1 : docs;
}

static void reference(const char *text, size_t len, outcome *o)
{
    memset(o, 0, sizeof *o);
    parse(text, len, 1, o);
}

/* The cutter's outcome: the stream read in memory (piece 0) or from a
 * pipe, piece bytes at a time. */
static void cutter(const char *text, size_t len, size_t piece, outcome *o)
{
    memset(o, 0, sizeof *o);
    ay_chunker ck;
    feeder fd;
    if (piece) {
        if (feed_open(&fd, &ck, text, len, piece, (size_t)64 << 20)) {
            perror("yaml_suite: pipe");
            exit(2);
        }
    } else {
        ay_chunker_init_mem(&ck, text, len, (size_t)64 << 20);
    }
    ay_chunk c;
    while (ay_chunker_next(&ck, &c)) {
        int docs = parse(c.text, c.len, c.line, o);
        if (docs > 1 && !o->failed) {
            o->failed = 2;
            o->err_line = o->line[o->ndocs - 1 < MAX_DOCS ? o->ndocs - 1 : 0];
            snprintf(o->err, sizeof o->err,
                     "a chunk holds %d documents", docs);
        }
    }
    ay_chunker_free(&ck);
    if (piece) {
        if (fd.failed) {
            perror("yaml_suite: pipe");
            exit(2);
        }
        feed_close(&fd);
    }
}

static void show(const char *what, const outcome *o)
{
    printf("    %-8s", what);
    for (int i = 0; i < o->ndocs && i < MAX_DOCS; i++)
        printf(" %lu", o->line[i]);
    if (!o->ndocs)
        printf(" (no document)");
    if (o->failed)
        printf("; rejected at line %lu: %s", o->err_line, o->err);
    printf("\n");
}

static int same_lines(const outcome *a, const outcome *b)
{
    if (a->ndocs != b->ndocs)
        return 0;
    for (int i = 0; i < a->ndocs && i < MAX_DOCS; i++)
        if (a->line[i] != b->line[i])
            return 0;
    return 1;
}

static int same_outcome(const outcome *a, const outcome *b)
{
    return same_lines(a, b) && a->failed == b->failed &&
           a->err_line == b->err_line;
}

#define MAX_PIECE 7

static struct {
    int verbose;
    int pieces_differ;
    size_t root_len;
    int valid, valid_agree, valid_libyaml_rejects, valid_cutter_reads;
    int invalid, invalid_libyaml_rejects, invalid_both_reject;
    int invalid_libyaml_accepts;
} S;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    ay_buf b = {0};
    char tmp[8192];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        ay_buf_put(&b, tmp, n);
    fclose(f);
    *len = b.n;
    if (!b.p)
        return calloc(1, 1);
    return b.p;
}

static int visit(const char *path, const struct stat *st, int type,
                 struct FTW *ftw)
{
    (void)st;
    size_t n = strlen(path);
    if (type != FTW_F || n < 8 || strcmp(path + n - 8, "/in.yaml"))
        return 0;
    const char *name = path + S.root_len + (path[S.root_len] == '/');
    int namelen = (int)(strlen(name) - 8);
    char err_path[4096];
    snprintf(err_path, sizeof err_path, "%.*s/error", (int)(n - 8), path);
    struct stat es;
    int invalid = stat(err_path, &es) == 0;
    size_t len;
    char *text = slurp(path, &len);
    if (!text) {
        printf("FAIL %.*s: cannot read in.yaml\n", namelen, name);
        return 0;
    }
    outcome ref, cut;
    reference(text, len, &ref);
    cutter(text, len, 0, &cut);
    for (size_t piece = 1; piece <= MAX_PIECE; piece++) {
        outcome in_pieces;
        cutter(text, len, piece, &in_pieces);
        if (!same_outcome(&cut, &in_pieces)) {
            S.pieces_differ++;
            printf("FAIL %.*s: read in pieces of %zu bytes, the cutter "
                   "cuts elsewhere\n", namelen, name, piece);
            show("memory", &cut);
            show("pieces", &in_pieces);
            break;
        }
    }
    free(text);
    (void)ftw;
    if (!invalid) {
        S.valid++;
        if (ref.failed) {
            S.valid_libyaml_rejects++;
            S.valid_cutter_reads += !cut.failed;
            if (S.verbose) {
                printf("skip %.*s: valid, but libyaml rejects it\n", namelen,
                       name);
                show("libyaml", &ref);
                show("assay", &cut);
            }
            return 0;
        }
        if (!cut.failed && same_lines(&ref, &cut)) {
            S.valid_agree++;
            return 0;
        }
        printf("FAIL %.*s: valid stream, %s\n", namelen, name,
               cut.failed ? "the cutter's chunks are rejected"
                          : "documents begin elsewhere");
        show("libyaml", &ref);
        show("assay", &cut);
        return 0;
    }
    S.invalid++;
    if (!ref.failed) {
        S.invalid_libyaml_accepts++;
        return 0;
    }
    S.invalid_libyaml_rejects++;
    if (cut.failed) {
        S.invalid_both_reject++;
        return 0;
    }
    printf("FAIL %.*s: invalid stream libyaml rejects, but every chunk "
           "parses\n", namelen, name);
    show("libyaml", &ref);
    show("assay", &cut);
    return 0;
}

int main(int argc, char **argv)
{
    const char *root = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v"))
            S.verbose = 1;
        else if (!root)
            root = argv[i];
    }
    struct stat st;
    if (!root || !*root || stat(root, &st) || !S_ISDIR(st.st_mode)) {
        printf("yaml_suite: skipped: no export of the YAML test suite given "
               "(see tests/yaml/suite.c)\n");
        return 0;
    }
    S.root_len = strlen(root);
    while (S.root_len > 1 && root[S.root_len - 1] == '/')
        S.root_len--;
    if (nftw(root, visit, 16, FTW_PHYS)) {
        perror(root);
        return 2;
    }
    if (!S.valid && !S.invalid) {
        printf("yaml_suite: skipped: no in.yaml under %s\n", root);
        return 0;
    }
    printf("valid streams: %d; libyaml reads %d, and the cutter agrees on "
           "%d; libyaml rejects %d (not compared; the cutter's chunks all "
           "parse in %d)\n", S.valid, S.valid - S.valid_libyaml_rejects,
           S.valid_agree, S.valid_libyaml_rejects, S.valid_cutter_reads);
    printf("invalid streams: %d; libyaml rejects %d, and the cutter's chunks "
           "are rejected too in %d; libyaml accepts %d\n", S.invalid,
           S.invalid_libyaml_rejects, S.invalid_both_reject,
           S.invalid_libyaml_accepts);
    printf("read from a pipe in pieces of 1 to %d bytes: the cutter cuts "
           "as in memory in %d of %d streams\n", MAX_PIECE,
           S.valid + S.invalid - S.pieces_differ, S.valid + S.invalid);
    int bad = (S.valid - S.valid_libyaml_rejects - S.valid_agree) +
              (S.invalid_libyaml_rejects - S.invalid_both_reject) +
              S.pieces_differ;
    return bad ? 1 : 0;
}

/*
 * test_chunk.c -- the document cutter (chunk.c): where it cuts a stream
 * into one-document chunks, which must be where libyaml begins documents
 * (tests/yaml/suite.c checks that on the public YAML test suite; these
 * tests keep each class of stream it went wrong on).
 *
 * Every chunk's first line and text below is worked out by hand from the
 * stream beside it. libyaml counts as line breaks LF, CRLF and a lone CR,
 * and in UTF-8 also NEL (C2 85), LS (E2 80 A8) and PS (E2 80 A9); a
 * document starts at its `---`, or at its first directive, or at its
 * first content when it has neither; between documents it skips blank
 * lines, comments (also indented ones) and extra `...` lines.
 */
#include "unit.h"

#include "ay_yaml.h"
#include "feed.h"

#define MAX_CHUNKS 8

typedef struct cut {
    int n;
    unsigned line[MAX_CHUNKS];
    char text[MAX_CHUNKS][256];  /* a chunk's text, when it is shorter */
    uint64_t sum[MAX_CHUNKS];    /* of the whole text, ... */
    uint64_t sum1[MAX_CHUNKS];   /* ... and of all but its last byte */
    char tail[MAX_CHUNKS][2];    /* its last two bytes */
    size_t len[MAX_CHUNKS];
    int too_big[MAX_CHUNKS];
} cut;

static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static void take_all(ay_chunker *ck, cut *out)
{
    memset(out, 0, sizeof *out);
    ay_chunk c;
    while (ay_chunker_next(ck, &c)) {
        assert_true(out->n < MAX_CHUNKS);
        int i = out->n++;
        out->line[i] = c.line;
        out->len[i] = c.len;
        out->too_big[i] = c.too_big;
        if (c.len < sizeof out->text[i])
            memcpy(out->text[i], c.text, c.len);
        out->sum1[i] = fnv(c.text, c.len ? c.len - 1 : 0);
        out->sum[i] = fnv(c.text, c.len);
        if (c.len >= 2)
            memcpy(out->tail[i], c.text + c.len - 2, 2);
    }
    assert_false(ck->ioerr);
    ay_chunker_free(ck);
}

/* Cut n bytes of s held in memory, documents of at most max bytes. */
static void cut_mem(cut *out, const char *s, size_t n, size_t max)
{
    ay_chunker ck;
    ay_chunker_init_mem(&ck, s, n, max);
    take_all(&ck, out);
}

/* The same bytes read from a file, 64 KiB at a time. */
static void cut_file(cut *out, const char *s, size_t n, size_t max)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, n, f), n);
    rewind(f);
    ay_chunker ck;
    ay_chunker_init_file(&ck, f, max);
    take_all(&ck, out);
    fclose(f);
}

/* The same bytes read from a pipe, piece bytes at a time (feed.h). */
static void cut_pipe(cut *out, const char *s, size_t n, size_t piece,
                     size_t max)
{
    feeder fd;
    ay_chunker ck;
    assert_int_equal(feed_open(&fd, &ck, s, n, piece, max), 0);
    take_all(&ck, out);
    assert_false(fd.failed);
    feed_close(&fd);
}

static void show(const cut *c)
{
    for (int i = 0; i < c->n; i++)
        print_message("chunk %d at line %u: \"%.*s\"\n", i, c->line[i],
                      (int)c->len[i], c->text[i]);
}

/* Whether chunk i of got is chunk i of want. A chunk read from a pipe
 * may leave at the CR of a CRLF whose LF has not come yet (a document
 * is not held back for it), and the LF is then dropped: the break is the
 * same. */
static int same_chunk(const cut *got, const cut *want, int i, int piecewise)
{
    if (got->line[i] != want->line[i] || got->too_big[i] != want->too_big[i])
        return 0;
    size_t n = want->len[i];
    if (got->len[i] == n && got->sum[i] == want->sum[i])
        return 1;
    return piecewise && n >= 2 && got->len[i] == n - 1 &&
           !memcmp(want->tail[i], "\r\n", 2) &&
           got->sum[i] == want->sum1[i];
}

/* Cut n bytes of s in memory into out; then read from a file and from a
 * pipe in pieces of 1 to 8 bytes (so that every marker, break and line
 * falls across a read), which must cut the same. */
static void cut_all(cut *out, const char *s, size_t n, size_t max)
{
    cut_mem(out, s, n, max);
    for (size_t piece = 0; piece <= 8; piece++) {
        cut c;
        if (piece == 0)
            cut_file(&c, s, n, max);
        else
            cut_pipe(&c, s, n, piece, max);
        int ok = c.n == out->n;
        for (int i = 0; ok && i < c.n; i++)
            ok = same_chunk(&c, out, i, piece > 0);
        if (!ok) {
            print_message("in memory:\n");
            show(out);
            if (piece)
                print_message("read in pieces of %zu:\n", piece);
            else
                print_message("read from a file:\n");
            show(&c);
            fail_msg("the cuts differ");
        }
    }
}

#define CUT(out, s) cut_all((out), (s), sizeof(s) - 1, 1 << 20)

/* Chunk i starts at line and holds exactly text. */
#define assert_chunk(c, i, ln, txt)                                        \
    do {                                                                   \
        const cut *c_ = (c);                                               \
        const char *t_ = (txt);                                            \
        if ((i) >= c_->n || c_->line[i] != (ln) ||                         \
            c_->len[i] != strlen(t_) || memcmp(c_->text[i], t_, c_->len[i])) { \
            show(c_);                                                      \
            fail_msg("chunk %d: expected line %u \"%s\"", (i), (ln), t_);  \
        }                                                                  \
    } while (0)

#define assert_chunks(c, count)                                            \
    do {                                                                   \
        if ((c)->n != (count)) {                                           \
            show(c);                                                       \
            fail_msg("%d chunks, expected %d", (c)->n, (count));           \
        }                                                                  \
    } while (0)

/* ---- What the cutter already did -------------------------------------- */

static void test_chunk_markers(void **state)
{
    (void)state;
    cut c;
    CUT(&c, "a: 1\n"        /* 1 */
            "---\n"         /* 2 */
            "b: 2\n"        /* 3 */
            "...\n"         /* 4 */
            "# between\n"   /* 5 */
            "--- c\n");     /* 6 */
    assert_chunks(&c, 3);
    assert_chunk(&c, 0, 1, "a: 1\n");
    assert_chunk(&c, 1, 2, "---\nb: 2\n...\n");
    assert_chunk(&c, 2, 5, "# between\n--- c\n");
    /* a marker needs a blank or a break after it */
    CUT(&c, "a: 1\n---x\n----\n...y\n");
    assert_chunks(&c, 1);
    assert_chunk(&c, 0, 1, "a: 1\n---x\n----\n...y\n");
    /* CR and CRLF end lines */
    CUT(&c, "a: 1\r---\r\nb: 2\r\n");
    assert_chunks(&c, 2);
    assert_chunk(&c, 1, 2, "---\r\nb: 2\r\n");
}

/* ---- Lines that only look blank ---------------------------------------- */

/* Between a directive and its `---`, a line of spaces, a tab or an
 * indented comment is no document: it was taken for one, the directive
 * was cut off from its `---`, and libyaml reported "did not find
 * expected <document start>" for a valid stream (YAML test suite DK95/07
 * has the tab). */
static void test_chunk_blank_looking_lines(void **state)
{
    (void)state;
    cut c;
    CUT(&c, "%YAML 1.2\n"   /* 1 */
            "   \n"         /* 2: spaces */
            "---\n"         /* 3 */
            "a: 1\n");      /* 4 */
    assert_chunks(&c, 1);
    assert_chunk(&c, 0, 1, "%YAML 1.2\n   \n---\na: 1\n");
    CUT(&c, "%YAML 1.2\n\t\n---\na: 1\n");
    assert_chunks(&c, 1);
    assert_chunk(&c, 0, 1, "%YAML 1.2\n\t\n---\na: 1\n");
    /* (libyaml skips a tab at the start of a line only right after a
     * directive: after any other line break it refuses one, and then
     * refuses the chunk just as it does the stream) */
    CUT(&c, "%YAML 1.2\n\t# a comment\n  # another\n---\na: 1\n");
    assert_chunks(&c, 1);
    assert_chunk(&c, 0, 1, "%YAML 1.2\n\t# a comment\n  # another\n---\na: 1\n");
    /* the same after a `...`: the second document keeps its directive */
    CUT(&c, "a: 1\n"        /* 1 */
            "...\n"         /* 2 */
            "  \n"          /* 3 */
            "%YAML 1.2\n"   /* 4 */
            "---\n"         /* 5 */
            "b: 2\n");      /* 6 */
    assert_chunks(&c, 2);
    assert_chunk(&c, 0, 1, "a: 1\n...\n");
    assert_chunk(&c, 1, 3, "  \n%YAML 1.2\n---\nb: 2\n");
    /* a blank-looking line before a bare document changes nothing */
    CUT(&c, "  \na: 1\n---\nb: 2\n");
    assert_chunks(&c, 2);
    assert_chunk(&c, 0, 1, "  \na: 1\n");
    assert_chunk(&c, 1, 3, "---\nb: 2\n");
    /* but an indented word is content: a bare document */
    CUT(&c, "%YAML 1.2\n  a\n---\nb\n");
    assert_chunks(&c, 2);
    assert_chunk(&c, 0, 1, "%YAML 1.2\n  a\n");
    /* a byte order mark starts the stream, then a comment line */
    CUT(&c, "\xEF\xBB\xBF# bom\n%YAML 1.2\n---\na: 1\n");
    assert_chunks(&c, 1);
    assert_chunk(&c, 0, 1, "\xEF\xBB\xBF# bom\n%YAML 1.2\n---\na: 1\n");
}

/* ---- Directives with no document ----------------------------------------- */

/* A directive must be followed by `---`; a stream that ends after one was
 * accepted silently (libyaml rejects it; YAML test suite 9MMA). The chunk
 * is now handed to the parser, which reports it. */
static void test_chunk_directive_without_document(void **state)
{
    (void)state;
    cut c;
    CUT(&c, "%YAML 1.2\n");
    assert_chunks(&c, 1);
    assert_chunk(&c, 0, 1, "%YAML 1.2\n");
    CUT(&c, "a: 1\n"        /* 1 */
            "...\n"         /* 2 */
            "# end\n"       /* 3 */
            "%TAG ! !x\n"   /* 4 */
            "\n");          /* 5 */
    assert_chunks(&c, 2);
    assert_chunk(&c, 1, 3, "# end\n%TAG ! !x\n\n");
    /* comments alone are no document, as before */
    CUT(&c, "a: 1\n...\n# end\n\n");
    assert_chunks(&c, 1);
}

/* ---- Extra `...` lines ----------------------------------------------------- */

/* Between documents libyaml skips any number of `...` lines. A chunk of
 * comments and a `...` was handed to the parser on its own, and libyaml
 * read that `...` as the start of a document ("did not find expected node
 * content") in a valid stream. */
static void test_chunk_extra_document_ends(void **state)
{
    (void)state;
    cut c;
    CUT(&c, "a: 1\n"        /* 1 */
            "...\n"         /* 2 */
            "# c\n"         /* 3 */
            "...\n"         /* 4 */
            "...\n"         /* 5 */
            "---\n"         /* 6 */
            "b: 2\n");      /* 7 */
    assert_chunks(&c, 2);
    assert_chunk(&c, 0, 1, "a: 1\n...\n");
    assert_chunk(&c, 1, 6, "---\nb: 2\n");
    CUT(&c, "...\n");
    assert_chunks(&c, 0);
    CUT(&c, "...\n...\nb: 2\n");
    assert_chunks(&c, 1);
    assert_chunk(&c, 0, 3, "b: 2\n");
    /* after directives, a `...` is an error for the parser to report */
    CUT(&c, "%YAML 1.2\n...\n");
    assert_chunks(&c, 1);
    assert_chunk(&c, 0, 1, "%YAML 1.2\n...\n");
}

/* ---- NEL, LS and PS ------------------------------------------------------ */

/* libyaml ends lines at NEL, LS and PS too, so a `---` after one begins a
 * document. The cutter did not, and the parser then met two documents in
 * one chunk ("a second document begins here") at a line it counted one
 * way and the cutter another. */
static void test_chunk_unicode_line_breaks(void **state)
{
    (void)state;
    cut c;
    CUT(&c, "a: 1\xC2\x85"  /* 1, NEL */
            "---\n"         /* 2 */
            "b: 2\n");      /* 3 */
    assert_chunks(&c, 2);
    assert_chunk(&c, 0, 1, "a: 1\xC2\x85");
    assert_chunk(&c, 1, 2, "---\nb: 2\n");
    CUT(&c, "a: 1\xE2\x80\xA8---\xE2\x80\xA9" "b: 2\n"); /* LS, PS */
    assert_chunks(&c, 2);
    assert_chunk(&c, 1, 2, "---\xE2\x80\xA9" "b: 2\n");
    /* lines are counted across them: the `---` is on line 4 */
    CUT(&c, "a: x\xC2\x85y\xE2\x80\xA8z\n---\n");
    assert_chunks(&c, 2);
    assert_chunk(&c, 1, 4, "---\n");
    /* `---` ended by one is a marker */
    CUT(&c, "a: 1\n---\xC2\x85" "b: 2\n");
    assert_chunks(&c, 2);
    assert_chunk(&c, 1, 2, "---\xC2\x85" "b: 2\n");
    /* other characters with the same lead bytes are text: NBSP, '’' */
    CUT(&c, "a: \xC2\xA0---\nb: \xE2\x80\x99---\n");
    assert_chunks(&c, 1);
}

/* The bytes of a break may straddle two reads of a file: the first read
 * takes 65536 bytes. */
static void test_chunk_breaks_across_reads(void **state)
{
    (void)state;
    static const char *const breaks[] = {"\xC2\x85", "\xE2\x80\xA8",
                                         "\xE2\x80\xA9", "\r\n", "\r"};
    size_t size = 65536 + 64;
    char *s = malloc(size);
    assert_non_null(s);
    for (size_t b = 0; b < sizeof breaks / sizeof *breaks; b++) {
        size_t blen = strlen(breaks[b]);
        /* the first `split` bytes of the break end the first read */
        for (size_t split = 1; split <= blen; split++) {
            size_t n = 0;
            n += (size_t)sprintf(s + n, "a: 1\n");          /* 1 */
            s[n++] = '#';                                   /* 2 */
            while (n < 65536 - split)
                s[n++] = 'x';
            memcpy(s + n, breaks[b], blen);
            n += blen;
            n += (size_t)sprintf(s + n, "---\nb: 2\n");     /* 3 */
            cut c;
            cut_file(&c, s, n, 1 << 20);
            if (c.n != 2 || c.line[1] != 3) {
                show(&c);
                fail_msg("break %zu split after %zu byte(s): %d chunks", b,
                         split, c.n);
            }
            assert_int_equal(c.len[0], 65536 - split + blen);
            assert_chunk(&c, 1, 3, "---\nb: 2\n");
        }
    }
    free(s);
}

/* ---- Lines inside a document ----------------------------------------- */

/* A stream and the chunks it must be cut into: each chunk's first line
 * and text, worked out by hand. */
typedef struct cut_case {
    const char *what;
    const char *stream;
    unsigned line[MAX_CHUNKS];
    const char *text[MAX_CHUNKS]; /* up to the first NULL */
} cut_case;

static const cut_case lines_in_documents[] = {
    {"markers",
     "a: 1\n---\nb: 2\n...\n---\nc: 3\n",
     {1, 2, 5},
     {"a: 1\n", "---\nb: 2\n...\n", "---\nc: 3\n"}},
    {"CRLF",
     "a: 1\r\n---\r\nb: 2\r\n--- c\r\n",
     {1, 2, 4},
     {"a: 1\r\n", "---\r\nb: 2\r\n", "--- c\r\n"}},
    {"a lone CR",
     "a\rb\r---\rc\r\r---\n",
     {1, 3, 6},
     {"a\rb\r", "---\rc\r\r", "---\n"}},
    {"NEL, LS and PS end lines; NBSP and a quote mark do not",
     "a: 1\xC2\x85"                  /* 1 */
     "b: \xC2\xA0\xE2\x80\x99\n"       /* 2 */
     "---\xE2\x80\xA8"                /* 3 */
     "c: 2\xE2\x80\xA9"               /* 4 */
     "---\nd\n",                      /* 5-6 */
     {1, 3, 5},
     {"a: 1\xC2\x85" "b: \xC2\xA0\xE2\x80\x99\n", "---\xE2\x80\xA8" "c: 2\xE2\x80\xA9",
      "---\nd\n"}},
    {"an indented `---` in a block scalar is text",
     "a: |\n  x\n  ---\n  y\nb: 1\n",
     {1},
     {"a: |\n  x\n  ---\n  y\nb: 1\n"}},
    {"a `---` at column 0 ends the block scalar",
     "a: |\n  x\n---\n  y\n",
     {1, 3},
     {"a: |\n  x\n", "---\n  y\n"}},
    {"a marker is three dashes or dots and a space, a tab, a break or the "
     "end; other lines that start with them are text",
     "a\n---x\n----\n--\n- x\n...y\n.5\n"   /* 1-7 */
     "--- b\n---\tc\n---",                /* 8-10 */
     {1, 8, 9, 10},
     {"a\n---x\n----\n--\n- x\n...y\n.5\n", "--- b\n", "---\tc\n", "---"}},
    {"a `...` at the end of the input",
     "a\n...",
     {1},
     {"a\n..."}},
    {"a byte order mark starts the stream, then the first `---`",
     "\xEF\xBB\xBF---\na\n---\nb\n",
     {1, 3},
     {"\xEF\xBB\xBF---\na\n", "---\nb\n"}},
    {"after a later byte order mark, a `---` is not at column 0 "
     "(libyaml reads one document)",
     "a\n\xEF\xBB\xBF---\nb\n",
     {1},
     {"a\n\xEF\xBB\xBF---\nb\n"}},
};

/* Inside a document the cutter looks only at where lines end and at
 * lines that start with `---` or `...` (take_lines). Each stream is cut
 * in memory, from a file, and from a pipe in pieces of every size up to
 * 8 bytes (cut_all), so that markers, breaks and lines fall across
 * reads. */
static void test_chunk_lines_in_documents(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof lines_in_documents / sizeof *lines_in_documents; k++) {
        const cut_case *w = &lines_in_documents[k];
        cut c;
        cut_all(&c, w->stream, strlen(w->stream), 1 << 20);
        int n = 0;
        while (n < MAX_CHUNKS && w->text[n])
            n++;
        int ok = c.n == n;
        for (int i = 0; ok && i < n; i++)
            ok = c.line[i] == w->line[i] && !c.too_big[i] &&
                 c.len[i] == strlen(w->text[i]) &&
                 !memcmp(c.text[i], w->text[i], c.len[i]);
        if (!ok) {
            show(&c);
            fail_msg("%s: not cut as expected", w->what);
        }
    }
}

/* A document of exactly the size limit is kept; one byte more and it is
 * too big (given without text), and the document after it is whole. */
static void test_chunk_size_limit_in_pieces(void **state)
{
    (void)state;
    const char s[] = "---\na: 12\n"        /* 1-2: 10 bytes */
                     "---\nb: 1234567\n"   /* 3-4: 15 bytes */
                     "---\n# 123456789\n"  /* 5-6: 16 bytes */
                     "--- c\n";            /* 7 */
    cut c;
    cut_all(&c, s, sizeof s - 1, 10);
    assert_chunks(&c, 4);
    assert_chunk(&c, 0, 1, "---\na: 12\n");
    assert_int_equal(c.too_big[0], 0);
    assert_int_equal(c.line[1], 3);
    assert_int_equal(c.len[1], 0);
    assert_int_equal(c.too_big[1], 1);
    assert_int_equal(c.line[2], 5);
    assert_int_equal(c.too_big[2], 1);
    assert_chunk(&c, 3, 7, "--- c\n");
    assert_int_equal(c.too_big[3], 0);
    /* a limit of 9: the first is too big as well */
    cut_all(&c, s, sizeof s - 1, 9);
    assert_chunks(&c, 4);
    assert_int_equal(c.too_big[0], 1);
    assert_chunk(&c, 3, 7, "--- c\n");
}

/* ---- Through the engine: positions ----------------------------------- */

static int count(void *ud, const assay_result *r)
{
    (void)r;
    ++*(int *)ud;
    return 0;
}

/* A problem after NEL, LS and PS breaks is reported at the line libyaml
 * counts (its mark's 0-based line + 1), and the documents around are
 * evaluated. */
static void test_chunk_positions_after_unicode_breaks(void **state)
{
    (void)state;
    seen s = {0};
    assay_engine *e = engine_with(&s);
    assert_int_equal(assay_engine_load_script_string(
                         e, "t.lua", TRIVIAL_SCRIPT, strlen(TRIVIAL_SCRIPT)),
                     ASSAY_OK);
    const char *yaml = "id: a\xC2\x85"          /* 1 */
                       "name: A\n"              /* 2 */
                       "---\xE2\x80\xA8"        /* 3 */
                       "id: b\xE2\x80\xA9"      /* 4 */
                       "name: B\n"              /* 5 */
                       "x: [1\xC2\x85"          /* 6 */
                       "---\n"                  /* 7: ends the flow sequence */
                       "id: c\n"                /* 8 */
                       "name: C\n";             /* 9 */
    int n = 0;
    assert_int_equal(assay_engine_eval_string(e, "u.yaml", yaml, strlen(yaml),
                                              count, &n),
                     ASSAY_EINPUT);
    assert_int_equal(n, 2);
    assert_int_equal(s.ndiags, 1);
    /* the flow sequence of line 6 is cut short by the `---` of line 7 */
    if (s.diag[0].line != 7)
        fail_msg("diagnostic at %lu:%lu: %s", s.diag[0].line,
                 s.diag[0].column, s.diag[0].msg);
    assay_engine_free(e);
}

/* One stream evaluated; exactly one diagnostic, at line:col, containing
 * text; the projects evaluated are nres. */
static void expect_one_diag(const char *yaml, int nres, unsigned long line,
                            unsigned long col, const char *text)
{
    seen s = {0};
    int rc = eval_with(&s, TRIVIAL_SCRIPT, yaml);
    if (rc != ASSAY_EINPUT || s.ndiags != 1 || s.nresults != nres ||
        !has_diag(&s, line, col, text)) {
        dump(&s);
        fail_msg("expected %d project(s) and one diagnostic at %lu:%lu "
                 "\"%s\" (status %d)", nres, line, col, text, rc);
    }
    seen_free(&s);
}

/* A directive with no `---` after it was reported as libyaml reports it,
 * "did not find expected <document start>", at the token after it: the
 * line after the directive, or further on past comments. The fault is the
 * directive's, and it is pointed at; so is a directive in the middle of a
 * document, which YAML allows only after a `...` (libyaml itself lets
 * that pass; the cutter cuts there, so assay reports it). */
/* Long documents, whose lines take_lines passes 16 bytes at a time
 * (chunk.c, lf_lines): every line counted, over more than 255 blocks
 * whatever the lines' length (blank lines put a LF in every byte), and a
 * `---` or `...` found in any of a block's 16 places. Each stream is two
 * documents: a first line of 1 to 16 bytes, then n lines of width-1
 * bytes and a LF; then `---` or `...`, and a last line. Cut in memory
 * and from a file; pipes in small pieces are the other tests'. */
static void test_chunk_long_documents(void **state)
{
    (void)state;
    static const char *const marks[] = {"---\n", "...\n"};
    char *s = malloc(1 << 20);
    assert_non_null(s);
    for (size_t width = 1; width <= 33; width += width < 4 ? 1 : 7)
        for (size_t lead = 0; lead < 16; lead++)
            for (int m = 0; m < 2; m++) {
                size_t n = 9000 / width, len = 0;
                s[len++] = 'k';
                memset(s + len, 'a', lead);
                len += lead;
                s[len++] = '\n';
                for (size_t i = 0; i < n; i++) {
                    memset(s + len, 'b', width - 1);
                    len += width - 1;
                    s[len++] = '\n';
                }
                size_t first = len;
                len += (size_t)sprintf(s + len, "%sc: d\n", marks[m]);
                /* the `---` starts the second document; the `...` ends
                 * the first, and the last line is the second */
                size_t cut_at = m == 0 ? first : first + 4;
                unsigned line = m == 0 ? (unsigned)n + 2 : (unsigned)n + 3;
                for (int file = 0; file < 2; file++) {
                    cut c;
                    if (file)
                        cut_file(&c, s, len, 1 << 20);
                    else
                        cut_mem(&c, s, len, 1 << 20);
                    assert_chunks(&c, 2);
                    assert_int_equal(c.line[0], 1);
                    assert_int_equal(c.len[0], cut_at);
                    assert_int_equal(c.line[1], line);
                    assert_int_equal(c.len[1], len - cut_at);
                }
            }
    free(s);
}

/* Where a read ends inside a line, the block scan stops inside it too:
 * a `--- ` further on in that line is no marker. A document of lines
 * `K: --- v` over 64 KiB, read from a file, is one chunk, for keys K of
 * 1-16 bytes: the read ends at every place in a line. */
static void test_chunk_marker_like_text_across_reads(void **state)
{
    (void)state;
    size_t size = (70 << 10);
    char *s = malloc(size);
    assert_non_null(s);
    for (int key = 1; key <= 16; key++)
        for (int lead = 0; lead < 2; lead++) {
            size_t len = (size_t)sprintf(s, "%s\n", lead ? "a: b" : "a: bc");
            while (len + 40 < size)
                len += (size_t)sprintf(s + len, "%.*s: --- v\n", key,
                                       "kkkkkkkkkkkkkkkk");
            cut c;
            cut_file(&c, s, len, 1 << 20);
            assert_chunks(&c, 1);
            assert_int_equal(c.len[0], len);
        }
    free(s);
}

static void test_chunk_directive_pointed_at(void **state)
{
    (void)state;
    const char *alone = "must be followed by '---'";
    const char *inside = "must follow '...'";
    expect_one_diag("%YAML 1.2\n", 0, 1, 1, alone);
    /* past comments and blank lines, to the end of the input */
    expect_one_diag("%YAML 1.2\n# c\n\n", 0, 1, 1, alone);
    /* a `...` is no `---` */
    expect_one_diag("%YAML 1.2\n...\n", 0, 1, 1, alone);
    /* several directives: the first of them */
    expect_one_diag("%YAML 1.2\n%TAG ! !x\n", 0, 1, 1, alone);
    /* after a document and its `...`: the document is evaluated */
    expect_one_diag("id: a\n"          /* 1 */
                    "name: A\n"        /* 2 */
                    "...\n"            /* 3 */
                    "# c\n"            /* 4 */
                    "%YAML 1.2\n",     /* 5 */
                    1, 5, 1, alone);
    /* in a document: the directive's document (lines 1-3) is rejected,
     * the one its `---` starts (4-6) is evaluated */
    expect_one_diag("id: a\n"          /* 1 */
                    "name: A\n"        /* 2 */
                    "%YAML 1.2\n"      /* 3 */
                    "---\n"            /* 4 */
                    "id: b\n"          /* 5 */
                    "name: B\n",       /* 6 */
                    1, 3, 1, inside);
    /* after a `---` document with no `...` */
    expect_one_diag("---\n"            /* 1 */
                    "id: a\n"          /* 2 */
                    "name: A\n"        /* 3 */
                    "%TAG ! !x\n"      /* 4 */
                    "---\n"            /* 5 */
                    "id: b\n"          /* 6 */
                    "name: B\n",       /* 7 */
                    1, 4, 1, inside);
    /* with a `...`, the same directive is well placed */
    seen s = {0};
    assert_int_equal(eval_with(&s, TRIVIAL_SCRIPT,
                               "id: a\nname: A\n...\n%TAG ! !x\n---\n"
                               "id: b\nname: B\n"),
                     ASSAY_OK);
    assert_int_equal(s.nresults, 2);
    seen_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chunk_markers),
        cmocka_unit_test(test_chunk_blank_looking_lines),
        cmocka_unit_test(test_chunk_directive_without_document),
        cmocka_unit_test(test_chunk_extra_document_ends),
        cmocka_unit_test(test_chunk_unicode_line_breaks),
        cmocka_unit_test(test_chunk_breaks_across_reads),
        cmocka_unit_test(test_chunk_lines_in_documents),
        cmocka_unit_test(test_chunk_size_limit_in_pieces),
        cmocka_unit_test(test_chunk_positions_after_unicode_breaks),
        cmocka_unit_test(test_chunk_directive_pointed_at),
        cmocka_unit_test(test_chunk_long_documents),
        cmocka_unit_test(test_chunk_marker_like_text_across_reads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_loader.c -- the case-file loader (docs/cases.md): chunking a
 * stream into documents, parsing each with libyaml, core-schema scalar
 * resolution, the schema checks, the limits, and walking folders.
 *
 * Every expected LINE:COL below was worked out by hand from the YAML text
 * beside it (1-based; a node's position is where the node starts: its
 * anchor or tag if it has one, else its first character; a block mapping
 * starts at its first key). The line numbers of multi-line inputs are
 * written in a comment at the end of each line of the literal.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* nftw, mkdtemp */
#endif
#include "unit.h"

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Fixtures ---------------------------------------------------------- */

/* What a run produced, plus per result its first criterion's note, its
 * line and file. seen must stay first: seen_diag receives this struct. */
typedef struct tseen {
    seen s;
    char note[MAX_SEEN][1100];
    unsigned long line[MAX_SEEN];
    char file[MAX_SEEN][512];
} tseen;

static int collect(void *ud, const assay_result *r)
{
    tseen *t = ud;
    int i = t->s.nresults;
    int rc = seen_result(&t->s, r);
    if (i < MAX_SEEN) {
        const char *note = assay_result_criterion_note(r, 0);
        snprintf(t->note[i], sizeof t->note[i], "%s", note ? note : "(none)");
        t->line[i] = assay_result_line(r);
        snprintf(t->file[i], sizeof t->file[i], "%s", assay_result_file(r));
    }
    return rc;
}

static assay_engine *new_engine(tseen *t, const assay_limits *lim,
                                const char *script)
{
    assay_engine *e = assay_engine_new(lim);
    assert_non_null(e);
    assay_engine_on_diag(e, seen_diag, &t->s);
    if (script) {
        int rc = assay_engine_load_script_string(e, "test.lua", script,
                                                 strlen(script));
        if (rc != ASSAY_OK)
            fail_msg("script did not load: %s", assay_engine_errmsg(e));
    }
    return e;
}

/* Evaluate yaml (named case.yaml) on a fresh engine with lim (NULL: the
 * defaults) and script (NULL: TRIVIAL_SCRIPT). */
static int run_yaml(tseen *t, const assay_limits *lim, const char *script,
                    const char *yaml)
{
    assay_engine *e = new_engine(t, lim, script ? script : TRIVIAL_SCRIPT);
    int rc = assay_engine_eval_string(e, "case.yaml", yaml, strlen(yaml),
                                      collect, t);
    assay_engine_free(e);
    return rc;
}

static tseen *tseen_new(void)
{
    tseen *t = calloc(1, sizeof *t);
    assert_non_null(t);
    return t;
}

static void tseen_free(tseen *t)
{
    seen_free(&t->s);
    free(t);
}

/* The ids of the results, in order, joined by ','. */
static const char *ids_of(const tseen *t)
{
    static char out[2048];
    out[0] = 0;
    for (int i = 0; i < t->s.nresults; i++) {
        if (i)
            strcat(out, ",");
        strcat(out, t->s.id[i]);
    }
    return out;
}

#define assert_ids(t, expected)                                            \
    do {                                                                   \
        if (strcmp(ids_of(t), (expected))) {                               \
            dump(&(t)->s);                                                 \
            fail_msg("result ids \"%s\", expected \"%s\"", ids_of(t),      \
                     (expected));                                          \
        }                                                                  \
    } while (0)

#define assert_ndiags(t, n)                                                \
    do {                                                                   \
        if ((t)->s.ndiags != (n)) {                                        \
            dump(&(t)->s);                                                 \
            fail_msg("%d diagnostics, expected %d", (t)->s.ndiags, (n));   \
        }                                                                  \
    } while (0)

/* A script whose one criterion has EXPR (Lua, over p) as its note.
 * d(v) describes a value as type:value (numbers as integer:/float:);
 * f(p, path) describes p:field(path); ind(p, id) describes an indicator as
 * id=status,value,unit,has,value-through-p:value. */
#define READER(expr)                                                        \
    "local function d(v)\n"                                                 \
    "  if type(v) == 'number' then return math.type(v) .. ':' .. "          \
    "tostring(v) end\n"                                                     \
    "  return type(v) .. ':' .. tostring(v)\n"                              \
    "end\n"                                                                 \
    "local function f(p, path) return path .. '=' .. d(p:field(path)) end\n" \
    "local function ind(p, id)\n"                                           \
    "  local i = p:indicator(id)\n"                                         \
    "  if i == nil then return id .. '=missing' end\n"                      \
    "  return id .. '=' .. i.status .. ',' .. d(i.value) .. ',' .. "        \
    "tostring(i.unit) .. ',' .. tostring(p:has(id)) .. ',' .. "             \
    "d(p:value(id))\n"                                                      \
    "end\n"                                                                 \
    "criterion { id = 'read', evaluate = function(p) return 1, " expr       \
    " end }\n"

/* A growing string for generated inputs. */
typedef struct sb {
    char *p;
    size_t n, cap;
} sb;

static void sb_add(sb *b, const char *s)
{
    size_t k = strlen(s);
    if (b->n + k + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + k + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        assert_non_null(p);
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, k + 1);
    b->n += k;
}

/* Files: a private temporary folder per test that needs one. */
static char tmpdir[256];

static void write_file(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    FILE *f = fopen(path, "wb");
    if (!f)
        fail_msg("cannot create %s", path);
    fwrite(text, 1, strlen(text), f);
    assert_int_equal(fclose(f), 0);
}

static void make_dir(const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    assert_int_equal(mkdir(path, 0700), 0);
}

static int setup_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/assay-test-loader-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int teardown_tmpdir(void **state)
{
    (void)state;
    int rc = tmpdir[0] ? nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS) : 0;
    tmpdir[0] = 0;
    return rc;
}

/* ---- Required keys and ids -------------------------------------------- */

static void test_loader_missing_id(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "---\n"              /* 1 */
        "name: No id\n"      /* 2: the project mapping starts here */
        "country: BR\n";     /* 3 */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 2, 1, "missing required key 'id'");
    assert_ndiags(t, 1);
    assert_int_equal(t->s.nresults, 0);
    tseen_free(t);
}

static void test_loader_missing_name(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "# a comment first\n" /* 1 */
        "---\n"               /* 2 */
        "id: a1\n"            /* 3: the project mapping */
        "country: BR\n";      /* 4 */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 3, 1, "missing required key 'name'");
    assert_ndiags(t, 1);
    assert_int_equal(t->s.nresults, 0);
    tseen_free(t);
}

static void test_loader_bad_id_characters(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "---\n"               /* 1 */
        "id: \"bad id\"\n"    /* 2: the quoted scalar at col 5 */
        "name: A\n"           /* 3 */
        "---\n"               /* 4 */
        "id: a/b\n"           /* 5: col 5 */
        "name: B\n"           /* 6 */
        "---\n"               /* 7 */
        "id: \"\"\n"          /* 8: empty, col 5 */
        "name: C\n"           /* 9 */
        "---\n"               /* 10 */
        "id: ok.id_-9\n"      /* 11: every allowed kind of character */
        "name: D\n"           /* 12 */
        "---\n"               /* 13 */
        "id: {x: 1}\n"        /* 14: not a scalar; the mapping at col 5 */
        "name: E\n"           /* 15 */
        "---\n"               /* 16 */
        "id: caf\xC3\xA9\n"   /* 17: a non-ASCII letter, col 5 */
        "name: F\n";          /* 18 */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 2, 5, "id must be");
    assert_diag(&t->s, 5, 5, "id must be");
    assert_diag(&t->s, 8, 5, "id must be");
    assert_diag(&t->s, 14, 5, "id must be");
    assert_diag(&t->s, 17, 5, "id must be");
    assert_ndiags(t, 5);
    assert_ids(t, "ok.id_-9");
    tseen_free(t);
}

static void test_loader_duplicate_id_in_one_run(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "id: dup\n"           /* 1 */
        "name: First\n"       /* 2 */
        "---\n"               /* 3 */
        "id: other\n"         /* 4 */
        "name: Other\n"       /* 5 */
        "---\n"               /* 6 */
        "id: dup\n"           /* 7: the second use, col 5 */
        "name: Second\n";     /* 8 */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 7, 5, "duplicate project id 'dup'");
    /* and it says where the first one is */
    assert_diag(&t->s, 7, 5, "case.yaml:1");
    assert_ndiags(t, 1);
    assert_ids(t, "dup,other");
    assert_non_null(strstr(t->s.json[0], "\"name\":\"First\""));
    tseen_free(t);
}

static void test_loader_duplicate_id_across_eval_calls(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    assay_engine *e = new_engine(t, NULL, TRIVIAL_SCRIPT);
    const char *one = "id: dup\n"      /* 1 */
                      "name: A\n";     /* 2 */
    const char *two = "---\n"          /* 1 */
                      "id: dup\n"      /* 2: col 5 */
                      "name: B\n"      /* 3 */
                      "---\n"          /* 4 */
                      "id: fresh\n"    /* 5 */
                      "name: C\n";     /* 6 */
    assert_int_equal(assay_engine_eval_string(e, "one.yaml", one, strlen(one),
                                              collect, t),
                     ASSAY_OK);
    assert_ndiags(t, 0);
    assert_int_equal(assay_engine_eval_string(e, "two.yaml", two, strlen(two),
                                              collect, t),
                     ASSAY_EINPUT);
    assert_diag(&t->s, 2, 5, "duplicate project id 'dup'");
    assert_diag(&t->s, 2, 5, "one.yaml:1");
    assert_string_equal(t->s.diag[0].file, "two.yaml");
    assert_ndiags(t, 1);
    assert_ids(t, "dup,fresh");
    assay_engine_free(e);
    tseen_free(t);
}

/* ---- Duplicate keys ---------------------------------------------------- */

static void test_loader_duplicate_keys(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "---\n"                              /* 1 */
        "id: dk1\n"                          /* 2 */
        "name: A\n"                          /* 3: first name */
        "country: BR\n"                      /* 4 */
        "name: B\n"                          /* 5: second name, col 1 */
        "---\n"                              /* 6 */
        "id: dk2\n"                          /* 7 */
        "name: A\n"                          /* 8 */
        "target_group:\n"                    /* 9 */
        "  clustered: true\n"                /* 10: first */
        "  beneficiary_is_producer: true\n"  /* 11 */
        "  clustered: false\n"               /* 12: second, col 3 */
        "---\n"                              /* 13 */
        "id: dk3\n"                          /* 14 */
        "name: A\n"                          /* 15 */
        "indicators:\n"                      /* 16 */
        "  INC1: present\n"                  /* 17 */
        "  INC1: absent\n"                   /* 18: col 3 */
        "---\n"                              /* 19 */
        "id: dk4\n"                          /* 20 */
        "name: A\n"                          /* 21 */
        "sector: {a: 1, a: 2}\n"             /* 22: second a at col 16 */
        "---\n"                              /* 23 */
        "id: dk5\n"                          /* 24: same keys at */
        "name: A\n"                          /* 25: different levels */
        "sub: {name: x, id: y}\n"            /* 26: are fine */
        "---\n"                              /* 27 */
        "id: dk6\n"                          /* 28: keys alike in */
        "name: A\n"                          /* 29: length, first and */
        "indicators:\n"                      /* 30: last byte are */
        "  CAP1: present\n"                  /* 31: different keys */
        "  CXP1: present\n"                  /* 32 */
        "  C1: absent\n"                     /* 33 */
        "---\n"                              /* 34 */
        "id: dk7\n"                          /* 35 */
        "name: A\n"                          /* 36 */
        "sector: {\"\": 1, x: 2, \"\": 3}\n";   /* 37: second \"\" at col 23 */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 5, 1, "duplicate key 'name'");
    assert_diag(&t->s, 12, 3, "duplicate key 'clustered'");
    assert_diag(&t->s, 18, 3, "duplicate key 'INC1'");
    assert_diag(&t->s, 22, 16, "duplicate key 'a'");
    assert_diag(&t->s, 37, 23, "duplicate key ''");
    assert_ndiags(t, 5); /* never the first occurrences */
    assert_ids(t, "dk5,dk6");
    tseen_free(t);
}

/* ---- Sources ----------------------------------------------------------- */

static void test_loader_unknown_source(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "---\n"                                        /* 1 */
        "id: src1\n"                                   /* 2 */
        "name: A\n"                                    /* 3 */
        "sources:\n"                                   /* 4 */
        "  - { id: review, citation: \"R\" }\n"        /* 5 */
        "indicators:\n"                                /* 6 */
        "  DEM1:\n"                                    /* 7 */
        "    value: present\n"                         /* 8 */
        "    source: reviw\n"                          /* 9: col 13 */
        "---\n"                                        /* 10 */
        "id: src2\n"                                   /* 11 */
        "name: B\n"                                    /* 12 */
        "indicators:\n"                                /* 13 */
        "  DEM2: { value: absent, source: nowhere }\n" /* 14: col 34 */
        "---\n"                                        /* 15 */
        "id: src3\n"                                   /* 16 */
        "name: C\n"                                    /* 17 */
        "sources:\n"                                   /* 18 */
        "  - { id: review, citation: \"R\" }\n"        /* 19 */
        "indicators:\n"                                /* 20 */
        "  DEM1: { value: present, source: review }\n";/* 21 */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 9, 13, "source 'reviw'");
    assert_diag(&t->s, 14, 34, "source 'nowhere'");
    assert_ndiags(t, 2);
    assert_ids(t, "src3");
    tseen_free(t);
}

/* ---- Indicator values -------------------------------------------------- */

static void test_loader_ordinal_outside_closed_set(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "---\n"                                          /* 1 */
        "id: ord\n"                                      /* 2 */
        "name: A\n"                                      /* 3 */
        "indicators:\n"                                  /* 4 */
        "  DEM1: { value: presnt, unit: ordinal }\n"     /* 5: col 18 */
        "  DEM2: sometimes\n"                            /* 6: no unit, col 9 */
        "  DEM3:\n"                                      /* 7 */
        "    value: Present\n"                           /* 8: col 12 */
        "    unit: ordinal\n"                            /* 9 */
        "---\n"                                          /* 10 */
        "id: ok\n"                                       /* 11 */
        "name: B\n"                                      /* 12 */
        "indicators:\n"                                  /* 13 */
        "  DEM1: { value: partial, unit: ordinal }\n"    /* 14 */
        "  DEM2: absent\n"                               /* 15 */
        "  DEM4: { value: sometimes, unit: text }\n";    /* 16: free text */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 5, 18, "'presnt' is not an ordinal value");
    assert_diag(&t->s, 6, 9, "'sometimes' is not an ordinal value");
    assert_diag(&t->s, 8, 12, "'Present' is not an ordinal value");
    assert_ndiags(t, 3);
    assert_ids(t, "ok");
    tseen_free(t);
}

static void test_loader_non_finite_numbers(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "---\n"                                    /* 1 */
        "id: nf1\n"                                /* 2 */
        "name: A\n"                                /* 3 */
        "indicators:\n"                            /* 4 */
        "  X1: { value: .inf, unit: ratio }\n"     /* 5: col 16 */
        "---\n"                                    /* 6 */
        "id: nf2\n"                                /* 7 */
        "name: A\n"                                /* 8 */
        "growth: -.inf\n"                          /* 9: a field, col 9 */
        "---\n"                                    /* 10 */
        "id: nf3\n"                                /* 11 */
        "name: A\n"                                /* 12 */
        "indicators:\n"                            /* 13 */
        "  X3:\n"                                  /* 14 */
        "    value: .nan\n"                        /* 15: col 12 */
        "    unit: ratio\n"                        /* 16 */
        "---\n"                                    /* 17 */
        "id: nf4\n"                                /* 18 */
        "name: A\n"                                /* 19 */
        "indicators:\n"                            /* 20 */
        "  X4: { value: 1e999, unit: count }\n"    /* 21: overflows, col 16 */
        "---\n"                                    /* 22 */
        "id: nf5\n"                                /* 23 */
        "name: A\n"                                /* 24 */
        "big: [1, 2, .Inf]\n"                      /* 25: col 13 */
        "---\n"                                    /* 26 */
        "id: finite\n"                             /* 27 */
        "name: A\n"                                /* 28 */
        "indicators:\n"                            /* 29 */
        "  X1: { value: 1e300, unit: ratio }\n"    /* 30 */
        "inf_text: \".inf\"\n";                    /* 31: a string */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 5, 16, ".inf");
    assert_diag(&t->s, 9, 9, "-.inf");
    assert_diag(&t->s, 15, 12, ".nan");
    assert_diag(&t->s, 21, 16, "1e999");
    assert_diag(&t->s, 25, 13, ".Inf");
    assert_ndiags(t, 5);
    assert_ids(t, "finite");
    tseen_free(t);
}

static void test_loader_percent_out_of_range(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "---\n"                                        /* 1 */
        "id: pc1\n"                                    /* 2 */
        "name: A\n"                                    /* 3 */
        "indicators:\n"                                /* 4 */
        "  share: { value: 100.5, unit: percent }\n"   /* 5: col 19 */
        "---\n"                                        /* 6 */
        "id: pc2\n"                                    /* 7 */
        "name: A\n"                                    /* 8 */
        "indicators:\n"                                /* 9 */
        "  share:\n"                                   /* 10 */
        "    value: -0.5\n"                            /* 11: col 12 */
        "    unit: percent\n"                          /* 12 */
        "---\n"                                        /* 13 */
        "id: pc3\n"                                    /* 14 */
        "name: A\n"                                    /* 15 */
        "indicators:\n"                                /* 16 */
        "  lo: { value: 0, unit: percent }\n"          /* 17 */
        "  hi: { value: 100, unit: percent }\n"        /* 18 */
        "  mid: { value: 70.5, unit: percent }\n";     /* 19 */
    const char *script =
        READER("ind(p, 'lo') .. ';' .. ind(p, 'hi') .. ';' .. ind(p, 'mid')");
    assert_int_equal(run_yaml(t, NULL, script, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 5, 19, "outside [0, 100]");
    assert_diag(&t->s, 11, 12, "outside [0, 100]");
    assert_ndiags(t, 2);
    assert_ids(t, "pc3");
    assert_string_equal(t->note[0],
                        "lo=stated,integer:0,percent,true,integer:0;"
                        "hi=stated,integer:100,percent,true,integer:100;"
                        "mid=stated,float:70.5,percent,true,float:70.5");
    tseen_free(t);
}

/* ---- Structure --------------------------------------------------------- */

static void test_loader_non_scalar_keys(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "---\n"                 /* 1 */
        "id: nk1\n"             /* 2 */
        "name: A\n"             /* 3 */
        "? [a, b]\n"            /* 4: the sequence key at col 3 */
        ": 1\n"                 /* 5 */
        "---\n"                 /* 6 */
        "id: nk2\n"             /* 7 */
        "name: A\n"             /* 8 */
        "meta:\n"               /* 9 */
        "  ? {x: 1}\n"          /* 10: a mapping key at col 5 */
        "  : 2\n"               /* 11 */
        "---\n"                 /* 12 */
        "id: nk3\n"             /* 13 */
        "name: A\n"             /* 14 */
        "{p: 1}: 3\n"           /* 15: an implicit flow-mapping key, col 1 */
        "---\n"                 /* 16 */
        "id: nk4\n"             /* 17 */
        "name: A\n"             /* 18 */
        "base: &m {a: 1}\n"     /* 19 */
        "*m : x\n"              /* 20: an alias of a mapping as key, col 1 */
        "---\n"                 /* 21 */
        "id: nk5\n"             /* 22 */
        "name: A\n"             /* 23 */
        "? plain\n"             /* 24: an explicit scalar key is fine */
        ": 1\n";                /* 25 */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 4, 3, "mapping keys must be scalars");
    assert_diag(&t->s, 10, 5, "mapping keys must be scalars");
    assert_diag(&t->s, 15, 1, "mapping keys must be scalars");
    assert_diag(&t->s, 20, 1, "mapping keys must be scalars");
    assert_ndiags(t, 4);
    assert_ids(t, "nk5");
    tseen_free(t);
}

static void test_loader_tags_outside_core_schema(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "---\n"                              /* 1 */
        "id: tg1\n"                          /* 2 */
        "name: A\n"                          /* 3 */
        "country: !foo BR\n"                 /* 4: the tag at col 10 */
        "---\n"                              /* 5 */
        "id: tg2\n"                          /* 6 */
        "name: A\n"                          /* 7 */
        "blob: !!binary aGVsbG8=\n"          /* 8: col 7 */
        "---\n"                              /* 9 */
        "id: tg3\n"                          /* 10 */
        "name: A\n"                          /* 11 */
        "sector: !!set {a, b}\n"             /* 12: on a mapping, col 9 */
        "---\n"                              /* 13 */
        "id: tg4\n"                          /* 14 */
        "name: A\n"                          /* 15 */
        "when: !!timestamp 2001-12-14\n"     /* 16: col 7 */
        "---\n"                              /* 17 */
        "id: tg5\n"                          /* 18 */
        "name: A\n"                          /* 19 */
        "count: !!int \"12\"\n"              /* 20: core tags are fine */
        "label: !!str 12\n"                  /* 21 */
        "flag: ! yes\n"                      /* 22: non-specific: a string */
        "list: !!seq [1]\n";                 /* 23 */
    const char *script =
        READER("f(p, 'count') .. ';' .. f(p, 'label') .. ';' .. "
               "f(p, 'flag') .. ';' .. f(p, 'list.1')");
    assert_int_equal(run_yaml(t, NULL, script, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 4, 10, "!foo");
    assert_diag(&t->s, 8, 7, "binary");
    assert_diag(&t->s, 12, 9, "set");
    assert_diag(&t->s, 16, 7, "timestamp");
    assert_ndiags(t, 4);
    assert_ids(t, "tg5");
    assert_string_equal(t->note[0], "count=integer:12;label=string:12;"
                                    "flag=string:yes;list.1=integer:1");
    tseen_free(t);
}

/* ---- Aliases ----------------------------------------------------------- */

static void test_loader_undefined_alias(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "---\n"                   /* 1 */
        "id: al1\n"               /* 2 */
        "name: A\n"               /* 3 */
        "country: *nowhere\n"     /* 4: col 10 */
        "---\n"                   /* 5 */
        "id: al2\n"               /* 6 */
        "name: A\n"               /* 7 */
        "early: *later\n"         /* 8: defined only after: col 8 */
        "late: &later 1\n"        /* 9 */
        "---\n"                   /* 10 */
        "id: al3\n"               /* 11 */
        "name: A\n"               /* 12 */
        "base: &b 1\n"            /* 13 */
        "copy: *b\n"              /* 14: fine in its own document */
        "---\n"                   /* 15 */
        "id: al4\n"               /* 16 */
        "name: A\n"               /* 17 */
        "copy: *b\n";             /* 18: anchors end with their document,
                                     col 7 */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 4, 10, "'*nowhere'");
    assert_diag(&t->s, 8, 8, "'*later'");
    assert_diag(&t->s, 18, 7, "'*b'");
    assert_ndiags(t, 3);
    assert_ids(t, "al3");
    tseen_free(t);
}

static void test_loader_cyclic_alias(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "---\n"                   /* 1 */
        "id: cy1\n"               /* 2 */
        "name: A\n"               /* 3 */
        "loop: &a\n"              /* 4: the anchored mapping */
        "  self: *a\n"            /* 5: inside it, col 9 */
        "---\n"                   /* 6 */
        "id: cy2\n"               /* 7 */
        "name: A\n"               /* 8 */
        "seq: &s [1, *s]\n"       /* 9: col 13 */
        "---\n"                   /* 10 */
        "id: cy3\n"               /* 11 */
        "name: A\n"               /* 12 */
        "a: &s [1, 2]\n"          /* 13 */
        "b: [*s, *s]\n";          /* 14: a closed anchor: fine */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 5, 9, "'*a'");
    assert_diag(&t->s, 9, 13, "'*s'");
    assert_ndiags(t, 2);
    assert_ids(t, "cy3");
    tseen_free(t);
}

/* ---- Limits ------------------------------------------------------------ */

static void test_loader_depth_limit(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    assay_limits lim = {.depth = 3};
    const char *yaml =
        "---\n"                 /* 1 */
        "id: d3\n"              /* 2: level 1, the project */
        "name: A\n"             /* 3 */
        "a:\n"                  /* 4 */
        "  b: {c: 1}\n"         /* 5: level 2 at col 3, level 3 at col 6 */
        "---\n"                 /* 6 */
        "id: d4\n"              /* 7: level 1 */
        "name: B\n"             /* 8 */
        "a:\n"                  /* 9 */
        "  b:\n"                /* 10: level 2 */
        "    c:\n"              /* 11: level 3 */
        "      d: 1\n";         /* 12: level 4, col 7 */
    assert_int_equal(run_yaml(t, &lim, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 12, 7, "nesting");
    assert_ndiags(t, 1);
    assert_ids(t, "d3");
    tseen_free(t);
}

static void test_loader_depth_limit_default(void **state)
{
    (void)state;
    /* The project is level 1; x: holds n nested flow sequences, the k-th
     * '[' at column 3 + k. 63 of them reach level 64, the default limit;
     * 64 go one past it, at the 64th '[', column 67. */
    for (int n = 63; n <= 64; n++) {
        tseen *t = tseen_new();
        sb b = {0};
        sb_add(&b, "id: deep\n"   /* 1 */
                   "name: A\n"    /* 2 */
                   "x: ");        /* 3 */
        for (int k = 0; k < n; k++)
            sb_add(&b, "[");
        for (int k = 0; k < n; k++)
            sb_add(&b, "]");
        sb_add(&b, "\n");
        int rc = run_yaml(t, NULL, NULL, b.p);
        if (n == 63) {
            assert_int_equal(rc, ASSAY_OK);
            assert_ndiags(t, 0);
            assert_ids(t, "deep");
        } else {
            assert_int_equal(rc, ASSAY_EINPUT);
            assert_diag(&t->s, 3, 67, "limit of 64");
            assert_ndiags(t, 1);
            assert_ids(t, "");
        }
        free(b.p);
        tseen_free(t);
    }
}

static void test_loader_alias_count_limit(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    assay_limits lim = {.aliases = 3};
    const char *yaml =
        "---\n"                         /* 1 */
        "id: al3\n"                     /* 2 */
        "name: A\n"                     /* 3 */
        "base: &b 1\n"                  /* 4 */
        "list: [*b, *b, *b]\n"          /* 5: three: at the limit */
        "---\n"                         /* 6 */
        "id: al4\n"                     /* 7 */
        "name: B\n"                     /* 8 */
        "base: &b 1\n"                  /* 9 */
        "list: [*b, *b, *b, *b]\n";     /* 10: the 4th at col 20 */
    assert_int_equal(run_yaml(t, &lim, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 10, 20, "aliases");
    assert_ndiags(t, 1);
    assert_ids(t, "al3");
    tseen_free(t);
}

static void test_loader_alias_count_limit_default(void **state)
{
    (void)state;
    /* "list: [" is 7 columns, then "*b, " per alias: the k-th alias at
     * column 8 + 4 (k - 1); the 101st, one past the default, at 408. */
    for (int n = 100; n <= 101; n++) {
        tseen *t = tseen_new();
        sb b = {0};
        sb_add(&b, "id: many\n"       /* 1 */
                   "name: A\n"        /* 2 */
                   "base: &b 1\n"     /* 3 */
                   "list: [");        /* 4 */
        for (int k = 0; k < n; k++)
            sb_add(&b, k ? ", *b" : "*b");
        sb_add(&b, "]\n");
        int rc = run_yaml(t, NULL, NULL, b.p);
        if (n == 100) {
            assert_int_equal(rc, ASSAY_OK);
            assert_ids(t, "many");
        } else {
            assert_int_equal(rc, ASSAY_EINPUT);
            assert_diag(&t->s, 4, 408, "more than 100 aliases");
            assert_ndiags(t, 1);
            assert_ids(t, "");
        }
        free(b.p);
        tseen_free(t);
    }
}

static void test_loader_node_limit(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    assay_limits lim = {.nodes = 20};
    /* Nodes of each document: the mapping, id and its value, name and its
     * value, the key list and its sequence: 7, then the items. 13 items
     * make 20 (the limit), 14 make 21: the 14th item is one too many.
     * "list: [" is 7 columns; items 1-9 take 3 columns each ("1, "), so
     * item 10 is at column 35 and item k >= 10 at 35 + 4 (k - 10): the
     * 14th is at column 51. */
    const char *yaml =
        "---\n"                                                      /* 1 */
        "id: n20\n"                                                  /* 2 */
        "name: A\n"                                                  /* 3 */
        "list: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]\n"        /* 4 */
        "---\n"                                                      /* 5 */
        "id: n21\n"                                                  /* 6 */
        "name: B\n"                                                  /* 7 */
        "list: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]\n";   /* 8 */
    assert_int_equal(run_yaml(t, &lim, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 8, 51, "nodes");
    assert_ndiags(t, 1);
    assert_ids(t, "n20");
    tseen_free(t);
}

/* The classic "billion laughs": nine levels of ten aliases each would
 * expand to 10^9 nodes. Counting expanded nodes (keys included) with the
 * default limit of 100,000:
 *   lines 1-2: the mapping, id, lol, name, A            5
 *   line 3: key a, its sequence, 10 x                  17
 *   line 4: key b, its sequence (111 expanded), 10 x 11 129
 *   line 5: key c, sequence, 10 x 111                1241
 *   line 6: key d, sequence, 10 x 1111              12353
 *   line 7: key e, sequence (12355), then *d = 11111 each:
 *           7 of them make 90132, the 8th would make 101243.
 * So the 8th *d on line 7 is refused, at column 8 + 4 * 7 = 36. It is the
 * 38th alias, well within the alias limit. */
static void test_loader_billion_laughs(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    sb b = {0};
    sb_add(&b, "id: lol\n"  /* 1 */
               "name: A\n"  /* 2 */
               "a: &a [x, x, x, x, x, x, x, x, x, x]\n"); /* 3 */
    for (char c = 'b'; c <= 'i'; c++) {                    /* 4 .. 11 */
        char line[128];
        int n = snprintf(line, sizeof line, "%c: &%c [", c, c);
        for (int k = 0; k < 10; k++)
            n += snprintf(line + n, sizeof line - (size_t)n, "%s*%c",
                          k ? ", " : "", c - 1);
        snprintf(line + n, sizeof line - (size_t)n, "]\n");
        sb_add(&b, line);
    }
    sb_add(&b, "---\n"            /* 12 */
               "id: after\n"      /* 13 */
               "name: B\n");      /* 14 */
    assert_int_equal(run_yaml(t, NULL, NULL, b.p), ASSAY_EINPUT);
    assert_diag(&t->s, 7, 36, "expands past the limit of 100000 nodes");
    assert_ndiags(t, 1);
    assert_ids(t, "after");
    free(b.p);
    tseen_free(t);
}

/* The same with a small node limit of 1,000: as counted above, line 5
 * holds 131 nodes before its first *b, each *b adds 111: 7 make 908, the
 * 8th would make 1019. Refused at line 5, column 36. */
static void test_loader_alias_expansion_small_node_limit(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    assay_limits lim = {.nodes = 1000};
    const char *yaml =
        "id: lol\n"                                             /* 1 */
        "name: A\n"                                             /* 2 */
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"                /* 3 */
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"      /* 4 */
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"      /* 5 */
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"      /* 6 */
        "---\n"                                                 /* 7 */
        "id: fits\n"                                            /* 8 */
        "name: B\n"                                             /* 9 */
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"                /* 10 */
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n";     /* 11 */
    assert_int_equal(run_yaml(t, &lim, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 5, 36, "expands past the limit of 1000 nodes");
    assert_ndiags(t, 1);
    assert_ids(t, "fits");
    tseen_free(t);
}

static void test_loader_scalar_and_key_limits(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    assay_limits lim = {.scalar_bytes = 8, .key_bytes = 5};
    const char *yaml =
        "---\n"                     /* 1 */
        "id: s1\n"                  /* 2 */
        "name: \"12345678\"\n"      /* 3: 8 bytes: at the limit */
        "abcde: 1\n"                /* 4: a 5-byte key: at the limit */
        "---\n"                     /* 5 */
        "id: s2\n"                  /* 6 */
        "name: A\n"                 /* 7 */
        "note: 123456789\n"         /* 8: 9 bytes, col 7 */
        "---\n"                     /* 9 */
        "id: s3\n"                  /* 10 */
        "name: A\n"                 /* 11 */
        "abcdef: 1\n";              /* 12: a 6-byte key, col 1 */
    assert_int_equal(run_yaml(t, &lim, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 8, 7, "scalar");
    assert_diag(&t->s, 12, 1, "key");
    assert_ndiags(t, 2);
    assert_ids(t, "s1");
    tseen_free(t);
}

/* A document over doc_bytes is refused at its first line (its '---') and
 * is not parsed at all; the documents around it still load, and the line
 * count carries on through the refused one. */
static void test_loader_document_size_limit(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    assay_limits lim = {.doc_bytes = 200};
    sb b = {0};
    sb_add(&b, "id: first\n"         /* 1 */
               "name: A\n"           /* 2 */
               "---\n"               /* 3: a 300-byte line follows */
               "id: long_line\n"     /* 4 */
               "name: B\n"           /* 5 */
               "notes: ");           /* 6 */
    for (int k = 0; k < 300; k++)
        sb_add(&b, "x");
    sb_add(&b, "\n"
               "---\n"               /* 7: 27 + 10 x 25 = 277 bytes */
               "id: many_lines\n"    /* 8 */
               "name: C\n");         /* 9 */
    for (int k = 0; k < 10; k++) {   /* 10 .. 19 */
        char line[64];
        snprintf(line, sizeof line, "a%02d: 1234567890123456789\n", k);
        sb_add(&b, line);
    }
    sb_add(&b, "---\n"               /* 20 */
               "id: small\n"         /* 21 */
               "name: D\n"           /* 22 */
               "---\n"               /* 23 */
               "id: broken\n");      /* 24: no name */
    assert_int_equal(run_yaml(t, &lim, NULL, b.p), ASSAY_EINPUT);
    assert_diag(&t->s, 3, 1, "larger than the limit of 200 bytes");
    assert_diag(&t->s, 7, 1, "larger than the limit of 200 bytes");
    assert_diag(&t->s, 24, 1, "missing required key 'name'");
    assert_ndiags(t, 3);
    assert_ids(t, "first,small");
    assert_int_equal(t->line[0], 1);
    assert_int_equal(t->line[1], 21);
    free(b.p);
    tseen_free(t);
}

static void test_loader_document_size_limit_default(void **state)
{
    (void)state;
    /* 100,000 lines of 12 bytes ("k0000000: v\n") are 1,200,000 bytes,
     * well over 1 MiB (1,048,576 bytes). */
    tseen *t = tseen_new();
    sb b = {0};
    sb_add(&b, "id: first\n"   /* 1 */
               "name: A\n"     /* 2 */
               "---\n"         /* 3 */
               "id: huge\n"    /* 4 */
               "name: H\n");   /* 5 */
    enum { L = 100000 };
    for (int k = 0; k < L; k++) { /* 6 .. 5 + L */
        char line[32];
        snprintf(line, sizeof line, "k%07d: v\n", k);
        sb_add(&b, line);
    }
    assert_true(b.n > (1u << 20));
    sb_add(&b, "---\n"          /* 6 + L */
               "id: last\n"     /* 7 + L */
               "name: L\n"      /* 8 + L */
               "---\n"          /* 9 + L */
               "id: broken\n"); /* 10 + L */
    assert_int_equal(run_yaml(t, NULL, NULL, b.p), ASSAY_EINPUT);
    assert_diag(&t->s, 3, 1, "larger than the limit");
    assert_diag(&t->s, 10 + L, 1, "missing required key 'name'");
    assert_ndiags(t, 2);
    assert_ids(t, "first,last");
    assert_int_equal(t->line[1], 7 + L);
    free(b.p);
    tseen_free(t);
}

/* ---- Skipping bad documents -------------------------------------------- */

static void test_loader_bad_document_skipped(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "id: before\n"          /* 1 */
        "name: A\n"             /* 2 */
        "---\n"                 /* 3 */
        "id: middle\n"          /* 4: no name */
        "country: BR\n"         /* 5 */
        "---\n"                 /* 6 */
        "id: after\n"           /* 7 */
        "name: C\n";            /* 8 */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 4, 1, "missing required key 'name'");
    assert_ndiags(t, 1);
    assert_ids(t, "before,after");
    assert_int_equal(t->line[0], 1);
    assert_int_equal(t->line[1], 7);
    assert_string_equal(t->s.diag[0].file, "case.yaml");
    tseen_free(t);
}

static void test_loader_syntax_error_skipped(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "---\n"                 /* 1 */
        "id: s1\n"              /* 2 */
        "name: A\n"             /* 3 */
        "---\n"                 /* 4 */
        "id: s2\n"              /* 5 */
        "name: a: b\n"          /* 6: the second ':' (col 8) is an error */
        "---\n"                 /* 7 */
        "id: s3\n"              /* 8 */
        "name: C\n"             /* 9 */
        "---\n"                 /* 10 */
        "id: s4\n"              /* 11 */
        "name: [D\n"            /* 12: never closed: the document ends */
        "---\n"                 /* 13: here, at col 1 */
        "id: s5\n"              /* 14 */
        "name: E\n";            /* 15 */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 6, 8, "mapping values are not allowed");
    assert_diag(&t->s, 13, 1, "line 12"); /* names where '[' opened */
    assert_ndiags(t, 2);
    assert_ids(t, "s1,s3,s5");
    assert_int_equal(t->line[2], 14);
    tseen_free(t);
}

/* ---- Indicators: shorthand, statuses, values --------------------------- */

static void test_loader_indicator_shorthand_equals_long_form(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "id: sh\n"
        "name: A\n"
        "indicators:\n"
        "  INC1: not_stated\n"
        "  INC2: { value: not_stated }\n"
        "  DEM1: present\n"
        "  DEM2:\n"
        "    value: present\n"
        "  INC3: not_applicable\n"
        "  INC4: { value: not_applicable, unit: ordinal }\n"
        "  GRP1: partial\n"
        "  GRP2: { value: partial, unit: ordinal }\n";
    const char *script = READER(
        "ind(p, 'INC1') .. ';' .. ind(p, 'INC2') .. ';' .. "
        "ind(p, 'DEM1') .. ';' .. ind(p, 'DEM2') .. ';' .. "
        "ind(p, 'INC3') .. ';' .. ind(p, 'INC4') .. ';' .. "
        "ind(p, 'GRP1') .. ';' .. ind(p, 'GRP2') .. ';' .. "
        "ind(p, 'CAP1')");
    assert_int_equal(run_yaml(t, NULL, script, yaml), ASSAY_OK);
    assert_ndiags(t, 0);
    assert_ids(t, "sh");
    assert_string_equal(
        t->note[0],
        "INC1=not_stated,nil:nil,nil,false,nil:nil;"
        "INC2=not_stated,nil:nil,nil,false,nil:nil;"
        "DEM1=stated,string:present,nil,true,string:present;"
        "DEM2=stated,string:present,nil,true,string:present;"
        "INC3=not_applicable,nil:nil,nil,false,nil:nil;"
        "INC4=not_applicable,nil:nil,ordinal,false,nil:nil;"
        "GRP1=stated,string:partial,nil,true,string:partial;"
        "GRP2=stated,string:partial,ordinal,true,string:partial;"
        "CAP1=missing");
    /* The evidence in the JSON carries the statuses too. */
    assert_non_null(strstr(t->s.json[0], "\"indicator\":\"INC1\""));
    assert_non_null(strstr(t->s.json[0], "\"status\":\"not_stated\""));
    assert_non_null(strstr(t->s.json[0], "\"status\":\"not_applicable\""));
    tseen_free(t);
}

static void test_loader_numbers_units_booleans(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "id: nu\n"
        "name: A\n"
        "sources:\n"
        "  - { id: review, citation: \"Review s5.2\" }\n"
        "indicators:\n"
        "  share: { value: 70, unit: percent }\n"
        "  cost:\n"
        "    value: 12.5\n"
        "    unit: currency\n"
        "  ratio: { value: 0.25, unit: ratio }\n"
        "  staff: { value: 0, unit: count }\n"
        "  age: { value: 3, unit: years }\n"
        "  F1: true\n"
        "  F2: { value: false, unit: boolean }\n"
        "  label: { value: hand tools, unit: text }\n"
        "  DEM1:\n"
        "    value: present\n"
        "    unit: ordinal\n"
        "    evidence: \"triggered off by public procurement\"\n"
        "    source: review\n"
        "    locator: \"s5.2\"\n"
        "    confidence: high\n";
    const char *script = READER(
        "ind(p, 'share') .. ';' .. ind(p, 'cost') .. ';' .. "
        "ind(p, 'ratio') .. ';' .. ind(p, 'staff') .. ';' .. "
        "ind(p, 'age') .. ';' .. ind(p, 'F1') .. ';' .. ind(p, 'F2') .. "
        "';' .. ind(p, 'label') .. ';' .. "
        "p:indicator('DEM1').evidence .. '|' .. "
        "p:indicator('DEM1').source.id .. '|' .. "
        "p:indicator('DEM1').source.citation .. '|' .. "
        "p:indicator('DEM1').locator .. '|' .. "
        "p:indicator('DEM1').confidence");
    assert_int_equal(run_yaml(t, NULL, script, yaml), ASSAY_OK);
    assert_ndiags(t, 0);
    assert_ids(t, "nu");
    assert_string_equal(
        t->note[0],
        "share=stated,integer:70,percent,true,integer:70;"
        "cost=stated,float:12.5,currency,true,float:12.5;"
        "ratio=stated,float:0.25,ratio,true,float:0.25;"
        "staff=stated,integer:0,count,true,integer:0;"
        "age=stated,integer:3,years,true,integer:3;"
        "F1=stated,boolean:true,nil,true,boolean:true;"
        "F2=stated,boolean:false,boolean,true,boolean:false;"
        "label=stated,string:hand tools,text,true,string:hand tools;"
        "triggered off by public procurement|review|Review s5.2|s5.2|high");
    tseen_free(t);
}

/* ---- Core-schema resolution -------------------------------------------- */

static void test_loader_core_schema_resolution(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "id: cs\n"
        "name: A\n"
        "country: NO\n"
        "answer: yes\n"
        "switch: off\n"
        "hex: 0x1A\n"
        "neghex: -0x1A\n"
        "oct: 0o17\n"
        "dec: 010\n"
        "quoted: \"12\"\n"
        "single: '0x1A'\n"
        "plus: +12\n"
        "neg: -7\n"
        "flt: 1.5\n"
        "exp: 1e3\n"
        "half: .5\n"
        "t: True\n"
        "f: FALSE\n"
        "n1: ~\n"
        "n2: null\n"
        "n3:\n"
        "sexa: 190:20:30\n"
        "under: 1_000\n"
        "tilde: \"~\"\n"
        "target_group: { clustered: true, n: 0x10 }\n";
    const char *script = READER(
        "f(p, 'country') .. ';' .. f(p, 'answer') .. ';' .. "
        "f(p, 'switch') .. ';' .. f(p, 'hex') .. ';' .. f(p, 'neghex') .. "
        "';' .. f(p, 'oct') .. ';' .. f(p, 'dec') .. ';' .. "
        "f(p, 'quoted') .. ';' .. f(p, 'single') .. ';' .. f(p, 'plus') .. "
        "';' .. f(p, 'neg') .. ';' .. f(p, 'flt') .. ';' .. f(p, 'exp') .. "
        "';' .. f(p, 'half') .. ';' .. f(p, 't') .. ';' .. f(p, 'f') .. "
        "';' .. f(p, 'n1') .. ';' .. f(p, 'n2') .. ';' .. f(p, 'n3') .. "
        "';' .. f(p, 'sexa') .. ';' .. f(p, 'under') .. ';' .. "
        "f(p, 'tilde') .. ';' .. f(p, 'target_group.clustered') .. ';' .. "
        "f(p, 'target_group.n')");
    assert_int_equal(run_yaml(t, NULL, script, yaml), ASSAY_OK);
    assert_ndiags(t, 0);
    assert_ids(t, "cs");
    assert_string_equal(t->note[0],
                        "country=string:NO;answer=string:yes;"
                        "switch=string:off;hex=integer:26;"
                        "neghex=string:-0x1A;oct=integer:15;dec=integer:10;"
                        "quoted=string:12;single=string:0x1A;"
                        "plus=integer:12;neg=integer:-7;flt=float:1.5;"
                        "exp=float:1000.0;half=float:0.5;t=boolean:true;"
                        "f=boolean:false;n1=nil:nil;n2=nil:nil;n3=nil:nil;"
                        "sexa=string:190:20:30;under=string:1_000;"
                        "tilde=string:~;target_group.clustered=boolean:true;"
                        "target_group.n=integer:16");
    /* The field reads are provenance, with their values as JSON. */
    assert_non_null(strstr(t->s.json[0],
                           "\"field\":\"country\",\"value\":\"NO\""));
    assert_non_null(strstr(t->s.json[0], "\"field\":\"hex\",\"value\":26"));
    assert_non_null(strstr(t->s.json[0],
                           "\"field\":\"quoted\",\"value\":\"12\""));
    tseen_free(t);
}

/* ---- Streams of documents ---------------------------------------------- */

static void test_loader_multiple_documents_markers(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "# portfolio export\n"      /* 1 */
        "%YAML 1.1\n"               /* 2 */
        "---\n"                     /* 3 */
        "id: m1\n"                  /* 4 */
        "name: A\n"                 /* 5 */
        "...\n"                     /* 6 */
        "# between documents\n"     /* 7 */
        "\n"                        /* 8 */
        "---\n"                     /* 9 */
        "id: m2\n"                  /* 10 */
        "name: B\n"                 /* 11 */
        "---\n"                     /* 12 */
        "id: m3\n"                  /* 13 */
        "name: C\n"                 /* 14 */
        "...\n"                     /* 15 */
        "%YAML 1.1\n"               /* 16 */
        "--- # a comment after the marker\n" /* 17 */
        "id: m4\n"                  /* 18 */
        "name: D\n"                 /* 19 */
        "---\n";                    /* 20: a trailing empty document */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml), ASSAY_OK);
    assert_ndiags(t, 0);
    assert_ids(t, "m1,m2,m3,m4");
    assert_int_equal(t->line[0], 4);
    assert_int_equal(t->line[1], 10);
    assert_int_equal(t->line[2], 13);
    assert_int_equal(t->line[3], 18);
    tseen_free(t);

    /* No final newline, and an empty document between two. */
    t = tseen_new();
    const char *yaml2 =
        "---\n"                     /* 1 */
        "id: n1\n"                  /* 2 */
        "name: A\n"                 /* 3 */
        "---\n"                     /* 4: empty */
        "---\n"                     /* 5 */
        "id: n2\n"                  /* 6 */
        "name: B";                  /* 7, no newline */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml2), ASSAY_OK);
    assert_ndiags(t, 0);
    assert_ids(t, "n1,n2");
    assert_int_equal(t->line[1], 6);
    assert_non_null(strstr(t->s.json[1], "\"name\":\"B\""));
    tseen_free(t);
}

/* A NUL is data to YAML (a double-quoted scalar may write it as \0, \x00,
 * \u0000 or \U00000000), but assay's text ends at a NUL: "vis\0hidden"
 * was read as the name "vis". A scalar holding one, value or key, is
 * refused at its position (its opening quote); the rest is evaluated,
 * and other control characters stay text. */
static void test_loader_nul_in_text(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "id: n1\n"                                        /* 1 */
        "name: \"vis\\0hidden\"\n"                        /* 2: col 7 */
        "---\n"                                           /* 3 */
        "id: n2\n"                                        /* 4 */
        "name: N2\n"                                      /* 5 */
        "target_group: {\"cl\\x00ustered\": true}\n"      /* 6: key, col 16 */
        "---\n"                                           /* 7 */
        "id: n3\n"                                        /* 8 */
        "name: N3\n"                                      /* 9 */
        "notes: [\"a\\u0000\", 'b', \"c\\U00000000d\"]\n" /* 10: cols 9, 25 */
        "---\n"                                           /* 11 */
        "id: ok\n"                                        /* 12 */
        "name: \"vis\\x01ible\"\n";                       /* 13 */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml), ASSAY_EINPUT);
    assert_ids(t, "ok");
    assert_ndiags(t, 4);
    const char *msg = "a NUL character (\\0) is not allowed in text";
    assert_diag(&t->s, 2, 7, msg);
    assert_diag(&t->s, 6, 16, msg);
    assert_diag(&t->s, 10, 9, msg);
    assert_diag(&t->s, 10, 25, msg);
    assert_non_null(strstr(t->s.json[0], "\"name\":\"vis\\u0001ible\""));
    tseen_free(t);
}

static void test_loader_invalid_utf8(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "id: u1\n"                          /* 1 */
        "name: A\n"                         /* 2 */
        "---\n"                             /* 3 */
        "id: u2\n"                          /* 4 */
        "name: \"Cear\xC3\xA1 \xFF\"\n"     /* 5: 0xFF is the 14th char */
        "---\n"                             /* 6 */
        "id: u3\n"                          /* 7 */
        "name: C\n";                        /* 8 */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 5, 14, "UTF-8");
    assert_ndiags(t, 1);
    assert_ids(t, "u1,u3");
    tseen_free(t);

    /* On the first line of a file with no '---'. */
    t = tseen_new();
    const char *yaml2 = "id: \xFEx\n"       /* 1: col 5 */
                        "name: A\n";        /* 2 */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml2), ASSAY_EINPUT);
    assert_diag(&t->s, 1, 5, "UTF-8");
    assert_ndiags(t, 1);
    assert_ids(t, "");
    tseen_free(t);
}

/* A multi-byte sequence cut short: the bad character is the one whose lead
 * byte (0xC3) opens a sequence that does not go on; it starts at the lead
 * byte's column, not at the (valid) byte after it. */
static void test_loader_invalid_utf8_truncated_sequence(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml =
        "id: t0\n"                          /* 1 */
        "name: caf\xC3";                    /* 2: at the end, col 10 */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 2, 10, "UTF-8");
    assert_ndiags(t, 1);
    tseen_free(t);

    t = tseen_new();
    const char *yaml2 =
        "id: t1\n"                          /* 1 */
        "name: A\n"                         /* 2 */
        "---\n"                             /* 3 */
        "id: t2\n"                          /* 4 */
        "name: B\n"                         /* 5 */
        "country: caf\xC3\n"                /* 6: 0xC3 then '\n': col 13 */
        "---\n"                             /* 7 */
        "id: t3\n"                          /* 8 */
        "name: C\n";                        /* 9 */
    assert_int_equal(run_yaml(t, NULL, NULL, yaml2), ASSAY_EINPUT);
    assert_ids(t, "t1,t3");
    assert_ndiags(t, 1);
    assert_diag(&t->s, 6, 13, "UTF-8");
    tseen_free(t);
}

/* ---- Files and folders ------------------------------------------------- */

static void test_loader_folder_walk_sorted(void **state)
{
    (void)state;
    write_file("b.yaml", "id: b1\n"       /* 1 */
                         "name: B1\n"     /* 2 */
                         "---\n"          /* 3 */
                         "id: b2\n"       /* 4 */
                         "name: B2\n"     /* 5 */
                         "---\n"          /* 6 */
                         "id: bad\n");    /* 7: no name */
    write_file("a.yml", "id: a1\nname: A\n");
    write_file("c.txt", "id: c1\nname: C\n");
    write_file("review.test.yaml", "script: x\ncases: [.]\n"); /* a test file */
    write_file(".hidden.yaml", "id: h1\nname: H\n");
    make_dir("aa");
    write_file("aa/y.yaml", "id: y1\nname: Y\n");
    write_file("aa/x.yaml", "id: x1\nname: X\n");
    write_file("aa/w.txt", "id: w1\nname: W\n");
    make_dir("b");
    write_file("b/z.yaml", "id: z1\nname: Z\n");
    make_dir("sub");
    write_file("sub/n.yaml", "id: n1\nname: N\n");
    make_dir(".git");
    write_file(".git/k.yaml", "id: k1\nname: K\n");

    tseen *t = tseen_new();
    assay_engine *e = new_engine(t, NULL, TRIVIAL_SCRIPT);
    assert_int_equal(assay_engine_eval_path(e, tmpdir, collect, t),
                     ASSAY_EINPUT);
    /* the order of a sort of full paths, where a folder "b" sorts as
     * "b/": a.yml < aa/ < b.yaml < b/ < (c.txt) < sub/ */
    assert_ids(t, "a1,x1,y1,b1,b2,z1,n1");
    char want[600];
    snprintf(want, sizeof want, "%s/aa/x.yaml", tmpdir);
    assert_string_equal(t->file[1], want);
    snprintf(want, sizeof want, "%s/b.yaml", tmpdir);
    assert_string_equal(t->file[4], want);
    assert_int_equal(t->line[4], 4);
    assert_ndiags(t, 1);
    assert_diag(&t->s, 7, 1, "missing required key 'name'");
    assert_string_equal(t->s.diag[0].file, want);
    assay_engine_free(e);
    tseen_free(t);

    /* A file named explicitly is read whatever its extension. */
    t = tseen_new();
    e = new_engine(t, NULL, TRIVIAL_SCRIPT);
    snprintf(want, sizeof want, "%s/c.txt", tmpdir);
    assert_int_equal(assay_engine_eval_path(e, want, collect, t), ASSAY_OK);
    assert_ids(t, "c1");
    assay_engine_free(e);
    tseen_free(t);
}

static void test_loader_check_path_same_diagnostics(void **state)
{
    (void)state;
    write_file("cases.yaml",
               "id: c1\n"            /* 1 */
               "name: A\n"           /* 2 */
               "---\n"               /* 3 */
               "id: c2\n"            /* 4: no name */
               "country: BR\n"       /* 5 */
               "---\n"               /* 6 */
               "id: c1\n"            /* 7: duplicate, col 5 */
               "name: C\n"           /* 8 */
               "---\n"               /* 9 */
               "id: c3\n"            /* 10 */
               "name: D\n"           /* 11 */
               "indicators:\n"       /* 12 */
               "  DEM1: maybe\n"     /* 13: col 9 */
               "---\n"               /* 14 */
               "id: c4\n"            /* 15 */
               "name: [E\n"          /* 16: never closed */
               "---\n"               /* 17: the error shows here, col 1 */
               "id: c5\n"            /* 18 */
               "name: F\n");         /* 19 */
    char path[600];
    snprintf(path, sizeof path, "%s/cases.yaml", tmpdir);

    /* check: no script needed, nothing evaluated */
    tseen *chk = tseen_new();
    assay_engine *e = new_engine(chk, NULL, NULL);
    assert_int_equal(assay_engine_check_path(e, path), ASSAY_EINPUT);
    assay_engine_free(e);
    assert_diag(&chk->s, 4, 1, "missing required key 'name'");
    assert_diag(&chk->s, 7, 5, "duplicate project id 'c1'");
    assert_diag(&chk->s, 13, 9, "'maybe' is not an ordinal value");
    assert_diag(&chk->s, 17, 1, "");
    assert_ndiags(chk, 4);
    assert_int_equal(chk->s.nresults, 0);

    /* eval: the same diagnostics, in the same order, word for word */
    tseen *ev = tseen_new();
    e = new_engine(ev, NULL, TRIVIAL_SCRIPT);
    assert_int_equal(assay_engine_eval_path(e, path, collect, ev),
                     ASSAY_EINPUT);
    assay_engine_free(e);
    assert_ndiags(ev, 4);
    for (int i = 0; i < 4; i++) {
        assert_string_equal(chk->s.diag[i].file, path);
        assert_string_equal(ev->s.diag[i].file, chk->s.diag[i].file);
        assert_int_equal(ev->s.diag[i].line, chk->s.diag[i].line);
        assert_int_equal(ev->s.diag[i].column, chk->s.diag[i].column);
        assert_string_equal(ev->s.diag[i].msg, chk->s.diag[i].msg);
    }
    assert_ids(ev, "c1,c5");

    /* A clean file checks clean. */
    write_file("clean.yaml", "id: k1\nname: K\n");
    snprintf(path, sizeof path, "%s/clean.yaml", tmpdir);
    tseen *ok = tseen_new();
    e = new_engine(ok, NULL, NULL);
    assert_int_equal(assay_engine_check_path(e, path), ASSAY_OK);
    assert_ndiags(ok, 0);
    assay_engine_free(e);

    tseen_free(chk);
    tseen_free(ev);
    tseen_free(ok);
}

static void test_loader_huge_integers_out_of_range(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml = "id: t1\n"                                  /* 1 */
                       "name: T\n"                                 /* 2 */
                       "a: 0o7777777777777777777777777\n"          /* 3:4 */
                       "b: 0xFFFFFFFFFFFFFFFFFFFF\n"               /* 4:4 */
                       "---\n"                                     /* 5 */
                       "id: t2\n"                                  /* 6 */
                       "name: T\n"                                 /* 7 */
                       "big: 99999999999999999999\n";              /* 8 */
    assert_int_equal(run_yaml(t, NULL, "criterion { id = 'one', evaluate = "
                                       "function(p) return 1, "
                                       "tostring(p:field('big')) end }",
                              yaml),
                     ASSAY_EINPUT);
    assert_diag(&t->s, 3, 4, "out of range");
    assert_diag(&t->s, 4, 4, "out of range");
    assert_ndiags(t, 2);
    /* a decimal integer too large for 64 bits is read as a float */
    assert_ids(t, "t2");
    assert_string_equal(t->note[0], "1e+20");
    tseen_free(t);
}

static void test_loader_numbers_need_no_unit(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    const char *yaml = "id: t1\n"
                       "name: T\n"
                       "indicators:\n"
                       "  N: 3\n"
                       "  B: true\n"
                       "  F: { value: 2.5 }\n";
    assert_int_equal(run_yaml(t, NULL, "criterion { id = 'one', evaluate = "
                                       "function(p) return 1, "
                                       "p:value('N') + p:value('F') .. "
                                       "tostring(p:value('B')) end }",
                              yaml),
                     ASSAY_OK);
    assert_ndiags(t, 0);
    assert_string_equal(t->note[0], "5.5true");
    tseen_free(t);
}

static void test_loader_check_then_eval_same_engine(void **state)
{
    (void)state;
    write_file("cc.yaml", "id: a\nname: A\n---\nid: b\nname: B\n");
    char path[600];
    snprintf(path, sizeof path, "%s/cc.yaml", tmpdir);
    tseen *t = tseen_new();
    assay_engine *e = new_engine(t, NULL, TRIVIAL_SCRIPT);
    assert_int_equal(assay_engine_check_path(e, path), ASSAY_OK);
    /* checking does not use up the ids an evaluation will meet */
    assert_int_equal(assay_engine_eval_path(e, path, collect, t), ASSAY_OK);
    assert_ids(t, "a,b");
    /* the same file again in the run is not read again: no result, no
     * diagnostic */
    assert_int_equal(assay_engine_eval_path(e, path, collect, t), ASSAY_OK);
    assert_int_equal(t->s.nresults, 2);
    assert_int_equal(t->s.ndiags, 0);
    /* but the same projects from another file are duplicates */
    write_file("copy.yaml", "id: a\nname: A\n---\nid: b\nname: B\n");
    snprintf(path, sizeof path, "%s/copy.yaml", tmpdir);
    assert_int_equal(assay_engine_eval_path(e, path, collect, t),
                     ASSAY_EINPUT);
    assert_diag(&t->s, 1, 5, "duplicate project id 'a'");
    assay_engine_free(e);
    tseen_free(t);
}

static void test_loader_folder_walk_links_and_fifos(void **state)
{
    (void)state;
    char p1[600], p2[600];
    write_file("a.yaml", "id: a1\nname: A\n");
    write_file("data.txt", "id: l1\nname: L\n");
    make_dir("sub");
    write_file("sub/n.yaml", "id: n1\nname: N\n");
    make_dir("loop");
    /* a link to a file is read; links to folders are not followed, so
     * these two cannot send the walk round in circles */
    snprintf(p1, sizeof p1, "%s/l.yaml", tmpdir);
    assert_int_equal(symlink("data.txt", p1), 0);
    snprintf(p1, sizeof p1, "%s/loop/x", tmpdir);
    assert_int_equal(symlink("..", p1), 0);
    snprintf(p1, sizeof p1, "%s/sub_link", tmpdir);
    assert_int_equal(symlink("sub", p1), 0);
    /* a FIFO would block the walk forever if it were opened */
    snprintf(p2, sizeof p2, "%s/p.yaml", tmpdir);
    assert_int_equal(mkfifo(p2, 0600), 0);

    tseen *t = tseen_new();
    assay_engine *e = new_engine(t, NULL, TRIVIAL_SCRIPT);
    assert_int_equal(assay_engine_eval_path(e, tmpdir, collect, t), ASSAY_OK);
    /* a.yaml < data.txt (skipped) < l.yaml < loop/ < p.yaml < sub/ */
    assert_ids(t, "a1,l1,n1");
    assert_ndiags(t, 0);
    assay_engine_free(e);
    tseen_free(t);
}

static void test_loader_alias_counts_against_depth(void **state)
{
    (void)state;
    tseen *t = tseen_new();
    assay_limits lim = {.depth = 4};
    /* The project is level 1; x's sequence level 2; the anchored
     * [[1]] is levels 3 and 4 (height 2). Under y (level 2, inside the
     * sequence at level 3) the alias would reach 3 + 2 = 5 > 4. */
    const char *yaml =
        "id: a1\n"                  /* 1 */
        "name: A\n"                 /* 2 */
        "x: [&n [[1]]]\n"           /* 3 */
        "y: [[*n]]\n"               /* 4: the alias at col 6 */
        "---\n"                     /* 5 */
        "id: a2\n"                  /* 6 */
        "name: B\n"                 /* 7 */
        "x: [&n [[1]]]\n"           /* 8 */
        "y: [*n]\n";                /* 9: 2 + 2 = 4, within the limit */
    assert_int_equal(run_yaml(t, &lim, NULL, yaml), ASSAY_EINPUT);
    assert_diag(&t->s, 4, 6, "nests deeper than the limit of 4");
    assert_ndiags(t, 1);
    assert_ids(t, "a2");
    tseen_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loader_missing_id),
        cmocka_unit_test(test_loader_missing_name),
        cmocka_unit_test(test_loader_bad_id_characters),
        cmocka_unit_test(test_loader_duplicate_id_in_one_run),
        cmocka_unit_test(test_loader_duplicate_id_across_eval_calls),
        cmocka_unit_test(test_loader_duplicate_keys),
        cmocka_unit_test(test_loader_unknown_source),
        cmocka_unit_test(test_loader_ordinal_outside_closed_set),
        cmocka_unit_test(test_loader_non_finite_numbers),
        cmocka_unit_test(test_loader_percent_out_of_range),
        cmocka_unit_test(test_loader_non_scalar_keys),
        cmocka_unit_test(test_loader_tags_outside_core_schema),
        cmocka_unit_test(test_loader_undefined_alias),
        cmocka_unit_test(test_loader_cyclic_alias),
        cmocka_unit_test(test_loader_depth_limit),
        cmocka_unit_test(test_loader_depth_limit_default),
        cmocka_unit_test(test_loader_alias_count_limit),
        cmocka_unit_test(test_loader_alias_count_limit_default),
        cmocka_unit_test(test_loader_node_limit),
        cmocka_unit_test(test_loader_billion_laughs),
        cmocka_unit_test(test_loader_alias_expansion_small_node_limit),
        cmocka_unit_test(test_loader_scalar_and_key_limits),
        cmocka_unit_test(test_loader_document_size_limit),
        cmocka_unit_test(test_loader_document_size_limit_default),
        cmocka_unit_test(test_loader_bad_document_skipped),
        cmocka_unit_test(test_loader_syntax_error_skipped),
        cmocka_unit_test(test_loader_indicator_shorthand_equals_long_form),
        cmocka_unit_test(test_loader_numbers_units_booleans),
        cmocka_unit_test(test_loader_core_schema_resolution),
        cmocka_unit_test(test_loader_multiple_documents_markers),
        cmocka_unit_test(test_loader_nul_in_text),
        cmocka_unit_test(test_loader_invalid_utf8),
        cmocka_unit_test(test_loader_invalid_utf8_truncated_sequence),
        cmocka_unit_test_setup_teardown(test_loader_folder_walk_sorted,
                                        setup_tmpdir, teardown_tmpdir),
        cmocka_unit_test_setup_teardown(
            test_loader_check_path_same_diagnostics, setup_tmpdir,
            teardown_tmpdir),
        cmocka_unit_test_setup_teardown(
            test_loader_folder_walk_links_and_fifos, setup_tmpdir,
            teardown_tmpdir),
        cmocka_unit_test(test_loader_alias_counts_against_depth),
        cmocka_unit_test(test_loader_huge_integers_out_of_range),
        cmocka_unit_test(test_loader_numbers_need_no_unit),
        cmocka_unit_test_setup_teardown(
            test_loader_check_then_eval_same_engine, setup_tmpdir,
            teardown_tmpdir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

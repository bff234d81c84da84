/*
 * main.c -- the assay command: option parsing, the stock script folder,
 * atomic output files and exit statuses. Only this file and the formats
 * print; the library reports through return codes and callbacks.
 */
#include <errno.h>
#include <stddef.h>
#include <limits.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include "cli.h"

/* Exit statuses are those of the README's table and assay(1), EXIT_OUTPUT
 * for a report that could not be written among them (cli.h). */
const char *prog = "assay";

/* The arguments are often the user's own (a file name, an unknown option):
 * cli_vprintf escapes them. */
void cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cli_printf(stderr, "%s: ", prog);
    cli_vprintf(stderr, fmt, ap);
    cli_printf(stderr, "\nTry '%s %s--help'.\n", prog, cmd ? cmd : "");
    va_end(ap);
}

/* ---- Help ------------------------------------------------------------ */

static const char *const HELP_MAIN =
    "usage: assay COMMAND [OPTION]... [ARG]...\n"
    "\n"
    "Evaluate technology-assistance projects described in YAML case files\n"
    "against success criteria written in Lua.\n"
    "\n"
    "commands:\n"
    "  run      evaluate case files with a script and report the verdicts\n"
    "  explain  why each score, label and verdict of a project is what it is\n"
    "  test     check a script's results against expected ones\n"
    "  check    validate case files without evaluating them\n"
    "  lint     find likely mistakes in a script and its cases\n"
    "  compare  what changing the script changes: scores, verdicts, ranks\n"
    "  rank     rank a portfolio by TOPSIS or PROMETHEE II beside the score\n"
    "  sensitivity\n           how the verdicts and the ranking move with the weights\n"
    "  scripts  list the stock scripts\n"
    "\n"
    "  assay --version    print the version\n"
    "  assay COMMAND --help\n"
    "\n"
    "exit status: 0 all evaluated; 1 some criteria ended in error; 2 usage\n"
    "error; 3 some input could not be loaded (the rest was evaluated);\n"
    "4 the report could not be written.\n";

static const char *const HELP_RUN =
    "usage: assay run [-s SCRIPT] [-f FORMAT] [-o FILE] [-j N] CASE...\n"
    "\n"
    "Evaluate every project in the CASE files (a folder is read for *.yaml\n"
    "and *.yml files, recursively, in sorted order) and report the score,\n"
    "coverage and verdict of each, with every criterion's score, status,\n"
    "label, note and the evidence it read.\n"
    "\n"
    "  -s, --script SCRIPT  a stock script name or a path to a .lua file\n"
    "                       (default: success-features)\n"
    "  -f, --format FORMAT  table, json, jsonl, csv (a row per project and\n"
    "                       criterion), csv-wide (a row per project), html\n"
    "                       (one page to read, print or hand on) or\n"
    "                       markdown (default: table on a terminal, json\n"
    "                       otherwise)\n"
    "  -o, --output FILE    write the report to FILE, atomically\n"
    "  -j, --jobs N         parse and evaluate on N threads (1 to 256;\n"
    "                       default: the cores this process may use); the\n"
    "                       report is the same, byte for byte\n"
    "      --bom            csv, csv-wide: begin with a byte order mark,\n"
    "                       which Excel needs to read the text as UTF-8\n"
    "      --sort KEY       order of the table's closing portfolio view and\n"
    "                       of the html and markdown reports: input (the\n"
    "                       default), score, verdict (best first), coverage\n"
    "                       or id; other formats ignore it\n"
    "      --date           html, markdown: put today's date in the report\n"
    "                       (or that of SOURCE_DATE_EPOCH); without it the\n"
    "                       same run gives the same bytes on any day\n"
    "      --trace          show what the script's trace(...) calls were\n"
    "                       given: under each criterion in a table, as\n"
    "                       trace lists in json and jsonl\n"
    "      --no-progress    no progress line on stderr (there is none\n"
    "                       unless stderr is a terminal and CI is unset)\n"
    "      --no-color       no colour (nor when NO_COLOR is set, nor on a\n"
    "                       stream that is not a terminal)\n"
    "  -h, --help           this help\n";

static const char *const HELP_CHECK =
    "usage: assay check CASE...\n"
    "\n"
    "Validate case files against the case schema without evaluating them.\n"
    "Every problem is reported as FILE:LINE:COL: message on stderr.\n"
    "Exit status 0 when all documents are valid, 3 otherwise.\n";

static const char *const HELP_SCRIPTS =
    "usage: assay scripts [--path]\n"
    "\n"
    "List the stock scripts (use them with 'assay run -s NAME') with the\n"
    "number of criteria each declares and its first comment line.\n"
    "The folder is ASSAY_SCRIPTS if set, else the scripts installed\n"
    "beside the assay program.\n"
    "\n"
    "      --path  print only the folder's absolute path (for an editor's\n"
    "              Lua settings: the folder holds types/assay.lua)\n";

/* ---- Options --------------------------------------------------------- */

/* Parse argv (after the command) into o; returns -1 on a usage error and
 * 1 when help was asked for. */
/* The limits, each settable as --max-NAME VALUE (README "Limits").
 * Defaults and ranges are the library's (assay_limits_info); this table only names the
 * flags. */
static const struct limit_flag {
    const char *name;     /* --max-NAME */
    const char *field;    /* of assay_limits */
    int bytes;            /* K, M, G are 1024s; else 1000s */
    const char *what;
} LIMIT_FLAGS[] = {
    {"instructions", "instructions", 0, "instructions per criterion call"},
    {"time", "time_ms", 0, "milliseconds per criterion call"},
    {"memory", "lua_bytes", 1, "bytes of Lua heap for the script"},
    {"string", "string_bytes", 1, "bytes of any one string"},
    {"pattern-steps", "pattern_steps", 0, "steps of one pattern match"},
    {"doc-bytes", "doc_bytes", 1, "bytes in one case document"},
    {"depth", "depth", 0, "nesting depth of a case document"},
    {"nodes", "nodes", 0, "document nodes, aliases expanded"},
    {"aliases", "aliases", 0, "aliases in a case document"},
    {"scalar", "scalar_bytes", 1, "bytes in one scalar"},
    {"key", "key_bytes", 1, "bytes in one mapping key"},
    {"script", "script_bytes", 1, "bytes in a script or module file"},
    {"message", "message_bytes", 1, "bytes in a note or message"},
    {"trace", "trace_bytes", 1, "bytes of trace text one call keeps"},
};

const char *const HELP_LIMITS =
    "\nlimits (K, M, G: thousands, or 1024s for bytes):\n";

/* v as the flags take it: with the largest suffix that divides it (K,
 * M or G for bytes; M or G for counts, so that a depth stays 1000). */
static const char *limit_text(char out[32], unsigned long long v, int bytes)
{
    unsigned long long k = bytes ? 1024 : 1000;
    const struct {
        unsigned long long unit;
        char c;
    } units[] = {{k * k * k, 'G'}, {k * k, 'M'}, {bytes ? k : 0, 'K'}};
    for (size_t i = 0; i < 3; i++)
        if (units[i].unit && v >= units[i].unit && v % units[i].unit == 0) {
            snprintf(out, 32, "%llu%c", v / units[i].unit, units[i].c);
            return out;
        }
    snprintf(out, 32, "%llu", v);
    return out;
}

/* The library's default and range of the flag's field. */
static assay_limit flag_limit(const struct limit_flag *fl)
{
    assay_limit l;
    for (size_t i = 0; assay_limits_info(i, &l) == 0; i++)
        if (!strcmp(l.name, fl->field))
            return l;
    abort(); /* the flags name a field the library does not have: a bug */
}

void cli_help_limits(FILE *f)
{
    fputs(HELP_LIMITS, f);
    cli_printf(f, "  %-22s%-34s%7s  %s\n", "", "", "default", "range");
    for (size_t i = 0; i < sizeof LIMIT_FLAGS / sizeof *LIMIT_FLAGS; i++) {
        const struct limit_flag *fl = &LIMIT_FLAGS[i];
        assay_limit l = flag_limit(fl);
        char flag[64], def[32], lo[32], hi[32], range[80];
        snprintf(flag, sizeof flag, "--max-%s N", fl->name);
        snprintf(range, sizeof range, "%s to %s",
                 limit_text(lo, l.min, fl->bytes),
                 limit_text(hi, l.max, fl->bytes));
        cli_printf(f, "  %-22s%-34s%7s  %s\n", flag, fl->what,
                limit_text(def, l.def, fl->bytes), range);
    }
}

/* Parse a limit's value: a positive whole number with an optional K, M
 * or G. Returns 0 on success. */
static int limit_value(const char *s, int bytes, unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    unsigned long long unit = 1, k = bytes ? 1024 : 1000;
    if (*end == 'k' || *end == 'K')
        unit = k, end++;
    else if (*end == 'm' || *end == 'M')
        unit = k * k, end++;
    else if (*end == 'g' || *end == 'G')
        unit = k * k * k, end++;
    if (errno || end == s || *end || v == 0 || *s == '-' ||
        v > ULLONG_MAX / unit)
        return -1;
    *out = v * unit;
    return 0;
}

/* --max-NAME[=VALUE]: 1 when a is one (and taken), 0 when not, -1 on a
 * usage error. *i moves past a separate value. */
static int limit_flag(const char *cmd, int argc, char **argv, int *i,
                      opts *o)
{
    const char *a = argv[*i];
    if (strncmp(a, "--max-", 6))
        return 0;
    for (size_t k = 0; k < sizeof LIMIT_FLAGS / sizeof *LIMIT_FLAGS; k++) {
        const struct limit_flag *fl = &LIMIT_FLAGS[k];
        size_t n = strlen(fl->name);
        if (strncmp(a + 6, fl->name, n) || (a[6 + n] && a[6 + n] != '='))
            continue;
        const char *val = a[6 + n] == '=' ? a + 7 + n : NULL;
        if (!val && *i + 1 >= argc) {
            cli_usage_error(cmd, "option '%s' needs a value", a);
            return -1;
        }
        if (!val)
            val = argv[++*i];
        unsigned long long v;
        if (limit_value(val, fl->bytes, &v)) {
            cli_usage_error(cmd, "'%s' is not a limit: give a positive "
                                 "number, with K, M or G if you like", val);
            return -1;
        }
        assay_limit l = flag_limit(fl);
        if (assay_limits_set(&o->lim, l.name, v) != ASSAY_OK) {
            char msg[200], lo[32], hi[32];
            snprintf(msg, sizeof msg, "--max-%s must be from %s to %s, "
                     "not '%.40s'", fl->name, limit_text(lo, l.min, fl->bytes),
                     limit_text(hi, l.max, fl->bytes), val);
            cli_usage_error(cmd, "%s", msg);
            return -1;
        }
        return 1;
    }
    cli_usage_error(cmd, "unknown limit '%s'", a);
    return -1;
}

int cli_parse(const char *cmd, int argc, char **argv, opts *o,
              const char *allowed, const char *help)
{
    o->args = calloc((size_t)argc + 1, sizeof *o->args);
    if (!o->args)
        return -1;
    int only_args = 0;
    for (int i = 0; i < argc; i++) {
        char *a = argv[i];
        if (only_args || a[0] != '-' || !a[1]) {
            o->args[o->nargs++] = a;
            continue;
        }
        if (!strcmp(a, "--")) {
            only_args = 1;
            continue;
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(help, stdout);
            if (strchr(allowed, 'L'))
                cli_help_limits(stdout);
            return 1;
        }
        if (!strcmp(a, "--no-progress")) {
            o->no_progress = 1;
            continue;
        }
        if (!strcmp(a, "--no-color")) {
            o->no_color = 1;
            continue;
        }
        if (!strcmp(a, "--path") && strchr(allowed, 'P')) {
            o->path = 1;
            continue;
        }
        if (!strcmp(a, "--bom") && strchr(allowed, 'B')) {
            o->bom = 1;
            continue;
        }
        if (!strcmp(a, "--trace") && strchr(allowed, 'T')) {
            o->trace = 1;
            continue;
        }
        if (!strcmp(a, "--date") && strchr(allowed, 'D')) {
            o->date = 1;
            continue;
        }
        if (strchr(allowed, 'L')) {
            int r = limit_flag(cmd, argc, argv, &i, o);
            if (r < 0)
                return -1;
            if (r > 0)
                continue;
        }
        /* s: the short option (0: none), and the letter that allows it */
        static const struct {
            char s;
            const char *l;
            char allow;
        } valued[] = {{'s', "--script", 's'}, {'f', "--format", 'f'},
                      {'o', "--output", 'o'}, {'p', "--project", 'p'},
                      {'j', "--jobs", 'j'}, {0, "--sort", 'S'},
                      {0, "--delta", 'd'}, {0, "--samples", 'n'},
                      {0, "--seed", 'e'}, {0, "--concentration", 'c'}};
        const char **slot[] = {&o->script, &o->format, &o->output,
                               &o->project, &o->jobs, &o->sort,
                               &o->delta, &o->samples, &o->seed,
                               &o->concentration};
        int k, found = 0;
        const char *val = NULL;
        for (k = 0; k < 10 && !found; k++) {
            size_t ll = strlen(valued[k].l);
            if (valued[k].s && a[1] == valued[k].s) {
                found = 1;
                val = a[2] ? a + 2 : NULL;
            } else if (!strncmp(a, valued[k].l, ll) &&
                       (a[ll] == 0 || a[ll] == '=')) {
                found = 1;
                val = a[ll] == '=' ? a + ll + 1 : NULL;
            }
        }
        k--;
        if (!found || !strchr(allowed, valued[k].allow)) {
            cli_usage_error(cmd, "unknown option '%s'", a);
            return -1;
        }
        if (!val) {
            if (i + 1 >= argc) {
                cli_usage_error(cmd, "option '%s' needs a value", a);
                return -1;
            }
            val = argv[++i];
        }
        *slot[k] = val;
    }
    return 0;
}

int cli_jobs(const char *cmd, const char *s)
{
    if (!s) {
        int cores = assay_cores();
        return cores < JOBS_MAX ? cores : JOBS_MAX;
    }
    char *end;
    long n = strtol(s, &end, 10);
    if (*end || end == s || n < 1 || n > JOBS_MAX) {
        cli_usage_error(cmd, "-j needs a number of threads from 1 to %d, "
                             "not '%s'", JOBS_MAX, s);
        return 0;
    }
    return (int)n;
}

int cli_date_ok(const char *cmd, int date, int report, const char *fname)
{
    if (!date || report)
        return 1;
    cli_usage_error(cmd, "--date is for -f html and markdown, not '%s': the "
                         "other formats hold no date", fname);
    return 0;
}

/* ---- The stock script folder ----------------------------------------- */

/* ASSAY_SCRIPTS, else the library's own default: the scripts installed
 * beside the program, or the source tree's when run from build/. NULL when
 * there is none; caller frees. */
static char *stock_dir(const assay_engine *e)
{
    const char *env = getenv("ASSAY_SCRIPTS");
    if (env && *env) {
        char *real = realpath(env, NULL);
        return real ? real : strdup(env);
    }
    const char *dir = assay_engine_stock_dir(e);
    return dir ? strdup(dir) : NULL;
}

assay_engine *cli_engine(const assay_limits *lim)
{
    assay_engine *e = assay_engine_new(lim);
    if (!e) {
        cli_printf(stderr, "%s: out of memory\n", prog);
        return NULL;
    }
    char *dir = stock_dir(e);
    if (dir)
        assay_engine_set_stock_dir(e, dir);
    free(dir);
    return e;
}

int cli_load_script(assay_engine *e, const char *script)
{
    if (assay_engine_load_script(e, script ? script : "success-features") ==
        ASSAY_OK)
        return 0;
    cli_printf(stderr, "%s: %s\n", prog, assay_engine_errmsg(e));
    return -1;
}

/* ---- The report's file ------------------------------------------------ */

/* A report not bound for a terminal is written 64 KiB at a time, and
 * flushed when the engine is about to wait (on_wait): a line of jsonl is
 * often longer than stdio's 4 KiB. A command writes one report. */
static void report_buffer(FILE *f)
{
    static char buf[64 << 10];
    if (!isatty(fileno(f)))
        setvbuf(f, buf, _IOFBF, sizeof buf);
}

int cli_output_open(const char *path, FILE **f, char **tmp)
{
    *f = stdout;
    *tmp = NULL;
    if (!path) {
        report_buffer(stdout);
        return 0;
    }
    size_t n = strlen(path) + 16;
    if (!(*tmp = malloc(n)))
        return -1;
    snprintf(*tmp, n, "%s.tmpXXXXXX", path);
    int fd = mkstemp(*tmp);
    /* mkstemp makes the file private; give the report the mode a shell
     * redirection would */
    mode_t mask = umask(0);
    umask(mask);
    if (fd >= 0)
        fchmod(fd, 0666 & ~mask);
    if (fd < 0 || !(*f = fdopen(fd, "w"))) {
        cli_printf(stderr, "%s: cannot write %s: %s\n", prog, path,
                   strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(*tmp);
        }
        free(*tmp);
        *tmp = NULL;
        *f = stdout;
        return -1;
    }
    report_buffer(*f);
    return 0;
}

int cli_output_close(FILE *f, const char *path, char *tmp, int incomplete)
{
    if (!tmp) {
        if (fflush(stdout) != 0 || ferror(stdout)) {
            cli_printf(stderr, "%s: cannot write the report: %s\n", prog,
                       strerror(errno));
            return -1;
        }
        return 0;
    }
    int bad = fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    if (incomplete) {
        unlink(tmp);
    } else if (bad || rename(tmp, path) != 0) {
        cli_printf(stderr, "%s: cannot write %s: %s\n", prog, path,
                   strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* ---- run ------------------------------------------------------------- */

typedef struct run_ctx {
    out o;
    const format *fmt;
    cli_progress pg;
    int shared;              /* the report goes to the progress's terminal */
    int err_color;           /* colour on stderr */
} run_ctx;

/* A diagnostic on stderr, red when color is set (the codes are the
 * program's own text: fputs, as cli_printf would escape them). */
static void print_diag(const assay_diag *d, int color)
{
    if (color)
        fputs("\033[31m", stderr);
    if (d->line)
        cli_printf(stderr, "%s: %s:%lu:%lu: %s", prog, d->file, d->line,
                   d->column, d->message);
    else
        cli_printf(stderr, "%s: %s: %s", prog, d->file, d->message);
    fputs(color ? "\033[0m\n" : "\n", stderr);
}

void cli_print_diag(const assay_diag *d)
{
    print_diag(d, 0);
}

void cli_print_diag_color(const assay_diag *d, int color)
{
    print_diag(d, color);
}

static void on_diag(void *ud, const assay_diag *d)
{
    run_ctx *c = ud;
    fflush(c->o.f); /* the report so far, before the message on stderr */
    cli_progress_hide(&c->pg);
    print_diag(d, c->err_color);
    cli_progress_again(&c->pg);
    c->o.load_errors++;
    c->fmt->diag(&c->o, d);
}

/* 1 when the two descriptors are one terminal. */
static int same_terminal(int a, int b)
{
    struct stat sa, sb;
    return isatty(a) && isatty(b) && !fstat(a, &sa) && !fstat(b, &sb) &&
           sa.st_rdev == sb.st_rdev;
}

/* The engine is about to wait for input or for its workers: what the
 * report has so far goes out. */
static void on_wait(void *ud)
{
    run_ctx *c = ud;
    fflush(c->o.f);
}

static void on_progress(void *ud, const assay_progress *p)
{
    run_ctx *c = ud;
    c->pg.bytes = p->bytes;
    cli_progress_update(&c->pg);
}

static int on_result(void *ud, const assay_result *r)
{
    run_ctx *c = ud;
    c->o.projects++;
    int failed = assay_result_error(r) != NULL;
    for (int i = 0; i < assay_result_criterion_count(r) && !failed; i++)
        failed = assay_result_criterion_error(r, i) != NULL;
    c->o.failed += (unsigned long)failed;
    out_count_verdict(&c->o, assay_result_verdict(r));
    if (c->shared)
        cli_progress_hide(&c->pg);
    c->fmt->result(&c->o, r);
    if (c->shared) {
        fflush(c->o.f);
        cli_progress_again(&c->pg);
    }
    c->pg.projects = c->o.projects;
    cli_progress_update(&c->pg);
    return 0;
}

static void out_free(out *o)
{
    for (size_t i = 0; i < o->nverdicts; i++)
        free(o->verdicts[i]);
    free(o->verdicts);
    free(o->vcount);
    free(o->errors);
    cli_str_free(&o->line);
    cli_portfolio_free(&o->portfolio);
}

static int cmd_run(int argc, char **argv)
{
    opts op = {0};
    int rc = cli_parse("run ", argc, argv, &op, "sfojTLBSD", HELP_RUN);
    if (rc) {
        free(op.args);
        return rc > 0 ? 0 : EXIT_USAGE;
    }
    int status = EXIT_USAGE;
    run_ctx c = {0};
    char *tmp = NULL;
    assay_engine *e = NULL;
    if (!op.nargs) {
        cli_usage_error("run ", "%s", "no case file or folder given");
        goto done;
    }
    int tty = !op.output && isatty(STDOUT_FILENO);
    const char *fname = op.format ? op.format : tty ? "table" : "json";
    static const format *const formats[] = {&FORMAT_TABLE, &FORMAT_JSON,
                                            &FORMAT_JSONL, &FORMAT_CSV,
                                            &FORMAT_CSV_WIDE, &FORMAT_HTML,
                                            &FORMAT_MARKDOWN};
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
        if (!strcmp(fname, formats[i]->name))
            c.fmt = formats[i];
    if (!c.fmt) {
        cli_usage_error("run ", "unknown format '%s' (table, json, jsonl, "
                                "csv, csv-wide, html, markdown)", fname);
        goto done;
    }
    int csv = c.fmt == &FORMAT_CSV || c.fmt == &FORMAT_CSV_WIDE;
    if (op.bom && !csv) {
        cli_usage_error("run ", "--bom is for the csv formats, not '%s'",
                        fname);
        goto done;
    }
    c.o.sort = cli_sort_key(op.sort ? op.sort : "input");
    if (c.o.sort < 0) {
        static const char *const keys[] = {"input", "score", "verdict",
                                           "coverage", "id"};
        const char *near = NULL;
        int best = -1;
        for (size_t i = 0; i < 5; i++) {
            int d = assay_name_distance(op.sort, keys[i]);
            if (d >= 0 && (best < 0 || d < best))
                best = d, near = keys[i];
        }
        if (near)
            cli_usage_error("run ", "unknown sort key '%s'; did you mean "
                            "'%s'? (input, score, verdict, coverage, id)",
                            op.sort, near);
        else
            cli_usage_error("run ", "unknown sort key '%s' (input, score, "
                            "verdict, coverage, id)", op.sort);
        goto done;
    }
    if (!cli_date_ok("run ", op.date, c.fmt == &FORMAT_HTML ||
                                          c.fmt == &FORMAT_MARKDOWN, fname))
        goto done;
    c.o.date = op.date;
    int jobs = cli_jobs("run ", op.jobs);
    if (!jobs)
        goto done;
    if (!(e = cli_engine(&op.lim))) {
        status = EXIT_OUTPUT;
        goto done;
    }
    assay_engine_set_jobs(e, jobs);
    assay_engine_set_trace(e, op.trace);
    /* workers render the JSON */
    assay_engine_set_render_json(e, c.fmt == &FORMAT_JSON ||
                                        c.fmt == &FORMAT_JSONL);
    /* the html report says which verdict rule decided, and why */
    assay_engine_set_explain(e, c.fmt == &FORMAT_HTML);
    if (cli_load_script(e, op.script)) {
        status = EXIT_INPUT;
        goto done;
    }
    if (cli_output_open(op.output, &c.o.f, &tmp)) {
        status = EXIT_OUTPUT;
        goto done;
    }
    c.o.e = e;
    c.o.bom = op.bom;
    /* colour where it is read: each stream on its own terminal */
    int color = !op.no_color && !getenv("NO_COLOR");
    c.o.color = tty && color;
    c.err_color = color && isatty(STDERR_FILENO);
    cli_progress_init(&c.pg, !op.no_progress && !getenv("CI") &&
                                 isatty(STDERR_FILENO));
    if (c.pg.on) {
        unsigned long long total = 0;
        int known = assay_engine_input_bytes(e, (const char *const *)op.args,
                                             (size_t)op.nargs, &total) ==
                    ASSAY_OK;
        cli_progress_size(&c.pg, total, known);
        c.shared = tty && same_terminal(STDOUT_FILENO, STDERR_FILENO);
        assay_engine_on_progress(e, on_progress, &c);
    }
    assay_engine_on_diag(e, on_diag, &c);
    assay_engine_on_wait(e, on_wait, &c);
    c.fmt->begin(&c.o);
    int input_bad = 0, criteria_bad = 0;
    for (int i = 0; i < op.nargs; i++) {
        int r = assay_engine_eval_path(e, op.args[i], on_result, &c);
        if (r == ASSAY_EINPUT)
            input_bad = 1;
        else if (r == ASSAY_ECRITERIA)
            criteria_bad = 1;
        else if (r != ASSAY_OK) {
            cli_printf(stderr, "%s: %s\n", prog, assay_engine_errmsg(e));
            input_bad = 1;
        }
    }
    cli_progress_end(&c.pg);
    c.fmt->end(&c.o);
    criteria_bad |= c.o.failed > 0;
    if (c.o.failed) {
        if (c.err_color)
            fputs("\033[31m", stderr);
        cli_printf(stderr, "%s: %lu of %lu project%s had criteria that ended "
                           "in error (see the report)", prog, c.o.failed,
                   c.o.projects, c.o.projects == 1 ? "" : "s");
        fputs(c.err_color ? "\033[0m\n" : "\n", stderr);
    }
    status = input_bad ? EXIT_INPUT : criteria_bad ? EXIT_CRITERIA
                                                   : EXIT_EVALUATED;
    if (c.o.incomplete) { /* out of memory: no half report under its name */
        cli_printf(stderr, "%s: out of memory: the %s report is incomplete\n",
                   prog, c.fmt->name);
        status = EXIT_OUTPUT;
    }
    if (cli_output_close(c.o.f, op.output, tmp, c.o.incomplete))
        status = EXIT_OUTPUT;
done:
    free(tmp);
    out_free(&c.o);
    assay_engine_free(e);
    free(op.args);
    return status;
}

/* ---- check ----------------------------------------------------------- */

static void check_diag(void *ud, const assay_diag *d)
{
    ++*(unsigned long *)ud;
    cli_print_diag(d);
}

static int cmd_check(int argc, char **argv)
{
    opts op = {0};
    int rc = cli_parse("check ", argc, argv, &op, "L", HELP_CHECK);
    if (rc || !op.nargs) {
        if (!rc)
            cli_usage_error("check ", "%s", "no case file or folder given");
        free(op.args);
        return rc > 0 ? 0 : EXIT_USAGE;
    }
    assay_engine *e = cli_engine(&op.lim);
    if (!e) {
        free(op.args);
        return EXIT_OUTPUT;
    }
    unsigned long problems = 0;
    assay_engine_on_diag(e, check_diag, &problems);
    int bad = 0;
    for (int i = 0; i < op.nargs; i++)
        bad |= assay_engine_check_path(e, op.args[i]) != ASSAY_OK;
    if (!bad)
        cli_printf(stdout, "all case documents are valid\n");
    else
        cli_printf(stdout, "%lu problem%s found\n", problems,
                   problems == 1 ? "" : "s");
    assay_engine_free(e);
    free(op.args);
    return bad ? EXIT_INPUT : EXIT_EVALUATED;
}

/* ---- scripts --------------------------------------------------------- */

static int strcmp_p(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The first comment line of a script, without the dashes. */
static void first_comment(const char *path, char *out, size_t n)
{
    out[0] = 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "--", 2))
            continue;
        char *s = line + strspn(line, "- ");
        s[strcspn(s, "\r\n")] = 0;
        if (*s) {
            snprintf(out, n, "%s", s);
            break;
        }
    }
    fclose(f);
}

static int cmd_scripts(int argc, char **argv)
{
    opts op = {0};
    int rc = cli_parse("scripts ", argc, argv, &op, "P", HELP_SCRIPTS);
    if (rc || op.nargs) {
        if (!rc)
            cli_usage_error("scripts ", "unexpected argument '%s'", op.args[0]);
        free(op.args);
        return rc > 0 ? 0 : EXIT_USAGE;
    }
    free(op.args);
    assay_engine *e = cli_engine(&op.lim);
    char *dir = e ? stock_dir(e) : NULL;
    DIR *d = dir && !op.path ? opendir(dir) : NULL;
    if (!dir || (!d && !op.path)) {
        cli_printf(stderr, "%s: no stock script folder found (set "
                           "ASSAY_SCRIPTS)\n", prog);
        assay_engine_free(e);
        free(dir);
        return EXIT_INPUT;
    }
    struct stat st;
    if (op.path && (stat(dir, &st) || !S_ISDIR(st.st_mode))) {
        cli_printf(stderr, "%s: %s: not a folder of stock scripts\n", prog,
                   dir);
        assay_engine_free(e);
        free(dir);
        return EXIT_INPUT;
    }
    if (op.path) {
        cli_printf(stdout, "%s\n", dir);
        assay_engine_free(e);
        free(dir);
        return EXIT_EVALUATED;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len < 5 ||
            strcmp(de->d_name + len - 4, ".lua"))
            continue;
        char **nn = realloc(names, (n + 1) * sizeof *nn);
        if (!nn)
            break;
        names = nn;
        names[n] = strndup(de->d_name, len - 4);
        if (names[n])
            n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, strcmp_p);
    /* A stock script declares criteria; a helper module does not. */
    for (size_t i = 0; i < n; i++) {
        char path[PATH_MAX + 64], about[200];
        snprintf(path, sizeof path, "%s/%s.lua", dir, names[i]);
        if (!e)
            break;
        if (assay_engine_load_script(e, path) == ASSAY_OK) {
            first_comment(path, about, sizeof about);
            cli_printf(stdout, "%-20s %2d criteria  %s\n", names[i],
                       assay_engine_criterion_count(e), about);
        } else if (!strstr(assay_engine_errmsg(e), "declares no criterion")) {
            cli_printf(stdout, "%-20s does not load: %s\n", names[i],
                       assay_engine_errmsg(e));
        } /* else a helper module, not a script */
        free(names[i]);
    }
    cli_printf(stdout, "(folder: %s)\n", dir);
    assay_engine_free(e);
    free(names);
    free(dir);
    return EXIT_EVALUATED;
}

int main(int argc, char **argv)
{
#ifdef M_TRIM_THRESHOLD
    /* glibc gives each worker thread an arena of its own and hands the top
     * of it back to the system whenever more than 128 KiB is free there,
     * which a worker's libyaml buffers make true once a document: the
     * pages then fault in again for the next. Keeping up to 8 MiB spares
     * -j 2 some 13,000 page faults in 20,000 projects (make bench). */
    mallopt(M_TRIM_THRESHOLD, 8 << 20);
#endif
    if (argc < 2) {
        fputs(HELP_MAIN, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(HELP_MAIN, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        cli_printf(stdout, "assay %s (%s, libyaml %s)\n", assay_version(),
                   assay_version_lua(), assay_version_yaml());
        return 0;
    }
    if (!strcmp(cmd, "run"))
        return cmd_run(argc - 2, argv + 2);
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 2, argv + 2);
    if (!strcmp(cmd, "explain"))
        return cmd_explain(argc - 2, argv + 2);
    if (!strcmp(cmd, "test"))
        return cmd_test(argc - 2, argv + 2);
    if (!strcmp(cmd, "scripts"))
        return cmd_scripts(argc - 2, argv + 2);
    if (!strcmp(cmd, "rank"))
        return cmd_rank(argc - 2, argv + 2);
    if (!strcmp(cmd, "lint"))
        return cmd_lint(argc - 2, argv + 2);
    if (!strcmp(cmd, "compare"))
        return cmd_compare(argc - 2, argv + 2);
    if (!strcmp(cmd, "sensitivity"))
        return cmd_sensitivity(argc - 2, argv + 2);
    cli_usage_error(NULL, "unknown command '%s'", cmd);
    return EXIT_USAGE;
}

/*
 * cli_lint.c -- `assay lint`: what in a script, or between a script and a
 * portfolio of cases, is almost certainly a mistake.
 *
 * One pass evaluates every project and collects facts: the indicators each
 * case lists; what each criterion and the weighting read (the engine's
 * evidence, so the reads are exact and include those of indicators a case
 * lacks, with no parsing of Lua); how each criterion came out; which band
 * and verdict each project got. The script's declarations, read through
 * assay.h, give the rest. Then rules run over the facts, each adding
 * findings, in an order that depends only on the script and on the order
 * of the cases: per declaration (the criteria in order, then the
 * weighting), then the indicators the cases list, in input order.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

static const char *const HELP =
    "usage: assay lint [-s SCRIPT] [-f FORMAT] [-j N] CASE...\n"
    "\n"
    "Evaluate the projects in CASE (files or folders) and report what is\n"
    "almost certainly a mistake in the script or the cases, one finding a\n"
    "line as FILE:LINE:COL: warning: message [kind]:\n"
    "  unstated-indicator  a criterion reads an indicator no case lists\n"
    "  unread-indicator    a case lists an indicator no criterion reads,\n"
    "                      close to one that is read (cap1 for CAP1)\n"
    "  never-scored        a criterion is scored for no project\n"
    "  criterion-error     a criterion ended in error for some projects\n"
    "  weighting-error     the weighting ended in error for some projects\n"
    "  dead-rule           a band or verdict rule that can never match\n"
    "and as notes, which leave the exit status alone, what this portfolio\n"
    "does not reach: unreached-verdict, unreached-band, no-verdict,\n"
    "no-band, evidence-truncated. A similar id is suggested where there is\n"
    "one.\n"
    "\n"
    "  -s, --script SCRIPT  a stock script name or a path to a .lua file\n"
    "                       (default: success-features)\n"
    "  -f, --format FORMAT  text (the default) or json\n"
    "  -j, --jobs N         evaluate on N threads (1 to 256; default: the\n"
    "                       cores this process may use)\n"
    "  -h, --help           this help\n"
    "\n"
    "Exit status: 0 no warning; 1 some warning; 2 usage error; 3 the script\n"
    "or some case could not be loaded (the rest was linted).\n";

/* ---- Strings numbered in the order they first come ------------------- */

typedef struct names {
    char **s;
    size_t n, cap;
    size_t *slot;            /* number + 1; 0 is empty */
    size_t nslot;            /* a power of two, more than twice n */
} names;

#define NONE ((size_t)-1)

static size_t hash(const char *s)
{
    size_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static size_t *slot_of(const names *t, const char *s)
{
    size_t i = hash(s) & (t->nslot - 1);
    while (t->slot[i] && strcmp(t->s[t->slot[i] - 1], s))
        i = (i + 1) & (t->nslot - 1);
    return &t->slot[i];
}

static size_t find(const names *t, const char *s)
{
    if (!t->nslot)
        return NONE;
    size_t k = *slot_of(t, s);
    return k ? k - 1 : NONE;
}

/* The number of s, adding a copy when it is new (*added says so); NONE
 * when memory ran out. */
static size_t intern(names *t, const char *s, int *added)
{
    *added = 0;
    size_t k = find(t, s);
    if (k != NONE)
        return k;
    if ((t->n + 1) * 2 >= t->nslot) {
        size_t ns = t->nslot ? t->nslot * 2 : 64;
        size_t *slot = calloc(ns, sizeof *slot);
        if (!slot)
            return NONE;
        free(t->slot);
        t->slot = slot;
        t->nslot = ns;
        for (size_t i = 0; i < t->n; i++)
            *slot_of(t, t->s[i]) = i + 1;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        char **v = realloc(t->s, cap * sizeof *v);
        if (!v)
            return NONE;
        t->s = v;
        t->cap = cap;
    }
    if (!(t->s[t->n] = strdup(s)))
        return NONE;
    *slot_of(t, s) = t->n + 1;
    *added = 1;
    return t->n++;
}

static void names_free(names *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->s[i]);
    free(t->s);
    free(t->slot);
}

/* p (of *cap items of size) grown to hold n items, new ones zeroed: the
 * new pointer, or NULL when memory ran out (p is then still valid). */
static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
    if (n <= *cap)
        return p;
    size_t c = *cap ? *cap * 2 : 64;
    while (c < n)
        c *= 2;
    char *q = realloc(p, c * size);
    if (!q)
        return NULL;
    memset(q + *cap * size, 0, (c - *cap) * size);
    *cap = c;
    return q;
}

/* ---- Facts ----------------------------------------------------------- */

typedef struct rule {
    assay_rule r;            /* label and where.file are copies */
    int reached;             /* some project got this label by it (set on
                                the first rule with the label) */
    int dead;                /* it can never match */
} rule;

/* A criterion, or the weighting, and how it came out. */
typedef struct decl {
    char *id;                /* NULL for the weighting */
    assay_where at;          /* file copied */
    rule *rules;             /* bands, or verdicts */
    int nrules;
    unsigned long status[4]; /* scored, not_assessable, error, limit */
    unsigned long unlabelled; /* scored but no band held; no verdict */
    unsigned long truncated; /* projects whose evidence it cut */
    char *first_error, *error_project;
    char *unlabelled_project;
} decl;

static const char *const STATUS[] = {"scored", "not_assessable", "error",
                                     "limit"};

/* An indicator id: listed by cases, or read, or both. */
typedef struct ind_fact {
    unsigned long listed;    /* cases that list it */
    assay_where at;          /* the first of them, file copied */
    int read;                /* some criterion or the weighting read it */
} ind_fact;

typedef struct finding {
    int note;                /* a note, not a warning */
    const char *kind;
    assay_where at;
    /* what it is about, borrowed from the facts; NULL when none */
    const char *criterion, *indicator, *label, *suggestion;
    char *message;
} finding;

typedef struct lint {
    const assay_engine *e;
    decl *d;                 /* d[0] the weighting, d[1 + i] criterion i */
    int nd;
    names ids;
    ind_fact *ind;
    size_t capind;
    names pairs;             /* "DECL ID": decl DECL read indicator ID */
    struct pair {
        int decl;
        size_t id;
    } *pair;                 /* the same, by the number of the name */
    size_t cappair;
    cli_str key;             /* a pair's name, being made */
    unsigned long projects;
    int truncated;           /* some evidence list was cut */
    int oom;
    finding *f;
    size_t nf, capf;
    unsigned long warnings, notes;
    /* load errors, for the JSON report */
    cli_str errors;
    unsigned long errors_kept, errors_omitted;
    int json;
} lint;

static char *copy(lint *L, const char *s)
{
    char *c = s ? strdup(s) : NULL;
    if (s && !c)
        L->oom = 1;
    return c;
}

static void read_decls(lint *L)
{
    int nc = assay_engine_criterion_count(L->e);
    if (!(L->d = calloc((size_t)nc + 1, sizeof *L->d))) {
        L->oom = 1;
        return;
    }
    L->nd = nc + 1;
    for (int k = 0; k < L->nd; k++) {
        decl *d = &L->d[k];
        int i = k - 1;  /* ASSAY_WEIGHTING for the first */
        d->id = copy(L, assay_engine_criterion_id(L->e, i));
        if (assay_engine_declared_at(L->e, i, &d->at) == 0)
            d->at.file = copy(L, d->at.file);
        else
            d->at = (assay_where){NULL, 0, 0};
        d->nrules = assay_engine_rule_count(L->e, i);
        if (d->nrules && !(d->rules = calloc((size_t)d->nrules,
                                             sizeof *d->rules))) {
            L->oom = 1;
            d->nrules = 0;
        }
        for (int j = 0; j < d->nrules; j++) {
            assay_rule *r = &d->rules[j].r;
            assay_engine_rule(L->e, i, j, r);
            r->label = copy(L, r->label);
            r->where.file = copy(L, r->where.file);
        }
    }
}

/* The first rule of d with label, or -1. */
static int rule_of(const decl *d, const char *label)
{
    for (int j = 0; label && j < d->nrules; j++)
        if (!strcmp(d->rules[j].r.label, label))
            return j;
    return -1;
}

static size_t indicator(lint *L, const char *id)
{
    int added;
    size_t k = intern(&L->ids, id, &added);
    ind_fact *v = k == NONE ? NULL : grow(L->ind, &L->capind, k + 1,
                                          sizeof *v);
    if (!v) {
        L->oom = 1;
        return NONE;
    }
    L->ind = v;
    return k;
}

/* Decl k read indicator id. */
static void read_fact(lint *L, int k, const char *id)
{
    size_t x = indicator(L, id);
    if (x == NONE)
        return;
    L->ind[x].read = 1;
    cli_str *s = &L->key;
    cli_str_clear(s);
    cli_str_addf(s, "%d ", k);
    cli_str_adds(s, id);
    int added;
    size_t p = s->oom ? NONE : intern(&L->pairs, s->p, &added);
    struct pair *v = p == NONE ? NULL : grow(L->pair, &L->cappair, p + 1,
                                             sizeof *v);
    if (!v) {
        L->oom = 1;
        return;
    }
    L->pair = v;
    if (added)
        L->pair[p] = (struct pair){k, x};
}

/* What decl k read in r, and whether it cut the list. */
static void reads(lint *L, const assay_result *r, int k)
{
    decl *d = &L->d[k];
    int i = k - 1;
    assay_evidence ev;
    for (int j = 0; assay_result_evidence(r, i, j, &ev) == 0; j++)
        if (ev.indicator)
            read_fact(L, k, ev.indicator);
    if (assay_result_evidence_truncated(r, i)) {
        d->truncated++;
        L->truncated = 1;
    }
}

static void first(lint *L, char **slot, const char *s)
{
    if (!*slot)
        *slot = copy(L, s);
}

static int on_result(void *ud, const assay_result *r)
{
    lint *L = ud;
    L->projects++;
    assay_where at;
    const char *id;
    for (int k = 0; (id = assay_result_indicator(r, k, &at)); k++) {
        size_t x = indicator(L, id);
        if (x != NONE && !L->ind[x].listed++) {
            L->ind[x].at = at;
            L->ind[x].at.file = copy(L, at.file);
        }
    }
    for (int k = 1; k < L->nd; k++) {
        decl *d = &L->d[k];
        const char *st = assay_result_criterion_status(r, k - 1);
        for (int s = 0; st && s < 4; s++)
            if (!strcmp(st, STATUS[s]))
                d->status[s]++;
        const char *err = assay_result_criterion_error(r, k - 1);
        if (err) {
            first(L, &d->first_error, err);
            first(L, &d->error_project, assay_result_id(r));
        }
        const char *label = assay_result_criterion_label(r, k - 1);
        int j = rule_of(d, label);
        if (j >= 0)
            d->rules[j].reached = 1;
        else if (!strcmp(st, "scored") && d->nrules) {
            d->unlabelled++;
            first(L, &d->unlabelled_project, assay_result_id(r));
        }
        reads(L, r, k);
    }
    decl *w = &L->d[0];
    const char *err = assay_result_error(r);
    int j = rule_of(w, assay_result_verdict(r));
    if (err) {
        w->status[2]++;
        first(L, &w->first_error, err);
        first(L, &w->error_project, assay_result_id(r));
    } else if (j >= 0) {
        w->rules[j].reached = 1;
    } else if (w->nrules) {
        w->unlabelled++;
        first(L, &w->unlabelled_project, assay_result_id(r));
    }
    reads(L, r, 0);
    return L->oom; /* stop: the facts would be wrong */
}

/* ---- Findings -------------------------------------------------------- */

static finding *add(lint *L, int note, const char *kind,
                    const assay_where *at, const char *fmt, ...)
    __attribute__((format(__printf__, 5, 6)));
static finding *add(lint *L, int note, const char *kind,
                    const assay_where *at, const char *fmt, ...)
{
    static finding lost;
    finding *v = grow(L->f, &L->capf, L->nf + 1, sizeof *v);
    if (!v) {
        L->oom = 1;
        return &lost;
    }
    L->f = v;
    finding *f = &L->f[L->nf++];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !(f->message = malloc((size_t)n + 1))) {
        L->oom = 1;
        L->nf--;
        return &lost;
    }
    va_start(ap, fmt);
    vsnprintf(f->message, (size_t)n + 1, fmt, ap);
    va_end(ap);
    f->note = note;
    f->kind = kind;
    f->at = *at;
    if (note)
        L->notes++;
    else
        L->warnings++;
    return f;
}

/* "criterion 'x'" or "the weighting", for messages. */
static const char *who(const decl *d, char *buf, size_t n)
{
    if (!d->id)
        return "the weighting";
    snprintf(buf, n, "criterion '%s'", d->id);
    return buf;
}

/* The indicator id nearest to id among those listed (want_listed) or
 * read: one equal but for case first, else the nearest by the rule of
 * every hint (assay_name_distance); the first in order on a tie. NULL when
 * none is near enough. */
static const char *nearest(const lint *L, const char *id, int want_listed)
{
    const char *best = NULL;
    int bestd = -1;
    for (int pass = 0; pass < 2 && !best; pass++)
        for (size_t k = 0; k < L->ids.n; k++) {
            const char *c = L->ids.s[k];
            if (!(want_listed ? L->ind[k].listed > 0 : L->ind[k].read) ||
                !strcmp(c, id))
                continue;
            if (!pass) {
                if (!strcasecmp(c, id))
                    return c;
                continue;
            }
            int d = assay_name_distance(id, c);
            if (d >= 0 && (bestd < 0 || d < bestd)) {
                bestd = d;
                best = c;
            }
        }
    return best;
}

/* Conditions of a rule, for a message: "at_least = 0.4, ...". */
static void conditions(const assay_rule *r, char *buf, size_t n)
{
    int k = snprintf(buf, n, "%s", "");
    if (r->has_at_least)
        k += snprintf(buf + k, n - (size_t)k, "at_least = %g", r->at_least);
    if (r->has_coverage_below)
        k += snprintf(buf + k, n - (size_t)k, "%scoverage_below = %g",
                      k ? ", " : "", r->coverage_below);
    if (!k)
        snprintf(buf, n, "no condition");
}

/* Rules compare with the engine's slack (README: 1e-9 of rounding). */
#define SLACK 1e-9

/* Does rule a hold whenever rule b does (b's conditions imply a's)? Only
 * for an a without when(), whose outcome cannot be known. A score is in
 * [0, 1], and coverage too; a band always has a score, a verdict may not. */
static int covers(const assay_rule *a, const assay_rule *b, int band)
{
    if (a->has_when)
        return 0;
    int any_score = band ? a->at_least <= SLACK : 0;
    if (a->has_at_least && !any_score &&
        !(b->has_at_least && b->at_least >= a->at_least))
        return 0;
    if (a->has_coverage_below && a->coverage_below - SLACK <= 1 &&
        !(b->has_coverage_below && b->coverage_below <= a->coverage_below))
        return 0;
    return 1;
}

/* dead-rule: a rule that can never match, by itself (a score above 1, a
 * coverage below 0) or because an earlier one holds whenever it would. */
static void dead_rules(lint *L, decl *d)
{
    char name[300], conds[128];
    const char *list = d->id ? "bands" : "verdicts";
    for (int j = 0; j < d->nrules; j++) {
        rule *ru = &d->rules[j];
        const assay_rule *r = &ru->r;
        if (d->id)
            snprintf(name, sizeof name, "criterion '%s': ", d->id);
        else
            name[0] = 0;
        finding *f = NULL;
        if (r->has_at_least && r->at_least - SLACK > 1)
            f = add(L, 0, "dead-rule", &r->where,
                    "%s%s[%d] '%s' can never match: at_least = %g is above "
                    "1, the highest score", name, list, j + 1, r->label,
                    r->at_least);
        else if (r->has_coverage_below && r->coverage_below <= SLACK)
            f = add(L, 0, "dead-rule", &r->where,
                    "%s%s[%d] '%s' can never match: coverage_below = %g, "
                    "and coverage is never below 0", name, list, j + 1,
                    r->label, r->coverage_below);
        for (int k = 0; !f && k < j; k++) {
            const assay_rule *a = &d->rules[k].r;
            if (d->rules[k].dead || !covers(a, r, d->id != NULL))
                continue;
            conditions(a, conds, sizeof conds);
            f = add(L, 0, "dead-rule", &r->where,
                    "%s%s[%d] '%s' can never match: %s[%d] '%s' (%s) comes "
                    "first and holds whenever it would", name, list, j + 1,
                    r->label, list, k + 1, a->label, conds);
        }
        if (f) {
            ru->dead = 1;
            f->criterion = d->id;
            f->label = r->label;
        }
    }
}

/* never-scored, criterion-error, weighting-error. */
static void outcomes(lint *L, decl *d)
{
    char name[300], what[200];
    const char *w = who(d, name, sizeof name);
    unsigned long *s = d->status, bad = s[2] + s[3];
    finding *f = NULL;
    if (d->id && !s[0]) {
        int k = 0;
        for (int i = 1; i < 4; i++)
            if (s[i])
                k += snprintf(what + k, sizeof what - (size_t)k, "%s%s for %lu",
                              k ? " and " : "", STATUS[i], s[i]);
        f = add(L, 0, "never-scored", &d->at,
                "%s is scored for no project: %s of %lu%s%s%s%s%s", w, what,
                L->projects, bad ? " (first error, in " : "",
                bad ? d->error_project : "", bad ? ": " : "",
                bad ? d->first_error : "", bad ? ")" : "");
    } else if (bad) {
        f = add(L, 0, d->id ? "criterion-error" : "weighting-error", &d->at,
                "%s ended in error for %lu of %lu project%s (first, in %s: "
                "%s)", w, bad, L->projects, L->projects == 1 ? "" : "s",
                d->error_project, d->first_error);
    }
    if (f)
        f->criterion = d->id;
}

/* evidence-truncated: what d read is not all known. */
static void truncated(lint *L, decl *d)
{
    char name[300];
    const char *w = who(d, name, sizeof name);
    if (d->truncated) {
        finding *f = add(L, 1, "evidence-truncated", &d->at,
                "%s read more than its evidence list holds, for %lu "
                "project%s: indicators no criterion reads are not reported",
                w, d->truncated, d->truncated == 1 ? "" : "s");
        f->criterion = d->id;
    }
}

/* unstated-indicator: an indicator d read that no case lists; at the
 * first place the declaring file writes its id as a string, where the
 * typo would be, else at d. */
static void unstated(lint *L, decl *d, int k)
{
    char name[300];
    for (size_t p = 0; p < L->pairs.n; p++) {
        size_t x = L->pair[p].id;
        if (L->pair[p].decl != k || L->ind[x].listed)
            continue;
        const char *id = L->ids.s[x], *near = nearest(L, id, 1);
        assay_where at = d->at;
        if (assay_engine_find_literal(L->e, k - 1, id, &at) != 0)
            at = d->at;
        finding *f = add(L, 0, "unstated-indicator", &at,
                         "%s reads indicator '%s', which no case lists%s%s%s",
                         who(d, name, sizeof name), id,
                         near ? "; did you mean '" : "", near ? near : "",
                         near ? "'?" : "");
        f->criterion = d->id;
        f->indicator = id;
        f->suggestion = near;
    }
}

/* unreached-band, unreached-verdict, no-band, no-verdict. */
static void unreached(lint *L, decl *d)
{
    char name[300];
    unsigned long judged = d->id ? d->status[0] : L->projects - d->status[2];
    if (!judged)
        return; /* never-scored or weighting-error says why */
    if (d->id)
        snprintf(name, sizeof name, "criterion '%s': ", d->id);
    else
        name[0] = 0;
    for (int j = 0; j < d->nrules; j++) {
        const char *label = d->rules[j].r.label;
        if (rule_of(d, label) != j || d->rules[j].reached)
            continue;
        int live = j;
        while (live < d->nrules && (d->rules[live].dead ||
                                    strcmp(d->rules[live].r.label, label)))
            live++;
        if (live == d->nrules)
            continue; /* dead-rule says why */
        finding *f = add(L, 1, d->id ? "unreached-band" : "unreached-verdict",
                         &d->rules[live].r.where,
                         "%sno project gets the %s '%s'", name,
                         d->id ? "band" : "verdict", label);
        f->criterion = d->id;
        f->label = label;
    }
    if (d->unlabelled) {
        finding *f = add(L, 1, d->id ? "no-band" : "no-verdict", &d->at,
                         "%sno %s rule holds for %lu of %lu %s (first: %s)",
                         name, d->id ? "band" : "verdict", d->unlabelled,
                         judged, d->id ? "scores" : "projects",
                         d->unlabelled_project);
        f->criterion = d->id;
    }
}

/* unread-indicator: an indicator cases list that nothing reads, close to
 * one that is read. Without that closeness it is not reported: cases
 * often record more than a script scores. */
static void unread(lint *L)
{
    if (L->truncated)
        return; /* some reads are not known: evidence-truncated says so */
    for (size_t x = 0; x < L->ids.n; x++) {
        const char *id = L->ids.s[x], *near;
        if (!L->ind[x].listed || L->ind[x].read ||
            !(near = nearest(L, id, 0)))
            continue;
        finding *f = add(L, 0, "unread-indicator", &L->ind[x].at,
                         "indicator '%s' is read by no criterion (listed by "
                         "%lu case%s); did you mean '%s'?", id,
                         L->ind[x].listed, L->ind[x].listed == 1 ? "" : "s",
                         near);
        f->indicator = id;
        f->suggestion = near;
    }
}

static void rules(lint *L)
{
    for (int k = 1; k <= L->nd; k++) {
        decl *d = &L->d[k % L->nd]; /* the criteria, then the weighting */
        if (L->projects) {
            outcomes(L, d);
            unstated(L, d, k % L->nd);
            truncated(L, d);
        }
        dead_rules(L, d);
        if (L->projects)
            unreached(L, d);
    }
    if (L->projects)
        unread(L);
}

/* ---- Output ---------------------------------------------------------- */

static void print_text(lint *L, FILE *out)
{
    const char *script = assay_engine_script_path(L->e);
    for (size_t i = 0; i < L->nf; i++) {
        const finding *f = &L->f[i];
        const assay_where *at = &f->at;
        cli_printf(out, "%s", at->file ? at->file : script);
        if (at->file && at->line)
            cli_printf(out, ":%lu", at->line);
        if (at->file && at->line && at->column)
            cli_printf(out, ":%lu", at->column);
        cli_printf(out, ": %s: %s [%s]\n", f->note ? "note" : "warning",
                   f->message, f->kind);
    }
    cli_printf(out, "%lu warning%s, %lu note%s (%lu project%s linted)\n",
               L->warnings, L->warnings == 1 ? "" : "s", L->notes,
               L->notes == 1 ? "" : "s", L->projects,
               L->projects == 1 ? "" : "s");
}

static void json_field(cli_str *b, const char *key, const char *v)
{
    if (!v)
        return;
    cli_str_addf(b, ",\"%s\":", key);
    cli_str_json(b, v);
}

static void print_json(lint *L, FILE *out)
{
    cli_str b = {0};
    cli_str_adds(&b, "{\"engine\":{\"name\":\"assay\",\"version\":");
    cli_str_json(&b, assay_version());
    cli_str_adds(&b, "},\"script\":{\"name\":");
    cli_str_json(&b, assay_engine_script_name(L->e));
    cli_str_adds(&b, ",\"path\":");
    cli_str_json(&b, assay_engine_script_path(L->e));
    cli_str_addf(&b, "},\"projects\":%lu,\"findings\":[", L->projects);
    for (size_t i = 0; i < L->nf; i++) {
        const finding *f = &L->f[i];
        cli_str_adds(&b, i ? ",\n{\"file\":" : "\n{\"file\":");
        cli_str_json(&b, f->at.file ? f->at.file
                                    : assay_engine_script_path(L->e));
        if (f->at.file && f->at.line)
            cli_str_addf(&b, ",\"line\":%lu", f->at.line);
        else
            cli_str_adds(&b, ",\"line\":null");
        if (f->at.file && f->at.line && f->at.column)
            cli_str_addf(&b, ",\"column\":%lu", f->at.column);
        else
            cli_str_adds(&b, ",\"column\":null");
        cli_str_addf(&b, ",\"severity\":\"%s\",\"kind\":\"%s\"",
                     f->note ? "note" : "warning", f->kind);
        json_field(&b, "message", f->message);
        json_field(&b, "criterion", f->criterion);
        json_field(&b, "indicator", f->indicator);
        json_field(&b, "label", f->label);
        json_field(&b, "suggestion", f->suggestion);
        cli_str_addc(&b, '}');
    }
    cli_str_adds(&b, L->nf ? "\n],\"errors\":[" : "],\"errors\":[");
    cli_str_add(&b, L->errors.p ? L->errors.p : "", L->errors.n);
    cli_str_addf(&b, "%s],\"summary\":{\"warnings\":%lu,\"notes\":%lu,"
                     "\"errors_omitted\":%lu}}\n",
                 L->errors.n ? "\n" : "", L->warnings, L->notes,
                 L->errors_omitted);
    if (b.oom)
        L->oom = 1;
    else
        fwrite(b.p, 1, b.n, out);
    cli_str_free(&b);
}

static void on_diag(void *ud, const assay_diag *d)
{
    lint *L = ud;
    cli_print_diag(d);
    if (!L->json)
        return;
    if (L->errors_kept >= CLI_ERRORS_KEPT) {
        L->errors_omitted++;
        return;
    }
    cli_str *b = &L->errors;
    cli_str_adds(b, L->errors_kept++ ? ",\n{\"file\":" : "\n{\"file\":");
    cli_str_json(b, d->file);
    if (d->line)
        cli_str_addf(b, ",\"line\":%lu,\"column\":%lu", d->line, d->column);
    else
        cli_str_adds(b, ",\"line\":null,\"column\":null");
    json_field(b, "message", d->message);
    cli_str_addc(b, '}');
}

static void lint_free(lint *L)
{
    for (int k = 0; k < L->nd; k++) {
        decl *d = &L->d[k];
        free(d->id);
        free((char *)d->at.file);
        for (int j = 0; j < d->nrules; j++) {
            free((char *)d->rules[j].r.label);
            free((char *)d->rules[j].r.where.file);
        }
        free(d->rules);
        free(d->first_error);
        free(d->error_project);
        free(d->unlabelled_project);
    }
    free(L->d);
    for (size_t x = 0; x < L->ids.n; x++)
        free((char *)L->ind[x].at.file);
    free(L->ind);
    names_free(&L->ids);
    names_free(&L->pairs);
    free(L->pair);
    for (size_t i = 0; i < L->nf; i++)
        free(L->f[i].message);
    free(L->f);
    cli_str_free(&L->errors);
    cli_str_free(&L->key);
}

int cmd_lint(int argc, char **argv)
{
    opts op = {0};
    int rc = cli_parse("lint ", argc, argv, &op, "sfjL", HELP);
    if (rc || !op.nargs) {
        if (!rc)
            cli_usage_error("lint ", "%s", "no case file or folder given");
        free(op.args);
        return rc > 0 ? EXIT_EVALUATED : EXIT_USAGE;
    }
    lint L = {0};
    const char *fmt = op.format ? op.format : "text";
    L.json = !strcmp(fmt, "json");
    if (!L.json && strcmp(fmt, "text")) {
        cli_usage_error("lint ", "unknown format '%s' (text, json)", fmt);
        free(op.args);
        return EXIT_USAGE;
    }
    int jobs = cli_jobs("lint ", op.jobs), status = EXIT_USAGE;
    if (!jobs) {
        free(op.args);
        return EXIT_USAGE;
    }
    assay_engine *e = cli_engine(&op.lim);
    if (!e) {
        free(op.args);
        return EXIT_OUTPUT;
    }
    L.e = e;
    assay_engine_set_jobs(e, jobs);
    if (cli_load_script(e, op.script)) {
        status = EXIT_INPUT;
        goto done;
    }
    read_decls(&L);
    assay_engine_on_diag(e, on_diag, &L);
    int bad = 0;
    for (int i = 0; i < op.nargs && !L.oom; i++) {
        int r = assay_engine_eval_path(e, op.args[i], on_result, &L);
        bad |= r != ASSAY_OK && r != ASSAY_ECRITERIA;
    }
    if (!L.oom)
        rules(&L);
    if (L.oom) {
        cli_printf(stderr, "%s: out of memory\n", prog);
        status = EXIT_OUTPUT;
        goto done;
    }
    if (L.json)
        print_json(&L, stdout);
    else
        print_text(&L, stdout);
    status = bad ? EXIT_INPUT : L.warnings ? EXIT_CRITERIA : EXIT_EVALUATED;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_printf(stderr, "%s: cannot write the report\n", prog);
        status = EXIT_OUTPUT;
    }
done:
    lint_free(&L);
    assay_engine_free(e);
    free(op.args);
    return status;
}

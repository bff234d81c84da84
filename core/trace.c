/*
 * trace.c -- trace(...), the scripts' stand-in for print: text an author
 * writes to follow a criterion, kept with the line it came from on the
 * result of what is running (a criterion, or the project's aggregate and
 * verdict rules) and shown only when asked for.
 *
 * With the engine's trace option off, trace returns at once: nothing is
 * formatted, charged or kept. On, each call formats its arguments as
 * print does -- each through the scripts' own tostring (determ.c), so
 * the text is the same on every run and worker -- joined by tabs, and
 * charges the bytes as instructions (limits.c), as other C string work
 * is. One call into the script may keep at most the trace_bytes limit:
 * each line counts its bytes, its module's path when it comes from a
 * module, and one for its end. The line that does not fit is cut there
 * (never inside a character), the rest of the call's traces are dropped
 * and counted, and when the call ends one line more says how much. Text is kept
 * escaped, as notes are, so that no host prints a control byte by
 * mistake; memory is bounded by the limit (times four, the longest an
 * escape makes a byte) whatever the script does.
 */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "ay_vm.h"

#define TOSTRING_KEY "assay.tostring"

void ay_trace_open(lua_State *L, int tostring)
{
    lua_pushvalue(L, tostring);
    lua_setfield(L, LUA_REGISTRYINDEX, TOSTRING_KEY);
}

/* Drop n bytes of the running call's text, from a trace() at line;
 * *lost says this trace() has lost text already. Once text is dropped,
 * the call keeps no more: a trace shows no pieces after a gap. */
static void drop(ay_vm *vm, size_t n, unsigned long line, int *lost)
{
    if (!vm->trace_drops)
        vm->trace_drop_line = line;
    vm->trace_left = 0;
    vm->trace_dropped += n;
    if (!*lost)
        vm->trace_drops++;
    *lost = 1;
}

/* Add n bytes of s to the text, escaped, as far as the call's budget
 * goes (never half a character); the rest is dropped. */
static void put(ay_vm *vm, const char *s, size_t n, unsigned long line,
                int *lost)
{
    size_t keep = n <= vm->trace_left ? n : vm->trace_left;
    if (keep < n) /* back to the start of a UTF-8 character */
        for (int k = 0; k < 3 && keep > 0 &&
                        ((unsigned char)s[keep] & 0xC0) == 0x80; k++)
            keep--;
    ay_escape(&vm->trace_text, s, keep);
    vm->trace_left -= keep;
    if (keep < n)
        drop(vm, n - keep, line, lost);
}

/* The line and chunk of the first Lua function up the stack from trace:
 * the caller, or the Lua code that called it through pcall and the
 * like. */
static unsigned long caller(lua_State *L, const char **src)
{
    lua_Debug ar;
    *src = NULL;
    for (int level = 1; lua_getstack(L, level, &ar); level++)
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            *src = ar.source;
            return (unsigned long)ar.currentline;
        }
    return 0;
}

static int add_line(ay_vm *vm)
{
    if (vm->ntlines < vm->captlines)
        return 1;
    int cap = vm->captlines ? vm->captlines * 2 : 16;
    ay_tline *t = realloc(vm->tlines, (size_t)cap * sizeof *t);
    if (!t)
        return 0;
    vm->tlines = t;
    vm->captlines = cap;
    return 1;
}

int ay_trace_lua(lua_State *L)
{
    ay_vm *vm = ay_vm_of(L);
    if (!vm->trace || !vm->armed || !vm->cur)
        return 0; /* off, or no result to keep it on (the script loads) */
    int n = lua_gettop(L);
    luaL_checkstack(L, n + 4, "too many arguments to trace");
    lua_getfield(L, LUA_REGISTRYINDEX, TOSTRING_KEY);
    int tostring = lua_gettop(L);
    size_t total = n > 1 ? (size_t)n - 1 : 0; /* the tabs */
    for (int i = 1; i <= n; i++) { /* the texts, above the function */
        lua_pushvalue(L, tostring);
        lua_pushvalue(L, i);
        lua_call(L, 1, 1);
        total += lua_rawlen(L, -1);
    }
    ay_limits_charge(L, 1 + (double)total / AY_BYTES_PER_STEP);

    const char *src;
    unsigned long line = caller(L, &src);
    const char *file = NULL;
    if (src && !(vm->s && (*src == '@' || *src == '=') &&
                 !strcmp(src + 1, vm->s->path)))
        file = *src == '@' || *src == '=' ? src + 1 : src;
    size_t flen = file ? strlen(file) : 0;
    int lost = 0;
    /* room for the line's end and, unless it is empty, some text */
    if (vm->trace_left < flen + 1 + (total > 0) || !add_line(vm)) {
        drop(vm, total, line, &lost);
        return 0;
    }
    vm->trace_left -= flen + 1; /* the line's end */
    ay_tline *t = &vm->tlines[vm->ntlines];
    t->line = line;
    t->file = 0;
    if (file) {
        t->file = vm->trace_text.n + 1;
        ay_escape(&vm->trace_text, file, flen);
        ay_buf_putc(&vm->trace_text, 0);
    }
    t->text = vm->trace_text.n;
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = lua_tolstring(L, tostring + i, &len);
        if (i > 1)
            put(vm, "\t", 1, line, &lost);
        put(vm, s, len, line, &lost);
    }
    ay_buf_putc(&vm->trace_text, 0);
    if (vm->trace_text.oom) { /* out of memory: the text is lost */
        vm->trace_text.oom = 0;
        vm->trace_text.n = t->file ? t->file - 1 : t->text;
        drop(vm, total, line, &lost);
        return 0;
    }
    vm->ntlines++;
    return 0;
}

void ay_trace_begin(ay_vm *vm)
{
    vm->ntlines = 0;
    vm->trace_text.n = 0;
    vm->trace_text.oom = 0;
}

void ay_trace_call_begin(ay_vm *vm)
{
    vm->trace_left = vm->lim.trace_bytes;
    vm->trace_dropped = 0;
    vm->trace_drops = 0;
    vm->trace_drop_line = 0;
}

void ay_trace_call_end(ay_vm *vm)
{
    if (!vm->trace_drops || !add_line(vm))
        return;
    ay_buf *b = &vm->trace_text;
    ay_tline *t = &vm->tlines[vm->ntlines];
    size_t start = b->n;
    t->line = vm->trace_drop_line;
    t->file = 0;
    t->text = start;
    ay_buf_printf(b, "(trace limit: %zu more bytes from %lu trace%s dropped; "
                  "a call may record %zu bytes)", vm->trace_dropped,
                  vm->trace_drops, vm->trace_drops == 1 ? "" : "s",
                  vm->lim.trace_bytes);
    ay_buf_putc(b, 0);
    if (b->oom) {
        b->oom = 0;
        b->n = start;
        return;
    }
    vm->ntlines++;
}

int ay_trace_keep(ay_vm *vm, ay_arena *a, assay_trace **out)
{
    *out = NULL;
    if (!vm->ntlines)
        return 0;
    char *text = ay_arena_alloc(a, vm->trace_text.n);
    assay_trace *t = ay_arena_alloc(a, (size_t)vm->ntlines * sizeof *t);
    if (!text || !t)
        return 0;
    memcpy(text, vm->trace_text.p, vm->trace_text.n);
    for (int i = 0; i < vm->ntlines; i++) {
        const ay_tline *l = &vm->tlines[i];
        t[i].file = l->file ? text + l->file - 1 : NULL;
        t[i].line = l->line;
        t[i].text = text + l->text;
    }
    *out = t;
    return vm->ntlines;
}

void ay_trace_free(ay_vm *vm)
{
    free(vm->tlines);
    vm->tlines = NULL;
    vm->ntlines = vm->captlines = 0;
    ay_buf_free(&vm->trace_text);
}

/*
 * limits.c -- what a criterion call may spend: Lua instructions, wall
 * time, memory, and the work of C functions the hook cannot see into
 * (string building and pattern matching).
 *
 * A hit limit is recorded on the engine before the error is raised, so the
 * criterion's status is `limit` even if the script catches the error.
 *
 * The count hook checks the instructions and the clock every hook_every
 * instructions. Work no instruction counts is charged as instructions
 * where it happens (sandbox.c, heap.c, determ.c, lpattern.c), and
 * anything that can hold the VM for long between two instructions reads
 * the clock itself: the allocator every 256 KiB, the wrapped C functions
 * after each call, table.sort every 16 comparisons. When one of those
 * finds the call over its time, it does what lua.c does on a signal: set
 * the hook to run at the very next instruction, which raises. Comparing
 * two long strings is one instruction that reads no clock, so once a
 * state holds a string of a megabyte or more its hook runs every 16
 * instructions instead of every 1,000.
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include <lauxlib.h>

#include "ay_vm.h"

static void where(lua_State *L, char *out, size_t n);
static void hook(lua_State *L, lua_Debug *ar);
static void set_hook(lua_State *L, ay_vm *vm, int every);

int ay_limit_error(lua_State *L, int which, const char *fmt, ...)
{
    ay_vm *vm = ay_vm_of(L);
    if (!vm->limit) {
        char msg[400], at[200];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        where(L, at, sizeof at);
        vm->limit = which;
        snprintf(vm->limit_msg, sizeof vm->limit_msg, "%s%s", msg, at);
    }
    set_hook(L, vm, 1); /* keep raising */
    lua_pushstring(L, vm->limit_msg);
    return lua_error(L);
}

size_t ay_pattern_budget(lua_State *L)
{
    return ay_vm_of(L)->lim.pattern_steps;
}

/* The first frame from the top that runs Lua code: where a limit hit. */
static void where(lua_State *L, char *out, size_t n)
{
    lua_Debug ar;
    out[0] = 0;
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            snprintf(out, n, " (at %s:%d)", ar.short_src, ar.currentline);
            return;
        }
    }
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

#define HOOK_EVERY 1000 /* instructions between checks */
#define HOOK_BIG 16     /* ... once a state holds long strings */

static void set_hook(lua_State *L, ay_vm *vm, int every)
{
    int watch = !vm->watch_depth ? 0
                : vm->watch_lines ? LUA_MASKRET | LUA_MASKLINE : LUA_MASKRET;
    vm->hook_every = every;
    lua_sethook(L, hook, LUA_MASKCOUNT | watch, every);
}

/* A return, or a line, in a watched call: note where the called function
 * itself (the frame at watch_depth, not one it calls) was. A frame that
 * a tail call took over has lost its caller's line: a return from it
 * only says so (watch_tail), and the line events before it, when they
 * are watched, have already named the line of that `return f(...)`. */
static void watch(lua_State *L, ay_vm *vm, lua_Debug *ar)
{
    lua_Debug below;
    if (lua_getstack(L, vm->watch_depth, &below))
        return;
    if (ar->event == LUA_HOOKLINE) {
        if (lua_getinfo(L, "t", ar) && !ar->istailcall)
            vm->watch_line = ar->currentline;
        return;
    }
    if (!lua_getinfo(L, "lt", ar))
        return;
    if (ar->istailcall)
        vm->watch_tail = 1;
    else if (ar->currentline > 0)
        vm->watch_line = ar->currentline;
}

void ay_limits_watch(ay_vm *vm, int lines)
{
    lua_Debug ar;
    int depth = 0;
    while (lua_getstack(vm->L, depth, &ar))
        depth++;
    vm->watch_depth = depth + 1; /* the called function's frame */
    vm->watch_lines = lines;
    vm->watch_line = 0;
    vm->watch_tail = 0;
}

void ay_limits_unwatch(ay_vm *vm)
{
    vm->watch_depth = 0;
}

static void hook(lua_State *L, lua_Debug *ar)
{
    ay_vm *vm = ay_vm_of(L);
    if (ar && ar->event != LUA_HOOKCOUNT) {
        watch(L, vm, ar);
        return;
    }
    if (vm->limit) {
        /* Already hit: raise again at once, so that no pcall or message
         * handler in the script can carry on past it. */
        set_hook(L, vm, 1);
        lua_pushstring(L, vm->limit_msg);
        lua_error(L);
    }
    vm->steps += (unsigned long)vm->hook_every;
    if (vm->steps > vm->lim.instructions)
        ay_limit_error(L, AY_LIMIT_INSTRUCTIONS,
                       "instruction limit: more than %lu Lua instructions in "
                       "one call", vm->lim.instructions);
    if (now_ms() - vm->started > (double)vm->lim.time_ms)
        ay_limit_error(L, AY_LIMIT_TIME,
                       "time limit: the call ran for more than %lu ms",
                       vm->lim.time_ms);
}

void ay_limits_poll(lua_State *L)
{
    ay_vm *vm = ay_vm_of(L);
    if (!vm->armed)
        return;
    if (vm->limit)
        hook(L, NULL);
    if (now_ms() - vm->started > (double)vm->lim.time_ms)
        ay_limit_error(L, AY_LIMIT_TIME,
                       "time limit: the call ran for more than %lu ms",
                       vm->lim.time_ms);
}

void ay_limits_charge(lua_State *L, double work)
{
    ay_vm *vm = ay_vm_of(L);
    if (!vm->armed)
        return;
    if (work > (double)vm->lim.instructions ||
        vm->steps + work > (double)vm->lim.instructions)
        ay_limit_error(L, AY_LIMIT_INSTRUCTIONS,
                       "instruction limit: more than %lu Lua instructions in "
                       "one call", vm->lim.instructions);
    vm->steps += (unsigned long)work;
    ay_limits_poll(L);
}

void ay_limits_arm(ay_vm *vm)
{
    vm->limit = AY_LIMIT_NONE;
    vm->limit_msg[0] = 0;
    vm->heap.refused_at[0] = 0;
    vm->steps = 0;
    vm->calls++;
    vm->started = now_ms();
    vm->armed = 1;
    set_hook(vm->L, vm, vm->heap.big_strings ? HOOK_BIG : HOOK_EVERY);
}

void ay_limits_disarm(ay_vm *vm)
{
    if (vm->heap.refused_size) /* the call ended on a refusal */
        ay_limit_memory(vm);
    vm->heap.refused_size = 0;
    vm->armed = 0;
    lua_sethook(vm->L, NULL, 0, 0);
}

void ay_limits_check_clock(ay_vm *vm)
{
    if (vm->armed && !vm->limit && vm->hook_every > 1 &&
        (now_ms() - vm->started > (double)vm->lim.time_ms ||
         vm->steps > vm->lim.instructions))
        set_hook(vm->L, vm, 1);
}

void ay_limits_retune(ay_vm *vm)
{
    if (vm->armed && !vm->limit && vm->hook_every > HOOK_BIG)
        set_hook(vm->L, vm, HOOK_BIG);
}

void ay_limit_string(ay_vm *vm, size_t size)
{
    if (!vm->armed || vm->limit)
        return;
    char at[200];
    where(vm->L, at, sizeof at); /* lua_getinfo "Sl" allocates nothing */
    vm->limit = AY_LIMIT_STRING;
    snprintf(vm->limit_msg, sizeof vm->limit_msg,
             "string limit: a string of %zu bytes is longer than the limit "
             "of %zu bytes%s", size, vm->lim.string_bytes, at);
    set_hook(vm->L, vm, 1);
}

void ay_limit_memory_where(ay_vm *vm)
{
    if (vm->armed && vm->L)
        where(vm->L, vm->heap.refused_at, sizeof vm->heap.refused_at);
}

void ay_limit_memory(ay_vm *vm)
{
    if (!vm->armed || vm->limit)
        return;
    vm->limit = AY_LIMIT_MEMORY;
    char at[200];
    if (vm->heap.refused_at[0])
        snprintf(at, sizeof at, "%s", vm->heap.refused_at);
    else
        where(vm->L, at, sizeof at); /* lua_getinfo "Sl" allocates nothing */
    snprintf(vm->limit_msg, sizeof vm->limit_msg,
             "memory limit: the script's Lua heap reached the limit of %zu "
             "bytes%s", vm->lim.lua_bytes, at);
    /* the next instruction raises it again, even if this one is caught */
    set_hook(vm->L, vm, 1);
}

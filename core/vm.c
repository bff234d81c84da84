/*
 * vm.c -- a Lua state with what evaluating in it needs (ay_vm): made the
 * same way for the engine and for each worker, so that a worker is a vm,
 * not a copy of the public engine.
 */
#include <stdlib.h>
#include <string.h>

#include <lua.h>

#include "ay_vm.h"

int ay_vm_init(ay_vm *vm, const assay_limits *lim, const char *stock_dir,
               ay_buf *err)
{
    memset(vm, 0, sizeof *vm);
    vm->lim = *lim;
    vm->err = err;
    vm->heap.max = lim->lua_bytes;
    vm->heap.string_max = lim->string_bytes;
    if (stock_dir && !(vm->stock_dir = strdup(stock_dir)))
        return ASSAY_ENOMEM;
    return ASSAY_OK;
}

void ay_vm_free(ay_vm *vm)
{
    ay_script_free(vm->L, vm->s);
    vm->s = NULL;
    ay_script_free_retired(vm);
    if (vm->L)
        lua_close(vm->L);
    vm->L = NULL;
    ay_heap_reset(&vm->heap);
    free(vm->reads);
    vm->reads = NULL;
    ay_trace_free(vm);
    ay_buf_free(&vm->value);
    free(vm->stock_dir);
    vm->stock_dir = NULL;
}

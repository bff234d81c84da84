/*
 * install.c -- where this code was installed from, to find the stock
 * scripts that were installed with it.
 */
#define _GNU_SOURCE /* dladdr1 */
#include <dlfcn.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ay_base.h"

/* The file that holds this code: libassay.so or the Lua module, or the
 * program itself when linked statically. dladdr names a program by the
 * argv[0] it was started with, which may be relative or a bare name found
 * on PATH, so a program is found through /proc instead. Caller frees. */
static char *this_file(void)
{
    Dl_info info;
    struct link_map *lm = NULL;
    if (!dladdr1((void *)ay_installed_stock_dir, &info, (void **)&lm,
                 RTLD_DL_LINKMAP) || !info.dli_fname)
        return NULL;
    if (lm && lm->l_name && !lm->l_name[0])   /* the main program */
        return realpath("/proc/self/exe", NULL);
    return realpath(info.dli_fname, NULL);
}

/* The stock scripts installed with this code: PREFIX/share/assay/scripts
 * seen from PREFIX/bin/assay, PREFIX/lib/libassay.so, PREFIX/lib/<arch>/,
 * PREFIX/lib/lua/5.4/assay.so or PREFIX/lib/<arch>/lua/5.4/; and scripts/
 * seen from the build folder of a source tree. */
char *ay_installed_stock_dir(void)
{
    static const char *const rel[] = {
        "/../share/assay/scripts", "/../../share/assay/scripts",
        "/../../../share/assay/scripts", "/../../../../share/assay/scripts",
        "/../scripts"};
    char *self = this_file();
    char *slash = self ? strrchr(self, '/') : NULL;
    if (!slash) {
        free(self);
        return NULL;
    }
    *slash = 0;
    char *found = NULL;
    for (size_t i = 0; i < sizeof rel / sizeof *rel && !found; i++) {
        size_t n = strlen(self) + strlen(rel[i]) + 1;
        char *cand = malloc(n);
        if (!cand)
            break;
        snprintf(cand, n, "%s%s", self, rel[i]);
        struct stat st;
        found = realpath(cand, NULL);
        if (found && (stat(found, &st) || !S_ISDIR(st.st_mode))) {
            free(found);
            found = NULL;
        }
        free(cand);
    }
    free(self);
    return found;
}


/*
 * install.c -- where this code was installed from, to find the stock
 * scripts that were installed with it: beside the file that holds the
 * code, or else in the folder `make install` puts them in.
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

/* The folder `make install` puts the stock scripts in, DATADIR/assay/
 * scripts, given by the Makefile (and NULL where the code is built
 * without it). Only a program linked with libassay.a needs it: such a
 * host lives anywhere, so no folder relative to it need hold them. */
#ifdef AY_STOCK_DIR
static const char *const configured = AY_STOCK_DIR;
#else
static const char *const configured = NULL;
#endif

/* path made canonical when it is a folder, else NULL. Caller frees. */
static char *folder(const char *path)
{
    struct stat st;
    char *found = realpath(path, NULL);
    if (found && (stat(found, &st) || !S_ISDIR(st.st_mode))) {
        free(found);
        found = NULL;
    }
    return found;
}

/* The stock scripts installed with this code: PREFIX/share/assay/scripts
 * seen from PREFIX/bin/assay, PREFIX/lib/libassay.so, PREFIX/lib/<arch>/,
 * PREFIX/lib/lua/5.4/assay.so or PREFIX/lib/<arch>/lua/5.4/; and scripts/
 * seen from the build folder of a source tree. Failing those (a host
 * linked with libassay.a, in a folder of its own), the configured folder.
 * The relative places come first, so that an installed tree moved
 * elsewhere keeps using its own scripts. */
char *ay_installed_stock_dir(void)
{
    static const char *const rel[] = {
        "/../share/assay/scripts", "/../../share/assay/scripts",
        "/../../../share/assay/scripts", "/../../../../share/assay/scripts",
        "/../scripts"};
    char *self = this_file();
    char *slash = self ? strrchr(self, '/') : NULL;
    char *found = NULL;
    if (slash) {
        *slash = 0;
        for (size_t i = 0; i < sizeof rel / sizeof *rel && !found; i++) {
            size_t n = strlen(self) + strlen(rel[i]) + 1;
            char *cand = malloc(n);
            if (!cand)
                break;
            snprintf(cand, n, "%s%s", self, rel[i]);
            found = folder(cand);
            free(cand);
        }
    }
    free(self);
    if (!found && configured)
        found = folder(configured);
    return found;
}


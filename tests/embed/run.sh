#!/bin/sh
# run.sh -- assay as other programs use it, from a staged install.
#
#   tests/embed/run.sh BUILD STAGE PREFIX      (make embed runs it)
#
# STAGE holds `make install DESTDIR=STAGE PREFIX=PREFIX`. Checks the shared
# library's exports and soname, builds the C examples through pkg-config
# against the staged files, runs them, the Lua module test and the
# installed command, then uninstalls and checks that nothing is left.
set -eu
B=$1
STAGE=$(cd "$2" && pwd)
ROOT=$STAGE$3
HERE=$(cd "$(dirname "$0")" && pwd)
fail() { echo "embed: $*" >&2; exit 1; }
ok() { echo "ok   $*"; }

# -- The shared library: a versioned soname, and only the API exported.
so=$(ls "$ROOT"/lib/libassay.so.*.*.*)
readelf -d "$so" | grep -q 'SONAME.*\[libassay\.so\.0\]' ||
    fail "$so has no soname libassay.so.0"
extra=$(nm -D --defined-only "$so" | awk '{print $3}' |
        grep -v -e '^assay_' -e '^luaopen_assay$' || true)
[ -z "$extra" ] || fail "libassay.so exports internal symbols: $extra"
api=$(sed -n 's/^\(.*[ *]\)\{0,1\}\(assay_[a-z0-9_]*\)(.*/\2/p' \
      "$ROOT/include/assay.h" | sort -u)
for f in $api; do
    nm -D --defined-only "$so" | grep -q " $f\$" ||
        fail "assay.h declares $f, libassay.so does not export it"
    # Every function is called with NULL arguments in the API test.
    sed -n '/^static void test_embed_null_arguments/,/^}/p' \
        "$HERE/test_api.c" | grep -q "$f(" ||
        fail "test_embed_null_arguments does not call $f"
done
ok "libassay.so: soname libassay.so.0, exports the $(echo "$api" | wc -l) functions of assay.h and luaopen_assay only"
# The command is a client like any other: of the library's symbols, its
# objects use those of assay.h only (the Makefile links it so that no
# other is reachable; this says so in the suite too).
nm -g --defined-only "$B/libassay.a" | awk 'NF == 3 {print $3}' |
    sort -u >"$B/embed_lib.syms"
nm -u "$B"/cli/*.o | awk '{print $NF}' | sort -u >"$B/embed_cli.syms"
private=$(comm -12 "$B/embed_lib.syms" "$B/embed_cli.syms" |
          grep -v '^assay_' || true)
[ -z "$private" ] || fail "the command uses private symbols: $private"
n=$(comm -12 "$B/embed_lib.syms" "$B/embed_cli.syms" | wc -l)
ok "the assay command uses $n functions of assay.h and nothing private"
mod=$(nm -D --defined-only "$ROOT/lib/lua/5.4/assay.so" | awk '{print $3}')
[ "$mod" = luaopen_assay ] || fail "the Lua module exports: $mod"
ok "lib/lua/5.4/assay.so exports luaopen_assay only"

# -- C programs built with pkg-config against the staged install.
# The .pc file names PREFIX; the staged copy lives under STAGE, so a copy
# of the file points there.
mkdir -p "$B/embed_pc"
sed "s|^prefix=.*|prefix=$ROOT|" "$ROOT/lib/pkgconfig/assay.pc" \
    >"$B/embed_pc/assay.pc"
export PKG_CONFIG_PATH="$B/embed_pc"
flags=$(pkg-config --cflags --libs assay) || fail "pkg-config assay failed"
ok "pkg-config --cflags --libs assay: $flags"
CC=${CC:-cc}
$CC -std=c11 -Wall -Wextra -Werror -o "$B/embed_example" \
    "$HERE/example.c" $flags
$CC -std=c11 -Wall -Wextra -Werror -D_XOPEN_SOURCE=700 -pthread \
    -o "$B/embed_test_api" "$HERE/test_api.c" $flags \
    $(pkg-config --cflags --libs cmocka) -lm
export LD_LIBRARY_PATH="$ROOT/lib"
ldd "$B/embed_example" | grep -q "libassay.so.0 => $ROOT/lib/" ||
    fail "example is not linked to the staged libassay.so"

# The example finds the stock scripts installed beside the library.
"$B/embed_example" cases/ | awk '{print $1, $2}' >"$B/embed_example.out"
grep -v '^#' "$HERE/example.expected" | diff - "$B/embed_example.out" ||
    fail "example.c printed other verdicts than the review's"
ok "example.c: the review's verdicts for the six cases"

# With a decimal-comma locale the Makefile built in $B/locale.
LOCPATH="$B/locale" "$B/embed_test_api"

# -- The Lua module, as a host lua5.4 finds it once installed.
LOCPATH="$B/locale" LUA_CPATH="$ROOT/lib/lua/5.4/?.so" lua5.4 "$HERE/module.lua"

# A multiarch layout: the module four levels below share/.
make --no-print-directory install DESTDIR="$STAGE/multi" PREFIX="$3" \
    LIBDIR="$3/lib/x86_64-linux-gnu" >/dev/null
LUA_CPATH="$STAGE/multi$3/lib/x86_64-linux-gnu/lua/5.4/?.so" lua5.4 -e '
    local e = require("assay").new()
    assert(e:load_script("success-features"))
    assert(#e:eval_path("cases") == 6)' ||
    fail "the module in lib/<arch>/lua/5.4 did not find its stock scripts"
rm -rf "$STAGE/multi"
ok "the Lua module finds the stock scripts from lib/<arch>/lua/5.4 too"

# -- The installed command finds its stock scripts without flags.
dir=$("$ROOT/bin/assay" scripts --path)
[ "$dir" = "$(cd "$ROOT/share/assay/scripts" && pwd -P)" ] ||
    fail "assay scripts --path gave $dir"
[ -f "$dir/types/assay.lua" ] || fail "no annotation file in $dir/types"
# Found on PATH from another folder (dladdr names it only by argv[0]).
dir2=$(cd / && PATH="$ROOT/bin:$PATH" assay scripts --path)
[ "$dir2" = "$dir" ] || fail "assay found on PATH gave $dir2"
"$ROOT/bin/assay" run -s success-features -f jsonl cases/ >/dev/null ||
    fail "the installed assay could not run success-features"
[ -f "$ROOT/share/man/man1/assay.1" ] || fail "no man page installed"
for d in docs/*.md; do
    cmp -s "$d" "$ROOT/share/doc/assay/${d#docs/}" || fail "$d is not installed"
done
ok "installed assay: stock scripts at $dir, man page assay(1), docs in share/doc/assay"

# -- The annotation file says what the C code does.
python3 "$HERE/check_types.py"

# -- Uninstall removes what it installed, and only that.
mine="$ROOT/share/assay/scripts/mine.lua"
echo '-- a user script' >"$mine"
make --no-print-directory uninstall DESTDIR="$STAGE" PREFIX="$3" >/dev/null
[ -f "$mine" ] || fail "make uninstall removed a script it did not install"
rm "$mine"
left=$(find "$STAGE" -type f -o -type l)
[ -z "$left" ] || fail "make uninstall left: $left"
ok "make uninstall removed every installed file and kept a user's script"

#!/bin/sh
# seeds.sh OUT -- make the seed corpora of the fuzz targets in OUT, from
# the repository's own files (run from the repository's top folder):
#
#   OUT/cases   cases/*.yaml, tests/golden/**/*.yaml|yml, tests/hostile/**
#   OUT/script  scripts/*.lua, tests/golden/**/*.lua, tests/hostile/**/*.lua
#   OUT/eval    script + "---8<---" line + case: each golden test's
#               scripts with its cases, each stock script with each bundled
#               case, each hostile script with tests/hostile/base.yaml and
#               each hostile case with scripts/example.lua
#
# The seeds are copies made at run time; nothing here is committed.
set -eu

out=${1:?usage: seeds.sh OUT}
mkdir -p "$out/cases" "$out/script" "$out/eval"

# copy FILE DIR: copy a file in under a name made from its path.
copy() {
    name=$(printf '%s' "$1" | tr '/' '_')
    cp "$1" "$2/$name"
}

# pair SCRIPT CASE: one fuzz_eval input, named by its parts.
pair() {
    name=$(printf '%s+%s' "$1" "$2" | tr '/' '_')
    { cat "$1"; printf '\n---8<---\n'; cat "$2"; } > "$out/eval/$name"
}

yaml_files() {
    find "$@" -type f \( -name '*.yaml' -o -name '*.yml' \) 2>/dev/null | sort
}
lua_files() {
    find "$@" -type f -name '*.lua' 2>/dev/null | sort
}

hostile=
[ -d tests/hostile ] && hostile=tests/hostile

{ ls cases/*.yaml; yaml_files tests/golden $hostile; } | while read -r f; do
    copy "$f" "$out/cases"
done
# A hostile case may be any file; take what is not a script as well.
if [ -n "$hostile" ]; then
    find "$hostile" -type f ! -name '*.lua' ! -name '*.json' ! -name '*.md' \
        ! -name '*.sh' ! -name '*.py' | sort | while read -r f; do
        copy "$f" "$out/cases"
    done
fi
{ ls scripts/*.lua; lua_files tests/golden $hostile; } | while read -r f; do
    copy "$f" "$out/script"
done

# Scripts and cases that sit in one golden test's folder belong together.
find tests/golden -type d | sort | while read -r d; do
    lua_files "$d" -maxdepth 1 | while read -r s; do
        yaml_files "$d" -maxdepth 1 | while read -r c; do
            pair "$s" "$c"
        done
    done
done
for s in scripts/example.lua scripts/success-features.lua \
         scripts/early-pitfalls.lua; do
    for c in cases/*.yaml; do
        pair "$s" "$c"
    done
done
# Hostile scripts run on the suite's benign case file, hostile cases under
# the example script.
if [ -n "$hostile" ]; then
    base=cases/kenya_fit.yaml
    [ -f "$hostile/base.yaml" ] && base=$hostile/base.yaml
    lua_files "$hostile" | while read -r s; do
        pair "$s" "$base"
    done
    yaml_files "$hostile" | while read -r c; do
        pair scripts/example.lua "$c"
    done
fi

for t in cases script eval; do
    echo "seeds: $t: $(ls "$out/$t" | wc -l) files"
done

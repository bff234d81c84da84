# assay -- build, test and run. GNU make.
#
#   make          the library and the command (build/)
#   make demo     install what is missing, build, evaluate the bundled cases
#   make check    install what is missing, build, run every test
#
# Project flags are kept apart from CFLAGS, which is yours: make CFLAGS=-O0.
# WERROR= drops -Werror.

PREFIX ?= /usr/local
CC ?= cc
CFLAGS ?= -O2 -g
WERROR ?= -Werror
PKG_CONFIG ?= pkg-config
PYTHON ?= python3

B := build
PKGS := lua5.4 yaml-0.1
AY_CFLAGS = -std=c11 -Wall -Wextra $(WERROR) -D_XOPEN_SOURCE=700 \
            -Iinclude -Icore $(shell $(PKG_CONFIG) --cflags $(PKGS))
AY_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lm
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)

LIB_SRC := core/util.c core/sha256.c core/chunk.c core/ydoc.c core/project.c \
           core/lproject.c core/sandbox.c core/script.c core/eval.c \
           core/result.c core/engine.c core/limits.c core/lpattern.c
CLI_SRC := core/main.c core/cli_format.c core/cli_explain.c core/cli_test.c
LIB_OBJ := $(LIB_SRC:core/%.c=$(B)/%.o)
CLI_OBJ := $(CLI_SRC:core/%.c=$(B)/%.o)
HDRS := include/assay.h core/assay_int.h core/cli.h

UNIT := $(patsubst tests/unit/%.c,$(B)/%,$(wildcard tests/unit/test_*.c))

# Debian packages the build and the tests need.
DEB_PKGS := build-essential pkg-config liblua5.4-dev libyaml-dev \
            libcmocka-dev python3 lua5.4

.PHONY: all deps deps-ci demo check test unit golden lua reference hostile \
        asan valgrind clean

all: $(B)/assay

$(B):
	@mkdir -p $(B)

$(B)/%.o: core/%.c $(HDRS) | $(B)
	$(CC) $(AY_CFLAGS) $(CFLAGS) -c $< -o $@

$(B)/libassay.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(B)/assay: $(CLI_OBJ) $(B)/libassay.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(B)/libassay.a $(AY_LIBS)

$(B)/test_%: tests/unit/test_%.c tests/unit/unit.h $(B)/libassay.a $(HDRS)
	$(CC) $(AY_CFLAGS) $(CMOCKA_CFLAGS) $(CFLAGS) -Itests/unit -o $@ $< \
	    $(B)/libassay.a $(AY_LIBS) $(CMOCKA_LIBS)

# Install the Debian packages that are missing, and only those.
deps:
	@missing=""; \
	for p in $(DEB_PKGS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" \
	        || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	echo "assay: installing$$missing"; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=sudo; \
	else echo "assay: missing Debian packages:$$missing" >&2; \
	     echo "assay: run: sudo apt-get install$$missing" >&2; exit 1; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq$$missing \
	    >/dev/null || { echo "assay: could not install$$missing;" \
	    "run: sudo apt-get install$$missing" >&2; exit 1; }

demo:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all
	$(B)/assay run --format table cases/

check:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory test

test: unit golden lua reference hostile

unit: $(UNIT)
	@fail=0; for t in $(UNIT); do \
	    echo "== $$t"; ./$$t || fail=1; \
	done; exit $$fail

golden: $(B)/assay
	$(PYTHON) tests/golden/run.py $(B)/assay tests/golden

# The stock module and scripts tested in a host Lua, with stand-ins for
# criterion{} and weighting{}.
lua:
	lua5.4 tests/lua/test_stock.lua
	lua5.4 tests/lua/test_scripts.lua

# The review's judgements and other reference results, through assay test.
reference: $(B)/assay
	$(B)/assay test tests/*.test.yaml

# Scripts and case files that try to crash, hang, exhaust or escape.
hostile: $(B)/assay
	$(if $(HOSTILE_TIME_FACTOR),HOSTILE_TIME_FACTOR=$(HOSTILE_TIME_FACTOR)) \
	$(if $(HOSTILE_RSS_FACTOR),HOSTILE_RSS_FACTOR=$(HOSTILE_RSS_FACTOR)) \
	    $(PYTHON) tests/hostile/run.py $(B)/assay

# Memory safety: the unit, golden and hostile suites built with
# AddressSanitizer and UndefinedBehaviorSanitizer (any finding fails).
ASAN_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
               -fno-sanitize-recover=all
asan:
	@$(MAKE) --no-print-directory B=build-asan CFLAGS='$(ASAN_CFLAGS)' \
	    LDFLAGS='-fsanitize=address,undefined' HOSTILE_TIME_FACTOR=4 \
	    HOSTILE_RSS_FACTOR=0 unit golden hostile

# The hostile suite under valgrind: any memory error or leak fails. Time
# bounds (and the per-call time limit) stretch 30 times; valgrind's own
# memory makes the RSS bounds meaningless, so they are off.
valgrind: $(B)/assay
	HOSTILE_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite" HOSTILE_TIME_FACTOR=30 \
	    HOSTILE_RSS_FACTOR=0 $(PYTHON) tests/hostile/run.py $(B)/assay

# What CI needs beyond the build: valgrind, and clang with its fuzzer
# runtime (tests/fuzz/fuzz.mk).
deps-ci:
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(DEB_PKGS) valgrind"

clean:
	rm -rf $(B)

# Fuzzing: make fuzz, make fuzz-smoke (tests/fuzz/README.md).
include tests/fuzz/fuzz.mk

# assay -- build, test and run. GNU make.
#
#   make          the libraries, the Lua module and the command (build/)
#   make demo     install what is missing, build, evaluate the bundled cases
#   make check    install what is missing, build, run every test
#   make install  PREFIX=/usr/local DESTDIR= (and make uninstall)
#
# Project flags are kept apart from CFLAGS, which is yours: make CFLAGS=-O0.
# WERROR= drops -Werror.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
DOCDIR ?= $(DATADIR)/doc/assay
LUA_CMODDIR ?= $(LIBDIR)/lua/5.4
CC ?= cc
CFLAGS ?= -O2 -g
WERROR ?= -Werror
PKG_CONFIG ?= pkg-config
PYTHON ?= python3

B := build
VERSION := $(shell sed -n 's/^\#define ASSAY_VERSION "\(.*\)"/\1/p' include/assay.h)
SOVERSION := 0
PKGS := lua5.4 yaml-0.1
# Position-independent, so the same objects make libassay.a, libassay.so
# and the Lua module; only ASSAY_API symbols are exported.
AY_CFLAGS = -std=c11 -Wall -Wextra $(WERROR) -D_XOPEN_SOURCE=700 \
            -fPIC -fvisibility=hidden \
            -Iinclude -Icore $(shell $(PKG_CONFIG) --cflags $(PKGS))
AY_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lm -pthread
# The command is compiled as a host's program is: with assay.h and its own
# folder only, neither core/ (so no private header) nor Lua's or libyaml's.
CLI_CFLAGS = -std=c11 -Wall -Wextra $(WERROR) -D_XOPEN_SOURCE=700 \
             -Iinclude -Icore/cli
OBJCOPY ?= objcopy
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)

LIB_SRC := core/util.c core/limtab.c core/sha256.c core/srckeys.c core/near.c core/vm.c core/chunk.c core/ydoc.c core/project.c \
           core/lproject.c core/heap.c core/determ.c core/sandbox.c \
           core/script.c core/trace.c core/eval.c core/lresults.c \
           core/result.c core/engine.c core/limits.c core/lpattern.c \
           core/build.c core/lassay.c core/lbuild.c \
           core/jobs.c core/pipeline.c core/install.c core/cores.c \
           core/yreader.c
# The command, a client of the library like any other: core/cli/.
CLI_SRC := core/cli/main.c core/cli/cli_format.c core/cli/cli_explain.c \
           core/cli/cli_test.c core/cli/cli_text.c core/cli/cli_str.c \
           core/cli/cli_portfolio.c core/cli/cli_csv.c core/cli/cli_markdown.c \
           core/cli/cli_table.c core/cli/cli_progress.c core/cli/cli_html.c \
           core/cli/cli_page.c \
           core/cli/cli_lint.c core/cli/cli_compare.c core/cli/cli_rank.c \
           core/cli/cli_rank_doc.c \
           core/cli/cli_sens.c
LIB_OBJ := $(LIB_SRC:core/%.c=$(B)/%.o)
CLI_OBJ := $(CLI_SRC:core/cli/%.c=$(B)/cli/%.o)
HDRS := include/assay.h include/assay_lua.h $(wildcard core/ay_*.h)
CLI_HDRS := include/assay.h core/cli/cli.h core/cli/cli_rank.h
SO := libassay.so.$(VERSION)

UNIT := $(patsubst tests/unit/%.c,$(B)/%,$(wildcard tests/unit/test_*.c))

# Debian packages the build and the tests need.
DEB_PKGS := build-essential pkg-config liblua5.4-dev libyaml-dev \
            libcmocka-dev python3 lua5.4 locales jq python3-pandas cmark-gfm
# and those of the browser test alone, which make check installs too
BROWSER_PKGS := chromium

.PHONY: all deps deps-ci demo check test layers unit golden lua reference hostile \
        determinism embed api stream jsonl csv tty markdown browser asan tsan valgrind \
        bench bench-tools rank sensitivity yaml-suite clean install uninstall docs FORCE

all: $(B)/assay $(B)/libassay.a $(B)/$(SO) $(B)/assay.so

$(B):
	@mkdir -p $(B)

$(B)/%.o: core/%.c $(HDRS) | $(B)
	$(CC) $(AY_CFLAGS) $(CFLAGS) -c $< -o $@

# The folder make install puts the stock scripts in, compiled into
# install.o as the last place an engine looks for them: a host linked with
# libassay.a lives anywhere, so no folder relative to it need hold them
# (core/install.c). The stamp changes, and install.o is rebuilt, when the
# folder does: `make install PREFIX=...` after a plain `make` is right.
STOCK_DIR = $(DATADIR)/assay/scripts
$(B)/stock_dir.stamp: FORCE | $(B)
	@echo '$(STOCK_DIR)' | cmp -s - $@ || echo '$(STOCK_DIR)' > $@
$(B)/install.o: $(B)/stock_dir.stamp
$(B)/install.o: AY_CFLAGS += -DAY_STOCK_DIR='"$(STOCK_DIR)"'
FORCE:

$(B)/cli:
	@mkdir -p $@

$(B)/cli/%.o: core/cli/%.c $(CLI_HDRS) | $(B)/cli
	$(CC) $(CLI_CFLAGS) $(CFLAGS) -c $< -o $@

$(B)/libassay.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(B)/$(SO): $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,libassay.so.$(SOVERSION) \
	    -Wl,-z,defs -o $@ $^ $(AY_LIBS)
	ln -sf $(SO) $(B)/libassay.so.$(SOVERSION)
	ln -sf $(SO) $(B)/libassay.so

# The Lua module: the same objects, without liblua, whose API the host Lua
# provides (linking a second copy of Lua into a host is a classic bug).
# It exports luaopen_assay only, so a host that also links libassay.so
# keeps one copy of each API function.
$(B)/assay.so: $(LIB_OBJ)
	echo '{ global: luaopen_assay; local: *; };' > $(B)/assay.map
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,--version-script=$(B)/assay.map \
	    -o $@ $^ $(shell $(PKG_CONFIG) --libs yaml-0.1) -lm

# The command links the library's public API and nothing else. Its objects
# are joined into one (ld -r) in which every symbol libassay.so hides is
# made local (objcopy --localize-hidden): what assay.h declares is all
# that is left to link against, so a use of anything private fails to
# link, as it would against libassay.so. Linked statically all the same,
# so that the installed command needs no library path and the sanitizer
# and valgrind builds see the library's code as they see the command's.
$(B)/libassay_api.o: $(LIB_OBJ)
	$(CC) -r -nostdlib -o $@ $^
	$(OBJCOPY) --localize-hidden $@

$(B)/assay: $(CLI_OBJ) $(B)/libassay_api.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(B)/libassay_api.o \
	    $(AY_LIBS)

$(B)/test_%: tests/unit/test_%.c tests/unit/unit.h tests/unit/feed.h $(B)/libassay.a $(HDRS)
	$(CC) $(AY_CFLAGS) $(CMOCKA_CFLAGS) $(CFLAGS) -Itests/unit -o $@ $< \
	    $(B)/libassay.a $(AY_LIBS) $(CMOCKA_LIBS)

# The embedding API test, linked statically (for the sanitizers and
# valgrind); make embed also runs it against the installed libassay.so.
$(B)/test_api: tests/embed/test_api.c include/assay.h $(B)/libassay.a
	$(CC) -std=c11 -Wall -Wextra $(WERROR) -D_XOPEN_SOURCE=700 -Iinclude \
	    $(CMOCKA_CFLAGS) $(CFLAGS) $(LDFLAGS) -pthread -o $@ $< \
	    $(B)/libassay.a $(AY_LIBS) $(CMOCKA_LIBS)

api: $(B)/test_api $(B)/locale
	LOCPATH=$(B)/locale $(B)/test_api

# A decimal-comma locale for test_api, made from the locales package's
# sources; without them its test is skipped, and says so.
$(B)/locale: | $(B)
	mkdir -p $@
	localedef -i de_DE -f UTF-8 $@/de_DE.UTF-8 2>/dev/null || true

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
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(DEB_PKGS) $(BROWSER_PKGS)"
	@$(MAKE) --no-print-directory test

test: layers unit golden lua reference hostile determinism embed stream \
      jsonl csv markdown docs tty browser rank sensitivity bench-tools

# The library's objects use each other in one direction, and every global
# of libassay.a carries its prefix (from nm; tests/layers/check.py).
layers: $(LIB_OBJ)
	$(PYTHON) tests/layers/check.py --self-test
	$(PYTHON) tests/layers/check.py $(LIB_OBJ)

unit: $(UNIT)
	@fail=0; for t in $(UNIT); do \
	    echo "== $$t"; ./$$t || fail=1; \
	done; exit $$fail

# LOCPATH: the decimal-comma locale of $(B)/locale, for the tests that
# run in it (csv_decimal_comma, markdown_report).
golden: $(B)/assay $(B)/locale
	LOCPATH=$(abspath $(B)/locale) $(PYTHON) tests/golden/run.py $(B)/assay \
	    tests/golden

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

# The same bytes from every run and any -j, whatever order or address a
# script looks at; and no -j is the cores the process may use.
determinism: $(B)/assay $(B)/threads.so
	$(PYTHON) tests/determinism/run.py $(B)/assay
	$(PYTHON) tests/determinism/default_jobs.py $(B)/assay $(B)/threads.so

# Preloaded into assay by default_jobs.py, to count the threads it starts.
$(B)/threads.so: tests/determinism/threads.c | $(B)
	$(CC) -std=c11 -Wall -Wextra $(WERROR) -O2 -fPIC -shared -o $@ $< -ldl

# assay as other programs use it: a staged install, C programs built with
# pkg-config against it, the Lua module in a host lua5.4 (tests/embed);
# then the README's Embedding steps typed as written, in a copy of the
# tree with a fresh HOME (tests/embed/readme.py).
embed: all $(B)/locale
	rm -rf $(B)/stage
	@$(MAKE) --no-print-directory install DESTDIR=$(abspath $(B)/stage) \
	    >/dev/null
	tests/embed/run.sh $(B) $(B)/stage $(PREFIX)
	$(PYTHON) tests/embed/readme.py

# The markdown report rendered by GitHub's CommonMark (cmark-gfm) and its
# syntax tree checked: tables, anchors and links, no raw HTML but the
# report's own (tests/markdown/render.py).
markdown: $(B)/assay
	$(PYTHON) tests/markdown/render.py $(B)/assay

# The documents in docs/ against the program: examples that must load,
# the codebook against the ids the stock scripts read, links, and no
# citation of anything the repository does not ship (tests/docs).
docs: $(B)/assay
	$(PYTHON) tests/docs/run.py $(B)/assay

# Memory safety: the unit, golden and hostile suites built with
# AddressSanitizer and UndefinedBehaviorSanitizer (any finding fails).
ASAN_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
               -fno-sanitize-recover=all
asan:
	@$(MAKE) --no-print-directory B=build-asan CFLAGS='$(ASAN_CFLAGS)' \
	    LDFLAGS='-fsanitize=address,undefined' HOSTILE_TIME_FACTOR=4 \
	    HOSTILE_RSS_FACTOR=0 unit api golden hostile

# Data races: the API test (worker threads, two engines at once) and the
# golden suite (jobs_same_output runs -j 3) under ThreadSanitizer.
tsan:
	@TSAN_OPTIONS=halt_on_error=1 $(MAKE) --no-print-directory B=build-tsan \
	    CFLAGS='-O1 -g -fsanitize=thread' LDFLAGS='-fsanitize=thread' api golden

# The hostile suite under valgrind: any memory error or leak fails. Time
# bounds (and the per-call time limit) stretch 30 times; valgrind's own
# memory makes the RSS bounds meaningless, so they are off.
valgrind: $(B)/assay $(B)/test_api $(B)/locale
	LOCPATH=$(B)/locale valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite $(B)/test_api
	HOSTILE_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite" HOSTILE_TIME_FACTOR=30 \
	    HOSTILE_RSS_FACTOR=0 $(PYTHON) tests/hostile/run.py $(B)/assay

# Results leave while the input is still coming, with and without -j, in
# jsonl and csv; the csv formats' memory is flat.
stream: $(B)/assay
	$(PYTHON) tests/bench/stream.py $(B)/assay

# What make bench's figures rest on, in seconds: the generator's two
# shapes, the read scripts' reads, run.py's parsing (tests/bench/selftest.py).
bench-tools: $(B)/assay
	$(PYTHON) tests/bench/selftest.py $(B)/assay

# The csv formats read back with Python's csv module and pandas (and R's
# read.csv, when there is an Rscript), field for field as the JSON report
# of the same run has them; the same bytes with -j 2 and in a
# decimal-comma locale (tests/csv/roundtrip.py).
csv: $(B)/assay $(B)/locale
	LOCPATH=$(abspath $(B)/locale) $(PYTHON) tests/csv/roundtrip.py $(B)/assay

# Colour and the progress line, on a pseudo-terminal and off it.
tty: $(B)/assay
	$(PYTHON) tests/tty/run.py $(B)/assay

# The HTML report in headless Chromium, driven through the DevTools
# protocol over a pipe: its DOM against the JSON report of the same cases,
# no request but the page, no console error, a hostile report inert; the
# screenshots and the printed PDF are kept in build/html/
# (tests/html/browser.py). Without Chromium it fails and says so.
browser: $(B)/assay
	$(PYTHON) tests/html/browser.py $(B)/assay $(B)/html

# The README's jsonl examples run as written, their output as shown.
# assay rank against a reference in Python (TOPSIS, PROMETHEE II from
# their definitions), and 2,000 projects timed (tests/rank/reference.py).
rank: $(B)/assay
	$(PYTHON) tests/rank/reference.py $(B)/assay

# assay sensitivity's Monte Carlo (generator, Dirichlet draws, quantiles,
# verdict and rank shares) against a reference in Python written from
# its description (tests/sensitivity/reference.py).
sensitivity: $(B)/assay
	$(PYTHON) tests/sensitivity/reference.py $(B)/assay

jsonl: $(B)/assay
	$(PYTHON) tests/jsonl/readme.py $(B)/assay

# Speed against the libyaml floor and the Python and Lua references on
# generated portfolios of two shapes, and instructions under callgrind
# (tests/bench/run.py); not part of make check.
BENCH_PROJECTS ?= 20000
BENCH_WIDE_PROJECTS ?= 6000
BENCH_COUNT_PROJECTS ?= 2000
BENCH_READ_PROJECTS ?= 200
BENCH_SEED ?= 1
BENCH_RUNS ?= 3
BENCH_FLAGS ?=
bench:
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(DEB_PKGS) python3-yaml lua-yaml time valgrind"
	@$(MAKE) --no-print-directory all
	$(PYTHON) tests/bench/run.py $(B) --projects $(BENCH_PROJECTS) \
	    --wide-projects $(BENCH_WIDE_PROJECTS) \
	    --count-projects $(BENCH_COUNT_PROJECTS) \
	    --read-projects $(BENCH_READ_PROJECTS) \
	    --seed $(BENCH_SEED) --runs $(BENCH_RUNS) $(BENCH_FLAGS)

# The document cutter against libyaml on the public YAML test suite
# (tests/yaml/suite.c says how to get it). Not part of make check: the
# suite is not in this repository; without YAML_SUITE it says so and passes.
YAML_SUITE ?=
yaml-suite: $(B)/yaml_suite
	$(B)/yaml_suite $(YAML_SUITE)

$(B)/yaml_suite: tests/yaml/suite.c tests/unit/feed.h $(B)/libassay.a $(HDRS)
	$(CC) $(AY_CFLAGS) $(CFLAGS) -o $@ $< $(B)/libassay.a $(AY_LIBS)

# What CI needs beyond the build: valgrind, and clang with its fuzzer
# runtime (tests/fuzz/fuzz.mk).
deps-ci:
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(DEB_PKGS) valgrind"

clean:
	rm -rf $(B)

# ---- Install ------------------------------------------------------------

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
	    $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(DATADIR)/assay/scripts/types \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(LUA_CMODDIR) $(DESTDIR)$(DOCDIR)
	install -m 755 $(B)/assay $(DESTDIR)$(BINDIR)/assay
	install -m 644 $(B)/libassay.a $(DESTDIR)$(LIBDIR)/libassay.a
	install -m 755 $(B)/$(SO) $(DESTDIR)$(LIBDIR)/$(SO)
	ln -sf $(SO) $(DESTDIR)$(LIBDIR)/libassay.so.$(SOVERSION)
	ln -sf $(SO) $(DESTDIR)$(LIBDIR)/libassay.so
	install -m 755 $(B)/assay.so $(DESTDIR)$(LUA_CMODDIR)/assay.so
	install -m 644 include/assay.h include/assay_lua.h $(DESTDIR)$(INCLUDEDIR)
	install -m 644 scripts/*.lua $(DESTDIR)$(DATADIR)/assay/scripts
	install -m 644 scripts/types/*.lua $(DESTDIR)$(DATADIR)/assay/scripts/types
	install -m 644 core/assay.1 $(DESTDIR)$(MANDIR)/man1/assay.1
	install -m 644 docs/*.md $(DESTDIR)$(DOCDIR)
	printf '%s\n' 'prefix=$(PREFIX)' \
	    'libdir=$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))' \
	    'includedir=$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))' \
	    '' 'Name: assay' \
	    'Description: Lua-scriptable evaluation engine for technology-assistance projects' \
	    'Version: $(VERSION)' 'Requires.private: $(PKGS)' \
	    'Libs: -L$${libdir} -lassay' 'Libs.private: -lm' \
	    'Cflags: -I$${includedir}' > $(DESTDIR)$(LIBDIR)/pkgconfig/assay.pc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/assay $(DESTDIR)$(LIBDIR)/libassay.a \
	    $(DESTDIR)$(LIBDIR)/$(SO) $(DESTDIR)$(LIBDIR)/libassay.so.$(SOVERSION) \
	    $(DESTDIR)$(LIBDIR)/libassay.so $(DESTDIR)$(LUA_CMODDIR)/assay.so \
	    $(DESTDIR)$(INCLUDEDIR)/assay.h $(DESTDIR)$(INCLUDEDIR)/assay_lua.h \
	    $(DESTDIR)$(MANDIR)/man1/assay.1 $(DESTDIR)$(LIBDIR)/pkgconfig/assay.pc \
	    $(addprefix $(DESTDIR)$(DATADIR)/assay/,$(wildcard scripts/*.lua \
	        scripts/types/*.lua)) \
	    $(addprefix $(DESTDIR)$(DOCDIR)/,$(notdir $(wildcard docs/*.md)))
	rmdir $(DESTDIR)$(DATADIR)/assay/scripts/types \
	    $(DESTDIR)$(DATADIR)/assay/scripts $(DESTDIR)$(DATADIR)/assay \
	    $(DESTDIR)$(DOCDIR) 2>/dev/null || true

# Fuzzing: make fuzz, make fuzz-smoke (tests/fuzz/README.md).
include tests/fuzz/fuzz.mk

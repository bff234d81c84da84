# fuzz.mk -- libFuzzer targets for assay. Included from the main Makefile
# after its variables (it uses B, AY_CFLAGS and AY_LIBS):
#
#   make fuzz         build $(B)/fuzz/fuzz_{cases,script,eval}
#   make fuzz-deps    install clang and the fuzzer runtime when missing
#   make fuzz-smoke   install, build, fuzz each target FUZZ_SECONDS (60)
#                     from seeds made of the repository's files; fails on
#                     any crash, leak, timeout or OOM
#
# Without the include: make -f Makefile -f tests/fuzz/fuzz.mk fuzz-smoke
# The targets, the seeds and how to turn a finding into a hostile-suite
# entry are described in tests/fuzz/README.md.

ifndef AY_CFLAGS
$(error tests/fuzz/fuzz.mk needs the main Makefile's variables: include it \
  at the end of the Makefile, or run make -f Makefile -f tests/fuzz/fuzz.mk)
endif

FUZZ_CC ?= clang
# The library is compiled with the same flags as the targets, so that
# coverage guides the fuzzer through it and the sanitizers see into it.
# Undefined behaviour aborts (no recovery), so that libFuzzer keeps it.
FUZZ_CFLAGS ?= -g -O1 -fsanitize=fuzzer,address,undefined \
               -fno-sanitize-recover=all
FUZZ_SECONDS ?= 60
# Where fuzz-smoke leaves the inputs of what it found (kept after a run).
FUZZ_FINDINGS ?= $(B)/fuzz/findings

FUZZ_B := $(B)/fuzz
FUZZ_DIR := tests/fuzz
FUZZ_TARGETS := cases script eval
FUZZ_BIN := $(FUZZ_TARGETS:%=$(FUZZ_B)/fuzz_%)
# The library: every core/*.c (the command's own files are in core/cli/).
FUZZ_LIB_SRC := $(wildcard core/*.c)
FUZZ_LIB_OBJ := $(FUZZ_LIB_SRC:core/%.c=$(FUZZ_B)/%.o)
FUZZ_HDRS := $(wildcard include/*.h core/*.h)

# Longest input of each target: a case file can pass the 16 KiB document
# limit the target sets; an eval input holds a script and a case file.
FUZZ_MAXLEN_cases := 20000
FUZZ_MAXLEN_script := 16384
FUZZ_MAXLEN_eval := 32768

# Debian packages the fuzz build needs: clang and its fuzzer runtime
# (libclang-rt-dev, for -fsanitize=fuzzer), and what the library needs.
FUZZ_DEB_PKGS := clang libclang-rt-dev make pkg-config liblua5.4-dev \
                 libyaml-dev

.PHONY: fuzz fuzz-deps fuzz-smoke
.SECONDARY: $(FUZZ_LIB_OBJ)

fuzz: $(FUZZ_BIN)

$(FUZZ_B):
	@mkdir -p $(FUZZ_B)

$(FUZZ_B)/%.o: core/%.c $(FUZZ_HDRS) | $(FUZZ_B)
	$(FUZZ_CC) $(AY_CFLAGS) $(FUZZ_CFLAGS) -c $< -o $@

# The stock folder is compiled in, so that `require "stock"` works in
# fuzzed scripts wherever the binary is run from.
$(FUZZ_B)/fuzz_%: $(FUZZ_DIR)/fuzz_%.c $(FUZZ_DIR)/fuzz_common.h \
                  $(FUZZ_LIB_OBJ) $(FUZZ_HDRS) | $(FUZZ_B)
	$(FUZZ_CC) $(AY_CFLAGS) $(FUZZ_CFLAGS) \
	    -DFUZZ_STOCK_DIR='"$(CURDIR)/scripts"' -o $@ $< $(FUZZ_LIB_OBJ) \
	    $(AY_LIBS)

# Install the Debian packages that are missing, and only those (as deps).
fuzz-deps:
	@$(MAKE) --no-print-directory deps DEB_PKGS="$(FUZZ_DEB_PKGS)"

# Seeds are made afresh in a temporary folder; each target then runs for
# FUZZ_SECONDS with its log in the same folder. A target that finds
# something has its log's end printed and its inputs copied to
# FUZZ_FINDINGS; the run goes on to the other targets and fails at the end.
# (No recursive make, so that make -f Makefile -f tests/fuzz/fuzz.mk works
# too: for fuzz-smoke, the build waits for fuzz-deps instead.)
ifneq ($(filter fuzz-smoke,$(MAKECMDGOALS)),)
$(FUZZ_LIB_OBJ) $(FUZZ_BIN): | fuzz-deps
endif

fuzz-smoke: $(FUZZ_BIN) | fuzz-deps
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	sh $(FUZZ_DIR)/seeds.sh "$$tmp/seeds" || exit 1; \
	fail=""; \
	for t in $(FUZZ_TARGETS); do \
	    case $$t in \
	        cases) len=$(FUZZ_MAXLEN_cases);; \
	        script) len=$(FUZZ_MAXLEN_script);; \
	        eval) len=$(FUZZ_MAXLEN_eval);; \
	    esac; \
	    mkdir -p "$$tmp/corpus-$$t" "$$tmp/found-$$t"; \
	    echo "== fuzz_$$t: $(FUZZ_SECONDS) s"; \
	    UBSAN_OPTIONS=print_stacktrace=1 \
	    $(FUZZ_B)/fuzz_$$t -dict=$(FUZZ_DIR)/assay.dict -max_len=$$len \
	        -timeout=10 -rss_limit_mb=2048 \
	        -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -artifact_prefix="$$tmp/found-$$t/" \
	        "$$tmp/corpus-$$t" "$$tmp/seeds/$$t" > "$$tmp/fuzz_$$t.log" 2>&1; \
	    rc=$$?; \
	    runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' \
	        "$$tmp/fuzz_$$t.log" | tail -n 1); \
	    [ -n "$$runs" ] || runs=$$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' \
	        "$$tmp/fuzz_$$t.log" | tail -n 1); \
	    echo "fuzz_$$t: $${runs:-0} executions, exit status $$rc"; \
	    if [ $$rc -ne 0 ] || [ -n "$$(ls -A "$$tmp/found-$$t")" ]; then \
	        fail="$$fail fuzz_$$t"; \
	        tail -n 80 "$$tmp/fuzz_$$t.log"; \
	        mkdir -p $(FUZZ_FINDINGS)/$$t; \
	        cp "$$tmp/fuzz_$$t.log" $(FUZZ_FINDINGS)/$$t/; \
	        cp "$$tmp/found-$$t"/* $(FUZZ_FINDINGS)/$$t/ 2>/dev/null; \
	        echo "fuzz_$$t: found something; inputs and log in" \
	            "$(FUZZ_FINDINGS)/$$t"; \
	    fi; \
	done; \
	if [ -n "$$fail" ]; then echo "fuzz-smoke: FAILED:$$fail" >&2; exit 1; fi; \
	echo "fuzz-smoke: no crash, leak, timeout or OOM"

# Included before the main Makefile's first target, these rules would
# become the default goal; give that back to the next target.
ifneq ($(filter $(.DEFAULT_GOAL),fuzz $(FUZZ_B) fuzz-deps fuzz-smoke),)
.DEFAULT_GOAL :=
endif

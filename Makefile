# pp: performance profiling tools that read and write records.
# `make` builds, `make check` tests, `make help` lists the targets.

VERSION	= 0.1.0
PREFIX	?= /usr/local
BINDIR	= $(PREFIX)/bin
MANDIR	= $(PREFIX)/share/man
DATADIR	= $(PREFIX)/share/pp
BCDIR	= $(PREFIX)/share/bash-completion/completions

CC	?= cc
OPT	?= -O2 -g
WARN	= -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	  -Wpointer-arith -Wformat=2 -Wundef -Wwrite-strings -Wvla \
	  -Wnull-dereference -Wimplicit-fallthrough
CFLAGS	?= $(OPT)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DPP_VERSION='"$(VERSION)"' \
	  -Isrc/lib $(WARN) $(CFLAGS)
LDLIBS	= -lcsv -lyaml -ljson-c -lgsl -lgslcblas -lm -pthread
# A program's own libraries: pp-alert links libcurl; pp-sample --scrape
# loads it when it scrapes (dlopen), so that its other modes stay light.
LDLIBS_alert = -lcurl

# Build output goes to $(B); `make asan` uses another directory.
B	= build
BIN	= bin

LIB_SRC	= $(wildcard src/lib/*.c)
LIB_OBJ	= $(LIB_SRC:src/lib/%.c=$(B)/lib/%.o)
PROGS	= pp-sample pp-trend pp-budget pp-abtest pp-cost pp-optimize pp-alert pp-report
UNIT_SRC = $(wildcard tests/unit/test-*.c)
UNITS	= $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
MANS	= $(wildcard man/man*/*.[0-9])
# -I for src/lib and every program's module folder.
MOD_INC	= $(patsubst %/,-I%,$(sort $(dir $(wildcard src/*/*.h))))

# Debian packages the build and the tests need (make deps).
DEPS	= gcc make libcsv-dev libyaml-dev libjson-c-dev libgsl-dev libcurl4-openssl-dev python3 \
	  bats bats-assert bats-support mandoc chromium libxml2-utils zsh bsdutils \
	  curl prometheus prometheus-pushgateway parallel
LINT_DEPS = cppcheck
BENCH_DEPS = miller hyperfine datamash
FUZZ_DEPS = clang libclang-rt-dev

# Fuzzing (make fuzz): libFuzzer harnesses tests/fuzz/fuzz-TARGET.c, built
# with clang into build-fuzz/ and run FUZZ_TIME seconds each, FUZZ_JOBS
# at once.  make check replays their corpora tests/fuzz/corpus/TARGET.
FUZZ_TARGETS = records imports units money otlp yaml conf-trend \
	  conf-budget conf-abtest conf-cost conf-alert conf-optimize
FUZZ_TIME = 300
FUZZ_JOBS = 2
FUZZ_CC	= clang
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -DPP_VERSION='"$(VERSION)"' \
	  -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN)
FUZZ_INC = $(MOD_INC) -Itests/fuzz
# exit(3) becomes a longjmp, and what libpp allocated is freed then.
FUZZ_WRAP = -Wl,--wrap=exit,--wrap=free,--wrap=xmalloc,--wrap=xcalloc \
	  -Wl,--wrap=xrealloc,--wrap=xreallocarray,--wrap=xstrdup \
	  -Wl,--wrap=xstrndup,--wrap=xasprintf,--wrap=intern \
	  -Wl,--wrap=yaml_parser_initialize,--wrap=yaml_parser_delete
# The program modules a harness needs besides libpp.
FUZZ_SRC_otlp = src/optimize/otlp.c
FUZZ_SRC_conf-trend = $(wildcard src/trend/*.c)
FUZZ_SRC_conf-budget = $(wildcard src/budget/*.c)
FUZZ_SRC_conf-cost = $(wildcard src/cost/*.c)
FUZZ_SRC_conf-abtest = $(wildcard src/abtest/*.c)
FUZZ_SRC_conf-alert = $(wildcard src/alert/*.c)
FUZZ_SRC_conf-optimize = $(wildcard src/optimize/*.c)
# The program a conf-X harness includes for its static section loader.
fuzz_prog = $(wildcard src/pp-$(patsubst conf-%,%,$(1)).c)
FUZZ_COMMON = tests/fuzz/fuzz-common.c tests/fuzz/fuzz.h tests/fuzz/fuzz-conf.h
FB	= build-fuzz
FUZZ_LIB_OBJ = $(LIB_SRC:src/lib/%.c=$(FB)/lib/%.o)
REPLAYS	= $(FUZZ_TARGETS:%=$(B)/fuzz/replay-%)

.PHONY: all check unit bats manlint lint asan bench demo deps lint-deps \
	bench-deps fuzz fuzz-deps fuzz-build fuzz-merge install uninstall clean help

all: $(PROGS:%=$(BIN)/%)

$(B)/lib/%.o: src/lib/%.c src/lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/libpp.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

# A program is src/pp-X.c and, once it outgrows one file, src/X/*.c.
.SECONDEXPANSION:
$(BIN)/pp-%: src/pp-%.c $$(wildcard src/$$*/*.c src/$$*/*.h) $(B)/libpp.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Isrc/$* -o $@ src/pp-$*.c \
	    $(wildcard src/$*/*.c) $(B)/libpp.a $(LDFLAGS) $(LDLIBS) \
	    $(LDLIBS_$*)

$(B)/tests/%: tests/unit/%.c tests/unit/tap.h $(B)/libpp.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(B)/libpp.a \
	    $(LDFLAGS) $(LDLIBS)
# A unit test of a program's module includes the module's source.
$(B)/tests/test-bayes: src/abtest/bayes.c src/abtest/abtest.h
$(B)/tests/test-bandit: src/abtest/bandit.c src/abtest/abtest.h

# A harness with tests/fuzz/replay.c as its main, built as the rest:
# make check runs it over the committed corpus (tests/fuzz.bats).
$(B)/fuzz/replay-%: tests/fuzz/fuzz-%.c tests/fuzz/replay.c $(FUZZ_COMMON) \
    $$(FUZZ_SRC_$$*) $$(call fuzz_prog,$$*) $(B)/libpp.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(FUZZ_INC) -o $@ tests/fuzz/fuzz-$*.c \
	    tests/fuzz/replay.c tests/fuzz/fuzz-common.c $(FUZZ_SRC_$*) \
	    $(B)/libpp.a $(FUZZ_WRAP) $(LDFLAGS) $(LDLIBS) \
	    $(LDLIBS_$(patsubst conf-%,%,$*))

# The test suite: unit tests, bats tests (with the fuzz corpora's
# replay), man-page lint; its last line is "N passed, N failed".
check: deps all $(UNITS) $(REPLAYS)
	@B=$(B) BIN=$(BIN) sh tests/run-all $(UNITS)

unit: $(UNITS)
	@for t in $(UNITS); do $$t || exit 1; done

bats: all $(REPLAYS)
	bats tests

manlint:
	mandoc -Tlint -Wwarning $(MANS)

lint: lint-deps
	mandoc -Tlint -Wwarning $(MANS)
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	    --inline-suppr --std=c11 -D_GNU_SOURCE $(MOD_INC) -Itests/fuzz \
	    src tests/unit tests/fuzz
	$(MAKE) --no-print-directory B=build-lint BIN=build-lint/bin \
	    CFLAGS='-O1 -fanalyzer -Werror' all

# all first: bin/pp, the dispatcher the tests run, lists the programs
# beside it in bin/.
asan: all
	$(MAKE) --no-print-directory B=build-asan BIN=build-asan/bin \
	    CFLAGS='-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer' \
	    LDFLAGS='-fsanitize=address,undefined' check

$(FB)/lib/%.o: src/lib/%.c src/lib/*.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Isrc/lib -c -o $@ $<

$(FB)/libpp.a: $(FUZZ_LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(FUZZ_LIB_OBJ)

$(FB)/fuzz-%: tests/fuzz/fuzz-%.c $(FUZZ_COMMON) $$(FUZZ_SRC_$$*) \
    $$(call fuzz_prog,$$*) $(FB)/libpp.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_INC) -o $@ \
	    tests/fuzz/fuzz-$*.c tests/fuzz/fuzz-common.c $(FUZZ_SRC_$*) \
	    $(FB)/libpp.a $(FUZZ_WRAP) $(LDLIBS) \
	    $(LDLIBS_$(patsubst conf-%,%,$*))

fuzz-build: fuzz-deps $(FUZZ_TARGETS:%=$(FB)/fuzz-%)

# Each target FUZZ_TIME seconds from its seeds; a finding fails, and its
# input stays in build-fuzz/findings/TARGET/.
fuzz: fuzz-build
	sh tests/fuzz/run $(FB) $(FUZZ_TIME) $(FUZZ_JOBS) $(FUZZ_TARGETS)

# Minimises what make fuzz found, with the committed corpus, into
# tests/fuzz/corpus/TARGET (reproducers, repro-*, are kept as they are).
fuzz-merge: fuzz-build
	sh tests/fuzz/merge $(FB) $(FUZZ_TARGETS)

bench: deps bench-deps all
	bash bench/run

demo: deps all
	sh share/pp/examples/demo

deps:
	@missing=; for p in $(DEPS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
	    grep -q 'ok installed' || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing \
	    >/dev/null; fi

lint-deps:
	@$(MAKE) --no-print-directory DEPS='$(DEPS) $(LINT_DEPS)' deps

fuzz-deps:
	@$(MAKE) --no-print-directory DEPS='$(DEPS) $(FUZZ_DEPS)' deps

bench-deps:
	@$(MAKE) --no-print-directory DEPS='$(DEPS) $(BENCH_DEPS)' deps

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(DATADIR)/examples
	install -m 755 $(BIN)/pp $(PROGS:%=$(BIN)/%) $(DESTDIR)$(BINDIR)
	install -m 644 man/man1/*.1 $(DESTDIR)$(MANDIR)/man1
	install -m 644 man/man5/*.5 $(DESTDIR)$(MANDIR)/man5
	install -m 644 man/man7/*.7 $(DESTDIR)$(MANDIR)/man7
	install -m 644 share/pp/examples/* $(DESTDIR)$(DATADIR)/examples
	install -d $(DESTDIR)$(DATADIR)/completion $(DESTDIR)$(BCDIR)
	install -m 644 share/pp/completion/pp.bash share/pp/completion/pp.zsh \
	    $(DESTDIR)$(DATADIR)/completion
	install -m 644 share/pp/completion/pp.bash $(DESTDIR)$(BCDIR)/pp
	for p in $(PROGS); do ln -sf pp $(DESTDIR)$(BCDIR)/$$p; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pp $(PROGS:%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(DESTDIR)$(MANDIR)/man1/pp-*.1 $(DESTDIR)$(MANDIR)/man5/pp-*.5 \
	    $(DESTDIR)$(MANDIR)/man7/pp.7
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(DESTDIR)$(BCDIR)/pp $(PROGS:%=$(DESTDIR)$(BCDIR)/%)

clean:
	rm -rf build build-asan build-lint build-fuzz $(PROGS:%=$(BIN)/%)

help:
	@echo 'make            build bin/pp-*'
	@echo 'make check      unit, bats and man-page tests (installs deps)'
	@echo 'make demo       the README pipelines on share/pp/examples'
	@echo 'make lint       cppcheck, gcc -fanalyzer, mandoc -Tlint'
	@echo 'make asan       sanitizer build, then check'
	@echo 'make fuzz       libFuzzer, FUZZ_TIME=$(FUZZ_TIME) s per target (FUZZ_TARGETS=...)'
	@echo 'make fuzz-merge the corpora make fuzz grew, minimised into tests/fuzz/corpus'
	@echo 'make bench      speed and memory against datamash, Miller, hyperfine'
	@echo 'make install    PREFIX=$(PREFIX) DESTDIR=...'
	@echo 'make deps       install missing Debian packages'

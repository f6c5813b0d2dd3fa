# pp: performance profiling tools that read and write records.
# `make` builds, `make check` tests, `make help` lists the targets.

VERSION	= 0.1.0
PREFIX	?= /usr/local
BINDIR	= $(PREFIX)/bin
MANDIR	= $(PREFIX)/share/man
DATADIR	= $(PREFIX)/share/pp

CC	?= cc
OPT	?= -O2 -g
WARN	= -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	  -Wpointer-arith -Wformat=2 -Wundef -Wwrite-strings -Wvla \
	  -Wnull-dereference -Wimplicit-fallthrough
CFLAGS	?= $(OPT)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DPP_VERSION='"$(VERSION)"' \
	  -Isrc/lib $(WARN) $(CFLAGS)
LDLIBS	= -lcsv -lyaml -ljson-c -lgsl -lgslcblas -lm -lcurl -pthread

# Build output goes to $(B); `make asan` uses another directory.
B	= build
BIN	= bin

LIB_SRC	= $(wildcard src/lib/*.c)
LIB_OBJ	= $(LIB_SRC:src/lib/%.c=$(B)/lib/%.o)
PROGS	= pp-sample pp-trend pp-budget pp-abtest pp-cost pp-optimize pp-alert pp-report
UNIT_SRC = $(wildcard tests/unit/test-*.c)
UNITS	= $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
MANS	= $(wildcard man/man*/*.[0-9])

# Debian packages the build and the tests need (make deps).
DEPS	= gcc make libcsv-dev libyaml-dev libjson-c-dev libgsl-dev libcurl4-openssl-dev python3 \
	  bats bats-assert bats-support mandoc chromium
LINT_DEPS = cppcheck
BENCH_DEPS = miller hyperfine datamash

.PHONY: all check unit bats manlint lint asan bench demo deps lint-deps \
	bench-deps install uninstall clean help

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
	    $(wildcard src/$*/*.c) $(B)/libpp.a $(LDFLAGS) $(LDLIBS)

$(B)/tests/%: tests/unit/%.c tests/unit/tap.h $(B)/libpp.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(B)/libpp.a \
	    $(LDFLAGS) $(LDLIBS)

# The test suite: unit tests, bats tests, man-page lint; its last line
# is "N passed, N failed".
check: deps all $(UNITS)
	@B=$(B) BIN=$(BIN) sh tests/run-all $(UNITS)

unit: $(UNITS)
	@for t in $(UNITS); do $$t || exit 1; done

bats: all
	bats tests

manlint:
	mandoc -Tlint -Wwarning $(MANS)

lint: lint-deps
	mandoc -Tlint -Wwarning $(MANS)
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	    --inline-suppr --std=c11 -D_GNU_SOURCE -Isrc/lib -Isrc/sample -Isrc/trend -Isrc/budget -Isrc/abtest -Isrc/cost -Isrc/alert -Isrc/report \
	    src tests/unit
	$(MAKE) --no-print-directory B=build-lint BIN=build-lint/bin \
	    CFLAGS='-O1 -fanalyzer -Werror' all

asan:
	$(MAKE) --no-print-directory B=build-asan BIN=build-asan/bin \
	    CFLAGS='-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer' \
	    LDFLAGS='-fsanitize=address,undefined' check

bench: bench-deps all
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

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pp $(PROGS:%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(DESTDIR)$(MANDIR)/man1/pp-*.1 $(DESTDIR)$(MANDIR)/man5/pp-*.5 \
	    $(DESTDIR)$(MANDIR)/man7/pp.7
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-asan build-lint $(PROGS:%=$(BIN)/%)

help:
	@echo 'make            build bin/pp-*'
	@echo 'make check      unit, bats and man-page tests (installs deps)'
	@echo 'make demo       the README pipelines on share/pp/examples'
	@echo 'make lint       cppcheck, gcc -fanalyzer, mandoc -Tlint'
	@echo 'make asan       sanitizer build, then check'
	@echo 'make bench      speed and memory against datamash, Miller, hyperfine'
	@echo 'make install    PREFIX=$(PREFIX) DESTDIR=...'
	@echo 'make deps       install missing Debian packages'

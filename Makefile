# gongkai - Makefile
#
# Settings a person may change come first.  Libraries are found with
# pkg-config; when one is missing, `make` installs the Debian packages (as
# root, or through sudo) or stops with the exact command to run.

CC ?= cc
CFLAGS ?= -O2 -g
LDFLAGS ?=
PKG_CONFIG ?= pkg-config
LUA_PC ?= lua5.4
BUILD ?= build
V ?=

# libzip and expat read .xlsx imports; libxlsxwriter writes work lists;
# libcrypto (OpenSSL) hashes the seal of each run.
PKGS = $(LUA_PC) sqlite3 yaml-0.1 libgit2 libzip expat xlsxwriter libcrypto
TEST_PKGS = cmocka
DEBS = liblua5.4-dev libsqlite3-dev libyaml-dev libgit2-dev libzip-dev libexpat1-dev \
       libxlsxwriter-dev libssl-dev pkg-config
# chromium (with CJK fonts) opens the HTML report in the browser test.
TEST_DEBS = libcmocka-dev sqlite3 valgrind git python3 chromium fonts-noto-cjk

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wno-unused-parameter
# Recursive (=) so pkg-config runs after the deps check below.
LIB_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
LIB_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lpthread -lm
TEST_LIBS = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS))
FINAL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(LIB_CFLAGS) -MMD -MP $(CFLAGS)
FINAL_LDFLAGS = $(LDFLAGS)

ifeq ($(V),)
Q = @
QCC = @printf '    CC %s\n' $@;
QLD = @printf '  LINK %s\n' $@;
else
Q =
QCC =
QLD =
endif

# The library: the engine (core, engine/lua/ the policy language, engine/run/
# the run pipeline) and the stores (SQLite, the policy set, imports).
LIB_SRC = $(wildcard engine/*.c engine/*/*.c) $(wildcard stores/*.c stores/*/*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_SRC = $(wildcard cli/*.c cli/*/*.c)
# The HTML report's style sheet and script are real files (cli/report/assets/), compiled in
# (tools/embed.c): gongkai needs no file of its own at run time.
ASSETS = cli/report/assets/report.css cli/report/assets/report.js
ASSETS_C = $(BUILD)/gen/assets.c
CLI_OBJ = $(CLI_SRC:%.c=$(BUILD)/%.o) $(ASSETS_C:%.c=%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
GEN_BIN = $(BUILD)/gk-gen
BENCH_BIN = $(BUILD)/gk-bench

.PHONY: all deps test-deps test check bench demo clean valgrind

all: gongkai

deps:
	@sh tools/deps.sh "$(PKG_CONFIG)" "$(PKGS)" "$(DEBS)"

test-deps: deps
	@sh tools/deps.sh "$(PKG_CONFIG)" "$(TEST_PKGS)" "$(TEST_DEBS)"

gongkai: $(BUILD)/gongkai
	$(Q)cp $< $@.tmp && mv -f $@.tmp $@

$(BUILD)/gongkai: $(CLI_OBJ) $(BUILD)/libgk.a
	$(QLD)$(CC) $(FINAL_CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libgk.a $(LIB_LIBS) $(FINAL_LDFLAGS)

$(BUILD)/libgk.a: $(LIB_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

# init seeds new repositories from this tree's policy set.
$(BUILD)/cli/cmd_init.o: CFLAGS += -DGK_BUNDLED_POLICIES='"$(CURDIR)/policies"'

$(BUILD)/embed: tools/embed.c
	$(Q)mkdir -p $(dir $@)
	$(QLD)$(CC) -O2 -o $@ tools/embed.c

$(ASSETS_C): $(ASSETS) $(BUILD)/embed
	$(Q)mkdir -p $(dir $@)
	$(Q)$(BUILD)/embed $@ cli_report_css cli/report/assets/report.css cli_report_js \
	  cli/report/assets/report.js

$(ASSETS_C:%.c=%.o): $(ASSETS_C)
	$(QCC)$(CC) $(FINAL_CFLAGS) -c $< -o $@

$(BUILD)/%.o: %.c | deps
	$(Q)mkdir -p $(dir $@)
	$(QCC)$(CC) $(FINAL_CFLAGS) -c $< -o $@

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libgk.a | test-deps
	$(Q)mkdir -p $(dir $@)
	$(QLD)$(CC) $(FINAL_CFLAGS) -o $@ $< $(BUILD)/libgk.a $(LIB_LIBS) $(TEST_LIBS) $(FINAL_LDFLAGS)

$(GEN_BIN): bench/gen.c $(BUILD)/libgk.a
	$(QLD)$(CC) $(FINAL_CFLAGS) -o $@ bench/gen.c $(BUILD)/libgk.a $(LIB_LIBS) $(FINAL_LDFLAGS)

$(BENCH_BIN): bench/bench.c $(BUILD)/libgk.a
	$(QLD)$(CC) $(FINAL_CFLAGS) -o $@ bench/bench.c $(BUILD)/libgk.a $(LIB_LIBS) $(FINAL_LDFLAGS)

# The demo: deterministic records for four jurisdictions, imported and
# checked as of a fixed date.  Exit status 1 (findings) is the expected
# outcome of a demo, so it does not fail make.
DEMO_DB = $(BUILD)/demo.db
DEMO_ASOF = 2025-06-30
demo: gongkai $(GEN_BIN)
	@rm -rf $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(BUILD)/demo.csv $(BUILD)/demo-reports
	$(Q)$(GEN_BIN) --count 400 --seed 7 > $(BUILD)/demo.csv
	./gongkai import --db $(DEMO_DB) $(BUILD)/demo.csv
	./gongkai run --db $(DEMO_DB) --policies policies --as-of $(DEMO_ASOF) --warn-days 20 \
	  --report-dir $(BUILD)/demo-reports; \
	  st=$$?; [ $$st -le 1 ] || exit $$st

test: $(BUILD)/gongkai $(UNIT_BIN) $(GEN_BIN) | test-deps
	@sh tests/run.sh $(BUILD)

# Sanitizer build: a separate tree, the same suites.
check:
	$(MAKE) BUILD=build-san CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  LDFLAGS="-fsanitize=address,undefined" test

valgrind: $(BUILD)/gongkai $(UNIT_BIN) $(GEN_BIN)
	@GK_VALGRIND=1 sh tests/run.sh $(BUILD)

bench: gongkai $(GEN_BIN) $(BENCH_BIN)
	@sh bench/run.sh $(BUILD)

clean:
	rm -rf build build-san gongkai

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

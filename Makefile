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
# make install: where (PREFIX is baked into the installed binary, which
# finds the bundled policy set under it; DESTDIR only stages the files).
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
DOCDIR ?= $(DATADIR)/doc/gongkai
LIBEXECDIR ?= $(PREFIX)/lib/gongkai
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
LOCALEDIR ?= $(DATADIR)/locale
# Messages in the reader's language (GNU gettext, po/); NLS= builds an
# English-only binary.
NLS ?= 1

# libzip and expat read .xlsx imports; libxlsxwriter writes work lists;
# libcrypto (OpenSSL) hashes the seal of each run.
PKGS = $(LUA_PC) sqlite3 yaml-0.1 libgit2 libzip expat xlsxwriter libcrypto
TEST_PKGS = cmocka
DEBS = liblua5.4-dev libsqlite3-dev libyaml-dev libgit2-dev libzip-dev libexpat1-dev \
       libxlsxwriter-dev libssl-dev pkg-config gettext
# chromium (with CJK fonts) opens the HTML report in the browser test;
# man-db (and groff-base with it) renders the installed man pages;
# dpkg-dev (dpkg-shlibdeps) makes the .deb of the package test;
# python3-jsonschema validates the JSON outputs against docs/schema/.
TEST_DEBS = libcmocka-dev sqlite3 valgrind git python3 chromium fonts-noto-cjk man-db dpkg-dev \
            python3-jsonschema

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wno-unused-parameter
# Recursive (=) so pkg-config runs after the deps check below.
LIB_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
LIB_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lpthread -lm
TEST_LIBS = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS))
NLS_CFLAGS = $(if $(NLS),-DGK_NLS)
FINAL_CFLAGS = -std=c11 -D_GNU_SOURCE $(NLS_CFLAGS) $(WARN) $(LIB_CFLAGS) -MMD -MP $(CFLAGS)
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
# The catalogues (po/, below).
LINGUAS = zh_CN
MO = $(if $(NLS),$(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/gongkai.mo))
GEN_BIN = $(BUILD)/gk-gen
BENCH_BIN = $(BUILD)/gk-bench

.PHONY: all deps test-deps test check bench bench-scale demo clean valgrind install uninstall deb po FORCE

all: gongkai

deps:
	@sh tools/deps.sh "$(PKG_CONFIG)" "$(PKGS)" "$(DEBS)"

test-deps: deps
	@sh tools/deps.sh "$(PKG_CONFIG)" "$(TEST_PKGS)" "$(TEST_DEBS)"

gongkai: $(BUILD)/gongkai $(MO)
	$(Q)cp $< $@.tmp && mv -f $@.tmp $@

$(BUILD)/gongkai: $(CLI_OBJ) $(BUILD)/libgk.a
	$(QLD)$(CC) $(FINAL_CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libgk.a $(LIB_LIBS) $(FINAL_LDFLAGS)

$(BUILD)/libgk.a: $(LIB_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

# init seeds new repositories from this tree's policy set; the installed
# binary from PREFIX's copy (below).  override: CFLAGS given on the command
# line (make check) would drop a plain +=.
$(BUILD)/cli/cmd_init.o: override CFLAGS += -DGK_BUNDLED_POLICIES='"$(CURDIR)/policies"'

# ---- messages (docs/i18n.md) -------------------------------------------
#
# po/zh_CN.po is the Chinese catalogue; `make po` extracts the messages of
# the sources into po/gongkai.pot and merges them into it (tools/po.sh).
# The binary in the build tree reads the build tree's catalogue; the
# installed one $(LOCALEDIR)'s.
$(BUILD)/locale/%/LC_MESSAGES/gongkai.mo: po/%.po | deps
	$(Q)mkdir -p $(dir $@)
	$(Q)msgfmt -c -o $@.tmp $< && mv -f $@.tmp $@

po:
	sh tools/po.sh update

$(BUILD)/cli/i18n.o: override CFLAGS += -DGK_LOCALEDIR='"$(CURDIR)/$(BUILD)/locale"'

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
	@rm -rf $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_DB).chain $(BUILD)/demo.csv \
	  $(BUILD)/demo-reports
	$(Q)$(GEN_BIN) --count 400 --seed 7 > $(BUILD)/demo.csv
	./gongkai import --db $(DEMO_DB) $(BUILD)/demo.csv
	./gongkai run --db $(DEMO_DB) --policies policies --as-of $(DEMO_ASOF) --warn-days 20 \
	  --report-dir $(BUILD)/demo-reports; \
	  st=$$?; [ $$st -le 1 ] || exit $$st

test: $(BUILD)/gongkai $(MO) $(UNIT_BIN) $(GEN_BIN) | test-deps
	@sh tests/run.sh $(BUILD)

# Sanitizer build: a separate tree, the same suites.
check:
	$(MAKE) BUILD=build-san CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  LDFLAGS="-fsanitize=address,undefined" test

valgrind: $(BUILD)/gongkai $(MO) $(UNIT_BIN) $(GEN_BIN)
	@GK_VALGRIND=1 sh tests/run.sh $(BUILD)

bench: gongkai $(GEN_BIN) $(BENCH_BIN)
	@sh bench/run.sh $(BUILD)

# How a full-set run grows from 1M to 10M records (docs/benchmark.md).
bench-scale: gongkai $(GEN_BIN)
	@sh bench/scale.sh $(BUILD)

# ---- make install ------------------------------------------------------
#
# The installed binary differs from ./gongkai in one string, where init
# finds the bundled policy set: $(PKGPOLICIES).  Its man pages and bash
# completion are made from its own --help (tools/helpdocs.sh); the nightly
# script and systemd units of docs/operations.md are dist/*, their paths
# changed to PREFIX's.  Nothing is enabled or started.
INST = $(BUILD)/install
PKGPOLICIES = $(DATADIR)/gongkai/policies
INST_PATHS = $(PKGPOLICIES) $(BINDIR) $(LIBEXECDIR) $(SYSTEMDUNITDIR) $(LOCALEDIR)
DIST_SED = sed -e 's|/usr/local/bin/gongkai|$(BINDIR)/gongkai|g' \
	-e 's|/usr/local/lib/gongkai|$(LIBEXECDIR)|g' \
	-e 's|/usr/local/lib/systemd/system|$(SYSTEMDUNITDIR)|g'
DIST_FILES = nightly.sh gongkai-nightly.service gongkai-nightly.timer

# Rebuilt when a path baked into the files changes, not on every make.
$(INST)/paths: FORCE
	$(Q)mkdir -p $(INST)
	$(Q)echo '$(INST_PATHS)' | cmp -s - $@ || echo '$(INST_PATHS)' >$@

$(INST)/cmd_init.o: cli/cmd_init.c $(INST)/paths | deps
	$(QCC)$(CC) $(FINAL_CFLAGS) -DGK_BUNDLED_POLICIES='"$(PKGPOLICIES)"' -c $< -o $@

$(INST)/i18n.o: cli/i18n.c $(INST)/paths | deps
	$(QCC)$(CC) $(FINAL_CFLAGS) -DGK_LOCALEDIR='"$(LOCALEDIR)"' -c $< -o $@

$(INST)/gongkai: $(filter-out $(BUILD)/cli/cmd_init.o $(BUILD)/cli/i18n.o,$(CLI_OBJ)) \
		 $(INST)/cmd_init.o $(INST)/i18n.o $(BUILD)/libgk.a
	$(QLD)$(CC) $(FINAL_CFLAGS) -o $@ $^ $(LIB_LIBS) $(FINAL_LDFLAGS)

$(INST)/man.stamp: $(INST)/gongkai tools/helpdocs.sh tools/help2roff.awk
	$(Q)rm -rf $(INST)/man && sh tools/helpdocs.sh man $(INST)/gongkai $(INST)/man && touch $@

$(INST)/gongkai.bash: $(INST)/gongkai tools/helpdocs.sh
	$(Q)sh tools/helpdocs.sh completion $(INST)/gongkai >$@.tmp && mv -f $@.tmp $@

$(INST)/dist/%: dist/% $(INST)/paths
	$(Q)mkdir -p $(dir $@) && $(DIST_SED) $< >$@

install: $(INST)/gongkai $(INST)/man.stamp $(INST)/gongkai.bash $(DIST_FILES:%=$(INST)/dist/%) $(MO)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) \
	  $(DESTDIR)$(PKGPOLICIES) $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(SYSTEMDUNITDIR)
	install -m 755 $(INST)/gongkai $(DESTDIR)$(BINDIR)/gongkai
	install -m 644 $(INST)/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(INST)/gongkai.bash $(DESTDIR)$(BASHCOMPDIR)/gongkai
	rm -rf $(DESTDIR)$(PKGPOLICIES)
	find policies -name '.?*' -prune -o -type d -print | sed 's|^policies||' | \
	  while IFS= read -r d; do install -d "$(DESTDIR)$(PKGPOLICIES)$$d" || exit 1; done
	find policies -name '.?*' -prune -o -type f -print | sed 's|^policies/||' | \
	  while IFS= read -r f; do install -m 644 "policies/$$f" "$(DESTDIR)$(PKGPOLICIES)/$$f" || exit 1; done
	install -m 755 $(INST)/dist/nightly.sh $(DESTDIR)$(LIBEXECDIR)/nightly.sh
	install -m 644 $(INST)/dist/gongkai-nightly.service $(INST)/dist/gongkai-nightly.timer \
	  $(DESTDIR)$(SYSTEMDUNITDIR)/
	install -d $(DESTDIR)$(DOCDIR)/schema
	install -m 644 README.md docs/*.md $(DESTDIR)$(DOCDIR)/
	install -m 644 docs/schema/*.json $(DESTDIR)$(DOCDIR)/schema/
	for l in $(if $(NLS),$(LINGUAS)); do \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/gongkai.mo \
	    $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/gongkai.mo || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/gongkai $(DESTDIR)$(MANDIR)/man1/gongkai.1 \
	  $(DESTDIR)$(MANDIR)/man1/gongkai-*.1 $(DESTDIR)$(BASHCOMPDIR)/gongkai \
	  $(DESTDIR)$(LIBEXECDIR)/nightly.sh $(DESTDIR)$(SYSTEMDUNITDIR)/gongkai-nightly.service \
	  $(DESTDIR)$(SYSTEMDUNITDIR)/gongkai-nightly.timer
	rm -rf $(DESTDIR)$(PKGPOLICIES) $(DESTDIR)$(DOCDIR)
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/gongkai.mo; done
	rmdir $(DESTDIR)$(DATADIR)/gongkai $(DESTDIR)$(LIBEXECDIR) 2>/dev/null || true

# ---- make deb ----------------------------------------------------------
#
# A Debian package made with dpkg's own tools (dpkg-dev comes with
# build-essential): the files of make install PREFIX=/usr, the binary
# stripped and the man pages compressed as Debian does, Depends from
# dpkg-shlibdeps.  No maintainer scripts: nothing is enabled or created.
VERSION = $(shell sed -n 's/^\#define VERSION "\(.*\)"$$/\1/p' cli/main.c)
DEB_REVISION ?= 1
DEB_MAINTAINER ?= gongkai <root@localhost>
STRIP ?= strip
DEB_DIR = $(BUILD)/deb
DEB_ROOT = $(DEB_DIR)/debian/gongkai

deb:
	$(Q)rm -rf $(DEB_DIR) && mkdir -p $(DEB_ROOT)/DEBIAN
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD) PREFIX=/usr DESTDIR=$(CURDIR)/$(DEB_ROOT) install >/dev/null
	$(Q)$(STRIP) --remove-section=.comment --remove-section=.note --strip-unneeded $(DEB_ROOT)/usr/bin/gongkai
	$(Q)gzip -9n $(DEB_ROOT)/usr/share/man/man1/*.1
	$(Q)cd $(DEB_DIR) && printf 'Source: gongkai\n\nPackage: gongkai\nArchitecture: any\n' >debian/control && \
	  dpkg-shlibdeps -O debian/gongkai/usr/bin/gongkai | sed -n 's/^shlibs:Depends=//p' >depends
	$(Q)test -s $(DEB_DIR)/depends
	$(Q){ \
	  echo "Package: gongkai"; \
	  echo "Version: $(VERSION)-$(DEB_REVISION)"; \
	  echo "Architecture: $$(dpkg --print-architecture)"; \
	  echo "Maintainer: $(DEB_MAINTAINER)"; \
	  echo "Installed-Size: $$(du -sk --exclude=DEBIAN $(DEB_ROOT) | cut -f1)"; \
	  echo "Depends: $$(cat $(DEB_DIR)/depends)"; \
	  echo "Recommends: git, man-db, bash-completion"; \
	  echo "Section: admin"; \
	  echo "Priority: optional"; \
	  echo "Description: check government records against disclosure rules (政务公开)"; \
	  echo " gongkai (公开) checks the records of a local government bureau against"; \
	  echo " the information-disclosure rules its jurisdiction has published, with"; \
	  echo " rules as Lua policy files, records in SQLite and every run stored with"; \
	  echo " the policy set it used.  Installs gongkai(1), a man page per command,"; \
	  echo " bash completion, the bundled policy set and the nightly job's systemd"; \
	  echo " units (not enabled)."; \
	} >$(DEB_ROOT)/DEBIAN/control
	$(Q)cd $(DEB_ROOT) && find usr -type f -exec md5sum {} + | sort -k2 >DEBIAN/md5sums
	dpkg-deb --root-owner-group --build $(DEB_ROOT) $(BUILD)/gongkai_$(VERSION)-$(DEB_REVISION)_$$(dpkg --print-architecture).deb

clean:
	rm -rf build build-san gongkai

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(INST)/cmd_init.d $(INST)/i18n.d

#!/bin/sh
# test_deb.sh - make deb: a Debian package of what make install PREFIX=/usr
# installs, made with dpkg-deb and dpkg-shlibdeps; installed with dpkg into
# a scratch root (its own package database) and removed again.
. "$(dirname "$0")/lib.sh"

build=${GK_BIN%/gongkai}
build=${build#"$GK_TOP"/}
version=$("$GK_BIN" --version | sed 's/^gongkai //')
make -C "$GK_TOP" BUILD="$build" deb >"$T/make.log" 2>&1
status=$?
DEB="$GK_TOP/$build/gongkai_$version-1_$(dpkg --print-architecture).deb"
if [ "$status" -eq 0 ] && [ -f "$DEB" ]; then ok "make deb: $(basename "$DEB")"; else
	not_ok "make deb" "status $status: $(flat "$(tail -5 "$T/make.log")")"; fi

# ---- what it holds ----
dpkg-deb -f "$DEB" Package Version Architecture >"$T/fields.txt" 2>&1
expect_eq "$(cat "$T/fields.txt")" "Package: gongkai
Version: $version-1
Architecture: $(dpkg --print-architecture)" "control: package, version (the binary's), architecture"
depends=$(dpkg-deb -f "$DEB" Depends)
case $depends in
*libgit2*liblua5.4*libsqlite3*libyaml*) ok "Depends from dpkg-shlibdeps: libgit2, lua, sqlite, yaml ..." ;;
*) not_ok "Depends from dpkg-shlibdeps: libgit2, lua, sqlite, yaml ..." "$depends" ;;
esac
dpkg-deb -c "$DEB" | awk '{ print $6 }' >"$T/contents.txt"
missing=
"$GK_BIN" --help | awk '/^commands:$/ { on = 1; next } on && /^$/ { exit } on && /^  [a-z]/ { print $1 }' \
	>"$T/commands.txt"
for f in usr/bin/gongkai usr/share/man/man1/gongkai.1.gz usr/share/gongkai/policies/calendar.yaml \
	usr/share/bash-completion/completions/gongkai usr/lib/gongkai/nightly.sh \
	usr/lib/systemd/system/gongkai-nightly.service usr/lib/systemd/system/gongkai-nightly.timer \
	usr/share/locale/zh_CN/LC_MESSAGES/gongkai.mo \
	$(sed 's|^\(.*\)$|usr/share/man/man1/gongkai-\1.1.gz|' "$T/commands.txt"); do
	grep -qx "./$f" "$T/contents.txt" || missing="$missing $f"
done
expect_eq "$missing" "" "contents: the binary, every man page (gzipped), completion, policies, units, catalogue"
if grep -q '^\./etc/' "$T/contents.txt"; then not_ok "contents: nothing in /etc (nothing enabled)"; else
	ok "contents: nothing in /etc (nothing enabled)"; fi
if dpkg-deb -c "$DEB" | awk '$2 != "root/root" { bad = 1 } END { exit bad }'; then
	ok "contents: owned by root"; else not_ok "contents: owned by root"; fi

# ---- dpkg installs and removes it ----
R="$T/root"
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates"
: >"$R/var/lib/dpkg/status"
# The scratch database has none of the libraries: --force-depends.
dpkg --root="$R" --log=/dev/null --force-not-root --force-depends -i "$DEB" >"$T/dpkg.log" 2>&1
status=$?
expect_status 0 "dpkg -i into a scratch root: exit status 0"
expect_eq "$(dpkg --root="$R" -s gongkai 2>&1 | sed -n 's/^Status: //p')" "install ok installed" \
	"dpkg -s: install ok installed"
"$R/usr/bin/gongkai" init --help >"$T/.out" 2>&1
expect_out "The bundled set is read from /usr/share/gongkai/policies" "the packaged binary reads /usr/share/gongkai/policies"
GONGKAI_BUNDLED_POLICIES="$R/usr/share/gongkai/policies" "$R/usr/bin/gongkai" init "$T/repo" >"$T/.out" 2>&1
status=$?
expect_status 0 "the packaged binary: init from the packaged policy set"
MANWIDTH=120 LC_ALL=C.UTF-8 man -l "$R/usr/share/man/man1/gongkai-run.1.gz" >"$T/.out" 2>"$T/.err"
expect_out "gongkai-run - evaluate every record against its rules and store the findings" \
	"man -l: a packaged page renders"
dpkg --root="$R" --log=/dev/null --force-not-root -r gongkai >>"$T/dpkg.log" 2>&1
status=$?
expect_status 0 "dpkg -r: exit status 0"
expect_eq "$(find "$R" -path "$R/var" -prune -o -type f -print | head -3)" "" "dpkg -r: no file left"

# ---- its dependencies are Debian's ----
apt-get install -s --no-install-recommends "$DEB" >"$T/apt.txt" 2>&1
status=$?
if [ "$status" -eq 0 ] && grep -q "^Inst gongkai " "$T/apt.txt"; then
	ok "apt-get install -s: the dependencies resolve on this system"
else
	not_ok "apt-get install -s: the dependencies resolve on this system" "$(flat "$(tail -5 "$T/apt.txt")")"
fi

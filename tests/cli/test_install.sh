#!/bin/sh
# test_install.sh - make install into a temporary PREFIX, staged with
# DESTDIR and then moved into place as a package would be, used the way
# an administrator meets it: init from the installed policy set (never
# the source tree's), import and run, the man pages (one per command, the
# same words as --help), bash completion, the nightly script of
# docs/operations.md against a database and a tampered one; then make
# uninstall.
. "$(dirname "$0")/lib.sh"

# The build tree of $GK_BIN (build, or build-san under make check).
build=${GK_BIN%/gongkai}
build=${build#"$GK_TOP"/}
P="$T/usr"
STAGE="$T/stage"
# the installed binary, with nothing from the caller's environment
gi() {
	(cd "$T/work" && env -u GONGKAI_BUNDLED_POLICIES -u GONGKAI_POLICIES \
		$GK_WRAP "$P/bin/gongkai" "$@") >"$T/.out" 2>"$T/.err"
	status=$?
	stdout=$(cat "$T/.out")
	stderr=$(cat "$T/.err")
}
mkdir -p "$T/work"

# ---- make install ----
make -C "$GK_TOP" BUILD="$build" PREFIX="$P" DESTDIR="$STAGE" install >"$T/make.log" 2>&1
status=$?
if [ "$status" -eq 0 ]; then ok "make install PREFIX DESTDIR: exit status 0"; else
	not_ok "make install PREFIX DESTDIR: exit status 0" "$(flat "$(tail -5 "$T/make.log")")"; fi
if [ ! -e "$P" ] && [ -x "$STAGE$P/bin/gongkai" ]; then
	ok "DESTDIR: everything staged under it, nothing in PREFIX itself"
else
	not_ok "DESTDIR: everything staged under it, nothing in PREFIX itself" "$(ls "$STAGE$P" "$P" 2>&1 | head -5)"
fi
(cd "$STAGE$P" && find . -type f | sort) >"$T/files.txt"
for f in bin/gongkai share/man/man1/gongkai.1 share/man/man1/gongkai-run.1 \
	share/bash-completion/completions/gongkai share/gongkai/policies/calendar.yaml \
	share/gongkai/policies/baseline/b1-proactive.lua lib/gongkai/nightly.sh \
	lib/systemd/system/gongkai-nightly.service lib/systemd/system/gongkai-nightly.timer \
	share/locale/zh_CN/LC_MESSAGES/gongkai.mo share/doc/gongkai/operations.md \
	share/doc/gongkai/json.md share/doc/gongkai/schema/finding.schema.json; do
	grep -qx "./$f" "$T/files.txt" || missing="${missing:-} $f"
done
expect_eq "${missing:-}" "" "installs the binary, man pages, completion, policies, nightly script, units, catalogue, the docs the help names"
if [ "$(cd "$GK_TOP/policies" && find . -type f -exec cksum {} + | sort)" = \
     "$(cd "$STAGE$P/share/gongkai/policies" && find . -type f -exec cksum {} + | sort)" ]; then
	ok "the whole bundled policy set under share/gongkai/policies"
else
	not_ok "the whole bundled policy set under share/gongkai/policies"
fi
if grep -q "$P/bin/gongkai" "$STAGE$P/lib/gongkai/nightly.sh" &&
   grep -qx "ExecStart=$P/lib/gongkai/nightly.sh" "$STAGE$P/lib/systemd/system/gongkai-nightly.service" &&
   ! grep -q /usr/local "$STAGE$P/lib/gongkai/nightly.sh" "$STAGE$P/lib/systemd/system/gongkai-nightly.service"; then
	ok "the nightly script and the service name PREFIX's paths"
else
	not_ok "the nightly script and the service name PREFIX's paths"
fi

# The package lands in PREFIX; the build tree's policies are not read.
mkdir -p "$(dirname "$P")"
mv "$STAGE$P" "$P"
gi --version
expect_out "gongkai " "the installed binary runs"

# ---- init from the installed policy set ----
echo "installed copy" >"$P/share/gongkai/policies/INSTALLED.txt"
gi init "$T/repo"
expect_status 0 "init from an installed binary: exit status 0"
if [ -f "$T/repo/INSTALLED.txt" ] && [ -f "$T/repo/baseline/b1-proactive.lua" ] &&
   [ "$(git -C "$T/repo" ls-files | wc -l)" -gt 50 ]; then
	ok "init seeds the repository from PREFIX/share/gongkai/policies"
else
	not_ok "init seeds the repository from PREFIX/share/gongkai/policies" "$(ls "$T/repo" | head)"
fi
gi init --help
expect_out "The bundled set is read from $P/share/gongkai/policies" "init --help names the installed set"
mv "$P/share/gongkai/policies" "$T/aside"
gi init "$T/repo2"
expect_status 2 "installed set missing: init fails, exit status 2"
expect_err "init: cannot find the bundled policy set: '$P/share/gongkai/policies/calendar.yaml' is missing; reinstall gongkai (make install)" \
	"installed set missing: says where it looked and what to do (not a fallback to the source tree)"
if [ -e "$T/repo2" ]; then not_ok "installed set missing: nothing created"; else ok "installed set missing: nothing created"; fi
(cd "$T/work" && GONGKAI_BUNDLED_POLICIES="$T/aside" $GK_WRAP "$P/bin/gongkai" init "$T/repo2" >"$T/.out" 2>"$T/.err"); status=$?
if [ "$status" -eq 0 ] && [ -f "$T/repo2/INSTALLED.txt" ]; then
	ok "GONGKAI_BUNDLED_POLICIES overrides the installed path"
else
	not_ok "GONGKAI_BUNDLED_POLICIES overrides the installed path" "status $status: $(flat "$(cat "$T/.err")")"
fi
mkdir -p "$T/notaset"
(cd "$T/work" && GONGKAI_BUNDLED_POLICIES="$T/notaset" $GK_WRAP "$P/bin/gongkai" init "$T/repo3" >"$T/.out" 2>"$T/.err"); status=$?
expect_status 2 "GONGKAI_BUNDLED_POLICIES naming a folder without calendar.yaml: exit status 2"
expect_err "GONGKAI_BUNDLED_POLICIES must name a copy of gongkai's policies folder" \
	"... says what the variable must name"
mv "$T/aside" "$P/share/gongkai/policies"

# ---- import and run ----
"$GK_GEN" --count 40 --seed 3 >"$T/work/recs.csv"
gi import --db "$T/work/b.db" recs.csv
expect_status 0 "installed: import"
gi run --db b.db --policies "$T/repo" --as-of 2025-06-30
expect_status 1 "installed: run on the initialised repository, findings (exit status 1)"
expect_eq "$(sqlite3 "$T/work/b.db" "SELECT count(*) > 0 FROM findings")" "1" "installed: the run stored its findings"

# ---- the Chinese catalogue ----
# The installed binary reads PREFIX's catalogue, not the build tree's.
LANGUAGE= LC_ALL= LANG=zh_CN.UTF-8 "$P/bin/gongkai" --help >"$T/.out" 2>&1
expect_out "用法：gongkai <命令>" "the installed binary speaks Chinese with a Chinese locale"
mo="$P/share/locale/zh_CN/LC_MESSAGES/gongkai.mo"
mv "$mo" "$T/gongkai.mo"
LANGUAGE= LC_ALL= LANG=zh_CN.UTF-8 "$P/bin/gongkai" --help >"$T/.out" 2>&1
expect_out "usage: gongkai <command>" "... from PREFIX/share/locale (English without it)"
mv "$T/gongkai.mo" "$mo"

# ---- man pages ----
"$P/bin/gongkai" --help |
	awk '/^commands:$/ { on = 1; next } on && /^$/ { exit } on && /^  [a-z]/ { print $1 }' >"$T/commands.txt"
(echo gongkai.1; sed 's/^\(.*\)$/gongkai-\1.1/' "$T/commands.txt") | sort >"$T/want-pages.txt"
ls "$P/share/man/man1" | sort >"$T/pages.txt"
if [ "$(wc -l <"$T/commands.txt")" -ge 20 ] && cmp -s "$T/want-pages.txt" "$T/pages.txt"; then
	ok "a man page for every command of --help, and gongkai(1)"
else
	not_ok "a man page for every command of --help, and gongkai(1)" "$(flat "$(diff "$T/want-pages.txt" "$T/pages.txt")")"
fi
MANPATH="$P/share/man" MANWIDTH=120 LC_ALL=C.UTF-8 man gongkai-run >"$T/.out" 2>"$T/.err"
status=$?
expect_status 0 "man gongkai-run (MANPATH=PREFIX/share/man)"
expect_out "gongkai-run - evaluate every record against its rules and store the findings" "man gongkai-run: NAME"
expect_out "--warn-days" "man gongkai-run: the options, hyphens as typed"
MANPATH="$P/share/man" MANWIDTH=80 LC_ALL=C.UTF-8 man gongkai >"$T/.out" 2>"$T/.err"
expect_out "gongkai-calendar(1)" "man gongkai: SEE ALSO lists the commands' pages"
# Each page: no roff warning, and every word of the command's --help, in
# order (nothing lost, nothing reworded: the page is the help).
cat >"$T/same.py" <<'EOF'
import os, subprocess, sys
bin, mandir, commands = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().split()
bad = []
for c in [None] + commands:
    helptext = subprocess.run([bin] + ([c] if c else []) + ["--help"], capture_output=True,
                              text=True).stdout
    page = os.path.join(mandir, "gongkai-%s.1" % c if c else "gongkai.1")
    r = subprocess.run(["man", "-l", "--warnings=w,all", page], capture_output=True, text=True,
                       env=dict(os.environ, MANWIDTH="100", LC_ALL="C.UTF-8"))
    if r.returncode or r.stderr.strip():
        bad.append("%s: status %d, %s" % (page, r.returncode, r.stderr.strip()[:200]))
        continue
    want = helptext.replace("usage:", "").replace("exit status:", "").replace("commands:", "").split()
    have = r.stdout.split()
    j = 0
    for w in want:
        while j < len(have) and have[j] != w:
            j += 1
        if j == len(have):
            bad.append("%s: lacks %r" % (page, w))
            break
        j += 1
print("\n".join(bad) if bad else "same")
EOF
python3 "$T/same.py" "$P/bin/gongkai" "$P/share/man/man1" "$T/commands.txt" >"$T/same.txt" 2>&1
expect_eq "$(cat "$T/same.txt")" "same" "every man page renders without warnings and holds its --help word for word"

# ---- bash completion ----
cat >"$T/comp.bash" <<'EOF'
. "$1"
# c LINE: what TAB offers at the end of LINE
c() {
	read -ra COMP_WORDS <<<"$1"
	[[ $1 == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_gongkai
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
	echo
}
complete -p gongkai
c "gongkai ru"
c "gongkai run --for"
c "gongkai run --format "
c "gongkai findings --status "
c "gongkai calendar "
c "gongkai help fin"
c "gongkai --config x.yaml ver"
c "gongkai run --policies "
c "gongkai --lang "
c "gongkai --lang zh ver"
while read -r cmd; do echo "$cmd: $(c "gongkai $cmd --")"; done <"$2"
EOF
mkdir -p "$T/compdir/pol" && : >"$T/compdir/file.txt"
(cd "$T/compdir" && bash "$T/comp.bash" "$P/share/bash-completion/completions/gongkai" "$T/commands.txt") \
	>"$T/comp.txt" 2>&1
line() { sed -n "${1}p" "$T/comp.txt"; }
expect_eq "$(line 1)" "complete -o filenames -F _gongkai gongkai" "completion: registered for gongkai"
expect_eq "$(line 2)" "run runs " "completion: commands (ru: run runs)"
expect_eq "$(line 3)" "--format " "completion: a command's options"
expect_eq "$(line 4)" "csv json junit sarif text " "completion: --format's values"
if grep -qE -- ' -[a-z],' "$P/share/bash-completion/completions/gongkai"; then
	not_ok "completion: a short option is offered as itself (-q, not -q,)" "$(grep -oE -- ' -[a-z],' "$P/share/bash-completion/completions/gongkai" | sort -u | tr '\n' ' ')"
else ok "completion: a short option is offered as itself (-q, not -q,)"; fi
expect_eq "$(line 5)" "due_soon new persisting resolved " "completion: --status's values"
expect_eq "$(line 6)" "add provisional status " "completion: calendar's subcommands"
expect_eq "$(line 7)" "findings " "completion: help CMD"
expect_eq "$(line 8)" "verify " "completion: the command after --config FILE"
expect_eq "$(line 9)" "pol " "completion: --policies DIR offers folders only"
expect_eq "$(line 10)" "en zh " "completion: --lang's values"
expect_eq "$(line 11)" "verify " "completion: the command after --lang zh"
bad=
while read -r cmd; do
	got=$(grep "^$cmd: " "$T/comp.txt")
	case $got in *" --help "*) ;; *) bad="$bad $cmd"; continue ;; esac
	# every option of the command's usage lines is offered
	for o in $("$P/bin/gongkai" "$cmd" --help | awk 'NR == 1 || (u && /^ /) { u = 1; print; next } { u = 0 }' |
		grep -o -- '--[a-z][a-z-]*' | sort -u); do
		case "$got " in *" $o "*) ;; *) bad="$bad $cmd:$o" ;; esac
	done
done <"$T/commands.txt"
expect_eq "$bad" "" "completion: every command, each with --help and every option of its usage"

# ---- the systemd units and the nightly script are the documented ones ----
cat >"$T/doc.py" <<'EOF'
import re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
blocks = [b + "\n" for b in re.findall(r"^```[a-z]*\n(.*?)\n```$", doc, re.S | re.M)]
bad = [f for f in sys.argv[2:] if open(f, encoding="utf-8").read() not in blocks]
print(" ".join(bad) if bad else "same")
EOF
python3 "$T/doc.py" "$GK_TOP/docs/operations.md" "$GK_TOP/dist/nightly.sh" \
	"$GK_TOP/dist/gongkai-nightly.service" "$GK_TOP/dist/gongkai-nightly.timer" >"$T/doc.txt" 2>&1
expect_eq "$(cat "$T/doc.txt")" "same" "docs/operations.md shows the nightly script and units exactly as installed"
if command -v systemd-analyze >/dev/null 2>&1; then
	if systemd-analyze verify "$P/lib/systemd/system/gongkai-nightly.service" \
		"$P/lib/systemd/system/gongkai-nightly.timer" >"$T/sd.txt" 2>&1; then
		ok "systemd-analyze verify: the service and timer"
	else
		not_ok "systemd-analyze verify: the service and timer" "$(flat "$(cat "$T/sd.txt")")"
	fi
else
	echo "# systemd-analyze is not installed: the units are only compared with the documentation"
fi

# ---- the nightly script ----
# A policy set whose calendar covers today: the script runs as of today.
year=$(date +%Y)
last=$("$P/bin/gongkai" calendar status --policies "$T/repo" | sed -n '1s/.* covers [0-9]*-\([0-9]*\) .*/\1/p')
y=$((last + 1))
while [ "$y" -le $((year + 1)) ]; do
	"$P/bin/gongkai" calendar provisional "$y" --policies "$T/repo" >/dev/null
	y=$((y + 1))
done
git -C "$T/repo" add -A && git -C "$T/repo" -c user.name=t -c user.email=t@t commit -qm "provisional years" >/dev/null 2>&1
OPS="$T/ops"
# No returned/ yet (no unit has answered), and an export named as a
# browser saves a second download: a space and brackets.
mkdir -p "$OPS/inbox"
cat >"$OPS/gongkai.yaml" <<EOF
db: gongkai.db
policies: ../repo
report_dir: reports
EOF
cp "$T/work/recs.csv" "$OPS/inbox/网站导出 (1).csv"
nightly() {
	(cd "$T/work" && env -u GONGKAI GONGKAI_CONF="$OPS/gongkai.yaml" GONGKAI_HOME="$OPS" \
		sh "$P/lib/gongkai/nightly.sh") >"$T/.out" 2>"$T/.err"
	status=$?
}
nightly
expect_status 1 "nightly.sh: the run's status (1, findings) when verify passes"
expect_out "by jurisdiction:" "nightly.sh: the log is the run's summary"
expect_out "reports: $OPS/reports/" "nightly.sh: the log says where the reports are"
if grep -q "依据：" "$T/.out"; then not_ok "nightly.sh: no finding listed in the log"
else ok "nightly.sh: no finding listed in the log"; fi
if grep -qE 'find:|cannot|No such' "$T/.err"; then not_ok "nightly.sh: no error on stderr on a good night (no returned/ yet)" "$(head -c 300 "$T/.err")"
else ok "nightly.sh: no error on stderr on a good night (no returned/ yet)"; fi
if [ -z "$(ls "$OPS/inbox")" ] && [ -f "$OPS/done/$(date +%F)/网站导出 (1).csv" ]; then
	ok "nightly.sh: the inbox imported and moved to done/DATE/ (a name with a space is one file)"
else
	not_ok "nightly.sh: the inbox imported and moved to done/DATE/" "$(ls -R "$OPS" | head)"
fi
head=$("$P/bin/gongkai" --config "$OPS/gongkai.yaml" verify | tail -n 1)
expect_eq "$(tail -n 1 "$T/.out")" "$head" "nightly.sh: the log ends with verify's chain head"
nightly
expect_status 1 "nightly.sh: a second night, status 1"
expect_eq "$(sqlite3 "$OPS/gongkai.db" "SELECT count(*) FROM runs")" "2" "nightly.sh: two runs stored"
# Someone edits a stored finding: the next night fails, whatever it found.
sqlite3 "$OPS/gongkai.db" "UPDATE findings SET message = message || ' ' WHERE id = (SELECT min(id) FROM findings)"
nightly
expect_status 3 "nightly.sh on a tampered database: exit status 3, the job fails"
expect_err "nightly: gongkai verify failed (status 1)" "nightly.sh on a tampered database: says verify failed"
expect_out "run 1: the run or its findings were changed or deleted after the fact" \
	"nightly.sh on a tampered database: verify's whole report in the log"
expect_eq "$(sqlite3 "$OPS/gongkai.db" "SELECT count(*) FROM runs")" "3" "nightly.sh on a tampered database: the night's run is still stored"
# The chain log lost: verify cannot vouch for the runs either.
rm -f "$OPS/gongkai.db.chain"
nightly
expect_status 3 "nightly.sh without the chain log: exit status 3"
# A bad export refuses the import: status 2, the file stays in the inbox.
printf 'id,jurisdiction\nX,nowhere\n' >"$OPS/inbox/bad.csv"
nightly
expect_status 2 "nightly.sh with a bad export: exit status 2"
if [ -f "$OPS/inbox/bad.csv" ]; then ok "nightly.sh with a bad export: the file stays in the inbox"; else
	not_ok "nightly.sh with a bad export: the file stays in the inbox"; fi

# ---- make uninstall ----
make -C "$GK_TOP" BUILD="$build" PREFIX="$P" uninstall >"$T/make.log" 2>&1
status=$?
expect_status 0 "make uninstall: exit status 0"
left=$(find "$P" -type f | head -5)
expect_eq "$left" "" "make uninstall: no file left"

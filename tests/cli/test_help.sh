#!/bin/sh
# test_help.sh - the top-level help lists every command; 'gongkai help CMD'
# is 'gongkai CMD --help'; a misspelt command gets "did you mean", exit 2.
. "$(dirname "$0")/lib.sh"

# The commands the top-level help lists, one a line.
listed() {
	awk '/^commands:$/ { on = 1; next } on && /^$/ { exit } on && /^  [a-z]/ { print $1 }' "$T/.out"
}

# ---- the top-level help ----
gk --help
expect_status 0 "--help: exit status 0"
cp "$T/.out" "$T/help.txt"
listed >"$T/listed.txt"
# Every command the program has (a cmd_NAME function), listed once.
grep -ho '^int cmd_[a-z]*(int argc' "$GK_TOP"/cli/*.c | sed 's/^int cmd_//; s/(int argc$//' |
	sort >"$T/have.txt"
sort "$T/listed.txt" >"$T/listed-sorted.txt"
if [ "$(wc -l <"$T/have.txt")" -ge 20 ] && cmp -s "$T/have.txt" "$T/listed-sorted.txt" &&
   [ -z "$(sort "$T/listed.txt" | uniq -d)" ]; then
	ok "--help lists every command once ($(wc -l <"$T/have.txt"))"
else
	not_ok "--help lists every command once" \
		"$(flat "$(diff "$T/have.txt" "$T/listed-sorted.txt")")"
fi
missing=
for c in runs findings report calendar feedback template coverage workdays replay blame; do
	grep -qx "$c" "$T/listed.txt" || missing="$missing $c"
done
expect_eq "$missing" "" "--help lists runs, findings, report, calendar, feedback, template, coverage ..."
if awk 'length($0) > 80 { bad = 1 } END { exit bad }' "$T/help.txt"; then
	ok "--help fits 80 columns"
else
	not_ok "--help fits 80 columns" "$(flat "$(awk 'length($0) > 80' "$T/help.txt")")"
fi

gk help
expect_status 0 "help: exit status 0"
if cmp -s "$T/.out" "$T/help.txt"; then ok "help is --help"; else not_ok "help is --help"; fi
gk -h
if cmp -s "$T/.out" "$T/help.txt"; then ok "-h is --help"; else not_ok "-h is --help"; fi
gk help help
if [ "$status" -eq 0 ] && cmp -s "$T/.out" "$T/help.txt"; then ok "help help: the top-level help"; else
	not_ok "help help: the top-level help" "status $status"; fi
gk
expect_status 2 "no command: exit status 2"
if [ ! -s "$T/.out" ] && cmp -s "$T/.err" "$T/help.txt"; then ok "no command: the help on stderr"; else
	not_ok "no command: the help on stderr"; fi

# ---- help CMD ----
bad=
for c in $(cat "$T/listed.txt"); do
	gk "$c" --help
	st1=$status
	cp "$T/.out" "$T/h1"
	gk help "$c"
	if [ "$st1" -ne 0 ] || [ "$status" -ne 0 ] || ! cmp -s "$T/h1" "$T/.out" ||
	   [ "$(head -n 1 "$T/.out" | cut -d' ' -f1-3)" != "usage: gongkai $c" ] || [ -s "$T/.err" ]; then
		bad="$bad $c"
	fi
done
expect_eq "$bad" "" "help CMD prints what CMD --help prints, usage first, exit 0, for every command"

# The help needs no configuration: a broken gongkai.yaml in the folder
# stops commands, not their help, nor the word on a misspelt command.
mkdir -p "$T/job"
printf 'db: x.db\nwarn_dayz: 3\n' >"$T/job/gongkai.yaml"
(cd "$T/job" && $GK_WRAP "$GK_BIN" help run >"$T/.out" 2>"$T/.err"); status=$?
expect_status 0 "help run beside a broken gongkai.yaml: exit status 0"
expect_out "usage: gongkai run" "help run beside a broken gongkai.yaml: the help"
(cd "$T/job" && $GK_WRAP "$GK_BIN" rnu >"$T/.out" 2>"$T/.err"); status=$?
expect_err "did you mean 'run'?" "a misspelt command beside a broken gongkai.yaml: the suggestion first"

# ---- did you mean ----
gk rnu --db "$T/x.db"
expect_status 2 "rnu: exit status 2"
expect_err "gongkai: 'rnu' is not a command; did you mean 'run'?" "rnu: did you mean 'run'?"
if [ -s "$T/.out" ] || [ -e "$T/x.db" ]; then not_ok "rnu: nothing printed on stdout, nothing created"; else
	ok "rnu: nothing printed on stdout, nothing created"; fi
gk improt x.csv
expect_err "did you mean 'import'?" "improt: did you mean 'import'?"
gk finding
expect_err "did you mean 'findings'?" "finding: did you mean 'findings'?"
gk find
expect_err "did you mean 'findings'?" "find: the one command it begins"
gk calender status
expect_err "did you mean 'calendar'?" "calender: did you mean 'calendar'?"
gk --verison
expect_status 2 "--verison: exit status 2"
expect_err "did you mean '--version'?" "--verison: did you mean '--version'?"
gk help rnu
expect_status 2 "help rnu: exit status 2"
expect_err "'rnu' is not a command; did you mean 'run'?" "help rnu: did you mean 'run'?"
gk frobnicate
expect_status 2 "frobnicate: exit status 2"
if grep -q "did you mean" "$T/.err"; then not_ok "frobnicate: no suggestion" "$(flat "$stderr")"; else
	ok "frobnicate: no suggestion"; fi
expect_err "'gongkai --help' lists every command" "frobnicate: where the commands are listed"
gk help run lint
expect_status 2 "help with two commands: exit status 2"

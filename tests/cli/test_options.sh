#!/bin/sh
# test_options.sh - every command's options come from one table: parsed
# by getopt_long, listed by --help, and an unknown or abbreviated option
# is refused naming the nearest one.
. "$(dirname "$0")/lib.sh"

"$GK_GEN" --count 20 --seed 4 > "$T/r.csv"
gk import --db="$T/o.db" "$T/r.csv"
expect_status 0 "--db=PATH: an option's value after '='"

# Every command's --help lists the options its table has, each once.
# (Run where no policy set or configuration is, so that no command given
# stray options can do anything but refuse.)
cd "$T" || exit 1
GONGKAI_POLICIES="$T/none"
export GONGKAI_POLICIES
for cmd in import run test explain lint coverage init verify impact commit replay workdays \
	   calendar log blame runs findings report feedback template; do
	gk "$cmd" --help
	if [ "$status" -ne 0 ]; then
		not_ok "$cmd --help: exit status 0" "$status"
		continue
	fi
	gk "$cmd" -h
	if [ "$status" -ne 0 ]; then not_ok "$cmd -h: exit status 0"; else ok "$cmd -h: the help too"; fi
	# What --help names (the lines "  --NAME ...") is what the command takes.
	bad=
	for o in $(grep -o '^  \(-., \)\?--[a-z-]*' "$T/.out" | sed 's/.*--//' | sort -u); do
		gk "$cmd" "--$o" --no-such-option-here
		grep -q "unknown [a-z]* '--$o'" "$T/.err" && bad="$bad $o"
	done
	if [ -z "$bad" ]; then ok "$cmd: every option its --help lists is one it takes"; else
		not_ok "$cmd: every option its --help lists is one it takes" "$bad"; fi
done

unset GONGKAI_POLICIES
gk run --db "$T/o.db" --policies "$POL" --worktree --wran-days 3
expect_status 2 "a misspelt option: exit status 2"
expect_err "did you mean '--warn-days'?" "a misspelt option: the nearest one is named"
expect_err "unknown argument '--wran-days'" "a misspelt option: it is named as typed"

gk run --db "$T/o.db" --policies "$POL" --worktree --jur zezhou
expect_status 2 "an abbreviated option: refused"
expect_err "did you mean '--jurisdiction'?" "an abbreviated option: its full name is named"

gk findings --db "$T/o.db" --formt json
expect_err "did you mean '--format'?" "findings: a misspelt option names the nearest"
gk verify --db "$T/o.db" --frobnicate
expect_status 2 "an option like no other: exit status 2"
if grep -q "did you mean" "$T/.err"; then not_ok "an option like no other: no guess" "$(cat "$T/.err")"; else ok "an option like no other: no guess"; fi

gk run --db "$T/o.db" --policies "$POL" --worktree --as-of
expect_status 2 "an option without its value: exit status 2"
expect_err "option '--as-of' needs a value" "an option without its value: says so"

gk run --db "$T/o.db" --policies "$POL" --worktree -q --as-of 2025-06-30 --format json
expect_status 1 "-q, a short option: taken"
gk run --db "$T/o.db" --policies "$POL" --worktree --as-of 2025-06-30 -x
expect_err "unknown argument '-x'" "an unknown short option: named"

# A negative number is a value, not an option.
gk workdays between 2021-02-24 2021-01-22 --policies "$POL"
expect_eq "$stdout" "-20" "workdays between: a later date first counts back"
gk workdays add 2021-01-22 -5 --policies "$POL"
expect_err "'-5' is not a number of working days" "workdays add -5: taken as the count, refused as one"

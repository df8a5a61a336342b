#!/bin/sh
# run.sh BUILD - run every suite and print one closing line "N passed, N failed".
#
# Suites: the C unit tests (cmocka, TAP output), the policy tests
# (gongkai test) and the CLI tests (tests/cli/*.sh).  Every suite prints
# TAP-style "ok ..." / "not ok ..." lines; this script counts them, so
# the total is the sum of real cases.  GK_VALGRIND=1 runs the binaries
# under valgrind (errors fail the suite).
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/gk-tests.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM
export GK_TOP="$top"
export GK_BIN="$top/$build/gongkai"
export GK_GEN="$top/$build/gk-gen"
if [ -n "$GK_VALGRIND" ]; then
	export GK_WRAP="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
fi
export CMOCKA_MESSAGE_OUTPUT=TAP
# English messages whatever the locale (tests/cli/test_zh.sh sets its own).
export LANGUAGE=en
passed=0 failed=0 broken=

suite() {
	name=$1; shift
	log="$out/$(echo "$name" | tr '/ ' '__').log"
	"$@" >"$log" 2>&1
	st=$?
	p=$(grep -c '^ok ' "$log")
	# cmocka writes a skipped test (the watchdog's timing under valgrind)
	# as "not ok N # SKIP": neither passed nor failed.
	f=$(grep '^not ok ' "$log" | grep -vc ' # SKIP')
	grep '^not ok ' "$log" | grep -v ' # SKIP' | sed "s|^|$name: |"
	# A suite that crashed or died without saying why counts as a failure.
	if [ "$st" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$name: exited with status $st"
		tail -n 20 "$log" | sed "s|^|    |"
		f=$((f + 1))
	fi
	printf '%-28s %4d passed, %d failed\n' "$name" "$p" "$f"
	passed=$((passed + p))
	failed=$((failed + f))
}

for t in "$top/$build"/tests/test_*; do
	[ -x "$t" ] || continue
	suite "unit/$(basename "$t")" $GK_WRAP "$t"
done
suite "policies" $GK_WRAP "$GK_BIN" test --tap --policies "$top/policies"
for t in "$top"/tests/cli/test_*.sh; do
	[ -f "$t" ] || continue
	suite "cli/$(basename "$t" .sh)" sh "$t"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

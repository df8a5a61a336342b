#!/bin/sh
# test_workdays.sh - gongkai workdays add|between with the calendar of the
# policy set: make-up days (调休), holidays, the 2020 Spring Festival
# extension, the start day, the calendar's range, usage errors.
. "$(dirname "$0")/lib.sh"

# wd ARGS...: gongkai workdays ARGS --policies $POL
wd() { gk workdays "$@" --policies "$POL"; }

# flat TEXT: TEXT on one line, so a diagnostic cannot start a line with "ok "
flat() { printf '%s' "$1" | tr '\r\n' '  '; }

# expect_stdout TEXT NAME: ok when stdout is exactly TEXT
expect_stdout() {
	if [ "$stdout" = "$1" ]; then ok "$2"; else
		not_ok "$2" "stdout '$(flat "$(head -c 200 "$T/.out")")', expected '$1'; status $status; stderr: $(flat "$(head -c 300 "$T/.err")")"; fi
}

# ---- add ----------------------------------------------------------------------

wd add 2021-01-22 20
expect_status 0 "add 2021-01-22 20: exit status 0"
expect_stdout "2021-02-24" "add 2021-01-22 20 = 2021-02-24 (across the 2021 Spring Festival)"

wd add 2021-02-05 1
expect_stdout "2021-02-07" "add 2021-02-05 1 = 2021-02-07 (make-up Sunday)"

wd add 2021-02-19 1
expect_stdout "2021-02-20" "add 2021-02-19 1 = 2021-02-20 (make-up Saturday)"

wd add 2021-02-10 1
expect_stdout "2021-02-18" "add 2021-02-10 1 = 2021-02-18 (春节 2021-02-11..17 skipped)"

wd add 2020-01-23 1
expect_stdout "2020-02-03" "add 2020-01-23 1 = 2020-02-03 (2020 Spring Festival extension, 2020-02-01 not a workday)"

wd add 2021-03-05 1
expect_stdout "2021-03-08" "add 2021-03-05 1 = 2021-03-08 (Friday: start day not counted)"

wd add 2021-03-01 0
expect_stdout "2021-03-01" "add 2021-03-01 0 = 2021-03-01"

wd add 2020-12-31 1
expect_stdout "2021-01-04" "add 2020-12-31 1 = 2021-01-04 (across the year and 元旦)"

wd add 2021-03-01 40
expect_stdout "2021-04-26" "add 2021-03-01 40 = 2021-04-26 (清明 and a make-up Sunday)"

wd add 2024-02-28 1
expect_stdout "2024-02-29" "add 2024-02-28 1 = 2024-02-29 (leap day)"

wd add 2026-12-30 1
expect_stdout "2026-12-31" "add 2026-12-30 1 = 2026-12-31 (last day the calendar covers)"

# ---- between ------------------------------------------------------------------

wd between 2021-03-01 2021-03-01
expect_status 0 "between A A: exit status 0"
expect_stdout "0" "between 2021-03-01 2021-03-01 = 0"

wd between 2021-01-22 2021-02-24
expect_stdout "20" "between 2021-01-22 2021-02-24 = 20"

wd between 2021-03-05 2021-03-08
expect_stdout "1" "between 2021-03-05 2021-03-08 = 1 (Friday to Monday)"

wd between 2021-03-05 2021-03-07
expect_stdout "0" "between 2021-03-05 2021-03-07 = 0 (a weekend)"

wd between 2021-02-06 2021-02-07
expect_stdout "1" "between 2021-02-06 2021-02-07 = 1 (the make-up Sunday counts)"

wd between 2020-01-23 2020-02-02
expect_stdout "0" "between 2020-01-23 2020-02-02 = 0 (the whole extended 2020 Spring Festival)"

# Counted independently from calendar.yaml with the documented rule.
wd between 2004-01-01 2026-12-31
expect_stdout "5744" "between 2004-01-01 2026-12-31 = 5744 (the whole calendar)"

# ---- dates outside the calendar -------------------------------------------------

wd add 2027-01-04 1
expect_status 2 "add in 2027: exit status 2"
expect_err "does not cover 2027" "add in 2027: names 2027"

wd add 2003-12-31 1
expect_status 2 "add from 2003: exit status 2"
expect_err "does not cover 2003" "add from 2003: names 2003"

wd add 2026-12-30 5
expect_status 2 "add past the end of 2026: exit status 2"
expect_err "does not cover 2027" "add past the end of 2026: names 2027"
expect_stdout "" "add past the end of 2026: prints no date"

wd between 2021-01-01 2027-03-01
expect_status 2 "between into 2027: exit status 2"
expect_err "does not cover 2027" "between into 2027: names 2027"

# ---- bad arguments --------------------------------------------------------------

wd add 2021-02-30 1
expect_status 2 "add 2021-02-30: exit status 2"
expect_err "'2021-02-30' is not a date" "add 2021-02-30: says it is not a date"

wd add 2021/02/01 1
expect_status 2 "add 2021/02/01: exit status 2"
expect_err "'2021/02/01' is not a date" "add 2021/02/01: says it is not a date"

wd between 2021-01-01 2021-13-01
expect_status 2 "between with month 13: exit status 2"
expect_err "'2021-13-01' is not a date" "between with month 13: names the date"

wd add 2021-02-01 abc
expect_status 2 "add N=abc: exit status 2"
expect_err "'abc' is not a number of working days" "add N=abc: names the number"

wd add 2021-02-01 -1
expect_status 2 "add N=-1: exit status 2"
expect_err "'-1' is not a number of working days" "add N=-1: names the number"

wd add 2021-02-01
expect_status 2 "add without N: exit status 2"
expect_err "usage: gongkai workdays add DATE N" "add without N: prints the usage"

gk workdays
expect_status 2 "no arguments: exit status 2"
expect_err "usage: gongkai workdays" "no arguments: prints the usage"

wd subtract 2021-02-01 1
expect_status 2 "unknown subcommand: exit status 2"
expect_err "usage: gongkai workdays" "unknown subcommand: prints the usage"

wd add 2021-02-01 1 2
expect_status 2 "too many arguments: exit status 2"
expect_err "too many arguments" "too many arguments: says so"

wd add 2021-02-01 1 --bogus
expect_status 2 "unknown option: exit status 2"
expect_err "unknown option '--bogus'" "unknown option: names it"

gk workdays --help
expect_status 0 "workdays --help: exit status 0"
expect_out "usage: gongkai workdays add DATE N [--policies DIR]" "workdays --help: prints the usage"

# ---- the policy set's calendar ----------------------------------------------------

mkdir "$T/nocal"
gk workdays add 2021-01-22 20 --policies "$T/nocal"
expect_status 2 "--policies without calendar.yaml: exit status 2"
expect_err "the policy set '$T/nocal' has no calendar.yaml" "--policies without calendar.yaml: says so"

gk workdays add 2021-01-22 20 --policies "$T/absent"
expect_status 2 "--policies naming no directory: exit status 2"
expect_err "cannot open policy set '$T/absent'" "--policies naming no directory: names it"

# A calendar of its own: only 2021, 2021-03-06 (Sat) worked, 2021-03-08 off.
mkdir "$T/mine"
cat >"$T/mine/calendar.yaml" <<'EOF'
# 测试用日历
source: test calendar
years:
  2021:
    holidays:
      - {date: 2021-03-08, name: 测试假日}
    workdays:
      - {date: 2021-03-06, name: 测试调休}
EOF
gk workdays add 2021-03-05 2 --policies "$T/mine"
expect_stdout "2021-03-09" "own calendar: its make-up Saturday and holiday are used"
gk workdays add 2021-01-22 20 --policies "$T/mine"
expect_stdout "2021-02-19" "own calendar: no Spring Festival in it"
gk workdays add 2020-03-05 1 --policies "$T/mine"
expect_status 2 "own calendar: 2020 not covered, exit status 2"
expect_err "does not cover 2020" "own calendar: names 2020"

# $GONGKAI_POLICIES is the default policy set.
GONGKAI_POLICIES="$T/mine"
export GONGKAI_POLICIES
gk workdays add 2021-03-05 2
expect_stdout "2021-03-09" "GONGKAI_POLICIES: the default calendar comes from it"
unset GONGKAI_POLICIES

gk workdays add 2021-03-05 +20
expect_status 2 "add: a signed N is refused"
gk workdays between 2021-02-24 2021-01-22
expect_stdout "-20" "between: B before A counts negative"

#!/bin/sh
# test_calendar.sh - the calendar's year end: calendar status, add (the
# State Council's notice) and provisional; runs, explain, workdays, the
# reports and impact when the calendar ends, is provisional, or the notice
# replaces the provisional year.
. "$(dirname "$0")/lib.sh"

NOTICES="$GK_TOP/tests/fixtures/notices"
export GIT_AUTHOR_NAME="Test Officer" GIT_AUTHOR_EMAIL="officer@example.org"
export GIT_COMMITTER_NAME="Test Officer" GIT_COMMITTER_EMAIL="officer@example.org"

flat() { printf '%s' "$1" | tr '\r\n' '  '; }
expect_eq() {
	if [ "$1" = "$2" ]; then ok "$3"; else
		not_ok "$3" "got '$(flat "$1")', expected '$(flat "$2")'"; fi
}
lacks_out() {
	if grep -qF -- "$1" "$T/.out"; then
		not_ok "$2" "stdout has '$1': $(flat "$(grep -F -- "$1" "$T/.out" | head -c 300)")"
	else ok "$2"; fi
}
# json EXPR FILE: a Python expression on the JSON document d
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$2"; }

# The policy set of these tests: the shipped calendar and B1 (20 working
# days from formation to publication), for one jurisdiction.
CORE="$T/core"
mkdir -p "$CORE/baseline" "$CORE/zezhou"
cp "$POL/calendar.yaml" "$CORE/"
cp "$POL/baseline/b1-proactive.lua" "$CORE/baseline/"
echo "泽州县" >"$CORE/zezhou/README.md"

# ZZ-YE-0: formed 2025-12-18, its deadline in January 2026 (official):
#          12/19, 12/22-26, 12/29-31 are 9; 1/4 (Sun, 调休), 1/5-9, 1/12-16 -> 2026-01-16.
# ZZ-YE-1: formed 2026-12-18, 9 working days left in 2026, 11 in 2027:
#          1/1 off (provisional and notice alike) -> 2027-01-18.
# ZZ-YE-2: formed 2027-01-14, its 20th working day in the Spring Festival's
#          wake: 2027-02-17 by the law (2/5, 2/8-10 off), 2027-02-18 by the
#          notice (2/5-13 off, Sunday 2/14 worked).
# ZZ-YE-3: formed 2026-12-18, published 2026-12-29 (7 working days): on
#          time whatever 2027 holds.
cat >"$T/r.csv" <<'CSV'
id,jurisdiction,kind,attribute,formed_on,published_on,publisher,producer
ZZ-YE-0,zezhou,info,proactive,2025-12-18,,泽州县文化和旅游局,泽州县文化和旅游局
ZZ-YE-1,zezhou,info,proactive,2026-12-18,,泽州县文化和旅游局,泽州县文化和旅游局
ZZ-YE-2,zezhou,info,proactive,2027-01-14,,泽州县文化和旅游局,泽州县文化和旅游局
ZZ-YE-3,zezhou,info,proactive,2026-12-18,2026-12-29,泽州县文化和旅游局,泽州县文化和旅游局
CSV
DB="$T/r.db"
gk import --db "$DB" "$T/r.csv"
expect_status 0 "fixture records import"

# ---- calendar status -------------------------------------------------------------------------

gk calendar status --policies "$CORE" --as-of 2026-10-31
expect_status 0 "status on 31 October 2026: nothing missing, exit status 0"
expect_out "2026  official     国务院办公厅关于2026年部分节假日安排的通知" "status: each year official, with its notice"
expect_out "nothing missing" "status on 31 October: says nothing is missing"

gk calendar status --policies "$CORE" --as-of 2026-12-05
expect_status 1 "status on 5 December 2026: exit status 1 (the next year is due)"
expect_out "ends on 2026-12-31 and has no arrangement for 2027" "status: says 2027 is missing"
expect_out "gongkai calendar add NOTICE.txt" "status: says how to add the notice"

gk calendar status --policies "$CORE" --as-of 2026-12-05 --format json
expect_status 1 "status --format json: exit status 1"
expect_eq "$(json 'd["first"], d["last"], d["missing_year"], d["provisional"], len(d["years"]), d["years"][-1]["status"], d["years"][-1]["notice"], d["years"][-1]["url"][:22]' "$T/.out")" \
	"2004 2026 2027 [] 23 official 国务院办公厅关于2026年部分节假日安排的通知 https://www.gov.cn/zhe" \
	"status --format json: years, their notices and the missing year"

# ---- the window cut at the calendar's end, explain past it (no 2027) ------------------------

gk run --worktree --db "$DB" --policies "$CORE" --as-of 2026-12-30 --warn-days 20 --full
expect_status 1 "as of 2026-12-30 without 2027: the run happens (ZZ-YE-0 is late)"
expect_out "no deadline falls within the next 20 working days up to 2026-12-31: the calendar ends there and cut the window" \
	"a window cut at the calendar's end: the text says so"
expect_err "warning: the calendar ends on 2026-12-31" "a window cut: stderr warns"
expect_err "has no arrangement for 2027" "a run in December: stderr says 2027 is missing"
gk report --db "$DB" --html "$T/missing.html"
if grep -q 'id="calendar-warning"' "$T/missing.html" &&
   grep -q "只到 2026 年 12 月 31 日，尚无 2027 年的节假日安排" "$T/missing.html" &&
   grep -q "到期预警只算到 2026-12-31（日历的最后一天）" "$T/missing.html"; then
	ok "HTML report in December: the banner says 2027 is missing and the window was cut"
else
	not_ok "HTML report in December: the banner says 2027 is missing and the window was cut"
fi
gk run --worktree --db "$DB" --policies "$CORE" --as-of 2026-12-30 --warn-days 20 --format json
expect_eq "$(json 'd["run"]["warn_window"], d["run"]["calendar"], d["due_soon"]' "$T/.out")" \
	"{'days': 20, 'until': '2026-12-31', 'cut_at': '2026-12-31'} {'first': 2004, 'last': 2026, 'provisional': []} []" \
	"a window cut: JSON run.warn_window.cut_at is the calendar's last day, run.calendar its years"
gk run --worktree --db "$DB" --policies "$CORE" --as-of 2026-06-30 --warn-days 5 --format json
expect_eq "$(json 'd["run"]["warn_window"]["cut_at"]' "$T/.out")" "None" "a window within the calendar: cut_at is null"
gk run --worktree --db "$DB" --policies "$CORE" --as-of 2026-06-30 --format json
expect_eq "$(json 'd["run"]["warn_window"]' "$T/.out")" "None" "no window asked for: warn_window is null"
gk report --db "$DB" --html "$T/june.html"
if grep -q 'id="calendar-warning"' "$T/june.html"; then
	not_ok "HTML report in June: no calendar banner"
else
	ok "HTML report in June: no calendar banner"
fi
if grep -q "has no arrangement" "$T/.err"; then
	not_ok "a run in June: no word about 2027 yet"
else
	ok "a run in June: no word about 2027 yet"
fi

gk explain --worktree --db "$DB" --policies "$CORE" --as-of 2026-12-30 ZZ-YE-1
expect_status 0 "explain past the calendar: exit status 0"
expect_out "期限：落在日历之外（日历止于 2026-12-31，尚无 2027 年的节假日安排）" "explain past the calendar: says the deadline is outside it"
expect_out "结论：无法判断：期限在日历之外，截至 2026-12-30 尚未逾期" "explain past the calendar: cannot be judged yet"
lacks_out "结论：合规" "explain past the calendar: never 合规"
gk explain --worktree --db "$DB" --policies "$CORE" --as-of 2026-12-30 ZZ-YE-3
expect_out "公开日期：2026-12-29，距起算 7 个工作日，未超过 20 个工作日，在期限内" \
	"explain past the calendar, published in time: judged from the days counted"
expect_out "结论：合规" "explain past the calendar, published in time: 合规"

gk run --worktree --db "$DB" --policies "$CORE" --as-of 2027-01-05
expect_status 2 "as of 2027-01-05 without 2027: an error, never a silent pass"
expect_err "does not cover 2027" "as of 2027 without 2027: names the year"
expect_err "gongkai calendar provisional 2027" "as of 2027 without 2027: says how to keep running"

gk workdays add 2026-12-18 20 --policies "$CORE"
expect_status 2 "workdays into a missing year: exit status 2"
expect_err "does not cover 2027" "workdays into a missing year: names 2027"

# ---- a provisional 2027 ------------------------------------------------------------------------

cp "$CORE/calendar.yaml" "$T/before.yaml"
gk calendar provisional 2027 --policies "$CORE"
expect_status 0 "calendar provisional 2027: exit status 0"
expect_out "added 2027 in $CORE/calendar.yaml as provisional: 13 statutory holidays and 6 补假" "provisional: says what it added"
if cmp -s "$T/before.yaml" "$(printf '%s' "$CORE/calendar.yaml")" ||
   ! head -c "$(wc -c <"$T/before.yaml")" "$CORE/calendar.yaml" | cmp -s - "$T/before.yaml"; then
	not_ok "provisional: the file's existing lines are untouched (the year is appended)"
else
	ok "provisional: the file's existing lines are untouched (the year is appended)"
fi
expect_eq "$(tail -n +"$(($(wc -l <"$T/before.yaml") + 1))" "$CORE/calendar.yaml" | grep -c '^      - {date: 2027-')" 19 \
	"provisional: 19 days off listed, one a line"
if grep -q "2027-02-09, name: Spring Festival}  # Tue, 补假" "$CORE/calendar.yaml" &&
   grep -q "provisional: true" "$CORE/calendar.yaml"; then
	ok "provisional: marked provisional, 补假 in the line's comment"
else
	not_ok "provisional: marked provisional, 补假 in the line's comment"
fi
cp "$CORE/calendar.yaml" "$T/prov.yaml"
gk calendar provisional 2027 --policies "$CORE"
expect_out "recomputed 2027" "provisional again: recomputed"
if cmp -s "$T/prov.yaml" "$CORE/calendar.yaml"; then ok "provisional again: the same file"; else
	not_ok "provisional again: the same file"; fi
gk calendar provisional 2026 --policies "$CORE"
expect_status 2 "provisional over an official year: refused"
expect_err "never replaces the notice's" "provisional over an official year: says why"
gk calendar provisional 2029 --policies "$CORE"
expect_status 2 "provisional with a gap: refused"
expect_err "add the years before it first" "provisional with a gap: says to add 2028 first"
gk calendar provisional 20x7 --policies "$CORE"
expect_status 2 "provisional of a non-year: refused"
if cmp -s "$T/prov.yaml" "$CORE/calendar.yaml"; then ok "refusals write nothing"; else
	not_ok "refusals write nothing"; fi

gk calendar status --policies "$CORE" --as-of 2026-12-05
expect_status 1 "status with a provisional 2027: exit status 1"
expect_out "2027  provisional" "status: 2027 provisional"
expect_out "missing: the State Council notice for 2027" "status: the notice is what 2027 misses"

gk workdays add 2026-12-18 20 --policies "$CORE"
expect_status 0 "workdays through a provisional year: answered"
expect_eq "$stdout" "2027-01-18 暂定" "workdays add into 2027: 2027-01-18, marked 暂定"
expect_err "provisional year" "workdays add into 2027: stderr says why"
gk workdays between 2026-12-30 2027-01-18 --policies "$CORE"
expect_eq "$stdout" "12 暂定" "workdays between into 2027: 12, marked 暂定"
gk workdays add 2025-12-18 20 --policies "$CORE"
expect_eq "$stdout" "2026-01-16" "workdays within official years: no mark"

gk run --worktree --db "$DB" --policies "$CORE" --as-of 2026-12-30 --warn-days 20 --format json
expect_status 1 "as of 2026-12-30 with a provisional 2027: exit status 1"
expect_eq "$(json 'd["run"]["warn_window"], d["run"]["calendar"], [(x["record_id"], x["due_on"], x["days_left"], x["provisional"]) for x in d["due_soon"]]' "$T/.out")" \
	"{'days': 20, 'until': '2027-01-28', 'cut_at': None} {'first': 2004, 'last': 2027, 'provisional': [2027]} [('ZZ-YE-1', '2027-01-18', 12, True)]" \
	"the window runs through the provisional year; the warning is provisional: true"
expect_eq "$(json '[(x["record_id"], x["due_on"], x["provisional"]) for x in d["findings"]]' "$T/.out")" \
	"[('ZZ-YE-0', '2026-01-16', False)]" "a deadline crossing 31 December into an official year: not provisional"
expect_err "2027 is provisional" "a run with a provisional 2027: stderr names it"
gk run --worktree --db "$DB" --policies "$CORE" --as-of 2026-12-30 --warn-days 20 --full
expect_out "期限 2027-01-18（暂定）  还剩 12 个工作日" "text: the warning's deadline is marked 暂定"

gk run --worktree --db "$DB" --policies "$CORE" --as-of 2027-03-01 --format json
expect_status 1 "as of 2027-03-01 with a provisional 2027: the run happens"
expect_eq "$(json '[(x["record_id"], x["due_on"], x["provisional"]) for x in d["findings"]]' "$T/.out")" \
	"[('ZZ-YE-0', '2026-01-16', False), ('ZZ-YE-1', '2027-01-18', True), ('ZZ-YE-2', '2027-02-17', True)]" \
	"deadlines crossing into a provisional year: provisional: true in JSON"
PROVRUN=$(json 'd["run"]["id"]' "$T/.out")
gk run --worktree --db "$DB" --policies "$CORE" --as-of 2027-03-01 --jobs 2 --format json
expect_eq "$(json 'd["run"]["jobs"], [(x["record_id"], x["provisional"]) for x in d["findings"]]' "$T/.out")" \
	"2 [('ZZ-YE-0', False), ('ZZ-YE-1', True), ('ZZ-YE-2', True)]" "two workers: the mark travels through the workers' batches"
gk run --worktree --db "$DB" --policies "$CORE" --as-of 2027-03-01 --format csv
expect_eq "$(python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8'))); print(sorted((x['record_id'], x['provisional']) for x in r))" "$T/.out")" \
	"[('ZZ-YE-0', 'false'), ('ZZ-YE-1', 'true'), ('ZZ-YE-2', 'true')]" "CSV: the provisional column"
gk run --worktree --db "$DB" --policies "$CORE" --as-of 2027-03-01 --report-dir "$T/reports" --full
expect_out "ZZ-YE-2  zezhou  B1  deadline  期限 2027-02-17（暂定）" "text: the finding's deadline is marked 暂定"
expect_out "暂定：期限按推算的暂定日历计算" "text: a provisional finding says what 暂定 means"
expect_eq "$(sqlite3 "$DB" "SELECT group_concat(record_id || ':' || coalesce(provisional, 0), ' ') FROM (SELECT * FROM findings WHERE run_id = $PROVRUN ORDER BY record_id)")" \
	"ZZ-YE-0:0 ZZ-YE-1:1 ZZ-YE-2:1" "the database keeps the provisional mark with each finding"
gk findings --db "$DB" --run "$PROVRUN"
expect_out "期限 2027-02-17（暂定）" "gongkai findings: marks the provisional deadline"
# the reports
REP=$(ls -d "$T/reports"/*/ | head -n 1)
if grep -q "2027-02-17（暂定）" "$REP"units/*.md && grep -q ",暂定" "$REP"units/*.csv; then
	ok "work lists: the deadline is marked 暂定 (Markdown and CSV)"
else
	not_ok "work lists: the deadline is marked 暂定 (Markdown and CSV)"
fi
if grep -q 'id="calendar-warning"' "$REP/report.html" && grep -q "2027 年为暂定日历" "$REP/report.html" &&
   grep -q '"prov"' "$REP/report.html"; then
	ok "HTML report: a banner names the provisional year, rows carry the mark"
else
	not_ok "HTML report: a banner names the provisional year, rows carry the mark"
fi

gk explain --worktree --db "$DB" --policies "$CORE" --as-of 2026-12-30 ZZ-YE-1
expect_out "期限：2027-01-18（第 20 个工作日，当天仍算按时）" "explain through a provisional year: the deadline"
expect_out "暂定：2027 年为暂定日历" "explain through a provisional year: says it is provisional"
expect_out "结论：合规（暂定）" "explain through a provisional year: 合规（暂定）"
gk explain --worktree --db "$DB" --policies "$CORE" --as-of 2027-03-01 ZZ-YE-2
expect_out "结论：不合规（deadline，暂定）" "explain: a provisional finding is marked"

# The seal covers the mark: changing it after the fact is seen.
gk verify --db "$DB"
expect_status 0 "verify: every run, provisional marks included"
sqlite3 "$DB" "UPDATE findings SET provisional = NULL WHERE run_id = $PROVRUN AND record_id = 'ZZ-YE-2'"
gk verify --db "$DB"
expect_status 1 "a provisional mark erased after the fact breaks the seal"
expect_out "run $PROVRUN: the run or its findings were changed" "verify names the run"
sqlite3 "$DB" "UPDATE findings SET provisional = 1 WHERE run_id = $PROVRUN AND record_id = 'ZZ-YE-2'"

# ---- the notice replaces the provisional year: impact -----------------------------------------

REPO="$T/repo"
cp -R "$CORE" "$REPO"
git -C "$REPO" init -q && git -C "$REPO" add -A && git -C "$REPO" commit -qm "policy set with a provisional 2027"
gk calendar add "$NOTICES/2027-invented.txt" --policies "$REPO"
expect_status 0 "calendar add over the provisional 2027: exit status 0"
expect_out "replaced 2027 in $REPO/calendar.yaml from 国务院办公厅关于2027年部分节假日安排的通知 (国办发明电〔2026〕99号): 29 days off, 6 make-up working days (it was provisional)" \
	"calendar add: says it replaced the provisional year"
expect_out "2027-02-14（星期日）  now a working day (调休上班)" "calendar add: lists the days that change"
# git diff: only 2027's lines
if git -C "$REPO" diff -U0 | grep '^[-+] ' | grep -v '2027' | grep -qv '^[-+]    \(holidays\|workdays\|provisional\|notice\|number\|# computed\)'; then
	not_ok "git diff: only 2027's lines change" "$(flat "$(git -C "$REPO" diff -U0 | head -c 600)")"
else
	ok "git diff: only 2027's lines change"
fi
gk impact --db "$DB" --policies "$REPO" --as-of 2027-03-01 HEAD --worktree
expect_status 1 "impact of the notice: exit status 1 (a deadline moved)"
expect_out "- ZZ-YE-2  zezhou  deadline  期限 2027-02-17（暂定）" "impact: the provisional deadline goes"
expect_out "+ ZZ-YE-2  zezhou  deadline  期限 2027-02-18" "impact: the notice's deadline comes"
expect_out "1 finding: the same deadline, no longer 暂定" "impact: counts the findings the notice confirms"
gk run --worktree --db "$DB" --policies "$REPO" --as-of 2027-03-01 --format json
expect_eq "$(json '[(x["record_id"], x["due_on"], x["provisional"]) for x in d["findings"]]' "$T/.out")" \
	"[('ZZ-YE-0', '2026-01-16', False), ('ZZ-YE-1', '2027-01-18', False), ('ZZ-YE-2', '2027-02-18', False)]" \
	"deadlines crossing into an official year (the notice's): not provisional"

gk calendar add "$NOTICES/2027-invented.txt" --policies "$REPO"
expect_status 2 "calendar add of an official year: refused without --replace"
expect_err "give --replace" "calendar add of an official year: says --replace"
gk calendar add "$NOTICES/2027-invented.txt" --policies "$REPO" --replace
expect_status 0 "calendar add --replace: the official year is replaced"
expect_out "replaced 2027" "calendar add --replace: says so"

# ---- notices added in turn rebuild the shipped years -----------------------------------------

RB="$T/rebuild"
mkdir -p "$RB"
# the calendar up to 2022, without the day 2023's notice sets in 2022
awk '/^  2023:/{exit} {print}' "$POL/calendar.yaml" | grep -v "2022-12-31" >"$RB/calendar.yaml"
cp "$RB/calendar.yaml" "$T/trunc.yaml"
for y in 2023 2024 2025 2026; do
	gk calendar add "$NOTICES/$y.txt" --policies "$RB"
	expect_status 0 "calendar add $y's notice: exit status 0"
done
expect_out "added 2026 in $RB/calendar.yaml from 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号): 33 days off, 6 make-up working days" \
	"calendar add 2026: says what it added"
gk workdays between 2004-01-01 2026-12-31 --policies "$RB"
expect_eq "$stdout" "5744" "the rebuilt calendar has the shipped number of working days 2004-2026"
same=1
for y in 2023 2024 2025 2026; do
	for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
		a=$(GONGKAI_POLICIES="$POL" "$GK_BIN" workdays between "$y-$m-01" "$y-$m-28")
		b=$(GONGKAI_POLICIES="$RB" "$GK_BIN" workdays between "$y-$m-01" "$y-$m-28")
		[ "$a" = "$b" ] || { same=0; echo "# $y-$m: shipped $a, rebuilt $b"; }
	done
done
if [ $same = 1 ]; then ok "the rebuilt years count the working days of the shipped ones, month by month"; else
	not_ok "the rebuilt years count the working days of the shipped ones, month by month"; fi
# 2022-12-31 went into 2022's list, in date order; nothing else changed
expect_eq "$(diff "$T/trunc.yaml" "$RB/calendar.yaml" | grep '^[<>]' | grep -v '^> ' | wc -l | tr -d ' ')" 0 \
	"adding the notices removed or changed no existing line"
expect_eq "$(diff "$T/trunc.yaml" "$RB/calendar.yaml" | sed -n '1,2p' | tr '\n' '|')" \
	"774a775|>       - {date: 2022-12-31, name: New Year's Day}  # Sat|" \
	"the December before: one line inserted into 2022's holidays, after 2022-10-07"
gk lint --policies "$RB" --as-of 2026-06-30
lacks_out "problem" "the rebuilt calendar lints without problems"

# ---- broken notices write nothing --------------------------------------------------------------

sed 's/共9天/共8天/' "$NOTICES/2026.txt" >"$T/bad.txt"
cp "$T/trunc.yaml" "$T/b/calendar.yaml" 2>/dev/null || { mkdir -p "$T/b"; cp "$T/trunc.yaml" "$T/b/calendar.yaml"; }
gk calendar add "$T/bad.txt" --policies "$T/b"
expect_status 2 "a notice whose 共N天 does not add up: refused"
expect_err "$T/bad.txt:10: the 春节 item says 共8天, but its days off are 9 days" "a broken notice: names the file, line and the reason"
if cmp -s "$T/trunc.yaml" "$T/b/calendar.yaml"; then ok "a refused notice writes nothing"; else
	not_ok "a refused notice writes nothing"; fi
printf '一、元旦：1月1日放假。\n' >"$T/untitled.txt"
gk calendar add "$T/untitled.txt" --policies "$T/b"
expect_status 2 "a notice without its title: refused"
expect_err "cannot find the notice's title" "a notice without its title: says so"
gk calendar add "$NOTICES/2026.txt" --policies "$T/b"
expect_status 2 "a notice after a gap (2026 after 2022): refused"
expect_err "add the years before it first" "a notice after a gap: says to add the years before"
gk calendar add "$T/nosuch.txt" --policies "$T/b"
expect_status 2 "a missing notice file: exit status 2"
expect_err "cannot read '$T/nosuch.txt'" "a missing notice file: names it"

# ---- usage ----------------------------------------------------------------------------------------

gk calendar --help
expect_status 0 "calendar --help: exit status 0"
expect_out "gongkai calendar add NOTICE.txt" "calendar --help: shows add"
gk calendar
expect_status 2 "calendar without a subcommand: exit status 2"
gk calendar status --format csv --policies "$CORE"
expect_status 2 "calendar status --format csv: refused"
gk calendar frobnicate --policies "$CORE"
expect_status 2 "calendar with an unknown subcommand: exit status 2"
expect_err "usage: gongkai calendar" "calendar with an unknown subcommand: prints the usage"

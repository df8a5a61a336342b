#!/bin/sh
# test_nightly.sh - three consecutive nightly runs: new, persisting and
# resolved findings, early warnings, gongkai runs / findings, the per-unit
# work lists, gongkai.yaml and progress on a terminal.
. "$(dirname "$0")/lib.sh"

# Two baseline rules only (B1: 20 working days to publish; B4: every
# document states its attribute), so every finding below is one we made.
CORE="$T/core"
mkdir -p "$CORE/baseline" "$CORE/zezhou"
cp "$POL/calendar.yaml" "$CORE/"
cp "$POL/baseline/b1-proactive.lua" "$POL/baseline/b4-attribute.lua" "$CORE/baseline/"
DB="$T/n.db"
q() { sqlite3 "$DB" "$1"; }
flat() { printf '%s' "$1" | tr '\r\n' '  '; }
expect_eq() {
	if [ "$1" = "$2" ]; then ok "$3"; else
		not_ok "$3" "got '$(flat "$1")', expected '$(flat "$2")'"; fi
}
H=id,jurisdiction,kind,title,attribute,producer,approver,formed_on,published_on
# The listing of every finding (a pipe gets the summary otherwise).
run() { gk run --worktree --full --db "$DB" --policies "$CORE" "$@"; }

# Night 1 (as of 2025-06-30): A has no attribute (B4), B is overdue (B1),
# E is due on 2025-07-21, within 20 working days.
cat >"$T/night1.csv" <<EOF
$H
ZZ-A,zezhou,info,A 文件,,泽州县文旅局,,2025-06-02,2025-06-03
ZZ-B,zezhou,info,B 通知,主动公开,泽州县教育局,,2025-05-06,
ZZ-E,zezhou,info,E 公告,主动公开,泽州县教育局,泽州县人民政府,2025-06-23,
ZZ-OK,zezhou,info,按时公开的通知,主动公开,泽州县文旅局,,2025-06-02,2025-06-04
EOF
gk import --db "$DB" "$T/night1.csv"
expect_status 0 "night 1: import"
run --as-of 2025-06-30 --warn-days 20
expect_status 1 "night 1: findings, exit status 1"
expect_out "first run of scope 'all': every finding is new" "night 1: the first run says every finding is new"
expect_out "ZZ-A  zezhou  B4  attribute  [新增]" "night 1: A's finding is new"
expect_out "due within 20 working days (not findings):" "night 1: lists deadlines due soon"
expect_out "ZZ-E  zezhou  B1  期限 2025-07-21  还剩 15 个工作日" "night 1: E is due on 2025-07-21, 15 working days ahead"
expect_eq "$(q "SELECT findings || ' ' || n_new || ' ' || n_persisting || ' ' || n_resolved || ' ' || n_due_soon FROM runs WHERE id = 1")" \
	"2 2 0 0 1" "night 1: 2 findings, both new; 1 due soon, not counted as a finding"

# A due-soon deadline alone is not work to report in the exit status.
cat >"$T/only-e.csv" <<EOF
$H
ZZ-E,zezhou,info,E 公告,主动公开,泽州县教育局,泽州县人民政府,2025-06-23,
EOF
gk import --db "$T/e.db" "$T/only-e.csv"
gk run --worktree --db "$T/e.db" --policies "$CORE" --as-of 2025-06-30 --warn-days 20 --full
expect_status 0 "a deadline due soon and no finding: exit status 0"
expect_out "还剩 15 个工作日" "... and it is still listed"
gk run --worktree --db "$T/e.db" --policies "$CORE" --as-of 2025-06-30 --warn-days 14 --full
expect_out "no deadline falls within the next 14 working days" "--warn-days 14: 2025-07-21 is 15 working days away"
gk run --worktree --db "$T/e.db" --policies "$CORE" --as-of 2025-07-21 --warn-days 1 --full
expect_out "今天到期" "on the deadline day itself: due today"

# Night 2 (as of 2025-07-07): A fixed (attribute stated), C new and broken.
cat >"$T/night2.csv" <<EOF
$H
ZZ-A,zezhou,info,A 文件,主动公开,泽州县文旅局,,2025-06-02,2025-06-03
ZZ-C,zezhou,info,C 文件,,泽州县财政局,,2025-07-01,2025-07-02
EOF
gk import --db "$DB" "$T/night2.csv"
run --as-of 2025-07-07 --warn-days 20
expect_status 1 "night 2: findings"
expect_out "since run 1: 1 new, 1 persisting, 1 resolved" "night 2: compared with night 1"
expect_out "ZZ-B  zezhou  B1  deadline  期限 2025-06-04  [持续 7 天，自 2025-06-30]" \
	"night 2: B persists, first seen on night 1, open 7 days"

# Night 3 (as of 2025-07-14): B published (late: still a B1 finding, its
# message changed), C fixed, D new and broken, E published on time.
cat >"$T/night3.csv" <<EOF
$H
ZZ-B,zezhou,info,B 通知,主动公开,泽州县教育局,,2025-05-06,2025-07-10
ZZ-C,zezhou,info,C 文件,主动公开,泽州县财政局,,2025-07-01,2025-07-02
ZZ-D,zezhou,info,D 文件,,泽州县文旅局,,2025-07-09,2025-07-10
ZZ-E,zezhou,info,E 公告,主动公开,泽州县教育局,泽州县人民政府,2025-06-23,2025-07-11
EOF
gk import --db "$DB" "$T/night3.csv"
run --as-of 2025-07-14 --warn-days 20
expect_status 1 "night 3: findings"
expect_out "since run 2: 1 new, 1 persisting, 1 resolved" "night 3: compared with night 2"
expect_out "[持续 14 天，自 2025-06-30]" "night 3: B still persisting though its message changed (published late)"

# ---- gongkai runs ----
gk runs --db "$DB" --format csv
expect_status 0 "runs: exit status 0"
cp "$T/.out" "$T/runs.csv"
gk runs --db "$DB"
expect_out "run  as of" "runs: a table with a header"
gk runs --db "$DB" --limit 1 --format json
cp "$T/.out" "$T/runs1.json"

# ---- gongkai findings ----
gk findings --db "$DB" --run 2 --status resolved --format csv
expect_status 0 "findings --status resolved: exit status 0"
cp "$T/.out" "$T/res2.csv"
gk findings --db "$DB" --status persisting --format json
cp "$T/.out" "$T/pers3.json"
gk findings --db "$DB" --run 3 --status resolved --format json
cp "$T/.out" "$T/res3.json"
gk findings --db "$DB" --run 1 --status due_soon --format json
cp "$T/.out" "$T/due1.json"
gk findings --db "$DB" --unit 泽州县文旅局 --format csv
cp "$T/.out" "$T/unit3.csv"
gk findings --db "$DB" --run 1 --category deadline --format csv
cp "$T/.out" "$T/cat1.csv"
gk findings --db "$DB" --run 1 --category privacy --format csv
cp "$T/.out" "$T/none.csv"
expect_out "run_id,status,record_id,title," "findings --format csv with no match: still the header row"
gk findings --db "$DB" --run 3
expect_out "[持续] ZZ-B  zezhou  B1  deadline" "findings: text marks the status"
expect_out "责任单位：泽州县教育局；首次发现 2025-06-30，已 14 天" "findings: text names the unit and days open"
gk findings --db "$DB" --status fixed
expect_status 2 "findings --status fixed: exit status 2"
expect_err "expected new, persisting, resolved or due_soon" "findings --status fixed: names the statuses"
gk findings --db "$DB" --category late
expect_status 2 "findings --category late: exit status 2"
gk findings --db "$DB" --run 99
expect_status 2 "findings --run 99: exit status 2"
expect_err "there is no run 99" "findings --run 99: says so"

# ---- gongkai report --by-unit ----
gk report --db "$DB" --run 1 --by-unit --out "$T/units"
expect_status 0 "report --by-unit: exit status 0"
expect_out "run 1: 3 unit work lists in $T/units" "report --by-unit: one list per unit with work"
gk report --db "$DB" --by-unit
expect_status 2 "report --by-unit without --out: exit status 2"
gk report --db "$DB" --run 7 --by-unit --out "$T/u7"
expect_status 2 "report --run 7 (no such run): exit status 2"
expect_err "there is no run 7" "report --run 7: says so"

# A unit's name with a slash still makes one file, and the CSV quoting
# survives a title with a comma and quotes.
cat >"$T/slash.csv" <<EOF
$H
ZZ-S,zezhou,info,"标题, 含 ""引号""",,区财政局/采购科,,2025-06-02,2025-06-03
EOF
gk import --db "$T/s.db" "$T/slash.csv"
gk run --worktree --db "$T/s.db" --policies "$CORE" --as-of 2025-06-30
gk report --db "$T/s.db" --by-unit --out "$T/us"
if [ -f "$T/us/区财政局_采购科.csv" ] &&
   python3 -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline=''))); sys.exit(0 if r[0]['标题'] == '标题, 含 \"引号\"' and r[0]['记录编号'] == 'ZZ-S' else 1)" "$T/us/区财政局_采购科.csv"; then
	ok "a unit named with a slash: one file; a title with a comma and quotes parses back"
else
	not_ok "a unit named with a slash: one file; a title with a comma and quotes parses back" "$(ls "$T/us")"
fi

cat >"$T/analyse.py" <<'EOF'
import csv, io, json, os, sys
T = sys.argv[1]
def out(k, v): print("%s = %s" % (k, v))
def rows(name, enc="utf-8"):
    with open(os.path.join(T, name), encoding=enc, newline="") as f:
        return list(csv.DictReader(f))
r = {x["run_id"]: x for x in rows("runs.csv")}
out("runs", " ".join("%s:%s/%s/%s/%s/%s" % (k, r[k]["findings"], r[k]["new"], r[k]["persisting"],
                     r[k]["resolved"], r[k]["due_soon"]) for k in sorted(r)))
out("runs.baseline", " ".join(r[k]["baseline"] or "-" for k in sorted(r)))
j = json.load(open(os.path.join(T, "runs1.json")))
out("runs.limit", "%d %s" % (len(j["runs"]), j["runs"][0]["id"]))
out("res2", " ".join("%s/%s/%s/%s" % (x["record_id"], x["rule"], x["status"], x["first_seen"]) for x in rows("res2.csv")))
p = json.load(open(os.path.join(T, "pers3.json")))
out("pers3", "%s %s" % (p["run_id"], " ".join("%s/%s/%s/%d/%s" % (x["record_id"], x["status"], x["first_seen"],
                                                 x["days_open"], x["unit"]) for x in p["findings"])))
out("res3", " ".join("%s/%s" % (x["record_id"], x["status"]) for x in json.load(open(os.path.join(T, "res3.json")))["findings"]))
d = json.load(open(os.path.join(T, "due1.json")))["findings"]
out("due1", " ".join("%s/%s/%s/%d/%s" % (x["record_id"], x["category"], x["due_on"], x["days_left"], x["unit"]) for x in d))
out("unit3", " ".join(sorted(x["record_id"] for x in rows("unit3.csv"))))
out("cat1", " ".join(sorted(x["record_id"] for x in rows("cat1.csv"))))
out("none", len(rows("none.csv")))
# The work lists: read back as Excel would (BOM), one per unit.
u = os.path.join(T, "units")
out("units.files", " ".join(sorted(os.listdir(u))))
raw = open(os.path.join(u, "泽州县教育局.csv"), "rb").read()
out("units.bom", "%s %s" % (raw[:3] == b"\xef\xbb\xbf", b"\r\n" in raw))
edu = rows("units/泽州县教育局.csv", "utf-8-sig")
out("units.edu", " ".join("%s/%s/%s/%s" % (x["类别"], x["记录编号"], x["期限"], x["剩余工作日"]) for x in edu))
out("units.edu.basis", all(x["依据"] for x in edu))
md = open(os.path.join(u, "泽州县教育局.md"), encoding="utf-8").read()
out("units.md", "%s %s %s" % ("# 泽州县教育局：政务公开工作清单" in md, "## 逾期（1 项）" in md, "## 即将到期（1 项）" in md))
idx = open(os.path.join(u, "index.md"), encoding="utf-8").read()
out("units.index", "| 泽州县文旅局 | 0 | 1 | 0 | 0 |" in idx)
EOF
python3 "$T/analyse.py" "$T" >"$T/facts.txt" 2>&1
if grep -q 'Traceback' "$T/facts.txt"; then not_ok "outputs parse" "$(flat "$(tail -3 "$T/facts.txt")")"; else ok "outputs parse"; fi
fact() { sed -n "s/^$1 = //p" "$T/facts.txt"; }

expect_eq "$(fact runs)" "1:2/2/0/0/1 2:2/1/1/1/1 3:2/1/1/1/0" \
	"runs: findings/new/persisting/resolved/due soon of the three nights"
expect_eq "$(fact runs.baseline)" "- 1 2" "runs: each night compared with the one before"
expect_eq "$(fact runs.limit)" "1 3" "runs --limit 1: the newest run only"
expect_eq "$(fact res2)" "ZZ-A/B4/resolved/2025-06-30" "night 2 resolved: A, fixed since night 1"
expect_eq "$(fact pers3)" "3 ZZ-B/persisting/2025-06-30/14/泽州县教育局" \
	"night 3 persisting (default run: the newest): B, open 14 days, its unit"
expect_eq "$(fact res3)" "ZZ-C/resolved" "night 3 resolved: C"
expect_eq "$(fact due1)" "ZZ-E/deadline/2025-07-21/15/泽州县人民政府" \
	"due soon: E, its deadline, 15 working days left, the approver as unit"
expect_eq "$(fact unit3)" "ZZ-D" "findings --unit: only that unit's findings"
expect_eq "$(fact cat1)" "ZZ-B" "findings --category deadline: only deadline findings"
expect_eq "$(fact none)" "0" "findings --jurisdiction with no findings: none, and a header"
expect_eq "$(fact units.files)" "index.md 泽州县人民政府.csv 泽州县人民政府.md 泽州县人民政府.xlsx 泽州县教育局.csv 泽州县教育局.md 泽州县教育局.xlsx 泽州县文旅局.csv 泽州县文旅局.md 泽州县文旅局.xlsx" \
	"report --by-unit: an .xlsx, a CSV and a Markdown file per unit, and an index"
expect_eq "$(fact units.bom)" "True True" "unit CSV: UTF-8 byte-order mark and CRLF, for Excel and WPS"
expect_eq "$(fact units.edu)" "逾期/ZZ-B/2025-06-04/" "unit CSV parses back: the unit's overdue item with its deadline"
expect_eq "$(fact units.edu.basis)" "True" "unit CSV: every row has the rule's basis"
expect_eq "$(fact units.md)" "True True False" "unit Markdown: title and sections"
expect_eq "$(fact units.index)" "True" "index.md: counts per unit"

# ---- gongkai.yaml ----
mkdir -p "$T/job"
cat >"$T/job/gongkai.yaml" <<EOF
# the nightly job
db: ../n.db
policies: $CORE
jurisdictions: [zezhou]
warn_days: 20
report_dir: reports
EOF
(cd "$T/job" && "$GK_BIN" run --worktree --as-of 2025-07-14 >"$T/.out" 2>"$T/.err"); status=$?
expect_status 1 "gongkai.yaml: 'gongkai run' alone runs the nightly job"
expect_eq "$(q "SELECT scope || ' ' || warn_days FROM runs ORDER BY id DESC LIMIT 1")" "zezhou 20" \
	"gongkai.yaml: scope and warning window from the file"
expect_out "first run of scope 'zezhou'" "gongkai.yaml: a new scope has its own baseline"
if [ -f "$T/job/reports/2025-07-14-run4/units/index.md" ] && [ -f "$T/job/reports/2025-07-14-run4/report.html" ]; then
	ok "gongkai.yaml: report_dir gets the run's reports (relative to the file)"
else
	not_ok "gongkai.yaml: report_dir gets the run's reports (relative to the file)" "$(ls -R "$T/job" | head -20)"
fi
(cd "$T/job" && "$GK_BIN" run --worktree --as-of 2025-07-14 --warn-days 0 --jurisdiction zezhou >"$T/.out" 2>"$T/.err")
expect_eq "$(q "SELECT scope || ' ' || warn_days || ' ' || baseline FROM runs ORDER BY id DESC LIMIT 1")" "zezhou 0 4" \
	"flags override gongkai.yaml; the second zezhou run compares with the first"
(cd "$T/job" && "$GK_BIN" findings --status persisting >"$T/.out" 2>"$T/.err"); status=$?
expect_status 0 "gongkai.yaml: findings reads db from the file"
printf 'db: x.db\nwarn_dayz: 3\n' >"$T/bad.yaml"
gk --config "$T/bad.yaml" run --worktree
expect_status 2 "unknown key: exit status 2"
expect_err "$T/bad.yaml:2:1: unknown key 'warn_dayz'" "unknown key: file, line and the key"
printf 'db: x.db\nwarn_days: soon\n' >"$T/bad.yaml"
gk runs --config "$T/bad.yaml"
expect_err "$T/bad.yaml:2:12: 'warn_days: soon' must be a number of working days from 0 to 60" "bad value: file, line, column and what is expected"
printf 'jurisdictions: zezhou\n' >"$T/bad.yaml"
gk runs --config "$T/bad.yaml"
expect_err "$T/bad.yaml:1:16: 'jurisdictions' is a list" "a scalar for a list: says it is a list"
gk runs --config "$T/missing.yaml"
expect_status 2 "--config naming no file: exit status 2"
expect_err "--config '$T/missing.yaml'" "--config naming no file: names it"

# ---- progress on a terminal ----
on_tty stderr $GK_WRAP "$GK_BIN" run --worktree --db "$DB" --policies "$CORE" --as-of 2025-07-14 >"$T/tty.txt" 2>&1
if grep -q "6 / 6 records" "$T/tty.txt" && grep -q "rec/s" "$T/tty.txt" && grep -q "left" "$T/tty.txt"; then
	ok "on a terminal: progress (records done, rate, time left) on stderr"
else
	not_ok "on a terminal: progress (records done, rate, time left) on stderr" "$(flat "$(head -c 300 "$T/tty.txt")")"
fi
on_tty stderr $GK_WRAP "$GK_BIN" run --quiet --worktree --db "$DB" --policies "$CORE" --as-of 2025-07-14 >"$T/tty.txt" 2>&1
if grep -q "records" "$T/tty.txt"; then not_ok "--quiet: no progress" "$(flat "$(head -c 300 "$T/tty.txt")")"; else ok "--quiet: no progress"; fi
run --as-of 2025-07-14
if grep -q "rec/s" "$T/.err"; then not_ok "stderr not a terminal: no progress"; else ok "stderr not a terminal: no progress"; fi

# ---- workers ----
# The early warnings of two workers are those of one.
"$GK_GEN" --count 400 --seed 7 >"$T/gen.csv"
gk import --db "$T/g.db" "$T/gen.csv"
gk run --worktree --db "$T/g.db" --policies "$POL" --as-of 2025-06-30 --warn-days 20 --jobs 1
gk findings --db "$T/g.db" --status due_soon --format csv
cut -d, -f2- "$T/.out" >"$T/due-j1.csv"
gk run --worktree --db "$T/g.db" --policies "$POL" --as-of 2025-06-30 --warn-days 20 --jobs 2
gk findings --db "$T/g.db" --status due_soon --format csv
cut -d, -f2- "$T/.out" >"$T/due-j2.csv"
if [ "$(wc -l <"$T/due-j1.csv")" -gt 1 ] && cmp -s "$T/due-j1.csv" "$T/due-j2.csv"; then
	ok "--jobs 2 warns of the same deadlines as --jobs 1 ($(($(wc -l <"$T/due-j1.csv") - 1)))"
else
	not_ok "--jobs 2 warns of the same deadlines as --jobs 1" "$(diff "$T/due-j1.csv" "$T/due-j2.csv" | head -5)"
fi
expect_eq "$(sqlite3 "$T/g.db" "SELECT n_new || ' ' || n_resolved || ' ' || (n_persisting = findings) FROM runs WHERE id = 2")" \
	"0 0 1" "--jobs 2 on the same records: every finding persisting, none new or resolved"

# The run before is read while the records are judged: findings made
# before it is there wait for it (GONGKAI_TEST_BASELINE_MS, for tests
# only, makes it late), then are compared and handed on as ever.
gk findings --db "$T/g.db" --run 2 --format csv
cut -d, -f2- "$T/.out" >"$T/found-2.csv"
for jobs in 1 2; do
	GONGKAI_TEST_BASELINE_MS=400 gk run --worktree --db "$T/g.db" --policies "$POL" \
		--as-of 2025-06-30 --warn-days 20 --jobs $jobs --format csv
	cut -d, -f2- "$T/.out" | grep -v ',due_soon,' >"$T/late-run.csv"
	gk findings --db "$T/g.db" --format csv
	cut -d, -f2- "$T/.out" >"$T/late.csv"
	if [ "$(wc -l <"$T/late.csv")" -gt 1 ] && cmp -s "$T/found-2.csv" "$T/late.csv" &&
	   cmp -s "$T/late.csv" "$T/late-run.csv"; then
		ok "--jobs $jobs, the run before read late: the same findings, stored and printed"
	else
		not_ok "--jobs $jobs, the run before read late: the same findings" \
			"$(diff "$T/found-2.csv" "$T/late.csv" | head -3; diff "$T/late.csv" "$T/late-run.csv" | head -3)"
	fi
done
expect_eq "$(sqlite3 "$T/g.db" "SELECT group_concat(n_new || ' ' || n_resolved || ' ' || (n_persisting = findings) || ' ' || baseline, ', ') FROM runs WHERE id > 2")" \
	"0 0 1 2, 0 0 1 3" "the run before read late: every finding persisting, the baseline named"

# Periodic duties name no unit: each jurisdiction gets its own list.
gk report --db "$T/g.db" --by-unit --out "$T/ug"
if [ -f "$T/ug/未指明责任单位（泉港区）.csv" ] && [ -f "$T/ug/未指明责任单位（银川市）.csv" ]; then
	ok "report --by-unit: findings naming no unit go to their jurisdiction's list"
else
	not_ok "report --by-unit: findings naming no unit go to their jurisdiction's list" "$(ls "$T/ug" | head)"
fi

# ---- edges ----
# The calendar ends on 31 December of its last year: a warning window
# reaching past it is cut there, with a warning, and the run still runs.
gk run --worktree --db "$T/e.db" --policies "$CORE" --as-of 2026-12-30 --warn-days 5
if [ "$status" -le 1 ] && grep -q "the calendar ends on 2026-12-31" "$T/.err"; then
	ok "a warning window past the calendar's end: cut there, with a warning, not an error"
else
	not_ok "a warning window past the calendar's end: cut there, with a warning, not an error" "status $status: $(flat "$(cat "$T/.err")")"
fi
# A scope is the same whatever the order or repetition of --jurisdiction.
cp "$T/night3.csv" "$T/qg.csv"
sed -i 's/^ZZ-\([A-Z]*\),zezhou,/QG-\1,quangang,/' "$T/qg.csv"
mkdir -p "$CORE/quangang"
gk import --db "$T/sc.db" "$T/night3.csv" "$T/qg.csv"
gk run --worktree --db "$T/sc.db" --policies "$CORE" --as-of 2025-07-14 --jurisdiction zezhou --jurisdiction quangang
gk run --worktree --db "$T/sc.db" --policies "$CORE" --as-of 2025-07-15 --jurisdiction quangang --jurisdiction zezhou --jurisdiction zezhou
expect_eq "$(sqlite3 "$T/sc.db" "SELECT group_concat(scope || ':' || ifnull(baseline, '-'), ' ') FROM runs")" \
	"quangang,zezhou:- quangang,zezhou:1" "a scope names its jurisdictions sorted, once: runs in another order compare"
# A run backdated to re-check an old day does not become tomorrow's baseline.
gk run --worktree --db "$T/sc.db" --policies "$CORE" --as-of 2025-06-30 --jurisdiction zezhou --jurisdiction quangang
gk run --worktree --db "$T/sc.db" --policies "$CORE" --as-of 2025-07-16 --jurisdiction zezhou --jurisdiction quangang
expect_eq "$(sqlite3 "$T/sc.db" "SELECT ifnull(baseline, '-') FROM runs WHERE id >= 3 ORDER BY id" | tr '\n' ' ')" \
	"- 2 " "a backdated run has no later baseline, and the next night compares with the latest date"
expect_eq "$(sqlite3 "$T/sc.db" "SELECT count(*) FROM findings WHERE first_seen > (SELECT as_of FROM runs WHERE runs.id = run_id)")" \
	"0" "no finding is first seen after its run's date"
# Units whose names would escape the folder or are too long for a file.
LONG=$(python3 -c "print('财' * 120)")
cat >"$T/odd.csv" <<EOF
$H
ZZ-DOT,zezhou,info,"=HYPERLINK(""http://x"")",,../../x/pwn,,2025-06-02,2025-06-03
ZZ-LONG,zezhou,info,长单位,,$LONG,,2025-06-02,2025-06-03
EOF
gk import --db "$T/odd.db" "$T/odd.csv"
gk run --worktree --db "$T/odd.db" --policies "$CORE" --as-of 2025-06-30
gk report --db "$T/odd.db" --by-unit --out "$T/uo"
expect_status 0 "odd unit names: the work lists are written"
if [ "$(find "$T/uo" -type f | wc -l)" = 7 ] && [ ! -e "$T/x" ] &&
   for f in "$T/uo/"*.xlsx; do python3 "$GK_TOP/tests/cli/xlsx.py" dump "$f"; done |
	grep -qF '	=HYPERLINK("http://x")	' &&
   python3 -c "
import os, sys, csv
names = os.listdir(sys.argv[1])
assert all(len(n.encode()) < 256 and not n.startswith('.') for n in names), names
rows = [r for n in names if n.endswith('.csv') for r in csv.DictReader(open(os.path.join(sys.argv[1], n), encoding='utf-8-sig', newline=''))]
assert [r['标题'] for r in rows if r['记录编号'] == 'ZZ-DOT'] == ['\'=HYPERLINK(\"http://x\")'], rows
" "$T/uo"; then
	ok "odd unit names stay in the folder, whole UTF-8, and a formula is kept as text"
else
	not_ok "odd unit names stay in the folder, whole UTF-8, and a formula is kept as text" "$(ls "$T/uo")"
fi
# --config without a command, a folder as --config, a broken file with flags.
gk --config "$T/job/gongkai.yaml"
expect_status 2 "--config and no command: usage, exit status 2"
gk --config "$T/job" runs --db "$DB"
expect_status 2 "--config naming a folder: exit status 2"
expect_err "cannot read the configuration" "--config naming a folder: says it cannot be read"
printf 'db: x.db\nwarn_dayz: 3\n' >"$T/bad.yaml"
gk --config "$T/bad.yaml" runs --db "$DB"
expect_status 2 "a broken configuration stops a command even when its flags would do"

#!/bin/sh
# test_run.sh - gongkai run: exit statuses, the B1/B2/B4/Y1/Y1-unit rules
# through the CLI, output formats, scope, workers, what a run stores, and
# that a failed run stores nothing.
. "$(dirname "$0")/lib.sh"

# The run's behaviour is tested on the core rules (B1, B2, B4, Y1 and
# Y1-unit) so the counts below stay those of these rules; every rule of
# the full set has its own policy tests (gongkai test).
CORE="$T/core"
mkdir -p "$CORE/baseline" "$CORE/yinchuan" "$CORE/zezhou" "$CORE/quangang" "$CORE/zhongshan"
cp "$POL/calendar.yaml" "$CORE/"
cp "$POL/baseline/b1-proactive.lua" "$POL/baseline/b2-application.lua" \
   "$POL/baseline/b4-attribute.lua" "$CORE/baseline/"
cp "$POL/yinchuan/y1-penalty.lua" "$CORE/yinchuan/"
FULL_POL=$POL
POL=$CORE

# flat TEXT: TEXT on one line, so a diagnostic cannot start a line with "ok "
flat() { printf '%s' "$1" | tr '\r\n' '  '; }

# expect_eq ACTUAL EXPECTED NAME
expect_eq() {
	if [ "$1" = "$2" ]; then ok "$3"; else
		not_ok "$3" "got '$(flat "$1")', expected '$(flat "$2")'"; fi
}

# has_line FILE LINE NAME: ok when FILE has the line LINE
# lacks_finding SECTION RECORD NAME: ok when the run saved as SECTION has
# findings, but none for RECORD
has_line() {
	if grep -qxF -- "$2" "$1"; then ok "$3"; else
		not_ok "$3" "no line '$2' in: $(flat "$(head -c 600 "$1")")"; fi
}
lacks_finding() {
	n=$(fact "$1.count")
	if [ "${n:-0}" -eq 0 ]; then
		not_ok "$3" "the run saved as $1 has no findings at all"
	elif grep -qF -- "$1 = $2|" "$T/facts.txt"; then
		not_ok "$3" "$(flat "$(grep -F -- "$1 = $2|" "$T/facts.txt")")"
	else ok "$3"; fi
}

# failed_run NAME TEXT ARGS...: run with ARGS on $DB, expect status 2,
# TEXT in stderr, and no new run or finding in $DB.
failed_run() {
	name=$1 text=$2
	shift 2
	before=$(db_state "$DB")
	gk run --worktree "$@"
	expect_status 2 "$name: exit status 2"
	expect_err "$text" "$name: says \"$text\""
	expect_eq "$(db_state "$DB")" "$before" "$name: nothing stored"
}

# fact KEY: the value analyse() found for KEY in the saved outputs
fact() { sed -n "s/^$1 = //p" "$T/facts.txt"; }

# ---- fixtures ------------------------------------------------------------------
#
# Working days (checked in test_workdays.sh): 2021-01-22 + 20 = 2021-02-24,
# 2021-03-01 + 20 = 2021-03-29, + 40 = 2021-04-26; 2021-09-01 + 7 =
# 2021-09-10 (penalties: Yinchuan's 2021 priorities took effect 2021-07-29).

cat >"$T/ok.csv" <<'EOF'
id,jurisdiction,kind,title,attribute,formed_on,changed_on,published_on,received_on,extended,replied_on,implementer,publisher,channels
QG-OK-1,quangang,info,关于印发《泉港区2021年政务公开工作要点》的通知,主动公开,2021-01-22,,2021-02-24,,,,,,
QG-OK-2,quangang,info,泉港区图书馆开放时间调整公告,主动公开,2021-01-04,2021-01-22,2021-02-24,,,,,,
YC-OK-1,yinchuan,penalty,银川市文化旅游广电局行政处罚决定书,,2021-09-01,,2021-09-10,,,,银川市文化市场综合执法支队,银川市文化市场综合执法支队,website
YC-OK-2,yinchuan,application,关于申请公开网吧执法检查记录的申请,,,,,2021-03-01,1,2021-04-26,,,
EOF

cat >"$T/f.csv" <<'EOF'
id,jurisdiction,kind,title,attribute,formed_on,changed_on,published_on,received_on,extended,replied_on,implementer,publisher,channels
QG-ONTIME,quangang,info,第20个工作日公开的通知,主动公开,2021-01-22,,2021-02-24,,,,,,
QG-LATE,quangang,info,第21个工作日公开的通知,主动公开,2021-01-22,,2021-02-25,,,,,,
QG-OPEN,quangang,info,尚未公开的通知,主动公开,2021-01-22,,,,,,,,
QG-NOATTR,quangang,info,未确定公开属性的文件,,2021-01-22,,2021-01-25,,,,,,
QG-REQ,quangang,info,依申请公开的会议纪要,依申请公开,2021-01-22,,,,,,,,
YC-APP-EXT,yinchuan,application,延期答复的申请（第40个工作日）,,,,,2021-03-01,1,2021-04-26,,,
YC-APP-EXT-LATE,yinchuan,application,延期答复的申请（第41个工作日）,,,,,2021-03-01,1,2021-04-27,,,
YC-APP-LATE,yinchuan,application,未延期的申请（第21个工作日）,,,,,2021-03-01,0,2021-03-30,,,
YC-PEN-OK,yinchuan,penalty,行政处罚决定书（第7个工作日）,,2021-09-01,,2021-09-10,,,,银川市文化市场综合执法支队,银川市文化市场综合执法支队,website
YC-PEN-LATE,yinchuan,penalty,行政处罚决定书（第8个工作日）,,2021-09-01,,2021-09-13,,,,银川市文化市场综合执法支队,银川市文化市场综合执法支队,website
YC-PEN-UNIT,yinchuan,penalty,行政处罚决定书（非执法单位公示）,,2021-09-01,,2021-09-03,,,,银川市文化市场综合执法支队,银川市文化旅游广电局,website
EOF

OK_DB="$T/ok.db"
DB="$T/f.db"
gk import --db "$OK_DB" "$T/ok.csv"
expect_status 0 "fixture: compliant records imported"
gk import --db "$DB" "$T/f.csv"
expect_status 0 "fixture: records with findings imported"

# ---- the runs whose output is checked below ---------------------------------
#
# Outputs are saved and parsed by one python3 call (analyse), so the
# checks cost no extra processes per check.

gk run --worktree --db "$OK_DB" --policies "$POL" --as-of 2021-12-01
expect_status 0 "compliant records: exit status 0"
expect_out "no findings: every record complies as of 2021-12-01" "compliant records: says no findings"
expect_out "4 records" "compliant records: 4 records evaluated"
expect_eq "$(sqlite3 "$OK_DB" "SELECT count(*) || '|' || max(as_of) || '|' || max(records) || '|' || max(findings) FROM runs")" \
	"1|2021-12-01|4|0" "compliant records: the run is stored with 0 findings"

gk run --worktree --db "$OK_DB" --policies "$POL" --as-of 2021-12-01 --format json
expect_status 0 "compliant records, json: exit status 0"
cp "$T/.out" "$T/ok.json"

# B1 as of the due date itself: nothing is late yet (QG-OPEN may still be
# published today, QG-LATE's publication lies after the as-of date).
gk run --worktree --db "$DB" --policies "$POL" --as-of 2021-02-24 --jurisdiction quangang --format json
expect_status 1 "B1 as of the due date: exit status 1 (B4 only)"
cp "$T/.out" "$T/due.json"

gk run --worktree --db "$DB" --policies "$POL" --as-of 2021-02-25 --jurisdiction quangang --format json
expect_status 1 "B1 a day after the due date: exit status 1"
cp "$T/.out" "$T/late.json"

gk run --worktree --db "$DB" --policies "$POL" --as-of 2021-12-01 --format json
expect_status 1 "all records, json: exit status 1"
cp "$T/.out" "$T/all.json"
ALL_RUN=$(sqlite3 "$DB" "SELECT max(id) FROM runs")
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM findings WHERE run_id = $ALL_RUN AND due_on IS NOT NULL")" \
	5 "all records: the 5 deadline findings are stored with due_on"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM findings WHERE run_id = $ALL_RUN")" \
	7 "all records: 7 findings stored for the run"

gk run --worktree --db "$DB" --policies "$POL" --as-of 2021-12-01 --format csv
expect_status 1 "all records, csv: exit status 1"
cp "$T/.out" "$T/all.csv"

gk run --worktree --db "$DB" --policies "$POL" --as-of 2021-12-01 --jurisdiction yinchuan --format csv
expect_status 1 "--jurisdiction yinchuan: exit status 1"
cp "$T/.out" "$T/yc.csv"
expect_eq "$(sqlite3 "$DB" "SELECT records || '|' || findings || '|' || scope FROM runs WHERE id = (SELECT max(id) FROM runs)")" \
	"6|4|yinchuan" "--jurisdiction yinchuan: run row counts the 6 records in scope"

# --jobs: the same generated records evaluated by 1 and 2 workers.
GEN_DB="$T/gen.db"
if [ -x "$GK_GEN" ] && "$GK_GEN" --count 300 --seed 11 >"$T/gen.csv"; then
	gk import --db "$GEN_DB" "$T/gen.csv"
	expect_status 0 "generated records: imported"
	gk run --worktree --db "$GEN_DB" --policies "$POL" --as-of 2025-06-30 --format csv --jobs 1
	st1=$status
	cp "$T/.out" "$T/jobs1.csv"
	gk run --worktree --db "$GEN_DB" --policies "$POL" --as-of 2025-06-30 --format csv --jobs 2 \
		--timing
	st2=$status
	cp "$T/.out" "$T/jobs2.csv"
	expect_eq "$st1 $st2" "1 1" "--jobs 1 and --jobs 2: both exit 1 (findings)"
	# --timing: one line on stderr, its phases summing to the whole.
	line=$(grep '^timing: ' "$T/.err")
	if printf '%s\n' "$line" | awk '
		match($0, /^timing: [0-9.]+ s: start-up [0-9.]+, before the pass [0-9.]+, the pass [0-9.]+ \(2 workers\), periodic duties [0-9.]+, storing and sealing [0-9.]+, output [0-9.]+; serial [0-9.]+ s \([0-9.]+%\)$/) {
			gsub(/[^0-9. ]/, " "); n = split($0, v, " ")
			# v: total, start-up, before, pass, 2, periodic, storing, output, serial, share
			sum = v[2] + v[3] + v[4] + v[6] + v[7] + v[8]
			ok = sum > v[1] - 0.005 && sum < v[1] + 0.005 && v[9] > v[1] - v[4] - 0.002 && v[9] < v[1] - v[4] + 0.002
			exit !ok
		}
		{ exit 1 }'; then ok "--timing: its phases add up to the whole, serial the rest of the pass"
	else not_ok "--timing: its phases add up to the whole" "stderr: $(flat "$(cat "$T/.err")")"; fi
else
	not_ok "generated records: imported" "cannot run the generator $GK_GEN"
fi

cat >"$T/analyse.py" <<'EOF'
import csv, json, os, sys
T = sys.argv[1]

def out(key, value):
    print("%s = %s" % (key, value))

def load(name):
    try:
        with open(os.path.join(T, name), encoding="utf-8") as f:
            return json.load(f)
    except Exception as e:
        out(name + ".error", repr(e))
        return {"run": {}, "findings": []}

def rows(name):
    try:
        with open(os.path.join(T, name), newline="", encoding="utf-8") as f:
            return list(csv.reader(f))
    except Exception as e:
        out(name + ".error", repr(e))
        return [[]]

def line(f):
    return "|".join([f["record_id"], f["rule"], f["category"], f["due_on"] or "-"])

d = load("ok.json")
out("compliant", "%r %s %s" % (d["findings"], d["run"].get("findings"), d["run"].get("records")))
for name in ("due", "late", "all"):
    d = load(name + ".json")
    out(name + ".count", len(d["findings"]))
    for f in d["findings"]:
        out(name, line(f))

d = load("all.json")
keys = {"run_id", "status", "record_id", "title", "jurisdiction", "unit", "rule", "category", "severity", "due_on",
        "period", "first_seen", "days_open", "days_left", "message", "basis", "waiver", "provisional",
        "feedback", "fixed_but_found", "policy_revision"}
runkeys = {"id", "as_of", "policy_digest", "records", "rules", "findings", "calendar", "warn_window"}
r = d["run"]
out("all.keys", "%d %s %s %s %s %s" % (
    len([f for f in d["findings"] if set(f) != keys]), runkeys <= set(r),
    r.get("as_of"), r.get("records"), r.get("findings"),
    all(f["message"] and f["basis"] and f["jurisdiction"] for f in d["findings"])))
out("all.run", "%s|%s|%s|%s" % (r.get("as_of"), r.get("records"), r.get("findings"),
                                r.get("policy_digest")))
out("all.id", r.get("id"))
unit = [f for f in d["findings"] if f["record_id"] == "YC-PEN-UNIT"]
out("all.unit", unit and "%s %s %s" % (unit[0]["jurisdiction"], "谁执法、谁公示" in unit[0]["basis"],
                                        "银川市文化旅游广电局" in unit[0]["message"]))

c = rows("all.csv")
out("csv.header", ",".join(c[0]))
out("csv.count", "%d %s" % (len(c) - 1, all(len(x) == len(c[0]) for x in c)))
body = [dict(zip(c[0], x)) for x in c[1:]]
out("csv.same", sorted("|".join([x.get("record_id"), x.get("rule"), x.get("category"), x.get("due_on") or "-"])
                       for x in body) == sorted(line(f) for f in d["findings"]))
out("csv.runid", sorted(set(x.get("run_id") for x in body)))

c = rows("yc.csv")
out("yc", "%d %s" % (len(c) - 1, sorted(set(x["jurisdiction"] for x in [dict(zip(c[0], r)) for r in c[1:]]))))

if os.path.exists(os.path.join(T, "jobs1.csv")):
    def finding(c):
        cols = ("record_id", "jurisdiction", "rule", "category", "due_on", "period", "message",
                "basis", "policy_revision", "waiver")
        return [tuple(dict(zip(c[0], x))[k] for k in cols) for x in c[1:]]
    def statuses(c):
        return sorted(set(dict(zip(c[0], x))["status"] for x in c[1:]))
    j1 = sorted(finding(rows("jobs1.csv")))
    j2 = sorted(finding(rows("jobs2.csv")))
    out("jobs.count", len(j1))
    out("jobs.same", j1 == j2 and len(j1) > 0)
    out("jobs.status", " ".join(statuses(rows("jobs1.csv")) + ["|"] + statuses(rows("jobs2.csv"))))
EOF
python3 "$T/analyse.py" "$T" >"$T/facts.txt" 2>&1
if grep -q '\.error = \|Traceback' "$T/facts.txt"; then
	not_ok "outputs parse as JSON and CSV" "$(flat "$(grep -A3 'error = \|Traceback' "$T/facts.txt" | head -c 600)")"
else
	ok "outputs parse as JSON and CSV"
fi

# ---- exit 0: no findings -------------------------------------------------------

expect_eq "$(fact compliant)" "[] 0 4" "compliant records: json has an empty findings list"

# ---- B1 around the due date ------------------------------------------------------

expect_eq "$(fact due)" "QG-NOATTR|B4|attribute|-" \
	"B1 as of the due date: unpublished, not yet due is not a finding"
has_line "$T/facts.txt" "late = QG-OPEN|B1|deadline|2021-02-24" "B1: unpublished and overdue is a finding with due_on"
has_line "$T/facts.txt" "late = QG-LATE|B1|deadline|2021-02-24" "B1: published on working day 21 is a finding with due_on"
lacks_finding late QG-ONTIME "B1: published on working day 20 is on time"
lacks_finding late QG-REQ "B1: not applied to 依申请公开 information"
expect_eq "$(fact late.count)" 3 "B1 a day after the due date: exactly 3 findings"

# ---- all rules --------------------------------------------------------------------

has_line "$T/facts.txt" "all = QG-NOATTR|B4|attribute|-" "B4: info without attribute is a finding"
has_line "$T/facts.txt" "all = YC-APP-LATE|B2|deadline|2021-03-29" "B2: reply on working day 21 without extension is late"
lacks_finding all YC-APP-EXT "B2: extended=1 allows 40 working days"
has_line "$T/facts.txt" "all = YC-APP-EXT-LATE|B2|deadline|2021-04-26" "B2: extended reply on working day 41 is late"
lacks_finding all YC-PEN-OK "Y1: published on working day 7 by the implementer complies"
has_line "$T/facts.txt" "all = YC-PEN-LATE|Y1|deadline|2021-09-10" "Y1: published on working day 8 is late"
has_line "$T/facts.txt" "all = YC-PEN-UNIT|Y1-unit|responsibility|-" "Y1-unit: published by another unit is a finding"
expect_eq "$(fact all.count)" 7 "all records: exactly 7 findings"

# ---- formats and the run row --------------------------------------------------------

expect_eq "$(fact all.keys)" "0 True 2021-12-01 11 7 True" "json: run and findings with the documented keys"
expect_eq "$(fact all.unit)" "yinchuan True True" "json: Y1-unit finding carries its basis and the wrong unit"
expect_eq "$(fact all.id)" "$ALL_RUN" "json: run id is the stored run"
expect_eq "$(sqlite3 "$DB" "SELECT as_of || '|' || records || '|' || findings || '|' || policy_digest FROM runs WHERE id = $ALL_RUN")" \
	"$(fact all.run)" "run row: stores as_of, records, findings and policy_digest as printed"
expect_eq "$(sqlite3 "$DB" "SELECT length(policy_digest) = 40 AND policy_digest NOT GLOB '*[^0-9a-f]*' AND scope = 'all' FROM runs WHERE id = $ALL_RUN")" \
	1 "run row: policy_digest is 40 hex digits, scope all"
expect_eq "$(fact csv.header)" "run_id,status,record_id,title,jurisdiction,unit,rule,category,severity,due_on,period,first_seen,days_open,days_left,message,basis,waiver,provisional,feedback,fixed_on,feedback_note,fixed_but_found,policy_revision" \
	"csv: header row"
expect_eq "$(fact csv.count)" "7 True" "csv: parses back with 7 findings of 9 cells"
expect_eq "$(fact csv.same)" "True" "csv: the same findings as json"
expect_eq "$(fact csv.runid)" "['$((ALL_RUN + 1))']" "csv: run_id of its own run"
expect_eq "$(fact yc)" "4 ['yinchuan']" "--jurisdiction yinchuan: only the 4 yinchuan findings"

# ---- workers -----------------------------------------------------------------------

expect_eq "$(fact jobs.same)" "True" "--jobs 2 gives the same findings as --jobs 1"
expect_eq "$(fact jobs.status)" "new | persisting" "the first run's findings are new; the same records run again: all persisting"
expect_eq "$(sqlite3 "$GEN_DB" "SELECT group_concat(jobs || ':' || records || ':' || findings, ' ') FROM runs" 2>&1)" \
	"1:300:$(fact jobs.count) 2:300:$(fact jobs.count)" "--jobs: both runs stored with their worker count and equal counts"

# ---- the policy digest ---------------------------------------------------------

cp -R "$POL" "$T/copy"
gk run --worktree --db "$OK_DB" --policies "$T/copy" --as-of 2021-12-01
expect_status 0 "policy copy: exit status 0"
expect_eq "$(sqlite3 "$OK_DB" "SELECT count(DISTINCT policy_digest) || '|' || count(*) FROM runs")" "1|3" \
	"policy copy: same content, same digest"
printf '\n-- 注释也是内容\n' >>"$T/copy/baseline/b4-attribute.lua"
gk run --worktree --db "$OK_DB" --policies "$T/copy" --as-of 2021-12-01
expect_eq "$(sqlite3 "$OK_DB" "SELECT count(DISTINCT policy_digest) || '|' || count(*) FROM runs")" "2|4" \
	"policy copy: changed content, new digest"

# ---- exit 2: errors store nothing ----------------------------------------------

gk run --worktree --policies "$POL" --as-of 2021-12-01
expect_status 2 "missing --db: exit status 2"
expect_err "--db is required" "missing --db: says --db is required"

gk run --worktree --db "$T/nosuch.db" --policies "$POL" --as-of 2021-12-01
expect_status 2 "missing database: exit status 2"
expect_err "cannot open database '$T/nosuch.db'" "missing database: names it"
if [ -e "$T/nosuch.db" ]; then not_ok "missing database: not created" "run created $T/nosuch.db"
else ok "missing database: not created"; fi

failed_run "bad --as-of" "--as-of '2021-02-30' is not a date" \
	--db "$DB" --policies "$POL" --as-of 2021-02-30
failed_run "unknown --format" "--format 'xml'" \
	--db "$DB" --policies "$POL" --as-of 2021-12-01 --format xml
failed_run "unknown argument" "unknown argument '--verbose'" \
	--db "$DB" --policies "$POL" --as-of 2021-12-01 --verbose
failed_run "--jobs 0" "--jobs '0'" \
	--db "$DB" --policies "$POL" --as-of 2021-12-01 --jobs 0
failed_run "as-of outside the calendar" "does not cover 2030" \
	--db "$DB" --policies "$POL" --as-of 2030-01-01
failed_run "--jurisdiction unknown" "no policies for jurisdiction 'nowhere'" \
	--db "$DB" --policies "$POL" --as-of 2021-12-01 --jurisdiction nowhere
failed_run "no record in scope" "no records to evaluate for zezhou" \
	--db "$DB" --policies "$POL" --as-of 2021-12-01 --jurisdiction zezhou

cp -R "$POL" "$T/noyc"
rm -rf "$T/noyc/yinchuan"
failed_run "records without a policy folder" "6 records of jurisdiction 'yinchuan'" \
	--db "$DB" --policies "$T/noyc" --as-of 2021-12-01

printf 'id,jurisdiction,kind,title,attribute\nNW-1,nowhere,info,无主之地的通知,主动公开\n' >"$T/nowhere.csv"
gk import --db "$DB" "$T/nowhere.csv"
expect_status 0 "fixture: a record of jurisdiction nowhere imported"
failed_run "jurisdiction nowhere in the records" "jurisdiction 'nowhere'" \
	--db "$DB" --policies "$POL" --as-of 2021-12-01
gk run --worktree --db "$DB" --policies "$POL" --as-of 2021-12-01 --jurisdiction quangang --format csv
expect_status 1 "jurisdiction nowhere left out of scope: the run works"

cp -R "$POL" "$T/pol"
printf -- '-- 语法错误的规则\ndeadline "BAD" {\n  kinds = = "info",\n}\n' >"$T/pol/baseline/bad.lua"
failed_run "policy with a syntax error" "pol/baseline/bad.lua:3:" \
	--db "$DB" --policies "$T/pol" --as-of 2021-12-01 --jurisdiction quangang

cp -R "$POL" "$T/pol2"
printf -- '-- 运行时出错的规则\nrule "BOOM" {\n  basis = "测试", message = "测试",\n  kinds = "penalty",\n  category = "process",\n  check = function(r)\n    error("故意出错")\n  end,\n}\n' >"$T/pol2/yinchuan/boom.lua"
failed_run "policy failing at run time" "pol2/yinchuan/boom.lua:7: 故意出错" \
	--db "$DB" --policies "$T/pol2" --as-of 2021-12-01 --jurisdiction yinchuan
failed_run "policy failing at run time, 2 workers" "pol2/yinchuan/boom.lua:7:" \
	--db "$DB" --policies "$T/pol2" --as-of 2021-12-01 --jurisdiction yinchuan --jobs 2

# A record of 2003, before every rule took effect (the regulation as revised:
# 2019-05-15), is judged by none: no calendar question is asked about it.
printf 'id,jurisdiction,kind,title,attribute,formed_on,published_on\nQG-OLD,quangang,info,2003年的旧文件,主动公开,2003-12-01,2004-02-02\n' >"$T/old.csv"
OLD_DB="$T/old.db"
gk import --db "$OLD_DB" "$T/old.csv"
expect_status 0 "fixture: a record of 2003 imported"
DB=$OLD_DB
gk run --worktree --db "$OLD_DB" --policies "$POL" --as-of 2021-12-01
expect_status 0 "effective-date: a record of 2003 gives no finding (exit 0)"
expect_eq "$(sqlite3 "$OLD_DB" "SELECT findings FROM runs")" "0" \
	"effective-date: a record of 2003 is judged by no rule in force after it"

gk run --worktree --help
expect_status 0 "run --help: exit status 0"
expect_out "usage: gongkai run --db DB" "run --help: prints the usage"

gk run --worktree --db "$DB" --policies "$POL" --as-of 2021-12-31 --jurisdiction baseline
expect_status 2 "--jurisdiction baseline: exit status 2"
expect_err "'baseline' is not a jurisdiction" "--jurisdiction baseline: says what baseline is"

# --worktree reads the folder as it is, but follows no symbolic link
# inside it: a link may lead out of the policy set.
cp -r "$POL" "$T/lpol"
mkdir -p "$T/outside"
cp "$POL/baseline/b1-proactive.lua" "$T/outside/"
ln -s "$T/outside" "$T/lpol/zezhou/more"
gk run --worktree --db "$OK_DB" --policies "$T/lpol" --as-of 2021-06-01
expect_status 2 "a linked folder in the policy set: the run refuses"
expect_err "cannot read the policy set '$T/lpol': 'zezhou/more' is a symbolic link, which gongkai does not follow" \
	"a linked folder: names the link"
gk lint --policies "$T/lpol"
expect_err "'zezhou/more' is a symbolic link" "a linked folder: lint refuses it too"
rm "$T/lpol/zezhou/more"
ln -s "$T/outside/b1-proactive.lua" "$T/lpol/baseline/b9.lua"
gk run --worktree --db "$OK_DB" --policies "$T/lpol" --as-of 2021-06-01
expect_err "'baseline/b9.lua' is a symbolic link" "a linked policy file: names it"
rm "$T/lpol/baseline/b9.lua"
mv "$T/lpol/calendar.yaml" "$T/outside/calendar.yaml"
ln -s "$T/outside/calendar.yaml" "$T/lpol/calendar.yaml"
gk run --worktree --db "$OK_DB" --policies "$T/lpol" --as-of 2021-06-01
expect_status 2 "a linked calendar: the run refuses"
expect_err "'calendar.yaml' is a symbolic link" "a linked calendar: names it"
rm "$T/lpol/calendar.yaml"
mv "$T/outside/calendar.yaml" "$T/lpol/calendar.yaml"
ln -s "$T/lpol" "$T/lpol-link"
gk run --worktree --db "$OK_DB" --policies "$T/lpol-link" --as-of 2021-06-01
if [ "$status" -le 1 ]; then ok "the policy set's own folder may be reached through a link"; else
	not_ok "the policy set's own folder may be reached through a link" "$stderr"; fi

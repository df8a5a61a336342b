#!/bin/sh
# test_fullset.sh - the full policy set end to end: the policy tests and
# their coverage, the quangang task schedule (tasks.yaml) through import and
# Q1, periodic duties (findings without a record, with a period), yinchuan's
# override of B3, a jurisdiction disabling a baseline rule, S2's register of
# non-public documents and S3's masked ID numbers.
. "$(dirname "$0")/lib.sh"

# flat TEXT: TEXT on one line, so a diagnostic cannot start a line with "ok "
flat() { printf '%s' "$1" | tr '\r\n' '  '; }

# expect_eq ACTUAL EXPECTED NAME
expect_eq() {
	if [ "$1" = "$2" ]; then ok "$3"; else
		not_ok "$3" "got '$(flat "$1")', expected '$(flat "$2")'"; fi
}

# has_line LINE NAME: ok when the facts have the line LINE
# lacks_text TEXT NAME: ok when no line of the facts contains TEXT
has_line() {
	if grep -qxF -- "$1" "$T/facts.txt"; then ok "$2"; else
		not_ok "$2" "no line '$1' in the facts"; fi
}
lacks_text() {
	if grep -qF -- "$1" "$T/facts.txt"; then
		not_ok "$2" "$(flat "$(grep -F -- "$1" "$T/facts.txt" | head -n 3)")"
	else ok "$2"; fi
}

# absent TEXT FILE NAME: ok when FILE does not contain TEXT
absent() {
	if grep -qF -- "$1" "$2"; then
		not_ok "$3" "$(flat "$(grep -F -- "$1" "$2" | head -c 400)")"
	else ok "$3"; fi
}

# fact KEY: the value analyse() found for KEY
fact() { sed -n "s/^$1 = //p" "$T/facts.txt"; }

# ---- the policy tests and their coverage --------------------------------------------------
#
# One call: --coverage adds the coverage list to the usual report.

NRULES=$(cat "$POL"/*/*.lua | grep -c '^[a-z][a-z]* "[^"]*" *{')
gk test --policies "$POL" --coverage
expect_status 0 "gongkai test --coverage on the real policies: exit status 0"
last=$(tail -n 1 "$T/.out")
case $last in
[1-9]*" passed, 0 failed") ok "gongkai test: last line 'N passed, 0 failed'" ;;
*) not_ok "gongkai test: last line 'N passed, 0 failed'" "last line '$last'" ;;
esac
expect_out "coverage: $NRULES of $NRULES rules exercised by a case" \
	"gongkai test --coverage: all $NRULES rules exercised"
absent "rules no case exercises" "$T/.out" "gongkai test --coverage: lists no unexercised rule"

# A rule without a case is listed by --coverage (a filter keeps it fast).
cp -R "$POL" "$T/cov"
cat >"$T/cov/zezhou/z9-extra.lua" <<'EOF'
required "Z9" {
  basis    = "测试",
  message  = "政府信息应写明制作单位",
  kinds    = "info",
  fields   = { "producer" },
}
EOF
gk test --policies "$T/cov" --coverage zezhou
expect_status 1 "a rule without a case: exit status 1"
expect_out "  Z9  $T/cov/zezhou/z9-extra.lua:1" "--coverage: lists the rule without a case with its file"

# ---- the quangang task schedule --------------------------------------------------------------

TDB="$T/tasks.db"
gk import --db "$TDB" "$POL/quangang/tasks.yaml"
expect_status 0 "tasks.yaml: imported"
expect_out "imported 18 records" "tasks.yaml: 18 records"
expect_eq "$(sqlite3 "$TDB" "SELECT group_concat(id, ' ') FROM (SELECT id FROM records ORDER BY id)")" \
	"$(i=1; while [ $i -le 18 ]; do printf 'QG-TASK-%02d' $i; [ $i -lt 18 ] && printf ' '; i=$((i + 1)); done)" \
	"tasks.yaml: ids QG-TASK-01..18"
expect_eq "$(sqlite3 "$TDB" "SELECT group_concat(DISTINCT kind || '/' || jurisdiction || '/' || formed_on) FROM records")" \
	"task/quangang/2020-07-15" "tasks.yaml: kind task, jurisdiction quangang, formed_on the issue date"
expect_eq "$(sqlite3 "$TDB" "SELECT group_concat(id || ':' || coalesce(due_on, '-') || ':' || implementer, ' ')
	FROM (SELECT * FROM records WHERE id IN ('QG-TASK-01', 'QG-TASK-04', 'QG-TASK-05', 'QG-TASK-07', 'QG-TASK-08', 'QG-TASK-15', 'QG-TASK-18') ORDER BY id)")" \
	"QG-TASK-01:2020-07-20:审批股 QG-TASK-04:2020-10-31:综合股 QG-TASK-05:2021-12-31:综合股 QG-TASK-07:-:综合股、审批股 QG-TASK-08:2021-06-30:图书馆 QG-TASK-15:-:旅游股 QG-TASK-18:2020-07-31:综合股" \
	"tasks.yaml: due dates (长期 tasks without one) and responsible units"
expect_eq "$(sqlite3 "$TDB" "SELECT count(*) FROM records WHERE completed_on IS NOT NULL")" 0 \
	"tasks.yaml: no task has a completed date"

gk run --worktree --db "$TDB" --policies "$POL" --as-of 2021-12-31 --format json
expect_status 1 "tasks as of 2021-12-31: exit status 1"
cp "$T/.out" "$T/tasks.json"

# ---- periodic duties, the B3 override, S2 and S3 -------------------------------------------------
#
# As of 2022-06-30: the 2021 annual reports were due 2022-01-31 (yinchuan's
# is late, zezhou has none), yinchuan's 2021 open day was due in September
# 2021, the 2022 one is not judged yet.

ID=442000198503121235
cat >"$T/p.csv" <<EOF
id,jurisdiction,kind,title,attribute,secrecy,doc_number,producer,publisher,formed_on,published_on,event_type,period,held_on,body
YC-AR-2021,yinchuan,event,银川市文化旅游广电局2021年政府信息公开工作年度报告,,,,,,,,annual_report,2021,2022-02-07,
YC-NOATTR,yinchuan,info,未确定公开属性的文件,,,,,,2022-03-01,,,,,
ZZ-NOATTR,zezhou,info,未确定公开属性的文件,,,,,,2022-03-01,,,,,
ZS-INTERNAL,zhongshan,info,关于2021年文化惠民工程资金分配方案的内部通知,withheld,internal,中文广旅〔2021〕12号,中山市文化广电旅游局,,2021-03-01,,,,,
ZS-CITE,zhongshan,info,2021年文化惠民工程实施情况通报,proactive,,,中山市文化广电旅游局,中山市文化广电旅游局,2021-06-01,2021-06-03,,,,根据中文广旅[2021] 12号文件精神，现将实施情况通报如下。
ZS-ID,zhongshan,info,2021年文化志愿者表彰名单,proactive,,,中山市文化广电旅游局,中山市文化广电旅游局,2021-06-01,2021-06-03,,,,优秀文化志愿者：张某某（身份证号$ID），李某某。
EOF
PDB="$T/p.db"
gk import --db "$PDB" "$T/p.csv"
expect_status 0 "fixture: periodic, S2 and S3 records imported"

gk run --worktree --db "$PDB" --policies "$POL" --as-of 2022-06-30 --format json
expect_status 1 "as of 2022-06-30: exit status 1"
cp "$T/.out" "$T/p1.json"
cat "$T/.out" "$T/.err" >"$T/s3-out.txt"

gk run --worktree --db "$PDB" --policies "$POL" --as-of 2022-06-30 --jurisdiction zhongshan --format text
expect_status 1 "zhongshan, text: exit status 1"
cp "$T/.out" "$T/zs.txt"
cat "$T/.out" "$T/.err" >>"$T/s3-out.txt"

gk explain --worktree --db "$PDB" --policies "$POL" --as-of 2022-06-30 ZS-ID
expect_status 0 "explain ZS-ID: exit status 0"
cp "$T/.out" "$T/zs-explain.txt"
cat "$T/.out" "$T/.err" >>"$T/s3-out.txt"

# yinchuan disables B4: B4 stops for yinchuan only.
cp -R "$POL" "$T/dis"
printf -- '-- 银川的公开属性由市政府办统一认定\ndisable "B4" { reason = "银川的公开属性由市政府办统一认定，不在本局记录中" }\n' \
	>"$T/dis/yinchuan/y0-disable-b4.lua"
gk run --worktree --db "$PDB" --policies "$T/dis" --as-of 2022-06-30 --format json
expect_status 1 "B4 disabled in yinchuan: exit status 1"
cp "$T/.out" "$T/p3.json"

# With yinchuan's 2021 open day held on 2021-09-18.
printf 'id,jurisdiction,kind,title,event_type,period,held_on\nYC-OPEN-2021,yinchuan,event,2021年政府开放日,open_day,2021,2021-09-18\n' >"$T/open.csv"
gk import --db "$PDB" "$T/open.csv"
expect_status 0 "fixture: the 2021 open day imported"
gk run --worktree --db "$PDB" --policies "$POL" --as-of 2022-06-30 --format json
expect_status 1 "with the open day: exit status 1"
cp "$T/.out" "$T/p2.json"

cat >"$T/analyse.py" <<'EOF'
import json, os, sys
T = sys.argv[1]

def out(key, value):
    print("%s = %s" % (key, value))

def load(name):
    try:
        with open(os.path.join(T, name), encoding="utf-8") as f:
            return json.load(f)["findings"]
    except Exception as e:
        out(name + ".error", repr(e))
        return []

def n(f, k):
    # record_id null is "null"; any other absent value is "-"
    v = f.get(k)
    if v is None:
        return "null" if k == "record_id" else "-"
    return v or "''"

for name in ("tasks", "p1", "p2", "p3"):
    fs = load(name + ".json")
    out(name + ".count", len(fs))
    for f in fs:
        out(name, "|".join(n(f, k) for k in
                           ("record_id", "jurisdiction", "rule", "category", "due_on", "period")))
        out("%s.basis.%s.%s" % (name, f.get("jurisdiction"), f.get("rule")), f.get("basis"))
        if f.get("record_id"):
            out("%s.message.%s.%s" % (name, f["record_id"], f.get("rule")), f.get("message"))

fs = [f for f in load("tasks.json") if f.get("rule") == "Q1"]
out("q1.ids", " ".join(sorted(f["record_id"] for f in fs)))
out("q1.due", " ".join(sorted("%s:%s" % (f["record_id"], f["due_on"]) for f in fs)))
out("q1.category", sorted(set(f["category"] for f in fs)))
EOF
python3 "$T/analyse.py" "$T" >"$T/facts.txt" 2>&1
if grep -q '\.error = \|Traceback' "$T/facts.txt"; then
	not_ok "run outputs parse as JSON" "$(flat "$(grep -A3 'error = \|Traceback' "$T/facts.txt" | head -c 600)")"
else
	ok "run outputs parse as JSON"
fi

# ---- Q1 -------------------------------------------------------------------------------------------

expect_eq "$(fact q1.ids)" \
	"QG-TASK-01 QG-TASK-02 QG-TASK-03 QG-TASK-04 QG-TASK-08 QG-TASK-09 QG-TASK-10 QG-TASK-11 QG-TASK-12 QG-TASK-13 QG-TASK-18" \
	"Q1: the 11 tasks due before 2021-12-31 and not completed are overdue"
expect_eq "$(fact q1.due)" \
	"QG-TASK-01:2020-07-20 QG-TASK-02:2020-07-20 QG-TASK-03:2020-10-20 QG-TASK-04:2020-10-31 QG-TASK-08:2021-06-30 QG-TASK-09:2021-06-30 QG-TASK-10:2020-12-31 QG-TASK-11:2020-12-31 QG-TASK-12:2021-06-30 QG-TASK-13:2020-12-31 QG-TASK-18:2020-07-31" \
	"Q1: each finding's due_on is the task's due date"
expect_eq "$(fact q1.category)" "['deadline']" "Q1: deadline findings"
lacks_text "tasks = QG-TASK-07|" "Q1: the 长期 task 7 is not flagged"
lacks_text "tasks = QG-TASK-15|" "Q1: the 长期 task 15 is not flagged"
lacks_text "tasks = QG-TASK-05|" "Q1: a task due on the as-of date (task 5, 2021-12-31) is not overdue yet"

# ---- periodic duties ---------------------------------------------------------------------------------

has_line "p1 = null|yinchuan|Y4|periodic|-|2021" \
	"Y4: no open day in 2021 is a finding with record_id null and period 2021"
lacks_text "p1 = null|yinchuan|Y4|periodic|-|2022" "Y4: 2022 not judged before its September is over"
if grep -q '^p2 = [^|]*|yinchuan|Y4|' "$T/facts.txt"; then
	not_ok "Y4: an open day held 2021-09-18 satisfies 2021" "$(flat "$(grep '^p2 = [^|]*|yinchuan|Y4|' "$T/facts.txt")")"
elif [ "$(fact p2.count)" -gt 0 ] 2>/dev/null; then ok "Y4: an open day held 2021-09-18 satisfies 2021"
else not_ok "Y4: an open day held 2021-09-18 satisfies 2021" "the run has no findings at all"; fi

# ---- B3: yinchuan's override, zezhou's baseline ----------------------------------------------------------

B3_BASIS=$(sed -n 's/^ *basis *= *"\(.*\)",$/\1/p' "$POL/baseline/b3-annual-report.lua")
has_line "p1 = null|yinchuan|B3|periodic|2022-01-31|2021" "B3 yinchuan: the late 2021 report is a finding"
has_line "p1 = null|zezhou|B3|periodic|2022-01-31|2021" "B3 zezhou: no 2021 report is a finding"
expect_eq "$(grep -c '^p1 = null|yinchuan|B3|' "$T/facts.txt")" 1 \
	"B3 yinchuan: one finding, the override replaces the baseline rule"
case $(fact p1.basis.yinchuan.B3) in
*银川*) ok "B3 yinchuan: the override is in force, its basis mentions 银川" ;;
*) not_ok "B3 yinchuan: the override is in force, its basis mentions 银川" "basis '$(fact p1.basis.yinchuan.B3)'" ;;
esac
expect_eq "$(fact p1.basis.zezhou.B3)" "$B3_BASIS" "B3 zezhou: the baseline basis"

# ---- a jurisdiction disabling a baseline rule ------------------------------------------------------------

has_line "p1 = YC-NOATTR|yinchuan|B4|attribute|-|-" "B4: yinchuan's record without attribute is a finding"
lacks_text "p3 = YC-NOATTR|yinchuan|B4|" "disable B4 in yinchuan: no B4 finding for yinchuan"
has_line "p3 = ZZ-NOATTR|zezhou|B4|attribute|-|-" "disable B4 in yinchuan: zezhou still has its B4 finding"
has_line "p3 = null|yinchuan|Y4|periodic|-|2021" "disable B4 in yinchuan: yinchuan's other rules still apply"

# ---- S2 and S3 --------------------------------------------------------------------------------------

has_line "p1 = ZS-CITE|zhongshan|S2|confidentiality|-|-" \
	"S2: a published body citing the internal 文号 in [] brackets is a finding"
case $(fact p1.message.ZS-CITE.S2) in
*"中文广旅〔2021〕12号"*ZS-INTERNAL*) ok "S2: the finding names the 文号 and the internal record" ;;
*) not_ok "S2: the finding names the 文号 and the internal record" "message '$(fact p1.message.ZS-CITE.S2)'" ;;
esac
lacks_text "p1 = ZS-INTERNAL|zhongshan|S2|" "S2: the unpublished internal document itself is not a finding"

has_line "p1 = ZS-ID|zhongshan|S3|privacy|-|-" "S3: a valid ID number in a published body is a finding"
case $(fact p1.message.ZS-ID.S3) in
*"442000********1235"*) ok "S3: the finding shows the masked number" ;;
*) not_ok "S3: the finding shows the masked number" "message '$(fact p1.message.ZS-ID.S3)'" ;;
esac
if grep -qF "442000********1235" "$T/zs.txt"; then ok "S3: the text output shows the masked number"
else not_ok "S3: the text output shows the masked number" "$(flat "$(grep -F S3 "$T/zs.txt")")"; fi
absent "$ID" "$T/s3-out.txt" "S3: the full ID number is in no output (json, text, explain)"
expect_eq "$(sqlite3 "$PDB" "SELECT count(*) FROM findings WHERE message LIKE '%$ID%' OR basis LIKE '%$ID%'")" 0 \
	"S3: the full ID number is in no stored finding"

#!/bin/sh
# test_severity.sh - a rule's severity (违规 violation / 提示 notice): the
# declaration and lint, each finding carrying it (text, JSON, CSV, the
# store, the work lists), findings --severity, run --fail-on (and fail_on:
# in gongkai.yaml) with the exit statuses, the seal of layout 6, and a
# database of the gongkai before severities upgraded in place.
. "$(dirname "$0")/lib.sh"

# B1 as it is (a violation) and a rule of the same set made a notice.
mkdir -p "$T/pol/baseline" "$T/pol/zezhou"
cp "$POL/calendar.yaml" "$T/pol/"
# Every rule answers to a requirement of the coverage map (lint checks it).
cat > "$T/pol/baseline/requirements.yaml" <<'YAML'
documents:
  - source: 《中华人民共和国政府信息公开条例》
    requirements:
      - { clause: 第二十六条, quote: 属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。, rules: [B1] }
      - { clause: 第十三条, quote: 行政机关公开政府信息，采取主动公开和依申请公开的方式。, rules: [N1] }
YAML
cp "$POL/baseline/b1-proactive.lua" "$T/pol/baseline/"
cat > "$T/pol/baseline/n1-attribute.lua" <<'LUA'
-- N1: a record without its attribute cannot be judged (a notice).
required "N1" {
  basis    = "《中华人民共和国政府信息公开条例》第十三条",
  message  = "记录应写明公开属性",
  effective = "2019-05-15",
  clock    = "formed_on",
  kinds    = "info",
  fields   = { "attribute" },
  category = "attribute",
  severity = "提示",
}
LUA
# ZZ-1 is published late (B1, a violation); ZZ-2 lacks its attribute (N1,
# a notice).
cat > "$T/both.csv" <<'CSV'
id,jurisdiction,kind,attribute,formed_on,published_on
ZZ-1,zezhou,info,proactive,2021-01-22,2021-03-01
ZZ-2,zezhou,info,,2021-03-01,2021-03-02
CSV
head -1 "$T/both.csv" >"$T/notice.csv"
sed -n 3p "$T/both.csv" >>"$T/notice.csv"
gk import --db "$T/b.db" "$T/both.csv"
expect_status 0 "fixture: records with a violation and a notice imported"
gk import --db "$T/n.db" "$T/notice.csv"
expect_status 0 "fixture: records with a notice only imported"
run() { db=$1; shift; gk run --worktree --db "$db" --policies "$T/pol" --as-of 2021-12-31 "$@"; }

# ---- the declaration -----------------------------------------------------------

cp -r "$T/pol" "$T/bad"
sed -i 's/severity = "提示"/severity = "违法"/' "$T/bad/baseline/n1-attribute.lua"
gk lint --policies "$T/bad"
expect_status 1 "lint: an unknown severity is a problem"
expect_out "baseline/n1-attribute.lua:2: required 'N1': unknown severity '违法' (did you mean '违规'?)" \
	"lint: names the file, the line and the nearest word"
sed -i 's/severity = "违法"/severity = "notise"/' "$T/bad/baseline/n1-attribute.lua"
gk run --worktree --db "$T/b.db" --policies "$T/bad" --as-of 2021-12-31
expect_status 2 "run: a policy set with an unknown severity is refused"
expect_err "unknown severity 'notise' (did you mean 'notice'?): a rule is \"违规\" (violation, the default) or \"提示\" (notice)" \
	"run: says the accepted words"
sed -i 's/severity = "notise"/severity = "notice"/' "$T/bad/baseline/n1-attribute.lua"
gk lint --policies "$T/bad" --as-of 2021-12-31
expect_status 0 "lint: the English word notice is accepted"

# ---- exit statuses: --fail-on ----------------------------------------------------

run "$T/b.db" --full
expect_status 1 "a violation and a notice: exit status 1"
expect_out "[提示] ZZ-2  zezhou  N1  attribute" "text: the notice is marked [提示]"
expect_out "
ZZ-1  zezhou  B1  deadline" "text: a violation looks as it did"
expect_out "1 of them a notice (提示: not violations)" "text: the notices are counted"
run "$T/n.db" --full
expect_status 0 "notices only: exit status 0 by default"
expect_out "1 finding in run 1" "notices only: the finding is still reported"
run "$T/n.db" --fail-on notice
expect_status 1 "notices only, --fail-on notice: exit status 1"
run "$T/n.db" --fail-on 提示
expect_status 1 "--fail-on takes the Chinese word too"
run "$T/b.db" --fail-on violation
expect_status 1 "a violation, --fail-on violation: exit status 1"
run "$T/b.db" --fail-on none
expect_status 0 "a violation, --fail-on none: exit status 0"
run "$T/n.db" --fail-on warning
expect_status 2 "--fail-on with an unknown value: exit status 2"
expect_err "run: --fail-on 'warning': expected violation (the default), notice or none" \
	"--fail-on with an unknown value: says what it takes"
printf 'fail_on: notice\n' >"$T/job.yaml"
gk --config "$T/job.yaml" run --worktree --db "$T/n.db" --policies "$T/pol" --as-of 2021-12-31
expect_status 1 "fail_on: notice in gongkai.yaml: exit status 1 on notices"
gk --config "$T/job.yaml" run --worktree --db "$T/n.db" --policies "$T/pol" --as-of 2021-12-31 --fail-on violation
expect_status 0 "--fail-on overrides fail_on: of gongkai.yaml"
printf 'jobs: 1\nfail_on: always\n' >"$T/bad.yaml"
gk --config "$T/bad.yaml" run --worktree --db "$T/n.db" --policies "$T/pol" --as-of 2021-12-31
expect_status 2 "fail_on: with an unknown value: exit status 2"
expect_err "bad.yaml:2" "fail_on: with an unknown value: names the file and line"

gk explain --worktree --db "$T/b.db" --policies "$T/pol" --as-of 2021-12-31 ZZ-2
expect_out "结论：提示（attribute）：记录应写明公开属性" "explain: a notice's verdict says 提示"
gk explain --worktree --db "$T/b.db" --policies "$T/pol" --as-of 2021-12-31 ZZ-1
expect_out "结论：不合规（deadline）" "explain: a violation's verdict says 不合规 as before"

# ---- JSON, CSV, the store --------------------------------------------------------

run "$T/b.db" --format json
expect_eq "$(python3 -c "import json,sys; d=json.load(open('$T/.out')); print(d['schema'], ' '.join(f['rule'] + '=' + f['severity'] for f in d['findings']))")" \
	"2 B1=violation N1=notice" "json: each finding says its severity"
run "$T/b.db" --format csv
expect_eq "$(python3 -c "import csv; r=list(csv.DictReader(open('$T/.out', newline=''))); print(' '.join(f['rule'] + '=' + f['severity'] for f in r))")" \
	"B1=violation N1=notice" "csv: a severity column"
expect_eq "$(sqlite3 "$T/b.db" "SELECT group_concat(rule || '=' || severity, ' ') FROM (SELECT rule, severity FROM findings WHERE run_id = (SELECT max(id) FROM runs) ORDER BY rule)")" \
	"B1=violation N1=notice" "store: each finding's severity is stored"
run "$T/b.db" --format sarif
expect_eq "$(python3 -c "
import json
d = json.load(open('$T/.out'))['runs'][0]
rules = {r['id']: r['defaultConfiguration']['level'] for r in d['tool']['driver']['rules']}
res = sorted(r['ruleId'] + '=' + r['level'] for r in d['results'])
print(' '.join(res), rules.get('N1'), rules.get('B1'))")" \
	"B1=error N1=note note error" "sarif: a notice is a note, a violation an error (results and rules)"
# JUnit agrees with the exit status: a notice is a passing testcase unless
# --fail-on notice.
junit_facts() {
	python3 -c "
import sys, xml.etree.ElementTree as E
r = E.parse('$T/.out').getroot()
out = []
for c in r.iter('testcase'):
    if c.get('classname', '').split('.')[-1] not in ('B1', 'N1'): continue
    f = c.find('failure'); o = c.find('system-out')
    out.append(c.get('classname').split('.')[-1] + '=' + ('failure' if f is not None else
               'pass:' + (o.text or '')[:3] if o is not None else 'pass'))
print(r.get('failures'), ' '.join(sorted(out)))"
}
run "$T/b.db" --format junit
expect_eq "$(junit_facts)" "1 B1=failure N1=pass:提示：" "junit: a notice passes, its text in system-out, by default"
run "$T/b.db" --format junit --fail-on notice
expect_eq "$(junit_facts)" "2 B1=failure N1=failure" "junit --fail-on notice: a notice fails too"
# Not part of a finding's identity: the same records again persist.
expect_eq "$(sqlite3 "$T/b.db" "SELECT group_concat(DISTINCT status) FROM findings WHERE run_id = (SELECT max(id) FROM runs)")" \
	"persisting" "a notice persists from run to run like any finding"

# ---- findings --severity ---------------------------------------------------------

gk findings --db "$T/b.db" --severity notice --format csv
expect_eq "$(sed 1d "$T/.out" | cut -d, -f7,9 | tr '\r\n' '  ')" "N1,notice " "findings --severity notice: only the notice"
gk findings --db "$T/b.db" --severity violation --format csv
expect_eq "$(sed 1d "$T/.out" | cut -d, -f7,9 | tr '\r\n' '  ')" "B1,violation " "findings --severity violation: only the violation"
gk findings --db "$T/b.db" --severity 提示
expect_out "[持续] [提示] ZZ-2" "findings --severity 提示: the notice, marked"
expect_out "1 finding in run" "findings --severity 提示: one finding"
gk findings --db "$T/b.db" --severity notise
expect_status 2 "findings --severity with a misspelt value: exit status 2"
expect_err "--severity 'notise': expected violation or notice (did you mean 'notice'?)" \
	"findings --severity with a misspelt value: the nearest word"

# ---- the work lists --------------------------------------------------------------

gk report --db "$T/b.db" --by-unit --out "$T/lists"
csvfile=$(ls "$T/lists"/*.csv 2>/dev/null | head -1)
if [ -n "$csvfile" ] && head -1 "$csvfile" | grep -q "问题类型,性质,期限" &&
   grep -q "N1,attribute,提示," "$csvfile" && grep -q "B1,deadline,违规," "$csvfile"; then
	ok "work list .csv: a 性质 column"
else
	not_ok "work list .csv: a 性质 column" "$(ls "$T/lists"; head -3 "$csvfile" 2>/dev/null)"
fi
mdfile=$(grep -l "| N1 |" "$T/lists"/*.md 2>/dev/null | head -1)
if [ -n "$mdfile" ] && grep -q "| 规则 | 性质 | 状态 |" "$mdfile" && grep -q "| N1 | 提示 |" "$mdfile"; then
	ok "work list .md: a 性质 column"
else
	not_ok "work list .md: a 性质 column" "$(head -c 600 "$mdfile" 2>/dev/null)"
fi

# ---- the seal: layout 6 ----------------------------------------------------------

gk verify --db "$T/b.db"
expect_status 0 "layout 6 runs verify"
expect_eq "$(sqlite3 "$T/b.db" "SELECT group_concat(DISTINCT layout) FROM runs")" "6" "new runs are sealed with layout 6"
cp "$T/b.db" "$T/t.db"
cp "$T/b.db.chain" "$T/t.db.chain"
sqlite3 "$T/t.db" "UPDATE findings SET severity = 'notice' WHERE rule = 'B1' AND run_id = 1"
gk verify --db "$T/t.db"
expect_status 1 "a violation made a notice after the fact breaks the seal"
expect_out "run 1: the run or its findings were changed" "a changed severity: names the run"

# ---- a database of the gongkai before severities ---------------------------------

# Two layout 4 runs and a layout 5 run (tests/fixtures/layout4.sql, then
# the rows of layout5.sql) verify as they are, their findings read as
# violations, and a layout 6 run chains on from them.
sqlite3 "$T/v5.db" <"$GK_TOP/tests/fixtures/layout4.sql"
sqlite3 "$T/v5.db" <"$GK_TOP/tests/fixtures/layout5.sql"
cp "$GK_TOP/tests/fixtures/layout5.chain" "$T/v5.db.chain"
gk verify --db "$T/v5.db"
expect_status 0 "a schema 5 database (layouts 4 and 5) is upgraded and verifies"
expect_out "3 runs verified" "layouts 4 and 5: every run checked"
expect_eq "$(sqlite3 "$T/v5.db" "SELECT value FROM meta WHERE key = 'schema'") $(sqlite3 "$T/v5.db" "SELECT group_concat(DISTINCT severity) FROM findings")" \
	"6 violation" "upgraded to schema 6: the older findings are violations"
gk findings --db "$T/v5.db" --format json
expect_eq "$(python3 -c "import json; d=json.load(open('$T/.out')); print(len(d['findings']) > 0, set(f['severity'] for f in d['findings']))")" \
	"True {'violation'}" "findings of an older run: severity violation"
gk run --db "$T/v5.db" --worktree --policies "$POL" --as-of 2025-09-05 --format csv
expect_status 1 "a run on the upgraded database"
expect_eq "$(sqlite3 "$T/v5.db" "SELECT group_concat(layout) FROM runs") $(sqlite3 "$T/v5.db" "SELECT prev_hash = (SELECT hash FROM runs WHERE id = 3) FROM runs WHERE id = 4")" \
	"4,4,5,6 1" "the new run: layout 6, chained to the layout 5 run"
gk verify --db "$T/v5.db"
expect_status 0 "layouts 4, 5 and 6 verify together"
expect_out "holds 4 of the 4 runs" "the chain log goes on with the layout 6 run"
# A layout 5 seal says nothing of severity: an older run's findings read
# as the violations they were, whatever the column was changed to.
sqlite3 "$T/v5.db" "UPDATE findings SET severity = 'notice' WHERE run_id = 3"
gk findings --db "$T/v5.db" --run 3 --severity notice
expect_out "0 findings in run 3" "an older run's findings stay violations whatever the column says"
gk findings --db "$T/v5.db" --run 3 --format csv
expect_eq "$(python3 -c "import csv; r=list(csv.DictReader(open('$T/.out', newline=''))); print(len(r) > 0, set(f['severity'] for f in r))")" \
	"True {'violation'}" "an older run's findings are listed as violations"

#!/bin/sh
# test_summary.sh - the nightly log: gongkai run on a pipe prints its
# summary (counts by jurisdiction, category and unit, equal to what gongkai
# findings lists), --full and --format the listing; and filters that name
# nothing are refused naming the nearest names.
. "$(dirname "$0")/lib.sh"

DB="$T/s.db"
"$GK_GEN" --count 300 --seed 4 >"$T/r.csv"
gk import --db "$DB" "$T/r.csv"
expect_status 0 "import 300 generated records"
run() { gk run --worktree --db "$DB" --policies "$POL" --as-of 2025-06-30 "$@"; }

# ---- the summary on a pipe ---------------------------------------------------

run --warn-days 20
expect_status 1 "on a pipe: the exit status is the run's (findings: 1)"
cp "$T/.out" "$T/summary1.txt"
expect_out "run 1 as of 2025-06-30: 300 records (as of import 1)" "summary: the run, its as-of date, the records checked"
expect_out "policy set: directory $POL (digest " "summary: the policy set and its digest"
expect_out "first run of scope 'all': every finding is new" "summary: new, persisting, resolved"
expect_out "by jurisdiction:" "summary: counts by jurisdiction"
expect_out "泽州县 (zezhou)" "summary: a jurisdiction by its Chinese name, with its id"
expect_out "by category:" "summary: counts by category"
expect_out "时限 (deadline)" "summary: a category by its Chinese name"
expect_out "by unit (the 10 with the most findings of " "summary: the top 10 units"
expect_out "other units" "summary: the other units summed"
expect_out "details: gongkai findings --db $DB --run 1" "summary: the command that shows the detail"
if grep -q "依据：\|^ZZ-\|^QG-" "$T/.out"; then
	not_ok "summary: no finding listed" "$(grep -m1 "依据：\|^ZZ-\|^QG-" "$T/.out")"
else ok "summary: no finding listed"; fi
if grep -q "^reports:" "$T/.out"; then not_ok "summary: no report line without reports"
else ok "summary: no report line without reports"; fi

due=$(sqlite3 "$DB" "SELECT n_due_soon FROM runs WHERE id = 1")
if [ "${due:-0}" -gt 0 ]; then
	has=$(grep -c "^due soon: $due deadlines\? within 20 working days (not findings)$" "$T/summary1.txt")
	expect_eq "$has" "1" "summary: the deadlines due soon counted ($due)"
else not_ok "summary: the deadlines due soon counted" "the generated records have none due soon"; fi

# The summary's counts are those gongkai findings lists for the run.
gk findings --db "$DB" --run 1 --format json
cp "$T/.out" "$T/f1.json"
gk findings --db "$DB" --run 1 --status due_soon --format json
cp "$T/.out" "$T/d1.json"
cat >"$T/counts.py" <<'EOF'
import collections, json, re, sys
text = open(sys.argv[1], encoding="utf-8").read().split("\n")
found = json.load(open(sys.argv[2]))["findings"]
due = json.load(open(sys.argv[3]))["findings"]
heads = {"jurisdiction": "jurisdiction", "category": "category", "unit": "unit"}
problems = []
section = None
shown = {}
for line in text:
    m = re.match(r"by (jurisdiction|category|unit)\b", line)
    if m:
        section = m.group(1)
        shown[section] = {}
        continue
    m = re.match(r"  +(\d+) +(\d+) +(\d+)  (.*)$", line)
    if section and m:
        name = m.group(4)
        p = re.match(r".* \(([a-z_]+)\)$", name)
        if p and section != "unit":
            name = p.group(1)
        elif section == "unit" and name.startswith("未指明责任单位"):
            name = ""
        shown[section][name] = tuple(int(x) for x in m.group(1, 2, 3))
    elif not line.strip():
        section = None
for col, rows in shown.items():
    want = collections.defaultdict(lambda: [0, 0, 0])
    for f in found:
        k = f[col] or ""
        want[k][0] += 1
        want[k][1] += f["status"] == "new"
    for f in due:
        want[f[col] or ""][2] += 1
    others = None
    for name, counts in rows.items():
        m = re.match(r"(\d+) other units$", name)
        if m:
            others = (int(m.group(1)), counts)
            continue
        if tuple(want[name]) != counts:
            problems.append("%s %r: summary %s, findings %s" % (col, name, counts, want[name]))
    listed = [n for n in rows if not re.match(r"\d+ other units$", n)]
    rest = [want[n] for n in want if n not in listed]
    if others:
        got = (len(rest), tuple(sum(x[i] for x in rest) for i in range(3)))
        if got != others:
            problems.append("other units: summary %s, findings %s" % (others, got))
    elif rest:
        problems.append("%s: not shown: %s" % (col, sorted(n for n in want if n not in listed)))
if len(shown) != 3 or not found:
    problems.append("sections %s, %d findings" % (sorted(shown), len(found)))
print("; ".join(problems) if problems else "equal")
EOF
expect_eq "$(python3 "$T/counts.py" "$T/summary1.txt" "$T/f1.json" "$T/d1.json")" "equal" \
	"summary: every count by jurisdiction, category and unit (findings, new, due soon) is gongkai findings'"
n=$(grep '(zezhou)$' "$T/summary1.txt" | awk '{print $1}')
gk findings --db "$DB" --run 1 --jurisdiction zezhou --format csv
expect_eq "$(($(wc -l <"$T/.out") - 1))" "$n" "summary: zezhou's count is findings --jurisdiction zezhou's"

# A second night: new and persisting, resolved.
run --warn-days 5 --as-of 2025-07-31
expect_out "since run 1: " "a second night: new, persisting and resolved since the first"

# ---- the listing: --full, --format, a terminal ---------------------------------

run --full
expect_status 1 "--full: the exit status is the run's"
expect_out "依据：" "--full: every finding with its basis"
expect_out "findings in run 3 (stored in $DB)" "--full: the listing's last line"
if grep -q "^by jurisdiction" "$T/.out"; then not_ok "--full: no summary"; else ok "--full: no summary"; fi
run --format text
expect_out "依据：" "--format text: the listing on a pipe"
run --format csv
expect_out "run_id,status,record_id" "--format csv: the listing on a pipe"
run --format json
if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d['findings'] else 1)" "$T/.out"; then
	ok "--format json: the listing on a pipe"; else not_ok "--format json: the listing on a pipe"; fi
run --summary --full
expect_status 2 "--summary --full: refused"
expect_err "choose one" "--summary --full: says to choose"
run --summary --format json
expect_status 2 "--summary --format json: refused"
expect_err "--format json lists every finding" "--summary --format json: says why"

# On a terminal the listing, unless --summary.
on_tty stdout $GK_WRAP "$GK_BIN" run --worktree --db "$DB" --policies "$POL" --as-of 2025-06-30 >"$T/tty.txt"
if grep -q "依据：" "$T/tty.txt" && ! grep -q "^by jurisdiction" "$T/tty.txt"; then
	ok "on a terminal: every finding, no summary"
else not_ok "on a terminal: every finding, no summary" "$(flat "$(head -c 300 "$T/tty.txt")")"; fi
on_tty stdout $GK_WRAP "$GK_BIN" run --summary --worktree --db "$DB" --policies "$POL" --as-of 2025-06-30 >"$T/tty.txt"
if grep -q "^by jurisdiction" "$T/tty.txt" && ! grep -q "依据：" "$T/tty.txt"; then
	ok "on a terminal with --summary: the summary"
else not_ok "on a terminal with --summary: the summary" "$(flat "$(head -c 300 "$T/tty.txt")")"; fi

# ---- where the reports are -----------------------------------------------------

run --report-dir "$T/reports"
expect_out "reports: $T/reports/2025-06-30-run" "--report-dir: the summary says where the reports are"
expect_out "泽州县 (zezhou)" "--report-dir: the summary still names the jurisdictions"
folder=$(sed -n 's/^reports: //p' "$T/.out")
if [ -f "$folder/report.html" ] && [ -d "$folder/units" ]; then ok "--report-dir: the reports are there"
else not_ok "--report-dir: the reports are there" "$folder"; fi
printf 'db: %s\npolicies: %s\nreport_dir: %s\n' "$DB" "$POL" "$T/cfg-reports" >"$T/gongkai.yaml"
gk --config "$T/gongkai.yaml" run --worktree --as-of 2025-06-30 --quiet
expect_out "reports: $T/cfg-reports/2025-06-30-run" "report_dir: of gongkai.yaml: the summary says where"
: >"$T/blocker"
run --report-dir "$T/blocker"
expect_status 2 "reports that cannot be written: exit status 2"
expect_out "by jurisdiction:" "reports that cannot be written: the summary is still printed"
expect_err "is stored, but its reports were not written" "reports that cannot be written: said so"

# ---- no findings -----------------------------------------------------------------

printf 'id,jurisdiction,kind,title,attribute,producer,formed_on,published_on\nZZ-OK,zezhou,info,按时公开的通知,主动公开,泽州县文化和旅游局,2025-06-02,2025-06-04\n' >"$T/ok.csv"
CORE="$T/core"
mkdir -p "$CORE/baseline" "$CORE/zezhou"
cp "$POL/calendar.yaml" "$CORE/"
cp "$POL/baseline/b1-proactive.lua" "$CORE/baseline/"
gk import --db "$T/ok.db" "$T/ok.csv"
gk run --worktree --db "$T/ok.db" --policies "$CORE" --as-of 2025-06-30
expect_status 0 "no findings: exit status 0"
expect_out "no findings: every record complies as of 2025-06-30" "no findings: the summary says so"

# ---- filters that name nothing ------------------------------------------------------

# Run 1 evaluated every jurisdiction; the newest run (zezhou only) has no
# finding of quangang's units or of yinchuan's rule Y1.
run --jurisdiction 泽州县
expect_status 1 "run --jurisdiction 泽州县: a jurisdiction by its Chinese name"
expect_eq "$(sqlite3 "$DB" "SELECT scope FROM runs ORDER BY id DESC LIMIT 1")" "zezhou" \
	"run --jurisdiction 泽州县: the scope is its id"
ZZ=$(sqlite3 "$DB" "SELECT max(id) FROM runs")
run --jurisdiction zezou
expect_status 2 "run --jurisdiction zezou: exit status 2"
expect_err "did you mean 'zezhou' (泽州县)?" "run --jurisdiction zezou: the nearest folder named"
run --jurisdiction 泽州市
expect_err "did you mean 'zezhou' (泽州县)?" "run --jurisdiction 泽州市: the nearest by its name"
run --jurisdiction beijing
expect_err "(it has quangang, yinchuan, zezhou, zhongshan;" "run --jurisdiction beijing: nothing near, the folders listed"

f() { gk findings --db "$DB" --run "$ZZ" "$@"; }
f --status nwe
expect_status 2 "findings --status nwe: exit status 2"
expect_err "did you mean 'new'?" "findings --status nwe: the nearest status"
f --category deadlnie
expect_status 2 "findings --category deadlnie: exit status 2"
expect_err "did you mean 'deadline'?" "findings --category deadlnie: the nearest category"
f --category late
expect_err "expected deadline, responsibility, confidentiality" "findings --category late: nothing near, the categories listed"
# The unit the summary and the work lists name when a finding has none.
f --unit 未指明责任单位 --format csv
expect_status 0 "findings --unit 未指明责任单位: exit status 0"
expect_eq "$(sed 1d "$T/.out" | python3 -c "import csv,sys; print(sorted(set(r[5] for r in csv.reader(sys.stdin))))")" \
	"['']" "findings --unit 未指明责任单位: the findings that name no unit"
n_none=$(sed 1d "$T/.out" | wc -l)
f --unit "未指明责任单位（泽州县）" --format csv
expect_eq "$(sed 1d "$T/.out" | python3 -c "import csv,sys; print(sorted(set((r[4], r[5]) for r in csv.reader(sys.stdin))))")" \
	"[('zezhou', '')]" "findings --unit 未指明责任单位（泽州县）: a work list's name, its jurisdiction's"
if [ "$n_none" -gt 0 ]; then ok "findings --unit 未指明责任单位: some findings name no unit here"
else not_ok "findings --unit 未指明责任单位: some findings name no unit here" "none: the check above proves nothing"; fi
# The labels the text shows are filter values too.
f --category deadline --status new --format csv
by_id=$(cat "$T/.out")
f --category 时限 --status 新增 --format csv
expect_status 0 "findings --category 时限 --status 新增: exit status 0"
if [ "$(cat "$T/.out")" = "$by_id" ] && [ "$(printf '%s\n' "$by_id" | wc -l)" -gt 1 ]; then
	ok "findings --category 时限 --status 新增: the same findings as deadline and new"
else not_ok "findings --category 时限 --status 新增: the same findings as deadline and new" "$(head -c 300 "$T/.out")"; fi
f --jurisdiction zezou
expect_status 2 "findings --jurisdiction zezou: exit status 2"
expect_err "--jurisdiction 'zezou' names no jurisdiction of run $ZZ or of the policy set it evaluated; did you mean 'zezhou' (泽州县)?" \
	"findings --jurisdiction zezou: the nearest jurisdiction"
f --jurisdiction 泽州市
expect_err "did you mean '泽州县'?" "findings --jurisdiction 泽州市: the nearest name"
f --jurisdiction beijing
expect_err "the jurisdictions: quangang (泉港区), yinchuan (银川市), zezhou (泽州县) or zhongshan (中山市)" \
	"findings --jurisdiction beijing: nothing near, the jurisdictions listed"
f --jurisdiction 泽州县 --format csv
expect_status 0 "findings --jurisdiction 泽州县: taken"
gk findings --db "$DB" --run "$ZZ" --jurisdiction zezhou --format csv
expect_eq "$(cat "$T/.out")" "$(f --jurisdiction 泽州县 --format csv; cat "$T/.out")" \
	"findings --jurisdiction 泽州县: the same as --jurisdiction zezhou"
f --jurisdiction quangang
expect_status 0 "findings --jurisdiction quangang: in the policy set, not in this run: exit 0"
expect_out "0 findings in run $ZZ" "... and 0 findings is the answer"
f --rule b1
expect_err "did you mean 'B1'?" "findings --rule b1: the rule but for case"
f --rule B1x
expect_status 2 "findings --rule B1x: exit status 2"
expect_err "did you mean 'B1'" "findings --rule B1x: the nearest rule"
f --rule NOSUCHRULE
expect_err "rules: see the policy files" "findings --rule NOSUCHRULE: nothing near, where the rules are"
f --rule Y1
expect_status 0 "findings --rule Y1: a rule of the policy set with no finding this run: exit 0"
expect_out "0 findings in run $ZZ" "... and 0 findings"
f --unit 泽州县图书管
expect_status 2 "findings --unit 泽州县图书管: exit status 2"
expect_err "did you mean '泽州县图书馆'?" "findings --unit: the nearest unit, one character off"
f --unit 巴公镇综合文化站
expect_err "did you mean '泽州县巴公镇综合文化站'?" "findings --unit 巴公镇综合文化站: the unit containing it named"
f --unit nobody
expect_err "units: see the unit directories" "findings --unit nobody: nothing near, where the units are"
f --unit 泉港区文化馆
expect_status 0 "findings --unit: a unit of the directory with no finding this run: exit 0"
unit=$(sqlite3 "$DB" "SELECT unit FROM findings WHERE run_id = $ZZ AND unit IS NOT NULL LIMIT 1")
f --unit "$unit" --format csv
if [ "$status" -eq 0 ] && [ "$(wc -l <"$T/.out")" -gt 1 ]; then ok "findings --unit: a unit with findings lists them"
else not_ok "findings --unit: a unit with findings lists them" "$unit: $(cat "$T/.err")"; fi

# Commands and subcommands.
gk --confg "$T/gongkai.yaml" runs
expect_err "did you mean '--config'?" "a misspelt --config: the nearest named"
gk calendar stauts
expect_err "did you mean 'status'?" "calendar stauts: the nearest subcommand"
gk workdays ad 2025-01-01 3
expect_err "did you mean 'add'?" "workdays ad: the nearest subcommand"

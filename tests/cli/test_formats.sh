#!/bin/sh
# test_formats.sh - the machine formats: every JSON document validated
# against its schema (docs/schema/), run's and findings' finding objects
# the same, a broken document refused; run --format sarif valid SARIF
# 2.1.0; JUnit XML of run and test parsed and counted; TAP's plan and
# numbering.
. "$(dirname "$0")/lib.sh"

S="$GK_TOP/docs/schema"
CHECK="python3 $GK_TOP/tests/cli/schema_check.py"
if ! python3 -c 'import jsonschema' 2>/dev/null; then
	not_ok "python3-jsonschema is installed" "apt-get install python3-jsonschema (make test-deps)"
	exit 1
fi

# valid SCHEMA FILE NAME / invalid SCHEMA FILE NAME: a check, made with
# the others by checks (one Python for all of them).
: >"$T/checks"
valid() { printf 'valid\t%s\t%s\t%s\n' "$S/$1" "$2" "$3" >>"$T/checks"; }
invalid() { printf 'invalid\t%s\t%s\t%s\n' "$S/$1" "$2" "$3" >>"$T/checks"; }
checks() { $CHECK --list "$T/checks"; : >"$T/checks"; }
# py NAME SCRIPT ARGS...: ok when the Python script exits 0.
py() {
	name=$1 script=$2
	shift 2
	if python3 -c "$script" "$@" >"$T/.why" 2>&1; then ok "$name"; else
		not_ok "$name" "$(grep -v '^ *File \|^Traceback' "$T/.why" | cut -c1-300)"; fi
}

# A policy set with a waiver, records that give findings of several
# kinds: late (B1), no attribute (B4), due soon, a periodic duty (B3).
cp -r "$POL" "$T/pol"
cat > "$T/pol/waivers.yaml" <<'YAML'
waivers:
  - record: ZZ-5
    rule: B4
    reason: 属性字段由新系统补录
    approver: 王强
    start: 2021-01-01
    expiry: 2023-01-01
YAML
cat > "$T/r1.csv" <<'CSV'
id,jurisdiction,kind,title,producer,attribute,formed_on,published_on
ZZ-1,zezhou,info,"<通知> & ""引号"" 'x'",文化局,proactive,2022-01-22,2022-03-01
ZZ-2,zezhou,info,未定属性,文化局,,2022-03-01,2022-03-02
ZZ-3,zezhou,info,将到期,文化局,proactive,2022-06-21,
ZZ-4,zezhou,info,合规,文化局,proactive,2022-03-01,2022-03-02
ZZ-5,zezhou,info,豁免的,文化局,,2022-03-01,2022-03-02
CSV
gk import --db "$T/f.db" "$T/r1.csv"
expect_status 0 "fixture: records imported"
run() { gk run --worktree --db "$T/f.db" --policies "$T/pol" "$@"; }
run --as-of 2022-06-30 --warn-days 20 --format json
expect_status 1 "fixture: the first run has findings"
cp "$T/.out" "$T/run1.json"
# The unit answers ZZ-1's finding 已整改 on its work list; ZZ-2 is fixed.
gk report --db "$T/f.db" --by-unit --out "$T/lists"
X="python3 $GK_TOP/tests/cli/xlsx.py"
ref=$($X dump "$T/lists/文化局.xlsx" | grep -F "	ZZ-1	" | cut -f1)
cp "$T/lists/文化局.xlsx" "$T/back.xlsx"
$X fill "$T/back.xlsx" "整改情况=$ref:已整改" "整改日期=$ref:date:2022-07-01" "备注=$ref:已在网站公开"
gk feedback --db "$T/f.db" "$T/back.xlsx"
expect_status 0 "fixture: a unit's answer read"
printf 'id,jurisdiction,kind,title,producer,attribute,formed_on,published_on\nZZ-2,zezhou,info,未定属性,文化局,proactive,2022-03-01,2022-03-02\nZZ-6,zezhou,info,新的,文化局,,2022-07-01,2022-07-02\n' >"$T/r2.csv"
gk import --db "$T/f.db" "$T/r2.csv"
run --as-of 2022-07-05 --warn-days 20 --format json
expect_status 1 "fixture: the second run has findings"
cp "$T/.out" "$T/run.json"

# ---- JSON: each document against its schema --------------------------------

valid run.schema.json "$T/run1.json" "run --format json: valid (first run)"
valid run.schema.json "$T/run.json" "run --format json: valid (new, persisting, due soon, waived, answered)"
for st in "" new persisting resolved due_soon; do
	gk findings --db "$T/f.db" ${st:+--status $st} --format json
	cp "$T/.out" "$T/findings-${st:-all}.json"
	valid findings.schema.json "$T/findings-${st:-all}.json" "findings --format json${st:+ --status $st}: valid"
done
gk runs --db "$T/f.db" --format json
cp "$T/.out" "$T/runs.json"
valid runs.schema.json "$T/runs.json" "runs --format json: valid"
gk coverage --policies "$T/pol" --worktree --format json
cp "$T/.out" "$T/coverage.json"
valid coverage.schema.json "$T/coverage.json" "coverage --format json: valid"
gk calendar status --policies "$T/pol" --as-of 2026-11-15 --format json
cp "$T/.out" "$T/calendar.json"
valid calendar-status.schema.json "$T/calendar.json" "calendar status --format json: valid"
gk calendar status --policies "$T/pol" --as-of 2022-06-30 --format json
cp "$T/.out" "$T/calendar2.json"
valid calendar-status.schema.json "$T/calendar2.json" "calendar status --format json: valid (nothing missing)"

# The fixture holds what the schema's branches are about.
py "the fixture has new, persisting, due soon, waived, answered and resolved findings" '
import json, sys
r = json.load(open(sys.argv[1]))
fs = r["findings"]
assert {f["status"] for f in fs} == {"new", "persisting"}, [f["status"] for f in fs]
assert r["due_soon"] and all(f["days_left"] is not None for f in r["due_soon"]), r["due_soon"]
assert any(f["waiver"] for f in fs), "no waived finding"
assert any(f["feedback"] and f["fixed_but_found"] for f in fs), "no answered finding"
assert any(f["period"] and not f["record_id"] for f in fs), "no periodic finding"
res = json.load(open(sys.argv[2]))["findings"]
assert res and all(f["status"] == "resolved" for f in res), res
for d in (sys.argv[3], sys.argv[4], sys.argv[5]):
    assert json.load(open(d))["schema"] == 1, d
' "$T/run.json" "$T/findings-resolved.json" "$T/runs.json" "$T/coverage.json" "$T/calendar.json"

# run and findings: one finding object, the same keys in the same order,
# the same values.
py "run and findings give the same finding objects (keys, order, values)" '
import json, sys
from collections import OrderedDict
load = lambda p: json.load(open(p), object_pairs_hook=OrderedDict)
run, fin, due = load(sys.argv[1]), load(sys.argv[2]), load(sys.argv[3])
key = lambda f: (f["record_id"] or "", f["rule"], f["period"] or "", f["unit"] or "")
a = sorted(run["findings"], key=key)
b = sorted(fin["findings"], key=key)
assert len(a) == len(b) == run["run"]["findings"], (len(a), len(b))
for x, y in zip(a, b):
    assert list(x) == list(y), (list(x), list(y))
    assert x == y, (x, y)
a = sorted(run["due_soon"], key=key)
b = sorted(due["findings"], key=key)
assert a == b and a, (a, b)
assert fin["run_id"] == run["run"]["id"]
' "$T/run.json" "$T/findings-all.json" "$T/findings-due_soon.json"

# A broken document fails: the schema is strict enough to catch it.
breakit() {
	python3 - "$T/run.json" "$T/broken.json" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = d["findings"][0]
how = sys.argv[3]
if how == "extra": f["colour"] = "red"
elif how == "missing": del f["message"]
elif how == "category": f["category"] = "timeliness"
elif how == "status": f["status"] = "fixed"
elif how == "date": f["first_seen"] = "2021/07/05"
elif how == "severity": f["severity"] = "warning"
elif how == "feedback": f["feedback"] = {"status": "done", "fixed_on": None, "note": None, "run_id": 1}
elif how == "schema": d["schema"] = 1
elif how == "run": d["run"]["speed"] = 1
elif how == "due": d["due_soon"][0]["days_left"] = None
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
}
for how in extra missing category severity status date feedback schema run due; do
	breakit "$how"
	cp "$T/broken.json" "$T/broken-$how.json"
	invalid run.schema.json "$T/broken-$how.json" "a broken run document ($how) fails validation"
done

# ---- SARIF -------------------------------------------------------------------

run --as-of 2022-07-05 --format sarif
expect_status 1 "run --format sarif: exit status 1 with findings"
cp "$T/.out" "$T/run.sarif"
valid sarif-profile.schema.json "$T/run.sarif" "run --format sarif: valid against gongkai's SARIF profile"
# The OASIS schema (sarif-schema-2.1.0.json, draft-04) when it is at hand.
SARIF_SCHEMA=${GK_SARIF_SCHEMA:-}
if [ -n "$SARIF_SCHEMA" ] && [ -f "$SARIF_SCHEMA" ]; then
	if $CHECK "$SARIF_SCHEMA" "$T/run.sarif" 2>"$T/.why"; then
		ok "run --format sarif: valid against the OASIS SARIF 2.1.0 schema"
	else
		not_ok "run --format sarif: valid against the OASIS SARIF 2.1.0 schema" "$(cat "$T/.why")"
	fi
fi
py "SARIF: every rule a descriptor, every finding a result pointing at its rule" '
import json, sys
s = json.load(open(sys.argv[1]))
r = json.load(open(sys.argv[2]))
run = s["runs"][0]
rules = run["tool"]["driver"]["rules"]
res = run["results"]
assert len(res) == len(r["findings"]), (len(res), len(r["findings"]))
ids = [x["id"] for x in rules]
for want in ("B1", "B3", "B4", "Z1"):
    assert want in ids, (want, ids)
for x in rules:
    assert x["help"]["text"] == x["properties"]["basis"], x
    assert x["properties"]["basis"] in x["fullDescription"]["text"], x
for x in res:
    d = rules[x["ruleIndex"]]
    assert d["id"] == x["ruleId"], (d, x)
    assert x["level"] == "error"
    ll = x["locations"][0]["logicalLocations"][0]
    assert ll["fullyQualifiedName"].startswith("zezhou/"), ll
byrec = {x["locations"][0]["logicalLocations"][0]["name"]: x for x in res if x["ruleId"] == "B4"}
assert byrec["ZZ-5"]["suppressions"][0]["justification"].startswith("王强"), byrec["ZZ-5"]
assert "suppressions" not in byrec.get("ZZ-1", {}), "ZZ-1 waived?"
b1 = [x for x in res if x["ruleId"] == "B1"][0]
assert b1["message"]["text"] and b1["properties"]["status"] == "persisting", b1
assert b1["properties"]["first_seen"] == "2022-06-30" and b1["properties"]["unit"] == "文化局", b1
inv = run["invocations"][0]["properties"]
assert inv["as_of"] == "2022-07-05" and inv["policy_revision"] == "worktree", inv
assert run["automationDetails"]["id"] == "gongkai/all/%d" % inv["run_id"], run["automationDetails"]
' "$T/run.sarif" "$T/run.json"
# The same findings the next night: the same fingerprints.
run --as-of 2022-07-05 --format sarif
cp "$T/.out" "$T/run2.sarif"
py "SARIF: a finding keeps its fingerprint from one run to the next" '
import json, sys
fp = lambda p: sorted(x["partialFingerprints"]["gongkaiFinding/v1"] for x in json.load(open(p))["runs"][0]["results"])
a, b = fp(sys.argv[1]), fp(sys.argv[2])
assert a == b and len(set(a)) == len(a), (a, b)
' "$T/run.sarif" "$T/run2.sarif"
run --as-of 2022-07-05 --format sarif --jobs 3
cp "$T/.out" "$T/run3.sarif"
py "SARIF: the same results in the same order with --jobs 3" '
import json, sys
res = lambda p: [(x["ruleIndex"], x["partialFingerprints"]) for x in json.load(open(p))["runs"][0]["results"]]
assert res(sys.argv[1]) == res(sys.argv[2]), (res(sys.argv[1]), res(sys.argv[2]))
' "$T/run.sarif" "$T/run3.sarif"
python3 - "$T/run.sarif" "$T/broken.sarif" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
del d["runs"][0]["results"][0]["ruleIndex"]
d["runs"][0]["results"][0]["level"] = "fatal"
json.dump(d, open(sys.argv[2], "w"))
PY
invalid sarif-profile.schema.json "$T/broken.sarif" "a broken SARIF log fails validation"
run --as-of 2022-07-05 --jurisdiction quangang --format sarif
expect_status 2 "run --format sarif: a jurisdiction without records is still an error"
gk run --worktree --db "$T/f.db" --policies "$T/pol" --format xml
expect_err "run: --format 'xml': expected text, json, csv, sarif or junit" "run --format: the formats named"

# No finding: an empty results list, exit status 0; with --jurisdiction
# the rules are the baseline's and that jurisdiction's.
printf 'id,jurisdiction,kind,title,producer,attribute,formed_on,published_on\nZZ-4,zezhou,info,合规,文化局,proactive,2022-03-01,2022-03-02\n' >"$T/clean.csv"
gk import --db "$T/clean.db" "$T/clean.csv"
gk run --worktree --db "$T/clean.db" --policies "$T/pol" --as-of 2022-01-20 --jurisdiction zezhou --format sarif
expect_status 0 "run --format sarif: exit status 0 without findings"
cp "$T/.out" "$T/clean.sarif"
valid sarif-profile.schema.json "$T/clean.sarif" "run --format sarif: valid without findings"
py "SARIF: --jurisdiction zezhou lists the baseline's rules and zezhou's" '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert run["results"] == [], run["results"]
js = {r["properties"]["jurisdiction"] for r in run["tool"]["driver"]["rules"]}
assert js == {"baseline", "zezhou"}, js
assert run["automationDetails"]["id"].startswith("gongkai/zezhou/"), run["automationDetails"]
' "$T/clean.sarif"
checks

# ---- JUnit of a run ------------------------------------------------------------

run --as-of 2022-07-05 --format junit
expect_status 1 "run --format junit: exit status 1 with findings"
cp "$T/.out" "$T/run.xml"
py "run --format junit: well-formed, a suite per jurisdiction, counts that add up" '
import json, sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
r = json.load(open(sys.argv[2]))
assert root.tag == "testsuites", root.tag
suites = root.findall("testsuite")
assert [s.get("name") for s in suites] == ["zezhou"], [s.get("name") for s in suites]
tot = {"tests": 0, "failures": 0, "skipped": 0}
for s in suites:
    cases = s.findall("testcase")
    fail = [c for c in cases if c.find("failure") is not None]
    skip = [c for c in cases if c.find("skipped") is not None]
    assert int(s.get("tests")) == len(cases), (s.get("tests"), len(cases))
    assert int(s.get("failures")) == len(fail) and int(s.get("skipped")) == len(skip)
    assert s.get("errors") == "0"
    tot["tests"] += len(cases); tot["failures"] += len(fail); tot["skipped"] += len(skip)
    passing = [c for c in cases if len(c) == 0]
    names = {c.get("name") for c in passing}
    # B2 (applications) found nothing: a passing case; B1 found: none.
    assert "B2" in names and "B1" not in names, names
    assert all(c.get("classname") == "zezhou." + c.get("name") for c in passing)
for k, v in tot.items():
    assert int(root.get(k)) == v, (k, root.get(k), v)
n = len(r["findings"])
w = sum(1 for f in r["findings"] if f["waiver"])
assert tot["failures"] == n - w and tot["skipped"] == w, (tot, n, w)
case = [c for c in suites[0].findall("testcase") if c.get("name") == "B1 ZZ-1"][0]
text = case.find("failure").text
assert "<通知> & \"引号\" '"'"'x'"'"'" in text, text
assert case.get("classname") == "zezhou.B1" and case.find("failure").get("type") == "deadline"
' "$T/run.xml" "$T/run.json"

run --as-of 2022-07-05 --format junit --jobs 3
cp "$T/.out" "$T/run3.xml"
py "run --format junit: the same testcases with --jobs 3" '
import sys
import xml.etree.ElementTree as ET
cases = lambda p: [(c.get("classname"), c.get("name"), [x.tag for x in c]) for c in ET.parse(p).getroot().iter("testcase")]
assert cases(sys.argv[1]) == cases(sys.argv[2]), (cases(sys.argv[1]), cases(sys.argv[2]))
' "$T/run.xml" "$T/run3.xml"

# ---- policy tests: TAP and JUnit -----------------------------------------------

gk test --policies "$POL" --format tap B1
expect_status 0 "test --format tap: the bundled tests pass"
cp "$T/.out" "$T/all.tap"
check_tap() {
	python3 - "$1" "$2" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[0] == "TAP version 13", lines[0]
tests = [l for l in lines if re.match(r"(not )?ok \d+ - ", l)]
plans = [l for l in lines if re.match(r"1\.\.\d+$", l)]
assert len(plans) == 1, plans
n = int(plans[0][3:])
assert n == len(tests) and n > 0, (n, len(tests))
assert [int(re.match(r"(?:not )?ok (\d+)", l).group(1)) for l in tests] == list(range(1, n + 1))
failed = [l for l in tests if l.startswith("not ok")]
assert len(failed) == int(sys.argv[2]), failed
# A failing test's YAML block follows it, between "  ---" and "  ...".
for i, l in enumerate(lines):
    if l.startswith("not ok"):
        assert lines[i + 1] == "  ---" and lines[i + 2].startswith("  message: "), lines[i:i + 4]
        assert "  ..." in lines[i + 3:i + 6], lines[i:i + 6]
# Anything else is a comment or a YAML block.
inblock = False
for l in lines[1:]:
    if l == "  ---": inblock = True
    elif l == "  ...": inblock = False
    elif not (inblock or not l or l.startswith("#") or re.match(r"(not )?ok \d+ - |1\.\.\d+$", l)):
        raise AssertionError("not TAP: " + l)
PY
}
if check_tap "$T/all.tap" 0; then ok "test --format tap: version, plan 1..N, numbered 1 to N"; else
	not_ok "test --format tap: version, plan 1..N, numbered 1 to N"; fi
gk test --policies "$POL" --tap B4
cp "$T/.out" "$T/b4.tap"
if check_tap "$T/b4.tap" 0 && grep -q '^ok 1 - ' "$T/b4.tap"; then ok "test --tap: the same as --format tap"; else
	not_ok "test --tap: the same as --format tap" "$(head -3 "$T/b4.tap")"; fi

# A policy set whose tests fail, with names XML must escape.
mkdir -p "$T/pt/baseline/tests" "$T/pt/zezhou"
cp "$POL/calendar.yaml" "$T/pt/"
cp "$POL/baseline/b4-attribute.lua" "$T/pt/baseline/"
cat > "$T/pt/baseline/tests/b4.yaml" <<'YAML'
rule: B4
as_of: 2021-12-31
jurisdiction: zezhou
cases:
  - name: "有属性 <ok> & \"quoted\" \a bell"
    record: { kind: info, attribute: proactive, formed_on: 2021-03-01, published_on: 2021-03-02 }
    expect: pass
  - name: "无属性 # not a comment"
    record: { kind: info, formed_on: 2021-03-01 }
    expect: { category: attribute }
  - name: wrong expectation
    record: { kind: info, formed_on: 2021-03-01 }
    expect: { category: deadline }
YAML
gk test --policies "$T/pt" --format tap
expect_status 1 "test --format tap: a failing case is exit status 1"
cp "$T/.out" "$T/fail.tap"
if check_tap "$T/fail.tap" 1; then ok "test --format tap: the failing case not ok with its YAML block"; else
	not_ok "test --format tap: the failing case not ok with its YAML block" "$(cat "$T/fail.tap")"; fi
expect_out "# 3 passed, 1 failed" "test --format tap: the counts a comment"
expect_out 'B4: 无属性 \# not a comment' "test --format tap: a '#' in a name escaped"
expect_out 'B4: 有属性 <ok> & "quoted" '"$(printf '\357\277\275')"' bell' \
	"test --format tap: a control character in a name replaced"
gk test --policies "$T/pt" --format junit
expect_status 1 "test --format junit: a failing case is exit status 1"
cp "$T/.out" "$T/fail.xml"
expect_err "3 passed, 1 failed" "test --format junit: the counts on stderr"
py "test --format junit: well-formed, escaped, counted" '
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
s = root.find("testsuite")
cases = s.findall("testcase")
assert int(root.get("tests")) == int(s.get("tests")) == len(cases) == 4, len(cases)
fail = [c for c in cases if c.find("failure") is not None]
assert int(root.get("failures")) == int(s.get("failures")) == len(fail) == 1
assert fail[0].get("name") == "B4: wrong expectation", fail[0].get("name")
assert "expected a finding of category deadline" in fail[0].find("failure").get("message")
assert fail[0].get("classname").endswith("pt/baseline/tests/b4.yaml"), fail[0].get("classname")
names = [c.get("name") for c in cases]
assert "B4: 有属性 <ok> & \"quoted\" \ufffd bell" in names, names
assert "B4: 无属性 # not a comment" in names, names
' "$T/fail.xml"
gk test --policies "$T/pt" --format xml
expect_err "test: --format 'xml': expected text, tap or junit" "test --format: the formats named"
run --format jsn
expect_err "--format 'jsn': expected text, json, csv, sarif or junit; did you mean 'json'?" "run --format jsn: the formats named, the nearest suggested"

# The whole policy set: a jurisdiction's own B3 beside the baseline's.
# SARIF's rule ids are unique (the jurisdiction's is B3/yinchuan, a
# sub-rule), and every result names the id of the rule it points at.
"$GK_GEN" --count 300 --seed 11 > "$T/all.csv"
gk import --db "$T/all.db" "$T/all.csv"
gk run --worktree --db "$T/all.db" --policies "$POL" --as-of 2025-06-30 --format sarif
cp "$T/.out" "$T/all.sarif"
py "SARIF over the whole set: rule ids unique, each result's ruleId its rule's id" '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
rules = run["tool"]["driver"]["rules"]
ids = [x["id"] for x in rules]
assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
assert "B3" in ids and "B3/yinchuan" in ids, ids
for x in run["results"]:
    assert rules[x["ruleIndex"]]["id"] == x["ruleId"], x
' "$T/all.sarif"

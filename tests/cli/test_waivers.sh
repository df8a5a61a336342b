#!/bin/sh
# test_waivers.sh - approved exceptions (waivers.yaml): reported as waived
# with their approver, never dropped; expiry; waivers that match nothing.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/pol/baseline" "$T/pol/zezhou"
cp "$POL/calendar.yaml" "$T/pol/"
cp "$POL/baseline/b1-proactive.lua" "$POL/baseline/b4-attribute.lua" "$T/pol/baseline/"
# Every rule answers to a requirement of the coverage map (lint checks it).
cat > "$T/pol/baseline/requirements.yaml" <<'YAML'
documents:
  - source: 《中华人民共和国政府信息公开条例》
    requirements:
      - { clause: 第二十六条, quote: 属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。, rules: [B1] }
      - { clause: 第十三条, quote: 行政机关公开政府信息，采取主动公开和依申请公开的方式。, rules: [B4] }
YAML
cat > "$T/r.csv" <<'CSV'
id,jurisdiction,kind,attribute,formed_on,published_on
ZZ-1,zezhou,info,proactive,2021-01-22,2021-03-01
ZZ-2,zezhou,info,,2021-03-01,2021-03-02
CSV
gk import --db "$T/w.db" "$T/r.csv"
run() { gk run --worktree --db "$T/w.db" --policies "$T/pol" "$@"; }

cat > "$T/pol/waivers.yaml" <<'YAML'
waivers:
  - record: ZZ-1
    rule: B1
    reason: 系统迁移期间网站停用，经局务会同意延后公开
    approver: 李娜（办公室主任）
    start: 2021-01-01
    expiry: 2022-01-01
  - rule: B4
    jurisdiction: zezhou
    reason: 属性字段由新系统补录
    approver: 王强
    start: 2021-01-01
    expiry: 2021-06-01
  - record: ZZ-9
    reason: 已撤销的记录
    approver: 王强
    start: 2021-01-01
    expiry: 2030-01-01
YAML

run --as-of 2021-12-31 --format json
expect_status 1 "B4 after its waiver expired still counts: exit status 1"
expect_out '"waived": 1' "one finding is waived"
expect_out '"waiver": "李娜（办公室主任），系统迁移期间网站停用，经局务会同意延后公开，2022-01-01 起失效' "the waived finding names its approver, reason and expiry"
expect_err "waiver $T/pol/waivers.yaml:14 (record ZZ-9) matched no finding" "a waiver that matches nothing is reported"
if grep -q "waivers.yaml:8" "$T/.err"; then not_ok "an expired waiver is not reported as matching nothing"; else
	ok "an expired waiver is not reported as matching nothing"; fi
if python3 -c "import json,sys; d=json.load(open('$T/.out')); sys.exit(0 if len(d['findings']) == 2 else 1)"; then
	ok "the waived finding is still listed, not dropped"; else not_ok "the waived finding is still listed, not dropped"; fi

run --as-of 2021-05-31 --full
expect_status 0 "every finding waived: exit status 0"
expect_out "[已豁免]" "text output marks waived findings"
expect_out "豁免：王强，属性字段由新系统补录" "text output names the approver"
expect_out "2 of them waived by an approved exception" "text output counts the waived"

run --as-of 2022-01-01 --format csv
if tr -d '\r' < "$T/.out" | grep -q "^[0-9]*,[a-z]*,ZZ-1,[^,]*,zezhou,[^,]*,B1,.*,,false,,,,0,worktree$"; then
	ok "on its expiry date the waiver no longer applies"
else
	not_ok "on its expiry date the waiver no longer applies" "$(grep ZZ-1 "$T/.out" | head -c 300)"
fi
run --as-of 2020-12-31 --format json
expect_out '"waived": 0' "before its start a waiver does not apply"

gk verify --db "$T/w.db"
expect_status 0 "waived findings are sealed like any other"

cat > "$T/pol/waivers.yaml" <<'YAML'
waivers:
  - rule: B1
    reason: x
    start: 2021-01-01
    expiry: 2022-01-01
YAML
run --as-of 2021-12-31
expect_status 2 "a waiver without approver: exit status 2"
expect_err "waivers.yaml:2:5: a waiver needs 'approver'" "a waiver without approver: names file, line and the key"
cat > "$T/pol/waivers.yaml" <<'YAML'
waivers:
  - record: ZZ-1
    reason: x
    approver: y
    start: 2021-06-01
    expiry: 2021-01-01
YAML
run --as-of 2021-12-31
expect_err "the expiry must come after the start" "an expiry before the start is refused"

# A misspelt top-level key would waive nothing, silently: an error.
cat > "$T/pol/waivers.yaml" <<'YAML'
waiver:
  - record: ZZ-1
    rule: B1
    reason: x
    approver: y
    start: 2021-01-01
    expiry: 2022-01-01
YAML
before=$(db_state "$T/w.db")
run --as-of 2021-12-31
expect_status 2 "'waiver:' misspelt: the run refuses (exit status 2)"
expect_err "$T/pol/waivers.yaml:1:1: unknown key 'waiver': the file has one key, 'waivers:', with a list" \
	"'waiver:' misspelt: names file, line, column and the key"
if [ "$(db_state "$T/w.db")" = "$before" ]; then ok "'waiver:' misspelt: nothing stored"; else
	not_ok "'waiver:' misspelt: nothing stored"; fi
gk lint --policies "$T/pol"
expect_status 1 "lint reads waivers.yaml: a misspelt key is a problem"
expect_out "waivers.yaml:1:1: unknown key 'waiver'" "lint names the misspelt key"
printf 'waivers:\n  - rule: B1\n    reason: x\n    approver: y\n    start: 2021-01-01\n    expiry: 2022-01-01\nwaivers:\n  - rule: B4\n' \
	> "$T/pol/waivers.yaml"
run --as-of 2021-12-31
expect_status 2 "'waivers:' twice: refused"
expect_err "waivers.yaml:7:1: key 'waivers' appears twice (first on line 1)" "'waivers:' twice: names both lines"
printf 'waivers:\n  record: ZZ-1\n' > "$T/pol/waivers.yaml"
run --as-of 2021-12-31
expect_err "waivers.yaml:2:3: 'waivers:' is a list" "'waivers:' not a list: says so where"

# lint checks that each waiver names a rule and a jurisdiction the set has.
cat > "$T/pol/waivers.yaml" <<'YAML'
waivers:
  - rule: B1
    reason: x
    approver: y
    start: 2021-01-01
    expiry: 2022-01-01
  - rule: B01
    reason: x
    approver: y
    start: 2021-01-01
    expiry: 2022-01-01
  - record: ZZ-1
    jurisdiction: zezou
    reason: x
    approver: y
    start: 2021-01-01
    expiry: 2022-01-01
YAML
gk lint --policies "$T/pol"
expect_status 1 "lint: waivers naming what the set lacks are problems"
expect_out "$T/pol/waivers.yaml:7: the waiver names rule 'B01', which the policy set does not have" \
	"lint: a waiver naming an unknown rule"
expect_out "$T/pol/waivers.yaml:12: the waiver names jurisdiction 'zezou', which the policy set does not have" \
	"lint: a waiver naming an unknown jurisdiction"
expect_out "2 problems in" "lint: the good waiver is no problem"
head -n 6 "$T/pol/waivers.yaml" > "$T/w.yaml" && mv "$T/w.yaml" "$T/pol/waivers.yaml"
gk lint --policies "$T/pol"
expect_status 0 "lint: valid waivers are no problem"

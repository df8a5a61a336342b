#!/bin/sh
# test_lint.sh - gongkai lint: the real policy set is clean; a copy with
# many mistakes at once gets every one reported with its file and line and
# a count; calendar problems; usage.
. "$(dirname "$0")/lib.sh"

# flat TEXT: TEXT on one line, so a diagnostic cannot start a line with "ok "
flat() { printf '%s' "$1" | tr '\r\n' '  '; }

# expect_eq ACTUAL EXPECTED NAME
expect_eq() {
	if [ "$1" = "$2" ]; then ok "$3"; else
		not_ok "$3" "got '$(flat "$1")', expected '$(flat "$2")'"; fi
}

# reported FILE:LINE TEXT NAME: ok when a line of stdout starts with
# "FILE:LINE:" (FILE:LINE:COLUMN: for YAML) and contains TEXT
reported() {
	if grep -F -- "$1:" "$T/.out" | grep -qF -- "$2"; then ok "$3"
	elif grep -qF -- "$2" "$T/.out"; then
		not_ok "$3" "reported at another place: $(flat "$(grep -F -- "$2" "$T/.out")")"
	else not_ok "$3" "no '$1: … $2' in: $(flat "$(head -c 1500 "$T/.out")")"; fi
}

# line_of FILE PATTERN: the number of the first line of FILE matching PATTERN
line_of() { grep -n -- "$2" "$1" | head -n 1 | cut -d: -f1; }

# ---- the real policies --------------------------------------------------------------------

gk lint --policies "$POL" --as-of 2025-06-30
expect_status 0 "real policies: exit status 0"
expect_eq "$stdout" "$POL: no problems" "real policies: says no problems, and nothing else"

# ---- a copy with many mistakes at once ----------------------------------------------------------
#
# One mistake per file (a file stops loading at its first error), each in
# a different file, so each must be reported.

BAD="$T/bad"
cp -R "$POL" "$BAD"

# 1. a Lua syntax error, on line 3
cat >"$BAD/quangang/q9-syntax.lua" <<'EOF'
-- 语法错误
deadline "Q9" {
  kinds = = "info",
}
EOF

# 2. an unknown field 'workday' in the declaration starting on line 2
cat >"$BAD/zezhou/z2-typo.lua" <<'EOF'
-- 拼写错误
deadline "Z2" {
  basis    = "测试依据",
  message  = "测试信息",
  kinds    = "info",
  workday  = 20,
  start    = "formed_on",
  stop     = "published_on",
}
EOF

# 3. an unknown category, in the declaration starting on line 3
cat >"$BAD/yinchuan/y8-category.lua" <<'EOF'
-- 未知类别
-- （deadlines 应为 deadline）
required "Y8" {
  basis    = "测试依据",
  message  = "测试信息",
  kinds    = "info",
  fields   = { "attribute" },
  category = "deadlines",
}
EOF

# 4. an unknown kind, in the declaration starting on line 1
cat >"$BAD/yinchuan/y9-kind.lua" <<'EOF'
required "Y9" {
  basis    = "测试依据",
  message  = "测试信息",
  kinds    = "penalties",
  fields   = { "reviewer" },
}
EOF

# 5. a catalog item without workdays (its item starts on line 13)
cat >"$BAD/zezhou/catalog.yaml" <<'EOF'
# 测试目录
title: 公共文化服务领域基层政务公开目录
source: 测试
items:
  - id: free-opening
    name: 公共文化机构免费开放信息
    elements: [机构名称, 开放时间]
    basis: 测试
    workdays: 20
    channels: [政府网站]
    mode: 主动

  - id: mass-activities
    name: 组织开展群众文化活动
    elements: [机构名称, 开放时间]
    basis: 测试
    channels: [政府网站]
    mode: 主动
EOF

# 6. an unknown channel in a catalog (its item starts on line 5)
cat >"$BAD/quangang/catalog.yaml" <<'EOF'
# 测试目录
title: 群众文化活动项目清单
source: 测试
items:
  - id: activity-notice
    name: 群众文化活动项目预告
    elements: [活动内容, 活动时间, 活动地点]
    basis: 测试
    workdays: 20
    channels: [政府网站, 抖音]
    mode: 主动
EOF

# 7. a rule id used twice across files (S4 is zhongshan/s4-remedy.lua's)
cat >"$BAD/zhongshan/s5-dup.lua" <<'EOF'
-- 重复的规则编号
rule "S4" {
  basis = "测试依据", message = "测试信息",
  kinds = "application", category = "completeness",
  reads = { "replied_on" },
  check = function(r) return nil end,
}
EOF

# 8. a rule id used twice in one file (lines 1 and 7)
cat >"$BAD/zhongshan/s6-twice.lua" <<'EOF'
required "S6" {
  basis = "测试依据", message = "测试信息",
  kinds = "info", fields = { "producer" },
}

-- 又一次
required "S6" {
  basis = "测试依据", message = "测试信息",
  kinds = "info", fields = { "publisher" },
}
EOF

# 9. an override of a baseline rule that does not exist (line 2)
cat >"$BAD/zhongshan/s7-override.lua" <<'EOF'
-- 覆盖不存在的基线规则
periodic "B7" {
  override = true,
  basis    = "测试依据",
  message  = "测试信息",
  event    = "annual_report",
  every    = "year",
  since    = "2021",
}
EOF

# 10. a jurisdiction rule reusing a baseline id without override (line 2)
cat >"$BAD/quangang/q8-reuse.lua" <<'EOF'
-- 与基线同名却没有 override
required "B4" {
  basis    = "测试依据",
  message  = "测试信息",
  kinds    = "info",
  fields   = { "attribute", "producer" },
}
EOF

B4_LINE=$(line_of "$POL/baseline/b4-attribute.lua" '^required "B4"')
S4_LINE=$(line_of "$POL/zhongshan/s4-remedy.lua" '^rule "S4"')
Q4_LINE=$(line_of "$POL/quangang/q4-activity-notice.lua" '^catalog "Q4"')
Z1_LINE=$(line_of "$POL/zezhou/z1-catalog.lua" '^catalog "Z1"')

gk lint --policies "$BAD" --as-of 2025-06-30
expect_status 1 "many mistakes: exit status 1"
reported "$BAD/quangang/q9-syntax.lua:3" "near '='" "syntax error: q9-syntax.lua:3"
reported "$BAD/zezhou/z2-typo.lua:2" "deadline 'Z2': unknown field 'workday' (did you mean 'workdays'?)" \
	"unknown field workday with did-you-mean: z2-typo.lua:2"
reported "$BAD/yinchuan/y8-category.lua:3" "unknown category 'deadlines'" \
	"unknown category: y8-category.lua:3"
reported "$BAD/yinchuan/y9-kind.lua:1" "unknown kind 'penalties'" "unknown kind: y9-kind.lua:1"
reported "$BAD/zezhou/catalog.yaml:13" "item 'mass-activities' has no time limit" \
	"catalog item without workdays: zezhou/catalog.yaml:13"
reported "$BAD/zezhou/z1-catalog.lua:$Z1_LINE" "catalog 'Z1'" "the broken catalog's rule Z1 is reported"
reported "$BAD/quangang/catalog.yaml:5" "channel '抖音'" "unknown channel in a catalog: quangang/catalog.yaml:5"
reported "$BAD/quangang/q4-activity-notice.lua:$Q4_LINE" "catalog 'Q4'" "the broken catalog's rule Q4 is reported"
reported "$BAD/zhongshan/s5-dup.lua:2" "'S4' is already declared at $BAD/zhongshan/s4-remedy.lua:$S4_LINE" \
	"duplicate rule id across files: s5-dup.lua:2 names the first declaration"
reported "$BAD/zhongshan/s6-twice.lua:7" "'S6' is already declared at $BAD/zhongshan/s6-twice.lua:1" \
	"duplicate rule id in one file: s6-twice.lua:7 names the first declaration"
reported "$BAD/zhongshan/s7-override.lua:2" "no baseline rule 'B7' to override" \
	"override of a non-existent baseline rule: s7-override.lua:2"
reported "$BAD/quangang/q8-reuse.lua:2" "'B4' is already declared at $BAD/baseline/b4-attribute.lua:$B4_LINE" \
	"baseline id reused without override: q8-reuse.lua:2"
reported "$BAD/quangang/q8-reuse.lua:2" "add override = true" "baseline id reused without override: says to add override = true"

# every line but the last is FILE:LINE: …; the last counts them
n=$(sed '$d' "$T/.out" | wc -l | tr -d ' ')
bad=$(sed '$d' "$T/.out" | grep -cv "^$BAD/[^:]*:[0-9][0-9]*:")
expect_eq "$bad" 0 "many mistakes: every problem line starts with FILE:LINE:"
expect_eq "$(tail -n 1 "$T/.out")" "$n problems in $BAD" "many mistakes: the count line counts the problems reported"
expect_eq "$(tail -n 1 "$T/.out")" "12 problems in $BAD" \
	"many mistakes: 12 problems (10 mistakes and the 2 rules of the broken catalogs)"

# ---- the calendar -------------------------------------------------------------------------------

NOCAL="$T/nocal"
cp -R "$POL" "$NOCAL"
rm "$NOCAL/calendar.yaml"
gk lint --policies "$NOCAL"
expect_status 1 "missing calendar.yaml: exit status 1"
expect_out "calendar.yaml" "missing calendar.yaml: reported"
expect_eq "$(tail -n 1 "$T/.out")" "1 problem in $NOCAL" "missing calendar.yaml: counted as 1 problem"

BADCAL="$T/badcal"
mkdir -p "$BADCAL"
cp -R "$POL/baseline" "$BADCAL/"
cat >"$BADCAL/calendar.yaml" <<'EOF'
years:
  2021:
    holidays:
      - {date: 2021-02-11, name: Spring Festival}
      - {date: 2021-02-30, name: Spring Festival}
    workdays:
      - {date: 2021-02-07, name: Spring Festival}
EOF
gk lint --policies "$BADCAL"
expect_status 1 "a calendar with an impossible date: exit status 1"
reported "$BADCAL/calendar.yaml:5" "'2021-02-30' is not a date" "a calendar with an impossible date: calendar.yaml:5"

# A year whose statutory holiday is a working day: the law of that year
# (清明 2021-04-04 is a Sunday; a make-up Sunday would break it).
cat >"$BADCAL/calendar.yaml" <<'EOF'
years:
  2021:
    notice: 国务院办公厅关于2021年部分节假日安排的通知
    holidays:
      - {date: 2021-01-01, name: New Year's Day}
    workdays:
      - {date: 2021-04-04, name: Tomb-sweeping Day}
EOF
gk lint --policies "$BADCAL" --as-of 2021-06-30
expect_status 1 "a statutory holiday made a working day: exit status 1"
reported "$BADCAL/calendar.yaml:2" "2021-02-12 (春节) is a statutory holiday of 2021" \
	"a statutory holiday made a working day: names the year's line and the first such day"

# ---- the calendar's year end ------------------------------------------------------------------
#
# From 1 November of the calendar's last year lint says that the next
# year's arrangement is missing and how to add it: a warning, not a problem.

gk lint --policies "$POL" --as-of 2026-10-31
expect_eq "$stdout" "$POL: no problems" "31 October of the last year: no word about the next year yet"
gk lint --policies "$POL" --as-of 2026-11-01
expect_status 0 "1 November of the last year: still exit status 0 (a warning is not a problem)"
expect_out "warning: calendar '$POL/calendar.yaml' ends on 2026-12-31 and has no arrangement for 2027" \
	"1 November of the last year: says 2027 is missing"
expect_out "gongkai calendar add NOTICE.txt" "1 November of the last year: says how to add the notice"
expect_out "gongkai calendar provisional 2027" "1 November of the last year: says how to keep running meanwhile"
expect_eq "$(tail -n 1 "$T/.out")" "$POL: no problems" "the warning comes before the closing line"

PROV="$T/prov"
cp -R "$POL" "$PROV"
gk calendar provisional 2027 --policies "$PROV"
gk lint --policies "$PROV" --as-of 2026-12-05
expect_status 0 "a provisional 2027: lint passes"
expect_out "warning: 2027 is provisional in calendar '$PROV/calendar.yaml'" \
	"a provisional 2027: lint names it to replace"
if grep -q "has no arrangement" "$T/.out"; then
	not_ok "a provisional 2027: 2027 is no longer missing"
else
	ok "a provisional 2027: 2027 is no longer missing"
fi

# ---- usage ------------------------------------------------------------------------------------

gk lint --policies "$T/nosuch"
expect_status 2 "missing policy folder: exit status 2"
expect_err "$T/nosuch" "missing policy folder: names it"

gk lint --policies "$POL" --strict
expect_status 2 "unknown argument: exit status 2"
expect_err "'--strict'" "unknown argument: names it"

gk lint --help
expect_status 0 "lint --help: exit status 0"
expect_out "usage: gongkai lint [--policies DIR]" "lint --help: prints the usage"

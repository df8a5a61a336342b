#!/bin/sh
# test_explain.sh - gongkai explain: for one record, every rule of its
# jurisdiction and kind with its verdict and the reasons (the deadline's
# start, skipped holidays, make-up days, deadline, lateness; the unit that
# must publish and the principle that chose it), and its errors.
. "$(dirname "$0")/lib.sh"

# flat TEXT: TEXT on one line, so a diagnostic cannot start a line with "ok "
flat() { printf '%s' "$1" | tr '\r\n' '  '; }

# expect_eq ACTUAL EXPECTED NAME
expect_eq() {
	if [ "$1" = "$2" ]; then ok "$3"; else
		not_ok "$3" "got '$(flat "$1")', expected '$(flat "$2")'"; fi
}

# block FILE RULE: the lines explaining RULE (its header up to the blank line)
block() {
	awk -v r="$2  " 'index($0, r) == 1 { on = 1 } on && $0 == "" { exit } on' "$1"
}

# label FILE RULE LABEL: the line of RULE's explanation that starts with LABEL：
label() {
	block "$1" "$2" | grep -F -- "    $3：" | head -n 1
}

# expect_label FILE RULE LABEL TEXT NAME: ok when that line contains TEXT
expect_label() {
	l=$(label "$1" "$2" "$3")
	if [ -z "$l" ]; then
		not_ok "$5" "no line '$3：' for $2 in: $(flat "$(head -c 800 "$1")")"
	elif printf '%s\n' "$l" | grep -qF -- "$4"; then ok "$5"
	else not_ok "$5" "'$(flat "$l")' lacks '$4'"; fi
}

# rules FILE: the ids of the rules explained, in order
rules() {
	awk '/^[A-Z][A-Za-z0-9-]*  / { printf "%s%s", sep, $1; sep = " " }' "$1"
}

# explain NAME ID [AS_OF]: run explain on $DB, keep stdout in $T/NAME.txt
explain() {
	gk explain --worktree --db "$DB" --policies "$POL" --as-of "${3:-2021-12-31}" "$2"
	expect_status 0 "$2: exit status 0"
	cp "$T/.out" "$T/$1.txt"
}

# ---- fixtures ------------------------------------------------------------------
#
# 2021-01-22 + 20 working days = 2021-02-24: the Spring Festival holidays
# 2021-02-11..17 are skipped, the make-up Sunday 2021-02-07 and Saturday
# 2021-02-20 count.  2021-03-01 + 40 working days = 2021-04-26.

cat >"$T/r.csv" <<'EOF'
id,jurisdiction,kind,title,attribute,formed_on,published_on,received_on,extended,replied_on,approver,implementer,producer,publisher
QG-LATE,quangang,info,第21个工作日公开的通知,主动公开,2021-01-22,2021-02-25,,,,,,,
QG-ONTIME,quangang,info,第20个工作日公开的通知,主动公开,2021-01-22,2021-02-24,,,,,,,
QG-OPEN,quangang,info,尚未公开的通知,主动公开,2021-01-22,,,,,,,,
QG-REQ,quangang,info,依申请公开的会议纪要,依申请公开,2021-01-22,,,,,,,,
ZS-APPR,zhongshan,info,中山市2021年公共文化设施建设项目立项批复,主动公开,2021-04-01,2021-04-06,,,,中山市发展和改革局,,中山市文化广电旅游局,中山市文化广电旅游局
ZS-IMPL,zhongshan,info,中山市文化馆舞台灯光设备采购结果公告,主动公开,2021-05-10,2021-05-12,,,,,中山市文化馆,中山市公共资源交易中心,中山市文化馆
YC-EXT,yinchuan,application,延期答复的申请（第40个工作日）,,,,2021-03-01,1,2021-04-26,,,,
EOF
DB="$T/e.db"
gk import --db "$DB" "$T/r.csv"
expect_status 0 "fixture: records imported"

B1_LINE=$(grep -n '^deadline "B1"' "$POL/baseline/b1-proactive.lua" | cut -d: -f1)

# ---- a late B1 record ------------------------------------------------------------

explain late QG-LATE
expect_eq "$(head -n 1 "$T/late.txt")" "记录 QG-LATE（quangang，info），截至 2021-12-31：" \
	"QG-LATE: the header names the record, its jurisdiction, kind and date"
expect_eq "$(rules "$T/late.txt")" "B1 B4 B5 B6 Q4 Q4-advance Q6 Q7" \
	"QG-LATE: explains exactly the rules for quangang info (B1 B4 B5 B6 Q4 Q4-advance Q6 Q7)"
expect_label "$T/late.txt" B1 "定义" "baseline/b1-proactive.lua:$B1_LINE（deadline）" \
	"QG-LATE B1: names the rule's file and line"
expect_label "$T/late.txt" B1 "起算" "形成日期 2021-01-22" "QG-LATE B1: starts from 形成日期 2021-01-22"
expect_label "$T/late.txt" B1 "时限" "20 个工作日" "QG-LATE B1: limit of 20 working days"
expect_label "$T/late.txt" B1 "节假日" "2021-02-11 至 2021-02-17（春节）" \
	"QG-LATE B1: names the skipped 春节 holidays 2021-02-11 至 2021-02-17"
expect_label "$T/late.txt" B1 "调休上班日（计入）" "2021-02-07" "QG-LATE B1: counts the make-up day 2021-02-07"
expect_label "$T/late.txt" B1 "调休上班日（计入）" "2021-02-20" "QG-LATE B1: counts the make-up day 2021-02-20"
expect_label "$T/late.txt" B1 "期限" "2021-02-24" "QG-LATE B1: 期限 2021-02-24"
expect_label "$T/late.txt" B1 "公开日期" "2021-02-25" "QG-LATE B1: names the publication date 2021-02-25"
expect_label "$T/late.txt" B1 "结论" "不合规" "QG-LATE B1: 不合规"
expect_label "$T/late.txt" B1 "结论" "逾期 1 个工作日" "QG-LATE B1: 逾期 1 个工作日"
expect_label "$T/late.txt" B4 "结论" "合规" "QG-LATE B4: attribute filled, 合规"

# ---- compliant, not yet due, not applicable ------------------------------------------

explain ontime QG-ONTIME
expect_eq "$(label "$T/ontime.txt" B1 "结论")" "    结论：合规" "QG-ONTIME B1: published on the deadline says 合规"
expect_label "$T/ontime.txt" B1 "期限" "2021-02-24" "QG-ONTIME B1: 期限 2021-02-24"

explain open QG-OPEN 2021-02-24
expect_label "$T/open.txt" B1 "公开日期" "期限未到" "QG-OPEN as of the deadline: not published, not yet due"
if grep -qF "不合规" "$T/open.txt"; then
	not_ok "QG-OPEN as of the deadline: no rule says 不合规" "$(flat "$(grep -F 不合规 "$T/open.txt")")"
else ok "QG-OPEN as of the deadline: no rule says 不合规"; fi

explain req QG-REQ
expect_label "$T/req.txt" B1 "结论" "不适用" "QG-REQ B1: when attribute = proactive does not match, 不适用"
if block "$T/req.txt" B1 | grep -qF "期限："; then
	not_ok "QG-REQ B1: no deadline computed for a rule that does not apply"
else ok "QG-REQ B1: no deadline computed for a rule that does not apply"; fi
expect_label "$T/req.txt" Q4 "结论" "不适用" "QG-REQ Q4: no catalog item, 不适用"

# ---- who must publish (zhongshan S1) ----------------------------------------------------

explain appr ZS-APPR
expect_eq "$(rules "$T/appr.txt")" "B1 B4 B5 B6 S1 S2 S3" \
	"ZS-APPR: explains exactly the rules for zhongshan info"
expect_label "$T/appr.txt" S1 "负责单位" "批准单位“中山市发展和改革局”" \
	"ZS-APPR S1: the approver is the responsible unit"
expect_label "$T/appr.txt" S1 "负责单位" "谁批准、谁公开" "ZS-APPR S1: names the principle 谁批准、谁公开"
expect_label "$T/appr.txt" S1 "发布单位" "中山市文化广电旅游局" "ZS-APPR S1: names the actual publisher"
expect_label "$T/appr.txt" S1 "结论" "不合规（responsibility）" "ZS-APPR S1: 不合规 (responsibility)"

explain impl ZS-IMPL
expect_label "$T/impl.txt" S1 "负责单位" "实施单位“中山市文化馆”" \
	"ZS-IMPL S1: without an approver the implementer is responsible"
expect_label "$T/impl.txt" S1 "负责单位" "谁实施、谁公开" "ZS-IMPL S1: names the principle 谁实施、谁公开"
expect_eq "$(label "$T/impl.txt" S1 "结论")" "    结论：合规" "ZS-IMPL S1: published by the implementer, 合规"

# ---- B2 with an approved extension ----------------------------------------------------------

explain ext YC-EXT
expect_eq "$(rules "$T/ext.txt")" "B2 B2-correction Y6" "YC-EXT: explains exactly the rules for yinchuan applications"
expect_label "$T/ext.txt" B2 "延期" "另加 20 个工作日" "YC-EXT B2: mentions the approved 延期 of 20 working days"
expect_label "$T/ext.txt" B2 "时限" "40 个工作日" "YC-EXT B2: 40 working days in total"
expect_label "$T/ext.txt" B2 "期限" "2021-04-26" "YC-EXT B2: 期限 2021-04-26"
expect_eq "$(label "$T/ext.txt" B2 "结论")" "    结论：合规" "YC-EXT B2: replied on working day 40, 合规"

# ---- errors -------------------------------------------------------------------------------

gk explain --worktree --db "$DB" --policies "$POL" --as-of 2021-12-31 NOPE-1
expect_status 2 "unknown record id: exit status 2"
expect_err "'NOPE-1'" "unknown record id: the message names the id"
expect_eq "$stdout" "" "unknown record id: nothing on stdout"

gk explain --worktree --policies "$POL" --as-of 2021-12-31 QG-LATE
expect_status 2 "missing --db: exit status 2"
expect_err "--db" "missing --db: the message names --db"

gk explain --worktree --db "$T/nosuch.db" --policies "$POL" --as-of 2021-12-31 QG-LATE
expect_status 2 "missing database: exit status 2"
if [ -e "$T/nosuch.db" ]; then not_ok "missing database: not created" "explain created $T/nosuch.db"
else ok "missing database: not created"; fi

gk explain --worktree --help
expect_status 0 "explain --help: exit status 0"
expect_out "usage: gongkai explain --db DB" "explain --help: prints the usage"

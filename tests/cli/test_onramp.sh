#!/bin/sh
# test_onramp.sh - what offices really export, and the work lists they act on:
# the same records as UTF-8 CSV, GB18030 CSV with Chinese headers and dates,
# and .xlsx import identically and give the same findings; a column mapping;
# an identical re-import changes nothing; bad files of each kind are refused
# with a precise error and the database unchanged; a unit's .xlsx work list
# is written, filled in (tests/cli/xlsx.py, standard library only) and read
# back; an answer 已整改 on a finding still found is called out; templates.
. "$(dirname "$0")/lib.sh"

X="python3 $GK_TOP/tests/cli/xlsx.py"
ASOF=2021-06-30

flat() { printf '%s' "$1" | tr '\r\n' '  '; }
expect_eq() {
	if [ "$1" = "$2" ]; then ok "$3"; else
		not_ok "$3" "got '$(flat "$1")', expected '$(flat "$2")'"; fi
}
# the records as stored, without where they came from
records() {
	sqlite3 "$1" "SELECT $(sqlite3 "$1" "SELECT group_concat(name, ', ') FROM pragma_table_info('records')
	  WHERE name NOT IN ('seq', 'import_id', 'origin')") FROM records ORDER BY id"
}
state() { db_state "$1"; sqlite3 "$1" "SELECT count(*) FROM feedback" 2>/dev/null; }

# refused NAME DB FILE TEXT... [-- OPTIONS]: import refused, TEXT in stderr, DB unchanged
refused() {
	name=$1 db=$2 file=$3
	shift 3
	before=$(state "$db")
	gk import --db "$db" $OPTS "$file"
	expect_status 2 "$name: refused"
	for text in "$@"; do
		expect_err "$text" "$name: says \"$text\""
	done
	expect_eq "$(state "$db")" "$before" "$name: database unchanged"
}

# ---- the same records three ways ----------------------------------------------

cat >"$T/u.csv" <<'EOF'
id,jurisdiction,kind,title,doc_number,attribute,publisher,formed_on,published_on,channels,body,event_type,held_on,samples
ZZ-1,zezhou,info,关于公开的通知,泽政发〔2021〕1号,proactive,泽州县文旅局,2021-01-19,2021-03-30,website,正文一,,,
ZZ-2,zezhou,info,图书馆开放时间,,proactive,泽州县图书馆,2021-02-01,,website;wechat,开放时间,,,
QG-1,quangang,info,泉港公告,,on_request,泉港区文体局,2021-03-05,2021-03-08,website,正文三,,,
YC-1,yinchuan,penalty,行政处罚决定书,,,银川市执法局,2021-04-01,2021-04-20,website,处罚内容,,,
QG-E1,quangang,event,2020年满意度调查,,,泉港区文体局,,,,,satisfaction_survey,2020-12-10,520
EOF

# As Chinese Excel saves it: GBK, a title row, Chinese headers (the other
# names gongkai knows too: 发布机构, 成文日期, 发布日期), Chinese
# jurisdictions, kinds and values, dates as officers type them, CRLF and
# empty columns at the end.
printf '%s\r\n' \
	'泽州县等2021年政务公开目录,,,,,,,,,,,,' \
	'索引号,辖区,类型,标题,文号,公开属性,发布机构,成文日期,发布日期,公开渠道,正文,事项类型,举办日期,样本量,,' \
	'ZZ-1,泽州县,政府信息,关于公开的通知,泽政发〔2021〕1号,主动公开,泽州县文旅局,2021年1月19日,2021/3/30,政府网站,正文一,,,,,' \
	'ZZ-2,泽州县,政府信息,图书馆开放时间,,主动公开,泽州县图书馆,2021.2.1,,政府网站;微信,开放时间,,,,,' \
	'QG-1,泉港区,info,泉港公告,,依申请公开,泉港区文体局,2021/3/5,2021-3-8,website,正文三,,,,,' \
	'YC-1,银川市,行政处罚决定,行政处罚决定书,,,银川市执法局,2021年4月1日,2021.4.20,政府网站,处罚内容,,,,,' \
	'QG-E1,泉港区,定期事项,2020年满意度调查,,,泉港区文体局,,,,,满意度调查,2020年12月10日,520,,' |
	iconv -f UTF-8 -t GB18030 >"$T/g.csv"
# The UTF-8 file's rows in a workbook: dates typed as dates (serial
# numbers in a date format), a title row, the records on the second sheet.
$X write "$T/x.xlsx" "$T/u.csv" --dates 7,8,12 --title 2021年目录 --sheet 目录 --extra-sheet 说明

gk import --db "$T/u.db" "$T/u.csv"
expect_status 0 "utf-8 csv: imported"
gk import --db "$T/g.db" "$T/g.csv"
expect_status 0 "gb18030 csv with Chinese headers: imported"
expect_out "g.csv: read as GB18030 (detected)" "gb18030 csv: says how it was read"
expect_out "the header is on line 2" "gb18030 csv: says the title row was skipped"
expect_out "5 new" "gb18030 csv: 5 records"
gk import --db "$T/x.db" --sheet 目录 "$T/x.xlsx"
expect_status 0 "xlsx: imported"
expect_out "x.xlsx: sheet '目录'" "xlsx: says which sheet"
expect_out "5 new" "xlsx: 5 records"
expect_eq "$(records "$T/g.db")" "$(records "$T/u.db")" "gb18030 csv stores the records the utf-8 csv does"
expect_eq "$(records "$T/x.db")" "$(records "$T/u.db")" "xlsx stores the records the utf-8 csv does"
expect_eq "$(sqlite3 "$T/g.db" "SELECT jurisdiction, kind, attribute, formed_on, published_on, channels FROM records WHERE id = 'ZZ-2'")" \
	"zezhou|info|proactive|2021-02-01||website;wechat" "gb18030 csv: values stored canonical (ids, ISO dates)"
expect_eq "$(sqlite3 "$T/x.db" "SELECT kind, event_type, held_on, samples FROM records WHERE id = 'QG-E1'")" \
	"event|satisfaction_survey|2020-12-10|520" "xlsx: a number in a General cell stays a number, a date cell is a date"

for d in u g x; do
	gk run --db "$T/$d.db" --worktree --policies "$POL" --as-of $ASOF --quiet --format csv
	echo "$stdout" >"$T/$d.findings"
done
expect_status 1 "the three imports have findings"
if [ "$(wc -l <"$T/u.findings")" -gt 2 ] && cmp -s "$T/u.findings" "$T/g.findings" &&
   cmp -s "$T/u.findings" "$T/x.findings"; then
	ok "the three imports give the same findings"
else
	not_ok "the three imports give the same findings" "$(diff "$T/u.findings" "$T/g.findings" | head -5)"
fi

# The first sheet by default; --encoding forces the reading.
gk import --db "$T/first.db" "$T/x.xlsx"
expect_status 2 "xlsx: the first sheet is read by default (here the notes)"
expect_err "x.xlsx: no header row" "xlsx: the notes sheet has no header"
gk import --db "$T/f.db" --encoding gbk "$T/g.csv"
expect_status 0 "--encoding gbk reads the GB18030 file"
expect_out "read as GB18030" "--encoding gbk: says so"
gk import --db "$T/f2.db" --encoding utf-8 "$T/g.csv"
expect_status 2 "--encoding utf-8 on a GBK file: refused"
expect_err "g.csv:1: column 1: invalid UTF-8" "--encoding utf-8: names the line"
gk import --db "$T/f3.db" --encoding latin1 "$T/u.csv"
expect_status 2 "--encoding latin1: refused"
expect_err "expected utf-8, gb18030 or gbk" "--encoding latin1: says what it takes"

# ---- an identical re-import is a no-op for each unchanged record ---------------

hist=$(sqlite3 "$T/u.db" "SELECT count(*) FROM record_history")
gk import --db "$T/u.db" "$T/g.csv"
expect_status 0 "re-import of the same records from GBK: ok"
expect_out "0 new, 0 replaced (earlier versions kept), 5 unchanged" "re-import: 5 unchanged"
expect_eq "$(sqlite3 "$T/u.db" "SELECT count(*) FROM record_history")" "$hist" \
	"re-import: history unchanged"
sed 's/^ZZ-2,zezhou,info,图书馆开放时间,,proactive,泽州县图书馆,2021-02-01,,/ZZ-2,zezhou,info,图书馆开放时间,,proactive,泽州县图书馆,2021-02-01,2021-02-20,/' \
	"$T/u.csv" >"$T/u2.csv"
gk import --db "$T/u.db" "$T/u2.csv"
expect_out "0 new, 1 replaced (earlier versions kept), 4 unchanged" "one record changed: 1 replaced, 4 unchanged"
expect_eq "$(sqlite3 "$T/u.db" "SELECT count(*) FROM record_history")" "$((hist + 1))" \
	"one record changed: one version kept"
expect_eq "$(sqlite3 "$T/u.db" "SELECT published_on FROM records WHERE id = 'ZZ-2'")" "2021-02-20" \
	"one record changed: the new value stored"

# ---- a source system's columns.yaml -----------------------------------------

cp -R "$POL" "$T/pol"
mkdir -p "$T/pol/zezhou/columns"
cat >"$T/pol/zezhou/columns/website.yaml" <<'EOF'
# 泽州县政府网站信息公开平台的导出
columns:
  信息标题: title
  所属机构: publisher
  浏览次数: ignore
values:
  attribute:
    主动: proactive
  channels:
    网站: website
    公众号: wechat
defaults:
  jurisdiction: 泽州县
  kind: info
EOF
printf '%s\n' '索引号,信息标题,所属机构,公开属性,成文日期,发布日期,公开渠道,浏览次数' \
	'ZZ-W1,网站导出的通知,泽州县政府办,主动,2021/5/6,2021/5/10,网站;公众号,35' >"$T/web.csv"
OPTS=
gk import --db "$T/m.db" "$T/u.csv"
refused "a system's own headers without a mapping" "$T/m.db" "$T/web.csv" \
	"web.csv:1: column '信息标题': unknown column" "web.csv:1: column '所属机构': unknown column" "map it in the source system's columns.yaml (--columns)"
GONGKAI_POLICIES="$T/pol" gk import --db "$T/m.db" --columns zezhou/website "$T/web.csv"
expect_status 0 "--columns J/NAME: the policy set's mapping is used"
expect_eq "$(sqlite3 "$T/m.db" "SELECT id, jurisdiction, kind, title, publisher, attribute, channels, formed_on FROM records WHERE id = 'ZZ-W1'")" \
	"ZZ-W1|zezhou|info|网站导出的通知|泽州县政府办|proactive|website;wechat|2021-05-06" \
	"--columns: headers, words for values (list items too) and defaults applied"
printf 'columns:\n  信息标题: titel\n' >"$T/bad-map.yaml"
gk import --db "$T/m.db" --columns "$T/bad-map.yaml" "$T/web.csv"
expect_status 2 "a mapping naming no column: refused"
expect_err "bad-map.yaml:2:9: 'titel' is not a column" "a bad mapping: file, line and column"
# lint checks the mappings the policy set keeps.
gk lint --policies "$T/pol"
expect_status 0 "lint: a good mapping in the policy set passes"
cp "$T/bad-map.yaml" "$T/pol/zezhou/columns/typo.yaml"
gk lint --policies "$T/pol"
expect_status 1 "lint: a bad mapping in the policy set is a problem"
expect_out "zezhou/columns/typo.yaml:2:9: 'titel' is not a column" "lint: names the mapping's file, line and column"
rm "$T/pol/zezhou/columns/typo.yaml"
printf 'defaults:\n  kind: infos\n' >"$T/bad-map2.yaml"
gk import --db "$T/m.db" --columns "$T/bad-map2.yaml" "$T/web.csv"
expect_err "bad-map2.yaml:2:9: column 'kind': 'infos' is not one of" "a bad default: file, line and column"

# ---- bad files of each kind: precise errors, the database unchanged -------------

gk import --db "$T/bad.db" "$T/u.csv"
printf 'id,jurisdiction,kind,title\nZZ-9,zezhou,info,caf\351 \377\376\n' >"$T/latin.csv"
refused "neither UTF-8 nor GB18030" "$T/bad.db" "$T/latin.csv" \
	"latin.csv:2: the file is neither UTF-8 nor GB18030" "save it as UTF-8"
printf '\377\376i\000d\000\n\000' >"$T/u16.csv"
refused "UTF-16" "$T/bad.db" "$T/u16.csv" "u16.csv:1: the file is UTF-16" "CSV UTF-8"
printf 'id,jurisdiction,kind,title,,\nZZ-9,zezhou,info,通知,,多出\n' >"$T/under.csv"
refused "a value under an empty header" "$T/bad.db" "$T/under.csv" \
	"under.csv:2: column 6: '多出' is under an empty header"
printf '索引号,辖区,类型,成文日期,形成日期\nZZ-9,泽州县,info,2021-1-1,2021-1-1\n' >"$T/twice.csv"
refused "one column under two headers" "$T/bad.db" "$T/twice.csv" \
	"twice.csv:1: column '成文日期' (formed_on) and column '形成日期' (formed_on) are the same column"
if grep -q 'given twice' "$T/.err"; then not_ok "one column under two headers: said once, not on every row"
else ok "one column under two headers: said once, not on every row"; fi
printf '索引号,辖区,类型,成文日期\nZZ-9,泽州,info,2021年13月1日\n' | iconv -t GB18030 >"$T/gbbad.csv"
refused "gb18030 csv with bad values" "$T/bad.db" "$T/gbbad.csv" \
	"gbbad.csv:2: column '辖区' (jurisdiction): '泽州' is not a jurisdiction" \
	"gbbad.csv:2: column '成文日期' (formed_on): '2021年13月1日' is not a date"
printf 'id,jurisdiction,kind,title,formed_on\nZZ-9,zezhou,info,通知,2021-02-30\n' >"$T/d.csv"
$X write "$T/bad.xlsx" "$T/d.csv"
refused "xlsx with a bad date" "$T/bad.db" "$T/bad.xlsx" \
	"bad.xlsx:2: column E 'formed_on': '2021-02-30' is not a date"
printf 'id,jurisdiction,kind,title\nZZ-9,zezhou,info,通知\n' >"$T/ok.csv"
$X write "$T/e.xlsx" "$T/ok.csv" --prefix --inline
gk import --db "$T/e.db" "$T/e.xlsx"
expect_status 0 "xlsx with prefixed elements and inline strings: imported"
python3 - "$T/e.xlsx" <<'EOF'
import sys, zipfile
p = sys.argv[1]
with zipfile.ZipFile(p) as z:
    items = {n: z.read(n) for n in z.namelist()}
s = items["xl/worksheets/sheet1.xml"].decode()
s = s.replace('<x:c r="D2" t="inlineStr"><x:is><x:t xml:space="preserve">通知</x:t></x:is></x:c>',
              '<x:c r="D2" t="e"><x:v>#N/A</x:v></x:c>')
items["xl/worksheets/sheet1.xml"] = s.encode()
with zipfile.ZipFile(p, "w") as z:
    for n, d in items.items():
        z.writestr(n, d)
EOF
refused "xlsx with an error cell" "$T/bad.db" "$T/e.xlsx" "e.xlsx:2: column D: the cell holds the error #N/A"
python3 -c "print('id,jurisdiction,kind,title'); print('ZZ-9,zezhou,info,' + 'x' * 1100000)" >"$T/big.csv"
$X write "$T/big.xlsx" "$T/big.csv" --inline
refused "xlsx with a cell of more than 1 MiB" "$T/bad.db" "$T/big.xlsx" \
	"big.xlsx:2: column D: the cell holds more than 1 MiB of text"
cp "$T/u.csv" "$T/renamed.xlsx"
refused "a CSV named .xlsx" "$T/bad.db" "$T/renamed.xlsx" "renamed.xlsx': it is not an .xlsx workbook"
printf 'not a workbook' >"$T/old.xls"
refused "an .xls" "$T/bad.db" "$T/old.xls" "old.xls': it is an Excel 97-2003 workbook (.xls): save it as .xlsx"
OPTS="--sheet 记录"
refused "xlsx without the sheet" "$T/bad.db" "$T/x.xlsx" "it has no sheet '记录'; its sheets are: '说明', '目录'"
OPTS=
head -c 300 "$T/x.xlsx" >"$T/cut.xlsx"
refused "a truncated xlsx" "$T/bad.db" "$T/cut.xlsx" "cut.xlsx': it is not an .xlsx workbook"

# ---- work lists: written, filled in, read back -------------------------------

DB="$T/g.db"
gk report --db "$DB" --by-unit --out "$T/lists"
expect_status 0 "report --by-unit: written"
L="$T/lists/泽州县图书馆.xlsx"
if [ -f "$L" ]; then ok "report --by-unit: one .xlsx per unit"; else not_ok "report --by-unit: one .xlsx per unit"; fi
$X dump "$L" >"$T/list.tsv"
head_row=$(sed -n 2p "$T/list.tsv")
expect_eq "$head_row" "$(printf '问题编号\t类别\t状态\t记录编号\t标题\t辖区\t责任单位\t规则\t问题类型\t性质\t期限\t逾期工作日\t剩余工作日\t首次发现\t已持续天数\t问题说明\t依据\t豁免\t上次反馈\t整改情况\t整改日期\t备注')" \
	"work list: Chinese headers, the unit as a column, feedback columns"
row=$(grep -F "	ZZ-2	" "$T/list.tsv")
ref=$(printf '%s' "$row" | cut -f1)
expect_eq "$(printf '%s' "$row" | cut -f2-10,12)" "$(printf '逾期\t新增\tZZ-2\t图书馆开放时间\t泽州县\t泽州县图书馆\tB1\t时限\t违规\t81')" \
	"work list: category, jurisdiction, type and severity in Chinese, overdue working days a number"
expect_eq "$(printf '%s' "$row" | cut -f11)" "44259" "work list: the deadline is a real date (serial of 2021-03-04)"
expect_eq "$($X info "$L")" "$(printf '工作清单\tpane=B3\tfilter=A2:V3\n填写说明\tpane=-\tfilter=-')" \
	"work list: frozen header and filters, a sheet explaining it"
expect_eq "$($X validations "$L" | head -1)" "$(printf 'T3\t"已整改,整改中,有异议"')" \
	"work list: 整改情况 is a drop-down"

# Filled in as a unit would, read back.
cp "$L" "$T/back.xlsx"
$X fill "$T/back.xlsx" "整改情况=$ref:已整改" "整改日期=$ref:date:2021-07-02" "备注=$ref:已在网站公开"
gk feedback --db "$DB" "$T/back.xlsx"
expect_status 0 "feedback: read"
expect_out "back.xlsx: 1 answer, 1 new" "feedback: one answer stored"
expect_eq "$(sqlite3 "$DB" "SELECT record_id, status, fixed_on, note FROM feedback")" \
	"ZZ-2|已整改|2021-07-02|已在网站公开" "feedback: stored with its finding"
gk feedback --db "$DB" "$T/back.xlsx"
expect_out "stored 0 answers in $DB (1 the same as before)" "feedback: the same answer again is not stored twice"
gk findings --db "$DB" --jurisdiction zezhou
expect_out "整改反馈：已整改 2021-07-02，已在网站公开（第 1 次检查的工作清单）" "findings: shows the answer"

# Bad answers: refused, nothing stored.
fb_refused() {
	name=$1 file=$2
	shift 2
	before=$(state "$DB")
	gk feedback --db "$DB" "$file"
	expect_status 2 "$name: refused"
	for text in "$@"; do expect_err "$text" "$name: says \"$text\""; done
	expect_err "nothing was stored" "$name: says nothing was stored"
	expect_eq "$(state "$DB")" "$before" "$name: database unchanged"
}
cp "$L" "$T/b1.xlsx"
$X fill "$T/b1.xlsx" "整改情况=$ref:done"
fb_refused "an answer not in the list" "$T/b1.xlsx" "b1.xlsx:3: column T: 整改情况 'done' is not 已整改, 整改中 or 有异议"
cp "$L" "$T/b2.xlsx"
$X fill "$T/b2.xlsx" "整改情况=$ref:已整改"
fb_refused "已整改 without a date" "$T/b2.xlsx" "b2.xlsx:3: column U: 整改日期 is empty: an item 已整改 needs the date"
cp "$L" "$T/b3.xlsx"
$X fill "$T/b3.xlsx" "整改情况=$ref:整改中" "记录编号=$ref:ZZ-1"
fb_refused "a row moved from another record" "$T/b3.xlsx" "b3.xlsx:3: column A: $ref is the finding of ZZ-2, but the row says 'ZZ-1'"
cp "$L" "$T/b4.xlsx"
$X fill "$T/b4.xlsx" "整改情况=$ref:整改中" "问题编号=$ref:F999999"
# (the row is now keyed F999999)
fb_refused "a number no finding has" "$T/b4.xlsx" "b4.xlsx:3: column A: F999999 names no finding"
fb_refused "a CSV instead of the workbook" "$T/u.csv" "u.csv:1: a returned work list is the .xlsx"

# The next run still finds ZZ-2: called out.
gk run --db "$DB" --worktree --policies "$POL" --as-of 2021-07-30 --quiet
gk findings --db "$DB" --jurisdiction zezhou
expect_out "注意：责任单位报已整改 2021-07-02，已在网站公开（第 1 次检查的工作清单）" \
	"next run: findings calls out the finding answered 已整改"
expect_out "本次检查仍不合规" "next run: says it is still noncompliant"
gk findings --db "$DB" --jurisdiction zezhou --format json
expect_out '"fixed_but_found": true' "next run: JSON says fixed_but_found"
gk report --db "$DB" --html "$T/r.html"
if grep -q '责任单位报已整改、本次检查仍不合规的问题 1 项' "$T/r.html"; then
	ok "next run: the HTML report calls it out"
else not_ok "next run: the HTML report calls it out"; fi
gk report --db "$DB" --by-unit --out "$T/lists2"
if $X dump "$T/lists2/泽州县图书馆.xlsx" | grep -q '报已整改（2021-07-02），本次检查仍不合规'; then
	ok "next run: the unit's work list calls it out"
else not_ok "next run: the unit's work list calls it out"; fi
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM runs WHERE hash IS NOT NULL")" 2 "runs stay sealed"
gk verify --db "$DB"
expect_status 0 "feedback never changes a sealed run: verify passes"

# ---- templates ----------------------------------------------------------------

gk template "$T/t.xlsx"
expect_status 0 "template: written"
$X dump "$T/t.xlsx" | head -1 | cut -f1-13 >"$T/th"
expect_eq "$(cat "$T/th")" "$(printf '索引号\t辖区\t类型\t标题\t文号\t目录事项\t公开属性\t密级\t制作单位\t批准单位\t实施单位\t发布单位\t形成日期')" \
	"template: Chinese headers, required first"
if $X validations "$T/t.xlsx" | grep -qF '"主动公开,依申请公开,不予公开"' &&
   $X validations "$T/t.xlsx" | grep -qF '"泉港区,银川市,泽州县,中山市"'; then
	ok "template: drop-down lists for enumerated columns"
else not_ok "template: drop-down lists for enumerated columns" "$($X validations "$T/t.xlsx" | head -3)"; fi
if $X dump "$T/t.xlsx" --sheet 说明 | grep -qF "$(printf '公开日期\tpublished_on')"; then
	ok "template: a sheet explains each column"
else not_ok "template: a sheet explains each column"; fi
gk template --kind info "$T/ti.xlsx"
expect_out "21 columns for kind info" "template --kind info: only info's columns"
gk template --kind nonsense "$T/tn.xlsx"
expect_status 2 "template --kind nonsense: refused"
# Filled in with the template's own headers and words, imported.
{ $X dump "$T/ti.xlsx" | head -1 | tr '\t' ','
  printf 'ZZ-T1,泽州县,政府信息,模板填写的通知,,,主动公开,公开,,,,泽州县文旅局,2021-06-01,,,,2021-06-05,政府网站,,正文\n'
} >"$T/tfill.csv"
$X write "$T/tfill.xlsx" "$T/tfill.csv" --dates 12,16
gk import --db "$T/t.db" "$T/tfill.xlsx"
expect_status 0 "a filled-in template imports"
expect_eq "$(sqlite3 "$T/t.db" "SELECT jurisdiction, kind, attribute, formed_on, published_on FROM records")" \
	"zezhou|info|proactive|2021-06-01|2021-06-05" "a filled-in template: values canonical"

#!/bin/sh
# test_import.sh - gongkai import: CSV and JSON Lines in the record
# interchange format (docs/records.md), aliases, refusals that leave
# the database unchanged, re-import with history, usage errors.
. "$(dirname "$0")/lib.sh"

DB="$T/g.db"

# flat TEXT: TEXT on one line, so a diagnostic cannot start a line with "ok "
flat() { printf '%s' "$1" | tr '\r\n' '  '; }

# expect_eq ACTUAL EXPECTED NAME
expect_eq() {
	if [ "$1" = "$2" ]; then ok "$3"; else
		not_ok "$3" "got '$(flat "$1")', expected '$(flat "$2")'"; fi
}

# expect_no_err TEXT NAME: ok when stderr does not contain TEXT
expect_no_err() {
	if grep -qF -- "$1" "$T/.err"; then
		not_ok "$2" "stderr has '$1': $(flat "$(head -c 400 "$T/.err")")"
	else ok "$2"; fi
}

q() { sqlite3 "$DB" "$1"; }

# refused NAME FILE TEXT...: import FILE into $DB, expect status 2, every
# TEXT in stderr, the closing "refused" line and an unchanged database.
refused() {
	name=$1 file=$2
	shift 2
	before=$(db_state "$DB")
	gk import --db "$DB" "$file"
	expect_status 2 "$name: exit status 2"
	for text in "$@"; do
		expect_err "$text" "$name: says \"$text\""
	done
	expect_err "import refused" "$name: says the import is refused"
	expect_eq "$(db_state "$DB")" "$before" "$name: database unchanged"
}

# ---- usage -----------------------------------------------------------------

gk import --help
expect_status 0 "import --help: exit status 0"
expect_out "usage: gongkai import --db DB [--encoding E] [--columns MAP] [--sheet NAME] FILE..." "import --help: prints the usage"

# ---- CSV: BOM, CRLF, quoted multi-line body, Chinese aliases -----------------

# Row QG-2021-001 spans lines 2-3 (quoted body with CRLF and ""), so
# QG-2021-002 is on line 4 and QG-2021-003 on line 5.
printf '\357\273\277id,jurisdiction,kind,title,doc_number,attribute,secrecy,channels,formed_on,published_on,body\r\n' >"$T/a.csv"
printf 'QG-2021-001,quangang,info,关于印发《泉港区2021年政务公开工作要点》的通知,泉港文综〔2021〕3号,主动公开,公开,政府网站;微信,2021-01-22,2021-02-24,"第一行\r\n第二行，含""引号"""\r\n' >>"$T/a.csv"
printf 'QG-2021-002,quangang,info,泉港区文体旅游局政府信息公开指南,,依申请公开,内部,微博;公告栏,2021-03-01,,\r\n' >>"$T/a.csv"
printf 'QG-2021-003,quangang,info,"泉港区图书馆开放时间调整公告",,proactive,,website;app,2021-03-05,2021-03-08,开放时间：周二至周日\r\n' >>"$T/a.csv"

gk import --db "$DB" "$T/a.csv"
expect_status 0 "csv with BOM, CRLF and a multi-line body: exit status 0"
expect_out "imported 3 records into $DB: 3 new, 0 replaced" "csv: prints the counts"
expect_eq "$(q 'SELECT count(*) FROM records')" 3 "csv: 3 rows in records"
expect_eq "$(q "SELECT count(*) FROM records WHERE id = 'QG-2021-001'")" 1 \
	"csv: the BOM is not part of the first id"
expect_eq "$(q "SELECT hex(body) FROM records WHERE id = 'QG-2021-001'")" \
	"$(printf '第一行\r\n第二行，含"引号"' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" \
	"csv: the quoted body keeps its line break and unescapes \"\""
expect_eq "$(q "SELECT published_on || '|' || length(published_on) FROM records WHERE id = 'QG-2021-001'")" \
	"2021-02-24|10" "csv: the CR of CRLF is not part of the last cell"
expect_eq "$(q "SELECT count(*) FROM records WHERE id = 'QG-2021-003' AND body = '开放时间：周二至周日'")" 1 \
	"csv: last cell of a CRLF row stored without CR"
expect_eq "$(q "SELECT title FROM records WHERE id = 'QG-2021-003'")" "泉港区图书馆开放时间调整公告" \
	"csv: quoted Chinese title unquoted"
expect_eq "$(q "SELECT attribute || '|' || secrecy || '|' || channels FROM records WHERE id = 'QG-2021-001'")" \
	"proactive|public|website;wechat" "csv: 主动公开/公开/政府网站;微信 stored canonical"
expect_eq "$(q "SELECT attribute || '|' || secrecy || '|' || channels FROM records WHERE id = 'QG-2021-002'")" \
	"on_request|internal|weibo;bulletin" "csv: 依申请公开/内部/微博;公告栏 stored canonical"
expect_eq "$(q "SELECT count(*) FROM records WHERE published_on IS NULL AND body IS NULL AND id = 'QG-2021-002'")" 1 \
	"csv: empty cells are absent values (NULL)"
expect_eq "$(q "SELECT origin FROM records WHERE id = 'QG-2021-002'")" "$T/a.csv:4" \
	"csv: origin counts the physical lines of the multi-line row"

# ---- JSON Lines --------------------------------------------------------------

cat >"$T/b.jsonl" <<'EOF'
{"id": "YC-CF-2021-01", "jurisdiction": "yinchuan", "kind": "penalty", "title": "银川市文化旅游广电局行政处罚决定书", "implementer": "银川市文化市场综合执法支队", "publisher": "银川市文化市场综合执法支队", "formed_on": "2021-03-01", "published_on": "2021-03-10", "channels": "政府网站;微信"}
{"id": "YC-HD-2021-01", "jurisdiction": "yinchuan", "kind": "event", "title": "2021年公众开放日座谈会", "event_type": "座谈会", "period": "2021", "held_on": "2021-05-20", "samples": "12"}
EOF
gk import --db "$DB" "$T/b.jsonl"
expect_status 0 "jsonl: exit status 0"
expect_out "imported 2 records into $DB: 2 new, 0 replaced" "jsonl: prints the counts"
expect_eq "$(q 'SELECT count(*) FROM records')" 5 "jsonl: records now holds 5 rows"
expect_eq "$(q "SELECT kind || '|' || channels || '|' || implementer FROM records WHERE id = 'YC-CF-2021-01'")" \
	"penalty|website;wechat|银川市文化市场综合执法支队" "jsonl: penalty stored with canonical channels"
expect_eq "$(q "SELECT event_type || '|' || period || '|' || samples FROM records WHERE id = 'YC-HD-2021-01'")" \
	"symposium|2021|12" "jsonl: 座谈会 stored as symposium"

# ---- refusals: each names FILE:LINE: column 'x' and changes nothing ----------

printf 'id,jurisdiction,kind,title,publised_on\nQG-X1,quangang,info,通知,2021-02-01\n' >"$T/typo.csv"
refused "unknown column" "$T/typo.csv" "typo.csv:1: column 'publised_on': unknown column"

printf 'id,jurisdiction,kind,title,formed_on\nQG-X1,quangang,info,通知一,2021-02-26\nQG-X2,quangang,info,通知二,2021-02-30\n' >"$T/date.csv"
refused "bad date" "$T/date.csv" "date.csv:3: column 'formed_on': '2021-02-30' is not a date"

printf 'id,jurisdiction,kind,title,attribute\nQG-X1,quangang,info,通知,公开一下\n' >"$T/enum.csv"
refused "unknown attribute value" "$T/enum.csv" "enum.csv:2: column 'attribute': '公开一下' is not one of"

printf 'id,jurisdiction,kind,title,channels\nQG-X1,quangang,info,通知,政府网站;电视台\n' >"$T/chan.csv"
refused "unknown channel in a list" "$T/chan.csv" "chan.csv:2: column 'channels': '电视台' is not one of"

printf 'id,jurisdiction,kind,title,received_on\nQG-X1,quangang,info,通知,2021-02-01\n' >"$T/kindcol.csv"
refused "column not for the kind" "$T/kindcol.csv" \
	"kindcol.csv:2: column 'received_on': does not apply to kind 'info'"

printf 'id,kind,title\nQG-X1,info,通知\n' >"$T/nojur.csv"
refused "missing jurisdiction column" "$T/nojur.csv" "nojur.csv:2: column 'jurisdiction': missing"

printf 'id,jurisdiction,kind,title\n,quangang,info,无编号的通知\n' >"$T/noid.csv"
refused "empty id" "$T/noid.csv" "noid.csv:2: column 'id': missing"

printf '{"id": "QG-X1", "jurisdiction": "quangang", "kind": "info"}\n{"id": "QG-X2", "jurisdiction": "quangang", "title": "无类别"}\n' >"$T/nokind.jsonl"
refused "missing kind (jsonl)" "$T/nokind.jsonl" "nokind.jsonl:2: column 'kind': missing"

printf 'id,jurisdiction,kind,title\nQG-X1,quangang,report,报告\n' >"$T/badkind.csv"
refused "unknown kind" "$T/badkind.csv" "badkind.csv:2: column 'kind': 'report' is not one of"
# A kind that is present but unknown is one problem, not also "missing".
expect_no_err "column 'kind': missing" "unknown kind: not also reported as missing"

printf 'id,jurisdiction,kind,title\nQG-X1,quangang,info,通知一\nQG-X2,quangang,info,通知二\nQG-X1,quangang,info,通知三\n' >"$T/dup.csv"
refused "duplicate id" "$T/dup.csv" "dup.csv:4: column 'id': 'QG-X1' appears twice in this file (first on line 2)"

printf 'id,jurisdiction,kind,title\nQG-X1,quangang,info,通知一\nQG-X2,quangang,info,"未闭合的标题\nQG-X3,quangang,info,通知三\n' >"$T/quote.csv"
refused "unterminated quote" "$T/quote.csv" "quote.csv:3: column 4: unterminated quoted field"

printf '{"id": "QG-X1", "jurisdiction": "quangang", "kind": "info"}\n{"id": "QG-X2", "jurisdiction": "quangang", "kind": "info",}\n' >"$T/bad.jsonl"
refused "malformed json" "$T/bad.jsonl" "bad.jsonl:2: "

printf 'id,jurisdiction,kind,title\nQG-X1,quangang,info,通知,多余\n' >"$T/cells.csv"
refused "a value right of the header" "$T/cells.csv" "cells.csv:2: column 5: '多余' is right of the last header"
printf 'id,jurisdiction,kind,title\nQG-X1,quangang,info\n' >"$T/short.csv"
refused "too few cells" "$T/short.csv" "short.csv:2: row has 3 cells but the header has 4"

printf 'id,jurisdiction,kind,extended\nYC-X1,yinchuan,application,2\n' >"$T/flag.csv"
refused "bad flag" "$T/flag.csv" "flag.csv:2: column 'extended': '2' is not a flag"

# A bad date after a multi-line CRLF row: the line number is the physical line.
printf 'id,jurisdiction,kind,body,formed_on\r\nQG-X1,quangang,info,"一\r\n二\r\n三",2021-01-04\r\nQG-X2,quangang,info,正文,2021-13-01\r\n' >"$T/lines.csv"
refused "line after a multi-line row" "$T/lines.csv" "lines.csv:5: column 'formed_on': '2021-13-01' is not a date"

# Several problems in one file are all reported, with their count.
printf 'id,jurisdiction,kind,title,formed_on,attribute\nQG-X1,quangang,info,通知一,2021-02-29,proactive\nQG-X2,quangang,info,通知二,2021-03-01,依法公开\nQG-X3,quangang,application,申请,2021-03-01,\n' >"$T/many.csv"
refused "several problems" "$T/many.csv" \
	"many.csv:2: column 'formed_on': '2021-02-29' is not a date" \
	"many.csv:3: column 'attribute': '依法公开' is not one of" \
	"many.csv:4: column 'formed_on': does not apply to kind 'application'" \
	"3 problems"

# Reporting stops at 20 problems and says so.
{
	echo 'id,jurisdiction,kind,title,formed_on'
	i=1
	while [ $i -le 25 ]; do
		echo "QG-C$i,quangang,info,第${i}号通知,2021-02-30"
		i=$((i + 1))
	done
} >"$T/cap.csv"
refused "25 bad rows" "$T/cap.csv" "cap.csv:21: column 'formed_on'" "20 problems (stopped counting)"
expect_eq "$(grep -c "is not a date" "$T/.err")" 20 "25 bad rows: exactly 20 problems listed"

# One bad file refuses the good files imported with it.
printf 'id,jurisdiction,kind,title\nQG-NEW1,quangang,info,新通知\n' >"$T/good.csv"
before=$(db_state "$DB")
gk import --db "$DB" "$T/good.csv" "$T/date.csv"
expect_status 2 "good file + bad file: exit status 2"
expect_err "date.csv:3: column 'formed_on'" "good file + bad file: names the bad file"
expect_eq "$(db_state "$DB")" "$before" "good file + bad file: database unchanged"
expect_eq "$(q "SELECT count(*) FROM records WHERE id = 'QG-NEW1'")" 0 \
	"good file + bad file: the good file's record is not imported"

# ---- re-import replaces and keeps the earlier version ------------------------

printf 'id,jurisdiction,kind,title,attribute,formed_on,published_on\nQG-2021-002,quangang,info,泉港区文体旅游局政府信息公开指南（修订）,主动公开,2021-03-01,2021-03-15\n' >"$T/again.csv"
gk import --db "$DB" "$T/again.csv"
expect_status 0 "re-import: exit status 0"
expect_out "imported 1 record into $DB: 0 new, 1 replaced" "re-import: counts 1 replaced"
expect_eq "$(q 'SELECT count(*) FROM records')" 5 "re-import: still 5 records"
expect_eq "$(q "SELECT attribute || '|' || published_on || '|' || title FROM records WHERE id = 'QG-2021-002'")" \
	"proactive|2021-03-15|泉港区文体旅游局政府信息公开指南（修订）" "re-import: the record is replaced"
expect_eq "$(q "SELECT count(*) || '|' || min(attribute) || '|' || min(secrecy) || '|' || min(channels) || '|' || coalesce(min(published_on), '-') FROM record_history WHERE id = 'QG-2021-002'")" \
	"1|on_request|internal|weibo;bulletin|-" "re-import: record_history keeps the earlier version"
expect_eq "$(q "SELECT h.replaced_by = (SELECT max(id) FROM imports) AND h.import_id = 1 FROM record_history h WHERE h.id = 'QG-2021-002'")" 1 \
	"re-import: history row points at the old and the replacing import"
expect_eq "$(q 'SELECT count(*) FROM record_history')" 1 "re-import: only the replaced record has history"

# ---- usage errors -----------------------------------------------------------

before=$(db_state "$DB")
gk import --db "$DB" "$T/nosuch.csv"
expect_status 2 "missing file: exit status 2"
expect_err "nosuch.csv" "missing file: names the file"
expect_eq "$(db_state "$DB")" "$before" "missing file: database unchanged"

gk import "$T/good.csv"
expect_status 2 "no --db: exit status 2"
expect_err "--db is required" "no --db: says --db is required"

gk import --db "$DB" --frobnicate "$T/good.csv"
expect_status 2 "unknown option: exit status 2"
expect_err "unknown option '--frobnicate'" "unknown option: names the option"

gk import --db "$DB"
expect_status 2 "no file: exit status 2"
expect_err "name at least one file" "no file: asks for a file"

cp "$T/good.csv" "$T/good.txt"
gk import --db "$DB" "$T/good.txt"
expect_status 2 "unknown extension: exit status 2"
expect_err "good.txt: cannot tell the format" "unknown extension: names the file"
expect_eq "$(q "SELECT count(*) FROM records WHERE id = 'QG-NEW1'")" 0 "usage errors: nothing imported"

# A refused import into a database that did not exist leaves no file behind.
printf 'id,jurisdiction,kind,formed_on\nQG-N1,quangang,info,2021-02-30\n' > "$T/baddate.csv"
gk import --db "$T/never.db" "$T/baddate.csv"
expect_status 2 "refused import into a new database: exit status 2"
if [ -e "$T/never.db" ] || [ -e "$T/never.db-wal" ]; then
	not_ok "refused import into a new database: no file left" "$(ls "$T")"
else
	ok "refused import into a new database: no file left"
fi

# A byte-order mark is allowed as a file's first character only: inside,
# it would make an id another record's (invisible), and it marks files
# joined after export.  Refused with the line; nothing imported.
printf '\357\273\277id,jurisdiction,kind\nZZ-B1,zezhou,info\n\357\273\277ZZ-B2,zezhou,info\n' > "$T/bom.csv"
before=$(db_state "$DB")
gk import --db "$DB" "$T/bom.csv"
expect_status 2 "a BOM inside a CSV file: refused"
expect_err "$T/bom.csv:3: column 1: a byte-order mark (U+FEFF, an invisible character; only a file's first character may be one: were files joined?)" \
	"a BOM inside a CSV file: names the line and column"
if [ "$(db_state "$DB")" = "$before" ]; then ok "a BOM inside a CSV file: nothing imported"; else
	not_ok "a BOM inside a CSV file: nothing imported"; fi
printf '{"id":"ZZ-B3","jurisdiction":"zezhou","kind":"info"}\n{"id":"\\ufeffZZ-B3","jurisdiction":"zezhou","kind":"info"}\n' > "$T/bom.jsonl"
gk import --db "$DB" "$T/bom.jsonl"
expect_status 2 "a BOM escaped in a JSON Lines id: refused"
expect_err "$T/bom.jsonl:2: a byte-order mark" "a BOM in JSON Lines: names the line"

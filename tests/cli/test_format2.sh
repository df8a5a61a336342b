#!/bin/sh
# test_format2.sh - record format 2 end to end: every new column imported
# from CSV and JSON Lines, stored, kept in history when replaced, judged
# (application stages, correction, consultation, advance notices, the form
# of a release meeting), explained, and replayed; a database written before
# the columns existed is upgraded in place.
. "$(dirname "$0")/lib.sh"

export GIT_AUTHOR_NAME="Test Officer" GIT_AUTHOR_EMAIL="officer@example.org"
export GIT_COMMITTER_NAME="Test Officer" GIT_COMMITTER_EMAIL="officer@example.org"

DB="$T/f2.db"
# 2021-03-01 + 7 = 03-10; + 20 = 03-29; 5 working days consulted (03-05..03-12)
# move 03-29 to 04-06; a correction received 03-15 + 20 = 04-13.
cat >"$T/f2.csv" <<'EOF2'
id,jurisdiction,kind,title,received_on,registered_on,examined_on,handled_on,replied_on,delivered_on,archived_on,correction_requested_on,corrected_on,consult_sent_on,consult_replied_on
QG-A1,quangang,application,六个环节齐全,2021-03-01,2021-03-01,2021-03-02,2021-03-05,2021-03-10,2021-03-11,2021-03-20,,,,
QG-A2,quangang,application,跳过审核,2021-03-01,2021-03-01,,2021-03-05,2021-03-10,2021-03-11,2021-03-20,,,,
QG-A3,quangang,application,补正后按时答复,2021-03-01,2021-03-01,2021-03-02,2021-04-01,2021-04-13,2021-04-13,2021-04-20,2021-03-05,2021-03-15,,
QG-A4,quangang,application,征求意见后答复,2021-03-01,2021-03-01,2021-03-02,2021-04-01,2021-04-06,2021-04-07,2021-04-20,,,2021-03-05,2021-03-12
QG-A5,quangang,application,补正告知晚了,2021-03-01,2021-03-01,2021-03-02,2021-03-25,2021-03-26,2021-03-26,2021-03-30,2021-03-11,2021-03-15,,
EOF2
cat >"$T/f2.jsonl" <<'EOF2'
{"id":"QG-N1","jurisdiction":"quangang","kind":"info","attribute":"主动公开","catalog_item":"activity-notice","formed_on":"2021-05-06","published_on":"2021-05-12","activity_on":"2021-05-10","channels":"website","elements":"活动内容;活动时间;活动地点"}
{"id":"QG-E1","jurisdiction":"quangang","kind":"event","event_type":"release_meeting","period":"2021","held_on":"2021-12-01","channels":"线上;现场","implementer":"泉港区文化馆"}
{"id":"QG-E2","jurisdiction":"quangang","kind":"event","event_type":"release_meeting","period":"2020","held_on":"2020-12-01","channels":"onsite","implementer":"泉港区文化馆"}
EOF2
gk import --db "$DB" "$T/f2.csv" "$T/f2.jsonl"
expect_status 0 "format 2: CSV and JSON Lines with every new column import"

row=$(sqlite3 "$DB" "SELECT registered_on, examined_on, handled_on, delivered_on, archived_on FROM records WHERE id = 'QG-A1'")
expect_eq "$row" "2021-03-01|2021-03-02|2021-03-05|2021-03-11|2021-03-20" "format 2: the stages are stored"
row=$(sqlite3 "$DB" "SELECT correction_requested_on, corrected_on FROM records WHERE id = 'QG-A3'")
expect_eq "$row" "2021-03-05|2021-03-15" "format 2: the correction dates are stored"
row=$(sqlite3 "$DB" "SELECT consult_sent_on, consult_replied_on FROM records WHERE id = 'QG-A4'")
expect_eq "$row" "2021-03-05|2021-03-12" "format 2: the consultation dates are stored"
row=$(sqlite3 "$DB" "SELECT activity_on FROM records WHERE id = 'QG-N1'")
expect_eq "$row" "2021-05-10" "format 2: the activity date is stored"
row=$(sqlite3 "$DB" "SELECT channels, implementer FROM records WHERE id = 'QG-E1'")
expect_eq "$row" "online;onsite|泉港区文化馆" "format 2: an event's channels (Chinese aliases) and unit are stored canonical"

printf 'id,jurisdiction,kind,activity_on\nQG-X,quangang,application,2021-05-10\n' >"$T/bad.csv"
gk import --db "$DB" "$T/bad.csv"
expect_status 2 "format 2: a column on a kind it does not apply to is refused"
expect_err "column 'activity_on'" "format 2: the refusal names the column"

gk run --worktree --db "$DB" --policies "$POL" --as-of 2021-12-31 --format json
expect_status 1 "format 2: the run has findings"
printf '%s' "$stdout" >"$T/run.json"
has() {
	if python3 - "$T/run.json" "$1" "$2" "$3" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
text, rec, rule = sys.argv[2], sys.argv[3], sys.argv[4]
sys.exit(0 if any(f["record_id"] == rec and f["rule"] == rule and text in f["message"]
                  for f in d["findings"]) else 1)
PY
	then ok "$4"; else not_ok "$4" "no $2 $3 '$1'"; fi
}
lacks() {
	if python3 - "$T/run.json" "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(1 if any(f["record_id"] == sys.argv[2] and f["rule"] == sys.argv[3] for f in d["findings"]) else 0)
PY
	then ok "$3"; else not_ok "$3" "a $2 finding on $1"; fi
}
lacks QG-A1 Q2 "Q2: six stages in order, no finding"
has "缺少审核日期（examined_on），而其后的办理日期 2021-03-05 已记载" QG-A2 Q2 "Q2: a skipped stage is named with the stage after it"
lacks QG-A3 B2 "B2: the reply runs from the corrected application"
lacks QG-A4 B2 "B2: the consultation's working days do not count"
has "逾期 1 个工作日" QG-A5 B2-correction "B2-correction: asked for correction on the 8th working day"
has "公开日期 2021-05-12 晚于活动日期 2021-05-10" QG-N1 Q4-advance "Q4-advance: a notice after the activity"
if python3 - "$T/run.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rel = [f for f in d["findings"] if f["rule"] == "Q5-release"]
ok = any(f["period"] == "2020" and "QG-E2 的渠道不是线上与线下相结合" in f["message"] for f in rel) \
     and not any(f["period"] == "2021" for f in rel)
sys.exit(0 if ok else 1)
PY
then ok "Q5-release: 2021 held online and onsite passes, 2020 onsite only does not"
else not_ok "Q5-release: 2021 held online and onsite passes, 2020 onsite only does not"; fi

gk explain --worktree --db "$DB" --policies "$POL" --as-of 2021-12-31 QG-A4
expect_status 0 "explain: a consulted application"
expect_out "不计：征求意见日期 2021-03-05 至 2021-03-12，5 个工作日" "explain: names the working days of the consultation"
expect_out "期限：2021-04-06（第 25 个工作日" "explain: the deadline moved by them"
gk explain --worktree --db "$DB" --policies "$POL" --as-of 2021-12-31 QG-A3
expect_out "起算：收到补正日期 2021-03-15" "explain: the clock runs from the corrected application"

# Replacing a record keeps the earlier version's new columns in history.
printf 'id,jurisdiction,kind,received_on,registered_on,examined_on\nQG-A2,quangang,application,2021-03-01,2021-03-01,2021-03-03\n' >"$T/fix.csv"
gk import --db "$DB" "$T/fix.csv"
expect_status 0 "format 2: a corrected record replaces the old"
row=$(sqlite3 "$DB" "SELECT handled_on, delivered_on FROM record_history WHERE id = 'QG-A2'")
expect_eq "$row" "2021-03-05|2021-03-11" "format 2: history keeps the replaced version's stages"

# A database from before format 2: its records table lacks the columns.
OLD="$T/old.db"
printf 'id,jurisdiction,kind,received_on,replied_on\nZZ-A1,zezhou,application,2021-03-01,2021-03-10\n' >"$T/old.csv"
gk import --db "$OLD" "$T/old.csv"
for c in registered_on examined_on delivered_on archived_on correction_requested_on corrected_on \
	 consult_sent_on consult_replied_on activity_on; do
	sqlite3 "$OLD" "ALTER TABLE records DROP COLUMN $c; ALTER TABLE record_history DROP COLUMN $c"
done
gk import --db "$OLD" "$T/f2.csv"
expect_status 0 "upgrade: a database without the format 2 columns takes a format 2 file"
row=$(sqlite3 "$OLD" "SELECT count(*) FROM pragma_table_info('records') WHERE name IN ('registered_on', 'activity_on', 'consult_replied_on')")
expect_eq "$row" "3" "upgrade: the columns are added in place"
row=$(sqlite3 "$OLD" "SELECT received_on || ' ' || coalesce(registered_on, '-') FROM records WHERE id = 'ZZ-A1'")
expect_eq "$row" "2021-03-01 -" "upgrade: the format 1 record is kept, its new columns empty"

# Replay: a run over format 2 records reproduces from its commit.
gk init "$T/repo"
gk run --db "$DB" --policies "$T/repo" --as-of 2021-12-31
expect_status 1 "replay fixture: a committed run over format 2 records"
id=$(sqlite3 "$DB" "SELECT max(id) FROM runs")
printf 'id,jurisdiction,kind,received_on,registered_on,examined_on,handled_on,replied_on\nQG-A5,quangang,application,2021-03-01,2021-03-01,2021-03-02,2021-03-03,2021-03-04\n' >"$T/later.csv"
gk import --db "$DB" "$T/later.csv"
gk replay --db "$DB" "$id"
expect_status 0 "replay: the run reproduces from the record versions of its time"
expect_out "reproduces exactly" "replay: says it reproduces exactly"

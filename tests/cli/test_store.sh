#!/bin/sh
# test_store.sh - the database under concurrent use: a run sees one
# snapshot and names the import it evaluated; a writer that finds the
# database busy waits, then says another gongkai is writing.
. "$(dirname "$0")/lib.sh"

export GIT_AUTHOR_NAME="Test Officer" GIT_AUTHOR_EMAIL="officer@example.org"
export GIT_COMMITTER_NAME="Test Officer" GIT_COMMITTER_EMAIL="officer@example.org"
q() { sqlite3 "$T/s.db" "$1"; }

# Wait (at most 30 s) until the file $1 exists.
wait_for() {
	n=0
	while [ ! -e "$1" ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
	[ -e "$1" ]
}

gk init "$T/repo"
# JSON Lines: one record a line, so that files can be cut by lines.
"$GK_GEN" --count 400 --seed 5 --end 2025-05-31 --format jsonl > "$T/a.jsonl"
gk import --db "$T/s.db" "$T/a.jsonl"
expect_status 0 "fixture: 400 records"
expect_out "; import 1" "import prints the number runs name it by"
gk run --db "$T/s.db" --policies "$T/repo" --as-of 2025-06-30 --quiet
expect_status 1 "fixture: a first run with findings"
# The first 80 records again, unchanged (each replaced by a new version
# with a new rowid), and 5 new ones.
head -n 80 "$T/a.jsonl" > "$T/b.jsonl"
"$GK_GEN" --count 5 --seed 6 --end 2025-05-31 --format jsonl |
	sed 's/^{"id":"\([A-Z][A-Z]\)-/{"id":"\1-N/' > "$T/c.jsonl"
cat "$T/c.jsonl" >> "$T/b.jsonl"
if [ "$(q "SELECT count(*) FROM findings WHERE run_id = 1 AND record_id IN
      ($(head -n 80 "$T/b.jsonl" | sed 's/^{"id":"\([^"]*\)".*/'"'"'\1'"'"'/' | paste -sd,))")" -gt 0 ]; then
	ok "fixture: the records imported again have findings"
else
	not_ok "fixture: the records imported again have findings"
fi

# A run paused (GONGKAI_TEST_PAUSE, for tests only) after it read what it
# evaluates; an import started then must not change what it evaluates.
GONGKAI_TEST_PAUSE="$T/pause" "$GK_BIN" run --db "$T/s.db" --policies "$T/repo" \
	--as-of 2025-06-30 --quiet --format json >"$T/run2.json" 2>"$T/run2.err" &
runpid=$!
if wait_for "$T/pause"; then ok "interleave: the run reached its pause"; else not_ok "interleave: the run reached its pause"; fi
"$GK_BIN" import --db "$T/s.db" "$T/b.jsonl" >"$T/imp.out" 2>"$T/imp.err" &
imppid=$!
# Until the import says it waits (after a second), or has ended.
n=0
while ! grep -q "another gongkai is writing" "$T/imp.err" && kill -0 $imppid 2>/dev/null &&
      [ $n -lt 300 ]; do
	sleep 0.1
	n=$((n + 1))
done
rm -f "$T/pause"
wait $runpid
runst=$?
wait $imppid
impst=$?
[ "$runst" -eq 1 ] && ok "interleave: the run ends with its findings" ||
	not_ok "interleave: the run ends with its findings" "status $runst: $(cat "$T/run2.err")"
[ "$impst" -eq 0 ] && ok "interleave: the import waits for the run, then lands" ||
	not_ok "interleave: the import waits for the run, then lands" "status $impst: $(cat "$T/imp.err")"
grep -q "another gongkai is writing" "$T/imp.err" &&
	ok "interleave: the waiting import says why it waits" ||
	not_ok "interleave: the waiting import says why it waits" "$(cat "$T/imp.err")"
imp=$(q "SELECT last_import FROM runs WHERE id = 2")
n=$(q "SELECT count(*) FROM (SELECT id FROM records WHERE import_id <= $imp
	UNION SELECT id FROM record_history WHERE import_id <= $imp AND replaced_by > $imp)")
if [ "$(q "SELECT records FROM runs WHERE id = 2")" = "$n" ]; then
	ok "interleave: the run evaluated every record of the import it names"
else
	not_ok "interleave: the run evaluated every record of the import it names" \
		"import $imp has $n records, the run evaluated $(q "SELECT records FROM runs WHERE id = 2")"
fi
if [ "$(q "SELECT n_resolved FROM runs WHERE id = 2")" = 0 ]; then
	ok "interleave: nothing is resolved (no record changed)"
else
	not_ok "interleave: nothing is resolved (no record changed)" \
		"$(q "SELECT n_resolved FROM runs WHERE id = 2") resolved"
fi
if grep -q "\"last_import\": $imp," "$T/run2.json"; then
	ok "interleave: the run's JSON names the import it evaluated"
else
	not_ok "interleave: the run's JSON names the import it evaluated" "$(head -c 600 "$T/run2.json")"
fi
gk replay --db "$T/s.db" 2
expect_status 0 "interleave: the run replays exactly"
gk run --db "$T/s.db" --policies "$T/repo" --as-of 2025-06-30 --quiet --format json
if [ "$(q "SELECT last_import || ' ' || records || ' ' || n_resolved FROM runs WHERE id = 3")" = "2 405 0" ]; then
	ok "the next run evaluates the new import: 405 records, nothing resolved"
else
	not_ok "the next run evaluates the new import: 405 records, nothing resolved" \
		"$(q "SELECT last_import || ' ' || records || ' ' || n_resolved FROM runs WHERE id = 3")"
fi
gk runs --db "$T/s.db" --format json
expect_out '"last_import": 2, "records": 405' "runs --format json: the import each run evaluated"
gk runs --db "$T/s.db"
expect_out "import" "runs: an import column"
gk runs --db "$T/s.db" --format csv
expect_out "scope,last_import,records" "runs --format csv: a last_import column"

# A writer that finds the database busy waits (--busy-timeout, or
# busy_timeout: in gongkai.yaml), then says another gongkai is writing.
# Here a run paused while it holds the write lock is the other writer.
rm -f "$T/pause"
GONGKAI_TEST_PAUSE="$T/pause" "$GK_BIN" run --db "$T/s.db" --policies "$T/repo" \
	--as-of 2025-06-30 --quiet >/dev/null 2>"$T/run4.err" &
runpid=$!
wait_for "$T/pause"
before=$(db_state "$T/s.db")
t0=$(date +%s.%N)
gk --busy-timeout 2 import --db "$T/s.db" "$T/c.jsonl"
t1=$(date +%s.%N)
expect_status 2 "busy: the import gives up with status 2"
expect_err "cannot write to the database '$T/s.db': another gongkai is writing to it (waited 2 s" \
	"busy: says another gongkai is writing, and how long it waited"
expect_err "nothing was changed" "busy: says nothing was changed"
expect_err "waiting up to 2 s" "busy: says it waits, while it waits"
wait2=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
# At least the time given, and not much more (valgrind adds seconds).
if awk -v d="$wait2" 'BEGIN { exit !(d >= 1.9 && d < 20) }'; then
	ok "busy: it waited the time given ($wait2 s)"
else
	not_ok "busy: it waited the time given" "$wait2 s"
fi
printf 'busy_timeout: 0\n' > "$T/gongkai.yaml"
t0=$(date +%s.%N)
gk --config "$T/gongkai.yaml" import --db "$T/s.db" "$T/c.jsonl"
t1=$(date +%s.%N)
expect_status 2 "busy: busy_timeout: 0 in gongkai.yaml gives up at once"
expect_err "another gongkai is writing to it (waited 0 s" "busy: busy_timeout: 0 says so"
wait0=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
if awk -v d="$wait0" -v w="$wait2" 'BEGIN { exit !(d < w - 1.5) }'; then
	ok "busy: busy_timeout: 0 does not wait ($wait0 s)"
else
	not_ok "busy: busy_timeout: 0 does not wait" "$wait0 s, against $wait2 s for 2"
fi
gk --config "$T/gongkai.yaml" --busy-timeout 1 run --db "$T/s.db" --policies "$T/repo" --as-of 2025-06-30
expect_status 2 "busy: a second run gives up too"
expect_err "(waited 1 s" "busy: the flag overrides gongkai.yaml"
if [ "$(db_state "$T/s.db")" = "$before" ]; then
	ok "busy: the refused commands changed nothing"
else
	not_ok "busy: the refused commands changed nothing"
fi
rm -f "$T/pause"
wait $runpid
[ $? -eq 1 ] && ok "busy: the run holding the lock ends normally" ||
	not_ok "busy: the run holding the lock ends normally" "$(cat "$T/run4.err")"
gk import --db "$T/s.db" "$T/c.jsonl"
expect_status 0 "busy: once the run is done, the import lands"

printf 'busy_timeout: soon\n' > "$T/bad.yaml"
gk --config "$T/bad.yaml" runs --db "$T/s.db"
expect_status 2 "busy_timeout: not a number is an error"
expect_err "bad.yaml:1:15: 'busy_timeout: soon' must be a number of seconds from 0 to 86400" \
	"busy_timeout: the error names file, line and column"
gk --busy-timeout -3 runs --db "$T/s.db"
expect_status 2 "--busy-timeout -3 is an error"
expect_err "--busy-timeout '-3': expected a number of seconds" "--busy-timeout: says what it expects"

# replay reproduces untouched runs exactly: 3000 records of the four
# jurisdictions, imported as two files in one import (lines past 9, the
# second file first), then partly again; runs with 2 workers and 1.
"$GK_GEN" --count 3000 --seed 11 --format jsonl > "$T/all.jsonl"
head -n 1500 "$T/all.jsonl" > "$T/r1.jsonl"
tail -n +1501 "$T/all.jsonl" > "$T/r2.jsonl"
head -n 60 "$T/r1.jsonl" > "$T/r3.jsonl"
# Two non-public documents of the same name, on lines 2 and 10 of a file
# (as text "x.jsonl:10" sorts before "x.jsonl:2"), and a text citing it.
doc() { printf '{"id":"%s","jurisdiction":"zhongshan","kind":"info","title":"关于加强文化市场安全生产工作的通知","attribute":"%s","formed_on":"2021-03-01"}\n' "$1" "$2"; }
"$GK_GEN" --count 9 --seed 12 --format jsonl | sed 's/^{"id":"\([A-Z][A-Z]\)-/{"id":"\1-X/' > "$T/filler.jsonl"
{ sed -n 1p "$T/filler.jsonl"; doc ZS-DOC-B on_request; sed -n 2,8p "$T/filler.jsonl"
  doc ZS-DOC-A withheld; sed -n 9p "$T/filler.jsonl"
  printf '{"id":"ZS-CITE","jurisdiction":"zhongshan","kind":"info","title":"安全生产检查通报","attribute":"proactive","formed_on":"2021-04-01","published_on":"2021-04-02","body":"根据《关于加强文化市场安全生产工作的通知》要求，开展检查。"}\n'
} > "$T/x.jsonl"
rp() { gk "$@" --db "$T/p.db"; }
rp import "$T/r2.jsonl" "$T/r1.jsonl" "$T/x.jsonl"
rp import "$T/r3.jsonl"
rp run --policies "$T/repo" --as-of 2025-06-30 --jobs 2 --quiet
expect_status 1 "replay fixture: a run with 2 workers"
rp import "$T/r2.jsonl"
rp run --policies "$T/repo" --as-of 2025-06-30 --warn-days 5 --quiet
expect_status 1 "replay fixture: a run with 1 worker after another import"
# Every kind of rule: deadline B1, required B4, publisher S1, order Y3,
# catalog Z1 and Q4, confidential S2, privacy S3, periodic B3 and Q5, Lua S4.
got=" $(sqlite3 "$T/p.db" "SELECT group_concat(rule, ' ') FROM (SELECT DISTINCT rule FROM findings WHERE run_id = 1 ORDER BY rule)") "
missing=
for r in B1 B3 B4 Q4 Q5-opinion-box S1 S2 S3 S4 Y1 Y3 Z1; do
	case "$got" in *" $r "*) ;; *) missing="$missing $r" ;; esac
done
if [ -z "$missing" ] && [ "$(echo $got | wc -w)" -ge 20 ]; then
	ok "replay fixture: findings of 20 rules or more, of every kind of rule"
else
	not_ok "replay fixture: findings of 20 rules or more, of every kind of rule" "missing$missing; got$got"
fi
if [ "$(sqlite3 "$T/p.db" "SELECT count(*) FROM findings WHERE run_id = 1 AND rule = 'S2' AND record_id = 'ZS-CITE'
      AND message LIKE '%ZS-DOC-B%' AND message LIKE '%ZS-DOC-A%'")" = 1 ]; then
	ok "replay fixture: a text citing several non-public documents (S2)"
else
	not_ok "replay fixture: a text citing several non-public documents (S2)"
fi
rp replay 1
expect_status 0 "replay: a run with 2 workers reproduces exactly"
expect_out "run 1 reproduces exactly" "replay: says run 1 reproduces"
rp replay 2
expect_status 0 "replay: a later run reproduces exactly"
expect_out "run 2 reproduces exactly" "replay: says run 2 reproduces"

# A waiver's label names waivers.yaml as the policy set does, not the
# folder the set was read from: a run given the set by a relative path
# replays from the absolute path it recorded.
cat > "$T/repo/waivers.yaml" <<'YAML'
waivers:
  - rule: B4
    jurisdiction: zezhou
    reason: 属性字段由新系统补录
    approver: 王强
    start: 2021-01-01
    expiry: 2030-01-01
YAML
git -C "$T/repo" add waivers.yaml && git -C "$T/repo" commit -qm "B4: waiver" >/dev/null
(cd "$T" && "$GK_BIN" run --db p.db --policies repo --as-of 2025-06-30 --quiet >/dev/null 2>&1)
w=$(sqlite3 "$T/p.db" "SELECT waiver FROM findings WHERE run_id = 3 AND waiver IS NOT NULL LIMIT 1")
case "$w" in
*"（waivers.yaml:2）") ok "a waiver's label names waivers.yaml:LINE" ;;
*) not_ok "a waiver's label names waivers.yaml:LINE" "$w" ;;
esac
rp replay 3
expect_status 0 "replay: a run with waivers, given the set by a relative path, reproduces"
# Runs stored when labels gave the folder too still replay.
sqlite3 "$T/p.db" "UPDATE findings SET waiver = replace(waiver, '（waivers.yaml', '（repo/waivers.yaml') WHERE run_id = 3"
rp replay 3
expect_status 0 "replay: a waiver label with the folder (older runs) still compares equal"
sqlite3 "$T/p.db" "UPDATE findings SET waiver = replace(waiver, '王强', '王五') WHERE run_id = 3"
rp replay 3
expect_status 1 "replay: a changed waiver label is a difference"

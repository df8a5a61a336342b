#!/bin/sh
# test_verify.sh - the hash chain over runs and findings, and gongkai verify.
. "$(dirname "$0")/lib.sh"

"$GK_GEN" --count 120 --seed 3 > "$T/r.csv"
gk import --db "$T/v.db" "$T/r.csv"
expect_status 0 "fixture import"
for d in 2025-01-31 2025-03-31 2025-06-30; do
	gk run --worktree --db "$T/v.db" --policies "$POL" --as-of $d --format csv
done
q() { sqlite3 "$T/v.db" "$1"; }

gk verify --db "$T/v.db"
expect_status 0 "three untouched runs verify"
expect_out "3 runs verified" "verify counts the runs"
head=$(q "SELECT hash FROM runs ORDER BY id DESC LIMIT 1")
expect_out "chain head $head" "verify prints the newest hash as the chain head"
if [ "$(q "SELECT prev_hash FROM runs WHERE id = 2")" = "$(q "SELECT hash FROM runs WHERE id = 1")" ] &&
   [ "$(q "SELECT prev_hash FROM runs WHERE id = 1")" = "" ]; then
	ok "each run's prev_hash is the previous run's hash"
else
	not_ok "each run's prev_hash is the previous run's hash"
fi

cp "$T/v.db" "$T/a.db"
sqlite3 "$T/a.db" "UPDATE findings SET message = message || ' ' WHERE id = (SELECT min(id) FROM findings WHERE run_id = 2)"
gk verify --db "$T/a.db"
expect_status 1 "a changed finding: exit status 1"
expect_out "run 2: the run or its findings were changed or deleted after the fact" "a changed finding: names its run"
if grep -q "^run 1:\|^run 3:" "$T/.out"; then not_ok "a changed finding: other runs stay verified"; else ok "a changed finding: other runs stay verified"; fi

cp "$T/v.db" "$T/b.db"
sqlite3 "$T/b.db" "DELETE FROM findings WHERE id = (SELECT max(id) FROM findings WHERE run_id = 3)"
gk verify --db "$T/b.db"
expect_status 1 "a deleted finding: exit status 1"
expect_out "run 3: the run or its findings were changed or deleted after the fact" "a deleted finding: names its run"

cp "$T/v.db" "$T/c.db"
sqlite3 "$T/c.db" "UPDATE runs SET as_of = '2025-07-01' WHERE id = 1"
gk verify --db "$T/c.db"
expect_out "run 1: the run or its findings were changed" "a changed run record: names the run"

cp "$T/v.db" "$T/d.db"
sqlite3 "$T/d.db" "DELETE FROM findings WHERE run_id = 2; DELETE FROM runs WHERE id = 2"
gk verify --db "$T/d.db"
expect_status 1 "a deleted run: exit status 1"
expect_out "run 3: the chain is broken before it" "a deleted run: the next run says the chain is broken"

gk verify
expect_status 2 "verify without --db: exit status 2"
gk verify --help
expect_status 0 "verify --help"

# A schema 1 database (no hashes yet) is upgraded in place and sealed.
cp "$T/v.db" "$T/old.db"
sqlite3 "$T/old.db" "ALTER TABLE runs DROP COLUMN hash; ALTER TABLE runs DROP COLUMN prev_hash; ALTER TABLE runs DROP COLUMN last_import; ALTER TABLE findings DROP COLUMN waiver;
  ALTER TABLE runs DROP COLUMN layout; ALTER TABLE runs DROP COLUMN baseline; ALTER TABLE runs DROP COLUMN warn_days;
  ALTER TABLE runs DROP COLUMN n_new; ALTER TABLE runs DROP COLUMN n_persisting; ALTER TABLE runs DROP COLUMN n_resolved;
  ALTER TABLE runs DROP COLUMN n_due_soon; ALTER TABLE runs DROP COLUMN n_waived;
  ALTER TABLE findings DROP COLUMN unit; ALTER TABLE findings DROP COLUMN status; ALTER TABLE findings DROP COLUMN first_seen;
  ALTER TABLE runs DROP COLUMN calendar_first; ALTER TABLE runs DROP COLUMN calendar_last;
  ALTER TABLE runs DROP COLUMN calendar_provisional; ALTER TABLE runs DROP COLUMN warn_until;
  ALTER TABLE runs DROP COLUMN warn_cut_at; ALTER TABLE findings DROP COLUMN provisional;
  DROP TABLE resolved; DROP TABLE due_soon; DROP TABLE feedback;
  UPDATE meta SET value = '1' WHERE key = 'schema'"
gk verify --db "$T/old.db"
expect_status 0 "a schema 1 database is upgraded and verifies"
if [ "$(sqlite3 "$T/old.db" "SELECT value FROM meta WHERE key = 'schema'")" = 5 ] &&
   [ "$(sqlite3 "$T/old.db" "SELECT count(*) FROM runs WHERE hash IS NOT NULL")" = 3 ]; then
	ok "the upgrade seals every existing run"
else
	not_ok "the upgrade seals every existing run"
fi

# A schema 2 database (written by gongkai 0.1, two runs) is upgraded in
# place: its runs keep the seal they had, and the next run is compared
# with the last of them.
sqlite3 "$T/v2.db" <"$GK_TOP/tests/fixtures/schema2.sql"
gk verify --db "$T/v2.db"
expect_status 0 "a schema 2 database is upgraded and its runs still verify"
expect_out "2 runs verified" "a schema 2 database: both runs checked"
if [ "$(sqlite3 "$T/v2.db" "SELECT value FROM meta WHERE key = 'schema'")" = 5 ]; then
	ok "a schema 2 database says schema 5 after the upgrade"
else
	not_ok "a schema 2 database says schema 5 after the upgrade"
fi
gk run --db "$T/v2.db" --worktree --policies "$POL" --as-of 2025-07-31
expect_status 1 "a run on an upgraded schema 2 database"
# Since the dump was made, Q5-opinion-box became a duty of every venue (one
# finding a venue and month), Q2 checks the six stages of record format 2
# and Y6 was added: their findings are new, the others persist.
if [ "$(sqlite3 "$T/v2.db" "SELECT baseline FROM runs WHERE id = 3")" = 2 ] &&
   [ "$(sqlite3 "$T/v2.db" "SELECT count(*) FROM findings WHERE run_id = 3 AND status = 'new' AND rule NOT IN ('Q5-opinion-box', 'Q2', 'Y6')")" = 0 ] &&
   [ "$(sqlite3 "$T/v2.db" "SELECT count(*) FROM findings WHERE run_id = 3 AND status = 'persisting' AND first_seen = '2025-07-31'")" = \
     "$(sqlite3 "$T/v2.db" "SELECT count(*) FROM findings WHERE run_id = 2 AND rule <> 'Q5-opinion-box'")" ]; then
	ok "the first run after the upgrade compares with the last schema 2 run"
else
	not_ok "the first run after the upgrade compares with the last schema 2 run"
fi
gk verify --db "$T/v2.db"
expect_status 0 "old and new runs verify together after the upgrade"

# A schema 3 database (written before the calendar was recorded with each
# run; two layout 3 runs, one early warning) is upgraded in place to
# schema 4: its runs keep their seal, the next run is layout 4 and records
# the calendar, and the chain verifies across both.
sqlite3 "$T/v3.db" <"$GK_TOP/tests/fixtures/schema3.sql"
gk verify --db "$T/v3.db"
expect_status 0 "a schema 3 database is upgraded and its runs still verify"
expect_out "2 runs verified" "a schema 3 database: both runs checked"
if [ "$(sqlite3 "$T/v3.db" "SELECT value FROM meta WHERE key = 'schema'")" = 5 ] &&
   [ "$(sqlite3 "$T/v3.db" "SELECT group_concat(layout) FROM runs")" = "3,3" ]; then
	ok "a schema 3 database says schema 5, its runs stay layout 3"
else
	not_ok "a schema 3 database says schema 5, its runs stay layout 3"
fi
gk run --db "$T/v3.db" --worktree --policies "$POL" --as-of 2025-08-29 --warn-days 10
expect_status 1 "a run on an upgraded schema 3 database"
if [ "$(sqlite3 "$T/v3.db" "SELECT layout || ' ' || baseline || ' ' || calendar_first || '-' || calendar_last || ' ' || warn_until FROM runs WHERE id = 3")" = "4 2 2004-2026 2025-09-12" ]; then
	ok "the first run after the upgrade: layout 4, compared with the last schema 3 run, the calendar recorded"
else
	not_ok "the first run after the upgrade: layout 4, compared with the last schema 3 run, the calendar recorded" \
		"$(sqlite3 "$T/v3.db" "SELECT layout, baseline, calendar_first, calendar_last, warn_until FROM runs WHERE id = 3")"
fi
gk verify --db "$T/v3.db"
expect_status 0 "layout 3 and layout 4 runs verify together"
sqlite3 "$T/v3.db" "UPDATE runs SET calendar_provisional = '2027' WHERE id = 3"
gk verify --db "$T/v3.db"
expect_status 1 "a layout 4 run's calendar changed after the fact breaks the seal"
expect_out "run 3: the run or its findings were changed" "verify names the run whose calendar changed"

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

# Set a database back to schema 1: drop what schema 1 lacked.
to_schema1() {
	sqlite3 "$1" "ALTER TABLE runs DROP COLUMN hash; ALTER TABLE runs DROP COLUMN prev_hash; ALTER TABLE runs DROP COLUMN last_import; ALTER TABLE findings DROP COLUMN waiver;
  ALTER TABLE runs DROP COLUMN layout; ALTER TABLE runs DROP COLUMN baseline; ALTER TABLE runs DROP COLUMN warn_days;
  ALTER TABLE runs DROP COLUMN n_new; ALTER TABLE runs DROP COLUMN n_persisting; ALTER TABLE runs DROP COLUMN n_resolved;
  ALTER TABLE runs DROP COLUMN n_due_soon; ALTER TABLE runs DROP COLUMN n_waived;
  ALTER TABLE findings DROP COLUMN unit; ALTER TABLE findings DROP COLUMN status; ALTER TABLE findings DROP COLUMN first_seen;
  ALTER TABLE runs DROP COLUMN calendar_first; ALTER TABLE runs DROP COLUMN calendar_last;
  ALTER TABLE runs DROP COLUMN calendar_provisional; ALTER TABLE runs DROP COLUMN warn_until;
  ALTER TABLE runs DROP COLUMN warn_cut_at; ALTER TABLE findings DROP COLUMN provisional;
  ALTER TABLE findings DROP COLUMN severity;
  DROP TABLE resolved; DROP TABLE due_soon; DROP TABLE feedback; DELETE FROM meta WHERE key <> 'schema';
  UPDATE meta SET value = '1' WHERE key = 'schema'"
}

# A schema 1 database (no hashes yet) is upgraded in place, and its runs
# stay unsealed: an upgrade vouches for nothing.  (A real one has no chain
# log either.)
cp "$T/v.db" "$T/old.db"
to_schema1 "$T/old.db"
gk verify --db "$T/old.db"
expect_status 1 "a schema 1 database: its runs cannot be verified (exit status 1)"
expect_out "run 1: never sealed: it was stored before this database was upgraded from schema 1" \
	"a schema 1 database: each old run is named as never sealed"
expect_out "3 of 3 runs fail verification" "a schema 1 database: all three old runs counted"
if [ "$(sqlite3 "$T/old.db" "SELECT value FROM meta WHERE key = 'schema'")" = 6 ] &&
   [ "$(sqlite3 "$T/old.db" "SELECT count(*) FROM runs WHERE hash IS NOT NULL")" = 0 ]; then
	ok "the upgrade seals no existing run"
else
	not_ok "the upgrade seals no existing run"
fi
if grep -q "chain log" "$T/.out" && ! grep -q "chain log.*missing" "$T/.out"; then
	ok "a schema 1 database without a chain log: no alarm about the log"
else
	not_ok "a schema 1 database without a chain log: no alarm about the log" "$stdout"
fi
gk run --worktree --db "$T/old.db" --policies "$POL" --as-of 2025-07-31 --format csv
gk verify --db "$T/old.db"
expect_out "4 runs fail verification" "after the upgrade: the old runs stay unverifiable" 
if grep -q "^run 4" "$T/.out"; then not_ok "after the upgrade: a new run is sealed and verifies" "$stdout"; else
	ok "after the upgrade: a new run is sealed and verifies"; fi
gk verify --db "$T/old.db"
expect_status 1 "after the upgrade: verify still fails on the unsealed runs"

# Tampering, then a downgrade to schema 1 to have the run resealed: the
# upgrade reseals nothing, and the chain log names the seals removed.
cp "$T/v.db" "$T/down.db"
cp "$T/v.db.chain" "$T/down.db.chain"
sqlite3 "$T/down.db" "UPDATE findings SET message = '已整改' WHERE id = (SELECT min(id) FROM findings WHERE run_id = 2)"
to_schema1 "$T/down.db"
gk verify --db "$T/down.db"
expect_status 1 "tampering then a downgrade to schema 1: verify fails"
expect_out "run 2: has no hash, but the chain log '$T/down.db.chain' (line 3) has its seal: the seal was removed" \
	"tampering then a downgrade: the chain log shows run 2 was sealed"
# Set back to schema 1 with the seals still there: refused outright.
cp "$T/v.db" "$T/fake1.db"
sqlite3 "$T/fake1.db" "UPDATE meta SET value = '1' WHERE key = 'schema'"
gk verify --db "$T/fake1.db"
expect_status 2 "a schema number set back over sealed runs: refused"
expect_err "says schema 1, but its runs are sealed" "a schema number set back: says so"

# The chain log beside the database: each run appends "RUN HASH".
if [ "$(grep -vc '^#' "$T/v.db.chain")" = 3 ] &&
   [ "$(grep -v '^#' "$T/v.db.chain" | tail -n 1)" = "3 $(q "SELECT hash FROM runs WHERE id = 3")" ]; then
	ok "chain log: one line per run, the newest with run 3's hash"
else
	not_ok "chain log: one line per run, the newest with run 3's hash" "$(cat "$T/v.db.chain")"
fi
gk verify --db "$T/v.db"
expect_out "chain log $T/v.db.chain: holds 3 of the 3 runs (kept since run 1)" "verify says what the chain log holds"
# Deleting the newest run: invisible inside the database, not to the log.
cp "$T/v.db" "$T/n.db"
cp "$T/v.db.chain" "$T/n.db.chain"
sqlite3 "$T/n.db" "DELETE FROM findings WHERE run_id = 3; DELETE FROM resolved WHERE run_id = 3;
  DELETE FROM due_soon WHERE run_id = 3; DELETE FROM runs WHERE id = 3"
gk verify --db "$T/n.db"
expect_status 1 "the newest run deleted: verify fails"
expect_out "run 3 is in the chain log '$T/n.db.chain' (line 4) but not in the database: it was deleted after the fact" \
	"the newest run deleted: the chain log names it"
# ... and replaced by a new run 3 with other findings.
gk run --worktree --db "$T/n.db" --policies "$POL" --as-of 2025-06-29 --format csv
gk verify --db "$T/n.db"
expect_status 1 "the newest run replaced: verify fails"
expect_out "run 3: sealed as" "the newest run replaced: the chain log's seal differs"
# Seals erased after a change, the log set aside meanwhile and put back
# behind the next run's line: the log still has the seals.
cp "$T/v.db" "$T/r.db"
cp "$T/v.db.chain" "$T/r.db.chain"
sqlite3 "$T/r.db" "UPDATE findings SET message = '已整改' WHERE id = (SELECT min(id) FROM findings WHERE run_id = 2);
  UPDATE runs SET hash = NULL, prev_hash = NULL WHERE id >= 2"
sqlite3 "$T/r.db" "DELETE FROM meta WHERE key = 'chain_log_since'"
mv "$T/r.db.chain" "$T/r.keep"
gk run --worktree --db "$T/r.db" --policies "$POL" --as-of 2025-07-01 --format csv
cat "$T/r.keep" >> "$T/r.db.chain"
gk verify --db "$T/r.db"
expect_status 1 "seals erased and the log set aside: verify fails once the log is back"
expect_out "run 2: has no hash, but the chain log '$T/r.db.chain' (line 5) has its seal" \
	"seals erased: the chain log shows the run was sealed"
# The log missing (deleted, or a database moved without it).
cp "$T/v.db" "$T/m.db"
gk verify --db "$T/m.db"
expect_status 1 "the chain log missing: verify fails"
expect_out "the chain log '$T/m.db.chain' is missing: it has been kept since run 1" \
	"the chain log missing: says since when it was kept and what to do"
# Moved with its log: verifies.
mkdir -p "$T/moved"
cp "$T/v.db" "$T/moved/gk.db"
cp "$T/v.db.chain" "$T/moved/gk.db.chain"
gk verify --db "$T/moved/gk.db"
expect_status 0 "a database moved with its chain log verifies"
# A log line edited by hand.
cp "$T/v.db" "$T/e.db"
sed 's/^2 .*/2 not-a-hash/' "$T/v.db.chain" > "$T/e.db.chain"
gk verify --db "$T/e.db"
expect_status 1 "an edited chain log line: verify fails"
expect_out "line 3: not 'RUN HASH'" "an edited chain log line: names the line"
# A log that cannot be written: the run is stored, and says so.
cp "$T/v.db" "$T/w.db"
mkdir "$T/w.db.chain"
gk run --worktree --db "$T/w.db" --policies "$POL" --as-of 2025-07-02 --format csv
expect_status 2 "the chain log cannot be written: exit status 2"
expect_err "run 4 is stored, but its seal was not added to the chain log" "the chain log cannot be written: says the run is stored"
rmdir "$T/w.db.chain"
cp "$T/v.db.chain" "$T/w.db.chain"
gk verify --db "$T/w.db"
expect_out "run 4 is sealed but not in the chain log" "verify names the run the log lacks"

# A schema 2 database (written by gongkai 0.1, two runs) is upgraded in
# place: its runs keep the seal they had, and the next run is compared
# with the last of them.
sqlite3 "$T/v2.db" <"$GK_TOP/tests/fixtures/schema2.sql"
gk verify --db "$T/v2.db"
expect_status 0 "a schema 2 database is upgraded and its runs still verify"
expect_out "2 runs verified" "a schema 2 database: both runs checked"
if [ "$(sqlite3 "$T/v2.db" "SELECT value FROM meta WHERE key = 'schema'")" = 6 ]; then
	ok "a schema 2 database says schema 6 after the upgrade"
else
	not_ok "a schema 2 database says schema 6 after the upgrade"
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
# run; two layout 3 runs, one early warning) is upgraded in place: its
# runs keep their seal, the next run is sealed as it is written (layout 6)
# and records the calendar, and the chain verifies across both.
sqlite3 "$T/v3.db" <"$GK_TOP/tests/fixtures/schema3.sql"
gk verify --db "$T/v3.db"
expect_status 0 "a schema 3 database is upgraded and its runs still verify"
expect_out "2 runs verified" "a schema 3 database: both runs checked"
if [ "$(sqlite3 "$T/v3.db" "SELECT value FROM meta WHERE key = 'schema'")" = 6 ] &&
   [ "$(sqlite3 "$T/v3.db" "SELECT group_concat(layout) FROM runs")" = "3,3" ]; then
	ok "a schema 3 database says schema 6, its runs stay layout 3"
else
	not_ok "a schema 3 database says schema 6, its runs stay layout 3"
fi
gk run --db "$T/v3.db" --worktree --policies "$POL" --as-of 2025-08-29 --warn-days 10
expect_status 1 "a run on an upgraded schema 3 database"
if [ "$(sqlite3 "$T/v3.db" "SELECT layout || ' ' || baseline || ' ' || calendar_first || '-' || calendar_last || ' ' || warn_until FROM runs WHERE id = 3")" = "6 2 2004-2026 2025-09-12" ]; then
	ok "the first run after the upgrade: layout 6, compared with the last schema 3 run, the calendar recorded"
else
	not_ok "the first run after the upgrade: layout 6, compared with the last schema 3 run, the calendar recorded" \
		"$(sqlite3 "$T/v3.db" "SELECT layout, baseline, calendar_first, calendar_last, warn_until FROM runs WHERE id = 3")"
fi
gk verify --db "$T/v3.db"
expect_status 0 "layout 3 and layout 6 runs verify together"
sqlite3 "$T/v3.db" "UPDATE runs SET calendar_provisional = '2027' WHERE id = 3"
gk verify --db "$T/v3.db"
expect_status 1 "a layout 6 run's calendar changed after the fact breaks the seal"
expect_out "run 3: the run or its findings were changed" "verify names the run whose calendar changed"
# A database the gongkai before layout 5 wrote (two layout 4 runs with a
# waived finding, a resolved one and an early warning, and its chain log)
# verifies as it is; runs sealed as they are written (layout 6) chain on
# from it; a change to either kind of run is found.
sqlite3 "$T/v4.db" <"$GK_TOP/tests/fixtures/layout4.sql"
cp "$GK_TOP/tests/fixtures/layout4.chain" "$T/v4.db.chain"
gk verify --db "$T/v4.db"
expect_status 0 "a database of layout 4 runs verifies"
expect_out "2 runs verified" "layout 4: both runs checked"
expect_out "holds 2 of the 2 runs" "layout 4: the chain log holds both"
gk run --db "$T/v4.db" --worktree --policies "$POL" --as-of 2025-08-29 --warn-days 20
if [ "$(sqlite3 "$T/v4.db" "SELECT group_concat(layout) || ' ' || (SELECT baseline FROM runs WHERE id = 3) || ' ' || (SELECT prev_hash = (SELECT hash FROM runs WHERE id = 2) FROM runs WHERE id = 3) FROM runs")" = "4,4,6 2 1" ]; then
	ok "a run after layout 4 runs: layout 6, compared with and chained to the last"
else
	not_ok "a run after layout 4 runs: layout 6, compared with and chained to the last" \
		"$(sqlite3 "$T/v4.db" "SELECT id, layout, baseline FROM runs")"
fi
gk verify --db "$T/v4.db"
expect_status 0 "layout 4 and layout 6 runs verify together"
expect_out "holds 3 of the 3 runs" "the chain log goes on with the layout 6 run"
cp "$T/v4.db" "$T/v4a.db"
cp "$T/v4.db.chain" "$T/v4a.db.chain"
sqlite3 "$T/v4a.db" "UPDATE resolved SET finding_id = finding_id + 1 WHERE run_id = 2"
gk verify --db "$T/v4a.db"
expect_status 1 "a layout 4 run's resolved list changed: found"
expect_out "run 2: the run or its findings were changed" "a changed layout 4 run is named"
cp "$T/v4.db" "$T/v4b.db"
cp "$T/v4.db.chain" "$T/v4b.db.chain"
sqlite3 "$T/v4b.db" "UPDATE findings SET status = 'new' WHERE run_id = 3 AND status = 'persisting' AND id = (SELECT max(id) FROM findings WHERE run_id = 3 AND status = 'persisting')"
gk verify --db "$T/v4b.db"
expect_status 1 "a layout 6 finding's status changed: found"
expect_out "run 3: the run or its findings were changed" "a changed layout 6 run is named"
if grep -q "^run 2:" "$T/.out"; then not_ok "a changed layout 6 run: the layout 4 runs stay verified"; else ok "a changed layout 6 run: the layout 4 runs stay verified"; fi
cp "$T/v4.db" "$T/v4c.db"
cp "$T/v4.db.chain" "$T/v4c.db.chain"
sqlite3 "$T/v4c.db" "DELETE FROM resolved WHERE run_id = 3; DELETE FROM due_soon WHERE run_id = 3 AND id = (SELECT max(id) FROM due_soon)"
sqlite3 "$T/v4c.db" "INSERT INTO resolved SELECT 3, min(id) FROM findings WHERE run_id = 2"
gk verify --db "$T/v4c.db"
expect_status 1 "a layout 6 run's resolved list added to: found"

# A new database where an earlier one's chain log lies: refused, so that
# the old log is never taken for the new database's.
cp "$T/v.db.chain" "$T/fresh.db.chain"
gk import --db "$T/fresh.db" "$T/r.csv"
expect_status 2 "a new database beside an earlier one's chain log: refused"
expect_err "cannot create the database '$T/fresh.db': the chain log '$T/fresh.db.chain' of an earlier database is beside it" \
	"a new database beside an old chain log: says what to do"
if [ ! -e "$T/fresh.db" ] && [ -s "$T/fresh.db.chain" ]; then
	ok "a refused new database leaves no file, and the old log as it was"
else
	not_ok "a refused new database leaves no file, and the old log as it was" "$(ls "$T" | grep fresh)"
fi

/*
 * db.c - the SQLite store (see db.h).
 *
 * Pages are 64 KiB and the journal is WAL: a nightly run reads records on
 * one connection per worker while the main connection writes findings, and
 * big pages halve the cost of a full scan.
 */
#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sqlite3.h>
#include <time.h>

#include <git2.h>

#include "db.h"
#include "../engine/textcap.h"

#define SCHEMA_VERSION "5"

#include "db_impl.h"

/* ---- waiting for another writer ------------------------------------------ */

static int busy_ms = GK_STORE_BUSY_DEFAULT * 1000;
static void (*busy_notice)(void *, const char *, int);
static void *busy_ud;

void gk_store_busy_wait(int seconds, void (*notice)(void *, const char *, int), void *ud)
{
	busy_ms = seconds < 0 ? 0 : seconds > GK_STORE_BUSY_MAX ? GK_STORE_BUSY_MAX * 1000 :
		  seconds * 1000;
	busy_notice = notice;
	busy_ud = ud;
}

/* SQLite's busy handler for a store's connection: wait in steps of up
 * to 100 ms until busy_ms have passed since this lock was first refused;
 * announce the wait once it has lasted a second. */
static int on_busy(void *ud, int count)
{
	gk_store *st = ud;
	struct timespec now;
	long waited, step;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (count == 0)
		st->busy_since = now;
	waited = (now.tv_sec - st->busy_since.tv_sec) * 1000 +
		 (now.tv_nsec - st->busy_since.tv_nsec) / 1000000;
	if (waited >= busy_ms)
		return 0;
	if (waited >= 1000 && !st->busy_noticed) {
		st->busy_noticed = 1;
		if (busy_notice)
			busy_notice(busy_ud, st->path, busy_ms / 1000);
	}
	step = count < 10 ? 10 : 100;
	sqlite3_sleep((int)(step < busy_ms - waited ? step : busy_ms - waited));
	return 1;
}

static int busy_error(gk_error *err, const char *path)
{
	return gk_error_set(err, GK_EIO, "cannot write to the database '%s': another gongkai is "
			    "writing to it (waited %d s; to wait longer, give --busy-timeout SECONDS "
			    "or busy_timeout: in gongkai.yaml); nothing was changed", path,
			    busy_ms / 1000);
}

static int db_error(gk_error *err, sqlite3 *db, const char *path, const char *what)
{
	if (db && (sqlite3_extended_errcode(db) & 0xff) == SQLITE_BUSY)
		return busy_error(err, path);
	return gk_error_set(err, GK_EIO, "%s '%s': %s", what, path,
			    db ? sqlite3_errmsg(db) : "out of memory");
}

/* Partial indexes for the queries that look beyond one record: small
 * (events and non-public documents are a few percent of records) and
 * created on open when an older database lacks them. */
static const char *index_sql =
	"CREATE INDEX IF NOT EXISTS records_events ON records(jurisdiction, event_type)"
	" WHERE kind = 'event';\n"
	"CREATE INDEX IF NOT EXISTS records_nonpublic ON records(kind)"
	" WHERE secrecy IN ('internal', 'secret') OR attribute IN ('on_request', 'withheld');\n";

static const char *schema_sql =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS imports(\n"
	"  id INTEGER PRIMARY KEY, at TEXT NOT NULL, files TEXT NOT NULL,\n"
	"  rows INTEGER NOT NULL DEFAULT 0, inserted INTEGER NOT NULL DEFAULT 0,\n"
	"  replaced INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE TABLE IF NOT EXISTS records(\n"
	"  seq INTEGER PRIMARY KEY,\n"
	"  @COLUMNS@,\n"
	"  import_id INTEGER NOT NULL REFERENCES imports(id), origin TEXT NOT NULL);\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS records_id ON records(id);\n"
	"CREATE INDEX IF NOT EXISTS records_jurisdiction ON records(jurisdiction);\n"
	"@INDEXES@"
	"CREATE TABLE IF NOT EXISTS record_history(\n"
	"  hid INTEGER PRIMARY KEY,\n"
	"  @COLUMNS@,\n"
	"  import_id INTEGER NOT NULL, origin TEXT NOT NULL,\n"
	"  replaced_by INTEGER NOT NULL REFERENCES imports(id));\n"
	"CREATE INDEX IF NOT EXISTS record_history_id ON record_history(id);\n"
	"CREATE TABLE IF NOT EXISTS runs(\n"
	"  id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT,\n"
	"  as_of TEXT NOT NULL, policy_source TEXT NOT NULL,\n"
	"  policy_revision TEXT NOT NULL, policy_digest TEXT NOT NULL,\n"
	"  scope TEXT NOT NULL, records INTEGER, rules INTEGER, findings INTEGER,\n"
	"  jobs INTEGER NOT NULL DEFAULT 1, last_import INTEGER, prev_hash TEXT,\n"
	"  hash TEXT);\n"
	"CREATE TABLE IF NOT EXISTS findings(\n"
	"  id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),\n"
	"  seq INTEGER NOT NULL, record_id TEXT, jurisdiction TEXT NOT NULL,\n"
	"  rule TEXT NOT NULL, category TEXT NOT NULL, message TEXT NOT NULL,\n"
	"  basis TEXT NOT NULL, due_on TEXT, period TEXT, waiver TEXT);\n"
	"CREATE INDEX IF NOT EXISTS findings_run ON findings(run_id, seq);\n"
	"@V3@@V4@@V5@";

/*
 * Schema 3: each run is compared with the one before it (the baseline):
 * findings carry their status and the date first seen, the baseline's
 * findings that are gone are listed in resolved, deadlines close ahead
 * are kept in due_soon, and each finding names its responsible unit.
 * Runs written this way say layout = 3 and seal all of it.
 */
static const char *v3_sql =
	"ALTER TABLE runs ADD COLUMN layout INTEGER;\n"
	"ALTER TABLE runs ADD COLUMN baseline INTEGER;\n"
	"ALTER TABLE runs ADD COLUMN warn_days INTEGER;\n"
	"ALTER TABLE runs ADD COLUMN n_new INTEGER;\n"
	"ALTER TABLE runs ADD COLUMN n_persisting INTEGER;\n"
	"ALTER TABLE runs ADD COLUMN n_resolved INTEGER;\n"
	"ALTER TABLE runs ADD COLUMN n_due_soon INTEGER;\n"
	"ALTER TABLE runs ADD COLUMN n_waived INTEGER;\n"
	"ALTER TABLE findings ADD COLUMN unit TEXT;\n"
	"ALTER TABLE findings ADD COLUMN status TEXT;\n"
	"ALTER TABLE findings ADD COLUMN first_seen TEXT;\n"
	"CREATE TABLE resolved(\n"
	"  run_id INTEGER NOT NULL REFERENCES runs(id),\n"
	"  finding_id INTEGER NOT NULL REFERENCES findings(id),\n"
	"  PRIMARY KEY(run_id, finding_id)) WITHOUT ROWID;\n"
	"CREATE TABLE due_soon(\n"
	"  id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),\n"
	"  seq INTEGER NOT NULL, record_id TEXT NOT NULL, jurisdiction TEXT NOT NULL,\n"
	"  rule TEXT NOT NULL, message TEXT NOT NULL, basis TEXT NOT NULL,\n"
	"  due_on TEXT NOT NULL, days_left INTEGER NOT NULL, unit TEXT);\n"
	"CREATE INDEX due_soon_run ON due_soon(run_id, seq);\n";

/*
 * Schema 4: the calendar a run used (its years and the provisional ones)
 * and where its warning window ended (cut_at: where the calendar cut it);
 * a finding or an early warning counted through a provisional calendar
 * year says so.  Runs written this way say layout = 4 and seal it all.
 */
static const char *v4_sql =
	"ALTER TABLE runs ADD COLUMN calendar_first INTEGER;\n"
	"ALTER TABLE runs ADD COLUMN calendar_last INTEGER;\n"
	"ALTER TABLE runs ADD COLUMN calendar_provisional TEXT;\n"
	"ALTER TABLE runs ADD COLUMN warn_until TEXT;\n"
	"ALTER TABLE runs ADD COLUMN warn_cut_at TEXT;\n"
	"ALTER TABLE findings ADD COLUMN provisional INTEGER;\n"
	"ALTER TABLE due_soon ADD COLUMN provisional INTEGER;\n";

/*
 * Schema 5: the units' feedback on their work lists (feedback.h), one row
 * an answer, kept beside the sealed runs and never in them.  A finding's
 * identity (jurisdiction, rule, category, record, period) lets an answer
 * follow the finding into later runs.
 */
static const char *v5_sql =
	"CREATE TABLE feedback(\n"
	"  id INTEGER PRIMARY KEY, received_at TEXT NOT NULL,\n"
	"  file TEXT NOT NULL, line INTEGER NOT NULL,\n"
	"  run_id INTEGER NOT NULL REFERENCES runs(id),\n"
	"  finding_id INTEGER REFERENCES findings(id), due_id INTEGER REFERENCES due_soon(id),\n"
	"  jurisdiction TEXT NOT NULL, rule TEXT NOT NULL, category TEXT NOT NULL,\n"
	"  record_id TEXT, period TEXT, unit TEXT,\n"
	"  status TEXT NOT NULL, fixed_on TEXT, note TEXT);\n"
	"CREATE INDEX feedback_finding ON feedback(rule, record_id);\n";

/* "id TEXT NOT NULL, jurisdiction TEXT NOT NULL, ..., samples INTEGER". */
static char *column_defs(void)
{
	size_t cap = 2048, n = 0;
	char *s = malloc(cap);

	if (!s)
		return NULL;
	for (int f = 0; f < GK_NFIELDS; f++) {
		const gk_field_def *d = &gk_fields[f];
		int integer = d->type == GK_T_FLAG || d->type == GK_T_INT;

		n += (size_t)snprintf(s + n, cap - n, "%s%s %s%s", f ? ", " : "",
				      d->name, integer ? "INTEGER" : "TEXT",
				      d->required ? " NOT NULL" : "");
	}
	return s;
}

static char *replace_all(const char *s, const char *pat, const char *with)
{
	size_t plen = strlen(pat), wlen = strlen(with), n = 0, cap = strlen(s) + 1;
	char *out;
	const char *p;

	for (p = s; (p = strstr(p, pat)); p += plen)
		cap += wlen;
	out = malloc(cap);
	if (!out)
		return NULL;
	while ((p = strstr(s, pat))) {
		memcpy(out + n, s, (size_t)(p - s));
		n += (size_t)(p - s);
		memcpy(out + n, with, wlen);
		n += wlen;
		s = p + plen;
	}
	strcpy(out + n, s);
	return out;
}

static int exec(gk_store *st, const char *sql, gk_error *err)
{
	char *msg = NULL;

	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_BUSY)
			busy_error(err, st->path);
		else
			gk_error_set(err, GK_EIO, "database '%s': %s", st->path,
				     msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return GK_EIO;
	}
	return 0;
}

static int create_schema(gk_store *st, gk_error *err)
{
	char *cols = column_defs(), *sql = NULL;
	int rc;

	if (cols) {
		const char *const pats[][2] = {
			{ "@COLUMNS@", cols }, { "@INDEXES@", index_sql }, { "@V3@", v3_sql },
			{ "@V4@", v4_sql }, { "@V5@", v5_sql },
		};

		sql = strdup(schema_sql);
		for (size_t i = 0; sql && i < sizeof(pats) / sizeof(pats[0]); i++) {
			char *next = replace_all(sql, pats[i][0], pats[i][1]);

			free(sql);
			sql = next;
		}
	}
	free(cols);
	if (!sql)
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	rc = exec(st, "BEGIN IMMEDIATE", err);
	if (!rc)
		rc = exec(st, sql, err);
	if (!rc)
		rc = exec(st, "INSERT OR IGNORE INTO meta VALUES('schema', '" SCHEMA_VERSION "')",
			  err);
	if (!rc)
		rc = exec(st, "COMMIT", err);
	else
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	free(sql);
	return rc;
}

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

/* Before SQLite initialises: no global memory statistics, which cost a
 * mutex on every allocation of every connection. */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Every connection is used by one thread at a time: no mutex either. */
static int open_conn(sqlite3 **db, const char *path, int flags, gk_error *err)
{
	pthread_once(&sqlite_once, sqlite_setup);
	if (sqlite3_open_v2(path, db, flags | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		int rc = db_error(err, *db, path, "cannot open database");
		sqlite3_close(*db);
		*db = NULL;
		return rc;
	}
	/* A store's own connection gets on_busy instead (gk_store_open). */
	sqlite3_busy_timeout(*db, busy_ms);
	sqlite3_extended_result_codes(*db, 1);
	return 0;
}

static int prepare(gk_store *st, const char *sql, sqlite3_stmt **q, gk_error *err);

/* ---- tamper evidence ---------------------------------------------------- */

/*
 * Every run carries a hash over itself and all its findings, chained to
 * the previous run's hash: h0 = H(prev | run columns), then over the
 * findings in id order, 64 KiB at a time, h = H(h | chunk), SHA-1 (git's
 * blob hash).
 * Changing or deleting a stored run or finding breaks the chain from there.
 */
static void fold(char *hex, const char *data, size_t len)
{
	git_oid oid;
	size_t hl = strlen(hex);
	char *buf = malloc(hl + len + 1);

	if (!buf)
		return;
	memcpy(buf, hex, hl);
	memcpy(buf + hl, data, len);
	git_odb_hash(&oid, buf, hl + len, GIT_OBJECT_BLOB);
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &oid);
	free(buf);
}

/* The row's columns, each as "<text>\x1f" or "\x1d\x1f" for NULL. */
static char *row_text(sqlite3_stmt *q, size_t *len)
{
	sqlite3_str *str = sqlite3_str_new(NULL);
	char *s;

	for (int i = 0; i < sqlite3_column_count(q); i++) {
		if (sqlite3_column_type(q, i) == SQLITE_NULL)
			sqlite3_str_appendall(str, "\x1d");
		else
			sqlite3_str_appendall(str, (const char *)sqlite3_column_text(q, i));
		sqlite3_str_appendchar(str, 1, '\x1f');
	}
	*len = (size_t)sqlite3_str_length(str);
	s = sqlite3_str_finish(str);
	return s;
}

#define RUN_COLUMNS "id, started_at, finished_at, as_of, policy_source, policy_revision, " \
	"policy_digest, scope, records, rules, findings, jobs, last_import"
#define FINDING_COLUMNS "id, run_id, seq, record_id, jurisdiction, rule, category, " \
	"message, basis, due_on, period, waiver"
/* Layout 3 adds the comparison with the baseline and the early warnings. */
#define RUN_COLUMNS_V3 RUN_COLUMNS ", layout, baseline, warn_days, n_new, n_persisting, " \
	"n_resolved, n_due_soon, n_waived"
#define FINDING_COLUMNS_V3 FINDING_COLUMNS ", unit, status, first_seen"
#define DUE_COLUMNS "id, run_id, seq, record_id, jurisdiction, rule, message, basis, " \
	"due_on, days_left, unit"
/* Layout 4 adds the calendar and whether a deadline is provisional. */
#define RUN_COLUMNS_V4 RUN_COLUMNS_V3 ", calendar_first, calendar_last, " \
	"calendar_provisional, warn_until, warn_cut_at"
#define FINDING_COLUMNS_V4 FINDING_COLUMNS_V3 ", provisional"
#define DUE_COLUMNS_V4 DUE_COLUMNS ", provisional"

/* Fold every row of q (bound and ready) into out, about 64 KiB at a time:
 * one hash per chunk, not per row (the chain is as strong; verify folds
 * alike). */
static int fold_rows(gk_store *st, sqlite3_stmt *q, char *out, gk_error *err)
{
	sqlite3_str *chunk = sqlite3_str_new(NULL);
	size_t len;
	char *t;
	int s;

	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		if ((t = row_text(q, &len))) {
			sqlite3_str_append(chunk, t, (int)len);
			sqlite3_free(t);
		}
		if (sqlite3_str_length(chunk) >= 65536) {
			len = (size_t)sqlite3_str_length(chunk);
			t = sqlite3_str_finish(chunk);
			if (t)
				fold(out, t, len);
			sqlite3_free(t);
			chunk = sqlite3_str_new(NULL);
		}
	}
	len = (size_t)sqlite3_str_length(chunk);
	t = sqlite3_str_finish(chunk);
	if (t && len)
		fold(out, t, len);
	sqlite3_free(t);
	if (s != SQLITE_DONE)
		return db_error(err, st->db, st->path, "cannot read the findings of");
	return 0;
}

/* Recompute run_id's hash from its stored columns, starting from prev. */
static int hash_run(gk_store *st, int64_t run_id, const char *prev, char *out,
		    gk_error *err)
{
	/* A run's findings have consecutive ids (one transaction): walk the
	 * id range rather than sort the run's findings. */
	static const char *const parts_v2[] = {
		"SELECT " RUN_COLUMNS " FROM runs WHERE id = ?1",
		"SELECT " FINDING_COLUMNS " FROM findings WHERE id BETWEEN "
		"(SELECT min(id) FROM findings WHERE run_id = ?1) AND "
		"(SELECT max(id) FROM findings WHERE run_id = ?1) ORDER BY id",
		NULL
	}, *const parts_v3[] = {
		"SELECT " RUN_COLUMNS_V3 " FROM runs WHERE id = ?1",
		"SELECT " FINDING_COLUMNS_V3 " FROM findings WHERE id BETWEEN "
		"(SELECT min(id) FROM findings WHERE run_id = ?1) AND "
		"(SELECT max(id) FROM findings WHERE run_id = ?1) ORDER BY id",
		"SELECT " DUE_COLUMNS " FROM due_soon WHERE id BETWEEN "
		"(SELECT min(id) FROM due_soon WHERE run_id = ?1) AND "
		"(SELECT max(id) FROM due_soon WHERE run_id = ?1) ORDER BY id",
		"SELECT run_id, finding_id FROM resolved WHERE run_id = ?1 ORDER BY finding_id",
		NULL
	}, *const parts_v4[] = {
		"SELECT " RUN_COLUMNS_V4 " FROM runs WHERE id = ?1",
		"SELECT " FINDING_COLUMNS_V4 " FROM findings WHERE id BETWEEN "
		"(SELECT min(id) FROM findings WHERE run_id = ?1) AND "
		"(SELECT max(id) FROM findings WHERE run_id = ?1) ORDER BY id",
		"SELECT " DUE_COLUMNS_V4 " FROM due_soon WHERE id BETWEEN "
		"(SELECT min(id) FROM due_soon WHERE run_id = ?1) AND "
		"(SELECT max(id) FROM due_soon WHERE run_id = ?1) ORDER BY id",
		"SELECT run_id, finding_id FROM resolved WHERE run_id = ?1 ORDER BY finding_id",
		NULL
	};
	const char *const *parts;
	sqlite3_stmt *q = NULL;
	int rc = 0, layout = 2;

	git_libgit2_init();
	snprintf(out, GIT_OID_HEXSZ + 1, "%s", prev ? prev : "");
	if (sqlite3_prepare_v2(st->db, "SELECT layout FROM runs WHERE id = ?", -1, &q,
			       NULL) != SQLITE_OK) {
		rc = db_error(err, st->db, st->path, "cannot read the runs of");
		goto cleanup;
	}
	sqlite3_bind_int64(q, 1, run_id);
	if (sqlite3_step(q) != SQLITE_ROW) {
		rc = gk_error_set(err, GK_EIO, "run %lld is not in '%s'", (long long)run_id,
				  st->path);
		goto cleanup;
	}
	if (sqlite3_column_type(q, 0) != SQLITE_NULL)
		layout = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	q = NULL;
	parts = layout >= 4 ? parts_v4 : layout >= 3 ? parts_v3 : parts_v2;
	for (int i = 0; parts[i] && !rc; i++) {
		if (sqlite3_prepare_v2(st->db, parts[i], -1, &q, NULL) != SQLITE_OK) {
			rc = db_error(err, st->db, st->path, "cannot read the findings of");
			break;
		}
		sqlite3_bind_int64(q, 1, run_id);
		rc = fold_rows(st, q, out, err);
		sqlite3_finalize(q);
		q = NULL;
	}
cleanup:
	sqlite3_finalize(q);
	git_libgit2_shutdown();
	return rc;
}

/* Seal run_id: chain it to the newest run before it. */
static int seal_run(gk_store *st, int64_t run_id, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	char prev[GIT_OID_HEXSZ + 1] = "", hash[GIT_OID_HEXSZ + 1];
	int rc;

	if ((rc = prepare(st, "SELECT hash FROM runs WHERE id < ? ORDER BY id DESC LIMIT 1",
			  &q, err)))
		return rc;
	sqlite3_bind_int64(q, 1, run_id);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
		snprintf(prev, sizeof(prev), "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	q = NULL;
	if ((rc = hash_run(st, run_id, prev, hash, err)) ||
	    (rc = prepare(st, "UPDATE runs SET prev_hash = ?, hash = ? WHERE id = ?", &q, err)))
		return rc;
	sqlite3_bind_text(q, 1, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, run_id);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = db_error(err, st->db, st->path, "cannot seal the run in");
	sqlite3_finalize(q);
	q = NULL;
	if (rc || st->no_chain_log || gk_chain_path(st, prev, sizeof(prev)) != 0)
		return rc;
	/* Appended to DB.chain once committed (gk_store_commit).  The first
	 * run logged is remembered: from it on, verify expects the log. */
	st->sealed_id = run_id;
	snprintf(st->sealed_hash, sizeof(st->sealed_hash), "%s", hash);
	if ((rc = prepare(st, "INSERT OR IGNORE INTO meta VALUES('chain_log_since', ?)", &q,
			  err)))
		return rc;
	sqlite3_bind_int64(q, 1, run_id);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = db_error(err, st->db, st->path, "cannot seal the run in");
	sqlite3_finalize(q);
	return rc;
}

/*
 * Schema 1 had no hashes: add the columns (schema 3's too), and leave its
 * runs unsealed.  Sealing them now would vouch for whatever they hold
 * today: a database set back to schema 1 after its findings were changed
 * would come out verified.  verify reports each of them as never sealed
 * (meta 'unsealed_upto' tells them from a run whose seal was erased).
 */
static int migrate_v1(gk_store *st, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	/* A schema 1 database has no seals: runs with a hash column were
	 * written by a later gongkai, and the schema number was set back. */
	if (sqlite3_prepare_v2(st->db, "SELECT hash FROM runs LIMIT 0", -1, &q, NULL) ==
	    SQLITE_OK) {
		sqlite3_finalize(q);
		return gk_error_set(err, GK_EIO, "database '%s' says schema 1, but its runs are "
				    "sealed (schema 2 or later): its schema number was set back after "
				    "the fact; restore it from a backup", st->path);
	}
	sqlite3_finalize(q);
	if ((rc = exec(st, "BEGIN IMMEDIATE; ALTER TABLE runs ADD COLUMN prev_hash TEXT; "
		       "ALTER TABLE runs ADD COLUMN hash TEXT; "
		       "ALTER TABLE runs ADD COLUMN last_import INTEGER; "
		       "ALTER TABLE findings ADD COLUMN waiver TEXT;", err)) ||
	    (rc = exec(st, v3_sql, err)) || (rc = exec(st, v4_sql, err)) ||
	    (rc = exec(st, v5_sql, err)) ||
	    (rc = exec(st, "INSERT OR REPLACE INTO meta SELECT 'unsealed_upto', "
		       "coalesce(max(id), 0) FROM runs; "
		       "INSERT OR REPLACE INTO meta VALUES('upgraded_from_1', "
		       "strftime('%Y-%m-%d', 'now')); "
		       "UPDATE meta SET value = '" SCHEMA_VERSION "' WHERE key = 'schema'; COMMIT",
		       err)))
		goto fail;
	return 0;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return gk_error_prefix(err, "cannot upgrade the database '%s' to schema " SCHEMA_VERSION,
			       st->path);
}

/* 1 when table has every column of the record schema. */
static int has_record_columns(gk_store *st, const char *table, unsigned char *have)
{
	sqlite3_stmt *q = NULL;
	char sql[64];
	int all = 1;

	memset(have, 0, GK_NFIELDS);
	snprintf(sql, sizeof(sql), "PRAGMA table_info(%s)", table);
	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return 1;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(q, 1);
		int f = c ? gk_field_lookup(c, strlen(c)) : -1;

		if (f >= 0)
			have[f] = 1;
	}
	sqlite3_finalize(q);
	for (int f = 0; f < GK_NFIELDS; f++)
		all &= have[f];
	return all;
}

/*
 * A database written before a column joined the record format (format 2
 * added the application stages, correction and consultation dates and the
 * activity date) gets the column, empty for the records it has: a record
 * of format 1 is a record of format 2.  Checked again inside the write
 * transaction, so two programs opening the database at once add it once.
 */
static int add_record_columns(gk_store *st, gk_error *err)
{
	static const char *const tables[] = { "records", "record_history" };
	unsigned char have[GK_NFIELDS];
	int rc;

	if (has_record_columns(st, "records", have) && has_record_columns(st, "record_history", have))
		return 0;
	if ((rc = exec(st, "BEGIN IMMEDIATE", err)))
		return rc;
	for (int t = 0; t < 2; t++) {
		has_record_columns(st, tables[t], have);
		for (int f = 0; f < GK_NFIELDS; f++) {
			char sql[256];
			const gk_field_def *d = &gk_fields[f];

			if (have[f])
				continue;
			snprintf(sql, sizeof(sql), "ALTER TABLE %s ADD COLUMN %s %s", tables[t],
				 d->name, d->type == GK_T_FLAG || d->type == GK_T_INT ? "INTEGER" : "TEXT");
			if ((rc = exec(st, sql, err))) {
				sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
				return gk_error_prefix(err, "cannot add the column '%s' to the records "
						       "of '%s'", d->name, st->path);
			}
		}
	}
	return exec(st, "COMMIT", err);
}

/* Add the columns and tables of the schemas after a database's own, in
 * one transaction (NULL ends steps).  The runs stay as they were sealed:
 * layout 2 runs are never compared, layout 3 runs record no calendar. */
static int migrate_add(gk_store *st, const char *const *steps, gk_error *err)
{
	int rc = exec(st, "BEGIN IMMEDIATE", err);

	for (int i = 0; !rc && steps[i]; i++)
		rc = exec(st, steps[i], err);
	if (rc || (rc = exec(st, "UPDATE meta SET value = '" SCHEMA_VERSION "' WHERE key = "
			     "'schema'; COMMIT", err))) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return gk_error_prefix(err, "cannot upgrade the database '%s' to schema "
				       SCHEMA_VERSION, st->path);
	}
	return 0;
}

static int migrate_v2(gk_store *st, gk_error *err)
{
	const char *const steps[] = { v3_sql, v4_sql, v5_sql, NULL };

	return migrate_add(st, steps, err);
}

static int migrate_v3(gk_store *st, gk_error *err)
{
	const char *const steps[] = { v4_sql, v5_sql, NULL };

	return migrate_add(st, steps, err);
}

static int migrate_v4(gk_store *st, gk_error *err)
{
	const char *const steps[] = { v5_sql, NULL };

	return migrate_add(st, steps, err);
}

/* A meta value as a number (0 when absent); *date its text, when asked. */
static int64_t meta_int(gk_store *st, const char *key)
{
	sqlite3_stmt *q = NULL;
	int64_t v = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = ?", -1, &q, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW)
			v = sqlite3_column_int64(q, 0);
	}
	sqlite3_finalize(q);
	return v;
}

/* Report runs from..to (sealed, but not in the chain log) as one line. */
static void report_unlogged(gk_report_fn report, void *ud, int *problems, const char *log,
			    int64_t from, int64_t to)
{
	char msg[1024];

	if (!from)
		return;
	if (from == to)
		snprintf(msg, sizeof(msg), "run %lld is sealed but not in the chain log '%s': the "
			 "log could not be written when it was stored (the run said so), or the run "
			 "was added to the database after the fact", (long long)from, log);
	else
		snprintf(msg, sizeof(msg), "runs %lld-%lld are sealed but not in the chain log "
			 "'%s': the log could not be written when they were stored, it was started "
			 "anew (a database moved without it?), or they were added to the database "
			 "after the fact", (long long)from, (long long)to, log);
	report(ud, msg);
	(*problems)++;
}

int gk_store_verify(gk_store *st, gk_report_fn report, void *ud, int *runs,
		    int *problems, char *head, char *note, size_t notesz, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	char expect_prev[GIT_OID_HEXSZ + 1] = "", hash[GIT_OID_HEXSZ + 1], msg[1024];
	char log[4200] = "";
	gk_chain *chain = NULL;
	int64_t since = meta_int(st, "chain_log_since"), unsealed_upto = meta_int(st, "unsealed_upto");
	int64_t gap_from = 0, gap_to = 0;
	int rc = 0, s, known_prev = 1, logged = 0;

	*runs = *problems = 0;
	head[0] = '\0';
	note[0] = '\0';
	if (gk_chain_path(st, log, sizeof(log)) == 0 &&
	    (rc = gk_chain_read(log, &chain, report, ud, problems, err)))
		return rc;
	if (chain && !since && chain->n)
		since = chain->v[0].id;
	if (!chain && since && *log) {
		snprintf(msg, sizeof(msg), "the chain log '%s' is missing: it has been kept since "
			 "run %lld; restore it from the backup, or, if the database was moved, "
			 "move its chain log with it", log, (long long)since);
		report(ud, msg);
		(*problems)++;
	}
	if ((rc = prepare(st, "SELECT id, prev_hash, hash FROM runs ORDER BY id", &q, err)))
		goto cleanup;
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		const char *prev = (const char *)sqlite3_column_text(q, 1);
		const char *stored = (const char *)sqlite3_column_text(q, 2);
		gk_chain_entry *e = gk_chain_find(chain, id);

		(*runs)++;
		for (gk_chain_entry *x = e; x && x < chain->v + chain->n && x->id == id; x++)
			x->seen = 1;
		if (!stored) {
			if (e)
				snprintf(msg, sizeof(msg), "run %lld: has no hash, but the chain log '%s' "
					 "(line %d) has its seal: the seal was removed after the fact "
					 "(setting a database back to schema 1 removes them)",
					 (long long)id, log, e->line);
			else if (id <= unsealed_upto)
				snprintf(msg, sizeof(msg), "run %lld: never sealed: it was stored before "
					 "this database was upgraded from schema 1, so nothing proves it "
					 "unchanged", (long long)id);
			else
				snprintf(msg, sizeof(msg), "run %lld: has no hash: its seal was erased "
					 "after the fact", (long long)id);
			report(ud, msg);
			(*problems)++;
			/* The next run chains to the erased hash: the log may know it. */
			known_prev = e || id <= unsealed_upto;
			snprintf(expect_prev, sizeof(expect_prev), "%s", e ? e->hash : "");
			continue;
		}
		if (known_prev && strcmp(prev ? prev : "", expect_prev) != 0) {
			snprintf(msg, sizeof(msg), "run %lld: the chain is broken before it: the "
				 "previous run was changed or deleted after the fact", (long long)id);
			report(ud, msg);
			(*problems)++;
		}
		known_prev = 1;
		if ((rc = hash_run(st, id, prev, hash, err)))
			break;
		if (strcmp(hash, stored) != 0) {
			snprintf(msg, sizeof(msg), "run %lld: the run or its findings were changed "
				 "or deleted after the fact (stored hash %.12s, recomputed %.12s)",
				 (long long)id, stored, hash);
			report(ud, msg);
			(*problems)++;
		}
		/* The outside copy: every line of this run must hold its seal. */
		for (gk_chain_entry *x = e; x && x < chain->v + chain->n && x->id == id; x++)
			if (strcmp(x->hash, stored) != 0) {
				snprintf(msg, sizeof(msg), "run %lld: sealed as %.12s in the chain log "
					 "'%s' (line %d), but the database has %.12s: the run was "
					 "replaced or resealed after the fact", (long long)id, x->hash,
					 log, x->line, stored);
				report(ud, msg);
				(*problems)++;
			}
		if (e)
			logged++;
		if (!e && chain && since && id >= since) {
			if (!gap_from)
				gap_from = id;
			gap_to = id;
		} else {
			report_unlogged(report, ud, problems, log, gap_from, gap_to);
			gap_from = 0;
		}
		snprintf(expect_prev, sizeof(expect_prev), "%s", stored);
		snprintf(head, GIT_OID_HEXSZ + 1, "%s", stored);
	}
	report_unlogged(report, ud, problems, log, gap_from, gap_to);
	if (!rc && s != SQLITE_DONE)
		rc = db_error(err, st->db, st->path, "cannot read the runs of");
	/* Runs the log has and the database lacks: deleted (the newest run
	 * too, which nothing inside the database could show). */
	for (size_t i = 0; !rc && chain && i < chain->n; i++) {
		if (chain->v[i].seen || (i && chain->v[i - 1].id == chain->v[i].id))
			continue;
		snprintf(msg, sizeof(msg), "run %lld is in the chain log '%s' (line %d) but not in "
			 "the database: it was deleted after the fact, or the database was restored "
			 "from a backup older than its chain log", (long long)chain->v[i].id, log,
			 chain->v[i].line);
		report(ud, msg);
		(*problems)++;
	}
	if (chain)
		snprintf(note, notesz, "chain log %s: holds %d of the %d runs (kept since run "
			 "%lld)", log, logged, *runs, (long long)since);
	else if (!since && *log)
		snprintf(note, notesz, "no chain log yet (%s): the next run starts it", log);
cleanup:
	sqlite3_finalize(q);
	gk_chain_free(chain);
	return rc;
}

int gk_store_open(gk_store **out, const char *path, int create, gk_error *err)
{
	gk_store *st;
	sqlite3_stmt *q = NULL;
	int rc, flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
	int have_schema = 0;
	char log[4200];
	struct stat sb;

	*out = NULL;
	st = calloc(1, sizeof(*st));
	if (!st || !(st->path = strdup(path))) {
		free(st);
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	}
	if ((rc = open_conn(&st->db, path, flags, err))) {
		if (!create)
			gk_error_set(err, GK_EIO,
				     "cannot open database '%s': %s (create it with 'gongkai import --db %s FILE')",
				     path, sqlite3_errstr(SQLITE_CANTOPEN), path);
		goto fail;
	}
	sqlite3_busy_handler(st->db, on_busy, st);
	/* page_size only takes effect before the first table is created. */
	/* Foreign keys stay documentation: enforcing them makes every
	 * INSERT OR REPLACE keep a statement journal (measured 2x slower). */
	if ((rc = exec(st, "PRAGMA page_size=65536;", err)))
		goto fail;
	/* Ours when meta says so; an empty file is ours to initialise;
	 * anything else is some other program's database: never touch it. */
	if (sqlite3_prepare_v2(st->db,
			       "SELECT (SELECT count(*) FROM sqlite_master),"
			       " (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta')",
			       -1, &q, NULL) != SQLITE_OK || sqlite3_step(q) != SQLITE_ROW) {
		rc = gk_error_set(err, GK_EIO, "cannot read database '%s': %s", path,
				  sqlite3_errmsg(st->db));
		goto fail;
	}
	{
		int objects = sqlite3_column_int(q, 0), meta = sqlite3_column_int(q, 1);

		sqlite3_finalize(q);
		q = NULL;
		if (meta && sqlite3_prepare_v2(st->db,
					       "SELECT value FROM meta WHERE key = 'schema'",
					       -1, &q, NULL) == SQLITE_OK &&
		    sqlite3_step(q) == SQLITE_ROW) {
			const char *v = (const char *)sqlite3_column_text(q, 0);

			have_schema = 1;
			if (v && v[0] >= '1' && v[0] <= '4' && !v[1]) {
				int from = v[0] - '0';

				sqlite3_finalize(q);
				q = NULL;
				if ((rc = from == 1 ? migrate_v1(st, err) : from == 2 ? migrate_v2(st, err) :
					  from == 3 ? migrate_v3(st, err) : migrate_v4(st, err)))
					goto fail;
				v = SCHEMA_VERSION;
			}
			if (!v || strcmp(v, SCHEMA_VERSION)) {
				rc = gk_error_set(err, GK_EIO,
						  "database '%s' has schema version %s; this gongkai reads version "
						  SCHEMA_VERSION, path, v ? v : "(none)");
				goto fail;
			}
		} else if (objects) {
			rc = gk_error_set(err, GK_EIO,
					  "'%s' is not a gongkai database (it has other tables): "
					  "name a new file or a gongkai database", path);
			goto fail;
		}
	}
	sqlite3_finalize(q);
	q = NULL;
	if (!have_schema) {
		if (!create) {
			rc = gk_error_set(err, GK_EIO,
					  "database '%s' has no records yet: import some with 'gongkai import --db %s FILE'",
					  path, path);
			goto fail;
		}
		/* A chain log left by an earlier database at this path would be
		 * taken for this one's, and every run of it would look forged. */
		if (gk_chain_path(st, log, sizeof(log)) == 0 && stat(log, &sb) == 0 &&
		    sb.st_size > 0) {
			rc = gk_error_set(err, GK_EIO, "cannot create the database '%s': the chain log "
					  "'%s' of an earlier database is beside it: restore that "
					  "database, or move the log away", path, log);
			goto fail;
		}
		if ((rc = exec(st, "PRAGMA journal_mode=WAL", err)) ||
		    (rc = create_schema(st, err)))
			goto fail;
	}
	exec(st, "PRAGMA synchronous=NORMAL", NULL);
	if ((rc = exec(st, index_sql, err)) || (rc = add_record_columns(st, err)))
		goto fail;
	*out = st;
	return 0;
fail:
	sqlite3_finalize(q);
	gk_store_close(st);
	return rc;
}

void gk_store_close(gk_store *st)
{
	if (!st)
		return;
	if (st->in_tx)
		gk_store_rollback(st);
	sqlite3_finalize(st->finding_q);
	sqlite3_finalize(st->due_q);
	gk_baseline_free(st);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

const char *gk_store_path(const gk_store *st) { return st->path; }

int gk_store_begin(gk_store *st, gk_error *err)
{
	int rc;

	st->busy_noticed = 0;
	/* A commit is on the disk before its run's seal goes to the chain
	 * log: after a power cut the log never holds a run the database lost
	 * (which verify would report as deleted).  FULL costs one sync of the
	 * WAL a transaction, and a transaction is a whole import or run.  (It
	 * cannot change inside a transaction.) */
	exec(st, st->no_chain_log ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL",
	     NULL);
	rc = exec(st, "BEGIN IMMEDIATE", err);

	if (!rc)
		st->in_tx = 1;
	return rc;
}

int gk_store_commit(gk_store *st, gk_error *err)
{
	char log[4200];
	int rc = exec(st, "COMMIT", err);

	if (rc)
		gk_store_rollback(st);
	st->in_tx = 0;
	if (!rc && st->sealed_id && gk_chain_path(st, log, sizeof(log)) == 0 &&
	    (rc = gk_chain_append(log, st->sealed_id, st->sealed_hash, err)))
		gk_error_prefix(err, "run %lld is stored, but its seal was not added to the "
				"chain log (gongkai verify will say so)", (long long)st->sealed_id);
	st->sealed_id = 0;
	return rc;
}

void gk_store_rollback(gk_store *st)
{
	gk_baseline_free(st);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
	st->sealed_id = 0;
}

void gk_store_scratch(gk_store *st)
{
	st->no_chain_log = 1;
}

static void now_iso(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- records --------------------------------------------------------- */

int gk_store_jurisdictions(gk_store *st, gk_juris_count **out, int *n,
			   gk_error *err)
{
	sqlite3_stmt *q = NULL;
	gk_juris_count *v = NULL;
	int cap = 0, cnt = 0, rc = 0, s;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT jurisdiction, count(*) FROM records GROUP BY 1 ORDER BY 1",
			       -1, &q, NULL) != SQLITE_OK)
		return db_error(err, st->db, st->path, "cannot read records of");
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		if (cnt == cap) {
			gk_juris_count *g;
			cap = cap ? cap * 2 : 8;
			g = realloc(v, (size_t)cap * sizeof(*v));
			if (!g) {
				rc = gk_error_set(err, GK_ENOMEM, "out of memory");
				goto cleanup;
			}
			v = g;
		}
		snprintf(v[cnt].name, sizeof(v[cnt].name), "%s",
			 (const char *)sqlite3_column_text(q, 0));
		v[cnt].records = (long)sqlite3_column_int64(q, 1);
		cnt++;
	}
	if (s != SQLITE_DONE) {
		rc = db_error(err, st->db, st->path, "cannot read records of");
		goto cleanup;
	}
	*out = v;
	*n = cnt;
	v = NULL;
cleanup:
	free(v);
	sqlite3_finalize(q);
	return rc;
}

/* In rowid order: the register's order is the order a text citing
 * several documents lists them in, so it is the order the records were
 * imported in (which a replay's scratch copy keeps), not whatever order
 * a query plan yields. */
int gk_store_nonpublic(gk_store *st, gk_nonpublic_fn fn, void *ud, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = 0, s;

	if (sqlite3_prepare_v2(st->db,
			       "SELECT id, doc_number, title, CASE"
			       " WHEN secrecy = 'secret' THEN '涉密'"
			       " WHEN secrecy = 'internal' THEN '内部'"
			       " WHEN attribute = 'withheld' THEN '不予公开'"
			       " ELSE '依申请公开' END, jurisdiction"
			       " FROM records WHERE (secrecy IN ('internal', 'secret')"
			       " OR attribute IN ('on_request', 'withheld')) AND kind = 'info'"
			       " AND (doc_number IS NOT NULL OR title IS NOT NULL)"
			       " ORDER BY seq", -1, &q, NULL) != SQLITE_OK)
		return db_error(err, st->db, st->path, "cannot read records of");
	while (!rc && (s = sqlite3_step(q)) == SQLITE_ROW)
		rc = fn(ud, (const char *)sqlite3_column_text(q, 0),
			(const char *)sqlite3_column_text(q, 4),
			(const char *)sqlite3_column_text(q, 1),
			(const char *)sqlite3_column_text(q, 2),
			(const char *)sqlite3_column_text(q, 3), err);
	if (!rc && s != SQLITE_DONE)
		rc = db_error(err, st->db, st->path, "cannot read records of");
	sqlite3_finalize(q);
	return rc;
}

int gk_store_events(gk_store *st, const char *jurisdiction, const char *event_type,
		    int monthly, int prior_year, gk_event_fn fn, void *ud, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = 0, s;

	if (sqlite3_prepare_v2(st->db,
			       "SELECT coalesce(period, CASE WHEN ?4 THEN"
			       " printf('%04d', CAST(substr(held_on, 1, 4) AS INTEGER) - 1)"
			       " ELSE substr(held_on, 1, ?3) END), held_on, samples, id, implementer, channels"
			       " FROM records WHERE kind = 'event' AND jurisdiction = ?1"
			       " AND event_type = ?2 ORDER BY seq", -1, &q, NULL) != SQLITE_OK)
		return db_error(err, st->db, st->path, "cannot read events of");
	sqlite3_bind_text(q, 1, jurisdiction, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, event_type, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, monthly ? 7 : 4);
	sqlite3_bind_int(q, 4, prior_year);
	while (!rc && (s = sqlite3_step(q)) == SQLITE_ROW)
		rc = fn(ud, (const char *)sqlite3_column_text(q, 3),
			(const char *)sqlite3_column_text(q, 0),
			(const char *)sqlite3_column_text(q, 1),
			(const char *)sqlite3_column_text(q, 2),
			(const char *)sqlite3_column_text(q, 4),
			(const char *)sqlite3_column_text(q, 5), err);
	if (!rc && s != SQLITE_DONE)
		rc = db_error(err, st->db, st->path, "cannot read events of");
	sqlite3_finalize(q);
	return rc;
}

int gk_store_last_import(gk_store *st, int64_t *id, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	*id = 0;
	if ((rc = prepare(st, "SELECT coalesce(max(id), 0) FROM imports", &q, err)))
		return rc;
	if (sqlite3_step(q) == SQLITE_ROW)
		*id = sqlite3_column_int64(q, 0);
	else
		rc = db_error(err, st->db, st->path, "cannot read the imports of");
	sqlite3_finalize(q);
	return rc;
}

int gk_store_rowid_range(gk_store *st, int64_t *lo, int64_t *hi, gk_error *err)
{
	sqlite3_stmt *q = NULL;

	*lo = 0;
	*hi = -1;
	/* Two subqueries: min() and max() together would scan the table. */
	if (sqlite3_prepare_v2(st->db, "SELECT (SELECT min(seq) FROM records), "
			       "(SELECT max(seq) FROM records)", -1, &q, NULL) != SQLITE_OK)
		return db_error(err, st->db, st->path, "cannot read records of");
	if (sqlite3_step(q) == SQLITE_ROW &&
	    sqlite3_column_type(q, 0) != SQLITE_NULL) {
		*lo = sqlite3_column_int64(q, 0);
		*hi = sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	return 0;
}

struct gk_rec {
	sqlite3_stmt *q;
	int col[GK_NFIELDS];   /* column in q, or -1 when not selected */
};

struct gk_cursor {
	sqlite3 *db;
	char *path;
	gk_rec rec;
};

/*
 * A cursor on its own read-only connection, selecting seq and the fields
 * need[] marks (all when need is NULL), then where (with ?1, ?2, … left
 * for the caller to bind).  *out is the cursor with its statement ready.
 */
static int cursor_prepare(gk_cursor **out, const char *dbpath,
			  const unsigned char *need, const char *where, gk_error *err)
{
	gk_cursor *c;
	sqlite3_str *str;
	char *sql;
	int ncol = 1, rc;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c || !(c->path = strdup(dbpath))) {
		free(c);
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	}
	str = sqlite3_str_new(NULL);
	sqlite3_str_appendall(str, "SELECT seq");
	for (int f = 0; f < GK_NFIELDS; f++) {
		c->rec.col[f] = -1;
		if (!need || need[f]) {
			sqlite3_str_appendf(str, ", %s", gk_fields[f].name);
			c->rec.col[f] = ncol++;
		}
	}
	sqlite3_str_appendf(str, " FROM records %s", where);
	if (!(sql = sqlite3_str_finish(str))) {
		gk_cursor_close(c);
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	}
	if ((rc = open_conn(&c->db, dbpath, SQLITE_OPEN_READONLY, err)))
		goto fail;
	if (sqlite3_prepare_v2(c->db, sql, -1, &c->rec.q, NULL) != SQLITE_OK) {
		rc = db_error(err, c->db, dbpath, "cannot read records of");
		goto fail;
	}
	sqlite3_free(sql);
	*out = c;
	return 0;
fail:
	sqlite3_free(sql);
	gk_cursor_close(c);
	return rc;
}

int gk_cursor_open(gk_cursor **out, const char *dbpath,
		   const unsigned char need[GK_NFIELDS], int64_t lo, int64_t hi,
		   const char *const *juris, int njuris, gk_error *err)
{
	sqlite3_str *where = sqlite3_str_new(NULL);
	char *w;
	int rc;

	*out = NULL;
	sqlite3_str_appendall(where, "WHERE seq BETWEEN ?1 AND ?2");
	if (njuris > 0) {
		sqlite3_str_appendall(where, " AND jurisdiction IN (");
		for (int i = 0; i < njuris; i++)
			sqlite3_str_appendf(where, "%s?%d", i ? ", " : "", i + 3);
		sqlite3_str_appendall(where, ")");
	}
	sqlite3_str_appendall(where, " ORDER BY seq");
	if (!(w = sqlite3_str_finish(where)))
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	rc = cursor_prepare(out, dbpath, need, w, err);
	sqlite3_free(w);
	if (rc)
		return rc;
	sqlite3_bind_int64((*out)->rec.q, 1, lo);
	sqlite3_bind_int64((*out)->rec.q, 2, hi);
	for (int i = 0; i < njuris; i++)
		sqlite3_bind_text((*out)->rec.q, i + 3, juris[i], -1, SQLITE_STATIC);
	return 0;
}

int gk_cursor_open_id(gk_cursor **out, const char *dbpath, const char *id,
		      gk_error *err)
{
	int rc = cursor_prepare(out, dbpath, NULL, "WHERE id = ?1", err);

	if (!rc)
		sqlite3_bind_text((*out)->rec.q, 1, id, -1, SQLITE_TRANSIENT);
	return rc;
}

/* Remove a database file with its WAL and shared-memory files. */
void gk_store_remove(const char *path)
{
	char side[4096];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

int gk_cursor_pin(gk_cursor *c, int64_t last_import, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	int64_t now = -1;

	/* BEGIN opens the read transaction at its first read, the query
	 * below: the records statement then steps in that same snapshot. */
	if (sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, "SELECT coalesce(max(id), 0) FROM imports", -1, &q,
			       NULL) != SQLITE_OK ||
	    sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_finalize(q);
		return db_error(err, c->db, c->path, "cannot read records of");
	}
	now = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (now != last_import)
		return gk_error_set(err, GK_EIO, "the records of '%s' changed under the run "
				    "(import %lld, the run read import %lld): run it again",
				    c->path, (long long)now, (long long)last_import);
	return 0;
}

int gk_cursor_next(gk_cursor *c, gk_rec **rec, gk_error *err)
{
	int s = sqlite3_step(c->rec.q);

	if (s == SQLITE_ROW) {
		*rec = &c->rec;
		return 1;
	}
	*rec = NULL;
	if (s == SQLITE_DONE)
		return 0;
	return db_error(err, c->db, c->path, "cannot read records of");
}

void gk_cursor_close(gk_cursor *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->rec.q);
	sqlite3_close(c->db);      /* ends a pinned read transaction too */
	free(c->path);
	free(c);
}

const char *gk_rec_get(gk_rec *r, enum gk_field f, size_t *len)
{
	int col = r->col[f];
	const char *s;

	if (col < 0 || sqlite3_column_type(r->q, col) == SQLITE_NULL) {
		if (len)
			*len = 0;
		return NULL;
	}
	s = (const char *)sqlite3_column_text(r->q, col);
	if (len)
		*len = (size_t)sqlite3_column_bytes(r->q, col);
	return s;
}

int64_t gk_rec_seq(gk_rec *r)
{
	return sqlite3_column_int64(r->q, 0);
}

/* ---- import ---------------------------------------------------------- */

#include "encoding.h"
#include "reader.h"
#include "schedule.h"
#include "sheet.h"
#include "xlsx_read.h"

#define CELL_MAX 65536

struct importer {
	gk_store *st;
	sqlite3_stmt *find, *keep, *put;
	int64_t import_id;
	const char *file;        /* current file, NULL for gk_store_put */
	enum gk_format fmt;
	gk_report_fn report;
	void *ud;
	gk_import_stats *stats;
	long file_rows;          /* rows read from the current file */
	char *cell;              /* CELL_MAX scratch for one normalised value */
	char *vals[GK_NFIELDS];  /* normalised values of the row */
	int set[GK_NFIELDS];
};

static int imp_report(struct importer *im, gk_error *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One problem in the input: reported, counted, and import goes on so the
 * officer sees every problem at once (up to a limit). */
static int imp_report(struct importer *im, gk_error *err, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	im->stats->errors++;
	if (im->report && im->stats->errors <= GK_IMPORT_MAX_ERRORS)
		im->report(im->ud, msg);
	if (!im->report)
		gk_error_set(err, GK_EINVAL, "%s", msg);
	if (im->stats->errors >= GK_IMPORT_MAX_ERRORS)
		return gk_error_set(err, GK_EINVAL, "too many errors");
	return 0;
}

static int prepare(gk_store *st, const char *sql, sqlite3_stmt **q, gk_error *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, q, NULL) != SQLITE_OK)
		return db_error(err, st->db, st->path, "cannot prepare statement for");
	return 0;
}

int gk_db_prepare(gk_store *st, const char *sql, sqlite3_stmt **q, gk_error *err)
{
	return prepare(st, sql, q, err);
}

int gk_db_error(gk_error *err, sqlite3 *db, const char *path, const char *what)
{
	return db_error(err, db, path, what);
}

int gk_db_exec(gk_store *st, const char *sql, gk_error *err)
{
	return exec(st, sql, err);
}

static int importer_init(struct importer *im, gk_store *st, gk_error *err)
{
	char cols[1024], qs[256], sql[4096];
	size_t n = 0, m = 0;
	int rc;

	for (int f = 0; f < GK_NFIELDS; f++) {
		n += (size_t)snprintf(cols + n, sizeof(cols) - n, "%s, ", gk_fields[f].name);
		m += (size_t)snprintf(qs + m, sizeof(qs) - m, "?, ");
	}
	im->st = st;
	im->cell = malloc(CELL_MAX);
	for (int f = 0; f < GK_NFIELDS; f++)
		im->vals[f] = NULL;
	if (!im->cell)
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	/* Every column too: an unchanged record is not written again. */
	snprintf(sql, sizeof(sql), "SELECT %simport_id, origin FROM records WHERE id = ?", cols);
	if ((rc = prepare(st, sql, &im->find, err)))
		return rc;
	snprintf(sql, sizeof(sql),
		 "INSERT INTO record_history(%simport_id, origin, replaced_by) "
		 "SELECT %simport_id, origin, ?2 FROM records WHERE id = ?1",
		 cols, cols);
	if ((rc = prepare(st, sql, &im->keep, err)))
		return rc;
	snprintf(sql, sizeof(sql),
		 "INSERT OR REPLACE INTO records(%simport_id, origin) VALUES(%s?, ?)",
		 cols, qs);
	return prepare(st, sql, &im->put, err);
}

static void importer_release(struct importer *im)
{
	sqlite3_finalize(im->find);
	sqlite3_finalize(im->keep);
	sqlite3_finalize(im->put);
	for (int f = 0; f < GK_NFIELDS; f++)
		free(im->vals[f]);
	free(im->cell);
}

/* Store value for field f (copied: the reader's buffer dies after the row). */
static int imp_set(struct importer *im, int f, const char *v, size_t len)
{
	char *copy = realloc(im->vals[f], len + 1);

	if (!copy)
		return -1;
	memcpy(copy, v, len);
	copy[len] = '\0';
	im->vals[f] = copy;
	im->set[f] = 1;
	return 0;
}

/* 1 when the stored record im->find stands on has exactly the values of
 * the row being imported. */
static int same_record(struct importer *im)
{
	for (int f = 0; f < GK_NFIELDS; f++) {
		const char *old = (const char *)sqlite3_column_text(im->find, f);

		if (im->set[f] <= 0 ? old != NULL : !old || strcmp(old, im->vals[f]) != 0)
			return 0;
	}
	return 1;
}

/*
 * Validate one record (the cells already mapped to fields in im->vals) and
 * write it.  where is "FILE:LINE" for messages.
 */
static int imp_write(struct importer *im, const char *where, int bad,
		     gk_error *err)
{
	const char *id = im->vals[GK_F_ID];
	char kinds[128];
	int kind = -1, rc = 0, s;

	for (int f = 0; f < GK_NFIELDS; f++) {
		if (gk_fields[f].required && !im->set[f]) {
			if ((rc = imp_report(im, err, "%s: column '%s': missing: every record needs "
					     "id, jurisdiction and kind", where, gk_fields[f].name)))
				return rc;
			bad = 1;
		}
	}
	if (im->set[GK_F_KIND] > 0)
		kind = gk_kind_lookup(im->vals[GK_F_KIND], strlen(im->vals[GK_F_KIND]));
	if (kind >= 0) {
		for (int f = 0; f < GK_NFIELDS; f++) {
			if (im->set[f] <= 0 || gk_field_applies((enum gk_field)f, (enum gk_kind)kind))
				continue;
			gk_field_kinds_text((enum gk_field)f, kinds, sizeof(kinds));
			if ((rc = imp_report(im, err,
					     "%s: column '%s': does not apply to kind '%s' "
					     "(only to %s): leave it empty or fix the kind",
					     where, gk_fields[f].name, gk_kind_names[kind], kinds)))
				return rc;
			bad = 1;
		}
	}
	if (bad || im->stats->errors)
		return 0;    /* keep validating; nothing will be written */

	/* An id seen earlier in this same import from the same file is a
	 * duplicate; from an earlier import, a new version to keep. */
	sqlite3_reset(im->find);
	sqlite3_bind_text(im->find, 1, id, -1, SQLITE_STATIC);
	s = sqlite3_step(im->find);
	if (s == SQLITE_ROW) {
		int64_t prev = sqlite3_column_int64(im->find, GK_NFIELDS);
		const char *origin = (const char *)sqlite3_column_text(im->find, GK_NFIELDS + 1);

		if (prev == im->import_id) {
			size_t flen = im->file ? strlen(im->file) : 0;
			if (im->file && origin && strncmp(origin, im->file, flen) == 0 &&
			    origin[flen] == ':')
				return imp_report(im, err,
						  "%s: column 'id': '%s' appears twice in this file "
						  "(first on line %s)", where, id, origin + flen + 1);
		}
		if (prev != im->import_id && same_record(im)) {
			im->stats->unchanged++;
			return 0;
		}
		sqlite3_reset(im->keep);
		sqlite3_bind_text(im->keep, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(im->keep, 2, im->import_id);
		if (prev != im->import_id) {
			if (sqlite3_step(im->keep) != SQLITE_DONE)
				return db_error(err, im->st->db, im->st->path,
						"cannot keep the earlier version in");
			im->stats->replaced++;
		}
	} else if (s != SQLITE_DONE) {
		return db_error(err, im->st->db, im->st->path, "cannot read");
	} else {
		im->stats->inserted++;
	}
	sqlite3_reset(im->put);
	for (int f = 0; f < GK_NFIELDS; f++) {
		enum gk_type t = gk_fields[f].type;

		if (!im->set[f])
			sqlite3_bind_null(im->put, f + 1);
		else if (t == GK_T_FLAG || t == GK_T_INT)
			sqlite3_bind_int64(im->put, f + 1, atoll(im->vals[f]));
		else
			sqlite3_bind_text(im->put, f + 1, im->vals[f], -1, SQLITE_STATIC);
	}
	sqlite3_bind_int64(im->put, GK_NFIELDS + 1, im->import_id);
	sqlite3_bind_text(im->put, GK_NFIELDS + 2, where, -1, SQLITE_STATIC);
	if (sqlite3_step(im->put) != SQLITE_DONE)
		return db_error(err, im->st->db, im->st->path, "cannot write a record to");
	return 0;
}

/* Validate one value of field f into im->vals; col names the column in
 * messages ("column 'published_on'").  Reports and sets *bad when bad. */
static int imp_field(struct importer *im, const char *where, int f, const char *col,
		     const char *val, size_t vallen, int present, int *bad, gk_error *err)
{
	char prob[512];
	const char *problem;
	int r;

	if (im->set[f]) {
		*bad = 1;
		return imp_report(im, err, "%s: %s: given twice", where, col);
	}
	if (!present)
		return 0;
	r = gk_field_normalize((enum gk_field)f, val, vallen, im->cell, CELL_MAX,
			       prob, sizeof(prob), &problem);
	if (r < 0) {
		*bad = 1;
		im->set[f] = -1;   /* given, but invalid: not "missing" as well */
		return imp_report(im, err, "%s: %s: %s", where, col, problem);
	}
	if (r == 1)
		return 0;
	if (imp_set(im, f, im->cell, strlen(im->cell)))
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	return 0;
}

/* Validate one cell given by its column name into im->vals. */
static int imp_cell(struct importer *im, const char *where, const char *key,
		    size_t keylen, const char *val, size_t vallen, int present,
		    int *bad, gk_error *err)
{
	char col[128];
	int f = gk_field_lookup(key, keylen);

	if (f < 0) {
		*bad = 1;
		return imp_report(im, err,
				  "%s: column '%.*s': unknown column (columns are those of "
				  "the interchange format, e.g. 'published_on'): rename or remove it",
				  where, (int)(keylen > 64 ? 64 : keylen), key);
	}
	snprintf(col, sizeof(col), "column '%s'", gk_fields[f].name);
	return imp_field(im, where, f, col, val, vallen, present, bad, err);
}

/* A new record begins at file:line: counted, its fields cleared, where
 * ("FILE:LINE") made for messages. */
static void imp_start_row(struct importer *im, const char *file, int line, char *where,
			  size_t wsz)
{
	im->stats->rows++;
	im->file_rows++;
	memset(im->set, 0, sizeof(im->set));
	snprintf(where, wsz, "%s:%d", file, line);
}

/* A row of a spreadsheet (CSV or .xlsx), its columns found by sheet.c. */
static int imp_sheet_row(void *ud, const gk_sheet_row *row, gk_error *err)
{
	struct importer *im = ud;
	char where[512];
	int bad = 0, rc;

	imp_start_row(im, row->file, row->line, where, sizeof(where));
	for (int i = 0; i < row->ncells; i++) {
		const gk_sheet_cell *c = &row->cells[i];

		if ((rc = imp_field(im, where, c->field, c->col, c->val, c->len, 1, &bad, err)))
			return rc;
	}
	return imp_write(im, where, bad, err);
}

static int imp_sheet_problem(void *ud, const char *msg, gk_error *err)
{
	return imp_report(ud, err, "%s", msg);
}

static int imp_row(void *ud, const gk_row *row, gk_error *err)
{
	struct importer *im = ud;
	char where[512];
	int bad = 0, rc;

	imp_start_row(im, row->file, row->line, where, sizeof(where));
	for (int i = 0; i < row->ncells; i++) {
		const gk_cell *c = &row->cells[i];

		if ((rc = imp_cell(im, where, c->key, c->keylen, c->val, c->vallen,
				   c->present, &bad, err)))
			return rc;
	}
	return imp_write(im, where, bad, err);
}

/* Map a whole input file read-only: the kernel pages it in and out, so a
 * large import does not hold a private copy in memory.  unmap_file frees. */
static int map_file(const char *path, char **buf, size_t *len, gk_error *err)
{
	struct stat sb;
	int fd = open(path, O_RDONLY);
	void *p;

	*buf = NULL;
	*len = 0;
	if (fd < 0)
		return gk_error_set(err, GK_EIO, "cannot read '%s': %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return gk_error_set(err, GK_EIO, "cannot read '%s': not a regular file", path);
	}
	if (sb.st_size == 0) {
		close(fd);
		return 0;
	}
	p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return gk_error_set(err, GK_EIO, "cannot read '%s': %s", path, strerror(errno));
	madvise(p, (size_t)sb.st_size, MADV_SEQUENTIAL);
	*buf = p;
	*len = (size_t)sb.st_size;
	return 0;
}

static void unmap_file(char *buf, size_t len)
{
	if (buf)
		munmap(buf, len);
}

static int start_import(gk_store *st, const char *files, int64_t *id, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	char at[32];
	int rc;

	now_iso(at, sizeof(at));
	if ((rc = prepare(st, "INSERT INTO imports(at, files) VALUES(?, ?)", &q, err)))
		return rc;
	sqlite3_bind_text(q, 1, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, files, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = db_error(err, st->db, st->path, "cannot record the import in");
	sqlite3_finalize(q);
	*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

static void note(const gk_import_opts *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(const gk_import_opts *o, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!o->note)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	o->note(o->note_ud, msg);
}

/* A CSV file or an .xlsx sheet, through sheet.c to imp_sheet_row. */
static int import_sheet(struct importer *im, const char *file, int xlsx, const char *buf,
			size_t len, const gk_import_opts *o, gk_error *err)
{
	gk_sheet_sink sink = { imp_sheet_row, imp_sheet_problem, im };
	gk_sheet *sh = NULL;
	char *name = NULL;
	int rc, line = 0;

	if ((rc = gk_sheet_new(&sh, file, xlsx, o->columns, &sink, err)))
		return rc;
	if (xlsx)
		rc = gk_xlsx_read(file, o->sheet, gk_sheet_feed, sh, &name, err);
	else
		rc = gk_reader_read(GK_FORMAT_CSV_ROWS, file, buf, len, gk_sheet_feed, sh, err);
	if (!rc)
		rc = gk_sheet_finish(sh, &line, err);
	if (!rc && name)
		note(o, "%s: sheet '%s'", file, name);
	if (!rc && line > 1)
		note(o, "%s: the header is on %s %d; the rows above it are skipped as titles",
		     file, xlsx ? "row" : "line", line);
	free(name);
	gk_sheet_free(sh);
	return rc;
}

/* A CSV file: its encoding found (or forced), then its rows. */
static int import_csv(struct importer *im, const char *file, const char *buf, size_t len,
		      const gk_import_opts *o, gk_error *err)
{
	enum gk_encoding enc = (enum gk_encoding)o->encoding;
	char *conv = NULL;
	size_t convlen = 0;
	int rc;

	if (enc == GK_ENC_AUTO && (rc = gk_encoding_detect(file, buf, len, &enc, err)))
		return rc;
	if (enc == GK_ENC_GB18030) {
		if ((rc = gk_encoding_to_utf8(file, enc, buf, len, &conv, &convlen, err)))
			return rc;
		note(o, "%s: read as GB18030%s", file, o->encoding ? "" : " (detected)");
		buf = conv ? conv : "";
		len = convlen;
	}
	rc = import_sheet(im, file, 0, buf, len, o, err);
	gk_encoding_unmap(conv, convlen);
	return rc;
}

/* Formats people have that gongkai does not read, and what to do. */
static const char *other_format(const char *file)
{
	const char *dot = strrchr(file, '.');

	if (!dot || strchr(dot, '/'))
		return NULL;
	if (!strcasecmp(dot, ".xls"))
		return "an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV UTF-8";
	if (!strcasecmp(dot, ".et") || !strcasecmp(dot, ".ett"))
		return "a WPS workbook (.et): save it as .xlsx or CSV UTF-8";
	if (!strcasecmp(dot, ".ods"))
		return "an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV UTF-8";
	return NULL;
}

int gk_store_import(gk_store *st, const char *const *files, int nfiles,
		    const gk_import_opts *opts, gk_report_fn report, void *ud,
		    gk_import_stats *stats, gk_error *err)
{
	static const gk_import_opts none;
	const gk_import_opts *o = opts ? opts : &none;
	struct importer im = { 0 };
	sqlite3_stmt *q = NULL;
	char *names = NULL;
	size_t nlen = 0;
	int rc;

	memset(stats, 0, sizeof(*stats));
	for (int i = 0; i < nfiles; i++) {
		char *g = realloc(names, nlen + strlen(files[i]) + 2);
		if (!g) {
			free(names);
			return gk_error_set(err, GK_ENOMEM, "out of memory");
		}
		names = g;
		nlen += (size_t)sprintf(names + nlen, "%s%s", i ? ";" : "", files[i]);
	}
	im.report = report;
	im.ud = ud;
	im.stats = stats;
	if ((rc = gk_store_begin(st, err)))
		goto cleanup;
	if ((rc = start_import(st, names ? names : "", &im.import_id, err)) ||
	    (rc = importer_init(&im, st, err)))
		goto cleanup;
	stats->import_id = im.import_id;
	for (int i = 0; i < nfiles && stats->errors < GK_IMPORT_MAX_ERRORS; i++) {
		char *buf = NULL;
		size_t len = 0;
		int fmt = gk_reader_format_of(files[i]);
		int yaml = gk_schedule_is(files[i]);
		int xlsx = gk_xlsx_is(files[i]);
		long before = stats->rows;
		const char *other;

		if (fmt < 0 && !yaml && !xlsx) {
			if ((other = other_format(files[i])))
				imp_report(&im, err, "cannot read '%s': it is %s", files[i], other);
			else
				imp_report(&im, err, "%s: cannot tell the format: name it .csv, "
					   ".xlsx, .jsonl or (a task schedule) .yaml", files[i]);
			continue;
		}
		if (!xlsx && (rc = map_file(files[i], &buf, &len, err)))
			goto cleanup;
		im.file = files[i];
		im.fmt = yaml ? GK_FORMAT_JSONL : (enum gk_format)fmt;
		im.file_rows = 0;
		if (xlsx)
			rc = import_sheet(&im, files[i], 1, NULL, 0, o, err);
		else if (yaml)
			rc = gk_schedule_read(files[i], buf ? buf : "", len, imp_row, &im, err);
		else if (fmt == GK_FORMAT_CSV)
			rc = import_csv(&im, files[i], buf ? buf : "", len, o, err);
		else
			rc = gk_reader_read(im.fmt, files[i], buf ? buf : "", len, imp_row, &im, err);
		unmap_file(buf, len);
		if (rc == GK_EINVAL && stats->errors < GK_IMPORT_MAX_ERRORS &&
		    strcmp(err->msg, "too many errors")) {
			/* a syntax error from the reader */
			stats->errors++;
			if (report)
				report(ud, err->msg);
		} else if (rc && rc != GK_EINVAL) {
			goto cleanup;
		}
		rc = 0;
		if (stats->rows == before && !stats->errors)
			imp_report(&im, err, "%s: no records in this file", files[i]);
	}
	if (stats->errors) {
		rc = gk_error_set(err, GK_EINVAL,
				  "import refused: %d problem%s%s; the database is unchanged",
				  stats->errors, stats->errors == 1 ? "" : "s",
				  stats->errors >= GK_IMPORT_MAX_ERRORS ? " (stopped counting)" : "");
		goto cleanup;
	}
	if ((rc = prepare(st, "UPDATE imports SET rows = ?, inserted = ?, replaced = ? WHERE id = ?",
			  &q, err)))
		goto cleanup;
	sqlite3_bind_int64(q, 1, stats->rows);
	sqlite3_bind_int64(q, 2, stats->inserted);
	sqlite3_bind_int64(q, 3, stats->replaced);
	sqlite3_bind_int64(q, 4, im.import_id);
	if (sqlite3_step(q) != SQLITE_DONE) {
		rc = db_error(err, st->db, st->path, "cannot record the import in");
		goto cleanup;
	}
	importer_release(&im);
	memset(&im, 0, sizeof(im));
	rc = gk_store_commit(st, err);
cleanup:
	sqlite3_finalize(q);
	importer_release(&im);
	if (rc && st->in_tx)
		gk_store_rollback(st);
	free(names);
	return rc;
}

int gk_store_put(gk_store *st, const char *origin, const char *const *keys,
		 const char *const *vals, int n, gk_error *err)
{
	struct importer im = { 0 };
	gk_import_stats stats = { 0 };
	int bad = 0, rc;

	im.stats = &stats;
	if ((rc = start_import(st, origin, &im.import_id, err)) ||
	    (rc = importer_init(&im, st, err)))
		goto cleanup;
	for (int i = 0; i < n && !rc; i++)
		rc = imp_cell(&im, origin, keys[i], strlen(keys[i]), vals[i],
			      strlen(vals[i]), 1, &bad, err);
	if (!rc)
		rc = imp_write(&im, origin, bad, err);
	if (!rc && stats.errors)
		rc = GK_EINVAL;
cleanup:
	importer_release(&im);
	return rc;
}

/* ---- runs and findings ----------------------------------------------- */

int gk_store_run_start(gk_store *st, gk_run_info *info, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	char asof[GK_DATE_LEN + 1];
	int rc;

	now_iso(info->started_at, sizeof(info->started_at));
	gk_date_format(info->as_of, asof);
	snprintf(st->as_of, sizeof(st->as_of), "%s", asof);
	st->n_new = st->n_persisting = st->n_due_soon = 0;
	gk_baseline_free(st);
	info->layout = 4;
	info->baseline = 0;
	if ((rc = prepare(st,
			  "INSERT INTO runs(started_at, as_of, policy_source, policy_revision, "
			  "policy_digest, scope, jobs, last_import, layout, warn_days, "
			  "calendar_first, calendar_last, calendar_provisional, warn_until, "
			  "warn_cut_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, 4, "
			  "?, ?, ?, ?, ?, ?)", &q, err)))
		return rc;
	sqlite3_bind_text(q, 1, info->started_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, asof, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, info->policy_source, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, info->policy_revision, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, info->policy_digest, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, info->scope, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 7, info->jobs);
	if (info->last_import > 0)
		sqlite3_bind_int64(q, 8, info->last_import);
	else
		sqlite3_bind_null(q, 8);
	sqlite3_bind_int(q, 9, info->warn_days);
	sqlite3_bind_int(q, 10, info->cal_first);
	sqlite3_bind_int(q, 11, info->cal_last);
	sqlite3_bind_text(q, 12, info->cal_provisional[0] ? info->cal_provisional : NULL, -1,
			  SQLITE_STATIC);
	if (info->warn_days > 0) {
		char until[GK_DATE_LEN + 1];

		gk_date_format(info->warn_until, until);
		sqlite3_bind_text(q, 13, until, -1, SQLITE_TRANSIENT);
		if (info->warn_capped)
			sqlite3_bind_text(q, 14, until, -1, SQLITE_TRANSIENT);
	}
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = db_error(err, st->db, st->path, "cannot record the run in");
	info->id = sqlite3_last_insert_rowid(st->db);
	sqlite3_finalize(q);
	if (!rc && info->compare)
		rc = gk_baseline_load(st, info->id, info->scope,
				      strcmp(info->policy_revision, "worktree") != 0,
				      &info->baseline, err);
	return rc;
}

int gk_store_run_finish(gk_store *st, gk_run_info *info, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = 0;

	info->n_resolved = 0;
	if (info->compare && (rc = gk_baseline_finish(st, info->id, &info->n_resolved, err)))
		return rc;
	info->n_new = st->n_new;
	info->n_persisting = st->n_persisting;
	info->n_due_soon = st->n_due_soon;
	if ((rc = prepare(st,
				"UPDATE runs SET finished_at = ?, records = ?, rules = ?, findings = ?, "
				"baseline = ?, n_new = ?, n_persisting = ?, n_resolved = ?, "
				"n_due_soon = ?, n_waived = ? WHERE id = ?", &q, err)))
		return rc;
	sqlite3_bind_text(q, 1, info->finished_at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, info->records);
	sqlite3_bind_int64(q, 3, info->rules);
	sqlite3_bind_int64(q, 4, info->findings);
	if (info->baseline)
		sqlite3_bind_int64(q, 5, info->baseline);
	else
		sqlite3_bind_null(q, 5);
	sqlite3_bind_int64(q, 6, info->n_new);
	sqlite3_bind_int64(q, 7, info->n_persisting);
	sqlite3_bind_int64(q, 8, info->n_resolved);
	sqlite3_bind_int64(q, 9, info->n_due_soon);
	sqlite3_bind_int64(q, 10, info->waived);
	sqlite3_bind_int64(q, 11, info->id);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = db_error(err, st->db, st->path, "cannot record the run in");
	sqlite3_finalize(q);
	gk_baseline_free(st);
	if (!rc)
		rc = seal_run(st, info->id, err);
	return rc;
}

/*
 * s as a finding stores it: at most GK_FINDING_TEXT_MAX bytes, cut between
 * characters and marked with "…" when longer, and never ending inside a
 * character (a message cut short by its buffer can).  s itself when it is
 * fine, else a copy in buf (GK_FINDING_TEXT_MAX + 1 bytes).
 */
static const char *capped(const char *s, char *buf)
{
	size_t n, lead, need;
	int cut;

	if (!s)
		return NULL;
	n = strnlen(s, GK_FINDING_TEXT_MAX + 1);
	cut = n > GK_FINDING_TEXT_MAX;
	if (cut)
		n = GK_FINDING_TEXT_MAX - strlen("…");
	/* The last character's lead byte, and whether all of it is there. */
	lead = n;
	while (lead > 0 && n - lead < 4 && ((unsigned char)s[lead - 1] & 0xc0) == 0x80)
		lead--;
	if (lead > 0 && (unsigned char)s[lead - 1] >= 0xc0) {
		unsigned char c = (unsigned char)s[lead - 1];

		need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		if (n - (lead - 1) < need)
			n = lead - 1;
	}
	if (!cut && s[n] == '\0')
		return s;
	memcpy(buf, s, n);
	snprintf(buf + n, GK_FINDING_TEXT_MAX + 1 - n, "%s", cut ? "…" : "");
	return buf;
}

/* The texts of f as they are stored (see capped); bufs[5] of
 * GK_FINDING_TEXT_MAX + 1 bytes each. */
static gk_finding capped_finding(const gk_finding *f, char (*bufs)[GK_FINDING_TEXT_MAX + 1])
{
	gk_finding c = *f;

	c.record_id = capped(f->record_id, bufs[0]);
	c.message = capped(f->message, bufs[1]);
	c.basis = capped(f->basis, bufs[2]);
	c.unit = capped(f->unit, bufs[3]);
	c.waiver = capped(f->waiver, bufs[4]);
	return c;
}

int gk_store_finding_add(gk_store *st, int64_t run_id, const gk_finding *in,
			 gk_error *err)
{
	char bufs[5][GK_FINDING_TEXT_MAX + 1];
	gk_finding cf = capped_finding(in, bufs);
	const gk_finding *f = &cf;
	sqlite3_stmt *q;
	char due[GK_DATE_LEN + 1];
	const char *status, *first_seen;

	if (!st->finding_q &&
	    prepare(st, "INSERT INTO findings(run_id, seq, record_id, jurisdiction, "
		    "rule, category, message, basis, due_on, period, waiver, status, first_seen, "
		    "unit, provisional) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    &st->finding_q, err))
		return GK_EIO;
	gk_baseline_match(st, f, &status, &first_seen);
	if (*status == 'n')
		st->n_new++;
	else
		st->n_persisting++;
	q = st->finding_q;
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, run_id);
	sqlite3_bind_int64(q, 2, f->seq);
	sqlite3_bind_text(q, 3, f->record_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, f->jurisdiction, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, f->rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, f->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, f->message, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 8, f->basis, -1, SQLITE_STATIC);
	if (f->has_due) {
		gk_date_format(f->due_on, due);
		sqlite3_bind_text(q, 9, due, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(q, 9);
	}
	sqlite3_bind_text(q, 10, f->period, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 11, f->waiver, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 12, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 13, first_seen, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 14, f->unit, -1, SQLITE_STATIC);
	if (f->provisional)
		sqlite3_bind_int(q, 15, 1);
	else
		sqlite3_bind_null(q, 15);
	if (sqlite3_step(q) != SQLITE_DONE)
		return db_error(err, st->db, st->path, "cannot write a finding to");
	return 0;
}

int gk_store_due_add(gk_store *st, int64_t run_id, const gk_finding *in, int days_left,
		     gk_error *err)
{
	char bufs[5][GK_FINDING_TEXT_MAX + 1];
	gk_finding cf = capped_finding(in, bufs);
	const gk_finding *f = &cf;
	sqlite3_stmt *q;
	char due[GK_DATE_LEN + 1];

	if (!st->due_q &&
	    prepare(st, "INSERT INTO due_soon(run_id, seq, record_id, jurisdiction, rule, "
		    "message, basis, due_on, days_left, unit, provisional) "
		    "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st->due_q, err))
		return GK_EIO;
	q = st->due_q;
	sqlite3_reset(q);
	gk_date_format(f->due_on, due);
	sqlite3_bind_int64(q, 1, run_id);
	sqlite3_bind_int64(q, 2, f->seq);
	sqlite3_bind_text(q, 3, f->record_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, f->jurisdiction, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, f->rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, f->message, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, f->basis, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 8, due, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 9, days_left);
	sqlite3_bind_text(q, 10, f->unit, -1, SQLITE_STATIC);
	if (f->provisional)
		sqlite3_bind_int(q, 11, 1);
	else
		sqlite3_bind_null(q, 11);
	if (sqlite3_step(q) != SQLITE_DONE)
		return db_error(err, st->db, st->path, "cannot write an early warning to");
	st->n_due_soon++;
	return 0;
}

int gk_store_findings(gk_store *st, int64_t run_id, gk_finding_fn fn, void *ud,
		      gk_error *err)
{
	gk_query q = { .run_id = run_id };

	return gk_store_query(st, &q, fn, ud, err);
}

int gk_store_run_get(gk_store *st, int64_t run_id, gk_run_info *info, int64_t *last_import,
		     char *source, size_t srcsz, char *revision, size_t revsz, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	memset(info, 0, sizeof(*info));
	if ((rc = prepare(st, "SELECT as_of, policy_source, policy_revision, policy_digest, scope, "
			  "findings, last_import, layout, calendar_first, calendar_last, "
			  "calendar_provisional, warn_days, warn_until, warn_cut_at FROM runs WHERE id = ?",
			  &q, err)))
		return rc;
	sqlite3_bind_int64(q, 1, run_id);
	if (sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_finalize(q);
		return gk_error_set(err, GK_EINVAL, "there is no run %lld in '%s' (gongkai runs are "
				    "numbered from 1)", (long long)run_id, st->path);
	}
	info->id = run_id;
	gk_date_parse((const char *)sqlite3_column_text(q, 0), 10, &info->as_of);
	snprintf(source, srcsz, "%s", (const char *)sqlite3_column_text(q, 1));
	snprintf(revision, revsz, "%s", (const char *)sqlite3_column_text(q, 2));
	snprintf(info->policy_digest, sizeof(info->policy_digest), "%s",
		 (const char *)sqlite3_column_text(q, 3));
	snprintf(info->scope, sizeof(info->scope), "%s", (const char *)sqlite3_column_text(q, 4));
	info->findings = (long)sqlite3_column_int64(q, 5);
	*last_import = sqlite3_column_type(q, 6) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, 6);
	gk_store_run_calendar(info, q, 7);
	sqlite3_finalize(q);
	return 0;
}

int gk_store_snapshot(gk_store *st, int64_t last_import, const char *out_path, gk_error *err)
{
	gk_store *snap = NULL;
	char cols[1024], sql[4096];
	size_t n = 0;
	sqlite3_stmt *q = NULL;
	int rc;

	for (int f = 0; f < GK_NFIELDS; f++)
		n += (size_t)snprintf(cols + n, sizeof(cols) - n, "%s, ", gk_fields[f].name);
	if ((rc = gk_store_open(&snap, out_path, 1, err)))
		return rc;
	gk_store_scratch(snap);
	if ((rc = prepare(snap, "ATTACH ? AS src", &q, err)))
		goto cleanup;
	sqlite3_bind_text(q, 1, st->path, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE) {
		rc = db_error(err, snap->db, st->path, "cannot read");
		goto cleanup;
	}
	sqlite3_finalize(q);
	q = NULL;
	/* The versions current after import last_import: those it or an
	 * earlier import wrote and no import up to it replaced, in the order
	 * they were written: by import, then by file in the order the import
	 * named them, then by line (a number: "f.csv:10" after "f.csv:2").
	 * An origin is "FILE:LINE": rtrim of the digits leaves "FILE:". */
#define ORIGIN_FILE "substr(rtrim(v.origin, '0123456789'), 1, " 	"length(rtrim(v.origin, '0123456789')) - 1)"
#define ORIGIN_LINE "CAST(substr(v.origin, length(rtrim(v.origin, '0123456789')) + 1) AS INTEGER)"
	snprintf(sql, sizeof(sql),
		 "BEGIN; INSERT INTO imports SELECT * FROM src.imports WHERE id <= %lld;"
		 "INSERT INTO records(%simport_id, origin) SELECT * FROM ("
		 " SELECT %simport_id, origin FROM src.records WHERE import_id <= %lld"
		 " UNION ALL SELECT %simport_id, origin FROM src.record_history"
		 " WHERE import_id <= %lld AND replaced_by > %lld) v"
		 " ORDER BY v.import_id, (SELECT instr(';' || i.files || ';', ';' || " ORIGIN_FILE
		 " || ';') FROM src.imports i WHERE i.id = v.import_id), " ORIGIN_LINE ";"
		 " COMMIT; DETACH src;",
		 (long long)last_import, cols, cols, (long long)last_import, cols,
		 (long long)last_import, (long long)last_import);
#undef ORIGIN_FILE
#undef ORIGIN_LINE
	rc = exec(snap, sql, err);
cleanup:
	sqlite3_finalize(q);
	gk_store_close(snap);
	return rc;
}

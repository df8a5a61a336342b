/*
 * schema.c - the tables, their upgrades from older databases, and the
 * check that a file is a gongkai database at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "../../engine/buf.h"
#include "db_impl.h"

#define SCHEMA_VERSION "6"

/*
 * The register of non-public documents (a few percent of the records) is
 * read before a run's workers start, so its query must not touch the
 * table: a partial index that holds every column it reads, in import
 * order.  Created on open when an older database lacks it (the indexes of
 * earlier versions, which a run no longer reads, are dropped: imports
 * need not maintain them).
 */
static const char *index_sql =
	"DROP INDEX IF EXISTS records_events;\n"
	"DROP INDEX IF EXISTS records_nonpublic;\n"
	"CREATE INDEX IF NOT EXISTS records_register ON records(kind, seq, secrecy, attribute,"
	" id, jurisdiction, doc_number, title)"
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
	"@V3@@V4@@V5@@V6@";

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

/*
 * Schema 6: each finding and early warning carries its rule's severity
 * (violation or notice; finding.h).  The findings of older runs were all
 * violations, and get that value.  Runs written this way say layout = 6
 * and seal it.
 */
static const char *v6_sql =
	"ALTER TABLE findings ADD COLUMN severity TEXT NOT NULL DEFAULT 'violation';\n"
	"ALTER TABLE due_soon ADD COLUMN severity TEXT NOT NULL DEFAULT 'violation';\n";

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


static int create_schema(gk_store *st, gk_error *err)
{
	char *cols = column_defs(), *sql = NULL;
	int rc;

	if (cols) {
		const char *const pats[][2] = {
			{ "@COLUMNS@", cols }, { "@INDEXES@", index_sql }, { "@V3@", v3_sql },
			{ "@V4@", v4_sql }, { "@V5@", v5_sql }, { "@V6@", v6_sql },
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
		return GK_OOM(err);
	rc = gk_db_exec(st, "BEGIN IMMEDIATE", err);
	if (!rc)
		rc = gk_db_exec(st, sql, err);
	if (!rc)
		rc = gk_db_exec(st, "INSERT OR IGNORE INTO meta VALUES('schema', '" SCHEMA_VERSION "')",
			  err);
	if (!rc)
		rc = gk_db_exec(st, "COMMIT", err);
	else
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	free(sql);
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
	if ((rc = gk_db_exec(st, "BEGIN IMMEDIATE; ALTER TABLE runs ADD COLUMN prev_hash TEXT; "
		       "ALTER TABLE runs ADD COLUMN hash TEXT; "
		       "ALTER TABLE runs ADD COLUMN last_import INTEGER; "
		       "ALTER TABLE findings ADD COLUMN waiver TEXT;", err)) ||
	    (rc = gk_db_exec(st, v3_sql, err)) || (rc = gk_db_exec(st, v4_sql, err)) ||
	    (rc = gk_db_exec(st, v5_sql, err)) || (rc = gk_db_exec(st, v6_sql, err)) ||
	    (rc = gk_db_exec(st, "INSERT OR REPLACE INTO meta SELECT 'unsealed_upto', "
		       "coalesce(max(id), 0) FROM runs; "
		       "INSERT OR REPLACE INTO meta VALUES('upgraded_from_1', "
		       "strftime('%Y-%m-%d', 'now')); "
		       "UPDATE meta SET value = '" SCHEMA_VERSION "' WHERE key = 'schema'; COMMIT",
		       err)))
		goto fail;
	return 0;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return gk_error_prefix(err, "cannot upgrade the database '%s' to schema %s", st->path,
			       SCHEMA_VERSION);
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
	if ((rc = gk_db_exec(st, "BEGIN IMMEDIATE", err)))
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
			if ((rc = gk_db_exec(st, sql, err))) {
				sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
				return gk_error_prefix(err, "cannot add the column '%s' to the records "
						       "of '%s'", d->name, st->path);
			}
		}
	}
	return gk_db_exec(st, "COMMIT", err);
}

/* Add the columns and tables of the schemas after a database's own, in
 * one transaction (NULL ends steps).  The runs stay as they were sealed:
 * layout 2 runs are never compared, layout 3 runs record no calendar. */
static int migrate_add(gk_store *st, const char *const *steps, gk_error *err)
{
	int rc = gk_db_exec(st, "BEGIN IMMEDIATE", err);

	for (int i = 0; !rc && steps[i]; i++)
		rc = gk_db_exec(st, steps[i], err);
	if (rc || (rc = gk_db_exec(st, "UPDATE meta SET value = '" SCHEMA_VERSION "' WHERE key = "
			     "'schema'; COMMIT", err))) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return gk_error_prefix(err, "cannot upgrade the database '%s' to schema %s",
				       st->path, SCHEMA_VERSION);
	}
	return 0;
}

static int migrate_v2(gk_store *st, gk_error *err)
{
	const char *const steps[] = { v3_sql, v4_sql, v5_sql, v6_sql, NULL };

	return migrate_add(st, steps, err);
}

static int migrate_v3(gk_store *st, gk_error *err)
{
	const char *const steps[] = { v4_sql, v5_sql, v6_sql, NULL };

	return migrate_add(st, steps, err);
}

static int migrate_v4(gk_store *st, gk_error *err)
{
	const char *const steps[] = { v5_sql, v6_sql, NULL };

	return migrate_add(st, steps, err);
}

static int migrate_v5(gk_store *st, gk_error *err)
{
	const char *const steps[] = { v6_sql, NULL };

	return migrate_add(st, steps, err);
}


/*
 * Make the database at st ready: set the page size, tell ours from some
 * other program's file, upgrade an older schema in place, or (create)
 * initialise an empty file.
 */
int gk_db_schema(gk_store *st, int create, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc, have_schema = 0;
	char log[4200];
	struct stat sb;

	/* page_size only takes effect before the first table is created. */
	/* Foreign keys stay documentation: enforcing them makes every
	 * INSERT OR REPLACE keep a statement journal (measured 2x slower). */
	if ((rc = gk_db_exec(st, "PRAGMA page_size=65536;", err)))
		goto fail;
	/* Ours when meta says so; an empty file is ours to initialise;
	 * anything else is some other program's database: never touch it. */
	if (sqlite3_prepare_v2(st->db,
			       "SELECT (SELECT count(*) FROM sqlite_master),"
			       " (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta')",
			       -1, &q, NULL) != SQLITE_OK || sqlite3_step(q) != SQLITE_ROW) {
		rc = gk_error_set(err, GK_EIO, "cannot read database '%s': %s", st->path,
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
			if (v && v[0] >= '1' && v[0] <= '5' && !v[1]) {
				int from = v[0] - '0';

				sqlite3_finalize(q);
				q = NULL;
				if ((rc = from == 1 ? migrate_v1(st, err) : from == 2 ? migrate_v2(st, err) :
					  from == 3 ? migrate_v3(st, err) : from == 4 ? migrate_v4(st, err) :
					  migrate_v5(st, err)))
					goto fail;
				v = SCHEMA_VERSION;
			}
			if (!v || strcmp(v, SCHEMA_VERSION)) {
				rc = gk_error_set(err, GK_EIO,
						  "database '%s' has schema version %s; this gongkai reads version "
						  "%s", st->path, v ? v : "(none)", SCHEMA_VERSION);
				goto fail;
			}
		} else if (objects) {
			rc = gk_error_set(err, GK_EIO,
					  "'%s' is not a gongkai database (it has other tables): "
					  "name a new file or a gongkai database", st->path);
			goto fail;
		}
	}
	sqlite3_finalize(q);
	q = NULL;
	if (!have_schema) {
		if (!create) {
			rc = gk_error_set(err, GK_EIO,
					  "database '%s' has no records yet: import some with 'gongkai import --db %s FILE'",
					  st->path, st->path);
			goto fail;
		}
		/* A chain log left by an earlier database at this path would be
		 * taken for this one's, and every run of it would look forged. */
		if (gk_chain_path(st, log, sizeof(log)) == 0 && stat(log, &sb) == 0 &&
		    sb.st_size > 0) {
			rc = gk_error_set(err, GK_EIO, "cannot create the database '%s': the chain log "
					  "'%s' of an earlier database is beside it: restore that "
					  "database, or move the log away", st->path, log);
			goto fail;
		}
		if ((rc = gk_db_exec(st, "PRAGMA journal_mode=WAL", err)) ||
		    (rc = create_schema(st, err)))
			goto fail;
	}
	gk_db_exec(st, "PRAGMA synchronous=NORMAL", NULL);
	if ((rc = gk_db_exec(st, index_sql, err)) || (rc = add_record_columns(st, err)))
		goto fail;
	return 0;
fail:
	sqlite3_finalize(q);
	return rc;
}

/*
 * store.c - the connection: opening, waiting for another writer, one
 * write transaction at a time (see db.h).
 *
 * Pages are 64 KiB and the journal is WAL: a nightly run reads records on
 * one connection per worker while the main connection writes findings, and
 * big pages halve the cost of a full scan.
 */
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "../../engine/i18n.h"
#include "../../engine/buf.h"
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

int gk_db_error(gk_error *err, sqlite3 *db, const char *path, const char *what)
{
	if (db && (sqlite3_extended_errcode(db) & 0xff) == SQLITE_BUSY)
		return busy_error(err, path);
	return gk_error_set(err, GK_EIO, "%s '%s': %s", _(what), path,
			    db ? sqlite3_errmsg(db) : _("out of memory"));
}

int gk_db_exec(gk_store *st, const char *sql, gk_error *err)
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


static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

/* Before SQLite initialises: no global memory statistics, which cost a
 * mutex on every allocation of every connection. */
static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Every connection is used by one thread at a time: no mutex either. */
int gk_db_open_conn(sqlite3 **db, const char *path, int flags, gk_error *err)
{
	pthread_once(&sqlite_once, sqlite_setup);
	if (sqlite3_open_v2(path, db, flags | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		int rc = gk_db_error(err, *db, path, "cannot open database");
		sqlite3_close(*db);
		*db = NULL;
		return rc;
	}
	/* A store's own connection gets on_busy instead (gk_store_open). */
	sqlite3_busy_timeout(*db, busy_ms);
	sqlite3_extended_result_codes(*db, 1);
	return 0;
}


int gk_store_open(gk_store **out, const char *path, int create, gk_error *err)
{
	gk_store *st;
	int rc, flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);

	*out = NULL;
	st = calloc(1, sizeof(*st));
	if (!st || !(st->path = strdup(path))) {
		free(st);
		return GK_OOM(err);
	}
	if ((rc = gk_db_open_conn(&st->db, path, flags, err))) {
		if (!create)
			gk_error_set(err, GK_EIO,
				     "cannot open database '%s': %s (create it with 'gongkai import --db %s FILE')",
				     path, sqlite3_errstr(SQLITE_CANTOPEN), path);
		goto fail;
	}
	sqlite3_busy_handler(st->db, on_busy, st);
	if ((rc = gk_db_schema(st, create, err)))
		goto fail;
	*out = st;
	return 0;
fail:
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
	sqlite3_finalize(st->resolved_q);
	gk_db_run_end(st);
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
	gk_db_exec(st, st->no_chain_log ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL",
	     NULL);
	rc = gk_db_exec(st, "BEGIN IMMEDIATE", err);

	if (!rc)
		st->in_tx = 1;
	return rc;
}

int gk_store_commit(gk_store *st, gk_error *err)
{
	char log[4200];
	int rc = gk_db_exec(st, "COMMIT", err);

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
	gk_db_run_end(st);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
	st->sealed_id = 0;
}

void gk_store_scratch(gk_store *st)
{
	st->no_chain_log = 1;
}

void gk_db_now_iso(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
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

int gk_db_prepare(gk_store *st, const char *sql, sqlite3_stmt **q, gk_error *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, q, NULL) != SQLITE_OK)
		return gk_db_error(err, st->db, st->path, "cannot prepare statement for");
	return 0;
}

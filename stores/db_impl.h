/*
 * db_impl.h - what the files of the store share and nobody else sees.
 *
 * db.c owns the connection, the schema and the seal; runs.c compares a
 * run with its baseline and answers the queries about past runs.
 */
#ifndef GK_DB_IMPL_H
#define GK_DB_IMPL_H

#include <sqlite3.h>
#include <time.h>

#include "db.h"

struct gk_baseline;

struct gk_store {
	sqlite3 *db;
	char *path;
	int in_tx;
	sqlite3_stmt *finding_q;  /* prepared once: used once per finding */
	sqlite3_stmt *due_q;      /* likewise for early warnings */
	struct gk_baseline *base; /* the run being written is compared with it */
	char as_of[11];           /* of the run being written */
	long n_new, n_persisting, n_due_soon;
	struct timespec busy_since; /* when the current wait for a lock began */
	int busy_noticed;         /* the wait was announced */
};

int gk_db_prepare(gk_store *st, const char *sql, sqlite3_stmt **q, gk_error *err);
int gk_db_error(gk_error *err, sqlite3 *db, const char *path, const char *what);
int gk_db_exec(gk_store *st, const char *sql, gk_error *err);

/* runs.c: the comparison with the baseline, during one run. */
int gk_baseline_load(gk_store *st, int64_t run_id, const char *scope, int committed,
		     int64_t *baseline, gk_error *err);
/* Sets status ("new" or "persisting") and first_seen for f. */
void gk_baseline_match(gk_store *st, const gk_finding *f, const char **status,
		       const char **first_seen);
/* Lists the baseline's findings no finding matched as resolved by run_id. */
int gk_baseline_finish(gk_store *st, int64_t run_id, long *resolved, gk_error *err);
void gk_baseline_free(gk_store *st);

#endif

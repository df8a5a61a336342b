/*
 * db_impl.h - what the files of the store share and nobody else sees.
 *
 * store.c owns the connection, schema.c the tables and their upgrades,
 * seal.c the hash chain, records.c what runs read, import.c imports,
 * runs.c stores a run, query.c answers the queries about past runs.
 */
#ifndef GK_DB_IMPL_H
#define GK_DB_IMPL_H

#include <sqlite3.h>
#include <time.h>

#include "../../engine/buf.h"
#include "db.h"

struct gk_baseline;

/*
 * seal.c: a hash folded over rows as they go by (layout 5 folds the rows
 * as they are written; verify as it reads them back): start from a hash
 * ("" for none), add each row's columns (text, or NULL), end the row;
 * end yields the hex (NULL when memory ran out).
 */
typedef struct gk_fold {
	gk_buf chunk;             /* the hash so far, then the rows since */
	size_t head;              /* where the rows begin */
	int failed;
	int sha256;               /* layout 5's hash; else git's SHA-1 */
} gk_fold;

void gk_fold_start(gk_fold *f, const char *from);
void gk_fold_col(gk_fold *f, const char *text, size_t len);
void gk_fold_int(gk_fold *f, int64_t v);
void gk_fold_row(gk_fold *f);
const char *gk_fold_end(gk_fold *f);
void gk_fold_release(gk_fold *f);

/*
 * The columns each layout seals, in order: verify reads them back with
 * SELECT; runs.c folds the same values, in the same order, as it binds
 * them (an INSERT's RETURNING would give the row as stored, but SQLite
 * writes a 64 KB temporary page for every row it returns).
 */
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
/* Layout 6 adds each finding's and early warning's severity: the layout
 * new runs are sealed with. */
#define SEAL_LAYOUT 6
#define SEAL_LAYOUT_SQL "6"
#define FINDING_COLUMNS_V6 FINDING_COLUMNS_V4 ", severity"
#define DUE_COLUMNS_V6 DUE_COLUMNS_V4 ", severity"
#define RESOLVED_COLUMNS "run_id, finding_id"

struct gk_store {
	sqlite3 *db;
	char *path;
	int in_tx;
	sqlite3_stmt *finding_q;  /* prepared once: used once per finding */
	sqlite3_stmt *due_q;      /* likewise for early warnings */
	sqlite3_stmt *resolved_q;
	int64_t run_id;           /* the run being written (0: none) */
	gk_fold chain[3];         /* its findings, early warnings, resolved */
	gk_sink sink;             /* the store as a run's sink (ports.h) */
	struct timespec busy_since; /* when the current wait for a lock began */
	int busy_noticed;         /* the wait was announced */
	int no_chain_log;         /* a scratch database: no DB.chain */
	int64_t sealed_id;        /* the run sealed in the open transaction */
	char sealed_hash[GK_SEAL_HEX + 1];
};

/* Fill info's layout, calendar and warning window from the columns layout,
 * calendar_first, calendar_last, calendar_provisional, warn_days,
 * warn_until, warn_cut_at of a runs row, starting at column col. */
void gk_store_run_calendar(gk_run_info *info, sqlite3_stmt *q, int col);

int gk_db_prepare(gk_store *st, const char *sql, sqlite3_stmt **q, gk_error *err);
/* "WHAT 'PATH': sqlite's message", or the busy message when another
 * writer held the lock too long. */
int gk_db_error(gk_error *err, sqlite3 *db, const char *path, const char *what);
int gk_db_exec(gk_store *st, const char *sql, gk_error *err);
/* A connection of its own (cursors, a store), used by one thread at a
 * time: no mutex. */
int gk_db_open_conn(sqlite3 **db, const char *path, int flags, gk_error *err);
/* Now as "YYYY-MM-DDTHH:MM:SSZ". */
void gk_db_now_iso(char *buf, size_t n);

/* runs.c: forget the run being written (its seal's chains). */
void gk_db_run_end(gk_store *st);

/* schema.c: make st's file a database of this schema (create: an empty
 * file is initialised; an older schema is upgraded in place). */
int gk_db_schema(gk_store *st, int create, gk_error *err);


/* Seal run_id (layout 5): chained to the newest run before it, over its
 * row and the ends of its three chains (findings, early warnings,
 * resolved); remembered for the chain log, appended at commit. */
int gk_db_seal_run(gk_store *st, int64_t run_id, const char *const chains[3], gk_error *err);

/* chainlog.c: DB.chain, each sealed run's hash kept outside the database. */
#define GK_CHAIN_SUFFIX ".chain"

typedef struct gk_chain_entry {
	int64_t id;
	char hash[GK_SEAL_HEX + 1];
	int line;                 /* in the log, for messages */
	int seen;                 /* the database has the run */
} gk_chain_entry;

typedef struct gk_chain {
	gk_chain_entry *v;        /* by run id, then line */
	size_t n, cap;
} gk_chain;

/* The log's path (the database file's own path + ".chain"); -1 when the
 * database is no file. */
int gk_chain_path(const gk_store *st, char *out, size_t n);
/* Append "RUN HASH" (the header first into a new log) and sync it. */
int gk_chain_append(const char *path, int64_t run_id, const char *hash, gk_error *err);
/* Read the log: *out is NULL when there is none; a line that is not
 * "RUN HASH" is reported and counted in *problems. */
int gk_chain_read(const char *path, gk_chain **out, gk_report_fn report, void *ud,
		  int *problems, gk_error *err);
/* The first entry of run id, or NULL. */
gk_chain_entry *gk_chain_find(gk_chain *c, int64_t id);
void gk_chain_free(gk_chain *c);

#endif

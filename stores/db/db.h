/*
 * db.h - the gongkai database: records, their history, runs and findings.
 *
 * One SQLite file holds everything a county office needs to keep:
 *   records          the current version of every imported record
 *   record_history   every version a later import replaced
 *   imports          one row per import (when, which files, counts)
 *   runs             one row per nightly run (as-of, policy set, counts)
 *   findings         what each run found
 * Dates are stored as ISO text so the file reads well in any SQLite tool.
 * Every write happens inside one transaction: an import or a run either
 * lands whole or leaves the database as it was.
 */
#ifndef GK_DB_H
#define GK_DB_H

#include <stdint.h>

#include "../../engine/date.h"
#include "../../engine/error.h"
#include "../../engine/finding.h"
#include "../../engine/run/ports.h"
#include "../../engine/record.h"

typedef struct gk_store gk_store;

/* Open (create = 1: create the file and schema when missing; refused
 * when a chain log of an earlier database is beside it). */
int gk_store_open(gk_store **out, const char *path, int create, gk_error *err);
void gk_store_close(gk_store *st);
/* Remove a (closed) database file with its -wal and -shm files (never
 * its chain log: that is the record of what it held). */
void gk_store_remove(const char *path);
/* A scratch database (policy tests): its runs are sealed, but not added
 * to a chain log beside it. */
void gk_store_scratch(gk_store *st);
const char *gk_store_path(const gk_store *st);

/*
 * Waiting for another writer.  A write transaction (import, run, an
 * upgrade) that finds the database locked by another process waits up to
 * seconds (GK_STORE_BUSY_DEFAULT until set; 0: not at all), then fails
 * with a message saying another gongkai is writing and that nothing was
 * changed.  After a second of waiting notice(ud, path, seconds) is called
 * once per store, so a person at a terminal knows why nothing happens.
 * Process-wide: it applies to every connection opened afterwards.
 */
#define GK_STORE_BUSY_DEFAULT 120
#define GK_STORE_BUSY_MAX 86400
void gk_store_busy_wait(int seconds, void (*notice)(void *ud, const char *path, int seconds),
			void *ud);

/* BEGIN IMMEDIATE: the write lock now, waiting as gk_store_busy_wait says. */
int gk_store_begin(gk_store *st, gk_error *err);
int gk_store_commit(gk_store *st, gk_error *err);
void gk_store_rollback(gk_store *st);

/* ---- import ---------------------------------------------------------- */

typedef struct gk_import_stats {
	long rows;        /* records read */
	long inserted;    /* new ids */
	long replaced;    /* ids that existed: old version kept in history */
	long unchanged;   /* ids that existed with the same values: nothing written */
	int errors;
	int64_t import_id;
} gk_import_stats;

struct gk_colmap;

/* How to read the files; a zeroed struct (or NULL) reads them as they come. */
typedef struct gk_import_opts {
	int encoding;                   /* enum gk_encoding of CSV files; 0: detect */
	const struct gk_colmap *columns; /* the source system's mapping, or NULL */
	const char *sheet;              /* .xlsx: the sheet to read; NULL: the first */
	gk_report_fn note;              /* told how each file was read ("read as
					 * GB18030", the sheet, the header line) */
	void *note_ud;
} gk_import_opts;

#define GK_IMPORT_MAX_ERRORS 20

/*
 * Import the files in one transaction: CSV (.csv: UTF-8 or GB18030, a
 * header row in English or Chinese, see sheet.h), Excel (.xlsx: one
 * sheet), JSON Lines (.jsonl) and task schedules (.yaml).  Every row is
 * validated against the schema of record.h; problems are reported through
 * report (at most GK_IMPORT_MAX_ERRORS) and, if there is any, nothing is
 * written and GK_EINVAL is returned.  A record identical to the one stored
 * under its id is left alone (counted as unchanged): importing the same
 * export every night adds to the history only what changed.
 */
int gk_store_import(gk_store *st, const char *const *files, int nfiles,
		    const gk_import_opts *opts, gk_report_fn report, void *ud,
		    gk_import_stats *stats, gk_error *err);

/*
 * Import one record given as (column, value) pairs, outside any file: used
 * by policy tests.  origin names it in messages ("tests/b1.yaml:12").
 * Must run inside gk_store_begin/commit.
 */
int gk_store_put(gk_store *st, const char *origin, const char *const *keys,
		 const char *const *vals, int n, gk_error *err);

/* ---- records --------------------------------------------------------- */

/* Jurisdictions that have records, sorted (caller frees *out); with
 * their counts when counted (a pass over the jurisdiction index), else
 * found by one seek each, records -1. */
int gk_store_jurisdictions(gk_store *st, int counted, gk_juris_count **out, int *n,
			   gk_error *err);

/* Every non-public document (internal, secret, on_request or withheld
 * information), in import order: fn(ud, id, jurisdiction, doc_number,
 * title, why) with why in Chinese; doc_number and title may be NULL. */
int gk_store_nonpublic(gk_store *st, gk_nonpublic_fn fn, void *ud, gk_error *err);

/* The newest import's id (0 when there is none). */
int gk_store_last_import(gk_store *st, int64_t *id, gk_error *err);

/* Smallest and largest record rowid (0, -1 when empty). */
int gk_store_rowid_range(gk_store *st, int64_t *lo, int64_t *hi, gk_error *err);

/*
 * A cursor streams records in rowid order with only the needed columns
 * (need[f] != 0).  Each worker opens its own, on its own connection.
 * jurisdictions (may be NULL) restricts to those ids.
 */
typedef struct gk_rec gk_rec;

int gk_cursor_open(gk_cursor **out, const char *dbpath,
		   const unsigned char need[GK_NFIELDS], int64_t lo, int64_t hi,
		   const char *const *jurisdictions, int njuris, gk_error *err);
/* A cursor over the one record with this id, every field selected. */
int gk_cursor_open_id(gk_cursor **out, const char *dbpath, const char *id,
		      gk_error *err);
/*
 * Read c's rows in one read transaction whose newest import is
 * last_import, before the first gk_cursor_next: a run's workers and its
 * writer then see the same records.  GK_EIO when the database holds
 * another import by now (the caller holds the write lock, so it cannot).
 */
int gk_cursor_pin(gk_cursor *c, int64_t last_import, gk_error *err);
/* 1 and *rec on a row, 0 at the end, < 0 on error. */
int gk_cursor_next(gk_cursor *c, gk_rec **rec, gk_error *err);
void gk_cursor_close(gk_cursor *c);

/* A field of the current row: its text and length, or NULL when absent.
 * Valid until the next gk_cursor_next.  Only needed fields may be read. */
const char *gk_rec_get(gk_rec *r, enum gk_field f, size_t *len);
int64_t gk_rec_seq(gk_rec *r);

/* ---- runs and findings ----------------------------------------------- */

/*
 * The store in a run (engine/run/ports.h): its records, its past runs,
 * and itself as a sink.  st must outlive the run.  The sink is serial; it
 * writes the run row at start, each finding, early warning and resolved
 * finding as it comes (setting f->id and f->run_id) with the seal folded
 * over the rows as they are written, then the counts and the seal at
 * finish, all in the run's transaction.  A failed run leaves nothing.
 */
void gk_store_records(gk_store *st, gk_records *out);
void gk_store_history(gk_store *st, gk_history *out);
gk_sink *gk_store_sink(gk_store *st);

/* The sink's steps, one call at a time, inside gk_store_begin/commit:
 * run_start sets info->id (and layout); a finding is stored with the
 * status and first_seen it has (new when none); run_finish stores the
 * counts and seals the run. */
int gk_store_run_start(gk_store *st, gk_run_info *info, gk_error *err);
int gk_store_finding_add(gk_store *st, gk_finding *f, gk_error *err);
int gk_store_due_add(gk_store *st, gk_finding *f, gk_error *err);
int gk_store_resolved_add(gk_store *st, int64_t finding_id, gk_error *err);
int gk_store_run_finish(gk_store *st, gk_run_info *info, gk_error *err);

/*
 * Recompute the hash chain of every stored run (each run hashes its own
 * columns and all its findings, chained to the previous run's hash) and
 * report each run whose record or findings were changed or deleted after
 * the fact, and each run never sealed.  The chain log beside the database
 * (DB.chain: "RUN HASH" appended as each run is committed) is compared
 * too: a run it has and the database lacks or holds with another seal, a
 * run sealed since the log was started that it lacks, a missing log.
 * *runs counts the runs checked, *problems the breaks; head
 * (GK_SEAL_HEX + 1 bytes) receives the newest run's hash, note one line
 * about the chain log.
 */
#define GK_SEAL_HEX 64            /* a seal's hex digits, at most (layout 5:
				     SHA-256; before: SHA-1, 40) */
int gk_store_verify(gk_store *st, gk_report_fn report, void *ud, int *runs,
		    int *problems, char *head, char *note, size_t notesz, gk_error *err);

/* A stored run: its as-of date, digest, scope and finding count in info,
 * the last import it saw (-1 when unknown), its policy source and
 * revision. */
int gk_store_run_get(gk_store *st, int64_t run_id, gk_run_info *info, int64_t *last_import,
		     char *source, size_t srcsz, char *revision, size_t revsz, gk_error *err);

/* Create the database out_path holding the records exactly as they were
 * after import last_import (earlier versions come from record_history). */
int gk_store_snapshot(gk_store *st, int64_t last_import, const char *out_path,
		      gk_error *err);

/* ---- past runs --------------------------------------------------------- */

/* The newest run's id, 0 when there is none. */
int gk_store_last_run(gk_store *st, int64_t *run_id, gk_error *err);

/* Every run, newest first (at most limit; 0: all), with its counts.  The
 * strings of info live until fn returns. */
typedef int (*gk_run_fn)(void *ud, const gk_run_info *info, gk_error *err);
int gk_store_runs(gk_store *st, int limit, gk_run_fn fn, void *ud, gk_error *err);

/* Which findings of a run to read; NULL or 0 fields do not filter.
 * status is new, persisting, resolved (the baseline's findings this run
 * no longer has) or due_soon (early warnings); NULL reads the run's
 * findings, open: new and persisting. */
typedef struct gk_query {
	int64_t run_id;
	const char *status;
	const char *unit;
	const char *category;
	const char *jurisdiction;
	const char *rule;
	const char *severity;     /* violation or notice (gk_severity_names) */
	int no_unit;              /* only findings that name no unit */
	int titles;               /* also read each record's (current) title */
	int feedback;             /* also read the units' feedback (fb_*) */
} gk_query;

int gk_store_query(gk_store *st, const gk_query *q, gk_finding_fn fn, void *ud,
		   gk_error *err);

/* Call fn for every finding of run_id in a stable order (by record, rule,
 * period): gk_store_query with no filter. */
int gk_store_findings(gk_store *st, int64_t run_id, gk_finding_fn fn, void *ud,
		      gk_error *err);

/*
 * The values column col ("jurisdiction", "rule" or "unit") takes among
 * the findings, early warnings and resolved findings of run_id, each once
 * to fn; with value, only value when the run has it (fn is called once or
 * never).  What a filter of gongkai findings may name.
 */
typedef int (*gk_str_fn)(void *ud, const char *s, gk_error *err);
int gk_store_run_values(gk_store *st, int64_t run_id, const char *col, const char *value,
			gk_str_fn fn, void *ud, gk_error *err);

#endif

/*
 * ports.h - what a run needs from outside the engine, as interfaces the
 * engine defines and stores/ (or the command) implements.
 *
 *   records   the records of one snapshot, streamed through cursors
 *   history   the runs before: the baseline's findings, the units' answers
 *   sinks     where the findings go: the store (which seals them as it
 *             writes), printers, report writers, a test's collector
 *
 * A run is one stream: records -> judges -> findings -> sinks, each
 * finding handed to each sink once, as it is made.  This header includes
 * no SQLite, YAML or git header; the engine knows none of them.
 */
#ifndef GK_PORTS_H
#define GK_PORTS_H

#include <stddef.h>
#include <stdint.h>

#include "../finding.h"
#include "../record.h"
#include "../rules.h"

/* A jurisdiction that has records, with their number (-1: not counted). */
typedef struct gk_juris_count {
	char name[65];
	long records;
} gk_juris_count;

/* A non-public document (internal, secret, on_request or withheld
 * information): its record, jurisdiction, number and title (either may be
 * NULL), and why it is not public (涉密, 内部, 不予公开, 依申请公开). */
typedef int (*gk_nonpublic_fn)(void *ud, const char *id, const char *jurisdiction,
			       const char *doc_number, const char *title, const char *why,
			       gk_error *err);

/* A cursor over records, the store's (one per worker, on its own
 * connection). */
typedef struct gk_cursor gk_cursor;

/*
 * The records, as one snapshot.  begin takes the write lock before the
 * run reads anything, so no import can commit until the run ends (commit
 * or rollback); every cursor opened afterwards is pinned to the newest
 * import read then (a cursor that finds another is an error).  A sink
 * writing to the same store writes in that same transaction.
 */
typedef struct gk_records {
	void *ud;
	const char *name;         /* for messages: the database's path */
	int (*begin)(void *ud, gk_error *err);
	int (*commit)(void *ud, gk_error *err);
	void (*rollback)(void *ud);
	/* The newest import's id (0: none). */
	int (*last_import)(void *ud, int64_t *id, gk_error *err);
	/* Jurisdictions with records, sorted (caller frees); with their
	 * counts when counted, which reads every record's entry, else a
	 * seek a jurisdiction and records -1. */
	int (*jurisdictions)(void *ud, int counted, gk_juris_count **out, int *n,
			     gk_error *err);
	/* Smallest and largest record seq (0, -1 when empty). */
	int (*range)(void *ud, int64_t *lo, int64_t *hi, gk_error *err);
	/* Every non-public document, in import (seq) order. */
	int (*nonpublic)(void *ud, gk_nonpublic_fn fn, void *fud, gk_error *err);
	/* Records lo..hi in seq order with the fields need[] marks, of the
	 * jurisdictions juris[0..njuris) (all when 0), pinned to import
	 * snap.  next: 1 on a record, 0 at the end, < 0 on error.  get reads
	 * a field of the current record (NULL when absent), valid until the
	 * next call of next. */
	int (*open)(void *ud, const unsigned char need[GK_NFIELDS], int64_t lo, int64_t hi,
		    const char *const *juris, int njuris, int64_t snap, gk_cursor **out,
		    gk_error *err);
	int (*next)(gk_cursor *c, gk_error *err);
	const char *(*get)(void *c, enum gk_field f, size_t *len);
	int64_t (*seq)(gk_cursor *c);
	void (*close)(gk_cursor *c);
} gk_records;

/*
 * The runs before.  baseline: the newest finished run of scope whose
 * as-of date is not after as_of (committed: only runs that read a commit),
 * *id (0: none) and *its_as_of, each of its findings to fn (record_id,
 * jurisdiction, rule, category, period, unit, message, first_seen and id
 * set; first_seen NULL for a run stored before it was kept).  findings:
 * the stored findings ids[0..n) of a past run, in full, to fn.  feedback:
 * every answer the units gave, each as the identity of the finding it
 * answers (jurisdiction, rule, category, record_id, period) with fb_*
 * set, in the order given (a later one supersedes an earlier).
 *
 * reader (NULL when there is none): a history of its own for another
 * thread, reading the same committed state while the run holds the
 * write lock (the run's own writes are not in it); close releases it.
 */
typedef struct gk_history {
	void *ud;
	int (*reader)(void *ud, struct gk_history *out, gk_error *err);
	void (*close)(struct gk_history *h);
	int (*baseline)(void *ud, const char *scope, int committed, gk_day as_of, int64_t *id,
			gk_day *its_as_of, gk_finding_fn fn, void *fud, gk_error *err);
	int (*findings)(void *ud, const int64_t *ids, size_t n, gk_finding_fn fn, void *fud,
			gk_error *err);
	int (*feedback)(void *ud, gk_finding_fn fn, void *fud, gk_error *err);
} gk_history;

/*
 * Where findings go.  start: the run is about to evaluate (info holds
 * what it reads: as-of date, scope, policy set, calendar, warning window,
 * started_at; the baseline is known at finish); a store stores the run
 * and sets info->id.  lanes
 * is the number of workers; the main thread's findings (periodic duties,
 * resolved ones) come in lane `lanes`.
 *
 * put: one finding (status new or persisting), early warning (due_soon)
 * or finding of the baseline now gone (resolved: only id, unless the
 * sink asked for full_resolved).  A serial sink is called from one
 * thread at a time, and a store may set f->id for the sinks after it;
 * a parallel sink is called from each lane's own thread, each lane's
 * findings in record order (within a record by rule and period).
 *
 * finish: every finding was put; info holds the counts.  A store seals
 * the run here, before the transaction commits.  abort (may be NULL):
 * the run failed; nothing of it is kept.
 */
typedef struct gk_sink gk_sink;
struct gk_sink {
	int (*start)(gk_sink *s, gk_run_info *info, int lanes, gk_error *err);
	int (*put)(gk_sink *s, int lane, gk_finding *f, gk_error *err);
	int (*finish)(gk_sink *s, gk_run_info *info, gk_error *err);
	void (*abort)(gk_sink *s);
	int parallel;
	int full_resolved;
	void *ud;
};

#endif

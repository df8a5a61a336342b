/*
 * run.h - a nightly run: every record against its jurisdiction's rules,
 * as one stream.
 *
 *   records -> judges -> findings -> sinks
 *
 * The records of one snapshot (ports.h) are read by one or more workers,
 * each with its own cursor and Lua state, in disjoint seq ranges.  Each
 * record's verdicts become findings at once: cut to what a finding holds,
 * marked when a waiver covers them, compared with the baseline (new or
 * persisting), given the units' latest answers, then handed to the sinks:
 * parallel sinks (printers) in the worker's own thread, serial sinks (the
 * store, which seals as it writes; report writers) in the calling thread,
 * which receives the workers' findings in batches through a bounded queue
 * so memory stays flat.  The events periodic duties count are collected
 * in the same pass; the duties are judged once the workers are done, then
 * the baseline's findings no finding matched are handed on as resolved.
 *
 * Everything happens inside the records' snapshot transaction: an error
 * anywhere rolls it back, and the sinks are aborted.
 */
#ifndef GK_RUN_H
#define GK_RUN_H

#include "../lua/policy.h"
#include "../register.h"
#include "../waiver.h"
#include "ports.h"

typedef struct gk_run_opts {
	/* The policy set, read by the caller; all must outlive the run. */
	const gk_bundle *bundle;
	const gk_calendar *cal;
	gk_waivers *waivers;        /* may be NULL; their hits are counted */
	const char *policy_source;  /* what the set is: "directory /abs/path" */
	const char *policy_revision; /* a commit id, or "worktree" */
	const char *policy_digest;  /* 40 hex digits */
	const char *root;           /* the set's folder, for messages */

	gk_day as_of;
	const char *const *juris;   /* restrict to these, or NULL */
	int njuris;
	int jobs;                   /* workers, >= 1 */
	gk_limits limits;
	/* Early warnings for deadlines within this many working days (0: off). */
	int warn_days;
	/* A dry run rolls everything back at the end: for comparing
	 * revisions, replaying a run, policy tests (a collecting sink). */
	int dry;

	const gk_records *records;
	/* The runs before (NULL: no comparison, no answers).  A dry run
	 * never compares. */
	const gk_history *history;
	gk_sink *const *sinks;
	int nsinks;

	/* Called now and then from the calling thread with the records done
	 * and the records in scope; last with done == total. */
	void (*progress)(void *ud, long done, long total);
	void *progress_ud;
} gk_run_opts;

/* Evaluate and hand every finding to the sinks; info gets the run's id
 * (from a store sink), counts and provenance; info->waivers is
 * o->waivers. */
int gk_run(const gk_run_opts *o, gk_run_info *info, gk_error *err);

/* Seconds on the monotonic clock, as info's t_* fields count them. */
double gk_run_clock(void);

/* The register of non-public documents (register.h) of the records, as
 * the rules of p (loaded from b) scan for them. */
int gk_register_read(const gk_records *r, const gk_policy *p, const gk_bundle *b,
		     gk_register **out, gk_error *err);

#endif

/*
 * run.h - a nightly run: every record against its jurisdiction's rules.
 *
 * A run loads the calendar and the policy set from a source, checks that
 * every jurisdiction with records has policies, evaluates all records in
 * scope (streamed from the database; with jobs > 1 each worker reads its
 * own range of records on its own connection with its own Lua state), and
 * stores the run and its findings in one transaction: an error anywhere
 * leaves the database as it was.
 */
#ifndef GK_RUN_H
#define GK_RUN_H

#include "../stores/db/db.h"
#include "../stores/policyset/source.h"
#include "lua/policy.h"

typedef struct gk_run_opts {
	gk_source *src;
	gk_day as_of;
	const char *const *juris;   /* restrict to these, or NULL */
	int njuris;
	int jobs;                   /* workers, >= 1 */
	gk_limits limits;
	/* A dry run hands every finding to collect and stores nothing (the
	 * transaction is rolled back): for comparing revisions. */
	int dry;
	gk_finding_fn collect;
	void *collect_ud;
	/* Early warnings for deadlines within this many working days (0: off). */
	int warn_days;
	/* Called now and then from the calling thread with the records done
	 * and the records in scope; last with done == total. */
	void (*progress)(void *ud, long done, long total);
	void *progress_ud;
} gk_run_opts;

/* The register of non-public documents in st (register.h). */
struct gk_register;
int gk_run_register(gk_store *st, struct gk_register **out, gk_error *err);

/* Evaluate and store; info gets the run's id, counts and provenance. */
int gk_run(gk_store *st, const gk_run_opts *o, gk_run_info *info, gk_error *err);

#endif

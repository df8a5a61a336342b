/*
 * wire.h - where the command wires the engine to the stores.
 *
 * The engine (engine/) judges records and knows no file, database or
 * git; the stores (stores/) read and keep things and judge nothing.  The
 * commands that need both (run, explain, test, impact, replay, lint,
 * coverage) get them put together here, the same way each time.
 */
#ifndef GK_WIRE_H
#define GK_WIRE_H

#include "../engine/calendar.h"
#include "../engine/coverage.h"
#include "../engine/run/run.h"
#include "../stores/db/db.h"
#include "../stores/policyset/source.h"

/* A policy set as a run reads it: its calendar, waivers, files (bundle)
 * and digest, from src (borrowed: it must outlive the policy set). */
typedef struct cli_policyset {
	gk_source *src;
	gk_calendar *cal;
	gk_waivers *waivers;
	gk_bundle *bundle;
	char digest[41];
} cli_policyset;

int cli_policyset_open(cli_policyset *ps, gk_source *src, gk_error *err);
void cli_policyset_close(cli_policyset *ps);

/*
 * Run o on the records of st with the policy set ps: its fields for the
 * store and the policy set are filled here.  Unless o->dry, the run is
 * stored (the store's sink comes first, so the sinks after it see each
 * finding's id) and compared with the runs before.  sinks[0..n) are the
 * command's own (printers, report writers, a collector).
 */
int cli_run(gk_store *st, cli_policyset *ps, gk_run_opts *o, gk_sink *const *sinks, int n,
	    gk_run_info *info, gk_error *err);

/* The policy set ps loaded as a run loads it on the records of st: with
 * the register of non-public documents when a rule needs it (*reg; the
 * caller frees both).  For explain. */
int cli_policy_load(gk_store *st, cli_policyset *ps, gk_policy **p, gk_register **reg,
		    gk_error *err);

/* A sink that hands each finding (not early warnings, not resolved ones)
 * to fn. */
typedef struct cli_collect {
	gk_sink sink;
	gk_finding_fn fn;
	void *ud;
} cli_collect;
gk_sink *cli_collect_sink(cli_collect *c, gk_finding_fn fn, void *ud);

/*
 * Lint the policy set src (its calendar cal): every problem of its
 * catalogs, unit directories, policy files and coverage map goes to
 * report and is counted in *problems.  Non-zero only when lint itself
 * cannot run.
 */
int cli_lint_policies(gk_source *src, const gk_calendar *cal, gk_report_fn report, void *ud,
		      int *problems, gk_error *err);

/*
 * The coverage map of the policy set src as one step: its calendar, rules
 * and requirements loaded and checked.  Problems of the map go to report
 * and are counted in *problems (the map is then not to be trusted); a
 * policy that does not load is an error.
 */
int cli_coverage_load(gk_source *src, gk_coverage **out, int *problems, gk_report_fn report,
		      void *ud, gk_error *err);

#endif

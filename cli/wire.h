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
#include "../stores/policyset/source.h"

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

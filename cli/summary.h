/*
 * summary.h - a run's summary for the nightly log (gongkai run on a pipe,
 * or --summary): the counts by jurisdiction, category and unit, and where
 * the detail is, instead of every finding.
 *
 * A parallel sink of the run's stream counts the findings and early
 * warnings as the lanes make them; once the run is stored,
 * cli_summary_print writes the counts after the run's header
 * (cli_run_header).  The counts are those gongkai findings lists for the
 * run: a finding counts once in its jurisdiction, its category and its
 * unit (new and persisting; resolved ones are the run's total only).
 */
#ifndef GK_SUMMARY_H
#define GK_SUMMARY_H

#include <stdio.h>

#include "../engine/finding.h"

/* The units shown by name; the others are summed on one line. */
#define CLI_SUMMARY_UNITS 10

struct gk_sink;
typedef struct cli_summary cli_summary;

int cli_summary_new(cli_summary **out, gk_error *err);
struct gk_sink *cli_summary_sink(cli_summary *sm);
/* The counts of the stored run info: due soon, waived, the tables. */
int cli_summary_print(FILE *out, cli_summary *sm, const gk_run_info *info, gk_error *err);
/* Where the detail is: the report folder when reports were written (or
 * NULL), and the command that lists the findings (db the database). */
void cli_summary_where(FILE *out, const gk_run_info *info, const char *db, const char *reports);
void cli_summary_free(cli_summary *sm);

#endif

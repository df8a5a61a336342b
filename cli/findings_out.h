/*
 * findings_out.h - the one way a finding is written out: gongkai run,
 * gongkai findings and the reports all use it.
 *
 * JSON and CSV carry the same columns, in this order (CSV's header, the
 * JSON object's keys):
 *
 *   run_id, status, record_id, title, jurisdiction, unit, rule, category,
 *   severity, due_on, period, first_seen, days_open, days_left, message, basis,
 *   waiver, provisional, feedback, fixed_on, feedback_note,
 *   fixed_but_found, policy_revision
 *
 * In JSON the unit's answer is one object, "feedback": {"status",
 * "fixed_on", "note", "run_id"} or null, in place of the three feedback
 * columns; days_open is null for an early warning, days_left for a
 * finding; severity is violation or notice (schema 2 added it).  Every
 * JSON document that holds findings says "schema":
 * CLI_FINDINGS_SCHEMA at its top level; the keys above do not change
 * within a schema.
 */
#ifndef GK_FINDINGS_OUT_H
#define GK_FINDINGS_OUT_H

#include <stdio.h>

#include "../engine/buf.h"
#include "../engine/run/ports.h"
#include "cli.h"

#define CLI_FINDINGS_SCHEMA 2

/* What a finding does not carry itself: its run's policy revision. */
typedef struct cli_out_ctx {
	const char *policy_revision;
} cli_out_ctx;

/* The CSV header row (CRLF), and one finding as a row. */
void cli_finding_csv_header(FILE *out);
void cli_finding_csv(FILE *out, const gk_finding *f, const cli_out_ctx *cx);
/* One finding as a JSON object, indented as an array item of indent
 * spaces. */
void cli_finding_json(FILE *out, const gk_finding *f, const cli_out_ctx *cx, int indent);

/* The text of gongkai run: a finding, an early warning. */
void cli_finding_text_run(FILE *out, const gk_finding *f);
void cli_due_text_run(FILE *out, const gk_finding *f);
/* The text of gongkai findings (with the title, the unit, the answer). */
void cli_finding_text_list(FILE *out, const gk_finding *f);

/*
 * A run's printer (a parallel sink): each lane writes its findings and
 * early warnings, formatted, to files of its own as they are made; once
 * the run is stored, cli_printer_copy writes them out in lane order (the
 * records' order), findings first or the early warnings (due), with
 * JSON's separators.  Nothing is read back from the database.
 */
typedef struct cli_printer cli_printer;

/* fail_on (gk_severity_threshold, run --fail-on): in JUnit, the least
 * severity whose findings are failing testcases; the others pass with
 * their text in system-out. */
int cli_printer_new(cli_printer **out, enum cli_format fmt, int fail_on, gk_error *err);
/* SARIF and JUnit: the rules of the run (borrowed; set before the run). */
struct cli_ci_rules;
int cli_printer_set_rules(cli_printer *p, const struct cli_ci_rules *r, gk_error *err);
gk_sink *cli_printer_sink(cli_printer *p);
/* The findings (due = 0) or early warnings (due = 1) printed, in order;
 * *n their number.  JSON items begin ",\n    {" but for the first. */
int cli_printer_copy(cli_printer *p, int due, FILE *out, long *n, gk_error *err);
/* JUnit: the whole document, a suite per jurisdiction of scope[0..
 * nscope) (those the run evaluated), each with its findings in the
 * records' order, then its passing rules (ci_out.h). */
int cli_printer_junit(cli_printer *p, FILE *out, const gk_run_info *info,
		      const char *const *scope, int nscope, gk_error *err);
void cli_printer_free(cli_printer *p);

/*
 * Findings kept for a report written after the run: each finding copied
 * as it comes, then sorted in the order gongkai findings lists a run:
 * the open findings by record, rule, period and id, the resolved ones
 * alike, then the early warnings by record, rule and id.
 */
typedef struct cli_kept cli_kept;

typedef struct cli_finding_list {
	cli_kept *v;
	size_t n, cap;
	gk_buf text;              /* their strings */
} cli_finding_list;

int cli_finding_list_add(cli_finding_list *l, const gk_finding *f, gk_error *err);
void cli_finding_list_sort(cli_finding_list *l);
/* fn for each, in the list's order. */
int cli_finding_list_each(const cli_finding_list *l, gk_finding_fn fn, void *ud, gk_error *err);
void cli_finding_list_release(cli_finding_list *l);

#endif

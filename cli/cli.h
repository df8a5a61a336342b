/*
 * cli.h - the gongkai command: shared pieces of the subcommands.
 *
 * cli/ parses arguments (opts.h), wires the engine to the stores
 * (wire.h) and prints (findings_out.h, the reports); all work happens in
 * engine/ and stores/.
 */
#ifndef GK_CLI_H
#define GK_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "../engine/date.h"
#include "../engine/error.h"

/* Exit statuses, documented in --help and the README. */
enum gk_exit {
	GK_EXIT_OK = 0,        /* success; for run: no findings */
	GK_EXIT_FINDINGS = 1,  /* run: findings; test: a policy test failed */
	GK_EXIT_ERROR = 2      /* bad usage, bad input, a failed policy, I/O */
};

#define GK_DEFAULT_POLICIES "policies"

/* ---- the language (i18n.c) -------------------------------------------- */

/* English or Chinese from the environment (LANGUAGE, LC_ALL, LC_MESSAGES,
 * LANG); then cli_lang_set for --lang or language: of gongkai.yaml. */
void cli_lang_init(void);
void cli_lang_set(int zh);
/* "zh", "zh_CN.UTF-8": 1; "en", "en_US": 0; else -1. */
int cli_lang_parse(const char *v);
/* 1 when the command speaks Chinese. */
int cli_lang_zh(void);

/* Print "gongkai: <msg>" to stderr, fmt translated (engine/i18n.h);
 * returns GK_EXIT_ERROR. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* 1 when argv[i] is -h or --help. */
int cli_is_help(const char *arg);

struct gk_store;

/* The policy set at dir: as committed at rev in its git repository when
 * rev is given, else the directory as it is. */
struct gk_source;
int cli_open_source(const char *dir, const char *rev, struct gk_source **out,
		    gk_error *err);

/*
 * The policy set a run evaluates: the commit rev (default HEAD) of the
 * repository holding dir, refusing uncommitted changes to the set; or,
 * with worktree, the directory as it is (the run is then uncommitted).
 */
/* Open the policy set a stored run names ("git DIR commit ID" or
 * "directory DIR"), at its revision. */
int cli_run_source(const char *source, const char *revision, struct gk_source **out,
		   gk_error *err);
int cli_committed_source(const char *dir, const char *rev, int worktree,
			 struct gk_source **out, gk_error *err);

/* A list of owned strings (impact and replay compare sorted lists). */
struct cli_strs {
	char **v;
	size_t n, cap;
};
/* Append s (taken over; NULL means allocation failed). */
int cli_strs_add(struct cli_strs *l, char *s, gk_error *err);
void cli_strs_sort(struct cli_strs *l);
void cli_strs_free(struct cli_strs *l);

int cli_parse_date(const char *s, const char *what, gk_day *out);
/* A run id (a positive number); prints the error. */
int cli_parse_id(const char *s, const char *what, int64_t *out);
/* mkdir -p. */
int cli_mkdirs(const char *path, gk_error *err);

/* The configuration: --config FILE, else ./gongkai.yaml when there is
 * one, else empty.  Read on first use; NULL (the error printed) when it
 * is broken.  Flags override it. */
struct gk_config;
const struct gk_config *cli_config(void);
/* db, else db: of the configuration (NULL when neither). */
const char *cli_db_default(const char *db);

/* Reports of a run into ROOT/DATE-runID/ (report.html, units/). */
int cli_report_folder(struct gk_store *st, int64_t run_id, const char *root, char *out,
		      size_t outsz, gk_error *err);
int cli_report_all(struct gk_store *st, int64_t run_id, const char *root, char *folder,
		   size_t foldersz, gk_error *err);
gk_day cli_today(void);
/* The watchdog's CPU limits (watchdog.h): these when >= 0, else
 * cpu_per_call / cpu_per_run of the configuration, else the defaults. */
void cli_set_cpu_limits(long call_ms, long run_ms);
const char *cli_policies_default(void);

int cmd_import(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_workdays(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_coverage(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_impact(int argc, char **argv);
int cmd_commit(int argc, char **argv);
int cmd_replay(int argc, char **argv);

/* Print the findings that appear and disappear between two revisions of
 * the policy set at dir (rev_b NULL: the folder as it is); see impact. */
int cli_impact(const char *db, const char *dir, const char *rev_a, const char *rev_b,
	       gk_day as_of, int jobs, int *changes, gk_error *err);
int cmd_calendar(int argc, char **argv);

/* What the calendar needs as of day (the next year's notice from 1
 * November, provisional years to replace), one line each to out after
 * prefix; returns the number of lines. */
struct gk_calendar_state;
int cli_calendar_notes(FILE *out, const char *prefix, const char *file,
		       const struct gk_calendar_state *s, gk_day day);
/* The calendar a stored run used (layout 4), as a state. */
struct gk_run_info;
void cli_run_calendar(const struct gk_run_info *r, struct gk_calendar_state *s);
int cmd_log(int argc, char **argv);
int cmd_blame(int argc, char **argv);
int cmd_runs(int argc, char **argv);
int cmd_findings(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_feedback(int argc, char **argv);
int cmd_template(int argc, char **argv);

/* ---- jurisdictions' names (names.c) ---------------------------------- */

/* Register the names of the jurisdictions (units.yaml's name:) of the
 * policy set run_id evaluated, or of the policy folder dir (nothing when
 * it cannot be read); afterwards cli_juris_name(id) is the name, or id
 * when unknown (engine/juris.h).  Not thread-safe. */
void cli_names_load(struct gk_store *st, int64_t run_id);
void cli_names_from_policies(const char *dir);
void cli_names_from_source(struct gk_source *src);
/* The same from a policy set already read (a run's). */
struct gk_bundle;
void cli_names_from_bundle(const struct gk_bundle *b);
const char *cli_juris_name(const char *id);
/* What the command's own text shows for jurisdiction id: its name in
 * Chinese (cli_lang_zh), else the id.  Data (CSV, JSON) keeps the id. */
const char *cli_juris_shown(const char *id);
/* The id of the jurisdiction given by its name (泽州县), or given itself
 * (an id, or a name nobody registered). */
const char *cli_juris_id(const char *given);
void cli_names_free(void);

/* ---- reports (report/units.c, report/html.c) ------------------------------- */

/* One CSV (UTF-8 with BOM, for Excel and WPS) and one Markdown file per
 * responsible unit in dir, and index.md; *files counts the units. */
int cli_report_units(struct gk_store *st, int64_t run_id, const char *dir, int *files,
		     gk_error *err);
/* One self-contained HTML report of run_id (the last runs for the chart)
 * written to path. */
int cli_report_html(struct gk_store *st, int64_t run_id, const char *path, gk_error *err);

/* The same reports written from findings as they come (a run's own, or a
 * stored run's): add each finding (the run's findings, early warnings and
 * resolved ones, each with its id), then write once the run is stored.
 * The reports read the runs' list and the policy set, never the
 * findings. */
struct gk_finding;
struct cli_units;
int cli_units_new(struct cli_units **out, gk_error *err);
int cli_units_add(struct cli_units *u, const struct gk_finding *f, gk_error *err);
int cli_units_write(struct cli_units *u, struct gk_store *st, int64_t run_id, const char *dir,
		    int *files, gk_error *err);
void cli_units_free(struct cli_units *u);
struct cli_html;
int cli_html_new(struct cli_html **out, int64_t run_id, gk_error *err);
int cli_html_add(struct cli_html *h, const struct gk_finding *f, gk_error *err);
int cli_html_write(struct cli_html *h, struct gk_store *st, const char *path, gk_error *err);
void cli_html_free(struct cli_html *h);

/* Both reports of a run, written from its stream (a serial sink, after
 * the store's): cli_reports_write writes them into ROOT/DATE-runID/ once
 * the run is stored. */
struct cli_reports;
struct gk_sink;
int cli_reports_new(struct cli_reports **out, gk_error *err);
struct gk_sink *cli_reports_sink(struct cli_reports *r);
int cli_reports_write(struct cli_reports *r, struct gk_store *st, int64_t run_id,
		      const char *root, char *folder, size_t foldersz, gk_error *err);
void cli_reports_free(struct cli_reports *r);

/* Text for HTML content and quoted attributes, escaped (report/html.c). */
void cli_html_str(FILE *f, const char *s);

/* The coverage map of the policy set a run evaluated (report/coverage.c):
 * read from the source and revision the run recorded; never NULL but on
 * out of memory, and then the report says the map is unavailable. */
struct cli_coverage;
struct cli_coverage *cli_coverage_for_run(const char *source, const char *revision);
void cli_coverage_free(struct cli_coverage *c);
/* Its line in the report's run summary, linking to the section. */
void cli_coverage_html_meta(FILE *f, const struct cli_coverage *c);
/* The report's section: counts by document, then every requirement. */
void cli_coverage_html(FILE *f, const struct cli_coverage *c);

/* ---- output helpers (output.c) --------------------------------------- */

void cli_json_str(FILE *out, const char *s);
/* s as one CSV field (nothing for NULL), quoted when needed; text that a
 * spreadsheet would run as a formula (starting with = + - @, a tab or a
 * carriage return) gets a leading apostrophe. */
void cli_csv_str(FILE *out, const char *s);

/* --format text|json|csv; prints the error ("CMD: --format ...") and
 * returns -1 on anything else.  cli_parse_format_of takes the names in
 * allowed (NULL-terminated, from text, json, csv, sarif, junit, tap). */
enum cli_format { CLI_TEXT, CLI_JSON, CLI_CSV, CLI_SARIF, CLI_JUNIT, CLI_TAP };
int cli_parse_format(const char *cmd, const char *v, enum cli_format *f);
int cli_parse_format_of(const char *cmd, const char *v, const char *const *allowed,
			enum cli_format *f);

/* The "schema" each JSON document other than the findings' carries
 * (those: CLI_FINDINGS_SCHEMA, findings_out.h): its version, raised when
 * a key goes away or changes meaning (docs/json.md, docs/schema/). */
#define CLI_RUNS_SCHEMA 1
#define CLI_COVERAGE_SCHEMA 1
#define CLI_CALENDAR_SCHEMA 1

/* gongkai's version ("0.1.0"), as --version prints it. */
extern const char cli_version[];

/* The Chinese label of a finding's status (新增, 持续, 已整改, 即将到期),
 * NULL for none. */
const char *cli_status_label(const char *status);

/* The Chinese name of a finding's category (时限 for deadline); the
 * category itself when it has none. */
/* What the reports, the summary and --unit call the findings that name no
 * unit; a jurisdiction's work list adds its name: 未指明责任单位（泉港区）. */
#define CLI_NO_UNIT "未指明责任单位"

const char *cli_category_label(const char *category);
/* The id a filter value names, given by its id or by its Chinese label as
 * the text shows it (时限 -> deadline, 新增 -> new); else the value. */
const char *cli_category_id(const char *s);
const char *cli_status_id(const char *s);
/* The columns s takes in a terminal: a character of three or four UTF-8
 * bytes (Chinese, full-width punctuation) two, others one. */
int cli_text_width(const char *s);
/* s padded with spaces to width columns, left-aligned or right-aligned:
 * a table's Chinese heading lines up as its English one does. */
void cli_pad(FILE *out, const char *s, int width, int left);
/* A time stored as UTC ("2026-03-02T16:05:09Z") in local time with its
 * offset ("2026-03-03 00:05:09 +08:00") in buf; utc itself when it is
 * not such a time.  People read local time; the database keeps UTC. */
const char *cli_local_time(const char *utc, char *buf, size_t n);

/* *run_id, or the newest run when it is 0; prints the error ("CMD: ...")
 * and returns -1 when there is no such run (or none yet). */
int cli_pick_run(struct gk_store *st, const char *cmd, const char *db, int64_t *run_id);

#endif

/*
 * cmd_run.c - gongkai run: evaluate, store, print.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../engine/i18n.h"
#include "../engine/calendar.h"
#include "../stores/config_yaml.h"
#include "ci_out.h"
#include "cli.h"
#include "findings_out.h"
#include "opts.h"
#include "summary.h"
#include "wire.h"

enum {
	O_DB = 256, O_POLICIES, O_REV, O_WORKTREE, O_AS_OF, O_JURIS, O_WARN, O_FORMAT, O_JOBS,
	O_REPORT_DIR, O_CPU_CALL, O_CPU_RUN, O_TIMING, O_FAIL_ON, O_SUMMARY, O_FULL,
};

static const cli_option options[] = {
	{ "db", 0, "DB", O_DB, N_("the database (default: db: of gongkai.yaml)") },
	{ "policies", 0, "DIR", O_POLICIES, N_("the policy set (default: policies: of gongkai.yaml, else\n"
	  "$GONGKAI_POLICIES, else ./policies)") },
	{ "rev", 0, "REV", O_REV, N_("the policy set as committed at REV (a commit, tag or\n"
	  "branch); the run stores the full commit id") },
	{ "worktree", 0, NULL, O_WORKTREE, N_("the folder as it is, uncommitted edits included") },
	{ "as-of", 0, "YYYY-MM-DD", O_AS_OF, N_("the date to judge as of (default: today)") },
	{ "jurisdiction", 0, "J", O_JURIS, N_("only records of J (may be repeated)") },
	{ "warn-days", 0, "N", O_WARN, N_("also list the deadlines not yet missed that fall within\n"
	  "the next N working days (due soon: not findings, not\n"
	  "counted in the exit status); 0 turns it off") },
	{ "format", 0, "F", O_FORMAT, N_("text (default), json ({\"schema\": 2, \"run\": {...},\n"
	  "\"findings\": [...], \"due_soon\": [...]}) or csv (one header\n"
	  "row, one finding a row; a text starting with = + - @ gets\n"
	  "a leading ', so a spreadsheet shows it rather than runs\n"
	  "it).  A finding has the same columns as in gongkai\n"
	  "findings.  JSON's run has \"calendar\" (first and last\n"
	  "year, provisional years) and \"warn_window\" (days, until,\n"
	  "cut_at: where the calendar's end cut it, or null); sarif\n"
	  "(SARIF 2.1.0: each rule of the set a reportingDescriptor\n"
	  "with its basis, each finding a result with its record as\n"
	  "logical location) or junit (JUnit XML: a testsuite per\n"
	  "jurisdiction, a failing testcase per finding, a passing\n"
	  "one per rule that found nothing).  docs/json.md describes\n"
	  "each") },
	{ "summary", 0, NULL, O_SUMMARY, N_("print the run's summary instead of every finding: the\n"
	  "counts by jurisdiction, category and unit, new and\n"
	  "resolved, due soon, where the reports are (the default\n"
	  "when stdout is not a terminal and no --format is given)") },
	{ "full", 0, NULL, O_FULL, N_("print every finding (the default on a terminal), also\n"
	  "when stdout is not a terminal") },
	{ "fail-on", 0, "S", O_FAIL_ON, N_("what makes the exit status 1: violation (default: a\n"
	  "finding of a 违规 rule), notice (any finding, 提示 too)\n"
	  "or none (findings never do; errors still exit 2)") },
	{ "jobs", 0, "N", O_JOBS, N_("evaluate with N workers (default 1)") },
	{ "report-dir", 0, "DIR", O_REPORT_DIR, N_("also write the run's reports (gongkai report) into\n"
	  "DIR/DATE-runID/: report.html and units/") },
	{ "quiet", 'q', NULL, 'q', N_("no progress on stderr (it is shown only on a terminal)") },
	{ "timing", 0, NULL, O_TIMING, N_("say on stderr where the time went: start-up, before the\n"
	  "pass over the records, the pass (the workers), periodic\n"
	  "duties, storing and sealing, output; and the serial share") },
	{ "cpu-per-call", 0, "S", O_CPU_CALL, N_("CPU seconds one rule call (or one policy file loading)\n"
	  "may take before the run stops (default 5)") },
	{ "cpu-per-run", 0, "S", O_CPU_RUN, N_("CPU seconds the whole run may take (default 3600; 0: no\n"
	  "limit).  A run over either limit fails naming the policy\n"
	  "file and line, exit status 2, nothing stored") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"run", options,
	N_("usage: gongkai run --db DB [--policies DIR] [--rev REV | --worktree] [--as-of YYYY-MM-DD]\n"
	"                   [--jurisdiction J]... [--warn-days N]\n"
	"                   [--format text|json|csv|sarif|junit] [--summary | --full]\n"
	"                   [--jobs N] [--report-dir DIR] [--fail-on violation|notice|none]\n"
	"                   [--quiet] [--timing]\n"
	"                   [--cpu-per-call S] [--cpu-per-run S]\n"
	"\n"
	"Evaluates every record of DB against the national baseline and its own\n"
	"jurisdiction's rules in DIR (default: policies: of gongkai.yaml, else\n"
	"$GONGKAI_POLICIES, else ./policies), as\n"
	"of the given date (default: today).  The rules are read from a commit of\n"
	"the git repository holding DIR (HEAD, or --rev), never from loose files:\n"
	"uncommitted changes to the policy set refuse the run unless --worktree,\n"
	"which evaluates the folder as it is and marks the run uncommitted.\n"
	"The run (start, end, as-of date, policy commit and digest, counts) and\n"
	"all its findings are stored in DB in one transaction, sealed by a hash\n"
	"chained to the previous run (gongkai verify), then printed.  A run that\n"
	"fails stores nothing.  Findings an approved waiver (waivers.yaml) covers\n"
	"are reported as waived and do not count towards exit status 1.  Each\n"
	"rule is a 违规 (violation) or a 提示 (notice: the record cannot be judged,\n"
	"or advice); notices are marked [提示] and alone do not make exit status\n"
	"1 unless --fail-on notice.\n"
	"\n"
	"Each run is compared with the earlier run of the same scope with the\n"
	"latest as-of date not after its own (a run of a commit skips --worktree\n"
	"runs): every finding is new or\n"
	"persisting (with the date it was first seen), and the earlier run's\n"
	"findings that are gone are resolved (gongkai findings --status ...).\n"
	"\n"
	"On a terminal, or with --full or --format, every finding is printed.\n"
	"When stdout is not a terminal (a nightly job's log) the run prints its\n"
	"summary instead (--summary): the run, its policy commit and as-of date,\n"
	"the records checked, the findings counted by jurisdiction, category and\n"
	"unit (the 10 units with the most, the rest summed), new, persisting and\n"
	"resolved, deadlines due soon, where the reports are, and the gongkai\n"
	"findings command that lists them.\n"),
	N_("Defaults for --db, --policies, --jurisdiction, --warn-days, --jobs,\n"
	"--report-dir, --fail-on (fail_on) and the CPU limits (cpu_per_call,\n"
	"cpu_per_run) come from gongkai.yaml (or --config FILE) when there is one.\n"
	"\n"
	"It is an error when a jurisdiction with records has no policies, when no\n"
	"record is in scope, when a policy fails (the message names its file\n"
	"and line), or when the calendar does not cover the as-of date.  From 1\n"
	"November of the calendar's last year stderr says that the next year's\n"
	"arrangement is missing (gongkai calendar).  A deadline counted through a\n"
	"provisional calendar year is marked 暂定 (\"provisional\": true in JSON and\n"
	"CSV).\n"
	"\n"
	"exit status: 0 no finding at or above --fail-on (waived ones and\n"
	"deadlines due soon do not count; by default notices do not either), 1\n"
	"such findings, 2 error: nothing was stored (or, said so, the run is\n"
	"stored but its reports could not be written).\n"),
	N_("argument"),
};

/* ---- output ------------------------------------------------------------ */

static void print_run_json(FILE *out, const gk_run_info *r)
{
	char asof[GK_DATE_LEN + 1];

	gk_date_format(r->as_of, asof);
	fprintf(out, "{\"schema\": %d, \"run\": {\"id\": %lld, \"started_at\": ",
		CLI_FINDINGS_SCHEMA, (long long)r->id);
	cli_json_str(out, r->started_at);
	fputs(", \"finished_at\": ", out);
	cli_json_str(out, r->finished_at);
	fputs(", \"as_of\": ", out);
	cli_json_str(out, asof);
	fputs(", \"policy_source\": ", out);
	cli_json_str(out, r->policy_source);
	fputs(", \"policy_revision\": ", out);
	cli_json_str(out, r->policy_revision);
	fprintf(out, ", \"uncommitted\": %s", strcmp(r->policy_revision, "worktree") ? "false" : "true");
	fputs(", \"policy_digest\": ", out);
	cli_json_str(out, r->policy_digest);
	fputs(", \"scope\": ", out);
	cli_json_str(out, r->scope);
	fprintf(out, ", \"last_import\": %lld", (long long)r->last_import);
	fprintf(out, ", \"records\": %ld, \"rules\": %ld, \"findings\": %ld, \"waived\": %ld, "
		"\"jobs\": %d, \"baseline\": ", r->records, r->rules, r->findings, r->waived,
		r->jobs);
	if (r->baseline)
		fprintf(out, "%lld", (long long)r->baseline);
	else
		fputs("null", out);
	fprintf(out, ", \"new\": %ld, \"persisting\": %ld, \"resolved\": %ld, "
		"\"warn_days\": %d, \"due_soon\": %ld", r->n_new, r->n_persisting, r->n_resolved,
		r->warn_days, r->n_due_soon);
	/* The calendar's years and the warning window, as the run saw them. */
	fprintf(out, ",\n  \"calendar\": {\"first\": %d, \"last\": %d, \"provisional\": [%s]}",
		r->cal_first, r->cal_last, r->cal_provisional);
	if (r->warn_days > 0) {
		char until[GK_DATE_LEN + 1];

		gk_date_format(r->warn_until, until);
		fprintf(out, ",\n  \"warn_window\": {\"days\": %d, \"until\": \"%s\", \"cut_at\": ",
			r->warn_days, until);
		if (r->warn_capped)
			fprintf(out, "\"%s\"}", until);
		else
			fputs("null}", out);
	} else {
		fputs(",\n  \"warn_window\": null", out);
	}
	fputs("},\n \"findings\": [", out);
}

/* The run's first lines, in the full listing and the summary alike. */
static void print_run_header(FILE *out, const gk_run_info *r)
{
	char asof[GK_DATE_LEN + 1];

	gk_date_format(r->as_of, asof);
	fprintf(out, _("run %lld as of %s: %ld records (as of import %lld), %ld rules, "
		"%ld findings\npolicy set: %s (digest %.12s)%s\n"),
		(long long)r->id, asof, r->records, (long long)r->last_import, r->rules,
		r->findings, r->policy_source, r->policy_digest,
		strcmp(r->policy_revision, "worktree") ? "" :
		_("\nUNCOMMITTED: the policy set's folder as it is, not a commit (--worktree)"));
	if (r->baseline)
		fprintf(out, _("since run %lld: %ld new, %ld persisting, %ld resolved\n"),
			(long long)r->baseline, r->n_new, r->n_persisting, r->n_resolved);
	else
		fprintf(out, _("first run of scope '%s': every finding is new\n"), r->scope);
}

/* Approved waivers in force that covered nothing: worth an officer's look. */
static void print_idle_waivers(FILE *out, const gk_run_info *info)
{
	for (int i = 0; info->waivers && i < info->waivers->n; i++) {
		const gk_waiver *w = &info->waivers->v[i];

		/* Only waivers in force: an expired one matches nothing by design. */
		if (w->hits || info->as_of < w->start || info->as_of >= w->expiry)
			continue;
		fprintf(out, _("waiver %s:%d (%s%s%s%s) matched no finding\n"), info->waivers->file,
			w->line, w->record_id ? _("record ") : "", w->record_id ? w->record_id : "",
			w->record_id && w->rule ? _(", rule ") : w->rule ? _("rule ") : "",
			w->rule ? w->rule : "");
	}
}

/* JUnit: a suite per jurisdiction the run evaluated (its scope, or, for
 * "all", every jurisdiction with records). */
static int print_junit(cli_printer *pr, gk_store *st, const gk_run_info *info, gk_error *err)
{
	gk_juris_count *jc = NULL;
	const char **scope = NULL;
	char *names = NULL;
	int n = 0, rc;

	if (strcmp(info->scope, "all") == 0) {
		if ((rc = gk_store_jurisdictions(st, 0, &jc, &n, err)))
			return rc;
		if (!(scope = calloc((size_t)n + 1, sizeof(*scope)))) {
			free(jc);
			return GK_OOM(err);
		}
		for (int i = 0; i < n; i++)
			scope[i] = jc[i].name;
	} else {
		if (!(names = strdup(info->scope)) ||
		    !(scope = calloc(strlen(info->scope) + 1, sizeof(*scope)))) {
			free(names);
			return GK_OOM(err);
		}
		for (char *p = names, *q; p; p = q) {
			if ((q = strchr(p, ',')))
				*q++ = '\0';
			scope[n++] = p;
		}
	}
	rc = cli_printer_junit(pr, stdout, info, scope, n, err);
	free(scope);
	free(names);
	free(jc);
	return rc;
}

/* How many of the findings are notices (提示), when any are. */
static void print_notices(const gk_run_info *r)
{
	long notices = r->unwaived[GK_SEV_NOTICE];

	if (notices)
		printf(_("%ld of them %s (提示: not violations)\n"), notices,
		       notices == 1 ? _("a notice") : _("notices"));
}

/* "12 findings in run 3 (stored in DB)", and how many are notices. */
static void print_found(const gk_run_info *r, const char *db)
{
	printf(_("\n%ld finding%s in run %lld (stored in %s)\n"), r->findings,
	       r->findings == 1 ? "" : "s", (long long)r->id, db);
	print_notices(r);
}

/* ---- progress ---------------------------------------------------------- */

struct progress {
	struct timespec start;
	double t0;                /* first report: the rate is measured from it, */
	long done0;               /* not from start-up (loading the policy set) */
	int shown;
};

static double since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* "  120000 / 400000 records  95000 rec/s  0:03 left", redrawn in place. */
static void show_progress(void *ud, long done, long total)
{
	struct progress *pg = ud;
	double t = since(&pg->start), rate;
	long left;

	if (!pg->t0 && done < total) {
		pg->t0 = t;
		pg->done0 = done;
		return;
	}
	rate = t > pg->t0 ? (double)(done - pg->done0) / (t - pg->t0) : 0;
	left = rate > 0 && total > done ? (long)((double)(total - done) / rate + 0.5) : 0;
	if (t < 0.5 && done < total)
		return;         /* a short run shows nothing until the end */
	fputs("\r\033[K", stderr);
	if (done >= total)
		/* Periodic duties, storing and sealing follow: say so, and let
		 * cmd_run clear the line when the run is done. */
		fprintf(stderr, _("  %ld / %ld records  %.0f rec/s  0:00 left; "
			"periodic duties, storing and sealing the run"), done, total, rate);
	else
		fprintf(stderr, _("  %ld / %ld records  %.0f rec/s  %ld:%02ld left"), done,
			total, rate, left / 60, left % 60);
	pg->shown = 1;
	fflush(stderr);
}

/* ---- timing ------------------------------------------------------------ */

/*
 * --timing: one line on stderr.  Everything but the pass over the records
 * runs on one thread whatever --jobs says; its share of the whole is the
 * part a second worker cannot shorten.
 */
static void print_timing(const gk_run_info *r, double t_cmd, double t_done)
{
	double total = t_done - t_cmd, pass = r->t_passed - r->t_pass;

	fprintf(stderr, _("timing: %.3f s: start-up %.3f, before the pass %.3f, the pass %.3f "
		"(%d worker%s), periodic duties %.3f, storing and sealing %.3f, output %.3f; "
		"serial %.3f s (%.1f%%)\n"), total, r->t_begin - t_cmd, r->t_pass - r->t_begin,
		pass, r->jobs, r->jobs == 1 ? "" : "s", r->t_periodic - r->t_passed,
		r->t_end - r->t_periodic, t_done - r->t_end, total - pass,
		total > 0 ? 100 * (total - pass) / total : 0);
}

/* Every finding, as the run found them (text, JSON, CSV, SARIF or JUnit),
 * then the reports when asked for; -1 when something failed (said so). */
static int print_full(const gk_run_info *info, enum cli_format fmt, cli_printer *pr,
		      const cli_ci_rules *rules, const char *db, const char *asof,
		      const char *cut, const char *report_dir, struct cli_reports *reports,
		      gk_store *st)
{
	gk_error err = { 0 };
	long nout;

	if (fmt == CLI_JSON)
		print_run_json(stdout, info);
	else if (fmt == CLI_CSV)
		cli_finding_csv_header(stdout);
	else if (fmt == CLI_SARIF)
		cli_sarif_head(stdout, rules, info);
	else if (fmt == CLI_JUNIT) {
		if (print_junit(pr, st, info, &err)) {
			cli_fail("%s", err.msg);
			return -1;
		}
	} else {
		print_run_header(stdout, info);
		putchar('\n');
	}
	/* What the lanes printed as they found it, in the records' order. */
	if (fmt != CLI_JUNIT && cli_printer_copy(pr, 0, stdout, &nout, &err)) {
		cli_fail("%s", err.msg);
		return -1;
	}
	if (fmt == CLI_JSON)
		fputs(nout ? "\n ],\n \"due_soon\": [" : "],\n \"due_soon\": [", stdout);
	else if (fmt == CLI_TEXT && info->findings)
		print_found(info, db);
	else if (fmt == CLI_TEXT)
		printf(_("no findings: every record complies as of %s\n"), asof);
	if (fmt == CLI_TEXT && info->waived)
		printf(_("%ld of them waived by an approved exception (%s)\n"), info->waived,
		       info->waivers->file);
	if (fmt == CLI_TEXT && info->n_due_soon && info->warn_capped)
		printf(_("\ndue within %d working day%s (not findings), up to %s only: the calendar "
		       "ends there and cut the window, later deadlines are not listed:\n\n"),
		       info->warn_days, info->warn_days == 1 ? "" : "s", cut);
	else if (fmt == CLI_TEXT && info->n_due_soon)
		printf(_("\ndue within %d working day%s (not findings):\n\n"), info->warn_days,
		       info->warn_days == 1 ? "" : "s");
	if (fmt == CLI_SARIF)
		cli_sarif_tail(stdout, info);
	if ((fmt == CLI_TEXT || fmt == CLI_JSON) && cli_printer_copy(pr, 1, stdout, &nout, &err)) {
		cli_fail("%s", err.msg);
		return -1;
	}
	if (fmt == CLI_JSON)
		fputs(nout ? "\n ]}\n" : "]}\n", stdout);
	else if (fmt == CLI_TEXT && info->warn_days && !info->n_due_soon && info->warn_capped)
		printf(_("no deadline falls within the next %d working day%s up to %s: the calendar "
		       "ends there and cut the window, later deadlines are not known\n"),
		       info->warn_days, info->warn_days == 1 ? "" : "s", cut);
	else if (fmt == CLI_TEXT && info->warn_days && !info->n_due_soon)
		printf(_("no deadline falls within the next %d working day%s\n"), info->warn_days,
		       info->warn_days == 1 ? "" : "s");
	print_idle_waivers(fmt == CLI_TEXT ? stdout : stderr, info);
	if (report_dir) {
		char folder[4096];

		/* The run is stored: a report that cannot be written is an
		 * error to see, not a reason to lose the run. */
		if (cli_reports_write(reports, st, info->id, report_dir, folder, sizeof(folder),
				      &err)) {
			cli_fail("run %lld is stored, but its reports were not written: %s",
				 (long long)info->id, err.msg);
			return -1;
		}
		fprintf(fmt == CLI_TEXT ? stdout : stderr, _("reports: %s\n"), folder);
	}
	return 0;
}

/* ---- the command ------------------------------------------------------- */

int cmd_run(int argc, char **argv)
{
	const char *db = NULL, *dir = NULL, *rev = NULL, *report_dir = NULL, *v;
	const char **juris = calloc((size_t)argc, sizeof(char *));
	gk_run_opts o = { .jobs = 0, .limits = GK_LIMITS_DEFAULT, .warn_days = -1 };
	enum cli_format fmt = CLI_TEXT;
	int fmt_given = 0, want_summary = 0, want_full = 0, summary;
	const char *fmt_name = "text";
	cli_printer *pr = NULL;
	cli_summary *sm = NULL;
	struct cli_reports *reports = NULL;
	gk_sink *sinks[2];
	int nsinks = 1;
	gk_source *src = NULL;
	cli_policyset ps = { 0 };
	struct progress pg = { 0 };
	gk_store *st = NULL;
	cli_ci_rules rules = { 0 };
	gk_run_info info = { 0 };
	gk_error err = { 0 };
	int rc = GK_EXIT_ERROR, have_asof = 0, worktree = 0, quiet = 0, timing = 0, fail_on = -1;
	double t_cmd = gk_run_clock();
	long cpu_call = -1, cpu_run = -1;
	char asof[GK_DATE_LEN + 1], cut[GK_DATE_LEN + 1];
	const gk_config *cfg;
	cli_args args;
	int c;

	if (!juris)
		return cli_fail("out of memory");
	cli_args_init(&args, &command, argc, argv);
	while ((c = cli_next(&args, &v)) != CLI_END) {
		switch (c) {
		case CLI_HELP:
			rc = GK_EXIT_OK;
			goto done;
		case O_DB:
			db = v;
			break;
		case O_POLICIES:
			dir = v;
			break;
		case O_REV:
			rev = v;
			break;
		case O_WORKTREE:
			worktree = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case O_TIMING:
			timing = 1;
			break;
		case O_SUMMARY:
			want_summary = 1;
			break;
		case O_FULL:
			want_full = 1;
			break;
		case O_AS_OF:
			if (cli_parse_date(v, "--as-of", &o.as_of))
				goto done;
			have_asof = 1;
			break;
		case O_JURIS:
			juris[o.njuris++] = v;
			break;
		case O_REPORT_DIR:
			report_dir = v;
			break;
		case O_WARN: {
			char *end;
			long n = strtol(v, &end, 10);

			if (!*v || *end || n < 0 || n > GK_WARN_DAYS_MAX) {
				cli_fail("run: --warn-days '%s': expected a number of working days from "
					 "0 to %d", v, GK_WARN_DAYS_MAX);
				goto done;
			}
			o.warn_days = (int)n;
			break;
		}
		case O_FORMAT: {
			static const char *const formats[] = { "text", "json", "csv", "sarif",
							       "junit", NULL };

			if (cli_parse_format_of("run", v, formats, &fmt))
				goto done;
			fmt_given = 1;
			fmt_name = v;
			break;
		}
		case O_CPU_CALL:
			if ((cpu_call = gk_config_seconds(v)) < 0) {
				cli_fail("run: --cpu-per-call '%s': expected seconds of CPU time from "
					 "0 (no limit) to 86400, such as 5 or 0.5", v);
				goto done;
			}
			break;
		case O_CPU_RUN:
			if ((cpu_run = gk_config_seconds(v)) < 0) {
				cli_fail("run: --cpu-per-run '%s': expected seconds of CPU time from "
					 "0 (no limit) to 86400, such as 5 or 0.5", v);
				goto done;
			}
			break;
		case O_FAIL_ON:
			if ((fail_on = gk_severity_threshold(v)) < 0) {
				cli_fail("run: --fail-on '%s': expected violation (the default), notice "
					 "or none", v);
				goto done;
			}
			break;
		case O_JOBS: {
			char *end;
			long n = strtol(v, &end, 10);

			if (*end || n < 1 || n > 64) {
				cli_fail("run: --jobs '%s': expected a number from 1 to 64", v);
				goto done;
			}
			o.jobs = (int)n;
			break;
		}
		case CLI_ARG:
			cli_fail("run: unknown argument '%s'; see 'gongkai run --help'", v);
			goto done;
		default:
			goto done;
		}
	}
	if (want_summary && want_full) {
		cli_fail("run: --summary or --full: choose one");
		goto done;
	}
	if (want_summary && fmt != CLI_TEXT) {
		cli_fail("run: --summary is text; --format %s lists every finding", fmt_name);
		goto done;
	}
	/* A log (stdout not a terminal) gets the summary unless a format or
	 * the full listing is asked for: a machine reads --format. */
	summary = want_summary || (!want_full && !fmt_given && !isatty(STDOUT_FILENO));
	/* Flags first, then the configuration, then the defaults. */
	if (!(cfg = cli_config()))
		goto done;
	if (!db)
		db = cfg->db;
	if (!dir)
		dir = cli_policies_default();
	if (!o.njuris)
		for (int i = 0; i < cfg->njuris; i++)
			juris[o.njuris++] = cfg->juris[i];
	if (o.warn_days < 0)
		o.warn_days = cfg->warn_days > 0 ? cfg->warn_days : 0;
	if (!o.jobs)
		o.jobs = cfg->jobs ? cfg->jobs : 1;
	if (!report_dir)
		report_dir = cfg->report_dir;
	if (fail_on < 0)
		fail_on = cfg->fail_on >= 0 ? cfg->fail_on : GK_SEV_VIOLATION;
	cli_set_cpu_limits(cpu_call, cpu_run);
	if (!db) {
		cli_fail("run: --db is required (or db: in gongkai.yaml); see 'gongkai run --help'");
		goto done;
	}
	if (!have_asof)
		o.as_of = cli_today();
	o.juris = juris;
	if (!quiet && isatty(STDERR_FILENO)) {
		clock_gettime(CLOCK_MONOTONIC, &pg.start);
		o.progress = show_progress;
		o.progress_ud = &pg;
	}
	if (cli_committed_source(dir, rev, worktree, &src, &err) || gk_store_open(&st, db, 0, &err) ||
	    cli_policyset_open(&ps, src, &err)) {
		cli_fail("%s", err.msg);
		goto done;
	}
	/* The jurisdictions' names, for the summary and JUnit, and for a scope
	 * given by name (泽州县 for zezhou), as the importer takes them. */
	cli_names_from_bundle(ps.bundle);
	for (int i = 0; i < o.njuris; i++)
		juris[i] = cli_juris_id(juris[i]);
	if ((summary ? cli_summary_new(&sm, &err) : cli_printer_new(&pr, fmt, fail_on, &err)) ||
	    ((fmt == CLI_SARIF || fmt == CLI_JUNIT) &&
	     (cli_ci_rules_load(&rules, &ps, juris, o.njuris, &err) ||
	      cli_printer_set_rules(pr, &rules, &err))) ||
	    (report_dir && cli_reports_new(&reports, &err)) ||
	    !(sinks[0] = summary ? cli_summary_sink(sm) : cli_printer_sink(pr)) ||
	    (reports && !(sinks[nsinks++] = cli_reports_sink(reports))) ||
	    cli_run(st, &ps, &o, sinks, nsinks, &info, &err)) {
		if (pg.shown)
			fputs("\r\033[K", stderr);
		cli_fail("%s", err.msg);
		goto done;
	}
	if (pg.shown)
		fputs("\r\033[K", stderr);
	gk_date_format(info.as_of, asof);
	gk_date_format(info.warn_until, cut);
	if (info.warn_capped) {
		char until[GK_DATE_LEN + 1];

		gk_date_format(info.warn_until, until);
		fprintf(stderr, _("gongkai: warning: the calendar ends on %s, fewer than %d working "
			"days after %s: the warning window is cut there, deadlines due soon are "
			"listed up to %s only\n"), until, info.warn_days, asof, until);
	}
	{
		/* From 1 November: the next year's notice, provisional years. */
		gk_calendar_state cs;
		char file[4200];

		cli_run_calendar(&info, &cs);
		snprintf(file, sizeof(file), "%s/calendar.yaml", dir);
		cli_calendar_notes(stderr, _("gongkai: warning: "), file, &cs, info.as_of);
	}
	if (summary) {
		char folder[4096];
		int written = report_dir &&
			      cli_reports_write(reports, st, info.id, report_dir, folder,
						sizeof(folder), &err) == 0;

		/* The log says what the night found even when its reports
		 * could not be written; then it says that too.  The reports
		 * registered the names of their own run's policy set (the
		 * same) and forgot them: the summary names jurisdictions too. */
		if (report_dir)
			cli_names_from_bundle(ps.bundle);
		print_run_header(stdout, &info);
		if (!info.findings)
			printf(_("no findings: every record complies as of %s\n"), asof);
		print_notices(&info);
		if (cli_summary_print(stdout, sm, &info, &err)) {
			cli_fail("%s", err.msg);
			goto done;
		}
		print_idle_waivers(stdout, &info);
		cli_summary_where(stdout, &info, db, written ? folder : NULL);
		if (report_dir && !written) {
			fflush(stdout);
			cli_fail("run %lld is stored, but its reports were not written: %s",
				 (long long)info.id, err.msg);
			goto done;
		}
	} else if (print_full(&info, fmt, pr, &rules, db, asof, cut, report_dir, reports, st)) {
		goto done;
	}
	if (fflush(stdout) != 0) {
		cli_fail("run: cannot write the output");
		goto done;
	}
	/* Waived findings are reported, but they are not work to do; nor,
	 * unless --fail-on says so, are notices. */
	rc = GK_EXIT_OK;
	for (int k = fail_on; k < GK_NSEVERITIES; k++)
		if (info.unwaived[k])
			rc = GK_EXIT_FINDINGS;
done:
	cli_printer_free(pr);
	cli_summary_free(sm);
	cli_ci_rules_free(&rules);
	cli_names_free();
	cli_reports_free(reports);
	cli_policyset_close(&ps);
	gk_store_close(st);
	gk_source_free(src);
	free(juris);
	if (timing && rc != GK_EXIT_ERROR)
		print_timing(&info, t_cmd, gk_run_clock());
	return rc;
}

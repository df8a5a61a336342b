/*
 * cmd_findings.c - gongkai runs and gongkai findings: reading past runs.
 */
#include <stdlib.h>
#include <string.h>

#include "../engine/i18n.h"
#include "../engine/rules.h"
#include "../stores/config_yaml.h"
#include "../stores/db/db.h"
#include "cli.h"
#include "opts.h"
#include "filters.h"
#include "findings_out.h"

/* --db, else db: of the configuration. */
static const char *db_default(const char *db, const char *cmd)
{
	if (!(db = cli_db_default(db)))
		cli_fail("%s: --db is required (or db: in gongkai.yaml); see 'gongkai %s --help'",
			 cmd, cmd);
	return db;
}

/* ---- runs -------------------------------------------------------------- */

enum { O_RUNS_DB = 256, O_LIMIT, O_RUNS_FORMAT };

static const cli_option runs_options[] = {
	{ "db", 0, "DB", O_RUNS_DB, N_("the database (default: db: of gongkai.yaml)") },
	{ "limit", 0, "N", O_LIMIT, N_("only the N newest runs") },
	{ "format", 0, "F", O_RUNS_FORMAT, N_("text (default), json ({\"schema\": 1, \"runs\": [...]})\n"
	  "or csv") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command runs_command = {
	"runs", runs_options,
	N_("usage: gongkai runs --db DB [--limit N] [--format text|json|csv]\n"
	"\n"
	"Lists the stored runs, newest first: the as-of date, the policy commit,\n"
	"the scope, the import it evaluated (the records as that import left\n"
	"them: gongkai import prints its number), the records and findings, and\n"
	"what changed since the run it\n"
	"was compared with (its baseline: the newest earlier run of the same\n"
	"scope): new, persisting and resolved findings, and the deadlines due\n"
	"soon.  A run stored before these were kept shows '-'.\n"),
	N_("exit status: 0 listed, 2 error.\n"),
	N_("argument"),
};

struct runs_out {
	enum cli_format fmt;
	int n;
};

static void num(FILE *out, long v, int width)
{
	if (v < 0)
		fprintf(out, "%*s", width, "-");
	else
		fprintf(out, "%*ld", width, v);
}

/* The text's heading: each column's label, width and side, then what
 * follows it. */
static void runs_heading(FILE *out)
{
	static const struct { const char *label; int width, left; const char *sep; } cols[] = {
		{ N_("run"), 5, 0, "  " }, { N_("as of"), 10, 1, "  " },
		{ N_("policy"), 12, 1, "  " }, { N_("scope"), 16, 1, " " },
		{ N_("import"), 6, 0, " " }, { N_("records"), 8, 0, " " },
		{ N_("findings"), 8, 0, " " }, { N_("new"), 6, 0, " " },
		{ N_("persisting"), 10, 0, " " }, { N_("resolved"), 8, 0, " " },
		{ N_("due soon"), 8, 0, " " }, { N_("waived"), 6, 0, "\n" },
	};

	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		cli_pad(out, _(cols[i].label), cols[i].width, cols[i].left);
		fputs(cols[i].sep, out);
	}
}

static int print_run(void *ud, const gk_run_info *r, gk_error *err)
{
	struct runs_out *o = ud;
	char asof[GK_DATE_LEN + 1];
	char rev[13];

	(void)err;
	gk_date_format(r->as_of, asof);
	snprintf(rev, sizeof(rev), "%s", r->policy_revision ? r->policy_revision : "");
	switch (o->fmt) {
	case CLI_TEXT:
		if (!o->n)
			runs_heading(stdout);
		printf("%5lld  %-10s  %-12s  %-16.16s ", (long long)r->id, asof, rev, r->scope);
		num(stdout, r->last_import, 6);
		num(stdout, r->records, 9);
		num(stdout, r->findings, 9);
		num(stdout, r->n_new, 7);
		num(stdout, r->n_persisting, 11);
		num(stdout, r->n_resolved, 9);
		num(stdout, r->n_due_soon, 9);
		num(stdout, r->waived, 7);
		putchar('\n');
		break;
	case CLI_JSON:
		printf("%s\n  {\"id\": %lld, \"as_of\": \"%s\", \"started_at\": ", o->n ? "," : "",
		       (long long)r->id, asof);
		cli_json_str(stdout, r->started_at);
		fputs(", \"finished_at\": ", stdout);
		cli_json_str(stdout, r->finished_at);
		fputs(", \"policy_revision\": ", stdout);
		cli_json_str(stdout, r->policy_revision);
		fputs(", \"policy_source\": ", stdout);
		cli_json_str(stdout, r->policy_source);
		fputs(", \"scope\": ", stdout);
		cli_json_str(stdout, r->scope);
		fputs(", \"last_import\": ", stdout);
		if (r->last_import >= 0)
			printf("%lld", (long long)r->last_import);
		else
			fputs("null", stdout);
		printf(", \"records\": %ld, \"findings\": %ld", r->records, r->findings);
		if (r->compare) {
			printf(", \"baseline\": ");
			if (r->baseline)
				printf("%lld", (long long)r->baseline);
			else
				fputs("null", stdout);
			printf(", \"new\": %ld, \"persisting\": %ld, \"resolved\": %ld, "
			       "\"due_soon\": %ld, \"waived\": %ld, \"warn_days\": %d}",
			       r->n_new, r->n_persisting, r->n_resolved, r->n_due_soon, r->waived,
			       r->warn_days);
		} else {
			fputs(", \"baseline\": null, \"new\": null, \"persisting\": null, "
			      "\"resolved\": null, \"due_soon\": null, \"waived\": null, "
			      "\"warn_days\": null}", stdout);
		}
		break;
	case CLI_CSV:
		printf("%lld,%s,%s,%s,", (long long)r->id, asof, r->started_at, r->finished_at);
		cli_csv_str(stdout, r->policy_revision);
		fputc(',', stdout);
		cli_csv_str(stdout, r->scope);
		fputc(',', stdout);
		if (r->last_import >= 0)
			printf("%lld", (long long)r->last_import);
		printf(",%ld,%ld,", r->records, r->findings);
		if (r->compare && r->baseline)
			printf("%lld", (long long)r->baseline);
		if (r->compare)
			printf(",%ld,%ld,%ld,%ld,%ld\r\n", r->n_new, r->n_persisting, r->n_resolved,
			       r->n_due_soon, r->waived);
		else
			fputs(",,,,,\r\n", stdout);
		break;
	default:              /* runs takes text, json and csv */
		break;
	}
	o->n++;
	return 0;
}

int cmd_runs(int argc, char **argv)
{
	const char *db = NULL, *v;
	struct runs_out o = { CLI_TEXT, 0 };
	int limit = 0, rc = GK_EXIT_ERROR;
	gk_store *st = NULL;
	gk_error err = { 0 };
	cli_args ca;
	int oc;

	cli_args_init(&ca, &runs_command, argc, argv);
	while ((oc = cli_next(&ca, &v)) != CLI_END) {
		switch (oc) {
		case CLI_HELP:
			return GK_EXIT_OK;
		case O_RUNS_DB:
			db = v;
			break;
		case O_LIMIT: {
			char *end;
			long n = strtol(v, &end, 10);

			if (!*v || *end || n < 1 || n > 1000000)
				return cli_fail("runs: --limit '%s': expected a number of runs", v);
			limit = (int)n;
			break;
		}
		case O_RUNS_FORMAT:
			if (cli_parse_format("runs", v, &o.fmt))
				return GK_EXIT_ERROR;
			break;
		case CLI_ARG:
			return cli_fail("runs: unknown argument '%s'; see 'gongkai runs --help'", v);
		default:
			return GK_EXIT_ERROR;
		}
	}
	if (!(db = db_default(db, "runs")))
		return GK_EXIT_ERROR;
	if (gk_store_open(&st, db, 0, &err)) {
		cli_fail("%s", err.msg);
		return GK_EXIT_ERROR;
	}
	/* The header even when there is no row: a reader expects one. */
	if (o.fmt == CLI_JSON)
		printf("{\"schema\": %d, \"runs\": [", CLI_RUNS_SCHEMA);
	else if (o.fmt == CLI_CSV)
		fputs("run_id,as_of,started_at,finished_at,policy_revision,scope,last_import,records,"
		      "findings,baseline,new,persisting,resolved,due_soon,waived\r\n", stdout);
	if (gk_store_runs(st, limit, print_run, &o, &err)) {
		cli_fail("%s", err.msg);
		goto done;
	}
	if (o.fmt == CLI_JSON)
		fputs(o.n ? "\n]}\n" : "]}\n", stdout);
	else if (o.fmt == CLI_TEXT && !o.n)
		printf(_("no runs yet in %s: 'gongkai run --db %s' stores one\n"), db, db);
	rc = fflush(stdout) ? cli_fail("runs: cannot write the output") : GK_EXIT_OK;
done:
	gk_store_close(st);
	return rc;
}

/* ---- findings ---------------------------------------------------------- */

enum { O_DB = 256, O_RUN, O_STATUS, O_UNIT, O_CATEGORY, O_JURIS, O_RULE, O_SEVERITY, O_FORMAT };

static const cli_option findings_options[] = {
	{ "db", 0, "DB", O_DB, N_("the database (default: db: of gongkai.yaml)") },
	{ "run", 0, "ID", O_RUN, N_("the run (default: the newest)") },
	{ "status", 0, "S", O_STATUS, N_("new, persisting, resolved or due_soon (default: new and\n"
	  "persisting)") },
	{ "unit", 0, "UNIT", O_UNIT, N_("only the findings of this responsible unit") },
	{ "category", 0, "C", O_CATEGORY, N_("only this category (deadline, completeness, ...)") },
	{ "jurisdiction", 0, "J", O_JURIS, N_("only this jurisdiction") },
	{ "rule", 0, "R", O_RULE, N_("only this rule") },
	{ "severity", 0, "S", O_SEVERITY, N_("only violations (违规) or only notices (提示)") },
	{ "format", 0, "F", O_FORMAT, N_("text (default), json ({\"schema\": 2, \"run_id\": N,\n"
	  "\"findings\": [...]}) or csv: a finding has the same\n"
	  "columns as in gongkai run") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command findings_command = {
	"findings", findings_options,
	N_("usage: gongkai findings --db DB [--run ID] [--status new|persisting|resolved|due_soon]\n"
	"                        [--unit UNIT] [--category C] [--jurisdiction J] [--rule R]\n"
	"                        [--severity violation|notice] [--format text|json|csv]\n"
	"\n"
	"The findings of a stored run (default: the newest), each with its status\n"
	"against the run before it of the same scope:\n"
	"  new         not in that run\n"
	"  persisting  already there: with the date first seen and the days open\n"
	"  resolved    there, and gone in this run (the record was fixed or the\n"
	"              rule changed)\n"
	"  due_soon    not a finding: a deadline within the run's warning window\n"
	"              (gongkai run --warn-days N), with the working days left\n"
	"Without --status: the run's findings, new and persisting.  The other\n"
	"options keep only the findings of that responsible unit, category\n"
	"(deadline, completeness, ...), jurisdiction, rule or severity.  A\n"
	"notice (提示: the record cannot be judged, or advice) is marked [提示];\n"
	"a violation (违规) carries no mark.\n"),
	N_("A finding shows the latest answer of its unit on a returned work list\n"
	"(gongkai feedback): 已整改, 整改中 or 有异议, with the date and note; one\n"
	"answered 已整改 on an earlier run's list and still found is called out.\n"
	"\n"
	"exit status: 0 listed (also when none matched), 2 error.\n"),
	N_("argument"),
};

struct fout {
	enum cli_format fmt;
	long n;
	cli_out_ctx cx;
};

static int print_finding(void *ud, const gk_finding *f, gk_error *err)
{
	struct fout *o = ud;

	(void)err;
	switch (o->fmt) {
	case CLI_TEXT:
		cli_finding_text_list(stdout, f);
		break;
	case CLI_JSON:
		if (o->n)
			fputc(',', stdout);
		cli_finding_json(stdout, f, &o->cx, 2);
		break;
	case CLI_CSV:
		cli_finding_csv(stdout, f, &o->cx);
		break;
	default:              /* findings takes text, json and csv */
		break;
	}
	o->n++;
	return 0;
}

/*
 * --unit 未指明责任单位, as the summary names the findings without a unit,
 * or 未指明责任单位（泉港区）, as the work list of a jurisdiction's is named:
 * the findings that name no unit (in that jurisdiction).  0, or -1 with
 * the error printed.
 */
static int no_unit(gk_query *q, char *juris, size_t n)
{
	static const char word[] = CLI_NO_UNIT, open[] = "（", close[] = "）";
	const char *rest;
	size_t len;

	if (strncmp(q->unit, word, sizeof(word) - 1) != 0)
		return 0;
	rest = q->unit + sizeof(word) - 1;
	len = strlen(rest);
	if (*rest) {
		if (strncmp(rest, open, sizeof(open) - 1) != 0 || len < sizeof(open) + sizeof(close) - 1 ||
		    strcmp(rest + len - (sizeof(close) - 1), close) != 0 ||
		    len - (sizeof(open) - 1) - (sizeof(close) - 1) >= n) {
			cli_fail(_("findings: --unit '%s': expected 未指明责任单位 or 未指明责任单位（JURISDICTION）"),
				 q->unit);
			return -1;
		}
		snprintf(juris, n, "%.*s", (int)(len - (sizeof(open) - 1) - (sizeof(close) - 1)),
			 rest + sizeof(open) - 1);
		if (!q->jurisdiction)
			q->jurisdiction = juris;
	}
	q->unit = NULL;
	q->no_unit = 1;
	return 0;
}

int cmd_findings(int argc, char **argv)
{
	static const char *const statuses[] = {
		GK_STATUS_NEW, GK_STATUS_PERSISTING, GK_STATUS_RESOLVED, GK_STATUS_DUE_SOON
	};
	const char *db = NULL, *v;
	gk_query q = { .titles = 1, .feedback = 1 };
	struct fout o = { CLI_TEXT, 0, { NULL } };
	gk_run_info info;
	int64_t last_import;
	char src[8], rev[128], juris_of_list[256];
	gk_store *st = NULL;
	gk_error err = { 0 };
	int rc = GK_EXIT_ERROR;
	cli_args ca;
	int oc;

	cli_args_init(&ca, &findings_command, argc, argv);
	while ((oc = cli_next(&ca, &v)) != CLI_END) {
		switch (oc) {
		case CLI_HELP:
			return GK_EXIT_OK;
		case O_DB:
			db = v;
			break;
		case O_RUN:
			if (cli_parse_id(v, "--run", &q.run_id))
				return GK_EXIT_ERROR;
			break;
		case O_STATUS:
			v = cli_status_id(v);
			if (cli_check_choice("findings", "--status", v, statuses,
					     sizeof(statuses) / sizeof(statuses[0])))
				return GK_EXIT_ERROR;
			q.status = v;
			break;
		case O_UNIT:
			q.unit = v;
			break;
		case O_CATEGORY:
			q.category = cli_category_id(v);
			break;
		case O_JURIS:
			q.jurisdiction = v;
			break;
		case O_RULE:
			q.rule = v;
			break;
		case O_SEVERITY: {
			int sv = gk_severity_lookup(v);

			if (sv < 0) {
				const char *g = gk_severity_suggest(v);

				return cli_fail("findings: --severity '%s': expected violation or "
						"notice%s%s%s", v, g ? _(" (did you mean '") : "",
						g ? g : "", g ? "'?)" : "");
			}
			q.severity = gk_severity_names[sv];
			break;
		}
		case O_FORMAT:
			if (cli_parse_format("findings", v, &o.fmt))
				return GK_EXIT_ERROR;
			break;
		case CLI_ARG:
			return cli_fail("findings: unknown argument '%s'; see 'gongkai findings --help'",
					v);
		default:
			return GK_EXIT_ERROR;
		}
	}
	if (q.category && cli_check_choice("findings", "--category", q.category,
					   gk_category_names, GK_NCATEGORIES))
		return GK_EXIT_ERROR;
	if (q.unit && no_unit(&q, juris_of_list, sizeof(juris_of_list)))
		return GK_EXIT_ERROR;
	if (!(db = db_default(db, "findings")))
		return GK_EXIT_ERROR;
	if (gk_store_open(&st, db, 0, &err))
		goto fail;
	if (cli_pick_run(st, "findings", db, &q.run_id) ||
	    cli_check_filters(st, "findings", &q))
		goto done;
	if (gk_store_run_get(st, q.run_id, &info, &last_import, src, sizeof(src), rev,
			     sizeof(rev), &err))
		goto fail;
	o.cx.policy_revision = rev;
	if (o.fmt == CLI_TEXT && cli_lang_zh())
		cli_names_load(st, q.run_id);
	if (o.fmt == CLI_JSON)
		printf("{\"schema\": %d, \"run_id\": %lld, \"findings\": [", CLI_FINDINGS_SCHEMA,
		       (long long)q.run_id);
	else if (o.fmt == CLI_CSV)
		cli_finding_csv_header(stdout);
	if (gk_store_query(st, &q, print_finding, &o, &err))
		goto fail;
	if (o.fmt == CLI_JSON)
		fputs(o.n ? "\n]}\n" : "]}\n", stdout);
	else if (o.fmt == CLI_TEXT)
		printf(_("%s%ld %s in run %lld\n"), o.n ? "\n" : "", o.n,
		       q.status && strcmp(q.status, "due_soon") == 0 ? _("deadlines due soon") :
		       o.n == 1 ? _("finding") : _("findings"), (long long)q.run_id);
	rc = fflush(stdout) ? cli_fail("findings: cannot write the output") : GK_EXIT_OK;
	goto done;
fail:
	cli_fail("%s", err.msg);
done:
	cli_names_free();
	gk_store_close(st);
	cli_names_free();
	return rc;
}

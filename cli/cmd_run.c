/*
 * cmd_run.c - gongkai run: evaluate, store, print.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/run.h"
#include "../engine/waiver.h"
#include "cli.h"

static const char help[] =
	"usage: gongkai run --db DB [--policies DIR] [--rev REV | --worktree] [--as-of YYYY-MM-DD]\n"
	"                   [--jurisdiction J]... [--format text|json|csv] [--jobs N]\n"
	"\n"
	"Evaluates every record of DB against the national baseline and its own\n"
	"jurisdiction's rules in DIR (default $GONGKAI_POLICIES or ./policies), as\n"
	"of the given date (default: today).  The rules are read from a commit of\n"
	"the git repository holding DIR (HEAD, or --rev), never from loose files:\n"
	"uncommitted changes to the policy set refuse the run unless --worktree,\n"
	"which evaluates the folder as it is and marks the run uncommitted.\n"
	"The run (start, end, as-of date, policy commit and digest, counts) and\n"
	"all its findings are stored in DB in one transaction, sealed by a hash\n"
	"chained to the previous run (gongkai verify), then printed.  A run that\n"
	"fails stores nothing.  Findings an approved waiver (waivers.yaml) covers\n"
	"are reported as waived and do not count towards exit status 1.\n"
	"\n"
	"  --rev REV         the policy set as committed at REV (a commit, tag or\n"
	"                    branch); the run stores the full commit id\n"
	"  --worktree        the folder as it is, uncommitted edits included\n"
	"  --jurisdiction J  only records of J (may be repeated)\n"
	"  --format F        text (default), json ({\"run\": {...}, \"findings\": [...]})\n"
	"                    or csv (one header row, one finding a row)\n"
	"  --jobs N          evaluate with N workers (default 1)\n"
	"\n"
	"It is an error when a jurisdiction with records has no policies, when no\n"
	"record is in scope, or when a policy fails (the message names its file\n"
	"and line).\n"
	"\n"
	"exit status: 0 no findings, 1 findings, 2 error.\n";

/* ---- output ------------------------------------------------------------ */

static void json_str(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (c < 0x20)
				fprintf(out, "\\u%04x", c);
			else
				fputc(c, out);
		}
	}
	fputc('"', out);
}

static void csv_str(FILE *out, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

enum format { FMT_TEXT, FMT_JSON, FMT_CSV };

struct printer {
	FILE *out;
	enum format fmt;
	long n;
	const gk_run_info *info;
};

static int print_finding(void *ud, const gk_finding *f, gk_error *err)
{
	struct printer *pr = ud;
	char due[GK_DATE_LEN + 1] = "";

	(void)err;
	if (f->has_due)
		gk_date_format(f->due_on, due);
	switch (pr->fmt) {
	case FMT_TEXT:
		fprintf(pr->out, "%s  %s  %s  %s%s%s%s\n    %s\n    依据：%s\n",
			f->record_id ? f->record_id : "-", f->jurisdiction, f->rule,
			f->category, *due ? "  期限 " : "", due, f->waiver ? "  [已豁免]" : "",
			f->message, f->basis);
		if (f->waiver)
			fprintf(pr->out, "    豁免：%s\n", f->waiver);
		break;
	case FMT_JSON:
		fputs(pr->n ? ",\n    {" : "\n    {", pr->out);
		fputs("\"record_id\": ", pr->out);
		json_str(pr->out, f->record_id);
		fputs(", \"jurisdiction\": ", pr->out);
		json_str(pr->out, f->jurisdiction);
		fputs(", \"rule\": ", pr->out);
		json_str(pr->out, f->rule);
		fputs(", \"category\": ", pr->out);
		json_str(pr->out, f->category);
		fputs(", \"message\": ", pr->out);
		json_str(pr->out, f->message);
		fputs(", \"basis\": ", pr->out);
		json_str(pr->out, f->basis);
		fputs(", \"due_on\": ", pr->out);
		json_str(pr->out, *due ? due : NULL);
		fputs(", \"period\": ", pr->out);
		json_str(pr->out, f->period);
		fputs(", \"waiver\": ", pr->out);
		json_str(pr->out, f->waiver);
		fputc('}', pr->out);
		break;
	case FMT_CSV:
		fprintf(pr->out, "%lld,", (long long)pr->info->id);
		csv_str(pr->out, f->record_id);
		fputc(',', pr->out);
		csv_str(pr->out, f->jurisdiction);
		fputc(',', pr->out);
		csv_str(pr->out, f->rule);
		fputc(',', pr->out);
		csv_str(pr->out, f->category);
		fputc(',', pr->out);
		csv_str(pr->out, due);
		fputc(',', pr->out);
		csv_str(pr->out, f->period);
		fputc(',', pr->out);
		csv_str(pr->out, f->message);
		fputc(',', pr->out);
		csv_str(pr->out, f->basis);
		fputc(',', pr->out);
		csv_str(pr->out, pr->info->policy_revision);
		fputc(',', pr->out);
		csv_str(pr->out, f->waiver);
		fputs("\r\n", pr->out);
		break;
	}
	pr->n++;
	return 0;
}

static void print_run_json(FILE *out, const gk_run_info *r)
{
	char asof[GK_DATE_LEN + 1];

	gk_date_format(r->as_of, asof);
	fprintf(out, "{\"run\": {\"id\": %lld, \"started_at\": ", (long long)r->id);
	json_str(out, r->started_at);
	fputs(", \"finished_at\": ", out);
	json_str(out, r->finished_at);
	fputs(", \"as_of\": ", out);
	json_str(out, asof);
	fputs(", \"policy_source\": ", out);
	json_str(out, r->policy_source);
	fputs(", \"policy_revision\": ", out);
	json_str(out, r->policy_revision);
	fprintf(out, ", \"uncommitted\": %s", strcmp(r->policy_revision, "worktree") ? "false" : "true");
	fputs(", \"policy_digest\": ", out);
	json_str(out, r->policy_digest);
	fputs(", \"scope\": ", out);
	json_str(out, r->scope);
	fprintf(out, ", \"records\": %ld, \"rules\": %ld, \"findings\": %ld, \"waived\": %ld, "
		"\"jobs\": %d},\n \"findings\": [", r->records, r->rules, r->findings, r->waived,
		r->jobs);
}

/* ---- the command ------------------------------------------------------- */

int cmd_run(int argc, char **argv)
{
	const char *db = NULL, *dir = cli_policies_default(), *rev = NULL, *v;
	const char **juris = calloc((size_t)argc, sizeof(char *));
	gk_run_opts o = { .jobs = 1, .limits = GK_LIMITS_DEFAULT };
	struct printer pr = { .out = stdout, .fmt = FMT_TEXT };
	gk_store *st = NULL;
	gk_run_info info = { 0 };
	gk_error err = { 0 };
	int rc = GK_EXIT_ERROR, have_asof = 0, worktree = 0;
	char asof[GK_DATE_LEN + 1];

	if (!juris)
		return cli_fail("out of memory");
	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(help, stdout);
			rc = GK_EXIT_OK;
			goto done;
		} else if ((v = cli_opt(argc, argv, &i, "--db"))) {
			db = v;
		} else if ((v = cli_opt(argc, argv, &i, "--policies"))) {
			dir = v;
		} else if ((v = cli_opt(argc, argv, &i, "--rev"))) {
			rev = v;
		} else if (strcmp(argv[i], "--worktree") == 0) {
			worktree = 1;
		} else if ((v = cli_opt(argc, argv, &i, "--as-of"))) {
			if (cli_parse_date(v, "--as-of", &o.as_of))
				goto done;
			have_asof = 1;
		} else if ((v = cli_opt(argc, argv, &i, "--jurisdiction"))) {
			juris[o.njuris++] = v;
		} else if ((v = cli_opt(argc, argv, &i, "--format"))) {
			if (strcmp(v, "text") == 0)
				pr.fmt = FMT_TEXT;
			else if (strcmp(v, "json") == 0)
				pr.fmt = FMT_JSON;
			else if (strcmp(v, "csv") == 0)
				pr.fmt = FMT_CSV;
			else {
				cli_fail("run: --format '%s': expected text, json or csv", v);
				goto done;
			}
		} else if ((v = cli_opt(argc, argv, &i, "--jobs"))) {
			char *end;
			long n = strtol(v, &end, 10);

			if (*end || n < 1 || n > 64) {
				cli_fail("run: --jobs '%s': expected a number from 1 to 64", v);
				goto done;
			}
			o.jobs = (int)n;
		} else {
			cli_fail("run: unknown argument '%s'; see 'gongkai run --help'", argv[i]);
			goto done;
		}
	}
	if (!db) {
		cli_fail("run: --db is required; see 'gongkai run --help'");
		goto done;
	}
	if (!have_asof)
		o.as_of = cli_today();
	o.juris = juris;
	if (cli_committed_source(dir, rev, worktree, &o.src, &err) || gk_store_open(&st, db, 0, &err) ||
	    gk_run(st, &o, &info, &err)) {
		cli_fail("%s", err.msg);
		goto done;
	}
	gk_date_format(info.as_of, asof);
	pr.info = &info;
	if (pr.fmt == FMT_JSON)
		print_run_json(stdout, &info);
	else if (pr.fmt == FMT_CSV)
		fputs("run_id,record_id,jurisdiction,rule,category,due_on,period,message,basis,"
		      "policy_revision,waiver\r\n", stdout);
	else
		printf("run %lld as of %s: %ld records, %ld rules, %ld findings\n"
		       "policy set: %s (digest %.12s)%s\n\n",
		       (long long)info.id, asof, info.records, info.rules, info.findings,
		       info.policy_source, info.policy_digest,
		       strcmp(info.policy_revision, "worktree") ? "" :
		       "\nUNCOMMITTED: the policy set's folder as it is, not a commit (--worktree)");
	if (gk_store_findings(st, info.id, print_finding, &pr, &err)) {
		cli_fail("%s", err.msg);
		goto done;
	}
	if (pr.fmt == FMT_JSON)
		fputs(pr.n ? "\n ]}\n" : "]}\n", stdout);
	else if (pr.fmt == FMT_TEXT && info.findings)
		printf("\n%ld finding%s in run %lld (stored in %s)\n", info.findings,
		       info.findings == 1 ? "" : "s", (long long)info.id, db);
	else if (pr.fmt == FMT_TEXT)
		printf("no findings: every record complies as of %s\n", asof);
	if (pr.fmt == FMT_TEXT && info.waived)
		printf("%ld of them waived by an approved exception (%s)\n", info.waived,
		       info.waivers->file);
	/* A waiver that covers nothing is worth an officer's look. */
	for (int i = 0; info.waivers && i < info.waivers->n; i++) {
		const gk_waiver *w = &info.waivers->v[i];

		/* Only waivers in force: an expired one matches nothing by design. */
		if (w->hits || info.as_of < w->start || info.as_of >= w->expiry)
			continue;
		fprintf(pr.fmt == FMT_TEXT ? stdout : stderr,
			"waiver %s:%d (%s%s%s%s) matched no finding\n", info.waivers->file, w->line,
			w->record_id ? "record " : "", w->record_id ? w->record_id : "",
			w->record_id && w->rule ? ", rule " : w->rule ? "rule " : "",
			w->rule ? w->rule : "");
	}
	if (fflush(stdout) != 0) {
		cli_fail("run: cannot write the output");
		goto done;
	}
	/* Waived findings are reported, but they are not work to do. */
	rc = info.findings > info.waived ? GK_EXIT_FINDINGS : GK_EXIT_OK;
done:
	gk_waivers_free(info.waivers);
	gk_store_close(st);
	gk_source_free(o.src);
	free(juris);
	return rc;
}

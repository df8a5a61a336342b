/*
 * cmd_coverage.c - gongkai coverage: what the source documents require and
 * which rules check it (engine/coverage.h).
 */
#include <stdio.h>
#include <string.h>

#include "../engine/i18n.h"
#include "../engine/coverage.h"
#include "../stores/policyset/source.h"
#include "cli.h"
#include "opts.h"
#include "wire.h"

enum { O_POLICIES = 256, O_REV, O_WORKTREE, O_FORMAT };

static const cli_option options[] = {
	{ "policies", 0, "DIR", O_POLICIES, N_("the policy set (default: policies: of gongkai.yaml, else\n"
	  "$GONGKAI_POLICIES, else ./policies)") },
	{ "rev", 0, "REV", O_REV, N_("the policy set as committed at REV (default: HEAD)") },
	{ "worktree", 0, NULL, O_WORKTREE, N_("the folder as it is, uncommitted edits included") },
	{ "format", 0, "F", O_FORMAT, N_("text (default) or json") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"coverage", options,
	N_("usage: gongkai coverage [--policies DIR] [--rev REV | --worktree]\n"
	"                        [--format text|json]\n"
	"\n"
	"Prints the coverage map of the policy set: every requirement of every\n"
	"source document (the regulation in baseline/requirements.yaml, each\n"
	"jurisdiction's documents in its requirements.yaml), with the clause, the\n"
	"sentence quoted, and the rules that check it or the reason records cannot\n"
	"show it (and what data would).  Read it before trusting a run: what is\n"
	"not checked is not found.  Text groups the requirements by document with\n"
	"counts; JSON is {\"requirements\": [{\"source\", \"clause\", \"quote\",\n"
	"\"rules\", \"reason\"}], \"summary\": {...}, \"policy_set\": {...}}.\n"
	"\n"
	"Like run, it reads the committed policy set (HEAD or --rev) unless\n"
	"--worktree.  A map that disagrees with the rules (a rule no requirement\n"
	"cites, a requirement citing a rule that does not exist) is refused:\n"
	"'gongkai lint' reports each problem with its file and line.\n"),
	N_("exit status: 0 printed, 2 error (a broken policy or coverage map).\n"),
	N_("argument"),
};

static void report_problem(void *ud, const char *msg)
{
	(void)ud;
	fprintf(stderr, "%s\n", msg);
}

static const char *plural(int n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void print_counts(const gk_req_counts *n)
{
	printf(_("%d %s: %d checked"), n->requirements,
	       plural(n->requirements, _("requirement"), _("requirements")), n->checked);
	if (n->partly)
		printf(_(" (%d in part)"), n->partly);
	printf(_(", %d not checkable"), n->unchecked);
	if (n->general)
		printf(_(" (%d general)"), n->general);
}

/* ---- text ----------------------------------------------------------------- */

static void print_requirement(const gk_requirement *r)
{
	enum gk_req_status st = gk_requirement_status(r);

	printf("  %s\n    %s\n", r->clause, r->quote);
	if (r->nrules) {
		printf(_("    checked by: "));
		for (int i = 0; i < r->nrules; i++)
			printf("%s%s", i ? ", " : "", r->rules[i].id);
		printf("%s\n", st == GK_REQ_PARTLY ? _(" (in part)") : "");
	}
	if (r->reason)
		printf("    %s: %s\n", st == GK_REQ_PARTLY ? _("not checked") :
		       r->general ? _("not checkable (general)") : _("not checkable"), r->reason);
	putchar('\n');
}

static void print_text(const gk_coverage *c, gk_source *src)
{
	gk_req_counts all = { 0 };
	int docs = 0;

	printf(_("coverage map of %s%s\n"), gk_source_describe(src),
	       strcmp(gk_source_revision(src), "worktree") ? "" :
	       _(" (UNCOMMITTED: the folder as it is, --worktree)"));
	for (int f = 0; f < gk_coverage_nfiles(c); f++) {
		const gk_requirements *file = gk_coverage_file(c, f, NULL);

		for (int s = 0; file && s < file->nsources; s++) {
			gk_req_counts n = { 0 };

			gk_req_count(file, file->sources[s], &n);
			printf("\n%s\n%s: ", file->sources[s], file->file);
			print_counts(&n);
			printf("\n\n");
			for (int i = 0; i < file->nreqs; i++)
				if (file->reqs[i].source == file->sources[s])
					print_requirement(&file->reqs[i]);
			docs++;
		}
		gk_req_count(file, NULL, &all);
	}
	printf(_("total: "));
	print_counts(&all);
	printf(_(" in %d %s; %d %s, each cited by a requirement\n"), docs,
	       plural(docs, _("document"), _("documents")), gk_coverage_nrules(c),
	       plural(gk_coverage_nrules(c), _("rule"), _("rules")));
}

/* ---- JSON ----------------------------------------------------------------- */

static void json_counts(const gk_req_counts *n)
{
	printf("\"requirements\": %d, \"checked\": %d, \"partly\": %d, \"not_checkable\": %d, "
	       "\"general\": %d", n->requirements, n->checked, n->partly, n->unchecked,
	       n->general);
}

static void print_json(const gk_coverage *c, gk_source *src)
{
	gk_req_counts all = { 0 };
	int first = 1;

	printf("{\"schema\": %d,\n  \"policy_set\": {\"source\": ", CLI_COVERAGE_SCHEMA);
	cli_json_str(stdout, gk_source_describe(src));
	printf(", \"revision\": ");
	cli_json_str(stdout, gk_source_revision(src));
	printf(", \"uncommitted\": %s},\n  \"requirements\": [",
	       strcmp(gk_source_revision(src), "worktree") ? "false" : "true");
	for (int f = 0; f < gk_coverage_nfiles(c); f++) {
		const gk_requirements *file = gk_coverage_file(c, f, NULL);

		for (int i = 0; file && i < file->nreqs; i++) {
			const gk_requirement *r = &file->reqs[i];

			printf("%s\n    {\"source\": ", first ? "" : ",");
			cli_json_str(stdout, r->source);
			printf(", \"clause\": ");
			cli_json_str(stdout, r->clause);
			printf(", \"quote\": ");
			cli_json_str(stdout, r->quote);
			printf(", \"rules\": [");
			for (int k = 0; k < r->nrules; k++) {
				printf(k ? ", " : "");
				cli_json_str(stdout, r->rules[k].id);
			}
			printf("], \"reason\": ");
			if (r->reason)
				cli_json_str(stdout, r->reason);
			else
				printf("null");
			putchar('}');
			first = 0;
		}
		gk_req_count(file, NULL, &all);
	}
	printf("\n  ],\n  \"summary\": {");
	json_counts(&all);
	printf(", \"rules\": %d,\n    \"documents\": [", gk_coverage_nrules(c));
	first = 1;
	for (int f = 0; f < gk_coverage_nfiles(c); f++) {
		const char *juris;
		const gk_requirements *file = gk_coverage_file(c, f, &juris);

		for (int s = 0; file && s < file->nsources; s++) {
			gk_req_counts n = { 0 };

			gk_req_count(file, file->sources[s], &n);
			printf("%s\n      {\"source\": ", first ? "" : ",");
			cli_json_str(stdout, file->sources[s]);
			printf(", \"file\": ");
			cli_json_str(stdout, file->file);
			printf(", \"jurisdiction\": ");
			if (juris)
				cli_json_str(stdout, juris);
			else
				printf("null");
			printf(", ");
			json_counts(&n);
			putchar('}');
			first = 0;
		}
	}
	printf("\n    ]\n  }\n}\n");
}

int cmd_coverage(int argc, char **argv)
{
	const char *dir = cli_policies_default(), *rev = NULL, *v;
	enum cli_format fmt = CLI_TEXT;
	gk_source *src = NULL;
	gk_coverage *c = NULL;
	gk_error err = { 0 };
	int worktree = 0, problems = 0, rc = GK_EXIT_ERROR;
	cli_args ca;
	int k;

	cli_args_init(&ca, &command, argc, argv);
	while ((k = cli_next(&ca, &v)) != CLI_END) {
		switch (k) {
		case CLI_HELP:
			return GK_EXIT_OK;
		case O_POLICIES:
			dir = v;
			break;
		case O_REV:
			rev = v;
			break;
		case O_WORKTREE:
			worktree = 1;
			break;
		case O_FORMAT:
			if (cli_parse_format("coverage", v, &fmt))
				return GK_EXIT_ERROR;
			if (fmt == CLI_CSV)
				return cli_fail("coverage: --format '%s': expected text or json", v);
			break;
		case CLI_ARG:
			return cli_fail("coverage: unknown argument '%s'; see 'gongkai coverage --help'",
					v);
		default:
			return GK_EXIT_ERROR;
		}
	}
	if (cli_committed_source(dir, rev, worktree, &src, &err) ||
	    cli_coverage_load(src, &c, &problems, report_problem, NULL, &err)) {
		cli_fail("%s", err.msg);
		goto done;
	}
	if (problems) {
		cli_fail("coverage: the coverage map of %s has %d problem%s (above): fix them, "
			 "'gongkai lint' checks", dir, problems, problems == 1 ? "" : "s");
		goto done;
	}
	if (fmt == CLI_JSON)
		print_json(c, src);
	else
		print_text(c, src);
	rc = GK_EXIT_OK;
done:
	gk_coverage_free(c);
	gk_source_free(src);
	return rc;
}

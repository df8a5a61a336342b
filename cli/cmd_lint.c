/*
 * cmd_lint.c - gongkai lint [--policies DIR]
 */
#include <stdio.h>
#include <string.h>

#include "../engine/policy.h"
#include "../stores/calendar_yaml.h"
#include "../stores/waivers_yaml.h"
#include "cli.h"

static const char help[] =
	"usage: gongkai lint [--policies DIR] [--rev REV]\n"
	"\n"
	"Loads the calendar, every catalog and every policy file of the policy set\n"
	"and reports each mistake with its file and line before anything runs: a\n"
	"syntax error, an unknown field name in a rule, an unknown category or\n"
	"kind, a catalog item without a time limit, a rule id used twice, an\n"
	"override of a rule that does not exist.  Each policy file is loaded on\n"
	"its own (on top of the baseline), so one broken file does not hide the\n"
	"problems of another.  waivers.yaml is read as a run reads it, and each\n"
	"waiver must name a rule and a jurisdiction the policy set has.\n"
	"\n"
	"exit status: 0 no problems, 1 problems found, 2 lint could not run.\n";

static void report(void *ud, const char *msg)
{
	(void)ud;
	printf("%s\n", msg);
}

/*
 * waivers.yaml as a run reads it; then, when the policies loaded, each
 * waiver's rule and jurisdiction must exist: a waiver naming a rule the
 * set lacks ("B01") would cover nothing, silently, until it is needed.
 */
static int lint_waivers(gk_source *src, const gk_calendar *cal, int policy_problems,
			int *problems, gk_error *err)
{
	gk_waivers *w = NULL;
	gk_bundle *b = NULL;
	gk_policy *p = NULL;
	gk_limits limits = GK_LIMITS_DEFAULT;
	gk_error e = { 0 };
	int rc = 0;

	if (gk_waivers_load(src, &w, &e)) {
		report(NULL, e.msg);
		(*problems)++;
		return 0;
	}
	if (!w->n || policy_problems)
		goto done;
	if ((rc = gk_bundle_read(src, &b, err)))
		goto done;
	if (gk_policy_load(b, cal, &limits, &p, &e))
		goto done;       /* lint reported it, file by file */
	for (int i = 0; i < w->n; i++) {
		const gk_waiver *x = &w->v[i];
		int rule = !x->rule, juris = !x->jurisdiction;

		for (int k = 0; !rule && k < gk_policy_nrules(p); k++)
			rule = strcmp(gk_policy_rule(p, k)->id, x->rule) == 0;
		for (int j = 0; !juris && j < gk_bundle_njuris(b); j++)
			juris = strcmp(gk_bundle_juris(b, j), x->jurisdiction) == 0;
		if (!rule || !juris) {
			char msg[1024];

			snprintf(msg, sizeof(msg), "%s:%d: the waiver names %s '%s', which the "
				 "policy set does not have: it would cover nothing", w->file, x->line,
				 !rule ? "rule" : "jurisdiction", !rule ? x->rule : x->jurisdiction);
			report(NULL, msg);
			(*problems)++;
		}
	}
done:
	gk_policy_free(p);
	gk_bundle_free(b);
	gk_waivers_free(w);
	return rc;
}

int cmd_lint(int argc, char **argv)
{
	const char *dir = cli_policies_default(), *rev = NULL, *v;
	gk_source *src = NULL;
	gk_calendar *cal = NULL;
	gk_error err = { 0 };
	int problems = 0, rc = GK_EXIT_ERROR;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(help, stdout);
			return GK_EXIT_OK;
		} else if ((v = cli_opt(argc, argv, &i, "--policies"))) {
			dir = v;
		} else if ((v = cli_opt(argc, argv, &i, "--rev"))) {
			rev = v;
		} else {
			return cli_fail("lint: unknown argument '%s'; see 'gongkai lint --help'",
					argv[i]);
		}
	}
	if (cli_open_source(dir, rev, &src, &err))
		return cli_fail("%s", err.msg);
	if (gk_calendar_load(src, &cal, &err)) {
		/* Policies need the calendar to load: report and stop here. */
		printf("%s\n", err.msg);
		printf("1 problem in %s\n", dir);
		rc = GK_EXIT_FINDINGS;
		goto done;
	}
	if (gk_policy_lint(src, cal, report, NULL, &problems, &err) ||
	    lint_waivers(src, cal, problems, &problems, &err)) {
		cli_fail("%s", err.msg);
		goto done;
	}
	if (problems)
		printf("%d problem%s in %s\n", problems, problems == 1 ? "" : "s", dir);
	else
		printf("%s: no problems\n", dir);
	rc = problems ? GK_EXIT_FINDINGS : GK_EXIT_OK;
done:
	gk_calendar_free(cal);
	gk_source_free(src);
	return rc;
}

/*
 * cmd_lint.c - gongkai lint [--policies DIR]
 */
#include <stdio.h>
#include <string.h>

#include "../engine/policy.h"
#include "../stores/calendar_yaml.h"
#include "../stores/colmap.h"
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
	"problems of another.  The source systems' column mappings\n"
	"(J/columns/*.yaml, see docs/records.md) are checked too.\n"
	"\n"
	"exit status: 0 no problems, 1 problems found, 2 lint could not run.\n";

static void report(void *ud, const char *msg)
{
	(void)ud;
	printf("%s\n", msg);
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
	    gk_colmap_lint(src, report, NULL, &problems, &err)) {
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

/*
 * cmd_log.c - gongkai log [--policies DIR] [RULE|JURISDICTION]
 */
#include <stdio.h>
#include <string.h>

#include "../stores/policyset/history.h"
#include "cli.h"

static const char help[] =
	"usage: gongkai log [--policies DIR] [RULE|JURISDICTION]\n"
	"\n"
	"The history of the policy set in its git repository, newest first: each\n"
	"commit's short id, author, date and subject, then the rules it added (+),\n"
	"changed (~) or removed (-), each with its file, and the other files it\n"
	"changed (calendar, catalogs, tests).  Only commits changing files under\n"
	"DIR count; a merge is compared with its first parent, and a renamed file\n"
	"whose rules kept their text changes no rule.\n"
	"\n"
	"With RULE (B1), only the commits that changed that rule; with the name\n"
	"of a top folder of the set (baseline, zezhou), only the commits touching\n"
	"that folder.\n"
	"\n"
	"exit status: 0 success, 2 error (not a repository, no commits, unknown\n"
	"rule).\n";

static int print_entry(void *ud, const gk_history_entry *e)
{
	(void)ud;
	printf("commit %s  %s  %s  %s\n", e->short_id, e->author, e->date, e->summary);
	for (size_t i = 0; i < e->nchanges; i++)
		printf("  %c %s (%s)\n", e->changes[i].op, e->changes[i].id, e->changes[i].path);
	if (e->nfiles) {
		printf("  files:");
		for (size_t i = 0; i < e->nfiles; i++)
			printf("%s %s", i ? "," : "", e->files[i]);
		printf("\n");
	}
	printf("\n");
	return 0;
}

int cmd_log(int argc, char **argv)
{
	const char *dir = cli_policies_default(), *filter = NULL, *v;
	gk_error err = { 0 };
	size_t shown = 0;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(help, stdout);
			return GK_EXIT_OK;
		} else if ((v = cli_opt(argc, argv, &i, "--policies"))) {
			dir = v;
		} else if (argv[i][0] == '-') {
			return cli_fail("log: unknown option '%s'; see 'gongkai log --help'", argv[i]);
		} else if (!filter) {
			filter = argv[i];
		} else {
			return cli_fail("log: give at most one rule or jurisdiction");
		}
	}
	if (gk_history_log(dir, filter, print_entry, NULL, &shown, &err))
		return cli_fail("log: %s", err.msg);
	if (!shown)
		printf("no commit changed %s%s\n", filter ? filter : "the policy set at ",
		       filter ? "" : dir);
	return GK_EXIT_OK;
}

/*
 * cmd_log.c - gongkai log [--policies DIR] [RULE|JURISDICTION]
 */
#include <stdio.h>
#include <string.h>

#include "../stores/policyset/history.h"
#include "../engine/i18n.h"
#include "cli.h"
#include "opts.h"

enum { O_POLICIES = 256 };

static const cli_option options[] = {
	{ "policies", 0, "DIR", O_POLICIES, N_("the policy set (default: policies: of gongkai.yaml, else\n"
	  "$GONGKAI_POLICIES, else ./policies)") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"log", options,
	N_("usage: gongkai log [--policies DIR] [RULE|JURISDICTION]\n"
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
	"that folder.\n"),
	N_("exit status: 0 success, 2 error (not a repository, no commits, unknown\n"
	"rule).\n"),
	N_("option"),
};

static int print_entry(void *ud, const gk_history_entry *e)
{
	(void)ud;
	printf(_("commit %s  %s  %s  %s\n"), e->short_id, e->author, e->date, e->summary);
	for (size_t i = 0; i < e->nchanges; i++)
		printf("  %c %s (%s)\n", e->changes[i].op, e->changes[i].id, e->changes[i].path);
	if (e->nfiles) {
		printf(_("  files:"));
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
	cli_args ca;
	int oc;

	cli_args_init(&ca, &command, argc, argv);
	while ((oc = cli_next(&ca, &v)) != CLI_END) {
		if (oc == CLI_HELP)
			return GK_EXIT_OK;
		if (oc == O_POLICIES)
			dir = v;
		else if (oc == CLI_ARG && filter)
			return cli_fail("log: give at most one rule or jurisdiction");
		else if (oc == CLI_ARG)
			filter = v;
		else
			return GK_EXIT_ERROR;
	}
	if (gk_history_log(dir, filter, print_entry, NULL, &shown, &err))
		return cli_fail("log: %s", err.msg);
	if (!shown)
		printf(_("no commit changed %s%s\n"), filter ? filter : _("the policy set at "),
		       filter ? "" : dir);
	return GK_EXIT_OK;
}

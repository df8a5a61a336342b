/*
 * cmd_blame.c - gongkai blame [--policies DIR] RULE [--jurisdiction J]
 */
#include <stdio.h>
#include <string.h>

#include "../stores/policyset/history.h"
#include "../engine/i18n.h"
#include "cli.h"
#include "opts.h"

enum { O_POLICIES = 256, O_JURIS };

static const cli_option options[] = {
	{ "policies", 0, "DIR", O_POLICIES, N_("the policy set (default: policies: of gongkai.yaml, else\n"
	  "$GONGKAI_POLICIES, else ./policies)") },
	{ "jurisdiction", 0, "J", O_JURIS, N_("look the rule up in J only") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"blame", options,
	N_("usage: gongkai blame [--policies DIR] RULE [--jurisdiction J]\n"
	"\n"
	"Prints each line of RULE's declaration as committed at HEAD with the\n"
	"commit that last changed it: short id, author and date.  The rule is\n"
	"looked up in baseline first, then in the other folders, or only in J\n"
	"with --jurisdiction.\n"),
	N_("exit status: 0 success, 2 error (not a repository, no commits, unknown\n"
	"rule).\n"),
	N_("option"),
};

static int print_line(void *ud, const gk_blame_line *l)
{
	int *first = ud;

	if (*first) {
		printf("%s\n", l->path);
		*first = 0;
	}
	printf("%s  %-16s  %s  %4zu  %.*s\n", l->short_id, l->author, l->date, l->lineno,
	       (int)l->len, l->text);
	return 0;
}

int cmd_blame(int argc, char **argv)
{
	const char *dir = cli_policies_default(), *rule = NULL, *jur = NULL, *v;
	gk_error err = { 0 };
	int first = 1;
	cli_args ca;
	int oc;

	cli_args_init(&ca, &command, argc, argv);
	while ((oc = cli_next(&ca, &v)) != CLI_END) {
		if (oc == CLI_HELP)
			return GK_EXIT_OK;
		if (oc == O_POLICIES)
			dir = v;
		else if (oc == O_JURIS)
			jur = v;
		else if (oc == CLI_ARG && rule)
			return cli_fail("blame: give one rule");
		else if (oc == CLI_ARG)
			rule = v;
		else
			return GK_EXIT_ERROR;
	}
	if (!rule)
		return cli_fail("blame: name a rule; usage: gongkai blame [--policies DIR] RULE "
				"[--jurisdiction J]");
	if (gk_history_blame(dir, rule, jur, print_line, &first, &err))
		return cli_fail("blame: %s", err.msg);
	return GK_EXIT_OK;
}

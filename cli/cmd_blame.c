/*
 * cmd_blame.c - gongkai blame [--policies DIR] RULE [--jurisdiction J]
 */
#include <stdio.h>
#include <string.h>

#include "../stores/policyset/history.h"
#include "cli.h"

static const char help[] =
	"usage: gongkai blame [--policies DIR] RULE [--jurisdiction J]\n"
	"\n"
	"Prints each line of RULE's declaration as committed at HEAD with the\n"
	"commit that last changed it: short id, author and date.  The rule is\n"
	"looked up in baseline first, then in the other folders, or only in J\n"
	"with --jurisdiction.\n"
	"\n"
	"exit status: 0 success, 2 error (not a repository, no commits, unknown\n"
	"rule).\n";

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

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(help, stdout);
			return GK_EXIT_OK;
		} else if ((v = cli_opt(argc, argv, &i, "--policies"))) {
			dir = v;
		} else if ((v = cli_opt(argc, argv, &i, "--jurisdiction"))) {
			jur = v;
		} else if (argv[i][0] == '-') {
			return cli_fail("blame: unknown option '%s'; see 'gongkai blame --help'",
					argv[i]);
		} else if (!rule) {
			rule = argv[i];
		} else {
			return cli_fail("blame: give one rule");
		}
	}
	if (!rule)
		return cli_fail("blame: name a rule; usage: gongkai blame [--policies DIR] RULE "
				"[--jurisdiction J]");
	if (gk_history_blame(dir, rule, jur, print_line, &first, &err))
		return cli_fail("blame: %s", err.msg);
	return GK_EXIT_OK;
}

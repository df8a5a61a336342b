/*
 * cmd_init.c - gongkai init DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../stores/policyset/source.h"
#include "cli.h"
#include "opts.h"

#ifndef GK_BUNDLED_POLICIES
#define GK_BUNDLED_POLICIES "policies"
#endif

static const cli_option options[] = {
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"init", options,
	"usage: gongkai init DIR\n"
	"\n"
	"Creates DIR as a new git repository holding the bundled policy set: the\n"
	"working-day calendar, the national baseline, the four jurisdictions'\n"
	"rules, catalogs, task schedule and policy tests, as one commit signed by\n"
	"your git user (or 'gongkai').  Point --policies at DIR afterwards.\n"
	"The bundled set is read from $GONGKAI_BUNDLED_POLICIES when set.\n",
	"exit status: 0 created, 2 error (DIR exists, cannot write).\n",
	"option",
};

int cmd_init(int argc, char **argv)
{
	const char *dir = NULL, *from = getenv("GONGKAI_BUNDLED_POLICIES");
	gk_source *src = NULL;
	gk_error err = { 0 };
	int rc;
	cli_args ca;
	const char *v;
	int c;

	cli_args_init(&ca, &command, argc, argv);
	while ((c = cli_next(&ca, &v)) != CLI_END) {
		if (c == CLI_HELP)
			return GK_EXIT_OK;
		if (c != CLI_ARG)
			return GK_EXIT_ERROR;
		if (dir)
			return cli_fail("init: give one directory");
		dir = v;
	}
	if (!dir)
		return cli_fail("init: usage: gongkai init DIR");
	if (!from || !*from)
		from = GK_BUNDLED_POLICIES;
	if (gk_source_open_dir(&src, from, &err))
		return cli_fail("init: cannot find the bundled policy set: %s", err.msg);
	rc = gk_policy_repo_init(dir, src,
				 "Seed the policy set from gongkai's bundled rules\n\n"
				 "The State Council working-day calendar, the national baseline\n"
				 "(B1-B4) and the rules, catalogs, task schedule and policy tests\n"
				 "of zezhou, quangang, zhongshan and yinchuan.\n", &err);
	gk_source_free(src);
	if (rc)
		return cli_fail("%s", err.msg);
	printf("created the policy repository %s (one commit); run with --policies %s --rev HEAD\n",
	       dir, dir);
	return GK_EXIT_OK;
}

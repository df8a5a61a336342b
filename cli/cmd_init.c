/*
 * cmd_init.c - gongkai init DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../stores/policyset/source.h"
#include "cli.h"

#ifndef GK_BUNDLED_POLICIES
#define GK_BUNDLED_POLICIES "policies"
#endif

static const char help[] =
	"usage: gongkai init DIR\n"
	"\n"
	"Creates DIR as a new git repository holding the bundled policy set: the\n"
	"working-day calendar, the national baseline, the four jurisdictions'\n"
	"rules, catalogs, task schedule and policy tests, as one commit signed by\n"
	"your git user (or 'gongkai').  Point --policies at DIR afterwards.\n"
	"The bundled set is read from $GONGKAI_BUNDLED_POLICIES when set.\n"
	"\n"
	"exit status: 0 created, 2 error (DIR exists, cannot write).\n";

int cmd_init(int argc, char **argv)
{
	const char *dir = NULL, *from = getenv("GONGKAI_BUNDLED_POLICIES");
	gk_source *src = NULL;
	gk_error err = { 0 };
	int rc;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(help, stdout);
			return GK_EXIT_OK;
		} else if (argv[i][0] == '-') {
			return cli_fail("init: unknown option '%s'; see 'gongkai init --help'", argv[i]);
		} else if (!dir) {
			dir = argv[i];
		} else {
			return cli_fail("init: give one directory");
		}
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

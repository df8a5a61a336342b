/*
 * cmd_init.c - gongkai init DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../stores/policyset/source.h"
#include "../engine/i18n.h"
#include "cli.h"
#include "opts.h"

/* Where the bundled policy set is: the Makefile names the source tree's
 * policies/ for the binary run from the build tree, and
 * PREFIX/share/gongkai/policies for the one 'make install' installs. */
#ifndef GK_BUNDLED_POLICIES
#define GK_BUNDLED_POLICIES "/usr/local/share/gongkai/policies"
#endif

static const cli_option options[] = {
	{ NULL, 0, NULL, 0, NULL }
};

/* The help names where the bundled set is read from: this tree's or
 * PREFIX's, known when the binary is built (set in cmd_init). */
static const char usage_text[] = N_(
	"usage: gongkai init DIR\n"
	"\n"
	"Creates DIR as a new git repository holding the bundled policy set: the\n"
	"working-day calendar, the national baseline, the four jurisdictions'\n"
	"rules, catalogs, task schedule and policy tests, as one commit signed by\n"
	"your git user (or 'gongkai').  Point --policies at DIR afterwards.\n"
	"The bundled set is read from %s,\n"
	"or from $GONGKAI_BUNDLED_POLICIES when set.\n");

static cli_command command = {
	"init", options,
	NULL,
	N_("exit status: 0 created, 2 error (DIR exists, cannot write, the bundled\n"
	"set is missing).\n"),
	N_("option"),
};

int cmd_init(int argc, char **argv)
{
	const char *dir = NULL, *from = getenv("GONGKAI_BUNDLED_POLICIES");
	gk_source *src = NULL;
	gk_error err = { 0 };
	int rc, env;
	char usage[2048];
	cli_args ca;
	const char *v;
	int c;

	snprintf(usage, sizeof(usage), _(usage_text), GK_BUNDLED_POLICIES);
	command.before = usage;
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
	if (!(env = from && *from))
		from = GK_BUNDLED_POLICIES;
	/* A folder without the calendar is not a policy set: seeding from it
	 * would commit an empty repository every run then refuses. */
	if (gk_source_open_dir(&src, from, &err) || !gk_source_exists(src, "calendar.yaml")) {
		gk_source_free(src);
		return cli_fail("init: cannot find the bundled policy set: '%s/calendar.yaml' is "
				"missing; %s", from,
				env ? _("GONGKAI_BUNDLED_POLICIES must name a copy of gongkai's "
					 "policies folder")
				    : _("reinstall gongkai (make install), or set "
					"GONGKAI_BUNDLED_POLICIES to a copy of its policies folder"));
	}
	rc = gk_policy_repo_init(dir, src,
				 "Seed the policy set from gongkai's bundled rules\n\n"
				 "The State Council working-day calendar, the national baseline\n"
				 "(B1-B4) and the rules, catalogs, task schedule and policy tests\n"
				 "of zezhou, quangang, zhongshan and yinchuan.\n", &err);
	gk_source_free(src);
	if (rc)
		return cli_fail("%s", err.msg);
	printf(_("created the policy repository %s (one commit); run with --policies %s --rev HEAD\n"),
	       dir, dir);
	return GK_EXIT_OK;
}

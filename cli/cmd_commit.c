/*
 * cmd_commit.c - gongkai commit -m MSG [--policies DIR] [--db DB]
 */
#include <stdio.h>
#include <string.h>

#include "../engine/i18n.h"
#include "../engine/lua/policy.h"
#include "ptest.h"
#include "../stores/policyset/calendar_yaml.h"
#include "cli.h"
#include "opts.h"
#include "wire.h"

enum { O_POLICIES = 256, O_AUTHOR, O_DB, O_AS_OF };

static const cli_option options[] = {
	{ "message", 'm', "MESSAGE", 'm', N_("why the policy set changed (auditors read it)") },
	{ "policies", 0, "DIR", O_POLICIES, N_("the policy set (default: policies: of gongkai.yaml, else\n"
	  "$GONGKAI_POLICIES, else ./policies)") },
	{ "author", 0, "\"Name <email>\"", O_AUTHOR, N_("who signs the commit (default: the git configuration's\n"
	  "user)") },
	{ "db", 0, "DB", O_DB, N_("also show the impact of the edits on DB's findings") },
	{ "as-of", 0, "YYYY-MM-DD", O_AS_OF, N_("the date the impact is judged as of (default: today)") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"commit", options,
	N_("usage: gongkai commit -m MESSAGE [--policies DIR] [--author \"Name <email>\"]\n"
	"                      [--db DB [--as-of YYYY-MM-DD]]\n"
	"\n"
	"For officers who do not use git: checks the edited policy set and commits\n"
	"it.  It lints every policy and catalog and runs every policy test; when\n"
	"one fails it says which and commits nothing.  With --db it then shows the\n"
	"impact of the edits on that database's findings (as gongkai impact HEAD\n"
	"--worktree).  The commit is signed by --author or by the git\n"
	"configuration's user.\n"),
	N_("exit status: 0 committed, 1 refused (lint or a test failed), 2 error.\n"),
	N_("argument"),
};

static void show(void *ud, const char *msg)
{
	(void)ud;
	printf("  %s\n", msg);
}

int cmd_commit(int argc, char **argv)
{
	const char *dir = cli_policies_default(), *msg = NULL, *author = NULL, *db = NULL, *v;
	gk_day as_of = cli_today();
	gk_source *src = NULL;
	gk_calendar *cal = NULL;
	gk_error err = { 0 };
	gk_ptest_opts po = { .out = stdout };
	char id[41];
	int problems = 0, passed, failed, dirty, changes, rc = GK_EXIT_ERROR;
	cli_args ca;
	int oc;

	cli_args_init(&ca, &command, argc, argv);
	while ((oc = cli_next(&ca, &v)) != CLI_END) {
		switch (oc) {
		case CLI_HELP:
			return GK_EXIT_OK;
		case 'm':
			msg = v;
			break;
		case O_POLICIES:
			dir = v;
			break;
		case O_AUTHOR:
			author = v;
			break;
		case O_DB:
			db = v;
			break;
		case O_AS_OF:
			if (cli_parse_date(v, "--as-of", &as_of))
				return GK_EXIT_ERROR;
			break;
		case CLI_ARG:
			return cli_fail("commit: unknown argument '%s'; see 'gongkai commit --help'", v);
		default:
			return GK_EXIT_ERROR;
		}
	}
	if (!msg || !*msg)
		return cli_fail("commit: say why with -m MESSAGE (auditors read it)");
	if (gk_source_git_dirty(dir, &dirty, &err))
		return cli_fail("%s", err.msg);
	if (!dirty)
		return cli_fail("commit: nothing to commit: the policy set '%s' has no changes", dir);
	if (gk_source_open_dir(&src, dir, &err) || gk_calendar_load(src, &cal, &err)) {
		printf(_("lint: %s\n"), err.msg);
		printf(_("refused: fix the problem above, then commit again\n"));
		rc = GK_EXIT_FINDINGS;
		goto done;
	}
	printf(_("lint:\n"));
	if (cli_lint_policies(src, cal, show, NULL, &problems, &err)) {
		cli_fail("%s", err.msg);
		goto done;
	}
	if (problems) {
		printf(_("refused: lint found %d problem%s (above); nothing was committed\n"),
		       problems, problems == 1 ? "" : "s");
		rc = GK_EXIT_FINDINGS;
		goto done;
	}
	printf(_("  no problems\ntests:\n"));
	po.src = src;
	if (gk_ptest_run(&po, &passed, &failed, &err)) {
		cli_fail("%s", err.msg);
		goto done;
	}
	printf(_("  %d passed, %d failed\n"), passed, failed);
	if (failed) {
		printf(_("refused: %d policy test%s failed (above); nothing was committed\n"), failed,
		       failed == 1 ? "" : "s");
		rc = GK_EXIT_FINDINGS;
		goto done;
	}
	if (db) {
		printf(_("impact on %s:\n"), db);
		if (cli_impact(db, dir, "HEAD", NULL, as_of, 1, &changes, &err)) {
			cli_fail("%s", err.msg);
			goto done;
		}
	}
	if (gk_policy_repo_commit(dir, msg, author, id, &err)) {
		cli_fail("%s", err.msg);
		goto done;
	}
	printf(_("committed %.12s: %s\n"), id, msg);
	rc = GK_EXIT_OK;
done:
	gk_calendar_free(cal);
	gk_source_free(src);
	return rc;
}

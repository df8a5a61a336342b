/*
 * cmd_verify.c - gongkai verify --db DB
 */
#include <stdio.h>

#include "../stores/db.h"
#include "cli.h"

static const char help[] =
	"usage: gongkai verify --db DB\n"
	"\n"
	"Every stored run carries a hash over itself and all its findings, chained\n"
	"to the previous run's hash.  verify recomputes the chain and reports each\n"
	"run whose record or findings were changed or deleted after the fact.  It\n"
	"prints the newest hash (the chain head): keep it outside the database, as\n"
	"only an outside copy reveals the newest run itself being deleted.\n"
	"\n"
	"exit status: 0 intact, 1 changes found, 2 error.\n";

static void report(void *ud, const char *msg)
{
	(void)ud;
	printf("%s\n", msg);
}

int cmd_verify(int argc, char **argv)
{
	const char *db = NULL, *v;
	gk_store *st = NULL;
	gk_error err = { 0 };
	char head[41];
	int runs, problems, rc;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(help, stdout);
			return GK_EXIT_OK;
		} else if ((v = cli_opt(argc, argv, &i, "--db"))) {
			db = v;
		} else {
			return cli_fail("verify: unknown argument '%s'; see 'gongkai verify --help'",
					argv[i]);
		}
	}
	db = cli_db_default(db);
	if (!db)
		return cli_fail("verify: --db is required");
	if (gk_store_open(&st, db, 0, &err) ||
	    gk_store_verify(st, report, NULL, &runs, &problems, head, &err)) {
		gk_store_close(st);
		return cli_fail("%s", err.msg);
	}
	gk_store_close(st);
	if (problems) {
		printf("%d of %d run%s fail verification in %s\n", problems, runs,
		       runs == 1 ? "" : "s", db);
		rc = GK_EXIT_FINDINGS;
	} else {
		printf("%d run%s verified in %s; chain head %s\n", runs, runs == 1 ? "" : "s",
		       db, runs ? head : "(no runs)");
		rc = GK_EXIT_OK;
	}
	return rc;
}

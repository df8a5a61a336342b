/*
 * cmd_verify.c - gongkai verify --db DB
 */
#include <stdio.h>

#include "../stores/db/db.h"
#include "../engine/i18n.h"
#include "cli.h"
#include "opts.h"

enum { O_DB = 256 };

static const cli_option options[] = {
	{ "db", 0, "DB", O_DB, N_("the database (default: db: of gongkai.yaml)") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"verify", options,
	N_("usage: gongkai verify --db DB\n"
	"\n"
	"Every stored run carries a hash over itself and all its findings, chained\n"
	"to the previous run's hash.  verify recomputes the chain and reports each\n"
	"run whose record or findings were changed or deleted after the fact, and\n"
	"each run that was never sealed (stored by a gongkai older than seals:\n"
	"nothing proves it unchanged).\n"
	"\n"
	"Whoever can write the database can also delete its newest run, or\n"
	"recompute every hash after a change.  So each run, once stored, also\n"
	"appends its hash to the chain log DB.chain beside the database (a text\n"
	"file, only ever appended to), and verify compares the two: a run the log\n"
	"has and the database lacks or holds with another hash, a run the log\n"
	"lacks, a missing log.  Back the log up with the database, move it with\n"
	"it, and keep a copy elsewhere (docs/operations.md).  verify also prints\n"
	"the newest hash (the chain head), for a copy outside both.\n"),
	N_("exit status: 0 intact, 1 changes found, 2 error.\n"),
	N_("argument"),
};

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
	char head[GK_SEAL_HEX + 1], note[4400];
	int runs, problems, rc;
	cli_args ca;
	int c;

	cli_args_init(&ca, &command, argc, argv);
	while ((c = cli_next(&ca, &v)) != CLI_END) {
		if (c == CLI_HELP)
			return GK_EXIT_OK;
		if (c == O_DB)
			db = v;
		else if (c == CLI_ARG)
			return cli_fail("verify: unknown argument '%s'; see 'gongkai verify --help'", v);
		else
			return GK_EXIT_ERROR;
	}
	db = cli_db_default(db);
	if (!db)
		return cli_fail("verify: --db is required");
	if (gk_store_open(&st, db, 0, &err) ||
	    gk_store_verify(st, report, NULL, &runs, &problems, head, note, sizeof(note), &err)) {
		gk_store_close(st);
		return cli_fail("%s", err.msg);
	}
	gk_store_close(st);
	if (*note)
		printf("%s\n", note);
	if (problems) {
		printf(_("%d of %d run%s fail verification in %s\n"), problems, runs,
		       runs == 1 ? "" : "s", db);
		rc = GK_EXIT_FINDINGS;
	} else {
		printf(_("%d run%s verified in %s; chain head %s\n"), runs, runs == 1 ? "" : "s",
		       db, runs ? head : "(no runs)");
		rc = GK_EXIT_OK;
	}
	return rc;
}

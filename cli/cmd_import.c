/*
 * cmd_import.c - gongkai import --db DB FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../stores/db.h"
#include "cli.h"

static const char help[] =
	"usage: gongkai import --db DB FILE...\n"
	"\n"
	"Loads records from CSV (.csv) or JSON Lines (.jsonl) files in the record\n"
	"interchange format into DB, creating it when missing.  Every row is\n"
	"checked first; any problem refuses the whole import, lists the problems\n"
	"as FILE:LINE: column 'x': problem, and leaves DB unchanged.  A record\n"
	"whose id already exists is replaced; the earlier version is kept in the\n"
	"record_history table.\n"
	"\n"
	"exit status: 0 imported, 2 refused or failed.\n";

static void report(void *ud, const char *msg)
{
	(void)ud;
	fprintf(stderr, "%s\n", msg);
}

int cmd_import(int argc, char **argv)
{
	const char *db = NULL;
	const char **files = calloc((size_t)argc, sizeof(char *));
	gk_store *st = NULL;
	gk_import_stats stats;
	gk_error err = { 0 };
	int nfiles = 0, rc = GK_EXIT_ERROR, creates = 0;

	if (!files)
		return cli_fail("out of memory");
	for (int i = 1; i < argc; i++) {
		const char *v;

		if (cli_is_help(argv[i])) {
			fputs(help, stdout);
			rc = GK_EXIT_OK;
			goto done;
		} else if ((v = cli_opt(argc, argv, &i, "--db"))) {
			db = v;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_fail("import: unknown option '%s'; see 'gongkai import --help'", argv[i]);
			goto done;
		} else {
			files[nfiles++] = argv[i];
		}
	}
	db = cli_db_default(db);
	if (!db || !nfiles) {
		cli_fail("import: %s; usage: gongkai import --db DB FILE...",
			 !db ? "--db is required" : "name at least one file");
		goto done;
	}
	/* A refused import into a new database leaves no database behind
	 * (nor the empty file a refused open leaves). */
	creates = access(db, F_OK) != 0;
	if (gk_store_open(&st, db, 1, &err)) {
		cli_fail("%s", err.msg);
		goto done;
	}
	if (gk_store_import(st, files, nfiles, report, NULL, &stats, &err)) {
		cli_fail("%s", err.msg);
		goto done;
	}
	/* Runs name the import they evaluated by this number (gongkai runs). */
	printf("imported %ld record%s into %s: %ld new, %ld replaced (earlier versions kept); "
	       "import %lld\n", stats.rows, stats.rows == 1 ? "" : "s", db, stats.inserted,
	       stats.replaced, (long long)stats.import_id);
	rc = GK_EXIT_OK;
done:
	gk_store_close(st);
	if (rc != GK_EXIT_OK && creates)
		gk_store_remove(db);
	free(files);
	return rc;
}

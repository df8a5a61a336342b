/*
 * cmd_import.c - gongkai import --db DB FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../stores/import/colmap.h"
#include "../stores/db/db.h"
#include "../stores/import/encoding.h"
#include "../engine/i18n.h"
#include "cli.h"
#include "opts.h"

enum { O_DB = 256, O_ENCODING, O_COLUMNS, O_SHEET };

static const cli_option options[] = {
	{ "db", 0, "DB", O_DB, N_("the database, created when missing (default: db: of\n"
	  "gongkai.yaml)") },
	{ "encoding", 0, "E", O_ENCODING, N_("read CSV files as E (utf-8, gb18030 or gbk) instead of\n"
	  "detecting it") },
	{ "columns", 0, "MAP", O_COLUMNS, N_("the source system's mapping of headers and values\n"
	  "(columns.yaml, see docs/records.md): a file, or J/NAME for\n"
	  "POLICIES/J/columns/NAME.yaml in the policy set") },
	{ "sheet", 0, "NAME", O_SHEET, N_("the sheet of an .xlsx to read (default: the first)") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"import", options,
	N_("usage: gongkai import --db DB [--encoding E] [--columns MAP] [--sheet NAME] FILE...\n"
	"\n"
	"Loads records into DB, creating it when missing, from\n"
	"  .csv    a spreadsheet saved as CSV: UTF-8 (with or without a byte-order\n"
	"          mark) or GB18030/GBK, as Chinese Excel and WPS save it; which one\n"
	"          is detected and said\n"
	"  .xlsx   an Excel or WPS workbook: the first sheet, or --sheet NAME\n"
	"  .jsonl  JSON Lines\n"
	"  .yaml   a task schedule (policies/quangang/tasks.yaml)\n"
	"in the record interchange format (docs/records.md).  Headers may be the\n"
	"column names or their Chinese names (索引号, 标题, 发布机构, 成文日期,\n"
	"发布日期 ...); a title row above the header and empty columns at the end\n"
	"are skipped; dates may be written 2021-01-19, 2021/1/19, 2021.1.19 or\n"
	"2021年1月19日, the jurisdiction by its Chinese name (泽州县).\n"
	"\n"
	"Every row is checked first; any problem refuses the whole import, lists\n"
	"the problems as FILE:LINE: column 'x': problem, and leaves DB unchanged.\n"
	"A record whose id already exists is replaced and the earlier version kept\n"
	"in the record_history table; one identical to the stored version is left\n"
	"alone (unchanged), so re-importing a full export adds only what changed.\n"),
	N_("exit status: 0 imported, 2 refused or failed.\n"),
	N_("option"),
};

static void report(void *ud, const char *msg)
{
	(void)ud;
	fprintf(stderr, "%s\n", msg);
}

static void say(void *ud, const char *msg)
{
	(void)ud;
	printf("%s\n", msg);
}

/* --columns MAP: a file, else J/NAME in the policy set's J/columns/. */
static int load_columns(const char *arg, gk_colmap **out, gk_error *err)
{
	char path[4096];
	size_t n = strlen(arg);

	if (access(arg, F_OK) == 0 || (n > 5 && !strcmp(arg + n - 5, ".yaml")) ||
	    (n > 4 && !strcmp(arg + n - 4, ".yml")) || !strchr(arg, '/'))
		return gk_colmap_load(arg, out, err);
	snprintf(path, sizeof(path), "%s/%.*s/columns/%s.yaml", cli_policies_default(),
		 (int)(strchr(arg, '/') - arg), arg, strchr(arg, '/') + 1);
	return gk_colmap_load(path, out, err);
}

int cmd_import(int argc, char **argv)
{
	const char *db = NULL;
	const char **files = calloc((size_t)argc, sizeof(char *));
	gk_store *st = NULL;
	gk_import_stats stats;
	gk_import_opts opts = { .note = say };
	gk_colmap *map = NULL;
	const char *columns = NULL;
	gk_error err = { 0 };
	int nfiles = 0, rc = GK_EXIT_ERROR, creates = 0, c;
	cli_args args;
	const char *v;

	if (!files)
		return cli_fail("out of memory");
	cli_args_init(&args, &command, argc, argv);
	while ((c = cli_next(&args, &v)) != CLI_END) {
		switch (c) {
		case CLI_HELP:
			rc = GK_EXIT_OK;
			goto done;
		case O_DB:
			db = v;
			break;
		case O_ENCODING:
			if ((opts.encoding = gk_encoding_parse(v)) < 0) {
				cli_fail("import: --encoding '%s': expected utf-8, gb18030 or gbk", v);
				goto done;
			}
			break;
		case O_COLUMNS:
			columns = v;
			break;
		case O_SHEET:
			opts.sheet = v;
			break;
		case CLI_ARG:
			files[nfiles++] = v;
			break;
		default:
			goto done;
		}
	}
	db = cli_db_default(db);
	if (!db || !nfiles) {
		cli_fail("import: %s; usage: gongkai import --db DB FILE...",
			 !db ? _("--db is required") : _("name at least one file"));
		goto done;
	}
	/* Jurisdictions may be written by their names (泽州县): those of the
	 * policy set's unit directories (a column mapping's defaults too). */
	cli_names_from_policies(cli_policies_default());
	if (columns && load_columns(columns, &map, &err)) {
		cli_fail("import: %s", err.msg);
		goto done;
	}
	opts.columns = map;
	/* A refused import into a new database leaves no database behind
	 * (nor the empty file a refused open leaves). */
	creates = access(db, F_OK) != 0;
	if (gk_store_open(&st, db, 1, &err)) {
		cli_fail("%s", err.msg);
		goto done;
	}
	if (gk_store_import(st, files, nfiles, &opts, report, NULL, &stats, &err)) {
		cli_fail("%s", err.msg);
		goto done;
	}
	/* Runs name the import they evaluated by this number (gongkai runs). */
	printf(_("imported %ld record%s into %s: %ld new, %ld replaced (earlier versions kept)"),
	       stats.rows, stats.rows == 1 ? "" : "s", db, stats.inserted, stats.replaced);
	if (stats.unchanged)
		printf(_(", %ld unchanged"), stats.unchanged);
	printf(_("; import %lld\n"), (long long)stats.import_id);
	rc = GK_EXIT_OK;
done:
	gk_store_close(st);
	if (rc != GK_EXIT_OK && creates)
		gk_store_remove(db);
	gk_colmap_free(map);
	free(files);
	return rc;
}

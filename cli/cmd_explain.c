/*
 * cmd_explain.c - gongkai explain --db DB RECORD_ID [--as-of DATE]
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "wire.h"

static const char help[] =
	"usage: gongkai explain --db DB [--policies DIR] [--rev REV | --worktree]\n"
	"                       [--as-of YYYY-MM-DD] RECORD_ID\n"
	"\n"
	"Prints, for every rule of the record's jurisdiction and kind, whether it\n"
	"applies, its verdict and why: for a deadline, the date that starts the\n"
	"clock, the weekends and holidays skipped, the make-up working days\n"
	"counted, the deadline and the outcome; for who must publish, the unit\n"
	"responsible and the principle that chose it.  Like run, it reads the\n"
	"committed policy set (HEAD or --rev) unless --worktree.  A deadline past\n"
	"the calendar's last year cannot be judged yet (无法判断), unless the\n"
	"record was published within the limit; one counted through a provisional\n"
	"year is marked 暂定.\n"
	"\n"
	"exit status: 0 explained, 2 error (no such record, a broken policy).\n";

static const char *rec_get(void *rec, enum gk_field f, size_t *len)
{
	return gk_rec_get(rec, f, len);
}

int cmd_explain(int argc, char **argv)
{
	const char *db = NULL, *dir = cli_policies_default(), *rev = NULL, *id = NULL, *v;
	gk_day as_of = cli_today();
	gk_source *src = NULL;
	cli_policyset ps = { 0 };
	gk_policy *p = NULL;
	gk_store *st = NULL;
	gk_register *reg = NULL;
	gk_cursor *cur = NULL;
	gk_rec *rec;
	gk_error err = { 0 };
	char asof[GK_DATE_LEN + 1];
	int rc = GK_EXIT_ERROR, s, worktree = 0;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(help, stdout);
			return GK_EXIT_OK;
		} else if ((v = cli_opt(argc, argv, &i, "--db"))) {
			db = v;
		} else if ((v = cli_opt(argc, argv, &i, "--policies"))) {
			dir = v;
		} else if ((v = cli_opt(argc, argv, &i, "--rev"))) {
			rev = v;
		} else if (strcmp(argv[i], "--worktree") == 0) {
			worktree = 1;
		} else if ((v = cli_opt(argc, argv, &i, "--as-of"))) {
			if (cli_parse_date(v, "--as-of", &as_of))
				return GK_EXIT_ERROR;
		} else if (argv[i][0] == '-') {
			return cli_fail("explain: unknown option '%s'; see 'gongkai explain --help'",
					argv[i]);
		} else if (!id) {
			id = argv[i];
		} else {
			return cli_fail("explain: give one record id");
		}
	}
	db = cli_db_default(db);
	if (!db || !id)
		return cli_fail("explain: usage: gongkai explain --db DB RECORD_ID");
	if (cli_committed_source(dir, rev, worktree, &src, &err) ||
	    cli_policyset_open(&ps, src, &err) || gk_store_open(&st, db, 0, &err) ||
	    cli_policy_load(st, &ps, &p, &reg, &err) || gk_cursor_open_id(&cur, db, id, &err))
		goto fail;
	s = gk_cursor_next(cur, &rec, &err);
	if (s < 0)
		goto fail;
	if (s == 0) {
		cli_fail("explain: no record '%s' in %s", id, db);
		goto done;
	}
	gk_date_format(as_of, asof);
	printf("记录 %s（%s，%s），截至 %s：\n政策版本：%s%s\n\n", id,
	       gk_rec_get(rec, GK_F_JURISDICTION, NULL), gk_rec_get(rec, GK_F_KIND, NULL), asof,
	       gk_source_describe(src),
	       strcmp(gk_source_revision(src), "worktree") ? "" : "（未提交的工作目录）");
	if (!gk_calendar_covers(ps.cal, as_of, &err) ||
	    gk_policy_explain(p, rec_get, rec, as_of, stdout, &err))
		goto fail;
	rc = GK_EXIT_OK;
	goto done;
fail:
	cli_fail("%s", err.msg);
done:
	gk_cursor_close(cur);
	gk_store_close(st);
	gk_register_free(reg);
	gk_policy_free(p);
	cli_policyset_close(&ps);
	gk_source_free(src);
	return rc;
}

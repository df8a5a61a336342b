/*
 * cmd_explain.c - gongkai explain --db DB RECORD_ID [--as-of DATE]
 */
#include <stdio.h>
#include <string.h>

#include "../engine/i18n.h"
#include "cli.h"
#include "opts.h"
#include "wire.h"

enum { O_DB = 256, O_POLICIES, O_REV, O_WORKTREE, O_AS_OF };

static const cli_option options[] = {
	{ "db", 0, "DB", O_DB, N_("the database (default: db: of gongkai.yaml)") },
	{ "policies", 0, "DIR", O_POLICIES, N_("the policy set (default: policies: of gongkai.yaml, else\n"
	  "$GONGKAI_POLICIES, else ./policies)") },
	{ "rev", 0, "REV", O_REV, N_("the policy set as committed at REV (default: HEAD)") },
	{ "worktree", 0, NULL, O_WORKTREE, N_("the folder as it is, uncommitted edits included") },
	{ "as-of", 0, "YYYY-MM-DD", O_AS_OF, N_("the date to judge as of (default: today)") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"explain", options,
	N_("usage: gongkai explain --db DB [--policies DIR] [--rev REV | --worktree]\n"
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
	"year is marked 暂定.\n"),
	N_("exit status: 0 explained, 2 error (no such record, a broken policy).\n"),
	N_("option"),
};

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
	cli_args ca;
	int c;

	cli_args_init(&ca, &command, argc, argv);
	while ((c = cli_next(&ca, &v)) != CLI_END) {
		switch (c) {
		case CLI_HELP:
			return GK_EXIT_OK;
		case O_DB:
			db = v;
			break;
		case O_POLICIES:
			dir = v;
			break;
		case O_REV:
			rev = v;
			break;
		case O_WORKTREE:
			worktree = 1;
			break;
		case O_AS_OF:
			if (cli_parse_date(v, "--as-of", &as_of))
				return GK_EXIT_ERROR;
			break;
		case CLI_ARG:
			if (id)
				return cli_fail("explain: give one record id");
			id = v;
			break;
		default:
			return GK_EXIT_ERROR;
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

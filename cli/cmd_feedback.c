/*
 * cmd_feedback.c - gongkai feedback --db DB FILE.xlsx...: read the units'
 * answers on their returned work lists (stores/db/feedback.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/i18n.h"
#include "../engine/date.h"
#include "../stores/db/db.h"
#include "../stores/db/feedback.h"
#include "../stores/import/sheet.h"
#include "../stores/import/xlsx_read.h"
#include "cli.h"
#include "opts.h"

enum { O_DB = 256 };

static const cli_option options[] = {
	{ "db", 0, "DB", O_DB, N_("the database (default: db: of gongkai.yaml)") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"feedback", options,
	N_("usage: gongkai feedback --db DB FILE.xlsx...\n"
	"\n"
	"Reads the work lists the units send back (the .xlsx of 'gongkai report\n"
	"--by-unit', filled in) and stores each answer with its finding: 整改情况\n"
	"(已整改, 整改中 or 有异议), 整改日期 (required with 已整改) and 备注.\n"
	"Answers are kept beside the runs and never change them; an answer the\n"
	"same as the one stored before is not stored again.  'gongkai findings'\n"
	"and the HTML report show the latest answer on each finding, and call out\n"
	"a finding answered 已整改 that a later run still finds.\n"
	"\n"
	"Every row is checked first: any problem (a row moved from another list,\n"
	"an answer not in the list, a missing date) refuses all the files, lists\n"
	"the problems as FILE:ROW: column X: problem, and stores nothing.\n"),
	N_("exit status: 0 read, 2 refused or failed.\n"),
	N_("option"),
};

#define MAX_PROBLEMS 20

enum { H_REF, H_RECORD, H_STATUS, H_DATE, H_NOTE, NH };

static const char *const headers[NH] = {
	GK_FEEDBACK_REF, GK_FEEDBACK_RECORD, GK_FEEDBACK_STATUS, GK_FEEDBACK_DATE,
	GK_FEEDBACK_NOTE,
};

struct fb_read {
	gk_store *st;
	const char *file;
	int col[NH];              /* the column of each header, 0 before the header */
	long answers, stored, blank;
	int problems;
};

static int problem(struct fb_read *r, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Report one problem of the file; GK_EINVAL past the limit. */
static int problem(struct fb_read *r, int line, int col, const char *fmt, ...)
{
	char letters[8] = "";
	va_list ap;

	r->problems++;
	if (r->problems > MAX_PROBLEMS)
		return GK_EINVAL;
	if (col)
		gk_sheet_col_letters(col, letters);
	fprintf(stderr, "%s:%d: ", r->file, line);
	if (col)
		fprintf(stderr, _("column %s: "), letters);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	return r->problems == MAX_PROBLEMS ? GK_EINVAL : 0;
}

static const char *cell_of(const gk_row *row, int col)
{
	for (int i = 0; col && i < row->ncells; i++)
		if (row->cells[i].col == col) {
			const char *v = row->cells[i].val;

			while (*v == ' ')
				v++;
			return *v ? v : NULL;
		}
	return NULL;
}

static int find_header(struct fb_read *r, const gk_row *row)
{
	for (int i = 0; i < row->ncells; i++)
		for (int h = 0; h < NH; h++)
			if (strcmp(row->cells[i].val, headers[h]) == 0 && !r->col[h])
				r->col[h] = row->cells[i].col;
	if (r->col[H_REF] && r->col[H_STATUS])
		return 1;
	memset(r->col, 0, sizeof(r->col));
	return 0;
}

static int fb_answer(void *ud, const gk_row *row, gk_error *err)
{
	struct fb_read *r = ud;
	const char *ref, *status, *date, *note;
	char iso[GK_DATE_LEN + 1];
	gk_feedback fb;
	gk_error e = { 0 };
	int ok = 0, stored;
	gk_day day;

	(void)err;
	if (!r->col[H_REF])
		return find_header(r, row), 0;
	if (!(ref = cell_of(row, r->col[H_REF])))
		return 0;
	status = cell_of(row, r->col[H_STATUS]);
	date = cell_of(row, r->col[H_DATE]);
	note = cell_of(row, r->col[H_NOTE]);
	if (!status && !date && !note) {
		r->blank++;
		return 0;
	}
	r->answers++;
	if (!status)
		return problem(r, row->line, r->col[H_STATUS], "%s is empty: choose 已整改, 整改中 "
			       "or 有异议", GK_FEEDBACK_STATUS);
	for (int i = 0; gk_feedback_statuses[i]; i++)
		ok |= strcmp(status, gk_feedback_statuses[i]) == 0;
	if (!ok)
		return problem(r, row->line, r->col[H_STATUS], "%s '%s' is not 已整改, 整改中 or "
			       "有异议", GK_FEEDBACK_STATUS, status);
	if (date) {
		/* A date Excel did not format as one: its serial number. */
		char *end;
		double serial = strtod(date, &end);

		if (!((*end == '\0' && gk_date_from_excel(serial, &day) == 0) ||
		      gk_date_parse_loose(date, strlen(date), &day) == 0))
			return problem(r, row->line, r->col[H_DATE], "%s '%s' is not a date: expected "
				       "YYYY-MM-DD (or 2021/1/19, 2021年1月19日)", GK_FEEDBACK_DATE,
				       date);
		gk_date_format(day, iso);
	} else if (strcmp(status, GK_FEEDBACK_FIXED) == 0) {
		return problem(r, row->line, r->col[H_DATE], "%s is empty: an item 已整改 needs "
			       "the date it was fixed", GK_FEEDBACK_DATE);
	}
	fb = (gk_feedback){ r->file, row->line, ref, cell_of(row, r->col[H_RECORD]), status,
			    date ? iso : NULL, note };
	if (gk_store_feedback_add(r->st, &fb, &stored, &e)) {
		if (e.code != GK_EINVAL)
			return gk_error_set(err, e.code, "%s", e.msg);
		return problem(r, row->line, r->col[H_REF], "%s", e.msg);
	}
	r->stored += stored;
	return 0;
}

/* One row; too many problems stop the reading of the file. */
static int fb_row(void *ud, const gk_row *row, gk_error *err)
{
	int rc = fb_answer(ud, row, err);

	if (rc == GK_EINVAL && err->code != GK_EINVAL)
		gk_error_set(err, GK_EINVAL, "too many problems");
	return rc;
}

int cmd_feedback(int argc, char **argv)
{
	const char *db = NULL, *v;
	const char **files = calloc((size_t)argc, sizeof(char *));
	struct fb_read r = { 0 };
	gk_store *st = NULL;
	gk_error err = { 0 };
	long answers = 0, stored = 0;
	int nfiles = 0, rc = GK_EXIT_ERROR;
	cli_args ca;
	int oc;

	if (!files)
		return cli_fail("out of memory");
	cli_args_init(&ca, &command, argc, argv);
	while ((oc = cli_next(&ca, &v)) != CLI_END) {
		if (oc == CLI_HELP) {
			rc = GK_EXIT_OK;
			goto done;
		}
		if (oc == O_DB)
			db = v;
		else if (oc == CLI_ARG)
			files[nfiles++] = v;
		else
			goto done;
	}
	if (!(db = cli_db_default(db)) || !nfiles) {
		cli_fail("feedback: %s; usage: gongkai feedback --db DB FILE.xlsx...",
			 !db ? _("--db is required (or db: in gongkai.yaml)")
			 : _("name a returned work list"));
		goto done;
	}
	if (gk_store_open(&st, db, 0, &err) || gk_store_begin(st, &err))
		goto fail;
	r.st = st;
	for (int i = 0; i < nfiles && r.problems < MAX_PROBLEMS; i++) {
		memset(r.col, 0, sizeof(r.col));
		r.file = files[i];
		r.answers = r.stored = r.blank = 0;
		if (!gk_xlsx_is(files[i])) {
			problem(&r, 1, 0, "a returned work list is the .xlsx 'gongkai report "
				"--by-unit' wrote, filled in");
			continue;
		}
		gk_error_clear(&err);
		if (gk_xlsx_read(files[i], NULL, fb_row, &r, NULL, &err)) {
			if (err.code != GK_EINVAL)
				goto fail;
			if (r.problems < MAX_PROBLEMS) {
				r.problems++;
				fprintf(stderr, "%s\n", err.msg);
			}
			continue;
		}
		if (!r.col[H_REF]) {
			problem(&r, 1, 0, "no header row with %s and %s: is it a work list of "
				"'gongkai report --by-unit'?", GK_FEEDBACK_REF, GK_FEEDBACK_STATUS);
			continue;
		}
		printf(_("%s: %ld answer%s, %ld new (%ld item%s not answered)\n"), files[i], r.answers,
		       r.answers == 1 ? "" : "s", r.stored, r.blank, r.blank == 1 ? "" : "s");
		answers += r.answers;
		stored += r.stored;
	}
	if (r.problems) {
		gk_store_rollback(st);
		cli_fail("feedback refused: %d problem%s%s; nothing was stored", r.problems,
			 r.problems == 1 ? "" : "s", r.problems >= MAX_PROBLEMS ? _(" (stopped counting)") : "");
		goto done;
	}
	if (gk_store_commit(st, &err))
		goto fail;
	printf(_("stored %ld answer%s in %s (%ld the same as before)\n"), stored,
	       stored == 1 ? "" : "s", db, answers - stored);
	rc = GK_EXIT_OK;
	goto done;
fail:
	cli_fail("%s", err.msg);
done:
	gk_store_close(st);
	free(files);
	return rc;
}

/* feedback.c - see feedback.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../engine/i18n.h"
#include "db_impl.h"
#include "feedback.h"

const char *const gk_feedback_statuses[] = { GK_FEEDBACK_FIXED, "整改中", "有异议", NULL };

void gk_feedback_ref(const gk_finding *f, char *buf, size_t n)
{
	int soon = f->status && strcmp(f->status, "due_soon") == 0;

	snprintf(buf, n, "%c%lld", soon ? 'D' : 'F', (long long)f->id);
}

int gk_feedback_disputed(const gk_finding *f)
{
	int open = f->status && (strcmp(f->status, "new") == 0 ||
				 strcmp(f->status, "persisting") == 0);

	return open && f->fb_status && strcmp(f->fb_status, GK_FEEDBACK_FIXED) == 0 &&
	       f->fb_run && f->fb_run < f->run_id;
}

/* Same text, NULL being the empty text. */
static int same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

int gk_store_feedback_add(gk_store *st, const gk_feedback *fb, int *stored, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	char *end, at[32];
	long long id;
	int soon, rc = 0;
	time_t now = time(NULL);
	struct tm tm;

	*stored = 0;
	soon = fb->ref[0] == 'D';
	id = (fb->ref[0] == 'F' || soon) && fb->ref[1] ? strtoll(fb->ref + 1, &end, 10) : 0;
	if (!id || *end || id < 1)
		return gk_error_set(err, GK_EINVAL, "'%s' is not a number of this list (F12, D3): "
				    "return the list with its 问题编号 as written", fb->ref);
	if ((rc = gk_db_prepare(st, soon ?
				"SELECT run_id, jurisdiction, rule, 'deadline', record_id, NULL, unit "
				"FROM due_soon WHERE id = ?" :
				"SELECT run_id, jurisdiction, rule, category, record_id, period, unit "
				"FROM findings WHERE id = ?", &q, err)))
		return rc;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) != SQLITE_ROW) {
		rc = gk_error_set(err, GK_EINVAL, "%s names no %s in '%s': is the list from another "
				  "database?", fb->ref, soon ? _("deadline due soon") : "finding",
				  st->path);
		goto cleanup;
	}
	{
		const char *rec = (const char *)sqlite3_column_text(q, 4);
		const char *period = (const char *)sqlite3_column_text(q, 5);
		const char *what = rec ? rec : period;

		if (!same(what, fb->record)) {
			rc = gk_error_set(err, GK_EINVAL, "%s is the %s of %s, but the row says '%s': "
					  "return the rows as the list gave them", fb->ref,
					  soon ? "deadline" : "finding", what ? what : "?",
					  fb->record ? fb->record : "");
			goto cleanup;
		}
	}
	{
		sqlite3_stmt *last = NULL;
		int unchanged = 0;

		if ((rc = gk_db_prepare(st, soon ?
					"SELECT status, fixed_on, note FROM feedback WHERE due_id = ? "
					"ORDER BY id DESC LIMIT 1" :
					"SELECT status, fixed_on, note FROM feedback WHERE finding_id = ? "
					"ORDER BY id DESC LIMIT 1", &last, err)))
			goto cleanup;
		sqlite3_bind_int64(last, 1, id);
		if (sqlite3_step(last) == SQLITE_ROW)
			unchanged = same((const char *)sqlite3_column_text(last, 0), fb->status) &&
				    same((const char *)sqlite3_column_text(last, 1), fb->fixed_on) &&
				    same((const char *)sqlite3_column_text(last, 2), fb->note);
		sqlite3_finalize(last);
		if (unchanged)
			goto cleanup;
	}
	{
		sqlite3_stmt *ins = NULL;

		gmtime_r(&now, &tm);
		strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
		if ((rc = gk_db_prepare(st, "INSERT INTO feedback(received_at, file, line, run_id, "
					"finding_id, due_id, jurisdiction, rule, category, record_id, "
					"period, unit, status, fixed_on, note) "
					"VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &ins, err)))
			goto cleanup;
		sqlite3_bind_text(ins, 1, at, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 2, fb->file, -1, SQLITE_STATIC);
		sqlite3_bind_int(ins, 3, fb->line);
		sqlite3_bind_value(ins, 4, sqlite3_column_value(q, 0));
		if (soon)
			sqlite3_bind_int64(ins, 6, id);
		else
			sqlite3_bind_int64(ins, 5, id);
		for (int i = 1; i <= 6; i++)
			sqlite3_bind_value(ins, 6 + i, sqlite3_column_value(q, i));
		sqlite3_bind_text(ins, 13, fb->status, -1, SQLITE_STATIC);
		if (fb->fixed_on)
			sqlite3_bind_text(ins, 14, fb->fixed_on, -1, SQLITE_STATIC);
		if (fb->note)
			sqlite3_bind_text(ins, 15, fb->note, -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = gk_db_error(err, st->db, st->path, "cannot store feedback in");
		else
			*stored = 1;
		sqlite3_finalize(ins);
	}
cleanup:
	sqlite3_finalize(q);
	return rc;
}

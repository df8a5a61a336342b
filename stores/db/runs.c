/*
 * runs.c - storing a run: its row, its findings and early warnings, its
 * counts, then its seal.
 */
#include "../../engine/textcap.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "db_impl.h"

/* ---- runs and findings ----------------------------------------------- */

int gk_store_run_start(gk_store *st, gk_run_info *info, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	char asof[GK_DATE_LEN + 1];
	int rc;

	gk_db_now_iso(info->started_at, sizeof(info->started_at));
	gk_date_format(info->as_of, asof);
	snprintf(st->as_of, sizeof(st->as_of), "%s", asof);
	st->n_new = st->n_persisting = st->n_due_soon = 0;
	gk_baseline_free(st);
	info->layout = 4;
	info->baseline = 0;
	if ((rc = gk_db_prepare(st,
			  "INSERT INTO runs(started_at, as_of, policy_source, policy_revision, "
			  "policy_digest, scope, jobs, last_import, layout, warn_days, "
			  "calendar_first, calendar_last, calendar_provisional, warn_until, "
			  "warn_cut_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, 4, "
			  "?, ?, ?, ?, ?, ?)", &q, err)))
		return rc;
	sqlite3_bind_text(q, 1, info->started_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, asof, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, info->policy_source, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, info->policy_revision, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, info->policy_digest, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, info->scope, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 7, info->jobs);
	if (info->last_import > 0)
		sqlite3_bind_int64(q, 8, info->last_import);
	else
		sqlite3_bind_null(q, 8);
	sqlite3_bind_int(q, 9, info->warn_days);
	sqlite3_bind_int(q, 10, info->cal_first);
	sqlite3_bind_int(q, 11, info->cal_last);
	sqlite3_bind_text(q, 12, info->cal_provisional[0] ? info->cal_provisional : NULL, -1,
			  SQLITE_STATIC);
	if (info->warn_days > 0) {
		char until[GK_DATE_LEN + 1];

		gk_date_format(info->warn_until, until);
		sqlite3_bind_text(q, 13, until, -1, SQLITE_TRANSIENT);
		if (info->warn_capped)
			sqlite3_bind_text(q, 14, until, -1, SQLITE_TRANSIENT);
	}
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = gk_db_error(err, st->db, st->path, "cannot record the run in");
	info->id = sqlite3_last_insert_rowid(st->db);
	sqlite3_finalize(q);
	if (!rc && info->compare)
		rc = gk_baseline_load(st, info->id, info->scope,
				      strcmp(info->policy_revision, "worktree") != 0,
				      &info->baseline, err);
	return rc;
}

int gk_store_run_finish(gk_store *st, gk_run_info *info, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = 0;

	info->n_resolved = 0;
	if (info->compare && (rc = gk_baseline_finish(st, info->id, &info->n_resolved, err)))
		return rc;
	info->n_new = st->n_new;
	info->n_persisting = st->n_persisting;
	info->n_due_soon = st->n_due_soon;
	if ((rc = gk_db_prepare(st,
				"UPDATE runs SET finished_at = ?, records = ?, rules = ?, findings = ?, "
				"baseline = ?, n_new = ?, n_persisting = ?, n_resolved = ?, "
				"n_due_soon = ?, n_waived = ? WHERE id = ?", &q, err)))
		return rc;
	sqlite3_bind_text(q, 1, info->finished_at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, info->records);
	sqlite3_bind_int64(q, 3, info->rules);
	sqlite3_bind_int64(q, 4, info->findings);
	if (info->baseline)
		sqlite3_bind_int64(q, 5, info->baseline);
	else
		sqlite3_bind_null(q, 5);
	sqlite3_bind_int64(q, 6, info->n_new);
	sqlite3_bind_int64(q, 7, info->n_persisting);
	sqlite3_bind_int64(q, 8, info->n_resolved);
	sqlite3_bind_int64(q, 9, info->n_due_soon);
	sqlite3_bind_int64(q, 10, info->waived);
	sqlite3_bind_int64(q, 11, info->id);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = gk_db_error(err, st->db, st->path, "cannot record the run in");
	sqlite3_finalize(q);
	gk_baseline_free(st);
	if (!rc)
		rc = gk_db_seal_run(st, info->id, err);
	return rc;
}

/*
 * s as a finding stores it: at most GK_FINDING_TEXT_MAX bytes, cut between
 * characters and marked with "…" when longer, and never ending inside a
 * character (a message cut short by its buffer can).  s itself when it is
 * fine, else a copy in buf (GK_FINDING_TEXT_MAX + 1 bytes).
 */
static const char *capped(const char *s, char *buf)
{
	size_t n, lead, need;
	int cut;

	if (!s)
		return NULL;
	n = strnlen(s, GK_FINDING_TEXT_MAX + 1);
	cut = n > GK_FINDING_TEXT_MAX;
	if (cut)
		n = GK_FINDING_TEXT_MAX - strlen("…");
	/* The last character's lead byte, and whether all of it is there. */
	lead = n;
	while (lead > 0 && n - lead < 4 && ((unsigned char)s[lead - 1] & 0xc0) == 0x80)
		lead--;
	if (lead > 0 && (unsigned char)s[lead - 1] >= 0xc0) {
		unsigned char c = (unsigned char)s[lead - 1];

		need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		if (n - (lead - 1) < need)
			n = lead - 1;
	}
	if (!cut && s[n] == '\0')
		return s;
	memcpy(buf, s, n);
	snprintf(buf + n, GK_FINDING_TEXT_MAX + 1 - n, "%s", cut ? "…" : "");
	return buf;
}

/* The texts of f as they are stored (see capped); bufs[5] of
 * GK_FINDING_TEXT_MAX + 1 bytes each. */
static gk_finding capped_finding(const gk_finding *f, char (*bufs)[GK_FINDING_TEXT_MAX + 1])
{
	gk_finding c = *f;

	c.record_id = capped(f->record_id, bufs[0]);
	c.message = capped(f->message, bufs[1]);
	c.basis = capped(f->basis, bufs[2]);
	c.unit = capped(f->unit, bufs[3]);
	c.waiver = capped(f->waiver, bufs[4]);
	return c;
}

int gk_store_finding_add(gk_store *st, int64_t run_id, const gk_finding *in,
			 gk_error *err)
{
	char bufs[5][GK_FINDING_TEXT_MAX + 1];
	gk_finding cf = capped_finding(in, bufs);
	const gk_finding *f = &cf;
	sqlite3_stmt *q;
	char due[GK_DATE_LEN + 1];
	const char *status, *first_seen;

	if (!st->finding_q &&
	    gk_db_prepare(st, "INSERT INTO findings(run_id, seq, record_id, jurisdiction, "
		    "rule, category, message, basis, due_on, period, waiver, status, first_seen, "
		    "unit, provisional) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		    &st->finding_q, err))
		return GK_EIO;
	gk_baseline_match(st, f, &status, &first_seen);
	if (*status == 'n')
		st->n_new++;
	else
		st->n_persisting++;
	q = st->finding_q;
	sqlite3_reset(q);
	sqlite3_bind_int64(q, 1, run_id);
	sqlite3_bind_int64(q, 2, f->seq);
	sqlite3_bind_text(q, 3, f->record_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, f->jurisdiction, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, f->rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, f->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, f->message, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 8, f->basis, -1, SQLITE_STATIC);
	if (f->has_due) {
		gk_date_format(f->due_on, due);
		sqlite3_bind_text(q, 9, due, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(q, 9);
	}
	sqlite3_bind_text(q, 10, f->period, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 11, f->waiver, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 12, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 13, first_seen, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 14, f->unit, -1, SQLITE_STATIC);
	if (f->provisional)
		sqlite3_bind_int(q, 15, 1);
	else
		sqlite3_bind_null(q, 15);
	if (sqlite3_step(q) != SQLITE_DONE)
		return gk_db_error(err, st->db, st->path, "cannot write a finding to");
	return 0;
}

int gk_store_due_add(gk_store *st, int64_t run_id, const gk_finding *in, int days_left,
		     gk_error *err)
{
	char bufs[5][GK_FINDING_TEXT_MAX + 1];
	gk_finding cf = capped_finding(in, bufs);
	const gk_finding *f = &cf;
	sqlite3_stmt *q;
	char due[GK_DATE_LEN + 1];

	if (!st->due_q &&
	    gk_db_prepare(st, "INSERT INTO due_soon(run_id, seq, record_id, jurisdiction, rule, "
		    "message, basis, due_on, days_left, unit, provisional) "
		    "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st->due_q, err))
		return GK_EIO;
	q = st->due_q;
	sqlite3_reset(q);
	gk_date_format(f->due_on, due);
	sqlite3_bind_int64(q, 1, run_id);
	sqlite3_bind_int64(q, 2, f->seq);
	sqlite3_bind_text(q, 3, f->record_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, f->jurisdiction, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, f->rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, f->message, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, f->basis, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 8, due, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 9, days_left);
	sqlite3_bind_text(q, 10, f->unit, -1, SQLITE_STATIC);
	if (f->provisional)
		sqlite3_bind_int(q, 11, 1);
	else
		sqlite3_bind_null(q, 11);
	if (sqlite3_step(q) != SQLITE_DONE)
		return gk_db_error(err, st->db, st->path, "cannot write an early warning to");
	st->n_due_soon++;
	return 0;
}

int gk_store_findings(gk_store *st, int64_t run_id, gk_finding_fn fn, void *ud,
		      gk_error *err)
{
	gk_query q = { .run_id = run_id };

	return gk_store_query(st, &q, fn, ud, err);
}

int gk_store_run_get(gk_store *st, int64_t run_id, gk_run_info *info, int64_t *last_import,
		     char *source, size_t srcsz, char *revision, size_t revsz, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	memset(info, 0, sizeof(*info));
	if ((rc = gk_db_prepare(st, "SELECT as_of, policy_source, policy_revision, policy_digest, scope, "
			  "findings, last_import, layout, calendar_first, calendar_last, "
			  "calendar_provisional, warn_days, warn_until, warn_cut_at FROM runs WHERE id = ?",
			  &q, err)))
		return rc;
	sqlite3_bind_int64(q, 1, run_id);
	if (sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_finalize(q);
		return gk_error_set(err, GK_EINVAL, "there is no run %lld in '%s' (gongkai runs are "
				    "numbered from 1)", (long long)run_id, st->path);
	}
	info->id = run_id;
	gk_date_parse((const char *)sqlite3_column_text(q, 0), 10, &info->as_of);
	snprintf(source, srcsz, "%s", (const char *)sqlite3_column_text(q, 1));
	snprintf(revision, revsz, "%s", (const char *)sqlite3_column_text(q, 2));
	snprintf(info->policy_digest, sizeof(info->policy_digest), "%s",
		 (const char *)sqlite3_column_text(q, 3));
	snprintf(info->scope, sizeof(info->scope), "%s", (const char *)sqlite3_column_text(q, 4));
	info->findings = (long)sqlite3_column_int64(q, 5);
	*last_import = sqlite3_column_type(q, 6) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, 6);
	gk_store_run_calendar(info, q, 7);
	sqlite3_finalize(q);
	return 0;
}


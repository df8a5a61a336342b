/*
 * runs.c - storing a run: its row, then each finding, early warning and
 * resolved finding as the run hands it on, with the seal folded over the
 * rows as they are written (layout 5 and on, seal.c), then the counts and the
 * seal itself.  The store keeps what it is given: the engine has already
 * judged, cut, compared and answered every finding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <git2.h>

#include "db_impl.h"

enum { CHAIN_FINDINGS, CHAIN_DUE, CHAIN_RESOLVED };

void gk_db_run_end(gk_store *st)
{
	for (int i = 0; i < 3; i++)
		gk_fold_release(&st->chain[i]);
	if (st->run_id)
		git_libgit2_shutdown();
	st->run_id = 0;
}

int gk_store_run_start(gk_store *st, gk_run_info *info, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	char asof[GK_DATE_LEN + 1];
	int rc;

	gk_db_run_end(st);
	gk_date_format(info->as_of, asof);
	info->layout = SEAL_LAYOUT;
	if ((rc = gk_db_prepare(st,
			  "INSERT INTO runs(started_at, as_of, policy_source, policy_revision, "
			  "policy_digest, scope, jobs, last_import, layout, warn_days, "
			  "calendar_first, calendar_last, calendar_provisional, warn_until, "
			  "warn_cut_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, " SEAL_LAYOUT_SQL ", "
			  "?, ?, ?, ?, ?, ?)", &q, err)))
		return rc;
	if (!info->started_at[0])
		gk_db_now_iso(info->started_at, sizeof(info->started_at));
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
	if (rc)
		return rc;
	git_libgit2_init();
	st->run_id = info->id;
	for (int i = 0; i < 3; i++) {
		st->chain[i].sha256 = 1;
		gk_fold_start(&st->chain[i], "");
	}
	return 0;
}

static void bind_text(sqlite3_stmt *q, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, i);
}

/* A text column of a row as the seal reads it back. */
static void fold_text(gk_fold *f, const char *s)
{
	gk_fold_col(f, s, s ? strlen(s) : 0);
}

int gk_store_finding_add(gk_store *st, gk_finding *f, gk_error *err)
{
	sqlite3_stmt *q;
	gk_fold *h = &st->chain[CHAIN_FINDINGS];
	char due[GK_DATE_LEN + 1];
	const char *status = f->status ? f->status : GK_STATUS_NEW;

	if (!st->finding_q &&
	    gk_db_prepare(st, "INSERT INTO findings(run_id, seq, record_id, jurisdiction, "
		    "rule, category, message, basis, due_on, period, waiver, status, first_seen, "
		    "unit, provisional, severity) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		    "?)", &st->finding_q, err))
		return GK_EIO;
	q = st->finding_q;
	sqlite3_reset(q);
	if (f->has_due)
		gk_date_format(f->due_on, due);
	sqlite3_bind_int64(q, 1, st->run_id);
	sqlite3_bind_int64(q, 2, f->seq);
	bind_text(q, 3, f->record_id);
	bind_text(q, 4, f->jurisdiction);
	bind_text(q, 5, f->rule);
	bind_text(q, 6, f->category);
	bind_text(q, 7, f->message);
	bind_text(q, 8, f->basis);
	bind_text(q, 9, f->has_due ? due : NULL);
	bind_text(q, 10, f->period);
	bind_text(q, 11, f->waiver);
	bind_text(q, 12, status);
	bind_text(q, 13, f->first_seen);
	bind_text(q, 14, f->unit);
	if (f->provisional)
		sqlite3_bind_int(q, 15, 1);
	else
		sqlite3_bind_null(q, 15);
	bind_text(q, 16, gk_severity_names[gk_finding_severity(f)]);
	if (sqlite3_step(q) != SQLITE_DONE)
		return gk_db_error(err, st->db, st->path, "cannot write a finding to");
	f->id = sqlite3_last_insert_rowid(st->db);
	f->run_id = st->run_id;
	/* The row as verify reads it back (FINDING_COLUMNS_V6). */
	gk_fold_int(h, f->id);
	gk_fold_int(h, st->run_id);
	gk_fold_int(h, f->seq);
	fold_text(h, f->record_id);
	fold_text(h, f->jurisdiction);
	fold_text(h, f->rule);
	fold_text(h, f->category);
	fold_text(h, f->message);
	fold_text(h, f->basis);
	fold_text(h, f->has_due ? due : NULL);
	fold_text(h, f->period);
	fold_text(h, f->waiver);
	fold_text(h, f->unit);
	fold_text(h, status);
	fold_text(h, f->first_seen);
	fold_text(h, f->provisional ? "1" : NULL);
	fold_text(h, gk_severity_names[gk_finding_severity(f)]);
	gk_fold_row(h);
	return 0;
}

int gk_store_due_add(gk_store *st, gk_finding *f, gk_error *err)
{
	sqlite3_stmt *q;
	gk_fold *h = &st->chain[CHAIN_DUE];
	char due[GK_DATE_LEN + 1];

	if (!st->due_q &&
	    gk_db_prepare(st, "INSERT INTO due_soon(run_id, seq, record_id, jurisdiction, rule, "
		    "message, basis, due_on, days_left, unit, provisional, severity) "
		    "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st->due_q, err))
		return GK_EIO;
	q = st->due_q;
	sqlite3_reset(q);
	gk_date_format(f->due_on, due);
	sqlite3_bind_int64(q, 1, st->run_id);
	sqlite3_bind_int64(q, 2, f->seq);
	bind_text(q, 3, f->record_id);
	bind_text(q, 4, f->jurisdiction);
	bind_text(q, 5, f->rule);
	bind_text(q, 6, f->message);
	bind_text(q, 7, f->basis);
	bind_text(q, 8, due);
	sqlite3_bind_int(q, 9, f->days_left);
	bind_text(q, 10, f->unit);
	if (f->provisional)
		sqlite3_bind_int(q, 11, 1);
	else
		sqlite3_bind_null(q, 11);
	bind_text(q, 12, gk_severity_names[gk_finding_severity(f)]);
	if (sqlite3_step(q) != SQLITE_DONE)
		return gk_db_error(err, st->db, st->path, "cannot write an early warning to");
	f->id = sqlite3_last_insert_rowid(st->db);
	f->run_id = st->run_id;
	/* DUE_COLUMNS_V6 */
	gk_fold_int(h, f->id);
	gk_fold_int(h, st->run_id);
	gk_fold_int(h, f->seq);
	fold_text(h, f->record_id);
	fold_text(h, f->jurisdiction);
	fold_text(h, f->rule);
	fold_text(h, f->message);
	fold_text(h, f->basis);
	fold_text(h, due);
	gk_fold_int(h, f->days_left);
	fold_text(h, f->unit);
	fold_text(h, f->provisional ? "1" : NULL);
	fold_text(h, gk_severity_names[gk_finding_severity(f)]);
	gk_fold_row(h);
	return 0;
}

int gk_store_resolved_add(gk_store *st, int64_t finding_id, gk_error *err)
{
	gk_fold *h = &st->chain[CHAIN_RESOLVED];

	if (!st->resolved_q &&
	    gk_db_prepare(st, "INSERT INTO resolved(run_id, finding_id) VALUES(?, ?)",
			  &st->resolved_q, err))
		return GK_EIO;
	sqlite3_reset(st->resolved_q);
	sqlite3_bind_int64(st->resolved_q, 1, st->run_id);
	sqlite3_bind_int64(st->resolved_q, 2, finding_id);
	if (sqlite3_step(st->resolved_q) != SQLITE_DONE)
		return gk_db_error(err, st->db, st->path, "cannot write the resolved findings to");
	gk_fold_int(h, st->run_id);
	gk_fold_int(h, finding_id);
	gk_fold_row(h);
	return 0;
}

int gk_store_run_finish(gk_store *st, gk_run_info *info, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	const char *ends[3];
	int rc = 0;

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
	for (int i = 0; i < 3 && !rc; i++)
		if (!(ends[i] = gk_fold_end(&st->chain[i])))
			rc = GK_OOM(err);
	if (!rc)
		rc = gk_db_seal_run(st, info->id, ends, err);
	gk_db_run_end(st);
	return rc;
}

/* ---- the store as a run's sink (ports.h) -------------------------------- */

static gk_store *sink_store(gk_sink *s)
{
	return s->ud;
}

static int sink_start(gk_sink *s, gk_run_info *info, int lanes, gk_error *err)
{
	(void)lanes;
	return gk_store_run_start(sink_store(s), info, err);
}

static int sink_put(gk_sink *s, int lane, gk_finding *f, gk_error *err)
{
	gk_store *st = sink_store(s);

	(void)lane;
	if (!f->status || *f->status == 'n' || *f->status == 'p')
		return gk_store_finding_add(st, f, err);
	if (gk_finding_is_due(f))
		return gk_store_due_add(st, f, err);
	return gk_store_resolved_add(st, f->id, err);
}

static int sink_finish(gk_sink *s, gk_run_info *info, gk_error *err)
{
	return gk_store_run_finish(sink_store(s), info, err);
}

static void sink_abort(gk_sink *s)
{
	gk_db_run_end(sink_store(s));
}

gk_sink *gk_store_sink(gk_store *st)
{
	st->sink.start = sink_start;
	st->sink.put = sink_put;
	st->sink.finish = sink_finish;
	st->sink.abort = sink_abort;
	st->sink.parallel = 0;
	st->sink.full_resolved = 0;
	st->sink.ud = st;
	return &st->sink;
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


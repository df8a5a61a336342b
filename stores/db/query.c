/*
 * query.c - the runs before: what a run compares with (its baseline's
 * findings, the units' answers) and the queries about past runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/buf.h"
#include "db_impl.h"

/* ---- what a run compares with (ports.h) --------------------------------- */

/* The night before: the latest as-of date up to this run's, so that a
 * run backdated to re-check an old day is nobody's baseline but for its
 * own day and before; a run of a commit skips --worktree trials. */
static int port_baseline(void *ud, const char *scope, int committed, gk_day as_of,
			 int64_t *id, gk_day *its_as_of, gk_finding_fn fn, void *fud,
			 gk_error *err)
{
	gk_store *st = ud;
	sqlite3_stmt *q = NULL;
	char day[GK_DATE_LEN + 1];
	const char *t;
	int rc, s;

	*id = 0;
	gk_date_format(as_of, day);
	if ((rc = gk_db_prepare(st, "SELECT id, as_of FROM runs WHERE scope = ?1 AND "
				"finished_at IS NOT NULL AND as_of <= ?3 AND "
				"(?2 = 0 OR policy_revision <> 'worktree') "
				"ORDER BY as_of DESC, id DESC LIMIT 1", &q, err)))
		return rc;
	sqlite3_bind_text(q, 1, scope, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 2, committed);
	sqlite3_bind_text(q, 3, day, -1, SQLITE_STATIC);
	if ((s = sqlite3_step(q)) != SQLITE_ROW) {
		sqlite3_finalize(q);
		return s == SQLITE_DONE ? 0 : gk_db_error(err, st->db, st->path,
							  "cannot read the runs of");
	}
	*id = sqlite3_column_int64(q, 0);
	t = (const char *)sqlite3_column_text(q, 1);
	if (!t || gk_date_parse(t, strlen(t), its_as_of))
		*its_as_of = as_of;
	sqlite3_finalize(q);
	/* A run's findings have consecutive ids: walk the id range. */
	if ((rc = gk_db_prepare(st, "SELECT id, jurisdiction, rule, category, record_id, period, "
				"message, first_seen, unit FROM findings WHERE id BETWEEN "
				"(SELECT min(id) FROM findings WHERE run_id = ?1) AND "
				"(SELECT max(id) FROM findings WHERE run_id = ?1) AND run_id = ?1 "
				"ORDER BY id", &q, err)))
		return rc;
	sqlite3_bind_int64(q, 1, *id);
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		gk_finding f = {
			.id = sqlite3_column_int64(q, 0),
			.jurisdiction = (const char *)sqlite3_column_text(q, 1),
			.rule = (const char *)sqlite3_column_text(q, 2),
			.category = (const char *)sqlite3_column_text(q, 3),
			.record_id = (const char *)sqlite3_column_text(q, 4),
			.period = (const char *)sqlite3_column_text(q, 5),
			.message = (const char *)sqlite3_column_text(q, 6),
			.first_seen = (const char *)sqlite3_column_text(q, 7),
			.unit = (const char *)sqlite3_column_text(q, 8),
		};

		if ((rc = fn(fud, &f, err)))
			break;
	}
	if (!rc && s != SQLITE_DONE)
		rc = gk_db_error(err, st->db, st->path, "cannot read the findings of");
	sqlite3_finalize(q);
	return rc;
}

/* A finding's severity as its run's seal vouches for it: runs sealed
 * before layout 6 had none, and every finding of theirs was a violation
 * (the column's value there is the upgrade's default, sealed by nothing). */
#define SEVERITY(src, run) \
	"CASE WHEN coalesce(" run ".layout, 2) >= 6 THEN " src ".severity ELSE 'violation' END"

static int row_finding(sqlite3_stmt *q, gk_finding *f);

/* Stored findings by id, as gk_store_query reads them (the record's
 * title, the latest answer). */
static int port_findings(void *ud, const int64_t *ids, size_t n, gk_finding_fn fn, void *fud,
			 gk_error *err)
{
	gk_store *st = ud;
	sqlite3_stmt *q = NULL;
	int rc;

	if ((rc = gk_db_prepare(st, "SELECT f.seq, f.record_id, f.jurisdiction, f.rule, "
				"f.category, f.message, f.basis, f.due_on, f.period, f.waiver, f.unit, "
				"f.status, coalesce(f.first_seen, r.as_of), 0, rec.title, f.run_id, "
				"f.provisional, f.id, fb.status, fb.fixed_on, fb.note, fb.run_id, "
				SEVERITY("f", "r") " FROM findings f JOIN runs r ON r.id = f.run_id "
				"LEFT JOIN records rec ON rec.id = f.record_id "
				"LEFT JOIN feedback fb ON fb.id = (SELECT max(x.id) FROM feedback x "
				"WHERE x.rule = f.rule AND x.record_id IS f.record_id "
				"AND x.jurisdiction = f.jurisdiction AND x.category = f.category "
				"AND x.period IS f.period) WHERE f.id = ?", &q, err)))
		return rc;
	for (size_t i = 0; i < n && !rc; i++) {
		gk_finding f;

		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, ids[i]);
		if (sqlite3_step(q) != SQLITE_ROW) {
			rc = gk_db_error(err, st->db, st->path, "cannot read the findings of");
			break;
		}
		row_finding(q, &f);
		rc = fn(fud, &f, err);
	}
	sqlite3_finalize(q);
	return rc;
}

static int port_feedback(void *ud, gk_finding_fn fn, void *fud, gk_error *err)
{
	gk_store *st = ud;
	sqlite3_stmt *q = NULL;
	int rc, s;

	if ((rc = gk_db_prepare(st, "SELECT jurisdiction, rule, category, record_id, period, "
				"status, fixed_on, note, run_id FROM feedback ORDER BY id", &q, err)))
		return rc;
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		gk_finding f = {
			.jurisdiction = (const char *)sqlite3_column_text(q, 0),
			.rule = (const char *)sqlite3_column_text(q, 1),
			.category = (const char *)sqlite3_column_text(q, 2),
			.record_id = (const char *)sqlite3_column_text(q, 3),
			.period = (const char *)sqlite3_column_text(q, 4),
			.fb_status = (const char *)sqlite3_column_text(q, 5),
			.fb_date = (const char *)sqlite3_column_text(q, 6),
			.fb_note = (const char *)sqlite3_column_text(q, 7),
			.fb_run = sqlite3_column_int64(q, 8),
		};

		if ((rc = fn(fud, &f, err)))
			break;
	}
	if (!rc && s != SQLITE_DONE)
		rc = gk_db_error(err, st->db, st->path, "cannot read the feedback of");
	sqlite3_finalize(q);
	return rc;
}

static void port_close(gk_history *h)
{
	gk_store *r = h->ud;

	if (!r)
		return;
	sqlite3_close(r->db);
	free(r->path);
	free(r);
	h->ud = NULL;
}

/* A read-only connection of its own: a store with nothing but that. */
static int port_reader(void *ud, gk_history *out, gk_error *err)
{
	gk_store *st = ud, *r = calloc(1, sizeof(*r));
	int rc;

	memset(out, 0, sizeof(*out));
	if (!r || !(r->path = strdup(st->path))) {
		free(r);
		return GK_OOM(err);
	}
	if ((rc = gk_db_open_conn(&r->db, st->path, SQLITE_OPEN_READONLY, err))) {
		free(r->path);
		free(r);
		return rc;
	}
	gk_store_history(r, out);
	out->reader = NULL;
	out->close = port_close;
	return 0;
}

void gk_store_history(gk_store *st, gk_history *out)
{
	out->ud = st;
	out->reader = port_reader;
	out->close = NULL;
	out->baseline = port_baseline;
	out->findings = port_findings;
	out->feedback = port_feedback;
}

/* ---- past runs ------------------------------------------------------------ */

void gk_store_run_calendar(gk_run_info *info, sqlite3_stmt *q, int col)
{
	const char *prov = (const char *)sqlite3_column_text(q, col + 3);
	const char *until = (const char *)sqlite3_column_text(q, col + 5);

	info->layout = sqlite3_column_type(q, col) == SQLITE_NULL ? 2 : sqlite3_column_int(q, col);
	info->cal_first = sqlite3_column_int(q, col + 1);
	info->cal_last = sqlite3_column_int(q, col + 2);
	snprintf(info->cal_provisional, sizeof(info->cal_provisional), "%s", prov ? prov : "");
	info->warn_days = sqlite3_column_int(q, col + 4);
	if (!until || gk_date_parse(until, strlen(until), &info->warn_until))
		info->warn_until = 0;
	info->warn_capped = sqlite3_column_type(q, col + 6) != SQLITE_NULL;
}

int gk_store_last_run(gk_store *st, int64_t *run_id, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	*run_id = 0;
	if ((rc = gk_db_prepare(st, "SELECT max(id) FROM runs WHERE finished_at IS NOT NULL",
				&q, err)))
		return rc;
	if (sqlite3_step(q) == SQLITE_ROW)
		*run_id = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return 0;
}

static long col_long(sqlite3_stmt *q, int i)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL ? -1 : (long)sqlite3_column_int64(q, i);
}

int gk_store_runs(gk_store *st, int limit, gk_run_fn fn, void *ud, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc, s;

	if ((rc = gk_db_prepare(st, "SELECT id, started_at, finished_at, as_of, policy_source, "
				"policy_revision, policy_digest, scope, records, rules, findings, "
				"jobs, layout, baseline, warn_days, n_new, n_persisting, n_resolved, "
				"n_due_soon, n_waived, layout, calendar_first, calendar_last, "
				"calendar_provisional, warn_days, warn_until, warn_cut_at, last_import "
				"FROM runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT ?",
				&q, err)))
		return rc;
	sqlite3_bind_int(q, 1, limit > 0 ? limit : -1);
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		gk_run_info r;
		const char *asof = (const char *)sqlite3_column_text(q, 3);

		memset(&r, 0, sizeof(r));
		r.id = sqlite3_column_int64(q, 0);
		snprintf(r.started_at, sizeof(r.started_at), "%s",
			 (const char *)sqlite3_column_text(q, 1));
		snprintf(r.finished_at, sizeof(r.finished_at), "%s",
			 (const char *)sqlite3_column_text(q, 2));
		if (!asof || gk_date_parse(asof, strlen(asof), &r.as_of))
			r.as_of = 0;
		r.policy_source = (const char *)sqlite3_column_text(q, 4);
		r.policy_revision = (const char *)sqlite3_column_text(q, 5);
		snprintf(r.policy_digest, sizeof(r.policy_digest), "%s",
			 (const char *)sqlite3_column_text(q, 6));
		snprintf(r.scope, sizeof(r.scope), "%s", (const char *)sqlite3_column_text(q, 7));
		r.records = col_long(q, 8);
		r.rules = col_long(q, 9);
		r.findings = col_long(q, 10);
		r.jobs = sqlite3_column_int(q, 11);
		r.layout = sqlite3_column_type(q, 12) == SQLITE_NULL ? 2 : sqlite3_column_int(q, 12);
		r.baseline = sqlite3_column_int64(q, 13);
		r.warn_days = sqlite3_column_int(q, 14);
		r.n_new = col_long(q, 15);
		r.n_persisting = col_long(q, 16);
		r.n_resolved = col_long(q, 17);
		r.n_due_soon = col_long(q, 18);
		r.waived = col_long(q, 19);
		r.last_import = sqlite3_column_type(q, 27) == SQLITE_NULL ? -1 :
				sqlite3_column_int64(q, 27);
		r.compare = r.layout >= 3;
		gk_store_run_calendar(&r, q, 20);
		if ((rc = fn(ud, &r, err)))
			break;
	}
	if (!rc && s != SQLITE_DONE)
		rc = gk_db_error(err, st->db, st->path, "cannot read the runs of");
	sqlite3_finalize(q);
	return rc;
}

/* The columns every query returns, in this order. */
#define QUERY_COLUMNS(src, status, days) \
	"SELECT " src ".seq, " src ".record_id, " src ".jurisdiction, " src ".rule, " \
	"%s, " src ".message, " src ".basis, " src ".due_on, %s, %s, " src ".unit, " \
	status ", %s, " days ", %s, r.id, " src ".provisional, " src ".id, %s, " \
	"%s FROM "


/* The unit's latest feedback on a finding (or an early warning) of this
 * identity, from a work list of this run or an earlier one: a finding
 * keeps its feedback while it persists (feedback.h). */
#define FEEDBACK_COLUMNS "fb.status, fb.fixed_on, fb.note, fb.run_id"
#define FEEDBACK_JOIN(src, cat, period) \
	" LEFT JOIN feedback fb ON fb.id = (SELECT max(x.id) FROM feedback x" \
	" WHERE x.rule = " src ".rule AND x.record_id IS " src ".record_id" \
	" AND x.jurisdiction = " src ".jurisdiction AND x.category = " cat \
	" AND x.period IS " period " AND x.run_id <= r.id)"
#define NO_FEEDBACK "NULL, NULL, NULL, NULL"

int gk_store_query(gk_store *st, const gk_query *qy, gk_finding_fn fn, void *ud,
		   gk_error *err)
{
	const char *filters[5] = { qy->unit, qy->category, qy->jurisdiction, qy->rule,
				   qy->severity };
	const char *const cols[5] = { "unit", "category", "jurisdiction", "rule", "severity" };
	sqlite3_str *sql = sqlite3_str_new(st->db);
	sqlite3_stmt *q = NULL;
	const char *status = qy->status, *src;
	int resolved = status && strcmp(status, "resolved") == 0;
	/* A title costs a lookup of the record a finding. */
	const char *title = qy->titles ? "rec.title" : "NULL";
	char *text;
	int rc = 0, s, bind = 2;

	if (status && strcmp(status, "new") && strcmp(status, "persisting") &&
	    strcmp(status, "resolved") && strcmp(status, "due_soon")) {
		sqlite3_free(sqlite3_str_finish(sql));
		return gk_error_set(err, GK_EINVAL, "status '%s': expected new, persisting, "
				    "resolved or due_soon", status);
	}
	if (status && strcmp(status, "due_soon") == 0) {
		src = "d";
		sqlite3_str_appendf(sql, QUERY_COLUMNS("d", "'due_soon'", "d.days_left"),
				    "'deadline'", "NULL", "NULL", "NULL", title,
				    qy->feedback ? FEEDBACK_COLUMNS : NO_FEEDBACK, SEVERITY("d", "r"));
		sqlite3_str_appendf(sql, "due_soon d JOIN runs r ON r.id = d.run_id %s %s "
				    "WHERE d.run_id = ?1", qy->titles ?
				    "LEFT JOIN records rec ON rec.id = d.record_id" : "",
				    qy->feedback ? FEEDBACK_JOIN("d", "'deadline'", "NULL") : "");
	} else if (status && strcmp(status, "resolved") == 0) {
		src = "f";
		/* Open until this run found it gone. */
		sqlite3_str_appendf(sql, QUERY_COLUMNS("f", "'resolved'",
			"CAST(julianday(r.as_of) - julianday(coalesce(f.first_seen, b.as_of)) AS INTEGER)"),
				    "f.category", "f.period", "f.waiver", "coalesce(f.first_seen, b.as_of)",
				    title, qy->feedback ? FEEDBACK_COLUMNS :
				    NO_FEEDBACK, SEVERITY("f", "b"));
		sqlite3_str_appendf(sql, "resolved x JOIN findings f ON f.id = x.finding_id "
				    "JOIN runs r ON r.id = x.run_id JOIN runs b ON b.id = f.run_id %s %s "
				    "WHERE x.run_id = ?1", qy->titles ?
				    "LEFT JOIN records rec ON rec.id = f.record_id" : "",
				    qy->feedback ? FEEDBACK_JOIN("f", "f.category", "f.period") : "");
	} else {
		src = "f";
		sqlite3_str_appendf(sql, QUERY_COLUMNS("f", "f.status",
			"CAST(julianday(r.as_of) - julianday(f.first_seen) AS INTEGER)"),
				    "f.category", "f.period", "f.waiver", "f.first_seen", title,
				    qy->feedback ? FEEDBACK_COLUMNS :
				    NO_FEEDBACK, SEVERITY("f", "r"));
		sqlite3_str_appendf(sql, "findings f JOIN runs r ON r.id = f.run_id %s %s "
				    "WHERE f.run_id = ?1", qy->titles ?
				    "LEFT JOIN records rec ON rec.id = f.record_id" : "",
				    qy->feedback ? FEEDBACK_JOIN("f", "f.category", "f.period") : "");
		if (status)
			sqlite3_str_appendf(sql, " AND f.status = ?%d", bind++);
	}
	for (int i = 0; i < 5; i++)
		if (filters[i] && i == 4)
			sqlite3_str_appendf(sql, " AND %s = ?%d", *src == 'd' ? SEVERITY("d", "r") :
					    resolved ? SEVERITY("f", "b") : SEVERITY("f", "r"), bind++);
		else if (filters[i] && !(i == 1 && *src == 'd'))
			sqlite3_str_appendf(sql, " AND %s.%s = ?%d", src, cols[i], bind++);
		else if (filters[i] && *src == 'd' && strcmp(filters[i], "deadline"))
			sqlite3_str_appendall(sql, " AND 0");
	if (qy->no_unit)
		sqlite3_str_appendf(sql, " AND %s.unit IS NULL", src);
	/* gk_store_findings' order: by record, rule, period. */
	if (*src == 'd')
		sqlite3_str_appendall(sql, " ORDER BY d.seq, d.rule, d.id");
	else
		sqlite3_str_appendall(sql, " ORDER BY f.seq, f.rule, f.period, f.id");
	if (!(text = sqlite3_str_finish(sql)))
		return GK_OOM(err);
	rc = gk_db_prepare(st, text, &q, err);
	sqlite3_free(text);
	if (rc)
		return rc;
	bind = 1;
	sqlite3_bind_int64(q, bind++, qy->run_id);
	if (status && *src == 'f' && strcmp(status, "resolved"))
		sqlite3_bind_text(q, bind++, status, -1, SQLITE_STATIC);
	for (int i = 0; i < 5; i++)
		if (filters[i] && !(i == 1 && *src == 'd'))
			sqlite3_bind_text(q, bind++, filters[i], -1, SQLITE_STATIC);
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		gk_finding f;

		if (row_finding(q, &f))
			f.days_left = sqlite3_column_int(q, 13);
		else
			f.days_open = sqlite3_column_int(q, 13);
		if ((rc = fn(ud, &f, err)))
			break;
	}
	if (!rc && s != SQLITE_DONE)
		rc = gk_db_error(err, st->db, st->path, "cannot read the findings of");
	sqlite3_finalize(q);
	return rc;
}

/* A row of the query's columns (QUERY_COLUMNS) as a finding; 1 when it is
 * an early warning (column 13 then holds the days left, else the days
 * open). */
static int row_finding(sqlite3_stmt *q, gk_finding *f)
{
	const char *due = (const char *)sqlite3_column_text(q, 7);

	memset(f, 0, sizeof(*f));
	f->seq = sqlite3_column_int64(q, 0);
	f->record_id = (const char *)sqlite3_column_text(q, 1);
	f->jurisdiction = (const char *)sqlite3_column_text(q, 2);
	f->rule = (const char *)sqlite3_column_text(q, 3);
	f->category = (const char *)sqlite3_column_text(q, 4);
	f->message = (const char *)sqlite3_column_text(q, 5);
	f->basis = (const char *)sqlite3_column_text(q, 6);
	f->has_due = due && gk_date_parse(due, strlen(due), &f->due_on) == 0;
	f->period = (const char *)sqlite3_column_text(q, 8);
	f->waiver = (const char *)sqlite3_column_text(q, 9);
	f->unit = (const char *)sqlite3_column_text(q, 10);
	f->status = (const char *)sqlite3_column_text(q, 11);
	f->first_seen = (const char *)sqlite3_column_text(q, 12);
	f->title = (const char *)sqlite3_column_text(q, 14);
	f->run_id = sqlite3_column_int64(q, 15);
	f->provisional = sqlite3_column_int(q, 16);
	f->id = sqlite3_column_int64(q, 17);
	f->fb_status = (const char *)sqlite3_column_text(q, 18);
	f->fb_date = (const char *)sqlite3_column_text(q, 19);
	f->fb_note = (const char *)sqlite3_column_text(q, 20);
	f->fb_run = sqlite3_column_int64(q, 21);
	f->severity = (const char *)sqlite3_column_text(q, 22);
	return gk_finding_is_due(f);
}

int gk_store_run_values(gk_store *st, int64_t run_id, const char *col, const char *value,
			gk_str_fn fn, void *ud, gk_error *err)
{
	const char *and = value ? " AND " : "", *eq = value ? " = ?2" : "";
	sqlite3_stmt *q = NULL;
	char *sql;
	int rc, s;

	if (strcmp(col, "jurisdiction") && strcmp(col, "rule") && strcmp(col, "unit"))
		return gk_error_set(err, GK_EINVAL, "no such column of a finding: '%s'", col);
	/* The run's findings, its early warnings and the findings it resolved
	 * (the column is one of the three names above). */
	if (!(sql = sqlite3_mprintf("SELECT %s FROM findings WHERE run_id = ?1 AND %s IS NOT NULL"
				    "%s%s%s UNION SELECT %s FROM due_soon WHERE run_id = ?1 AND %s "
				    "IS NOT NULL%s%s%s UNION SELECT f.%s FROM resolved x JOIN "
				    "findings f ON f.id = x.finding_id WHERE x.run_id = ?1 AND f.%s "
				    "IS NOT NULL%s%s%s%s", col, col, and, value ? col : "", eq, col,
				    col, and, value ? col : "", eq, col, col, and, value ? "f." : "",
				    value ? col : "", eq)))
		return GK_OOM(err);
	rc = gk_db_prepare(st, sql, &q, err);
	sqlite3_free(sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(q, 1, run_id);
	if (value)
		sqlite3_bind_text(q, 2, value, -1, SQLITE_STATIC);
	while ((s = sqlite3_step(q)) == SQLITE_ROW)
		if ((rc = fn(ud, (const char *)sqlite3_column_text(q, 0), err)))
			break;
	if (!rc && s != SQLITE_DONE)
		rc = gk_db_error(err, st->db, st->path, "cannot read the findings of");
	sqlite3_finalize(q);
	return rc;
}

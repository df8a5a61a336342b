/*
 * runs.c - what changed since the last run, and the queries on past runs.
 *
 * A run is compared with its baseline, the earlier run of the same scope
 * with the latest as-of date not after its own (a run of a commit skips
 * --worktree trials: they are nobody's baseline but their own kind's).  The baseline's findings are loaded into
 * a hash table keyed by what identifies a finding, independent of the day
 * it is read: jurisdiction, rule, category, record and period.  Each new
 * finding takes an unmatched baseline finding of the same key, preferring
 * one with the same message (so that of two documents cited by one record,
 * the one still cited persists); it is then persisting and inherits the
 * date first seen, else it is new.  Baseline findings left unmatched are
 * resolved.  One lookup per finding, at insert time: no second pass over
 * the findings, however many.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db_impl.h"

struct bentry {
	int64_t id;
	uint64_t key_h, msg_h;
	char *key;
	char first_seen[11];
	int next;                 /* chain, in id order; -1 ends */
	int used;
};

struct gk_baseline {
	struct bentry *v;
	int n, cap;
	int *buckets;
	unsigned nbuckets;
};

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; s && *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h * 0x100000001b3ULL; /* a field boundary */
}

/* "jurisdiction\x1frule\x1fcategory\x1frecord\x1fperiod" and its hash, in
 * buf when it fits (no allocation a finding), else allocated.  A finding
 * with no record (a periodic duty) adds its unit: a duty owed by every
 * venue is one finding a venue. */
static char *make_key(char *buf, size_t bufsz, const char *j, const char *rule,
		      const char *cat, const char *rec, const char *period, const char *unit,
		      uint64_t *h)
{
	const char *u = !rec && unit ? unit : "";
	size_t n = strlen(j) + strlen(rule) + strlen(cat) + (rec ? strlen(rec) : 0) +
		   (period ? strlen(period) : 0) + strlen(u) + 7;
	char *k = n <= bufsz ? buf : malloc(n);

	if (!k)
		return NULL;
	snprintf(k, n, "%s\x1f%s\x1f%s\x1f%s\x1f%s%s%s", j, rule, cat, rec ? rec : "",
		 period ? period : "", *u ? "\x1f" : "", u);
	*h = fnv(0xcbf29ce484222325ULL, k);
	return k;
}

void gk_baseline_free(gk_store *st)
{
	struct gk_baseline *b = st->base;

	if (!b)
		return;
	for (int i = 0; i < b->n; i++)
		free(b->v[i].key);
	free(b->v);
	free(b->buckets);
	free(b);
	st->base = NULL;
}

static int add_entry(struct gk_baseline *b, sqlite3_stmt *q, const char *as_of)
{
	struct bentry *e;
	const char *fs = (const char *)sqlite3_column_text(q, 7);

	if (b->n == b->cap) {
		int cap = b->cap ? b->cap * 2 : 1024;
		struct bentry *g = realloc(b->v, sizeof(*g) * (size_t)cap);

		if (!g)
			return -1;
		b->v = g;
		b->cap = cap;
	}
	e = &b->v[b->n];
	e->id = sqlite3_column_int64(q, 0);
	e->key = make_key(NULL, 0, (const char *)sqlite3_column_text(q, 1),
			  (const char *)sqlite3_column_text(q, 2),
			  (const char *)sqlite3_column_text(q, 3),
			  (const char *)sqlite3_column_text(q, 4),
			  (const char *)sqlite3_column_text(q, 5),
			  (const char *)sqlite3_column_text(q, 8), &e->key_h);
	if (!e->key)
		return -1;
	e->msg_h = fnv(0xcbf29ce484222325ULL, (const char *)sqlite3_column_text(q, 6));
	/* A run stored before schema 3 has no first_seen: its own date. */
	snprintf(e->first_seen, sizeof(e->first_seen), "%s", fs ? fs : as_of);
	e->used = 0;
	b->n++;
	return 0;
}

int gk_baseline_load(gk_store *st, int64_t run_id, const char *scope, int committed,
		     int64_t *baseline, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	struct gk_baseline *b;
	char as_of[11];
	int rc, s;

	*baseline = 0;
	gk_baseline_free(st);
	/* The night before: the latest as-of date up to this run's, so that a
	 * run backdated to re-check an old day is nobody's baseline but for
	 * its own day and before. */
	if ((rc = gk_db_prepare(st, "SELECT id, as_of FROM runs WHERE id < ?1 AND scope = ?2 "
				"AND finished_at IS NOT NULL AND as_of <= ?4 AND "
				"(?3 = 0 OR policy_revision <> 'worktree') "
				"ORDER BY as_of DESC, id DESC LIMIT 1", &q, err)))
		return rc;
	sqlite3_bind_int64(q, 1, run_id);
	sqlite3_bind_text(q, 2, scope, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 3, committed);
	sqlite3_bind_text(q, 4, st->as_of, -1, SQLITE_STATIC);
	if ((s = sqlite3_step(q)) != SQLITE_ROW) {
		sqlite3_finalize(q);
		return s == SQLITE_DONE ? 0 : gk_db_error(err, st->db, st->path,
							  "cannot read the runs of");
	}
	*baseline = sqlite3_column_int64(q, 0);
	snprintf(as_of, sizeof(as_of), "%s", (const char *)sqlite3_column_text(q, 1));
	sqlite3_finalize(q);
	q = NULL;
	if (!(b = st->base = calloc(1, sizeof(*b))))
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	if ((rc = gk_db_prepare(st, "SELECT id, jurisdiction, rule, category, record_id, period, "
				"message, first_seen, unit FROM findings WHERE run_id = ? ORDER BY id",
				&q, err)))
		goto fail;
	sqlite3_bind_int64(q, 1, *baseline);
	while ((s = sqlite3_step(q)) == SQLITE_ROW)
		if (add_entry(b, q, as_of)) {
			rc = gk_error_set(err, GK_ENOMEM, "out of memory");
			goto fail;
		}
	if (s != SQLITE_DONE) {
		rc = gk_db_error(err, st->db, st->path, "cannot read the findings of");
		goto fail;
	}
	sqlite3_finalize(q);
	q = NULL;
	for (b->nbuckets = 64; b->nbuckets < (unsigned)b->n * 2; b->nbuckets *= 2)
		;
	if (!(b->buckets = malloc(sizeof(int) * b->nbuckets))) {
		rc = gk_error_set(err, GK_ENOMEM, "out of memory");
		goto fail;
	}
	memset(b->buckets, 0xff, sizeof(int) * b->nbuckets);
	/* Chained from the last, so each chain runs in id order. */
	for (int i = b->n - 1; i >= 0; i--) {
		unsigned h = (unsigned)(b->v[i].key_h & (b->nbuckets - 1));

		b->v[i].next = b->buckets[h];
		b->buckets[h] = i;
	}
	return 0;
fail:
	sqlite3_finalize(q);
	gk_baseline_free(st);
	return rc;
}

void gk_baseline_match(gk_store *st, const gk_finding *f, const char **status,
		       const char **first_seen)
{
	struct gk_baseline *b = st->base;
	struct bentry *any = NULL, *same = NULL;
	uint64_t kh, mh;
	char buf[512], *key;

	*status = "new";
	*first_seen = st->as_of;
	if (!b || !b->n ||
	    !(key = make_key(buf, sizeof(buf), f->jurisdiction, f->rule, f->category,
			     f->record_id, f->period, f->unit, &kh)))
		return;
	mh = fnv(0xcbf29ce484222325ULL, f->message);
	for (int i = b->buckets[kh & (b->nbuckets - 1)]; i >= 0 && !same; i = b->v[i].next) {
		struct bentry *e = &b->v[i];

		if (e->used || e->key_h != kh || strcmp(e->key, key) != 0)
			continue;
		if (!any)
			any = e;
		if (e->msg_h == mh)
			same = e;
	}
	if (key != buf)
		free(key);
	if (same)
		any = same;
	if (any) {
		any->used = 1;
		*status = "persisting";
		*first_seen = any->first_seen;
	}
}

int gk_baseline_finish(gk_store *st, int64_t run_id, long *resolved, gk_error *err)
{
	struct gk_baseline *b = st->base;
	sqlite3_stmt *q = NULL;
	int rc;

	*resolved = 0;
	if (!b)
		return 0;
	if ((rc = gk_db_prepare(st, "INSERT INTO resolved(run_id, finding_id) VALUES(?, ?)", &q,
				err)))
		return rc;
	for (int i = 0; i < b->n && !rc; i++) {
		if (b->v[i].used)
			continue;
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, run_id);
		sqlite3_bind_int64(q, 2, b->v[i].id);
		if (sqlite3_step(q) != SQLITE_DONE)
			rc = gk_db_error(err, st->db, st->path, "cannot write the resolved findings to");
		(*resolved)++;
	}
	sqlite3_finalize(q);
	return rc;
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
	status ", %s, " days ", %s, r.id, " src ".provisional, " src ".id, %s FROM "

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
	const char *filters[4] = { qy->unit, qy->category, qy->jurisdiction, qy->rule };
	const char *const cols[4] = { "unit", "category", "jurisdiction", "rule" };
	sqlite3_str *sql = sqlite3_str_new(st->db);
	sqlite3_stmt *q = NULL;
	const char *status = qy->status, *src;
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
				    qy->feedback ? FEEDBACK_COLUMNS : NO_FEEDBACK);
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
				    NO_FEEDBACK);
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
				    NO_FEEDBACK);
		sqlite3_str_appendf(sql, "findings f JOIN runs r ON r.id = f.run_id %s %s "
				    "WHERE f.run_id = ?1", qy->titles ?
				    "LEFT JOIN records rec ON rec.id = f.record_id" : "",
				    qy->feedback ? FEEDBACK_JOIN("f", "f.category", "f.period") : "");
		if (status)
			sqlite3_str_appendf(sql, " AND f.status = ?%d", bind++);
	}
	for (int i = 0; i < 4; i++)
		if (filters[i] && !(i == 1 && *src == 'd'))
			sqlite3_str_appendf(sql, " AND %s.%s = ?%d", src, cols[i], bind++);
		else if (filters[i] && *src == 'd' && strcmp(filters[i], "deadline"))
			sqlite3_str_appendall(sql, " AND 0");
	/* gk_store_findings' order: by record, rule, period. */
	if (*src == 'd')
		sqlite3_str_appendall(sql, " ORDER BY d.seq, d.rule, d.id");
	else
		sqlite3_str_appendall(sql, " ORDER BY f.seq, f.rule, f.period, f.id");
	if (!(text = sqlite3_str_finish(sql)))
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	rc = gk_db_prepare(st, text, &q, err);
	sqlite3_free(text);
	if (rc)
		return rc;
	bind = 1;
	sqlite3_bind_int64(q, bind++, qy->run_id);
	if (status && *src == 'f' && strcmp(status, "resolved"))
		sqlite3_bind_text(q, bind++, status, -1, SQLITE_STATIC);
	for (int i = 0; i < 4; i++)
		if (filters[i] && !(i == 1 && *src == 'd'))
			sqlite3_bind_text(q, bind++, filters[i], -1, SQLITE_STATIC);
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		gk_finding f;
		const char *due = (const char *)sqlite3_column_text(q, 7);

		memset(&f, 0, sizeof(f));
		f.seq = sqlite3_column_int64(q, 0);
		f.record_id = (const char *)sqlite3_column_text(q, 1);
		f.jurisdiction = (const char *)sqlite3_column_text(q, 2);
		f.rule = (const char *)sqlite3_column_text(q, 3);
		f.category = (const char *)sqlite3_column_text(q, 4);
		f.message = (const char *)sqlite3_column_text(q, 5);
		f.basis = (const char *)sqlite3_column_text(q, 6);
		f.has_due = due && gk_date_parse(due, strlen(due), &f.due_on) == 0;
		f.period = (const char *)sqlite3_column_text(q, 8);
		f.waiver = (const char *)sqlite3_column_text(q, 9);
		f.unit = (const char *)sqlite3_column_text(q, 10);
		f.status = (const char *)sqlite3_column_text(q, 11);
		f.first_seen = (const char *)sqlite3_column_text(q, 12);
		if (*src == 'd')
			f.days_left = sqlite3_column_int(q, 13);
		else
			f.days_open = sqlite3_column_int(q, 13);
		f.title = (const char *)sqlite3_column_text(q, 14);
		f.run_id = sqlite3_column_int64(q, 15);
		f.provisional = sqlite3_column_int(q, 16);
		f.id = sqlite3_column_int64(q, 17);
		f.fb_status = (const char *)sqlite3_column_text(q, 18);
		f.fb_date = (const char *)sqlite3_column_text(q, 19);
		f.fb_note = (const char *)sqlite3_column_text(q, 20);
		f.fb_run = sqlite3_column_int64(q, 21);
		if ((rc = fn(ud, &f, err)))
			break;
	}
	if (!rc && s != SQLITE_DONE)
		rc = gk_db_error(err, st->db, st->path, "cannot read the findings of");
	sqlite3_finalize(q);
	return rc;
}

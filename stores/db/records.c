/*
 * records.c - what a run reads from the records: the jurisdictions in
 * scope, the register's documents, the events, and the cursors the
 * workers stream the records through.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "../../engine/buf.h"
#include "db_impl.h"

/* ---- records --------------------------------------------------------- */

int gk_store_jurisdictions(gk_store *st, int counted, gk_juris_count **out, int *n,
			   gk_error *err)
{
	/* Uncounted, the next name is the least one after the last, a seek
	 * in records_jurisdiction: four seeks instead of a million entries. */
	static const char *const sql[] = {
		"WITH RECURSIVE j(name) AS (SELECT min(jurisdiction) FROM records "
		"UNION ALL SELECT (SELECT min(jurisdiction) FROM records WHERE jurisdiction > "
		"j.name) FROM j WHERE j.name IS NOT NULL) "
		"SELECT name, -1 FROM j WHERE name IS NOT NULL",
		"SELECT jurisdiction, count(*) FROM records GROUP BY 1 ORDER BY 1",
	};
	sqlite3_stmt *q = NULL;
	gk_juris_count *v = NULL;
	size_t cap = 0;
	int cnt = 0, rc = 0, s;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(st->db, sql[counted != 0], -1, &q, NULL) != SQLITE_OK)
		return gk_db_error(err, st->db, st->path, "cannot read records of");
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		if (GK_GROW(v, cnt, cap)) {
			rc = GK_OOM(err);
			goto cleanup;
		}
		snprintf(v[cnt].name, sizeof(v[cnt].name), "%s",
			 (const char *)sqlite3_column_text(q, 0));
		v[cnt].records = (long)sqlite3_column_int64(q, 1);
		cnt++;
	}
	if (s != SQLITE_DONE) {
		rc = gk_db_error(err, st->db, st->path, "cannot read records of");
		goto cleanup;
	}
	*out = v;
	*n = cnt;
	v = NULL;
cleanup:
	free(v);
	sqlite3_finalize(q);
	return rc;
}

/* In rowid order: the register's order is the order a text citing
 * several documents lists them in, so it is the order the records were
 * imported in (which a replay's scratch copy keeps), not whatever order
 * a query plan yields. */
int gk_store_nonpublic(gk_store *st, gk_nonpublic_fn fn, void *ud, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc = 0, s;

	if (sqlite3_prepare_v2(st->db,
			       "SELECT id, doc_number, title, CASE"
			       " WHEN secrecy = 'secret' THEN '涉密'"
			       " WHEN secrecy = 'internal' THEN '内部'"
			       " WHEN attribute = 'withheld' THEN '不予公开'"
			       " ELSE '依申请公开' END, jurisdiction"
			       " FROM records WHERE (secrecy IN ('internal', 'secret')"
			       " OR attribute IN ('on_request', 'withheld')) AND kind = 'info'"
			       " AND (doc_number IS NOT NULL OR title IS NOT NULL)"
			       " ORDER BY seq", -1, &q, NULL) != SQLITE_OK)
		return gk_db_error(err, st->db, st->path, "cannot read records of");
	while (!rc && (s = sqlite3_step(q)) == SQLITE_ROW)
		rc = fn(ud, (const char *)sqlite3_column_text(q, 0),
			(const char *)sqlite3_column_text(q, 4),
			(const char *)sqlite3_column_text(q, 1),
			(const char *)sqlite3_column_text(q, 2),
			(const char *)sqlite3_column_text(q, 3), err);
	if (!rc && s != SQLITE_DONE)
		rc = gk_db_error(err, st->db, st->path, "cannot read records of");
	sqlite3_finalize(q);
	return rc;
}

int gk_store_last_import(gk_store *st, int64_t *id, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	*id = 0;
	if ((rc = gk_db_prepare(st, "SELECT coalesce(max(id), 0) FROM imports", &q, err)))
		return rc;
	if (sqlite3_step(q) == SQLITE_ROW)
		*id = sqlite3_column_int64(q, 0);
	else
		rc = gk_db_error(err, st->db, st->path, "cannot read the imports of");
	sqlite3_finalize(q);
	return rc;
}

int gk_store_rowid_range(gk_store *st, int64_t *lo, int64_t *hi, gk_error *err)
{
	sqlite3_stmt *q = NULL;

	*lo = 0;
	*hi = -1;
	/* Two subqueries: min() and max() together would scan the table. */
	if (sqlite3_prepare_v2(st->db, "SELECT (SELECT min(seq) FROM records), "
			       "(SELECT max(seq) FROM records)", -1, &q, NULL) != SQLITE_OK)
		return gk_db_error(err, st->db, st->path, "cannot read records of");
	if (sqlite3_step(q) == SQLITE_ROW &&
	    sqlite3_column_type(q, 0) != SQLITE_NULL) {
		*lo = sqlite3_column_int64(q, 0);
		*hi = sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	return 0;
}

struct gk_rec {
	sqlite3_stmt *q;
	int col[GK_NFIELDS];   /* column in q, or -1 when not selected */
	/* Each field read of the current row, kept: rules read the same
	 * fields again and again (published_on), and each read costs SQLite
	 * two calls.  A field is kept for the row when seen[f] == row. */
	unsigned row, seen[GK_NFIELDS];
	const char *val[GK_NFIELDS];
	size_t len[GK_NFIELDS];
};

struct gk_cursor {
	sqlite3 *db;
	char *path;
	gk_rec rec;
};

/*
 * A cursor on its own read-only connection, selecting seq and the fields
 * need[] marks (all when need is NULL), then where (with ?1, ?2, … left
 * for the caller to bind).  *out is the cursor with its statement ready.
 */
static int cursor_prepare(gk_cursor **out, const char *dbpath,
			  const unsigned char *need, const char *where, gk_error *err)
{
	gk_cursor *c;
	sqlite3_str *str;
	char *sql;
	int ncol = 1, rc;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c || !(c->path = strdup(dbpath))) {
		free(c);
		return GK_OOM(err);
	}
	str = sqlite3_str_new(NULL);
	sqlite3_str_appendall(str, "SELECT seq");
	for (int f = 0; f < GK_NFIELDS; f++) {
		c->rec.col[f] = -1;
		if (!need || need[f]) {
			sqlite3_str_appendf(str, ", %s", gk_fields[f].name);
			c->rec.col[f] = ncol++;
		}
	}
	sqlite3_str_appendf(str, " FROM records %s", where);
	if (!(sql = sqlite3_str_finish(str))) {
		gk_cursor_close(c);
		return GK_OOM(err);
	}
	if ((rc = gk_db_open_conn(&c->db, dbpath, SQLITE_OPEN_READONLY, err)))
		goto fail;
	if (sqlite3_prepare_v2(c->db, sql, -1, &c->rec.q, NULL) != SQLITE_OK) {
		rc = gk_db_error(err, c->db, dbpath, "cannot read records of");
		goto fail;
	}
	sqlite3_free(sql);
	*out = c;
	return 0;
fail:
	sqlite3_free(sql);
	gk_cursor_close(c);
	return rc;
}

int gk_cursor_open(gk_cursor **out, const char *dbpath,
		   const unsigned char need[GK_NFIELDS], int64_t lo, int64_t hi,
		   const char *const *juris, int njuris, gk_error *err)
{
	sqlite3_str *where = sqlite3_str_new(NULL);
	char *w;
	int rc;

	*out = NULL;
	sqlite3_str_appendall(where, "WHERE seq BETWEEN ?1 AND ?2");
	if (njuris > 0) {
		sqlite3_str_appendall(where, " AND jurisdiction IN (");
		for (int i = 0; i < njuris; i++)
			sqlite3_str_appendf(where, "%s?%d", i ? ", " : "", i + 3);
		sqlite3_str_appendall(where, ")");
	}
	sqlite3_str_appendall(where, " ORDER BY seq");
	if (!(w = sqlite3_str_finish(where)))
		return GK_OOM(err);
	rc = cursor_prepare(out, dbpath, need, w, err);
	sqlite3_free(w);
	if (rc)
		return rc;
	sqlite3_bind_int64((*out)->rec.q, 1, lo);
	sqlite3_bind_int64((*out)->rec.q, 2, hi);
	for (int i = 0; i < njuris; i++)
		sqlite3_bind_text((*out)->rec.q, i + 3, juris[i], -1, SQLITE_STATIC);
	return 0;
}

int gk_cursor_open_id(gk_cursor **out, const char *dbpath, const char *id,
		      gk_error *err)
{
	int rc = cursor_prepare(out, dbpath, NULL, "WHERE id = ?1", err);

	if (!rc)
		sqlite3_bind_text((*out)->rec.q, 1, id, -1, SQLITE_TRANSIENT);
	return rc;
}



int gk_cursor_pin(gk_cursor *c, int64_t last_import, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	int64_t now = -1;

	/* BEGIN opens the read transaction at its first read, the query
	 * below: the records statement then steps in that same snapshot. */
	if (sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, "SELECT coalesce(max(id), 0) FROM imports", -1, &q,
			       NULL) != SQLITE_OK ||
	    sqlite3_step(q) != SQLITE_ROW) {
		sqlite3_finalize(q);
		return gk_db_error(err, c->db, c->path, "cannot read records of");
	}
	now = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (now != last_import)
		return gk_error_set(err, GK_EIO, "the records of '%s' changed under the run "
				    "(import %lld, the run read import %lld): run it again",
				    c->path, (long long)now, (long long)last_import);
	return 0;
}

int gk_cursor_next(gk_cursor *c, gk_rec **rec, gk_error *err)
{
	int s = sqlite3_step(c->rec.q);

	if (s == SQLITE_ROW) {
		/* Never 0, which a field not read yet has. */
		if (++c->rec.row == 0)
			c->rec.row = 1;
		*rec = &c->rec;
		return 1;
	}
	*rec = NULL;
	if (s == SQLITE_DONE)
		return 0;
	return gk_db_error(err, c->db, c->path, "cannot read records of");
}

void gk_cursor_close(gk_cursor *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->rec.q);
	sqlite3_close(c->db);      /* ends a pinned read transaction too */
	free(c->path);
	free(c);
}

const char *gk_rec_get(gk_rec *r, enum gk_field f, size_t *len)
{
	int col = r->col[f];

	if (r->seen[f] != r->row) {
		r->seen[f] = r->row;
		r->val[f] = col < 0 ? NULL : (const char *)sqlite3_column_text(r->q, col);
		r->len[f] = r->val[f] ? (size_t)sqlite3_column_bytes(r->q, col) : 0;
	}
	if (len)
		*len = r->len[f];
	return r->val[f];
}

int64_t gk_rec_seq(gk_rec *r)
{
	return sqlite3_column_int64(r->q, 0);
}


/* ---- the records as a run reads them (ports.h) ------------------------- */

static int port_begin(void *ud, gk_error *err) { return gk_store_begin(ud, err); }
static int port_commit(void *ud, gk_error *err) { return gk_store_commit(ud, err); }
static void port_rollback(void *ud) { gk_store_rollback(ud); }

static int port_last_import(void *ud, int64_t *id, gk_error *err)
{
	return gk_store_last_import(ud, id, err);
}

static int port_jurisdictions(void *ud, int counted, gk_juris_count **out, int *n,
			      gk_error *err)
{
	return gk_store_jurisdictions(ud, counted, out, n, err);
}

static int port_range(void *ud, int64_t *lo, int64_t *hi, gk_error *err)
{
	return gk_store_rowid_range(ud, lo, hi, err);
}

static int port_nonpublic(void *ud, gk_nonpublic_fn fn, void *fud, gk_error *err)
{
	return gk_store_nonpublic(ud, fn, fud, err);
}

static int port_open(void *ud, const unsigned char need[GK_NFIELDS], int64_t lo, int64_t hi,
		     const char *const *juris, int njuris, int64_t snap, gk_cursor **out,
		     gk_error *err)
{
	gk_store *st = ud;
	int rc = gk_cursor_open(out, st->path, need, lo, hi, juris, njuris, err);

	if (!rc && (rc = gk_cursor_pin(*out, snap, err))) {
		gk_cursor_close(*out);
		*out = NULL;
	}
	return rc;
}

static int port_next(gk_cursor *c, gk_error *err)
{
	gk_rec *r;

	return gk_cursor_next(c, &r, err);
}

static const char *port_get(void *c, enum gk_field f, size_t *len)
{
	return gk_rec_get(&((gk_cursor *)c)->rec, f, len);
}

static int64_t port_seq(gk_cursor *c)
{
	return gk_rec_seq(&c->rec);
}

void gk_store_records(gk_store *st, gk_records *out)
{
	memset(out, 0, sizeof(*out));
	out->ud = st;
	out->name = st->path;
	out->begin = port_begin;
	out->commit = port_commit;
	out->rollback = port_rollback;
	out->last_import = port_last_import;
	out->jurisdictions = port_jurisdictions;
	out->range = port_range;
	out->nonpublic = port_nonpublic;
	out->open = port_open;
	out->next = port_next;
	out->get = port_get;
	out->seq = port_seq;
	out->close = gk_cursor_close;
}

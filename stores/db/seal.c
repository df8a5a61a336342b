/*
 * seal.c - tamper evidence: each run's hash over itself and its findings,
 * chained to the run before it, and verify.
 */
#include <git2.h>
#include <openssl/evp.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "../../engine/i18n.h"
#include "db_impl.h"

/* ---- tamper evidence ---------------------------------------------------- */

/*
 * Every run carries a hash over itself and all its findings, chained to
 * the previous run's hash; SHA-1 (git's blob hash) folded over the rows'
 * text 64 KiB at a time: h = H(h | chunk), one hash a chunk, not a row
 * (the chain is as strong).  Changing or deleting a stored run or finding
 * breaks the chain from there.
 *
 * Layouts 2 to 4 start from h = H(prev | run row) and fold on over the
 * findings, the early warnings and the resolved list, read back in id
 * order: the run's columns come first, so the seal can only be computed
 * once the run is complete.  Layout 5 folds the findings, the early
 * warnings and the resolved list each on their own chain, starting empty,
 * as they are written, and ends with h = H(prev | run row | hf | hd | hr):
 * the same rows, sealed without reading them back.  Layout 6 is layout 5
 * with each finding's and early warning's severity sealed too (a notice
 * made a violation after the fact, or the reverse, breaks the seal).
 * Layout 5's H is
 * SHA-256 (64 hex digits), which OpenSSL computes five times as fast as
 * git's collision-detecting SHA-1, and which no known attack weakens.
 */

void gk_fold_start(gk_fold *f, const char *from)
{
	gk_buf_reset(&f->chunk);
	f->failed |= gk_buf_adds(&f->chunk, from ? from : "") != 0;
	f->head = f->chunk.len;
}

void gk_fold_col(gk_fold *f, const char *text, size_t len)
{
	if (text)
		f->failed |= gk_buf_add(&f->chunk, text, len) != 0;
	else
		f->failed |= gk_buf_addc(&f->chunk, '\x1d') != 0;
	f->failed |= gk_buf_addc(&f->chunk, '\x1f') != 0;
}

void gk_fold_int(gk_fold *f, int64_t v)
{
	char num[24], *p = num + sizeof(num);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	/* As SQLite writes an integer as text ("%lld"), without printf. */
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10));
	if (v < 0)
		*--p = '-';
	gk_fold_col(f, p, (size_t)(num + sizeof(num) - p));
}

/* Fold what the chunk holds after the hash it starts with. */
static void fold_now(gk_fold *f)
{
	char hex[GK_SEAL_HEX + 1];

	if (f->chunk.len == f->head || f->failed)
		return;
	if (f->sha256) {
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned int n = 0;

		if (!EVP_Digest(f->chunk.p, f->chunk.len, md, &n, EVP_sha256(), NULL)) {
			f->failed = 1;
			return;
		}
		for (unsigned int i = 0; i < n; i++)
			snprintf(hex + 2 * i, 3, "%02x", md[i]);
	} else {
		git_oid oid;

		git_odb_hash(&oid, f->chunk.p, f->chunk.len, GIT_OBJECT_BLOB);
		git_oid_tostr(hex, sizeof(hex), &oid);
	}
	gk_fold_start(f, hex);
}

void gk_fold_row(gk_fold *f)
{
	if (f->chunk.len - f->head >= 65536)
		fold_now(f);
}

const char *gk_fold_end(gk_fold *f)
{
	fold_now(f);
	return f->failed ? NULL : f->chunk.p;
}

void gk_fold_release(gk_fold *f)
{
	gk_buf_release(&f->chunk);
	f->failed = 0;
	f->head = 0;
}

/* One row of q into f, each column as text (NULL as such). */
static void fold_stmt_row(gk_fold *f, sqlite3_stmt *q)
{
	for (int i = 0; i < sqlite3_column_count(q); i++) {
		if (sqlite3_column_type(q, i) == SQLITE_NULL) {
			gk_fold_col(f, NULL, 0);
		} else {
			const char *t = (const char *)sqlite3_column_text(q, i);

			gk_fold_col(f, t, (size_t)sqlite3_column_bytes(q, i));
		}
	}
	gk_fold_row(f);
}


/* Fold every row of q (bound and ready) into f, then what is left. */
static int fold_rows(gk_store *st, sqlite3_stmt *q, gk_fold *f, gk_error *err)
{
	int s;

	while ((s = sqlite3_step(q)) == SQLITE_ROW)
		fold_stmt_row(f, q);
	gk_fold_end(f);
	if (s != SQLITE_DONE)
		return gk_db_error(err, st->db, st->path, "cannot read the findings of");
	if (f->failed)
		return GK_OOM(err);
	return 0;
}

/* The run's own row as layout 5 seals it (layout 4's columns). */
static const char run_row_sql[] = "SELECT " RUN_COLUMNS_V4 " FROM runs WHERE id = ?1";

/* Layout 5's end: H(prev | run row | hf | hd | hr) into out. */
static int seal_v5(gk_store *st, int64_t run_id, const char *prev, const char *const chains[3],
		   char *out, gk_error *err)
{
	gk_fold f = { .sha256 = 1 };
	sqlite3_stmt *q = NULL;
	const char *h;
	int rc = 0;

	gk_fold_start(&f, prev);
	if ((rc = gk_db_prepare(st, run_row_sql, &q, err)))
		goto cleanup;
	sqlite3_bind_int64(q, 1, run_id);
	if (sqlite3_step(q) != SQLITE_ROW) {
		rc = gk_error_set(err, GK_EIO, "run %lld is not in '%s'", (long long)run_id,
				  st->path);
		goto cleanup;
	}
	fold_stmt_row(&f, q);
	for (int i = 0; i < 3; i++)
		gk_fold_col(&f, chains[i], strlen(chains[i]));
	if (!(h = gk_fold_end(&f))) {
		rc = GK_OOM(err);
		goto cleanup;
	}
	snprintf(out, GK_SEAL_HEX + 1, "%s", h);
cleanup:
	sqlite3_finalize(q);
	gk_fold_release(&f);
	return rc;
}

/* Recompute run_id's hash from its stored columns, starting from prev. */
static int hash_run(gk_store *st, int64_t run_id, const char *prev, char *out,
		    gk_error *err)
{
	/* A run's findings have consecutive ids (one transaction): walk the
	 * id range rather than sort the run's findings. */
	static const char *const parts_v2[] = {
		"SELECT " RUN_COLUMNS " FROM runs WHERE id = ?1",
		"SELECT " FINDING_COLUMNS " FROM findings WHERE id BETWEEN "
		"(SELECT min(id) FROM findings WHERE run_id = ?1) AND "
		"(SELECT max(id) FROM findings WHERE run_id = ?1) ORDER BY id",
		NULL
	}, *const parts_v3[] = {
		"SELECT " RUN_COLUMNS_V3 " FROM runs WHERE id = ?1",
		"SELECT " FINDING_COLUMNS_V3 " FROM findings WHERE id BETWEEN "
		"(SELECT min(id) FROM findings WHERE run_id = ?1) AND "
		"(SELECT max(id) FROM findings WHERE run_id = ?1) ORDER BY id",
		"SELECT " DUE_COLUMNS " FROM due_soon WHERE id BETWEEN "
		"(SELECT min(id) FROM due_soon WHERE run_id = ?1) AND "
		"(SELECT max(id) FROM due_soon WHERE run_id = ?1) ORDER BY id",
		"SELECT run_id, finding_id FROM resolved WHERE run_id = ?1 ORDER BY finding_id",
		NULL
	}, *const parts_v4[] = {
		"SELECT " RUN_COLUMNS_V4 " FROM runs WHERE id = ?1",
		"SELECT " FINDING_COLUMNS_V4 " FROM findings WHERE id BETWEEN "
		"(SELECT min(id) FROM findings WHERE run_id = ?1) AND "
		"(SELECT max(id) FROM findings WHERE run_id = ?1) ORDER BY id",
		"SELECT " DUE_COLUMNS_V4 " FROM due_soon WHERE id BETWEEN "
		"(SELECT min(id) FROM due_soon WHERE run_id = ?1) AND "
		"(SELECT max(id) FROM due_soon WHERE run_id = ?1) ORDER BY id",
		"SELECT run_id, finding_id FROM resolved WHERE run_id = ?1 ORDER BY finding_id",
		NULL
	}, *const parts_v6[] = {
		"SELECT " RUN_COLUMNS_V4 " FROM runs WHERE id = ?1",
		"SELECT " FINDING_COLUMNS_V6 " FROM findings WHERE id BETWEEN "
		"(SELECT min(id) FROM findings WHERE run_id = ?1) AND "
		"(SELECT max(id) FROM findings WHERE run_id = ?1) ORDER BY id",
		"SELECT " DUE_COLUMNS_V6 " FROM due_soon WHERE id BETWEEN "
		"(SELECT min(id) FROM due_soon WHERE run_id = ?1) AND "
		"(SELECT max(id) FROM due_soon WHERE run_id = ?1) ORDER BY id",
		"SELECT " RESOLVED_COLUMNS " FROM resolved WHERE run_id = ?1 ORDER BY finding_id",
		NULL
	};
	const char *const *parts;
	gk_fold f = { .head = 0 }, chain[3] = { { .head = 0 } };
	sqlite3_stmt *q = NULL;
	int rc = 0, layout = 2;

	git_libgit2_init();
	if (sqlite3_prepare_v2(st->db, "SELECT layout FROM runs WHERE id = ?", -1, &q,
			       NULL) != SQLITE_OK) {
		rc = gk_db_error(err, st->db, st->path, "cannot read the runs of");
		goto cleanup;
	}
	sqlite3_bind_int64(q, 1, run_id);
	if (sqlite3_step(q) != SQLITE_ROW) {
		rc = gk_error_set(err, GK_EIO, "run %lld is not in '%s'", (long long)run_id,
				  st->path);
		goto cleanup;
	}
	if (sqlite3_column_type(q, 0) != SQLITE_NULL)
		layout = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	q = NULL;
	parts = layout >= 6 ? parts_v6 : layout >= 4 ? parts_v4 : layout >= 3 ? parts_v3 : parts_v2;
	if (layout >= 5) {
		const char *ends[3];

		/* Each of the findings, early warnings, resolved: a chain of
		 * its own from empty. */
		for (int i = 0; i < 3 && !rc; i++) {
			chain[i].sha256 = 1;
			gk_fold_start(&chain[i], "");
			if (sqlite3_prepare_v2(st->db, parts[i + 1], -1, &q, NULL) != SQLITE_OK) {
				rc = gk_db_error(err, st->db, st->path, "cannot read the findings of");
				break;
			}
			sqlite3_bind_int64(q, 1, run_id);
			rc = fold_rows(st, q, &chain[i], err);
			sqlite3_finalize(q);
			q = NULL;
			ends[i] = chain[i].chunk.p;
		}
		if (!rc)
			rc = seal_v5(st, run_id, prev, ends, out, err);
		goto cleanup;
	}
	gk_fold_start(&f, prev);
	for (int i = 0; parts[i] && !rc; i++) {
		if (sqlite3_prepare_v2(st->db, parts[i], -1, &q, NULL) != SQLITE_OK) {
			rc = gk_db_error(err, st->db, st->path, "cannot read the findings of");
			break;
		}
		sqlite3_bind_int64(q, 1, run_id);
		rc = fold_rows(st, q, &f, err);
		sqlite3_finalize(q);
		q = NULL;
	}
	if (!rc)
		snprintf(out, GK_SEAL_HEX + 1, "%s", f.chunk.p);
cleanup:
	sqlite3_finalize(q);
	gk_fold_release(&f);
	for (int i = 0; i < 3; i++)
		gk_fold_release(&chain[i]);
	git_libgit2_shutdown();
	return rc;
}

/* The newest run's hash before run_id, into prev ("" when none). */
static void prev_hash(gk_store *st, int64_t run_id, char *prev)
{
	sqlite3_stmt *q = NULL;

	prev[0] = '\0';
	if (gk_db_prepare(st, "SELECT hash FROM runs WHERE id < ? ORDER BY id DESC LIMIT 1", &q,
			  NULL) == 0) {
		sqlite3_bind_int64(q, 1, run_id);
		if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
			snprintf(prev, GK_SEAL_HEX + 1, "%s", (const char *)sqlite3_column_text(q, 0));
	}
	sqlite3_finalize(q);
}

/* Store run_id's seal (chained to prev), and remember it for the chain
 * log, appended at commit. */
static int store_seal(gk_store *st, int64_t run_id, const char *prev, const char *hash,
		      gk_error *err)
{
	sqlite3_stmt *q = NULL;
	char log[4200];
	int rc;

	if ((rc = gk_db_prepare(st, "UPDATE runs SET prev_hash = ?, hash = ? WHERE id = ?", &q,
				err)))
		return rc;
	sqlite3_bind_text(q, 1, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 3, run_id);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = gk_db_error(err, st->db, st->path, "cannot seal the run in");
	sqlite3_finalize(q);
	q = NULL;
	if (rc || st->no_chain_log || gk_chain_path(st, log, sizeof(log)) != 0)
		return rc;
	/* Appended to DB.chain once committed (gk_store_commit).  The first
	 * run logged is remembered: from it on, verify expects the log. */
	st->sealed_id = run_id;
	snprintf(st->sealed_hash, sizeof(st->sealed_hash), "%s", hash);
	if ((rc = gk_db_prepare(st, "INSERT OR IGNORE INTO meta VALUES('chain_log_since', ?)", &q,
			  err)))
		return rc;
	sqlite3_bind_int64(q, 1, run_id);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = gk_db_error(err, st->db, st->path, "cannot seal the run in");
	sqlite3_finalize(q);
	return rc;
}

int gk_db_seal_run(gk_store *st, int64_t run_id, const char *const chains[3], gk_error *err)
{
	char prev[GK_SEAL_HEX + 1], hash[GK_SEAL_HEX + 1];
	int rc;

	prev_hash(st, run_id, prev);
	git_libgit2_init();
	rc = seal_v5(st, run_id, prev, chains, hash, err);
	git_libgit2_shutdown();
	return rc ? rc : store_seal(st, run_id, prev, hash, err);
}

/* A meta value as a number (0 when absent). */
static int64_t meta_int(gk_store *st, const char *key)
{
	sqlite3_stmt *q = NULL;
	int64_t v = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = ?", -1, &q, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW)
			v = sqlite3_column_int64(q, 0);
	}
	sqlite3_finalize(q);
	return v;
}

/* Report runs from..to (sealed, but not in the chain log) as one line. */
static void report_unlogged(gk_report_fn report, void *ud, int *problems, const char *log,
			    int64_t from, int64_t to)
{
	char msg[1024];

	if (!from)
		return;
	if (from == to)
		snprintf(msg, sizeof(msg), _("run %lld is sealed but not in the chain log '%s': the "
			 "log could not be written when it was stored (the run said so), or the run "
			 "was added to the database after the fact"), (long long)from, log);
	else
		snprintf(msg, sizeof(msg), _("runs %lld-%lld are sealed but not in the chain log "
			 "'%s': the log could not be written when they were stored, it was started "
			 "anew (a database moved without it?), or they were added to the database "
			 "after the fact"), (long long)from, (long long)to, log);
	report(ud, msg);
	(*problems)++;
}

int gk_store_verify(gk_store *st, gk_report_fn report, void *ud, int *runs,
		    int *problems, char *head, char *note, size_t notesz, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	char expect_prev[GK_SEAL_HEX + 1] = "", hash[GK_SEAL_HEX + 1], msg[1024];
	char log[4200] = "";
	gk_chain *chain = NULL;
	int64_t since = meta_int(st, "chain_log_since"), unsealed_upto = meta_int(st, "unsealed_upto");
	int64_t gap_from = 0, gap_to = 0;
	int rc = 0, s, known_prev = 1, logged = 0;

	*runs = *problems = 0;
	head[0] = '\0';
	note[0] = '\0';
	if (gk_chain_path(st, log, sizeof(log)) == 0 &&
	    (rc = gk_chain_read(log, &chain, report, ud, problems, err)))
		return rc;
	if (chain && !since && chain->n)
		since = chain->v[0].id;
	if (!chain && since && *log) {
		snprintf(msg, sizeof(msg), _("the chain log '%s' is missing: it has been kept since "
			 "run %lld; restore it from the backup, or, if the database was moved, "
			 "move its chain log with it"), log, (long long)since);
		report(ud, msg);
		(*problems)++;
	}
	if ((rc = gk_db_prepare(st, "SELECT id, prev_hash, hash FROM runs ORDER BY id", &q, err)))
		goto cleanup;
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);
		const char *prev = (const char *)sqlite3_column_text(q, 1);
		const char *stored = (const char *)sqlite3_column_text(q, 2);
		gk_chain_entry *e = gk_chain_find(chain, id);

		(*runs)++;
		for (gk_chain_entry *x = e; x && x < chain->v + chain->n && x->id == id; x++)
			x->seen = 1;
		if (!stored) {
			if (e)
				snprintf(msg, sizeof(msg), _("run %lld: has no hash, but the chain log '%s' "
					 "(line %d) has its seal: the seal was removed after the fact "
					 "(setting a database back to schema 1 removes them)"),
					 (long long)id, log, e->line);
			else if (id <= unsealed_upto)
				snprintf(msg, sizeof(msg), _("run %lld: never sealed: it was stored before "
					 "this database was upgraded from schema 1, so nothing proves it "
					 "unchanged"), (long long)id);
			else
				snprintf(msg, sizeof(msg), _("run %lld: has no hash: its seal was erased "
					 "after the fact"), (long long)id);
			report(ud, msg);
			(*problems)++;
			/* The next run chains to the erased hash: the log may know it. */
			known_prev = e || id <= unsealed_upto;
			snprintf(expect_prev, sizeof(expect_prev), "%s", e ? e->hash : "");
			continue;
		}
		if (known_prev && strcmp(prev ? prev : "", expect_prev) != 0) {
			snprintf(msg, sizeof(msg), _("run %lld: the chain is broken before it: the "
				 "previous run was changed or deleted after the fact"), (long long)id);
			report(ud, msg);
			(*problems)++;
		}
		known_prev = 1;
		if ((rc = hash_run(st, id, prev, hash, err)))
			break;
		if (strcmp(hash, stored) != 0) {
			snprintf(msg, sizeof(msg), _("run %lld: the run or its findings were changed "
				 "or deleted after the fact (stored hash %.12s, recomputed %.12s)"),
				 (long long)id, stored, hash);
			report(ud, msg);
			(*problems)++;
		}
		/* The outside copy: every line of this run must hold its seal. */
		for (gk_chain_entry *x = e; x && x < chain->v + chain->n && x->id == id; x++)
			if (strcmp(x->hash, stored) != 0) {
				snprintf(msg, sizeof(msg), _("run %lld: sealed as %.12s in the chain log "
					 "'%s' (line %d), but the database has %.12s: the run was "
					 "replaced or resealed after the fact"), (long long)id, x->hash,
					 log, x->line, stored);
				report(ud, msg);
				(*problems)++;
			}
		if (e)
			logged++;
		if (!e && chain && since && id >= since) {
			if (!gap_from)
				gap_from = id;
			gap_to = id;
		} else {
			report_unlogged(report, ud, problems, log, gap_from, gap_to);
			gap_from = 0;
		}
		snprintf(expect_prev, sizeof(expect_prev), "%s", stored);
		snprintf(head, GK_SEAL_HEX + 1, "%s", stored);
	}
	report_unlogged(report, ud, problems, log, gap_from, gap_to);
	if (!rc && s != SQLITE_DONE)
		rc = gk_db_error(err, st->db, st->path, "cannot read the runs of");
	/* Runs the log has and the database lacks: deleted (the newest run
	 * too, which nothing inside the database could show). */
	for (size_t i = 0; !rc && chain && i < chain->n; i++) {
		if (chain->v[i].seen || (i && chain->v[i - 1].id == chain->v[i].id))
			continue;
		snprintf(msg, sizeof(msg), _("run %lld is in the chain log '%s' (line %d) but not in "
			 "the database: it was deleted after the fact, or the database was restored "
			 "from a backup older than its chain log"), (long long)chain->v[i].id, log,
			 chain->v[i].line);
		report(ud, msg);
		(*problems)++;
	}
	if (chain)
		snprintf(note, notesz, _("chain log %s: holds %d of the %d runs (kept since run "
			 "%lld)"), log, logged, *runs, (long long)since);
	else if (!since && *log)
		snprintf(note, notesz, _("no chain log yet (%s): the next run starts it"), log);
cleanup:
	sqlite3_finalize(q);
	gk_chain_free(chain);
	return rc;
}


/*
 * import.c - importing records: every row validated, nothing written
 * unless every row is good (see db.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>

#include "../../engine/buf.h"
#include "../../engine/i18n.h"
#include "db_impl.h"

/* ---- import ---------------------------------------------------------- */

#include "../import/encoding.h"
#include "../import/reader.h"
#include "../import/schedule.h"
#include "../import/sheet.h"
#include "../import/xlsx_read.h"

#define CELL_MAX 65536

struct importer {
	gk_store *st;
	sqlite3_stmt *find, *keep, *put;
	int64_t import_id;
	const char *file;        /* current file, NULL for gk_store_put */
	enum gk_format fmt;
	gk_report_fn report;
	void *ud;
	gk_import_stats *stats;
	long file_rows;          /* rows read from the current file */
	char *cell;              /* CELL_MAX scratch for one normalised value */
	char *vals[GK_NFIELDS];  /* normalised values of the row */
	int set[GK_NFIELDS];
};

static int imp_report(struct importer *im, gk_error *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One problem in the input: reported, counted, and import goes on so the
 * officer sees every problem at once (up to a limit). */
static int imp_report(struct importer *im, gk_error *err, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), _(fmt), ap);
	va_end(ap);
	im->stats->errors++;
	if (im->report && im->stats->errors <= GK_IMPORT_MAX_ERRORS)
		im->report(im->ud, msg);
	if (!im->report)
		gk_error_set(err, GK_EINVAL, "%s", msg);
	if (im->stats->errors >= GK_IMPORT_MAX_ERRORS)
		return gk_error_set(err, GK_EINVAL, "too many errors");
	return 0;
}


static int importer_init(struct importer *im, gk_store *st, gk_error *err)
{
	char cols[1024], qs[256], sql[4096];
	size_t n = 0, m = 0;
	int rc;

	for (int f = 0; f < GK_NFIELDS; f++) {
		n += (size_t)snprintf(cols + n, sizeof(cols) - n, "%s, ", gk_fields[f].name);
		m += (size_t)snprintf(qs + m, sizeof(qs) - m, "?, ");
	}
	im->st = st;
	im->cell = malloc(CELL_MAX);
	for (int f = 0; f < GK_NFIELDS; f++)
		im->vals[f] = NULL;
	if (!im->cell)
		return GK_OOM(err);
	/* Every column too: an unchanged record is not written again. */
	snprintf(sql, sizeof(sql), "SELECT %simport_id, origin FROM records WHERE id = ?", cols);
	if ((rc = gk_db_prepare(st, sql, &im->find, err)))
		return rc;
	snprintf(sql, sizeof(sql),
		 "INSERT INTO record_history(%simport_id, origin, replaced_by) "
		 "SELECT %simport_id, origin, ?2 FROM records WHERE id = ?1",
		 cols, cols);
	if ((rc = gk_db_prepare(st, sql, &im->keep, err)))
		return rc;
	snprintf(sql, sizeof(sql),
		 "INSERT OR REPLACE INTO records(%simport_id, origin) VALUES(%s?, ?)",
		 cols, qs);
	return gk_db_prepare(st, sql, &im->put, err);
}

static void importer_release(struct importer *im)
{
	sqlite3_finalize(im->find);
	sqlite3_finalize(im->keep);
	sqlite3_finalize(im->put);
	for (int f = 0; f < GK_NFIELDS; f++)
		free(im->vals[f]);
	free(im->cell);
}

/* Store value for field f (copied: the reader's buffer dies after the row). */
static int imp_set(struct importer *im, int f, const char *v, size_t len)
{
	char *copy = realloc(im->vals[f], len + 1);

	if (!copy)
		return -1;
	memcpy(copy, v, len);
	copy[len] = '\0';
	im->vals[f] = copy;
	im->set[f] = 1;
	return 0;
}

/* 1 when the stored record im->find stands on has exactly the values of
 * the row being imported. */
static int same_record(struct importer *im)
{
	for (int f = 0; f < GK_NFIELDS; f++) {
		const char *old = (const char *)sqlite3_column_text(im->find, f);

		if (im->set[f] <= 0 ? old != NULL : !old || strcmp(old, im->vals[f]) != 0)
			return 0;
	}
	return 1;
}

/*
 * Validate one record (the cells already mapped to fields in im->vals) and
 * write it.  where is "FILE:LINE" for messages.
 */
static int imp_write(struct importer *im, const char *where, int bad,
		     gk_error *err)
{
	const char *id = im->vals[GK_F_ID];
	char kinds[128];
	int kind = -1, rc = 0, s;

	for (int f = 0; f < GK_NFIELDS; f++) {
		if (gk_fields[f].required && !im->set[f]) {
			if ((rc = imp_report(im, err, "%s: column '%s': missing: every record needs "
					     "id, jurisdiction and kind", where, gk_fields[f].name)))
				return rc;
			bad = 1;
		}
	}
	if (im->set[GK_F_KIND] > 0)
		kind = gk_kind_lookup(im->vals[GK_F_KIND], strlen(im->vals[GK_F_KIND]));
	if (kind >= 0) {
		for (int f = 0; f < GK_NFIELDS; f++) {
			if (im->set[f] <= 0 || gk_field_applies((enum gk_field)f, (enum gk_kind)kind))
				continue;
			gk_field_kinds_text((enum gk_field)f, kinds, sizeof(kinds));
			if ((rc = imp_report(im, err,
					     "%s: column '%s': does not apply to kind '%s' "
					     "(only to %s): leave it empty or fix the kind",
					     where, gk_fields[f].name, gk_kind_names[kind], kinds)))
				return rc;
			bad = 1;
		}
	}
	if (bad || im->stats->errors)
		return 0;    /* keep validating; nothing will be written */

	/* An id seen earlier in this same import from the same file is a
	 * duplicate; from an earlier import, a new version to keep. */
	sqlite3_reset(im->find);
	sqlite3_bind_text(im->find, 1, id, -1, SQLITE_STATIC);
	s = sqlite3_step(im->find);
	if (s == SQLITE_ROW) {
		int64_t prev = sqlite3_column_int64(im->find, GK_NFIELDS);
		const char *origin = (const char *)sqlite3_column_text(im->find, GK_NFIELDS + 1);

		if (prev == im->import_id) {
			size_t flen = im->file ? strlen(im->file) : 0;
			if (im->file && origin && strncmp(origin, im->file, flen) == 0 &&
			    origin[flen] == ':')
				return imp_report(im, err,
						  "%s: column 'id': '%s' appears twice in this file "
						  "(first on line %s)", where, id, origin + flen + 1);
		}
		if (prev != im->import_id && same_record(im)) {
			im->stats->unchanged++;
			return 0;
		}
		sqlite3_reset(im->keep);
		sqlite3_bind_text(im->keep, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(im->keep, 2, im->import_id);
		if (prev != im->import_id) {
			if (sqlite3_step(im->keep) != SQLITE_DONE)
				return gk_db_error(err, im->st->db, im->st->path,
						"cannot keep the earlier version in");
			im->stats->replaced++;
		}
	} else if (s != SQLITE_DONE) {
		return gk_db_error(err, im->st->db, im->st->path, "cannot read");
	} else {
		im->stats->inserted++;
	}
	sqlite3_reset(im->put);
	for (int f = 0; f < GK_NFIELDS; f++) {
		enum gk_type t = gk_fields[f].type;

		if (!im->set[f])
			sqlite3_bind_null(im->put, f + 1);
		else if (t == GK_T_FLAG || t == GK_T_INT)
			sqlite3_bind_int64(im->put, f + 1, atoll(im->vals[f]));
		else
			sqlite3_bind_text(im->put, f + 1, im->vals[f], -1, SQLITE_STATIC);
	}
	sqlite3_bind_int64(im->put, GK_NFIELDS + 1, im->import_id);
	sqlite3_bind_text(im->put, GK_NFIELDS + 2, where, -1, SQLITE_STATIC);
	if (sqlite3_step(im->put) != SQLITE_DONE)
		return gk_db_error(err, im->st->db, im->st->path, "cannot write a record to");
	return 0;
}

/* Validate one value of field f into im->vals; col names the column in
 * messages ("column 'published_on'").  Reports and sets *bad when bad. */
static int imp_field(struct importer *im, const char *where, int f, const char *col,
		     const char *val, size_t vallen, int present, int *bad, gk_error *err)
{
	char prob[512];
	const char *problem;
	int r;

	if (im->set[f]) {
		*bad = 1;
		return imp_report(im, err, "%s: %s: given twice", where, col);
	}
	if (!present)
		return 0;
	r = gk_field_normalize((enum gk_field)f, val, vallen, im->cell, CELL_MAX,
			       prob, sizeof(prob), &problem);
	if (r < 0) {
		*bad = 1;
		im->set[f] = -1;   /* given, but invalid: not "missing" as well */
		return imp_report(im, err, "%s: %s: %s", where, col, problem);
	}
	if (r == 1)
		return 0;
	if (imp_set(im, f, im->cell, strlen(im->cell)))
		return GK_OOM(err);
	return 0;
}

/* Validate one cell given by its column name into im->vals. */
static int imp_cell(struct importer *im, const char *where, const char *key,
		    size_t keylen, const char *val, size_t vallen, int present,
		    int *bad, gk_error *err)
{
	char col[128];
	int f = gk_field_lookup(key, keylen);

	if (f < 0) {
		*bad = 1;
		return imp_report(im, err,
				  "%s: column '%.*s': unknown column (columns are those of "
				  "the interchange format, e.g. 'published_on'): rename or remove it",
				  where, (int)(keylen > 64 ? 64 : keylen), key);
	}
	snprintf(col, sizeof(col), "column '%s'", gk_fields[f].name);
	return imp_field(im, where, f, col, val, vallen, present, bad, err);
}

/* A new record begins at file:line: counted, its fields cleared, where
 * ("FILE:LINE") made for messages. */
static void imp_start_row(struct importer *im, const char *file, int line, char *where,
			  size_t wsz)
{
	im->stats->rows++;
	im->file_rows++;
	memset(im->set, 0, sizeof(im->set));
	snprintf(where, wsz, "%s:%d", file, line);
}

/* A row of a spreadsheet (CSV or .xlsx), its columns found by sheet.c. */
static int imp_sheet_row(void *ud, const gk_sheet_row *row, gk_error *err)
{
	struct importer *im = ud;
	char where[512];
	int bad = 0, rc;

	imp_start_row(im, row->file, row->line, where, sizeof(where));
	for (int i = 0; i < row->ncells; i++) {
		const gk_sheet_cell *c = &row->cells[i];

		if ((rc = imp_field(im, where, c->field, c->col, c->val, c->len, 1, &bad, err)))
			return rc;
	}
	return imp_write(im, where, bad, err);
}

static int imp_sheet_problem(void *ud, const char *msg, gk_error *err)
{
	return imp_report(ud, err, "%s", msg);
}

static int imp_row(void *ud, const gk_row *row, gk_error *err)
{
	struct importer *im = ud;
	char where[512];
	int bad = 0, rc;

	imp_start_row(im, row->file, row->line, where, sizeof(where));
	for (int i = 0; i < row->ncells; i++) {
		const gk_cell *c = &row->cells[i];

		if ((rc = imp_cell(im, where, c->key, c->keylen, c->val, c->vallen,
				   c->present, &bad, err)))
			return rc;
	}
	return imp_write(im, where, bad, err);
}

/* Map a whole input file read-only: the kernel pages it in and out, so a
 * large import does not hold a private copy in memory.  unmap_file frees. */
static int map_file(const char *path, char **buf, size_t *len, gk_error *err)
{
	struct stat sb;
	int fd = open(path, O_RDONLY);
	void *p;

	*buf = NULL;
	*len = 0;
	if (fd < 0)
		return gk_error_set(err, GK_EIO, "cannot read '%s': %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return gk_error_set(err, GK_EIO, "cannot read '%s': not a regular file", path);
	}
	if (sb.st_size == 0) {
		close(fd);
		return 0;
	}
	p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return gk_error_set(err, GK_EIO, "cannot read '%s': %s", path, strerror(errno));
	madvise(p, (size_t)sb.st_size, MADV_SEQUENTIAL);
	*buf = p;
	*len = (size_t)sb.st_size;
	return 0;
}

static void unmap_file(char *buf, size_t len)
{
	if (buf)
		munmap(buf, len);
}

static int start_import(gk_store *st, const char *files, int64_t *id, gk_error *err)
{
	sqlite3_stmt *q = NULL;
	char at[32];
	int rc;

	gk_db_now_iso(at, sizeof(at));
	if ((rc = gk_db_prepare(st, "INSERT INTO imports(at, files) VALUES(?, ?)", &q, err)))
		return rc;
	sqlite3_bind_text(q, 1, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, files, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = gk_db_error(err, st->db, st->path, "cannot record the import in");
	sqlite3_finalize(q);
	*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

static void note(const gk_import_opts *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(const gk_import_opts *o, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!o->note)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), _(fmt), ap);
	va_end(ap);
	o->note(o->note_ud, msg);
}

/* A CSV file or an .xlsx sheet, through sheet.c to imp_sheet_row. */
static int import_sheet(struct importer *im, const char *file, int xlsx, const char *buf,
			size_t len, const gk_import_opts *o, gk_error *err)
{
	gk_sheet_sink sink = { imp_sheet_row, imp_sheet_problem, im };
	gk_sheet *sh = NULL;
	char *name = NULL;
	int rc, line = 0;

	if ((rc = gk_sheet_new(&sh, file, xlsx, o->columns, &sink, err)))
		return rc;
	if (xlsx)
		rc = gk_xlsx_read(file, o->sheet, gk_sheet_feed, sh, &name, err);
	else
		rc = gk_reader_read(GK_FORMAT_CSV_ROWS, file, buf, len, gk_sheet_feed, sh, err);
	if (!rc)
		rc = gk_sheet_finish(sh, &line, err);
	if (!rc && name)
		note(o, "%s: sheet '%s'", file, name);
	if (!rc && line > 1)
		note(o, "%s: the header is on %s %d; the rows above it are skipped as titles",
		     file, xlsx ? "row" : "line", line);
	free(name);
	gk_sheet_free(sh);
	return rc;
}

/* A CSV file: its encoding found (or forced), then its rows. */
static int import_csv(struct importer *im, const char *file, const char *buf, size_t len,
		      const gk_import_opts *o, gk_error *err)
{
	enum gk_encoding enc = (enum gk_encoding)o->encoding;
	char *conv = NULL;
	size_t convlen = 0;
	int rc;

	if (enc == GK_ENC_AUTO && (rc = gk_encoding_detect(file, buf, len, &enc, err)))
		return rc;
	if (enc == GK_ENC_GB18030) {
		if ((rc = gk_encoding_to_utf8(file, enc, buf, len, &conv, &convlen, err)))
			return rc;
		note(o, "%s: read as GB18030%s", file, o->encoding ? "" : " (detected)");
		buf = conv ? conv : "";
		len = convlen;
	}
	rc = import_sheet(im, file, 0, buf, len, o, err);
	gk_encoding_unmap(conv, convlen);
	return rc;
}

/* Formats people have that gongkai does not read, and what to do. */
static const char *other_format(const char *file)
{
	const char *dot = strrchr(file, '.');

	if (!dot || strchr(dot, '/'))
		return NULL;
	if (!strcasecmp(dot, ".xls"))
		return _("an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV UTF-8");
	if (!strcasecmp(dot, ".et") || !strcasecmp(dot, ".ett"))
		return _("a WPS workbook (.et): save it as .xlsx or CSV UTF-8");
	if (!strcasecmp(dot, ".ods"))
		return _("an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV UTF-8");
	return NULL;
}

int gk_store_import(gk_store *st, const char *const *files, int nfiles,
		    const gk_import_opts *opts, gk_report_fn report, void *ud,
		    gk_import_stats *stats, gk_error *err)
{
	static const gk_import_opts none;
	const gk_import_opts *o = opts ? opts : &none;
	struct importer im = { 0 };
	sqlite3_stmt *q = NULL;
	gk_buf names = GK_BUF_INIT;
	int rc;

	memset(stats, 0, sizeof(*stats));
	for (int i = 0; i < nfiles; i++)
		if (gk_buf_addf(&names, "%s%s", i ? ";" : "", files[i])) {
			gk_buf_release(&names);
			return GK_OOM(err);
		}
	im.report = report;
	im.ud = ud;
	im.stats = stats;
	if ((rc = gk_store_begin(st, err)))
		goto cleanup;
	if ((rc = start_import(st, names.p ? names.p : "", &im.import_id, err)) ||
	    (rc = importer_init(&im, st, err)))
		goto cleanup;
	stats->import_id = im.import_id;
	for (int i = 0; i < nfiles && stats->errors < GK_IMPORT_MAX_ERRORS; i++) {
		char *buf = NULL;
		size_t len = 0;
		int fmt = gk_reader_format_of(files[i]);
		int yaml = gk_schedule_is(files[i]);
		int xlsx = gk_xlsx_is(files[i]);
		long before = stats->rows;
		const char *other;

		if (fmt < 0 && !yaml && !xlsx) {
			if ((other = other_format(files[i])))
				imp_report(&im, err, "cannot read '%s': it is %s", files[i], other);
			else
				imp_report(&im, err, "%s: cannot tell the format: name it .csv, "
					   ".xlsx, .jsonl or (a task schedule) .yaml", files[i]);
			continue;
		}
		if (!xlsx && (rc = map_file(files[i], &buf, &len, err)))
			goto cleanup;
		im.file = files[i];
		im.fmt = yaml ? GK_FORMAT_JSONL : (enum gk_format)fmt;
		im.file_rows = 0;
		if (xlsx)
			rc = import_sheet(&im, files[i], 1, NULL, 0, o, err);
		else if (yaml)
			rc = gk_schedule_read(files[i], buf ? buf : "", len, imp_row, &im, err);
		else if (fmt == GK_FORMAT_CSV)
			rc = import_csv(&im, files[i], buf ? buf : "", len, o, err);
		else
			rc = gk_reader_read(im.fmt, files[i], buf ? buf : "", len, imp_row, &im, err);
		unmap_file(buf, len);
		if (rc == GK_EINVAL && stats->errors < GK_IMPORT_MAX_ERRORS &&
		    strcmp(err->msg, _("too many errors"))) {
			/* a syntax error from the reader */
			stats->errors++;
			if (report)
				report(ud, err->msg);
		} else if (rc && rc != GK_EINVAL) {
			goto cleanup;
		}
		rc = 0;
		if (stats->rows == before && !stats->errors)
			imp_report(&im, err, "%s: no records in this file", files[i]);
	}
	if (stats->errors) {
		rc = gk_error_set(err, GK_EINVAL,
				  "import refused: %d problem%s%s; the database is unchanged",
				  stats->errors, stats->errors == 1 ? "" : "s",
				  stats->errors >= GK_IMPORT_MAX_ERRORS ? " (stopped counting)" : "");
		goto cleanup;
	}
	if ((rc = gk_db_prepare(st, "UPDATE imports SET rows = ?, inserted = ?, replaced = ? WHERE id = ?",
			  &q, err)))
		goto cleanup;
	sqlite3_bind_int64(q, 1, stats->rows);
	sqlite3_bind_int64(q, 2, stats->inserted);
	sqlite3_bind_int64(q, 3, stats->replaced);
	sqlite3_bind_int64(q, 4, im.import_id);
	if (sqlite3_step(q) != SQLITE_DONE) {
		rc = gk_db_error(err, st->db, st->path, "cannot record the import in");
		goto cleanup;
	}
	importer_release(&im);
	memset(&im, 0, sizeof(im));
	rc = gk_store_commit(st, err);
cleanup:
	sqlite3_finalize(q);
	importer_release(&im);
	if (rc && st->in_tx)
		gk_store_rollback(st);
	gk_buf_release(&names);
	return rc;
}

int gk_store_put(gk_store *st, const char *origin, const char *const *keys,
		 const char *const *vals, int n, gk_error *err)
{
	struct importer im = { 0 };
	gk_import_stats stats = { 0 };
	int bad = 0, rc;

	im.stats = &stats;
	if ((rc = start_import(st, origin, &im.import_id, err)) ||
	    (rc = importer_init(&im, st, err)))
		goto cleanup;
	for (int i = 0; i < n && !rc; i++)
		rc = imp_cell(&im, origin, keys[i], strlen(keys[i]), vals[i],
			      strlen(vals[i]), 1, &bad, err);
	if (!rc)
		rc = imp_write(&im, origin, bad, err);
	if (!rc && stats.errors)
		rc = GK_EINVAL;
cleanup:
	importer_release(&im);
	return rc;
}


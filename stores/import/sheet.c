/* sheet.c - see sheet.h */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/i18n.h"
#include "../../engine/date.h"
#include "../../engine/record.h"
#include "../../engine/buf.h"
#include "sheet.h"

#define MAX_TITLE_ROWS 10
#define UNNAMED (-3)

struct column {
	int field;             /* a field, GK_COL_IGNORE, GK_COL_UNKNOWN or UNNAMED */
	char *desc;            /* "column F '发布日期' (published_on)" */
	char *buf;             /* this column's value, when it had to be rewritten */
	size_t cap;
	int reported;          /* a value under no header was reported */
};

struct gk_sheet {
	const char *file;
	int xlsx;
	const gk_colmap *map;
	gk_sheet_sink sink;
	int header_line;
	int skipped;
	struct column *cols;   /* 1-based: cols[1..ncols] */
	int ncols;
	const gk_cell **bycol; /* this row's cell of each column */
	gk_sheet_cell *out;
	char *defdesc[GK_NFIELDS];
};

void gk_sheet_col_letters(int col, char *buf)
{
	char tmp[8];
	int n = 0;

	while (col > 0 && n < 7) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
}

static int sheet_problem(gk_sheet *s, gk_error *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int sheet_problem(gk_sheet *s, gk_error *err, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), _(fmt), ap);
	va_end(ap);
	return s->sink.problem(s->sink.ud, msg, err);
}

int gk_sheet_new(gk_sheet **out, const char *file, int xlsx, const gk_colmap *map,
		 const gk_sheet_sink *sink, gk_error *err)
{
	gk_sheet *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s)
		return GK_OOM(err);
	s->file = file;
	s->xlsx = xlsx;
	s->map = map;
	s->sink = *sink;
	for (int f = 0; f < GK_NFIELDS; f++) {
		if (!gk_colmap_default(map, f))
			continue;
		if (asprintf(&s->defdesc[f], _("column '%s' (the default of %s)"), gk_fields[f].name,
			     gk_colmap_file(map)) < 0) {
			s->defdesc[f] = NULL;
			gk_sheet_free(s);
			return GK_OOM(err);
		}
	}
	*out = s;
	return 0;
}

void gk_sheet_free(gk_sheet *s)
{
	if (!s)
		return;
	for (int i = 0; s->cols && i <= s->ncols; i++) {
		free(s->cols[i].desc);
		free(s->cols[i].buf);
	}
	for (int f = 0; f < GK_NFIELDS; f++)
		free(s->defdesc[f]);
	free(s->cols);
	free(s->bycol);
	free(s->out);
	free(s);
}

/* The value of a cell, trimmed of spaces, as (p, n). */
static void trimmed(const gk_cell *c, const char **p, size_t *n)
{
	const char *v = c->val;
	size_t len = c->vallen;

	while (len && (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n'))
		v++, len--;
	while (len && (v[len - 1] == ' ' || v[len - 1] == '\t' || v[len - 1] == '\r' ||
		       v[len - 1] == '\n'))
		len--;
	*p = v;
	*n = len;
}

/* 1 when row r looks like the header (see sheet.h). */
static int looks_like_header(const gk_sheet *s, const gk_row *r, int *nonempty)
{
	int known = 0;

	*nonempty = 0;
	for (int i = 0; i < r->ncells; i++) {
		const char *v;
		size_t n;

		trimmed(&r->cells[i], &v, &n);
		if (!n)
			continue;
		(*nonempty)++;
		if (gk_colmap_field(s->map, v, n) != GK_COL_UNKNOWN)
			known++;
	}
	return known >= 2 && 2 * known >= *nonempty;
}

/* How messages name column col whose header is (h, n) and field f. */
static char *describe(const gk_sheet *s, int col, const char *h, size_t n, int f)
{
	char letters[8] = "", *d = NULL;
	const char *name = f >= 0 ? gk_fields[f].name : NULL;
	int same = name && strlen(name) == n && memcmp(name, h, n) == 0;
	int r;

	if (s->xlsx)
		gk_sheet_col_letters(col, letters);
	if (!n)
		r = s->xlsx ? asprintf(&d, "column %s", letters) : asprintf(&d, "column %d", col);
	else if (same || !name)
		r = asprintf(&d, "column %s%s'%.*s'", letters, *letters ? " " : "",
			     (int)(n > 64 ? 64 : n), h);
	else
		r = asprintf(&d, "column %s%s'%.*s' (%s)", letters, *letters ? " " : "",
			     (int)(n > 64 ? 64 : n), h, name);
	return r < 0 ? NULL : d;
}

/* Row r is the header: learn its columns and report what is wrong. */
static int take_header(gk_sheet *s, const gk_row *r, gk_error *err)
{
	int ncols = 0, rc;

	for (int i = 0; i < r->ncells; i++)
		if (r->cells[i].col > ncols)
			ncols = r->cells[i].col;
	s->header_line = r->line;
	s->ncols = ncols;
	if (!(s->cols = calloc((size_t)ncols + 1, sizeof(*s->cols))) ||
	    !(s->bycol = calloc((size_t)ncols + 1, sizeof(*s->bycol))) ||
	    !(s->out = calloc((size_t)ncols + GK_NFIELDS + 1, sizeof(*s->out))))
		return GK_OOM(err);
	for (int c = 1; c <= ncols; c++)
		s->cols[c].field = UNNAMED;
	for (int i = 0; i < r->ncells; i++) {
		struct column *col = &s->cols[r->cells[i].col];
		const char *h;
		size_t n;

		trimmed(&r->cells[i], &h, &n);
		col->field = n ? gk_colmap_field(s->map, h, n) : UNNAMED;
		if (!(col->desc = describe(s, r->cells[i].col, h, n, col->field)))
			return GK_OOM(err);
	}
	for (int c = 1; c <= ncols; c++) {
		struct column *col = &s->cols[c];

		if (!col->desc) {
			if (!(col->desc = describe(s, c, "", 0, UNNAMED)))
				return GK_OOM(err);
			continue;
		}
		if (col->field == GK_COL_UNKNOWN &&
		    (rc = sheet_problem(s, err, "%s:%d: %s: unknown column: not a column of the record "
				  "format (docs/records.md), by its name or Chinese name (e.g. "
				  "'published_on' or 发布日期); rename or delete it, or map it in the "
				  "source system's columns.yaml (--columns)",
				  s->file, r->line, col->desc)))
			return rc;
		for (int d = 1; d < c && col->field >= 0; d++)
			if (s->cols[d].field == col->field) {
				if ((rc = sheet_problem(s, err, "%s:%d: %s and %s are the same column "
						  "'%s': delete one", s->file, r->line, s->cols[d].desc,
						  col->desc, gk_fields[col->field].name)))
					return rc;
				col->field = GK_COL_IGNORE;   /* said once, not on every row */
				break;
			}
	}
	return 0;
}

/* Make room for n bytes in column col's buffer. */
static char *col_buf(struct column *col, size_t n)
{
	return GK_RESERVE(col->buf, n, col->cap) ? NULL : col->buf;
}

/*
 * The value of field f from (v, n) as the record takes it: an Excel
 * serial in a date column of an .xlsx becomes ISO; the mapping's words
 * are replaced (item by item in a list).  *out points at v or at col's
 * buffer.
 */
static int rewrite(gk_sheet *s, struct column *col, int f, const char *v, size_t n,
		   const char **out, size_t *outlen)
{
	const char *to;
	size_t k = 0;

	*out = v;
	*outlen = n;
	if (s->xlsx && gk_fields[f].type == GK_T_DATE && n && n <= 12) {
		char num[16], *end;
		double serial;
		gk_day day;

		memcpy(num, v, n);
		num[n] = '\0';
		serial = strtod(num, &end);
		if (*end == '\0' && num[0] >= '0' && num[0] <= '9' && serial < 1e7 &&
		    gk_date_from_excel(serial, &day) == 0) {
			if (!col_buf(col, GK_DATE_LEN + 1))
				return GK_ENOMEM;
			gk_date_format(day, col->buf);
			*out = col->buf;
			*outlen = GK_DATE_LEN;
			return 0;
		}
	}
	if (!s->map)
		return 0;
	if (gk_fields[f].type != GK_T_ENUMLIST) {
		if ((to = gk_colmap_value(s->map, f, v, n))) {
			*out = to;
			*outlen = strlen(to);
		}
		return 0;
	}
	/* Each item of a list: at most the whole value plus every word. */
	for (size_t i = 0; i <= n;) {
		size_t j = i, len;

		while (j < n && v[j] != ';')
			j++;
		to = gk_colmap_value(s->map, f, v + i, j - i);
		len = to ? strlen(to) : j - i;
		if (!col_buf(col, k + len + 2))
			return GK_ENOMEM;
		if (k)
			col->buf[k++] = ';';
		memcpy(col->buf + k, to ? to : v + i, len);
		k += len;
		i = j + 1;
	}
	col->buf[k] = '\0';
	*out = col->buf;
	*outlen = k;
	return 0;
}

static int data_row(gk_sheet *s, const gk_row *r, gk_error *err)
{
	gk_sheet_row row = { s->file, r->line, s->out, 0 };
	int have[GK_NFIELDS] = { 0 }, rc, width = 0;

	for (int c = 1; c <= s->ncols; c++)
		s->bycol[c] = NULL;
	for (int i = 0; i < r->ncells; i++) {
		const gk_cell *cell = &r->cells[i];
		const char *v;
		size_t n;

		if (cell->col > width)
			width = cell->col;
		if (cell->col <= s->ncols) {
			s->bycol[cell->col] = cell;
			continue;
		}
		trimmed(cell, &v, &n);
		if (n) {
			char *d = describe(s, cell->col, "", 0, UNNAMED);

			rc = d ? sheet_problem(s, err, "%s:%d: %s: '%.*s' is right of the last header: "
					 "give the column a header or delete the value", s->file,
					 r->line, d, (int)(n > 64 ? 64 : n), v) :
				 GK_OOM(err);
			free(d);
			return rc;
		}
	}
	/* A CSV row shorter than the header lost cells (a stray line break):
	 * unless what it lacks are the empty columns at the end. */
	if (!s->xlsx && width < s->ncols) {
		for (int c = width + 1; c <= s->ncols; c++)
			if (s->cols[c].field >= 0)
				return sheet_problem(s, err, "%s:%d: row has %d cell%s but the header has %d",
					       s->file, r->line, width, width == 1 ? "" : "s",
					       s->ncols);
	}
	for (int c = 1; c <= s->ncols; c++) {
		struct column *col = &s->cols[c];
		const gk_cell *cell = s->bycol[c];
		const char *v;
		size_t n;

		if (!cell)
			continue;
		trimmed(cell, &v, &n);
		if (col->field == UNNAMED) {
			if (n && !col->reported) {
				col->reported = 1;
				if ((rc = sheet_problem(s, err, "%s:%d: %s: '%.*s' is under an empty header: "
						  "name the column or delete the value", s->file, r->line,
						  col->desc, (int)(n > 64 ? 64 : n), v)))
					return rc;
			}
			continue;
		}
		if (col->field < 0)
			continue;
		if ((rc = rewrite(s, col, col->field, v, n, &s->out[row.ncells].val,
				  &s->out[row.ncells].len)))
			return gk_error_set(err, rc, "out of memory");
		s->out[row.ncells].field = col->field;
		s->out[row.ncells].col = col->desc;
		have[col->field] = n != 0;
		row.ncells++;
	}
	for (int f = 0; f < GK_NFIELDS; f++) {
		const char *def = gk_colmap_default(s->map, f);
		int k;

		if (!def || have[f])
			continue;
		for (k = 0; k < row.ncells && s->out[k].field != f; k++)
			;
		if (k == row.ncells)
			row.ncells++;
		s->out[k].field = f;
		s->out[k].col = s->defdesc[f];
		s->out[k].val = def;
		s->out[k].len = strlen(def);
	}
	return s->sink.row(s->sink.ud, &row, err);
}

int gk_sheet_feed(void *ud, const gk_row *r, gk_error *err)
{
	gk_sheet *s = ud;
	int nonempty;

	if (s->header_line)
		return data_row(s, r, err);
	if (!looks_like_header(s, r, &nonempty) && nonempty <= 1 &&
	    s->skipped < MAX_TITLE_ROWS) {
		s->skipped += nonempty;    /* a title or a note above the header */
		return 0;
	}
	return take_header(s, r, err);
}

int gk_sheet_finish(gk_sheet *s, int *header_line, gk_error *err)
{
	if (header_line)
		*header_line = s->header_line;
	if (!s->header_line)
		return sheet_problem(s, err, "%s: no header row: the first row names the columns "
			       "(id or 索引号, jurisdiction or 辖区, kind or 类型, ...)", s->file);
	return 0;
}

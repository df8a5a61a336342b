/*
 * xlsx_read.c - one sheet of an .xlsx workbook as rows (see xlsx_read.h).
 *
 * The parts read, in order: xl/workbook.xml (the sheets' names and
 * relationship ids, and the 1904 date system flag), its relationships
 * (which part each sheet is), xl/styles.xml (which cell styles are date
 * formats), xl/sharedStrings.xml (the strings cells refer to by index) and
 * the sheet.  Elements are matched by local name, so a writer's namespace
 * prefix (x:row) does not matter.
 */
#include <errno.h>
#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "../../engine/i18n.h"
#include "../../engine/date.h"
#include "../../engine/buf.h"
#include "sheet.h"
#include "xlsx_read.h"

struct sheet_ref {
	char *name, *rid, *target;
};

struct xlsx {
	const char *file;
	zip_t *za;
	gk_error *err;
	int rc;                   /* the first error, set with err */
	XML_Parser parser;
	const char *part;         /* the part being parsed, for messages */

	/* workbook and its relationships */
	struct sheet_ref *sheets;
	int nsheets;
	size_t capsheets;
	int date1904;

	/* styles: date formats */
	int in_numfmts, in_cellxfs;
	int *custom_date;         /* numFmtId -> 1 when a custom date format */
	int ncustom;
	size_t capcustom;
	unsigned char *xf_date;   /* cell style index -> 1 when a date */
	int nxf;
	size_t capxf;

	/* shared strings */
	gk_buf strings;      /* every string, NUL-terminated */
	size_t *soff;
	size_t nstr, capstr;
	int in_si, in_t, in_rph;

	/* the sheet */
	int in_v, in_is;
	int row, col, ctype, cstyle;
	gk_buf text;         /* this cell's text */
	gk_buf vals;         /* this row's values */
	size_t *voff;
	int *vcol;
	int ncells;
	size_t capcells, capvcol, capc;
	gk_cell *cells;
	gk_row_fn fn;
	void *ud;
};

enum { T_NUMBER, T_SHARED, T_INLINE, T_STR, T_BOOL, T_ERROR, T_DATE };

int gk_xlsx_is(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot && !strchr(dot, '/') && !strcasecmp(dot, ".xlsx");
}

static int xlsx_fail(struct xlsx *x, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int xlsx_fail(struct xlsx *x, int code, const char *fmt, ...)
{
	char msg[1536];
	va_list ap;

	if (x->rc)
		return x->rc;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), _(fmt), ap);
	va_end(ap);
	x->rc = gk_error_set(x->err, code, "%s", msg);
	if (x->parser)
		XML_StopParser(x->parser, XML_FALSE);
	return x->rc;
}

static int nomem(struct xlsx *x)
{
	return xlsx_fail(x, GK_ENOMEM, "out of memory");
}

/* The local name: "x:row" -> "row". */
static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

/* An attribute by local name; with prefixed, only a prefixed one (r:id
 * against the id of the element itself). */
static const char *attr(const char **atts, const char *name, int prefixed)
{
	for (int i = 0; atts[i]; i += 2)
		if (strcmp(local(atts[i]), name) == 0 && (!prefixed || strchr(atts[i], ':')))
			return atts[i + 1];
	return NULL;
}

/* Parse the part name (any case) with the handlers already set; a missing
 * part is fine when optional. */
static int parse_part(struct xlsx *x, const char *name, int optional,
		      XML_StartElementHandler start, XML_EndElementHandler end,
		      XML_CharacterDataHandler text)
{
	zip_int64_t idx = zip_name_locate(x->za, name, ZIP_FL_NOCASE);
	zip_file_t *zf;
	char buf[1 << 16];
	zip_int64_t n;
	int done = 0;

	if (idx < 0) {
		if (optional)
			return 0;
		return xlsx_fail(x, GK_EINVAL, "cannot read '%s': it has no %s, so it is not an .xlsx "
			    "workbook: save it from Excel or WPS as .xlsx (Excel Workbook)", x->file,
			    name);
	}
	if (!(zf = zip_fopen_index(x->za, (zip_uint64_t)idx, 0)))
		return xlsx_fail(x, GK_EINVAL, "cannot read '%s': part %s: %s", x->file, name,
			    zip_strerror(x->za));
	if (!(x->parser = XML_ParserCreate("UTF-8"))) {
		zip_fclose(zf);
		return nomem(x);
	}
	x->part = name;
	XML_SetUserData(x->parser, x);
	XML_SetElementHandler(x->parser, start, end);
	XML_SetCharacterDataHandler(x->parser, text);
	while (!done && !x->rc) {
		if ((n = zip_fread(zf, buf, sizeof(buf))) < 0) {
			xlsx_fail(x, GK_EINVAL, "cannot read '%s': part %s: %s", x->file, name,
			     zip_file_strerror(zf));
			break;
		}
		done = n == 0;
		if (XML_Parse(x->parser, buf, (int)n, done) == XML_STATUS_ERROR && !x->rc)
			xlsx_fail(x, GK_EINVAL, "cannot read '%s': part %s:%lu:%lu: %s", x->file, name,
			     (unsigned long)XML_GetCurrentLineNumber(x->parser),
			     (unsigned long)XML_GetCurrentColumnNumber(x->parser) + 1,
			     XML_ErrorString(XML_GetErrorCode(x->parser)));
	}
	XML_ParserFree(x->parser);
	x->parser = NULL;
	zip_fclose(zf);
	return x->rc;
}

/* ---- workbook and relationships ------------------------------------------ */

static void wb_start(void *ud, const char *el, const char **atts)
{
	struct xlsx *x = ud;
	const char *name = local(el), *v;

	if (strcmp(name, "workbookPr") == 0 && (v = attr(atts, "date1904", 0)))
		x->date1904 = strcmp(v, "1") == 0 || strcmp(v, "true") == 0;
	if (strcmp(name, "sheet") == 0) {
		const char *sname = attr(atts, "name", 0), *rid = attr(atts, "id", 1);
		struct sheet_ref *g;

		if (!sname || !rid) {
			xlsx_fail(x, GK_EINVAL, "cannot read '%s': a sheet of xl/workbook.xml has no "
			     "name or id", x->file);
			return;
		}
		if (GK_GROW(x->sheets, x->nsheets, x->capsheets)) {
			nomem(x);
			return;
		}
		g = x->sheets;
		memset(&g[x->nsheets], 0, sizeof(*g));
		if (!(g[x->nsheets].name = strdup(sname)) || !(g[x->nsheets].rid = strdup(rid)))
			nomem(x);
		x->nsheets++;
	}
}

static void rels_start(void *ud, const char *el, const char **atts)
{
	struct xlsx *x = ud;
	const char *id, *target;

	if (strcmp(local(el), "Relationship") || !(id = attr(atts, "Id", 0)) ||
	    !(target = attr(atts, "Target", 0)))
		return;
	for (int i = 0; i < x->nsheets; i++) {
		if (strcmp(x->sheets[i].rid, id) || x->sheets[i].target)
			continue;
		/* Relative to xl/, or absolute within the package. */
		if (target[0] == '/')
			x->sheets[i].target = strdup(target + 1);
		else if (asprintf(&x->sheets[i].target, "xl/%s", target) < 0)
			x->sheets[i].target = NULL;
		if (!x->sheets[i].target)
			nomem(x);
	}
}

static void no_end(void *ud, const char *el)
{
	(void)ud;
	(void)el;
}

static void no_text(void *ud, const char *s, int len)
{
	(void)ud;
	(void)s;
	(void)len;
}

/* ---- styles --------------------------------------------------------------- */

/* A format code that shows a date: it has y or d outside quoted text,
 * [colours] and escapes ("yyyy/m/d", "m月d日", "[$-F800]dddd"); not
 * "General", which LibreOffice declares as a custom format. */
static int date_code(const char *code)
{
	for (const char *p = code; *p; p++) {
		if (*p == '"') {
			while (p[1] && p[1] != '"')
				p++;
			if (p[1])
				p++;
		} else if (*p == '[') {
			while (p[1] && p[1] != ']')
				p++;
		} else if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == 'y' || *p == 'Y' || *p == 'd' || *p == 'D') {
			return 1;
		}
	}
	return 0;
}

/* Excel's built-in date formats, and the East Asian ones (27-36, 50-58). */
static int builtin_date(int id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) ||
	       (id >= 50 && id <= 58);
}

static void styles_start(void *ud, const char *el, const char **atts)
{
	struct xlsx *x = ud;
	const char *name = local(el), *v;

	if (strcmp(name, "numFmts") == 0)
		x->in_numfmts = 1;
	else if (strcmp(name, "cellXfs") == 0)
		x->in_cellxfs = 1;
	else if (x->in_numfmts && strcmp(name, "numFmt") == 0) {
		const char *code = attr(atts, "formatCode", 0);
		int id = (v = attr(atts, "numFmtId", 0)) ? atoi(v) : -1;

		if (id >= 0 && id < 100000 && code && date_code(code)) {
			if (id >= x->ncustom) {
				if (GK_RESERVE(x->custom_date, (size_t)id + 1, x->capcustom)) {
					nomem(x);
					return;
				}
				memset(x->custom_date + x->ncustom, 0,
				       sizeof(*x->custom_date) * (size_t)(id + 1 - x->ncustom));
				x->ncustom = id + 1;
			}
			x->custom_date[id] = 1;
		}
	} else if (x->in_cellxfs && strcmp(name, "xf") == 0) {
		int id = (v = attr(atts, "numFmtId", 0)) ? atoi(v) : 0;

		if (GK_GROW(x->xf_date, x->nxf, x->capxf)) {
			nomem(x);
			return;
		}
		x->xf_date[x->nxf++] = builtin_date(id) ||
				       (id < x->ncustom && x->custom_date[id]);
	}
}

static void styles_end(void *ud, const char *el)
{
	struct xlsx *x = ud;
	const char *name = local(el);

	if (strcmp(name, "numFmts") == 0)
		x->in_numfmts = 0;
	else if (strcmp(name, "cellXfs") == 0)
		x->in_cellxfs = 0;
}

/* ---- shared strings ------------------------------------------------------- */

static void sst_start(void *ud, const char *el, const char **atts)
{
	struct xlsx *x = ud;
	const char *name = local(el);

	(void)atts;
	if (strcmp(name, "si") == 0) {
		x->in_si = 1;
		if (GK_GROW(x->soff, x->nstr, x->capstr)) {
			nomem(x);
			return;
		}
		x->soff[x->nstr++] = x->strings.len;
	} else if (strcmp(name, "rPh") == 0) {
		x->in_rph = 1;     /* phonetic guide: not part of the text */
	} else if (strcmp(name, "t") == 0 && x->in_si && !x->in_rph) {
		x->in_t = 1;
	}
}

static void sst_end(void *ud, const char *el)
{
	struct xlsx *x = ud;
	const char *name = local(el);

	if (strcmp(name, "si") == 0) {
		x->in_si = 0;
		if (gk_buf_add(&x->strings, "", 1))     /* the NUL ending it */
			nomem(x);
	} else if (strcmp(name, "rPh") == 0) {
		x->in_rph = 0;
	} else if (strcmp(name, "t") == 0) {
		x->in_t = 0;
	}
}

static void sst_text(void *ud, const char *s, int len)
{
	struct xlsx *x = ud;

	if (x->in_t && gk_buf_add(&x->strings, s, (size_t)len))
		nomem(x);
}

/* ---- the sheet ------------------------------------------------------------ */

/* "BC12" -> column 55; 0 when there are no letters. */
static int ref_col(const char *ref)
{
	int col = 0;

	for (; *ref >= 'A' && *ref <= 'Z' && col < 100000; ref++)
		col = col * 26 + (*ref - 'A' + 1);
	return col;
}

static void sheet_start(void *ud, const char *el, const char **atts)
{
	struct xlsx *x = ud;
	const char *name = local(el), *v;

	if (strcmp(name, "row") == 0) {
		x->row = (v = attr(atts, "r", 0)) ? atoi(v) : x->row + 1;
		x->col = 0;
		x->ncells = 0;
		x->vals.len = 0;
	} else if (strcmp(name, "c") == 0) {
		int c = (v = attr(atts, "r", 0)) ? ref_col(v) : 0;

		x->col = c > 0 ? c : x->col + 1;
		x->cstyle = (v = attr(atts, "s", 0)) ? atoi(v) : 0;
		v = attr(atts, "t", 0);
		x->ctype = !v || !strcmp(v, "n") ? T_NUMBER : !strcmp(v, "s") ? T_SHARED :
			   !strcmp(v, "inlineStr") ? T_INLINE : !strcmp(v, "str") ? T_STR :
			   !strcmp(v, "b") ? T_BOOL : !strcmp(v, "e") ? T_ERROR :
			   !strcmp(v, "d") ? T_DATE : T_STR;
		x->text.len = 0;
		if (x->text.p)
			x->text.p[0] = '\0';
	} else if (strcmp(name, "v") == 0) {
		x->in_v = 1;
	} else if (strcmp(name, "is") == 0) {
		x->in_is = 1;
	} else if (strcmp(name, "rPh") == 0) {
		x->in_rph = 1;
	} else if (strcmp(name, "t") == 0 && x->in_is && !x->in_rph) {
		x->in_t = 1;
	}
}

/* The text a cell shows, into x->vals; the cell is added to the row. */
static void end_cell(struct xlsx *x)
{
	const char *t = x->text.p ? x->text.p : "";
	char num[64];
	size_t n = x->text.len;

	switch (x->ctype) {
	case T_SHARED: {
		char *end;
		unsigned long i = strtoul(t, &end, 10);

		if (!*t || *end || i >= x->nstr) {
			xlsx_fail(x, GK_EINVAL, "cannot read '%s': part %s: row %d: a cell refers to "
			     "shared string '%s', which the workbook does not have", x->file, x->part,
			     x->row, t);
			return;
		}
		t = x->strings.p + x->soff[i];
		n = strlen(t);
		break;
	}
	case T_NUMBER: {
		char *end;
		double d;
		gk_day day;

		if (!n)
			break;
		d = strtod(t, &end);
		if (*end) {
			xlsx_fail(x, GK_EINVAL, "cannot read '%s': part %s: row %d: '%s' is not a "
			     "number", x->file, x->part, x->row, t);
			return;
		}
		if (x->cstyle >= 0 && x->cstyle < x->nxf && x->xf_date[x->cstyle] &&
		    gk_date_from_excel(d + (x->date1904 ? 1462 : 0), &day) == 0)
			gk_date_format(day, num);
		else if (d == (double)(long long)d && d > -1e15 && d < 1e15)
			snprintf(num, sizeof(num), "%lld", (long long)d);
		else
			snprintf(num, sizeof(num), "%.15g", d);
		t = num;
		n = strlen(num);
		break;
	}
	case T_ERROR: {
		char letters[8];

		gk_sheet_col_letters(x->col, letters);
		xlsx_fail(x, GK_EINVAL, "%s:%d: column %s: the cell holds the error %s: correct the "
		     "formula, or type the value", x->file, x->row, letters, t);
		return;
	}
	default:
		break;
	}
	if (!n)
		return;
	if (GK_GROW(x->voff, x->ncells, x->capcells) ||
	    GK_GROW(x->vcol, x->ncells, x->capvcol)) {
		nomem(x);
		return;
	}
	x->voff[x->ncells] = x->vals.len;
	x->vcol[x->ncells] = x->col;
	if (gk_buf_add(&x->vals, t, n) || gk_buf_add(&x->vals, "", 1)) {
		nomem(x);
		return;
	}
	x->ncells++;
}

static void end_row(struct xlsx *x)
{
	gk_row r = { x->file, x->row, NULL, x->ncells };
	gk_cell *c;
	int rc;

	if (!x->ncells)
		return;
	if (GK_RESERVE(x->cells, (size_t)x->ncells, x->capc)) {
		nomem(x);
		return;
	}
	c = x->cells;
	for (int i = 0; i < x->ncells; i++) {
		c[i].key = NULL;
		c[i].keylen = 0;
		c[i].val = x->vals.p + x->voff[i];
		c[i].vallen = strlen(c[i].val);
		c[i].present = 1;
		c[i].col = x->vcol[i];
	}
	r.cells = c;
	if ((rc = x->fn(x->ud, &r, x->err))) {
		x->rc = rc;          /* the callback set err */
		XML_StopParser(x->parser, XML_FALSE);
	}
}

static void sheet_end(void *ud, const char *el)
{
	struct xlsx *x = ud;
	const char *name = local(el);

	if (x->rc)
		return;
	if (strcmp(name, "c") == 0)
		end_cell(x);
	else if (strcmp(name, "row") == 0)
		end_row(x);
	else if (strcmp(name, "v") == 0)
		x->in_v = 0;
	else if (strcmp(name, "is") == 0)
		x->in_is = 0;
	else if (strcmp(name, "rPh") == 0)
		x->in_rph = 0;
	else if (strcmp(name, "t") == 0)
		x->in_t = 0;
}

/* Excel holds at most 32,767 characters in a cell: far more is not a
 * spreadsheet's cell but a crafted file, refused before it fills memory. */
#define CELL_TEXT_MAX (1u << 20)

static void sheet_text(void *ud, const char *s, int len)
{
	struct xlsx *x = ud;

	if (!x->in_v && !x->in_t)
		return;
	if (x->text.len + (size_t)len > CELL_TEXT_MAX) {
		char letters[8];

		gk_sheet_col_letters(x->col, letters);
		xlsx_fail(x, GK_EINVAL, "%s:%d: column %s: the cell holds more than 1 MiB of text",
		     x->file, x->row, letters);
		return;
	}
	if (gk_buf_add(&x->text, s, (size_t)len))
		nomem(x);
}

/* ---- reading --------------------------------------------------------------- */

int gk_xlsx_read(const char *path, const char *sheet, gk_row_fn fn, void *ud, char **name,
		 gk_error *err)
{
	struct xlsx x;
	const struct sheet_ref *want = NULL;
	int zerr = 0;

	memset(&x, 0, sizeof(x));
	x.file = path;
	x.err = err;
	x.fn = fn;
	x.ud = ud;
	if (name)
		*name = NULL;
	if (!(x.za = zip_open(path, ZIP_RDONLY, &zerr))) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, zerr);
		if (zerr == ZIP_ER_NOENT || zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ)
			xlsx_fail(&x, GK_EIO, "cannot read '%s': %s", path, zip_error_strerror(&ze));
		else
			xlsx_fail(&x, GK_EINVAL, "cannot read '%s': it is not an .xlsx workbook (%s): "
			     "save it from Excel or WPS as .xlsx (Excel Workbook) or as CSV UTF-8",
			     path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return x.rc;
	}
	if (parse_part(&x, "xl/workbook.xml", 0, wb_start, no_end, no_text) ||
	    parse_part(&x, "xl/_rels/workbook.xml.rels", 0, rels_start, no_end, no_text))
		goto cleanup;
	for (int i = 0; i < x.nsheets && !want; i++)
		if (!sheet || strcmp(x.sheets[i].name, sheet) == 0)
			want = &x.sheets[i];
	if (!want) {
		gk_buf names = GK_BUF_INIT;

		for (int i = 0; i < x.nsheets; i++)
			if (gk_buf_add(&names, i ? "', '" : "'", i ? 4 : 1) ||
			    gk_buf_add(&names, x.sheets[i].name, strlen(x.sheets[i].name)))
				break;
		if (x.nsheets)
			gk_buf_add(&names, "'", 1);
		xlsx_fail(&x, GK_EINVAL, "cannot read '%s': %s%s%s; its sheets are: %s", path,
		     sheet ? _("it has no sheet '") : _("it has no sheet"), sheet ? sheet : "",
		     sheet ? "'" : "", names.p ? names.p : _("(none)"));
		free(names.p);
		goto cleanup;
	}
	if (!want->target) {
		xlsx_fail(&x, GK_EINVAL, "cannot read '%s': sheet '%s' has no part in the workbook's "
		     "relationships", path, want->name);
		goto cleanup;
	}
	if (parse_part(&x, "xl/styles.xml", 1, styles_start, styles_end, no_text) ||
	    parse_part(&x, "xl/sharedStrings.xml", 1, sst_start, sst_end, sst_text))
		goto cleanup;
	x.in_t = x.in_rph = 0;
	if (parse_part(&x, want->target, 0, sheet_start, sheet_end, sheet_text))
		goto cleanup;
	if (name && !(*name = strdup(want->name)))
		nomem(&x);
cleanup:
	for (int i = 0; i < x.nsheets; i++) {
		free(x.sheets[i].name);
		free(x.sheets[i].rid);
		free(x.sheets[i].target);
	}
	free(x.sheets);
	free(x.custom_date);
	free(x.xf_date);
	free(x.strings.p);
	free(x.soff);
	free(x.text.p);
	free(x.vals.p);
	free(x.voff);
	free(x.vcol);
	free(x.cells);
	zip_discard(x.za);
	return x.rc;
}

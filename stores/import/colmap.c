/* colmap.c - see colmap.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/buf.h"
#include "../../engine/record.h"
#include "colmap.h"
#include "../policyset/source.h"
#include "../yaml.h"

struct colmap_col {
	char *header;
	int field;                /* or GK_COL_IGNORE */
};

struct colmap_val {
	int field;
	char *from, *to;
};

struct gk_colmap {
	char *file;
	struct colmap_col *cols;
	size_t ncols;
	struct colmap_val *vals;
	size_t nvals;
	char *defaults[GK_NFIELDS];
};

void gk_colmap_free(gk_colmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->ncols; i++)
		free(m->cols[i].header);
	for (size_t i = 0; i < m->nvals; i++) {
		free(m->vals[i].from);
		free(m->vals[i].to);
	}
	for (int f = 0; f < GK_NFIELDS; f++)
		free(m->defaults[f]);
	free(m->cols);
	free(m->vals);
	free(m->file);
	free(m);
}

const char *gk_colmap_file(const gk_colmap *m)
{
	return m ? m->file : NULL;
}

int gk_colmap_field(const gk_colmap *m, const char *header, size_t len)
{
	while (len && (*header == ' ' || *header == '\t'))
		header++, len--;
	while (len && (header[len - 1] == ' ' || header[len - 1] == '\t'))
		len--;
	for (size_t i = 0; m && i < m->ncols; i++)
		if (strlen(m->cols[i].header) == len && memcmp(m->cols[i].header, header, len) == 0)
			return m->cols[i].field;
	return gk_field_by_header(header, len);
}

const char *gk_colmap_value(const gk_colmap *m, int field, const char *val, size_t len)
{
	while (len && (*val == ' ' || *val == '\t'))
		val++, len--;
	while (len && (val[len - 1] == ' ' || val[len - 1] == '\t'))
		len--;
	for (size_t i = 0; m && i < m->nvals; i++)
		if (m->vals[i].field == field && strlen(m->vals[i].from) == len &&
		    memcmp(m->vals[i].from, val, len) == 0)
			return m->vals[i].to;
	return NULL;
}

const char *gk_colmap_default(const gk_colmap *m, int field)
{
	return m && field >= 0 && field < GK_NFIELDS ? m->defaults[field] : NULL;
}

/* The field a key of values: or defaults: names (a column name or any
 * header gongkai knows), or an error at the key. */
static int field_key(const gk_yaml_doc *doc, const gk_yaml_node *k, int *f, gk_error *err)
{
	int i = k->type == GK_YAML_SCALAR ? gk_field_by_header(k->str, k->len) : -1;

	*f = i < 0 ? 0 : i;
	if (i < 0)
		return gk_yaml_error(doc, k, err, "'%s' is not a column of the record format "
				     "(docs/records.md), such as 'attribute' or 公开属性",
				     k->type == GK_YAML_SCALAR ? k->str : "?");
	return 0;
}

/* Check val is a value column f accepts; into norm when norm is given. */
static int check_value(const gk_yaml_doc *doc, const gk_yaml_node *v, int f, char *norm,
		       size_t normsz, gk_error *err)
{
	char out[1024], prob[512];
	const char *problem;
	int r;

	if (v->type != GK_YAML_SCALAR || gk_yaml_is_null(v))
		return gk_yaml_error(doc, v, err, "expected a value of column '%s'",
				     gk_fields[f].name);
	r = gk_field_normalize((enum gk_field)f, v->str, v->len, norm ? norm : out,
			       norm ? normsz : sizeof(out), prob, sizeof(prob), &problem);
	if (r < 0)
		return gk_yaml_error(doc, v, err, "column '%s': %s", gk_fields[f].name, problem);
	if (r == 1)
		return gk_yaml_error(doc, v, err, "column '%s': the value is empty",
				     gk_fields[f].name);
	return 0;
}

static int load_columns(gk_colmap *m, const gk_yaml_doc *doc, const gk_yaml_node *n,
			gk_error *err)
{
	if (n->type != GK_YAML_MAP)
		return gk_yaml_error(doc, n, err, "'columns' maps a header of the export to a "
				     "column: '信息名称: title'");
	if (!(m->cols = calloc(n->n / 2 + 1, sizeof(*m->cols))))
		return GK_OOM(err);
	for (size_t i = 0; i < n->n; i += 2) {
		const gk_yaml_node *k = n->items[i], *v = n->items[i + 1];
		int f;

		if (k->type != GK_YAML_SCALAR || !k->len)
			return gk_yaml_error(doc, k, err, "a header is text");
		for (size_t j = 0; j < m->ncols; j++)
			if (strcmp(m->cols[j].header, k->str) == 0)
				return gk_yaml_error(doc, k, err, "header '%s' is mapped twice", k->str);
		if (v->type != GK_YAML_SCALAR || gk_yaml_is_null(v))
			return gk_yaml_error(doc, v, err, "map header '%s' to a column, or to 'ignore'",
					     k->str);
		if (strcmp(v->str, "ignore") == 0)
			f = GK_COL_IGNORE;
		else if ((f = gk_field_by_header(v->str, v->len)) < 0)
			return gk_yaml_error(doc, v, err, "'%s' is not a column of the record format "
					     "(docs/records.md) nor 'ignore'", v->str);
		if (!(m->cols[m->ncols].header = strdup(k->str)))
			return GK_OOM(err);
		m->cols[m->ncols++].field = f;
	}
	return 0;
}

static int load_values(gk_colmap *m, const gk_yaml_doc *doc, const gk_yaml_node *n,
		       gk_error *err)
{
	size_t cap = 0;

	if (n->type != GK_YAML_MAP)
		return gk_yaml_error(doc, n, err, "'values' maps a column to the export's words "
				     "for its values: 'attribute: {主动: proactive}'");
	for (size_t i = 0; i < n->n; i += 2)
		cap += n->items[i + 1]->type == GK_YAML_MAP ? n->items[i + 1]->n / 2 : 0;
	if (!(m->vals = calloc(cap + 1, sizeof(*m->vals))))
		return GK_OOM(err);
	for (size_t i = 0; i < n->n; i += 2) {
		const gk_yaml_node *k = n->items[i], *v = n->items[i + 1];
		int f, rc;

		if ((rc = field_key(doc, k, &f, err)))
			return rc;
		if (v->type != GK_YAML_MAP)
			return gk_yaml_error(doc, v, err, "the words for values of '%s' map each "
					     "word to a value: '主动: proactive'", gk_fields[f].name);
		for (size_t j = 0; j < v->n; j += 2) {
			const gk_yaml_node *from = v->items[j], *to = v->items[j + 1];

			if (from->type != GK_YAML_SCALAR || !from->len)
				return gk_yaml_error(doc, from, err, "a word is text");
			if (gk_colmap_value(m, f, from->str, from->len))
				return gk_yaml_error(doc, from, err, "'%s' of column '%s' is mapped "
						     "twice", from->str, gk_fields[f].name);
			if ((rc = check_value(doc, to, f, NULL, 0, err)))
				return rc;
			m->vals[m->nvals].field = f;
			if (!(m->vals[m->nvals].from = strdup(from->str)) ||
			    !(m->vals[m->nvals].to = strdup(to->str)))
				return GK_OOM(err);
			m->nvals++;
		}
	}
	return 0;
}

static int load_defaults(gk_colmap *m, const gk_yaml_doc *doc, const gk_yaml_node *n,
			 gk_error *err)
{
	char norm[1024];

	if (n->type != GK_YAML_MAP)
		return gk_yaml_error(doc, n, err, "'defaults' gives columns a value for every "
				     "row: 'kind: info'");
	for (size_t i = 0; i < n->n; i += 2) {
		const gk_yaml_node *k = n->items[i], *v = n->items[i + 1];
		int f, rc;

		if ((rc = field_key(doc, k, &f, err)))
			return rc;
		if (m->defaults[f])
			return gk_yaml_error(doc, k, err, "column '%s' has two defaults",
					     gk_fields[f].name);
		if (f == GK_F_ID)
			return gk_yaml_error(doc, k, err, "every record has its own id: 'id' has "
					     "no default");
		if ((rc = check_value(doc, v, f, norm, sizeof(norm), err)))
			return rc;
		if (!(m->defaults[f] = strdup(norm)))
			return GK_OOM(err);
	}
	return 0;
}

int gk_colmap_load(const char *path, gk_colmap **out, gk_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if ((rc = gk_file_read(path, "the column mapping ", &buf, &len, err)))
		return rc;
	rc = gk_colmap_parse(path, buf, len, out, err);
	free(buf);
	return rc;
}

int gk_colmap_parse(const char *name, const char *buf, size_t len, gk_colmap **out,
		    gk_error *err)
{
	gk_colmap *m = calloc(1, sizeof(*m));
	gk_yaml_doc *doc = NULL;
	const gk_yaml_node *root;
	int rc;

	*out = NULL;
	if (!m || !(m->file = strdup(name))) {
		free(m);
		return GK_OOM(err);
	}
	if ((rc = gk_yaml_parse(name, buf, len, &doc, err)))
		goto cleanup;
	root = doc->root;
	if (root && root->type != GK_YAML_MAP) {
		rc = gk_yaml_error(doc, root, err, "expected 'columns:', 'values:' or 'defaults:'");
		goto cleanup;
	}
	for (size_t i = 0; root && i < root->n && !rc; i += 2) {
		const gk_yaml_node *k = root->items[i], *v = root->items[i + 1];

		for (size_t j = 0; j < i; j += 2)
			if (k->type == GK_YAML_SCALAR && root->items[j]->type == GK_YAML_SCALAR &&
			    strcmp(root->items[j]->str, k->str) == 0) {
				rc = gk_yaml_error(doc, k, err, "'%s' is given twice", k->str);
				goto cleanup;
			}
		if (k->type == GK_YAML_SCALAR && strcmp(k->str, "columns") == 0)
			rc = load_columns(m, doc, v, err);
		else if (k->type == GK_YAML_SCALAR && strcmp(k->str, "values") == 0)
			rc = load_values(m, doc, v, err);
		else if (k->type == GK_YAML_SCALAR && strcmp(k->str, "defaults") == 0)
			rc = load_defaults(m, doc, v, err);
		else
			rc = gk_yaml_error(doc, k, err, "unknown key '%s' (expected columns, values "
					   "or defaults)", k->type == GK_YAML_SCALAR ? k->str : "?");
	}
cleanup:
	gk_yaml_free(doc);
	if (rc)
		gk_colmap_free(m);
	else
		*out = m;
	return rc;
}

int gk_colmap_lint(struct gk_source *src, gk_report_fn report, void *ud, int *problems,
		   gk_error *err)
{
	gk_source_entry *dirs = NULL, *files = NULL;
	size_t ndirs = 0, nfiles = 0;
	int rc;

	if ((rc = gk_source_list(src, "", &dirs, &ndirs, err)))
		return rc;
	for (size_t i = 0; i < ndirs && !rc; i++) {
		char folder[1024];

		int has = 0;

		if (!dirs[i].is_dir)
			continue;
		if ((rc = gk_source_list(src, dirs[i].name, &files, &nfiles, err)))
			break;
		for (size_t j = 0; j < nfiles; j++)
			has |= files[j].is_dir && strcmp(files[j].name, "columns") == 0;
		gk_source_entries_free(files, nfiles);
		files = NULL;
		if (!has)
			continue;
		snprintf(folder, sizeof(folder), "%s/columns", dirs[i].name);
		if ((rc = gk_source_list(src, folder, &files, &nfiles, err)))
			break;
		for (size_t j = 0; j < nfiles && !rc; j++) {
			char path[2048], name[4096];
			size_t n = strlen(files[j].name), len = 0;
			char *buf = NULL;
			gk_colmap *m = NULL;
			gk_error e = { 0 };

			if (files[j].is_dir || n < 6 || strcmp(files[j].name + n - 5, ".yaml"))
				continue;
			snprintf(path, sizeof(path), "%s/%s", folder, files[j].name);
			snprintf(name, sizeof(name), "%s/%s", gk_source_root(src), path);
			if ((rc = gk_source_read(src, path, &buf, &len, err)))
				break;
			if (gk_colmap_parse(name, buf, len, &m, &e)) {
				if (e.code == GK_ENOMEM)
					rc = GK_OOM(err);
				report(ud, e.msg);
				(*problems)++;
			}
			gk_colmap_free(m);
			free(buf);
		}
		gk_source_entries_free(files, nfiles);
		files = NULL;
	}
	gk_source_entries_free(dirs, ndirs);
	return rc;
}

/* calendar_yaml.c - see calendar_yaml.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/buf.h"
#include "calendar_yaml.h"
#include "../yaml.h"

static int parse_year(const gk_yaml_node *k, int *year)
{
	char *end;
	long y;

	if (k->type != GK_YAML_SCALAR || k->len != 4)
		return -1;
	y = strtol(k->str, &end, 10);
	if (*end || y < 1900 || y > 9998)
		return -1;
	*year = (int)y;
	return 0;
}

static int declare_list(gk_calendar *cal, const gk_yaml_doc *doc,
			const gk_yaml_node *list, int year,
			enum gk_day_kind kind, gk_error *err)
{
	if (gk_yaml_is_null(list))
		return 0;
	if (list->type != GK_YAML_SEQ)
		return gk_yaml_error(doc, list, err, "expected a list of {date, name}");
	for (size_t i = 0; i < list->n; i++) {
		const gk_yaml_node *it = list->items[i], *d, *nm;
		gk_day day;
		int rc;

		d = gk_yaml_get(it, "date");
		nm = gk_yaml_get(it, "name");
		if (it->type != GK_YAML_MAP || !d || d->type != GK_YAML_SCALAR)
			return gk_yaml_error(doc, it, err,
					     "expected {date: YYYY-MM-DD, name: ...}");
		for (size_t j = 0; j < it->n; j += 2) {
			const char *key = it->items[j]->str;
			if (strcmp(key, "date") && strcmp(key, "name"))
				return gk_yaml_error(doc, it->items[j], err,
						     "unknown key '%s' (expected date, name)", key);
		}
		if (gk_date_parse(d->str, d->len, &day))
			return gk_yaml_error(doc, d, err,
					     "'%s' is not a date: expected YYYY-MM-DD", d->str);
		if (gk_date_year(day) != year)
			return gk_yaml_error(doc, d, err,
					     "%s is listed under year %d: list it under its own year",
					     d->str, year);
		rc = gk_calendar_declare(cal, day, kind,
					 nm && nm->type == GK_YAML_SCALAR ? nm->str : NULL, err);
		if (rc)
			return gk_yaml_error(doc, d, err, "%s", err->msg);
	}
	return 0;
}

void gk_calendar_info_free(gk_calendar_info *info)
{
	if (!info)
		return;
	for (int i = 0; i < info->nyears; i++) {
		free(info->years[i].notice);
		free(info->years[i].number);
		free(info->years[i].url);
	}
	free(info->years);
	free(info->file);
	free(info);
}

/* A year's `notice`, `number` or `url`: a non-empty scalar, copied. */
static int origin_text(const gk_yaml_doc *doc, const gk_yaml_node *yv, const char *key,
		       char **out, gk_error *err)
{
	const gk_yaml_node *v = gk_yaml_get(yv, key);

	*out = NULL;
	if (!v)
		return 0;
	if (v->type != GK_YAML_SCALAR || gk_yaml_is_null(v) || !v->len)
		return gk_yaml_error(doc, v, err, "'%s' must be text", key);
	if (!(*out = strdup(v->str)))
		return GK_OOM(err);
	return 0;
}

/* A year's own keys: where it comes from, its holidays and workdays. */
static int year_origin(const gk_yaml_doc *doc, const gk_yaml_node *yv, gk_calendar_year *cy,
		       gk_error *err)
{
	static const char *const keys[] = {
		"holidays", "workdays", "notice", "number", "url", "provisional",
	};
	const gk_yaml_node *p = gk_yaml_get(yv, "provisional"), *w;
	int rc;

	for (size_t j = 0; j < yv->n; j += 2) {
		const char *key = yv->items[j]->str;
		size_t k = 0;

		while (k < sizeof(keys) / sizeof(keys[0]) && strcmp(key, keys[k]))
			k++;
		if (k == sizeof(keys) / sizeof(keys[0]))
			return gk_yaml_error(doc, yv->items[j], err,
					     "unknown key '%s' (expected holidays, workdays, notice, "
					     "number, url, provisional)", key);
	}
	if ((rc = origin_text(doc, yv, "notice", &cy->notice, err)) ||
	    (rc = origin_text(doc, yv, "number", &cy->number, err)) ||
	    (rc = origin_text(doc, yv, "url", &cy->url, err)))
		return rc;
	if (p) {
		if (p->type != GK_YAML_SCALAR ||
		    (strcmp(p->str, "true") && strcmp(p->str, "false")))
			return gk_yaml_error(doc, p, err, "'provisional' must be true or false");
		cy->provisional = strcmp(p->str, "true") == 0;
	}
	if (cy->provisional && cy->notice)
		return gk_yaml_error(doc, p, err,
				     "%d is provisional but names a notice: a year the notice "
				     "arranged is not provisional (remove one of the two)", cy->year);
	w = gk_yaml_get(yv, "workdays");
	if (cy->provisional && w && !gk_yaml_is_null(w) && w->type == GK_YAML_SEQ && w->n)
		return gk_yaml_error(doc, w, err,
				     "%d is provisional but lists make-up working days: only the "
				     "State Council notice declares them (add it with 'gongkai "
				     "calendar add NOTICE.txt')", cy->year);
	return 0;
}

int gk_calendar_parse_info(const char *name, const char *buf, size_t len,
			   gk_calendar **out, gk_calendar_info **infop, gk_error *err)
{
	gk_yaml_doc *doc = NULL;
	gk_calendar *cal = NULL;
	gk_calendar_info *info = NULL;
	const gk_yaml_node *years;
	int first = 0, last = 0, rc;

	*out = NULL;
	if (infop)
		*infop = NULL;
	if ((rc = gk_yaml_parse(name, buf, len, &doc, err)))
		return rc;
	years = gk_yaml_get(doc->root, "years");
	if (!years || years->type != GK_YAML_MAP || years->n == 0) {
		rc = gk_yaml_error(doc, doc->root, err,
				   "expected a map 'years:' of year -> {holidays, workdays}");
		goto cleanup;
	}
	for (size_t i = 0; i < doc->root->n; i += 2) {
		const char *key = doc->root->items[i]->str;
		if (strcmp(key, "years") && strcmp(key, "source")) {
			rc = gk_yaml_error(doc, doc->root->items[i], err,
					   "unknown key '%s' (expected source, years)", key);
			goto cleanup;
		}
	}
	for (size_t i = 0; i < years->n; i += 2) {
		int y;

		if (parse_year(years->items[i], &y)) {
			rc = gk_yaml_error(doc, years->items[i], err,
					   "'%s' is not a year", years->items[i]->str);
			goto cleanup;
		}
		if (i == 0) {
			first = last = y;
		} else if (y != last + 1) {
			rc = gk_yaml_error(doc, years->items[i], err,
					   "year %d follows %d: years must be listed in order without gaps",
					   y, last);
			goto cleanup;
		} else {
			last = y;
		}
	}
	if ((rc = gk_calendar_new(&cal, first, last, name, err)))
		goto cleanup;
	if (!(info = calloc(1, sizeof(*info))) ||
	    !(info->years = calloc((size_t)(last - first + 1), sizeof(*info->years))) ||
	    !(info->file = strdup(name))) {
		rc = GK_OOM(err);
		goto cleanup;
	}
	info->nyears = last - first + 1;
	for (size_t i = 0; i < years->n; i += 2) {
		const gk_yaml_node *yv = years->items[i + 1];
		int y = first + (int)(i / 2);
		gk_calendar_year *cy = &info->years[i / 2];

		cy->year = y;
		cy->line = years->items[i]->line;
		if (gk_yaml_is_null(yv))
			continue;
		if (yv->type != GK_YAML_MAP) {
			rc = gk_yaml_error(doc, yv, err, "expected holidays: and workdays:");
			goto cleanup;
		}
		if ((rc = year_origin(doc, yv, cy, err)) ||
		    (cy->provisional && (rc = gk_calendar_set_provisional(cal, y, err))))
			goto cleanup;
		if ((rc = declare_list(cal, doc, gk_yaml_get(yv, "holidays"), y,
				       GK_DAY_HOLIDAY, err)) ||
		    (rc = declare_list(cal, doc, gk_yaml_get(yv, "workdays"), y,
				       GK_DAY_WORKDAY, err)))
			goto cleanup;
	}
	gk_calendar_finish(cal);
	*out = cal;
	cal = NULL;
	if (infop) {
		*infop = info;
		info = NULL;
	}
cleanup:
	gk_calendar_info_free(info);
	gk_calendar_free(cal);
	gk_yaml_free(doc);
	return rc;
}

int gk_calendar_parse(const char *name, const char *buf, size_t len,
		      gk_calendar **out, gk_error *err)
{
	return gk_calendar_parse_info(name, buf, len, out, NULL, err);
}

int gk_calendar_load_info(gk_source *src, gk_calendar **out, gk_calendar_info **info,
			  gk_error *err)
{
	char *buf, *name;
	size_t len;
	int rc;

	*out = NULL;
	if (info)
		*info = NULL;
	if (!gk_source_exists(src, GK_CALENDAR_FILE))
		return gk_error_set(err, GK_EIO,
				    "the policy set '%s' has no %s: copy the working-day calendar there",
				    gk_source_root(src), GK_CALENDAR_FILE);
	if ((rc = gk_source_read(src, GK_CALENDAR_FILE, &buf, &len, err)))
		return rc;
	if (asprintf(&name, "%s/%s", gk_source_root(src), GK_CALENDAR_FILE) < 0) {
		free(buf);
		return GK_OOM(err);
	}
	rc = gk_calendar_parse_info(name, buf, len, out, info, err);
	free(name);
	free(buf);
	return rc;
}

int gk_calendar_load(gk_source *src, gk_calendar **out, gk_error *err)
{
	return gk_calendar_load_info(src, out, NULL, err);
}

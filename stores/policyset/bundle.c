/*
 * bundle.c - reading a policy set from its source into the engine's
 * data: the bundle (bundle.h: Lua files, catalogs, unit directories) and
 * the coverage map (coverage.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/buf.h"
#include "bundle.h"
#include "catalog_yaml.h"
#include "requirements_yaml.h"
#include "units_yaml.h"

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int bundle_add_folder(gk_bundle *b, gk_source *src, const char *folder,
			     int juris, gk_error *err)
{
	gk_source_entry *e;
	size_t n;
	int rc = gk_source_list(src, folder, &e, &n, err);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		char *rel = NULL, *path = NULL, *text = NULL;
		size_t len = 0;

		if (e[i].is_dir || !ends_with(e[i].name, ".lua"))
			continue;
		if (asprintf(&rel, "%s/%s", folder, e[i].name) < 0 ||
		    asprintf(&path, "%s/%s", gk_source_root(src), rel) < 0) {
			free(rel);
			rc = GK_OOM(err);
			break;
		}
		if ((rc = gk_source_read(src, rel, &text, &len, err)))
			free(path);
		else
			rc = gk_bundle_add_file(b, juris, path, text, len, err);
		free(rel);
	}
	gk_source_entries_free(e, n);
	return rc;
}

/*
 * A jurisdiction's data file (units.yaml or catalog.yaml), when present.
 * With report, a broken file is reported and left out instead of failing
 * the read (lint wants every problem at once).
 */
static int bundle_add_data(gk_bundle *b, gk_source *src, int j, const char *file,
			   gk_report_fn report, void *ud, gk_error *err)
{
	char rel[512], disp[1024], *buf;
	size_t len;
	int rc;

	snprintf(rel, sizeof(rel), "%s/%s", b->juris[j], file);
	if (!gk_source_exists(src, rel))
		return 0;
	snprintf(disp, sizeof(disp), "%s/%s", gk_source_root(src), rel);
	if ((rc = gk_source_read(src, rel, &buf, &len, err)))
		return rc;
	if (strcmp(file, GK_UNITS_FILE) == 0)
		rc = gk_units_parse(disp, buf, len, &b->units[j], err);
	else
		rc = gk_catalog_parse(disp, buf, len, &b->catalogs[j], err);
	free(buf);
	if (rc && report && rc != GK_ENOMEM) {
		report(ud, err->msg);
		rc = 0;
	}
	return rc;
}

int gk_bundle_read(gk_source *src, gk_bundle **out, gk_error *err)
{
	return gk_bundle_read_all(src, out, NULL, NULL, err);
}

int gk_bundle_read_all(gk_source *src, gk_bundle **out, gk_report_fn report, void *ud,
		       gk_error *err)
{
	gk_bundle *b = NULL;
	gk_source_entry *e = NULL;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc, have_baseline = 0, nj = 0;

	*out = NULL;
	if ((rc = gk_source_list(src, "", &e, &n, err)))
		goto cleanup;
	for (size_t i = 0; i < n; i++) {
		if (!e[i].is_dir)
			continue;
		if (strcmp(e[i].name, "baseline") == 0) {
			have_baseline = 1;
			continue;
		}
		if (GK_GROW(names, nj, cap)) {
			rc = GK_OOM(err);
			goto cleanup;
		}
		names[nj++] = e[i].name;
	}
	if (!have_baseline) {
		rc = gk_error_set(err, GK_EPOLICY,
				  "the policy set '%s' has no baseline/ folder: is it a policy set?",
				  gk_source_root(src));
		goto cleanup;
	}
	if ((rc = gk_bundle_new(&b, gk_source_root(src), names, nj, err)))
		goto cleanup;
	if ((rc = bundle_add_folder(b, src, "baseline", -1, err)))
		goto cleanup;
	for (int j = 0; j < b->njuris; j++) {
		if ((rc = bundle_add_folder(b, src, b->juris[j], j, err)) ||
		    (rc = bundle_add_data(b, src, j, GK_UNITS_FILE, report, ud, err)) ||
		    (rc = bundle_add_data(b, src, j, GK_CATALOG_FILE, report, ud, err)))
			goto cleanup;
	}
	*out = b;
	b = NULL;
cleanup:
	free(names);
	gk_source_entries_free(e, n);
	gk_bundle_free(b);
	return rc;
}

/* Folder i's requirements.yaml into c->files[i], when there is one. */
static int read_file(gk_coverage *c, gk_source *src, int i, const char *folder,
		     gk_report_fn report, void *ud, int *all, gk_error *err)
{
	char rel[512], path[1024], *buf = NULL;
	gk_requirements *file = NULL;
	size_t len;
	int rc, problems = 0;

	snprintf(rel, sizeof(rel), "%s/%s", folder, GK_REQUIREMENTS_FILE);
	snprintf(path, sizeof(path), "%s/%s", gk_source_root(src), rel);
	if (gk_source_exists(src, rel)) {
		if ((rc = gk_source_read(src, rel, &buf, &len, err)))
			return rc;
		rc = gk_requirements_parse(path, buf, len, &file, report, ud, &problems, err);
		free(buf);
		if (rc)
			return rc;
	}
	*all += problems;
	return gk_coverage_set(c, i, path, i > 0 ? folder : NULL, file, problems, err);
}

int gk_coverage_read(gk_source *src, const gk_bundle *b, gk_coverage **out,
		     gk_report_fn report, void *ud, int *problems, gk_error *err)
{
	gk_coverage *c;
	int rc, n = gk_bundle_njuris(b) + 1;

	*out = NULL;
	*problems = 0;
	if ((rc = gk_coverage_new(&c, n, err)))
		return rc;
	for (int i = 0; i < n && !rc; i++)
		rc = read_file(c, src, i, i ? gk_bundle_juris(b, i - 1) : "baseline", report, ud,
			       problems, err);
	if (rc) {
		gk_coverage_free(c);
		return rc;
	}
	*out = c;
	return 0;
}


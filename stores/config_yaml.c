/* config_yaml.c - see config_yaml.h */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/buf.h"
#include "../engine/finding.h"
#include "../engine/i18n.h"
#include "config_yaml.h"
#include "db/db.h"
#include "policyset/source.h"
#include "yaml.h"

void gk_config_free(gk_config *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->njuris; i++)
		free(c->juris[i]);
	free(c->juris);
	free(c->db);
	free(c->policies);
	free(c->report_dir);
	free(c->language);
	free(c->file);
	free(c);
}

/* A path value, made relative to the configuration's folder. */
static int path_value(const gk_yaml_doc *doc, const gk_yaml_node *n, const char *key,
		      const char *base, char **out, gk_error *err)
{
	if (n->type != GK_YAML_SCALAR || !n->len || gk_yaml_is_null(n))
		return gk_yaml_error(doc, n, err, "'%s' must be a path", key);
	if (n->str[0] == '/' || !*base) {
		*out = strdup(n->str);
	} else if (asprintf(out, "%s/%s", base, n->str) < 0) {
		*out = NULL;
	}
	return *out ? 0 : GK_OOM(err);
}

/* language: zh or en (the language of messages, cli/i18n.c). */
static int language_value(const gk_yaml_doc *doc, const gk_yaml_node *n, char **out,
			  gk_error *err)
{
	if (n->type != GK_YAML_SCALAR || (strcmp(n->str, "zh") && strcmp(n->str, "en")))
		return gk_yaml_error(doc, n, err, "'language' must be zh (Chinese) or en (English)");
	return (*out = strdup(n->str)) ? 0 : GK_OOM(err);
}

static int int_value(const gk_yaml_doc *doc, const gk_yaml_node *n, const char *key,
		     int lo, int hi, const char *what, int *out, gk_error *err)
{
	char *end;
	long v;

	if (n->type != GK_YAML_SCALAR || !n->len)
		return gk_yaml_error(doc, n, err, "'%s' must be %s from %d to %d", key, _(what), lo,
				     hi);
	v = strtol(n->str, &end, 10);
	if (*end || v < lo || v > hi)
		return gk_yaml_error(doc, n, err, "'%s: %s' must be %s from %d to %d", key, n->str,
				     _(what), lo, hi);
	*out = (int)v;
	return 0;
}

long gk_config_seconds(const char *s)
{
	long whole = 0, frac = 0, scale = 1000;
	const char *p = s;

	if (!*p)
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > 86400)
			return -1;
	}
	if (*p == '.' && p > s) {
		for (p++; *p >= '0' && *p <= '9' && scale > 1; p++) {
			scale /= 10;
			frac += (*p - '0') * scale;
		}
	}
	if (*p || (whole == 86400 && frac))
		return -1;
	return whole * 1000 + frac;
}

/* Seconds of CPU time (cpu_per_call, cpu_per_run). */
static int seconds_value(const gk_yaml_doc *doc, const gk_yaml_node *n, const char *key,
			 long *out, gk_error *err)
{
	if (n->type != GK_YAML_SCALAR || (*out = gk_config_seconds(n->str)) < 0)
		return gk_yaml_error(doc, n, err, "'%s' must be seconds of CPU time from 0 "
				     "(no limit) to 86400, such as 5 or 0.5", key);
	return 0;
}

static int juris_value(const gk_yaml_doc *doc, const gk_yaml_node *n, gk_config *c,
		       gk_error *err)
{
	if (n->type == GK_YAML_SCALAR && !gk_yaml_is_null(n))
		return gk_yaml_error(doc, n, err, "'jurisdictions' is a list: [%s] or one "
				     "'- %s' a line", n->str, n->str);
	if (n->type != GK_YAML_SEQ)
		return gk_yaml_error(doc, n, err, "'jurisdictions' is a list of jurisdiction ids");
	if (!(c->juris = calloc(n->n ? n->n : 1, sizeof(char *))))
		return GK_OOM(err);
	for (size_t i = 0; i < n->n; i++) {
		const gk_yaml_node *it = n->items[i];

		if (it->type != GK_YAML_SCALAR || !it->len || strpbrk(it->str, " ,/"))
			return gk_yaml_error(doc, it, err, "a jurisdiction is an id such as 'zezhou'");
		for (int k = 0; k < c->njuris; k++)
			if (strcmp(c->juris[k], it->str) == 0)
				return gk_yaml_error(doc, it, err, "jurisdiction '%s' is listed twice",
						     it->str);
		if (!(c->juris[c->njuris] = strdup(it->str)))
			return GK_OOM(err);
		c->njuris++;
	}
	return 0;
}

int gk_config_load(const char *path, gk_config **out, gk_error *err)
{
	static const char *const keys[] = { "db", "policies", "jurisdictions", "warn_days",
					    "report_dir", "jobs", "busy_timeout", "cpu_per_call",
					    "cpu_per_run", "fail_on", "language", NULL };
	gk_config *c = calloc(1, sizeof(*c));
	gk_yaml_doc *doc = NULL;
	const gk_yaml_node *root;
	char *buf = NULL, base[PATH_MAX];
	const char *slash;
	size_t len = 0;
	int rc;

	*out = NULL;
	if (!c || !(c->file = strdup(path))) {
		free(c);
		return GK_OOM(err);
	}
	c->warn_days = -1;
	c->busy_timeout = -1;
	c->cpu_per_call_ms = c->cpu_per_run_ms = -1;
	c->fail_on = -1;
	slash = strrchr(path, '/');
	snprintf(base, sizeof(base), "%.*s", slash ? (int)(slash - path) : 0, path);
	if (slash && slash == path)
		snprintf(base, sizeof(base), "/");
	if ((rc = gk_file_read(path, "the configuration ", &buf, &len, err)))
		goto done;
	if (len > (1u << 20)) {
		rc = gk_error_set(err, GK_EINVAL, "the configuration '%s' is larger than 1 MiB: "
				  "it is not a gongkai.yaml", path);
		goto done;
	}
	if ((rc = gk_yaml_parse(path, buf, len, &doc, err)))
		goto done;
	root = doc->root;
	if (!root)
		goto done;      /* an empty file sets nothing */
	if (root->type != GK_YAML_MAP) {
		rc = gk_yaml_error(doc, root, err, "expected keys such as 'db: FILE' (%s, %s, %s, "
				   "%s, %s, %s, %s)", keys[0], keys[1], keys[2], keys[3], keys[4],
				   keys[5], keys[6]);
		goto done;
	}
	for (size_t i = 0; i < root->n && !rc; i += 2) {
		const gk_yaml_node *k = root->items[i], *v = root->items[i + 1];
		const char *key = k->str;

		if (k->type != GK_YAML_SCALAR) {
			rc = gk_yaml_error(doc, k, err, "a key is a word such as 'db'");
			goto done;
		}

		for (size_t j = 0; j < i; j += 2)
			if (strcmp(root->items[j]->str, key) == 0) {
				rc = gk_yaml_error(doc, k, err, "'%s' is set twice (first on line %d)",
						   key, root->items[j]->line);
				goto done;
			}
		if (strcmp(key, "db") == 0)
			rc = path_value(doc, v, key, base, &c->db, err);
		else if (strcmp(key, "policies") == 0)
			rc = path_value(doc, v, key, base, &c->policies, err);
		else if (strcmp(key, "report_dir") == 0)
			rc = path_value(doc, v, key, base, &c->report_dir, err);
		else if (strcmp(key, "jurisdictions") == 0)
			rc = juris_value(doc, v, c, err);
		else if (strcmp(key, "warn_days") == 0)
			rc = int_value(doc, v, key, 0, GK_WARN_DAYS_MAX, N_("a number of working days"),
				       &c->warn_days, err);
		else if (strcmp(key, "jobs") == 0)
			rc = int_value(doc, v, key, 1, 64, N_("a number of workers"), &c->jobs, err);
		else if (strcmp(key, "busy_timeout") == 0)
			rc = int_value(doc, v, key, 0, GK_STORE_BUSY_MAX, N_("a number of seconds"),
				       &c->busy_timeout, err);
		else if (strcmp(key, "cpu_per_call") == 0)
			rc = seconds_value(doc, v, key, &c->cpu_per_call_ms, err);
		else if (strcmp(key, "cpu_per_run") == 0)
			rc = seconds_value(doc, v, key, &c->cpu_per_run_ms, err);
		else if (strcmp(key, "fail_on") == 0) {
			if (v->type != GK_YAML_SCALAR || (c->fail_on = gk_severity_threshold(v->str)) < 0)
				rc = gk_yaml_error(doc, v, err, "'fail_on' is violation (the default: "
						   "exit 1 when a violation is found), notice (any "
						   "finding) or none (findings never fail the run)");
		} else if (strcmp(key, "language") == 0)
			rc = language_value(doc, v, &c->language, err);
		else
			rc = gk_yaml_error(doc, k, err, "unknown key '%s' (expected %s, %s, %s, %s, "
					   "%s, %s, %s, %s, %s, %s or %s)", key, keys[0], keys[1],
					   keys[2], keys[3], keys[4], keys[5], keys[6], keys[7], keys[8],
					   keys[9], keys[10]);
	}
done:
	gk_yaml_free(doc);
	free(buf);
	if (rc)
		gk_config_free(c);
	else
		*out = c;
	return rc;
}

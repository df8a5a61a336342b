/* waivers_yaml.c - see waivers_yaml.h */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/i18n.h"
#include "../../engine/buf.h"
#include "../../engine/textcap.h"
#include "waivers_yaml.h"
#include "../yaml.h"

static int text(const gk_yaml_doc *doc, const gk_yaml_node *item, const char *key,
		char **out, int required, gk_error *err)
{
	const gk_yaml_node *n = gk_yaml_get(item, key);

	*out = NULL;
	if (!n || gk_yaml_is_null(n)) {
		if (required)
			return gk_yaml_error(doc, item, err, "a waiver needs '%s'", key);
		return 0;
	}
	if (n->type != GK_YAML_SCALAR || !n->len)
		return gk_yaml_error(doc, n, err, "'%s' must be text", key);
	/* Copied into every finding the waiver covers: bounded (textcap.h). */
	if (n->len > GK_POLICY_TEXT_MAX)
		return gk_yaml_error(doc, n, err, "'%s' is %zu bytes, more than the %d a text of "
				     "a waiver may have: shorten it", key, n->len, GK_POLICY_TEXT_MAX);
	if (!(*out = strdup(n->str)))
		return GK_OOM(err);
	return 0;
}

static int date(const gk_yaml_doc *doc, const gk_yaml_node *item, const char *key,
		gk_day *out, gk_error *err)
{
	const gk_yaml_node *n = gk_yaml_get(item, key);

	if (!n)
		return gk_yaml_error(doc, item, err, "a waiver needs '%s' (YYYY-MM-DD)", key);
	if (n->type != GK_YAML_SCALAR || gk_date_parse(n->str, n->len, out))
		return gk_yaml_error(doc, n, err, "'%s' is not a date: expected YYYY-MM-DD", key);
	return 0;
}

int gk_waivers_load(gk_source *src, gk_waivers **out, gk_error *err)
{
	static const char *const keys[] = { "record", "rule", "jurisdiction", "reason",
					    "approver", "start", "expiry", NULL };
	gk_waivers *w;
	gk_yaml_doc *doc = NULL;
	const gk_yaml_node *list;
	char *buf = NULL, name[1024];
	size_t len;
	int rc;

	*out = NULL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return GK_OOM(err);
	snprintf(name, sizeof(name), "%s/%s", gk_source_root(src), GK_WAIVERS_FILE);
	if (!(w->file = strdup(name))) {
		free(w);
		return GK_OOM(err);
	}
	if (!gk_source_exists(src, GK_WAIVERS_FILE)) {
		*out = w;
		return 0;
	}
	if ((rc = gk_source_read(src, GK_WAIVERS_FILE, &buf, &len, err)) ||
	    (rc = gk_yaml_parse(name, buf, len, &doc, err)))
		goto fail;
	if (!doc->root || doc->root->type != GK_YAML_MAP) {
		rc = gk_yaml_error(doc, doc->root, err, "expected one key 'waivers:' with a list");
		goto fail;
	}
	/* A misspelt key ("waiver:") would otherwise waive nothing, silently. */
	for (size_t k = 0; k < doc->root->n; k += 2) {
		const gk_yaml_node *key = doc->root->items[k];

		if (key->type != GK_YAML_SCALAR || strcmp(key->str, "waivers") != 0) {
			rc = gk_yaml_error(doc, key, err, "unknown key '%.100s': the file has one key, "
					   "'waivers:', with a list", key->type == GK_YAML_SCALAR ?
					   key->str : _("(not text)"));
			goto fail;
		}
	}
	list = gk_yaml_get(doc->root, "waivers");
	if (list && !gk_yaml_is_null(list) && list->type != GK_YAML_SEQ) {
		rc = gk_yaml_error(doc, list, err, "'waivers:' is a list: each waiver starts "
				   "with '- '");
		goto fail;
	}
	if (!list || gk_yaml_is_null(list)) {
		*out = w;
		w = NULL;
		rc = 0;
		goto fail;
	}
	w->v = calloc(list->n ? list->n : 1, sizeof(*w->v));
	if (!w->v) {
		rc = GK_OOM(err);
		goto fail;
	}
	for (size_t i = 0; i < list->n; i++) {
		const gk_yaml_node *it = list->items[i];
		gk_waiver *x = &w->v[w->n++];
		char exp[GK_DATE_LEN + 1];

		x->line = it->line;
		if (it->type != GK_YAML_MAP) {
			rc = gk_yaml_error(doc, it, err, "a waiver is a map (record, rule, reason, "
					   "approver, start, expiry)");
			goto fail;
		}
		for (size_t k = 0; k < it->n; k += 2) {
			int ok = 0;
			for (int m = 0; keys[m]; m++)
				ok |= strcmp(it->items[k]->str, keys[m]) == 0;
			if (!ok) {
				rc = gk_yaml_error(doc, it->items[k], err, "unknown key '%s' (expected "
						   "record, rule, jurisdiction, reason, approver, start, "
						   "expiry)", it->items[k]->str);
				goto fail;
			}
		}
		if ((rc = text(doc, it, "record", &x->record_id, 0, err)) ||
		    (rc = text(doc, it, "rule", &x->rule, 0, err)) ||
		    (rc = text(doc, it, "jurisdiction", &x->jurisdiction, 0, err)) ||
		    (rc = text(doc, it, "reason", &x->reason, 1, err)) ||
		    (rc = text(doc, it, "approver", &x->approver, 1, err)) ||
		    (rc = date(doc, it, "start", &x->start, err)) ||
		    (rc = date(doc, it, "expiry", &x->expiry, err)))
			goto fail;
		if (!x->record_id && !x->rule) {
			rc = gk_yaml_error(doc, it, err, "a waiver names a record, a rule or both");
			goto fail;
		}
		if (x->expiry <= x->start) {
			rc = gk_yaml_error(doc, it, err, "the expiry must come after the start");
			goto fail;
		}
		gk_date_format(x->expiry, exp);
		/* The file as the policy set names it, not where the set lies
		 * on this machine: a replay from another checkout of the same
		 * commit gives the same label. */
		if (asprintf(&x->label, "%s，%s，%s 起失效（%s:%d）", x->approver, x->reason, exp,
			     GK_WAIVERS_FILE, x->line) < 0) {
			x->label = NULL;
			rc = GK_OOM(err);
			goto fail;
		}
	}
	*out = w;
	w = NULL;
	rc = 0;
fail:
	gk_waivers_free(w);
	gk_yaml_free(doc);
	free(buf);
	return rc;
}

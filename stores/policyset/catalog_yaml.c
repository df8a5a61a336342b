/* catalog_yaml.c - see catalog_yaml.h */
#include <stdlib.h>
#include <string.h>

#include "../../engine/buf.h"
#include "../../engine/textcap.h"
#include "catalog_yaml.h"
#include "../yaml.h"

static int parse_item(const gk_yaml_doc *doc, const gk_yaml_node *n,
		      gk_catalog_item *it, gk_error *err)
{
	static const char *const keys[] = {
		"id", "name", "elements", "basis", "workdays", "responsible",
		"responsible_types", "channels", "any_channel", "audience", "mode",
		"levels", NULL
	};
	const gk_yaml_node *wd, *an;
	char *end, **types = NULL;
	long v;
	int rc, ntypes = 0;

	it->line = n->line;
	if (n->type != GK_YAML_MAP)
		return gk_yaml_error(doc, n, err, "an item is a map (id:, name:, elements: …)");
	if ((rc = gk_yaml_check_keys(doc, n, keys, err)) ||
	    (rc = gk_yaml_text(doc, n, "id", &it->id, 1, err)) ||
	    (rc = gk_yaml_text(doc, n, "name", &it->name, 1, err)) ||
	    (rc = gk_yaml_texts(doc, n, "elements", &it->elements, &it->nelements, 1, err)) ||
	    (rc = gk_yaml_text(doc, n, "basis", &it->basis, 1, err)) ||
	    (rc = gk_yaml_texts(doc, n, "responsible", &it->responsible, &it->nresponsible,
				0, err)) ||
	    (rc = gk_yaml_texts(doc, n, "responsible_types", &types, &ntypes, 0, err)) ||
	    (rc = gk_yaml_texts(doc, n, "channels", &it->channels, &it->nchannels, 0, err)) ||
	    (rc = gk_yaml_text(doc, n, "audience", &it->audience, 0, err)) ||
	    (rc = gk_yaml_text(doc, n, "mode", &it->mode, 0, err)) ||
	    (rc = gk_yaml_texts(doc, n, "levels", &it->levels, &it->nlevels, 0, err)))
		goto cleanup;
	/* 公开主体 as unit types of the unit directory (units.yaml). */
	for (int i = 0; i < ntypes; i++) {
		int t = gk_unit_type_lookup(types[i]);

		if (t < 0) {
			rc = gk_yaml_error(doc, gk_yaml_get(n, "responsible_types"), err,
					   "item '%s': unknown unit type '%s' (types: 行政部门, "
					   "执法机构, 公共文化服务机构, 乡镇, 其他)", it->id, types[i]);
			goto cleanup;
		}
		it->responsible_types |= 1u << t;
	}
	/* 公开方式: 主动 means proactively disclosed. */
	if (it->mode && strcmp(it->mode, "主动") && strcmp(it->mode, "依申请") &&
	    strcmp(it->mode, "主动公开") && strcmp(it->mode, "依申请公开")) {
		rc = gk_yaml_error(doc, gk_yaml_get(n, "mode"), err,
				   "item '%s': mode is 主动 or 依申请, not '%s'", it->id, it->mode);
		goto cleanup;
	}
	if ((an = gk_yaml_get(n, "any_channel"))) {
		if (an->type != GK_YAML_SCALAR ||
		    (strcmp(an->str, "true") && strcmp(an->str, "false"))) {
			rc = gk_yaml_error(doc, an, err, "any_channel is true or false");
			goto cleanup;
		}
		it->any_channel = strcmp(an->str, "true") == 0;
	}
	wd = gk_yaml_get(n, "workdays");
	if (!wd) {
		rc = gk_yaml_error(doc, n, err,
				   "item '%s' has no time limit: add workdays: N (working days "
				   "from formation or change)", it->id);
		goto cleanup;
	}
	v = wd->type == GK_YAML_SCALAR ? strtol(wd->str, &end, 10) : -1;
	if (wd->type != GK_YAML_SCALAR || *end || v < 0 || v > 1000) {
		rc = gk_yaml_error(doc, wd, err, "workdays must be a whole number of working days");
		goto cleanup;
	}
	it->workdays = (int)v;
	/* Channels are stored canonical, like the records' channels. */
	for (int i = 0; i < it->nchannels; i++) {
		char canon[64], prob[256];
		const char *problem;

		if (gk_field_normalize(GK_F_CHANNELS, it->channels[i], strlen(it->channels[i]),
				       canon, sizeof(canon), prob, sizeof(prob), &problem) != 0) {
			rc = gk_yaml_error(doc, n, err, "item '%s': channel %s", it->id,
					   problem ? problem : "is empty");
			goto cleanup;
		}
		free(it->channels[i]);
		if (!(it->channels[i] = strdup(canon))) {
			rc = GK_OOM(err);
			goto cleanup;
		}
	}
cleanup:
	for (int i = 0; i < ntypes; i++)
		free(types[i]);
	free(types);
	return rc;
}

/* An item's texts end up in findings (its basis in every one of them):
 * each value, or each text of a list, is bounded (textcap.h). */
static int check_lengths(const gk_yaml_doc *doc, const gk_yaml_node *item, gk_error *err)
{
	for (size_t i = 1; item->type == GK_YAML_MAP && i < item->n; i += 2) {
		const gk_yaml_node *v = item->items[i];
		size_t n = v->type == GK_YAML_SEQ ? v->n : 1;

		for (size_t k = 0; k < n; k++) {
			const gk_yaml_node *t = v->type == GK_YAML_SEQ ? v->items[k] : v;

			if (t->type == GK_YAML_SCALAR && t->len > GK_POLICY_TEXT_MAX)
				return gk_yaml_error(doc, t, err, "'%s' is %zu bytes, more than the "
						     "%d a text of the catalog may have: shorten it",
						     item->items[i - 1]->str, t->len,
						     GK_POLICY_TEXT_MAX);
		}
	}
	return 0;
}

int gk_catalog_parse(const char *name, const char *buf, size_t len,
		     gk_catalog **out, gk_error *err)
{
	gk_yaml_doc *doc = NULL;
	gk_catalog *c = NULL;
	const gk_yaml_node *items, *t;
	int rc;

	*out = NULL;
	if ((rc = gk_yaml_parse(name, buf, len, &doc, err)))
		return rc;
	c = calloc(1, sizeof(*c));
	if (!c || !(c->file = strdup(name))) {
		rc = GK_OOM(err);
		goto cleanup;
	}
	if (!doc->root || doc->root->type != GK_YAML_MAP) {
		rc = gk_yaml_error(doc, doc->root, err, "expected title: and items:");
		goto cleanup;
	}
	for (size_t i = 0; i < doc->root->n; i += 2) {
		const char *k = doc->root->items[i]->str;
		if (strcmp(k, "title") && strcmp(k, "items") && strcmp(k, "source")) {
			rc = gk_yaml_error(doc, doc->root->items[i], err,
					   "unknown key '%s' (expected title, source, items)", k);
			goto cleanup;
		}
	}
	if ((t = gk_yaml_get(doc->root, "title")) && t->type == GK_YAML_SCALAR &&
	    !(c->title = strdup(t->str))) {
		rc = GK_OOM(err);
		goto cleanup;
	}
	items = gk_yaml_get(doc->root, "items");
	if (!items || items->type != GK_YAML_SEQ) {
		rc = gk_yaml_error(doc, doc->root, err, "expected a list 'items:'");
		goto cleanup;
	}
	c->items = calloc(items->n ? items->n : 1, sizeof(*c->items));
	if (!c->items) {
		rc = GK_OOM(err);
		goto cleanup;
	}
	for (size_t i = 0; i < items->n; i++) {
		c->nitems++;
		if ((rc = check_lengths(doc, items->items[i], err)) ||
		    (rc = parse_item(doc, items->items[i], &c->items[i], err)))
			goto cleanup;
		for (size_t j = 0; j < i; j++)
			if (strcmp(c->items[j].id, c->items[i].id) == 0) {
				rc = gk_yaml_error(doc, items->items[i], err,
						   "item id '%s' appears twice (first on line %d)",
						   c->items[i].id, c->items[j].line);
				goto cleanup;
			}
	}
	*out = c;
	c = NULL;
cleanup:
	gk_catalog_free(c);
	gk_yaml_free(doc);
	return rc;
}

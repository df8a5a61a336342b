/* catalog_yaml.c - see catalog_yaml.h */
#include <stdlib.h>
#include <string.h>

#include "../engine/textcap.h"
#include "catalog_yaml.h"
#include "yaml.h"

static int text(const gk_yaml_doc *doc, const gk_yaml_node *n, const char *key,
		char **out, int required, const gk_yaml_node *item, gk_error *err)
{
	*out = NULL;
	if (!n) {
		if (required)
			return gk_yaml_error(doc, item, err, "item has no '%s'", key);
		return 0;
	}
	if (n->type != GK_YAML_SCALAR || n->len == 0)
		return gk_yaml_error(doc, n, err, "'%s' must be text", key);
	if (!(*out = strdup(n->str)))
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	return 0;
}

/* A list of text (a single text is a list of one). */
static int list(const gk_yaml_doc *doc, const gk_yaml_node *n, const char *key,
		char ***out, int *nout, int required, const gk_yaml_node *item,
		gk_error *err)
{
	size_t cnt;

	*out = NULL;
	*nout = 0;
	if (!n) {
		if (required)
			return gk_yaml_error(doc, item, err, "item has no '%s'", key);
		return 0;
	}
	cnt = n->type == GK_YAML_SEQ ? n->n : 1;
	if (n->type == GK_YAML_MAP || (required && cnt == 0))
		return gk_yaml_error(doc, n, err, "'%s' must be a list of text", key);
	*out = calloc(cnt ? cnt : 1, sizeof(char *));
	if (!*out)
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	for (size_t i = 0; i < cnt; i++) {
		const gk_yaml_node *v = n->type == GK_YAML_SEQ ? n->items[i] : n;

		if (v->type != GK_YAML_SCALAR || v->len == 0)
			return gk_yaml_error(doc, v, err, "'%s' must be a list of text", key);
		if (!((*out)[i] = strdup(v->str)))
			return gk_error_set(err, GK_ENOMEM, "out of memory");
		(*nout)++;
	}
	return 0;
}

static int parse_item(const gk_yaml_doc *doc, const gk_yaml_node *n,
		      gk_catalog_item *it, gk_error *err)
{
	static const char *const keys[] = {
		"id", "name", "elements", "basis", "workdays", "responsible",
		"channels", "audience", "mode", "levels", NULL
	};
	const gk_yaml_node *wd;
	char *end;
	long v;
	int rc;

	it->line = n->line;
	if (n->type != GK_YAML_MAP)
		return gk_yaml_error(doc, n, err, "an item is a map (id:, name:, elements: …)");
	for (size_t i = 0; i < n->n; i += 2) {
		int ok = 0;
		for (int k = 0; keys[k]; k++)
			ok |= strcmp(n->items[i]->str, keys[k]) == 0;
		if (!ok)
			return gk_yaml_error(doc, n->items[i], err,
					     "unknown key '%s' (expected id, name, elements, basis, "
					     "workdays, responsible, channels, audience, mode, levels)",
					     n->items[i]->str);
	}
	if ((rc = text(doc, gk_yaml_get(n, "id"), "id", &it->id, 1, n, err)) ||
	    (rc = text(doc, gk_yaml_get(n, "name"), "name", &it->name, 1, n, err)) ||
	    (rc = list(doc, gk_yaml_get(n, "elements"), "elements", &it->elements,
		       &it->nelements, 1, n, err)) ||
	    (rc = text(doc, gk_yaml_get(n, "basis"), "basis", &it->basis, 1, n, err)) ||
	    (rc = list(doc, gk_yaml_get(n, "responsible"), "responsible",
		       &it->responsible, &it->nresponsible, 0, n, err)) ||
	    (rc = list(doc, gk_yaml_get(n, "channels"), "channels", &it->channels,
		       &it->nchannels, 0, n, err)) ||
	    (rc = text(doc, gk_yaml_get(n, "audience"), "audience", &it->audience, 0, n, err)) ||
	    (rc = text(doc, gk_yaml_get(n, "mode"), "mode", &it->mode, 0, n, err)) ||
	    (rc = list(doc, gk_yaml_get(n, "levels"), "levels", &it->levels, &it->nlevels,
		       0, n, err)))
		return rc;
	wd = gk_yaml_get(n, "workdays");
	if (!wd)
		return gk_yaml_error(doc, n, err,
				     "item '%s' has no time limit: add workdays: N (working days "
				     "from formation or change)", it->id);
	v = wd->type == GK_YAML_SCALAR ? strtol(wd->str, &end, 10) : -1;
	if (wd->type != GK_YAML_SCALAR || *end || v < 0 || v > 1000)
		return gk_yaml_error(doc, wd, err, "workdays must be a whole number of working days");
	it->workdays = (int)v;
	/* Channels are stored canonical, like the records' channels. */
	for (int i = 0; i < it->nchannels; i++) {
		char canon[64], prob[256];
		const char *problem;

		if (gk_field_normalize(GK_F_CHANNELS, it->channels[i], strlen(it->channels[i]),
				       canon, sizeof(canon), prob, sizeof(prob), &problem) != 0)
			return gk_yaml_error(doc, n, err, "item '%s': channel %s", it->id,
					     problem ? problem : "is empty");
		free(it->channels[i]);
		if (!(it->channels[i] = strdup(canon)))
			return gk_error_set(err, GK_ENOMEM, "out of memory");
	}
	return 0;
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
		rc = gk_error_set(err, GK_ENOMEM, "out of memory");
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
		rc = gk_error_set(err, GK_ENOMEM, "out of memory");
		goto cleanup;
	}
	items = gk_yaml_get(doc->root, "items");
	if (!items || items->type != GK_YAML_SEQ) {
		rc = gk_yaml_error(doc, doc->root, err, "expected a list 'items:'");
		goto cleanup;
	}
	c->items = calloc(items->n ? items->n : 1, sizeof(*c->items));
	if (!c->items) {
		rc = gk_error_set(err, GK_ENOMEM, "out of memory");
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

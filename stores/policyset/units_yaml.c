/* units_yaml.c - see units_yaml.h */
#include <stdlib.h>
#include <string.h>

#include "../../engine/buf.h"
#include "units_yaml.h"
#include "../yaml.h"

static int parse_unit(const gk_yaml_doc *doc, const gk_yaml_node *n, gk_unit *u,
		      gk_error *err)
{
	static const char *const keys[] = { "name", "type", "venue", "aliases", NULL };
	const gk_yaml_node *v;
	char *type = NULL;
	int rc, t;

	u->line = n->line;
	if (n->type != GK_YAML_MAP)
		return gk_yaml_error(doc, n, err, "a unit is a map { name: …, type: … }");
	if ((rc = gk_yaml_check_keys(doc, n, keys, err)) ||
	    (rc = gk_yaml_text(doc, n, "name", &u->name, 1, err)) ||
	    (rc = gk_yaml_texts(doc, n, "aliases", &u->aliases, &u->naliases, 0, err)) ||
	    (rc = gk_yaml_text(doc, n, "type", &type, 1, err)))
		return rc;
	t = gk_unit_type_lookup(type);
	if (t < 0)
		rc = gk_yaml_error(doc, gk_yaml_get(n, "type"), err,
				   "unit '%s': unknown type '%s' (types: 行政部门, 执法机构, "
				   "公共文化服务机构, 乡镇, 其他)", u->name, type);
	free(type);
	if (rc)
		return rc;
	u->type = (enum gk_unit_type)t;
	if ((v = gk_yaml_get(n, "venue"))) {
		if (v->type != GK_YAML_SCALAR || (strcmp(v->str, "true") && strcmp(v->str, "false")))
			return gk_yaml_error(doc, v, err, "venue is true or false");
		u->venue = strcmp(v->str, "true") == 0;
	}
	return 0;
}

int gk_units_parse(const char *name, const char *buf, size_t len, gk_units **out,
		   gk_error *err)
{
	static const char *const keys[] = { "name", "units", NULL };
	gk_yaml_doc *doc = NULL;
	gk_units *u = NULL;
	const gk_yaml_node *list;
	int rc;

	*out = NULL;
	if ((rc = gk_yaml_parse(name, buf, len, &doc, err)))
		return rc;
	if (!(u = calloc(1, sizeof(*u))) || !(u->file = strdup(name))) {
		rc = GK_OOM(err);
		goto cleanup;
	}
	if (!doc->root || doc->root->type != GK_YAML_MAP) {
		rc = gk_yaml_error(doc, doc->root, err, "expected name: and units:");
		goto cleanup;
	}
	if ((rc = gk_yaml_check_keys(doc, doc->root, keys, err)) ||
	    (rc = gk_yaml_text(doc, doc->root, "name", &u->name, 1, err)))
		goto cleanup;
	list = gk_yaml_get(doc->root, "units");
	if (!list || list->type != GK_YAML_SEQ) {
		rc = gk_yaml_error(doc, list ? list : doc->root, err, "expected a list 'units:'");
		goto cleanup;
	}
	if (!(u->units = calloc(list->n ? list->n : 1, sizeof(*u->units)))) {
		rc = GK_OOM(err);
		goto cleanup;
	}
	for (size_t i = 0; i < list->n; i++) {
		gk_unit *x = &u->units[u->nunits++];

		if ((rc = parse_unit(doc, list->items[i], x, err)))
			goto cleanup;
		/* One name, one unit: a name twice would make "who is it" ambiguous. */
		for (int k = -1; k < x->naliases; k++) {
			const char *nm = k < 0 ? x->name : x->aliases[k];
			const gk_unit *o = gk_units_find(u, nm, strlen(nm));

			if (o != x) {
				rc = gk_yaml_error(doc, list->items[i], err,
						   "unit name '%s' is already used on line %d", nm,
						   o->line);
				goto cleanup;
			}
		}
		u->nvenues += x->venue;
	}
	*out = u;
	u = NULL;
cleanup:
	gk_units_free(u);
	gk_yaml_free(doc);
	return rc;
}

/*
 * yaml.c - libyaml events to a node tree (see yaml.h).
 *
 * Parsing is recursive descent over the event stream; nesting is bounded so
 * a hostile file cannot exhaust the C stack.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../engine/buf.h"
#include "../engine/i18n.h"
#include "yaml.h"

#define MAX_DEPTH 64

static void node_free(gk_yaml_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		node_free(n->items[i]);
	free(n->items);
	free(n->str);
	free(n);
}

void gk_yaml_free(gk_yaml_doc *doc)
{
	if (!doc)
		return;
	node_free(doc->root);
	free(doc->name);
	free(doc);
}

static int node_push(gk_yaml_node *parent, gk_yaml_node *child)
{
	if (GK_GROW(parent->items, parent->n, parent->cap))
		return -1;
	parent->items[parent->n++] = child;
	return 0;
}

struct parser {
	yaml_parser_t p;
	const char *name;
	gk_error *err;
};

static int parse_error(struct parser *ps)
{
	const char *what = ps->p.problem ? ps->p.problem : "malformed YAML";
	yaml_mark_t m = ps->p.problem_mark;

	if (ps->p.context)
		return gk_error_set(ps->err, GK_EINVAL, "%s:%zu:%zu: %s %s",
				    ps->name, m.line + 1, m.column + 1,
				    what, ps->p.context);
	return gk_error_set(ps->err, GK_EINVAL, "%s:%zu:%zu: %s",
			    ps->name, m.line + 1, m.column + 1, what);
}

/* Parse the node whose first event is ev (consumed by the caller). */
static int parse_node(struct parser *ps, yaml_event_t *ev, int depth,
		      gk_yaml_node **out)
{
	gk_yaml_node *n;
	yaml_event_t child;
	int rc = 0;

	*out = NULL;
	if (depth > MAX_DEPTH)
		return gk_error_set(ps->err, GK_EINVAL, "%s:%zu: nested deeper than %d levels",
				    ps->name, ev->start_mark.line + 1, MAX_DEPTH);
	if (ev->type == YAML_ALIAS_EVENT)
		return gk_error_set(ps->err, GK_EINVAL,
				    "%s:%zu:%zu: aliases (*name) are not supported: write the value out",
				    ps->name, ev->start_mark.line + 1, ev->start_mark.column + 1);
	n = calloc(1, sizeof(*n));
	if (!n)
		return GK_OOM(ps->err);
	n->line = (int)ev->start_mark.line + 1;
	n->col = (int)ev->start_mark.column + 1;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n->type = GK_YAML_SCALAR;
		n->len = ev->data.scalar.length;
		n->str = malloc(n->len + 1);
		if (!n->str) {
			rc = GK_OOM(ps->err);
			goto cleanup;
		}
		memcpy(n->str, ev->data.scalar.value, n->len);
		n->str[n->len] = '\0';
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		yaml_event_type_t end = ev->type == YAML_SEQUENCE_START_EVENT ?
			YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT;
		n->type = ev->type == YAML_SEQUENCE_START_EVENT ? GK_YAML_SEQ : GK_YAML_MAP;
		for (;;) {
			gk_yaml_node *c;

			if (!yaml_parser_parse(&ps->p, &child)) {
				rc = parse_error(ps);
				goto cleanup;
			}
			if (child.type == end) {
				yaml_event_delete(&child);
				break;
			}
			rc = parse_node(ps, &child, depth + 1, &c);
			yaml_event_delete(&child);
			if (rc)
				goto cleanup;
			if (node_push(n, c)) {
				node_free(c);
				rc = GK_OOM(ps->err);
				goto cleanup;
			}
			if (n->type == GK_YAML_MAP && n->n % 2 == 1) {
				if (c->type != GK_YAML_SCALAR) {
					rc = gk_error_set(ps->err, GK_EINVAL,
							  "%s:%d:%d: a key must be plain text",
							  ps->name, c->line, c->col);
					goto cleanup;
				}
				for (size_t i = 0; i + 1 < n->n; i += 2)
					if (strcmp(n->items[i]->str, c->str) == 0) {
						rc = gk_error_set(ps->err, GK_EINVAL,
								  "%s:%d:%d: key '%s' appears twice (first on line %d)",
								  ps->name, c->line, c->col, c->str,
								  n->items[i]->line);
						goto cleanup;
					}
			}
		}
		break;
	}
	default:
		rc = gk_error_set(ps->err, GK_EINVAL, "%s:%d:%d: unexpected YAML event",
				  ps->name, n->line, n->col);
		goto cleanup;
	}
	*out = n;
	return 0;
cleanup:
	node_free(n);
	return rc;
}

int gk_yaml_parse(const char *name, const char *buf, size_t len,
		  gk_yaml_doc **out, gk_error *err)
{
	struct parser ps = { .name = name, .err = err };
	gk_yaml_doc *doc;
	yaml_event_t ev;
	int rc = 0, done = 0;

	*out = NULL;
	doc = calloc(1, sizeof(*doc));
	if (!doc || !(doc->name = strdup(name))) {
		free(doc);
		return GK_OOM(err);
	}
	if (!yaml_parser_initialize(&ps.p)) {
		gk_yaml_free(doc);
		return GK_OOM(err);
	}
	yaml_parser_set_input_string(&ps.p, (const unsigned char *)buf, len);
	while (!done) {
		if (!yaml_parser_parse(&ps.p, &ev)) {
			rc = parse_error(&ps);
			goto cleanup;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (doc->root) {
				rc = gk_error_set(err, GK_EINVAL,
						  "%s:%zu: a second document ('---') is not supported",
						  name, ev.start_mark.line + 1);
				yaml_event_delete(&ev);
				goto cleanup;
			}
			break;
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		default:
			rc = parse_node(&ps, &ev, 0, &doc->root);
			if (rc) {
				yaml_event_delete(&ev);
				goto cleanup;
			}
		}
		yaml_event_delete(&ev);
	}
	*out = doc;
	doc = NULL;
cleanup:
	yaml_parser_delete(&ps.p);
	gk_yaml_free(doc);
	return rc;
}

const gk_yaml_node *gk_yaml_get(const gk_yaml_node *map, const char *key)
{
	if (!map || map->type != GK_YAML_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->n; i += 2)
		if (strcmp(map->items[i]->str, key) == 0)
			return map->items[i + 1];
	return NULL;
}

int gk_yaml_is_null(const gk_yaml_node *n)
{
	if (!n)
		return 1;
	if (n->type != GK_YAML_SCALAR || !n->plain)
		return 0;
	return n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0;
}

int gk_yaml_error(const gk_yaml_doc *doc, const gk_yaml_node *node,
		  gk_error *err, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), _(fmt), ap);
	va_end(ap);
	if (node)
		return gk_error_set(err, GK_EINVAL, "%s:%d:%d: %s", doc->name,
				    node->line, node->col, msg);
	return gk_error_set(err, GK_EINVAL, "%s: %s", doc->name, msg);
}

int gk_yaml_check_keys(const gk_yaml_doc *doc, const gk_yaml_node *map,
		       const char *const *keys, gk_error *err)
{
	for (size_t i = 0; map && map->type == GK_YAML_MAP && i < map->n; i += 2) {
		char list[512];
		size_t m = 0;
		int ok = 0;

		for (int k = 0; keys[k]; k++)
			ok |= strcmp(map->items[i]->str, keys[k]) == 0;
		if (ok)
			continue;
		for (int k = 0; keys[k] && m < sizeof(list); k++)
			m += (size_t)snprintf(list + m, sizeof(list) - m, "%s%s", k ? ", " : "",
					      keys[k]);
		return gk_yaml_error(doc, map->items[i], err, "unknown key '%s' (expected %s)",
				     map->items[i]->str, list);
	}
	return 0;
}

int gk_yaml_text(const gk_yaml_doc *doc, const gk_yaml_node *parent, const char *key,
		 char **out, int required, gk_error *err)
{
	const gk_yaml_node *n = gk_yaml_get(parent, key);

	*out = NULL;
	if (!n) {
		if (required)
			return gk_yaml_error(doc, parent, err, "missing '%s'", key);
		return 0;
	}
	if (n->type != GK_YAML_SCALAR || n->len == 0)
		return gk_yaml_error(doc, n, err, "'%s' must be text", key);
	if (!(*out = strdup(n->str)))
		return GK_OOM(err);
	return 0;
}

int gk_yaml_texts(const gk_yaml_doc *doc, const gk_yaml_node *parent, const char *key,
		  char ***out, int *nout, int required, gk_error *err)
{
	const gk_yaml_node *n = gk_yaml_get(parent, key);
	size_t cnt;

	*out = NULL;
	*nout = 0;
	if (!n) {
		if (required)
			return gk_yaml_error(doc, parent, err, "missing '%s'", key);
		return 0;
	}
	cnt = n->type == GK_YAML_SEQ ? n->n : 1;
	if (n->type == GK_YAML_MAP || (required && cnt == 0))
		return gk_yaml_error(doc, n, err, "'%s' must be a list of text", key);
	*out = calloc(cnt ? cnt : 1, sizeof(char *));
	if (!*out)
		return GK_OOM(err);
	for (size_t i = 0; i < cnt; i++) {
		const gk_yaml_node *v = n->type == GK_YAML_SEQ ? n->items[i] : n;

		if (v->type != GK_YAML_SCALAR || v->len == 0)
			return gk_yaml_error(doc, v, err, "'%s' must be a list of text", key);
		if (!((*out)[i] = strdup(v->str)))
			return GK_OOM(err);
		(*nout)++;
	}
	return 0;
}

/*
 * yaml.h - a YAML document as a small tree with source positions.
 *
 * libyaml's event stream is turned into nodes that remember the line and
 * column (1-based) they start on, so every consumer can report
 * "FILE:LINE:COL: problem".  Anchors and aliases are refused: policy data
 * should read the same to a person and to gongkai.
 */
#ifndef GK_YAML_H
#define GK_YAML_H

#include <stddef.h>

#include "../engine/error.h"

enum gk_yaml_type { GK_YAML_SCALAR, GK_YAML_SEQ, GK_YAML_MAP };

typedef struct gk_yaml_node {
	enum gk_yaml_type type;
	int line, col;
	char *str;           /* scalar text, NUL-terminated */
	size_t len;
	int plain;           /* unquoted scalar (so "~"/"null" mean null) */
	struct gk_yaml_node **items; /* seq: n items; map: keys and values alternate */
	size_t n;            /* seq: items; map: 2 * pairs */
	size_t cap;          /* items allocated */
} gk_yaml_node;

typedef struct gk_yaml_doc {
	gk_yaml_node *root;  /* NULL for an empty document */
	char *name;          /* the file name used in messages */
} gk_yaml_doc;

/* Parse buf (len bytes) named name.  Errors: "NAME:LINE:COL: problem". */
int gk_yaml_parse(const char *name, const char *buf, size_t len,
		  gk_yaml_doc **out, gk_error *err);
void gk_yaml_free(gk_yaml_doc *doc);

/* The value of key in a map, or NULL (also when map is not a map). */
const gk_yaml_node *gk_yaml_get(const gk_yaml_node *map, const char *key);

/* 1 when node is a plain null scalar (~, null, empty). */
int gk_yaml_is_null(const gk_yaml_node *node);

/* Every key of map must be one of keys (NULL-terminated): otherwise an
 * error at the first unknown key naming what was expected. */
int gk_yaml_check_keys(const gk_yaml_doc *doc, const gk_yaml_node *map,
		       const char *const *keys, gk_error *err);

/* A non-empty scalar copied into *out; a missing node gives NULL (an error
 * naming key at parent when required). */
int gk_yaml_text(const gk_yaml_doc *doc, const gk_yaml_node *parent, const char *key,
		 char **out, int required, gk_error *err);

/* A list of non-empty scalars (a single scalar is a list of one) copied
 * into *out (*nout items); a missing node gives none (an error when
 * required). */
int gk_yaml_texts(const gk_yaml_doc *doc, const gk_yaml_node *parent, const char *key,
		  char ***out, int *nout, int required, gk_error *err);

/* Set err to "NAME:LINE:COL: <fmt>" at node; returns GK_EINVAL. */
int gk_yaml_error(const gk_yaml_doc *doc, const gk_yaml_node *node,
		  gk_error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif

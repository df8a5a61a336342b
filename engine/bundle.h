/*
 * bundle.h - a policy set as read from its source.
 *
 * The Lua files of baseline/ and of every jurisdiction folder, with each
 * jurisdiction's catalog (catalog.yaml) and unit directory (units.yaml).
 * The engine reads no file: stores/policyset/bundle.c reads a bundle from
 * a policy source (a folder, or a commit of a git repository) and fills
 * this.  Read once; every worker of a run loads its own Lua state from
 * the one bundle (policy.h), which must outlive them.
 */
#ifndef GK_BUNDLE_H
#define GK_BUNDLE_H

#include <stddef.h>

#include "catalog.h"
#include "error.h"
#include "units.h"

/* A jurisdiction folder's data files. */
#define GK_UNITS_FILE "units.yaml"
#define GK_CATALOG_FILE "catalog.yaml"

typedef struct gk_bundle_file {
	char *path;       /* display path: "policies/baseline/b1.lua" */
	char *text;
	size_t len;
	int juris;        /* index in juris[]; -1 baseline */
} gk_bundle_file;

typedef struct gk_bundle {
	gk_bundle_file *files;  /* baseline's first, then each jurisdiction's */
	int nfiles;
	size_t fcap;
	char **juris;           /* the jurisdiction folders, sorted */
	int njuris;
	gk_catalog **catalogs;  /* per jurisdiction, NULL when it has none */
	gk_units **units;       /* per jurisdiction, NULL when it has none */
	char *root;             /* the set's display root ("policies") */
} gk_bundle;

/* An empty bundle of root with the jurisdictions names[0..n) (copied). */
int gk_bundle_new(gk_bundle **out, const char *root, char *const *names, int n,
		  gk_error *err);
/* Add a Lua file of jurisdiction juris (-1: baseline); path and text are
 * taken over (freed with the bundle, also on error). */
int gk_bundle_add_file(gk_bundle *b, int juris, char *path, char *text, size_t len,
		       gk_error *err);
void gk_bundle_free(gk_bundle *b);

int gk_bundle_njuris(const gk_bundle *b);
const char *gk_bundle_juris(const gk_bundle *b, int i);
/* Index of a jurisdiction, or -1. */
int gk_bundle_juris_index(const gk_bundle *b, const char *name, size_t len);
/* Number of Lua files. */
int gk_bundle_nfiles(const gk_bundle *b);
/* A jurisdiction's catalog (its catalog.yaml), or NULL. */
const gk_catalog *gk_bundle_catalog(const gk_bundle *b, int juris);
/* A jurisdiction's unit directory (its units.yaml), or NULL. */
const gk_units *gk_bundle_units(const gk_bundle *b, int juris);
/* A jurisdiction's own name (units.yaml's name: 泽州县), else its id. */
const char *gk_bundle_juris_name(const gk_bundle *b, int juris);

#endif

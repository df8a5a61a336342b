/*
 * source_impl.h - what a policy source implements (private to stores/).
 *
 * Every source keeps its display root, description and revision here; the
 * operations read its files by paths relative to the policy set's root.
 */
#ifndef GK_SOURCE_IMPL_H
#define GK_SOURCE_IMPL_H

#include "source.h"

struct gk_source_ops {
	int (*list)(gk_source *src, const char *path, gk_source_entry **out,
		    size_t *n, gk_error *err);
	int (*exists)(gk_source *src, const char *path);
	int (*read)(gk_source *src, const char *path, char **buf, size_t *len,
		    gk_error *err);
	void (*release)(gk_source *src);
};

struct gk_source {
	const struct gk_source_ops *ops;
	char *root;       /* as given, without trailing '/' */
	char *describe;
	char *revision;
	void *impl;
};

/* A new source with root (trailing '/' removed); the caller sets the rest. */
gk_source *gk_source_alloc(const struct gk_source_ops *ops, const char *root);

/* Sort entries by name (the order every source lists in). */
void gk_source_sort(gk_source_entry *e, size_t n);

/* The git repository holding dir and dir's path inside its work tree
 * (prefix, "" at the top).  When dir is in no repository, err says so
 * followed by advice (": create one with …"). */
struct git_repository;
int gk_git_locate(const char *dir, struct git_repository **repo, char *prefix, size_t n,
		  const char *advice, gk_error *err);

#endif

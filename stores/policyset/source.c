/*
 * source.c - the policy source interface (see source.h): what every
 * source shares, and dispatch to its operations.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <git2.h>

#include "source_impl.h"

gk_source *gk_source_alloc(const struct gk_source_ops *ops, const char *root)
{
	gk_source *src = calloc(1, sizeof(*src));
	size_t len;

	if (!src || !(src->root = strdup(root))) {
		free(src);
		return NULL;
	}
	len = strlen(src->root);
	while (len > 1 && src->root[len - 1] == '/')
		src->root[--len] = '\0';
	src->ops = ops;
	return src;
}

void gk_source_free(gk_source *src)
{
	if (!src)
		return;
	if (src->ops && src->ops->release)
		src->ops->release(src);
	free(src->root);
	free(src->describe);
	free(src->revision);
	free(src);
}

const char *gk_source_root(const gk_source *src) { return src->root; }
const char *gk_source_describe(const gk_source *src) { return src->describe; }
const char *gk_source_revision(const gk_source *src) { return src->revision; }

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const gk_source_entry *)a)->name,
		      ((const gk_source_entry *)b)->name);
}

void gk_source_sort(gk_source_entry *e, size_t n)
{
	if (n > 1)
		qsort(e, n, sizeof(*e), entry_cmp);
}

void gk_source_entries_free(gk_source_entry *e, size_t n)
{
	for (size_t i = 0; e && i < n; i++)
		free(e[i].name);
	free(e);
}

int gk_source_list(gk_source *src, const char *path, gk_source_entry **out,
		   size_t *n, gk_error *err)
{
	return src->ops->list(src, path, out, n, err);
}

int gk_source_exists(gk_source *src, const char *path)
{
	return src->ops->exists(src, path);
}

int gk_source_read(gk_source *src, const char *path, char **buf, size_t *len,
		   gk_error *err)
{
	return src->ops->read(src, path, buf, len, err);
}

/* Walk the tree in sorted order, appending "path blob-id\n" lines. */
static int digest_walk(gk_source *src, const char *path, char **man,
		       size_t *mlen, gk_error *err)
{
	gk_source_entry *e;
	size_t n;
	int rc = gk_source_list(src, path, &e, &n, err);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		char *child, *buf, hex[GIT_OID_HEXSZ + 1];
		size_t len;
		git_oid oid;

		if (asprintf(&child, "%s%s%s", path, *path ? "/" : "", e[i].name) < 0) {
			rc = gk_error_set(err, GK_ENOMEM, "out of memory");
			break;
		}
		if (e[i].is_dir) {
			rc = digest_walk(src, child, man, mlen, err);
		} else if ((rc = gk_source_read(src, child, &buf, &len, err)) == 0) {
			char *grown;
			size_t add = strlen(child) + GIT_OID_HEXSZ + 2;

			git_odb_hash(&oid, buf, len, GIT_OBJECT_BLOB);
			free(buf);
			git_oid_tostr(hex, sizeof(hex), &oid);
			grown = realloc(*man, *mlen + add + 1);
			if (!grown) {
				rc = gk_error_set(err, GK_ENOMEM, "out of memory");
			} else {
				*man = grown;
				*mlen += (size_t)sprintf(*man + *mlen, "%s %s\n", child, hex);
			}
		}
		free(child);
	}
	gk_source_entries_free(e, n);
	return rc;
}

int gk_source_digest(gk_source *src, char *out, gk_error *err)
{
	char *man = NULL;
	size_t mlen = 0;
	git_oid oid;
	int rc;

	git_libgit2_init();
	rc = digest_walk(src, "", &man, &mlen, err);
	if (rc == 0) {
		git_odb_hash(&oid, man ? man : "", mlen, GIT_OBJECT_BLOB);
		git_oid_tostr(out, GIT_OID_HEXSZ + 1, &oid);
	}
	free(man);
	git_libgit2_shutdown();
	return rc;
}

int gk_file_read(const char *path, const char *what, char **buf, size_t *len,
		 gk_error *err)
{
	char *data = NULL;
	size_t cap = 0, n = 0, got;
	FILE *f = fopen(path, "rb");
	int rc = 0;

	*buf = NULL;
	*len = 0;
	if (!f)
		return gk_error_set(err, GK_EIO, "cannot read %s'%s': %s", what, path,
				    strerror(errno));
	do {
		if (n + 4096 + 1 > cap) {
			char *grown;

			cap = cap ? cap * 2 : 8192;
			if (!(grown = realloc(data, cap))) {
				rc = gk_error_set(err, GK_ENOMEM, "out of memory");
				goto cleanup;
			}
			data = grown;
		}
		got = fread(data + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		rc = gk_error_set(err, GK_EIO, "cannot read %s'%s': %s", what, path,
				  strerror(errno));
		goto cleanup;
	}
	data[n] = '\0';
	*buf = data;
	*len = n;
	data = NULL;
cleanup:
	fclose(f);
	free(data);
	return rc;
}

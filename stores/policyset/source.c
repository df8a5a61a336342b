/*
 * source.c - the policy source interface (see source.h): what every
 * source shares, and dispatch to its operations.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <git2.h>

#include "../../engine/i18n.h"
#include "../../engine/buf.h"
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
static int digest_walk(gk_source *src, const char *path, gk_buf *man, gk_error *err)
{
	gk_source_entry *e;
	size_t n;
	int rc = gk_source_list(src, path, &e, &n, err);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		char *child, *buf, hex[GIT_OID_HEXSZ + 1];
		size_t len;
		git_oid oid;

		if (asprintf(&child, "%s%s%s", path, *path ? "/" : "", e[i].name) < 0) {
			rc = GK_OOM(err);
			break;
		}
		if (e[i].is_dir) {
			rc = digest_walk(src, child, man, err);
		} else if ((rc = gk_source_read(src, child, &buf, &len, err)) == 0) {
			git_odb_hash(&oid, buf, len, GIT_OBJECT_BLOB);
			free(buf);
			git_oid_tostr(hex, sizeof(hex), &oid);
			if (gk_buf_addf(man, "%s %s\n", child, hex))
				rc = GK_OOM(err);
		}
		free(child);
	}
	gk_source_entries_free(e, n);
	return rc;
}

int gk_source_digest(gk_source *src, char *out, gk_error *err)
{
	gk_buf man = GK_BUF_INIT;
	git_oid oid;
	int rc;

	git_libgit2_init();
	rc = digest_walk(src, "", &man, err);
	if (rc == 0) {
		git_odb_hash(&oid, man.p ? man.p : "", man.len, GIT_OBJECT_BLOB);
		git_oid_tostr(out, GIT_OID_HEXSZ + 1, &oid);
	}
	gk_buf_release(&man);
	git_libgit2_shutdown();
	return rc;
}

int gk_file_read(const char *path, const char *what, char **buf, size_t *len,
		 gk_error *err)
{
	gk_buf data = GK_BUF_INIT;
	size_t got;
	FILE *f = fopen(path, "rb");
	int rc = 0;

	*buf = NULL;
	*len = 0;
	if (!f)
		return gk_error_set(err, GK_EIO, "cannot read %s'%s': %s", what ? _(what) : "", path,
				    strerror(errno));
	do {
		if (gk_buf_reserve(&data, 8192)) {
			rc = GK_OOM(err);
			goto cleanup;
		}
		got = fread(data.p + data.len, 1, data.cap - data.len - 1, f);
		data.len += got;
	} while (got > 0);
	if (ferror(f)) {
		rc = gk_error_set(err, GK_EIO, "cannot read %s'%s': %s", what, path,
				  strerror(errno));
		goto cleanup;
	}
	data.p[data.len] = '\0';
	*len = data.len;
	*buf = gk_buf_detach(&data);
cleanup:
	fclose(f);
	gk_buf_release(&data);
	return rc;
}

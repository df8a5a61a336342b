/*
 * source_dir.c - a policy set in a plain directory (see source.h).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <git2.h>

#include "source.h"

struct gk_source {
	char *dir;       /* as given, without trailing '/' */
	char *abs;
	char *describe;
};

int gk_source_open_dir(gk_source **out, const char *dir, gk_error *err)
{
	gk_source *src;
	struct stat st;
	char abs[PATH_MAX];
	size_t len;

	*out = NULL;
	if (stat(dir, &st) != 0)
		return gk_error_set(err, GK_EIO, "cannot open policy set '%s': %s",
				    dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return gk_error_set(err, GK_EIO, "cannot open policy set '%s': not a directory",
				    dir);
	if (!realpath(dir, abs))
		return gk_error_set(err, GK_EIO, "cannot resolve '%s': %s", dir,
				    strerror(errno));
	src = calloc(1, sizeof(*src));
	if (!src)
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	src->dir = strdup(dir);
	src->abs = strdup(abs);
	if (src->dir) {
		len = strlen(src->dir);
		while (len > 1 && src->dir[len - 1] == '/')
			src->dir[--len] = '\0';
	}
	if (asprintf(&src->describe, "directory %s", abs) < 0)
		src->describe = NULL;
	if (!src->dir || !src->abs || !src->describe) {
		gk_source_free(src);
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	}
	*out = src;
	return 0;
}

void gk_source_free(gk_source *src)
{
	if (!src)
		return;
	free(src->dir);
	free(src->abs);
	free(src->describe);
	free(src);
}

const char *gk_source_root(const gk_source *src) { return src->dir; }
const char *gk_source_describe(const gk_source *src) { return src->describe; }
const char *gk_source_revision(const gk_source *src) { (void)src; return "worktree"; }

static char *join(const gk_source *src, const char *path)
{
	char *full;

	if (asprintf(&full, "%s%s%s", src->abs, *path ? "/" : "", path) < 0)
		return NULL;
	return full;
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const gk_source_entry *)a)->name,
		      ((const gk_source_entry *)b)->name);
}

void gk_source_entries_free(gk_source_entry *e, size_t n)
{
	for (size_t i = 0; e && i < n; i++)
		free(e[i].name);
	free(e);
}

int gk_source_list(gk_source *src, const char *path, gk_source_entry **out,
		   size_t *nout, gk_error *err)
{
	gk_source_entry *e = NULL, *grown;
	size_t n = 0, cap = 0;
	struct dirent *d;
	char *full = join(src, path);
	DIR *dh;
	int rc = 0;

	*out = NULL;
	*nout = 0;
	if (!full)
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	dh = opendir(full);
	if (!dh) {
		rc = gk_error_set(err, GK_EIO, "cannot list '%s/%s': %s", src->dir,
				  path, strerror(errno));
		goto cleanup;
	}
	while ((d = readdir(dh))) {
		struct stat st;
		char *child;

		if (d->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(e, cap * sizeof(*e));
			if (!grown) {
				rc = gk_error_set(err, GK_ENOMEM, "out of memory");
				goto cleanup;
			}
			e = grown;
		}
		if (asprintf(&child, "%s/%s", full, d->d_name) < 0) {
			rc = gk_error_set(err, GK_ENOMEM, "out of memory");
			goto cleanup;
		}
		e[n].is_dir = stat(child, &st) == 0 && S_ISDIR(st.st_mode);
		free(child);
		e[n].name = strdup(d->d_name);
		if (!e[n].name) {
			rc = gk_error_set(err, GK_ENOMEM, "out of memory");
			goto cleanup;
		}
		n++;
	}
	if (n)
		qsort(e, n, sizeof(*e), entry_cmp);
	*out = e;
	*nout = n;
	e = NULL;
	n = 0;
cleanup:
	if (dh)
		closedir(dh);
	gk_source_entries_free(e, n);
	free(full);
	return rc;
}

int gk_source_exists(gk_source *src, const char *path)
{
	struct stat st;
	char *full = join(src, path);
	int ok;

	if (!full)
		return 0;
	ok = stat(full, &st) == 0 && S_ISREG(st.st_mode);
	free(full);
	return ok;
}

int gk_source_read(gk_source *src, const char *path, char **buf, size_t *len,
		   gk_error *err)
{
	char *full = join(src, path), *data = NULL;
	size_t cap = 0, n = 0, got;
	FILE *f;
	int rc = 0;

	*buf = NULL;
	*len = 0;
	if (!full)
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	f = fopen(full, "rb");
	if (!f) {
		rc = gk_error_set(err, GK_EIO, "cannot read '%s/%s': %s", src->dir,
				  path, strerror(errno));
		goto cleanup;
	}
	do {
		if (n + 4096 + 1 > cap) {
			char *grown;
			cap = cap ? cap * 2 : 8192;
			grown = realloc(data, cap);
			if (!grown) {
				rc = gk_error_set(err, GK_ENOMEM, "out of memory");
				goto cleanup;
			}
			data = grown;
		}
		got = fread(data + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		rc = gk_error_set(err, GK_EIO, "cannot read '%s/%s'", src->dir, path);
		goto cleanup;
	}
	data[n] = '\0';
	*buf = data;
	*len = n;
	data = NULL;
cleanup:
	if (f)
		fclose(f);
	free(data);
	free(full);
	return rc;
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

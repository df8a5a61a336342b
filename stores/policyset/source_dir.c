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

#include "../../engine/buf.h"
#include "source_impl.h"

static int dir_list(gk_source *src, const char *path, gk_source_entry **out,
		    size_t *nout, gk_error *err);
static int dir_exists(gk_source *src, const char *path);
static int dir_read(gk_source *src, const char *path, char **buf, size_t *len,
		    gk_error *err);
static void dir_release(gk_source *src);

static const struct gk_source_ops dir_ops = { dir_list, dir_exists, dir_read, dir_release };

int gk_source_open_dir(gk_source **out, const char *dir, gk_error *err)
{
	gk_source *src;
	struct stat st;
	char abs[PATH_MAX];

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
	src = gk_source_alloc(&dir_ops, dir);
	if (!src || !(src->impl = strdup(abs)) || !(src->revision = strdup("worktree")) ||
	    asprintf(&src->describe, "directory %s", abs) < 0) {
		if (src)
			src->describe = NULL;
		gk_source_free(src);
		return GK_OOM(err);
	}
	*out = src;
	return 0;
}

static void dir_release(gk_source *src)
{
	free(src->impl);
}

/*
 * A symbolic link inside the set's folder leads wherever it points, out
 * of the folder too (policies/zezhou -> /etc), so none is followed: what
 * a run evaluates is what the folder holds.
 */
static int link_error(const gk_source *src, const char *dir, const char *name,
		      gk_error *err)
{
	return gk_error_set(err, GK_EIO, "cannot read the policy set '%s': '%s%s%s' is a "
			    "symbolic link, which gongkai does not follow (it may lead out of "
			    "the set): put the file or folder itself there", src->root, dir,
			    *dir && *name ? "/" : "", name);
}

/* GK_EIO when a component of path (relative to the set) is a link; a
 * missing one is none. */
static int no_link(gk_source *src, const char *path, gk_error *err)
{
	char *full = NULL, *p;
	size_t root = strlen(src->impl);
	struct stat st;
	int rc = 0;

	if (asprintf(&full, "%s/%s", (const char *)src->impl, path) < 0)
		return GK_OOM(err);
	for (p = full + root + 1; !rc; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (lstat(full, &st) == 0 && S_ISLNK(st.st_mode))
			rc = link_error(src, full + root + 1, "", err);
		*p = c;
		if (!c)
			break;
	}
	free(full);
	return rc;
}

static char *join(const gk_source *src, const char *path)
{
	char *full;

	if (asprintf(&full, "%s%s%s", (const char *)src->impl, *path ? "/" : "", path) < 0)
		return NULL;
	return full;
}

static int dir_list(gk_source *src, const char *path, gk_source_entry **out,
		    size_t *nout, gk_error *err)
{
	gk_source_entry *e = NULL;
	size_t n = 0, cap = 0;
	struct dirent *d;
	char *full = join(src, path);
	DIR *dh;
	int rc = 0;

	*out = NULL;
	*nout = 0;
	if (!full)
		return GK_OOM(err);
	dh = opendir(full);
	if (!dh) {
		rc = gk_error_set(err, GK_EIO, "cannot list '%s/%s': %s", src->root,
				  path, strerror(errno));
		goto cleanup;
	}
	while ((d = readdir(dh))) {
		struct stat st;
		char *child;

		if (d->d_name[0] == '.')
			continue;
		if (GK_GROW(e, n, cap)) {
			rc = GK_OOM(err);
			goto cleanup;
		}
		if (asprintf(&child, "%s/%s", full, d->d_name) < 0) {
			rc = GK_OOM(err);
			goto cleanup;
		}
		if (lstat(child, &st) != 0) {
			st.st_mode = 0;
		} else if (S_ISLNK(st.st_mode)) {
			free(child);
			rc = link_error(src, path, d->d_name, err);
			goto cleanup;
		}
		e[n].is_dir = S_ISDIR(st.st_mode);
		free(child);
		e[n].name = strdup(d->d_name);
		if (!e[n].name) {
			rc = GK_OOM(err);
			goto cleanup;
		}
		n++;
	}
	gk_source_sort(e, n);
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

static int dir_exists(gk_source *src, const char *path)
{
	struct stat st;
	char *full = join(src, path);
	gk_error err = { 0 };
	int ok;

	if (!full)
		return 0;
	/* A link exists: reading it then says why it is refused. */
	ok = (stat(full, &st) == 0 && S_ISREG(st.st_mode)) || no_link(src, path, &err);
	free(full);
	return ok;
}

static int dir_read(gk_source *src, const char *path, char **buf, size_t *len,
		    gk_error *err)
{
	char *full = join(src, path);
	int rc;

	*buf = NULL;
	*len = 0;
	if (!full)
		return GK_OOM(err);
	if (!(rc = no_link(src, path, err)))
		rc = gk_file_read(full, NULL, buf, len, err);
	free(full);
	return rc;
}


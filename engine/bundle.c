/*
 * bundle.c - a policy set as read from its source (see bundle.h).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "bundle.h"

void gk_bundle_free(gk_bundle *b)
{
	if (!b)
		return;
	for (int i = 0; i < b->nfiles; i++) {
		free(b->files[i].path);
		free(b->files[i].text);
	}
	free(b->files);
	for (int i = 0; i < b->njuris; i++) {
		free(b->juris[i]);
		if (b->catalogs)
			gk_catalog_free(b->catalogs[i]);
		if (b->units)
			gk_units_free(b->units[i]);
	}
	free(b->catalogs);
	free(b->units);
	free(b->juris);
	free(b->root);
	free(b);
}

int gk_bundle_njuris(const gk_bundle *b) { return b->njuris; }
const char *gk_bundle_juris(const gk_bundle *b, int i) { return b->juris[i]; }
int gk_bundle_nfiles(const gk_bundle *b) { return b->nfiles; }

int gk_bundle_juris_index(const gk_bundle *b, const char *name, size_t len)
{
	for (int i = 0; i < b->njuris; i++)
		if (strlen(b->juris[i]) == len && memcmp(b->juris[i], name, len) == 0)
			return i;
	return -1;
}

const gk_catalog *gk_bundle_catalog(const gk_bundle *b, int j)
{
	return j >= 0 && j < b->njuris ? b->catalogs[j] : NULL;
}

const gk_units *gk_bundle_units(const gk_bundle *b, int j)
{
	return j >= 0 && j < b->njuris ? b->units[j] : NULL;
}

const char *gk_bundle_juris_name(const gk_bundle *b, int j)
{
	const gk_units *u = gk_bundle_units(b, j);

	return u ? u->name : j >= 0 && j < b->njuris ? b->juris[j] : NULL;
}

int gk_bundle_new(gk_bundle **out, const char *root, char *const *names, int n,
		  gk_error *err)
{
	gk_bundle *b = calloc(1, sizeof(*b));
	size_t m = (size_t)(n ? n : 1);

	*out = NULL;
	if (!b || !(b->root = strdup(root)) || !(b->juris = calloc(m, sizeof(char *))) ||
	    !(b->catalogs = calloc(m, sizeof(gk_catalog *))) ||
	    !(b->units = calloc(m, sizeof(gk_units *))))
		goto oom;
	for (; b->njuris < n; b->njuris++)
		if (!(b->juris[b->njuris] = strdup(names[b->njuris])))
			goto oom;
	*out = b;
	return 0;
oom:
	gk_bundle_free(b);
	return GK_OOM(err);
}

int gk_bundle_add_file(gk_bundle *b, int juris, char *path, char *text, size_t len,
		       gk_error *err)
{
	gk_bundle_file *f;

	if (GK_GROW(b->files, b->nfiles, b->fcap)) {
		free(path);
		free(text);
		return GK_OOM(err);
	}
	f = &b->files[b->nfiles++];
	f->path = path;
	f->text = text;
	f->len = len;
	f->juris = juris;
	return 0;
}

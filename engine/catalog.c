/* catalog.c - see catalog.h */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"

const gk_catalog_item *gk_catalog_find(const gk_catalog *c, const char *id, size_t len)
{
	for (int i = 0; c && i < c->nitems; i++)
		if (strlen(c->items[i].id) == len && memcmp(c->items[i].id, id, len) == 0)
			return &c->items[i];
	return NULL;
}

static void free_list(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void gk_catalog_free(gk_catalog *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->nitems; i++) {
		gk_catalog_item *it = &c->items[i];

		free(it->id);
		free(it->name);
		free_list(it->elements, it->nelements);
		free(it->basis);
		free_list(it->responsible, it->nresponsible);
		free_list(it->channels, it->nchannels);
		free(it->audience);
		free(it->mode);
		free_list(it->levels, it->nlevels);
	}
	free(c->items);
	free(c->file);
	free(c->title);
	free(c);
}

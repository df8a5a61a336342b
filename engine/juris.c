/*
 * juris.c - jurisdiction names (see juris.h).
 *
 * A small registry filled from the policy set (each jurisdiction's
 * units.yaml names it); one per process, filled before any thread starts.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "juris.h"

static struct name {
	char *id, *name;
} *names;
static int nnames;
static size_t namecap;

void gk_juris_clear(void)
{
	for (int i = 0; i < nnames; i++) {
		free(names[i].id);
		free(names[i].name);
	}
	free(names);
	names = NULL;
	nnames = 0;
	namecap = 0;
}

int gk_juris_register(const char *id, const char *name)
{
	struct name *g;

	for (int i = 0; i < nnames; i++)
		if (strcmp(names[i].id, id) == 0) {
			char *n = strdup(name);

			if (!n)
				return -1;
			free(names[i].name);
			names[i].name = n;
			return 0;
		}
	if (GK_GROW(names, nnames, namecap))
		return -1;
	g = names;
	g[nnames].id = strdup(id);
	g[nnames].name = strdup(name);
	if (!g[nnames].id || !g[nnames].name) {
		free(g[nnames].id);
		free(g[nnames].name);
		return -1;
	}
	nnames++;
	return 0;
}

const char *gk_juris_name(const char *id)
{
	for (int i = 0; id && i < nnames; i++)
		if (strcmp(names[i].id, id) == 0)
			return names[i].name;
	return NULL;
}

const char *gk_juris_by_name(const char *name, size_t len)
{
	for (int i = 0; i < nnames; i++)
		if (strlen(names[i].name) == len && memcmp(names[i].name, name, len) == 0)
			return names[i].id;
	return NULL;
}

const char *gk_juris_nth(int i, const char **name)
{
	if (i < 0 || i >= nnames)
		return NULL;
	*name = names[i].name;
	return names[i].id;
}

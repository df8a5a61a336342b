/*
 * juris.c - jurisdiction names (see juris.h).
 */
#include <string.h>

#include "juris.h"

/* The bundled policy set's jurisdictions, as their documents name them. */
static const struct {
	const char *id, *name;
} bundled[] = {
	{ "zezhou", "泽州县" },
	{ "quangang", "泉港区" },
	{ "zhongshan", "中山市" },
	{ "yinchuan", "银川市" },
};

#define NBUNDLED (int)(sizeof(bundled) / sizeof(bundled[0]))

const char *gk_juris_name(const char *id)
{
	for (int i = 0; id && i < NBUNDLED; i++)
		if (strcmp(bundled[i].id, id) == 0)
			return bundled[i].name;
	return NULL;
}

const char *gk_juris_by_name(const char *name, size_t len)
{
	for (int i = 0; i < NBUNDLED; i++)
		if (strlen(bundled[i].name) == len && memcmp(bundled[i].name, name, len) == 0)
			return bundled[i].id;
	return NULL;
}

const char *gk_juris_nth(int i, const char **name)
{
	if (i < 0 || i >= NBUNDLED)
		return NULL;
	*name = bundled[i].name;
	return bundled[i].id;
}

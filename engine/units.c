/* units.c - see units.h */
#include <stdlib.h>
#include <string.h>

#include "units.h"

const char *const gk_unit_type_names[GK_NUNIT_TYPES] = {
	"行政部门", "执法机构", "公共文化服务机构", "乡镇", "其他"
};

int gk_unit_type_lookup(const char *name)
{
	for (int i = 0; i < GK_NUNIT_TYPES; i++)
		if (strcmp(gk_unit_type_names[i], name) == 0)
			return i;
	return -1;
}

static int same(const char *a, const char *b, size_t len)
{
	return strlen(a) == len && memcmp(a, b, len) == 0;
}

const gk_unit *gk_units_find(const gk_units *u, const char *name, size_t len)
{
	for (int i = 0; u && i < u->nunits; i++) {
		if (same(u->units[i].name, name, len))
			return &u->units[i];
		for (int k = 0; k < u->units[i].naliases; k++)
			if (same(u->units[i].aliases[k], name, len))
				return &u->units[i];
	}
	return NULL;
}

void gk_units_free(gk_units *u)
{
	if (!u)
		return;
	for (int i = 0; i < u->nunits; i++) {
		free(u->units[i].name);
		for (int k = 0; k < u->units[i].naliases; k++)
			free(u->units[i].aliases[k]);
		free(u->units[i].aliases);
	}
	free(u->units);
	free(u->file);
	free(u->name);
	free(u);
}

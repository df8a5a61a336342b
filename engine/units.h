/*
 * units.h - a jurisdiction's unit directory (单位名录) as data.
 *
 * Each jurisdiction folder of the policy set may hold units.yaml: the
 * jurisdiction's own Chinese name, and its units, each with its type and
 * whether it is a venue (a public cultural service place where duties such
 * as collecting the opinion box fall).  Rules read it to tell who may
 * publish a catalog item and which venues owe a periodic duty; every
 * output that shows a jurisdiction shows its name from here.  It is
 * versioned with the rules, so an auditor sees when a unit was added.
 */
#ifndef GK_UNITS_H
#define GK_UNITS_H

#include <stddef.h>

/* The types of unit a source document names as responsible bodies. */
enum gk_unit_type {
	GK_UNIT_ADMIN,        /* 行政部门: the bureau and its sections */
	GK_UNIT_ENFORCEMENT,  /* 执法机构: the market enforcement team */
	GK_UNIT_CULTURAL,     /* 公共文化服务机构: library, cultural centre, station */
	GK_UNIT_TOWN,         /* 乡镇: a township or street government */
	GK_UNIT_OTHER,        /* 其他 */
	GK_NUNIT_TYPES
};
extern const char *const gk_unit_type_names[GK_NUNIT_TYPES];
/* Type by its Chinese name, or -1. */
int gk_unit_type_lookup(const char *name);

typedef struct gk_unit {
	char *name;
	enum gk_unit_type type;
	int venue;            /* a venue: per-venue duties fall on it */
	char **aliases;       /* other names records use for it */
	int naliases;
	int line;
} gk_unit;

typedef struct gk_units {
	char *file;           /* "policies/zezhou/units.yaml" */
	char *name;           /* the jurisdiction's own name: 泽州县 */
	gk_unit *units;
	int nunits;
	int nvenues;
} gk_units;

/* The unit named name (or one of its aliases), or NULL. */
const gk_unit *gk_units_find(const gk_units *u, const char *name, size_t len);
void gk_units_free(gk_units *u);

#endif

/*
 * catalog.h - a jurisdiction's disclosure catalog (公开目录) as data.
 *
 * Each item says what must be published (its content elements), by whom,
 * where, to whom, how and within how many working days.  Catalog rules
 * read it, so adding an item with its elements and time limit adds its
 * checks without writing Lua.
 */
#ifndef GK_CATALOG_H
#define GK_CATALOG_H

#include "record.h"
#include "units.h"

typedef struct gk_catalog_item {
	char *id;             /* e.g. "free-opening" */
	char *name;           /* 公开事项 */
	char **elements;      /* 公开内容要素 */
	int nelements;
	char *basis;          /* 公开依据 */
	int workdays;         /* 公开时限, from formation or change */
	char **responsible;   /* 公开主体, as the catalog words it */
	int nresponsible;
	unsigned responsible_types; /* the same as unit types: bit gk_unit_type */
	char **channels;      /* canonical channel names, e.g. "website" */
	int nchannels;
	int any_channel;      /* one of channels is enough (else every one) */
	char *audience;       /* 公开对象 */
	char *mode;           /* 公开方式 */
	char **levels;        /* 公开层级 */
	int nlevels;
	int line;             /* where the item starts in its file */
} gk_catalog_item;

typedef struct gk_catalog {
	char *file;           /* "policies/zezhou/catalog.yaml" */
	char *title;
	gk_catalog_item *items;
	int nitems;
} gk_catalog;

const gk_catalog_item *gk_catalog_find(const gk_catalog *c, const char *id, size_t len);
void gk_catalog_free(gk_catalog *c);

#endif

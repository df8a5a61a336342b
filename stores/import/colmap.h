/*
 * colmap.h - how one source system's export maps onto the record format.
 *
 * gongkai knows every column by its name (published_on), its Chinese name
 * (公开日期) and the other headers spreadsheets use (发布日期): see
 * gk_field_by_header.  A website or petition system that writes its own
 * headers, its own words for values, or leaves out a column that is the
 * same for every row, gets a mapping file, one per source system, kept
 * with the policy set (policies/<jurisdiction>/columns/<system>.yaml):
 *
 *   columns:                 # its header: the column it is
 *     信息名称: title
 *     所属机构: publisher
 *     浏览次数: ignore        # not a column of gongkai: dropped
 *   values:                  # per column: its word for a value
 *     attribute:
 *       主动: proactive
 *   defaults:                # the value of a column it does not have,
 *     jurisdiction: zezhou   # or leaves empty
 *     kind: info
 *
 * Every key is optional.  Loading checks everything a person could get
 * wrong (an unknown column, a value the column refuses, a header mapped
 * twice) and names the file, line and column.
 */
#ifndef GK_COLMAP_H
#define GK_COLMAP_H

#include <stddef.h>

#include "../../engine/error.h"

typedef struct gk_colmap gk_colmap;

#define GK_COL_UNKNOWN (-1)
#define GK_COL_IGNORE (-2)

/* Read the mapping file path. */
int gk_colmap_load(const char *path, gk_colmap **out, gk_error *err);
/* The same from buf (len bytes), named name in messages. */
int gk_colmap_parse(const char *name, const char *buf, size_t len, gk_colmap **out,
		    gk_error *err);

/* Check every mapping a policy set keeps (J/columns/NAME.yaml), reporting
 * each problem; *problems counts them.  Errors other than a mapping's
 * (the set unreadable) are returned. */
struct gk_source;
int gk_colmap_lint(struct gk_source *src, gk_report_fn report, void *ud, int *problems,
		   gk_error *err);
void gk_colmap_free(gk_colmap *m);

/* The file it was read from, for messages. */
const char *gk_colmap_file(const gk_colmap *m);

/* The field a header (len bytes) names: the mapping's columns first, then
 * gk_field_by_header; GK_COL_IGNORE for a column to drop, GK_COL_UNKNOWN.
 * m may be NULL (no mapping). */
int gk_colmap_field(const gk_colmap *m, const char *header, size_t len);

/* What the mapping turns value (len bytes) of field into, or NULL when it
 * has no word for it.  m may be NULL. */
const char *gk_colmap_value(const gk_colmap *m, int field, const char *val, size_t len);

/* The default of field (normalised), or NULL.  m may be NULL. */
const char *gk_colmap_default(const gk_colmap *m, int field);

#endif

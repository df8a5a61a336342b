/*
 * juris.h - the names people give the jurisdictions.
 *
 * A jurisdiction's id (zezhou) is what the policy set and the database
 * use; people write and read its Chinese name (泽州县).  Every part of
 * gongkai that turns one into the other (the importer accepting 泽州县,
 * work lists and reports naming 辖区) goes through these two functions,
 * so the names have one source.  That source is, for now, the table of
 * the four bundled jurisdictions in juris.c; when the policy set carries
 * each jurisdiction's unit directory with its Chinese name, these
 * functions read it there and keep the table as the fallback.
 */
#ifndef GK_JURIS_H
#define GK_JURIS_H

#include <stddef.h>

/* The Chinese name of jurisdiction id ("泽州县" for "zezhou"), or NULL
 * when it has none. */
const char *gk_juris_name(const char *id);

/* The id of the jurisdiction whose Chinese name is name (len bytes, no
 * NUL needed), or NULL. */
const char *gk_juris_by_name(const char *name, size_t len);

/* The i-th known jurisdiction (0-based): its id, and its name in *name;
 * NULL past the last.  For lists offered to people (drop-downs). */
const char *gk_juris_nth(int i, const char **name);

#endif

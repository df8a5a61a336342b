/*
 * juris.h - the names people give the jurisdictions.
 *
 * A jurisdiction's id (zezhou) is what the policy set and the database
 * use; people write and read its Chinese name (泽州县).  Every part of
 * gongkai that turns one into the other (the importer accepting 泽州县,
 * work lists and reports naming 辖区) goes through these functions, so the
 * names have one source: the unit directories (units.yaml) of the policy
 * set, registered by the command before it needs them (cli/names.c).  A
 * jurisdiction without a directory has no name and shows its id.
 */
#ifndef GK_JURIS_H
#define GK_JURIS_H

#include <stddef.h>

/* Register (or rename) a jurisdiction; copies both.  -1 when out of
 * memory.  Not thread-safe: register before starting threads. */
int gk_juris_register(const char *id, const char *name);
/* Forget every name. */
void gk_juris_clear(void);

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

/*
 * bundle.h - a policy set read from its source (source.h) into the
 * engine's data: its bundle (engine/bundle.h) and its coverage map
 * (engine/coverage.h).
 */
#ifndef GK_POLICYSET_BUNDLE_H
#define GK_POLICYSET_BUNDLE_H

#include "../../engine/bundle.h"
#include "../../engine/coverage.h"
#include "source.h"

/* Read every policy file of src.  A folder at the root other than
 * baseline/ is a jurisdiction; tests/ folders inside are not policies.
 * Each jurisdiction's units.yaml and catalog.yaml are parsed. */
int gk_bundle_read(gk_source *src, gk_bundle **out, gk_error *err);
/* The same, but with report a broken catalog or unit directory is
 * reported and left out instead of failing the read (lint wants every
 * problem at once). */
int gk_bundle_read_all(gk_source *src, gk_bundle **out, gk_report_fn report, void *ud,
		       gk_error *err);

/*
 * Read baseline/requirements.yaml and every jurisdiction's of bundle b
 * (read from src).  A missing file holds no requirements.  With report,
 * each problem of a file (an unknown key, a requirement without rules or
 * reason: "FILE:LINE:COL: …") is reported, counted in *problems and the
 * requirement left out; without, the first problem fails the read.  *out
 * is the map.
 */
int gk_coverage_read(gk_source *src, const gk_bundle *b, gk_coverage **out,
		     gk_report_fn report, void *ud, int *problems, gk_error *err);

#endif

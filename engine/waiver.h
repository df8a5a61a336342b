/*
 * waiver.h - approved exceptions (waivers.yaml in the policy set).
 *
 * A waiver names a record, a rule, or both (optionally a jurisdiction),
 * with the reason, the approver and the dates it is in force: from start
 * up to, not including, its expiry.  A finding a waiver covers is still
 * stored and reported, marked waived with its approver; it is never
 * dropped.  A waiver that covers nothing in a run is reported too.
 */
#ifndef GK_WAIVER_H
#define GK_WAIVER_H

#include "date.h"
#include "error.h"

typedef struct gk_waiver {
	char *record_id, *rule, *jurisdiction;  /* NULL: any */
	char *reason, *approver;
	gk_day start, expiry;
	int line;
	long hits;          /* findings covered in the current run */
	char *label;        /* "审批人，理由，有效期至 YYYY-MM-DD" for findings */
} gk_waiver;

typedef struct gk_waivers {
	char *file;
	gk_waiver *v;
	int n;
} gk_waivers;

void gk_waivers_free(gk_waivers *w);

/* The waiver covering a finding as of as_of, or NULL. */
gk_waiver *gk_waivers_match(gk_waivers *w, const char *record_id, const char *rule,
			    const char *jurisdiction, gk_day as_of);

#endif

/*
 * coverage.h - the coverage map: what the source documents require, and
 * which rules check it.
 *
 * Each folder of the policy set may hold requirements.yaml, the
 * requirements of the documents its rules come from (baseline/: the
 * national regulation as it binds a county bureau; a jurisdiction: its own
 * documents).  Every requirement names its document (source), the clause,
 * the sentence quoted, and the rules that check it, or the reason records
 * cannot show it and what data would; both when the rules check only part
 * of it.  The map is versioned with the rules, so an auditor sees, for
 * every commit, what the rules claim to enforce and what they leave out.
 *
 * The map and the rules must agree: a rule no requirement cites, a
 * requirement citing a rule that does not exist where it is read (its own
 * jurisdiction or the baseline; the baseline's file only the baseline) or
 * one that jurisdiction disables, is a problem gk_coverage_check reports.
 * A baseline rule is cited by any file; a jurisdiction's rule by its own
 * file, and an override also by the baseline's (it replaces a baseline
 * rule the baseline's requirements cite).
 *
 * This header includes no Lua header.
 */
#ifndef GK_COVERAGE_H
#define GK_COVERAGE_H

#include "error.h"

/* A rule a requirement cites, with where the id is written. */
typedef struct gk_req_rule {
	char *id;
	int line, col;
} gk_req_rule;

typedef struct gk_requirement {
	const char *source;   /* the document: title and 文号 (owned by its file) */
	char *clause;         /* 第二十六条, 四（二）, 附件1 第3项 */
	char *quote;          /* the sentence, verbatim ("……" marks an omission) */
	gk_req_rule *rules;   /* the rules that check it */
	int nrules;
	char *reason;         /* why records cannot show it (or the part not checked) */
	int general;          /* a general exhortation, no duty a record could show */
	int line, col;        /* where it starts in its file */
} gk_requirement;

/* One requirements.yaml. */
typedef struct gk_requirements {
	char *file;           /* "policies/baseline/requirements.yaml" */
	char **sources;       /* the documents, in the order of the file */
	int nsources;
	size_t capsources;
	gk_requirement *reqs;
	int nreqs;
	size_t capreqs;
} gk_requirements;

/* Free what r holds (and zero it); gk_requirements_free frees a file. */
void gk_requirement_release(gk_requirement *r);
void gk_requirements_free(gk_requirements *r);

/* How far the rules check a requirement. */
enum gk_req_status {
	GK_REQ_CHECKED,       /* rules, no reason */
	GK_REQ_PARTLY,        /* rules, and a reason for the part they leave */
	GK_REQ_UNCHECKED      /* a reason only */
};
enum gk_req_status gk_requirement_status(const gk_requirement *r);

/* Counts of requirements: checked includes partly (rules that check a
 * part), unchecked = requirements - checked, general those marked so. */
typedef struct gk_req_counts {
	int requirements, checked, partly, unchecked, general;
} gk_req_counts;

/* Add the requirements of f whose source is source (NULL: all of f). */
void gk_req_count(const gk_requirements *f, const char *source, gk_req_counts *n);

/* ---- the map of a policy set --------------------------------------------- */

struct gk_policy;

typedef struct gk_coverage gk_coverage;

/* An empty map of n folders (the baseline, then each jurisdiction); the
 * reader (stores/policyset/requirements_yaml.c) fills each with
 * gk_coverage_set: its file's path, its jurisdiction (NULL for the
 * baseline), the requirements read (taken over; NULL when the folder has
 * none) and the problems that left requirements out. */
int gk_coverage_new(gk_coverage **out, int n, gk_error *err);
int gk_coverage_set(gk_coverage *c, int i, const char *path, const char *juris,
		    gk_requirements *file, int problems, gk_error *err);
void gk_coverage_free(gk_coverage *c);

/*
 * Report every disagreement between the map and the rules of p (loaded
 * from the same bundle): rules no requirement cites ("RULEFILE:LINE: …"),
 * requirements citing a rule that does not exist or is disabled there
 * ("FILE:LINE:COL: …"), counted in *problems.  Returns 0, or GK_ENOMEM.
 */
int gk_coverage_check(gk_coverage *c, const struct gk_policy *p, gk_report_fn report,
		      void *ud, int *problems, gk_error *err);

/* The files of the map, one a folder: the baseline's (i = 0, *juris
 * NULL), then each jurisdiction's in the order of the policy set; NULL for
 * a folder without requirements.yaml. */
int gk_coverage_nfiles(const gk_coverage *c);
const gk_requirements *gk_coverage_file(const gk_coverage *c, int i, const char **juris);
/* The number of rules of the set (disable declarations not counted). */
int gk_coverage_nrules(const gk_coverage *c);

#endif

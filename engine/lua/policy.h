/*
 * policy.h - a policy set loaded into a sandboxed Lua state.
 *
 * A policy is one sandboxed Lua state with every file of a bundle
 * (bundle.h) compiled and run once, which yields the rules; each worker
 * of a run loads its own policy from the shared bundle.  Declarative
 * rules are judged in C (rules.h); rules with a `check` function are
 * called in the sandbox with a read-only view of the record.
 *
 * The sandbox (sandbox.h): base (without dofile, loadfile, require,
 * collectgarbage, print and binary chunks), string (without dump), table,
 * math (without random), utf8, all read-only; reading an unknown global is
 * an error; a policy cannot create globals; every call runs under an
 * instruction budget that library functions charge their C work to, the
 * state under a memory budget and the process under the CPU watchdog
 * (watchdog.h), all enforced so that a pcall in the policy cannot swallow
 * them; after loading, what a check can reach is sealed, so no state
 * survives from one call to the next.  A rule must be declared where
 * gongkai log and blame can see it (declscan.h).
 *
 * This header includes no Lua header.
 */
#ifndef GK_POLICY_H
#define GK_POLICY_H

#include <stdio.h>

#include "../bundle.h"
#include "../calendar.h"
#include "../rules.h"

struct gk_coverage;

/* Budgets per Lua state (CPU time limits are the watchdog's). */
typedef struct gk_limits {
	size_t memory;        /* bytes per Lua state */
	long instructions;    /* per rule call */
	long load_instructions; /* per policy file at load */
} gk_limits;

#define GK_LIMITS_DEFAULT { 64u << 20, 1000000L, 50000000L }

typedef struct gk_policy gk_policy;

/* Load bundle into a new sandbox.  The calendar is borrowed and must
 * outlive the policy.  Errors name the file and line. */
int gk_policy_load(const gk_bundle *b, const gk_calendar *cal,
		   const gk_limits *lim, gk_policy **out, gk_error *err);
void gk_policy_free(gk_policy *p);

int gk_policy_nrules(const gk_policy *p);
const gk_rule *gk_policy_rule(const gk_policy *p, int i);
/* Rules that apply to a jurisdiction's records (baseline and its own). */
int gk_policy_nrules_for(const gk_policy *p, int juris);
/* Fields any rule reads. */
void gk_policy_needs(const gk_policy *p, unsigned char need[GK_NFIELDS]);
/* 1 when rule index i is in force in jurisdiction juris (a baseline rule
 * the jurisdiction overrides or disables is not). */
int gk_policy_in_force(const gk_policy *p, int i, int juris);

/* The register of non-public documents confidential rules scan for
 * (borrowed; must outlive the policy).  Needed only when some rule is
 * a confidential one. */
struct gk_register;
void gk_policy_set_register(gk_policy *p, const struct gk_register *reg);
int gk_policy_needs_register(const gk_policy *p);

/* Early warnings: gk_policy_eval also hands emit a verdict with warn set
 * for each deadline not yet missed that falls on or before until. */
void gk_policy_set_warn(gk_policy *p, gk_day until);

/* Called for each finding; record strings live until it returns. */
typedef int (*gk_emit_fn)(void *ud, const gk_rule *rule, const char *record_id,
			  const char *juris, const gk_verdict *v, gk_error *err);

/*
 * Judge one record (read through get/rec) against every rule of its
 * jurisdiction as of as_of.  Returns 0, or an error: GK_EPOLICY when a
 * rule failed (message names file:line, the rule and the record),
 * GK_ERANGE when the calendar cannot answer, GK_EINVAL when the record's
 * jurisdiction has no policies.
 */
int gk_policy_eval(gk_policy *p, gk_get_fn get, void *rec, gk_day as_of,
		   gk_emit_fn emit, void *ud, gk_error *err);

/*
 * Lint a policy set, in two steps so that the caller can read the
 * coverage map in between (its problems then come in that order).  Each
 * problem ("FILE:LINE: ...") goes to report and is counted in *problems;
 * non-zero only when lint itself cannot run.
 *
 * lint_files loads every policy file of b, each on top of the baseline
 * (so one broken file does not hide another's problems), then all that
 * load together: *together (the caller frees; NULL when even they do not
 * load together), *all whether every file loaded.
 *
 * lint_rules checks the coverage map cov (coverage.h; NULL: not read)
 * against p when all is set, and every rule's catalog and effective date.
 */
int gk_policy_lint_files(const gk_bundle *b, const gk_calendar *cal, gk_report_fn report,
			 void *ud, int *problems, gk_policy **together, int *all,
			 gk_error *err);
int gk_policy_lint_rules(const gk_policy *p, int all, struct gk_coverage *cov,
			 gk_report_fn report, void *ud, int *problems, gk_error *err);

/* Write, for every rule of the record's jurisdiction and kind, its
 * verdict and why (explain.h), as of as_of. */
int gk_policy_explain(gk_policy *p, gk_get_fn get, void *rec, gk_day as_of,
		      FILE *out, gk_error *err);

#endif

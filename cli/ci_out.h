/*
 * ci_out.h - gongkai run's findings for CI systems: SARIF 2.1.0 (code
 * scanning, review tools) and JUnit XML (Jenkins, GitLab), and XML text.
 *
 * Both need the rules of the policy set the run evaluated, not only the
 * ones that found something: SARIF lists each as a reportingDescriptor
 * (a result points at it by ruleIndex), JUnit shows a rule that found
 * nothing in a jurisdiction as a passing testcase.  cli_ci_rules is that
 * list, built once before the run and read (never written) by the lanes.
 *
 * SARIF: one run; tool.driver with the rules; a result per finding
 * (early warnings and resolved findings are not results) written by the
 * printer's lanes as they are found (cli_sarif_result), between
 * cli_sarif_head and cli_sarif_tail.
 *
 * JUnit: one <testsuite> per jurisdiction evaluated; in it a testcase per
 * finding (classname JURISDICTION.RULE, name RULE RECORD, or RULE PERIOD
 * for a periodic duty) with a <failure>, or <skipped> when a waiver
 * covers it, and a passing testcase (name RULE) per rule in force there
 * that found nothing.  docs/json.md describes both.
 */
#ifndef GK_CI_OUT_H
#define GK_CI_OUT_H

#include <stdio.h>

#include "../engine/finding.h"
#include "wire.h"

typedef struct cli_ci_rule {
	const char *id;
	/* SARIF's id: the rule's, or ID/JURISDICTION for a jurisdiction's own
	 * rule of the same id as another in the list (yinchuan's B3 beside
	 * the baseline's: a SARIF rule id is unique, and a sub-rule is
	 * written after a slash). */
	char sarif_id[96];
	const char *juris;        /* "baseline", or the jurisdiction's folder */
	int j;                    /* the bundle's index of juris, -1: baseline */
	int index;                /* the policy's index of the rule */
	const char *category;
	const char *severity;     /* violation or notice */
	const char *message;      /* the sentence an officer reads, or NULL */
	const char *basis;
	const char *file;
	int line;
} cli_ci_rule;

typedef struct cli_ci_rules {
	struct gk_policy *p;      /* owns the strings */
	const gk_bundle *b;
	cli_ci_rule *v;
	int n;
} cli_ci_rules;

/* The rules of ps (baseline's and those of the jurisdictions juris[0..
 * njuris), all when njuris is 0), disabled ones left out, in the
 * policy's order. */
int cli_ci_rules_load(cli_ci_rules *r, const cli_policyset *ps, const char *const *juris,
		      int njuris, gk_error *err);
void cli_ci_rules_free(cli_ci_rules *r);
/* The rule a finding of rule in jurisdiction juris comes from: the
 * jurisdiction's own (an override) else the baseline's; -1 when neither
 * is listed. */
int cli_ci_rule_of(const cli_ci_rules *r, const char *juris, const char *rule);

/* The SARIF level of a finding's severity: "error" for a violation (and
 * for a finding that names none), "note" for a notice. */
const char *cli_sarif_level(const char *severity);

/* The log up to the first result, the results (each after a ',' but the
 * first: the printer drops the first one), the rest. */
void cli_sarif_head(FILE *out, const cli_ci_rules *r, const gk_run_info *info);
/* A finding's identity (malloc'd; NULL: out of memory): jurisdiction,
 * rule, category, record, period (and a periodic duty's unit), as the
 * comparison with the baseline matches findings.  A rule can find two
 * things on one record: the second of the same key in the record is its
 * occurrence 2, and its fingerprint is "KEY:2". */
char *cli_sarif_key(const gk_finding *f);
void cli_sarif_result(FILE *out, const gk_finding *f, const cli_ci_rules *r, const char *key,
		      int occurrence);
void cli_sarif_tail(FILE *out, const gk_run_info *info);

/* One finding's testcase: a failure when failing, skipped when waived,
 * else passing with the finding's text in system-out (提示：… for a
 * notice). */
void cli_junit_case(FILE *out, const gk_finding *f, int failing);
/* The document's start (totals over every suite), a suite's start, its
 * passing testcases (the rules in force in bundle jurisdiction j that
 * hit[] does not mark; hit is indexed by cli_ci_rules' order), its end,
 * the document's end. */
void cli_junit_head(FILE *out, const gk_run_info *info, long tests, long failures,
		    long skipped);
void cli_junit_suite(FILE *out, const gk_run_info *info, const char *juris, long tests,
		     long failures, long skipped);
long cli_junit_passing(FILE *out, const cli_ci_rules *r, int j, const unsigned char *hit,
		       int write);
void cli_junit_suite_end(FILE *out);
void cli_junit_tail(FILE *out);

/* s as XML character data or a quoted attribute's value: & < > " '
 * escaped; characters XML 1.0 cannot carry (controls other than tab,
 * newline and carriage return, U+FFFE, U+FFFF, bytes that are no UTF-8)
 * written as U+FFFD. */
void cli_xml_str(FILE *out, const char *s);

#endif

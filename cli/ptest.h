/*
 * ptest.h - policy tests: records in, expected findings out.
 *
 * A policy test is a YAML file in a `tests/` folder next to the policies
 * (policies/baseline/tests/b1.yaml, policies/yinchuan/tests/y1.yaml):
 *
 *   rule: B1                    # the rule under test
 *   as_of: 2021-06-30           # the evaluation date of the cases
 *   jurisdiction: zezhou        # default jurisdiction of the records
 *   cases:
 *     - name: published on the 20th working day is on time
 *       record: { kind: info, attribute: proactive,
 *                 formed_on: 2021-01-22, published_on: 2021-02-24 }
 *       expect: pass
 *     - name: no opinion box collected at the library in March   # periodic
 *       period: "2021-03"
 *       unit: 泉港区图书馆      # a duty of every venue: this venue's finding
 *       records: [ { kind: event, ... } ]
 *       expect: { category: periodic }
 *     - name: one working day late
 *       as_of: 2021-12-31         # optional, per case
 *       record: { ... }
 *       expect: { due_on: 2021-02-24, category: deadline,
 *                 message: "逾期 1 个工作日" }   # message: a part of it
 *                                                 # (basis: a part of it too)
 *
 * Each file's records go through the importer's validation into a
 * scratch database, then through a real run per as-of date; only the
 * findings of the rule under test count.  A record without an id gets
 * one from its case; a jurisdiction folder's tests default to it.
 *
 * Without a filter, every rule of the set must have at least one case
 * that passes and one that fails, or that is a failure too.
 */
#ifndef GK_PTEST_H
#define GK_PTEST_H

#include <stdio.h>

#include "../stores/policyset/source.h"

typedef struct gk_ptest_opts {
	gk_source *src;
	const char *filter;   /* a rule id or a jurisdiction (folder), or NULL */
	int verbose;          /* print passing cases too */
	int coverage;         /* list the rules no case exercises */
	/* How results are written: text (a line per failing case, every
	 * case with verbose), TAP version 13 (every case numbered, a YAML
	 * block with what failed, the plan 1..N last; other lines are "# "
	 * comments) or JUnit XML (one testsuite, a testcase per case with
	 * the test file as its classname, written at the end). */
	enum { GK_PTEST_TEXT, GK_PTEST_TAP, GK_PTEST_JUNIT } format;
	FILE *out;
} gk_ptest_opts;

/* Run the tests; counts in *passed / *failed.  Returns 0, or an error
 * when the policy set itself cannot be loaded. */
int gk_ptest_run(const gk_ptest_opts *o, int *passed, int *failed, gk_error *err);

#endif

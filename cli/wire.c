/*
 * wire.c - the engine and the stores put together (see wire.h).
 */
#include <stdlib.h>

#include "../engine/lua/policy.h"
#include "../stores/policyset/bundle.h"
#include "../stores/policyset/calendar_yaml.h"
#include "wire.h"

/* Problems counted as they are reported. */
struct counted {
	gk_report_fn fn;
	void *ud;
	int *n;
};

static void count_report(void *ud, const char *msg)
{
	struct counted *c = ud;

	(*c->n)++;
	c->fn(c->ud, msg);
}

int cli_lint_policies(gk_source *src, const gk_calendar *cal, gk_report_fn report, void *ud,
		      int *problems, gk_error *err)
{
	struct counted c = { report, ud, problems };
	gk_bundle *b = NULL;
	gk_policy *p = NULL;
	gk_coverage *cov = NULL;
	int rc, all = 0, read_problems = 0;

	if ((rc = gk_bundle_read_all(src, &b, count_report, &c, err)) ||
	    (rc = gk_policy_lint_files(b, cal, report, ud, problems, &p, &all, err)) ||
	    (rc = gk_coverage_read(src, b, &cov, count_report, &c, &read_problems, err)))
		goto cleanup;
	rc = gk_policy_lint_rules(p, all, cov, report, ud, problems, err);
cleanup:
	gk_coverage_free(cov);
	gk_policy_free(p);
	gk_bundle_free(b);
	return rc;
}

int cli_coverage_load(gk_source *src, gk_coverage **out, int *problems, gk_report_fn report,
		      void *ud, gk_error *err)
{
	gk_calendar *cal = NULL;
	gk_bundle *b = NULL;
	gk_policy *p = NULL;
	gk_coverage *c = NULL;
	int rc, checked = 0;

	*out = NULL;
	*problems = 0;
	if ((rc = gk_calendar_load(src, &cal, err)) || (rc = gk_bundle_read(src, &b, err)) ||
	    (rc = gk_policy_load(b, cal, NULL, &p, err)) ||
	    (rc = gk_coverage_read(src, b, &c, report, ud, problems, err)) ||
	    (rc = gk_coverage_check(c, p, report, ud, &checked, err)))
		goto cleanup;
	*problems += checked;
	*out = c;
	c = NULL;
cleanup:
	gk_coverage_free(c);
	gk_policy_free(p);
	gk_bundle_free(b);
	gk_calendar_free(cal);
	return rc;
}

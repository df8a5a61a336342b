/*
 * wire.c - the engine and the stores put together (see wire.h).
 */
#include <stdlib.h>
#include <string.h>

#include "../engine/lua/policy.h"
#include "../stores/policyset/bundle.h"
#include "../stores/policyset/calendar_yaml.h"
#include "../stores/policyset/waivers_yaml.h"
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

/* ---- runs --------------------------------------------------------------- */

int cli_policyset_open(cli_policyset *ps, gk_source *src, gk_error *err)
{
	int rc;

	memset(ps, 0, sizeof(*ps));
	ps->src = src;
	if ((rc = gk_calendar_load(src, &ps->cal, err)) ||
	    (rc = gk_waivers_load(src, &ps->waivers, err)) ||
	    (rc = gk_bundle_read(src, &ps->bundle, err)) ||
	    (rc = gk_source_digest(src, ps->digest, err)))
		return rc;
	return 0;
}

void cli_policyset_close(cli_policyset *ps)
{
	gk_bundle_free(ps->bundle);
	gk_waivers_free(ps->waivers);
	gk_calendar_free(ps->cal);
	memset(ps, 0, sizeof(*ps));
}

int cli_run(gk_store *st, cli_policyset *ps, gk_run_opts *o, gk_sink *const *sinks, int n,
	    gk_run_info *info, gk_error *err)
{
	gk_records records;
	gk_history history;
	gk_sink *all[16];
	int k = 0;

	if (n > 15)
		return gk_error_set(err, GK_EINVAL, "too many outputs for one run");
	gk_store_records(st, &records);
	gk_store_history(st, &history);
	if (!o->dry)
		all[k++] = gk_store_sink(st);
	for (int i = 0; i < n; i++)
		all[k++] = sinks[i];
	o->bundle = ps->bundle;
	o->cal = ps->cal;
	o->waivers = ps->waivers;
	o->policy_source = gk_source_describe(ps->src);
	o->policy_revision = gk_source_revision(ps->src);
	o->policy_digest = ps->digest;
	o->root = gk_source_root(ps->src);
	o->records = &records;
	o->history = o->dry ? NULL : &history;
	o->sinks = all;
	o->nsinks = k;
	return gk_run(o, info, err);
}

int cli_policy_load(gk_store *st, cli_policyset *ps, gk_policy **p, gk_register **reg,
		    gk_error *err)
{
	gk_records records;
	int rc;

	*reg = NULL;
	gk_store_records(st, &records);
	if ((rc = gk_policy_load(ps->bundle, ps->cal, NULL, p, err)))
		return rc;
	if (gk_policy_needs_register(*p)) {
		if ((rc = gk_register_read(&records, *p, ps->bundle, reg, err)))
			return rc;
		gk_policy_set_register(*p, *reg);
	}
	return 0;
}

static int collect_start(gk_sink *s, gk_run_info *info, int lanes, gk_error *err)
{
	(void)s;
	(void)info;
	(void)lanes;
	(void)err;
	return 0;
}

static int collect_put(gk_sink *s, int lane, gk_finding *f, gk_error *err)
{
	cli_collect *c = s->ud;

	(void)lane;
	if (f->status && (*f->status == 'd' || *f->status == 'r'))
		return 0;
	return c->fn(c->ud, f, err);
}

static int collect_finish(gk_sink *s, gk_run_info *info, gk_error *err)
{
	(void)s;
	(void)info;
	(void)err;
	return 0;
}

gk_sink *cli_collect_sink(cli_collect *c, gk_finding_fn fn, void *ud)
{
	memset(c, 0, sizeof(*c));
	c->sink.start = collect_start;
	c->sink.put = collect_put;
	c->sink.finish = collect_finish;
	c->sink.ud = c;
	c->fn = fn;
	c->ud = ud;
	return &c->sink;
}

/*
 * lint.c - every problem of a policy set at once: each file loaded on its
 * own on top of the baseline, then all together.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../i18n.h"
#include "../buf.h"
#include "../coverage.h"
#include "policy_impl.h"

struct lint {
	gk_report_fn fn;
	void *ud;
	int *problems;
};

static void lint_report(void *ud, const char *msg)
{
	struct lint *l = ud;

	(*l->problems)++;
	l->fn(l->ud, msg);
}

int gk_policy_lint_files(const gk_bundle *b, const gk_calendar *cal, gk_report_fn fn,
			 void *fn_ud, int *problems, gk_policy **together, int *all,
			 gk_error *err)
{
	struct lint l = { fn, fn_ud, problems };
	gk_policy *p = NULL;
	unsigned char *mask = calloc((size_t)b->nfiles + 1, 1), *ok = calloc((size_t)b->nfiles + 1, 1);
	gk_error e;
	int rc = 0;

	*together = NULL;
	*all = 0;
	if (!mask || !ok) {
		rc = GK_OOM(err);
		goto cleanup;
	}
	/* Each file alone on top of the baseline files that load, so one
	 * broken file does not hide the problems of the others. */
	for (int i = 0; i < b->nfiles; i++) {
		for (int k = 0; k < b->nfiles; k++)
			mask[k] = k == i || (b->files[k].juris == -1 && ok[k] && k < i) ||
				  (b->files[i].juris >= 0 && b->files[k].juris == -1 && ok[k]);
		if (gk_lua_policy_load(b, cal, NULL, mask, &p, &e) == 0)
			ok[i] = 1;
		else
			lint_report(&l, e.msg);
		gk_policy_free(p);
		p = NULL;
	}
	/* Then every file that loads alone, together: ids clashing across
	 * files, whatever else is broken. */
	if (gk_lua_policy_load(b, cal, NULL, ok, &p, &e) != 0)
		lint_report(&l, e.msg);
	*all = p != NULL;
	for (int i = 0; i < b->nfiles; i++)
		*all &= ok[i];
	*together = p;
cleanup:
	free(mask);
	free(ok);
	return rc;
}

int gk_policy_lint_rules(const gk_policy *p, int all, struct gk_coverage *cov,
			 gk_report_fn fn, void *fn_ud, int *problems, gk_error *err)
{
	struct lint l = { fn, fn_ud, problems };
	int rc, checked = 0;

	/* The coverage map (coverage.h), against the rules only when every
	 * file loaded: a broken file's rules would look missing. */
	if (p && all && cov && (rc = gk_coverage_check(cov, p, lint_report, &l, &checked, err)))
		return rc;
	for (int i = 0; p && i < p->nrules; i++) {
		const gk_rule *r = &p->rules[i];
		char msg[512];

		if (r->type == GK_RULE_CATALOG && !r->catalog->nitems) {
			snprintf(msg, sizeof(msg), _("%s:%d: catalog rule '%s': the catalog has no items"),
				 r->file, r->line, r->id);
			lint_report(&l, msg);
		}
		/* A rule applies from the day its source took effect: say which. */
		if (r->type != GK_RULE_DISABLE && !r->effective) {
			snprintf(msg, sizeof(msg), _("%s:%d: rule '%s' has no effective date: add "
				 "effective = \"YYYY-MM-DD\", the day its source took effect (if the "
				 "source gives none, say in a comment which date was chosen and why)"),
				 r->file, r->line, r->id);
			lint_report(&l, msg);
		}
	}
	return 0;
}

/*
 * coverage.c - the coverage map of a policy set (see coverage.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "buf.h"
#include "coverage.h"
#include "lua/policy.h"

struct gk_coverage {
	/* [0] the baseline's file, [j + 1] jurisdiction j's; NULL when the
	 * folder has none */
	gk_requirements **files;
	char **paths;             /* where each file is (or would be), for messages */
	char **juris;             /* [0] NULL */
	int n;
	int broken;               /* a file had problems: some requirements are left out */
	int nrules;
};

void gk_requirement_release(gk_requirement *r)
{
	free(r->clause);
	free(r->quote);
	free(r->reason);
	for (int i = 0; i < r->nrules; i++)
		free(r->rules[i].id);
	free(r->rules);
	memset(r, 0, sizeof(*r));
}

void gk_requirements_free(gk_requirements *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->nreqs; i++)
		gk_requirement_release(&r->reqs[i]);
	free(r->reqs);
	for (int i = 0; i < r->nsources; i++)
		free(r->sources[i]);
	free(r->sources);
	free(r->file);
	free(r);
}

enum gk_req_status gk_requirement_status(const gk_requirement *r)
{
	if (!r->nrules)
		return GK_REQ_UNCHECKED;
	return r->reason ? GK_REQ_PARTLY : GK_REQ_CHECKED;
}

void gk_req_count(const gk_requirements *f, const char *source, gk_req_counts *n)
{
	for (int i = 0; f && i < f->nreqs; i++) {
		const gk_requirement *r = &f->reqs[i];
		enum gk_req_status st = gk_requirement_status(r);

		if (source && r->source != source)
			continue;
		n->requirements++;
		n->checked += st != GK_REQ_UNCHECKED;
		n->partly += st == GK_REQ_PARTLY;
		n->unchecked += st == GK_REQ_UNCHECKED;
		n->general += r->general;
	}
}

void gk_coverage_free(gk_coverage *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->n; i++) {
		gk_requirements_free(c->files[i]);
		free(c->paths[i]);
		free(c->juris[i]);
	}
	free(c->files);
	free(c->paths);
	free(c->juris);
	free(c);
}

int gk_coverage_nfiles(const gk_coverage *c)
{
	return c->n;
}

const gk_requirements *gk_coverage_file(const gk_coverage *c, int i, const char **juris)
{
	if (juris)
		*juris = i >= 0 && i < c->n ? c->juris[i] : NULL;
	return i >= 0 && i < c->n ? c->files[i] : NULL;
}

int gk_coverage_nrules(const gk_coverage *c)
{
	return c->nrules;
}

int gk_coverage_new(gk_coverage **out, int n, gk_error *err)
{
	gk_coverage *c = calloc(1, sizeof(*c));

	*out = NULL;
	if (!c || !(c->files = calloc((size_t)n, sizeof(*c->files))) ||
	    !(c->paths = calloc((size_t)n, sizeof(*c->paths))) ||
	    !(c->juris = calloc((size_t)n, sizeof(*c->juris)))) {
		if (c) {
			free(c->files);
			free(c->paths);
		}
		free(c);
		return GK_OOM(err);
	}
	c->n = n;
	*out = c;
	return 0;
}

int gk_coverage_set(gk_coverage *c, int i, const char *path, const char *juris,
		    gk_requirements *file, int problems, gk_error *err)
{
	gk_requirements_free(c->files[i]);
	c->files[i] = file;
	c->broken |= problems > 0;
	free(c->paths[i]);
	free(c->juris[i]);
	c->paths[i] = strdup(path);
	c->juris[i] = juris ? strdup(juris) : NULL;
	if (!c->paths[i] || (juris && !c->juris[i]))
		return GK_OOM(err);
	return 0;
}

/* ---- the map against the rules ------------------------------------------- */

/* The rule id of folder f (0 baseline, j + 1 jurisdiction j): its own, else
 * the baseline's; -1 when neither.  *disabled is the index of a disable
 * declaration of that id in the jurisdiction, or -1. */
static int find_rule(const gk_policy *p, const char *id, int f, int *disabled)
{
	int own = -1, base = -1;

	*disabled = -1;
	for (int i = 0; i < gk_policy_nrules(p); i++) {
		const gk_rule *r = gk_policy_rule(p, i);

		if (strcmp(r->id, id) != 0)
			continue;
		if (r->type == GK_RULE_DISABLE) {
			if (f > 0 && r->juris == f - 1)
				*disabled = i;
		} else if (r->juris == -1) {
			base = i;
		} else if (f > 0 && r->juris == f - 1) {
			own = i;
		}
	}
	return own >= 0 ? own : base;
}

static void reportf(gk_report_fn report, void *ud, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void reportf(gk_report_fn report, void *ud, const char *fmt, ...)
{
	char msg[GK_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), _(fmt), ap);
	va_end(ap);
	report(ud, msg);
}

int gk_coverage_check(gk_coverage *c, const gk_policy *p, gk_report_fn report, void *ud,
		      int *problems, gk_error *err)
{
	int nr = gk_policy_nrules(p);
	unsigned char *cited = calloc((size_t)nr + 1, 1);

	*problems = 0;
	if (!cited)
		return GK_OOM(err);
	c->nrules = 0;
	for (int i = 0; i < nr; i++)
		c->nrules += gk_policy_rule(p, i)->type != GK_RULE_DISABLE;
	for (int f = 0; f < c->n; f++) {
		const gk_requirements *file = c->files[f];

		for (int k = 0; file && k < file->nreqs; k++) {
			const gk_requirement *q = &file->reqs[k];

			for (int m = 0; m < q->nrules; m++) {
				const gk_req_rule *id = &q->rules[m];
				int dis, i = find_rule(p, id->id, f, &dis);

				if (i < 0) {
					reportf(report, ud, "%s:%d:%d: requirement %s cites rule '%s', "
						"which does not exist in %s%s", file->file, id->line,
						id->col, q->clause, id->id, f ? c->juris[f] : _("the baseline"),
						f ? _(" or the baseline") : _(" (a baseline requirement "
									    "cites baseline rules)"));
					(*problems)++;
					continue;
				}
				if (dis >= 0) {
					const gk_rule *d = gk_policy_rule(p, dis);

					reportf(report, ud, "%s:%d:%d: requirement %s cites rule '%s', "
						"which %s disables (%s:%d): cite the rules that check it "
						"there, or give the reason", file->file, id->line, id->col,
						q->clause, id->id, c->juris[f], d->file, d->line);
					(*problems)++;
				}
				cited[i] = 1;
				/* The baseline's requirements cite every override of their
				 * rules too: an override replaces a rule they cite. */
				for (int o = 0; f == 0 && o < nr; o++) {
					const gk_rule *r = gk_policy_rule(p, o);

					if (r->override && r->type != GK_RULE_DISABLE &&
					    strcmp(r->id, id->id) == 0)
						cited[o] = 1;
				}
			}
		}
	}
	/* With requirements left out for their problems, a rule they cite would
	 * look uncited: those problems first. */
	for (int i = 0; !c->broken && i < nr; i++) {
		const gk_rule *r = gk_policy_rule(p, i);

		if (cited[i] || r->type == GK_RULE_DISABLE)
			continue;
		reportf(report, ud, "%s:%d: rule '%s' is cited by no requirement: name it in the "
			"rules of the requirement it checks, in %s", r->file, r->line, r->id,
			c->paths[r->juris + 1]);
		(*problems)++;
	}
	free(cited);
	return 0;
}

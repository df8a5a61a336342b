/* requirements_yaml.c - see requirements_yaml.h */
#include <stdlib.h>
#include <string.h>

#include "../../engine/buf.h"
#include "requirements_yaml.h"
#include "../yaml.h"

struct parse {
	const gk_yaml_doc *doc;
	gk_requirements *out;
	gk_report_fn report;
	void *ud;
	int *problems;
	gk_error *err;
};

/* A problem in err: reported and passed over with report, else the error. */
static int problem(struct parse *ps, int rc)
{
	if (!ps->report || rc == GK_ENOMEM)
		return rc;
	ps->report(ps->ud, ps->err->msg);
	(*ps->problems)++;
	return 0;
}

/* rules: [B1, B2] (or one id) with the position of every id. */
static int parse_rules(const gk_yaml_doc *doc, const gk_yaml_node *n, gk_requirement *r,
		       gk_error *err)
{
	size_t cnt = n->type == GK_YAML_SEQ ? n->n : 1;

	if (n->type == GK_YAML_MAP || cnt == 0)
		return gk_yaml_error(doc, n, err, "rules: a list of rule ids, such as [B1, B2] "
				     "(a requirement no rule checks has a reason instead)");
	if (!(r->rules = calloc(cnt, sizeof(*r->rules))))
		return GK_OOM(err);
	for (size_t i = 0; i < cnt; i++) {
		const gk_yaml_node *v = n->type == GK_YAML_SEQ ? n->items[i] : n;

		if (v->type != GK_YAML_SCALAR || v->len == 0)
			return gk_yaml_error(doc, v, err, "rules: a list of rule ids, such as [B1, B2]");
		for (int k = 0; k < r->nrules; k++)
			if (strcmp(r->rules[k].id, v->str) == 0)
				return gk_yaml_error(doc, v, err, "rule '%s' is listed twice", v->str);
		if (!(r->rules[r->nrules].id = strdup(v->str)))
			return GK_OOM(err);
		r->rules[r->nrules].line = v->line;
		r->rules[r->nrules].col = v->col;
		r->nrules++;
	}
	return 0;
}

/* One requirement into r (released again when it has a problem). */
static int parse_req(const gk_yaml_doc *doc, const gk_yaml_node *n, const char *source,
		     gk_requirement *r, gk_error *err)
{
	static const char *const keys[] = { "clause", "quote", "rules", "reason", "general", NULL };
	const gk_yaml_node *v;
	int rc;

	r->source = source;
	r->line = n->line;
	r->col = n->col;
	if (n->type != GK_YAML_MAP)
		return gk_yaml_error(doc, n, err, "a requirement is a map (clause:, quote:, "
				     "rules: or reason:)");
	if ((rc = gk_yaml_check_keys(doc, n, keys, err)) ||
	    (rc = gk_yaml_text(doc, n, "clause", &r->clause, 1, err)) ||
	    (rc = gk_yaml_text(doc, n, "quote", &r->quote, 1, err)) ||
	    (rc = gk_yaml_text(doc, n, "reason", &r->reason, 0, err)))
		return rc;
	if ((v = gk_yaml_get(n, "rules")) && (rc = parse_rules(doc, v, r, err)))
		return rc;
	if ((v = gk_yaml_get(n, "general"))) {
		if (v->type != GK_YAML_SCALAR || (strcmp(v->str, "true") && strcmp(v->str, "false")))
			return gk_yaml_error(doc, v, err, "general is true or false");
		r->general = strcmp(v->str, "true") == 0;
	}
	if (!r->nrules && !r->reason)
		return gk_yaml_error(doc, n, err, "requirement %s: give the rules that check it "
				     "(rules: [B1]) or the reason records cannot show it and what "
				     "data would (reason: …)", r->clause);
	if (r->general && !r->reason)
		return gk_yaml_error(doc, n, err, "requirement %s: general: true needs a reason "
				     "(why it is no duty a record could show)", r->clause);
	return 0;
}

static int parse_document(struct parse *ps, const gk_yaml_node *n)
{
	static const char *const keys[] = { "source", "requirements", NULL };
	const gk_yaml_doc *doc = ps->doc;
	gk_requirements *out = ps->out;
	const gk_yaml_node *list;
	char *source = NULL;
	int rc;

	if (n->type != GK_YAML_MAP)
		return problem(ps, gk_yaml_error(doc, n, ps->err, "a document is a map "
						 "(source:, requirements:)"));
	if ((rc = gk_yaml_check_keys(doc, n, keys, ps->err)) ||
	    (rc = gk_yaml_text(doc, n, "source", &source, 1, ps->err)))
		return problem(ps, rc);
	list = gk_yaml_get(n, "requirements");
	if (!list || list->type != GK_YAML_SEQ) {
		free(source);
		return problem(ps, gk_yaml_error(doc, list ? list : n, ps->err,
						 "expected a list 'requirements:'"));
	}
	if (GK_GROW(out->sources, out->nsources, out->capsources)) {
		free(source);
		return GK_OOM(ps->err);
	}
	out->sources[out->nsources++] = source;
	if (GK_RESERVE(out->reqs, (size_t)out->nreqs + list->n + 1, out->capreqs))
		return GK_OOM(ps->err);
	for (size_t i = 0; i < list->n; i++) {
		gk_requirement *r = &out->reqs[out->nreqs];

		memset(r, 0, sizeof(*r));
		if ((rc = parse_req(doc, list->items[i], source, r, ps->err))) {
			gk_requirement_release(r);
			if ((rc = problem(ps, rc)))
				return rc;
			continue;
		}
		out->nreqs++;
	}
	return 0;
}

int gk_requirements_parse(const char *name, const char *buf, size_t len,
			  gk_requirements **out, gk_report_fn report, void *ud,
			  int *problems, gk_error *err)
{
	static const char *const keys[] = { "documents", NULL };
	struct parse ps = { .report = report, .ud = ud, .problems = problems, .err = err };
	gk_yaml_doc *doc = NULL;
	gk_requirements *r;
	const gk_yaml_node *list;
	int rc;

	*out = NULL;
	if (!(r = calloc(1, sizeof(*r))) || !(r->file = strdup(name))) {
		free(r);
		return GK_OOM(err);
	}
	ps.out = r;
	if ((rc = gk_yaml_parse(name, buf, len, &doc, err))) {
		rc = problem(&ps, rc);
		goto cleanup;
	}
	ps.doc = doc;
	if (!doc->root || doc->root->type != GK_YAML_MAP) {
		rc = problem(&ps, gk_yaml_error(doc, doc->root, err, "expected documents: a list of "
						"{ source:, requirements: }"));
		goto cleanup;
	}
	if ((rc = gk_yaml_check_keys(doc, doc->root, keys, err))) {
		rc = problem(&ps, rc);
		goto cleanup;
	}
	list = gk_yaml_get(doc->root, "documents");
	if (!list || list->type != GK_YAML_SEQ) {
		rc = problem(&ps, gk_yaml_error(doc, list ? list : doc->root, err,
						"expected a list 'documents:'"));
		goto cleanup;
	}
	for (size_t i = 0; i < list->n && !rc; i++)
		rc = parse_document(&ps, list->items[i]);
cleanup:
	gk_yaml_free(doc);
	if (rc) {
		gk_requirements_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

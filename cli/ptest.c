/*
 * ptest.c - the policy test runner (see ptest.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../engine/i18n.h"
#include "../engine/buf.h"
#include "../stores/db/db.h"
#include "../stores/yaml.h"
#include "ci_out.h"
#include "cli.h"
#include "ptest.h"
#include "wire.h"

struct tcase {
	const gk_yaml_node *node;
	const char *name;
	const char *period;  /* a periodic case: judged for this period */
	const char *unit;    /* ... and, for a duty of every venue, this venue */
	char id[128];
	gk_day as_of;
	int expect_fail;
	const char *due, *category, *message, *basis, *severity;
	int nfound;          /* findings of the rule for this record */
	struct {
		char msg[1024];
		char due[GK_DATE_LEN + 1];
		char cat[32];
		char basis[1024];
		const char *sev;     /* gk_severity_names[] */
	} got[GK_MAX_VERDICTS];  /* a rule may find several things */
	int load_error;
	char why[1024];
};

struct tfile {
	const gk_yaml_doc *doc;
	const char *path;      /* display path */
	int ri;                /* the rule exercised (see rule_index_in) */
	const char *rule;
	struct tcase *cases;
	int ncases;
};

/* A result kept for JUnit: its name and why it failed (NULL: passed),
 * offsets into ctx.text. */
struct result {
	size_t name, why;
	int ok;
};

struct ctx {
	const gk_ptest_opts *o;
	int passed, failed;
	struct result *res;       /* JUnit: every result, in order */
	size_t nres, capres;
	gk_buf text;
	int oom;
	cli_policyset *ps;
	/* per rule: has a passing case, has a failing case */
	const gk_policy *p;
	unsigned char *has_pass, *has_fail;
};

static void report(struct ctx *c, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A result's text is its name, then "\n#   " and why it failed; TAP and
 * JUnit take the two apart. */
#define WHY_SEP "\n#   "

static void report_tap(struct ctx *c, int ok, const char *name, const char *why)
{
	FILE *out = c->o->out;

	fprintf(out, "%s %d - ", ok ? "ok" : "not ok", c->passed + c->failed);
	/* '#' starts a directive in a TAP description. */
	for (const char *p = name; *p; p++) {
		if (*p == '#' || *p == '\\')
			fputc('\\', out);
		/* One line: a control character is not the test's name. */
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			fputs(*p == '\n' || *p == '\t' ? " " : "\xef\xbf\xbd", out);
		else
			fputc(*p, out);
	}
	fputc('\n', out);
	if (!why)
		return;
	/* A YAML block: JSON's strings are YAML's double-quoted ones. */
	fputs("  ---\n  message: ", out);
	cli_json_str(out, why);
	fputs("\n  severity: fail\n  ...\n", out);
}

static void report_keep(struct ctx *c, int ok, const char *name, size_t namelen,
			const char *why)
{
	struct result *r;

	if (GK_GROW(c->res, c->nres, c->capres)) {
		c->oom = 1;
		return;
	}
	r = &c->res[c->nres];
	r->ok = ok;
	r->name = c->text.len;
	r->why = (size_t)-1;
	if (gk_buf_add(&c->text, name, namelen) || gk_buf_addc(&c->text, '\0')) {
		c->oom = 1;
		return;
	}
	if (why) {
		r->why = c->text.len;
		if (gk_buf_add(&c->text, why, strlen(why) + 1)) {
			c->oom = 1;
			return;
		}
	}
	c->nres++;
}

static void report(struct ctx *c, int ok, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL, *sep;
	int n;

	if (ok)
		c->passed++;
	else
		c->failed++;
	if (c->o->format == GK_PTEST_TEXT) {
		if (ok && !c->o->verbose)
			return;
		fputs(ok ? "ok - " : "not ok - ", c->o->out);
		va_start(ap, fmt);
		vfprintf(c->o->out, _(fmt), ap);
		va_end(ap);
		fputc('\n', c->o->out);
		return;
	}
	va_start(ap, fmt);
	n = vasprintf(&msg, _(fmt), ap);
	va_end(ap);
	if (n < 0) {
		c->oom = 1;
		return;
	}
	sep = strstr(msg, WHY_SEP);
	if (sep)
		*sep = '\0';
	if (c->o->format == GK_PTEST_TAP)
		report_tap(c, ok, msg, sep ? sep + strlen(WHY_SEP) : ok ? NULL : "");
	else
		report_keep(c, ok, msg, strlen(msg), sep ? sep + strlen(WHY_SEP) : ok ? NULL : "");
	free(msg);
}

/* JUnit: one suite of every case, the test file its classname (the part
 * of a result's name before ":LINE: "), the rest its name. */
static void write_junit(struct ctx *c)
{
	FILE *out = c->o->out;

	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"gongkai test\" tests=\"%d\" failures=\"%d\" errors=\"0\" "
		"skipped=\"0\">\n  <testsuite name=\"gongkai test\" tests=\"%d\" failures=\"%d\" "
		"errors=\"0\" skipped=\"0\">\n", c->passed + c->failed, c->failed,
		c->passed + c->failed, c->failed);
	for (size_t i = 0; i < c->nres; i++) {
		const struct result *r = &c->res[i];
		const char *name = c->text.p + r->name, *p = name, *colon, *rest = name;
		size_t clen = strlen(name);

		/* "FILE:LINE: rest": the first ':' followed by digits and ": ". */
		while ((colon = strchr(p, ':'))) {
			size_t d = strspn(colon + 1, "0123456789");

			if (d && strncmp(colon + 1 + d, ": ", 2) == 0) {
				clen = (size_t)(colon - name);
				rest = colon + 1 + d + 2;
				break;
			}
			p = colon + 1;
		}
		fputs("    <testcase classname=\"", out);
		{
			char *cls = strndup(name, clen);

			cli_xml_str(out, cls ? cls : "");
			free(cls);
		}
		fputs("\" name=\"", out);
		cli_xml_str(out, rest);
		fputs("\" time=\"0\"", out);
		if (r->ok) {
			fputs("/>\n", out);
			continue;
		}
		fputs(">\n      <failure message=\"", out);
		cli_xml_str(out, c->text.p + r->why);
		fputs("\">", out);
		cli_xml_str(out, c->text.p + r->why);
		fputs("</failure>\n    </testcase>\n", out);
	}
	fputs("  </testsuite>\n</testsuites>\n", out);
}

static const char *scalar(const gk_yaml_node *n)
{
	return n && n->type == GK_YAML_SCALAR ? n->str : NULL;
}

static int rule_index(const gk_policy *p, const char *id)
{
	for (int i = 0; i < gk_policy_nrules(p); i++)
		if (strcmp(gk_policy_rule(p, i)->id, id) == 0)
			return i;
	return -1;
}

/* The rule a test in folder juris (-1: baseline) exercises: the
 * jurisdiction's own (an override) before the baseline's. */
static int rule_index_in(const gk_policy *p, const char *id, int juris)
{
	int base = -1;

	for (int i = 0; i < gk_policy_nrules(p); i++) {
		const gk_rule *r = gk_policy_rule(p, i);

		if (strcmp(r->id, id) != 0 || r->type == GK_RULE_DISABLE)
			continue;
		if (r->juris == juris)
			return i;
		if (r->juris == -1)
			base = i;
	}
	return base;
}

/* Read the cases of one file; problems in the file itself are errors. */
static int parse_file(struct tfile *tf, const gk_policy *p, gk_error *err)
{
	const gk_yaml_doc *doc = tf->doc;
	const gk_yaml_node *root = doc->root, *cases, *n;
	gk_day file_asof = 0;
	int have_asof = 0;
	static const char *const top_keys[] = { "rule", "as_of", "jurisdiction", "cases", NULL };
	static const char *const case_keys[] = { "name", "as_of", "record", "records",
						 "period", "unit", "expect", NULL };

	if (!root || root->type != GK_YAML_MAP)
		return gk_yaml_error(doc, root, err, "expected rule:, as_of: and cases:");
	for (size_t i = 0; i < root->n; i += 2) {
		int ok = 0;
		for (int k = 0; top_keys[k]; k++)
			ok |= strcmp(root->items[i]->str, top_keys[k]) == 0;
		if (!ok)
			return gk_yaml_error(doc, root->items[i], err,
					     "unknown key '%s' (expected rule, as_of, jurisdiction, cases)",
					     root->items[i]->str);
	}
	tf->rule = scalar(gk_yaml_get(root, "rule"));
	if (!tf->rule)
		return gk_yaml_error(doc, root, err, "missing 'rule:' (the rule under test)");
	if (rule_index(p, tf->rule) < 0)
		return gk_yaml_error(doc, gk_yaml_get(root, "rule"), err,
				     "no rule '%s' in the policy set", tf->rule);
	if ((n = gk_yaml_get(root, "as_of"))) {
		if (!scalar(n) || gk_date_parse(n->str, n->len, &file_asof))
			return gk_yaml_error(doc, n, err, "as_of: expected YYYY-MM-DD");
		have_asof = 1;
	}
	cases = gk_yaml_get(root, "cases");
	if (!cases || cases->type != GK_YAML_SEQ || cases->n == 0)
		return gk_yaml_error(doc, root, err, "missing 'cases:' (a list of cases)");
	tf->cases = calloc(cases->n, sizeof(*tf->cases));
	if (!tf->cases)
		return GK_OOM(err);
	for (size_t i = 0; i < cases->n; i++) {
		const gk_yaml_node *cn = cases->items[i], *e;
		struct tcase *tc = &tf->cases[tf->ncases++];

		tc->node = cn;
		if (cn->type != GK_YAML_MAP)
			return gk_yaml_error(doc, cn, err, "a case is a map with name, record, expect");
		for (size_t k = 0; k < cn->n; k += 2) {
			int ok = 0;
			for (int m = 0; case_keys[m]; m++)
				ok |= strcmp(cn->items[k]->str, case_keys[m]) == 0;
			if (!ok)
				return gk_yaml_error(doc, cn->items[k], err,
						     "unknown key '%s' (expected name, as_of, record, "
						     "records, period, unit, expect)",
						     cn->items[k]->str);
		}
		tc->name = scalar(gk_yaml_get(cn, "name"));
		if (!tc->name)
			return gk_yaml_error(doc, cn, err, "the case has no name:");
		tc->period = scalar(gk_yaml_get(cn, "period"));
		tc->unit = scalar(gk_yaml_get(cn, "unit"));
		if (tc->unit && !tc->period)
			return gk_yaml_error(doc, cn, err, "case '%s': unit: names the venue of a "
					     "periodic case (give period: too)", tc->name);
		if (tc->period) {
			const gk_yaml_node *rs = gk_yaml_get(cn, "records");

			if (rs && rs->type != GK_YAML_SEQ)
				return gk_yaml_error(doc, rs, err, "case '%s': records: must be a "
						     "list of records", tc->name);
			for (size_t k = 0; rs && k < rs->n; k++)
				if (rs->items[k]->type != GK_YAML_MAP)
					return gk_yaml_error(doc, rs->items[k], err,
							     "a record is a map of columns");
		} else if (!gk_yaml_get(cn, "record") ||
			   gk_yaml_get(cn, "record")->type != GK_YAML_MAP) {
			return gk_yaml_error(doc, cn, err, "case '%s': record: must be a map of "
					     "columns (or give period: and records: for a periodic "
					     "duty)", tc->name);
		}
		tc->as_of = file_asof;
		if ((n = gk_yaml_get(cn, "as_of"))) {
			if (!scalar(n) || gk_date_parse(n->str, n->len, &tc->as_of))
				return gk_yaml_error(doc, n, err, "as_of: expected YYYY-MM-DD");
		} else if (!have_asof) {
			return gk_yaml_error(doc, cn, err, "case '%s' has no as_of (give one for the file)",
					     tc->name);
		}
		e = gk_yaml_get(cn, "expect");
		if (!e)
			return gk_yaml_error(doc, cn, err, "case '%s': missing expect: (pass, fail or "
					     "{ due_on, category, severity, message })", tc->name);
		if (scalar(e) && strcmp(e->str, "pass") == 0) {
			tc->expect_fail = 0;
		} else if (scalar(e) && strcmp(e->str, "fail") == 0) {
			tc->expect_fail = 1;
		} else if (e->type == GK_YAML_MAP) {
			tc->expect_fail = 1;
			for (size_t k = 0; k < e->n; k += 2) {
				const char *key = e->items[k]->str, *val = scalar(e->items[k + 1]);
				gk_day d;

				if (!val)
					return gk_yaml_error(doc, e->items[k + 1], err, "expected text");
				if (strcmp(key, "due_on") == 0) {
					if (gk_date_parse(val, strlen(val), &d))
						return gk_yaml_error(doc, e->items[k + 1], err,
								     "due_on: expected YYYY-MM-DD");
					tc->due = val;
				} else if (strcmp(key, "category") == 0) {
					if (gk_category_lookup(val) < 0)
						return gk_yaml_error(doc, e->items[k + 1], err,
								     "unknown category '%s'", val);
					tc->category = val;
				} else if (strcmp(key, "message") == 0) {
					tc->message = val;
				} else if (strcmp(key, "basis") == 0) {
					tc->basis = val;
				} else if (strcmp(key, "severity") == 0) {
					int sv = gk_severity_lookup(val);

					if (sv < 0)
						return gk_yaml_error(doc, e->items[k + 1], err,
								     "severity: expected 违规 (violation) "
								     "or 提示 (notice), not '%s'", val);
					tc->severity = gk_severity_names[sv];
				} else {
					return gk_yaml_error(doc, e->items[k], err,
							     "unknown key '%s' (expected due_on, category, "
							     "severity, message, basis)", key);
				}
			}
		} else {
			return gk_yaml_error(doc, e, err,
					     "expect: must be pass, fail or { due_on, category, severity, "
					     "message }");
		}
	}
	return 0;
}

struct collect {
	struct tfile *tf;
	gk_day as_of;        /* only cases judged as of this date */
	struct tcase *only;  /* a periodic case has a run of its own */
};

static int collect_finding(void *ud, const gk_finding *f, gk_error *err)
{
	struct collect *c = ud;

	(void)err;
	if (strcmp(f->rule, c->tf->rule) != 0)
		return 0;
	for (int i = 0; i < c->tf->ncases; i++) {
		struct tcase *tc = &c->tf->cases[i];

		if (c->only && tc != c->only)
			continue;
		if (tc->as_of != c->as_of)
			continue;
		if (tc->period ? f->record_id || !f->period || strcmp(f->period, tc->period)
			       : !f->record_id || strcmp(tc->id, f->record_id) != 0)
			continue;
		if (tc->unit && (!f->unit || strcmp(f->unit, tc->unit) != 0))
			continue;
		if (tc->nfound < GK_MAX_VERDICTS) {
			int k = tc->nfound;

			snprintf(tc->got[k].msg, sizeof(tc->got[k].msg), "%s", f->message);
			snprintf(tc->got[k].cat, sizeof(tc->got[k].cat), "%s", f->category);
			tc->got[k].sev = gk_severity_names[gk_finding_severity(f)];
			snprintf(tc->got[k].basis, sizeof(tc->got[k].basis), "%s",
				 f->basis ? f->basis : "");
			tc->got[k].due[0] = '\0';
			if (f->has_due)
				gk_date_format(f->due_on, tc->got[k].due);
		}
		tc->nfound++;
	}
	return 0;
}

/* Put one record (a YAML map) into the scratch database. */
static int put_record(gk_store *st, struct tfile *tf, struct tcase *tc,
		      const gk_yaml_node *rec, const char *auto_id,
		      const char *default_juris, gk_error *err)
{
	const char *keys[GK_NFIELDS + 2], *vals[GK_NFIELDS + 2];
	char origin[1024];
	int n = 0, have_id = 0, have_j = 0;
	gk_error e = { 0 };

	for (size_t k = 0; k < rec->n && n < GK_NFIELDS; k += 2) {
		const char *v = scalar(rec->items[k + 1]);

		keys[n] = rec->items[k]->str;
		vals[n] = v && !gk_yaml_is_null(rec->items[k + 1]) ? v : "";
		if (strcmp(keys[n], "id") == 0) {
			have_id = 1;
			if (!tc->period)
				snprintf(tc->id, sizeof(tc->id), "%s", vals[n]);
		}
		have_j |= strcmp(keys[n], "jurisdiction") == 0;
		n++;
	}
	if (!have_id) {
		keys[n] = "id";
		vals[n++] = auto_id;
		if (!tc->period)
			snprintf(tc->id, sizeof(tc->id), "%s", auto_id);
	}
	if (!have_j && default_juris) {
		keys[n] = "jurisdiction";
		vals[n++] = default_juris;
	}
	snprintf(origin, sizeof(origin), "%s:%d", tf->path, rec->line);
	if (gk_store_put(st, origin, keys, vals, n, &e)) {
		if (e.code != GK_EINVAL) {
			*err = e;
			return e.code;
		}
		tc->load_error = 1;
		snprintf(tc->why, sizeof(tc->why), _("the record is invalid: %.900s"), e.msg);
	}
	return 0;
}

/* Put the cases' records into the scratch database: every per-record
 * case, or the records of one periodic case. */
static int load_records(gk_store *st, struct tfile *tf, struct tcase *only,
			const char *default_juris, gk_error *err)
{
	int rc = gk_store_begin(st, err);

	for (int i = 0; !rc && i < tf->ncases; i++) {
		struct tcase *tc = &tf->cases[i];
		const gk_yaml_node *rs;
		char auto_id[64];

		if (only ? tc != only : tc->period != NULL)
			continue;
		if (!tc->period) {
			snprintf(auto_id, sizeof(auto_id), "case-%d", i + 1);
			rc = put_record(st, tf, tc, gk_yaml_get(tc->node, "record"), auto_id,
					default_juris, err);
			continue;
		}
		rs = gk_yaml_get(tc->node, "records");
		for (size_t k = 0; !rc && rs && k < rs->n; k++) {
			snprintf(auto_id, sizeof(auto_id), "case-%d-%zu", i + 1, k + 1);
			rc = put_record(st, tf, tc, rs->items[k], auto_id, default_juris, err);
		}
		/* A run needs a record of the jurisdiction even when the case
		 * is about a period with no events at all. */
		if (!rc && (!rs || rs->n == 0)) {
			const char *keys[] = { "id", "kind", "title", "jurisdiction" };
			const char *vals[] = { "case-anchor", "message", "（无事件）",
					       default_juris ? default_juris : "" };
			gk_error e = { 0 };

			if (gk_store_put(st, tf->path, keys, vals, default_juris ? 4 : 3, &e)) {
				tc->load_error = 1;
				snprintf(tc->why, sizeof(tc->why),
					 _("a case without records needs the file's jurisdiction: %.800s"),
					 e.msg);
			}
		}
	}
	if (rc)
		gk_store_rollback(st);
	else
		rc = gk_store_commit(st, err);
	return rc;
}

static void judge_case(struct ctx *c, struct tfile *tf, struct tcase *tc)
{
	int ok, ri = tf->ri;
	char where[1200];

	snprintf(where, sizeof(where), "%s:%d: %s: %s", tf->path, tc->node->line, tf->rule,
		 tc->name);
	if (tc->load_error) {
		report(c, 0, "%s\n#   %s", where, tc->why);
		return;
	}
	if (tc->why[0]) {
		report(c, 0, "%s\n#   %s", where, tc->why);
		return;
	}
	if (!tc->expect_fail) {
		ok = tc->nfound == 0;
		if (ri >= 0 && ok)
			c->has_pass[ri] = 1;
		if (ok)
			report(c, 1, "%s", where);
		else
			report(c, 0, "%s\n#   expected no finding, got: %s", where, tc->got[0].msg);
		return;
	}
	if (tc->nfound == 0) {
		report(c, 0, "%s\n#   expected a finding, got none", where);
		return;
	}
	/* Some finding of the rule must match everything expected. */
	for (int k = 0; k < tc->nfound && k < GK_MAX_VERDICTS; k++) {
		if ((tc->due && strcmp(tc->due, tc->got[k].due) != 0) ||
		    (tc->category && strcmp(tc->category, tc->got[k].cat) != 0) ||
		    (tc->severity && strcmp(tc->severity, tc->got[k].sev) != 0) ||
		    (tc->message && !strstr(tc->got[k].msg, tc->message)) ||
		    (tc->basis && !strstr(tc->got[k].basis, tc->basis)))
			continue;
		if (ri >= 0)
			c->has_fail[ri] = 1;
		report(c, 1, "%s", where);
		return;
	}
	report(c, 0, "%s\n#   expected a finding%s%s%s%s%s%s%s%s%s%s%s%s, got %d: %s [%s, %s%s%s; "
	       "basis %s]", where, tc->due ? _(" due ") : "", tc->due ? tc->due : "",
	       tc->category ? _(" of category ") : "", tc->category ? tc->category : "",
	       tc->severity ? _(", a ") : "", tc->severity ? tc->severity : "",
	       tc->message ? _(" saying '") : "", tc->message ? tc->message : "",
	       tc->message ? "'" : "", tc->basis ? _(" citing '") : "", tc->basis ? tc->basis : "",
	       tc->basis ? "'" : "", tc->nfound, tc->got[0].msg, tc->got[0].cat, tc->got[0].sev,
	       tc->got[0].due[0] ? _(", due ") : "", tc->got[0].due, tc->got[0].basis);
}

/* One scratch database: load the records of the per-record cases (only
 * == NULL) or of one periodic case, and run once per as-of date. */
static int run_scratch(struct ctx *c, struct tfile *tf, struct tcase *only,
		       const char *default_juris, gk_error *err)
{
	char dir[] = "/tmp/gk-ptest.XXXXXX", dbpath[64];
	gk_store *st = NULL;
	int rc, any = 0;

	for (int i = 0; i < tf->ncases; i++)
		any |= only ? &tf->cases[i] == only : tf->cases[i].period == NULL;
	if (!any)
		return 0;
	if (!mkdtemp(dir))
		return gk_error_set(err, GK_EIO, "cannot create a scratch directory in /tmp");
	snprintf(dbpath, sizeof(dbpath), "%s/t.db", dir);
	if ((rc = gk_store_open(&st, dbpath, 1, err)))
		goto cleanup;
	gk_store_scratch(st);
	if ((rc = load_records(st, tf, only, default_juris, err)))
		goto cleanup;
	for (int i = 0; i < tf->ncases; i++) {
		gk_run_opts o = { .jobs = 1, .limits = GK_LIMITS_DEFAULT, .dry = 1 };
		struct collect col = { tf, tf->cases[i].as_of, only };
		cli_collect cc;
		gk_sink *sink = cli_collect_sink(&cc, collect_finding, &col);
		gk_run_info info;
		gk_error e = { 0 };
		int seen = 0;

		if (only ? &tf->cases[i] != only : tf->cases[i].period != NULL)
			continue;
		for (int k = 0; k < i; k++)
			seen |= (only ? &tf->cases[k] == only : tf->cases[k].period == NULL) &&
				tf->cases[k].as_of == tf->cases[i].as_of;
		if (seen)
			continue;
		o.as_of = tf->cases[i].as_of;
		if (cli_run(st, c->ps, &o, &sink, 1, &info, &e)) {
			for (int k = i; k < tf->ncases; k++)
				if (tf->cases[k].as_of == o.as_of && !tf->cases[k].load_error &&
				    (only ? &tf->cases[k] == only : tf->cases[k].period == NULL))
					snprintf(tf->cases[k].why, sizeof(tf->cases[k].why),
						 _("the run failed: %.900s"), e.msg);
		}
	}
cleanup:
	gk_store_close(st);
	gk_store_remove(dbpath);
	rmdir(dir);
	return rc;
}

static int run_file(struct ctx *c, struct tfile *tf, const char *default_juris,
		    gk_error *err)
{
	int rc = run_scratch(c, tf, NULL, default_juris, err);

	for (int i = 0; !rc && i < tf->ncases; i++)
		if (tf->cases[i].period)
			rc = run_scratch(c, tf, &tf->cases[i], default_juris, err);
	for (int i = 0; !rc && i < tf->ncases; i++)
		judge_case(c, tf, &tf->cases[i]);
	return rc;
}

static int run_folder(struct ctx *c, const char *folder, const char *default_juris,
		      int juris, gk_error *err)
{
	gk_source_entry *e = NULL;
	size_t n = 0;
	char path[512];
	int rc;

	snprintf(path, sizeof(path), "%s/tests", folder);
	if (gk_source_list(c->o->src, path, &e, &n, err))
		return 0;    /* no tests/ folder: coverage will say so */
	rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		char rel[1024], *buf = NULL, disp[1200];
		size_t len;
		gk_yaml_doc *doc = NULL;
		struct tfile tf = { 0 };
		gk_error fe = { 0 };

		if (e[i].is_dir || strlen(e[i].name) < 6 ||
		    strcmp(e[i].name + strlen(e[i].name) - 5, ".yaml"))
			continue;
		snprintf(rel, sizeof(rel), "%s/%s", path, e[i].name);
		snprintf(disp, sizeof(disp), "%s/%s", gk_source_root(c->o->src), rel);
		if ((rc = gk_source_read(c->o->src, rel, &buf, &len, err)))
			break;
		if (gk_yaml_parse(disp, buf, len, &doc, &fe) == 0) {
			tf.doc = doc;
			tf.path = disp;
			const char *fj = scalar(gk_yaml_get(doc->root, "jurisdiction"));

			tf.ri = -1;
			if (parse_file(&tf, c->p, &fe) == 0 &&
			    (tf.ri = rule_index_in(c->p, tf.rule, juris)) >= -1 &&
			    (!c->o->filter || strcmp(c->o->filter, tf.rule) == 0 ||
			     strcmp(c->o->filter, folder) == 0)) {
				rc = run_file(c, &tf, fj ? fj : default_juris, err);
			}
		}
		if (fe.msg[0])
			report(c, 0, "%s\n#   %s", disp, fe.msg);
		free(tf.cases);
		gk_yaml_free(doc);
		free(buf);
	}
	gk_source_entries_free(e, n);
	return rc;
}

int gk_ptest_run(const gk_ptest_opts *o, int *passed, int *failed, gk_error *err)
{
	struct ctx c = { .o = o };
	cli_policyset ps;
	gk_bundle *b;
	gk_policy *p = NULL;
	int rc, found_filter = 0;

	*passed = *failed = 0;
	if (o->format == GK_PTEST_TAP)
		fputs("TAP version 13\n", o->out);
	if ((rc = cli_policyset_open(&ps, o->src, err)) ||
	    (rc = gk_policy_load(ps.bundle, ps.cal, NULL, &p, err)))
		goto cleanup;
	b = ps.bundle;
	c.ps = &ps;
	c.p = p;
	c.has_pass = calloc((size_t)gk_policy_nrules(p) + 1, 1);
	c.has_fail = calloc((size_t)gk_policy_nrules(p) + 1, 1);
	if (!c.has_pass || !c.has_fail) {
		rc = GK_OOM(err);
		goto cleanup;
	}
	if (o->filter) {
		found_filter = rule_index(p, o->filter) >= 0 ||
			       strcmp(o->filter, "baseline") == 0 ||
			       gk_bundle_juris_index(b, o->filter, strlen(o->filter)) >= 0;
		if (!found_filter) {
			rc = gk_error_set(err, GK_EINVAL,
					  "'%s' is neither a rule nor a jurisdiction of '%s'",
					  o->filter, gk_source_root(o->src));
			goto cleanup;
		}
	}
	if ((rc = run_folder(&c, "baseline", NULL, -1, err)))
		goto cleanup;
	for (int j = 0; j < gk_bundle_njuris(b); j++)
		if ((rc = run_folder(&c, gk_bundle_juris(b, j), gk_bundle_juris(b, j), j, err)))
			goto cleanup;
	if (o->coverage) {
		int shown = 0, total = 0;
		/* TAP: comments; JUnit: beside the document, not in it. */
		FILE *cout = o->format == GK_PTEST_JUNIT ? stderr : o->out;
		const char *pre = o->format == GK_PTEST_TAP ? "# " : "";

		for (int i = 0; i < gk_policy_nrules(p); i++) {
			const gk_rule *r = gk_policy_rule(p, i);

			if (r->type == GK_RULE_DISABLE)
				continue;
			total++;
			if (c.has_pass[i] || c.has_fail[i])
				continue;
			if (!shown++)
				fprintf(cout, _("%srules no case exercises:\n"), pre);
			fprintf(cout, "%s  %s  %s:%d\n", pre, r->id, r->file, r->line);
		}
		fprintf(cout, _("%scoverage: %d of %d rules exercised by a case\n"), pre,
			total - shown, total);
	}
	/* Every rule shows both verdicts, or its tests prove too little. */
	for (int i = 0; i < gk_policy_nrules(p); i++) {
		const gk_rule *r = gk_policy_rule(p, i);
		const char *folder = r->juris < 0 ? "baseline" : gk_bundle_juris(b, r->juris);

		if (r->type == GK_RULE_DISABLE ||
		    (o->filter && strcmp(o->filter, r->id) && strcmp(o->filter, folder)))
			continue;
		report(&c, c.has_pass[i] && c.has_fail[i],
		       "%s:%d: rule '%s' has %s", r->file, r->line, r->id,
		       c.has_pass[i] && c.has_fail[i] ? _("cases that pass and cases that fail") :
		       !c.has_pass[i] && !c.has_fail[i] ? _("no test case: add one to its tests/ folder") :
		       !c.has_pass[i] ? _("no case that passes: add a compliant record") :
		       _("no case that fails: add a noncompliant record"));
	}
	if (c.oom) {
		rc = GK_OOM(err);
		goto cleanup;
	}
	if (o->format == GK_PTEST_TAP)
		fprintf(o->out, "1..%d\n", c.passed + c.failed);
	else if (o->format == GK_PTEST_JUNIT)
		write_junit(&c);
cleanup:
	*passed = c.passed;
	*failed = c.failed;
	free(c.has_pass);
	free(c.has_fail);
	free(c.res);
	gk_buf_release(&c.text);
	gk_policy_free(p);
	cli_policyset_close(&ps);
	return rc;
}

/*
 * ci_out.c - SARIF 2.1.0 and JUnit XML of a run (see ci_out.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/buf.h"
#include "../engine/lua/policy.h"
#include "../engine/rules.h"
#include "ci_out.h"
#include "cli.h"

/* ---- the rules ------------------------------------------------------------- */

int cli_ci_rules_load(cli_ci_rules *r, const cli_policyset *ps, const char *const *juris,
		      int njuris, gk_error *err)
{
	gk_policy *p = NULL;
	const char *root;
	size_t rootlen;
	int rc, n;

	memset(r, 0, sizeof(*r));
	if ((rc = gk_policy_load(ps->bundle, ps->cal, NULL, &p, err)))
		return rc;
	n = gk_policy_nrules(p);
	if (!(r->v = calloc((size_t)n + 1, sizeof(*r->v)))) {
		gk_policy_free(p);
		return GK_OOM(err);
	}
	r->p = p;
	r->b = ps->bundle;
	root = gk_source_root(ps->src);
	rootlen = strlen(root);
	for (int i = 0; i < n; i++) {
		const gk_rule *g = gk_policy_rule(p, i);
		const char *jn = g->juris < 0 ? "baseline" : gk_bundle_juris(ps->bundle, g->juris);
		int in = g->juris < 0 || njuris == 0;
		cli_ci_rule *c;

		for (int k = 0; k < njuris && !in; k++)
			in = strcmp(juris[k], jn) == 0;
		if (g->type == GK_RULE_DISABLE || !in)
			continue;
		c = &r->v[r->n++];
		c->id = g->id;
		c->juris = jn;
		c->j = g->juris;
		c->index = i;
		c->category = gk_category_names[g->category];
		c->severity = gk_severity_names[g->severity];
		c->message = g->message;
		c->basis = g->basis;
		/* The file as the policy set names it, wherever it is. */
		c->file = g->file;
		if (strncmp(c->file, root, rootlen) == 0 && c->file[rootlen] == '/')
			c->file += rootlen + 1;
		c->line = g->line;
	}
	for (int i = 0; i < r->n; i++) {
		cli_ci_rule *c = &r->v[i];
		int twin = 0;

		for (int k = 0; k < r->n && !twin; k++)
			twin = k != i && strcmp(r->v[k].id, c->id) == 0;
		if (twin && c->j >= 0)
			snprintf(c->sarif_id, sizeof(c->sarif_id), "%s/%s", c->id, c->juris);
		else
			snprintf(c->sarif_id, sizeof(c->sarif_id), "%s", c->id);
	}
	return 0;
}

void cli_ci_rules_free(cli_ci_rules *r)
{
	free(r->v);
	gk_policy_free(r->p);
	memset(r, 0, sizeof(*r));
}

int cli_ci_rule_of(const cli_ci_rules *r, const char *juris, const char *rule)
{
	int base = -1;

	for (int i = 0; i < r->n; i++) {
		if (strcmp(r->v[i].id, rule) != 0)
			continue;
		if (r->v[i].j < 0)
			base = i;
		else if (juris && strcmp(r->v[i].juris, juris) == 0)
			return i;
	}
	return base;
}

/* ---- SARIF --------------------------------------------------------------------- */

const char *cli_sarif_level(const char *severity)
{
	if (severity && strcmp(severity, "notice") == 0)
		return "note";
	return "error";
}

/* A finding's severity: "violation" or "notice". */
static const char *severity_of(const gk_finding *f)
{
	return gk_severity_names[gk_finding_severity(f)];
}

static void jkey(FILE *out, const char *sep, const char *key, const char *v)
{
	fprintf(out, "%s\"%s\": ", sep, key);
	cli_json_str(out, v);
}

/* jkey with a formatted value ("" when it cannot be made). */
static void jkeyf(FILE *out, const char *sep, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void jkeyf(FILE *out, const char *sep, const char *key, const char *fmt, ...)
{
	va_list ap;
	char *v = NULL;

	va_start(ap, fmt);
	if (vasprintf(&v, fmt, ap) < 0)
		v = NULL;
	va_end(ap);
	jkey(out, sep, key, v ? v : "");
	free(v);
}

void cli_sarif_head(FILE *out, const cli_ci_rules *r, const gk_run_info *info)
{
	char asof[GK_DATE_LEN + 1];

	gk_date_format(info->as_of, asof);
	fputs("{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	      " \"version\": \"2.1.0\",\n"
	      " \"runs\": [{\n"
	      "  \"tool\": {\"driver\": {\"name\": \"gongkai\"", out);
	jkey(out, ", ", "version", cli_version);
	jkey(out, ", ", "semanticVersion", cli_version);
	fputs(", \"rules\": [", out);
	for (int i = 0; i < r->n; i++) {
		const cli_ci_rule *c = &r->v[i];
		const char *text = c->message ? c->message : c->id;

		fprintf(out, "%s\n    {", i ? "," : "");
		jkey(out, "", "id", c->sarif_id);
		jkeyf(out, ", ", "name", "%s.%s", c->juris, c->id);
		fputs(", \"shortDescription\": {", out);
		jkey(out, "", "text", text);
		/* The sentence, then the clause it rests on. */
		fputs("}, \"fullDescription\": {", out);
		jkeyf(out, "", "text", "%s（依据：%s）", text, c->basis ? c->basis : "");
		fputs("}, \"help\": {", out);
		jkey(out, "", "text", c->basis);
		fprintf(out, "}, \"defaultConfiguration\": {\"level\": \"%s\"}",
			cli_sarif_level(c->severity));
		fputs(", \"properties\": {", out);
		jkey(out, "", "jurisdiction", c->juris);
		jkey(out, ", ", "category", c->category);
		jkey(out, ", ", "basis", c->basis);
		jkey(out, ", ", "file", c->file);
		fprintf(out, ", \"line\": %d, \"tags\": [", c->line);
		cli_json_str(out, c->category);
		fputs("]}}", out);
	}
	fputs("\n  ]}},\n  \"automationDetails\": {", out);
	/* category/instance: the category (up to the last '/') names what is
	 * scanned, so a consumer compares tonight's run with last night's of
	 * the same scope. */
	jkeyf(out, "", "id", "gongkai/%s/%lld", info->scope, (long long)info->id);
	fputs("},\n  \"invocations\": [{\"executionSuccessful\": true", out);
	if (info->started_at[0])
		jkey(out, ", ", "startTimeUtc", info->started_at);
	if (info->finished_at[0])
		jkey(out, ", ", "endTimeUtc", info->finished_at);
	fprintf(out, ", \"properties\": {\"run_id\": %lld", (long long)info->id);
	jkey(out, ", ", "as_of", asof);
	jkey(out, ", ", "policy_source", info->policy_source);
	jkey(out, ", ", "policy_revision", info->policy_revision);
	jkey(out, ", ", "policy_digest", info->policy_digest);
	jkey(out, ", ", "scope", info->scope);
	fprintf(out, ", \"uncommitted\": %s}}],\n  \"columnKind\": \"unicodeCodePoints\",\n"
		"  \"results\": [", strcmp(info->policy_revision, "worktree") ? "false" : "true");
}

char *cli_sarif_key(const gk_finding *f)
{
	char *id = NULL;
	int n;

	/* What makes two nights' findings the same one (the baseline's key,
	 * engine/run/classify.c): jurisdiction, rule, category, record or
	 * period, and a periodic duty's unit. */
	if (!f->record_id && f->unit)
		n = asprintf(&id, "%s/%s/%s//%s/%s", f->jurisdiction, f->rule, f->category,
			     f->period ? f->period : "", f->unit);
	else
		n = asprintf(&id, "%s/%s/%s/%s/%s", f->jurisdiction, f->rule, f->category,
			     f->record_id ? f->record_id : "", f->period ? f->period : "");
	return n < 0 ? NULL : id;
}

void cli_sarif_result(FILE *out, const gk_finding *f, const cli_ci_rules *r, const char *key,
		      int occurrence)
{
	char due[GK_DATE_LEN + 1];
	int ri = cli_ci_rule_of(r, f->jurisdiction, f->rule);
	const char *what = f->record_id ? f->record_id : f->period ? f->period : "";

	fputs("\n    {", out);
	jkey(out, "", "ruleId", ri >= 0 ? r->v[ri].sarif_id : f->rule);
	if (ri >= 0)
		fprintf(out, ", \"ruleIndex\": %d", ri);
	fprintf(out, ", \"level\": \"%s\", \"message\": {", cli_sarif_level(severity_of(f)));
	jkey(out, "", "text", f->message);
	fputs("},\n     \"locations\": [{\"logicalLocations\": [{", out);
	jkey(out, "", "name", what);
	jkeyf(out, ", ", "fullyQualifiedName", "%s/%s%s", f->jurisdiction,
	      f->record_id ? "" : "period:", what);
	fputs(", \"kind\": \"object\"}]}],\n     \"partialFingerprints\": {", out);
	if (occurrence > 1)
		jkeyf(out, "", "gongkaiFinding/v1", "%s:%d", key, occurrence);
	else
		jkey(out, "", "gongkaiFinding/v1", key);
	fputs("}", out);
	if (f->waiver) {
		fputs(",\n     \"suppressions\": [{\"kind\": \"external\", \"status\": \"accepted\"", out);
		jkey(out, ", ", "justification", f->waiver);
		fputs("}]", out);
	}
	fputs(",\n     \"properties\": {", out);
	jkey(out, "", "jurisdiction", f->jurisdiction);
	jkey(out, ", ", "category", f->category);
	jkey(out, ", ", "status", f->status);
	jkey(out, ", ", "first_seen", f->first_seen);
	if (f->status && f->first_seen)
		fprintf(out, ", \"days_open\": %d", f->days_open);
	jkey(out, ", ", "unit", f->unit);
	jkey(out, ", ", "due_on", f->has_due ? (gk_date_format(f->due_on, due), due) : NULL);
	jkey(out, ", ", "period", f->period);
	jkey(out, ", ", "title", f->title);
	jkey(out, ", ", "basis", f->basis);
	fprintf(out, ", \"provisional\": %s}}", f->provisional ? "true" : "false");
}

void cli_sarif_tail(FILE *out, const gk_run_info *info)
{
	(void)info;
	fputs("\n  ]\n }]\n}\n", out);
}

/* ---- XML ---------------------------------------------------------------------- */

/* The length of the UTF-8 sequence at s, 0 when it is none. */
static int utf8_len(const unsigned char *s)
{
	int n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 :
		(s[0] & 0xf8) == 0xf0 ? 4 : 0;
	unsigned cp;

	if (n <= 1)
		return n;
	cp = s[0] & (0x7f >> n);
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, past U+10FFFF, and U+FFFE / U+FFFF,
	 * which XML 1.0 does not allow. */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff || cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

void cli_xml_str(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (p && *p) {
		int n = utf8_len(p);

		if (n == 1) {
			switch (*p) {
			case '&': fputs("&amp;", out); break;
			case '<': fputs("&lt;", out); break;
			case '>': fputs("&gt;", out); break;
			case '"': fputs("&quot;", out); break;
			case '\'': fputs("&apos;", out); break;
			/* In an attribute a newline would be read as a space. */
			case '\n': fputs("&#10;", out); break;
			case '\r': fputs("&#13;", out); break;
			case '\t': fputs("&#9;", out); break;
			default:
				if (*p < 0x20 || *p == 0x7f)
					fputs("\xef\xbf\xbd", out);
				else
					fputc(*p, out);
			}
			p++;
		} else if (n) {
			fwrite(p, 1, (size_t)n, out);
			p += n;
		} else {
			fputs("\xef\xbf\xbd", out);
			p++;
		}
	}
}

/* ---- JUnit --------------------------------------------------------------------- */

static void xattr(FILE *out, const char *name, const char *v)
{
	fprintf(out, " %s=\"", name);
	cli_xml_str(out, v ? v : "");
	fputc('"', out);
}

/* The run's time as JUnit writes it: ISO 8601 without a zone. */
static void timestamp(FILE *out, const gk_run_info *info)
{
	char t[32];

	snprintf(t, sizeof(t), "%.19s", info->started_at);
	xattr(out, "timestamp", t);
}

void cli_junit_head(FILE *out, const gk_run_info *info, long tests, long failures,
		    long skipped)
{
	char name[64];

	snprintf(name, sizeof(name), "gongkai run %lld", (long long)info->id);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", out);
	xattr(out, "name", name);
	fprintf(out, " tests=\"%ld\" failures=\"%ld\" errors=\"0\" skipped=\"%ld\" time=\"0\"",
		tests, failures, skipped);
	timestamp(out, info);
	fputs(">\n", out);
}

void cli_junit_suite(FILE *out, const gk_run_info *info, const char *juris, long tests,
		     long failures, long skipped)
{
	char asof[GK_DATE_LEN + 1], id[32];

	gk_date_format(info->as_of, asof);
	snprintf(id, sizeof(id), "%lld", (long long)info->id);
	fputs("  <testsuite", out);
	xattr(out, "name", juris);
	fprintf(out, " tests=\"%ld\" failures=\"%ld\" errors=\"0\" skipped=\"%ld\" time=\"0\"",
		tests, failures, skipped);
	timestamp(out, info);
	fputs(">\n    <properties>\n", out);
	fputs("      <property name=\"run_id\"", out);
	xattr(out, "value", id);
	fputs("/>\n      <property name=\"as_of\"", out);
	xattr(out, "value", asof);
	fputs("/>\n      <property name=\"policy_revision\"", out);
	xattr(out, "value", info->policy_revision);
	fputs("/>\n      <property name=\"jurisdiction_name\"", out);
	xattr(out, "value", cli_juris_name(juris));
	fputs("/>\n    </properties>\n", out);
}

void cli_junit_case(FILE *out, const gk_finding *f, int failing)
{
	char due[GK_DATE_LEN + 1] = "";

	if (f->has_due)
		gk_date_format(f->due_on, due);
	fprintf(out, "    <testcase classname=\"");
	cli_xml_str(out, f->jurisdiction);
	fputc('.', out);
	cli_xml_str(out, f->rule);
	fputs("\" name=\"", out);
	cli_xml_str(out, f->rule);
	fputc(' ', out);
	cli_xml_str(out, f->record_id ? f->record_id : f->period ? f->period : "");
	if (!f->record_id && f->unit) {
		fputc(' ', out);
		cli_xml_str(out, f->unit);
	}
	fputs("\" time=\"0\">\n", out);
	if (f->waiver) {
		fputs("      <skipped", out);
		xattr(out, "message", f->waiver);
		fputs("/>\n", out);
	} else if (failing) {
		fputs("      <failure", out);
		xattr(out, "message", f->message);
		xattr(out, "type", f->category);
		fputs(">", out);
	}
	/* What an officer needs to act on it, in the body (Chinese, as the
	 * finding is). */
	{
		FILE *o = out;

		if (!failing)
			fprintf(o, "      <system-out>%s", f->waiver ? "" :
				gk_finding_severity(f) == GK_SEV_NOTICE ? "提示：" : "");
		cli_xml_str(o, f->message);
		if (f->title) {
			fputs("&#10;标题：", o);
			cli_xml_str(o, f->title);
		}
		fputs("&#10;责任单位：", o);
		cli_xml_str(o, f->unit ? f->unit : "（未指明）");
		if (*due) {
			fputs("&#10;期限：", o);
			cli_xml_str(o, due);
		}
		if (f->first_seen) {
			fputs("&#10;首次发现：", o);
			cli_xml_str(o, f->first_seen);
		}
		fputs("&#10;依据：", o);
		cli_xml_str(o, f->basis);
		if (f->waiver) {
			fputs("&#10;豁免：", o);
			cli_xml_str(o, f->waiver);
		}
		fputs(failing ? "</failure>\n" : "</system-out>\n", o);
	}
	fputs("    </testcase>\n", out);
}

long cli_junit_passing(FILE *out, const cli_ci_rules *r, int j, const unsigned char *hit,
		       int write)
{
	long n = 0;
	const char *jn = gk_bundle_juris(r->b, j);

	for (int i = 0; i < r->n; i++) {
		const cli_ci_rule *c = &r->v[i];

		if ((c->j >= 0 && c->j != j) || hit[i] || !gk_policy_in_force(r->p, c->index, j))
			continue;
		n++;
		if (!write)
			continue;
		fputs("    <testcase classname=\"", out);
		cli_xml_str(out, jn);
		fputc('.', out);
		cli_xml_str(out, c->id);
		fputs("\" name=\"", out);
		cli_xml_str(out, c->id);
		fputs("\" time=\"0\"/>\n", out);
	}
	return n;
}

void cli_junit_suite_end(FILE *out)
{
	fputs("  </testsuite>\n", out);
}

void cli_junit_tail(FILE *out)
{
	fputs("</testsuites>\n", out);
}

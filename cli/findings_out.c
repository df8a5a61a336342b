/*
 * findings_out.c - writing findings out (see findings_out.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/buf.h"
#include "../stores/db/feedback.h"
#include "ci_out.h"
#include "findings_out.h"

/* ---- one finding ---------------------------------------------------------- */

static const char *due_of(const gk_finding *f, char *buf)
{
	if (!f->has_due)
		return NULL;
	gk_date_format(f->due_on, buf);
	return buf;
}

/* days_open applies to a finding (with a first-seen date), days_left to
 * an early warning. */
static int has_days_open(const gk_finding *f)
{
	return !gk_finding_is_due(f) && f->first_seen;
}

void cli_finding_csv_header(FILE *out)
{
	fputs("run_id,status,record_id,title,jurisdiction,unit,rule,category,severity,due_on,period,"
	      "first_seen,days_open,days_left,message,basis,waiver,provisional,feedback,fixed_on,"
	      "feedback_note,fixed_but_found,policy_revision\r\n", out);
}

void cli_finding_csv(FILE *out, const gk_finding *f, const cli_out_ctx *cx)
{
	char due[GK_DATE_LEN + 1];
	const char *const text[] = {
		f->status, f->record_id, f->title, f->jurisdiction, f->unit, f->rule, f->category,
		gk_severity_names[gk_finding_severity(f)], due_of(f, due), f->period, f->first_seen,
	};

	fprintf(out, "%lld", (long long)f->run_id);
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		fputc(',', out);
		cli_csv_str(out, text[i]);
	}
	fputc(',', out);
	if (has_days_open(f))
		fprintf(out, "%d", f->days_open);
	fputc(',', out);
	if (gk_finding_is_due(f))
		fprintf(out, "%d", f->days_left);
	fputc(',', out);
	cli_csv_str(out, f->message);
	fputc(',', out);
	cli_csv_str(out, f->basis);
	fputc(',', out);
	cli_csv_str(out, f->waiver);
	fputs(f->provisional ? ",true," : ",false,", out);
	cli_csv_str(out, f->fb_status);
	fputc(',', out);
	cli_csv_str(out, f->fb_date);
	fputc(',', out);
	cli_csv_str(out, f->fb_note);
	fprintf(out, ",%d,", gk_feedback_disputed(f));
	cli_csv_str(out, cx ? cx->policy_revision : NULL);
	fputs("\r\n", out);
}

static void json_key(FILE *out, const char *key, const char *v)
{
	fprintf(out, ", \"%s\": ", key);
	cli_json_str(out, v);
}

static void json_int(FILE *out, const char *key, int has, int v)
{
	if (has)
		fprintf(out, ", \"%s\": %d", key, v);
	else
		fprintf(out, ", \"%s\": null", key);
}

void cli_finding_json(FILE *out, const gk_finding *f, const cli_out_ctx *cx, int indent)
{
	char due[GK_DATE_LEN + 1];

	fprintf(out, "\n%*s{\"run_id\": %lld", indent, "", (long long)f->run_id);
	json_key(out, "status", f->status);
	json_key(out, "record_id", f->record_id);
	json_key(out, "title", f->title);
	json_key(out, "jurisdiction", f->jurisdiction);
	json_key(out, "unit", f->unit);
	json_key(out, "rule", f->rule);
	json_key(out, "category", f->category);
	json_key(out, "severity", gk_severity_names[gk_finding_severity(f)]);
	json_key(out, "due_on", due_of(f, due));
	json_key(out, "period", f->period);
	json_key(out, "first_seen", f->first_seen);
	json_int(out, "days_open", has_days_open(f), f->days_open);
	json_int(out, "days_left", gk_finding_is_due(f), f->days_left);
	json_key(out, "message", f->message);
	json_key(out, "basis", f->basis);
	json_key(out, "waiver", f->waiver);
	fprintf(out, ", \"provisional\": %s", f->provisional ? "true" : "false");
	fputs(", \"feedback\": ", out);
	if (f->fb_status) {
		fputs("{\"status\": ", out);
		cli_json_str(out, f->fb_status);
		fputs(", \"fixed_on\": ", out);
		cli_json_str(out, f->fb_date);
		fputs(", \"note\": ", out);
		cli_json_str(out, f->fb_note);
		fprintf(out, ", \"run_id\": %lld}", (long long)f->fb_run);
	} else {
		fputs("null", out);
	}
	fprintf(out, ", \"fixed_but_found\": %s", gk_feedback_disputed(f) ? "true" : "false");
	json_key(out, "policy_revision", cx ? cx->policy_revision : NULL);
	fputc('}', out);
}

/* A notice says so before anything else on its line; a violation, as
 * every finding was before rules had a severity, carries no tag. */
static const char *severity_tag(const gk_finding *f)
{
	return gk_finding_severity(f) == GK_SEV_NOTICE ? "[提示] " : "";
}

static const char *status_tag(const gk_finding *f, char *buf, size_t n)
{
	if (!f->status)
		return "";
	if (strcmp(f->status, GK_STATUS_NEW) == 0)
		return "  [新增]";
	snprintf(buf, n, "  [持续 %d 天，自 %s]", f->days_open, f->first_seen);
	return buf;
}

/* The text's category: its Chinese label in Chinese (时限), else its id. */
static const char *category_shown(const char *category)
{
	return cli_lang_zh() ? cli_category_label(category) : category;
}

void cli_finding_text_run(FILE *out, const gk_finding *f)
{
	char due[GK_DATE_LEN + 1] = "", tag[64];

	due_of(f, due);
	fprintf(out, "%s%s  %s  %s  %s%s%s%s%s%s\n    %s\n    依据：%s\n", severity_tag(f),
		f->record_id ? f->record_id : "-", cli_juris_shown(f->jurisdiction), f->rule,
		category_shown(f->category),
		*due ? "  期限 " : "", due, f->provisional ? "（暂定）" : "",
		f->waiver ? "  [已豁免]" : "", status_tag(f, tag, sizeof(tag)), f->message, f->basis);
	if (f->provisional)
		fputs("    暂定：期限按推算的暂定日历计算（未含调休），国务院办公厅通知发布后"
		      "可能变化\n", out);
	if (f->waiver)
		fprintf(out, "    豁免：%s\n", f->waiver);
}

void cli_due_text_run(FILE *out, const gk_finding *f)
{
	char due[GK_DATE_LEN + 1];

	gk_date_format(f->due_on, due);
	fprintf(out, "%s%s  %s  %s  期限 %s%s  还剩 %d 个工作日\n    %s\n    依据：%s\n",
		severity_tag(f), f->record_id, cli_juris_shown(f->jurisdiction), f->rule, due,
		f->provisional ? "（暂定）" : "",
		f->days_left, f->message, f->basis);
}

static const char *status_label(const char *s)
{
	const char *l = cli_status_label(s);

	return l ? l : "-";
}

void cli_finding_text_list(FILE *out, const gk_finding *f)
{
	char due[GK_DATE_LEN + 1] = "";
	int due_soon = gk_finding_is_due(f), disputed = gk_feedback_disputed(f);

	due_of(f, due);
	fprintf(out, "[%s] %s%s  %s  %s  %s%s%s%s\n", status_label(f->status), severity_tag(f),
		f->record_id ? f->record_id : (f->period ? f->period : "-"),
		cli_juris_shown(f->jurisdiction), f->rule, category_shown(f->category),
		*due ? "  期限 " : "", due, f->provisional ? "（暂定）" : "");
	if (f->title)
		fprintf(out, "    %s\n", f->title);
	fprintf(out, "    %s\n", f->message);
	fprintf(out, "    责任单位：%s", f->unit ? f->unit : "（未指明）");
	if (!due_soon && f->first_seen)
		fprintf(out, "；首次发现 %s，已 %d 天\n", f->first_seen, f->days_open);
	else
		fputc('\n', out);
	fprintf(out, "    依据：%s\n", f->basis);
	if (f->waiver)
		fprintf(out, "    豁免：%s\n", f->waiver);
	if (f->fb_status) {
		fprintf(out, "    %s%s%s%s%s%s%s（第 %lld 次检查的工作清单）\n",
			disputed ? "注意：责任单位报" : "整改反馈", disputed ? "" : "：", f->fb_status,
			f->fb_date ? " " : "", f->fb_date ? f->fb_date : "", f->fb_note ? "，" : "",
			f->fb_note ? f->fb_note : "", (long long)f->fb_run);
		if (disputed)
			fputs("    本次检查仍不合规，请核实整改情况\n", out);
	}
}

/* ---- a run's printer -------------------------------------------------------- */

/* What one lane printed: its findings and its early warnings, each a
 * file of its own (created when first needed). */
struct spill {
	FILE *f[2];
	long n[2];
	/* JUnit: a file of testcases per jurisdiction of the bundle, and
	 * their failures and skipped ones (waived). */
	FILE **fj;
	long *nfail, *nskip, *npass;
	/* SARIF: the identity of the lane's last finding and how many of
	 * its record's findings had it (a record's come one after another). */
	char *key;
	int occurrence;
};

struct cli_printer {
	gk_sink sink;
	enum cli_format fmt;
	cli_out_ctx cx;
	int64_t run_id;
	struct spill *lanes;
	int nlanes;
	int failed;               /* a lane could not write */
	/* SARIF and JUnit: the rules (cli_printer_set_rules), and which
	 * found something in which jurisdiction (hit[j * rules->n + i], set
	 * by any lane, only ever to 1). */
	const cli_ci_rules *rules;
	int njuris;
	unsigned char *hit;
	int fail_on;              /* JUnit: the least severity that fails */
};

static int printer_start(gk_sink *s, gk_run_info *info, int lanes, gk_error *err)
{
	cli_printer *p = s->ud;

	p->run_id = info->id;
	p->cx.policy_revision = info->policy_revision;
	p->nlanes = lanes + 1;
	if (!(p->lanes = calloc((size_t)p->nlanes, sizeof(*p->lanes))))
		return GK_OOM(err);
	for (int i = 0; p->fmt == CLI_JUNIT && i < p->nlanes; i++) {
		struct spill *sp = &p->lanes[i];
		size_t n = (size_t)p->njuris + 1;

		if (!(sp->fj = calloc(n, sizeof(*sp->fj))) ||
		    !(sp->nfail = calloc(n, sizeof(long))) || !(sp->nskip = calloc(n, sizeof(long))) ||
		    !(sp->npass = calloc(n, sizeof(long))))
			return GK_OOM(err);
	}
	return 0;
}

/* JUnit: the lane's testcase of f, into its jurisdiction's file. */
static int junit_put(cli_printer *p, struct spill *sp, const gk_finding *f, gk_error *err)
{
	int j = gk_bundle_juris_index(p->rules->b, f->jurisdiction, strlen(f->jurisdiction));
	int ri = cli_ci_rule_of(p->rules, f->jurisdiction, f->rule);
	int failing;

	if (j < 0)
		return gk_error_set(err, GK_EINVAL, "cannot print the run: jurisdiction '%s' is "
				    "not in the policy set", f->jurisdiction);
	if (!sp->fj[j] && !(sp->fj[j] = tmpfile()))
		return gk_error_set(err, GK_EIO, "cannot print the run: cannot create a "
				    "temporary file: %s", strerror(errno));
	if (ri >= 0)
		__atomic_store_n(&p->hit[(size_t)j * (size_t)p->rules->n + (size_t)ri], 1,
				 __ATOMIC_RELAXED);
	/* A finding --fail-on does not count (a notice, by default) passes:
	 * the CI job agrees with the run's exit status. */
	failing = !f->waiver && (int)gk_finding_severity(f) >= p->fail_on;
	cli_junit_case(sp->fj[j], f, failing);
	if (f->waiver)
		sp->nskip[j]++;
	else if (failing)
		sp->nfail[j]++;
	else
		sp->npass[j]++;
	sp->n[0]++;
	if (ferror(sp->fj[j]))
		return gk_error_set(err, GK_EIO, "cannot print the run: cannot write a temporary "
				    "file: %s", strerror(errno));
	return 0;
}

/* Called from the lane's own thread: only its own spill is touched. */
static int printer_put(gk_sink *s, int lane, gk_finding *f, gk_error *err)
{
	cli_printer *p = s->ud;
	int due = gk_finding_is_due(f);
	struct spill *sp = &p->lanes[lane];
	FILE *out;

	if (f->status && strcmp(f->status, GK_STATUS_RESOLVED) == 0)
		return 0;
	if (due && p->fmt != CLI_TEXT && p->fmt != CLI_JSON)
		return 0;           /* CSV is one finding a row; SARIF and JUnit
				       have findings only */
	f->run_id = p->run_id;
	if (p->fmt == CLI_JUNIT)
		return junit_put(p, sp, f, err);
	if (!(out = sp->f[due]) && !(out = sp->f[due] = tmpfile()))
		return gk_error_set(err, GK_EIO, "cannot print the run: cannot create a "
				    "temporary file: %s", strerror(errno));
	f->run_id = p->run_id;
	switch (p->fmt) {
	case CLI_TEXT:
		if (due)
			cli_due_text_run(out, f);
		else
			cli_finding_text_run(out, f);
		break;
	case CLI_JSON:
		fputc(',', out);
		cli_finding_json(out, f, &p->cx, 4);
		break;
	case CLI_CSV:
		cli_finding_csv(out, f, &p->cx);
		break;
	case CLI_SARIF: {
		char *key = cli_sarif_key(f);

		if (!key)
			return GK_OOM(err);
		sp->occurrence = sp->key && strcmp(sp->key, key) == 0 ? sp->occurrence + 1 : 1;
		free(sp->key);
		sp->key = key;
		fputc(',', out);
		cli_sarif_result(out, f, p->rules, key, sp->occurrence);
		break;
	}
	case CLI_JUNIT:       /* junit_put */
	case CLI_TAP:         /* not a run's */
		break;
	}
	sp->n[due]++;
	if (ferror(out))
		return gk_error_set(err, GK_EIO, "cannot print the run: cannot write a temporary "
				    "file: %s", strerror(errno));
	return 0;
}

static int printer_finish(gk_sink *s, gk_run_info *info, gk_error *err)
{
	(void)s;
	(void)info;
	(void)err;
	return 0;
}

int cli_printer_new(cli_printer **out, enum cli_format fmt, int fail_on, gk_error *err)
{
	cli_printer *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (!p)
		return GK_OOM(err);
	p->fmt = fmt;
	p->fail_on = fail_on;
	p->sink.start = printer_start;
	p->sink.put = printer_put;
	p->sink.finish = printer_finish;
	p->sink.parallel = 1;
	p->sink.ud = p;
	*out = p;
	return 0;
}

int cli_printer_set_rules(cli_printer *p, const cli_ci_rules *r, gk_error *err)
{
	p->rules = r;
	p->njuris = gk_bundle_njuris(r->b);
	free(p->hit);
	if (!(p->hit = calloc((size_t)p->njuris * (size_t)r->n + 1, 1)))
		return GK_OOM(err);
	return 0;
}

gk_sink *cli_printer_sink(cli_printer *p)
{
	return &p->sink;
}

int cli_printer_copy(cli_printer *p, int due, FILE *out, long *n, gk_error *err)
{
	char buf[65536];
	int first = 1;

	*n = 0;
	for (int i = 0; i < p->nlanes; i++) {
		FILE *f = p->lanes[i].f[due];
		size_t got;

		if (!f)
			continue;
		*n += p->lanes[i].n[due];
		if (fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0)
			return gk_error_set(err, GK_EIO, "cannot print the run: %s", strerror(errno));
		while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
			size_t skip = first && (p->fmt == CLI_JSON || p->fmt == CLI_SARIF) &&
				      buf[0] == ',';

			fwrite(buf + skip, 1, got - skip, out);
			first = 0;
		}
		if (ferror(f))
			return gk_error_set(err, GK_EIO, "cannot print the run: %s", strerror(errno));
	}
	return 0;
}

/* Copy f's content to out from its start. */
static int copy_file(FILE *f, FILE *out, gk_error *err)
{
	char buf[65536];
	size_t got;

	if (fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0)
		return gk_error_set(err, GK_EIO, "cannot print the run: %s", strerror(errno));
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, got, out);
	if (ferror(f))
		return gk_error_set(err, GK_EIO, "cannot print the run: %s", strerror(errno));
	return 0;
}

int cli_printer_junit(cli_printer *p, FILE *out, const gk_run_info *info,
		      const char *const *scope, int nscope, gk_error *err)
{
	long tests = 0, failures = 0, skipped = 0;
	int rc;

	/* Twice over the suites: the totals first, as the document's start
	 * gives them, then each suite. */
	for (int pass = 0; pass < 2; pass++) {
		if (pass)
			cli_junit_head(out, info, tests, failures, skipped);
		for (int s = 0; s < nscope; s++) {
			int j = gk_bundle_juris_index(p->rules->b, scope[s], strlen(scope[s]));
			long nf = 0, ns = 0, np, nq = 0;

			if (j < 0)
				continue;
			for (int i = 0; i < p->nlanes; i++) {
				nf += p->lanes[i].nfail[j];
				ns += p->lanes[i].nskip[j];
				nq += p->lanes[i].npass[j];
			}
			np = cli_junit_passing(out, p->rules, j, p->hit + (size_t)j * (size_t)p->rules->n,
					       0);
			if (!pass) {
				tests += nf + ns + np + nq;
				failures += nf;
				skipped += ns;
				continue;
			}
			cli_junit_suite(out, info, scope[s], nf + ns + np + nq, nf, ns);
			for (int i = 0; i < p->nlanes; i++)
				if (p->lanes[i].fj[j] && (rc = copy_file(p->lanes[i].fj[j], out, err)))
					return rc;
			cli_junit_passing(out, p->rules, j, p->hit + (size_t)j * (size_t)p->rules->n, 1);
			cli_junit_suite_end(out);
		}
	}
	cli_junit_tail(out);
	return 0;
}

void cli_printer_free(cli_printer *p)
{
	if (!p)
		return;
	for (int i = 0; p->lanes && i < p->nlanes; i++) {
		struct spill *sp = &p->lanes[i];

		for (int k = 0; k < 2; k++)
			if (sp->f[k])
				fclose(sp->f[k]);
		for (int j = 0; sp->fj && j <= p->njuris; j++)
			if (sp->fj[j])
				fclose(sp->fj[j]);
		free(sp->fj);
		free(sp->nfail);
		free(sp->nskip);
		free(sp->npass);
		free(sp->key);
	}
	free(p->lanes);
	free(p->hit);
	free(p);
}

/* ---- findings kept for a report ----------------------------------------------- */

enum {
	K_RECORD, K_JURIS, K_RULE, K_CATEGORY, K_MESSAGE, K_BASIS, K_PERIOD, K_WAIVER, K_UNIT,
	K_STATUS, K_FIRST, K_TITLE, K_FB_STATUS, K_FB_DATE, K_FB_NOTE, NKEPT
};

#define NONE ((size_t)-1)

struct cli_kept {
	gk_finding f;             /* strings: NULL here, offsets in s[] */
	size_t s[NKEPT];
	int group;                /* 0 open, 1 resolved, 2 due soon */
};

static const char **kept_field(gk_finding *f, int k)
{
	switch (k) {
	case K_RECORD: return &f->record_id;
	case K_JURIS: return &f->jurisdiction;
	case K_RULE: return &f->rule;
	case K_CATEGORY: return &f->category;
	case K_MESSAGE: return &f->message;
	case K_BASIS: return &f->basis;
	case K_PERIOD: return &f->period;
	case K_WAIVER: return &f->waiver;
	case K_UNIT: return &f->unit;
	case K_STATUS: return &f->status;
	case K_FIRST: return &f->first_seen;
	case K_TITLE: return &f->title;
	case K_FB_STATUS: return &f->fb_status;
	case K_FB_DATE: return &f->fb_date;
	default: return &f->fb_note;
	}
}

int cli_finding_list_add(cli_finding_list *l, const gk_finding *f, gk_error *err)
{
	cli_kept *k;
	gk_finding copy = *f;

	/* The name, not the caller's string: it outlives the row it came from. */
	copy.severity = gk_severity_names[gk_finding_severity(f)];
	if (GK_GROW(l->v, l->n, l->cap))
		return GK_OOM(err);
	k = &l->v[l->n];
	k->group = gk_finding_is_due(f) ? 2 :
		   f->status && strcmp(f->status, GK_STATUS_RESOLVED) == 0 ? 1 : 0;
	for (int i = 0; i < NKEPT; i++) {
		const char **p = kept_field(&copy, i);

		k->s[i] = NONE;
		if (*p) {
			k->s[i] = l->text.len;
			if (gk_buf_add(&l->text, *p, strlen(*p) + 1))
				return GK_OOM(err);
		}
		*p = NULL;
	}
	k->f = copy;
	l->n++;
	return 0;
}

static const char *kept_str(const cli_finding_list *l, const cli_kept *k, int i)
{
	return k->s[i] == NONE ? NULL : l->text.p + k->s[i];
}

/* qsort has no context: the text the kept strings are in, per sort (a
 * report is written by one thread). */
static const cli_finding_list *sorting;

static int by_listing(const void *a, const void *b)
{
	const cli_kept *x = a, *y = b;
	const char *px, *py;
	int c;

	if (x->group != y->group)
		return x->group - y->group;
	if (x->f.seq != y->f.seq)
		return x->f.seq < y->f.seq ? -1 : 1;
	if ((c = strcmp(kept_str(sorting, x, K_RULE), kept_str(sorting, y, K_RULE))))
		return c;
	px = kept_str(sorting, x, K_PERIOD);
	py = kept_str(sorting, y, K_PERIOD);
	if (x->group != 2 && (!px != !py))
		return px ? 1 : -1;   /* no period first, as NULL in SQL */
	if (x->group != 2 && px && (c = strcmp(px, py)))
		return c;
	return (x->f.id > y->f.id) - (x->f.id < y->f.id);
}

void cli_finding_list_sort(cli_finding_list *l)
{
	if (l->n < 2)
		return;
	sorting = l;
	qsort(l->v, l->n, sizeof(*l->v), by_listing);
	sorting = NULL;
}

int cli_finding_list_each(const cli_finding_list *l, gk_finding_fn fn, void *ud, gk_error *err)
{
	int rc = 0;

	for (size_t i = 0; i < l->n && !rc; i++) {
		gk_finding f = l->v[i].f;

		for (int k = 0; k < NKEPT; k++)
			*kept_field(&f, k) = kept_str(l, &l->v[i], k);
		rc = fn(ud, &f, err);
	}
	return rc;
}

void cli_finding_list_release(cli_finding_list *l)
{
	free(l->v);
	gk_buf_release(&l->text);
	memset(l, 0, sizeof(*l));
}

/*
 * html.c - the auditors' report: one self-contained HTML file.
 *
 * What must be readable without JavaScript and on paper is static HTML
 * written here: the run (policy commit, as-of date, scope), the counts, the
 * counts by jurisdiction, category and unit, and the chart of the last runs
 * of the same scope (inline SVG drawn here).  The findings themselves (open,
 * resolved and due soon) go into one <script type="application/json"> block
 * that a small inline script pages through, 100 rows at a time, filtering and
 * sorting the array: the DOM stays small with 100,000 findings.  To keep the
 * file small every string is stored once in a table and a row is an array of
 * indexes into it; a message is split at its first "：" so the rule's
 * sentence before it is shared too.  The URL hash holds the filters
 * (report.html#status=new&jurisdiction=zezhou).  Nothing is loaded from
 * anywhere: no CDN, no fonts, no images; a Content-Security-Policy says so.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/buf.h"
#include "../../engine/calendar.h"
#include "../../stores/db/db.h"
#include "assets.h"
#include "../cli.h"
#include "../findings_out.h"
#include "../../engine/juris.h"
#include "../../engine/rules.h"
#include "../../stores/db/feedback.h"

#define CHART_RUNS 30        /* runs in the chart */
#define UNIT_ROWS 200        /* units listed in the summary table */
#define FULLWIDTH_COLON "\xEF\xBC\x9A"

/* ---- labels -------------------------------------------------------------- */

enum status { ST_NEW, ST_PERSISTING, ST_RESOLVED, ST_DUE_SOON, ST_UNKNOWN, NSTATUS };

static const char *const status_ids[NSTATUS] = {
	"new", "persisting", "resolved", "due_soon", "unknown",
};
static const char *const status_labels[NSTATUS] = {
	"新增", "持续", "已整改", "即将到期", "未比较",
};

#define NLABELS(a) (sizeof(a) / sizeof((a)[0]))

/* Jurisdictions without a Chinese name show their id. */
static const char *juris_label(const char *id)
{
	const char *name = gk_juris_name(id);

	return name ? name : id;
}

static const char *cat_label(const char *id)
{
	return cli_category_label(id);
}

static enum status status_of(const char *s)
{
	for (int i = 0; s && i < ST_UNKNOWN; i++)
		if (strcmp(s, status_ids[i]) == 0)
			return (enum status)i;
	return ST_UNKNOWN;
}

/* ---- the string table ---------------------------------------------------- */

struct pstr {
	char *s;
	size_t len;
	uint64_t h;
};

struct pool {
	struct pstr *v;
	size_t n, cap;
	int32_t *slot;            /* open addressing: index into v, -1 empty */
	size_t nslot;             /* a power of two */
};

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int pool_rehash(struct pool *p)
{
	size_t n = p->nslot ? p->nslot * 2 : 1024;
	int32_t *slot = malloc(sizeof(*slot) * n);

	if (!slot)
		return -1;
	memset(slot, 0xff, sizeof(*slot) * n);
	for (size_t i = 0; i < p->n; i++) {
		size_t k = p->v[i].h & (n - 1);

		while (slot[k] >= 0)
			k = (k + 1) & (n - 1);
		slot[k] = (int32_t)i;
	}
	free(p->slot);
	p->slot = slot;
	p->nslot = n;
	return 0;
}

/* The index of s[0..len) in the table, added when new; -1 for NULL. */
static int pool_add(struct pool *p, const char *s, size_t len, int32_t *out)
{
	uint64_t h;
	size_t k;

	*out = -1;
	if (!s)
		return 0;
	if ((p->n + 1) * 2 > p->nslot && pool_rehash(p))
		return -1;
	h = hash_bytes(s, len);
	for (k = h & (p->nslot - 1); p->slot[k] >= 0; k = (k + 1) & (p->nslot - 1)) {
		const struct pstr *e = &p->v[p->slot[k]];

		if (e->h == h && e->len == len && memcmp(e->s, s, len) == 0) {
			*out = p->slot[k];
			return 0;
		}
	}
	if (GK_GROW(p->v, p->n, p->cap))
		return -1;
	if (!(p->v[p->n].s = strndup(s, len)))
		return -1;
	p->v[p->n].len = len;
	p->v[p->n].h = h;
	p->slot[k] = (int32_t)p->n;
	*out = (int32_t)p->n++;
	return 0;
}

static int pool_str(struct pool *p, const char *s, int32_t *out)
{
	return pool_add(p, s, s ? strlen(s) : 0, out);
}

static void pool_free(struct pool *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].s);
	free(p->v);
	free(p->slot);
}

/* ---- what the report shows ----------------------------------------------- */

/* A row's columns, in the order of the JSON arrays (and of "cols" there). */
enum col {
	C_STATUS, C_RECORD, C_PERIOD, C_TITLE, C_JURIS, C_RULE, C_CAT, C_UNIT, C_DUE,
	C_FIRST, C_DAYS, C_HEAD, C_TAIL, C_BASIS, C_WAIVER, C_PROV, C_FEEDBACK, C_FIXED, C_SEV,
	NCOLS
};

static const char *const col_names[NCOLS] = {
	"status", "record", "period", "title", "jurisdiction", "rule", "category", "unit",
	"due", "first_seen", "days", "head", "tail", "basis", "waiver", "prov", "feedback",
	"fixed", "severity",
};

struct row {
	int32_t c[NCOLS];         /* string indexes; status and days are numbers */
};

/* Counts of one jurisdiction, category or unit. */
struct tally {
	const char *name;
	int32_t key;
	long n[NSTATUS];
};

struct tallies {
	struct tally *v;
	size_t n;
};

struct chart_run {
	int64_t id;
	gk_day as_of;
	long findings, n_new, n_persisting, n_resolved;
};

struct report {
	struct pool pool;
	struct row *rows;
	size_t nrows, cap;
	long count[NSTATUS];
	long waived;
	long notices;             /* open findings that are notices (提示) */
	long fixed_found;         /* answered 已整改 on an earlier list, still found */

	int64_t id;
	gk_run_info run;          /* from the runs list: counts, scope, layout */
	int listed;               /* run was in the list (it is finished) */
	char rev[128], src[512], base_asof[GK_DATE_LEN + 1];
	struct chart_run chart[CHART_RUNS];
	int nchart;               /* newest first */
	struct tallies by[3];     /* by jurisdiction, category, unit: as dims[] */
	long provisional;         /* open findings and warnings marked 暂定 */
	struct cli_coverage *cov; /* the coverage map of the run's policy set */
};

static long open_count(const long *n)
{
	return n[ST_NEW] + n[ST_PERSISTING] + n[ST_UNKNOWN];
}

static int row_strings(struct pool *p, const gk_finding *f, int32_t *c)
{
	char due[GK_DATE_LEN + 1];
	const char *colon = strstr(f->message, FULLWIDTH_COLON);
	int bad = 0;

	if (f->has_due)
		gk_date_format(f->due_on, due);
	bad |= pool_str(p, f->record_id, &c[C_RECORD]);
	bad |= pool_str(p, f->period, &c[C_PERIOD]);
	bad |= pool_str(p, f->title, &c[C_TITLE]);
	bad |= pool_str(p, f->jurisdiction, &c[C_JURIS]);
	bad |= pool_str(p, f->rule, &c[C_RULE]);
	bad |= pool_str(p, f->category, &c[C_CAT]);
	bad |= pool_str(p, gk_severity_names[gk_finding_severity(f)], &c[C_SEV]);
	bad |= pool_str(p, f->unit ? f->unit : CLI_NO_UNIT, &c[C_UNIT]);
	bad |= pool_str(p, f->has_due ? due : NULL, &c[C_DUE]);
	bad |= pool_str(p, f->first_seen, &c[C_FIRST]);
	bad |= pool_str(p, f->basis, &c[C_BASIS]);
	bad |= pool_str(p, f->waiver, &c[C_WAIVER]);
	c[C_FEEDBACK] = -1;
	if (f->fb_status) {
		char *fb = NULL;

		if (asprintf(&fb, "%s%s%s%s%s（第 %lld 次检查的工作清单）", f->fb_status,
			     f->fb_date ? " " : "", f->fb_date ? f->fb_date : "",
			     f->fb_note ? "，" : "", f->fb_note ? f->fb_note : "",
			     (long long)f->fb_run) < 0)
			return 1;
		bad |= pool_str(p, fb, &c[C_FEEDBACK]);
		free(fb);
	}
	/* The rule's sentence before the colon repeats; the details do not. */
	if (colon && colon > f->message) {
		bad |= pool_add(p, f->message, (size_t)(colon - f->message), &c[C_HEAD]);
		bad |= pool_str(p, colon + strlen(FULLWIDTH_COLON), &c[C_TAIL]);
	} else {
		c[C_HEAD] = -1;
		bad |= pool_str(p, f->message, &c[C_TAIL]);
	}
	return bad;
}

static int collect(void *ud, const gk_finding *f, gk_error *err)
{
	struct report *r = ud;
	struct row *w;
	enum status st = status_of(f->status);

	if (GK_GROW(r->rows, r->nrows, r->cap))
		return GK_OOM(err);
	w = &r->rows[r->nrows++];
	w->c[C_STATUS] = (int32_t)st;
	w->c[C_DAYS] = st == ST_DUE_SOON ? f->days_left : f->days_open;
	w->c[C_PROV] = f->provisional;   /* a number, like status and days */
	r->provisional += f->provisional && st != ST_RESOLVED;
	w->c[C_FIXED] = gk_feedback_disputed(f);
	r->fixed_found += w->c[C_FIXED];
	if (row_strings(&r->pool, f, w->c))
		return GK_OOM(err);
	r->count[st]++;
	r->waived += f->waiver && st != ST_RESOLVED && st != ST_DUE_SOON;
	r->notices += gk_finding_severity(f) == GK_SEV_NOTICE && st != ST_RESOLVED &&
		      st != ST_DUE_SOON;
	return 0;
}

static int on_run(void *ud, const gk_run_info *info, gk_error *err)
{
	struct report *r = ud;

	(void)err;
	if (info->id == r->id) {
		r->run = *info;
		r->run.policy_source = r->run.policy_revision = NULL;
		r->run.waivers = NULL;
		r->listed = 1;
	} else if (r->listed && r->run.baseline && info->id == r->run.baseline) {
		gk_date_format(info->as_of, r->base_asof);
	}
	if (info->id <= r->id && strcmp(info->scope, r->run.scope) == 0 &&
	    r->nchart < CHART_RUNS) {
		struct chart_run *c = &r->chart[r->nchart++];

		c->id = info->id;
		c->as_of = info->as_of;
		c->findings = info->findings;
		c->n_new = info->layout >= 3 ? info->n_new : -1;
		c->n_persisting = info->layout >= 3 ? info->n_persisting : -1;
		c->n_resolved = info->layout >= 3 ? info->n_resolved : -1;
	}
	return 0;
}

static int by_open(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;
	long nx = open_count(x->n), ny = open_count(y->n);

	if (nx != ny)
		return nx > ny ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Count the rows by column col (jurisdiction, category or unit). */
static int tally(struct report *r, enum col col, struct tallies *t, gk_error *err)
{
	int32_t *slot = malloc(sizeof(*slot) * (r->pool.n ? r->pool.n : 1));

	if (!slot || !(t->v = calloc(r->pool.n ? r->pool.n : 1, sizeof(*t->v)))) {
		free(slot);
		return GK_OOM(err);
	}
	memset(slot, 0xff, sizeof(*slot) * r->pool.n);
	for (size_t i = 0; i < r->nrows; i++) {
		int32_t k = r->rows[i].c[col];

		if (k < 0)
			continue;
		if (slot[k] < 0) {
			slot[k] = (int32_t)t->n;
			t->v[t->n].key = k;
			t->v[t->n++].name = r->pool.v[k].s;
		}
		t->v[slot[k]].n[r->rows[i].c[C_STATUS]]++;
	}
	free(slot);
	if (t->n)
		qsort(t->v, t->n, sizeof(*t->v), by_open);
	return 0;
}

/* The run from the runs' list, then its findings kept (in the order
 * gongkai findings lists them), counted. */
static int gather(gk_store *st, struct report *r, const cli_finding_list *kept, gk_error *err)
{
	int64_t last_import;
	int rc;

	if ((rc = gk_store_run_get(st, r->id, &r->run, &last_import, r->src, sizeof(r->src),
				   r->rev, sizeof(r->rev), err)))
		return rc;
	r->run.records = r->run.rules = r->run.waived = -1;
	if ((rc = gk_store_runs(st, 0, on_run, r, err)) ||
	    (rc = cli_finding_list_each(kept, collect, r, err)) ||
	    (rc = tally(r, C_JURIS, &r->by[0], err)) || (rc = tally(r, C_CAT, &r->by[1], err)) ||
	    (rc = tally(r, C_UNIT, &r->by[2], err)))
		return rc;
	return 0;
}

static void report_free(struct report *r)
{
	pool_free(&r->pool);
	free(r->rows);
	for (int i = 0; i < 3; i++)
		free(r->by[i].v);
}

/* ---- output helpers -------------------------------------------------------- */

/* Text for HTML content and quoted attributes. */
static void html(FILE *f, const char *s)
{
	const char *p;

	for (; s && *s; s = p + 1) {
		p = s + strcspn(s, "&<>\"'");
		fwrite(s, 1, (size_t)(p - s), f);
		switch (*p) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: return;
		}
	}
}

void cli_html_str(FILE *f, const char *s)
{
	html(f, s);
}

/*
 * A JSON string that is safe inside <script>: "<" (and ">", "&") are
 * escaped, so no "</script>" or "<!--" can appear, and so are U+2028 and
 * U+2029, line ends to older JavaScript.
 */
static void json(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *q;

	fputc('"', f);
	for (;;) {
		for (q = p; *q >= 0x20 && *q != '"' && *q != '\\' && *q != '<' && *q != '>' &&
			    *q != '&' && *q != 0xE2; q++)
			;
		fwrite(p, 1, (size_t)(q - p), f);
		if (!*q)
			break;
		if (*q == 0xE2 && q[1] == 0x80 && (q[2] == 0xA8 || q[2] == 0xA9)) {
			fprintf(f, "\\u%04x", q[2] == 0xA8 ? 0x2028 : 0x2029);
			q += 2;
		} else if (*q == 0xE2) {
			fputc(*q, f);
		} else if (*q == '"' || *q == '\\') {
			fputc('\\', f);
			fputc(*q, f);
		} else {
			fprintf(f, "\\u%04x", *q);
		}
		p = q + 1;
	}
	fputc('"', f);
}

/* A URL hash value: everything but unreserved ASCII percent-encoded. */
static void url(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~", *p))
			fputc(*p, f);
		else
			fprintf(f, "%%%02X", *p);
}

/* 107150 as "107,150". */
static const char *num(long v, char *buf, size_t n)
{
	char tmp[32];
	size_t len, k = 0;

	if (v < 0) {
		snprintf(buf, n, "—");
		return buf;
	}
	len = (size_t)snprintf(tmp, sizeof(tmp), "%ld", v);
	for (size_t i = 0; i < len && k + 2 < n; i++) {
		if (i && (len - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = tmp[i];
	}
	buf[k] = '\0';
	return buf;
}

/* ---- the page ---------------------------------------------------------------- */



static void put_head(FILE *f, const struct report *r, const char *asof)
{
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\" class=\"nojs\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
	      "<meta name=\"generator\" content=\"gongkai\">\n", f);
	fprintf(f, "<title>政务公开合规检查报告 · 第 %lld 次检查 · %s</title>\n<style>\n",
		(long long)r->id, asof);
	fputs(cli_report_css, f);
	fputs("</style>\n</head>\n<body>\n", f);
}

static void put_scope(FILE *f, const char *scope)
{
	const char *p = scope;

	if (strcmp(scope, "all") == 0) {
		fputs("全部辖区", f);
		return;
	}
	while (*p) {
		size_t n = strcspn(p, ",");
		char id[128];

		snprintf(id, sizeof(id), "%.*s", (int)(n < sizeof(id) ? n : sizeof(id) - 1), p);
		if (p != scope)
			fputs("、", f);
		html(f, juris_label(id));
		p += n + (p[n] == ',');
	}
}

static int worktree(const struct report *r)
{
	return strcmp(r->rev, "worktree") == 0;
}

/* The calendar the run used: from 1 November the next year's notice is
 * due; a provisional year makes deadlines 暂定; a window the calendar
 * cut.  Recorded with the run (layout 4), so any later report says it. */
static void put_calendar(FILE *f, const struct report *r)
{
	gk_calendar_state cs;
	int missing, pending[GK_CALENDAR_PROVISIONAL_MAX], np;
	char until[GK_DATE_LEN + 1];

	if (r->run.layout < 4)
		return;
	cli_run_calendar(&r->run, &cs);
	missing = gk_calendar_state_missing(&cs, r->run.as_of);
	np = gk_calendar_state_pending(&cs, r->run.as_of, pending, GK_CALENDAR_PROVISIONAL_MAX);
	if (!missing && !np && !r->run.warn_capped)
		return;
	fputs("<div class=\"banner\" id=\"calendar-warning\" role=\"alert\"><span class=\"icon\">"
	      "⚠</span><div><b>工作日日历需要更新</b>", f);
	if (missing)
		fprintf(f, "日历（calendar.yaml）只到 %d 年 12 月 31 日，尚无 %d 年的节假日安排。"
			"国务院办公厅《关于%d年部分节假日安排的通知》发布后，请用 "
			"<code>gongkai calendar add 通知.txt</code> 加入；在此之前可用 "
			"<code>gongkai calendar provisional %d</code> 加入暂定日历，1 月 1 日后的检查"
			"才能继续。", cs.last, missing, missing, missing);
	for (int i = 0; i < np; i++)
		fprintf(f, "%d 年为暂定日历（按《全国年节及纪念日放假办法》推算的法定节假日和补假，"
			"未含调休）：按它计算的期限标为“暂定”（本次 %ld 项），通知发布后可能变化。",
			pending[i], r->provisional);
	if (r->run.warn_capped) {
		gk_date_format(r->run.warn_until, until);
		fprintf(f, "到期预警只算到 %s（日历的最后一天），之后到期的事项未列出。", until);
	}
	fputs("</div></div>\n", f);
}

static void put_top(FILE *f, const struct report *r, const char *asof)
{
	fputs("<header class=\"top\"><div class=\"wrap\">\n"
	      "<p class=\"kicker\">GONGKAI · 政务公开合规检查</p>\n"
	      "<h1>政务公开合规检查报告</h1>\n", f);
	fprintf(f, "<p class=\"sub\">第 %lld 次检查 · 截至 %s · 范围：", (long long)r->id, asof);
	put_scope(f, r->run.scope);
	fputs("</p>\n</div></header>\n<main class=\"wrap\">\n", f);
	if (worktree(r))
		fputs("<div class=\"banner\" id=\"worktree-warning\" role=\"alert\">"
		      "<span class=\"icon\">⚠</span><div><b>本次检查使用的是未提交的政策"
		      "（worktree）</b>检查时政策文件夹中的规则尚未提交到版本库，结果无法"
		      "对应到某一政策版本，不能据此复现；正式审计请使用已提交政策的检查结果。"
		      "</div></div>\n", f);
	put_calendar(f, r);
}

static void meta_item(FILE *f, const char *dt, const char *id, const char *dd)
{
	fprintf(f, "<div><dt>%s</dt><dd id=\"%s\">", dt, id);
	html(f, dd);
	fputs("</dd></div>\n", f);
}

static void put_meta(FILE *f, const struct report *r, const char *asof)
{
	char buf[64], line[256], when[64];

	fputs("<section id=\"run\">\n<h2>检查概况</h2>\n<dl class=\"meta\">\n", f);
	snprintf(line, sizeof(line), "第 %lld 次", (long long)r->id);
	meta_item(f, "检查编号", "run-id", line);
	meta_item(f, "截至日期（as of）", "as-of", asof);
	fputs("<div><dt>检查范围</dt><dd id=\"scope\">", f);
	put_scope(f, r->run.scope);
	fputs("</dd></div>\n<div><dt>政策版本</dt><dd id=\"policy-revision\">", f);
	if (worktree(r)) {
		fputs("<span class=\"mono\">worktree</span><span class=\"tag tag-warn\">"
		      "未提交</span>", f);
	} else {
		fputs("<span class=\"mono\">", f);
		html(f, r->rev);
		fputs("</span><span class=\"tag tag-ok\">已提交</span>", f);
	}
	fputs("</dd></div>\n", f);
	meta_item(f, "政策来源", "policy-source", r->src);
	meta_item(f, "政策摘要（SHA-1）", "policy-digest", r->run.policy_digest);
	fprintf(f, "<div><dt>评估记录</dt><dd><span data-count=\"records\">%s</span> 条",
		num(r->run.records, buf, sizeof(buf)));
	fprintf(f, " · 规则 %s 条</dd></div>\n", num(r->run.rules, buf, sizeof(buf)));
	if (r->run.baseline && *r->base_asof)
		snprintf(line, sizeof(line), "第 %lld 次检查（截至 %s）",
			 (long long)r->run.baseline, r->base_asof);
	else
		snprintf(line, sizeof(line), "%s", r->run.layout >= 3 ?
			 "无（同范围的首次检查：全部问题计为新增）" : "—（该次检查早于状态记录）");
	meta_item(f, "对比基准", "baseline", line);
	if (r->run.warn_days > 0 && r->run.warn_capped) {
		char until[GK_DATE_LEN + 1];

		gk_date_format(r->run.warn_until, until);
		snprintf(line, sizeof(line), "期限前 %d 个工作日（日历止于 %s，预警只算到这一天）",
			 r->run.warn_days, until);
	} else if (r->run.warn_days > 0)
		snprintf(line, sizeof(line), "期限前 %d 个工作日", r->run.warn_days);
	else
		snprintf(line, sizeof(line), "未开启");
	meta_item(f, "到期预警", "warn-days", line);
	meta_item(f, "完成时间", "finished-at",
		  r->listed ? cli_local_time(r->run.finished_at, when, sizeof(when)) : "—");
	cli_coverage_html_meta(f, r->cov);
	fputs("</dl>\n</section>\n", f);
}

static void kpi(FILE *f, const char *cls, const char *href, const char *label,
		const char *count, long v, const char *note)
{
	char buf[64];

	fprintf(f, "<a class=\"kpi %s\" href=\"#%s\"><span class=\"k\">%s</span>"
		"<b data-count=\"%s\">%s</b><span class=\"d\">%s</span></a>\n", cls, href, label,
		count, num(v, buf, sizeof(buf)), note);
}

static void put_kpis(FILE *f, const struct report *r)
{
	const long *n = r->count;
	int known = r->run.layout >= 3;

	fputs("<section id=\"summary\">\n<h2>问题概览</h2>\n<div class=\"kpis\">\n", f);
	kpi(f, "c-open", "status=open", "未整改问题", "findings", open_count(n),
	    "本次检查发现的全部问题");
	kpi(f, "c-new", "status=new", "新增", "new", known ? n[ST_NEW] : -1,
	    "对比基准未出现");
	kpi(f, "c-persisting", "status=persisting", "持续", "persisting",
	    known ? n[ST_PERSISTING] : -1, "上次已发现，仍未整改");
	kpi(f, "c-resolved", "status=resolved", "已整改", "resolved",
	    known ? n[ST_RESOLVED] : -1, "上次发现，本次已消除");
	kpi(f, "c-due", "status=due_soon", "即将到期", "due_soon",
	    known ? n[ST_DUE_SOON] : -1, "期限临近，尚未逾期");
	kpi(f, "c-waived", "waived=1", "已豁免", "waived", r->waived, "经批准的例外，仍列于问题中");
	kpi(f, "c-notice", "status=open", "其中提示", "notices", r->notices,
	    "记录不全、无法判断等，不算违规");
	fputs("</div>\n", f);
	if (r->fixed_found)
		fprintf(f, "<p class=\"note fixed-found\" id=\"fixed-found\">责任单位报已整改、"
			"本次检查仍不合规的问题 %ld 项，请核实（问题明细中以“报已整改，本次检查仍不"
			"合规”标出）。</p>\n", r->fixed_found);
	if (n[ST_UNKNOWN])
		fputs("<p class=\"note\">该次检查早于状态记录（数据库结构第 3 版之前），"
		      "无法区分新增与持续。</p>\n", f);
	fputs("</section>\n", f);
}

/* ---- the chart ------------------------------------------------------------ */

#define CH_W 1000            /* widest */
#define CH_MIN_W 520
#define CH_H 300
#define CH_L 60
#define CH_R 16
#define CH_T 22
#define CH_B 70
#define CH_SLOT 90           /* widest room for one run */

/* A round axis step for values up to max: four or five gridlines. */
static long axis_step(long max)
{
	long step = 1;

	for (;;) {
		if (max <= step * 4)
			return step;
		if (max <= step * 2 * 4)
			return step * 2;
		if (max <= step * 5 * 4)
			return step * 5;
		step *= 10;
	}
}

static void chart_axis(FILE *f, int w, long step, long top, double scale)
{
	char buf[64];

	for (long v = 0; v <= top; v += step) {
		double y = CH_H - CH_B - v * scale;

		fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>"
			"<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", CH_L,
			w - CH_R, y, y, v ? "#e6ebf0" : "#8a96a3", CH_L - 8, y + 4,
			num(v, buf, sizeof(buf)));
	}
}

static void chart_rect(FILE *f, const char *cls, const char *fill, double x, double w,
		       double y, double h)
{
	if (h <= 0)
		return;
	fprintf(f, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		"fill=\"%s\"/>", cls, x, y, w, h, fill);
}

/* The chart's width: CH_SLOT per run, between CH_MIN_W and CH_W. */
static int chart_width(int n)
{
	int w = CH_L + CH_R + n * CH_SLOT;

	return w < CH_MIN_W ? CH_MIN_W : w > CH_W ? CH_W : w;
}

static double chart_slot(int n)
{
	return (double)(chart_width(n) - CH_L - CH_R) / (n ? n : 1);
}

/* One run: stacked persisting and new findings, resolved beside them;
 * a run before schema 3 has only its total. */
static void chart_bar(FILE *f, const struct chart_run *c, int i, int n, double scale,
		      int current)
{
	double slot = chart_slot(n), x = CH_L + i * slot;
	double bw = slot * 0.5 > 46 ? 46 : slot * 0.5, rw = bw * 0.45, gap = bw * 0.12;
	double x0 = x + (slot - bw - gap - rw) / 2, base = CH_H - CH_B;
	int known = c->n_new >= 0;
	char date[GK_DATE_LEN + 1], a[32], b[32], d[32], e[32];

	gk_date_format(c->as_of, date);
	fprintf(f, "<g class=\"bar%s\" data-run=\"%lld\" data-as-of=\"%s\" data-findings=\"%ld\""
		" data-new=\"%ld\" data-persisting=\"%ld\" data-resolved=\"%ld\">",
		current ? " current" : "", (long long)c->id, date, c->findings, c->n_new,
		c->n_persisting, c->n_resolved);
	fprintf(f, "<title>第 %lld 次检查 · 截至 %s\n问题 %s", (long long)c->id, date,
		num(c->findings, a, sizeof(a)));
	if (known)
		fprintf(f, "（新增 %s，持续 %s）\n已整改 %s", num(c->n_new, b, sizeof(b)),
			num(c->n_persisting, d, sizeof(d)), num(c->n_resolved, e, sizeof(e)));
	else
		fputs("（该次检查早于状态记录，只有总数）", f);
	fputs("</title>", f);
	if (current)
		chart_rect(f, "here", "#eaf1f9", x + 1, slot - 2, CH_T - 6, base - CH_T + 6);
	if (known) {
		double hp = c->n_persisting * scale, hn = c->n_new * scale;
		double hr = c->n_resolved * scale;

		chart_rect(f, "seg-persisting", "#4f6d8f", x0, bw, base - hp, hp);
		chart_rect(f, "seg-new", "#d9480f", x0, bw, base - hp - hn, hn);
		chart_rect(f, "seg-resolved", "#2b8a3e", x0 + bw + gap, rw, base - hr, hr);
	} else {
		chart_rect(f, "seg-total", "#adb5bd", x0, bw, base - c->findings * scale,
			   c->findings * scale);
	}
	if (n <= 20)
		fprintf(f, "<text class=\"val\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
			"%s</text>", x0 + bw / 2, base - c->findings * scale - 5,
			num(c->findings, a, sizeof(a)));
	if (current || n <= 15 || i % ((n + 14) / 15) == (n - 1) % ((n + 14) / 15))
		fprintf(f, "<text%s transform=\"translate(%.1f,%.1f) rotate(-35)\" "
			"text-anchor=\"end\">%s</text>", current ? " class=\"cur\"" : "",
			x + slot / 2 + 4, base + 16, date);
	fputs("</g>\n", f);
}

/* Beside the chart: this run against its baseline (else the run before
 * it in the chart). */
static void put_delta(FILE *f, const struct report *r)
{
	const struct chart_run *prev = NULL;
	long now = open_count(r->count), d;
	int known = r->run.layout >= 3;
	char date[GK_DATE_LEN + 1], a[32], b[32], c[32];

	if (r->nchart > 1 && r->chart[0].id == r->id)
		prev = &r->chart[1];
	for (int i = 1; i < r->nchart; i++)
		if (r->chart[i].id == r->run.baseline)
			prev = &r->chart[i];
	fputs("<div class=\"delta\"><h3>与上一次检查相比</h3>", f);
	if (!prev) {
		fputs("<p class=\"note\">这是该范围的第一次检查，没有可比较的上一次检查。</p>"
		      "</div>\n", f);
		return;
	}
	gk_date_format(prev->as_of, date);
	d = now - prev->findings;
	fprintf(f, "<p class=\"note\">第 %lld 次检查（截至 %s）</p><dl>", (long long)prev->id,
		date);
	fprintf(f, "<div><dt>未整改问题</dt><dd>%s → %s <span class=\"%s\">%s%s</span></dd></div>",
		num(prev->findings, a, sizeof(a)), num(now, b, sizeof(b)),
		d > 0 ? "up" : d < 0 ? "down" : "flat", d > 0 ? "+" : d < 0 ? "−" : "±",
		num(d < 0 ? -d : d, c, sizeof(c)));
	fprintf(f, "<div><dt>新增</dt><dd>%s</dd></div>",
		num(known ? r->count[ST_NEW] : -1, a, sizeof(a)));
	fprintf(f, "<div><dt>已整改</dt><dd>%s</dd></div>",
		num(known ? r->count[ST_RESOLVED] : -1, a, sizeof(a)));
	fputs("</dl></div>\n", f);
}

static void put_chart(FILE *f, const struct report *r)
{
	long max = 1, step, top;
	double scale;
	int n = r->nchart, w = chart_width(n), old = 0;

	for (int i = 0; i < n; i++) {
		if (r->chart[i].findings > max)
			max = r->chart[i].findings;
		if (r->chart[i].n_resolved > max)
			max = r->chart[i].n_resolved;
		old |= r->chart[i].n_new < 0;
	}
	fputs("<section id=\"trend\">\n<h2>问题趋势<small>", f);
	fprintf(f, "最近 %d 次同范围检查（", n);
	put_scope(f, r->run.scope);
	fputs("）</small></h2>\n<ul class=\"legend\"><li><i style=\"background:#4f6d8f\"></i>持续"
	      "</li><li><i style=\"background:#d9480f\"></i>新增</li><li><i style=\"background:"
	      "#2b8a3e\"></i>已整改（较上次）</li>", f);
	if (old)
		fputs("<li><i style=\"background:#adb5bd\"></i>早期检查（只记录了总数）</li>", f);
	fputs("</ul>\n<div class=\"trend-body\">\n", f);
	step = axis_step(max);
	top = (max + step - 1) / step * step;
	scale = (double)(CH_H - CH_T - CH_B) / top;
	fprintf(f, "<svg class=\"chart\" id=\"trend-chart\" viewBox=\"0 0 %d %d\" "
		"style=\"max-width:%dpx\" role=\"img\" aria-label=\"最近 %d 次检查的问题数量\">\n",
		w, CH_H, w, n);
	chart_axis(f, w, step, top, scale);
	for (int i = 0; i < n; i++)
		chart_bar(f, &r->chart[n - 1 - i], i, n, scale, r->chart[n - 1 - i].id == r->id);
	fputs("</svg>\n", f);
	put_delta(f, r);
	fputs("</div>\n<p class=\"note\">每组左侧为本次检查的未整改问题（下为持续、上为新增），"
	      "右侧绿色为相对上一次检查已整改的问题；浅色背景标出本报告所在的检查。</p>\n"
	      "</section>\n", f);
}

/* ---- counts by jurisdiction, category and unit ----------------------------- */

struct dim {
	const char *key;          /* the hash and data attribute name */
	const char *title, *head;
	const char *(*label)(const char *id);
};

static const char *same(const char *id)
{
	return id;
}

static const struct dim dims[] = {
	{ "jurisdiction", "按辖区", "辖区", juris_label },
	{ "category", "按问题类别", "类别", cat_label },
	{ "unit", "按责任单位", "责任单位", same },
};

static void count_cell(FILE *f, const char *col, long v)
{
	char buf[32];

	fprintf(f, "<td class=\"n%s\" data-col=\"%s\">%s</td>", v > 0 ? "" : " zero", col,
		num(v, buf, sizeof(buf)));
}

/* The counts of a row; those a run before schema 3 did not keep as "—". */
static void count_cells(FILE *f, const long *n, int known)
{
	count_cell(f, "findings", open_count(n));
	count_cell(f, "new", known ? n[ST_NEW] : -1);
	count_cell(f, "persisting", known ? n[ST_PERSISTING] : -1);
	count_cell(f, "resolved", known ? n[ST_RESOLVED] : -1);
	count_cell(f, "due_soon", known ? n[ST_DUE_SOON] : -1);
}

static void tally_row(FILE *f, const struct dim *d, const struct tally *t, long max,
		      int known)
{
	long open = open_count(t->n);

	fprintf(f, "<tr data-%s=\"", d->key);
	html(f, t->name);
	fprintf(f, "\"><td class=\"name\"><a href=\"#%s=", d->key);
	url(f, t->name);
	fputs("\">", f);
	html(f, d->label(t->name));
	fputs("</a>", f);
	if (d->label(t->name) != t->name) {
		fputs("<small>", f);
		html(f, t->name);
		fputs("</small>", f);
	}
	fprintf(f, "</td><td class=\"m\"><span class=\"meter\"><i style=\"width:%.1f%%\">"
		"</i></span></td>", max ? 100.0 * open / max : 0.0);
	count_cells(f, t->n, known);
	fputs("</tr>\n", f);
}

/* The summary table by dims[k]: its first limit rows, in a scrolling box
 * when scroll. */
static void put_tally(FILE *f, const struct report *r, int k, size_t limit, int scroll)
{
	const struct dim *d = &dims[k];
	const struct tallies *t = &r->by[k];
	int known = r->run.layout >= 3;
	long sum[NSTATUS] = { 0 }, rest[NSTATUS] = { 0 }, max = t->n ? open_count(t->v[0].n) : 0;
	char buf[32];

	fprintf(f, "<section id=\"by-%s\">\n<h2>%s<small>%zu 个</small></h2>\n%s", d->key,
		d->title, t->n, scroll ? "<div class=\"scroll\">" : "");
	fprintf(f, "<table class=\"tally\"><thead><tr><th>%s</th><th class=\"m\"></th>"
		"<th class=\"n\">未整改</th><th class=\"n\">新增</th><th class=\"n\">持续</th>"
		"<th class=\"n\">已整改</th><th class=\"n\">即将到期</th></tr></thead>\n<tbody>\n",
		d->head);
	for (size_t i = 0; i < t->n; i++) {
		for (int s = 0; s < NSTATUS; s++) {
			sum[s] += t->v[i].n[s];
			if (i >= limit)
				rest[s] += t->v[i].n[s];
		}
		if (i < limit)
			tally_row(f, d, &t->v[i], max, known);
	}
	if (!t->n)
		fputs("<tr><td colspan=\"7\" class=\"more\">本次检查没有问题。</td></tr>\n", f);
	if (t->n > limit)
		fprintf(f, "<tr><td colspan=\"7\" class=\"more\">另有 %zu 个%s，未整改问题"
			"合计 %s 项（可在下方问题明细中筛选）。</td></tr>\n", t->n - limit,
			d->head, num(open_count(rest), buf, sizeof(buf)));
	fputs("</tbody>\n<tfoot><tr><td>合计</td><td class=\"m\"></td>", f);
	count_cells(f, sum, known);
	fprintf(f, "</tr></tfoot></table>%s\n</section>\n", scroll ? "</div>" : "");
}

static void put_breakdown(FILE *f, const struct report *r)
{
	fputs("<div class=\"grid breakdown\">\n", f);
	put_tally(f, r, 0, (size_t)-1, 0);
	put_tally(f, r, 1, (size_t)-1, 0);
	fputs("</div>\n", f);
	put_tally(f, r, 2, UNIT_ROWS, 1);
}

/* ---- the findings table ------------------------------------------------------ */

static void put_select(FILE *f, const struct dim *d, const struct tallies *t,
		       const char *all)
{
	fprintf(f, "<select id=\"f-%s\" aria-label=\"%s\"><option value=\"\">%s</option>", d->key,
		d->head, all);
	for (size_t i = 0; i < t->n; i++) {
		fputs("<option value=\"", f);
		html(f, t->v[i].name);
		fputs("\">", f);
		html(f, d->label(t->v[i].name));
		fputs("</option>", f);
	}
	fputs("</select>\n", f);
}

static void put_tabs(FILE *f, const struct report *r)
{
	static const struct { const char *id, *label; int st; } tabs[] = {
		{ "open", "未整改", -1 }, { "new", "新增", ST_NEW },
		{ "persisting", "持续", ST_PERSISTING }, { "resolved", "已整改", ST_RESOLVED },
		{ "due_soon", "即将到期", ST_DUE_SOON }, { "all", "全部", -2 },
	};
	char buf[32];

	fputs("<div class=\"tabs needs-js\" id=\"status-tabs\" role=\"tablist\">\n", f);
	for (size_t i = 0; i < NLABELS(tabs); i++) {
		long v = tabs[i].st >= 0 ? r->count[tabs[i].st] : open_count(r->count);

		if (tabs[i].st == -2)
			v = (long)r->nrows;
		fprintf(f, "<button type=\"button\" role=\"tab\" data-status=\"%s\">%s"
			"<span>%s</span></button>\n", tabs[i].id, tabs[i].label,
			num(v, buf, sizeof(buf)));
	}
	fputs("</div>\n", f);
}

static void put_filters(FILE *f, const struct report *r)
{
	fputs("<div class=\"filters needs-js\">\n<input type=\"search\" id=\"f-q\" "
	      "placeholder=\"搜索记录编号、标题、规则、单位、问题说明或依据…\" "
	      "aria-label=\"搜索\">\n<select id=\"f-status\" aria-label=\"状态\">"
	      "<option value=\"open\">未整改（新增与持续）</option>"
	      "<option value=\"new\">新增</option><option value=\"persisting\">持续</option>"
	      "<option value=\"resolved\">已整改</option>"
	      "<option value=\"due_soon\">即将到期</option>"
	      "<option value=\"all\">全部（含已整改与即将到期）</option></select>\n", f);
	put_select(f, &dims[0], &r->by[0], "全部辖区");
	put_select(f, &dims[1], &r->by[1], "全部类别");
	put_select(f, &dims[2], &r->by[2], "全部责任单位");
	fputs("<span class=\"chip\" id=\"f-rule\" hidden>规则 <b id=\"f-rule-name\"></b>"
	      "<button type=\"button\" id=\"f-rule-clear\" aria-label=\"取消规则筛选\">×"
	      "</button></span>\n<span class=\"chip\" id=\"f-waived\" hidden>仅看已豁免"
	      "<button type=\"button\" id=\"f-waived-clear\" aria-label=\"取消豁免筛选\">×"
	      "</button></span>\n"
	      "<button type=\"button\" id=\"f-reset\">清除筛选</button>\n</div>\n", f);
}

static void put_table(FILE *f, const struct report *r)
{
	static const struct { const char *key, *label; } cols[] = {
		{ "status", "状态" }, { "record", "记录 / 标题" }, { "jurisdiction", "辖区" },
		{ "rule", "规则" }, { "category", "类别" }, { "severity", "性质" },
		{ "unit", "责任单位" },
		{ "due", "期限" }, { "days", "首次发现 / 持续" }, { "message", "问题说明与依据" },
	};

	fputs("<section id=\"findings\">\n<h2>问题明细<small>点击表头排序；筛选条件保存在网址中，"
	      "可直接分享</small></h2>\n", f);
	put_tabs(f, r);
	put_filters(f, r);
	fputs("<noscript><p>问题明细表需要启用 JavaScript 才能显示、筛选和排序；上方的统计与"
	      "趋势图不需要 JavaScript。</p></noscript>\n"
	      "<div class=\"status-line needs-js\"><span>符合条件 <span id=\"match-count\">0</span>"
	      " 项</span><span>每页 100 项 · 第 <span id=\"page-no\">1</span> / "
	      "<span id=\"page-count\">1</span> 页</span></div>\n"
	      "<p class=\"print-note\">打印内容为当前筛选结果的当前一页。</p>\n"
	      "<div class=\"table-wrap needs-js\"><table id=\"findings-table\"><thead><tr>", f);
	for (size_t i = 0; i < NLABELS(cols); i++)
		fprintf(f, "<th data-key=\"%s\" scope=\"col\">%s</th>", cols[i].key, cols[i].label);
	fputs("</tr></thead>\n<tbody id=\"rows\"></tbody></table></div>\n"
	      "<nav class=\"pager needs-js\" aria-label=\"翻页\">"
	      "<button type=\"button\" id=\"pg-first\">« 首页</button>"
	      "<button type=\"button\" id=\"pg-prev\">‹ 上一页</button>"
	      "<button type=\"button\" id=\"pg-next\">下一页 ›</button>"
	      "<button type=\"button\" id=\"pg-last\">末页 »</button></nav>\n</section>\n", f);
}

/* ---- the data ---------------------------------------------------------------- */

/* The Chinese names of the categories and jurisdictions, for the page. */
static void put_labels(FILE *f)
{
	const char *id, *name;

	fputs(",\"cat\":{", f);
	for (int i = 0; i < GK_NCATEGORIES; i++) {
		fputs(i ? "," : "", f);
		json(f, gk_category_names[i]);
		fputc(':', f);
		json(f, cli_category_label(gk_category_names[i]));
	}
	fputs("},\"sev\":{", f);
	for (int i = 0; i < GK_NSEVERITIES; i++) {
		fputs(i ? "," : "", f);
		json(f, gk_severity_names[i]);
		fputc(':', f);
		json(f, gk_severity_labels[i]);
	}
	fputs("},\"jur\":{", f);
	for (int i = 0; (id = gk_juris_nth(i, &name)); i++) {
		fputs(i ? "," : "", f);
		json(f, id);
		fputc(':', f);
		json(f, name);
	}
	fputc('}', f);
}

static void put_names(FILE *f, const char *name, const char *const *v, size_t n)
{
	fprintf(f, ",\"%s\":[", name);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? "," : "", f);
		json(f, v[i]);
	}
	fputc(']', f);
}

static void put_data(FILE *f, const struct report *r)
{
	fputs("<script type=\"application/json\" id=\"gk-data\">{\"version\":1,\"run\":", f);
	fprintf(f, "%lld,\"nounit\":", (long long)r->id);
	json(f, CLI_NO_UNIT);
	put_names(f, "cols", col_names, NCOLS);
	put_names(f, "st", status_ids, NSTATUS);
	put_names(f, "stl", status_labels, NSTATUS);
	put_labels(f);
	fputs(",\n\"s\":[", f);
	for (size_t i = 0; i < r->pool.n; i++) {
		fputs(i ? (i % 64 ? "," : ",\n") : "", f);
		json(f, r->pool.v[i].s);
	}
	fputs("],\n\"r\":[", f);
	for (size_t i = 0; i < r->nrows; i++) {
		const int32_t *c = r->rows[i].c;

		fputs(i ? ",\n[" : "\n[", f);
		for (int k = 0; k < NCOLS; k++)
			fprintf(f, k ? ",%d" : "%d", (int)c[k]);
		fputc(']', f);
	}
	fputs("]}</script>\n", f);
}

static void put_page(FILE *f, const struct report *r)
{
	char asof[GK_DATE_LEN + 1];

	gk_date_format(r->run.as_of, asof);
	put_head(f, r, asof);
	put_top(f, r, asof);
	put_meta(f, r, asof);
	put_kpis(f, r);
	put_chart(f, r);
	put_breakdown(f, r);
	put_table(f, r);
	cli_coverage_html(f, r->cov);
	fputs("</main>\n<footer>由 gongkai 生成 · 本文件自包含，不引用任何外部资源，可离线打开、"
	      "转发和打印</footer>\n", f);
	put_data(f, r);
	fputs("<script>\n", f);
	fputs(cli_report_js, f);
	fputs("</script>\n</body>\n</html>\n", f);
}

/* Write to PATH.tmp, then rename: a reader never sees half a report. */
static int write_file(const struct report *r, const char *path, gk_error *err)
{
	size_t n = strlen(path) + 5;
	char *tmp = malloc(n);
	FILE *f;
	int bad;

	if (!tmp)
		return GK_OOM(err);
	snprintf(tmp, n, "%s.tmp", path);
	if (!(f = fopen(tmp, "wb"))) {
		free(tmp);
		return gk_error_set(err, GK_EIO, "cannot write '%s': %s", path, strerror(errno));
	}
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	put_page(f, r);
	bad = ferror(f);
	if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
		int e = errno ? errno : EIO;

		remove(tmp);
		free(tmp);
		return gk_error_set(err, GK_EIO, "cannot write '%s': %s", path, strerror(e));
	}
	free(tmp);
	return 0;
}

struct cli_html {
	int64_t run_id;
	cli_finding_list kept;
};

int cli_html_new(struct cli_html **out, int64_t run_id, gk_error *err)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return GK_OOM(err);
	(*out)->run_id = run_id;
	return 0;
}

int cli_html_add(struct cli_html *h, const gk_finding *f, gk_error *err)
{
	return cli_finding_list_add(&h->kept, f, err);
}

int cli_html_write(struct cli_html *h, struct gk_store *st, const char *path, gk_error *err)
{
	struct report r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.id = h->run_id;
	cli_names_load(st, r.id);
	cli_finding_list_sort(&h->kept);
	if (!(rc = gather(st, &r, &h->kept, err))) {
		r.cov = cli_coverage_for_run(r.src, r.rev);
		rc = write_file(&r, path, err);
	}
	cli_coverage_free(r.cov);
	report_free(&r);
	cli_names_free();
	return rc;
}

void cli_html_free(struct cli_html *h)
{
	if (!h)
		return;
	cli_finding_list_release(&h->kept);
	free(h);
}

static int add_row(void *ud, const gk_finding *f, gk_error *err)
{
	return cli_html_add(ud, f, err);
}

int cli_report_html(struct gk_store *st, int64_t run_id, const char *path, gk_error *err)
{
	static const char *const queries[] = { NULL, GK_STATUS_RESOLVED, GK_STATUS_DUE_SOON };
	gk_query q = { .run_id = run_id, .titles = 1, .feedback = 1 };
	struct cli_html *h = NULL;
	int rc = cli_html_new(&h, run_id, err);

	for (size_t i = 0; !rc && i < NLABELS(queries); i++) {
		q.status = queries[i];
		rc = gk_store_query(st, &q, add_row, h, err);
	}
	if (!rc)
		rc = cli_html_write(h, st, path, err);
	cli_html_free(h);
	return rc;
}

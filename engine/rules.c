/*
 * rules.c - verdicts of declarative rules (see rules.h).
 *
 * Messages are Chinese and self-contained: an officer reading one finding
 * sees the rule's sentence, the dates that started and stopped the clock,
 * the deadline, and by how many working days it was missed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "register.h"
#include "rules.h"
#include "textscan.h"

const char *const gk_rule_type_names[GK_NRULETYPES] = {
	"deadline", "required", "publisher", "rule", "order", "catalog",
	"confidential", "privacy", "periodic", "disable"
};

const char *const gk_category_names[GK_NCATEGORIES] = {
	"deadline", "responsibility", "confidentiality", "privacy",
	"completeness", "channel", "review", "attribute", "process", "periodic"
};

int gk_category_lookup(const char *name)
{
	for (int i = 0; i < GK_NCATEGORIES; i++)
		if (strcmp(gk_category_names[i], name) == 0)
			return i;
	return -1;
}

void gk_rule_needs(const gk_rule *r, unsigned char need[GK_NFIELDS])
{
	need[GK_F_ID] = need[GK_F_JURISDICTION] = need[GK_F_KIND] = 1;
	for (int i = 0; i < r->nwhen; i++)
		need[r->when[i].field] = 1;
	switch (r->type) {
	case GK_RULE_DEADLINE:
		for (int i = 0; i < r->nstart; i++)
			need[r->start[i]] = 1;
		if (r->ext_field >= 0)
			need[r->ext_field] = 1;
		need[r->stop] = 1;
		break;
	case GK_RULE_REQUIRED:
		for (int i = 0; i < r->nfields; i++)
			need[r->fields[i]] = 1;
		break;
	case GK_RULE_PUBLISHER:
		for (int i = 0; i < r->nunits; i++)
			need[r->units[i]] = 1;
		need[GK_F_PUBLISHER] = 1;
		break;
	case GK_RULE_LUA:
		for (int f = 0; f < GK_NFIELDS; f++)
			if (r->reads_all || r->reads[f])
				need[f] = 1;
		break;
	case GK_RULE_ORDER:
		for (int i = 0; i < r->nsteps; i++)
			need[r->steps[i]] = 1;
		break;
	case GK_RULE_CATALOG:
		for (int i = 0; i < r->nstart; i++)
			need[r->start[i]] = 1;
		need[r->stop] = 1;
		need[GK_F_CATALOG_ITEM] = need[GK_F_ELEMENTS] = need[GK_F_CHANNELS] = 1;
		break;
	case GK_RULE_CONFIDENTIAL:
		need[GK_F_SECRECY] = need[GK_F_ATTRIBUTE] = 1;
		/* fall through */
	case GK_RULE_PRIVACY:
		need[GK_F_PUBLISHED_ON] = 1;
		for (int i = 0; i < r->nscan; i++)
			need[r->scan[i]] = 1;
		break;
	case GK_RULE_PERIODIC:
	case GK_RULE_DISABLE:
	case GK_NRULETYPES:
		break;
	}
}

static int text_eq(const char *a, size_t alen, const char *b)
{
	return strlen(b) == alen && memcmp(a, b, alen) == 0;
}

int gk_rule_applies(const gk_rule *r, enum gk_kind kind, gk_get_fn get, void *rec)
{
	if (!(r->kinds & GK_KIND_BIT(kind)))
		return 0;
	for (int i = 0; i < r->nwhen; i++) {
		const gk_cond *c = &r->when[i];
		size_t len;
		const char *v = get(rec, c->field, &len);
		int hit = 0;

		switch (c->op) {
		case GK_COND_PRESENT:
			hit = v != NULL;
			break;
		case GK_COND_ABSENT:
			hit = v == NULL;
			break;
		case GK_COND_IN:
			for (int j = 0; v && !hit && j < c->nvalues; j++)
				hit = text_eq(v, len, c->values[j]);
			break;
		}
		if (!hit)
			return 0;
	}
	return 1;
}

int gk_rec_date(gk_get_fn get, void *rec, enum gk_field f, gk_day *d)
{
	size_t len;
	const char *v = get(rec, f, &len);

	return v && gk_date_parse(v, len, d) == 0;
}

static int ext_granted(const gk_rule *r, gk_get_fn get, void *rec)
{
	size_t len;
	const char *flag = get(rec, (enum gk_field)r->ext_field, &len);

	return flag && text_eq(flag, len, "1");
}

/* A deadline not yet missed (nothing stopped the clock): a warning when it
 * falls within the window.  Only dates up to warn_until are computed, so a
 * deadline beyond the calendar's last year is never asked for. */
static int judge_soon(const gk_judge_ctx *cx, gk_day start, int limit, const char *message,
		      gk_verdict *v, gk_error *err)
{
	char dbuf[GK_DATE_LEN + 1];
	gk_day d;
	int n = 0, rc;

	if (!cx->warn || start > cx->warn_until)
		return 0;
	if (start < cx->warn_until &&
	    (rc = gk_calendar_workdays_between(cx->cal, start, cx->warn_until, &n, err)))
		return rc;
	if (n < limit)
		return 0;
	if ((rc = gk_calendar_add_workdays(cx->cal, start, limit, &d, err)))
		return rc;
	if (d < cx->as_of || d > cx->warn_until)
		return 0;
	n = 0;
	if (d > cx->as_of && (rc = gk_calendar_workdays_between(cx->cal, cx->as_of, d, &n, err)))
		return rc;
	v->found = 1;
	v->warn = 1;
	v->category = GK_CAT_DEADLINE;
	v->has_due = 1;
	v->due = d;
	v->days_left = n;
	v->provisional = gk_calendar_provisional_between(cx->cal, start, d);
	gk_date_format(d, dbuf);
	if (d == cx->as_of)
		snprintf(v->msg, sizeof(v->msg), "%s：期限 %s，今天到期", message, dbuf);
	else
		snprintf(v->msg, sizeof(v->msg), "%s：期限 %s，还剩 %d 个工作日", message, dbuf, n);
	return 0;
}

/* The deadline verdict: limit working days from the latest start field to
 * the stop field; message is the rule's sentence. */
static int judge_deadline(const gk_rule *r, const gk_judge_ctx *cx, int limit,
			  const char *message, gk_get_fn get, void *rec, gk_verdict *v,
			  gk_error *err)
{
	const gk_calendar *cal = cx->cal;
	gk_day as_of = cx->as_of;
	char sbuf[GK_DATE_LEN + 1], dbuf[GK_DATE_LEN + 1], ebuf[GK_DATE_LEN + 1], late[64];
	gk_day start = 0, stop = 0, end, d;
	int have_start = 0, have_stop, n, rc;
	enum gk_field start_field = r->start[0];

	for (int i = 0; i < r->nstart; i++)
		if (gk_rec_date(get, rec, r->start[i], &d) && (!have_start || d > start)) {
			start = d;
			start_field = r->start[i];
			have_start = 1;
		}
	if (!have_start) {
		size_t n2 = 0;
		char names[256];

		names[0] = '\0';
		for (int i = 0; i < r->nstart; i++)
			n2 += (size_t)snprintf(names + n2, sizeof(names) - n2, "%s%s（%s）",
					       i ? "或" : "", gk_fields[r->start[i]].label,
					       gk_fields[r->start[i]].name);
		v->found = 1;
		v->category = GK_CAT_COMPLETENESS;
		snprintf(v->msg, sizeof(v->msg), "无法判断是否按时：缺少起算日期%s", names);
		return 0;
	}
	/* A stop date after the as-of date had not happened yet then. */
	have_stop = gk_rec_date(get, rec, r->stop, &stop) && stop <= as_of;
	end = have_stop ? stop : as_of;
	if (end <= start)
		return have_stop ? 0 : judge_soon(cx, start, limit, message, v, err);
	if ((rc = gk_calendar_workdays_between(cal, start, end, &n, err)))
		return rc;
	if (n < limit)
		return have_stop ? 0 : judge_soon(cx, start, limit, message, v, err);
	/* The limit is reached within covered dates, so the deadline is
	 * covered.  Stopping on the deadline is on time; any day after it is
	 * late, even a rest day with no working day in between. */
	if ((rc = gk_calendar_add_workdays(cal, start, limit, &d, err)))
		return rc;
	if (end <= d)
		return have_stop ? 0 : judge_soon(cx, start, limit, message, v, err);
	v->found = 1;
	v->category = r->category;
	v->has_due = 1;
	v->due = d;
	v->provisional = gk_calendar_provisional_between(cal, start, d);
	gk_date_format(start, sbuf);
	gk_date_format(d, dbuf);
	gk_date_format(end, ebuf);
	if (n > limit)
		snprintf(late, sizeof(late), "逾期 %d 个工作日", n - limit);
	else
		snprintf(late, sizeof(late), "逾期 %d 天（期限后尚无工作日）", end - d);
	if (limit == 0 && have_stop)
		snprintf(v->msg, sizeof(v->msg), "%s：期限 %s；%s %s，%s", message, dbuf,
			 gk_fields[r->stop].label, ebuf, late);
	else if (limit == 0)
		snprintf(v->msg, sizeof(v->msg), "%s：期限 %s；截至 %s 仍无%s，已%s", message,
			 dbuf, ebuf, gk_fields[r->stop].label, late);
	else if (have_stop)
		snprintf(v->msg, sizeof(v->msg),
			 "%s：自%s %s 起 %d 个工作日，期限 %s；%s %s，%s",
			 message, gk_fields[start_field].label, sbuf, limit, dbuf,
			 gk_fields[r->stop].label, ebuf, late);
	else
		snprintf(v->msg, sizeof(v->msg),
			 "%s：自%s %s 起 %d 个工作日，期限 %s；截至 %s 仍无%s，已%s",
			 message, gk_fields[start_field].label, sbuf, limit, dbuf,
			 ebuf, gk_fields[r->stop].label, late);
	return 0;
}

static void judge_required(const gk_rule *r, gk_get_fn get, void *rec, gk_verdict *v)
{
	size_t n = 0, len;
	int present = 0;

	for (int i = 0; i < r->nfields; i++)
		present += get(rec, r->fields[i], &len) != NULL;
	if (r->any ? present > 0 : present == r->nfields)
		return;
	v->found = 1;
	v->category = r->category;
	n = (size_t)snprintf(v->msg, sizeof(v->msg), "%s：%s", r->message,
			     r->any ? "以下各项均未填写：" : "缺少");
	for (int i = 0, k = 0; i < r->nfields && n < sizeof(v->msg); i++) {
		if (!r->any && get(rec, r->fields[i], &len))
			continue;
		n += (size_t)snprintf(v->msg + n, sizeof(v->msg) - n, "%s%s（%s）",
				      k++ ? "、" : "", gk_fields[r->fields[i]].label,
				      gk_fields[r->fields[i]].name);
	}
}

/* Why the unit in a field must publish (谁批准、谁公开 …). */
static const char *unit_reason(enum gk_field f)
{
	switch (f) {
	case GK_F_APPROVER: return "批准结果：谁批准、谁公开";
	case GK_F_IMPLEMENTER: return "实施事项：谁实施、谁公开";
	case GK_F_PRODUCER: return "其他信息：谁制作、谁公开";
	default: return "";
	}
}

static void judge_publisher(const gk_rule *r, gk_get_fn get, void *rec, gk_verdict *v)
{
	size_t ulen = 0, plen;
	const char *unit = NULL, *pub = get(rec, GK_F_PUBLISHER, &plen);
	enum gk_field chosen = r->units[0];

	if (!pub)
		return;    /* not published yet: the deadline rule speaks */
	for (int i = 0; i < r->nunits && !unit; i++)
		if ((unit = get(rec, r->units[i], &ulen)))
			chosen = r->units[i];
	v->found = 1;
	if (!unit) {
		size_t n = 0;

		v->category = GK_CAT_COMPLETENESS;
		n = (size_t)snprintf(v->msg, sizeof(v->msg), "无法判断发布单位是否正确：缺少");
		for (int i = 0; i < r->nunits && n < sizeof(v->msg); i++)
			n += (size_t)snprintf(v->msg + n, sizeof(v->msg) - n, "%s%s（%s）",
					      i ? "、" : "", gk_fields[r->units[i]].label,
					      gk_fields[r->units[i]].name);
		return;
	}
	if (ulen == plen && memcmp(unit, pub, ulen) == 0) {
		v->found = 0;
		return;
	}
	v->category = r->category;
	snprintf(v->msg, sizeof(v->msg), "%s：应由%s“%.*s”发布（%s），实际发布单位为“%.*s”",
		 r->message, gk_fields[chosen].label, (int)ulen, unit, unit_reason(chosen),
		 (int)plen, pub);
}

static void judge_order(const gk_rule *r, gk_get_fn get, void *rec, gk_verdict *v)
{
	gk_day prev = 0, d;
	int have_prev = 0;
	enum gk_field pf = r->steps[0];
	char a[GK_DATE_LEN + 1], b[GK_DATE_LEN + 1];

	for (int i = 0; i < r->nsteps; i++) {
		if (!gk_rec_date(get, rec, r->steps[i], &d)) {
			v->found = 1;
			v->category = r->category;
			snprintf(v->msg, sizeof(v->msg), "%s：缺少%s（%s）", r->message,
				 gk_fields[r->steps[i]].label, gk_fields[r->steps[i]].name);
			return;
		}
		if (have_prev && d < prev) {
			gk_date_format(prev, a);
			gk_date_format(d, b);
			v->found = 1;
			v->category = r->category;
			snprintf(v->msg, sizeof(v->msg), "%s：%s %s 晚于%s %s", r->message,
				 gk_fields[pf].label, a, gk_fields[r->steps[i]].label, b);
			return;
		}
		prev = d;
		pf = r->steps[i];
		have_prev = 1;
	}
}

/* 1 when the ';' list (len bytes) has item. */
static int list_has(const char *list, size_t len, const char *item)
{
	size_t il = strlen(item);

	while (list) {
		const char *e = memchr(list, ';', len);
		size_t l = e ? (size_t)(e - list) : len;

		if (l == il && memcmp(list, item, il) == 0)
			return 1;
		if (!e)
			break;
		len -= l + 1;
		list = e + 1;
	}
	return 0;
}

static int judge_catalog(const gk_rule *r, const gk_judge_ctx *cx, gk_get_fn get,
			 void *rec, gk_verdict *v, int *nv, gk_error *err)
{
	size_t ilen, elen = 0, clen = 0;
	const char *item = get(rec, GK_F_CATALOG_ITEM, &ilen);
	const char *el = get(rec, GK_F_ELEMENTS, &elen);
	const char *ch = get(rec, GK_F_CHANNELS, &clen);
	const gk_catalog_item *it;
	gk_verdict *cur;
	int rc;

	if (!item)
		return 0;
	it = gk_catalog_find(r->catalog, item, ilen);
	if (!it) {
		cur = &v[(*nv)++];
		cur->found = 1;
		cur->category = GK_CAT_COMPLETENESS;
		snprintf(cur->msg, sizeof(cur->msg),
			 "无法判断：公开目录（%s）中没有事项“%.*s”", r->catalog ? r->catalog->file : "无目录",
			 (int)ilen, item);
		return 0;
	}
	if (r->checks & GK_CHECK_ELEMENTS) {
		size_t n = 0;
		int missing = 0;

		cur = &v[*nv];
		for (int i = 0; i < it->nelements; i++) {
			if (el && list_has(el, elen, it->elements[i]))
				continue;
			if (!missing++)
				n = (size_t)snprintf(cur->msg, sizeof(cur->msg),
						     "%s：目录事项“%s”缺少公开内容要素", r->message,
						     it->name);
			if (n < sizeof(cur->msg))
				n += (size_t)snprintf(cur->msg + n, sizeof(cur->msg) - n, "%s%s",
						      missing > 1 ? "、" : "：", it->elements[i]);
		}
		if (missing) {
			cur->found = 1;
			cur->category = GK_CAT_COMPLETENESS;
			cur->basis = it->basis;
			(*nv)++;
		}
	}
	if ((r->checks & GK_CHECK_CHANNEL) && get(rec, GK_F_PUBLISHED_ON, NULL)) {
		for (int i = 0; i < it->nchannels; i++) {
			if (ch && list_has(ch, clen, it->channels[i]))
				continue;
			cur = &v[(*nv)++];
			cur->found = 1;
			cur->category = GK_CAT_CHANNEL;
			cur->basis = it->basis;
			if (ch)
				snprintf(cur->msg, sizeof(cur->msg),
					 "%s：目录事项“%s”应在%s公开，实际渠道：%.*s", r->message,
					 it->name, gk_enum_label(GK_F_CHANNELS, it->channels[i]),
					 (int)clen, ch);
			else
				snprintf(cur->msg, sizeof(cur->msg),
					 "%s：目录事项“%s”应在%s公开，实际渠道：未填", r->message,
					 it->name, gk_enum_label(GK_F_CHANNELS, it->channels[i]));
			break;
		}
	}
	if (r->checks & GK_CHECK_DEADLINE) {
		char msg[512];

		cur = &v[*nv];
		snprintf(msg, sizeof(msg), "目录事项“%s”应自信息形成或变更之日起%d个工作日内公开",
			 it->name, it->workdays);
		if ((rc = judge_deadline(r, cx, it->workdays, msg, get, rec, cur, err)))
			return rc;
		if (cur->found) {
			/* A missed time limit is a deadline finding whatever the
			 * rule's own category; a missing start date stays one of
			 * completeness. */
			if (cur->has_due)
				cur->category = GK_CAT_DEADLINE;
			cur->basis = it->basis;
			(*nv)++;
		}
	}
	return 0;
}

static int text_field_label(char *buf, size_t n, enum gk_field f)
{
	return snprintf(buf, n, "%s", gk_fields[f].label);
}

struct conf_scan {
	gk_verdict *v;
	size_t n;
	int hits;
};

static int conf_hit(void *ud, const gk_register_hit *h)
{
	struct conf_scan *cs = ud;
	gk_verdict *v = cs->v;

	if (cs->hits++ >= 3)
		return 1;
	if (cs->n < sizeof(v->msg))
		cs->n += (size_t)snprintf(v->msg + cs->n, sizeof(v->msg) - cs->n,
					  "%s%s%s%s%s%s（记录 %s，%s）",
					  cs->hits > 1 ? "；" : "",
					  h->by_number ? "文号“" : "《",
					  h->by_number ? h->doc_number : h->title,
					  h->by_number ? "”" : "》",
					  h->by_number && h->title ? " " : "",
					  h->by_number && h->title ? h->title : "",
					  h->record_id, h->why);
	return 0;
}

static const char *nonpublic_why(gk_get_fn get, void *rec)
{
	size_t len;
	const char *s = get(rec, GK_F_SECRECY, &len);

	if (s && len == 8 && memcmp(s, "internal", 8) == 0)
		return "内部";
	if (s && len == 6 && memcmp(s, "secret", 6) == 0)
		return "涉密";
	s = get(rec, GK_F_ATTRIBUTE, &len);
	if (s && len == 10 && memcmp(s, "on_request", 10) == 0)
		return "依申请公开";
	if (s && len == 8 && memcmp(s, "withheld", 8) == 0)
		return "不予公开";
	return NULL;
}

static void judge_confidential(const gk_rule *r, const gk_judge_ctx *cx, gk_get_fn get,
			       void *rec, gk_verdict *v, int *nv)
{
	size_t len;
	const char *pub = get(rec, GK_F_PUBLISHED_ON, &len), *why;
	const char *self = get(rec, GK_F_ID, NULL);
	gk_verdict *cur;

	if (!pub)
		return;
	if ((why = nonpublic_why(get, rec))) {
		cur = &v[(*nv)++];
		cur->found = 1;
		cur->category = r->category;
		snprintf(cur->msg, sizeof(cur->msg), "%s：本件为%s文件，却已于 %.*s 公开",
			 r->message, why, (int)len, pub);
	}
	if (!cx->reg)
		return;
	cur = &v[*nv];
	for (int i = 0; i < r->nscan; i++) {
		size_t tl;
		const char *t = get(rec, r->scan[i], &tl);
		struct conf_scan cs = { cur, 0, 0 };
		char label[64];

		if (!t)
			continue;
		text_field_label(label, sizeof(label), r->scan[i]);
		cs.n = (size_t)snprintf(cur->msg, sizeof(cur->msg), "%s：%s引用了非公开文件：",
					r->message, label);
		if (gk_register_scan(cx->reg, t, tl, self, conf_hit, &cs) > 0) {
			cur->found = 1;
			cur->category = r->category;
			(*nv)++;
			return;
		}
	}
	cur->msg[0] = '\0';
}

static void judge_privacy(const gk_rule *r, const gk_judge_ctx *cx, gk_get_fn get,
			  void *rec, gk_verdict *v)
{
	size_t len;

	if (!get(rec, GK_F_PUBLISHED_ON, &len))
		return;
	for (int i = 0; i < r->nscan; i++) {
		size_t tl, pos, end;
		const char *t = get(rec, r->scan[i], &tl);
		char id[GK_ID_NUMBER_LEN + 1], masked[32];

		/* The ASCII form: the text may write it in full-width digits. */
		if (!t || !gk_find_id_number_ex(t, tl, gk_date_year(cx->as_of), &pos, &end, id))
			continue;
		gk_mask_id_number(id, masked);
		v->found = 1;
		v->category = r->category;
		snprintf(v->msg, sizeof(v->msg), "%s：%s含公民身份号码 %s", r->message,
			 gk_fields[r->scan[i]].label, masked);
		return;
	}
}

int gk_rule_judge(const gk_rule *r, const gk_judge_ctx *cx, gk_get_fn get,
		  void *rec, gk_verdict *v, int *nv, gk_error *err)
{
	int rc = 0;

	*nv = 0;
	for (int i = 0; i < GK_MAX_VERDICTS; i++) {
		v[i].found = 0;
		v[i].has_due = 0;
		v[i].warn = 0;
		v[i].days_left = 0;
		v[i].provisional = 0;
		v[i].basis = NULL;
		v[i].period[0] = '\0';
		v[i].msg[0] = '\0';
	}
	switch (r->type) {
	case GK_RULE_DEADLINE:
		rc = judge_deadline(r, cx, r->workdays +
				    (r->ext_field >= 0 && ext_granted(r, get, rec) ? r->ext_workdays : 0),
				    r->message, get, rec, v, err);
		break;
	case GK_RULE_REQUIRED:
		judge_required(r, get, rec, v);
		break;
	case GK_RULE_PUBLISHER:
		judge_publisher(r, get, rec, v);
		break;
	case GK_RULE_ORDER:
		judge_order(r, get, rec, v);
		break;
	case GK_RULE_CATALOG:
		return judge_catalog(r, cx, get, rec, v, nv, err);
	case GK_RULE_CONFIDENTIAL:
		judge_confidential(r, cx, get, rec, v, nv);
		return 0;
	case GK_RULE_PRIVACY:
		judge_privacy(r, cx, get, rec, v);
		break;
	default:
		return gk_error_set(err, GK_EPOLICY, "rule '%s' is not judged per record", r->id);
	}
	if (!rc && v[0].found)
		*nv = 1;
	return rc;
}

/* ---- periodic duties --------------------------------------------------- */

static int days_in_month(int y, int m)
{
	return gk_date_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) -
	       gk_date_from_ymd(y, m, 1);
}

int gk_rule_judge_periodic(const gk_rule *r, const gk_judge_ctx *cx,
			   const gk_event *ev, int nev, gk_period_fn fn, void *ud,
			   gk_error *err)
{
	int y = r->since_year, m = r->monthly ? (r->since_month ? r->since_month : 1) : 0;
	int rc = 0;

	for (;;) {
		char period[8], end_s[GK_DATE_LEN + 1], extra[256];
		gk_day end;
		int count = 0, last_month = 12;
		size_t xn = 0;
		gk_verdict v = { 0 };

		if (r->monthly) {
			snprintf(period, sizeof(period), "%04d-%02d", y, m);
			end = gk_date_from_ymd(y, m, days_in_month(y, m));
		} else {
			snprintf(period, sizeof(period), "%04d", y);
			for (int k = 12; k >= 1; k--)
				if (r->window & (1u << k)) {
					last_month = k;
					break;
				}
			end = gk_date_from_ymd(y, last_month, days_in_month(y, last_month));
		}
		if (r->by_month)
			end = gk_date_from_ymd(y + r->by_next, r->by_month, r->by_day);
		/* Judged only once the period, its window or its deadline is over. */
		if (end >= cx->as_of)
			break;
		for (int i = 0; i < nev; i++) {
			const gk_event *e = &ev[i];
			int em = 0, ey = 0, ed = 0;

			if (strcmp(e->period, period) != 0)
				continue;
			if (e->has_held)
				gk_date_to_ymd(e->held_on, &ey, &em, &ed);
			if (r->window && (!e->has_held || !(r->window & (1u << em))))
				continue;
			if (r->by_month && (!e->has_held || e->held_on > end))
				continue;
			if (r->min_samples && (!e->has_samples || e->samples < r->min_samples))
				continue;
			count++;
		}
		if (count < r->at_least) {
			extra[0] = '\0';
			if (r->window) {
				xn += (size_t)snprintf(extra + xn, sizeof(extra) - xn, "，须在");
				for (int k = 1, c = 0; k <= 12; k++)
					if (r->window & (1u << k))
						xn += (size_t)snprintf(extra + xn, sizeof(extra) - xn,
								       "%s%d月", c++ ? "、" : "", k);
				xn += (size_t)snprintf(extra + xn, sizeof(extra) - xn, "举办");
			}
			if (r->min_samples)
				xn += (size_t)snprintf(extra + xn, sizeof(extra) - xn,
						       "，样本不少于 %d 个", r->min_samples);
			if (r->by_month) {
				gk_date_format(end, end_s);
				xn += (size_t)snprintf(extra + xn, sizeof(extra) - xn,
						       "，须于 %s 前完成", end_s);
				v.has_due = 1;
				v.due = end;
			}
			v.found = 1;
			v.category = r->category;
			snprintf(v.period, sizeof(v.period), "%s", period);
			snprintf(v.msg, sizeof(v.msg), "%s：%s 期间符合要求的记录 %d 次（应至少 %d 次%s）",
				 r->message, period, count, r->at_least, extra);
			if ((rc = fn(ud, &v, err)))
				return rc;
		}
		if (r->monthly) {
			if (++m > 12) {
				m = 1;
				y++;
			}
		} else {
			y++;
		}
	}
	return 0;
}

void gk_rule_release(gk_rule *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->nwhen; i++) {
		for (int j = 0; j < r->when[i].nvalues; j++)
			free(r->when[i].values[j]);
		free(r->when[i].values);
	}
	free(r->when);
	free(r->reason);
	free(r->event);
	free(r->id);
	free(r->basis);
	free(r->message);
	free(r->file);
}

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
	"confidential", "privacy", "periodic", "channel", "disable"
};

const char *const gk_nonpublic_names[GK_NNONPUBLIC] = {
	"secret", "internal", "on_request", "withheld"
};
const char *const gk_nonpublic_labels[GK_NNONPUBLIC] = {
	"涉密", "内部", "依申请公开", "不予公开"
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
	for (int i = 0; i < r->nclock; i++)
		need[r->clock[i]] = 1;
	switch (r->type) {
	case GK_RULE_DEADLINE:
		for (int i = 0; i < r->nstart; i++)
			need[r->start[i]] = 1;
		if (r->ext_field >= 0)
			need[r->ext_field] = 1;
		for (int i = 0; i < r->nstop; i++)
			need[r->stops[i]] = 1;
		if (r->has_pause)
			need[r->pause[0]] = need[r->pause[1]] = 1;
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
		need[GK_F_ATTRIBUTE] = need[GK_F_PUBLISHER] = need[GK_F_PUBLISHED_ON] = 1;
		break;
	case GK_RULE_CHANNEL:
		need[GK_F_CHANNELS] = need[GK_F_PUBLISHED_ON] = 1;
		break;
	case GK_RULE_CONFIDENTIAL:
		need[GK_F_SECRECY] = need[GK_F_ATTRIBUTE] = need[GK_F_DOC_NUMBER] = 1;
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

/* The latest present date of fields f[0..n), or 0. */
static gk_day latest_of(gk_get_fn get, void *rec, const enum gk_field *f, int n)
{
	gk_day best = 0, d;

	for (int i = 0; i < n; i++)
		if (gk_rec_date(get, rec, f[i], &d) && d > best)
			best = d;
	return best;
}

int gk_rule_in_effect(const gk_rule *r, gk_get_fn get, void *rec, gk_day *clock)
{
	gk_day c = 0;

	switch (r->nclock ? GK_NRULETYPES : r->type) {
	case GK_RULE_DEADLINE:
	case GK_RULE_CATALOG:
		c = latest_of(get, rec, r->start, r->nstart);
		break;
	case GK_RULE_ORDER:
		/* The first step recorded: the process began then. */
		for (int i = 0; i < r->nsteps && !c; i++)
			if (!gk_rec_date(get, rec, r->steps[i], &c))
				c = 0;
		break;
	case GK_RULE_PUBLISHER:
	case GK_RULE_CONFIDENTIAL:
	case GK_RULE_PRIVACY:
	case GK_RULE_CHANNEL:
		if (!gk_rec_date(get, rec, GK_F_PUBLISHED_ON, &c))
			c = 0;
		break;
	default:
		c = latest_of(get, rec, r->clock, r->nclock);
		break;
	}
	if (clock)
		*clock = c;
	return !r->effective || !c || c >= r->effective;
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
	snprintf(v->fact, sizeof(v->fact), "due:%s", dbuf);
	if (d == cx->as_of)
		snprintf(v->msg, sizeof(v->msg), "%s：期限 %s，今天到期", message, dbuf);
	else
		snprintf(v->msg, sizeof(v->msg), "%s：期限 %s，还剩 %d 个工作日", message, dbuf, n);
	return 0;
}

int gk_rule_paused(const gk_rule *r, const gk_judge_ctx *cx, gk_get_fn get, void *rec,
		   gk_day start, gk_day end, gk_day *from, gk_day *to, int *days, gk_error *err)
{
	gk_day sent, back;

	*days = 0;
	*from = *to = 0;
	if (!r->has_pause || !gk_rec_date(get, rec, r->pause[0], &sent) || sent < start ||
	    sent >= end)
		return 0;
	*from = sent;
	*to = end;
	if (gk_rec_date(get, rec, r->pause[1], &back) && back <= cx->as_of && back < end)
		*to = back > sent ? back : sent;
	return gk_calendar_workdays_between(cx->cal, *from, *to, days, err);
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
	char stops[256], pnote[128];
	gk_day start = 0, stop = 0, end, d, psent, pend;
	int have_start = 0, have_stop, n, rc, paused = 0;
	enum gk_field start_field = r->start[0], stop_field = r->stops[0];

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
		snprintf(v->fact, sizeof(v->fact), "no-start");
		snprintf(v->msg, sizeof(v->msg), "无法判断是否按时：缺少起算日期%s", names);
		return 0;
	}
	/* The earliest stop; a stop date after the as-of date had not
	 * happened yet then. */
	have_stop = 0;
	for (int i = 0; i < r->nstop; i++)
		if (gk_rec_date(get, rec, r->stops[i], &d) && d <= as_of &&
		    (!have_stop || d < stop)) {
			stop = d;
			stop_field = r->stops[i];
			have_stop = 1;
		}
	for (int i = 0, k = 0; i < r->nstop; i++)
		k += snprintf(stops + k, sizeof(stops) - (size_t)k, "%s%s", i ? "或" : "",
			      gk_fields[r->stops[i]].label);
	end = have_stop ? stop : as_of;
	pnote[0] = '\0';
	if ((rc = gk_rule_paused(r, cx, get, rec, start, end, &psent, &pend, &paused, err)))
		return rc;
	if (paused > 0) {
		snprintf(pnote, sizeof(pnote), "（%s起 %d 个工作日不计）",
			 gk_fields[r->pause[0]].label, paused);
		limit += paused;
	}
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
	snprintf(v->fact, sizeof(v->fact), "due:%s", dbuf);
	if (n > limit)
		snprintf(late, sizeof(late), "逾期 %d 个工作日", n - limit);
	else
		snprintf(late, sizeof(late), "逾期 %d 天（期限后尚无工作日）", end - d);
	if (limit == 0 && have_stop)
		snprintf(v->msg, sizeof(v->msg), "%s：期限 %s；%s %s，%s", message, dbuf,
			 gk_fields[stop_field].label, ebuf, late);
	else if (limit == 0)
		snprintf(v->msg, sizeof(v->msg), "%s：期限 %s；截至 %s 仍无%s，已%s", message,
			 dbuf, ebuf, stops, late);
	else if (have_stop)
		snprintf(v->msg, sizeof(v->msg),
			 "%s：自%s %s 起 %d 个工作日%s，期限 %s；%s %s，%s",
			 message, gk_fields[start_field].label, sbuf, limit - paused, pnote, dbuf,
			 gk_fields[stop_field].label, ebuf, late);
	else
		snprintf(v->msg, sizeof(v->msg),
			 "%s：自%s %s 起 %d 个工作日%s，期限 %s；截至 %s 仍无%s，已%s",
			 message, gk_fields[start_field].label, sbuf, limit - paused, pnote, dbuf,
			 ebuf, stops, late);
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

/*
 * Steps in order: each recorded step no later than the next recorded one
 * (strictly earlier with strict); a step dated after the as-of date had
 * not happened yet.  A missing step is a finding only where a later step
 * is recorded: the process went on without it.
 */
static void judge_order(const gk_rule *r, const gk_judge_ctx *cx, gk_get_fn get, void *rec,
			gk_verdict *v)
{
	gk_day d[8];
	int has[8], last = -1, prev = -1;
	char a[GK_DATE_LEN + 1], b[GK_DATE_LEN + 1];

	for (int i = 0; i < r->nsteps; i++) {
		has[i] = gk_rec_date(get, rec, r->steps[i], &d[i]) && d[i] <= cx->as_of;
		if (has[i])
			last = i;
	}
	for (int i = 0; i < r->nsteps; i++) {
		if (!has[i]) {
			int next = i + 1;

			if (i > last)
				return;
			while (!has[next])
				next++;
			gk_date_format(d[next], b);
			v->found = 1;
			v->category = r->category;
			snprintf(v->fact, sizeof(v->fact), "missing:%s", gk_fields[r->steps[i]].name);
			snprintf(v->msg, sizeof(v->msg), "%s：缺少%s（%s），而其后的%s %s 已记载",
				 r->message, gk_fields[r->steps[i]].label, gk_fields[r->steps[i]].name,
				 gk_fields[r->steps[next]].label, b);
			return;
		}
		if (prev >= 0 && (r->strict ? d[i] <= d[prev] : d[i] < d[prev])) {
			gk_date_format(d[prev], a);
			gk_date_format(d[i], b);
			v->found = 1;
			v->category = r->category;
			snprintf(v->fact, sizeof(v->fact), "order:%s", gk_fields[r->steps[i]].name);
			snprintf(v->msg, sizeof(v->msg), "%s：%s %s %s%s %s", r->message,
				 gk_fields[r->steps[prev]].label, a, d[i] < d[prev] ? "晚于" : "不早于",
				 gk_fields[r->steps[i]].label, b);
			return;
		}
		prev = i;
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

/*
 * Published on the channels named (every one, or one of them with any);
 * what names the duty (a catalog item's name) goes into the message.  1
 * with the verdict in v when it falls short.
 */
static int judge_channels(const char *message, const char *what,
			  const char *const *channels, int n, int any, const char *ch,
			  size_t clen, gk_verdict *v)
{
	char want[256], have[256];
	size_t wn = 0;
	int missing = -1, present = 0;

	for (int i = 0; i < n; i++) {
		int has = ch && list_has(ch, clen, channels[i]);

		present += has;
		if (!has && missing < 0)
			missing = i;
		if (wn < sizeof(want))
			wn += (size_t)snprintf(want + wn, sizeof(want) - wn, "%s%s",
					       i ? (any ? "、" : "和") : "",
					       gk_enum_label(GK_F_CHANNELS, channels[i]));
	}
	if (any ? present > 0 : missing < 0)
		return 0;
	if (!any)
		snprintf(want, sizeof(want), "%s", gk_enum_label(GK_F_CHANNELS, channels[missing]));
	if (ch) {
		/* The channels recorded, by their Chinese names. */
		size_t hn = 0;

		for (const char *c = ch, *e; c && hn < sizeof(have); c = e ? e + 1 : NULL) {
			char one[64];

			e = memchr(c, ';', clen - (size_t)(c - ch));
			snprintf(one, sizeof(one), "%.*s", (int)(e ? (size_t)(e - c) : clen -
								  (size_t)(c - ch)), c);
			hn += (size_t)snprintf(have + hn, sizeof(have) - hn, "%s%s", hn ? "、" : "",
					       gk_enum_label(GK_F_CHANNELS, one));
		}
	} else {
		snprintf(have, sizeof(have), "未填");
	}
	v->found = 1;
	v->category = GK_CAT_CHANNEL;
	snprintf(v->fact, sizeof(v->fact), "channel");
	if (what)
		snprintf(v->msg, sizeof(v->msg), "%s：目录事项“%s”应在%s%s公开，实际渠道：%s",
			 message, what, want, any && n > 1 ? "之一" : "", have);
	else
		snprintf(v->msg, sizeof(v->msg), "%s：应在%s%s公开，实际渠道：%s", message, want,
			 any && n > 1 ? "之一" : "", have);
	return 1;
}

static int judge_catalog(const gk_rule *r, const gk_judge_ctx *cx, gk_get_fn get,
			 void *rec, gk_verdict *v, int *nv, gk_error *err)
{
	size_t ilen, elen = 0, clen = 0, alen = 0, plen = 0;
	const char *item = get(rec, GK_F_CATALOG_ITEM, &ilen), *attr, *pub;
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
			snprintf(cur->fact, sizeof(cur->fact), "elements");
			(*nv)++;
		}
	}
	if ((r->checks & GK_CHECK_CHANNEL) && get(rec, GK_F_PUBLISHED_ON, NULL) &&
	    it->nchannels) {
		cur = &v[*nv];
		if (judge_channels(r->message, it->name, (const char *const *)it->channels,
				   it->nchannels, it->any_channel, ch, clen, cur)) {
			cur->basis = it->basis;
			(*nv)++;
		}
	}
	if ((r->checks & GK_CHECK_MODE) && it->mode && strncmp(it->mode, "主动", 6) == 0 &&
	    (attr = get(rec, GK_F_ATTRIBUTE, &alen)) && !text_eq(attr, alen, "proactive")) {
		char a[32];

		snprintf(a, sizeof(a), "%.*s", (int)alen, attr);
		cur = &v[(*nv)++];
		cur->found = 1;
		cur->category = GK_CAT_ATTRIBUTE;
		cur->basis = it->basis;
		snprintf(cur->fact, sizeof(cur->fact), "mode");
		snprintf(cur->msg, sizeof(cur->msg),
			 "%s：目录事项“%s”的公开方式为主动公开，本件公开属性却为%s", r->message,
			 it->name, gk_enum_label(GK_F_ATTRIBUTE, a));
	}
	if ((r->checks & GK_CHECK_BODIES) && it->responsible_types &&
	    (pub = get(rec, GK_F_PUBLISHER, &plen))) {
		const gk_unit *u = gk_units_find(r->dir, pub, plen);
		char bodies[256];
		size_t bn = 0;

		bodies[0] = '\0';
		for (int i = 0; i < it->nresponsible && bn < sizeof(bodies); i++)
			bn += (size_t)snprintf(bodies + bn, sizeof(bodies) - bn, "%s%s",
					       i ? "、" : "", it->responsible[i]);
		if (!u || !(it->responsible_types & (1u << u->type))) {
			cur = &v[(*nv)++];
			cur->found = 1;
			cur->category = GK_CAT_RESPONSIBILITY;
			cur->basis = it->basis;
			snprintf(cur->fact, sizeof(cur->fact), "publisher");
			if (!u)
				snprintf(cur->msg, sizeof(cur->msg),
					 "%s：目录事项“%s”的公开主体为%s；发布单位“%.*s”不在%s的单位名录"
					 "（%s）中", r->message, it->name, bodies, (int)plen, pub,
					 r->dir->name, r->dir->file);
			else
				snprintf(cur->msg, sizeof(cur->msg),
					 "%s：目录事项“%s”的公开主体为%s；发布单位“%.*s”是%s，不是公开主体",
					 r->message, it->name, bodies, (int)plen, pub,
					 gk_unit_type_names[u->type]);
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

/* Why a record is not public (an index of gk_nonpublic_names), or -1. */
static int nonpublic_kind(gk_get_fn get, void *rec)
{
	size_t len;
	const char *s = get(rec, GK_F_SECRECY, &len);

	if (s && text_eq(s, len, "secret"))
		return 0;
	if (s && text_eq(s, len, "internal"))
		return 1;
	s = get(rec, GK_F_ATTRIBUTE, &len);
	if (s && text_eq(s, len, "on_request"))
		return 2;
	if (s && text_eq(s, len, "withheld"))
		return 3;
	return -1;
}

/*
 * What a confidential rule finds on a published record: the record itself
 * is of a kind the rule keeps from publication (nonpublic: secret for the
 * national ban of regulation art. 14), or its scanned fields cite a
 * non-public document
 * by number or by title in 《》 (register.h), or its own 文号 is that of a
 * non-public document (the same document published under another record).
 */
static void judge_confidential(const gk_rule *r, const gk_judge_ctx *cx, gk_get_fn get,
			       void *rec, gk_verdict *v, int *nv)
{
	size_t len, jl = 0;
	const char *pub = get(rec, GK_F_PUBLISHED_ON, &len);
	const char *self = get(rec, GK_F_ID, NULL);
	const char *jv = get(rec, GK_F_JURISDICTION, &jl);
	char juris[80];
	gk_verdict *cur;
	int k;

	if (!pub)
		return;
	if ((k = nonpublic_kind(get, rec)) >= 0 && (r->nonpublic & (1u << k))) {
		cur = &v[(*nv)++];
		cur->found = 1;
		cur->category = r->category;
		snprintf(cur->fact, sizeof(cur->fact), "published:%s", gk_nonpublic_names[k]);
		snprintf(cur->msg, sizeof(cur->msg), "%s：本件为%s文件，却已于 %.*s 公开",
			 r->message, gk_nonpublic_labels[k], (int)len, pub);
	}
	if (!cx->reg)
		return;
	snprintf(juris, sizeof(juris), "%.*s", jv ? (int)jl : 0, jv ? jv : "");
	cur = &v[*nv];
	for (int i = 0; i < r->nscan; i++) {
		size_t tl;
		const char *t = get(rec, r->scan[i], &tl);
		int whole = r->scan[i] == GK_F_DOC_NUMBER;
		struct conf_scan cs = { cur, 0, 0 };

		if (!t)
			continue;
		cs.n = (size_t)snprintf(cur->msg, sizeof(cur->msg),
					whole ? "%s：本件%s与非公开文件相同：" :
						"%s：%s引用了非公开文件：",
					r->message, gk_fields[r->scan[i]].label);
		if (gk_register_scan(cx->reg, t, tl, self, juris, whole, conf_hit, &cs) > 0) {
			cur->found = 1;
			cur->category = r->category;
			snprintf(cur->fact, sizeof(cur->fact), "cites");
			(*nv)++;
			return;
		}
	}
	cur->msg[0] = '\0';
}

static void judge_privacy(const gk_rule *r, const gk_judge_ctx *cx, gk_get_fn get,
			  void *rec, gk_verdict *v)
{
	static const char *const what[] = { "", "个人手机号码", "个人银行卡号", "", "公民身份号码" };
	int kinds = ((r->finds & GK_FIND_ID_NUMBER) ? GK_PERSONAL_ID : 0) |
		    ((r->finds & GK_FIND_MOBILE) ? GK_PERSONAL_MOBILE : 0) |
		    ((r->finds & GK_FIND_BANK_CARD) ? GK_PERSONAL_BANK_CARD : 0);

	if (!get(rec, GK_F_PUBLISHED_ON, NULL))
		return;
	for (int i = 0; i < r->nscan; i++) {
		size_t tl;
		const char *t = get(rec, r->scan[i], &tl);
		gk_personal_hit h;

		/* One pass finds the first, in text order; an ID number is shown
		 * in its ASCII form, the text may write it in full-width digits. */
		if (!t || !gk_find_sensitive(t, tl, gk_date_year(cx->as_of), kinds, &h))
			continue;
		v->found = 1;
		v->category = r->category;
		snprintf(v->fact, sizeof(v->fact), "%s:%s", h.kind == GK_PERSONAL_ID ? "id" :
			 h.kind == GK_PERSONAL_MOBILE ? "mobile" : "card", h.masked);
		snprintf(v->msg, sizeof(v->msg), "%s：%s含%s %s", r->message,
			 gk_fields[r->scan[i]].label, what[h.kind], h.masked);
		return;
	}
}

static void judge_channel(const gk_rule *r, gk_get_fn get, void *rec, gk_verdict *v)
{
	size_t clen = 0;
	const char *ch = get(rec, GK_F_CHANNELS, &clen);

	if (!get(rec, GK_F_PUBLISHED_ON, NULL))
		return;   /* not published yet: the deadline rule speaks */
	if (judge_channels(r->message, NULL, (const char *const *)r->channels, r->nchannels,
			   r->any_channel, ch, clen, v))
		v->category = r->category;
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
		v[i].unit = NULL;
		v[i].period[0] = '\0';
		v[i].fact[0] = '\0';
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
		judge_order(r, cx, get, rec, v);
		break;
	case GK_RULE_CATALOG:
		return judge_catalog(r, cx, get, rec, v, nv, err);
	case GK_RULE_CONFIDENTIAL:
		judge_confidential(r, cx, get, rec, v, nv);
		return 0;
	case GK_RULE_PRIVACY:
		judge_privacy(r, cx, get, rec, v);
		break;
	case GK_RULE_CHANNEL:
		judge_channel(r, get, rec, v);
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

/* One period of a periodic rule: its name, and the window an event must
 * be held in to count for it (for a duty with a deadline, up to it). */
struct period {
	int y, m;                 /* m = 0 for a year */
	char name[8];
	gk_day first, last;
};

static void period_set(const gk_rule *r, int y, int m, struct period *p)
{
	int lo = 1, hi = 12;

	p->y = y;
	p->m = m;
	if (r->monthly) {
		snprintf(p->name, sizeof(p->name), "%04d-%02d", y, m);
		p->first = gk_date_from_ymd(y, m, 1);
		p->last = gk_date_from_ymd(y, m, days_in_month(y, m));
		return;
	}
	snprintf(p->name, sizeof(p->name), "%04d", y);
	/* A window of months: from the first to the last of them. */
	if (r->window) {
		lo = 13;
		hi = 0;
		for (int k = 1; k <= 12; k++)
			if (r->window & (1u << k)) {
				if (k < lo)
					lo = k;
				hi = k;
			}
	}
	p->first = gk_date_from_ymd(y, lo, 1);
	p->last = gk_date_from_ymd(y, hi, days_in_month(y, hi));
	if (r->by_month)
		p->last = gk_date_from_ymd(y + r->by_next, r->by_month, r->by_day);
}

static void period_next(const gk_rule *r, struct period *p)
{
	if (r->monthly)
		period_set(r, p->m == 12 ? p->y + 1 : p->y, p->m == 12 ? 1 : p->m + 1, p);
	else
		period_set(r, p->y + 1, 0, p);
}

static int list_has(const char *list, size_t len, const char *item);

/* 1 when event e was held on every channel the rule asks for. */
static int event_channels_ok(const gk_rule *r, const gk_event *e)
{
	for (int i = 0; i < r->nevent_channels; i++)
		if (!e->channels || !list_has(e->channels, strlen(e->channels), r->event_channels[i]))
			return 0;
	return 1;
}

/* "在政府网站发布", or "线上与线下相结合" for several channels. */
static void channels_text(const gk_rule *r, char *buf, size_t n)
{
	size_t k = 0;

	buf[0] = '\0';
	if (r->nevent_channels == 1) {
		snprintf(buf, n, "在%s发布", gk_enum_label(GK_F_CHANNELS, r->event_channels[0]));
		return;
	}
	for (int i = 0; i < r->nevent_channels && k < n; i++)
		k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? "与" : "",
				      gk_enum_label(GK_F_CHANNELS, r->event_channels[i]));
	if (k < n)
		snprintf(buf + k, n - k, "相结合");
}

/* Why an event recorded for period p does not count for it, or NULL when
 * it does; the reason goes into buf. */
static const char *event_fails(const gk_rule *r, const gk_judge_ctx *cx,
			       const struct period *p, const gk_event *e, char *buf, size_t n)
{
	char d[GK_DATE_LEN + 1];
	int ey, em, ed;

	if (!e->has_held) {
		snprintf(buf, n, "记录 %s 没有举办日期", e->id);
		return buf;
	}
	gk_date_format(e->held_on, d);
	gk_date_to_ymd(e->held_on, &ey, &em, &ed);
	if (e->held_on > cx->as_of)
		snprintf(buf, n, "记录 %s 的举办日期 %s 在评估日之后", e->id, d);
	else if (r->by_month && e->held_on > p->last)
		snprintf(buf, n, "记录 %s 于 %s 完成，晚于期限", e->id, d);
	else if (e->held_on < p->first || e->held_on > p->last ||
		 (r->window && !(r->window & (1u << em))))
		snprintf(buf, n, "记录 %s 于 %s 举办，不在 %s %s内", e->id, d, p->name,
			 r->window ? "规定月份" : r->monthly ? "月" : "年");
	else if (r->min_samples && (!e->has_samples || e->samples < r->min_samples))
		snprintf(buf, n, "记录 %s 样本 %ld 个，少于 %d 个", e->id,
			 e->has_samples ? e->samples : 0L, r->min_samples);
	else if (!event_channels_ok(r, e)) {
		char want[128];

		channels_text(r, want, sizeof(want));
		snprintf(buf, n, "记录 %s 的渠道不是%s", e->id, want);
	} else
		return NULL;
	return buf;
}

/* 1 when event e was held by (or at) unit u of the directory. */
static int event_of_unit(const gk_rule *r, const gk_event *e, const gk_unit *u)
{
	return !u || (e->unit && gk_units_find(r->dir, e->unit, strlen(e->unit)) == u);
}

static int judge_period(const gk_rule *r, const gk_judge_ctx *cx, const struct period *p,
			const gk_unit *u, int before_since, const gk_event *ev, int nev,
			gk_period_fn fn, void *ud, gk_error *err)
{
	char extra[256], late[512], why[256], end_s[GK_DATE_LEN + 1];
	size_t xn = 0, ln = 0;
	int count = 0, nlate = 0;
	gk_verdict v = { 0 };

	late[0] = extra[0] = '\0';
	for (int i = 0; i < nev; i++) {
		const gk_event *e = &ev[i];

		if (strcmp(e->period, p->name) != 0 || !event_of_unit(r, e, u))
			continue;
		if (!event_fails(r, cx, p, e, why, sizeof(why))) {
			count++;
		} else if (nlate++ < 3 && ln < sizeof(late)) {
			ln += (size_t)snprintf(late + ln, sizeof(late) - ln, "；%s", why);
		}
	}
	if (count >= r->at_least || (before_since && nlate == 0))
		return 0;
	if (r->window) {
		xn += (size_t)snprintf(extra + xn, sizeof(extra) - xn, "，须在");
		for (int k = 1, c = 0; k <= 12; k++)
			if (r->window & (1u << k))
				xn += (size_t)snprintf(extra + xn, sizeof(extra) - xn, "%s%d月",
						       c++ ? "、" : "", k);
		xn += (size_t)snprintf(extra + xn, sizeof(extra) - xn, "举办");
	}
	if (r->min_samples)
		xn += (size_t)snprintf(extra + xn, sizeof(extra) - xn, "，样本不少于 %d 个",
				       r->min_samples);
	if (r->nevent_channels && xn < sizeof(extra)) {
		char want[128];

		channels_text(r, want, sizeof(want));
		xn += (size_t)snprintf(extra + xn, sizeof(extra) - xn, "，须%s", want);
	}
	if (r->by_month) {
		gk_date_format(p->last, end_s);
		snprintf(extra + xn, sizeof(extra) - xn, "，须于 %s 前完成", end_s);
		v.has_due = 1;
		v.due = p->last;
	}
	v.found = 1;
	v.category = r->category;
	v.unit = u ? u->name : NULL;
	snprintf(v.period, sizeof(v.period), "%s", p->name);
	snprintf(v.fact, sizeof(v.fact), "period:%s", p->name);
	snprintf(v.msg, sizeof(v.msg), "%s：%s 期间%s符合要求的记录 %d 次（应至少 %d 次%s）%s",
		 r->message, p->name, u ? u->name : "", count, r->at_least, extra, late);
	return fn(ud, &v, err);
}

int gk_rule_judge_periodic(const gk_rule *r, const gk_judge_ctx *cx,
			   const gk_event *ev, int nev, gk_period_fn fn, void *ud,
			   gk_error *err)
{
	struct period p, since;
	int rc = 0;

	period_set(r, r->since_year, r->monthly ? (r->since_month ? r->since_month : 1) : 0,
		   &since);
	/* Start at the earliest period a duty was recorded for, if before
	 * `since`: a duty done late is a finding whatever since says. */
	p = since;
	for (int i = 0; i < nev; i++) {
		int y = 0, m = 0;

		if (sscanf(ev[i].period, "%4d-%2d", &y, &m) < 1 || y < 1990 ||
		    (r->monthly ? m < 1 || m > 12 : strlen(ev[i].period) != 4))
			continue;
		if (y < p.y || (y == p.y && m < p.m))
			period_set(r, y, r->monthly ? m : 0, &p);
	}
	/* Judged only once the period, its window or its deadline is over. */
	for (; !rc && p.last < cx->as_of; period_next(r, &p)) {
		int before = strcmp(p.name, since.name) < 0;

		if (r->effective && p.last < r->effective)
			continue;     /* over before the rule took effect */
		if (!r->per_venue) {
			rc = judge_period(r, cx, &p, NULL, before, ev, nev, fn, ud, err);
			continue;
		}
		for (int k = 0; !rc && k < r->dir->nunits; k++)
			if (r->dir->units[k].venue)
				rc = judge_period(r, cx, &p, &r->dir->units[k], before, ev, nev,
						  fn, ud, err);
	}
	return rc;
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
	free(r->restates);
	for (int i = 0; i < r->nchannels; i++)
		free(r->channels[i]);
	for (int i = 0; i < r->nevent_channels; i++)
		free(r->event_channels[i]);
	free(r->id);
	free(r->basis);
	free(r->message);
	free(r->file);
}

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

#include "rules.h"

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
		need[r->unit] = need[GK_F_PUBLISHER] = 1;
		break;
	case GK_RULE_LUA:
		for (int f = 0; f < GK_NFIELDS; f++)
			if (r->reads_all || r->reads[f])
				need[f] = 1;
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

/* A date field of the record: 1 and *d when present (the importer
 * validated it, so a parse failure means the database was edited by hand
 * and the field is treated as absent). */
static int get_date(gk_get_fn get, void *rec, enum gk_field f, gk_day *d)
{
	size_t len;
	const char *v = get(rec, f, &len);

	return v && gk_date_parse(v, len, d) == 0;
}

static int judge_deadline(const gk_rule *r, const gk_calendar *cal, gk_day as_of,
			  gk_get_fn get, void *rec, gk_verdict *v, gk_error *err)
{
	char sbuf[GK_DATE_LEN + 1], dbuf[GK_DATE_LEN + 1], ebuf[GK_DATE_LEN + 1], late[64];
	gk_day start = 0, stop = 0, end, d;
	int have_start = 0, have_stop, limit = r->workdays, n, rc;
	enum gk_field start_field = r->start[0];
	size_t len;

	for (int i = 0; i < r->nstart; i++)
		if (get_date(get, rec, r->start[i], &d) && (!have_start || d > start)) {
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
	if (r->ext_field >= 0) {
		const char *flag = get(rec, (enum gk_field)r->ext_field, &len);
		if (flag && text_eq(flag, len, "1"))
			limit += r->ext_workdays;
	}
	/* A stop date after the as-of date had not happened yet then. */
	have_stop = get_date(get, rec, r->stop, &stop) && stop <= as_of;
	end = have_stop ? stop : as_of;
	if (end <= start)
		return 0;
	if ((rc = gk_calendar_workdays_between(cal, start, end, &n, err)))
		return rc;
	if (n < limit)
		return 0;
	/* The limit is reached within covered dates, so the deadline is
	 * covered.  Stopping on the deadline is on time; any day after it is
	 * late, even a rest day with no working day in between. */
	if ((rc = gk_calendar_add_workdays(cal, start, limit, &d, err)))
		return rc;
	if (end <= d)
		return 0;
	v->found = 1;
	v->category = r->category;
	v->has_due = 1;
	v->due = d;
	gk_date_format(start, sbuf);
	gk_date_format(d, dbuf);
	gk_date_format(end, ebuf);
	if (n > limit)
		snprintf(late, sizeof(late), "逾期 %d 个工作日", n - limit);
	else
		snprintf(late, sizeof(late), "逾期 %d 天（期限后尚无工作日）", end - d);
	if (have_stop)
		snprintf(v->msg, sizeof(v->msg),
			 "%s：自%s %s 起 %d 个工作日，期限 %s；%s %s，%s",
			 r->message, gk_fields[start_field].label, sbuf, limit, dbuf,
			 gk_fields[r->stop].label, ebuf, late);
	else
		snprintf(v->msg, sizeof(v->msg),
			 "%s：自%s %s 起 %d 个工作日，期限 %s；截至 %s 仍无%s，已%s",
			 r->message, gk_fields[start_field].label, sbuf, limit, dbuf,
			 ebuf, gk_fields[r->stop].label, late);
	return 0;
}

static void judge_required(const gk_rule *r, gk_get_fn get, void *rec, gk_verdict *v)
{
	size_t n = 0, len;

	for (int i = 0; i < r->nfields; i++) {
		if (get(rec, r->fields[i], &len))
			continue;
		if (!v->found)
			n = (size_t)snprintf(v->msg, sizeof(v->msg), "%s：缺少", r->message);
		else if (n < sizeof(v->msg))
			n += (size_t)snprintf(v->msg + n, sizeof(v->msg) - n, "、");
		if (n < sizeof(v->msg))
			n += (size_t)snprintf(v->msg + n, sizeof(v->msg) - n, "%s（%s）",
					      gk_fields[r->fields[i]].label,
					      gk_fields[r->fields[i]].name);
		v->found = 1;
		v->category = r->category;
	}
}

static void judge_publisher(const gk_rule *r, gk_get_fn get, void *rec, gk_verdict *v)
{
	size_t ulen, plen;
	const char *unit = get(rec, r->unit, &ulen);
	const char *pub = get(rec, GK_F_PUBLISHER, &plen);

	if (!pub)
		return;    /* not published yet: the deadline rule speaks */
	v->found = 1;
	if (!unit) {
		v->category = GK_CAT_COMPLETENESS;
		snprintf(v->msg, sizeof(v->msg),
			 "无法判断发布单位是否正确：缺少%s（%s）",
			 gk_fields[r->unit].label, gk_fields[r->unit].name);
		return;
	}
	if (ulen == plen && memcmp(unit, pub, ulen) == 0) {
		v->found = 0;
		return;
	}
	v->category = r->category;
	snprintf(v->msg, sizeof(v->msg), "%s：应由%s“%.*s”发布，实际发布单位为“%.*s”",
		 r->message, gk_fields[r->unit].label, (int)ulen, unit, (int)plen, pub);
}

int gk_rule_judge(const gk_rule *r, const gk_calendar *cal, gk_day as_of,
		  gk_get_fn get, void *rec, gk_verdict *v, gk_error *err)
{
	v->found = 0;
	v->has_due = 0;
	v->msg[0] = '\0';
	switch (r->type) {
	case GK_RULE_DEADLINE:
		return judge_deadline(r, cal, as_of, get, rec, v, err);
	case GK_RULE_REQUIRED:
		judge_required(r, get, rec, v);
		return 0;
	case GK_RULE_PUBLISHER:
		judge_publisher(r, get, rec, v);
		return 0;
	case GK_RULE_LUA:
		break;
	}
	return gk_error_set(err, GK_EPOLICY, "rule '%s' is not declarative", r->id);
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
	free(r->id);
	free(r->basis);
	free(r->message);
	free(r->file);
}

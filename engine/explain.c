/* explain.c - see explain.h */
#include <string.h>

#include "explain.h"

const char *gk_festival_zh(const char *name)
{
	static const struct { const char *en, *zh; } map[] = {
		{ "New Year's Day", "元旦" }, { "Spring Festival", "春节" },
		{ "Tomb-sweeping Day", "清明节" }, { "Labour Day", "劳动节" },
		{ "Dragon Boat Festival", "端午节" }, { "Mid-autumn Festival", "中秋节" },
		{ "National Day", "国庆节" },
		{ "Anti-Fascist 70th Day", "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日" },
	};

	if (!name)
		return "";
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].en, name) == 0)
			return map[i].zh;
	return name;
}

static void when_text(const gk_rule *r, char *buf, size_t n)
{
	size_t k = 0;

	buf[0] = '\0';
	for (int i = 0; i < r->nwhen && k < n; i++) {
		const gk_cond *c = &r->when[i];

		k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? "，且" : "", gk_fields[c->field].label);
		if (c->op == GK_COND_PRESENT)
			k += (size_t)snprintf(buf + k, n - k, "已填写");
		else if (c->op == GK_COND_ABSENT)
			k += (size_t)snprintf(buf + k, n - k, "未填写");
		else
			for (int j = 0; j < c->nvalues && k < n; j++)
				k += (size_t)snprintf(buf + k, n - k, "%s%s", j ? "或" : "为 ",
						      c->values[j]);
	}
}

/* The weekends and holidays skipped and the make-up days counted in
 * (start, last]. */
static void walk(const gk_calendar *cal, gk_day start, gk_day last, FILE *out)
{
	int weekend = 0, holiday = 0, makeup = 0;
	char a[GK_DATE_LEN + 1], b[GK_DATE_LEN + 1];
	const char *run_name = NULL;
	gk_day run_start = 0, run_end = 0;

	fputs("    节假日：", out);
	for (gk_day d = start + 1; d <= last; d++) {
		const char *name;
		enum gk_day_kind k = gk_calendar_day_kind(cal, d, &name);
		int wd = gk_date_weekday(d);

		if (k == GK_DAY_HOLIDAY) {
			holiday++;
			if (run_name && strcmp(run_name, name ? name : "") == 0 && d == run_end + 1) {
				run_end = d;
				continue;
			}
			if (run_name) {
				gk_date_format(run_start, a);
				gk_date_format(run_end, b);
				fprintf(out, "%s 至 %s（%s） ", a, b, gk_festival_zh(run_name));
			}
			run_name = name ? name : "";
			run_start = run_end = d;
		} else if (k == GK_DAY_WORKDAY) {
			makeup++;
		} else if (wd >= 6) {
			weekend++;
		}
	}
	if (run_name) {
		gk_date_format(run_start, a);
		gk_date_format(run_end, b);
		fprintf(out, "%s 至 %s（%s）", a, b, gk_festival_zh(run_name));
	}
	if (!holiday)
		fputs("无", out);
	fprintf(out, "\n    跳过：周末 %d 天、法定节假日 %d 天\n", weekend, holiday);
	fputs("    调休上班日（计入）：", out);
	for (gk_day d = start + 1; d <= last; d++) {
		const char *name;

		if (gk_calendar_day_kind(cal, d, &name) == GK_DAY_WORKDAY) {
			gk_date_format(d, a);
			fprintf(out, "%s（%s，星期%s） ", a, gk_festival_zh(name),
				gk_date_weekday(d) == 6 ? "六" : "日");
		}
	}
	fputs(makeup ? "\n" : "无\n", out);
}

/* What explain_deadline found besides the text. */
#define EXPLAIN_UNDECIDED 1   /* the deadline lies past the calendar */
#define EXPLAIN_PROVISIONAL 2 /* counted through a provisional year */

/* A deadline past the calendar's last day: judged when the clock stopped
 * (have_stop: on stop, no later than the as-of date) within the limit,
 * else "cannot be judged yet", never compliant.  label names the stop. */
static int explain_uncovered(const gk_judge_ctx *cx, gk_day start, int limit, int have_stop,
			     gk_day stop, const char *label, FILE *out)
{
	int last = gk_calendar_last_year(cx->cal), n = 0;
	char a[GK_DATE_LEN + 1];
	gk_error err;

	fprintf(out, "    期限：落在日历之外（日历止于 %d-12-31，尚无 %d 年的节假日安排），"
		"无法确定具体日期\n", last, last + 1);
	if (have_stop && stop > start &&
	    gk_calendar_workdays_between(cx->cal, start, stop, &n, &err) == 0 && n <= limit) {
		gk_date_format(stop, a);
		fprintf(out, "    %s：%s，距起算 %d 个工作日，未超过 %d 个工作日，在期限内\n",
			label, a, n, limit);
		return 0;
	}
	n = 0;
	if (cx->as_of > start)
		gk_calendar_workdays_between(cx->cal, start, cx->as_of, &n, &err);
	gk_date_format(cx->as_of, a);
	fprintf(out, "    %s：截至 %s 尚无，已过 %d 个工作日\n", label, a, n);
	fprintf(out, "    结论：无法判断：期限在日历之外，截至 %s 尚未逾期，是否按时要等加入 %d 年的"
		"节假日安排（gongkai calendar add 或 calendar provisional）后才能确定\n\n", a,
		last + 1);
	return EXPLAIN_UNDECIDED;
}

static int explain_deadline(const gk_rule *r, const gk_judge_ctx *cx, gk_get_fn get,
			    void *rec, int limit, FILE *out)
{
	gk_day start = 0, d, stop = 0, due, pfrom, pto;
	enum gk_field sf = r->start[0], stop_field = r->stops[0];
	char a[GK_DATE_LEN + 1], b[GK_DATE_LEN + 1];
	int have = 0, have_stop = 0, paused = 0, prov = 0;
	gk_error err;

	for (int i = 0; i < r->nstart; i++)
		if (gk_rec_date(get, rec, r->start[i], &d) && (!have || d > start)) {
			start = d;
			sf = r->start[i];
			have = 1;
		}
	if (!have) {
		fputs("    起算：没有起算日期，无法判断\n", out);
		return 0;
	}
	gk_date_format(start, a);
	fprintf(out, "    起算：%s %s（起算日当天不计入）\n", gk_fields[sf].label, a);
	fprintf(out, "    时限：%d 个工作日\n", limit);
	for (int i = 0; i < r->nstop; i++)
		if (gk_rec_date(get, rec, r->stops[i], &d) && d <= cx->as_of &&
		    (!have_stop || d < stop)) {
			stop = d;
			stop_field = r->stops[i];
			have_stop = 1;
		}
	if (!gk_rule_paused(r, cx, get, rec, start, have_stop ? stop : cx->as_of, &pfrom, &pto,
			    &paused, &err) && paused > 0) {
		gk_date_format(pfrom, a);
		gk_date_format(pto, b);
		fprintf(out, "    不计：%s %s 至 %s%s，%d 个工作日\n", gk_fields[r->pause[0]].label, a,
			b, pto == (have_stop ? stop : cx->as_of) && !get(rec, r->pause[1], NULL) ?
			"（尚未答复）" : "", paused);
		limit += paused;
	}
	if (gk_calendar_add_workdays(cx->cal, start, limit, &due, &err)) {
		if (err.code == GK_ERANGE && gk_calendar_covers(cx->cal, start, NULL))
			return explain_uncovered(cx, start, limit, have_stop, stop,
						 gk_fields[stop_field].label, out);
		fprintf(out, "    期限：无法确定：%s\n", err.msg);
		return EXPLAIN_UNDECIDED;
	}
	walk(cx->cal, start, due, out);
	gk_date_format(due, b);
	fprintf(out, "    期限：%s（第 %d 个工作日，当天仍算按时）\n", b, limit);
	if (gk_calendar_provisional_between(cx->cal, start, due)) {
		fprintf(out, "    暂定：%d 年为暂定日历（按《全国年节及纪念日放假办法》推算，未含调休），"
			"国务院办公厅通知发布后期限可能变化\n", gk_calendar_last_official(cx->cal) + 1);
		prov = EXPLAIN_PROVISIONAL;
	}
	if (have_stop) {
		gk_date_format(stop, a);
		fprintf(out, "    %s：%s，%s\n", gk_fields[stop_field].label, a,
			stop <= due ? "在期限内" : "晚于期限");
	} else {
		gk_date_format(cx->as_of, a);
		fprintf(out, "    %s：截至 %s 尚无，%s\n", gk_fields[r->stops[0]].label, a,
			cx->as_of <= due ? "期限未到" : "期限已过");
	}
	return prov;
}

static void explain_publisher(const gk_rule *r, gk_get_fn get, void *rec, FILE *out)
{
	size_t len, pl;
	const char *pub = get(rec, GK_F_PUBLISHER, &pl);

	fputs("    判断顺序：", out);
	for (int i = 0; i < r->nunits; i++)
		fprintf(out, "%s%s", i ? " → " : "", gk_fields[r->units[i]].label);
	fputc('\n', out);
	for (int i = 0; i < r->nunits; i++) {
		const char *u = get(rec, r->units[i], &len);

		if (!u)
			continue;
		fprintf(out, "    负责单位：%s“%.*s”（%s）\n", gk_fields[r->units[i]].label,
			(int)len, u,
			r->units[i] == GK_F_APPROVER ? "批准结果，谁批准、谁公开" :
			r->units[i] == GK_F_IMPLEMENTER ? "实施事项，谁实施、谁公开" :
			"其他信息，谁制作、谁公开");
		break;
	}
	if (pub)
		fprintf(out, "    发布单位：“%.*s”\n", (int)pl, pub);
	else
		fputs("    发布单位：尚未公开\n", out);
}

void gk_explain_rule(const gk_rule *r, const gk_judge_ctx *cx, gk_get_fn get,
		     void *rec, int applies, gk_day clock, const gk_verdict *v, int nv,
		     FILE *out)
{
	char when[512], a[GK_DATE_LEN + 1], b[GK_DATE_LEN + 1];
	int how = 0;

	fprintf(out, "%s  %s\n    依据：%s\n    定义：%s:%d（%s）\n", r->id, r->message,
		r->basis, r->file, r->line, gk_rule_type_names[r->type]);
	if (r->effective) {
		gk_date_format(r->effective, a);
		fprintf(out, "    施行：%s 起", a);
		if (clock) {
			gk_date_format(clock, b);
			fprintf(out, "；本记录起算于 %s%s", b,
				applies == GK_EXPLAIN_NOT_IN_EFFECT ? "，早于施行日期" : "");
		}
		fputc('\n', out);
	}
	if (r->restates)
		fprintf(out, "    重述：%s（同一记录的同一事实只出一条发现，依据合并）\n",
			r->restates);
	if (applies == GK_EXPLAIN_NOT_IN_EFFECT) {
		fputs("    结论：不适用（本记录的起算日期早于该规则施行之日）\n\n", out);
		return;
	}
	if (!applies) {
		when_text(r, when, sizeof(when));
		fprintf(out, "    结论：不适用（仅适用于%s的记录）\n\n", when);
		return;
	}
	switch (r->type) {
	case GK_RULE_DEADLINE: {
		int limit = r->workdays;
		size_t len;
		const char *flag = r->ext_field >= 0 ? get(rec, (enum gk_field)r->ext_field, &len) : NULL;

		if (flag && len == 1 && flag[0] == '1') {
			limit += r->ext_workdays;
			fprintf(out, "    延期：已批准（%s = 1），另加 %d 个工作日\n",
				gk_fields[r->ext_field].name, r->ext_workdays);
		}
		how = explain_deadline(r, cx, get, rec, limit, out);
		if (how & EXPLAIN_UNDECIDED)
			return;      /* its conclusion is said: never 合规 */
		break;
	}
	case GK_RULE_PUBLISHER:
		explain_publisher(r, get, rec, out);
		break;
	case GK_RULE_REQUIRED:
		fputs(r->any ? "    要求：以下至少填写一项：" : "    要求：以下各项都须填写：", out);
		for (int i = 0; i < r->nfields; i++)
			fprintf(out, "%s%s（%s%s）", i ? "、" : "", gk_fields[r->fields[i]].label,
				gk_fields[r->fields[i]].name,
				get(rec, r->fields[i], NULL) ? "，已填" : "，未填");
		fputc('\n', out);
		break;
	case GK_RULE_ORDER:
		fputs("    顺序：", out);
		for (int i = 0; i < r->nsteps; i++) {
			size_t len;
			const char *s = get(rec, r->steps[i], &len);

			fprintf(out, "%s%s %.*s", i ? " ≤ " : "", gk_fields[r->steps[i]].label,
				s ? (int)len : 6, s ? s : "（未填）");
		}
		fputc('\n', out);
		break;
	default:
		break;
	}
	if (nv == 0) {
		fputs(how & EXPLAIN_PROVISIONAL ? "    结论：合规（暂定）\n\n" : "    结论：合规\n\n",
		      out);
		return;
	}
	for (int i = 0; i < nv; i++)
		fprintf(out, "    结论：%s（%s%s）%s%s\n",
			r->severity == GK_SEV_NOTICE ? "提示" : "不合规",
			gk_category_names[v[i].category], v[i].provisional ? "，暂定" : "",
			v[i].msg[0] ? "：" : "", v[i].msg);
	fputc('\n', out);
}

/*
 * test_notice.c - reading the State Council's holiday notices
 * (engine/notice.h).
 *
 * The notices of six years (tests/fixtures/notices/, written in the
 * notices' usual wordings) must arrange, day for day, what the shipped
 * policies/calendar.yaml says of those years; broken copies of them must be
 * refused with the line and the reason.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/calendar.h"
#include "../../engine/notice.h"
#include "../../stores/policyset/calendar_yaml.h"
#include "../../stores/policyset/source.h"
#include "days.h"

static gk_calendar *cal;          /* the shipped calendar */
static gk_error err;
static gk_notice notice;          /* large: not on the stack */

static const char *top(void)
{
	const char *t = getenv("GK_TOP");

	return t && *t ? t : ".";
}

static int setup(void **state)
{
	char dir[4096];
	gk_source *src = NULL;
	int rc;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/policies", top());
	if (gk_source_open_dir(&src, dir, &err))
		return -1;
	rc = gk_calendar_load(src, &cal, &err);
	gk_source_free(src);
	return rc ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	gk_calendar_free(cal);
	return 0;
}

/* The fixture of year y, NUL-terminated (caller frees). */
static char *fixture(int y)
{
	char path[4096];
	FILE *f;
	long n;
	char *buf;

	snprintf(path, sizeof(path), "%s/tests/fixtures/notices/%d.txt", top(), y);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* s with the first `from` replaced by `to` (caller frees). */
static char *replace(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	char *out;

	if (!p)
		fail_msg("test text lacks '%s'", from);
	out = malloc(strlen(s) - strlen(from) + strlen(to) + 1);
	assert_non_null(out);
	memcpy(out, s, (size_t)(p - s));
	strcpy(out + (p - s), to);
	strcat(out, p + strlen(from));
	return out;
}

static int parse(const char *text)
{
	gk_error_clear(&err);
	return gk_notice_parse("notice.txt", text, strlen(text), &notice, &err) ||
	       gk_notice_check("notice.txt", &notice, &err);
}

/* ---- the shipped years ------------------------------------------------------ */

/* Every day of the notice's year is a rest day exactly when the shipped
 * calendar says so; every weekday off and every make-up day carries the
 * shipped festival name; days the notice sets outside its year (the
 * December before) agree too. */
static void equals_shipped(int y)
{
	char *text = fixture(y);
	int days = 0;

	if (parse(text))
		fail_msg("%d: %s", y, err.msg);
	assert_int_equal(notice.year, y);
	for (gk_day d = gk_date_from_ymd(y, 1, 1); d <= gk_date_from_ymd(y, 12, 31); d++, days++)
		if (gk_calendar_is_workday(cal, d, &err) == gk_notice_rest(&notice, d))
			fail_msg("%d: %s is a %s in calendar.yaml but the notice makes it a %s",
				 y, iso(d), gk_notice_rest(&notice, d) ? "working day" : "rest day",
				 gk_notice_rest(&notice, d) ? "rest day" : "working day");
	for (int i = 0; i < notice.nholidays; i++) {
		const gk_notice_day *h = &notice.holidays[i];
		const char *name;
		enum gk_day_kind k = gk_calendar_day_kind(cal, h->day, &name);

		if (gk_date_weekday(h->day) <= 5 &&
		    (k != GK_DAY_HOLIDAY || strcmp(name, gk_festival_names[h->fest])))
			fail_msg("%d: %s is %s in calendar.yaml, %s in the notice", y, iso(h->day),
				 name ? name : "no holiday", gk_festival_names[h->fest]);
		if (gk_date_year(h->day) != y && gk_calendar_is_workday(cal, h->day, &err) != 0)
			fail_msg("%d: %s off by the notice is a working day", y, iso(h->day));
	}
	for (int i = 0; i < notice.nworkdays; i++) {
		const gk_notice_day *w = &notice.workdays[i];
		const char *name;

		if (gk_calendar_day_kind(cal, w->day, &name) != GK_DAY_WORKDAY ||
		    strcmp(name, gk_festival_names[w->fest]))
			fail_msg("%d: make-up day %s is not one in calendar.yaml", y, iso(w->day));
	}
	assert_true(days >= 365);
	assert_non_null(strstr(notice.title, "部分节假日安排的通知"));
	free(text);
}

/* 2012: 星期, a month left out (29日), 放假公休, 中秋节 and 国庆节 in one
 * item, a make-up day in the December before. */
static void notice_2012(void **state)
{
	(void)state;
	equals_shipped(2012);
	assert_string_equal(notice.number, "国办发明电〔2011〕39号");
	assert_string_equal(iso(notice.workdays[0].day), "2011-12-31");
	assert_int_equal(notice.items[5].nfest, 2);
}

/* 2016: 与周末连休, 补休. */
static void notice_2016(void **state)
{
	(void)state;
	equals_shipped(2016);
	assert_true(notice.items[0].joins_weekend);
	assert_int_equal(notice.items[3].nextra, 1);
	assert_string_equal(iso(notice.items[3].extra[0]), "2016-05-02");
}

/* 2023: a range across the year end (2022年12月31日至2023年1月2日). */
static void notice_2023(void **state)
{
	(void)state;
	equals_shipped(2023);
	assert_string_equal(iso(notice.items[0].from), "2022-12-31");
	assert_string_equal(iso(notice.items[0].to), "2023-01-02");
	assert_int_equal(notice.items[0].total, 3);
}

/* 2024: advice that arranges nothing (鼓励……除夕休息), the address. */
static void notice_2024(void **state)
{
	(void)state;
	equals_shipped(2024);
	assert_non_null(strstr(notice.advice, "鼓励各单位"));
	assert_string_equal(notice.url, "https://www.gov.cn/zhengce/content/202310/content_6911527.htm");
	/* 除夕 (2月9日) stays a working day: the advice is not applied */
	assert_int_equal(gk_notice_rest(&notice, gk_date_from_ymd(2024, 2, 9)), 0);
}

/* 2025: 周X, lunar dates (农历除夕, 农历正月初七), 放假1天，不调休,
 * 国庆节、中秋节 sharing 10月1日至8日 (10月6日 is 中秋). */
static void notice_2025(void **state)
{
	(void)state;
	equals_shipped(2025);
	for (int i = 0; i < notice.nholidays; i++)
		if (notice.holidays[i].day == gk_date_from_ymd(2025, 10, 6))
			assert_int_equal(notice.holidays[i].fest, GK_FEST_MID_AUTUMN);
		else if (notice.holidays[i].day == gk_date_from_ymd(2025, 10, 7))
			assert_int_equal(notice.holidays[i].fest, GK_FEST_NATIONAL);
}

/* 2026: the wording of the issue (2月15日（周日）至23日（周一）…). */
static void notice_2026(void **state)
{
	(void)state;
	equals_shipped(2026);
	assert_int_equal(notice.nitems, 7);
	assert_int_equal(notice.items[1].total, 9);
}

/* ASCII punctuation, no indentation, CRLF line ends: the same year. */
static void notice_plain_ascii(void **state)
{
	char *a = fixture(2026), *b, *c, *d;

	(void)state;
	b = replace(a, "二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。",
		    "二、春节: 2月15日(周日)至23日(周一)放假调休, 共9天.\r\n");
	/* "." is not a sentence end in Chinese text: refused, naming the line */
	assert_int_not_equal(parse(b), 0);
	assert_non_null(strstr(err.msg, "notice.txt:10:"));
	c = replace(a, "二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。",
		    "二、春节: 2月15日(周日)至23日(周一)放假调休, 共9天。\r");
	d = replace(c, "一、元旦：", "  一、 元旦 :  ");
	if (parse(d))
		fail_msg("%s", err.msg);
	assert_int_equal(notice.nitems, 7);
	free(a);
	free(b);
	free(c);
	free(d);
}

/* ---- broken notices ------------------------------------------------------------ */

/* The fixture of year y with from replaced by to must be refused with a
 * message holding want (and want2 when given). */
static void refused(int y, const char *from, const char *to, const char *want,
		    const char *want2)
{
	char *a = fixture(y), *b = replace(a, from, to);

	if (!parse(b))
		fail_msg("accepted a notice with '%s'", to);
	if (!strstr(err.msg, want) || (want2 && !strstr(err.msg, want2)))
		fail_msg("message '%s' lacks '%s'%s%s", err.msg, want, want2 ? " or " : "",
			 want2 ? want2 : "");
	free(a);
	free(b);
}

static void broken_notices(void **state)
{
	(void)state;
	refused(2026, "国务院办公厅关于2026年部分节假日安排的通知", "关于节假日的通知",
		"cannot find the notice's title", NULL);
	/* a weekday that does not match its date */
	refused(2026, "1月4日（周日）上班", "1月4日（周六）上班", "notice.txt:8:",
		"2026-01-04 is a 星期日, but the notice says 星期六");
	/* a lunar date that does not match */
	refused(2026, "农历正月初七", "农历正月初八", "notice.txt:10:", "农历正月初八, which is 2026-02-24");
	/* 共N天 that does not add up */
	refused(2026, "共9天", "共8天", "notice.txt:10:", "共8天, but its days off are 9 days");
	/* a make-up day on a weekday */
	refused(2025, "4月27日（周日）上班", "4月28日（周一）上班", "notice.txt:8:",
		"the make-up working day 2025-04-28 is a 星期一");
	/* a sentence it cannot read */
	refused(2025, "4月4日（周五）至6日（周日）放假，共3天。",
		"4月4日（周五）至6日（周日）放假，共3天，请各单位自行安排。", "notice.txt:7:",
		"cannot read '请各单位自行安排' in the 清明节 item");
	/* an arrangement outside the items (its number lost) */
	refused(2024, "　　五、端午节：6月10日放假，与周末连休。", "　　另外6月10日放假。",
		"notice.txt:9:", "not an item");
	/* an item missing altogether */
	refused(2024, "　　五、端午节：6月10日放假，与周末连休。\n", "",
		"no item for 端午节", NULL);
	/* a festival that is not a statutory holiday */
	refused(2024, "五、端午节：", "五、重阳节：", "notice.txt:9:", "'重阳节' is not a statutory holiday");
	/* a statutory day made a working day */
	refused(2026, "三、清明节：4月4日（周六）至6日（周一）放假，共3天。",
		"三、清明节：4月6日（周一）放假，共1天。4月5日（周日）上班。",
		"2026-04-05 (清明节) is a statutory holiday of 2026", "makes it a working day");
	/* a day given by two items */
	refused(2024, "六、中秋节：9月15日至17日", "六、中秋节：10月1日至3日", "notice.txt:11:",
		"day off of two items");
	/* make-up days as a range */
	refused(2026, "2月14日（周六）、2月28日（周六）上班", "2月14日（周六）至15日上班", "notice.txt:10:",
		"one by one");
	/* a date that does not exist */
	refused(2026, "6月19日（周五）至21日（周日）", "6月31日至21日", "notice.txt:16:", "6月31日 does not exist");
	/* no items at all */
	{
		const char *t = "国务院办公厅关于2027年部分节假日安排的通知\n各省：\n";

		assert_int_not_equal(parse(t), 0);
		assert_non_null(strstr(err.msg, "no items"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(notice_2012),
		cmocka_unit_test(notice_2016),
		cmocka_unit_test(notice_2023),
		cmocka_unit_test(notice_2024),
		cmocka_unit_test(notice_2025),
		cmocka_unit_test(notice_2026),
		cmocka_unit_test(notice_plain_ascii),
		cmocka_unit_test(broken_notices),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

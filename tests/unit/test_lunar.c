/*
 * test_lunar.c - the computed Chinese calendar (engine/lunar.h) and the
 * statutory holidays and provisional years built on it (engine/holidays.h).
 *
 * Three kinds of evidence:
 *   - the festivals of 2004-2030 as published in the lunar calendar tables
 *     (春节, 清明, 端午, 中秋), every leap month of the period included;
 *   - every official year 2004-2026 of policies/calendar.yaml: each day its
 *     law made a statutory holiday is a rest day, declared a holiday of its
 *     own festival (a day two festivals share carries one of the names; a
 *     weekend day the source left out must border a day of its festival);
 *   - worked examples of Meeus, Astronomical Algorithms.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../engine/calendar.h"
#include "../../engine/holidays.h"
#include "../../engine/lunar.h"
#include "../../stores/policyset/calendar_yaml.h"
#include "../../stores/policyset/source.h"
#include "days.h"

static gk_error err;

/* Published dates: 正月初一, 清明, 端午 (五月初五), 中秋 (八月十五). */
static const struct {
	int year;
	const char *spring, *qingming, *dragon, *autumn;
} published[] = {
	{ 2004, "2004-01-22", "2004-04-04", "2004-06-22", "2004-09-28" },
	{ 2005, "2005-02-09", "2005-04-05", "2005-06-11", "2005-09-18" },
	{ 2006, "2006-01-29", "2006-04-05", "2006-05-31", "2006-10-06" },
	{ 2007, "2007-02-18", "2007-04-05", "2007-06-19", "2007-09-25" },
	{ 2008, "2008-02-07", "2008-04-04", "2008-06-08", "2008-09-14" },
	{ 2009, "2009-01-26", "2009-04-04", "2009-05-28", "2009-10-03" },
	{ 2010, "2010-02-14", "2010-04-05", "2010-06-16", "2010-09-22" },
	{ 2011, "2011-02-03", "2011-04-05", "2011-06-06", "2011-09-12" },
	{ 2012, "2012-01-23", "2012-04-04", "2012-06-23", "2012-09-30" },
	{ 2013, "2013-02-10", "2013-04-04", "2013-06-12", "2013-09-19" },
	{ 2014, "2014-01-31", "2014-04-05", "2014-06-02", "2014-09-08" },
	{ 2015, "2015-02-19", "2015-04-05", "2015-06-20", "2015-09-27" },
	{ 2016, "2016-02-08", "2016-04-04", "2016-06-09", "2016-09-15" },
	{ 2017, "2017-01-28", "2017-04-04", "2017-05-30", "2017-10-04" },
	{ 2018, "2018-02-16", "2018-04-05", "2018-06-18", "2018-09-24" },
	{ 2019, "2019-02-05", "2019-04-05", "2019-06-07", "2019-09-13" },
	{ 2020, "2020-01-25", "2020-04-04", "2020-06-25", "2020-10-01" },
	{ 2021, "2021-02-12", "2021-04-04", "2021-06-14", "2021-09-21" },
	{ 2022, "2022-02-01", "2022-04-05", "2022-06-03", "2022-09-10" },
	{ 2023, "2023-01-22", "2023-04-05", "2023-06-22", "2023-09-29" },
	{ 2024, "2024-02-10", "2024-04-04", "2024-06-10", "2024-09-17" },
	{ 2025, "2025-01-29", "2025-04-04", "2025-05-31", "2025-10-06" },
	{ 2026, "2026-02-17", "2026-04-05", "2026-06-19", "2026-09-25" },
	{ 2027, "2027-02-06", "2027-04-05", "2027-06-09", "2027-09-15" },
	{ 2028, "2028-01-26", "2028-04-04", "2028-05-28", "2028-10-03" },
	{ 2029, "2029-02-13", "2029-04-04", "2029-06-16", "2029-09-22" },
	{ 2030, "2030-02-03", "2030-04-05", "2030-06-05", "2030-09-12" },
};

#define NPUB (sizeof(published) / sizeof(published[0]))

static void expect_lunar(int y, int m, int d, const char *want)
{
	gk_day got = 0;

	gk_error_clear(&err);
	if (gk_lunar_to_day(y, m, d, &got, &err))
		fail_msg("lunar %d-%02d-%02d: %s", y, m, d, err.msg);
	if (strcmp(iso(got), want))
		fail_msg("lunar %d-%02d-%02d: computed %s, published %s", y, m, d, iso(got), want);
}

static void festivals_2004_2030(void **state)
{
	(void)state;
	for (size_t i = 0; i < NPUB; i++) {
		int y = published[i].year;
		gk_day q = 0;

		expect_lunar(y, 1, 1, published[i].spring);
		expect_lunar(y, 5, 5, published[i].dragon);
		expect_lunar(y, 8, 15, published[i].autumn);
		assert_int_equal(gk_lunar_solar_term(y, 15, &q, &err), 0);
		if (strcmp(iso(q), published[i].qingming))
			fail_msg("清明 %d: computed %s, published %s", y, iso(q), published[i].qingming);
	}
}

/* Lunar months have 29 or 30 days; a year starts between 21 January and
 * 20 February; 除夕 is the last day of the 12th month. */
static void months_are_lunations(void **state)
{
	(void)state;
	for (int y = 2004; y <= 2030; y++) {
		gk_day prev, cur, next_ny, last;

		assert_int_equal(gk_lunar_to_day(y, 1, 1, &prev, &err), 0);
		assert_true(prev >= gk_date_from_ymd(y, 1, 21) && prev <= gk_date_from_ymd(y, 2, 20));
		for (int m = 2; m <= 12; m++) {
			assert_int_equal(gk_lunar_to_day(y, m, 1, &cur, &err), 0);
			/* a leap month may sit in between: one or two lunations */
			assert_true((cur - prev >= 29 && cur - prev <= 30) ||
				    (cur - prev >= 58 && cur - prev <= 60));
			prev = cur;
		}
		assert_int_equal(gk_lunar_to_day(y + 1, 1, 1, &next_ny, &err), 0);
		if (gk_lunar_to_day(y, 12, 30, &last, &err) == 0)
			assert_int_equal(last, next_ny - 1);
		else
			assert_int_equal(gk_lunar_to_day(y, 12, 29, &last, &err) == 0 &&
					 last == next_ny - 1, 1);
	}
}

static void meeus_examples(void **state)
{
	(void)state;
	/* Example 49.a: the new moon of February 1977, k = -283. */
	assert_true(fabs(gk_lunar_new_moon(-283) - 2443192.65118) < 0.00005);
	/* Example 25.b: 1992 October 13.0 TD, apparent longitude 199.906
	 * degrees (within 2"). */
	assert_true(fabs(gk_lunar_sun_longitude(2448908.5) - 199.90599) < 2.0 / 3600);
	/* The equinox of 2000 March 20 07:35 UT has longitude 0. */
	{
		gk_day d;

		assert_int_equal(gk_lunar_solar_term(2000, 0, &d, &err), 0);
		assert_string_equal(iso(d), "2000-03-20");
	}
	/* 冬至 2021 fell at 23:59 Beijing time on 21 December. */
	{
		gk_day d;

		assert_int_equal(gk_lunar_solar_term(2021, 270, &d, &err), 0);
		assert_string_equal(iso(d), "2021-12-21");
	}
}

static void range_and_bad_input(void **state)
{
	gk_day d;

	(void)state;
	gk_error_clear(&err);
	assert_int_equal(gk_lunar_to_day(1900, 1, 1, &d, &err), GK_ERANGE);
	assert_non_null(strstr(err.msg, "1901-2099"));
	assert_int_equal(gk_lunar_to_day(2100, 1, 1, &d, &err), GK_ERANGE);
	assert_int_equal(gk_lunar_to_day(2025, 13, 1, &d, &err), GK_EINVAL);
	assert_int_equal(gk_lunar_to_day(2025, 1, 31, &d, &err), GK_EINVAL);
	/* 2025's second month has 29 days (2025-02-28 to 2025-03-28). */
	assert_int_equal(gk_lunar_to_day(2025, 1, 30, &d, &err), 0);
	assert_string_equal(iso(d), "2025-02-27");
	assert_int_equal(gk_lunar_to_day(2025, 2, 30, &d, &err), GK_EINVAL);
	assert_non_null(strstr(err.msg, "only 29 days"));
	assert_int_equal(gk_lunar_solar_term(2025, 10, &d, &err), GK_EINVAL);
}

/* ---- the law, year by year ------------------------------------------------ */

static int has(const gk_holiday *h, int n, const char *day, enum gk_festival f, int sub)
{
	for (int i = 0; i < n; i++)
		if (h[i].day == D(day) && h[i].fest == f && h[i].substitute == sub)
			return 1;
	return 0;
}

static int count(const gk_holiday *h, int n, enum gk_festival f)
{
	int c = 0;

	for (int i = 0; i < n; i++)
		c += h[i].fest == f;
	return c;
}

static void statutory_days_by_revision(void **state)
{
	gk_holiday h[GK_HOLIDAYS_MAX];
	int n;

	(void)state;
	/* 1999 revision: 春节 初一-初三, 劳动节 3, no 清明/端午/中秋. */
	assert_int_equal(gk_holidays_statutory(2007, h, &n, &err), 0);
	assert_int_equal(n, 1 + 3 + 3 + 3);
	assert_true(has(h, n, "2007-02-18", GK_FEST_SPRING, 0));
	assert_true(has(h, n, "2007-05-03", GK_FEST_LABOUR, 0));
	assert_int_equal(count(h, n, GK_FEST_QINGMING), 0);
	/* 2007 revision: 除夕 to 初二, 劳动节 1, the three new festivals. */
	assert_int_equal(gk_holidays_statutory(2008, h, &n, &err), 0);
	assert_int_equal(n, 1 + 3 + 1 + 1 + 1 + 1 + 3);
	assert_true(has(h, n, "2008-02-06", GK_FEST_SPRING, 0));   /* 除夕 */
	assert_true(has(h, n, "2008-02-08", GK_FEST_SPRING, 0));   /* 初二 */
	assert_false(has(h, n, "2008-02-09", GK_FEST_SPRING, 0));
	assert_true(has(h, n, "2008-04-04", GK_FEST_QINGMING, 0));
	/* 2013 revision: 初一 to 初三. */
	assert_int_equal(gk_holidays_statutory(2024, h, &n, &err), 0);
	assert_false(has(h, n, "2024-02-09", GK_FEST_SPRING, 0));
	assert_true(has(h, n, "2024-02-12", GK_FEST_SPRING, 0));
	assert_int_equal(count(h, n, GK_FEST_LABOUR), 1);
	/* 2024 revision: 除夕 to 初三, 劳动节 5月1-2日. */
	assert_int_equal(gk_holidays_statutory(2025, h, &n, &err), 0);
	assert_int_equal(n, 1 + 4 + 1 + 2 + 1 + 1 + 3);
	assert_true(has(h, n, "2025-01-28", GK_FEST_SPRING, 0));
	assert_true(has(h, n, "2025-01-31", GK_FEST_SPRING, 0));
	assert_true(has(h, n, "2025-05-02", GK_FEST_LABOUR, 0));
	assert_non_null(strstr(gk_holidays_law(2025), "2025年1月1日起施行"));
	assert_non_null(strstr(gk_holidays_law(2013), "2007年"));
	assert_int_equal(gk_holidays_statutory(1999, h, &n, &err), GK_ERANGE);
}

static void official_years_hold_their_statutory_days(void **state)
{
	const char *top = getenv("GK_TOP");
	char dir[4096];
	gk_source *src = NULL;
	gk_calendar *cal = NULL;
	int checked = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/policies", top && *top ? top : ".");
	if (gk_source_open_dir(&src, dir, &err) || gk_calendar_load(src, &cal, &err))
		fail_msg("cannot load %s: %s", dir, err.msg);
	for (int y = 2004; y <= 2026; y++) {
		gk_holiday h[GK_HOLIDAYS_MAX];
		int n;

		assert_false(gk_calendar_year_provisional(cal, y));
		assert_int_equal(gk_holidays_statutory(y, h, &n, &err), 0);
		for (int i = 0; i < n; i++) {
			const char *name, *own = gk_festival_names[h[i].fest];
			enum gk_day_kind k = gk_calendar_day_kind(cal, h[i].day, &name);
			int shared = 0, borders = 0;

			if (gk_calendar_is_workday(cal, h[i].day, &err) != 0)
				fail_msg("%d: %s (%s) is a working day in calendar.yaml", y,
					 iso(h[i].day), gk_festival_name_zh(h[i].fest));
			for (int j = 0; j < n; j++)
				shared |= j != i && h[j].day == h[i].day;
			for (int dd = -1; dd <= 1; dd += 2) {
				const char *nb;

				borders |= gk_calendar_day_kind(cal, h[i].day + dd, &nb) ==
					   GK_DAY_HOLIDAY && nb && strcmp(nb, own) == 0;
			}
			if (k == GK_DAY_HOLIDAY && name && strcmp(name, own) == 0)
				checked++;
			else if (k == GK_DAY_HOLIDAY && shared)
				checked++;
			else if (k == GK_DAY_NORMAL && gk_date_weekday(h[i].day) >= 6 && borders)
				checked++;
			else
				fail_msg("%d: %s (%s) is not among the days of its festival", y,
					 iso(h[i].day), gk_festival_name_zh(h[i].fest));
		}
	}
	/* 23 years: 4 of the 1999 rules (10 days each), 6 of 2007 (11),
	 * 11 of 2013 (11), 2 of 2024 (13). */
	assert_int_equal(checked, 4 * 10 + 6 * 11 + 11 * 11 + 2 * 13);
	gk_calendar_free(cal);
	gk_source_free(src);
}

static void provisional_2027(void **state)
{
	gk_holiday h[GK_HOLIDAYS_MAX];
	int n, subs = 0;

	(void)state;
	assert_int_equal(gk_holidays_provisional(2027, h, &n, &err), 0);
	/* 春节: 除夕 Fri 5 Feb, 初一 Sat, 初二 Sun, 初三 Mon 8 Feb: the
	 * weekend's two days are made up on Tue 9 and Wed 10 Feb. */
	assert_true(has(h, n, "2027-02-05", GK_FEST_SPRING, 0));
	assert_true(has(h, n, "2027-02-06", GK_FEST_SPRING, 0));
	assert_true(has(h, n, "2027-02-08", GK_FEST_SPRING, 0));
	assert_true(has(h, n, "2027-02-09", GK_FEST_SPRING, 1));
	assert_true(has(h, n, "2027-02-10", GK_FEST_SPRING, 1));
	/* 劳动节 Sat 1 and Sun 2 May: Mon 3 and Tue 4 May. */
	assert_true(has(h, n, "2027-05-03", GK_FEST_LABOUR, 1));
	assert_true(has(h, n, "2027-05-04", GK_FEST_LABOUR, 1));
	/* 国庆节 Fri 1 - Sun 3 Oct: Mon 4 and Tue 5 Oct. */
	assert_true(has(h, n, "2027-10-05", GK_FEST_NATIONAL, 1));
	assert_false(has(h, n, "2027-10-06", GK_FEST_NATIONAL, 1));
	for (int i = 0; i < n; i++) {
		subs += h[i].substitute;
		/* a substitute is always a weekday */
		if (h[i].substitute)
			assert_true(gk_date_weekday(h[i].day) <= 5);
		if (i)
			assert_true(h[i].day > h[i - 1].day);
	}
	assert_int_equal(subs, 6);
}

/* 2028: 元旦 on a Saturday (补假 Monday 3 January); 中秋 on 3 October,
 * a day 国庆节 holds too: 国庆节 is owed two days (Sunday the 1st and the
 * shared 3rd), made up on the 4th and 5th. */
static void provisional_shared_and_weekend(void **state)
{
	gk_holiday h[GK_HOLIDAYS_MAX];
	int n;

	(void)state;
	assert_int_equal(gk_holidays_provisional(2028, h, &n, &err), 0);
	assert_true(has(h, n, "2028-01-03", GK_FEST_NEW_YEAR, 1));
	assert_true(has(h, n, "2028-10-03", GK_FEST_MID_AUTUMN, 0));
	assert_true(has(h, n, "2028-10-04", GK_FEST_NATIONAL, 1));
	assert_true(has(h, n, "2028-10-05", GK_FEST_NATIONAL, 1));
	assert_false(has(h, n, "2028-10-06", GK_FEST_NATIONAL, 1));
	/* 2029: no statutory day on a weekend but 端午 (Sat 16 June) and
	 * 中秋 (Sat 22 September). */
	assert_int_equal(gk_holidays_provisional(2029, h, &n, &err), 0);
	assert_true(has(h, n, "2029-06-18", GK_FEST_DRAGON_BOAT, 1));
	assert_true(has(h, n, "2029-09-24", GK_FEST_MID_AUTUMN, 1));
}

static void festival_names(void **state)
{
	(void)state;
	assert_int_equal(gk_festival_lookup("清明", strlen("清明")), GK_FEST_QINGMING);
	assert_int_equal(gk_festival_lookup("清明节", strlen("清明节")), GK_FEST_QINGMING);
	assert_int_equal(gk_festival_lookup("Labour Day", 10), GK_FEST_LABOUR);
	assert_int_equal(gk_festival_lookup("重阳节", strlen("重阳节")), -1);
	assert_string_equal(gk_festival_name_zh(GK_FEST_MID_AUTUMN), "中秋节");
}

/* A provisional year is computed when it is asked for: well under a
 * millisecond. */
static void provisional_is_fast(void **state)
{
	gk_holiday h[GK_HOLIDAYS_MAX];
	struct timespec a, b;
	int n;
	double us;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int y = 2000; y <= 2099; y++)
		assert_int_equal(gk_holidays_provisional(y, h, &n, &err), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	us = ((double)(b.tv_sec - a.tv_sec) * 1e6 + (double)(b.tv_nsec - a.tv_nsec) / 1e3) / 100;
	printf("# provisional year: %.0f us each (2000-2099)\n", us);
	assert_true(us < 50000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(festivals_2004_2030),
		cmocka_unit_test(months_are_lunations),
		cmocka_unit_test(meeus_examples),
		cmocka_unit_test(range_and_bad_input),
		cmocka_unit_test(statutory_days_by_revision),
		cmocka_unit_test(official_years_hold_their_statutory_days),
		cmocka_unit_test(provisional_2027),
		cmocka_unit_test(provisional_shared_and_weekend),
		cmocka_unit_test(festival_names),
		cmocka_unit_test(provisional_is_fast),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

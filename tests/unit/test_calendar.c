/*
 * test_calendar.c - working days (engine/calendar.h) over the real
 * policies/calendar.yaml, and the calendar file parser
 * (stores/calendar_yaml.h) on small inline files.
 *
 * The policy set is found at $GK_TOP/policies (tests/run.sh exports GK_TOP),
 * else ./policies, so the binary runs from the project root or anywhere the
 * runner points it.
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
#include "../../stores/policyset/calendar_yaml.h"
#include "../../stores/policyset/source.h"
#include "days.h"

static gk_calendar *cal;	/* the real calendar, loaded once */
static gk_error err;

static int load_real(void **state)
{
	const char *top = getenv("GK_TOP");
	char dir[4096];
	gk_source *src = NULL;
	int rc;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/policies", top && *top ? top : ".");
	gk_error_clear(&err);
	if (gk_source_open_dir(&src, dir, &err)) {
		fprintf(stderr, "cannot open %s: %s\n", dir, err.msg);
		return -1;
	}
	rc = gk_calendar_load(src, &cal, &err);
	gk_source_free(src);
	if (rc) {
		fprintf(stderr, "cannot load the calendar: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int free_real(void **state)
{
	(void)state;
	gk_calendar_free(cal);
	cal = NULL;
	return 0;
}

static int workday(const char *d)
{
	gk_error_clear(&err);
	return gk_calendar_is_workday(cal, D(d), &err);
}

static const char *add(const char *from, int n)
{
	gk_day out = -1;

	gk_error_clear(&err);
	assert_int_equal(gk_calendar_add_workdays(cal, D(from), n, &out, &err), 0);
	return iso(out);
}

static int between(const char *a, const char *b)
{
	int n = -12345;

	gk_error_clear(&err);
	assert_int_equal(gk_calendar_workdays_between(cal, D(a), D(b), &n, &err), 0);
	return n;
}

/* ---- the real calendar -------------------------------------------------- */

static void real_covers_2004_2026(void **state)
{
	(void)state;
	assert_int_equal(gk_calendar_first_year(cal), 2004);
	assert_int_equal(gk_calendar_last_year(cal), 2026);
	assert_non_null(strstr(gk_calendar_source(cal), "calendar.yaml"));
	assert_int_equal(gk_calendar_covers(cal, D("2004-01-01"), NULL), 1);
	assert_int_equal(gk_calendar_covers(cal, D("2026-12-31"), NULL), 1);
	assert_int_equal(gk_calendar_covers(cal, D("2003-12-31"), NULL), 0);
	assert_int_equal(gk_calendar_covers(cal, D("2027-01-01"), NULL), 0);
}

static void ordinary_week(void **state)
{
	(void)state;
	/* 2021-03-08 (Mon) .. 2021-03-14 (Sun): no declarations */
	assert_int_equal(workday("2021-03-08"), 1);
	assert_int_equal(workday("2021-03-12"), 1);
	assert_int_equal(workday("2021-03-13"), 0);
	assert_int_equal(workday("2021-03-14"), 0);
	assert_int_equal(gk_calendar_day_kind(cal, D("2021-03-13"), NULL),
			 GK_DAY_NORMAL);
}

static void makeup_weekend_days_are_workdays(void **state)
{
	const char *name = "x";

	(void)state;
	assert_int_equal(workday("2021-02-07"), 1);	/* Sunday */
	assert_int_equal(workday("2021-02-20"), 1);	/* Saturday */
	assert_int_equal(workday("2020-01-19"), 1);	/* Sunday */
	assert_int_equal(workday("2026-01-04"), 1);	/* Sunday */
	assert_int_equal(gk_calendar_day_kind(cal, D("2021-02-07"), &name),
			 GK_DAY_WORKDAY);
	assert_non_null(name);
	assert_string_equal(name, "Spring Festival");
	/* the weekend next to them stays a rest day */
	assert_int_equal(workday("2021-02-06"), 0);
	assert_int_equal(workday("2021-02-21"), 0);
}

static void holidays_are_rest_days(void **state)
{
	const char *name = NULL;

	(void)state;
	assert_int_equal(workday("2021-02-11"), 0);	/* Thu */
	assert_int_equal(workday("2021-02-17"), 0);	/* Wed, in lieu */
	assert_int_equal(workday("2021-02-18"), 1);	/* Thu, back at work */
	assert_int_equal(workday("2021-10-01"), 0);
	assert_int_equal(workday("2004-01-01"), 0);
	assert_int_equal(gk_calendar_day_kind(cal, D("2021-10-01"), &name),
			 GK_DAY_HOLIDAY);
	assert_string_equal(name, "National Day");
	assert_int_equal(gk_calendar_day_kind(cal, D("2021-03-10"), &name),
			 GK_DAY_NORMAL);
	assert_null(name);
}

static void spring_festival_2020_extension(void **state)
{
	(void)state;
	assert_int_equal(workday("2020-01-23"), 1);
	assert_int_equal(workday("2020-01-30"), 0);
	assert_int_equal(workday("2020-01-31"), 0);	/* Fri, extension */
	assert_int_equal(workday("2020-02-01"), 0);	/* Sat, make-up day cancelled */
	assert_int_equal(workday("2020-02-02"), 0);	/* Sun */
	assert_int_equal(workday("2020-02-03"), 1);	/* Mon */
	assert_int_equal(gk_calendar_day_kind(cal, D("2020-02-01"), NULL),
			 GK_DAY_HOLIDAY);
	assert_string_equal(add("2020-01-23", 1), "2020-02-03");
	assert_int_equal(between("2020-01-23", "2020-02-03"), 1);
	assert_int_equal(between("2020-01-23", "2020-02-02"), 0);
}

static void b1_twenty_workdays(void **state)
{
	(void)state;
	/* Fri 2021-01-22 + 20 working days crosses the 2021 Spring Festival,
	 * with make-up days 02-07 (Sun) and 02-20 (Sat) counted */
	assert_string_equal(add("2021-01-22", 20), "2021-02-24");
	assert_int_equal(between("2021-01-22", "2021-02-24"), 20);
	assert_int_equal(between("2021-01-22", "2021-02-23"), 19);
	assert_string_equal(add("2021-01-22", 11), "2021-02-07");
	assert_string_equal(add("2021-01-22", 17), "2021-02-20");
}

static void start_day_not_counted(void **state)
{
	(void)state;
	assert_string_equal(add("2021-03-12", 1), "2021-03-15");	/* Fri -> Mon */
	assert_string_equal(add("2021-03-13", 1), "2021-03-15");	/* Sat -> Mon */
	assert_string_equal(add("2021-03-15", 1), "2021-03-16");
	assert_string_equal(add("2021-03-12", 5), "2021-03-19");
	/* from a holiday: the next working day is the first */
	assert_string_equal(add("2021-10-01", 1), "2021-10-08");
	assert_int_equal(between("2021-03-12", "2021-03-15"), 1);
	assert_int_equal(between("2021-03-12", "2021-03-14"), 0);
}

static void add_zero_is_the_day_itself(void **state)
{
	(void)state;
	assert_string_equal(add("2021-03-13", 0), "2021-03-13");	/* a Saturday */
	assert_string_equal(add("2021-03-12", 0), "2021-03-12");
	assert_string_equal(add("2021-10-01", 0), "2021-10-01");	/* a holiday */
	assert_string_equal(add("2026-12-31", 0), "2026-12-31");
}

static void add_negative_refused(void **state)
{
	gk_day out = 0;

	(void)state;
	gk_error_clear(&err);
	assert_int_equal(gk_calendar_add_workdays(cal, D("2021-03-12"), -1, &out, &err),
			 GK_EINVAL);
	assert_int_equal(err.code, GK_EINVAL);
	assert_non_null(strstr(err.msg, "-1"));
}

static void between_same_day_and_antisymmetric(void **state)
{
	(void)state;
	assert_int_equal(between("2021-03-12", "2021-03-12"), 0);
	assert_int_equal(between("2021-03-13", "2021-03-13"), 0);
	assert_int_equal(between("2021-02-24", "2021-01-22"), -20);
	assert_int_equal(between("2021-03-15", "2021-03-12"), -1);
	assert_int_equal(between("2004-01-01", "2026-12-31"),
			 -between("2026-12-31", "2004-01-01"));
}

/* A small deterministic generator: the same pairs on every run. */
static uint32_t rng = 20210122u;

static uint32_t next_rand(void)
{
	rng = rng * 1664525u + 1013904223u;
	return rng >> 8;
}

static void add_between_consistent(void **state)
{
	gk_day first = D("2004-01-01"), last = D("2026-12-31");
	int span = last - first + 1;

	(void)state;
	for (int i = 0; i < 5000; i++) {
		gk_day a = first + (gk_day)(next_rand() % (uint32_t)(span - 400));
		int n = (int)(next_rand() % 250), k = -1;
		gk_day b = -1;

		assert_int_equal(gk_calendar_add_workdays(cal, a, n, &b, &err), 0);
		assert_true(b >= a);
		assert_int_equal(gk_calendar_workdays_between(cal, a, b, &k, &err), 0);
		assert_int_equal(k, n);
		assert_int_equal(gk_calendar_workdays_between(cal, b, a, &k, &err), 0);
		assert_int_equal(k, -n);
		if (n > 0) {
			/* b is a working day, and the first day reaching n */
			assert_int_equal(gk_calendar_is_workday(cal, b, &err), 1);
			assert_int_equal(gk_calendar_workdays_between(cal, a, b - 1, &k, &err), 0);
			assert_int_equal(k, n - 1);
		}
	}
	/* arbitrary pairs: between counts working days in (a, b] one by one */
	for (int i = 0; i < 300; i++) {
		gk_day a = first + (gk_day)(next_rand() % (uint32_t)span);
		gk_day b = a + (gk_day)(next_rand() % 120) - 60;
		int k = 0, want = 0;

		if (b < first || b > last)
			continue;
		for (gk_day d = (a < b ? a : b) + 1; d <= (a < b ? b : a); d++)
			want += gk_calendar_is_workday(cal, d, &err);
		if (b < a)
			want = -want;
		assert_int_equal(gk_calendar_workdays_between(cal, a, b, &k, &err), 0);
		assert_int_equal(k, want);
	}
}

static void every_covered_day_is_classified(void **state)
{
	gk_day first = D("2004-01-01"), last = D("2026-12-31");
	int running = 0;

	(void)state;
	for (gk_day d = first; d <= last; d++) {
		int w = gk_calendar_is_workday(cal, d, &err);
		enum gk_day_kind k = gk_calendar_day_kind(cal, d, NULL);
		int wd = gk_date_weekday(d), got = -1;

		assert_true(w == 0 || w == 1);
		if (k == GK_DAY_WORKDAY)
			assert_int_equal(w, 1);
		else if (k == GK_DAY_HOLIDAY)
			assert_int_equal(w, 0);
		else
			assert_int_equal(w, wd <= 5);
		running += w;
		assert_int_equal(gk_calendar_workdays_between(cal, first, d, &got, &err), 0);
		assert_int_equal(got, running - gk_calendar_is_workday(cal, first, &err));
	}
}

static void range_edges(void **state)
{
	gk_day out = 0;
	int n = 0;

	(void)state;
	assert_int_equal(workday("2026-12-31"), 1);	/* Thursday */
	assert_int_equal(workday("2004-01-02"), 1);
	assert_string_equal(add("2026-12-30", 1), "2026-12-31");
	assert_int_equal(between("2026-12-30", "2026-12-31"), 1);
	assert_int_equal(between("2004-01-01", "2004-01-02"), 1);

	/* a deadline running past the last covered day */
	gk_error_clear(&err);
	assert_int_equal(gk_calendar_add_workdays(cal, D("2026-12-31"), 1, &out, &err),
			 GK_ERANGE);
	assert_int_equal(err.code, GK_ERANGE);
	assert_non_null(strstr(err.msg, "2027"));
	gk_error_clear(&err);
	assert_int_equal(gk_calendar_add_workdays(cal, D("2026-12-01"), 40, &out, &err),
			 GK_ERANGE);
	assert_non_null(strstr(err.msg, "2027"));
	gk_error_clear(&err);
	assert_int_equal(gk_calendar_workdays_between(cal, D("2026-12-31"),
						      D("2027-01-04"), &n, &err),
			 GK_ERANGE);
	assert_non_null(strstr(err.msg, "2027"));
}

static void out_of_range_names_year(void **state)
{
	gk_day out = 0;
	int n = 0;

	(void)state;
	gk_error_clear(&err);
	assert_int_equal(gk_calendar_is_workday(cal, D("2027-03-01"), &err), GK_ERANGE);
	assert_int_equal(err.code, GK_ERANGE);
	assert_non_null(strstr(err.msg, "does not cover 2027"));
	assert_non_null(strstr(err.msg, "2004-2026"));
	assert_non_null(strstr(err.msg, "calendar.yaml"));

	gk_error_clear(&err);
	assert_int_equal(gk_calendar_is_workday(cal, D("2003-12-31"), &err), GK_ERANGE);
	assert_non_null(strstr(err.msg, "does not cover 2003"));

	gk_error_clear(&err);
	assert_int_equal(gk_calendar_add_workdays(cal, D("2003-06-01"), 3, &out, &err),
			 GK_ERANGE);
	assert_non_null(strstr(err.msg, "does not cover 2003"));

	gk_error_clear(&err);
	assert_int_equal(gk_calendar_add_workdays(cal, D("2030-06-01"), 0, &out, &err),
			 GK_ERANGE);
	assert_non_null(strstr(err.msg, "does not cover 2030"));

	/* either end of a between names its own missing year */
	gk_error_clear(&err);
	assert_int_equal(gk_calendar_workdays_between(cal, D("2003-12-30"),
						      D("2004-01-05"), &n, &err),
			 GK_ERANGE);
	assert_non_null(strstr(err.msg, "does not cover 2003"));
	gk_error_clear(&err);
	assert_int_equal(gk_calendar_workdays_between(cal, D("2020-01-01"),
						      D("2027-01-05"), &n, &err),
			 GK_ERANGE);
	assert_non_null(strstr(err.msg, "does not cover 2027"));

	/* covers() fills err too, and accepts NULL */
	gk_error_clear(&err);
	assert_int_equal(gk_calendar_covers(cal, D("2027-01-01"), &err), 0);
	assert_non_null(strstr(err.msg, "2027"));
}

/* ---- building a calendar by hand ---------------------------------------- */

static void declare_api(void **state)
{
	gk_calendar *c = NULL;
	gk_day out = 0;
	const char *name = NULL;

	(void)state;
	gk_error_clear(&err);
	assert_int_equal(gk_calendar_new(&c, 2021, 2020, "x", &err), GK_EINVAL);
	assert_null(c);
	assert_int_equal(gk_calendar_new(&c, 2021, 2021, "hand.yaml", &err), 0);
	assert_int_equal(gk_calendar_declare(c, D("2021-03-12"), GK_DAY_HOLIDAY,
					     "Test Day", &err), 0);
	assert_int_equal(gk_calendar_declare(c, D("2021-03-13"), GK_DAY_WORKDAY,
					     "Test Day", &err), 0);
	/* declaring the same kind twice is harmless */
	assert_int_equal(gk_calendar_declare(c, D("2021-03-12"), GK_DAY_HOLIDAY,
					     "Test Day", &err), 0);
	gk_error_clear(&err);
	assert_int_equal(gk_calendar_declare(c, D("2021-03-12"), GK_DAY_WORKDAY,
					     "Test Day", &err), GK_EINVAL);
	assert_string_equal(err.msg,
			    "2021-03-12 is declared both a holiday and a working day");
	gk_error_clear(&err);
	assert_int_equal(gk_calendar_declare(c, D("2022-01-03"), GK_DAY_HOLIDAY,
					     "x", &err), GK_ERANGE);
	assert_non_null(strstr(err.msg, "2022"));
	gk_calendar_finish(c);

	assert_string_equal(gk_calendar_source(c), "hand.yaml");
	assert_int_equal(gk_calendar_is_workday(c, D("2021-03-12"), &err), 0);
	assert_int_equal(gk_calendar_is_workday(c, D("2021-03-13"), &err), 1);
	assert_int_equal(gk_calendar_day_kind(c, D("2021-03-13"), &name), GK_DAY_WORKDAY);
	assert_string_equal(name, "Test Day");
	/* Thu 03-11 + 1 skips the holiday Friday and lands on the make-up Saturday */
	assert_int_equal(gk_calendar_add_workdays(c, D("2021-03-11"), 1, &out, &err), 0);
	assert_string_equal(iso(out), "2021-03-13");
	assert_int_equal(gk_calendar_add_workdays(c, D("2021-03-11"), 2, &out, &err), 0);
	assert_string_equal(iso(out), "2021-03-15");
	/* the last working day of the year, then one past it */
	assert_int_equal(gk_calendar_add_workdays(c, D("2021-12-30"), 1, &out, &err), 0);
	assert_string_equal(iso(out), "2021-12-31");
	gk_error_clear(&err);
	assert_int_equal(gk_calendar_add_workdays(c, D("2021-12-30"), 2, &out, &err),
			 GK_ERANGE);
	assert_non_null(strstr(err.msg, "does not cover 2022"));
	assert_non_null(strstr(err.msg, "hand.yaml"));
	gk_calendar_free(c);
}

/* ---- the calendar file -------------------------------------------------- */

static int parse(const char *text, gk_calendar **out)
{
	size_t len = strlen(text);
	char *buf = malloc(len ? len : 1);
	int rc;

	assert_non_null(buf);
	memcpy(buf, text, len);	/* no NUL after the input */
	gk_error_clear(&err);
	*out = (gk_calendar *)(uintptr_t)1;
	rc = gk_calendar_parse("cal.yaml", buf, len, out, &err);
	free(buf);
	return rc;
}

#define PARSE_FAILS(text, want) do { \
	gk_calendar *c_; \
	assert_int_equal(parse(text, &c_), GK_EINVAL); \
	assert_null(c_); \
	assert_int_equal(err.code, GK_EINVAL); \
	assert_string_equal(err.msg, want); \
} while (0)

static void parse_good_file(void **state)
{
	gk_calendar *c = NULL;
	const char *name = NULL;

	(void)state;
	assert_int_equal(parse("source: test\n"
			       "years:\n"
			       "  2020:\n"
			       "    holidays:\n"
			       "      - {date: 2020-01-01, name: 元旦}\n"
			       "      - date: 2020-01-02\n"
			       "        name: New Year\n"
			       "    workdays:\n"
			       "      - {date: 2020-01-04, name: 元旦}\n"
			       "  2021:\n"
			       "  2022:\n"
			       "    holidays: []\n"
			       "    workdays:\n", &c), 0);
	assert_non_null(c);
	assert_int_equal(gk_calendar_first_year(c), 2020);
	assert_int_equal(gk_calendar_last_year(c), 2022);
	assert_string_equal(gk_calendar_source(c), "cal.yaml");
	assert_int_equal(gk_calendar_is_workday(c, D("2020-01-01"), &err), 0);
	assert_int_equal(gk_calendar_is_workday(c, D("2020-01-02"), &err), 0);
	assert_int_equal(gk_calendar_is_workday(c, D("2020-01-03"), &err), 1);
	assert_int_equal(gk_calendar_is_workday(c, D("2020-01-04"), &err), 1);
	assert_int_equal(gk_calendar_is_workday(c, D("2020-01-05"), &err), 0);
	assert_int_equal(gk_calendar_day_kind(c, D("2020-01-02"), &name), GK_DAY_HOLIDAY);
	assert_string_equal(name, "New Year");
	assert_int_equal(gk_calendar_day_kind(c, D("2020-01-04"), &name), GK_DAY_WORKDAY);
	assert_string_equal(name, "元旦");
	assert_int_equal(gk_calendar_is_workday(c, D("2022-12-30"), &err), 1);
	assert_int_equal(gk_calendar_is_workday(c, D("2023-01-02"), &err), GK_ERANGE);
	gk_calendar_free(c);
}

static void parse_year_gap(void **state)
{
	(void)state;
	PARSE_FAILS("years:\n"
		    "  2020:\n"
		    "  2022:\n",
		    "cal.yaml:3:3: year 2022 follows 2020: years must be listed in order without gaps");
	PARSE_FAILS("years:\n"
		    "  2021:\n"
		    "  2020:\n",
		    "cal.yaml:3:3: year 2020 follows 2021: years must be listed in order without gaps");
	PARSE_FAILS("years:\n"
		    "  2020:\n"
		    "  20x1:\n",
		    "cal.yaml:3:3: '20x1' is not a year");
}

static void parse_date_under_wrong_year(void **state)
{
	(void)state;
	PARSE_FAILS("years:\n"
		    "  2020:\n"
		    "    holidays:\n"
		    "      - {date: 2021-01-01, name: x}\n"
		    "  2021:\n",
		    "cal.yaml:4:16: 2021-01-01 is listed under year 2020: list it under its own year");
	PARSE_FAILS("years:\n"
		    "  2020:\n"
		    "    workdays:\n"
		    "      - {date: 2020-02-30, name: x}\n",
		    "cal.yaml:4:16: '2020-02-30' is not a date: expected YYYY-MM-DD");
}

static void parse_holiday_and_workday(void **state)
{
	(void)state;
	PARSE_FAILS("years:\n"
		    "  2020:\n"
		    "    holidays:\n"
		    "      - {date: 2020-01-04, name: x}\n"
		    "    workdays:\n"
		    "      - {date: 2020-01-05, name: x}\n"
		    "      - {date: 2020-01-04, name: x}\n",
		    "cal.yaml:7:16: 2020-01-04 is declared both a holiday and a working day");
}

static void parse_unknown_keys(void **state)
{
	(void)state;
	PARSE_FAILS("years:\n"
		    "  2020:\n"
		    "extra: 1\n",
		    "cal.yaml:3:1: unknown key 'extra' (expected source, years)");
	PARSE_FAILS("years:\n"
		    "  2020:\n"
		    "    holiday:\n"
		    "      - {date: 2020-01-01, name: x}\n",
		    "cal.yaml:3:5: unknown key 'holiday' (expected holidays, workdays, notice, number, url, provisional)");
	PARSE_FAILS("years:\n"
		    "  2020:\n"
		    "    holidays:\n"
		    "      - {date: 2020-01-01, nmae: x}\n",
		    "cal.yaml:4:28: unknown key 'nmae' (expected date, name)");
}

static void parse_wrong_shapes(void **state)
{
	(void)state;
	PARSE_FAILS("yeers:\n  2020:\n",
		    "cal.yaml:1:1: expected a map 'years:' of year -> {holidays, workdays}");
	PARSE_FAILS("years: []\n",
		    "cal.yaml:1:1: expected a map 'years:' of year -> {holidays, workdays}");
	PARSE_FAILS("years:\n  2020: [1]\n",
		    "cal.yaml:2:9: expected holidays: and workdays:");
	PARSE_FAILS("years:\n  2020:\n    holidays: 2020-01-01\n",
		    "cal.yaml:3:15: expected a list of {date, name}");
	PARSE_FAILS("years:\n  2020:\n    holidays:\n      - 2020-01-01\n",
		    "cal.yaml:4:9: expected {date: YYYY-MM-DD, name: ...}");
	PARSE_FAILS("", "cal.yaml: expected a map 'years:' of year -> {holidays, workdays}");
}

static void parse_malformed_yaml(void **state)
{
	static const char *bad[] = {
		"years:\n  2020: [\n",
		"years:\n  2020:\n    holidays:\n      - {date: 2020-01-01, name: x\n",
		"years:\n\t2020:\n",
		"years: 'unterminated\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		gk_calendar *c;
		unsigned line = 0, col = 0;
		int used = 0;

		assert_int_equal(parse(bad[i], &c), GK_EINVAL);
		assert_null(c);
		/* "cal.yaml:LINE:COL: problem" */
		assert_int_equal(strncmp(err.msg, "cal.yaml:", 9), 0);
		assert_int_equal(sscanf(err.msg + 9, "%u:%u: %n", &line, &col, &used), 2);
		assert_true(used > 0);
		assert_true(line >= 1 && line <= 5);
		assert_true(col >= 1);
		assert_true(strlen(err.msg + 9 + used) > 0);
	}
}

/* ---- provisional years and where a year comes from ------------------------ */

static void parse_origins(void **state)
{
	static const char text[] =
		"years:\n"
		"  2026:\n"
		"    notice: 国务院办公厅关于2026年部分节假日安排的通知\n"
		"    number: 国办发明电〔2025〕7号\n"
		"    url: https://www.gov.cn/x.htm\n"
		"    holidays:\n"
		"      - {date: 2026-01-01, name: New Year's Day}\n"
		"  2027:\n"
		"    provisional: true\n"
		"    holidays:\n"
		"      - {date: 2027-01-01, name: New Year's Day}\n"
		"    workdays:\n";
	gk_calendar *c = NULL;
	gk_calendar_info *info = NULL;
	gk_calendar_state s;
	int years[4];

	(void)state;
	assert_int_equal(gk_calendar_parse_info("cal.yaml", text, strlen(text), &c, &info, &err), 0);
	assert_int_equal(info->nyears, 2);
	assert_string_equal(info->years[0].notice, "国务院办公厅关于2026年部分节假日安排的通知");
	assert_string_equal(info->years[0].number, "国办发明电〔2025〕7号");
	assert_string_equal(info->years[0].url, "https://www.gov.cn/x.htm");
	assert_int_equal(info->years[0].line, 2);
	assert_false(info->years[0].provisional);
	assert_true(info->years[1].provisional);
	assert_null(info->years[1].notice);
	assert_false(gk_calendar_year_provisional(c, 2026));
	assert_true(gk_calendar_year_provisional(c, 2027));
	assert_int_equal(gk_calendar_last_official(c), 2026);
	/* (a, b] touches 2027 or not */
	assert_false(gk_calendar_provisional_between(c, D("2026-01-05"), D("2026-12-31")));
	assert_true(gk_calendar_provisional_between(c, D("2026-12-31"), D("2027-01-04")));
	assert_true(gk_calendar_provisional_between(c, D("2027-02-01"), D("2027-03-01")));
	assert_false(gk_calendar_provisional_between(c, D("2027-03-01"), D("2027-02-01")));
	/* the state a run records, and what it needs as of a day */
	gk_calendar_state_of(c, &s);
	assert_int_equal(s.first, 2026);
	assert_int_equal(s.last, 2027);
	assert_int_equal(s.nprovisional, 1);
	assert_int_equal(s.provisional[0], 2027);
	assert_int_equal(gk_calendar_state_missing(&s, D("2027-10-31")), 0);
	assert_int_equal(gk_calendar_state_missing(&s, D("2027-11-01")), 2028);
	assert_int_equal(gk_calendar_state_pending(&s, D("2025-12-31"), years, 4), 0);
	assert_int_equal(gk_calendar_state_pending(&s, D("2026-01-01"), years, 4), 1);
	assert_int_equal(years[0], 2027);
	gk_calendar_info_free(info);
	gk_calendar_free(c);
}

static void parse_provisional_mistakes(void **state)
{
	(void)state;
	PARSE_FAILS("years:\n"
		    "  2027:\n"
		    "    provisional: yes\n",
		    "cal.yaml:3:18: 'provisional' must be true or false");
	PARSE_FAILS("years:\n"
		    "  2027:\n"
		    "    notice: 国务院办公厅关于2027年部分节假日安排的通知\n"
		    "    provisional: true\n",
		    "cal.yaml:4:18: 2027 is provisional but names a notice: a year the notice "
		    "arranged is not provisional (remove one of the two)");
	PARSE_FAILS("years:\n"
		    "  2027:\n"
		    "    provisional: true\n"
		    "    workdays:\n"
		    "      - {date: 2027-02-20, name: Spring Festival}\n",
		    "cal.yaml:5:7: 2027 is provisional but lists make-up working days: only the "
		    "State Council notice declares them (add it with 'gongkai calendar add "
		    "NOTICE.txt')");
	PARSE_FAILS("years:\n"
		    "  2027:\n"
		    "    notice: [a, b]\n",
		    "cal.yaml:3:13: 'notice' must be text");
}

/* ---- writing a year --------------------------------------------------------- */

static const char base_file[] =
	"# a calendar\n"
	"years:\n"
	"  2026:\n"
	"    notice: 国务院办公厅关于2026年部分节假日安排的通知\n"
	"    holidays:            # days off\n"
	"      - {date: 2026-10-01, name: National Day}  # Thu\n"
	"      - {date: 2026-10-02, name: National Day}  # Fri\n"
	"    workdays:\n"
	"      - {date: 2026-10-10, name: National Day}  # Sat\n"
	"# the end\n";

static char *edited;       /* the last edit's text */

static char *edit(const char *text, const gk_calendar_add *y, int replace, int *rc,
		  gk_calendar_change *ch)
{
	size_t len;

	gk_error_clear(&err);
	edited = NULL;
	*rc = gk_calendar_edit("cal.yaml", text, strlen(text), y, replace, &edited, &len, ch, &err);
	return edited;
}

static void edit_appends_and_inserts(void **state)
{
	gk_calendar_entry hol[] = {
		{ D("2026-12-31"), "New Year's Day", NULL },
		{ D("2027-01-01"), "New Year's Day", NULL },
	};
	gk_calendar_entry work[] = { { D("2026-12-26"), "New Year's Day", NULL } };
	gk_calendar_add y = { .year = 2027, .notice = "国务院办公厅关于2027年部分节假日安排的通知",
			      .number = "国办发明电〔2026〕1号", .url = "https://x.example/a: b",
			      .holidays = hol, .nholidays = 2, .workdays = work, .nworkdays = 1 };
	gk_calendar_change ch;
	gk_calendar *c = NULL;
	int rc;
	char *out = edit(base_file, &y, 0, &rc, &ch);

	(void)state;
	if (rc)
		fail_msg("%s", err.msg);
	assert_int_equal(ch.replaced, 0);
	assert_int_equal(ch.elsewhere, 2);
	/* every line kept; 2026-12-31 after 2026-10-02, 2026-12-26 after the
	 * last workday; 2027 after 2026's block, before the closing comment */
	assert_string_equal(out,
		"# a calendar\n"
		"years:\n"
		"  2026:\n"
		"    notice: 国务院办公厅关于2026年部分节假日安排的通知\n"
		"    holidays:            # days off\n"
		"      - {date: 2026-10-01, name: National Day}  # Thu\n"
		"      - {date: 2026-10-02, name: National Day}  # Fri\n"
		"      - {date: 2026-12-31, name: New Year's Day}  # Thu\n"
		"    workdays:\n"
		"      - {date: 2026-10-10, name: National Day}  # Sat\n"
		"      - {date: 2026-12-26, name: New Year's Day}  # Sat\n"
		"  2027:\n"
		"    notice: 国务院办公厅关于2027年部分节假日安排的通知\n"
		"    number: 国办发明电〔2026〕1号\n"
		"    url: \"https://x.example/a: b\"\n"
		"    holidays:            # days off that would otherwise be working days or are "
		"statutory holidays\n"
		"      - {date: 2027-01-01, name: New Year's Day}  # Fri\n"
		"    workdays:            # none\n"
		"# the end\n");
	assert_int_equal(gk_calendar_parse("cal.yaml", out, strlen(out), &c, &err), 0);
	assert_int_equal(gk_calendar_last_year(c), 2027);
	gk_calendar_free(c);
	free(out);
}

static void edit_replaces_and_refuses(void **state)
{
	gk_calendar_entry hol[] = { { D("2027-01-01"), "New Year's Day", NULL } };
	gk_calendar_add prov = { .year = 2027, .provisional = 1, .comment = "computed",
				 .holidays = hol, .nholidays = 1 };
	gk_calendar_add off = { .year = 2027, .notice = "国务院办公厅关于2027年部分节假日安排的通知",
				.holidays = hol, .nholidays = 1 };
	gk_calendar_entry dec[] = { { D("2026-12-31"), "New Year's Day", NULL } };
	gk_calendar_add y2028 = { .year = 2028, .notice = "国务院办公厅关于2028年部分节假日安排的通知",
				  .holidays = dec, .nholidays = 1 };
	gk_calendar_change ch;
	int rc;
	char *a, *b, *c2;

	(void)state;
	/* no trailing newline: the year still starts on its own line */
	{
		char *t = strdup(base_file);

		t[strlen(t) - 1] = '\0';
		a = edit(t, &prov, 0, &rc, &ch);
		if (rc)
			fail_msg("%s", err.msg);
		assert_non_null(strstr(a, "# Sat\n  2027:\n"));
		assert_string_equal(a + strlen(a) - strlen("# the end"), "# the end");
		free(a);
		free(t);
	}
	a = edit(base_file, &prov, 0, &rc, &ch);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(a, "  2027:\n    provisional: true\n    # computed\n"));
	/* the notice replaces the provisional year: only its block changes */
	b = edit(a, &off, 0, &rc, &ch);
	if (rc)
		fail_msg("%s", err.msg);
	assert_true(ch.replaced && ch.was_provisional);
	assert_null(strstr(b, "provisional"));
	{
		const char *at = strstr(a, "  2027:");
		size_t head = at ? (size_t)(at - a) : 0;

		assert_true(head > 0);
		assert_int_equal(memcmp(a, b, head), 0);
	}
	/* an official year: only with replace */
	c2 = edit(b, &off, 0, &rc, &ch);
	assert_int_equal(rc, GK_EINVAL);
	assert_null(c2);
	assert_non_null(strstr(err.msg, "give --replace"));
	c2 = edit(b, &prov, 1, &rc, &ch);
	assert_int_equal(rc, GK_EINVAL);
	assert_non_null(strstr(err.msg, "never replaces the notice's"));
	/* a day of a provisional year from the next notice */
	c2 = edit(a, &y2028, 0, &rc, &ch);
	assert_int_equal(rc, 0);
	free(c2);
	{
		gk_calendar_entry d27[] = { { D("2027-12-31"), "New Year's Day", NULL } };
		gk_calendar_add y = y2028;

		y.holidays = d27;
		c2 = edit(a, &y, 0, &rc, &ch);
		assert_int_equal(rc, GK_EINVAL);
		assert_non_null(strstr(err.msg, "2027 is provisional: add 2027's notice first"));
	}
	/* a year not next to the last */
	{
		gk_calendar_add y = off;

		y.year = 2029;
		y.holidays = NULL;
		y.nholidays = 0;
		c2 = edit(base_file, &y, 0, &rc, &ch);
		assert_int_equal(rc, GK_EINVAL);
		assert_non_null(strstr(err.msg, "add the years before it first"));
	}
	/* a list written as one flow sequence cannot take a line */
	{
		const char *flow = "years:\n  2026:\n    holidays: [{date: 2026-10-01, name: x}]\n";
		gk_calendar_entry d[] = { { D("2026-12-31"), "New Year's Day", NULL } };
		gk_calendar_add y = { .year = 2027, .notice = "n", .holidays = d, .nholidays = 1 };

		c2 = edit(flow, &y, 0, &rc, &ch);
		assert_int_equal(rc, GK_EINVAL);
		assert_non_null(strstr(err.msg, "cal.yaml:3: cannot add 2026-12-31 to 2026's holidays"));
	}
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest real[] = {
		cmocka_unit_test(real_covers_2004_2026),
		cmocka_unit_test(ordinary_week),
		cmocka_unit_test(makeup_weekend_days_are_workdays),
		cmocka_unit_test(holidays_are_rest_days),
		cmocka_unit_test(spring_festival_2020_extension),
		cmocka_unit_test(b1_twenty_workdays),
		cmocka_unit_test(start_day_not_counted),
		cmocka_unit_test(add_zero_is_the_day_itself),
		cmocka_unit_test(add_negative_refused),
		cmocka_unit_test(between_same_day_and_antisymmetric),
		cmocka_unit_test(add_between_consistent),
		cmocka_unit_test(every_covered_day_is_classified),
		cmocka_unit_test(range_edges),
		cmocka_unit_test(out_of_range_names_year),
	};
	const struct CMUnitTest file[] = {
		cmocka_unit_test(declare_api),
		cmocka_unit_test(parse_good_file),
		cmocka_unit_test(parse_year_gap),
		cmocka_unit_test(parse_date_under_wrong_year),
		cmocka_unit_test(parse_holiday_and_workday),
		cmocka_unit_test(parse_unknown_keys),
		cmocka_unit_test(parse_wrong_shapes),
		cmocka_unit_test(parse_malformed_yaml),
		cmocka_unit_test(parse_origins),
		cmocka_unit_test(parse_provisional_mistakes),
		cmocka_unit_test(edit_appends_and_inserts),
		cmocka_unit_test(edit_replaces_and_refuses),
	};
	int failed;

	failed = cmocka_run_group_tests_name("calendar", real, load_real, free_real);
	failed += cmocka_run_group_tests_name("calendar_file", file, NULL, NULL);
	return failed;
}

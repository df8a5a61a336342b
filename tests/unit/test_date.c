/*
 * test_date.c - civil dates as day numbers (engine/date.h).
 *
 * Every parsed text is copied into a buffer of exactly its length, with no
 * NUL after it, so the sanitizers and valgrind catch a read past s+len.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/date.h"

/* Parse len bytes of text from an exact-size heap copy. */
static int parse_n(const char *text, size_t len, gk_day *out)
{
	char *buf = malloc(len ? len : 1);
	int rc;

	assert_non_null(buf);
	memcpy(buf, text, len);
	rc = gk_date_parse(buf, len, out);
	free(buf);
	return rc;
}

#define PARSE(lit, out) parse_n(lit, sizeof(lit) - 1, out)

#define REFUSED(lit) do { \
	gk_day d_ = 12345; \
	assert_int_equal(PARSE(lit, &d_), -1); \
} while (0)

static void parse_valid(void **state)
{
	gk_day d;

	(void)state;
	assert_int_equal(PARSE("1970-01-01", &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(PARSE("1970-01-02", &d), 0);
	assert_int_equal(d, 1);
	assert_int_equal(PARSE("1969-12-31", &d), 0);
	assert_int_equal(d, -1);
	assert_int_equal(PARSE("2021-01-22", &d), 0);
	assert_int_equal(d, 18649);
	assert_int_equal(PARSE("2000-03-01", &d), 0);
	assert_int_equal(d, 11017);
	assert_int_equal(PARSE("1900-01-01", &d), 0);
	assert_int_equal(d, -25567);
	assert_int_equal(PARSE("2026-12-31", &d), 0);
	assert_int_equal(d, 20818);
	assert_int_equal(PARSE("0001-01-01", &d), 0);
	assert_int_equal(d, -719162);
	assert_int_equal(PARSE("9999-12-31", &d), 0);
	assert_int_equal(d, 2932896);
}

static void parse_leap_years(void **state)
{
	gk_day d;

	(void)state;
	assert_int_equal(PARSE("2020-02-29", &d), 0);
	assert_int_equal(d, gk_date_from_ymd(2020, 3, 1) - 1);
	assert_int_equal(PARSE("2000-02-29", &d), 0);   /* divisible by 400 */
	assert_int_equal(PARSE("2024-02-29", &d), 0);
	REFUSED("2021-02-29");
	REFUSED("2019-02-29");
	REFUSED("1900-02-29");                          /* divisible by 100 */
	REFUSED("2100-02-29");
	REFUSED("2020-02-30");
}

static void parse_bad_fields(void **state)
{
	gk_day d;

	(void)state;
	REFUSED("2021-13-01");
	REFUSED("2021-00-10");
	REFUSED("2021-01-00");
	REFUSED("2021-01-32");
	REFUSED("2021-04-31");
	REFUSED("2021-06-31");
	REFUSED("2021-09-31");
	REFUSED("2021-11-31");
	REFUSED("0000-01-01");
	assert_int_equal(PARSE("2021-12-31", &d), 0);
	assert_int_equal(PARSE("2021-01-31", &d), 0);
	assert_int_equal(PARSE("2021-04-30", &d), 0);
}

static void parse_bad_shape(void **state)
{
	(void)state;
	REFUSED("2020-1-1");
	REFUSED("2020-01-1");
	REFUSED("20-01-01");
	REFUSED("2020/01/01");
	REFUSED("2020.01.01");
	REFUSED("20200101");
	REFUSED("2020-01-0a");
	REFUSED("2020-0x-01");
	REFUSED("+020-01-01");
	REFUSED("-020-01-01");
	REFUSED("2020-+1-01");
	REFUSED("2020 01 01");
	REFUSED("2020-01-01 ");
	REFUSED(" 2020-01-01");
	REFUSED("2020-01-01x");
	REFUSED("2020-01-01T00:00:00Z");
	REFUSED("2020-01-1\0");
	REFUSED("2020\0" "01-01");
	REFUSED("２０２０-01-01");       /* full-width digits */
	REFUSED("");
	REFUSED("2020-01-");
}

static void parse_length_bounded(void **state)
{
	gk_day d;

	(void)state;
	/* only len bytes are read: trailing data past len is not looked at */
	assert_int_equal(parse_n("2020-01-01garbage", 10, &d), 0);
	assert_int_equal(d, gk_date_from_ymd(2020, 1, 1));
	/* but a length other than 10 is refused even if the prefix is a date */
	assert_int_equal(parse_n("2020-01-01garbage", 11, &d), -1);
	assert_int_equal(parse_n("2020-01-01", 9, &d), -1);
	assert_int_equal(parse_n("2020-01-01", 0, &d), -1);
}

static void format_known(void **state)
{
	char buf[32];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	gk_date_format(0, buf);
	assert_string_equal(buf, "1970-01-01");
	assert_int_equal(buf[11], 'x');	/* writes exactly 11 bytes */
	gk_date_format(-1, buf);
	assert_string_equal(buf, "1969-12-31");
	gk_date_format(18649, buf);
	assert_string_equal(buf, "2021-01-22");
	gk_date_format(gk_date_from_ymd(2020, 2, 29), buf);
	assert_string_equal(buf, "2020-02-29");
	gk_date_format(-719162, buf);
	assert_string_equal(buf, "0001-01-01");
	gk_date_format(2932896, buf);
	assert_string_equal(buf, "9999-12-31");
}

static void format_parse_round_trip(void **state)
{
	gk_day first = gk_date_from_ymd(1899, 12, 1);
	gk_day last = gk_date_from_ymd(2101, 2, 1);
	int py = 1899, pm = 11, pd = 30;

	(void)state;
	for (gk_day d = first; d <= last; d++) {
		char buf[GK_DATE_LEN + 1];
		gk_day back = -999999;
		int y, m, dd;

		gk_date_format(d, buf);
		assert_int_equal(strlen(buf), GK_DATE_LEN);
		assert_int_equal(parse_n(buf, GK_DATE_LEN, &back), 0);
		assert_int_equal(back, d);
		gk_date_to_ymd(d, &y, &m, &dd);
		assert_int_equal(gk_date_from_ymd(y, m, dd), d);
		assert_int_equal(gk_date_year(d), y);
		/* each day follows the previous one in the calendar */
		if (dd == 1) {
			assert_true((m == pm + 1 && y == py) ||
				    (m == 1 && pm == 12 && y == py + 1));
		} else {
			assert_int_equal(y, py);
			assert_int_equal(m, pm);
			assert_int_equal(dd, pd + 1);
		}
		py = y;
		pm = m;
		pd = dd;
	}
}

static void from_to_ymd(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(gk_date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(gk_date_from_ymd(1969, 12, 31), -1);
	assert_int_equal(gk_date_from_ymd(2000, 1, 1), 10957);
	assert_int_equal(gk_date_from_ymd(2000, 3, 1) - gk_date_from_ymd(2000, 2, 28), 2);
	assert_int_equal(gk_date_from_ymd(2021, 3, 1) - gk_date_from_ymd(2021, 2, 28), 1);
	assert_int_equal(gk_date_from_ymd(2021, 1, 1) - gk_date_from_ymd(2020, 1, 1), 366);
	assert_int_equal(gk_date_from_ymd(2022, 1, 1) - gk_date_from_ymd(2021, 1, 1), 365);
	gk_date_to_ymd(18649, &y, &m, &d);
	assert_int_equal(y, 2021);
	assert_int_equal(m, 1);
	assert_int_equal(d, 22);
	gk_date_to_ymd(-25567, &y, &m, &d);
	assert_int_equal(y, 1900);
	assert_int_equal(m, 1);
	assert_int_equal(d, 1);
	gk_date_to_ymd(gk_date_from_ymd(2024, 12, 31), &y, &m, &d);
	assert_int_equal(y, 2024);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
	assert_int_equal(gk_date_year(gk_date_from_ymd(2020, 12, 31)), 2020);
	assert_int_equal(gk_date_year(gk_date_from_ymd(2021, 1, 1)), 2021);
}

static void weekday_known(void **state)
{
	(void)state;
	assert_int_equal(gk_date_weekday(0), 4);                               /* Thu */
	assert_int_equal(gk_date_weekday(-1), 3);                              /* Wed */
	assert_int_equal(gk_date_weekday(-3), 1);                              /* Mon */
	assert_int_equal(gk_date_weekday(-4), 7);                              /* Sun */
	assert_int_equal(gk_date_weekday(gk_date_from_ymd(1900, 1, 1)), 1);    /* Mon */
	assert_int_equal(gk_date_weekday(gk_date_from_ymd(2000, 1, 1)), 6);    /* Sat */
	assert_int_equal(gk_date_weekday(gk_date_from_ymd(2021, 1, 22)), 5);   /* Fri */
	assert_int_equal(gk_date_weekday(gk_date_from_ymd(2021, 2, 7)), 7);    /* Sun */
	assert_int_equal(gk_date_weekday(gk_date_from_ymd(2021, 2, 20)), 6);   /* Sat */
	assert_int_equal(gk_date_weekday(gk_date_from_ymd(2024, 2, 29)), 4);   /* Thu */
	assert_int_equal(gk_date_weekday(gk_date_from_ymd(2026, 12, 31)), 4);  /* Thu */
	assert_int_equal(gk_date_weekday(gk_date_from_ymd(1, 1, 1)), 1);       /* Mon */
}

static void weekday_cycles(void **state)
{
	gk_day first = gk_date_from_ymd(1800, 1, 1);
	gk_day last = gk_date_from_ymd(2200, 1, 1);
	int prev = gk_date_weekday(first);

	(void)state;
	for (gk_day d = first + 1; d <= last; d++) {
		int w = gk_date_weekday(d);

		assert_in_range(w, 1, 7);
		assert_int_equal(w, prev % 7 + 1);
		prev = w;
	}
}

static void loose_forms(void **state)
{
	static const char *const good[] = {
		"2021-01-19", "2021-1-19", "2021/1/19", "2021/01/19", "2021.1.19",
		"2021年1月19日", "2021年01月19日", "2021年1月19", "2021/1/19 0:00",
		"2021-01-19 10:30:59", "2021-01-19T08:00:00",
	};
	static const char *const bad[] = {
		"21/1/19", "2021/1-19", "2021/13/1", "2021年2月29日", "2021/1/", "2021//19",
		"2021/1/19 24:00", "2021/1/19 9", "2021/1/19x", "1/19/2021", "2021年1月19日日",
		"20210119", "2021/001/19", "",
	};
	gk_day d;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(gk_date_parse_loose(good[i], strlen(good[i]), &d), 0);
		assert_int_equal(d, gk_date_from_ymd(2021, 1, 19));
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(gk_date_parse_loose(bad[i], strlen(bad[i]), &d), -1);
	/* length-bounded: the text after len is never read */
	assert_int_equal(gk_date_parse_loose("2021/1/190", 9, &d), 0);
	assert_int_equal(d, gk_date_from_ymd(2021, 1, 19));
}

static void excel_serials(void **state)
{
	gk_day d;

	(void)state;
	assert_int_equal(gk_date_from_excel(44215, &d), 0);
	assert_int_equal(d, gk_date_from_ymd(2021, 1, 19));
	assert_int_equal(gk_date_from_excel(44215.75, &d), 0);      /* 18:00 dropped */
	assert_int_equal(d, gk_date_from_ymd(2021, 1, 19));
	assert_int_equal(gk_date_from_excel(25569, &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(gk_date_from_excel(1, &d), 0);
	assert_int_equal(d, gk_date_from_ymd(1900, 1, 1));
	assert_int_equal(gk_date_from_excel(61, &d), 0);
	assert_int_equal(d, gk_date_from_ymd(1900, 3, 1));
	assert_int_equal(gk_date_from_excel(2958465, &d), 0);
	assert_int_equal(d, gk_date_from_ymd(9999, 12, 31));
	assert_int_equal(gk_date_from_excel(0, &d), -1);
	assert_int_equal(gk_date_from_excel(-3, &d), -1);
	assert_int_equal(gk_date_from_excel(2958466, &d), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loose_forms),
		cmocka_unit_test(excel_serials),
		cmocka_unit_test(parse_valid),
		cmocka_unit_test(parse_leap_years),
		cmocka_unit_test(parse_bad_fields),
		cmocka_unit_test(parse_bad_shape),
		cmocka_unit_test(parse_length_bounded),
		cmocka_unit_test(format_known),
		cmocka_unit_test(format_parse_round_trip),
		cmocka_unit_test(from_to_ymd),
		cmocka_unit_test(weekday_known),
		cmocka_unit_test(weekday_cycles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

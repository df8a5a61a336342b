/*
 * days.h - dates in the unit tests: D("2027-01-18") and iso(day).
 *
 * Include after cmocka.h: a bad date in a test fails the test.
 */
#ifndef GK_TEST_DAYS_H
#define GK_TEST_DAYS_H

#include <string.h>

#include "../../engine/date.h"

static inline gk_day D(const char *text)
{
	gk_day d = 0;

	if (gk_date_parse(text, strlen(text), &d))
		fail_msg("bad date in test: %s", text);
	return d;
}

/* "YYYY-MM-DD" of d, in one of four rotating buffers (four per call). */
static inline const char *iso(gk_day d)
{
	static char buf[4][GK_DATE_LEN + 1];
	static int next;
	char *b = buf[next++ % 4];

	gk_date_format(d, b);
	return b;
}

#endif

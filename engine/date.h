/*
 * date.h - civil dates as integer day numbers.
 *
 * A gk_day counts days since 1970-01-01 (negative before).  Rules compare
 * and subtract day numbers; ISO text (YYYY-MM-DD) exists only at the edges:
 * parsing records and printing findings.
 */
#ifndef GK_DATE_H
#define GK_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t gk_day;

#define GK_DATE_LEN 10 /* strlen("YYYY-MM-DD") */

/* Parse exactly "YYYY-MM-DD" (len bytes, no NUL needed) into *out.
 * Returns 0, or -1 when the text is not a real calendar date
 * (2021-02-29, 2020-13-01, "2020-1-1" are all refused). */
int gk_date_parse(const char *s, size_t len, gk_day *out);

/*
 * Parse a date as spreadsheets and officers write it: "2021-01-19",
 * "2021-1-19", "2021/1/19", "2021.1.19", "2021年1月19日" (the 日 may be
 * left out), each optionally followed by a time of day that Excel adds to
 * a date-time ("2021/1/19 0:00", "2021-01-19 10:30:00"), which is
 * dropped.  The year has four digits, month and day one or two.
 * Returns 0, or -1 when the text is none of these or not a real date.
 */
int gk_date_parse_loose(const char *s, size_t len, gk_day *out);

/* An Excel serial day number (1900 date system: 1 is 1900-01-01, 60 the
 * 1900-02-29 Lotus kept, 61 is 1900-03-01) as a day; a fraction (a time
 * of day) is dropped.  Returns 0, or -1 when serial is before 1 or after
 * 9999-12-31. */
int gk_date_from_excel(double serial, gk_day *out);

/* Write "YYYY-MM-DD" and a NUL into buf (at least 11 bytes). */
void gk_date_format(gk_day d, char *buf);

gk_day gk_date_from_ymd(int y, int m, int d);
void gk_date_to_ymd(gk_day day, int *y, int *m, int *d);

/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int gk_date_weekday(gk_day d);

int gk_date_year(gk_day d);

#endif

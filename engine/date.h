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

/* Write "YYYY-MM-DD" and a NUL into buf (at least 11 bytes). */
void gk_date_format(gk_day d, char *buf);

gk_day gk_date_from_ymd(int y, int m, int d);
void gk_date_to_ymd(gk_day day, int *y, int *m, int *d);

/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int gk_date_weekday(gk_day d);

int gk_date_year(gk_day d);

#endif

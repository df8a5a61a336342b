/*
 * date.c - proleptic Gregorian day numbers (see date.h).
 *
 * The conversions are Howard Hinnant's days_from_civil / civil_from_days:
 * branch-light integer arithmetic, exact for every year we can meet.
 */
#include <string.h>

#include "date.h"

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

gk_day gk_date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (gk_day)(era * 146097 + doe - 719468);
}

void gk_date_to_ymd(gk_day day, int *py, int *pm, int *pd)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp < 10 ? mp + 3 : mp - 9;

	*py = yoe + era * 400 + (m <= 2);
	*pm = m;
	*pd = d;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int gk_date_parse(const char *s, size_t len, gk_day *out)
{
	int y, m, d;

	if (len != GK_DATE_LEN || s[4] != '-' || s[7] != '-')
		return -1;
	if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return -1;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	*out = gk_date_from_ymd(y, m, d);
	return 0;
}

/* A run of 1 to max digits at s[*i]: its value, *i past it; -1 if none. */
static int number(const char *s, size_t len, size_t *i, int max)
{
	int v = 0, n = 0;

	while (*i < len && n < max && s[*i] >= '0' && s[*i] <= '9') {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	if (!n || (*i < len && s[*i] >= '0' && s[*i] <= '9'))
		return -1;
	return v;
}

/* The separator sep (bytes) at s[*i]: 1 and *i past it, else 0. */
static int sep_at(const char *s, size_t len, size_t *i, const char *sep)
{
	size_t n = strlen(sep);

	if (len - *i < n || memcmp(s + *i, sep, n) != 0)
		return 0;
	*i += n;
	return 1;
}

/* " H:MM" or " H:MM:SS" (hours 0-23) ending at len. */
static int time_of_day(const char *s, size_t len, size_t i)
{
	int h, m, sec;

	if (i == len)
		return 0;
	if (s[i] != ' ' && s[i] != 'T')
		return -1;
	while (i < len && (s[i] == ' ' || s[i] == 'T'))
		i++;
	if ((h = number(s, len, &i, 2)) < 0 || h > 23 || !sep_at(s, len, &i, ":") ||
	    (m = number(s, len, &i, 2)) < 0 || m > 59)
		return -1;
	if (sep_at(s, len, &i, ":") && ((sec = number(s, len, &i, 2)) < 0 || sec > 59))
		return -1;
	return i == len ? 0 : -1;
}

int gk_date_parse_loose(const char *s, size_t len, gk_day *out)
{
	static const char *const seps[] = { "-", "/", "." };
	size_t i = 0;
	int y, m, d, cn;

	if (gk_date_parse(s, len, out) == 0)
		return 0;
	if ((y = number(s, len, &i, 4)) < 0 || i != 4)
		return -1;
	cn = sep_at(s, len, &i, "年");
	if (!cn) {
		const char *sep = NULL;

		for (size_t k = 0; k < sizeof(seps) / sizeof(seps[0]) && !sep; k++)
			if (i < len && s[i] == seps[k][0])
				sep = seps[k];
		if (!sep || !sep_at(s, len, &i, sep) || (m = number(s, len, &i, 2)) < 0 ||
		    !sep_at(s, len, &i, sep) || (d = number(s, len, &i, 2)) < 0)
			return -1;
	} else {
		if ((m = number(s, len, &i, 2)) < 0 || !sep_at(s, len, &i, "月") ||
		    (d = number(s, len, &i, 2)) < 0)
			return -1;
		sep_at(s, len, &i, "日");
	}
	if (time_of_day(s, len, i))
		return -1;
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	*out = gk_date_from_ymd(y, m, d);
	return 0;
}

int gk_date_from_excel(double serial, gk_day *out)
{
	/* Serial 25569 is 1970-01-01; below 61 Excel counts the 1900-02-29
	 * that never was, so those days are one later than it says. */
	double whole = serial < 0 ? -1 : (double)(long long)serial;

	if (!(whole >= 1 && whole <= 2958465))
		return -1;
	*out = (gk_day)((long long)whole - 25569 + (whole < 61));
	return 0;
}

void gk_date_format(gk_day day, char *buf)
{
	int y, m, d;

	gk_date_to_ymd(day, &y, &m, &d);
	buf[0] = (char)('0' + y / 1000 % 10);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

int gk_date_weekday(gk_day d)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (int)((d % 7 + 7) % 7);
	return (w + 3) % 7 + 1;
}

int gk_date_year(gk_day d)
{
	int y, m, dd;

	gk_date_to_ymd(d, &y, &m, &dd);
	return y;
}

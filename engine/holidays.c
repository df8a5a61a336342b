/* holidays.c - see holidays.h */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "holidays.h"
#include "lunar.h"

const char *const gk_festival_names[GK_NFESTIVALS] = {
	"New Year's Day", "Spring Festival", "Tomb-sweeping Day", "Labour Day",
	"Dragon Boat Festival", "Mid-autumn Festival", "National Day",
};

static const char *const names_zh[GK_NFESTIVALS] = {
	"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节",
};

const char *gk_festival_name_zh(enum gk_festival f)
{
	return f >= 0 && f < GK_NFESTIVALS ? names_zh[f] : "";
}

int gk_festival_lookup(const char *name, size_t len)
{
	/* The law and the notices write 清明节 and 清明, 劳动节 and
	 * (colloquially) 五一, 国庆节 and 国庆. */
	static const struct { const char *s; enum gk_festival f; } alias[] = {
		{ "清明", GK_FEST_QINGMING }, { "五一", GK_FEST_LABOUR },
		{ "国庆", GK_FEST_NATIONAL }, { "新年", GK_FEST_NEW_YEAR },
		{ "端午", GK_FEST_DRAGON_BOAT }, { "中秋", GK_FEST_MID_AUTUMN },
	};

	for (int f = 0; f < GK_NFESTIVALS; f++)
		if ((strlen(names_zh[f]) == len && memcmp(names_zh[f], name, len) == 0) ||
		    (strlen(gk_festival_names[f]) == len &&
		     memcmp(gk_festival_names[f], name, len) == 0))
			return f;
	for (size_t i = 0; i < sizeof(alias) / sizeof(alias[0]); i++)
		if (strlen(alias[i].s) == len && memcmp(alias[i].s, name, len) == 0)
			return (int)alias[i].f;
	return -1;
}

const char *gk_holidays_law(int year)
{
	if (year >= 2025)
		return "《全国年节及纪念日放假办法》（2024年11月10日修订，2025年1月1日起施行）";
	if (year >= 2014)
		return "《全国年节及纪念日放假办法》（2013年12月11日修订，2014年1月1日起施行）";
	if (year >= 2008)
		return "《全国年节及纪念日放假办法》（2007年12月14日修订，2008年1月1日起施行）";
	return "《全国年节及纪念日放假办法》（1999年9月18日修订）";
}

static void add(gk_holiday *out, int *n, gk_day day, enum gk_festival f, int sub)
{
	out[*n].day = day;
	out[*n].fest = f;
	out[*n].substitute = sub;
	(*n)++;
}

static int cmp_day(const void *a, const void *b)
{
	const gk_holiday *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (int)x->fest - (int)y->fest;
}

int gk_holidays_statutory(int year, gk_holiday *out, int *n, gk_error *err)
{
	gk_day ny, d;
	int rc, spring_from, spring_to;

	*n = 0;
	if (year < GK_HOLIDAYS_FIRST_YEAR || year > GK_LUNAR_LAST_YEAR)
		return gk_error_set(err, GK_ERANGE,
				    "cannot tell the statutory holidays of %d: gongkai knows the "
				    "law for %d-%d", year, GK_HOLIDAYS_FIRST_YEAR, GK_LUNAR_LAST_YEAR);
	if ((rc = gk_lunar_to_day(year, 1, 1, &ny, err)))
		return rc;
	add(out, n, gk_date_from_ymd(year, 1, 1), GK_FEST_NEW_YEAR, 0);
	/* 春节: days relative to 正月初一 (-1 is 除夕). */
	if (year >= 2025)
		spring_from = -1, spring_to = 2;
	else if (year >= 2014)
		spring_from = 0, spring_to = 2;
	else if (year >= 2008)
		spring_from = -1, spring_to = 1;
	else
		spring_from = 0, spring_to = 2;
	for (int i = spring_from; i <= spring_to; i++)
		add(out, n, ny + i, GK_FEST_SPRING, 0);
	add(out, n, gk_date_from_ymd(year, 5, 1), GK_FEST_LABOUR, 0);
	if (year < 2008 || year >= 2025)
		add(out, n, gk_date_from_ymd(year, 5, 2), GK_FEST_LABOUR, 0);
	if (year < 2008)
		add(out, n, gk_date_from_ymd(year, 5, 3), GK_FEST_LABOUR, 0);
	if (year >= 2008) {
		if ((rc = gk_lunar_solar_term(year, 15, &d, err)))
			return rc;
		add(out, n, d, GK_FEST_QINGMING, 0);
		if ((rc = gk_lunar_to_day(year, 5, 5, &d, err)))
			return rc;
		add(out, n, d, GK_FEST_DRAGON_BOAT, 0);
		if ((rc = gk_lunar_to_day(year, 8, 15, &d, err)))
			return rc;
		add(out, n, d, GK_FEST_MID_AUTUMN, 0);
	}
	for (int i = 1; i <= 3; i++)
		add(out, n, gk_date_from_ymd(year, 10, i), GK_FEST_NATIONAL, 0);
	qsort(out, (size_t)*n, sizeof(*out), cmp_day);
	return 0;
}

static int taken(const gk_holiday *v, int n, gk_day d)
{
	for (int i = 0; i < n; i++)
		if (v[i].day == d)
			return 1;
	return 0;
}

int gk_holidays_provisional(int year, gk_holiday *out, int *n, gk_error *err)
{
	gk_holiday st[GK_HOLIDAYS_MAX];
	int owed[GK_NFESTIVALS] = { 0 };
	gk_day last[GK_NFESTIVALS] = { 0 };
	enum gk_festival order[GK_NFESTIVALS];
	int ns, norder = 0, rc;

	*n = 0;
	if ((rc = gk_holidays_statutory(year, st, &ns, err)))
		return rc;
	/* Every statutory day is a day off; one on a weekend, or one a
	 * festival shares with another's, is owed a working day (art. 6). */
	for (int i = 0; i < ns; i++) {
		enum gk_festival f = st[i].fest;

		if (gk_date_weekday(st[i].day) >= 6 || taken(out, *n, st[i].day))
			owed[f]++;
		if (!taken(out, *n, st[i].day))
			add(out, n, st[i].day, f, 0);
		if (!last[f])
			order[norder++] = f;
		last[f] = st[i].day;
	}
	/* 补假 on the next working days after the festival, festivals in
	 * date order, so an earlier festival's days come first. */
	for (int k = 0; k < norder; k++) {
		enum gk_festival f = order[k];
		gk_day d = last[f];

		while (owed[f] > 0) {
			d++;
			if (gk_date_weekday(d) >= 6 || taken(out, *n, d))
				continue;
			add(out, n, d, f, 1);
			owed[f]--;
		}
	}
	qsort(out, (size_t)*n, sizeof(*out), cmp_day);
	return 0;
}

int gk_holidays_verify(const gk_calendar *cal, int year, gk_error *err)
{
	gk_holiday st[GK_HOLIDAYS_MAX];
	char iso[GK_DATE_LEN + 1];
	int n, rc;

	if (year < GK_HOLIDAYS_FIRST_YEAR || year > GK_LUNAR_LAST_YEAR)
		return 0;
	if ((rc = gk_holidays_statutory(year, st, &n, err)))
		return rc;
	for (int i = 0; i < n; i++)
		if (gk_calendar_is_workday(cal, st[i].day, err) == 1) {
			gk_date_format(st[i].day, iso);
			return gk_error_set(err, GK_EINVAL,
					    "%s (%s) is a statutory holiday of %d by %s, but a working "
					    "day in the calendar", iso, gk_festival_name_zh(st[i].fest),
					    year, gk_holidays_law(year));
		}
	return 0;
}

/*
 * holidays.h - the statutory holidays of 《全国年节及纪念日放假办法》, year
 * by year, and the provisional arrangement of a year without its notice.
 *
 * The law names the days every citizen has off (全体公民放假的节日); each
 * year the State Council's notice (国务院办公厅关于YYYY年部分节假日安排的
 * 通知) arranges them, moving weekends around them (调休).  The law changed
 * three times within the years gongkai covers:
 *
 *   from 2000 (1999 revision): 元旦 1, 春节 3 (正月初一-初三), 劳动节 3
 *                              (5月1-3日), 国庆节 3 (10月1-3日)
 *   from 2008 (2007 revision): 元旦 1, 春节 3 (除夕-正月初二), 清明 1,
 *                              劳动节 1, 端午 1, 中秋 1, 国庆节 3
 *   from 2014 (2013 revision): 春节 3 (正月初一-初三), the rest as 2008
 *   from 2025 (2024 revision): 春节 4 (除夕-正月初三), 劳动节 2 (5月1-2日),
 *                              the rest as 2014
 *
 * Article 6: a statutory holiday that falls on a Saturday or Sunday gives
 * a day off on a working day (补假).  A provisional year applies exactly
 * that: each such day (and a day two festivals share) is made up on the
 * next working days after the festival; nothing else, in particular no
 * 调休, which only a notice can declare.
 */
#ifndef GK_HOLIDAYS_H
#define GK_HOLIDAYS_H

#include "date.h"
#include "error.h"

#define GK_HOLIDAYS_FIRST_YEAR 2000

enum gk_festival {
	GK_FEST_NEW_YEAR, GK_FEST_SPRING, GK_FEST_QINGMING, GK_FEST_LABOUR,
	GK_FEST_DRAGON_BOAT, GK_FEST_MID_AUTUMN, GK_FEST_NATIONAL,
	GK_NFESTIVALS
};

/* The names calendar.yaml uses ("Spring Festival"), and the Chinese ones
 * of the law and the notices (春节). */
extern const char *const gk_festival_names[GK_NFESTIVALS];
const char *gk_festival_name_zh(enum gk_festival f);
/* The festival a Chinese name (春节, 清明 or 清明节, 五一 ...) or a
 * calendar.yaml name denotes; -1 when none. */
int gk_festival_lookup(const char *name, size_t len);

/* One day of a year's arrangement. */
typedef struct gk_holiday {
	gk_day day;
	enum gk_festival fest;
	int substitute;           /* 补假: a working day given for a statutory
				     day on a weekend or shared */
} gk_holiday;

#define GK_HOLIDAYS_MAX 32

/*
 * The statutory days of year (days every citizen has off, by the law in
 * force that year), in date order: out has room for GK_HOLIDAYS_MAX.
 * GK_ERANGE before GK_HOLIDAYS_FIRST_YEAR or past the years the lunar
 * computation covers.
 */
int gk_holidays_statutory(int year, gk_holiday *out, int *n, gk_error *err);

/* Which revision of the law governs year ("2024年修订，2025年1月1日起施行"). */
const char *gk_holidays_law(int year);

/*
 * The provisional arrangement of year: its statutory days, then the 补假
 * days (substitute set), in date order.  No make-up working days.
 */
int gk_holidays_provisional(int year, gk_holiday *out, int *n, gk_error *err);

struct gk_calendar;

/*
 * Check that a calendar's year holds the statutory days of its law: each
 * is a rest day.  GK_EINVAL naming the first that is not; 0 also for years
 * gongkai knows no law for (before GK_HOLIDAYS_FIRST_YEAR).
 */
int gk_holidays_verify(const struct gk_calendar *cal, int year, gk_error *err);

#endif

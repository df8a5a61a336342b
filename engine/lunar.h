/*
 * lunar.h - dates of the Chinese calendar, computed from the Sun and the Moon.
 *
 * Three statutory holidays fall on dates of the lunisolar calendar (春节,
 * 端午, 中秋) and one on a solar term (清明).  They are computed here the
 * way the Chinese calendar is defined (GB/T 33661-2017), not read from a
 * table:
 *
 *   - a month begins on the day, in Beijing time (UTC+8), of a new moon;
 *   - the month holding the winter solstice (冬至) is the 11th;
 *   - when 13 months begin between two such months, the first of them with
 *     no principal term (中气, the Sun at a multiple of 30 degrees) is a leap
 *     month and repeats the number of the month before it;
 *   - a solar term falls on the Beijing day the Sun's apparent longitude
 *     reaches its multiple of 15 degrees (清明: 15 degrees).
 *
 * New moons follow Meeus, Astronomical Algorithms (2nd ed.), ch. 49 (within
 * a minute of the true time).  The Sun's apparent longitude is VSOP87D
 * (Bretagnon & Francou 1988) for the Earth, terms of 1e-6 rad and more,
 * with FK5, nutation and aberration (about 1", 40 s of time); dynamical time
 * is turned into universal time with the Espenak-Meeus polynomials for
 * Delta T.  tests/unit/test_lunar.c checks every festival 2004-2030 against
 * published dates and the official holiday years of policies/calendar.yaml.
 *
 * Only pure computation: no I/O, thread-safe.
 */
#ifndef GK_LUNAR_H
#define GK_LUNAR_H

#include "date.h"
#include "error.h"

#define GK_LUNAR_FIRST_YEAR 1901
#define GK_LUNAR_LAST_YEAR 2099

/*
 * *out = the day of `day` of lunar month `month` (1-12, never a leap month)
 * of the Chinese year whose first day (正月初一) falls in Gregorian year
 * `year`.  GK_ERANGE outside GK_LUNAR_FIRST_YEAR..GK_LUNAR_LAST_YEAR;
 * GK_EINVAL for a day the month does not have (the 30th of a short month).
 */
int gk_lunar_to_day(int year, int month, int day, gk_day *out, gk_error *err);

/* *out = the Beijing day in Gregorian year `year` on which the Sun's
 * apparent longitude reaches lon degrees (a multiple of 15, 0-345): 清明 is
 * 15, 冬至 270.  GK_ERANGE outside the years above. */
int gk_lunar_solar_term(int year, int lon, gk_day *out, gk_error *err);

/* ---- the underlying astronomy (exposed for the tests) -------------------- */

/* Julian Ephemeris Day of new moon number k (k = 0: 2000-01-06). */
double gk_lunar_new_moon(long k);
/* The Sun's apparent geocentric longitude, degrees [0, 360), at a JDE. */
double gk_lunar_sun_longitude(double jde);
/* TT - UT in seconds, for a decimal year. */
double gk_lunar_delta_t(double year);
/* The Beijing civil day of a moment given as a JDE. */
gk_day gk_lunar_beijing_day(double jde);

#endif

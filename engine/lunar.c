/* lunar.c - see lunar.h */
#include <math.h>

#include "lunar.h"

#define J2000 2451545.0
#define UNIX_JDN 2440588          /* Julian Day Number of 1970-01-01 */
#define RAD (M_PI / 180.0)

/* ---- the Sun ------------------------------------------------------------ */

/* One term of a VSOP87 series: a cos(b + c tau), tau in Julian millennia
 * from J2000. */
struct term {
	double a, b, c;
};

/* VSOP87D, the Earth's heliocentric longitude (radians): every term of
 * 1e-6 rad and more.  The dropped terms sum to about 1". */
static const struct term L0[] = {
	{ 1.75347045673, 0.00000000000, 0.00000000000 },
	{ 0.03341656456, 4.66925680417, 6283.07584999140 },
	{ 0.00034894275, 4.62610241759, 12566.15169998280 },
	{ 0.00003417571, 2.82886579606, 3.52311834900 },
	{ 0.00003497056, 2.74411800971, 5753.38488489680 },
	{ 0.00003135896, 3.62767041758, 77713.77146812050 },
	{ 0.00002676218, 4.41808351397, 7860.41939243920 },
	{ 0.00002342687, 6.13516237631, 3930.20969621960 },
	{ 0.00001273166, 2.03709655772, 529.69096509460 },
	{ 0.00001324292, 0.74246356352, 11506.76976979360 },
	{ 0.00000901855, 2.04505443513, 26.29831979980 },
	{ 0.00001199167, 1.10962944315, 1577.34354244780 },
	{ 0.00000857223, 3.50849156957, 398.14900340820 },
	{ 0.00000779786, 1.17882652114, 5223.69391980220 },
	{ 0.00000990250, 5.23268129594, 5884.92684658320 },
	{ 0.00000753141, 2.53339053818, 5507.55323866740 },
	{ 0.00000505264, 4.58292563052, 18849.22754997420 },
	{ 0.00000492379, 4.20506639861, 775.52261132400 },
	{ 0.00000356655, 2.91954116867, 0.06731030280 },
	{ 0.00000284125, 1.89869034186, 796.29800681640 },
	{ 0.00000242810, 0.34481140906, 5486.77784317500 },
	{ 0.00000317087, 5.84901952218, 11790.62908865880 },
	{ 0.00000271039, 0.31488607649, 10977.07880469900 },
	{ 0.00000206160, 4.80646606059, 2544.31441988340 },
	{ 0.00000205385, 1.86947813692, 5573.14280143310 },
	{ 0.00000202261, 2.45767795458, 6069.77675455340 },
	{ 0.00000126184, 1.08302630210, 20.77539549240 },
	{ 0.00000155516, 0.83306073807, 213.29909543800 },
	{ 0.00000115132, 0.64544911683, 0.98032106820 },
	{ 0.00000102851, 0.63599846727, 4694.00295470760 },
	{ 0.00000101724, 4.26679821365, 7.11354700080 },
	{ 0.00000132212, 3.41118275555, 2942.46342329160 },
	{ 0.00000101895, 0.97569221824, 15720.83878487840 },
};
static const struct term L1[] = {
	{ 6283.31966747491, 0.00000000000, 0.00000000000 },
	{ 0.00206058863, 2.67823455584, 6283.07584999140 },
	{ 0.00004303430, 2.63512650414, 12566.15169998280 },
	{ 0.00000425264, 1.59046980729, 3.52311834900 },
	{ 0.00000108977, 2.96618001993, 1577.34354244780 },
	{ 0.00000119261, 5.79557487799, 26.29831979980 },
};
static const struct term L2[] = {
	{ 0.00052918870, 0.00000000000, 0.00000000000 },
	{ 0.00008719837, 1.07209665242, 6283.07584999140 },
	{ 0.00000309125, 0.86728818832, 12566.15169998280 },
};
static const struct term L3[] = {
	{ 0.00000289226, 5.84384198723, 6283.07584999140 },
};
static const struct term L4[] = {
	{ 0.00000114084, 3.14159265359, 0.00000000000 },
};

/* The radius vector (AU) is needed only for the aberration, 20" / R:
 * the leading terms give it to 1e-4. */
static const struct term R0[] = {
	{ 1.00013988799, 0.00000000000, 0.00000000000 },
	{ 0.01670699626, 3.09846350771, 6283.07584999140 },
	{ 0.00013956023, 3.05524609620, 12566.15169998280 },
};
static const struct term R1[] = {
	{ 0.00103018608, 1.10748969588, 6283.07584999140 },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static double series(const struct term *t, size_t n, double tau)
{
	double s = 0;

	for (size_t i = 0; i < n; i++)
		s += t[i].a * cos(t[i].b + t[i].c * tau);
	return s;
}

static double norm360(double x)
{
	x = fmod(x, 360.0);
	return x < 0 ? x + 360.0 : x;
}

double gk_lunar_sun_longitude(double jde)
{
	double tau = (jde - J2000) / 365250.0, T = tau * 10;
	double l, r, lon, om, ls, lm, dpsi;

	l = series(L0, N(L0), tau) +
	    tau * (series(L1, N(L1), tau) +
		   tau * (series(L2, N(L2), tau) +
			  tau * (series(L3, N(L3), tau) + tau * series(L4, N(L4), tau))));
	r = series(R0, N(R0), tau) + tau * series(R1, N(R1), tau);
	/* Geocentric: the Sun is opposite the Earth.  To FK5 (Meeus 32.3). */
	lon = l / RAD + 180.0 - 0.09033 / 3600.0;
	/* Nutation in longitude, its four largest terms (Meeus ch. 22, 0.5"). */
	om = (125.04452 - 1934.136261 * T) * RAD;
	ls = (280.4665 + 36000.7698 * T) * RAD;
	lm = (218.3165 + 481267.8813 * T) * RAD;
	dpsi = -17.20 * sin(om) - 1.32 * sin(2 * ls) - 0.23 * sin(2 * lm) + 0.21 * sin(2 * om);
	/* Aberration. */
	lon += (dpsi - 20.4898 / r) / 3600.0;
	return norm360(lon);
}

/* ---- time ---------------------------------------------------------------- */

double gk_lunar_delta_t(double y)
{
	double t, u;

	/* Espenak & Meeus (NASA, 2006): polynomials for TT - UT. */
	if (y < 1920) {
		t = y - 1900;
		return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t -
		       0.000197 * t * t * t * t;
	}
	if (y < 1941) {
		t = y - 1920;
		return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
	}
	if (y < 1961) {
		t = y - 1950;
		return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
	}
	if (y < 1986) {
		t = y - 1975;
		return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
	}
	if (y < 2005) {
		t = y - 2000;
		return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t +
		       0.000651814 * t * t * t * t + 0.00002373599 * t * t * t * t * t;
	}
	if (y < 2050) {
		t = y - 2000;
		return 62.92 + 0.32217 * t + 0.005589 * t * t;
	}
	u = (y - 1820) / 100;
	return -20 + 32 * u * u - 0.5628 * (2150 - y);
}

gk_day gk_lunar_beijing_day(double jde)
{
	double year = 2000.0 + (jde - J2000) / 365.25;
	double jd = jde - gk_lunar_delta_t(year) / 86400.0 + 8.0 / 24.0;

	/* A civil day runs from JD n - 0.5 to n + 0.5. */
	return (gk_day)(floor(jd + 0.5) - UNIX_JDN);
}

/* ---- the Moon ------------------------------------------------------------ */

double gk_lunar_new_moon(long k)
{
	/* Meeus ch. 49: the mean phase, then the periodic terms for a new
	 * moon and the planetary arguments A1..A14. */
	static const double A[14][3] = {
		{ 299.77, 0.107408, -0.009173 }, { 251.88, 0.016321, 0 },
		{ 251.83, 26.651886, 0 }, { 349.42, 36.412478, 0 },
		{ 84.66, 18.206239, 0 }, { 141.74, 53.303771, 0 },
		{ 207.14, 2.453732, 0 }, { 154.84, 7.306860, 0 },
		{ 34.52, 27.261239, 0 }, { 207.19, 0.121824, 0 },
		{ 291.34, 1.844379, 0 }, { 161.72, 24.198154, 0 },
		{ 239.56, 25.513099, 0 }, { 331.55, 3.592518, 0 },
	};
	static const double W[14] = {
		0.000325, 0.000165, 0.000164, 0.000126, 0.000110, 0.000062, 0.000060,
		0.000056, 0.000047, 0.000042, 0.000040, 0.000037, 0.000035, 0.000023,
	};
	double kk = (double)k, T = kk / 1236.85, T2 = T * T, T3 = T2 * T, T4 = T3 * T;
	double jde = 2451550.09766 + 29.530588861 * kk + 0.00015437 * T2 - 0.000000150 * T3 +
		     0.00000000073 * T4;
	double E = 1 - 0.002516 * T - 0.0000074 * T2;
	double M = (2.5534 + 29.10535670 * kk - 0.0000014 * T2 - 0.00000011 * T3) * RAD;
	double Mp = (201.5643 + 385.81693528 * kk + 0.0107582 * T2 + 0.00001238 * T3 -
		     0.000000058 * T4) * RAD;
	double F = (160.7108 + 390.67050284 * kk - 0.0016118 * T2 - 0.00000227 * T3 +
		    0.000000011 * T4) * RAD;
	double Om = (124.7746 - 1.56375588 * kk + 0.0020672 * T2 + 0.00000215 * T3) * RAD;

	jde += -0.40720 * sin(Mp) + 0.17241 * E * sin(M) + 0.01608 * sin(2 * Mp) +
	       0.01039 * sin(2 * F) + 0.00739 * E * sin(Mp - M) - 0.00514 * E * sin(Mp + M) +
	       0.00208 * E * E * sin(2 * M) - 0.00111 * sin(Mp - 2 * F) -
	       0.00057 * sin(Mp + 2 * F) + 0.00056 * E * sin(2 * Mp + M) -
	       0.00042 * sin(3 * Mp) + 0.00042 * E * sin(M + 2 * F) +
	       0.00038 * E * sin(M - 2 * F) - 0.00024 * E * sin(2 * Mp - M) -
	       0.00017 * sin(Om) - 0.00007 * sin(Mp + 2 * M) + 0.00004 * sin(2 * Mp - 2 * F) +
	       0.00004 * sin(3 * M) + 0.00003 * sin(Mp + M - 2 * F) +
	       0.00003 * sin(2 * Mp + 2 * F) - 0.00003 * sin(Mp + M + 2 * F) +
	       0.00003 * sin(Mp - M + 2 * F) - 0.00002 * sin(Mp - M - 2 * F) -
	       0.00002 * sin(3 * Mp + M) + 0.00002 * sin(4 * Mp);
	for (int i = 0; i < 14; i++)
		jde += W[i] * sin((A[i][0] + A[i][1] * kk + A[i][2] * T2) * RAD);
	return jde;
}

/* ---- the calendar -------------------------------------------------------- */

static double jd_of(int y, int m, int d)
{
	return (double)gk_date_from_ymd(y, m, d) + UNIX_JDN - 0.5;
}

/* The JDE the Sun reaches lon degrees near jde. */
static double sun_at(double lon, double jde)
{
	for (int i = 0; i < 30; i++) {
		double d = norm360(lon - gk_lunar_sun_longitude(jde) + 180.0) - 180.0;

		/* The Sun moves about 360 / 365.24 degrees a day. */
		jde += d * 365.2422 / 360.0;
		if (fabs(d) < 1e-7)
			break;
	}
	return jde;
}

/* The moment of solar term lon in Gregorian year y: terms of 285 degrees
 * and more (小寒 to 春分's eve) fall in January-March, the rest after. */
static double term_jde(int y, int lon)
{
	double days = (lon >= 285 ? lon - 360 : lon) * 365.2422 / 360.0;

	return sun_at(lon, jd_of(y, 3, 20) + days);
}

static int out_of_range(int y, gk_error *err)
{
	return gk_error_set(err, GK_ERANGE,
			    "cannot compute the Chinese calendar of %d: only %d-%d are supported",
			    y, GK_LUNAR_FIRST_YEAR, GK_LUNAR_LAST_YEAR);
}

int gk_lunar_solar_term(int year, int lon, gk_day *out, gk_error *err)
{
	if (year < GK_LUNAR_FIRST_YEAR || year > GK_LUNAR_LAST_YEAR)
		return out_of_range(year, err);
	if (lon < 0 || lon >= 360 || lon % 15)
		return gk_error_set(err, GK_EINVAL, "%d degrees is not a solar term", lon);
	*out = gk_lunar_beijing_day(term_jde(year, lon));
	return 0;
}

/*
 * The months from the one holding the winter solstice of y - 1 (the 11th
 * month) to the one before the month holding the winter solstice of y:
 * start[i] the first day of month i, start[n] the first day of the 11th
 * month of y; num[i] its number, leap[i] 1 for a leap month.
 */
struct sui {
	gk_day start[15];
	int num[14], leap[14];
	int n;
};

static void sui_months(int y, struct sui *s)
{
	gk_day ws1 = gk_lunar_beijing_day(term_jde(y - 1, 270));
	gk_day ws2 = gk_lunar_beijing_day(term_jde(y, 270));
	gk_day zq[13];
	long k = (long)floor((y - 1 + 0.97 - 2000.0) * 12.3685);
	int leap_at = -1, month;

	/* The new moon on or before the solstice begins the 11th month. */
	while (gk_lunar_beijing_day(gk_lunar_new_moon(k)) > ws1)
		k--;
	while (gk_lunar_beijing_day(gk_lunar_new_moon(k + 1)) <= ws1)
		k++;
	s->n = 0;
	for (int i = 0; i < 15; i++) {
		s->start[i] = gk_lunar_beijing_day(gk_lunar_new_moon(k + i));
		if (i && s->start[i] <= ws2)
			s->n = i;
	}
	/* start[s->n] <= ws2 < start[s->n + 1]: n months lie before it. */
	/* The principal terms from the solstice of y - 1 to that of y. */
	zq[0] = ws1;
	for (int i = 1; i < 13; i++)
		zq[i] = gk_lunar_beijing_day(term_jde(y, (270 + 30 * i) % 360));
	if (s->n == 13)
		for (int i = 1; i < 13 && leap_at < 0; i++) {
			int has = 0;

			for (int j = 0; j < 13 && !has; j++)
				has = zq[j] >= s->start[i] && zq[j] < s->start[i + 1];
			if (!has)
				leap_at = i;
		}
	month = 11;
	for (int i = 0; i < s->n; i++) {
		s->leap[i] = i == leap_at;
		if (i && !s->leap[i])
			month = month % 12 + 1;
		s->num[i] = month;
	}
}

int gk_lunar_to_day(int year, int month, int day, gk_day *out, gk_error *err)
{
	struct sui s;
	int seen_first = 0;

	if (year < GK_LUNAR_FIRST_YEAR || year > GK_LUNAR_LAST_YEAR)
		return out_of_range(year, err);
	if (month < 1 || month > 12 || day < 1 || day > 30)
		return gk_error_set(err, GK_EINVAL, "lunar month %d day %d does not exist",
				    month, day);
	/* Months 1-10 of the year lie in the span ending at its winter
	 * solstice; months 11 and 12 in the next span, before its 1st month. */
	sui_months(month <= 10 ? year : year + 1, &s);
	for (int i = 0; i < s.n; i++) {
		seen_first |= s.num[i] == 1;
		if (s.leap[i] || s.num[i] != month)
			continue;
		/* In the next span, months 11 and 12 come before its 1st. */
		if (month <= 10 ? !seen_first : seen_first)
			continue;
		if (s.start[i] + day - 1 >= s.start[i + 1])
			return gk_error_set(err, GK_EINVAL,
					    "lunar month %d of %d has only %d days", month, year,
					    (int)(s.start[i + 1] - s.start[i]));
		*out = s.start[i] + day - 1;
		return 0;
	}
	return gk_error_set(err, GK_EINVAL, "cannot find lunar month %d of %d", month, year);
}

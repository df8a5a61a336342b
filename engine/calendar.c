/* calendar.c - see calendar.h */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calendar.h"

struct gk_calendar {
	int first_year, last_year;
	gk_day first, last;     /* first and last covered day */
	int ndays;
	uint8_t *kind;          /* enum gk_day_kind per day */
	const char **name;      /* festival per declared day, or NULL */
	int32_t *cum;           /* working days in [first, first + i] */
	gk_day *nth;            /* nth[k] = day of the (k+1)-th working day */
	int nworkdays;
	uint8_t *provisional;   /* per year from first_year */
	gk_day first_provisional; /* first day of a provisional year, or last + 1 */
	char **names;           /* owned festival strings */
	int nnames;
	size_t namecap;
	char *source;
};

int gk_calendar_new(gk_calendar **out, int first_year, int last_year,
		    const char *source, gk_error *err)
{
	gk_calendar *cal;

	*out = NULL;
	if (first_year < 1900 || last_year > 9998 || last_year < first_year)
		return gk_error_set(err, GK_EINVAL,
				    "calendar '%s': bad year range %d..%d",
				    source, first_year, last_year);
	cal = calloc(1, sizeof(*cal));
	if (!cal)
		return GK_OOM(err);
	cal->first_year = first_year;
	cal->last_year = last_year;
	cal->first = gk_date_from_ymd(first_year, 1, 1);
	cal->last = gk_date_from_ymd(last_year, 12, 31);
	cal->ndays = cal->last - cal->first + 1;
	cal->first_provisional = cal->last + 1;
	cal->kind = calloc((size_t)cal->ndays, 1);
	cal->name = calloc((size_t)cal->ndays, sizeof(*cal->name));
	cal->cum = calloc((size_t)cal->ndays, sizeof(*cal->cum));
	cal->nth = calloc((size_t)cal->ndays, sizeof(*cal->nth));
	cal->provisional = calloc((size_t)(last_year - first_year + 1), 1);
	cal->source = strdup(source ? source : "calendar");
	if (!cal->kind || !cal->name || !cal->cum || !cal->nth || !cal->provisional ||
	    !cal->source) {
		gk_calendar_free(cal);
		return GK_OOM(err);
	}
	*out = cal;
	return 0;
}

void gk_calendar_free(gk_calendar *cal)
{
	if (!cal)
		return;
	for (int i = 0; i < cal->nnames; i++)
		free(cal->names[i]);
	free(cal->names);
	free(cal->kind);
	free(cal->name);
	free(cal->cum);
	free(cal->nth);
	free(cal->provisional);
	free(cal->source);
	free(cal);
}

/* Festival names repeat a few dozen times over decades: keep one copy. */
static const char *intern_name(gk_calendar *cal, const char *name)
{
	char *copy;

	for (int i = 0; i < cal->nnames; i++)
		if (strcmp(cal->names[i], name) == 0)
			return cal->names[i];
	if (GK_GROW(cal->names, cal->nnames, cal->namecap))
		return NULL;
	copy = strdup(name);
	if (!copy)
		return NULL;
	cal->names[cal->nnames++] = copy;
	return copy;
}

static int missing_year(const gk_calendar *cal, gk_day day, gk_error *err)
{
	int y = gk_date_year(day);

	if (y < cal->first_year)
		return gk_error_set(err, GK_ERANGE,
				    "the calendar does not cover %d ('%s' covers %d-%d): "
				    "add the State Council holiday arrangement for %d to it",
				    y, cal->source, cal->first_year, cal->last_year, y);
	return gk_error_set(err, GK_ERANGE,
			    "the calendar does not cover %d ('%s' covers %d-%d): add the State "
			    "Council notice for %d with 'gongkai calendar add NOTICE.txt', or "
			    "until it is published a provisional year with 'gongkai calendar "
			    "provisional %d'", y, cal->source, cal->first_year, cal->last_year, y, y);
}

int gk_calendar_covers(const gk_calendar *cal, gk_day day, gk_error *err)
{
	if (day >= cal->first && day <= cal->last)
		return 1;
	missing_year(cal, day, err);
	return 0;
}

int gk_calendar_declare(gk_calendar *cal, gk_day day, enum gk_day_kind kind,
			const char *name, gk_error *err)
{
	char iso[GK_DATE_LEN + 1];
	int i;

	if (!gk_calendar_covers(cal, day, err))
		return GK_ERANGE;
	i = day - cal->first;
	if (cal->kind[i] != GK_DAY_NORMAL && cal->kind[i] != (uint8_t)kind) {
		gk_date_format(day, iso);
		return gk_error_set(err, GK_EINVAL,
				    "%s is declared both a holiday and a working day",
				    iso);
	}
	cal->kind[i] = (uint8_t)kind;
	if (name && *name) {
		cal->name[i] = intern_name(cal, name);
		if (!cal->name[i])
			return GK_OOM(err);
	}
	return 0;
}

static int day_is_workday(const gk_calendar *cal, int i)
{
	int wd;

	if (cal->kind[i] == GK_DAY_WORKDAY)
		return 1;
	if (cal->kind[i] == GK_DAY_HOLIDAY)
		return 0;
	wd = gk_date_weekday(cal->first + i);
	return wd <= 5;
}

void gk_calendar_finish(gk_calendar *cal)
{
	int32_t n = 0;

	for (int i = 0; i < cal->ndays; i++) {
		if (day_is_workday(cal, i))
			cal->nth[n++] = cal->first + i;
		cal->cum[i] = n;
	}
	cal->nworkdays = n;
}

int gk_calendar_set_provisional(gk_calendar *cal, int year, gk_error *err)
{
	if (year < cal->first_year || year > cal->last_year)
		return gk_error_set(err, GK_ERANGE, "%d is not in the calendar '%s'", year,
				    cal->source);
	cal->provisional[year - cal->first_year] = 1;
	if (gk_date_from_ymd(year, 1, 1) < cal->first_provisional)
		cal->first_provisional = gk_date_from_ymd(year, 1, 1);
	return 0;
}

int gk_calendar_year_provisional(const gk_calendar *cal, int year)
{
	return year >= cal->first_year && year <= cal->last_year &&
	       cal->provisional[year - cal->first_year];
}

int gk_calendar_last_official(const gk_calendar *cal)
{
	int y = cal->last_year;

	while (y >= cal->first_year && cal->provisional[y - cal->first_year])
		y--;
	return y;
}

int gk_calendar_provisional_between(const gk_calendar *cal, gk_day a, gk_day b)
{
	/* Most questions end before any provisional year: one comparison. */
	if (b <= a || b < cal->first_provisional)
		return 0;
	/* A few years at most: the span of one time limit. */
	for (int y = gk_date_year(a + 1), last = gk_date_year(b); y <= last; y++)
		if (gk_calendar_year_provisional(cal, y))
			return 1;
	return 0;
}

int gk_calendar_first_year(const gk_calendar *cal) { return cal->first_year; }
int gk_calendar_last_year(const gk_calendar *cal) { return cal->last_year; }
const char *gk_calendar_source(const gk_calendar *cal) { return cal->source; }

int gk_calendar_is_workday(const gk_calendar *cal, gk_day day, gk_error *err)
{
	if (!gk_calendar_covers(cal, day, err))
		return GK_ERANGE;
	return day_is_workday(cal, day - cal->first);
}

enum gk_day_kind gk_calendar_day_kind(const gk_calendar *cal, gk_day day,
				      const char **name)
{
	if (name)
		*name = NULL;
	if (day < cal->first || day > cal->last)
		return GK_DAY_NORMAL;
	if (name)
		*name = cal->name[day - cal->first];
	return (enum gk_day_kind)cal->kind[day - cal->first];
}

int gk_calendar_add_workdays(const gk_calendar *cal, gk_day day, int n,
			     gk_day *out, gk_error *err)
{
	int64_t target;

	if (n < 0)
		return gk_error_set(err, GK_EINVAL,
				    "a number of working days must be 0 or more, not %d", n);
	if (!gk_calendar_covers(cal, day, err))
		return GK_ERANGE;
	if (n == 0) {
		*out = day;
		return 0;
	}
	/* cum counts day itself when it is a working day, and the start day
	 * never counts, so the answer is the (cum + n)-th working day. */
	target = (int64_t)cal->cum[day - cal->first] + n;
	if (target > cal->nworkdays)
		return missing_year(cal, cal->last + 1, err);
	*out = cal->nth[target - 1];
	return 0;
}

int gk_calendar_workdays_between(const gk_calendar *cal, gk_day a, gk_day b,
				 int *out, gk_error *err)
{
	if (!gk_calendar_covers(cal, a, err) || !gk_calendar_covers(cal, b, err))
		return GK_ERANGE;
	*out = cal->cum[b - cal->first] - cal->cum[a - cal->first];
	return 0;
}

void gk_calendar_state_of(const gk_calendar *cal, gk_calendar_state *s)
{
	s->first = cal->first_year;
	s->last = cal->last_year;
	s->nprovisional = 0;
	for (int y = cal->first_year; y <= cal->last_year; y++)
		if (cal->provisional[y - cal->first_year] &&
		    s->nprovisional < GK_CALENDAR_PROVISIONAL_MAX)
			s->provisional[s->nprovisional++] = y;
}

int gk_calendar_state_missing(const gk_calendar_state *s, gk_day day)
{
	return day >= gk_date_from_ymd(s->last, 11, 1) ? s->last + 1 : 0;
}

int gk_calendar_state_pending(const gk_calendar_state *s, gk_day day, int *years, int max)
{
	int n = 0;

	for (int i = 0; i < s->nprovisional && n < max; i++)
		if (s->provisional[i] <= gk_date_year(day) + 1)
			years[n++] = s->provisional[i];
	return n;
}

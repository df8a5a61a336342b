/*
 * calendar.h - working days (工作日) over the years a calendar covers.
 *
 * A date is a working day when it is a declared make-up working day (调休),
 * or a Monday-Friday that is not a declared holiday.  Counting follows the
 * law on periods: the start day is not counted.  A calendar covers a
 * contiguous range of whole years; any question about a date outside it is
 * an error naming the missing year, never a guess.
 *
 * Internally every covered day gets the running count of working days up
 * to and including it, so both questions are O(1) lookups.
 *
 * A year is official (the State Council's notice arranged it) or
 * provisional (computed from the law, without the notice's make-up days:
 * see holidays.h).  Answers that go through a provisional day are still
 * given, and the caller asks gk_calendar_provisional_between whether to
 * mark them so.
 */
#ifndef GK_CALENDAR_H
#define GK_CALENDAR_H

#include "date.h"
#include "error.h"

typedef struct gk_calendar gk_calendar;

enum gk_day_kind {
	GK_DAY_NORMAL = 0,   /* weekday or weekend as the week says */
	GK_DAY_HOLIDAY = 1,  /* declared day off */
	GK_DAY_WORKDAY = 2   /* declared make-up working day */
};

/* A calendar covering first_year..last_year, all weeks ordinary.  source
 * names the file the facts come from (used in error messages; copied). */
int gk_calendar_new(gk_calendar **out, int first_year, int last_year,
		    const char *source, gk_error *err);

/* Declare day as a holiday or a make-up working day; name (copied) is the
 * festival it belongs to, for explanations.  Must precede finish. */
int gk_calendar_declare(gk_calendar *cal, gk_day day, enum gk_day_kind kind,
			const char *name, gk_error *err);

/* Mark year (covered) provisional.  Must precede finish. */
int gk_calendar_set_provisional(gk_calendar *cal, int year, gk_error *err);

/* Compute the running counts; after this the calendar is read-only and
 * safe to share between threads. */
void gk_calendar_finish(gk_calendar *cal);

void gk_calendar_free(gk_calendar *cal);

int gk_calendar_first_year(const gk_calendar *cal);
int gk_calendar_last_year(const gk_calendar *cal);
const char *gk_calendar_source(const gk_calendar *cal);

/* 1 when year is covered and provisional. */
int gk_calendar_year_provisional(const gk_calendar *cal, int year);
/* The last covered year that is official (not provisional); first_year - 1
 * when every year is provisional. */
int gk_calendar_last_official(const gk_calendar *cal);

/* 1 when a day D with a < D <= b lies in a provisional year: a count of
 * working days over (a, b] depends on it. */
int gk_calendar_provisional_between(const gk_calendar *cal, gk_day a, gk_day b);

/* ---- the calendar's state, as a run records it ------------------------------ */

#define GK_CALENDAR_PROVISIONAL_MAX 8

typedef struct gk_calendar_state {
	int first, last;          /* the years covered */
	int provisional[GK_CALENDAR_PROVISIONAL_MAX];  /* provisional years, ascending */
	int nprovisional;
} gk_calendar_state;

void gk_calendar_state_of(const gk_calendar *cal, gk_calendar_state *s);

/* The year whose arrangement is due and missing as of day: from 1 November
 * of the last year covered (when the State Council usually publishes the
 * next year's notice) the next year, else 0. */
int gk_calendar_state_missing(const gk_calendar_state *s, gk_day day);

/* The provisional years that matter as of day (up to the year after day's):
 * up to max of them into years; returns how many. */
int gk_calendar_state_pending(const gk_calendar_state *s, gk_day day, int *years, int max);

/* 1 if covered, else 0 (and err names the missing year when err != NULL). */
int gk_calendar_covers(const gk_calendar *cal, gk_day day, gk_error *err);

/* 1 working day, 0 rest day, GK_ERANGE when not covered. */
int gk_calendar_is_workday(const gk_calendar *cal, gk_day day, gk_error *err);

/* Kind and festival name of a covered day (name NULL when none). */
enum gk_day_kind gk_calendar_day_kind(const gk_calendar *cal, gk_day day,
				      const char **name);

/* *out = the n-th working day after day (n >= 0; n == 0 gives day itself). */
int gk_calendar_add_workdays(const gk_calendar *cal, gk_day day, int n,
			     gk_day *out, gk_error *err);

/* *out = number of working days D with a < D <= b (negative when b < a). */
int gk_calendar_workdays_between(const gk_calendar *cal, gk_day a, gk_day b,
				 int *out, gk_error *err);

#endif

/*
 * calendar_yaml.h - build a gk_calendar from the policy set's calendar file.
 *
 * The file (policies/calendar.yaml) has a map `years:` of year -> {holidays:
 * [{date, name}], workdays: [{date, name}]}.  Years must be contiguous, every
 * date must lie in the year it is listed under, and a date may not be both
 * a holiday and a working day.  Errors name FILE:LINE:COL.
 *
 * A year also says where it comes from: `notice:` the title of the State
 * Council notice that arranged it (with `number:` its 文号 and `url:` where
 * it was published, when known), or `provisional: true` for a year computed
 * from the law before the notice (no notice, no make-up working days).
 */
#ifndef GK_CALENDAR_YAML_H
#define GK_CALENDAR_YAML_H

#include "../../engine/calendar.h"
#include "source.h"

#define GK_CALENDAR_FILE "calendar.yaml"

/* Where each year of the file comes from. */
typedef struct gk_calendar_year {
	int year;
	int provisional;
	char *notice;             /* the notice's title, or NULL */
	char *number;             /* its 文号, or NULL */
	char *url;                /* where it was published, or NULL */
	int line;                 /* of the year's key */
} gk_calendar_year;

typedef struct gk_calendar_info {
	char *file;               /* the name used in messages */
	gk_calendar_year *years;  /* first to last */
	int nyears;
} gk_calendar_info;

void gk_calendar_info_free(gk_calendar_info *info);

int gk_calendar_parse(const char *name, const char *buf, size_t len,
		      gk_calendar **out, gk_error *err);
/* The same; *info (info may be NULL) receives the years' origins. */
int gk_calendar_parse_info(const char *name, const char *buf, size_t len,
			   gk_calendar **out, gk_calendar_info **info, gk_error *err);

/* Read GK_CALENDAR_FILE from a policy source. */
int gk_calendar_load(gk_source *src, gk_calendar **out, gk_error *err);
int gk_calendar_load_info(gk_source *src, gk_calendar **out, gk_calendar_info **info,
			  gk_error *err);

/* ---- writing a year (calendar_edit.c) ------------------------------------ */

/* One line of a year's holidays or workdays. */
typedef struct gk_calendar_entry {
	gk_day day;
	const char *name;         /* the festival as calendar.yaml names it */
	const char *note;         /* after the weekday in the line's comment, or NULL */
} gk_calendar_entry;

/* A year to write, and where it comes from. */
typedef struct gk_calendar_add {
	int year;
	int provisional;
	const char *notice;       /* official: the notice's title */
	const char *number;       /* its 文号, or NULL */
	const char *url;          /* its address, or NULL */
	const char *comment;      /* a comment line under the year's key, or NULL */
	const gk_calendar_entry *holidays, *workdays;   /* in date order */
	int nholidays, nworkdays;
} gk_calendar_add;

/* What an edit did. */
typedef struct gk_calendar_change {
	int replaced;             /* the year was there (was_provisional: as such) */
	int was_provisional;
	int elsewhere;            /* lines added to another year (the December before) */
} gk_calendar_change;

/*
 * Write year y into the calendar file text buf (len bytes, named name in
 * messages): a year after the last is appended; a year that is there is
 * replaced when it is provisional, or when replace is set.  Entries of
 * another year (a notice's December before) are inserted into that year's
 * lists in date order, where missing.  Every other line is kept as it is,
 * so the file's history shows only the year's own lines.  The result is
 * read back and compared with the calendar before, day by day outside the
 * year: *out (malloc'd, *outlen bytes) is returned only when it holds.
 */
int gk_calendar_edit(const char *name, const char *buf, size_t len, const gk_calendar_add *y,
		     int replace, char **out, size_t *outlen, gk_calendar_change *ch,
		     gk_error *err);

#endif

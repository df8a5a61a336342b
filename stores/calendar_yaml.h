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

#include "../engine/calendar.h"
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

#endif

/*
 * calendar_yaml.h - build a gk_calendar from the policy set's calendar file.
 *
 * The file (policies/calendar.yaml) has a map `years:` of year -> {holidays:
 * [{date, name}], workdays: [{date, name}]}.  Years must be contiguous, every
 * date must lie in the year it is listed under, and a date may not be both
 * a holiday and a working day.  Errors name FILE:LINE:COL.
 */
#ifndef GK_CALENDAR_YAML_H
#define GK_CALENDAR_YAML_H

#include "../engine/calendar.h"
#include "source.h"

#define GK_CALENDAR_FILE "calendar.yaml"

int gk_calendar_parse(const char *name, const char *buf, size_t len,
		      gk_calendar **out, gk_error *err);

/* Read GK_CALENDAR_FILE from a policy source. */
int gk_calendar_load(gk_source *src, gk_calendar **out, gk_error *err);

#endif

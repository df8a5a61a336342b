/*
 * config_yaml.h - gongkai.yaml: the settings of a nightly job.
 *
 *   db: /var/lib/gongkai/gongkai.db     # the database
 *   policies: /srv/gongkai/policies     # the policy repository
 *   jurisdictions: [zezhou, quangang]   # the scope of a run (default: all)
 *   warn_days: 3                        # early-warning window, working days
 *   report_dir: /var/lib/gongkai/reports
 *   jobs: 2                             # workers of a run
 *   busy_timeout: 120                   # seconds a writer waits for another
 *   cpu_per_call: 5                     # CPU seconds one policy call may take
 *   cpu_per_run: 3600                   # CPU seconds a run may take (0: no limit)
 *   fail_on: violation                  # what makes run exit 1: violation,
 *                                       # notice or none
 *   language: zh                        # messages in Chinese (en: English)
 *
 * Every key is optional; an unknown key or a bad value is an error naming
 * the file, line and column.  Relative paths are relative to the file's
 * folder, so the same file works from any current directory.
 */
#ifndef GK_CONFIG_YAML_H
#define GK_CONFIG_YAML_H

#include "../engine/error.h"

#define GK_CONFIG_FILE "gongkai.yaml"
#define GK_WARN_DAYS_MAX 60

typedef struct gk_config {
	char *file;               /* where it was read; NULL: no file */
	char *db, *policies, *report_dir;
	char **juris;
	int njuris;
	int warn_days;            /* -1 when not set */
	int jobs;                 /* 0 when not set */
	int busy_timeout;         /* seconds; -1 when not set */
	long cpu_per_call_ms;     /* the watchdog's limits (watchdog.h); */
	long cpu_per_run_ms;      /* -1 when not set, 0 no limit */
	int fail_on;              /* gk_severity_threshold; -1 when not set */
	char *language;           /* "zh" or "en"; NULL when not set */
} gk_config;

/* "5", "0.5", "0": seconds of CPU time as milliseconds, or -1 when s is
 * not a number of seconds from 0 to 86400 (at most 3 decimals). */
long gk_config_seconds(const char *s);

/* Read path (must exist). */
int gk_config_load(const char *path, gk_config **out, gk_error *err);
void gk_config_free(gk_config *c);

#endif

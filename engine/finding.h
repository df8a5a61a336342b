/*
 * finding.h - the one finding model: what a run finds, as every part of
 * gongkai sees it (the run's stream, the store, the printers, the reports).
 *
 * A finding is a verdict of a rule on a record (or, for a periodic duty,
 * on a period of a jurisdiction), with its status against the run before
 * (new, persisting), or an early warning (due_soon: a deadline not yet
 * missed), or a finding of the run before that is gone (resolved).
 */
#ifndef GK_FINDING_H
#define GK_FINDING_H

#include <stdint.h>

#include "date.h"
#include "error.h"
#include "textcap.h"

struct gk_waivers;

/*
 * How grave a rule's findings are: a violation (违规: a clause broken, the
 * default) or a notice (提示: the record cannot be judged, or advice).
 * Ordered: a notice is below a violation (run --fail-on).  The names are
 * the stored and printed values; the labels what officers read.  Severity
 * is not part of a finding's identity: a rule made a notice keeps its
 * findings' history and answers.
 */
enum gk_severity { GK_SEV_NOTICE, GK_SEV_VIOLATION, GK_NSEVERITIES };
extern const char *const gk_severity_names[GK_NSEVERITIES];  /* notice, violation */
extern const char *const gk_severity_labels[GK_NSEVERITIES]; /* 提示, 违规 */

/* The severity a name or label means (notice, 提示, violation, 违规), or -1. */
int gk_severity_lookup(const char *name);

/* The accepted word nearest an unknown one (by characters, so 违法 is
 * near 违规), or NULL when none is near. */
const char *gk_severity_suggest(const char *name);

/* What run --fail-on names: the least severity that fails a run
 * (violation, notice; 违规, 提示), or GK_NSEVERITIES for none; -1 when
 * s is none of these. */
int gk_severity_threshold(const char *s);

/* A run: what it evaluated and what it found, as stored and printed. */
typedef struct gk_run_info {
	int64_t id;
	char started_at[32], finished_at[32];
	gk_day as_of;
	const char *policy_source;
	const char *policy_revision;
	char policy_digest[41];
	char scope[512];          /* jurisdictions evaluated, ',' separated, or "all" */
	long records, rules, findings;
	long waived;              /* findings an approved waiver covers */
	long unwaived[GK_NSEVERITIES]; /* the others by severity: what
				   * run --fail-on counts; not stored */
	int jobs;
	struct gk_waivers *waivers; /* the run's waivers with their hits (caller frees) */

	/* Compared with the baseline: the newest earlier run of the same
	 * scope (for a run of a commit, the newest that read a commit). */
	int compare;              /* 0 skips the comparison */
	int warn_days;            /* the early-warning window, 0 when off */
	gk_day warn_until;        /* its last day */
	int warn_capped;          /* cut short at the calendar's last day */
	int64_t baseline;         /* 0 when there is none */
	long n_new, n_persisting, n_resolved, n_due_soon;
	int layout;               /* how its seal was computed (stores/db/seal.c) */

	/* The calendar the run used (layout 4; 0 and "" for older runs). */
	int cal_first, cal_last;  /* the years it covered */
	char cal_provisional[64]; /* its provisional years: "2027,2028", or "" */
	int64_t last_import;      /* the newest import the run evaluated (0: none,
				   * -1: a run stored before runs recorded it) */

	/* Where the time went (gk_run_clock, seconds; gongkai run --timing):
	 * gk_run's start, the pass over the records (the workers) starting
	 * and ending, the periodic duties judged, everything stored. */
	double t_begin, t_pass, t_passed, t_periodic, t_end;
} gk_run_info;

/* Statuses (the strings are the stored and printed values). */
#define GK_STATUS_NEW "new"
#define GK_STATUS_PERSISTING "persisting"
#define GK_STATUS_RESOLVED "resolved"
#define GK_STATUS_DUE_SOON "due_soon"


typedef struct gk_finding {
	int64_t seq;              /* record rowid, for a stable order; for a
				     periodic duty, past the last record's */
	const char *record_id;    /* NULL for a periodic duty */
	const char *jurisdiction;
	const char *rule;
	const char *category;
	const char *message;
	const char *basis;
	gk_day due_on;
	int has_due;
	const char *period;       /* NULL when not a periodic duty */
	const char *waiver;       /* who approved an exception and why, or NULL */

	const char *unit;         /* the responsible unit, from the record */
	const char *status;       /* GK_STATUS_*; NULL for a run before schema 3 */
	const char *severity;     /* gk_severity_names[]; NULL reads as violation */
	const char *first_seen;   /* as-of date of the first run that found it */
	int days_open;            /* days from first_seen to the run's as-of */
	int days_left;            /* due_soon: working days to the deadline */
	const char *title;        /* the record's title, when it has one */
	int64_t run_id;           /* the run that found it */
	int provisional;          /* its deadline was counted through a
				     provisional calendar year (暂定) */
	int64_t id;               /* its row: findings.id, or due_soon.id */

	/* The unit's latest answer on a work list of this run or an earlier
	 * one (NULL when none; stores/db/feedback.h). */
	const char *fb_status;    /* 已整改, 整改中 or 有异议 */
	const char *fb_date;      /* the date it was fixed, or NULL */
	const char *fb_note;
	int64_t fb_run;           /* the run whose work list it answered */
} gk_finding;

/* Called with each finding; its strings live until it returns. */
typedef int (*gk_finding_fn)(void *ud, const gk_finding *f, gk_error *err);

/* 1 when f is an early warning, not a finding. */
int gk_finding_is_due(const gk_finding *f);

/* f's severity (GK_SEV_VIOLATION when it names none: stored before
 * severities were). */
enum gk_severity gk_finding_severity(const gk_finding *f);

/*
 * The texts of f as a finding holds them: at most GK_FINDING_TEXT_MAX
 * bytes each (textcap.h), cut between characters and marked "…" when
 * longer, never ending inside a character (a message cut short by its
 * buffer can).  Texts that are fine are left as they are; the others are
 * copied into bufs (5 buffers of GK_FINDING_TEXT_MAX + 1 bytes).
 */
void gk_finding_cap(gk_finding *f, char (*bufs)[GK_FINDING_TEXT_MAX + 1]);

#endif

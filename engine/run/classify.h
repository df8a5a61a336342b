/*
 * classify.h - what changed since the night before: each finding of a run
 * is new or persisting against its baseline, and the baseline's findings
 * no finding matched are resolved.
 *
 * The baseline (history port) is the earlier run of the same scope with
 * the latest as-of date not after the run's own; a run of a commit skips
 * --worktree trials.  Its findings are loaded into a hash table keyed by
 * what identifies a finding independent of the day it is read:
 * jurisdiction, rule, category, record and period (and, for a duty of
 * every venue, the venue).  Each finding takes an unmatched baseline
 * finding of its key, preferring one with the same message (so that of
 * two documents cited by one record, the one still cited persists); it is
 * then persisting and inherits the date first seen, else it is new.  One
 * lookup per finding, as it is made: no second pass, however many.
 */
#ifndef GK_CLASSIFY_H
#define GK_CLASSIFY_H

#include <stddef.h>

#include "ports.h"

typedef struct gk_classifier gk_classifier;

/* The baseline of a run of scope as of as_of (committed: the run reads a
 * commit); *baseline its id, 0 when there is none (every finding is then
 * new). */
int gk_classifier_load(gk_classifier **out, const gk_history *h, const char *scope,
		       int committed, gk_day as_of, int64_t *baseline, gk_error *err);
void gk_classifier_free(gk_classifier *c);

/*
 * Set f's status (new or persisting), first_seen and days_open as of
 * as_of.  first_seen points into c (or is the run's own date, as_of_text).
 * Safe from several threads at once for findings of different records
 * (every key names its record; a periodic duty's findings are classified
 * by one thread).
 */
void gk_classify(gk_classifier *c, gk_finding *f, gk_day as_of, const char *as_of_text);

/* The baseline's findings no finding matched, in id order: *ids (the
 * caller frees) and *n. */
int gk_classifier_unmatched(const gk_classifier *c, int64_t **ids, size_t *n, gk_error *err);

#endif

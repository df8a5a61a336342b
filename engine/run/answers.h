/*
 * answers.h - the units' answers on their work lists, as a run hands them
 * on with its findings.
 *
 * A unit answers a finding of its work list (已整改, 整改中, 有异议, a date,
 * a note: stores/db/feedback.h), and the answer follows the finding's
 * identity (jurisdiction, rule, category, record, period) into later
 * runs.  A run loads every answer once and gives each finding the latest
 * answer of its identity, as `gongkai findings` reads it later.
 */
#ifndef GK_ANSWERS_H
#define GK_ANSWERS_H

#include "ports.h"

typedef struct gk_answers gk_answers;

/* Every answer h knows (a later one of an identity supersedes the
 * earlier).  *out is NULL when there is none. */
int gk_answers_load(gk_answers **out, const gk_history *h, gk_error *err);
/* f's fb_* from its identity's latest answer (left NULL when none).
 * Read-only: safe from several threads. */
void gk_answers_attach(const gk_answers *a, gk_finding *f);
void gk_answers_free(gk_answers *a);

#endif

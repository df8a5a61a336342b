/*
 * explain.h - why a rule gives its verdict on a record, in words an
 * officer understands (Chinese).
 *
 * For a deadline: the date that started the clock, the weekends and
 * holidays skipped and the make-up working days counted on the way to
 * the deadline, the deadline and the outcome.  For who must publish: the
 * unit responsible and the principle that chose it.  For the others: what
 * was required and what the record has.
 */
#ifndef GK_EXPLAIN_H
#define GK_EXPLAIN_H

#include <stdio.h>

#include "rules.h"

/* applies: the rule's kinds and `when` select the record, but its clock
 * started before the rule took effect. */
#define GK_EXPLAIN_NOT_IN_EFFECT 2

/* Explain rule r on the record.  applies: whether kinds and `when`
 * selected it (or GK_EXPLAIN_NOT_IN_EFFECT); clock: the record's clock
 * date for the rule's effective date (0: none); v/nv: its verdicts (nv ==
 * 0: it passed). */
void gk_explain_rule(const gk_rule *r, const gk_judge_ctx *cx, gk_get_fn get,
		     void *rec, int applies, gk_day clock, const gk_verdict *v, int nv,
		     FILE *out);

/* The Chinese name of a festival as the calendar names it. */
const char *gk_festival_zh(const char *name);

#endif

/*
 * feedback.h - what the units answer on their work lists.
 *
 * A unit's work list (.xlsx, cli/report/xlsx.c) has three columns for it
 * to fill in: 整改情况 (已整改, 整改中 or 有异议), 整改日期 and 备注.  The
 * returned list is read back (gongkai feedback) into the table feedback,
 * one row an answer, beside the sealed runs and never in them: the answer
 * names the finding (or the deadline due soon) by the number the list
 * gave it (F12, D3) and is stored with that finding's identity, so that
 * it follows the finding into later runs.  A finding whose unit answered
 * 已整改 on an earlier run's list and which is still there is called out.
 */
#ifndef GK_FEEDBACK_H
#define GK_FEEDBACK_H

#include "db.h"

/* The answers a unit may give, NULL-terminated; the first is "fixed". */
extern const char *const gk_feedback_statuses[];
#define GK_FEEDBACK_FIXED "已整改"

/* The column headers of a work list that carry the answer. */
#define GK_FEEDBACK_REF "问题编号"
#define GK_FEEDBACK_RECORD "记录编号"
#define GK_FEEDBACK_STATUS "整改情况"
#define GK_FEEDBACK_DATE "整改日期"
#define GK_FEEDBACK_NOTE "备注"

/* How a work list names a finding (F12) or a deadline due soon (D3). */
void gk_feedback_ref(const gk_finding *f, char *buf, size_t n);

typedef struct gk_feedback {
	const char *file;
	int line;                /* the row of the list */
	const char *ref;         /* F12 or D3 */
	const char *record;      /* the row's 记录编号: the record id, or the period */
	const char *status;      /* one of gk_feedback_statuses */
	const char *fixed_on;    /* YYYY-MM-DD or NULL */
	const char *note;        /* or NULL */
} gk_feedback;

/*
 * Store one answer (inside gk_store_begin/commit).  *stored is 1 when it
 * was stored, 0 when the latest answer on that finding says the same.
 * GK_EINVAL (err: the problem, without the place) when ref names nothing
 * or a finding of another record.
 */
int gk_store_feedback_add(gk_store *st, const gk_feedback *fb, int *stored, gk_error *err);

/* 1 when f (read with gk_query.feedback) is still found although its unit
 * answered 已整改 on the list of an earlier run. */
int gk_feedback_disputed(const gk_finding *f);

#endif

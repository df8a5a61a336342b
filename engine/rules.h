/*
 * rules.h - rules as data, and the verdicts of the declarative ones.
 *
 * A policy file declares rules; most are one declaration of a common shape
 * (a deadline, required fields, who must publish) and are judged here, in
 * C, on the current record without entering Lua.  Rules with a `check`
 * function are judged by policy.c in the sandbox.  This file includes no
 * Lua header.
 */
#ifndef GK_RULES_H
#define GK_RULES_H

#include "calendar.h"
#include "catalog.h"
#include "record.h"

struct gk_register;

enum gk_category {
	GK_CAT_DEADLINE, GK_CAT_RESPONSIBILITY, GK_CAT_CONFIDENTIALITY,
	GK_CAT_PRIVACY, GK_CAT_COMPLETENESS, GK_CAT_CHANNEL, GK_CAT_REVIEW,
	GK_CAT_ATTRIBUTE, GK_CAT_PROCESS, GK_CAT_PERIODIC,
	GK_NCATEGORIES
};
extern const char *const gk_category_names[GK_NCATEGORIES];
int gk_category_lookup(const char *name);

enum gk_rule_type {
	GK_RULE_DEADLINE,      /* a time limit in working days */
	GK_RULE_REQUIRED,      /* fields that must be filled */
	GK_RULE_PUBLISHER,     /* who must publish */
	GK_RULE_LUA,           /* a check function */
	GK_RULE_ORDER,         /* dates that must be present and in order */
	GK_RULE_CATALOG,       /* what the jurisdiction's catalog requires */
	GK_RULE_CONFIDENTIAL,  /* published text citing non-public documents */
	GK_RULE_PRIVACY,       /* published text exposing ID numbers */
	GK_RULE_PERIODIC,      /* a recurring duty, judged per period */
	GK_RULE_DISABLE,       /* a jurisdiction switching a baseline rule off */
	GK_NRULETYPES
};
extern const char *const gk_rule_type_names[GK_NRULETYPES];

/* catalog checks */
#define GK_CHECK_ELEMENTS 1u
#define GK_CHECK_CHANNEL  2u
#define GK_CHECK_DEADLINE 4u

enum gk_cond_op { GK_COND_IN, GK_COND_PRESENT, GK_COND_ABSENT };

/* One `when` condition: field is one of values / is present / is absent. */
typedef struct gk_cond {
	enum gk_field field;
	enum gk_cond_op op;
	char **values;
	int nvalues;
} gk_cond;

typedef struct gk_rule {
	char *id;
	char *basis;
	char *message;            /* the sentence an officer reads */
	char *file;               /* "policies/baseline/b1.lua" */
	int line;                 /* line of the declaration */
	int juris;                /* index in the policy's jurisdictions; -1 = baseline */
	int override;             /* replaces the baseline rule of the same id */
	char *reason;             /* disable: why */
	enum gk_rule_type type;
	enum gk_category category;
	unsigned kinds;           /* GK_KIND_BIT mask */
	gk_cond *when;
	int nwhen;

	/* deadline: the clock starts at the latest present start field. */
	enum gk_field start[4];
	int nstart;
	int workdays;
	int ext_field;            /* flag field granting an extension, or -1 */
	int ext_workdays;
	enum gk_field stop;

	/* required (any: one of the fields is enough) */
	enum gk_field fields[GK_NFIELDS];
	int nfields;
	int any;

	/* publisher: the first of units present names who must publish */
	enum gk_field units[3];
	int nunits;

	/* order: each step present and no later than the next */
	enum gk_field steps[6];
	int nsteps;

	/* catalog: the items of the rule's jurisdiction; uses start/stop */
	const gk_catalog *catalog;
	unsigned checks;

	/* confidential / privacy: the text fields to scan */
	enum gk_field scan[4];
	int nscan;

	/* periodic: events of one type, per year or month since a period */
	char *event;              /* canonical event_type */
	int monthly;
	int since_year, since_month;
	int at_least;
	int min_samples;          /* 0: no requirement */
	unsigned window;          /* bit m set: held_on must fall in month m */
	int by_month, by_day, by_next; /* held by this date (of the next year) */

	/* lua */
	int fnref;                /* registry reference of check */
	int reads_all;            /* no `reads` list: every field */
	unsigned char reads[GK_NFIELDS];
} gk_rule;

/* Which fields the rule needs, or'ed into need[]. */
void gk_rule_needs(const gk_rule *r, unsigned char need[GK_NFIELDS]);

/* Accessor for the current record's fields (NULL when absent). */
typedef const char *(*gk_get_fn)(void *rec, enum gk_field f, size_t *len);

/* 1 and *d when date field f of the record is present and a date (the
 * importer validated it; a failure means a hand-edited database and the
 * field counts as absent). */
int gk_rec_date(gk_get_fn get, void *rec, enum gk_field f, gk_day *d);

/* 1 when the rule's kinds and `when` conditions select the record. */
int gk_rule_applies(const gk_rule *r, enum gk_kind kind, gk_get_fn get, void *rec);

/*
 * A verdict: found = 0 passes; found = 1 carries the finding's message
 * (written into msg), category and due date.
 */
typedef struct gk_verdict {
	int found;
	enum gk_category category;
	int has_due;
	gk_day due;
	int provisional;          /* due was counted through a provisional
				     calendar year (暂定) */
	char period[8];           /* periodic duties: "2021" or "2021-06" */
	const char *basis;        /* when not the rule's own (a catalog item's) */
	int warn;                 /* not a finding: the deadline is due soon */
	int days_left;            /* warn: working days from the as-of date */
	char msg[1024];
} gk_verdict;

#define GK_MAX_VERDICTS 4

/* What a verdict may depend on besides the record. */
typedef struct gk_judge_ctx {
	const gk_calendar *cal;
	gk_day as_of;
	const struct gk_register *reg;   /* non-public documents, or NULL */
	/* Early warning: a deadline not yet missed that falls on or before
	 * warn_until gives a verdict with warn set (found too). */
	int warn;
	gk_day warn_until;
} gk_judge_ctx;

/*
 * Judge a declarative rule on one record: fills up to GK_MAX_VERDICTS
 * verdicts (only found ones) and sets *nv.  GK_ERANGE (err set) when the
 * calendar cannot answer.  The rule must apply (gk_rule_applies).
 */
int gk_rule_judge(const gk_rule *r, const gk_judge_ctx *cx, gk_get_fn get,
		  void *rec, gk_verdict *v, int *nv, gk_error *err);

/* One held duty, as periodic rules see it. */
typedef struct gk_event {
	char period[8];           /* its own period, or derived from held_on */
	gk_day held_on;
	int has_held;
	long samples;
	int has_samples;
} gk_event;

typedef int (*gk_period_fn)(void *ud, const gk_verdict *v, gk_error *err);

/*
 * Judge a periodic rule for one jurisdiction: every period from the
 * rule's start whose window is over as of cx->as_of, against the events
 * of its type.  Calls fn for each period that falls short.
 */
int gk_rule_judge_periodic(const gk_rule *r, const gk_judge_ctx *cx,
			   const gk_event *ev, int nev, gk_period_fn fn, void *ud,
			   gk_error *err);

void gk_rule_release(gk_rule *r);

#endif

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
#include "finding.h"
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
	GK_RULE_CHANNEL,       /* published on the channels a source names */
	GK_RULE_DISABLE,       /* a jurisdiction switching a baseline rule off */
	GK_NRULETYPES
};
extern const char *const gk_rule_type_names[GK_NRULETYPES];

/* catalog checks */
#define GK_CHECK_ELEMENTS 1u
#define GK_CHECK_CHANNEL  2u
#define GK_CHECK_DEADLINE 4u
#define GK_CHECK_MODE     8u   /* 公开方式: a 主动 item must be proactive */
#define GK_CHECK_BODIES  16u   /* 公开主体: published by a responsible body */

/* Documents kept from publication: a secrecy level or an attribute. */
#define GK_NNONPUBLIC 4
extern const char *const gk_nonpublic_names[GK_NNONPUBLIC];  /* secret, internal, … */
extern const char *const gk_nonpublic_labels[GK_NNONPUBLIC]; /* 涉密, 内部, … */

/* what a privacy rule looks for */
#define GK_FIND_ID_NUMBER 1u   /* citizen ID numbers (GB 11643) */
#define GK_FIND_MOBILE    2u   /* a natural person's mobile number */
#define GK_FIND_BANK_CARD 4u   /* a natural person's bank card number */

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
	enum gk_severity severity; /* its findings' (severity = "违规" or "提示") */
	unsigned kinds;           /* GK_KIND_BIT mask */
	gk_cond *when;
	int nwhen;

	/* The day the rule's source took effect (0: none given): a record
	 * whose clock started before it is not judged by this rule.  The
	 * clock is the latest present of clock[] (for deadline and catalog
	 * rules: the start; order: the first step; publisher, confidential,
	 * privacy, channel: published_on). */
	gk_day effective;
	enum gk_field clock[4];
	int nclock;
	/* The rule restates another (the same duty in a local document): on
	 * one record the two give one finding citing both bases. */
	char *restates;

	/* deadline: the clock starts at the latest present start field. */
	enum gk_field start[4];
	int nstart;
	int workdays;
	int ext_field;            /* flag field granting an extension, or -1 */
	int ext_workdays;
	enum gk_field stop;       /* the first of stops[] (catalog rules: the only one) */
	enum gk_field stops[4];   /* the earliest present stops the clock */
	int nstop;
	/* working days between pause[0] and pause[1] (or the as-of date, while
	 * pause[1] is absent) do not count: a consultation (art. 32, 33) */
	enum gk_field pause[2];
	int has_pause;

	/* required (any: one of the fields is enough) */
	enum gk_field fields[GK_NFIELDS];
	int nfields;
	int any;

	/* publisher: the first of units present names who must publish */
	enum gk_field units[3];
	int nunits;

	/* order: each recorded step no later than the next (strict: earlier) */
	enum gk_field steps[8];
	int nsteps;
	int strict;

	/* catalog: the items of the rule's jurisdiction; uses start/stop */
	const gk_catalog *catalog;
	unsigned checks;
	/* catalog (bodies), periodic (per_venue): the unit directory of the
	 * rule's jurisdiction */
	const gk_units *dir;

	/* confidential / privacy: the text fields to scan */
	enum gk_field scan[4];
	int nscan;
	unsigned finds;           /* privacy: GK_FIND_* */
	unsigned nonpublic;       /* confidential: bit k for gk_nonpublic_names[k] */

	/* channel: where the record must be published */
	char *channels[8];        /* canonical channel names */
	int nchannels;
	int any_channel;          /* one of them is enough */

	/* periodic: events of one type, per year or month since a period */
	char *event;              /* canonical event_type */
	int monthly;
	int since_year, since_month;
	int at_least;
	int min_samples;          /* 0: no requirement */
	unsigned window;          /* bit m set: held_on must fall in month m */
	int by_month, by_day, by_next; /* held by this date (of the next year) */
	int per_venue;            /* owed by every venue of the unit directory */
	char *event_channels[4];  /* an event counts only on every one of these */
	int nevent_channels;

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
 * 1 when the rule is in effect for the record: it has no effective date,
 * or the record's clock started on or after it, or the record has no clock
 * date (nothing shows the rule did not yet apply).  *clock (may be NULL)
 * receives the clock date, 0 when absent.
 */
int gk_rule_in_effect(const gk_rule *r, gk_get_fn get, void *rec, gk_day *clock);

/*
 * The working days a deadline's pause takes out of the clock between start
 * and end (the stop date or the as-of date): from pause[0] to pause[1], or
 * to end while pause[1] is absent.  *from and *to (0 when no pause) bound
 * it.  GK_ERANGE when the calendar cannot answer.
 */
struct gk_judge_ctx;
int gk_rule_paused(const gk_rule *r, const struct gk_judge_ctx *cx, gk_get_fn get, void *rec,
		   gk_day start, gk_day end, gk_day *from, gk_day *to, int *days,
		   gk_error *err);

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
	/* What the verdict is about, so a rule restating another gives one
	 * finding on one fact: "due:2021-02-24", "id:442000********1235". */
	char fact[64];
	const char *unit;         /* periodic per venue: the venue */
	char msg[1024];
} gk_verdict;

#define GK_MAX_VERDICTS 8

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
	const char *id;           /* the record */
	char period[8];           /* its own period, or derived from held_on */
	gk_day held_on;
	int has_held;
	long samples;
	int has_samples;
	const char *unit;         /* who held it (implementer), or NULL */
	const char *channels;     /* where it was held (';' list), or NULL */
} gk_event;

typedef int (*gk_period_fn)(void *ud, const gk_verdict *v, gk_error *err);

/*
 * Judge a periodic rule for one jurisdiction: every period whose window is
 * over as of cx->as_of, against the events of its type.  An event counts
 * for its period only when held inside the period's window (and its
 * deadline), on or before the as-of date.  A missing duty is reported from
 * the rule's `since`; a period before it is reported only when a duty was
 * recorded for it but did not count (done late).  Periods whose window
 * ended before the rule took effect are not judged.  Calls fn for each
 * period (and venue, for a duty of every venue) that falls short.
 */
int gk_rule_judge_periodic(const gk_rule *r, const gk_judge_ctx *cx,
			   const gk_event *ev, int nev, gk_period_fn fn, void *ud,
			   gk_error *err);

void gk_rule_release(gk_rule *r);

#endif

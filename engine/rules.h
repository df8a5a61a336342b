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
#include "record.h"

enum gk_category {
	GK_CAT_DEADLINE, GK_CAT_RESPONSIBILITY, GK_CAT_CONFIDENTIALITY,
	GK_CAT_PRIVACY, GK_CAT_COMPLETENESS, GK_CAT_CHANNEL, GK_CAT_REVIEW,
	GK_CAT_ATTRIBUTE, GK_CAT_PROCESS, GK_CAT_PERIODIC,
	GK_NCATEGORIES
};
extern const char *const gk_category_names[GK_NCATEGORIES];
int gk_category_lookup(const char *name);

enum gk_rule_type { GK_RULE_DEADLINE, GK_RULE_REQUIRED, GK_RULE_PUBLISHER, GK_RULE_LUA };

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

	/* required */
	enum gk_field fields[GK_NFIELDS];
	int nfields;

	/* publisher: the unit in field `unit` must be the publisher */
	enum gk_field unit;

	/* lua */
	int fnref;                /* registry reference of check */
	int reads_all;            /* no `reads` list: every field */
	unsigned char reads[GK_NFIELDS];
} gk_rule;

/* Which fields the rule needs, or'ed into need[]. */
void gk_rule_needs(const gk_rule *r, unsigned char need[GK_NFIELDS]);

/* Accessor for the current record's fields (NULL when absent). */
typedef const char *(*gk_get_fn)(void *rec, enum gk_field f, size_t *len);

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
	char msg[1024];
} gk_verdict;

/* Judge a declarative rule; GK_ERANGE (err set) when the calendar cannot
 * answer.  The rule must apply (gk_rule_applies). */
int gk_rule_judge(const gk_rule *r, const gk_calendar *cal, gk_day as_of,
		  gk_get_fn get, void *rec, gk_verdict *v, gk_error *err);

void gk_rule_release(gk_rule *r);

#endif

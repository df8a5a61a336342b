/*
 * policy_impl.h - what the files of engine/lua/ share and nobody else
 * sees: the loaded policy (a sandbox plus the rules it declared) and the
 * pieces one file hands another.  Includes lua.h: only engine/lua/ may
 * include it.
 */
#ifndef GK_POLICY_IMPL_H
#define GK_POLICY_IMPL_H

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "../buf.h"
#include "../bundle.h"
#include "../register.h"
#include "../suggest.h"
#include "../textcap.h"
#include "../declscan.h"
#include "../explain.h"
#include "../textscan.h"
#include "policy.h"
#include "sandbox.h"


/* A verdict held back until the record's rules are all judged, so that a
 * rule restating another and the rule it restates give one finding. */
struct pending {
	const gk_rule *r;
	int idx;                 /* the rule's index */
	int dropped;             /* merged into the restating rule's verdict */
	gk_verdict v;
	char basis[4096];        /* both bases, "A；B" */
};

struct gk_policy {
	gk_sandbox sb;          /* first: the state's extra space points here */
	const gk_bundle *bundle;
	const gk_calendar *cal;

	/* what is running: for messages and for the record view */
	const gk_bundle_file *file;      /* file being loaded */
	const gk_rule *rule;    /* rule being called */
	const char *record_id;
	gk_get_fn get;
	void *rec;
	unsigned gen;           /* record generation: views of older records die */
	gk_day as_of;
	int warn;                 /* early warnings up to warn_until */
	gk_day warn_until;
	int provisional;          /* a check's working days touched a provisional year */

	gk_rule *rules;
	int nrules;
	size_t caprules;
	int *restore;           /* per rule: what gk_sandbox_restore sets back */
	int **bykind;           /* [juris][kind] -> rule indices ending in -1 */
	int *njurisrules;
	unsigned char *active;  /* [juris * nrules + i]: rule i applies there */
	int *restated;          /* [juris * nrules + i]: the rule i restates there, or -1 */
	unsigned char *merging; /* [juris * GK_NKINDS + kind]: some rule restates another */
	struct pending *pend;   /* one record's verdicts, while restating rules merge */
	int npend;
	size_t cappend;
	const gk_register *reg;

	/* last jurisdiction looked up, to skip string compares */
	int last_juris;
};

static inline gk_policy *policy_of(lua_State *L)
{
	return (gk_policy *)gk_sandbox_of(L);
}

/* decl.c: the declaration functions' names (deadline, required, …), by
 * rule type, and the function each one is ([-0, +1]: a function taking
 * the declaration's table; upvalue 1: the rule type). */
extern const char *const gk_decl_names[GK_NRULETYPES];
int gk_lua_declare_start(lua_State *L);

/* lib.c: set the helpers (workdays_after, contains, …) into the table on
 * top of the stack: [-0, +0]. */
void gk_lua_lib_fill(lua_State *L);

/* view.c: register the record views' metatable ([-0, +0]); push a view
 * of p's current record ([-0, +1]). */
void gk_lua_view_setup(lua_State *L);
void gk_lua_view_push(lua_State *L, gk_policy *p);

/* policy.c: load only the files mask selects (all when NULL): lint loads
 * each file on its own. */
int gk_lua_policy_load(const gk_bundle *b, const gk_calendar *cal, const gk_limits *lim,
		       const unsigned char *mask, gk_policy **out, gk_error *err);

/* eval.c: call rule r's check on p's current record: [-0, +0]. */
int gk_lua_call_check(gk_policy *p, const gk_rule *r, gk_verdict *v, gk_error *err);

#endif

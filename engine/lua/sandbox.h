/*
 * sandbox.h - the Lua state a policy set runs in.
 *
 * Internal to engine/ (includes lua.h); policy.c builds on it.  What a
 * sandbox guarantees, and how:
 *
 *   bounded    every call (a rule's check, a policy file loading) has an
 *              instruction budget, counted by a hook; the work library
 *              functions do in C is charged to the same budget
 *              (gk_sandbox_charge: pattern steps, bytes copied, elements
 *              moved, allocations); the state has a memory budget; and
 *              the CPU watchdog (watchdog.h) stops what escapes any count.
 *              Once a limit is hit every further instruction fails, so a
 *              pcall in the policy cannot swallow it.
 *   closed     base functions without dofile, loadfile, require,
 *              collectgarbage, print; string (without dump), table, math
 *              (without random), utf8; load takes text only; reading an
 *              unknown global is an error and so is setting one.
 *   isolated   the libraries are read-only proxies (string.find = f is
 *              an error), the string metatable is locked, rawset refuses
 *              environments, libraries and sealed tables, setmetatable
 *              refuses __gc (a finalizer runs with hooks off) and __mode
 *              (what the collector keeps would change results).
 *   sealed     after loading, everything a check can reach from its
 *              upvalues is fixed (gk_sandbox_seal): tables become
 *              read-only in place and the variables a check could assign
 *              are set back before every call, so no state survives from
 *              one record to the next.
 *   repeatable pairs and next walk keys in a fixed order (numbers, then
 *              strings, bytewise), table.sort is a stable merge sort,
 *              tostring and %s show no addresses, %p is refused, there is
 *              no math.random: results do not depend on the string hash
 *              seed, on addresses, on --jobs or on the run.
 */
#ifndef GK_SANDBOX_H
#define GK_SANDBOX_H

#include <lua.h>

#include "policy.h"
#include "../watchdog.h"

typedef struct gk_sandbox {
	lua_State *L;
	gk_limits lim;
	gk_watch *watch;
	size_t mem_used;
	int mem_killed;
	long instr;               /* work of the current call */
	long instr_limit;
	int instr_killed;
	int cpu_killed;           /* GK_WATCH_CALL / GK_WATCH_RUN */
	int in_call;
	int msgh;                 /* stack index of the message handler */
} gk_sandbox;

/* The sandbox whose state L is (NULL for a plain Lua state). */
gk_sandbox *gk_sandbox_of(lua_State *L);

/*
 * Create the state and its library.  sb must stay at the same address
 * (the state points at it); lim NULL means GK_LIMITS_DEFAULT.  Leaves the
 * message handler on the stack (sb->msgh).  The library table, to which
 * policy.c adds its functions, is registry field "gk.lib".
 */
int gk_sandbox_open(gk_sandbox *sb, const gk_limits *lim, gk_error *err);
/* Close the state, under the watchdog. */
void gk_sandbox_close(gk_sandbox *sb);

/* A call starts: a fresh budget of limit instructions. */
void gk_sandbox_begin(gk_sandbox *sb, long limit);
void gk_sandbox_end(gk_sandbox *sb);

/*
 * lua_pcall with the message handler: status; when a limit was hit and
 * the policy swallowed the error, LUA_ERRRUN with a message.
 */
int gk_sandbox_pcall(gk_sandbox *sb, int nargs, int nresults);

/*
 * Turn the error on top of the stack into err (popping it): GK_ELIMIT
 * for an exceeded budget, else GK_EPOLICY.  where names the file when the
 * message has no position.  Text that is not UTF-8 is repaired (U+FFFD):
 * the message must print whatever the policy raised.
 */
int gk_sandbox_error(gk_sandbox *sb, gk_error *err, int status, const char *where);

/* Push a new environment for one policy file: globals read through the
 * library, none can be set or rawset: [-0, +1]. */
void gk_sandbox_push_env(lua_State *L);

/*
 * Seal the state after loading (see above).  fnrefs are the registry
 * references of the n check functions; restore[i] receives a reference
 * to what gk_sandbox_restore sets back before each call of check i.
 * A check that can reach state gongkai cannot fix (a string.gmatch or
 * pairs iterator made at load time) is an error naming the rule.
 */
int gk_sandbox_seal(gk_sandbox *sb, const int *fnrefs, const char *const *names,
		    int n, int *restore, gk_error *err);

/* Set back what sealing recorded: inside a protected call: [-0, +0]. */
void gk_sandbox_restore(lua_State *L, int restore);

/* ---- sandbox_lib.c ------------------------------------------------------ */

/* Build the library (a lua_CFunction run by gk_sandbox_open): [-0, +0]. */
int gk_sandbox_openlibs(lua_State *L);
/* tostring without addresses: [-0, +1]. */
const char *gk_sandbox_tostring(lua_State *L, int idx, size_t *len);
/* 1 for the C functions of iterators that keep state in their closure. */
int gk_sandbox_is_iterator(lua_CFunction f);
/* Freeze the table at idx in place, its contents moved to a hidden
 * table; meta keys ("__...") stay raw.  Used by sealing: [-0, +0]. */
void gk_sandbox_freeze(lua_State *L, int idx);
/* A table sealing must not touch (libraries, environments, ...). */
int gk_sandbox_is_frozen(lua_State *L, int idx);

#define GK_VIEW_MT "gk.record"

#endif

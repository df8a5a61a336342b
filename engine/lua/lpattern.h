/*
 * lpattern.h - Lua 5.4 patterns whose every step is charged to a budget.
 *
 * Lua's own string.find, match, gmatch and gsub run in C, where the
 * instruction hook never fires: `("(.-)(.-)x"):match(s)` on 100 KB takes
 * hours.  These are the same functions with the same results and errors
 * (Lua 5.4 pattern semantics: classes, sets, captures, position captures,
 * back-references, %b, %f, anchors, the init argument, gsub's string,
 * table and function replacements), written after the design of Lua's
 * lstrlib.c (a backtracking matcher with a recursion limit), with one
 * difference: every step of the matcher, every byte a plain search scans
 * and every byte of a replacement is counted, and the count is charged to
 * the running policy with gk_sandbox_charge, which raises an error once
 * the call's budget is spent.  Plain searches use memmem (linear) instead
 * of lstrlib's quadratic memchr/memcmp loop.
 *
 * Internal to engine/ (includes lua.h).
 */
#ifndef GK_LPATTERN_H
#define GK_LPATTERN_H

#include <lua.h>

/*
 * Charge n units of work (about one VM instruction each; negative n
 * refunds) to the policy running in L; raises a Lua error when its budget
 * is spent.  A state that is not a sandbox (no gk_sandbox in its extra
 * space) is never charged.  Defined in sandbox.c.
 */
void gk_sandbox_charge(lua_State *L, long n);

/* 1 for the C function of gmatch's iterator (it keeps its position). */
int gk_lpattern_is_iterator(lua_CFunction f);

/* Set find, match, gmatch and gsub in the table at idx: [-0, +0]. */
void gk_lpattern_register(lua_State *L, int idx);

#endif

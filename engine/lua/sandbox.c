/*
 * sandbox.c - the Lua state a policy set runs in (see sandbox.h).
 *
 * Layout:
 *   budgets    allocator, instruction hook, charging, the watchdog
 *   calls      protected calls, errors, environments
 *   sealing    what a check can reach, fixed after loading
 * The library itself is sandbox_lib.c; the pattern matcher lpattern.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "../i18n.h"
#include "lpattern.h"
#include "sandbox.h"
#include "../textscan.h"

/* ====================================================================== */
/* budgets                                                                 */
/* ====================================================================== */

#define HOOK_EVERY 1000
/* An allocation of this many bytes costs one instruction: building big
 * strings ("s = s .. s") is work no hook sees. */
#define ALLOC_BYTES_PER_STEP 64

gk_sandbox *gk_sandbox_of(lua_State *L)
{
	return *(gk_sandbox **)lua_getextraspace(L);
}

static void sandbox_hook(lua_State *L, lua_Debug *ar);

/* What stops the policy: a message, with the position (luaL_where)
 * already on the stack. */
static void push_reason(lua_State *L, gk_sandbox *sb)
{
	long call_ms, run_ms;

	gk_watchdog_limits(&call_ms, &run_ms);
	if (sb->mem_killed)
		lua_pushfstring(L, "exceeded the memory budget of %d MiB",
				(int)(sb->lim.memory >> 20));
	else if (sb->cpu_killed == GK_WATCH_RUN)
		lua_pushfstring(L, "the run exceeded its CPU time limit of %f s",
				(lua_Number)run_ms / 1000);
	else if (sb->cpu_killed)
		lua_pushfstring(L, "exceeded the CPU time limit of %f s a call",
				(lua_Number)call_ms / 1000);
	else
		lua_pushfstring(L, "exceeded the budget of %I instructions",
				(lua_Integer)sb->instr_limit);
}

/* From now on every instruction fails: [-0, +0], raises. */
static int kill(lua_State *L, gk_sandbox *sb, int level)
{
	lua_sethook(L, sandbox_hook, LUA_MASKCOUNT, 1);
	luaL_where(L, level);
	push_reason(L, sb);
	lua_concat(L, 2);
	return lua_error(L);
}

/*
 * The allocator enforces the memory budget, and charges what a call
 * allocates.  Neither may raise an error here: past a budget the policy
 * is marked and the hook armed, so the very next instruction fails with
 * the policy's file and line (lua_sethook is safe even from a signal
 * handler).  The memory budget has a little slack for that: allocations
 * up to MEM_SLACK past it still succeed (an error message needs memory
 * too), anything further fails at once.
 */
#define MEM_SLACK(budget) ((budget) / 16 < (4u << 20) ? (budget) / 16 : (4u << 20))
static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	gk_sandbox *sb = ud;
	size_t old = ptr ? osize : 0;
	void *np;

	if (nsize == 0) {
		sb->mem_used -= old;
		free(ptr);
		return NULL;
	}
	if (nsize > old) {
		if (sb->mem_used + (nsize - old) > sb->lim.memory) {
			if (!sb->mem_killed && sb->L)
				lua_sethook(sb->L, sandbox_hook, LUA_MASKCOUNT, 1);
			sb->mem_killed = 1;
			if (sb->mem_used + (nsize - old) > sb->lim.memory + MEM_SLACK(sb->lim.memory))
				return NULL;
		}
		if (sb->in_call) {
			sb->instr += (long)((nsize - old) / ALLOC_BYTES_PER_STEP);
			if (sb->instr > sb->instr_limit && !sb->instr_killed && sb->L) {
				sb->instr_killed = 1;
				lua_sethook(sb->L, sandbox_hook, LUA_MASKCOUNT, 1);
			}
		}
	}
	np = realloc(ptr, nsize);
	if (!np)
		return NULL;
	sb->mem_used = sb->mem_used - old + nsize;
	return np;
}

static void sandbox_hook(lua_State *L, lua_Debug *ar)
{
	gk_sandbox *sb = gk_sandbox_of(L);

	(void)ar;
	if (!sb->mem_killed && !sb->instr_killed && !sb->cpu_killed) {
		if ((sb->cpu_killed = gk_watch_killed(sb->watch)) == 0) {
			sb->instr += HOOK_EVERY;
			if (sb->instr <= sb->instr_limit)
				return;
			sb->instr_killed = 1;
		}
	}
	/* Level 0 is the interrupted Lua function (a hook has no frame of
	 * its own): name its line. */
	kill(L, sb, 0);
}

void gk_sandbox_charge(lua_State *L, long n)
{
	gk_sandbox *sb = gk_sandbox_of(L);

	if (!sb)
		return;
	sb->instr += n;
	if (n <= 0)
		return;
	if (!sb->mem_killed && !sb->instr_killed && !sb->cpu_killed) {
		if ((sb->cpu_killed = gk_watch_killed(sb->watch)) == 0) {
			if (sb->instr <= sb->instr_limit)
				return;
			sb->instr_killed = 1;
		}
	}
	/* Level 1: the Lua function that called the library function. */
	kill(L, sb, 1);
}

void gk_sandbox_begin(gk_sandbox *sb, long limit)
{
	sb->instr = 0;
	sb->instr_limit = limit;
	sb->instr_killed = 0;
	sb->cpu_killed = 0;
	sb->in_call = 1;
	lua_sethook(sb->L, sandbox_hook, LUA_MASKCOUNT, HOOK_EVERY);
}

void gk_sandbox_end(gk_sandbox *sb)
{
	sb->in_call = 0;
}

/* ====================================================================== */
/* calls                                                                   */
/* ====================================================================== */

/* Message handler: keep Lua's "file:line: message", stringify the rest
 * (without addresses). */
static int msghandler(lua_State *L)
{
	if (lua_type(L, 1) == LUA_TSTRING)
		return 1;
	if (lua_type(L, 1) == LUA_TNUMBER) {
		lua_tostring(L, 1);
		return 1;
	}
	if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
		return 1;
	lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	return 1;
}

int gk_sandbox_open(gk_sandbox *sb, const gk_limits *lim, gk_error *err)
{
	static const gk_limits defaults = GK_LIMITS_DEFAULT;
	int status, rc;

	memset(sb, 0, sizeof(*sb));
	sb->lim = lim ? *lim : defaults;
	if ((rc = gk_watch_new(&sb->watch, err)))
		return rc;
	sb->L = lua_newstate(sandbox_alloc, sb);
	if (!sb->L) {
		gk_watch_free(sb->watch);
		sb->watch = NULL;
		return gk_error_set(err, GK_ENOMEM, "cannot create a Lua state");
	}
	*(gk_sandbox **)lua_getextraspace(sb->L) = sb;
	lua_gc(sb->L, LUA_GCGEN, 0, 0);
	gk_sandbox_begin(sb, sb->lim.load_instructions);
	lua_pushcfunction(sb->L, gk_sandbox_openlibs);
	status = lua_pcall(sb->L, 0, 0, 0);
	gk_sandbox_end(sb);
	if (status != LUA_OK)
		return gk_sandbox_error(sb, err, status, _("setting up the sandbox"));
	lua_pushcfunction(sb->L, msghandler);
	sb->msgh = lua_gettop(sb->L);
	return 0;
}

void gk_sandbox_close(gk_sandbox *sb)
{
	if (!sb || !sb->L)
		return;
	/* Closing frees every object; no finalizer can exist (setmetatable
	 * refuses __gc), but the watchdog watches it all the same. */
	gk_watch_enter(sb->watch, _("closing the Lua state"), NULL);
	lua_close(sb->L);
	gk_watch_leave(sb->watch);
	sb->L = NULL;
	gk_watch_free(sb->watch);
	sb->watch = NULL;
}

int gk_sandbox_pcall(gk_sandbox *sb, int nargs, int nresults)
{
	lua_State *L = sb->L;
	int status = lua_pcall(L, nargs, nresults, sb->msgh);

	if (status == LUA_OK && (sb->mem_killed || sb->instr_killed || sb->cpu_killed)) {
		/* A limit was hit and the error swallowed: still a failure. */
		lua_pop(L, nresults == LUA_MULTRET ? 0 : nresults);
		lua_pushliteral(L, "");
		push_reason(L, sb);
		lua_concat(L, 2);
		status = LUA_ERRRUN;
	}
	return status;
}

int gk_sandbox_error(gk_sandbox *sb, gk_error *err, int status, const char *where)
{
	lua_State *L = sb->L;
	char text[GK_ERROR_MAX - 512] = "";
	size_t len = 0;
	const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
	/* Lua's own messages say "file:line:"; ours always do. */
	int placed;

	if (msg)
		gk_utf8_repair(msg, len, text, sizeof(text));
	placed = strstr(text, ".lua:") != NULL;
	if (status == LUA_ERRMEM || sb->mem_killed) {
		/* Lua's "not enough memory" names neither place nor budget. */
		if (placed && strstr(text, "memory budget"))
			gk_error_set(err, GK_ELIMIT, "%s", text);
		else
			gk_error_set(err, GK_ELIMIT, "%s: exceeded the memory budget of %d MiB",
				     where, (int)(sb->lim.memory >> 20));
	} else {
		gk_error_set(err, sb->instr_killed || sb->cpu_killed ? GK_ELIMIT : GK_EPOLICY,
			     "%s%s%s", placed ? "" : where, placed ? "" : ": ",
			     *text ? text : _("unknown error"));
	}
	lua_pop(L, 1);
	return err->code;
}

void gk_sandbox_push_env(lua_State *L)
{
	lua_newtable(L);
	lua_getfield(L, LUA_REGISTRYINDEX, "gk.envmt");
	lua_setmetatable(L, -2);
	/* rawset(_ENV, ...) must fail too: mark it like the libraries. */
	lua_getfield(L, LUA_REGISTRYINDEX, "gk.frozen");
	lua_pushvalue(L, -2);
	lua_pushboolean(L, 1);
	lua_rawset(L, -3);
	lua_pop(L, 1);
}

/* ====================================================================== */
/* sealing                                                                 */
/* ====================================================================== */

/*
 * After the policy files have loaded, a check could keep state in three
 * places: the variables it captured (upvalues: file-level locals, _ENV),
 * the tables reachable from them, and the functions reachable from those.
 * Sealing walks that graph from every check function:
 *   - every table found is frozen in place (gk_sandbox_freeze): reads are
 *     unchanged, writes fail; the keys Lua reads raw when the table serves
 *     as a metatable ("__index", ...) stay in it and are set back;
 *   - every variable found (a Lua closure's upvalue; one variable shared
 *     by several closures counts once) is recorded with its value, and
 *     gk_sandbox_restore sets it back before every call of the check;
 *   - a userdata other than a record view, or an iterator whose C closure
 *     keeps its position (string.gmatch, pairs), cannot be fixed: refused.
 * The walk uses an explicit stack (a Lua table), never C recursion, so a
 * deep structure cannot overflow the C stack.
 */

struct seal {
	const int *fnrefs;
	const char *const *names;
	int n;
	int *restore;
	char bad[512];
};

/* Stack slots used by seal_all. */
enum { S_TOFREEZE = 2, S_TFSEEN, S_STACK, S_SEEN, S_CELLS, S_VIEWMT };

static void push_work(lua_State *L, lua_Integer *top, int idx)
{
	lua_pushvalue(L, idx);
	lua_rawseti(L, S_STACK, ++*top);
}

/* Walk from the function on top of the stack, filling S_CELLS. */
static int seal_walk(lua_State *L, struct seal *s, int rule, lua_Integer *ncells,
		     lua_Integer *nfreeze)
{
	lua_Integer top = 0;

	push_work(L, &top, -1);
	lua_pop(L, 1);
	while (top > 0) {
		int v, t;

		lua_rawgeti(L, S_STACK, top);
		lua_pushnil(L);
		lua_rawseti(L, S_STACK, top--);
		v = lua_gettop(L);
		t = lua_type(L, v);
		if (t == LUA_TFUNCTION || t == LUA_TTABLE || t == LUA_TUSERDATA) {
			lua_pushvalue(L, v);
			if (lua_rawget(L, S_SEEN) != LUA_TNIL) {
				lua_settop(L, v - 1);
				continue;
			}
			lua_pop(L, 1);
			lua_pushvalue(L, v);
			lua_pushboolean(L, 1);
			lua_rawset(L, S_SEEN);
		}
		if (t == LUA_TFUNCTION && lua_iscfunction(L, v)) {
			lua_CFunction f = lua_tocfunction(L, v);

			if (gk_sandbox_is_iterator(f)) {
				snprintf(s->bad, sizeof(s->bad), _("rule '%s' can reach an iterator "
					 "made while the file loaded (string.gmatch or pairs): "
					 "it would carry its position from one record to the "
					 "next; make it inside the check"), s->names[rule]);
				return -1;
			}
			for (int i = 1; lua_getupvalue(L, v, i); i++) {
				push_work(L, &top, -1);
				lua_pop(L, 1);
			}
		} else if (t == LUA_TFUNCTION) {
			for (int i = 1; lua_getupvalue(L, v, i); i++) {
				/* Once per variable, however many closures share it. */
				lua_pushlightuserdata(L, lua_upvalueid(L, v, i));
				if (lua_rawget(L, S_SEEN) == LUA_TNIL) {
					lua_pop(L, 1);
					lua_pushlightuserdata(L, lua_upvalueid(L, v, i));
					lua_pushboolean(L, 1);
					lua_rawset(L, S_SEEN);
					lua_pushvalue(L, v);
					lua_rawseti(L, S_CELLS, ++*ncells);
					lua_pushinteger(L, i);
					lua_rawseti(L, S_CELLS, ++*ncells);
					lua_pushvalue(L, -1);
					lua_rawseti(L, S_CELLS, ++*ncells);
					push_work(L, &top, -1);
				} else {
					lua_pop(L, 1);
				}
				lua_pop(L, 1);
			}
		} else if (t == LUA_TTABLE) {
			if (gk_sandbox_is_frozen(L, v)) {
				lua_settop(L, v - 1);
				continue;
			}
			lua_pushvalue(L, v);
			if (lua_rawget(L, S_TFSEEN) == LUA_TNIL) {
				lua_pushvalue(L, v);
				lua_pushboolean(L, 1);
				lua_rawset(L, S_TFSEEN);
				lua_pushvalue(L, v);
				lua_rawseti(L, S_TOFREEZE, ++*nfreeze);
			}
			lua_pop(L, 1);
			lua_pushnil(L);
			while (lua_next(L, v)) {
				size_t kl;
				const char *k = lua_type(L, -2) == LUA_TSTRING ?
					lua_tolstring(L, -2, &kl) : NULL;

				if (k && kl >= 2 && k[0] == '_' && k[1] == '_') {
					/* Raw when the table is a metatable: set back. */
					lua_pushvalue(L, v);
					lua_rawseti(L, S_CELLS, ++*ncells);
					lua_pushvalue(L, -2);
					lua_rawseti(L, S_CELLS, ++*ncells);
					lua_pushvalue(L, -1);
					lua_rawseti(L, S_CELLS, ++*ncells);
				}
				push_work(L, &top, -2);
				push_work(L, &top, -1);
				lua_pop(L, 1);
			}
			if (lua_getmetatable(L, v)) {
				push_work(L, &top, -1);
				lua_pop(L, 1);
			}
		} else if (t == LUA_TUSERDATA) {
			int view = lua_getmetatable(L, v) && lua_rawequal(L, -1, S_VIEWMT);

			if (!view) {
				snprintf(s->bad, sizeof(s->bad), _("rule '%s' can reach a value made "
					 "while the file loaded that gongkai cannot keep unchanged "
					 "from one record to the next (%s)"), s->names[rule],
					 luaL_typename(L, v));
				return -1;
			}
		} else if (t == LUA_TTHREAD) {
			snprintf(s->bad, sizeof(s->bad), _("rule '%s' can reach a coroutine"),
				 s->names[rule]);
			return -1;
		}
		lua_settop(L, v - 1);
	}
	return 0;
}

static int seal_all(lua_State *L)
{
	struct seal *s = lua_touserdata(L, 1);
	lua_Integer nfreeze = 0;

	lua_settop(L, 1);
	lua_newtable(L);                        /* S_TOFREEZE */
	lua_newtable(L);                        /* S_TFSEEN */
	lua_newtable(L);                        /* S_STACK */
	lua_pushnil(L);                         /* S_SEEN, per rule */
	lua_pushnil(L);                         /* S_CELLS, per rule */
	luaL_getmetatable(L, GK_VIEW_MT);       /* S_VIEWMT */
	for (int i = 0; i < s->n; i++) {
		lua_Integer ncells = 0;

		lua_newtable(L);
		lua_replace(L, S_SEEN);
		lua_newtable(L);
		lua_replace(L, S_CELLS);
		lua_rawgeti(L, LUA_REGISTRYINDEX, s->fnrefs[i]);
		if (seal_walk(L, s, i, &ncells, &nfreeze))
			return luaL_error(L, "%s", s->bad);
		lua_pushvalue(L, S_CELLS);
		s->restore[i] = luaL_ref(L, LUA_REGISTRYINDEX);
	}
	for (lua_Integer i = 1; i <= nfreeze; i++) {
		lua_rawgeti(L, S_TOFREEZE, i);
		gk_sandbox_freeze(L, -1);
		lua_pop(L, 1);
	}
	return 0;
}

int gk_sandbox_seal(gk_sandbox *sb, const int *fnrefs, const char *const *names,
		    int n, int *restore, gk_error *err)
{
	struct seal s = { fnrefs, names, n, restore, "" };
	int status;

	for (int i = 0; i < n; i++)
		restore[i] = LUA_NOREF;
	gk_sandbox_begin(sb, sb->lim.load_instructions);
	lua_pushcfunction(sb->L, seal_all);
	lua_pushlightuserdata(sb->L, &s);
	status = lua_pcall(sb->L, 1, 0, sb->msgh);
	gk_sandbox_end(sb);
	if (status != LUA_OK)
		return gk_sandbox_error(sb, err, status, _("sealing the policies"));
	return 0;
}

void gk_sandbox_restore(lua_State *L, int restore)
{
	lua_Integer n;
	int t;

	if (restore == LUA_NOREF)
		return;
	lua_rawgeti(L, LUA_REGISTRYINDEX, restore);
	t = lua_gettop(L);
	n = (lua_Integer)lua_rawlen(L, t);
	for (lua_Integer i = 1; i + 2 <= n; i += 3) {
		if (lua_rawgeti(L, t, i) == LUA_TFUNCTION) {
			int up;

			lua_rawgeti(L, t, i + 1);
			up = (int)lua_tointeger(L, -1);
			lua_pop(L, 1);
			lua_rawgeti(L, t, i + 2);
			lua_setupvalue(L, -2, up);
		} else {
			lua_rawgeti(L, t, i + 1);
			lua_rawgeti(L, t, i + 2);
			lua_rawset(L, -3);
		}
		lua_pop(L, 1);
	}
	lua_settop(L, t - 1);
}

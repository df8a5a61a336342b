/*
 * sandbox_lib.c - the library policies see (see sandbox.h).
 *
 * Lua's own base, string, table, math and utf8 functions, except where
 * they would do unbounded work in C, keep state, or give results that
 * differ from run to run:
 *   read-only     library proxies, environments, tables sealed after
 *                 loading; rawset refuses them; setmetatable refuses __gc
 *                 and __mode (and guards metatables against gaining them)
 *   bounded       find/match/gmatch/gsub (lpattern.c), rep, format and the
 *                 table functions are rewritten to charge their work; the
 *                 other string and utf8 functions are wrapped to charge the
 *                 bytes they read or write
 *   repeatable    pairs and next in key order, a stable table.sort,
 *                 tostring without addresses, no %p, no math.random
 * Registry: "gk.frozen" maps each read-only table to the table holding its
 * contents (or true), "gk.metas" holds the tables in use as metatables,
 * "gk.guard" is the metatable guarding a metatable that had none.
 */
#include <limits.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "lpattern.h"
#include "sandbox.h"

/* Bytes read or written that cost one instruction. */
#define BYTES_PER_STEP 16

static long cost_of(size_t bytes)
{
	return (long)(bytes / BYTES_PER_STEP);
}

/* n as a cost, saturated (ranges of lua_Integer). */
static long cost_n(lua_Unsigned n)
{
	return n > (lua_Unsigned)LONG_MAX ? LONG_MAX : (long)n;
}

/* ====================================================================== */
/* read-only tables                                                        */
/* ====================================================================== */

/* t[key] without metamethods, as Lua reads metamethods: [-0, +1]. */
static int raw_field(lua_State *L, int t, const char *key)
{
	t = lua_absindex(L, t);
	lua_pushstring(L, key);
	return lua_rawget(L, t);
}

static int is_meta_key(lua_State *L, int idx)
{
	size_t n;
	const char *k;

	if (lua_type(L, idx) != LUA_TSTRING)
		return 0;
	k = lua_tolstring(L, idx, &n);
	return n >= 2 && k[0] == '_' && k[1] == '_';
}

int gk_sandbox_is_frozen(lua_State *L, int idx)
{
	int r;

	idx = lua_absindex(L, idx);
	lua_getfield(L, LUA_REGISTRYINDEX, "gk.frozen");
	lua_pushvalue(L, idx);
	r = lua_rawget(L, -2) != LUA_TNIL;
	lua_pop(L, 2);
	return r;
}

/* Push the table holding the contents of table idx (itself unless it is
 * frozen); frozen is the index of "gk.frozen": [-0, +1]. */
static void push_contents(lua_State *L, int idx, int frozen)
{
	lua_pushvalue(L, idx);
	if (lua_rawget(L, frozen) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_pushvalue(L, idx);
	}
}

static int ro_newindex(lua_State *L)
{
	return luaL_error(L, "%s", lua_tostring(L, lua_upvalueindex(1)));
}

static int frozen_len(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, lua_upvalueindex(1)));
	return 1;
}

/* __index of a frozen table whose metatable had an __index: its contents
 * first, then that. */
static int frozen_index(lua_State *L)
{
	lua_pushvalue(L, 2);
	if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
		return 1;
	lua_pop(L, 1);
	if (lua_type(L, lua_upvalueindex(2)) == LUA_TFUNCTION) {
		lua_pushvalue(L, lua_upvalueindex(2));
		lua_pushvalue(L, 1);
		lua_pushvalue(L, 2);
		lua_call(L, 2, 1);
		return 1;
	}
	lua_pushvalue(L, 2);
	lua_gettable(L, lua_upvalueindex(2));
	return 1;
}

static void push_sorted_pairs(lua_State *L, int t);

static int frozen_pairs(lua_State *L)
{
	push_sorted_pairs(L, lua_upvalueindex(1));
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/* f[key] = m's own metamethod key when it has one, else fn over the
 * contents. */
static void set_own_or(lua_State *L, int f, int m, const char *key, int contents,
		       lua_CFunction fn)
{
	if (!m || raw_field(L, m, key) == LUA_TNIL) {
		if (m)
			lua_pop(L, 1);
		lua_pushvalue(L, contents);
		lua_pushcclosure(L, fn, 1);
	}
	lua_setfield(L, f, key);
}

/*
 * The metatable of a read-only table whose contents are the table at
 * contents; m is the table's own metatable (0: none), whose metamethods
 * it keeps: [-0, +1].
 */
static void push_frozen_mt(lua_State *L, int contents, int m, const char *why)
{
	static const char *const own[] = {
		"__index", "__newindex", "__len", "__pairs", "__metatable", "__gc", "__mode", NULL
	};
	int f;

	contents = lua_absindex(L, contents);
	if (m)
		m = lua_absindex(L, m);
	lua_newtable(L);
	f = lua_gettop(L);
	if (m) {
		lua_pushnil(L);
		while (lua_next(L, m)) {
			int skip = !is_meta_key(L, -2);

			for (int i = 0; !skip && own[i]; i++)
				skip = strcmp(lua_tostring(L, -2), own[i]) == 0;
			if (skip) {
				lua_pop(L, 1);
				continue;
			}
			lua_pushvalue(L, -2);
			lua_insert(L, -2);
			lua_rawset(L, f);
		}
	}
	if (m && raw_field(L, m, "__index") != LUA_TNIL) {
		lua_pushvalue(L, contents);
		lua_insert(L, -2);
		lua_pushcclosure(L, frozen_index, 2);
	} else {
		if (m)
			lua_pop(L, 1);
		lua_pushvalue(L, contents);
	}
	lua_setfield(L, f, "__index");
	lua_pushstring(L, why);
	lua_pushcclosure(L, ro_newindex, 1);
	lua_setfield(L, f, "__newindex");
	set_own_or(L, f, m, "__len", contents, frozen_len);
	set_own_or(L, f, m, "__pairs", contents, frozen_pairs);
	/* getmetatable still answers what it answered. */
	if (!m)
		lua_pushboolean(L, 0);
	else if (raw_field(L, m, "__metatable") == LUA_TNIL) {
		lua_pop(L, 1);
		lua_pushvalue(L, m);
	}
	lua_setfield(L, f, "__metatable");
}

static void mark_frozen(lua_State *L, int t, int contents)
{
	t = lua_absindex(L, t);
	contents = lua_absindex(L, contents);
	lua_getfield(L, LUA_REGISTRYINDEX, "gk.frozen");
	lua_pushvalue(L, t);
	lua_pushvalue(L, contents);
	lua_rawset(L, -3);
	lua_pop(L, 1);
}

/* A read-only view of the library table at idx: [-0, +1]. */
static void push_proxy(lua_State *L, int idx, const char *name)
{
	char why[160];

	idx = lua_absindex(L, idx);
	snprintf(why, sizeof(why), "cannot change the library '%s': the libraries are "
		 "read-only (keep your own function in a local)", name);
	lua_newtable(L);
	push_frozen_mt(L, idx, 0, why);
	lua_setmetatable(L, -2);
	mark_frozen(L, -1, idx);
}

void gk_sandbox_freeze(lua_State *L, int idx)
{
	int top = lua_gettop(L), contents, m = 0;

	idx = lua_absindex(L, idx);
	lua_newtable(L);
	contents = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (!is_meta_key(L, -2)) {
			lua_pushvalue(L, -2);
			lua_pushvalue(L, -2);
			lua_rawset(L, contents);
			lua_pushvalue(L, -2);
			lua_pushnil(L);
			lua_rawset(L, idx);     /* clearing a field while traversing is allowed */
		}
		lua_pop(L, 1);
	}
	if (lua_getmetatable(L, idx)) {
		lua_getfield(L, LUA_REGISTRYINDEX, "gk.guard");
		if (lua_rawequal(L, -1, -2))
			lua_pop(L, 2);
		else {
			lua_pop(L, 1);
			m = lua_gettop(L);
		}
	}
	push_frozen_mt(L, contents, m, "cannot change a table made while the policy file "
		       "loaded: checks read it but never change it, so that no record sees "
		       "what another left (build a new table inside the check)");
	lua_setmetatable(L, idx);
	mark_frozen(L, idx, contents);
	lua_settop(L, top);
}

/* ====================================================================== */
/* order                                                                   */
/* ====================================================================== */

/* Keys in a fixed order: false, true, numbers, strings (bytewise). */
static int key_rank(int t)
{
	return t == LUA_TBOOLEAN ? 0 : t == LUA_TNUMBER ? 1 : t == LUA_TSTRING ? 2 : -1;
}

static int key_lt(lua_State *L, int a, int b)
{
	int ra = key_rank(lua_type(L, a)), rb = key_rank(lua_type(L, b));

	if (ra != rb)
		return ra < rb;
	if (ra == 0)
		return !lua_toboolean(L, a) && lua_toboolean(L, b);
	if (ra == 1)
		return lua_compare(L, a, b, LUA_OPLT);
	{
		size_t la, lb;
		const char *sa = lua_tolstring(L, a, &la), *sb = lua_tolstring(L, b, &lb);
		int c = memcmp(sa, sb, la < lb ? la : lb);

		return c < 0 || (c == 0 && la < lb);
	}
}

static void check_key(lua_State *L, int idx)
{
	if (key_rank(lua_type(L, idx)) < 0)
		luaL_error(L, "cannot walk a table with a %s as a key: pairs and next "
			   "go in key order, and only numbers, strings and booleans have one "
			   "(keep such keys in a list)", luaL_typename(L, idx));
}

typedef int (*lt_fn)(lua_State *L, void *ud);

/*
 * Sort a[1..n] (a Lua array) stably: bottom-up merge sort through a
 * scratch table.  lt compares the two values on top (is -2 < -1?) and
 * leaves them there.
 */
static void merge_sort(lua_State *L, int a, lua_Integer n, lt_fn lt, void *ud)
{
	int src, dst, b;

	a = lua_absindex(L, a);
	lua_createtable(L, (int)n, 0);
	b = lua_gettop(L);
	src = a;
	dst = b;
	for (lua_Integer w = 1; w < n; w *= 2) {
		for (lua_Integer lo = 1; lo <= n; lo += 2 * w) {
			lua_Integer mid = lo + w - 1 < n ? lo + w - 1 : n;
			lua_Integer hi = lo + 2 * w - 1 < n ? lo + 2 * w - 1 : n;
			lua_Integer i = lo, j = mid + 1, k = lo;

			while (i <= mid && j <= hi) {
				lua_rawgeti(L, src, j);
				lua_rawgeti(L, src, i);
				if (lt(L, ud)) {        /* right before left: only if smaller */
					lua_pop(L, 1);
					j++;
				} else {
					lua_remove(L, -2);
					i++;
				}
				lua_rawseti(L, dst, k++);
			}
			for (; i <= mid; i++) {
				lua_rawgeti(L, src, i);
				lua_rawseti(L, dst, k++);
			}
			for (; j <= hi; j++) {
				lua_rawgeti(L, src, j);
				lua_rawseti(L, dst, k++);
			}
		}
		src = src == a ? b : a;
		dst = dst == a ? b : a;
	}
	if (src != a)
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, src, i);
			lua_rawseti(L, a, i);
		}
	lua_pop(L, 1);
}

/* Cost of sorting n elements: comparisons of a merge sort, and moves. */
static long sort_cost(lua_Integer n)
{
	long c = 0;

	for (lua_Integer m = n; m > 1; m = (m + 1) / 2)
		c += 2;
	return n > LONG_MAX / (c + 2) ? LONG_MAX : (long)n * (c + 2);
}

static int keys_lt(lua_State *L, void *ud)
{
	(void)ud;
	return key_lt(L, -2, -1);
}

/* The keys of table t in order, as an array: [-0, +1]; n set. */
static void push_sorted_keys(lua_State *L, int t, lua_Integer *n)
{
	t = lua_absindex(L, t);
	lua_newtable(L);
	*n = 0;
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		check_key(L, -1);
		lua_pushvalue(L, -1);
		lua_rawseti(L, -3, ++*n);
	}
	gk_sandbox_charge(L, sort_cost(*n));
	merge_sort(L, -1, *n, keys_lt, NULL);
}

/* Upvalues: the keys, the table, the position. */
static int ordered_next(lua_State *L)
{
	lua_Integer i = lua_tointeger(L, lua_upvalueindex(3));

	for (;;) {
		if (lua_rawgeti(L, lua_upvalueindex(1), ++i) == LUA_TNIL) {
			lua_pushinteger(L, i - 1);
			lua_replace(L, lua_upvalueindex(3));
			return 1;
		}
		lua_pushvalue(L, -1);
		if (lua_rawget(L, lua_upvalueindex(2)) != LUA_TNIL)
			break;
		lua_pop(L, 2);          /* removed since: skip it */
	}
	lua_pushinteger(L, i);
	lua_replace(L, lua_upvalueindex(3));
	return 2;
}

/* An iterator over table t in key order: [-0, +1]. */
static void push_sorted_pairs(lua_State *L, int t)
{
	lua_Integer n;

	t = lua_absindex(L, t);
	push_sorted_keys(L, t, &n);
	lua_pushvalue(L, t);
	lua_pushinteger(L, 0);
	lua_pushcclosure(L, ordered_next, 3);
}

int gk_sandbox_is_iterator(lua_CFunction f)
{
	return f == ordered_next || gk_lpattern_is_iterator(f);
}

/* ====================================================================== */
/* base                                                                    */
/* ====================================================================== */

static int l_pairs(lua_State *L)
{
	luaL_checkany(L, 1);
	if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
		lua_pushvalue(L, 1);
		lua_call(L, 1, 3);
		return 3;
	}
	luaL_checktype(L, 1, LUA_TTABLE);
	push_sorted_pairs(L, 1);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/* next(t, k): the key after k in key order (upvalue 1: gk.frozen). */
static int l_next(lua_State *L)
{
	long seen = 0;
	int have = 0;

	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	if (!lua_isnil(L, 2))
		check_key(L, 2);
	push_contents(L, 1, lua_upvalueindex(1));       /* 3 */
	lua_pushnil(L);                                 /* 4: the best so far */
	lua_pushnil(L);
	while (lua_next(L, 3)) {
		lua_pop(L, 1);
		seen++;
		check_key(L, 5);
		if ((lua_isnil(L, 2) || key_lt(L, 2, 5)) && (!have || key_lt(L, 5, 4))) {
			lua_pushvalue(L, 5);
			lua_replace(L, 4);
			have = 1;
		}
	}
	gk_sandbox_charge(L, seen);
	if (!have) {
		lua_pushnil(L);
		return 1;
	}
	lua_pushvalue(L, 4);
	lua_pushvalue(L, 4);
	lua_rawget(L, 3);
	return 2;
}

static int l_rawget(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checkany(L, 2);
	lua_settop(L, 2);
	push_contents(L, 1, lua_upvalueindex(1));
	lua_pushvalue(L, 2);
	lua_rawget(L, -2);
	return 1;
}

static int l_rawlen(lua_State *L)
{
	int t = lua_type(L, 1);

	luaL_argexpected(L, t == LUA_TTABLE || t == LUA_TSTRING, 1, "table or string");
	if (t == LUA_TTABLE)
		push_contents(L, 1, lua_upvalueindex(1));
	else
		lua_pushvalue(L, 1);
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
	return 1;
}

static int refuse_gc_mode(lua_State *L, int key)
{
	const char *k = lua_tostring(L, key);

	if (strcmp(k, "__gc") == 0)
		return luaL_error(L, "__gc is not available to policies: a finalizer runs "
				  "outside every budget");
	return luaL_error(L, "__mode is not available to policies: weak tables make "
			  "results depend on when memory is collected");
}

static int is_gc_mode(lua_State *L, int key)
{
	const char *k = lua_type(L, key) == LUA_TSTRING ? lua_tostring(L, key) : NULL;

	return k && (strcmp(k, "__gc") == 0 || strcmp(k, "__mode") == 0);
}

/* rawset(t, k, v) (upvalues: gk.frozen, gk.metas). */
static int l_rawset(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checkany(L, 2);
	luaL_checkany(L, 3);
	lua_settop(L, 3);
	lua_pushvalue(L, 1);
	if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
		return luaL_error(L, "rawset: this table is read-only (a library, a policy "
				  "file's environment, or a table made while the file loaded)");
	lua_pop(L, 1);
	lua_pushvalue(L, 1);
	if (lua_rawget(L, lua_upvalueindex(2)) != LUA_TNIL && is_gc_mode(L, 2))
		return refuse_gc_mode(L, 2);
	lua_pop(L, 1);
	lua_rawset(L, 1);
	return 1;
}

/* __newindex of gk.guard: a metatable may gain anything but __gc and
 * __mode. */
static int guard_newindex(lua_State *L)
{
	if (is_gc_mode(L, 2))
		return refuse_gc_mode(L, 2);
	lua_settop(L, 3);
	lua_rawset(L, 1);
	return 0;
}

/* getmetatable, hiding gk.guard (upvalue 1). */
static int l_getmetatable(lua_State *L)
{
	luaL_checkany(L, 1);
	if (!lua_getmetatable(L, 1) || lua_rawequal(L, -1, lua_upvalueindex(1))) {
		lua_pushnil(L);
		return 1;
	}
	luaL_getmetafield(L, 1, "__metatable");
	return 1;
}

/*
 * The metatable at idx is in use: it must never gain __gc or __mode.
 * Lua looks both up raw, so writes must be caught: a metatable without
 * one of its own gets gk.guard, one whose own lacks __newindex gets the
 * guard's (which stores like a plain write).  upvalue 1: gk.guard,
 * upvalue 2: gk.metas.
 */
static void guard_meta(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	lua_pushvalue(L, idx);
	lua_pushboolean(L, 1);
	lua_rawset(L, lua_upvalueindex(2));
	if (!lua_getmetatable(L, idx)) {
		lua_pushvalue(L, lua_upvalueindex(1));
		lua_setmetatable(L, idx);
		return;
	}
	if (!lua_rawequal(L, -1, lua_upvalueindex(1)) &&
	    raw_field(L, -1, "__newindex") == LUA_TNIL) {
		lua_pop(L, 1);
		lua_pushliteral(L, "__newindex");
		lua_pushcfunction(L, guard_newindex);
		lua_rawset(L, -3);
	} else if (!lua_rawequal(L, -1, lua_upvalueindex(1))) {
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

static int l_setmetatable(lua_State *L)
{
	int t = lua_type(L, 2), in_use;

	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
	lua_settop(L, 2);
	if (t == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(L, "__gc is not available to policies: a finalizer runs "
					  "outside every budget");
		lua_pop(L, 1);
		lua_pushliteral(L, "__mode");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(L, "__mode is not available to policies: weak tables make "
					  "results depend on when memory is collected");
		lua_pop(L, 1);
	}
	if (lua_getmetatable(L, 1)) {
		int guarded = lua_rawequal(L, -1, lua_upvalueindex(1));

		lua_pop(L, 1);
		if (!guarded && luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
			return luaL_error(L, "cannot change a protected metatable");
	}
	lua_pushvalue(L, 1);
	in_use = lua_rawget(L, lua_upvalueindex(2)) != LUA_TNIL;
	lua_pop(L, 1);
	if (t == LUA_TTABLE) {
		guard_meta(L, 2);
		lua_pushvalue(L, 2);
	} else {
		/* A metatable in use stays guarded even without one of its own. */
		lua_pushvalue(L, in_use ? lua_upvalueindex(1) : 2);
	}
	lua_setmetatable(L, 1);
	if (in_use && t == LUA_TTABLE && !lua_rawequal(L, 2, lua_upvalueindex(1))) {
		if (raw_field(L, 2, "__newindex") == LUA_TNIL) {
			lua_pushliteral(L, "__newindex");
			lua_pushcfunction(L, guard_newindex);
			lua_rawset(L, 2);
		}
		lua_pop(L, 1);
	}
	lua_settop(L, 1);
	return 1;
}

const char *gk_sandbox_tostring(lua_State *L, int idx, size_t *len)
{
	int tt;

	idx = lua_absindex(L, idx);
	if (luaL_getmetafield(L, idx, "__tostring") != LUA_TNIL) {
		lua_pop(L, 1);
		return luaL_tolstring(L, idx, len);
	}
	switch (lua_type(L, idx)) {
	case LUA_TTABLE:
	case LUA_TFUNCTION:
	case LUA_TUSERDATA:
	case LUA_TLIGHTUSERDATA:
	case LUA_TTHREAD:
		/* Lua prints an address, which differs from run to run. */
		tt = luaL_getmetafield(L, idx, "__name");
		if (tt == LUA_TSTRING)
			return lua_tolstring(L, -1, len);
		if (tt != LUA_TNIL)
			lua_pop(L, 1);
		lua_pushstring(L, luaL_typename(L, idx));
		return lua_tolstring(L, -1, len);
	default:
		return luaL_tolstring(L, idx, len);
	}
}

static int l_tostring(lua_State *L)
{
	luaL_checkany(L, 1);
	gk_sandbox_tostring(L, 1, NULL);
	return 1;
}

/*
 * load(): text chunks only, in the default sandbox environment unless the
 * caller gives one.  A chunk name never starts with '@', so a loaded chunk
 * cannot pass for a policy file (declarations check where they come from).
 */
static int l_load(lua_State *L)
{
	int nargs = lua_gettop(L);
	size_t len = 0;

	luaL_checkany(L, 1);
	if (lua_type(L, 1) == LUA_TSTRING)
		lua_tolstring(L, 1, &len);
	gk_sandbox_charge(L, cost_of(len));
	lua_pushvalue(L, lua_upvalueindex(1));  /* the real load */
	lua_pushvalue(L, 1);
	if (nargs >= 2 && !lua_isnil(L, 2)) {
		const char *name = luaL_checkstring(L, 2);

		lua_pushfstring(L, "=%s", name + (*name == '@' || *name == '=' ? 1 : 0));
	} else {
		lua_pushliteral(L, "=(load)");
	}
	lua_pushliteral(L, "t");
	if (nargs >= 4)
		lua_pushvalue(L, 4);
	else
		lua_getfield(L, LUA_REGISTRYINDEX, "gk.lib.env");
	lua_call(L, 4, 2);
	return 2;
}

/* ====================================================================== */
/* string                                                                  */
/* ====================================================================== */

enum { CHARGE_IN = 1, CHARGE_OUT = 2 };

/*
 * A Lua library function (upvalue 1) whose work is linear in the bytes it
 * reads (CHARGE_IN) or writes (CHARGE_OUT): charged, then called on the
 * same stack frame.
 */
static int charged(lua_State *L)
{
	lua_CFunction f = lua_tocfunction(L, lua_upvalueindex(1));
	int mode = (int)lua_tointeger(L, lua_upvalueindex(2));
	int top = lua_gettop(L), n;
	long cost = 1;

	if (mode & CHARGE_IN)
		for (int i = 1; i <= top; i++)
			if (lua_type(L, i) == LUA_TSTRING)
				cost += cost_of(lua_rawlen(L, i));
	gk_sandbox_charge(L, cost);
	n = f(L);
	if (mode & CHARGE_OUT) {
		cost = n;
		for (int i = lua_gettop(L) - n + 1; i <= lua_gettop(L); i++)
			if (lua_type(L, i) == LUA_TSTRING)
				cost += cost_of(lua_rawlen(L, i));
		gk_sandbox_charge(L, cost);
	}
	return n;
}

static void wrap(lua_State *L, int lib, const char *name, int mode)
{
	lib = lua_absindex(L, lib);
	lua_getfield(L, lib, name);
	lua_pushinteger(L, mode);
	lua_pushcclosure(L, charged, 2);
	lua_setfield(L, lib, name);
}

/* string.rep, charged before it builds anything. */
static int str_rep(lua_State *L)
{
	size_t l, lsep;
	const char *s = luaL_checklstring(L, 1, &l);
	lua_Integer n = luaL_checkinteger(L, 2);
	const char *sep = luaL_optlstring(L, 3, "", &lsep);
	size_t total;
	luaL_Buffer b;
	char *p;

	if (n <= 0 || l + lsep == 0) {         /* nothing to copy, however many times */
		lua_pushliteral(L, "");
		return 1;
	}
	if (l + lsep < l || l + lsep > (size_t)LUA_MAXINTEGER / (size_t)n)
		return luaL_error(L, "resulting string too large");
	total = (size_t)n * l + (size_t)(n - 1) * lsep;
	gk_sandbox_charge(L, cost_n((lua_Unsigned)n) / BYTES_PER_STEP + cost_of(total));
	p = luaL_buffinitsize(L, &b, total);
	while (n-- > 1) {
		memcpy(p, s, l);
		p += l;
		if (lsep) {
			memcpy(p, sep, lsep);
			p += lsep;
		}
	}
	memcpy(p, s, l);
	luaL_pushresultsize(&b, total);
	return 1;
}

/*
 * string.format (upvalue 1: Lua's): %p is refused and %s of a table or
 * function shows no address (both differ from run to run); the bytes
 * written are charged.
 */
static int str_format(lua_State *L)
{
	lua_CFunction f = lua_tocfunction(L, lua_upvalueindex(1));
	size_t fl;
	const char *fmt = luaL_checklstring(L, 1, &fl), *e = fmt + fl;
	int arg = 1, n, top = lua_gettop(L);

	gk_sandbox_charge(L, 1 + cost_of(fl));
	for (const char *p = fmt; p < e; p++) {
		if (*p != '%')
			continue;
		if (++p < e && *p == '%')
			continue;
		arg++;
		while (p < e && strchr("-+ #0123456789.", *p))
			p++;
		if (p < e && *p == 'p')
			return luaL_error(L, "string.format: '%%p' is not available to policies "
					  "(addresses differ from run to run)");
		if (p < e && *p == 's' && arg <= top && lua_type(L, arg) != LUA_TSTRING &&
		    lua_type(L, arg) != LUA_TNUMBER) {
			gk_sandbox_tostring(L, arg, NULL);
			lua_replace(L, arg);
		}
	}
	n = f(L);
	gk_sandbox_charge(L, cost_of(lua_rawlen(L, -1)));
	return n;
}

/* ====================================================================== */
/* table                                                                   */
/* ====================================================================== */

/* Lua's ltablib.c conventions: a "table" may be anything whose
 * metatable gives the access needed. */
#define TAB_R 1
#define TAB_W 2
#define TAB_L 4
#define TAB_RW (TAB_R | TAB_W)

static int has_field(lua_State *L, const char *key, int n)
{
	lua_pushstring(L, key);
	return lua_rawget(L, -n) != LUA_TNIL;
}

static void check_tab(lua_State *L, int arg, int what)
{
	if (lua_type(L, arg) != LUA_TTABLE) {
		int n = 1;

		if (lua_getmetatable(L, arg) &&
		    (!(what & TAB_R) || has_field(L, "__index", ++n)) &&
		    (!(what & TAB_W) || has_field(L, "__newindex", ++n)) &&
		    (!(what & TAB_L) || has_field(L, "__len", ++n)))
			lua_pop(L, n);
		else
			luaL_checktype(L, arg, LUA_TTABLE);
	}
}

static lua_Integer get_n(lua_State *L, int arg, int what)
{
	check_tab(L, arg, what | TAB_L);
	return luaL_len(L, arg);
}

static int t_insert(lua_State *L)
{
	lua_Integer pos, e = get_n(L, 1, TAB_RW);

	e = luaL_intop(+, e, 1);
	switch (lua_gettop(L)) {
	case 2:
		pos = e;
		break;
	case 3:
		pos = luaL_checkinteger(L, 2);
		luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2,
			      "position out of bounds");
		gk_sandbox_charge(L, cost_n((lua_Unsigned)e - (lua_Unsigned)pos));
		for (lua_Integer i = e; i > pos; i--) {
			lua_geti(L, 1, i - 1);
			lua_seti(L, 1, i);
		}
		break;
	default:
		return luaL_error(L, "wrong number of arguments to 'insert'");
	}
	lua_seti(L, 1, pos);
	return 0;
}

static int t_remove(lua_State *L)
{
	lua_Integer size = get_n(L, 1, TAB_RW);
	lua_Integer pos = luaL_optinteger(L, 2, size);

	if (pos != size)
		luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size, 2,
			      "position out of bounds");
	lua_geti(L, 1, pos);
	if (pos < size)
		gk_sandbox_charge(L, cost_n((lua_Unsigned)size - (lua_Unsigned)pos));
	for (; pos < size; pos++) {
		lua_geti(L, 1, pos + 1);
		lua_seti(L, 1, pos);
	}
	lua_pushnil(L);
	lua_seti(L, 1, pos);
	return 1;
}

static int t_move(lua_State *L)
{
	lua_Integer f = luaL_checkinteger(L, 2);
	lua_Integer e = luaL_checkinteger(L, 3);
	lua_Integer t = luaL_checkinteger(L, 4);
	int tt = !lua_isnoneornil(L, 5) ? 5 : 1;

	check_tab(L, 1, TAB_R);
	check_tab(L, tt, TAB_W);
	if (e >= f) {
		lua_Integer n, i;

		luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
		n = e - f + 1;
		luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
		gk_sandbox_charge(L, cost_n((lua_Unsigned)n));
		if (t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ))) {
			for (i = 0; i < n; i++) {
				lua_geti(L, 1, f + i);
				lua_seti(L, tt, t + i);
			}
		} else {
			for (i = n - 1; i >= 0; i--) {
				lua_geti(L, 1, f + i);
				lua_seti(L, tt, t + i);
			}
		}
	}
	lua_pushvalue(L, tt);
	return 1;
}

static void add_field(lua_State *L, luaL_Buffer *b, lua_Integer i)
{
	lua_geti(L, 1, i);
	if (!lua_isstring(L, -1))
		luaL_error(L, "invalid value (at index %I) in table for 'concat'", i);
	luaL_addvalue(b);
}

static int t_concat(lua_State *L)
{
	luaL_Buffer b;
	lua_Integer last = get_n(L, 1, TAB_R);
	size_t lsep;
	const char *sep = luaL_optlstring(L, 2, "", &lsep);
	lua_Integer i = luaL_optinteger(L, 3, 1);

	last = luaL_optinteger(L, 4, last);
	if (i <= last)
		gk_sandbox_charge(L, cost_n((lua_Unsigned)last - (lua_Unsigned)i + 1));
	luaL_buffinit(L, &b);
	for (; i < last; i++) {
		add_field(L, &b, i);
		luaL_addlstring(&b, sep, lsep);
	}
	if (i == last)
		add_field(L, &b, i);
	luaL_pushresult(&b);
	return 1;
}

static int t_pack(lua_State *L)
{
	int n = lua_gettop(L);

	gk_sandbox_charge(L, n);
	lua_createtable(L, n, 1);
	lua_insert(L, 1);
	for (int i = n; i >= 1; i--)
		lua_seti(L, 1, i);
	lua_pushinteger(L, n);
	lua_setfield(L, 1, "n");
	return 1;
}

static int t_unpack(lua_State *L)
{
	lua_Unsigned n;
	lua_Integer i = luaL_optinteger(L, 2, 1);
	lua_Integer e = luaL_opt(L, luaL_checkinteger, 3, luaL_len(L, 1));

	if (i > e)
		return 0;
	n = (lua_Unsigned)e - (lua_Unsigned)i;
	if (n >= (unsigned int)INT_MAX || !lua_checkstack(L, (int)(++n)))
		return luaL_error(L, "too many results to unpack");
	gk_sandbox_charge(L, cost_n(n));
	for (; i < e; i++)
		lua_geti(L, 1, i);
	lua_geti(L, 1, e);
	return (int)n;
}

/* The order of table.sort: argument 2 when given, else '<'. */
static int sort_lt(lua_State *L, void *ud)
{
	int r;

	(void)ud;
	if (lua_isnil(L, 2))
		return lua_compare(L, -2, -1, LUA_OPLT);
	lua_pushvalue(L, 2);
	lua_pushvalue(L, -3);
	lua_pushvalue(L, -3);
	lua_call(L, 2, 1);
	r = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return r;
}

/* table.sort: a stable merge sort.  Lua's quicksort picks a pivot from
 * the clock for large arrays, so equal elements came out in an order
 * that changed from run to run. */
static int t_sort(lua_State *L)
{
	lua_Integer n = get_n(L, 1, TAB_RW);

	if (n > 1) {
		luaL_argcheck(L, n < INT_MAX, 1, "array too big");
		if (!lua_isnoneornil(L, 2))
			luaL_checktype(L, 2, LUA_TFUNCTION);
		lua_settop(L, 2);
		gk_sandbox_charge(L, sort_cost(n));
		lua_createtable(L, (int)n, 0);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_geti(L, 1, i);
			lua_rawseti(L, 3, i);
		}
		merge_sort(L, 3, n, sort_lt, NULL);
		for (lua_Integer i = 1; i <= n; i++) {
			lua_rawgeti(L, 3, i);
			lua_seti(L, 1, i);
		}
	}
	return 0;
}

/* ====================================================================== */
/* the library                                                             */
/* ====================================================================== */

static int no_random(lua_State *L)
{
	return luaL_error(L, "math.random is not available to policies: a run must give "
			  "the same findings whatever --jobs, and when it is replayed");
}

static const char *const blocked[] = {
	"io", "os", "package", "debug", "require", "dofile", "loadfile",
	"collectgarbage", "print", "coroutine", NULL
};

/* __index of the library: a name nobody defined.  A typo must not read
 * as nil. */
static int env_unknown(lua_State *L)
{
	const char *name = lua_tostring(L, 2);

	for (int i = 0; name && blocked[i]; i++)
		if (strcmp(name, blocked[i]) == 0)
			return luaL_error(L, "'%s' is not available to policies "
					  "(they have no file, process or network access)", name);
	return luaL_error(L, "unknown name '%s'", name ? name : "?");
}

static int env_newindex(lua_State *L)
{
	const char *name = lua_tostring(L, 2);

	return luaL_error(L, "cannot set global '%s': declare it with 'local %s = ...'",
			  name ? name : "?", name ? name : "name");
}

static void set_closure(lua_State *L, int t, const char *name, lua_CFunction f, int nup)
{
	lua_pushcclosure(L, f, nup);
	lua_setfield(L, t, name);
}

/* luaL_requiref without the global: [-0, +1]. */
static void open_lib(lua_State *L, const char *name, lua_CFunction open)
{
	luaL_requiref(L, name, open, 0);
}

int gk_sandbox_openlibs(lua_State *L)
{
	static const char *const base_ok[] = {
		"assert", "error", "ipairs", "pcall", "rawequal", "select", "type", "xpcall",
		"_VERSION", NULL
	};
	static const struct { const char *name; lua_CFunction fn; } tab[] = {
		{ "concat", t_concat }, { "insert", t_insert }, { "move", t_move },
		{ "pack", t_pack }, { "remove", t_remove }, { "sort", t_sort },
		{ "unpack", t_unpack },
	};
	int frozen, metas, guard, lib, g, s;

	/* gk.frozen and gk.metas: weak keys, so they keep nothing alive. */
	for (int i = 0; i < 2; i++) {
		lua_newtable(L);
		lua_newtable(L);
		lua_pushliteral(L, "k");
		lua_setfield(L, -2, "__mode");
		lua_setmetatable(L, -2);
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, i ? "gk.metas" : "gk.frozen");
	}
	frozen = lua_gettop(L) - 1;
	metas = frozen + 1;
	lua_newtable(L);
	guard = lua_gettop(L);
	lua_pushcfunction(L, guard_newindex);
	lua_setfield(L, guard, "__newindex");
	lua_pushvalue(L, guard);
	lua_setfield(L, LUA_REGISTRYINDEX, "gk.guard");
	lua_pushvalue(L, guard);
	lua_pushboolean(L, 1);
	lua_rawset(L, frozen);

	lua_newtable(L);
	lib = lua_gettop(L);
	open_lib(L, "_G", luaopen_base);
	g = lua_gettop(L);
	for (int i = 0; base_ok[i]; i++) {
		lua_getfield(L, g, base_ok[i]);
		lua_setfield(L, lib, base_ok[i]);
	}
	lua_getfield(L, g, "tonumber");
	lua_pushinteger(L, CHARGE_IN);
	set_closure(L, lib, "tonumber", charged, 2);
	lua_getfield(L, g, "load");
	set_closure(L, lib, "load", l_load, 1);
	lua_pop(L, 1);
	lua_pushcfunction(L, l_pairs);
	lua_setfield(L, lib, "pairs");
	lua_pushcfunction(L, l_tostring);
	lua_setfield(L, lib, "tostring");
	lua_pushvalue(L, frozen);
	set_closure(L, lib, "next", l_next, 1);
	lua_pushvalue(L, frozen);
	set_closure(L, lib, "rawget", l_rawget, 1);
	lua_pushvalue(L, frozen);
	set_closure(L, lib, "rawlen", l_rawlen, 1);
	lua_pushvalue(L, frozen);
	lua_pushvalue(L, metas);
	set_closure(L, lib, "rawset", l_rawset, 2);
	lua_pushvalue(L, guard);
	set_closure(L, lib, "getmetatable", l_getmetatable, 1);
	lua_pushvalue(L, guard);
	lua_pushvalue(L, metas);
	set_closure(L, lib, "setmetatable", l_setmetatable, 2);

	/* string: the same table is the strings' __index, so methods see
	 * the same functions. */
	open_lib(L, "string", luaopen_string);
	s = lua_gettop(L);
	lua_pushnil(L);
	lua_setfield(L, s, "dump");     /* bytecode, which nothing may load */
	gk_lpattern_register(L, s);
	lua_pushcfunction(L, str_rep);
	lua_setfield(L, s, "rep");
	lua_getfield(L, s, "format");
	set_closure(L, s, "format", str_format, 1);
	wrap(L, s, "byte", CHARGE_OUT);
	wrap(L, s, "char", CHARGE_OUT);
	wrap(L, s, "lower", CHARGE_IN);
	wrap(L, s, "upper", CHARGE_IN);
	wrap(L, s, "reverse", CHARGE_IN);
	wrap(L, s, "sub", CHARGE_OUT);
	wrap(L, s, "pack", CHARGE_OUT);
	wrap(L, s, "packsize", CHARGE_IN);
	wrap(L, s, "unpack", CHARGE_OUT);
	push_proxy(L, s, "string");
	lua_setfield(L, lib, "string");
	/* Lock the strings' metatable: getmetatable("") gives false. */
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_pushboolean(L, 1);
	lua_rawset(L, frozen);
	lua_settop(L, s - 1);

	open_lib(L, "table", luaopen_table);
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		lua_pushcfunction(L, tab[i].fn);
		lua_setfield(L, -2, tab[i].name);
	}
	push_proxy(L, -1, "table");
	lua_setfield(L, lib, "table");
	lua_pop(L, 1);

	open_lib(L, "math", luaopen_math);
	lua_pushcfunction(L, no_random);
	lua_setfield(L, -2, "random");
	lua_pushcfunction(L, no_random);
	lua_setfield(L, -2, "randomseed");
	push_proxy(L, -1, "math");
	lua_setfield(L, lib, "math");
	lua_pop(L, 1);

	open_lib(L, "utf8", luaopen_utf8);
	wrap(L, -1, "char", CHARGE_OUT);
	wrap(L, -1, "codepoint", CHARGE_OUT);
	wrap(L, -1, "len", CHARGE_IN);
	wrap(L, -1, "offset", CHARGE_IN);
	push_proxy(L, -1, "utf8");
	lua_setfield(L, lib, "utf8");
	lua_pop(L, 1);

	/* Globals: each file's environment reads through the library, whose
	 * own metatable turns an unknown name into an error. */
	lua_newtable(L);
	lua_pushcfunction(L, env_unknown);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, lib);
	lua_pushvalue(L, lib);
	lua_setfield(L, LUA_REGISTRYINDEX, "gk.lib");
	lua_pushvalue(L, lib);
	lua_pushboolean(L, 1);
	lua_rawset(L, frozen);
	lua_newtable(L);
	lua_pushvalue(L, lib);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, env_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, "gk.envmt");
	lua_pushboolean(L, 1);
	lua_rawset(L, frozen);
	/* The environment of chunks load() makes without one. */
	gk_sandbox_push_env(L);
	lua_setfield(L, LUA_REGISTRYINDEX, "gk.lib.env");
	return 0;
}

/*
 * view.c - the record a check reads: a read-only, lazy view of the current
 * row that dies with the call (a generation counter).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_impl.h"

typedef struct view {
	unsigned gen;
} view;

#define VIEW_MT GK_VIEW_MT

static gk_policy *live_policy(lua_State *L, int idx)
{
	gk_policy *p = policy_of(L);
	view *v = luaL_checkudata(L, idx, VIEW_MT);

	if (v->gen != p->gen || !p->rec)
		luaL_error(L, "a record can only be read while its rule checks it "
			   "(rule '%s' kept one for later)", p->rule ? p->rule->id : "?");
	return p;
}

static void push_field(lua_State *L, gk_policy *p, int f)
{
	size_t len;
	const char *s = p->get(p->rec, (enum gk_field)f, &len);

	if (!s) {
		lua_pushnil(L);
	} else if (gk_fields[f].type == GK_T_FLAG || gk_fields[f].type == GK_T_INT) {
		lua_pushinteger(L, strtoll(s, NULL, 10));
	} else {
		lua_pushlstring(L, s, len);
	}
}

static int view_index(lua_State *L)
{
	gk_policy *p = live_policy(L, 1);
	int f;

	/* upvalue 1 maps field names to indices */
	lua_pushvalue(L, 2);
	if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNUMBER) {
		const char *name = lua_tostring(L, 2), *names[GK_NFIELDS], *s;

		for (int i = 0; i < GK_NFIELDS; i++)
			names[i] = gk_fields[i].name;
		s = name ? gk_suggest(name, names, GK_NFIELDS) : NULL;
		if (s)
			return luaL_error(L, "records have no field '%s' (did you mean '%s'?)",
					  name, s);
		return luaL_error(L, "records have no field '%s'", name ? name : "?");
	}
	f = (int)lua_tointeger(L, -1);
	lua_pop(L, 1);
	if (p->rule && !p->rule->reads_all && !p->rule->reads[f] &&
	    f != GK_F_ID && f != GK_F_JURISDICTION && f != GK_F_KIND)
		return luaL_error(L, "rule '%s' reads '%s' but its 'reads' list does not "
				  "name it: add it there", p->rule->id, gk_fields[f].name);
	push_field(L, p, f);
	return 1;
}

static int view_newindex(lua_State *L)
{
	return luaL_error(L, "records are read-only");
}

static int view_next(lua_State *L)
{
	gk_policy *p = live_policy(L, 1);
	int f = 0;

	if (!lua_isnil(L, 2)) {
		const char *k = luaL_checkstring(L, 2);
		f = gk_field_lookup(k, strlen(k)) + 1;
	}
	for (; f < GK_NFIELDS; f++) {
		size_t len;

		if (p->rule && !p->rule->reads_all && !p->rule->reads[f] &&
		    f != GK_F_ID && f != GK_F_JURISDICTION && f != GK_F_KIND)
			continue;
		if (!p->get(p->rec, (enum gk_field)f, &len))
			continue;
		lua_pushstring(L, gk_fields[f].name);
		push_field(L, p, f);
		return 2;
	}
	return 0;
}

static int view_pairs(lua_State *L)
{
	live_policy(L, 1);
	lua_pushcfunction(L, view_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

static int view_tostring(lua_State *L)
{
	gk_policy *p = policy_of(L);
	view *v = luaL_checkudata(L, 1, VIEW_MT);

	if (v->gen != p->gen || !p->rec || !p->record_id)
		lua_pushliteral(L, "record (no longer readable)");
	else
		lua_pushfstring(L, "record '%s'", p->record_id);
	return 1;
}


static void set_fn(lua_State *L, const char *name, lua_CFunction fn)
{
	lua_pushcfunction(L, fn);
	lua_setfield(L, -2, name);
}

void gk_lua_view_setup(lua_State *L)
{
	luaL_newmetatable(L, VIEW_MT);
	lua_createtable(L, 0, GK_NFIELDS);
	for (int f = 0; f < GK_NFIELDS; f++) {
		lua_pushinteger(L, f);
		lua_setfield(L, -2, gk_fields[f].name);
	}
	lua_pushcclosure(L, view_index, 1);
	lua_setfield(L, -2, "__index");
	set_fn(L, "__newindex", view_newindex);
	set_fn(L, "__pairs", view_pairs);
	set_fn(L, "__tostring", view_tostring);
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 1);
}

void gk_lua_view_push(lua_State *L, gk_policy *p)
{
	((view *)lua_newuserdatauv(L, sizeof(view), 0))->gen = p->gen;
	luaL_setmetatable(L, VIEW_MT);
}

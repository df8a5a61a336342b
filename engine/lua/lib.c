/*
 * lib.c - the helpers a check function may call: working days, dates,
 * text (docs/policies.md lists them).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../i18n.h"
#include "policy_impl.h"

static gk_day check_date(lua_State *L, int idx)
{
	size_t len;
	const char *s = luaL_checklstring(L, idx, &len);
	gk_day d;

	if (gk_date_parse(s, len, &d))
		luaL_error(L, "'%s' is not a date: expected YYYY-MM-DD", s);
	return d;
}

static void push_date(lua_State *L, gk_day d)
{
	char buf[GK_DATE_LEN + 1];

	gk_date_format(d, buf);
	lua_pushlstring(L, buf, GK_DATE_LEN);
}

/* A calendar error is raised in the policy, which can catch it: it is
 * made in English (engine/i18n.h), as all a policy can observe. */
static int cal_fail(lua_State *L, gk_error *err)
{
	return luaL_error(L, "%s", err->msg);
}

/* workdays_after(date, n): the n-th working day after date. */
static int l_workdays_after(lua_State *L)
{
	gk_policy *p = policy_of(L);
	gk_day d = check_date(L, 1), out;
	lua_Integer n = luaL_checkinteger(L, 2);
	gk_error err;
	int rc;

	if (n < 0 || n > 100000)
		return luaL_error(L, "workdays_after: n must be between 0 and 100000");
	gk_i18n_source_begin();
	rc = gk_calendar_add_workdays(p->cal, d, (int)n, &out, &err);
	gk_i18n_source_end();
	if (rc)
		return cal_fail(L, &err);
	p->provisional |= gk_calendar_provisional_between(p->cal, d, out);
	push_date(L, out);
	return 1;
}

/* workdays_between(a, b): working days D with a < D <= b. */
static int l_workdays_between(lua_State *L)
{
	gk_policy *p = policy_of(L);
	gk_day a = check_date(L, 1), b = check_date(L, 2);
	gk_error err;
	int n, rc;

	gk_i18n_source_begin();
	rc = gk_calendar_workdays_between(p->cal, a, b, &n, &err);
	gk_i18n_source_end();
	if (rc)
		return cal_fail(L, &err);
	p->provisional |= gk_calendar_provisional_between(p->cal, a < b ? a : b, a < b ? b : a);
	lua_pushinteger(L, n);
	return 1;
}

static int l_days_between(lua_State *L)
{
	gk_day a = check_date(L, 1), b = check_date(L, 2);

	lua_pushinteger(L, (lua_Integer)b - a);
	return 1;
}

static int l_is_workday(lua_State *L)
{
	gk_policy *p = policy_of(L);
	gk_error err;
	gk_day d = check_date(L, 1);
	int w;

	gk_i18n_source_begin();
	w = gk_calendar_is_workday(p->cal, d, &err);
	gk_i18n_source_end();
	if (w < 0)
		return cal_fail(L, &err);
	p->provisional |= gk_calendar_provisional_between(p->cal, d - 1, d);
	lua_pushboolean(L, w);
	return 1;
}

static int l_is_date(lua_State *L)
{
	size_t len;
	const char *s = lua_tolstring(L, 1, &len);
	gk_day d;

	lua_pushboolean(L, s && lua_type(L, 1) == LUA_TSTRING && gk_date_parse(s, len, &d) == 0);
	return 1;
}

static int l_as_of(lua_State *L)
{
	push_date(L, policy_of(L)->as_of);
	return 1;
}

/* contains(text, needle): plain substring test; nil text is false. */
static int l_contains(lua_State *L)
{
	size_t tl, nl;
	const char *t = lua_isnoneornil(L, 1) ? NULL : luaL_checklstring(L, 1, &tl);
	const char *n = luaL_checklstring(L, 2, &nl);

	lua_pushboolean(L, t && memmem(t, tl, n, nl) != NULL);
	return 1;
}

/* split(list): the items of a ';' list as a table (empty for nil). */
static int l_split(lua_State *L)
{
	size_t len;
	const char *s = lua_isnoneornil(L, 1) ? NULL : luaL_checklstring(L, 1, &len);
	int n = 0;

	lua_newtable(L);
	while (s && len) {
		const char *e = memchr(s, ';', len);
		size_t il = e ? (size_t)(e - s) : len;

		if (il) {
			lua_pushlstring(L, s, il);
			lua_rawseti(L, -2, ++n);
		}
		if (!e)
			break;
		len -= il + 1;
		s = e + 1;
	}
	return 1;
}

/* has(list, item): item is one of the ';' list's items. */
static int l_has(lua_State *L)
{
	size_t len, il;
	const char *s = lua_isnoneornil(L, 1) ? NULL : luaL_checklstring(L, 1, &len);
	const char *item = luaL_checklstring(L, 2, &il);
	int found = 0;

	while (s && !found) {
		const char *e = memchr(s, ';', len);
		size_t l = e ? (size_t)(e - s) : len;

		found = l == il && memcmp(s, item, il) == 0;
		if (!e)
			break;
		len -= l + 1;
		s = e + 1;
	}
	lua_pushboolean(L, found);
	return 1;
}


static void set_fn(lua_State *L, const char *name, lua_CFunction fn)
{
	lua_pushcfunction(L, fn);
	lua_setfield(L, -2, name);
}

void gk_lua_lib_fill(lua_State *L)
{
	set_fn(L, "workdays_after", l_workdays_after);
	set_fn(L, "workdays_between", l_workdays_between);
	set_fn(L, "days_between", l_days_between);
	set_fn(L, "is_workday", l_is_workday);
	set_fn(L, "is_date", l_is_date);
	set_fn(L, "as_of", l_as_of);
	set_fn(L, "contains", l_contains);
	set_fn(L, "split", l_split);
	set_fn(L, "has", l_has);
}

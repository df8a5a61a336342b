/*
 * test_lpattern.c - the charged pattern matcher (engine/lpattern.c) gives
 * exactly what Lua 5.4's own string.find, match, gmatch and gsub give.
 *
 * Differential: a Lua script generates subjects and patterns from the
 * pieces patterns are made of (classes, sets, captures, anchors, %b, %f,
 * back-references, malformed ones too) with a fixed seed, runs every
 * operation with Lua's string library and with gongkai's, and compares
 * all results and error messages.  Then fixed cases for the limits Lua
 * itself enforces (captures, recursion depth).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "../../engine/lua/lpattern.h"

static const char differential[] =
	"-- differential test: string.* (stock) against gk.* (lpattern.c)\n"
	"local seed = SEED\n"
	"local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n + 1 end\n"
	"local toks = { \"a\", \"b\", \"x\", \".\", \"%a\", \"%d\", \"%s\", \"%w\", \"%A\", \"[ab]\", \"[^a]\", \"[a-c]\", \"[%d]\",\n"
	"  \"*\", \"+\", \"-\", \"?\", \"(\", \")\", \"()\", \"%1\", \"%2\", \"%0\", \"%b()\", \"%bab\", \"%f[%w]\", \"%f[%W]\", \"^\", \"$\", \"%\", \"[\", \"]\", \"1\", \" \", \"%%\", \"%.\", \"[]]\", \"[^]]\", \"%z\", \"\\0\" }\n"
	"local subj = { \"a\", \"b\", \"x\", \"(\", \")\", \"1\", \"2\", \" \", \"ab\", \"\\0\", \".\" }\n"
	"local function gen(t, n) local r = {} for i = 1, rnd(n) do r[#r+1] = t[rnd(#t)] end return table.concat(r) end\n"
	"local function pack(...) return { n = select('#', ...), ... } end\n"
	"local function strip(e) if type(e) == \"string\" then return (e:gsub(\"^[^:]*:%d+: \", \"\")) end return e end\n"
	"local function same(a, b)\n"
	"  if a.n ~= b.n then return false end\n"
	"  for i = 1, a.n do local x, y = a[i], b[i]; if i == 2 and a[1] == false then x, y = strip(x), strip(y) end\n"
	"    if x ~= y then return false end end\n"
	"  return true\n"
	"end\n"
	"local function show(t) local r = {} for i = 1, t.n do r[#r+1] = string.format(\"%q\", tostring(t[i])) end return table.concat(r, \",\") end\n"
	"local function gm(f, s, p, i) local r = {} local it = f(s, p, i) for k = 1, 20 do local a = pack(it()) if a[1] == nil then break end r[#r+1] = show(a) end return table.concat(r, \"|\") end\n"
	"local bad, total, report = 0, 0, {}\n"
	"local reps = { \"%0-\", \"<%1>\", \"%%\", \"x\", \"%2\", \"%9\", \"%z\" }\n"
	"for c = 1, COUNT do\n"
	"  local s, p = gen(subj, 12), gen(toks, 7)\n"
	"  local init = ({ nil, 1, 2, -1, -3, 0, 20 })[rnd(7)]\n"
	"  local tests = {\n"
	"    { \"find\", function(f) return f.find(s, p, init) end },\n"
	"    { \"findplain\", function(f) return f.find(s, p, init, true) end },\n"
	"    { \"match\", function(f) return f.match(s, p, init) end },\n"
	"    { \"gmatch\", function(f) return gm(f.gmatch, s, p, init) end },\n"
	"    { \"gsub\", function(f) return f.gsub(s, p, reps[rnd(#reps)] ) end },\n"
	"    { \"gsubt\", function(f) return f.gsub(s, p, { a = \"A\", x = false, [\"1\"] = 7 }) end },\n"
	"    { \"gsubf\", function(f) return f.gsub(s, p, function(a, b) if a == \"b\" then return nil end return (a or \"\") .. \"!\" end, 3) end },\n"
	"  }\n"
	"  local save = seed\n"
	"  for _, t in ipairs(tests) do\n"
	"    seed = save; local r1 = pack(pcall(t[2], string))\n"
	"    seed = save; local r2 = pack(pcall(t[2], gk))\n"
	"    total = total + 1\n"
	"    if not same(r1, r2) then bad = bad + 1\n"
	"      if bad < 10 then report[#report + 1] = t[1] .. \" \" .. string.format(\"%q %q %s\", s, p, tostring(init)) .. \" lua: \" .. show(r1) .. \" gk: \" .. show(r2) end end\n"
	"  end\n"
	"end\n"
	"return total, bad, table.concat(report, \"\\n\")\n"
	"\n";

/* A plain Lua state (not a sandbox: nothing is charged) with gongkai's
 * functions in the global table gk. */
static lua_State *new_state(void)
{
	lua_State *L = luaL_newstate();

	assert_non_null(L);
	*(void **)lua_getextraspace(L) = NULL;
	luaL_openlibs(L);
	lua_newtable(L);
	gk_lpattern_register(L, -1);
	lua_setglobal(L, "gk");
	return L;
}

static void run_differential(lua_State *L, int seed, int count)
{
	lua_pushinteger(L, seed);
	lua_setglobal(L, "SEED");
	lua_pushinteger(L, count);
	lua_setglobal(L, "COUNT");
	if (luaL_loadstring(L, differential) || lua_pcall(L, 0, 3, 0))
		fail_msg("the differential script failed: %s", lua_tostring(L, -1));
	if (lua_tointeger(L, -2) != 0)
		fail_msg("%lld of %lld results differ from Lua's:\n%s",
			 (long long)lua_tointeger(L, -2), (long long)lua_tointeger(L, -3),
			 lua_tostring(L, -1));
	assert_true(lua_tointeger(L, -3) == (lua_Integer)count * 7);
	lua_pop(L, 3);
}

static void same_as_lua_random_patterns(void **state)
{
	lua_State *L = new_state();

	(void)state;
	for (int seed = 1; seed <= 4; seed++)
		run_differential(L, seed * 7919, 4000);
	lua_close(L);
}

/* Lua's own limits and messages, case by case. */
static void same_as_lua_limits_and_errors(void **state)
{
	static const char script[] =
		"local cases = {\n"
		"  { string.rep('a', 300), string.rep('a?', 300) .. string.rep('a', 300) },\n"
		"  { 'x', string.rep('(', 40) .. 'x' .. string.rep(')', 40) },\n"
		"  { 'abc', '%' }, { 'abc', '[a' }, { 'abc', '[%' }, { 'abc', '%b' },\n"
		"  { 'abc', '%ba' }, { 'abc', '%f' }, { 'abc', '%fa' }, { 'abc', '(()' },\n"
		"  { 'abc', ')' }, { 'abc', '%1' }, { 'abc', '(a)%2' }, { 'abc', '(a%1)' },\n"
		"  { 'hello world from Lua', '(%w+)%s*(%w+)' }, { '', '' }, { '', '^$' },\n"
		"  { 'THE (quick) fox', '%((%a+)%)' }, { '[[x]]', '%[(%b[])%]' },\n"
		"  { 'f(a(b)c)d', '%b()' }, { 'THE END', '%f[%a]%a+' }, { 'a.b-c', '[%.%-]' },\n"
		"  { 'aaa', 'a-b' }, { 'aaa', '^a-$' }, { 'x=1, y=2', '(%w+)=(%w+)' },\n"
		"  { 'abc', '()b()' }, { '\\0a\\0', '%z' }, { '\\0a\\0', '[%z]+' },\n"
		"}\n"
		"local function pack(...) return { n = select('#', ...), ... } end\n"
		"local function str(t) local r = {} for i = 1, t.n do r[i] = tostring(t[i]) end return table.concat(r, '|') end\n"
		"for i, c in ipairs(cases) do\n"
		"  for _, op in ipairs({ 'find', 'match' }) do\n"
		"    local a = str(pack(pcall(string[op], c[1], c[2])))\n"
		"    local b = str(pack(pcall(gk[op], c[1], c[2])))\n"
		"    a, b = a:gsub('[^|]*:%d+: ', ''), b:gsub('[^|]*:%d+: ', '')\n"
		"    if a ~= b then return 'case ' .. i .. ' ' .. op .. ': lua ' .. a .. ' gk ' .. b end\n"
		"  end\n"
		"  local a = str(pack(pcall(string.gsub, c[1], c[2], '<%0>')))\n"
		"  local b = str(pack(pcall(gk.gsub, c[1], c[2], '<%0>')))\n"
		"  if a ~= b then return 'case ' .. i .. ' gsub: lua ' .. a .. ' gk ' .. b end\n"
		"end\n"
		"return nil\n";
	lua_State *L = new_state();

	(void)state;
	if (luaL_loadstring(L, script) || lua_pcall(L, 0, 1, 0))
		fail_msg("the script failed: %s", lua_tostring(L, -1));
	if (!lua_isnil(L, -1))
		fail_msg("%s", lua_tostring(L, -1));
	lua_close(L);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_as_lua_random_patterns),
		cmocka_unit_test(same_as_lua_limits_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_policy.c - the Lua sandbox, declarations and record views.
 *
 * Each case writes a small policy set into a temporary directory (the real
 * calendar plus one policy file), loads it, and judges fake records.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../engine/lua/policy.h"
#include "../../engine/textscan.h"
#include "../../engine/watchdog.h"
#include "../../stores/policyset/calendar_yaml.h"
#include "../../stores/policyset/bundle.h"

/* ---- fixtures ---------------------------------------------------------- */

struct fixture {
	char dir[64];
	gk_source *src;
	gk_calendar *cal;
	gk_bundle *bundle;
	gk_policy *policy;
	gk_error err;
	int nfound;
	char found[4][1024];
	char found_rule[4][64];
	gk_verdict last;
};

static gk_calendar *shared_cal;

static int group_setup(void **state)
{
	const char *top = getenv("GK_TOP");
	char path[1024];
	gk_source *src;
	gk_error err;

	(void)state;
	snprintf(path, sizeof(path), "%s/policies", top ? top : ".");
	if (gk_source_open_dir(&src, path, &err) || gk_calendar_load(src, &shared_cal, &err)) {
		fprintf(stderr, "cannot load the calendar: %s\n", err.msg);
		return -1;
	}
	gk_source_free(src);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	gk_calendar_free(shared_cal);
	return 0;
}

static void write_file(const char *dir, const char *rel, const char *text, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	char path[128];

	strcpy(fx->dir, "/tmp/gk-utest.XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	snprintf(path, sizeof(path), "%s/baseline", fx->dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/zz", fx->dir);
	mkdir(path, 0700);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[256];

	gk_policy_free(fx->policy);
	gk_bundle_free(fx->bundle);
	gk_source_free(fx->src);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

/* Load a policy set made of one file baseline/p.lua with text. */
static int load_text(struct fixture *fx, const char *text, const gk_limits *lim)
{
	int rc;

	write_file(fx->dir, "baseline/p.lua", text, strlen(text));
	rc = gk_source_open_dir(&fx->src, fx->dir, &fx->err);
	if (!rc)
		rc = gk_bundle_read(fx->src, &fx->bundle, &fx->err);
	if (!rc)
		rc = gk_policy_load(fx->bundle, shared_cal, lim, &fx->policy, &fx->err);
	return rc;
}

/* Drop the loaded policy set, to load another in the same case. */
static void unload(struct fixture *fx)
{
	gk_policy_free(fx->policy);
	gk_bundle_free(fx->bundle);
	gk_source_free(fx->src);
	fx->policy = NULL, fx->bundle = NULL, fx->src = NULL;
}

/* A fake record: values by field. */
struct rec {
	const char *v[GK_NFIELDS];
};

static const char *rec_get(void *r, enum gk_field f, size_t *len)
{
	const char *s = ((struct rec *)r)->v[f];

	if (len)
		*len = s ? strlen(s) : 0;
	return s;
}

static int collect(void *ud, const gk_rule *rule, const char *id, const char *juris,
		   const gk_verdict *v, gk_error *err)
{
	struct fixture *fx = ud;

	(void)id;
	(void)juris;
	(void)err;
	if (fx->nfound < 4) {
		snprintf(fx->found[fx->nfound], sizeof(fx->found[0]), "%s", v->msg);
		snprintf(fx->found_rule[fx->nfound], sizeof(fx->found_rule[0]), "%s", rule->id);
	}
	fx->last = *v;
	fx->nfound++;
	return 0;
}

static int judge(struct fixture *fx, struct rec *r)
{
	gk_day asof;

	gk_date_parse("2021-12-31", 10, &asof);
	if (!r->v[GK_F_ID])
		r->v[GK_F_ID] = "R1";
	if (!r->v[GK_F_JURISDICTION])
		r->v[GK_F_JURISDICTION] = "zz";
	if (!r->v[GK_F_KIND])
		r->v[GK_F_KIND] = "info";
	return gk_policy_eval(fx->policy, rec_get, r, asof, collect, fx, &fx->err);
}

#define RULE(body) \
	"rule \"X\" {\n" \
	"  basis = \"test\", message = \"m\", kinds = \"info\", category = \"review\",\n" \
	"  check = function(r)\n" body "\n  end,\n}\n"

#define assert_contains(hay, needle) do { \
	if (!strstr((hay), (needle))) \
		fail_msg("'%s' does not contain '%s'", (hay), (needle)); \
} while (0)

/* ---- the sandbox -------------------------------------------------------- */

static void blocked_global_at_load(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(load_text(fx, "local x = 1\nos.execute('touch /tmp/gk-pwned')\n", NULL),
			 GK_EPOLICY);
	assert_contains(fx->err.msg, "/baseline/p.lua:2:");
	assert_contains(fx->err.msg, "'os' is not available to policies");
}

static void blocked_global_in_check(void **state)
{
	struct fixture *fx = *state;
	struct rec r = { { 0 } };

	assert_int_equal(load_text(fx, RULE("    local f = io.open('/etc/passwd')"), NULL), 0);
	assert_int_equal(judge(fx, &r), GK_EPOLICY);
	assert_contains(fx->err.msg, "/baseline/p.lua:4:");
	assert_contains(fx->err.msg, "'io' is not available");
	assert_contains(fx->err.msg, "rule 'X'");
	assert_contains(fx->err.msg, "record 'R1'");
}

static void blocked_names(void **state)
{
	struct fixture *fx = *state;
	static const char *const names[] = { "require", "dofile", "loadfile", "package",
					     "debug", "collectgarbage", "print" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char text[128];

		unload(fx);
		snprintf(text, sizeof(text), "local x = %s\n", names[i]);
		assert_int_equal(load_text(fx, text, NULL), GK_EPOLICY);
		assert_contains(fx->err.msg, names[i]);
		assert_contains(fx->err.msg, "p.lua:1:");
	}
}

static void binary_chunk_file_refused(void **state)
{
	struct fixture *fx = *state;
	static const char bytecode[] = "\x1bLuaT\x00\x19\x93\r\n\x1a\n\x04\x08\x08";

	write_file(fx->dir, "baseline/p.lua", bytecode, sizeof(bytecode) - 1);
	assert_int_equal(gk_source_open_dir(&fx->src, fx->dir, &fx->err), 0);
	assert_int_equal(gk_bundle_read(fx->src, &fx->bundle, &fx->err), 0);
	assert_int_equal(gk_policy_load(fx->bundle, shared_cal, NULL, &fx->policy, &fx->err),
			 GK_EPOLICY);
	assert_contains(fx->err.msg, "binary chunk");
}

static void binary_load_refused(void **state)
{
	struct fixture *fx = *state;

	/* string.dump is gone, and load() takes text only. */
	assert_int_equal(load_text(fx,
		"assert(string.dump == nil, 'dump available')\n"
		"local f, e = load('\\27LuaT\\0\\25\\147\\r\\n\\26\\n')\n"
		"assert(f == nil and e:find('binary chunk'), 'bytecode loaded')\n"
		"local g = load('return 1 + 1')\n"
		"assert(g() == 2, 'text load broken')\n", NULL), 0);
}

static void endless_loop_stopped(void **state)
{
	struct fixture *fx = *state;
	struct rec r = { { 0 } };
	gk_limits lim = GK_LIMITS_DEFAULT;

	lim.instructions = 100000;
	assert_int_equal(load_text(fx, RULE("    while true do end"), &lim), 0);
	assert_int_equal(judge(fx, &r), GK_ELIMIT);
	assert_contains(fx->err.msg, "p.lua:4:");
	assert_contains(fx->err.msg, "exceeded the budget of 100000 instructions");
}

static void endless_loop_at_load_stopped(void **state)
{
	struct fixture *fx = *state;
	gk_limits lim = GK_LIMITS_DEFAULT;

	lim.load_instructions = 100000;
	assert_int_equal(load_text(fx, "local n = 0\nwhile true do n = n + 1 end\n", &lim),
			 GK_ELIMIT);
	assert_contains(fx->err.msg, "p.lua:2:");
}

static void memory_bomb_stopped(void **state)
{
	struct fixture *fx = *state;
	struct rec r = { { 0 } };
	gk_limits lim = GK_LIMITS_DEFAULT;

	lim.memory = 8u << 20;
	lim.instructions = 1000000000L;   /* the memory budget must stop it */
	assert_int_equal(load_text(fx, RULE("    local t = {}\n    for i = 1, 1e9 do t[i] = string.rep('x', 100) .. i end"),
				   &lim), 0);
	assert_int_equal(judge(fx, &r), GK_ELIMIT);
	assert_contains(fx->err.msg, "memory budget of 8 MiB");
	assert_contains(fx->err.msg, "p.lua:");
}

static void pcall_cannot_swallow_instruction_limit(void **state)
{
	struct fixture *fx = *state;
	struct rec r = { { 0 } };
	gk_limits lim = GK_LIMITS_DEFAULT;

	lim.instructions = 100000;
	assert_int_equal(load_text(fx, RULE(
		"    for i = 1, 100 do pcall(function() while true do end end) end\n"
		"    return 'survived the limit'"), &lim), 0);
	assert_int_equal(judge(fx, &r), GK_ELIMIT);
	assert_int_equal(fx->nfound, 0);
	assert_contains(fx->err.msg, "instructions");
}

static void pcall_cannot_swallow_memory_limit(void **state)
{
	struct fixture *fx = *state;
	struct rec r = { { 0 } };
	gk_limits lim = GK_LIMITS_DEFAULT;

	lim.memory = 8u << 20;
	lim.instructions = 1000000000L;   /* the memory budget must stop it */
	assert_int_equal(load_text(fx, RULE(
		"    local ok = pcall(string.rep, 'x', 100000000)\n"
		"    local ok2 = pcall(string.rep, 'y', 100000000)\n"
		"    return 'survived: ' .. tostring(ok)"), &lim), 0);
	assert_int_equal(judge(fx, &r), GK_ELIMIT);
	assert_int_equal(fx->nfound, 0);
	assert_contains(fx->err.msg, "memory budget");
}

static void runtime_error_names_file_and_line(void **state)
{
	struct fixture *fx = *state;
	struct rec r = { { 0 } };

	assert_int_equal(load_text(fx, RULE("    local x = nil\n    return x.y"), NULL), 0);
	assert_int_equal(judge(fx, &r), GK_EPOLICY);
	assert_contains(fx->err.msg, "/baseline/p.lua:5:");
	assert_contains(fx->err.msg, "attempt to index");
}

static void syntax_error_names_file_and_line(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(load_text(fx, "-- ok\n\nlocal x = = 1\n", NULL), GK_EPOLICY);
	assert_contains(fx->err.msg, "/baseline/p.lua:3:");
}

static void unknown_global_is_error(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(load_text(fx, "local x = workday_after('2021-01-01', 1)\n", NULL),
			 GK_EPOLICY);
	assert_contains(fx->err.msg, "p.lua:1: unknown name 'workday_after'");
}

static void setting_global_is_error(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(load_text(fx, "limit = 20\n", NULL), GK_EPOLICY);
	assert_contains(fx->err.msg, "p.lua:1: cannot set global 'limit'");
}


/* ---- bounded work ------------------------------------------------------- */

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Judge one record with a check body; the policy is reloaded.  Returns
 * the status and sets *secs to the time the judging took. */
static int judge_body(struct fixture *fx, const char *body, const gk_limits *lim,
		      double *secs)
{
	char text[8192];
	struct rec r = { { 0 } };
	double t0;
	int rc;

	unload(fx);
	fx->nfound = 0;
	snprintf(text, sizeof(text), RULE("%s"), body);
	if ((rc = load_text(fx, text, lim)))
		return rc;
	t0 = now_s();
	rc = judge(fx, &r);
	*secs = now_s() - t0;
	return rc;
}

/* Work inside library functions is charged: each of these ran for
 * minutes or forever when only VM instructions were counted. */
static void pathological_patterns_end_quickly(void **state)
{
	static const char *const cases[] = {
		"    local s = string.rep('a', 100000)\n    return string.match(s, '(.-)(.-)x')",
		"    local s = string.rep('a', 60000)\n    return s:find(string.rep('a-', 20) .. 'b')",
		"    local s = string.rep('(', 60000)\n    return s:find('%b()')",
		"    local s = string.rep('a', 60000)\n    return s:match('(a*)%1%1%1x')",
		"    local s = string.rep('a', 60000)\n    return s:match('[' .. string.rep('a-z', 4000) .. ']*x')",
		"    local s = string.rep('ab', 50000)\n    local n = 0\n    for w in s:gmatch('(.-)x') do n = n + 1 end\n    return tostring(n)",
		"    local s = string.rep('a', 60000)\n    for i = 1, 100 do s:gsub('.', { a = 'b' }) end",
		"    local s = string.rep('a', 60000)\n    for i = 1, 1000 do s:find('%f[%w]%w-x') end",
		"    local n = string.rep('a', 1000000)\n    local h = string.rep('a', 2000000)\n    return h:find(n .. 'b', 1, true)",
		"    local s = string.rep('ab', 1000000)\n    return select(2, s:gsub('a', 'xy'))",
		"    local t = {}\n    table.move(t, 1, 1e9, 2)",
		"    local t = setmetatable({}, { __len = function() return 1e15 end })\n    table.insert(t, 1, 'x')",
		"    local t = setmetatable({}, { __len = function() return 1e12 end, __index = function() return '' end })\n    return table.concat(t)",
		"    local t = setmetatable({}, { __len = function() return 1e12 end })\n    table.remove(t, 1)",
		"    return string.rep('x', 1e9)",
		"    local s = string.rep('a', 1000)\n    for i = 1, 1e6 do s:upper() end",
		"    local s = string.rep('a', 1000)\n    for i = 1, 30 do s = s .. s end",
		"    local t = {}\n    for i = 1, 100000 do t[i] = -i end\n    for i = 1, 100 do table.sort(t) end",
		"    local t = {}\n    for i = 1, 100000 do t['k' .. i] = i end\n    for i = 1, 100 do for k in pairs(t) do end end",
		"    local t = {}\n    for i = 1, 20000 do t[i] = i end\n    local k = next(t)\n    while k do k = next(t, k) end",
	};
	struct fixture *fx = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double secs;
		int rc = judge_body(fx, cases[i], NULL, &secs);

		if (secs > 3.0)
			fail_msg("case %zu took %.1f s: %s", i, secs, cases[i]);
		/* A linear plain search may simply finish; the rest hit a limit. */
		if (rc != GK_ELIMIT && rc != GK_EPOLICY && !(rc == 0 && strstr(cases[i], "true)")))
			fail_msg("case %zu: status %d, expected a limit: %s", i, rc, cases[i]);
		if (rc == GK_ELIMIT)
			assert_contains(fx->err.msg, "p.lua:");
	}
}

/* Work that stays within the budget still gives Lua's answers. */
static void bounded_library_keeps_results(void **state)
{
	struct fixture *fx = *state;
	double secs;

	assert_int_equal(judge_body(fx,
		"    assert(('hello world'):find('o w') == 5)\n"
		"    assert(('hello'):find('l', 1, true) == 3)\n"
		"    assert(('key = value'):match('(%w+)%s*=%s*(%w+)') == 'key')\n"
		"    assert(select(2, ('a,b,,c'):gsub(',', ';')) == 3)\n"
		"    assert(('abc'):gsub('%w', '%0%0') == 'aabbcc')\n"
		"    assert(('THE (quick) fox'):find('%((%a+)%)') == 5)\n"
		"    assert(('  x  '):match('^%s*(.-)%s*$') == 'x')\n"
		"    assert(('x'):rep(3, ',') == 'x,x,x' and (''):rep(1e15) == '')\n"
		"    assert(string.format('%5.1f|%s|%d', 3.14159, 'a', 7) == '  3.1|a|7')\n"
		"    local t = { 3, 1, 2 }\n"
		"    table.sort(t)\n"
		"    assert(table.concat(t, ',') == '1,2,3')\n"
		"    table.insert(t, 1, 0)\n"
		"    assert(table.remove(t) == 3 and #t == 3)\n"
		"    assert(select('#', table.unpack(table.move({1, 2, 3}, 1, 3, 2))) == 4)\n"
		"    local n = 0\n"
		"    for a, b in ('k=v, x=y'):gmatch('(%w+)=(%w+)') do n = n + 1 end\n"
		"    assert(n == 2 and utf8.len('政务公开') == 4)\n"
		"    return 'ok'", NULL, &secs), 0);
	assert_int_equal(fx->nfound, 1);
	assert_string_equal(fx->found[0], "ok");
}

/* The CPU watchdog stops what escapes every count: comparing two long
 * strings is one VM instruction. */
static void cpu_watchdog_stops_a_call(void **state)
{
	struct fixture *fx = *state;
	gk_limits lim = GK_LIMITS_DEFAULT;
	double secs;
	int rc;

	lim.instructions = 1000000000L;
	gk_watchdog_set_limits(300, 0);
	rc = judge_body(fx,
		"    local a, b = string.rep('a', 100000), string.rep('a', 99999) .. 'b'\n"
		"    local n = 0\n"
		"    for i = 1, 1e7 do if a < b then n = n + 1 end end\n"
		"    return tostring(n)", &lim, &secs);
	gk_watchdog_set_limits(GK_CPU_CALL_MS_DEFAULT, GK_CPU_RUN_MS_DEFAULT);
	assert_int_equal(rc, GK_ELIMIT);
	assert_contains(fx->err.msg, "p.lua:6: exceeded the CPU time limit of 0.3 s a call");
	assert_contains(fx->err.msg, "rule 'X'");
	/* Under valgrind (make valgrind) everything is tens of times slower. */
	if (secs > (getenv("GK_VALGRIND") && *getenv("GK_VALGRIND") ? 60.0 : 3.0))
		fail_msg("the watchdog took %.1f s", secs);
}

static void cpu_watchdog_stops_a_file_loading(void **state)
{
	struct fixture *fx = *state;
	gk_limits lim = GK_LIMITS_DEFAULT;
	int rc;

	lim.load_instructions = 1000000000L;
	gk_watchdog_set_limits(300, 0);
	rc = load_text(fx,
		"local a, b = string.rep('a', 100000), string.rep('a', 99999) .. 'b'\n"
		"for i = 1, 1e7 do local x = a < b end\n", &lim);
	gk_watchdog_set_limits(GK_CPU_CALL_MS_DEFAULT, GK_CPU_RUN_MS_DEFAULT);
	assert_int_equal(rc, GK_ELIMIT);
	assert_contains(fx->err.msg, "p.lua:2: exceeded the CPU time limit");
}

/* ---- isolation ------------------------------------------------------------ */

static void libraries_are_read_only(void **state)
{
	struct fixture *fx = *state;
	struct rec r = { { 0 } };

	/* p.lua tries to replace string.find; q.lua, loaded after it, uses it. */
	write_file(fx->dir, "baseline/q.lua",
		   RULE("    return tostring((string.find('abc', 'c')))"),
		   strlen(RULE("    return tostring((string.find('abc', 'c')))")));
	assert_int_equal(load_text(fx,
		"local function f() return 99 end\n"
		"local ok, e = pcall(function() string.find = f end)\n"
		"assert(not ok and e:find('read%-only'), 'string.find replaced')\n"
		"assert(not pcall(rawset, string, 'find', f), 'rawset on string')\n"
		"assert(not pcall(rawset, table, 'x', 1), 'rawset on table')\n"
		"assert(not pcall(function() math.pi = 3 end), 'math.pi replaced')\n"
		"assert(not pcall(setmetatable, string, {}), 'string proxy unlocked')\n"
		"assert(getmetatable('') == false, 'string metatable visible')\n"
		"assert(not pcall(function() getmetatable('').__index = {} end), 'string mt')\n"
		"assert(('abc'):upper() == 'ABC' and #string > 0 or true)\n", NULL), 0);
	assert_int_equal(judge(fx, &r), 0);
	assert_int_equal(fx->nfound, 1);
	assert_string_equal(fx->found[0], "3");
}

static void rawset_env_refused(void **state)
{
	struct fixture *fx = *state;
	struct rec r = { { 0 } };

	assert_int_equal(load_text(fx, RULE(
		"    rawset(_ENV, 'seen', (rawget(_ENV, 'seen') or 0) + 1)\n"
		"    return tostring(rawget(_ENV, 'seen'))"), NULL), 0);
	assert_int_equal(judge(fx, &r), GK_EPOLICY);
	assert_contains(fx->err.msg, "read-only");
	assert_contains(fx->err.msg, "p.lua:4:");
}

static void no_state_survives_between_records(void **state)
{
	struct fixture *fx = *state;
	struct rec r1 = { { 0 } }, r2 = { { 0 } };

	assert_int_equal(load_text(fx,
		"local n = 0\n"
		"local function bump() n = n + 1 return n end\n"
		"local LIST = { 'a', 'b' }\n"
		"rule 'X' { basis = 'b', message = 'm', kinds = 'info', category = 'review',\n"
		"  check = function(r)\n"
		"    local was = workdays_after ~= nil\n"
		"    local msg = 'call ' .. bump() .. ' ' .. #LIST .. LIST[1] .. tostring(was)\n"
		"    _ENV = { tostring = tostring }\n"
		"    return msg\n"
		"  end }\n", NULL), 0);
	assert_int_equal(judge(fx, &r1), 0);
	r2.v[GK_F_ID] = "R2";
	assert_int_equal(judge(fx, &r2), 0);
	assert_int_equal(fx->nfound, 2);
	assert_string_equal(fx->found[0], "call 1 2atrue");
	assert_string_equal(fx->found[1], "call 1 2atrue");
}

static void file_tables_are_read_only_in_checks(void **state)
{
	struct fixture *fx = *state;
	struct rec r = { { 0 } };

	assert_int_equal(load_text(fx,
		"local LIST = { 'a', 'b', k = 'v' }\n"
		"local Class = {}\n"
		"Class.__index = Class\n"
		"function Class.new(x) return setmetatable({ x = x }, Class) end\n"
		"function Class:get() return self.x end\n"
		"rule 'X' { basis = 'b', message = 'm', kinds = 'info', category = 'review',\n"
		"  check = function(r)\n"
		"    local keys = {}\n"
		"    for k, v in pairs(LIST) do keys[#keys + 1] = tostring(k) .. v end\n"
		"    for i, v in ipairs(LIST) do keys[#keys + 1] = v end\n"
		"    keys[#keys + 1] = tostring(next(LIST)) .. rawget(LIST, 2) .. rawlen(LIST)\n"
		"    keys[#keys + 1] = Class.new(r.id):get()\n"
		"    local ok, e = pcall(table.insert, LIST, 'c')\n"
		"    keys[#keys + 1] = tostring(ok) .. #LIST\n"
		"    assert(not pcall(function() LIST[1] = 'z' end), 'LIST[1] changed')\n"
		"    assert(not pcall(rawset, LIST, 3, 'z'), 'rawset LIST')\n"
		"    return table.concat(keys, ' ')\n"
		"  end }\n", NULL), 0);
	assert_int_equal(judge(fx, &r), 0);
	assert_int_equal(fx->nfound, 1);
	assert_string_equal(fx->found[0], "1a 2b kv a b 1b2 R1 false2");
}

static void finalizers_and_weak_tables_refused(void **state)
{
	static const char *const cases[] = {
		"setmetatable({}, { __gc = function() while true do end end })\n",
		"local mt = {}\nlocal t = setmetatable({}, mt)\nmt.__gc = function() end\n",
		"local mt = {}\nlocal t = setmetatable({}, mt)\nrawset(mt, '__gc', true)\n",
		"setmetatable({}, { __mode = 'k' })\n",
		"local mt = {}\nlocal t = setmetatable({}, mt)\nmt.__mode = 'k'\n",
		"local mt = setmetatable({}, {})\nlocal t = setmetatable({}, mt)\nmt.__mode = 'k'\n",
	};
	struct fixture *fx = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unload(fx);
		if (load_text(fx, cases[i], NULL) != GK_EPOLICY)
			fail_msg("case %zu loaded: %s", i, cases[i]);
		if (!strstr(fx->err.msg, "__gc is not available") &&
		    !strstr(fx->err.msg, "__mode is not available"))
			fail_msg("case %zu: %s", i, fx->err.msg);
		assert_contains(fx->err.msg, "p.lua:");
	}
}

static void close_metamethod_is_bounded(void **state)
{
	struct fixture *fx = *state;
	double secs;

	assert_int_equal(judge_body(fx,
		"    local x <close> = setmetatable({}, { __close = function() while true do end end })\n"
		"    return 'closed'", NULL, &secs), GK_ELIMIT);
	assert_true(secs < 3.0);
}

static void iterator_made_at_load_refused(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(load_text(fx,
		"local it = string.gmatch('a b c', '%a')\n"
		"rule 'X' { basis = 'b', message = 'm', kinds = 'info', category = 'review',\n"
		"  check = function(r) return it() end }\n", NULL), GK_EPOLICY);
	assert_contains(fx->err.msg, "iterator");
	assert_contains(fx->err.msg, "rule 'X'");
}

/* ---- repeatable results --------------------------------------------------- */

static void results_do_not_depend_on_the_run(void **state)
{
	struct fixture *fx = *state;
	double secs;

	assert_int_equal(judge_body(fx,
		"    local t = {}\n"
		"    for _, k in ipairs({ 'kilo', 'delta', 'alpha', 'juliet', 'charlie', 'bravo',\n"
		"                         'india', 'echo', 'hotel', 'golf', 'foxtrot', 3, 1, 2.5 }) do\n"
		"      t[k] = true\n"
		"    end\n"
		"    local o = {}\n"
		"    for k in pairs(t) do o[#o + 1] = tostring(k) end\n"
		"    local n, k = 0, next(t)\n"
		"    while k do n = n + 1; o[#o + 1] = n == 1 and tostring(k) or nil; k = next(t, k) end\n"
		"    o[#o + 1] = tostring(n)\n"
		"    local s = {}\n"
		"    for i = 1, 300 do s[i] = { k = i % 3, i = i } end\n"
		"    table.sort(s, function(a, b) return a.k < b.k end)\n"
		"    for i = 2, 300 do\n"
		"      if s[i].k == s[i - 1].k and s[i].i < s[i - 1].i then return 'unstable' end\n"
		"    end\n"
		"    o[#o + 1] = tostring({}) .. string.format('%s', print or {}) .. tostring(print)\n"
		"    o[#o + 1] = tostring(pcall(string.format, '%p', {}))\n"
		"    o[#o + 1] = tostring(pcall(math.random))\n"
		"    return table.concat(o, ',')", NULL, &secs), GK_EPOLICY);
	/* print is not available: the same check without it. */
	assert_int_equal(judge_body(fx,
		"    local t = {}\n"
		"    for _, k in ipairs({ 'kilo', 'delta', 'alpha', 'juliet', 'charlie', 'bravo',\n"
		"                         'india', 'echo', 'hotel', 'golf', 'foxtrot', 3, 1, 2.5 }) do\n"
		"      t[k] = true\n"
		"    end\n"
		"    local o = {}\n"
		"    for k in pairs(t) do o[#o + 1] = tostring(k) end\n"
		"    local n, k = 0, next(t)\n"
		"    while k do n = n + 1; k = next(t, k) end\n"
		"    o[#o + 1] = tostring(n) .. tostring(next(t))\n"
		"    local s = {}\n"
		"    for i = 1, 300 do s[i] = { k = i % 3, i = i } end\n"
		"    table.sort(s, function(a, b) return a.k < b.k end)\n"
		"    for i = 2, 300 do\n"
		"      if s[i].k == s[i - 1].k and s[i].i < s[i - 1].i then return 'unstable' end\n"
		"    end\n"
		"    o[#o + 1] = tostring({}) .. string.format('%s', {}) .. tostring(tostring)\n"
		"    o[#o + 1] = tostring(pcall(string.format, '%p', {}))\n"
		"    o[#o + 1] = tostring(pcall(math.random))\n"
		"    return table.concat(o, ',')", NULL, &secs), 0);
	assert_int_equal(fx->nfound, 1);
	assert_string_equal(fx->found[0],
			    "1,2.5,3,alpha,bravo,charlie,delta,echo,foxtrot,golf,hotel,india,"
			    "juliet,kilo,141,tabletablefunction,false,false");
}

/* ---- what a check returns ------------------------------------------------- */

static void result_read_inside_protection(void **state)
{
	static const struct { const char *body, *want; int rc; } cases[] = {
		{ "    return setmetatable({}, { __index = function() error('boom') end })",
		  "boom", GK_EPOLICY },
		{ "    return setmetatable({}, { __index = function(t, k) while true do end end })",
		  "exceeded the budget", GK_ELIMIT },
		{ "    return { message = {} }", "returned a message that is a table", GK_EPOLICY },
		{ "    return { message = 'm', due_on = 20210101 }", "due_on that is not a date",
		  GK_EPOLICY },
		{ "    return { due_on = setmetatable({}, { __tostring = function() error('x') end }) }",
		  "due_on that is not a date", GK_EPOLICY },
		{ "    error(setmetatable({}, { __tostring = function() error('again') end }))",
		  "p.lua:", GK_EPOLICY },
		{ "    error(setmetatable({}, { __tostring = function() while true do end end }))",
		  "p.lua:", GK_ELIMIT },
		{ "    error({})", "error object is a table value", GK_EPOLICY },
		{ "    return r", "returned userdata", GK_EPOLICY },
		{ "    return 42", "returned number", GK_EPOLICY },
	};
	struct fixture *fx = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double secs;
		int rc = judge_body(fx, cases[i].body, NULL, &secs);

		if (rc != cases[i].rc || !strstr(fx->err.msg, cases[i].want))
			fail_msg("case %zu: status %d, '%s'", i, rc, fx->err.msg);
		assert_contains(fx->err.msg, "p.lua:");
		assert_true(secs < 3.0);
	}
}

static void message_must_be_utf8(void **state)
{
	static const struct { const char *body, *want; } bad[] = {
		{ "    return '\\255\\254 bad'", "not UTF-8 text (byte 0xff at offset 0)" },
		{ "    return ('甲乙'):sub(1, 4)", "utf8.offset" },
		{ "    return { message = 'a\\0b' }", "NUL byte" },
		{ "    return { message = '\\237\\160\\128' }", "not UTF-8" },
	};
	struct fixture *fx = *state;
	double secs;
	size_t n;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(judge_body(fx, bad[i].body, NULL, &secs), GK_EPOLICY);
		assert_contains(fx->err.msg, bad[i].want);
		assert_contains(fx->err.msg, "p.lua:1: rule 'X' returned a");
	}
	/* A message too long for a finding is cut on a character, marked. */
	assert_int_equal(judge_body(fx, "    return string.rep('甲', 2000)", NULL, &secs), 0);
	assert_int_equal(fx->nfound, 1);
	n = strlen(fx->last.msg);
	assert_int_equal(gk_utf8_check(fx->last.msg, n), n);
	assert_true(n < sizeof(fx->last.msg));
	assert_string_equal(fx->last.msg + n - 3, "…");
	/* Errors are diagnostics: repaired, never refused. */
	assert_int_equal(judge_body(fx, "    error('bad \\255 byte')", NULL, &secs), GK_EPOLICY);
	assert_contains(fx->err.msg, "bad \xEF\xBF\xBD byte");
}

/* ---- declarations the history can see ----------------------------------- */

static void hidden_declarations_refused(void **state)
{
	static const struct { const char *text, *want; } cases[] = {
		{ "local d = required\n"
		  "d 'H' { basis = 'b', message = 'm', kinds = 'info', fields = { 'title' } }\n",
		  "p.lua:2: required 'H' is declared in a form gongkai log and blame cannot see" },
		{ "for _, id in ipairs({ 'H' }) do\n"
		  "  required(id) { basis = 'b', message = 'm', kinds = 'info', fields = { 'title' } }\n"
		  "end\n", "cannot see" },
		{ "local t = { f = required }\n"
		  "t.f 'H' { basis = 'b', message = 'm', kinds = 'info', fields = { 'title' } }\n",
		  "cannot see" },
		{ "load(\"required 'H' { basis = 'b', message = 'm', kinds = 'info', fields = { 'title' } }\", '@p.lua')()\n",
		  "declare it in the policy file itself" },
		{ "if false then\n"
		  "  required 'H' { basis = 'b', message = 'm', kinds = 'info', fields = { 'title' } }\n"
		  "end\n", "p.lua:2: required 'H' did not run when the file loaded" },
		{ "required 'A' { basis = 'b', message = 'm', kinds = 'info', fields = { 'title' },\n"
		  "  when = (function() required 'H' { basis = 'b', message = 'm', kinds = 'info', fields = { 'title' } } end)() }\n",
		  "cannot see" },
		{ "local deadline = required\n"
		  "deadline 'H' { basis = 'b', message = 'm', kinds = 'info', fields = { 'title' } }\n",
		  "cannot see" },
	};
	struct fixture *fx = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unload(fx);
		if (load_text(fx, cases[i].text, NULL) != GK_EPOLICY ||
		    !strstr(fx->err.msg, cases[i].want))
			fail_msg("case %zu: '%s'", i, fx->err.msg);
	}
}

static void visible_declaration_forms_load(void **state)
{
	struct fixture *fx = *state;

	/* One line, two on a line, long-string ids, comments with braces. */
	assert_int_equal(load_text(fx,
		"required 'A' { basis = 'b', message = '}', kinds = 'info', fields = { 'title' } }\n"
		"required \"B\" { basis = 'b', message = 'm', kinds = 'info', fields = 'title' } required [[C]] {\n"
		"  basis = [[ } ]], -- } {\n"
		"  message = 'm', kinds = 'info', fields = { 'title' },\n"
		"}\n", NULL), 0);
	assert_int_equal(gk_policy_nrules(fx->policy), 3);
}

/* ---- records ------------------------------------------------------------ */

static void records_are_read_only(void **state)
{
	struct fixture *fx = *state;
	struct rec r = { { 0 } };

	assert_int_equal(load_text(fx, RULE("    r.published_on = '2021-01-01'"), NULL), 0);
	assert_int_equal(judge(fx, &r), GK_EPOLICY);
	assert_contains(fx->err.msg, "records are read-only");
}

static void kept_record_does_not_survive(void **state)
{
	struct fixture *fx = *state;
	struct rec r1 = { { 0 } }, r2 = { { 0 } };

	/* The file-level variable is set back before every call, so the
	 * second record never sees the first one's view. */
	assert_int_equal(load_text(fx,
		"local kept\n"
		"rule \"X\" { basis = 'b', message = 'm', kinds = 'info', category = 'review',\n"
		"  check = function(r)\n"
		"    if kept then return 'kept ' .. tostring(kept) end\n"
		"    kept = r\n"
		"  end }\n", NULL), 0);
	r1.v[GK_F_TITLE] = "first";
	assert_int_equal(judge(fx, &r1), 0);
	r2.v[GK_F_ID] = "R2";
	assert_int_equal(judge(fx, &r2), 0);
	assert_int_equal(fx->nfound, 0);
}

static void unknown_record_field(void **state)
{
	struct fixture *fx = *state;
	struct rec r = { { 0 } };

	assert_int_equal(load_text(fx, RULE("    return r.publised_on"), NULL), 0);
	assert_int_equal(judge(fx, &r), GK_EPOLICY);
	assert_contains(fx->err.msg, "no field 'publised_on' (did you mean 'published_on'?)");
}

static void record_values_and_types(void **state)
{
	struct fixture *fx = *state;
	struct rec r = { { 0 } };

	assert_int_equal(load_text(fx, RULE(
		"    if r.title ~= '通知' then return 'title ' .. tostring(r.title) end\n"
		"    if r.changed_on ~= nil then return 'absent is not nil' end\n"
		"    local n = 0\n"
		"    for k, v in pairs(r) do n = n + 1 end\n"
		"    if n ~= 5 then return 'pairs saw ' .. n end\n"
		"    return { message = 'seen ' .. r.formed_on, due_on = workdays_after(r.formed_on, 20) }"),
		NULL), 0);
	r.v[GK_F_TITLE] = "通知";
	r.v[GK_F_FORMED_ON] = "2021-01-22";
	assert_int_equal(judge(fx, &r), 0);
	assert_int_equal(fx->nfound, 1);
	assert_string_equal(fx->found[0], "seen 2021-01-22");
	assert_true(fx->last.has_due);
	assert_int_equal(fx->last.category, GK_CAT_REVIEW);
	{
		gk_day want;
		gk_date_parse("2021-02-24", 10, &want);
		assert_int_equal(fx->last.due, want);
	}
}

static void reads_list_enforced(void **state)
{
	struct fixture *fx = *state;
	struct rec r = { { 0 } };
	unsigned char need[GK_NFIELDS];

	assert_int_equal(load_text(fx,
		"rule \"X\" { basis = 'b', message = 'm', kinds = 'info', category = 'review',\n"
		"  reads = { 'title' },\n"
		"  check = function(r) return r.body end }\n", NULL), 0);
	gk_policy_needs(fx->policy, need);
	assert_true(need[GK_F_TITLE]);
	assert_false(need[GK_F_BODY]);
	assert_int_equal(judge(fx, &r), GK_EPOLICY);
	assert_contains(fx->err.msg, "reads 'body' but its 'reads' list does not name it");
}

static void library_calendar_range(void **state)
{
	struct fixture *fx = *state;
	struct rec r = { { 0 } };

	assert_int_equal(load_text(fx, RULE("    return workdays_after('2026-12-20', 30)"), NULL), 0);
	assert_int_equal(judge(fx, &r), GK_EPOLICY);
	assert_contains(fx->err.msg, "does not cover 2027");
}

static void library_helpers(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(load_text(fx,
		"assert(workdays_between('2021-01-22', '2021-02-24') == 20, 'between')\n"
		"assert(days_between('2021-01-01', '2021-01-31') == 30, 'days')\n"
		"assert(is_workday('2021-02-07') and not is_workday('2021-02-12'), 'workday')\n"
		"assert(is_date('2020-02-29') and not is_date('2021-02-29'), 'is_date')\n"
		"assert(contains('泽政办发〔2020〕22号', '〔2020〕') and not contains(nil, 'x'), 'contains')\n"
		"assert(#split('a;b;;c') == 3 and has('website;wechat', 'wechat'), 'lists')\n",
		NULL), 0);
}

/* ---- declarations -------------------------------------------------------- */

static void declaration_unknown_field(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(load_text(fx,
		"deadline \"B1\" {\n"
		"  basis = 'b', message = 'm', kinds = 'info',\n"
		"  start = 'formed_on', workday = 20, stop = 'published_on',\n"
		"}\n", NULL), GK_EPOLICY);
	assert_contains(fx->err.msg, "p.lua:1:");
	assert_contains(fx->err.msg, "unknown field 'workday' (did you mean 'workdays'?)");
}

static void declaration_bad_values(void **state)
{
	static const struct { const char *text, *want; } cases[] = {
		{ "deadline 'A' { basis='b', message='m', kinds='inf', start='formed_on', workdays=1, stop='published_on' }",
		  "unknown kind 'inf' (did you mean 'info'?)" },
		{ "deadline 'A' { basis='b', message='m', kinds='info', start='title', workdays=1, stop='published_on' }",
		  "'title' is not a date field" },
		{ "deadline 'A' { basis='b', message='m', kinds='info', start='formed_on', workdays=1, stop='publshed_on' }",
		  "unknown field 'publshed_on' (did you mean 'published_on'?)" },
		{ "required 'A' { basis='b', message='m', kinds='info', fields={'attribute'}, category='atribute' }",
		  "unknown category 'atribute' (did you mean 'attribute'?)" },
		{ "required 'A' { message='m', kinds='info', fields={'attribute'} }",
		  "missing 'basis'" },
		{ "deadline 'A' { basis='b', message='m', kinds='info', when={attribute='public'}, start='formed_on', workdays=1, stop='published_on' }",
		  "'public' is not one of: proactive, on_request, withheld" },
		{ "rule 'A' { basis='b', message='m', kinds='info', category='review', check=1 }",
		  "'check' must be a function" },
		{ "required 'A' { basis='b', message='m', kinds='info', fields={'attribute'}, severity='违法' }",
		  "unknown severity '违法' (did you mean '违规'?)" },
		{ "required 'A' { basis='b', message='m', kinds='info', fields={'attribute'}, severity='notise' }",
		  "unknown severity 'notise' (did you mean 'notice'?)" },
		{ "required 'A' { basis='b', message='m', kinds='info', fields={'attribute'}, severity='warning' }",
		  "unknown severity 'warning': a rule is \"违规\" (violation, the default) or \"提示\" (notice)" },
		{ "periodic 'A' { basis='b', message='m', event='symposium', every='year', since=2021, severity=1 }",
		  "'severity' must be text" },
	};
	struct fixture *fx = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unload(fx);
		assert_int_equal(load_text(fx, cases[i].text, NULL), GK_EPOLICY);
		assert_contains(fx->err.msg, cases[i].want);
		assert_contains(fx->err.msg, "p.lua:1:");
	}
}

/* severity = "违规" (the default) or "提示", in either language. */
static void declaration_severity(void **state)
{
	struct fixture *fx = *state;
	static const struct { const char *decl; enum gk_severity want; } cases[] = {
		{ "", GK_SEV_VIOLATION },
		{ ", severity='违规'", GK_SEV_VIOLATION },
		{ ", severity='violation'", GK_SEV_VIOLATION },
		{ ", severity='提示'", GK_SEV_NOTICE },
		{ ", severity='notice'", GK_SEV_NOTICE },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[256];

		snprintf(text, sizeof(text), "required 'A' { basis='b', message='m', kinds='info', "
			 "fields={'attribute'}%s }", cases[i].decl);
		unload(fx);
		assert_int_equal(load_text(fx, text, NULL), 0);
		assert_int_equal(gk_policy_rule(fx->policy, 0)->severity, cases[i].want);
	}
	assert_int_equal(gk_severity_threshold("none"), GK_NSEVERITIES);
	assert_int_equal(gk_severity_threshold("违规"), GK_SEV_VIOLATION);
	assert_int_equal(gk_severity_threshold("notice"), GK_SEV_NOTICE);
	assert_int_equal(gk_severity_threshold("warning"), -1);
	assert_string_equal(gk_severity_suggest("提醒"), "提示");
	assert_null(gk_severity_suggest("error"));
}

static void duplicate_rule_names_first(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(load_text(fx,
		"required 'A' { basis='b', message='m', kinds='info', fields={'attribute'} }\n"
		"\n"
		"required 'A' { basis='b', message='m', kinds='info', fields={'title'} }\n", NULL),
		GK_EPOLICY);
	assert_contains(fx->err.msg, "p.lua:3: rule 'A' is already declared at");
	assert_contains(fx->err.msg, "p.lua:1");
}

static void when_and_kinds_select(void **state)
{
	struct fixture *fx = *state;
	struct rec info = { { 0 } }, other = { { 0 } }, msg = { { 0 } };

	assert_int_equal(load_text(fx,
		"required 'A' { basis='b', message='m', kinds='info', when={ attribute = '主动公开' },\n"
		"  fields={'title', 'publisher'} }\n", NULL), 0);
	info.v[GK_F_ATTRIBUTE] = "proactive";
	assert_int_equal(judge(fx, &info), 0);
	assert_int_equal(fx->nfound, 1);
	assert_contains(fx->found[0], "标题（title）、发布单位（publisher）");
	other.v[GK_F_ATTRIBUTE] = "withheld";
	assert_int_equal(judge(fx, &other), 0);
	assert_int_equal(fx->nfound, 1);
	msg.v[GK_F_KIND] = "message";
	assert_int_equal(judge(fx, &msg), 0);
	assert_int_equal(fx->nfound, 1);
}

static void jurisdiction_rules_apply_only_there(void **state)
{
	struct fixture *fx = *state;
	struct rec here = { { 0 } }, there = { { 0 } };
	char path[128];

	snprintf(path, sizeof(path), "%s/yy", fx->dir);
	mkdir(path, 0700);
	write_file(fx->dir, "zz/z.lua",
		   "required 'Z' { basis='b', message='m', kinds='info', fields={'title'} }\n", 71);
	assert_int_equal(load_text(fx, "-- nothing in the baseline\n", NULL), 0);
	assert_int_equal(gk_policy_nrules_for(fx->policy, gk_bundle_juris_index(fx->bundle, "zz", 2)), 1);
	assert_int_equal(gk_policy_nrules_for(fx->policy, gk_bundle_juris_index(fx->bundle, "yy", 2)), 0);
	assert_int_equal(judge(fx, &here), 0);
	assert_int_equal(fx->nfound, 1);
	there.v[GK_F_JURISDICTION] = "yy";
	assert_int_equal(judge(fx, &there), 0);
	assert_int_equal(fx->nfound, 1);
	there.v[GK_F_JURISDICTION] = "nowhere";
	assert_int_equal(judge(fx, &there), GK_EINVAL);
	assert_contains(fx->err.msg, "jurisdiction 'nowhere' has no policies");
}


/* ---- overrides and new declarations ------------------------------------ */

static int load_two(struct fixture *fx, const char *base, const char *juris)
{
	write_file(fx->dir, "zz/j.lua", juris, strlen(juris));
	return load_text(fx, base, NULL);
}

static void override_replaces_for_one_jurisdiction(void **state)
{
	struct fixture *fx = *state;
	struct rec here = { { 0 } }, there = { { 0 } };
	char path[128];

	snprintf(path, sizeof(path), "%s/yy", fx->dir);
	mkdir(path, 0700);
	assert_int_equal(load_two(fx,
		"required 'A' { basis='b', message='base', kinds='info', fields={'title'} }\n",
		"required 'A' { override = true, basis='b', message='local', kinds='info', fields={'publisher'} }\n"), 0);
	here.v[GK_F_TITLE] = "t";              /* zz: needs publisher */
	assert_int_equal(judge(fx, &here), 0);
	assert_int_equal(fx->nfound, 1);
	assert_contains(fx->found[0], "local");
	there.v[GK_F_JURISDICTION] = "yy";     /* yy: the baseline, needs title */
	there.v[GK_F_PUBLISHER] = "p";
	assert_int_equal(judge(fx, &there), 0);
	assert_int_equal(fx->nfound, 2);
	assert_contains(fx->found[1], "base");
}

static void reuse_without_override_refused(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(load_two(fx,
		"required 'A' { basis='b', message='m', kinds='info', fields={'title'} }\n",
		"required 'A' { basis='b', message='m', kinds='info', fields={'title'} }\n"), GK_EPOLICY);
	assert_contains(fx->err.msg, "zz/j.lua:1: rule 'A' is already declared at");
	assert_contains(fx->err.msg, "add override = true");
}

static void override_of_nothing_refused(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(load_two(fx, "-- empty\n",
		"required 'A' { override = true, basis='b', message='m', kinds='info', fields={'title'} }\n"),
		GK_EPOLICY);
	assert_contains(fx->err.msg, "there is no baseline rule 'A' to override");
}

static void disable_switches_off_for_one_jurisdiction(void **state)
{
	struct fixture *fx = *state;
	struct rec r = { { 0 } };

	assert_int_equal(load_two(fx,
		"required 'A' { basis='b', message='m', kinds='info', fields={'title'} }\n",
		"disable 'A' { reason = '本地无此要求' }\n"), 0);
	assert_int_equal(gk_policy_nrules_for(fx->policy, gk_bundle_juris_index(fx->bundle, "zz", 2)), 0);
	assert_int_equal(judge(fx, &r), 0);
	assert_int_equal(fx->nfound, 0);
}

static void disable_in_baseline_refused(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(load_text(fx,
		"required 'A' { basis='b', message='m', kinds='info', fields={'title'} }\n"
		"disable 'A' { reason = 'x' }\n", NULL), GK_EPOLICY);
	assert_contains(fx->err.msg, "p.lua:2:");
	assert_contains(fx->err.msg, "only a jurisdiction's folder can disable");
}

static void publisher_first_unit_decides(void **state)
{
	struct fixture *fx = *state;
	struct rec r = { { 0 } };

	assert_int_equal(load_text(fx,
		"publisher 'S' { basis='b', message='m', kinds='info', unit = { 'approver', 'implementer', 'producer' } }\n",
		NULL), 0);
	r.v[GK_F_APPROVER] = "批准局";
	r.v[GK_F_PRODUCER] = "制作处";
	r.v[GK_F_PUBLISHER] = "制作处";
	assert_int_equal(judge(fx, &r), 0);
	assert_int_equal(fx->nfound, 1);
	assert_contains(fx->found[0], "应由批准单位“批准局”发布（批准结果：谁批准、谁公开）");
	r.v[GK_F_ID] = "R2";
	r.v[GK_F_APPROVER] = NULL;
	assert_int_equal(judge(fx, &r), 0);
	assert_int_equal(fx->nfound, 1);   /* producer published its own */
}

static void order_checks_presence_and_sequence(void **state)
{
	struct fixture *fx = *state;
	struct rec r = { { 0 } };

	assert_int_equal(load_text(fx,
		"order 'O' { basis='b', message='m', kinds='info', steps = { 'reviewed_on', 'published_on' } }\n",
		NULL), 0);
	r.v[GK_F_REVIEWED_ON] = "2021-03-02";
	r.v[GK_F_PUBLISHED_ON] = "2021-03-01";
	assert_int_equal(judge(fx, &r), 0);
	assert_int_equal(fx->nfound, 1);
	assert_contains(fx->found[0], "保密审查日期 2021-03-02 晚于公开日期 2021-03-01");
	r.v[GK_F_REVIEWED_ON] = NULL;
	assert_int_equal(judge(fx, &r), 0);
	assert_int_equal(fx->nfound, 2);
	assert_contains(fx->found[1], "缺少保密审查日期（reviewed_on）");
	r.v[GK_F_REVIEWED_ON] = "2021-03-01";
	assert_int_equal(judge(fx, &r), 0);
	assert_int_equal(fx->nfound, 2);
}

static void periodic_declaration_errors(void **state)
{
	static const struct { const char *text, *want; } cases[] = {
		{ "periodic 'P' { basis='b', message='m', event='party', every='year', since='2020' }",
		  "event: 'party' is not one of" },
		{ "periodic 'P' { basis='b', message='m', event='open_day', every='week', since='2020' }",
		  "every must be \"year\" or \"month\"" },
		{ "periodic 'P' { basis='b', message='m', event='open_day', every='year', since='20' }",
		  "since must be the first period" },
		{ "periodic 'P' { basis='b', message='m', event='open_day', every='year', since='2020', window = { 13 } }",
		  "window months are 1 to 12" },
		{ "catalog 'C' { basis='b', message='m', kinds='info', start='formed_on', stop='published_on' }",
		  "catalogs belong to a jurisdiction" },
	};
	struct fixture *fx = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unload(fx);
		assert_int_equal(load_text(fx, cases[i].text, NULL), GK_EPOLICY);
		assert_contains(fx->err.msg, cases[i].want);
		assert_contains(fx->err.msg, "p.lua:1:");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(blocked_global_at_load),
		T(blocked_global_in_check),
		T(blocked_names),
		T(binary_chunk_file_refused),
		T(binary_load_refused),
		T(endless_loop_stopped),
		T(endless_loop_at_load_stopped),
		T(memory_bomb_stopped),
		T(pcall_cannot_swallow_instruction_limit),
		T(pcall_cannot_swallow_memory_limit),
		T(runtime_error_names_file_and_line),
		T(syntax_error_names_file_and_line),
		T(unknown_global_is_error),
		T(setting_global_is_error),
		T(records_are_read_only),
		T(kept_record_does_not_survive),
		T(unknown_record_field),
		T(record_values_and_types),
		T(reads_list_enforced),
		T(library_calendar_range),
		T(library_helpers),
		T(declaration_unknown_field),
		T(declaration_bad_values),
		T(declaration_severity),
		T(duplicate_rule_names_first),
		T(when_and_kinds_select),
		T(jurisdiction_rules_apply_only_there),
		T(override_replaces_for_one_jurisdiction),
		T(reuse_without_override_refused),
		T(override_of_nothing_refused),
		T(disable_switches_off_for_one_jurisdiction),
		T(disable_in_baseline_refused),
		T(publisher_first_unit_decides),
		T(order_checks_presence_and_sequence),
		T(periodic_declaration_errors),
		T(pathological_patterns_end_quickly),
		T(bounded_library_keeps_results),
		T(cpu_watchdog_stops_a_call),
		T(cpu_watchdog_stops_a_file_loading),
		T(libraries_are_read_only),
		T(rawset_env_refused),
		T(no_state_survives_between_records),
		T(file_tables_are_read_only_in_checks),
		T(finalizers_and_weak_tables_refused),
		T(close_metamethod_is_bounded),
		T(iterator_made_at_load_refused),
		T(results_do_not_depend_on_the_run),
		T(result_read_inside_protection),
		T(message_must_be_utf8),
		T(hidden_declarations_refused),
		T(visible_declaration_forms_load),
#undef T
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

/*
 * fuzz_boundary.c - libFuzzer harness for the Lua boundary: whatever a
 * check returns or raises, gongkai reads it back without crashing, stores
 * only well-formed text, and reports a policy error naming the file.
 *
 *   clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
 *	$(pkg-config --cflags lua5.4 sqlite3 yaml-0.1 libgit2) \
 *	-o fuzz_boundary fuzz/fuzz_boundary.c $(ls engine/[a-z]*.c stores/[a-z]*.c) \
 *	$(pkg-config --libs lua5.4 sqlite3 yaml-0.1 libgit2) -lpthread -lm
 *   ./fuzz_boundary -max_total_time=300
 *
 * `make test` runs the same function on a few thousand inputs made from a
 * fixed seed (tests/unit/test_boundary.c).
 *
 * The input is a record's body.  The policy (written below) decodes it as
 * a little program that builds the value its check returns: nil, booleans,
 * numbers, strings of any bytes, dates good and bad, tables with message
 * and due_on, metatables whose __index or __tostring raise, loop or lie,
 * errors with any object, huge strings, and attempts to change what the
 * file left (a table, a counter).  A second rule, the canary, reports if
 * any of that state changed.  Checked after every input:
 *   - gk_policy_eval returns 0, GK_EPOLICY or GK_ELIMIT, nothing else;
 *   - an error message names the policy file and is UTF-8;
 *   - a finding's message is UTF-8 without NUL and fits its buffer, and
 *     its due date is a real date;
 *   - the canary never fires: no state survives a call.
 * A policy that failed is loaded again for the next input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../engine/lua/policy.h"
#include "../engine/textscan.h"
#include "../stores/policyset/calendar_yaml.h"
#include "../stores/policyset/bundle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char calendar[] =
	"years:\n"
	"  2021:\n"
	"    holidays:\n"
	"      - {date: 2021-01-01, name: New Year}\n";

static const char policy[] =
	"-- fuzz_boundary.c: the record's body builds what the check returns.\n"
	"local CANARY = { 'a', 'b', k = { 1, 2 } }\n"
	"local calls = 0\n"
	"\n"
	"rule 'F' {\n"
	"  basis = 'fuzz', message = '默认消息', kinds = 'info', category = 'review',\n"
	"  reads = { 'body' },\n"
	"  check = function(r)\n"
	"    calls = calls + 1\n"
	"    local b, i, st, n = r.body or '', 1, {}, 0\n"
	"    local function byte() local c = b:byte(i) or 0; i = i + 1; return c end\n"
	"    local function push(v) n = n + 1; st[n] = v end\n"
	"    local function pop() if n == 0 then return nil end local v = st[n]; st[n] = nil; n = n - 1; return v end\n"
	"    local function top() return st[n] end\n"
	"    local mts = {\n"
	"      { __index = function() error('index raised') end },\n"
	"      { __index = function() while true do end end },\n"
	"      { __index = function(t, k) return k end },\n"
	"      { __tostring = function() error('tostring raised') end },\n"
	"      { __tostring = function() return {} end },\n"
	"      { __index = string },\n"
	"      { __index = function(t, k) return string.rep('\\255', 3000) end },\n"
	"      { __len = function() return 1e15 end },\n"
	"      { __gc = function() while true do end end },\n"
	"      { __mode = 'k' },\n"
	"      { __close = function() error('closed') end },\n"
	"      { __name = '\\255name', __index = function(t, k) return k == 'due_on' and '2021-02-30' or 'm' end },\n"
	"    }\n"
	"    while i <= #b do\n"
	"      local op = byte() % 20\n"
	"      if op == 0 then push(nil)\n"
	"      elseif op == 1 then push(true)\n"
	"      elseif op == 2 then push(false)\n"
	"      elseif op == 3 then push(byte() - 128)\n"
	"      elseif op == 4 then push(byte() / 7)\n"
	"      elseif op == 5 then local l = byte() % 40; push(b:sub(i, i + l - 1)); i = i + l\n"
	"      elseif op == 6 then push(string.format('20%02d-%02d-%02d', byte() % 40, byte() % 14, byte() % 33))\n"
	"      elseif op == 7 then push({})\n"
	"      elseif op == 8 then local v, k = pop(), pop(); local t = top()\n"
	"        pcall(function() t[k] = v end)\n"
	"      elseif op == 9 then local v = pop(); if type(top()) == 'table' then pcall(function() top().message = v end) end\n"
	"      elseif op == 10 then local v = pop(); if type(top()) == 'table' then pcall(function() top().due_on = v end) end\n"
	"      elseif op == 11 then local mt = mts[byte() % #mts + 1]\n"
	"        if type(top()) == 'table' then pcall(setmetatable, top(), mt) end\n"
	"      elseif op == 12 then local v = pop(); push(function() return v end)\n"
	"      elseif op == 13 then error(pop(), byte() % 3)\n"
	"      elseif op == 14 then push(string.rep(string.char(byte()), byte() * 4096))\n"
	"      elseif op == 15 then return pop()\n"
	"      elseif op == 16 then local a, c = pop(), pop(); local ok, v = pcall(function() return c .. a end); push(ok and v or nil)\n"
	"      elseif op == 17 then push(tostring(pop()))\n"
	"      elseif op == 18 then\n"
	"        pcall(function() CANARY[1] = 'x' end); pcall(rawset, CANARY, 'k', nil)\n"
	"        pcall(table.insert, CANARY, 'c'); pcall(function() CANARY.k[1] = 9 end)\n"
	"        pcall(function() string.rep = nil end); pcall(rawset, _ENV, 'x', 1)\n"
	"      else local t = pop(); if type(t) == 'table' then local ok, v = pcall(next, t); push(ok and v or nil) end\n"
	"      end\n"
	"    end\n"
	"    return top()\n"
	"  end,\n"
	"}\n"
	"\n"
	"rule 'C' {\n"
	"  basis = 'fuzz', message = 'canary', kinds = 'info', category = 'review',\n"
	"  check = function(r)\n"
	"    if calls ~= 0 or #CANARY ~= 2 or CANARY[1] ~= 'a' or CANARY.k[1] ~= 1\n"
	"       or rawget(_ENV, 'x') ~= nil or string.rep('a', 2) ~= 'aa' then\n"
	"      return 'CANARY: state survived a call'\n"
	"    end\n"
	"  end,\n"
	"}\n";

static gk_calendar *cal;
static gk_bundle *bundle;
static gk_policy *pol;
/* Inputs that passed, raised a policy error, hit a limit (for the test). */
static long outcomes[3];

/* Write the policy set, read it, and remove the files again. */
static void init(void)
{
	char dir[] = "/tmp/gk-fuzz-boundary.XXXXXX", path[256];
	gk_source *src = NULL;
	gk_error err;
	FILE *f;

	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/baseline", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/zz", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/calendar.yaml", dir);
	if (!(f = fopen(path, "w")) || fputs(calendar, f) < 0 || fclose(f))
		abort();
	snprintf(path, sizeof(path), "%s/baseline/f.lua", dir);
	if (!(f = fopen(path, "w")) || fputs(policy, f) < 0 || fclose(f))
		abort();
	if (gk_source_open_dir(&src, dir, &err) || gk_calendar_load(src, &cal, &err) ||
	    gk_bundle_read(src, &bundle, &err)) {
		fprintf(stderr, "fuzz_boundary: %s\n", err.msg);
		abort();
	}
	gk_source_free(src);
	remove(path);
	snprintf(path, sizeof(path), "%s/calendar.yaml", dir);
	remove(path);
	snprintf(path, sizeof(path), "%s/baseline", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/zz", dir);
	rmdir(path);
	rmdir(dir);
}

struct rec {
	const char *body;
	size_t len;
};

static const char *rec_get(void *r, enum gk_field f, size_t *len)
{
	struct rec *rec = r;
	const char *s = f == GK_F_ID ? "FZ" : f == GK_F_JURISDICTION ? "zz" :
			f == GK_F_KIND ? "info" : NULL;

	if (f == GK_F_BODY) {
		if (len)
			*len = rec->len;
		return rec->body;
	}
	if (len)
		*len = s ? strlen(s) : 0;
	return s;
}

static int check_verdict(void *ud, const gk_rule *rule, const char *id, const char *juris,
			 const gk_verdict *v, gk_error *err)
{
	size_t n = strnlen(v->msg, sizeof(v->msg));

	(void)ud, (void)id, (void)juris, (void)err;
	if (strcmp(rule->id, "C") == 0)
		abort();                /* the canary: state survived a call */
	if (n == sizeof(v->msg) || gk_utf8_check(v->msg, n) != n)
		abort();
	if (v->has_due && (v->due < gk_date_from_ymd(1900, 1, 1) ||
			   v->due > gk_date_from_ymd(9999, 12, 31)))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec r = { (const char *)data, size };
	gk_day as_of = gk_date_from_ymd(2021, 12, 31);
	gk_error err;
	int rc;

	if (!bundle)
		init();
	if (size > 4096)
		return 0;
	if (!pol && gk_policy_load(bundle, cal, NULL, &pol, &err)) {
		fprintf(stderr, "fuzz_boundary: %s\n", err.msg);
		abort();
	}
	gk_error_clear(&err);
	rc = gk_policy_eval(pol, rec_get, &r, as_of, check_verdict, NULL, &err);
	outcomes[rc == 0 ? 0 : rc == GK_EPOLICY ? 1 : 2]++;
	if (rc) {
		size_t n = strlen(err.msg);

		if ((rc != GK_EPOLICY && rc != GK_ELIMIT) || err.code != rc ||
		    !strstr(err.msg, "f.lua") || gk_utf8_check(err.msg, n) != n)
			abort();
		/* A failed policy is not used again: load it afresh. */
		gk_policy_free(pol);
		pol = NULL;
	}
	return 0;
}

/*
 * decl.c - the declarations: deadline, required, publisher, rule and the
 * other kinds, parsed once at load into rules (rules.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_impl.h"

static int field_arg(lua_State *L, int idx, const char *what, const char *rule)
{
	const char *name = lua_tostring(L, idx);
	const char *names[GK_NFIELDS], *s;
	int f;

	if (lua_type(L, idx) != LUA_TSTRING)
		return luaL_error(L, "rule '%s': %s must be a field name such as 'formed_on'",
				  rule, what);
	f = gk_field_lookup(name, strlen(name));
	if (f >= 0)
		return f;
	for (int i = 0; i < GK_NFIELDS; i++)
		names[i] = gk_fields[i].name;
	s = gk_suggest(name, names, GK_NFIELDS);
	if (s)
		return luaL_error(L, "rule '%s': %s: unknown field '%s' (did you mean '%s'?)",
				  rule, what, name, s);
	return luaL_error(L, "rule '%s': %s: unknown field '%s'", rule, what, name);
}

static int date_field_arg(lua_State *L, int idx, const char *what, const char *rule)
{
	int f = field_arg(L, idx, what, rule);

	if (gk_fields[f].type != GK_T_DATE)
		return luaL_error(L, "rule '%s': %s: '%s' is not a date field", rule, what,
				  gk_fields[f].name);
	return f;
}

#define COMMON_KEYS "basis", "message", "kinds", "when", "category", "severity", \
	"override", "effective", "clock", "restates"
static const char *const deadline_keys[] = {
	COMMON_KEYS, "start", "workdays", "extension", "stop", "pause", NULL
};
static const char *const required_keys[] = { COMMON_KEYS, "fields", "any", NULL };
static const char *const publisher_keys[] = { COMMON_KEYS, "unit", NULL };
static const char *const rule_keys[] = { COMMON_KEYS, "check", "reads", NULL };
static const char *const order_keys[] = { COMMON_KEYS, "steps", "strict", NULL };
static const char *const catalog_keys[] = {
	COMMON_KEYS, "start", "stop", "checks", NULL
};
static const char *const confidential_keys[] = { COMMON_KEYS, "scan", "nonpublic", NULL };
static const char *const privacy_keys[] = { COMMON_KEYS, "scan", "finds", NULL };
static const char *const channel_keys[] = { COMMON_KEYS, "channels", "any", NULL };
static const char *const periodic_keys[] = {
	"basis", "message", "category", "severity", "override", "effective", "restates", "event",
	"every", "since", "at_least", "min_samples", "window", "by", "per", "channels", NULL
};
static const char *const disable_keys[] = { "reason", NULL };

static void check_keys(lua_State *L, int t, const char *const *keys,
		       const char *type, const char *id)
{
	lua_pushnil(L);
	while (lua_next(L, t)) {
		const char *k;
		int ok = 0, n = 0;

		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, "%s '%s': every entry needs a name (name = value)", type, id);
		k = lua_tostring(L, -1);
		for (; keys[n]; n++)
			ok |= strcmp(k, keys[n]) == 0;
		if (!ok) {
			const char *s = gk_suggest(k, keys, n);
			char list[256];
			size_t m = 0;

			for (int i = 0; keys[i]; i++)
				m += (size_t)snprintf(list + m, sizeof(list) - m, "%s%s",
						      i ? ", " : "", keys[i]);
			if (s)
				luaL_error(L, "%s '%s': unknown field '%s' (did you mean '%s'?)",
					   type, id, k, s);
			luaL_error(L, "%s '%s': unknown field '%s' (expected: %s)", type, id,
				   k, list);
		}
	}
}

/* Text that leaves Lua (messages, bases, ids) is UTF-8 without NULs. */
static int text_ok(const char *s, size_t len)
{
	return gk_utf8_check(s, len) == len && !memchr(s, '\0', len);
}

/* Strings owned by the rule; NULL on allocation failure raises an error. */
static char *dup_or_die(lua_State *L, const char *s)
{
	char *d = strdup(s);

	if (!d)
		luaL_error(L, "out of memory");
	return d;
}

static const char *opt_string(lua_State *L, int t, const char *key,
			      const char *type, const char *id, int required)
{
	const char *s;

	lua_getfield(L, t, key);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		if (required)
			luaL_error(L, "%s '%s': missing '%s'", type, id, key);
		return NULL;
	}
	if (lua_type(L, -1) != LUA_TSTRING)
		luaL_error(L, "%s '%s': '%s' must be text", type, id, key);
	/* Copied into every finding of the rule: bounded (textcap.h). */
	if (lua_rawlen(L, -1) > GK_POLICY_TEXT_MAX)
		luaL_error(L, "%s '%s': '%s' is %d bytes, more than the %d a text of a rule may "
			   "have: shorten it", type, id, key, (int)lua_rawlen(L, -1),
			   GK_POLICY_TEXT_MAX);
	s = lua_tostring(L, -1);
	if (!text_ok(s, lua_rawlen(L, -1)))
		luaL_error(L, "%s '%s': '%s' must be UTF-8 text without NUL bytes", type, id, key);
	lua_pop(L, 1);   /* the table still holds the string */
	if (!*s && required)
		luaL_error(L, "%s '%s': '%s' is empty", type, id, key);
	return s;
}

static unsigned parse_kinds(lua_State *L, int t, const char *id)
{
	unsigned mask = 0;
	int n;

	lua_getfield(L, t, "kinds");
	if (lua_isnil(L, -1))
		luaL_error(L, "rule '%s': missing 'kinds' (e.g. kinds = \"info\")", id);
	if (lua_type(L, -1) == LUA_TSTRING) {
		lua_newtable(L);
		lua_insert(L, -2);
		lua_rawseti(L, -2, 1);
	}
	if (!lua_istable(L, -1))
		luaL_error(L, "rule '%s': 'kinds' must be a kind or a list of kinds", id);
	n = (int)lua_rawlen(L, -1);
	for (int i = 1; i <= n; i++) {
		const char *k;
		int kind;

		lua_rawgeti(L, -1, i);
		k = lua_tostring(L, -1);
		kind = k ? gk_kind_lookup(k, strlen(k)) : -1;
		if (kind < 0) {
			const char *s = k ? gk_suggest(k, (const char *const *)gk_kind_names,
						    GK_NKINDS) : NULL;
			if (s)
				luaL_error(L, "rule '%s': unknown kind '%s' (did you mean '%s'?)",
					   id, k, s);
			luaL_error(L, "rule '%s': unknown kind '%s' (kinds: info, application, "
				   "penalty, message, demand, task, event)", id, k ? k : "?");
		}
		mask |= GK_KIND_BIT(kind);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	if (!mask)
		luaL_error(L, "rule '%s': 'kinds' is empty", id);
	return mask;
}

/* when = { field = "value" | {"a", "b"} | true (present) | false (absent) } */
static void parse_when(lua_State *L, int t, gk_rule *r)
{
	int n = 0;

	lua_getfield(L, t, "when");
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		return;
	}
	if (!lua_istable(L, -1))
		luaL_error(L, "rule '%s': 'when' must be a table such as { attribute = \"proactive\" }",
			   r->id);
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		n++;
		lua_pop(L, 1);
	}
	r->when = calloc((size_t)n, sizeof(*r->when));
	if (n && !r->when)
		luaL_error(L, "out of memory");
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		gk_cond *c = &r->when[r->nwhen++];

		c->field = (enum gk_field)field_arg(L, -2, "when", r->id);
		if (lua_type(L, -1) == LUA_TBOOLEAN) {
			c->op = lua_toboolean(L, -1) ? GK_COND_PRESENT : GK_COND_ABSENT;
		} else {
			int m;

			c->op = GK_COND_IN;
			if (lua_type(L, -1) == LUA_TSTRING) {
				lua_newtable(L);
				lua_insert(L, -2);
				lua_rawseti(L, -2, 1);
			}
			if (!lua_istable(L, -1))
				luaL_error(L, "rule '%s': when.%s must be a value, a list of "
					   "values, true (present) or false (absent)", r->id,
					   gk_fields[c->field].name);
			m = (int)lua_rawlen(L, -1);
			c->values = calloc((size_t)(m ? m : 1), sizeof(char *));
			if (!c->values)
				luaL_error(L, "out of memory");
			for (int i = 1; i <= m; i++) {
				char canon[256], prob[256];
				const char *problem, *v;

				lua_rawgeti(L, -1, i);
				v = lua_tostring(L, -1);
				if (!v)
					luaL_error(L, "rule '%s': when.%s: values must be text",
						   r->id, gk_fields[c->field].name);
				/* Compare with stored (canonical) values: 主动公开 = proactive. */
				if (gk_field_normalize(c->field, v, strlen(v), canon, sizeof(canon),
						       prob, sizeof(prob), &problem) < 0)
					luaL_error(L, "rule '%s': when.%s: %s", r->id,
						   gk_fields[c->field].name, problem);
				c->values[c->nvalues++] = dup_or_die(L, canon);
				lua_pop(L, 1);
			}
		}
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

static int int_field(lua_State *L, int t, const char *key, const char *id,
		     int required)
{
	lua_Integer v;
	int isnum;

	lua_getfield(L, t, key);
	if (lua_isnil(L, -1) && !required) {
		lua_pop(L, 1);
		return -1;
	}
	v = lua_tointegerx(L, -1, &isnum);
	if (!isnum || v < 0 || v > 10000)
		luaL_error(L, "rule '%s': '%s' must be a whole number of working days", id, key);
	lua_pop(L, 1);
	return (int)v;
}

static int field_list(lua_State *L, int t, const char *key, const char *id,
		      enum gk_field *out, int max, int dates, int required);

static void parse_deadline(lua_State *L, int t, gk_rule *r)
{
	int n;

	lua_getfield(L, t, "start");
	if (lua_type(L, -1) == LUA_TSTRING) {
		lua_newtable(L);
		lua_insert(L, -2);
		lua_rawseti(L, -2, 1);
	}
	if (!lua_istable(L, -1))
		luaL_error(L, "deadline '%s': missing 'start' (the date that starts the clock, "
			   "e.g. start = \"formed_on\")", r->id);
	n = (int)lua_rawlen(L, -1);
	if (n < 1 || n > 4)
		luaL_error(L, "deadline '%s': 'start' lists 1 to 4 date fields", r->id);
	for (int i = 1; i <= n; i++) {
		lua_rawgeti(L, -1, i);
		r->start[r->nstart++] = (enum gk_field)date_field_arg(L, -1, "start", r->id);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	r->workdays = int_field(L, t, "workdays", r->id, 1);
	lua_getfield(L, t, "stop");
	if (lua_isnil(L, -1))
		luaL_error(L, "deadline '%s': missing 'stop' (the date that stops the clock, "
			   "e.g. stop = \"published_on\", or a list: the earliest present "
			   "stops it)", r->id);
	lua_pop(L, 1);
	r->nstop = field_list(L, t, "stop", r->id, r->stops, 4, 1, 1);
	r->stop = r->stops[0];
	lua_getfield(L, t, "pause");
	if (!lua_isnil(L, -1)) {
		lua_pop(L, 1);
		if (field_list(L, t, "pause", r->id, r->pause, 2, 1, 1) != 2)
			luaL_error(L, "deadline '%s': pause names two dates, when the clock stops "
				   "and when it runs again: pause = { \"consult_sent_on\", "
				   "\"consult_replied_on\" }", r->id);
		r->has_pause = 1;
	} else {
		lua_pop(L, 1);
	}
	r->ext_field = -1;
	lua_getfield(L, t, "extension");
	if (!lua_isnil(L, -1)) {
		int e = lua_gettop(L);

		if (!lua_istable(L, e))
			luaL_error(L, "deadline '%s': 'extension' must be "
				   "{ flag = \"extended\", workdays = 20 }", r->id);
		lua_getfield(L, e, "flag");
		r->ext_field = field_arg(L, -1, "extension.flag", r->id);
		if (gk_fields[r->ext_field].type != GK_T_FLAG)
			luaL_error(L, "deadline '%s': extension.flag '%s' is not a 1/0 field",
				   r->id, gk_fields[r->ext_field].name);
		lua_pop(L, 1);
		r->ext_workdays = int_field(L, e, "workdays", r->id, 1);
	}
	lua_pop(L, 1);
}

static void parse_fields(lua_State *L, int t, gk_rule *r)
{
	int n = 0;

	lua_getfield(L, t, "fields");
	if (lua_type(L, -1) == LUA_TSTRING) {
		lua_newtable(L);
		lua_insert(L, -2);
		lua_rawseti(L, -2, 1);
	}
	if (!lua_istable(L, -1) || (n = (int)lua_rawlen(L, -1)) < 1)
		luaL_error(L, "required '%s': 'fields' must list the required fields", r->id);
	for (int i = 1; i <= n && i <= GK_NFIELDS; i++) {
		lua_rawgeti(L, -1, i);
		r->fields[r->nfields++] = (enum gk_field)field_arg(L, -1, "fields", r->id);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

static void parse_reads(lua_State *L, int t, gk_rule *r)
{
	int n;

	lua_getfield(L, t, "reads");
	if (lua_isnil(L, -1)) {
		r->reads_all = 1;
		lua_pop(L, 1);
		return;
	}
	if (!lua_istable(L, -1))
		luaL_error(L, "rule '%s': 'reads' must list field names", r->id);
	n = (int)lua_rawlen(L, -1);
	for (int i = 1; i <= n; i++) {
		lua_rawgeti(L, -1, i);
		r->reads[field_arg(L, -1, "reads", r->id)] = 1;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* key = "field" or { "a", "b" }: fields into out (at most max). */
static int field_list(lua_State *L, int t, const char *key, const char *id,
		      enum gk_field *out, int max, int dates, int required)
{
	int n = 0, k = 0;

	lua_getfield(L, t, key);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		if (required)
			luaL_error(L, "rule '%s': missing '%s'", id, key);
		return 0;
	}
	if (lua_type(L, -1) == LUA_TSTRING) {
		lua_newtable(L);
		lua_insert(L, -2);
		lua_rawseti(L, -2, 1);
	}
	if (!lua_istable(L, -1) || (n = (int)lua_rawlen(L, -1)) < 1 || n > max)
		luaL_error(L, "rule '%s': '%s' lists 1 to %d field names", id, key, max);
	for (int i = 1; i <= n; i++) {
		lua_rawgeti(L, -1, i);
		out[k++] = (enum gk_field)(dates ? date_field_arg(L, -1, key, id)
					   : field_arg(L, -1, key, id));
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return k;
}

static int opt_int(lua_State *L, int t, const char *key, const char *id, int dflt,
		   int lo, int hi)
{
	lua_Integer v;
	int isnum;

	lua_getfield(L, t, key);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		return dflt;
	}
	v = lua_tointegerx(L, -1, &isnum);
	if (!isnum || v < lo || v > hi)
		luaL_error(L, "rule '%s': '%s' must be a whole number from %d to %d", id, key,
			   lo, hi);
	lua_pop(L, 1);
	return (int)v;
}

static void parse_periodic(lua_State *L, int t, gk_rule *r)
{
	const char *s;
	char canon[64], prob[256];
	const char *problem;

	s = opt_string(L, t, "event", "periodic", r->id, 1);
	if (gk_field_normalize(GK_F_EVENT_TYPE, s, strlen(s), canon, sizeof(canon), prob,
			       sizeof(prob), &problem) != 0)
		luaL_error(L, "periodic '%s': event: %s", r->id, problem ? problem : "empty");
	r->event = dup_or_die(L, canon);
	s = opt_string(L, t, "every", "periodic", r->id, 1);
	if (strcmp(s, "year") == 0)
		r->monthly = 0;
	else if (strcmp(s, "month") == 0)
		r->monthly = 1;
	else
		luaL_error(L, "periodic '%s': every must be \"year\" or \"month\"", r->id);
	lua_getfield(L, t, "since");
	s = lua_tostring(L, -1);
	if (!s || (strlen(s) != 4 && strlen(s) != 7) ||
	    sscanf(s, "%4d", &r->since_year) != 1 ||
	    (strlen(s) == 7 && (sscanf(s + 5, "%2d", &r->since_month) != 1 ||
				r->since_month < 1 || r->since_month > 12)) ||
	    r->since_year < 1990 || r->since_year > 9000)
		luaL_error(L, "periodic '%s': since must be the first period, \"2020\" or \"2020-06\"",
			   r->id);
	lua_pop(L, 1);
	s = opt_string(L, t, "per", "periodic", r->id, 0);
	if (s && strcmp(s, "venue"))
		luaL_error(L, "periodic '%s': per is \"venue\" (the duty falls on every venue)",
			   r->id);
	r->per_venue = s != NULL;
	/* channels = { "online", "onsite" }: held on each (线上与线下相结合). */
	lua_getfield(L, t, "channels");
	if (!lua_isnil(L, -1)) {
		int n = 0;

		if (lua_type(L, -1) == LUA_TSTRING) {
			lua_newtable(L);
			lua_insert(L, -2);
			lua_rawseti(L, -2, 1);
		}
		if (!lua_istable(L, -1) || (n = (int)lua_rawlen(L, -1)) < 1 || n > 4)
			luaL_error(L, "periodic '%s': channels lists 1 to 4 channels the event must "
				   "be held on, e.g. { \"online\", \"onsite\" }", r->id);
		for (int i = 1; i <= n; i++) {
			const char *v;

			lua_rawgeti(L, -1, i);
			v = lua_tostring(L, -1);
			if (!v || gk_field_normalize(GK_F_CHANNELS, v, strlen(v), canon, sizeof(canon),
						     prob, sizeof(prob), &problem) != 0)
				luaL_error(L, "periodic '%s': channels: %s", r->id,
					   v ? problem : "values must be text");
			r->event_channels[r->nevent_channels++] = dup_or_die(L, canon);
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	r->at_least = opt_int(L, t, "at_least", r->id, 1, 1, 1000);
	r->min_samples = opt_int(L, t, "min_samples", r->id, 0, 0, 100000000);
	lua_getfield(L, t, "window");
	if (!lua_isnil(L, -1)) {
		int n = 0;

		if (r->monthly || !lua_istable(L, -1) || (n = (int)lua_rawlen(L, -1)) < 1)
			luaL_error(L, "periodic '%s': window lists the months of a yearly duty, "
				   "e.g. window = { 9 }", r->id);
		for (int i = 1; i <= n; i++) {
			lua_Integer mth;
			int isnum;

			lua_rawgeti(L, -1, i);
			mth = lua_tointegerx(L, -1, &isnum);
			if (!isnum || mth < 1 || mth > 12)
				luaL_error(L, "periodic '%s': window months are 1 to 12", r->id);
			r->window |= 1u << mth;
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	lua_getfield(L, t, "by");
	if (!lua_isnil(L, -1)) {
		int b = lua_gettop(L);
		const char *y;

		if (r->monthly || !lua_istable(L, b))
			luaL_error(L, "periodic '%s': by is { month = 1, day = 31, year = \"next\" }",
				   r->id);
		r->by_month = opt_int(L, b, "month", r->id, 0, 1, 12);
		r->by_day = opt_int(L, b, "day", r->id, 0, 1, 31);
		lua_getfield(L, b, "year");
		y = lua_tostring(L, -1);
		if (y && strcmp(y, "next") && strcmp(y, "same"))
			luaL_error(L, "periodic '%s': by.year is \"next\" or \"same\"", r->id);
		r->by_next = y && strcmp(y, "next") == 0;
		lua_pop(L, 1);
		if (!r->by_month || !r->by_day)
			luaL_error(L, "periodic '%s': by needs month and day", r->id);
	}
	lua_pop(L, 1);
}

/*
 * effective = "2021-07-29": the day the rule's source took effect; clock =
 * the date field(s) saying when a record's duty arose, where the rule type
 * has no default; restates = "B1": the rule says again what another says.
 */
static void parse_time(lua_State *L, int t, gk_rule *r, const char *tname)
{
	const char *s;
	size_t len;

	lua_getfield(L, t, "effective");
	if (!lua_isnil(L, -1)) {
		s = lua_tolstring(L, -1, &len);
		if (lua_type(L, -1) != LUA_TSTRING || gk_date_parse(s, len, &r->effective))
			luaL_error(L, "%s '%s': effective is the date the source took effect, "
				   "\"YYYY-MM-DD\"", tname, r->id);
	}
	lua_pop(L, 1);
	if (r->type != GK_RULE_PERIODIC)
		r->nclock = field_list(L, t, "clock", r->id, r->clock, 4, 1, 0);
	if (r->effective && !r->nclock &&
	    (r->type == GK_RULE_REQUIRED || r->type == GK_RULE_LUA))
		luaL_error(L, "%s '%s': with effective, say which date the duty arose on: "
			   "clock = \"formed_on\" (or received_on, published_on ...)", tname,
			   r->id);
	s = opt_string(L, t, "restates", tname, r->id, 0);
	if (s && strcmp(s, r->id) == 0)
		luaL_error(L, "%s '%s': a rule cannot restate itself", tname, r->id);
	if (s)
		r->restates = dup_or_die(L, s);
}

/* nonpublic = "secret" or a list of secret, internal, on_request, withheld
 * (or 涉密, 内部, 依申请公开, 不予公开): what must not be published.
 * Default: all four. */
static void parse_nonpublic(lua_State *L, int t, gk_rule *r)
{
	int n = 0;

	lua_getfield(L, t, "nonpublic");
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		r->nonpublic = (1u << GK_NNONPUBLIC) - 1;
		return;
	}
	if (lua_type(L, -1) == LUA_TSTRING) {
		lua_newtable(L);
		lua_insert(L, -2);
		lua_rawseti(L, -2, 1);
	}
	if (!lua_istable(L, -1) || (n = (int)lua_rawlen(L, -1)) < 1)
		luaL_error(L, "confidential '%s': nonpublic lists secret, internal, on_request, "
			   "withheld", r->id);
	for (int i = 1; i <= n; i++) {
		const char *v;
		int k = -1;

		lua_rawgeti(L, -1, i);
		v = lua_tostring(L, -1);
		for (int j = 0; v && j < GK_NNONPUBLIC; j++)
			if (strcmp(v, gk_nonpublic_names[j]) == 0 ||
			    strcmp(v, gk_nonpublic_labels[j]) == 0)
				k = j;
		if (k < 0)
			luaL_error(L, "confidential '%s': nonpublic: unknown kind '%s' (secret, "
				   "internal, on_request, withheld)", r->id, v ? v : "?");
		r->nonpublic |= 1u << k;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* finds = { "id_number", "mobile", "bank_card" }; default: id_number. */
static void parse_finds(lua_State *L, int t, gk_rule *r)
{
	static const char *const names[] = { "id_number", "mobile", "bank_card" };
	int n = 0;

	lua_getfield(L, t, "finds");
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		r->finds = GK_FIND_ID_NUMBER;
		return;
	}
	if (lua_type(L, -1) == LUA_TSTRING) {
		lua_newtable(L);
		lua_insert(L, -2);
		lua_rawseti(L, -2, 1);
	}
	if (!lua_istable(L, -1) || (n = (int)lua_rawlen(L, -1)) < 1)
		luaL_error(L, "privacy '%s': finds lists id_number, mobile, bank_card", r->id);
	for (int i = 1; i <= n; i++) {
		const char *v;
		int k = -1;

		lua_rawgeti(L, -1, i);
		v = lua_tostring(L, -1);
		for (int j = 0; v && j < 3; j++)
			if (strcmp(v, names[j]) == 0)
				k = j;
		if (k < 0)
			luaL_error(L, "privacy '%s': finds: unknown '%s' (id_number, mobile, "
				   "bank_card)", r->id, v ? v : "?");
		r->finds |= 1u << k;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* channels = "website" or a list (channel names or their Chinese names). */
static void parse_channels(lua_State *L, int t, gk_rule *r)
{
	int n = 0;

	lua_getfield(L, t, "channels");
	if (lua_type(L, -1) == LUA_TSTRING) {
		lua_newtable(L);
		lua_insert(L, -2);
		lua_rawseti(L, -2, 1);
	}
	if (!lua_istable(L, -1) || (n = (int)lua_rawlen(L, -1)) < 1 || n > 8)
		luaL_error(L, "channel '%s': channels lists 1 to 8 channels, e.g. "
			   "channels = { \"website\" }", r->id);
	for (int i = 1; i <= n; i++) {
		char canon[64], prob[256];
		const char *v, *problem;

		lua_rawgeti(L, -1, i);
		v = lua_tostring(L, -1);
		if (!v || gk_field_normalize(GK_F_CHANNELS, v, strlen(v), canon, sizeof(canon),
					     prob, sizeof(prob), &problem) != 0)
			luaL_error(L, "channel '%s': channels: %s", r->id,
				   v ? problem : "values must be text");
		r->channels[r->nchannels++] = dup_or_die(L, canon);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	lua_getfield(L, t, "any");
	r->any_channel = lua_toboolean(L, -1);
	lua_pop(L, 1);
}

static void parse_checks(lua_State *L, int t, gk_rule *r)
{
	int n = 0;

	lua_getfield(L, t, "checks");
	if (lua_isnil(L, -1)) {
		r->checks = GK_CHECK_ELEMENTS | GK_CHECK_CHANNEL | GK_CHECK_DEADLINE |
			    GK_CHECK_MODE | GK_CHECK_BODIES;
		lua_pop(L, 1);
		return;
	}
	if (!lua_istable(L, -1) || (n = (int)lua_rawlen(L, -1)) < 1)
		luaL_error(L, "catalog '%s': checks lists \"elements\", \"channel\", \"deadline\", "
			   "\"mode\", \"bodies\"", r->id);
	for (int i = 1; i <= n; i++) {
		const char *c;

		lua_rawgeti(L, -1, i);
		c = lua_tostring(L, -1);
		if (c && strcmp(c, "elements") == 0)
			r->checks |= GK_CHECK_ELEMENTS;
		else if (c && strcmp(c, "channel") == 0)
			r->checks |= GK_CHECK_CHANNEL;
		else if (c && strcmp(c, "deadline") == 0)
			r->checks |= GK_CHECK_DEADLINE;
		else if (c && strcmp(c, "mode") == 0)
			r->checks |= GK_CHECK_MODE;
		else if (c && strcmp(c, "bodies") == 0)
			r->checks |= GK_CHECK_BODIES;
		else
			luaL_error(L, "catalog '%s': unknown check '%s' (elements, channel, deadline, "
				   "mode, bodies)", r->id, c ? c : "?");
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

static gk_rule *new_rule(lua_State *L, gk_policy *p)
{
	if (GK_GROW(p->rules, p->nrules, p->caprules))
		luaL_error(L, "out of memory");
	memset(&p->rules[p->nrules], 0, sizeof(gk_rule));
	p->rules[p->nrules].fnref = LUA_NOREF;
	p->rules[p->nrules].ext_field = -1;
	return &p->rules[p->nrules];
}

const char *const gk_decl_names[GK_NRULETYPES] = {
	"deadline", "required", "publisher", "rule", "order", "catalog",
	"confidential", "privacy", "periodic", "channel", "disable"
};

/*
 * Rule ids are unique within the baseline and within each jurisdiction.
 * A jurisdiction reusing a baseline id must say so: override = true
 * replaces the baseline rule there, disable switches it off there.
 */
static void check_id(lua_State *L, gk_policy *p, const char *id, int juris,
		     int override, int disable)
{
	const gk_rule *base = NULL;

	if (juris == -1 && (override || disable))
		luaL_error(L, "rule '%s': only a jurisdiction's folder can %s a baseline rule",
			   id, disable ? "disable" : "override");
	for (int i = 0; i < p->nrules; i++) {
		const gk_rule *o = &p->rules[i];

		if (strcmp(o->id, id) != 0)
			continue;
		if (o->juris == juris)
			luaL_error(L, "rule '%s' is already declared at %s:%d", id, o->file, o->line);
		if (o->juris == -1)
			base = o;
	}
	if ((override || disable) && !base)
		luaL_error(L, "rule '%s': there is no baseline rule '%s' to %s", id, id,
			   disable ? "disable" : "override");
	if (base && !override && !disable)
		luaL_error(L, "rule '%s' is already declared at %s:%d: to replace it for this "
			   "jurisdiction, add override = true", id, base->file, base->line);
}

/*
 * The second half of `deadline "B1" { ... }`: upvalue 1 is the type,
 * upvalue 2 the id; argument 1 the table.
 */
static int declare(lua_State *L)
{
	gk_policy *p = policy_of(L);
	enum gk_rule_type type = (enum gk_rule_type)lua_tointeger(L, lua_upvalueindex(1));
	const char *id = lua_tostring(L, lua_upvalueindex(2));
	static const char *const *tkeys[GK_NRULETYPES] = {
		deadline_keys, required_keys, publisher_keys, rule_keys, order_keys,
		catalog_keys, confidential_keys, privacy_keys, periodic_keys, channel_keys,
		disable_keys
	};
	static const enum gk_category defcat[GK_NRULETYPES] = {
		GK_CAT_DEADLINE, GK_CAT_COMPLETENESS, GK_CAT_RESPONSIBILITY, GK_NCATEGORIES,
		GK_CAT_PROCESS, GK_CAT_COMPLETENESS, GK_CAT_CONFIDENTIALITY, GK_CAT_PRIVACY,
		GK_CAT_PERIODIC, GK_CAT_CHANNEL, GK_CAT_PROCESS
	};
	const char *tname = gk_decl_names[type], *s;
	lua_Debug ar;
	gk_rule *r;
	int t = 1, override = 0;

	if (!p->file)
		return luaL_error(L, "rules can only be declared while a policy file loads");
	if (!lua_istable(L, t))
		return luaL_error(L, "%s '%s': expected a table: %s \"%s\" { ... }", tname, id,
				  tname, id);
	check_keys(L, t, tkeys[type], tname, id);
	lua_getfield(L, t, "override");
	if (!lua_isnil(L, -1) && !lua_isboolean(L, -1))
		return luaL_error(L, "%s '%s': override is true or false", tname, id);
	override = lua_toboolean(L, -1);
	lua_pop(L, 1);
	check_id(L, p, id, p->file->juris, override, type == GK_RULE_DISABLE);
	r = new_rule(L, p);
	p->nrules++;  /* counted now so a failure below still frees it */
	r->id = dup_or_die(L, id);
	r->file = dup_or_die(L, p->file->path);
	r->juris = p->file->juris;
	r->type = type;
	r->override = override;
	lua_getstack(L, 1, &ar);
	lua_getinfo(L, "Sl", &ar);
	r->line = ar.currentline;
	/* Written in the file itself (not from load() or a C function), so
	 * that load_file can match it with what the history sees. */
	if (ar.source[0] != '@' || strcmp(ar.source + 1, p->file->path) != 0 || r->line < 1)
		return luaL_error(L, "%s '%s': declare it in the policy file itself, as %s \"%s\" "
				  "{ ... }", tname, id, tname, id);
	if (type == GK_RULE_DISABLE) {
		r->reason = dup_or_die(L, opt_string(L, t, "reason", tname, id, 1));
		r->basis = dup_or_die(L, "");
		r->message = dup_or_die(L, r->reason);
		return 0;
	}
	r->basis = dup_or_die(L, opt_string(L, t, "basis", tname, id, 1));
	r->message = dup_or_die(L, opt_string(L, t, "message", tname, id, 1));
	if (type != GK_RULE_PERIODIC)
		r->kinds = parse_kinds(L, t, id);
	s = opt_string(L, t, "category", tname, id, type == GK_RULE_LUA);
	if (s) {
		int c = gk_category_lookup(s);
		if (c < 0) {
			const char *g = gk_suggest(s, gk_category_names, GK_NCATEGORIES);
			return luaL_error(L, "%s '%s': unknown category '%s'%s%s%s", tname, id, s,
					  g ? " (did you mean '" : " (see the list in the policy guide)",
					  g ? g : "", g ? "'?)" : "");
		}
		r->category = (enum gk_category)c;
	} else {
		r->category = defcat[type];
	}
	r->severity = GK_SEV_VIOLATION;
	if ((s = opt_string(L, t, "severity", tname, id, 0))) {
		int v = gk_severity_lookup(s);

		if (v < 0) {
			const char *g = gk_severity_suggest(s);

			return luaL_error(L, "%s '%s': unknown severity '%s'%s%s%s: a rule is "
					  "\"违规\" (violation, the default) or \"提示\" (notice)",
					  tname, id, s, g ? " (did you mean '" : "", g ? g : "",
					  g ? "'?)" : "");
		}
		r->severity = (enum gk_severity)v;
	}
	if (type != GK_RULE_PERIODIC)
		parse_when(L, t, r);
	parse_time(L, t, r, tname);
	switch (type) {
	case GK_RULE_DEADLINE:
		parse_deadline(L, t, r);
		break;
	case GK_RULE_REQUIRED:
		parse_fields(L, t, r);
		lua_getfield(L, t, "any");
		r->any = lua_toboolean(L, -1);
		lua_pop(L, 1);
		break;
	case GK_RULE_PUBLISHER:
		lua_getfield(L, t, "unit");
		if (lua_isnil(L, -1))
			return luaL_error(L, "publisher '%s': missing 'unit' (the field naming who "
					  "must publish: producer, approver or implementer, or a "
					  "list of them: the first present decides)", id);
		lua_pop(L, 1);
		r->nunits = field_list(L, t, "unit", id, r->units, 3, 0, 1);
		for (int i = 0; i < r->nunits; i++)
			if (r->units[i] != GK_F_PRODUCER && r->units[i] != GK_F_APPROVER &&
			    r->units[i] != GK_F_IMPLEMENTER)
				return luaL_error(L, "publisher '%s': unit is producer, approver or "
						  "implementer, not '%s'", id, gk_fields[r->units[i]].name);
		break;
	case GK_RULE_LUA:
		parse_reads(L, t, r);
		lua_getfield(L, t, "check");
		if (!lua_isfunction(L, -1))
			return luaL_error(L, "rule '%s': 'check' must be a function(r) that returns "
					  "nil when the record complies, or a message", id);
		r->fnref = luaL_ref(L, LUA_REGISTRYINDEX);
		break;
	case GK_RULE_ORDER:
		r->nsteps = field_list(L, t, "steps", id, r->steps, 8, 1, 1);
		if (r->nsteps < 2)
			return luaL_error(L, "order '%s': steps lists at least two date fields", id);
		lua_getfield(L, t, "strict");
		r->strict = lua_toboolean(L, -1);
		lua_pop(L, 1);
		break;
	case GK_RULE_CATALOG:
		if (r->juris < 0)
			return luaL_error(L, "catalog '%s': catalogs belong to a jurisdiction: "
					  "declare it in that jurisdiction's folder", id);
		r->catalog = p->bundle->catalogs[r->juris];
		if (!r->catalog)
			return luaL_error(L, "catalog '%s': %s/%s/catalog.yaml is missing or has errors", id,
					  p->bundle->root, p->bundle->juris[r->juris]);
		r->nstart = field_list(L, t, "start", id, r->start, 4, 1, 1);
		lua_getfield(L, t, "stop");
		if (lua_isnil(L, -1))
			return luaL_error(L, "catalog '%s': missing 'stop' (e.g. \"published_on\")", id);
		r->stop = (enum gk_field)date_field_arg(L, -1, "stop", id);
		r->stops[0] = r->stop;
		r->nstop = 1;
		lua_pop(L, 1);
		parse_checks(L, t, r);
		r->dir = p->bundle->units[r->juris];
		if (r->checks & GK_CHECK_BODIES) {
			for (int i = 0; i < r->catalog->nitems; i++)
				if (r->catalog->items[i].responsible_types && !r->dir)
					return luaL_error(L, "catalog '%s': item '%s' names its responsible "
							  "bodies (responsible_types) but %s/%s/%s is "
							  "missing or has errors", id,
							  r->catalog->items[i].id, p->bundle->root,
							  p->bundle->juris[r->juris], GK_UNITS_FILE);
		}
		break;
	case GK_RULE_CONFIDENTIAL:
		parse_nonpublic(L, t, r);
		r->nscan = field_list(L, t, "scan", id, r->scan, 4, 0, 0);
		break;
	case GK_RULE_PRIVACY:
		parse_finds(L, t, r);
		r->nscan = field_list(L, t, "scan", id, r->scan, 4, 0, 1);
		break;
	case GK_RULE_CHANNEL:
		parse_channels(L, t, r);
		break;
	case GK_RULE_PERIODIC:
		parse_periodic(L, t, r);
		if (r->per_venue) {
			if (r->juris < 0)
				return luaL_error(L, "periodic '%s': per = \"venue\" belongs to a "
						  "jurisdiction (its venues are in its units.yaml)", id);
			r->dir = p->bundle->units[r->juris];
			if (!r->dir || !r->dir->nvenues)
				return luaL_error(L, "periodic '%s': per = \"venue\" needs the venues "
						  "of %s/%s/%s (units with venue: true)", id,
						  p->bundle->root, p->bundle->juris[r->juris],
						  GK_UNITS_FILE);
		}
		break;
	case GK_RULE_DISABLE:
	case GK_NRULETYPES:
		break;
	}
	return 0;
}

/* deadline "B1" -> a function taking the rule's table. */
int gk_lua_declare_start(lua_State *L)
{
	const char *id = luaL_checkstring(L, 1);
	size_t len = strlen(id);

	if (len == 0 || len > 64 || strpbrk(id, " \t\n\"'") || !text_ok(id, lua_rawlen(L, 1)))
		return luaL_error(L, "a rule id is a short name without spaces, such as \"B1\"");
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, 1);
	lua_pushcclosure(L, declare, 2);
	return 1;
}


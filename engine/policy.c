/*
 * policy.c - loading policies into a Lua sandbox and judging records.
 *
 * Every lua_* call of gongkai lives in this file and in the sandbox it
 * builds on (sandbox.c, sandbox_lib.c, lpattern.c).  Layout:
 *   bundle       reading the policy files once from their source
 *   policy       the state: a sandbox plus the rules it declared
 *   declarations deadline / required / publisher / rule
 *   library      working days and text helpers for check functions
 *   records      the read-only lazy view of the current row
 *   loading      files, seeing every declaration the history sees, sealing
 *   evaluation   judging one record, reading back inside a protected call
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "../stores/policyset/catalog_yaml.h"
#include "../stores/policyset/units_yaml.h"
#include "coverage.h"
#include "declscan.h"
#include "textcap.h"
#include "explain.h"
#include "policy.h"
#include "register.h"
#include "sandbox.h"
#include "textscan.h"

/* ====================================================================== */
/* bundle                                                                  */
/* ====================================================================== */

typedef struct bfile {
	char *path;       /* display path: "policies/baseline/b1.lua" */
	char *text;
	size_t len;
	int juris;        /* -1 baseline */
} bfile;

struct gk_bundle {
	bfile *files;
	int nfiles;
	char **juris;
	int njuris;
	gk_catalog **catalogs;  /* per jurisdiction, NULL when it has none */
	gk_units **units;       /* per jurisdiction, NULL when it has none */
	char *root;
};

void gk_bundle_free(gk_bundle *b)
{
	if (!b)
		return;
	for (int i = 0; i < b->nfiles; i++) {
		free(b->files[i].path);
		free(b->files[i].text);
	}
	free(b->files);
	for (int i = 0; i < b->njuris; i++) {
		free(b->juris[i]);
		if (b->catalogs)
			gk_catalog_free(b->catalogs[i]);
		if (b->units)
			gk_units_free(b->units[i]);
	}
	free(b->catalogs);
	free(b->units);
	free(b->juris);
	free(b->root);
	free(b);
}

int gk_bundle_njuris(const gk_bundle *b) { return b->njuris; }
const char *gk_bundle_juris(const gk_bundle *b, int i) { return b->juris[i]; }
int gk_bundle_nfiles(const gk_bundle *b) { return b->nfiles; }

int gk_bundle_juris_index(const gk_bundle *b, const char *name, size_t len)
{
	for (int i = 0; i < b->njuris; i++)
		if (strlen(b->juris[i]) == len && memcmp(b->juris[i], name, len) == 0)
			return i;
	return -1;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int bundle_add_folder(gk_bundle *b, gk_source *src, const char *folder,
			     int juris, gk_error *err)
{
	gk_source_entry *e;
	size_t n;
	int rc = gk_source_list(src, folder, &e, &n, err);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		bfile *f, *grown;
		char *rel;

		if (e[i].is_dir || !ends_with(e[i].name, ".lua"))
			continue;
		grown = realloc(b->files, sizeof(*grown) * (size_t)(b->nfiles + 1));
		if (!grown) {
			rc = gk_error_set(err, GK_ENOMEM, "out of memory");
			break;
		}
		b->files = grown;
		f = &b->files[b->nfiles];
		memset(f, 0, sizeof(*f));
		f->juris = juris;
		if (asprintf(&rel, "%s/%s", folder, e[i].name) < 0) {
			rc = gk_error_set(err, GK_ENOMEM, "out of memory");
			break;
		}
		if (asprintf(&f->path, "%s/%s", gk_source_root(src), rel) < 0) {
			free(rel);
			rc = gk_error_set(err, GK_ENOMEM, "out of memory");
			break;
		}
		b->nfiles++;
		rc = gk_source_read(src, rel, &f->text, &f->len, err);
		free(rel);
	}
	gk_source_entries_free(e, n);
	return rc;
}

/*
 * A jurisdiction's data file (units.yaml or catalog.yaml), when present.
 * With report, a broken file is reported and left out instead of failing
 * the read (lint wants every problem at once).
 */
static int bundle_add_data(gk_bundle *b, gk_source *src, int j, const char *file,
			   gk_report_fn report, void *ud, gk_error *err)
{
	char rel[512], disp[1024], *buf;
	size_t len;
	int rc;

	snprintf(rel, sizeof(rel), "%s/%s", b->juris[j], file);
	if (!gk_source_exists(src, rel))
		return 0;
	snprintf(disp, sizeof(disp), "%s/%s", gk_source_root(src), rel);
	if ((rc = gk_source_read(src, rel, &buf, &len, err)))
		return rc;
	if (strcmp(file, GK_UNITS_FILE) == 0)
		rc = gk_units_parse(disp, buf, len, &b->units[j], err);
	else
		rc = gk_catalog_parse(disp, buf, len, &b->catalogs[j], err);
	free(buf);
	if (rc && report && rc != GK_ENOMEM) {
		report(ud, err->msg);
		rc = 0;
	}
	return rc;
}

static int bundle_read(gk_source *src, gk_bundle **out, gk_report_fn report,
		       void *ud, gk_error *err);

int gk_bundle_read(gk_source *src, gk_bundle **out, gk_error *err)
{
	return bundle_read(src, out, NULL, NULL, err);
}

/* With report, a broken catalog is reported and left out instead of
 * failing the read (lint wants every problem at once). */
static int bundle_read(gk_source *src, gk_bundle **out, gk_report_fn report,
		       void *ud, gk_error *err)
{
	gk_bundle *b;
	gk_source_entry *e = NULL;
	size_t n = 0;
	int rc, have_baseline = 0;

	*out = NULL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	if ((rc = gk_source_list(src, "", &e, &n, err)))
		goto cleanup;
	for (size_t i = 0; i < n; i++) {
		char **grown;

		if (!e[i].is_dir)
			continue;
		if (strcmp(e[i].name, "baseline") == 0) {
			have_baseline = 1;
			continue;
		}
		grown = realloc(b->juris, sizeof(*grown) * (size_t)(b->njuris + 1));
		if (!grown || !(grown[b->njuris] = strdup(e[i].name))) {
			if (grown)
				b->juris = grown;
			rc = gk_error_set(err, GK_ENOMEM, "out of memory");
			goto cleanup;
		}
		b->juris = grown;
		b->njuris++;
	}
	if (!have_baseline) {
		rc = gk_error_set(err, GK_EPOLICY,
				  "the policy set '%s' has no baseline/ folder: is it a policy set?",
				  gk_source_root(src));
		goto cleanup;
	}
	if (!(b->root = strdup(gk_source_root(src))) ||
	    !(b->catalogs = calloc((size_t)(b->njuris ? b->njuris : 1), sizeof(gk_catalog *))) ||
	    !(b->units = calloc((size_t)(b->njuris ? b->njuris : 1), sizeof(gk_units *)))) {
		rc = gk_error_set(err, GK_ENOMEM, "out of memory");
		goto cleanup;
	}
	if ((rc = bundle_add_folder(b, src, "baseline", -1, err)))
		goto cleanup;
	for (int j = 0; j < b->njuris; j++) {
		if ((rc = bundle_add_folder(b, src, b->juris[j], j, err)) ||
		    (rc = bundle_add_data(b, src, j, GK_UNITS_FILE, report, ud, err)) ||
		    (rc = bundle_add_data(b, src, j, GK_CATALOG_FILE, report, ud, err)))
			goto cleanup;
	}
	*out = b;
	b = NULL;
cleanup:
	gk_source_entries_free(e, n);
	gk_bundle_free(b);
	return rc;
}

/* ====================================================================== */
/* policy                                                                  */
/* ====================================================================== */

struct gk_policy {
	gk_sandbox sb;          /* first: the state's extra space points here */
	const gk_bundle *bundle;
	const gk_calendar *cal;

	/* what is running: for messages and for the record view */
	const bfile *file;      /* file being loaded */
	const gk_rule *rule;    /* rule being called */
	const char *record_id;
	gk_get_fn get;
	void *rec;
	unsigned gen;           /* record generation: views of older records die */
	gk_day as_of;
	int warn;                 /* early warnings up to warn_until */
	gk_day warn_until;
	int provisional;          /* a check's working days touched a provisional year */

	gk_rule *rules;
	int nrules, caprules;
	int *restore;           /* per rule: what gk_sandbox_restore sets back */
	int **bykind;           /* [juris][kind] -> rule indices ending in -1 */
	int *njurisrules;
	unsigned char *active;  /* [juris * nrules + i]: rule i applies there */
	int *restated;          /* [juris * nrules + i]: the rule i restates there, or -1 */
	unsigned char *merging; /* [juris * GK_NKINDS + kind]: some rule restates another */
	struct pending *pend;   /* one record's verdicts, while restating rules merge */
	int npend, cappend;
	const gk_register *reg;

	/* last jurisdiction looked up, to skip string compares */
	int last_juris;
};

static gk_policy *policy_of(lua_State *L)
{
	return (gk_policy *)gk_sandbox_of(L);
}

/* ====================================================================== */
/* declarations                                                            */
/* ====================================================================== */

/* Edit distance, for "did you mean" in messages. */
static int distance(const char *a, const char *b)
{
	int la = (int)strlen(a), lb = (int)strlen(b), d[64];

	if (la > 62 || lb > 62)
		return 99;
	for (int j = 0; j <= lb; j++)
		d[j] = j;
	for (int i = 1; i <= la; i++) {
		int prev = d[0], tmp;
		d[0] = i;
		for (int j = 1; j <= lb; j++) {
			tmp = d[j];
			d[j] = a[i - 1] == b[j - 1] ? prev :
				1 + (prev < d[j] ? (prev < d[j - 1] ? prev : d[j - 1])
						 : (d[j] < d[j - 1] ? d[j] : d[j - 1]));
			prev = tmp;
		}
	}
	return d[lb];
}

static const char *suggest(const char *name, const char *const *names, int n)
{
	const char *best = NULL;
	int bd = 3;

	for (int i = 0; i < n; i++) {
		int dd = distance(name, names[i]);
		if (dd < bd) {
			bd = dd;
			best = names[i];
		}
	}
	return best;
}

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
	s = suggest(name, names, GK_NFIELDS);
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

#define COMMON_KEYS "basis", "message", "kinds", "when", "category", "override", \
	"effective", "clock", "restates"
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
	"basis", "message", "category", "override", "effective", "restates", "event",
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
			const char *s = suggest(k, keys, n);
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
			const char *s = k ? suggest(k, (const char *const *)gk_kind_names,
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
	if (p->nrules == p->caprules) {
		int cap = p->caprules ? p->caprules * 2 : 16;
		gk_rule *g = realloc(p->rules, sizeof(*g) * (size_t)cap);
		if (!g)
			luaL_error(L, "out of memory");
		p->rules = g;
		p->caprules = cap;
	}
	memset(&p->rules[p->nrules], 0, sizeof(gk_rule));
	p->rules[p->nrules].fnref = LUA_NOREF;
	p->rules[p->nrules].ext_field = -1;
	return &p->rules[p->nrules];
}

static const char *const decl_names[GK_NRULETYPES] = {
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
	const char *tname = decl_names[type], *s;
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
			const char *g = suggest(s, gk_category_names, GK_NCATEGORIES);
			return luaL_error(L, "%s '%s': unknown category '%s'%s%s%s", tname, id, s,
					  g ? " (did you mean '" : " (see the list in the policy guide)",
					  g ? g : "", g ? "'?)" : "");
		}
		r->category = (enum gk_category)c;
	} else {
		r->category = defcat[type];
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
static int declare_start(lua_State *L)
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

/* ====================================================================== */
/* library                                                                 */
/* ====================================================================== */

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

	if (n < 0 || n > 100000)
		return luaL_error(L, "workdays_after: n must be between 0 and 100000");
	if (gk_calendar_add_workdays(p->cal, d, (int)n, &out, &err))
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
	int n;

	if (gk_calendar_workdays_between(p->cal, a, b, &n, &err))
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
	int w = gk_calendar_is_workday(p->cal, d, &err);

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

/* ====================================================================== */
/* records                                                                 */
/* ====================================================================== */

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
		s = name ? suggest(name, names, GK_NFIELDS) : NULL;
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

/* ====================================================================== */
/* loading                                                                 */
/* ====================================================================== */

static void set_fn(lua_State *L, const char *name, lua_CFunction fn)
{
	lua_pushcfunction(L, fn);
	lua_setfield(L, -2, name);
}

/*
 * Add the declarations, the helpers and the record metatable to the
 * sandbox's library (sandbox_lib.c made the rest).  Runs as a protected
 * call: [-0, +0].
 */
static int setup(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, "gk.lib");
	for (int i = 0; i < GK_NRULETYPES; i++) {
		lua_pushinteger(L, i);
		lua_pushcclosure(L, declare_start, 1);
		lua_setfield(L, -2, decl_names[i]);
	}
	set_fn(L, "workdays_after", l_workdays_after);
	set_fn(L, "workdays_between", l_workdays_between);
	set_fn(L, "days_between", l_days_between);
	set_fn(L, "is_workday", l_is_workday);
	set_fn(L, "is_date", l_is_date);
	set_fn(L, "as_of", l_as_of);
	set_fn(L, "contains", l_contains);
	set_fn(L, "split", l_split);
	set_fn(L, "has", l_has);
	lua_pop(L, 1);

	/* Record views. */
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
	return 0;
}

/*
 * The rules file f declared (rules first.. of p) must be exactly the
 * declarations its text shows (declscan.h), each declared once from its
 * own line: gongkai log and blame read the text, so a rule they cannot
 * see must not run, and a declaration they list must be one that ran.
 */
static int check_visible(gk_policy *p, const bfile *f, int first, gk_error *err)
{
	gk_decl *d = NULL;
	size_t n = 0;
	unsigned char *used = NULL;
	int rc;

	if ((rc = gk_declscan(f->text, f->len, &d, &n, err)))
		return rc;
	if (n && !(used = calloc(n, 1))) {
		rc = gk_error_set(err, GK_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (int i = first; i < p->nrules && !rc; i++) {
		const gk_rule *r = &p->rules[i];
		size_t k;

		for (k = 0; k < n; k++)
			if (!used[k] && d[k].type == (int)r->type && d[k].first == r->line &&
			    strcmp(d[k].id, r->id) == 0)
				break;
		if (k < n)
			used[k] = 1;
		else
			rc = gk_error_set(err, GK_EPOLICY,
					  "%s:%d: %s '%s' is declared in a form gongkai log and blame "
					  "cannot see: write it as %s \"%s\" { ... }, the kind and the id "
					  "as plain text, as a statement of the file (not through a "
					  "local, a loop, a function or inside brackets)", f->path,
					  r->line, decl_names[r->type], r->id, decl_names[r->type], r->id);
	}
	for (size_t k = 0; k < n && !rc; k++)
		if (!used[k])
			rc = gk_error_set(err, GK_EPOLICY,
					  "%s:%d: %s '%s' did not run when the file loaded: a "
					  "declaration runs once, as the file loads (not inside a "
					  "function or a condition that skips it), so that what gongkai "
					  "log and blame show is what runs", f->path, d[k].first,
					  decl_names[d[k].type], d[k].id);
cleanup:
	free(used);
	gk_decls_free(d, n);
	return rc;
}

static int load_file(gk_policy *p, const bfile *f, gk_error *err)
{
	lua_State *L = p->sb.L;
	char chunk[1024];
	int status, first = p->nrules;

	snprintf(chunk, sizeof(chunk), "@%s", f->path);
	gk_watch_call(p->sb.watch, f->path, 0, NULL);
	p->file = f;
	status = luaL_loadbufferx(L, f->text, f->len, chunk, "t");
	if (status != LUA_OK)
		return gk_sandbox_error(&p->sb, err, status, f->path);
	/* Its own environment: globals it reads come from the library. */
	gk_sandbox_push_env(L);
	if (!lua_setupvalue(L, -2, 1))
		lua_pop(L, 1);
	gk_sandbox_begin(&p->sb, p->sb.lim.load_instructions);
	status = gk_sandbox_pcall(&p->sb, 0, 0);
	gk_sandbox_end(&p->sb);
	p->file = NULL;
	if (status != LUA_OK)
		return gk_sandbox_error(&p->sb, err, status, f->path);
	return check_visible(p, f, first, err);
}

/* After loading: fix what every check can reach (gk_sandbox_seal). */
static int seal(gk_policy *p, gk_error *err)
{
	int *refs = NULL, *restore = NULL, n = 0, rc = 0;
	const char **names = NULL;
	size_t cap = (size_t)(p->nrules ? p->nrules : 1);

	p->restore = malloc(sizeof(int) * cap);
	refs = malloc(sizeof(int) * cap);
	restore = malloc(sizeof(int) * cap);
	names = malloc(sizeof(char *) * cap);
	if (!p->restore || !refs || !restore || !names) {
		rc = gk_error_set(err, GK_ENOMEM, "out of memory");
		goto cleanup;
	}
	for (int i = 0; i < p->nrules; i++) {
		p->restore[i] = LUA_NOREF;
		if (p->rules[i].type == GK_RULE_LUA) {
			refs[n] = p->rules[i].fnref;
			names[n++] = p->rules[i].id;
		}
	}
	if ((rc = gk_sandbox_seal(&p->sb, refs, names, n, restore, err)))
		goto cleanup;
	for (int i = 0, k = 0; i < p->nrules; i++)
		if (p->rules[i].type == GK_RULE_LUA)
			p->restore[i] = restore[k++];
cleanup:
	free(refs);
	free(restore);
	free(names);
	return rc;
}

/* 1 when rule i is in force in jurisdiction j: its own rules, and the
 * baseline's unless j overrides or disables them. */
static int in_force(const gk_policy *p, int i, int j)
{
	const gk_rule *r = &p->rules[i];

	if (r->type == GK_RULE_DISABLE)
		return 0;
	if (r->juris == j)
		return 1;
	if (r->juris != -1)
		return 0;
	for (int k = 0; k < p->nrules; k++)
		if (p->rules[k].juris == j && strcmp(p->rules[k].id, r->id) == 0)
			return 0;
	return 1;
}

/*
 * For each jurisdiction, the rule each restating rule restates there (the
 * baseline's or the jurisdiction's own override), and whether a record
 * kind meets any such pair: only those records buffer their verdicts.
 */
static int index_restates(gk_policy *p, gk_error *err)
{
	int nj = p->bundle->njuris, nr = p->nrules;

	p->restated = malloc(sizeof(int) * (size_t)(nj ? nj : 1) * (size_t)(nr ? nr : 1));
	p->merging = calloc((size_t)(nj ? nj : 1) * GK_NKINDS, 1);
	if (!p->restated || !p->merging)
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	for (int i = 0; i < nr; i++) {
		const gk_rule *r = &p->rules[i];
		int known = 0;

		for (int k = 0; r->restates && k < nr; k++)
			known |= k != i && strcmp(p->rules[k].id, r->restates) == 0 &&
				 (p->rules[k].juris == -1 || p->rules[k].juris == r->juris);
		if (r->restates && !known)
			return gk_error_set(err, GK_EPOLICY, "%s:%d: rule '%s' restates '%s', "
					    "which is neither a baseline rule nor one of its "
					    "jurisdiction's", r->file, r->line, r->id, r->restates);
	}
	for (int j = 0; j < nj; j++)
		for (int i = 0; i < nr; i++) {
			const gk_rule *r = &p->rules[i];
			int *to = &p->restated[j * nr + i];

			*to = -1;
			if (!r->restates || !p->active[j * nr + i])
				continue;
			for (int k = 0; k < nr && *to < 0; k++)
				if (p->active[j * nr + k] && strcmp(p->rules[k].id, r->restates) == 0)
					*to = k;
			for (int kind = 0; *to >= 0 && kind < GK_NKINDS; kind++)
				if (r->kinds & p->rules[*to].kinds & GK_KIND_BIT(kind))
					p->merging[j * GK_NKINDS + kind] = 1;
		}
	return 0;
}

/* Index rules by jurisdiction and kind so a record meets only its own. */
static int index_rules(gk_policy *p, gk_error *err)
{
	int nj = p->bundle->njuris;

	p->bykind = calloc((size_t)(nj ? nj : 1) * GK_NKINDS, sizeof(int *));
	p->njurisrules = calloc((size_t)(nj ? nj : 1), sizeof(int));
	p->active = calloc((size_t)(nj ? nj : 1) * (size_t)(p->nrules ? p->nrules : 1), 1);
	if (!p->bykind || !p->njurisrules || !p->active)
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	for (int j = 0; j < nj; j++) {
		for (int i = 0; i < p->nrules; i++)
			if ((p->active[j * p->nrules + i] = (unsigned char)in_force(p, i, j)))
				p->njurisrules[j]++;
		for (int k = 0; k < GK_NKINDS; k++) {
			int *list = malloc(sizeof(int) * (size_t)(p->nrules + 1)), n = 0;

			if (!list)
				return gk_error_set(err, GK_ENOMEM, "out of memory");
			for (int i = 0; i < p->nrules; i++) {
				const gk_rule *r = &p->rules[i];
				if (p->active[j * p->nrules + i] && r->type != GK_RULE_PERIODIC &&
				    (r->kinds & GK_KIND_BIT(k)))
					list[n++] = i;
			}
			list[n] = -1;
			p->bykind[j * GK_NKINDS + k] = list;
		}
	}
	return index_restates(p, err);
}

static int policy_load(const gk_bundle *b, const gk_calendar *cal,
		       const gk_limits *lim, const unsigned char *mask,
		       gk_policy **out, gk_error *err);

int gk_policy_load(const gk_bundle *b, const gk_calendar *cal,
		   const gk_limits *lim, gk_policy **out, gk_error *err)
{
	return policy_load(b, cal, lim, NULL, out, err);
}

/* Load the files mask selects (all when mask is NULL). */
static int policy_load(const gk_bundle *b, const gk_calendar *cal,
		       const gk_limits *lim, const unsigned char *mask,
		       gk_policy **out, gk_error *err)
{
	gk_policy *p;
	int rc, status;

	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	p->bundle = b;
	p->cal = cal;
	p->last_juris = -1;
	if ((rc = gk_sandbox_open(&p->sb, lim, err)))
		goto fail;
	gk_watch_enter(p->sb.watch, "loading", NULL);
	lua_pushcfunction(p->sb.L, setup);
	status = lua_pcall(p->sb.L, 0, 0, p->sb.msgh);
	if (status != LUA_OK) {
		rc = gk_sandbox_error(&p->sb, err, status, "setting up the sandbox");
		goto fail;
	}
	for (int i = 0; i < b->nfiles; i++)
		if ((!mask || mask[i]) && (rc = load_file(p, &b->files[i], err)))
			goto fail;
	gk_watch_call(p->sb.watch, NULL, 0, NULL);
	if ((rc = seal(p, err)) || (rc = index_rules(p, err)))
		goto fail;
	gk_watch_leave(p->sb.watch);
	*out = p;
	return 0;
fail:
	gk_watch_leave(p->sb.watch);
	gk_policy_free(p);
	return rc;
}

void gk_policy_free(gk_policy *p)
{
	if (!p)
		return;
	gk_sandbox_close(&p->sb);
	for (int i = 0; i < p->nrules; i++)
		gk_rule_release(&p->rules[i]);
	free(p->rules);
	free(p->restore);
	if (p->bykind)
		for (int i = 0; i < (p->bundle->njuris ? p->bundle->njuris : 1) * GK_NKINDS; i++)
			free(p->bykind[i]);
	free(p->bykind);
	free(p->njurisrules);
	free(p->active);
	free(p->restated);
	free(p->merging);
	free(p->pend);
	free(p);
}

int gk_policy_nrules(const gk_policy *p) { return p->nrules; }
const gk_rule *gk_policy_rule(const gk_policy *p, int i) { return &p->rules[i]; }

int gk_policy_nrules_for(const gk_policy *p, int juris)
{
	return juris >= 0 && juris < p->bundle->njuris ? p->njurisrules[juris] : 0;
}

void gk_policy_needs(const gk_policy *p, unsigned char need[GK_NFIELDS])
{
	memset(need, 0, GK_NFIELDS);
	need[GK_F_ID] = need[GK_F_JURISDICTION] = need[GK_F_KIND] = 1;
	for (int i = 0; i < p->nrules; i++)
		gk_rule_needs(&p->rules[i], need);
}

/* ====================================================================== */
/* evaluation                                                              */
/* ====================================================================== */

struct check_call {
	gk_policy *p;
	const gk_rule *r;
	gk_verdict *v;
};

/* Text the check returned, into buf: UTF-8 without NULs, or an error
 * naming the rule (a finding's message is evidence: gongkai stores what
 * the policy wrote or nothing, never a repaired guess). */
static void read_text(lua_State *L, int idx, const gk_rule *r, const char *what,
		      char *buf, size_t size)
{
	size_t len, bad, n;
	const char *s = lua_tolstring(L, idx, &len);

	if ((bad = gk_utf8_check(s, len)) < len)
		luaL_error(L, "%s:%d: rule '%s' returned a %s that is not UTF-8 text (byte "
			   "0x%s at offset %d): policies write UTF-8; cut text with utf8.offset, "
			   "not string.sub", r->file, r->line, r->id, what,
			   (char[3]){ "0123456789abcdef"[(unsigned char)s[bad] >> 4],
				      "0123456789abcdef"[s[bad] & 15], 0 }, (int)bad);
	if (memchr(s, '\0', len))
		luaL_error(L, "%s:%d: rule '%s' returned a %s with a NUL byte", r->file, r->line,
			   r->id, what);
	n = len;
	if (len > size - 1)             /* too long: cut on a character, marked */
		n = gk_utf8_cut(s, len, size - 4);
	memcpy(buf, s, n);
	if (n < len)
		memcpy(buf + n, "\xE2\x80\xA6", 3), n += 3;   /* U+2026 */
	buf[n] = '\0';
}

/*
 * Call a rule's check and read back what it returned, all inside one
 * protected call: the result may be a table whose __index raises or
 * loops, a number to convert, text that is not UTF-8.  The variables the
 * check can reach are set back first (sealing), so no state survives from
 * the previous call.  Upvalue: none; argument 1: a struct check_call.
 */
static int check_protected(lua_State *L)
{
	struct check_call *c = lua_touserdata(L, 1);
	const gk_rule *r = c->r;
	gk_verdict *v = c->v;
	const char *s;
	size_t len;

	gk_sandbox_restore(L, c->p->restore[r - c->p->rules]);
	lua_rawgeti(L, LUA_REGISTRYINDEX, r->fnref);
	((view *)lua_newuserdatauv(L, sizeof(view), 0))->gen = c->p->gen;
	luaL_setmetatable(L, VIEW_MT);
	lua_call(L, 1, 1);
	switch (lua_type(L, -1)) {
	case LUA_TNIL:
		return 0;
	case LUA_TBOOLEAN:
		if (!lua_toboolean(L, -1))
			return 0;
		break;
	case LUA_TSTRING:
		read_text(L, -1, r, "message", v->msg, sizeof(v->msg));
		v->found = 1;
		return 0;
	case LUA_TTABLE:
		lua_getfield(L, -1, "message");
		if (lua_isnil(L, -1))
			snprintf(v->msg, sizeof(v->msg), "%s", r->message);
		else if (lua_isstring(L, -1))
			read_text(L, -1, r, "message", v->msg, sizeof(v->msg));
		else
			return luaL_error(L, "%s:%d: rule '%s' returned a message that is a %s: "
					  "a message is text", r->file, r->line, r->id,
					  luaL_typename(L, -1));
		lua_pop(L, 1);
		lua_getfield(L, -1, "due_on");
		if (!lua_isnil(L, -1)) {
			s = lua_isstring(L, -1) ? lua_tolstring(L, -1, &len) : NULL;
			if (!s || gk_date_parse(s, len, &v->due))
				return luaL_error(L, "%s:%d: rule '%s' returned a due_on that is not a "
						  "date: expected \"YYYY-MM-DD\"", r->file, r->line,
						  r->id);
			v->has_due = 1;
		}
		v->found = 1;
		return 0;
	default:
		break;
	}
	return luaL_error(L, "%s:%d: rule '%s' returned %s: check must return nil when the "
			  "record complies, a message, or { message = ..., due_on = \"YYYY-MM-DD\" }",
			  r->file, r->line, r->id, luaL_typename(L, -1));
}

/* Call a rule's check on the current record: [-0, +0]. */
static int call_check(gk_policy *p, const gk_rule *r, gk_verdict *v, gk_error *err)
{
	lua_State *L = p->sb.L;
	struct check_call c = { p, r, v };
	int top = lua_gettop(L), status, rc = 0;
	char where[1024];

	v->found = 0;
	v->has_due = 0;
	v->warn = 0;
	v->category = r->category;
	p->provisional = 0;
	p->rule = r;
	gk_watch_enter(p->sb.watch, "checking", p->record_id);
	gk_watch_call(p->sb.watch, r->file, r->line, r->id);
	gk_sandbox_begin(&p->sb, p->sb.lim.instructions);
	lua_pushcfunction(L, check_protected);
	lua_pushlightuserdata(L, &c);
	status = gk_sandbox_pcall(&p->sb, 1, 0);
	gk_sandbox_end(&p->sb);
	if (status != LUA_OK) {
		snprintf(where, sizeof(where), "%s:%d", r->file, r->line);
		gk_sandbox_error(&p->sb, err, status, where);
	}
	lua_settop(L, top);
	gk_watch_leave(p->sb.watch);
	if (status != LUA_OK) {
		rc = gk_error_prefix(err, "rule '%s' failed on record '%s'", r->id, p->record_id);
		v->found = 0;
	}
	/* An answer that went through a provisional calendar year is 暂定. */
	v->provisional = p->provisional;
	p->rule = NULL;
	return rc;
}

/* A verdict held back until the record's rules are all judged, so that a
 * rule restating another and the rule it restates give one finding. */
struct pending {
	const gk_rule *r;
	int idx;                 /* the rule's index */
	int dropped;             /* merged into the restating rule's verdict */
	gk_verdict v;
	char basis[4096];        /* both bases, "A；B" */
};

static int pend_add(gk_policy *p, int idx, const gk_verdict *v, gk_error *err)
{
	struct pending *e;

	if (p->npend == p->cappend) {
		int cap = p->cappend ? p->cappend * 2 : 16;
		struct pending *g = realloc(p->pend, sizeof(*g) * (size_t)cap);

		if (!g)
			return gk_error_set(err, GK_ENOMEM, "out of memory");
		p->pend = g;
		p->cappend = cap;
	}
	e = &p->pend[p->npend++];
	e->r = &p->rules[idx];
	e->idx = idx;
	e->dropped = 0;
	e->v = *v;
	return 0;
}

static const char *fact_of(const gk_verdict *v)
{
	return v->fact[0] ? v->fact : gk_category_names[v->category];
}

/* Merge each restating rule's verdict with the restated rule's verdict on
 * the same fact: one finding, under the restating (local, more specific)
 * rule, citing both bases. */
static void pend_merge(gk_policy *p, int j)
{
	for (int a = 0; a < p->npend; a++) {
		struct pending *x = &p->pend[a];
		int k = p->restated[j * p->nrules + x->idx];
		const char *xb, *yb;

		for (int b = 0; k >= 0 && b < p->npend; b++) {
			struct pending *y = &p->pend[b];

			if (y->idx != k || y->dropped || y->v.warn != x->v.warn ||
			    y->v.category != x->v.category ||
			    strcmp(fact_of(&y->v), fact_of(&x->v)) != 0)
				continue;
			xb = x->v.basis ? x->v.basis : x->r->basis;
			yb = y->v.basis ? y->v.basis : y->r->basis;
			y->dropped = 1;
			/* A basis that already cites the other's is not repeated. */
			if (!strstr(xb, yb)) {
				snprintf(x->basis, sizeof(x->basis), "%s；%s", xb, yb);
				x->v.basis = x->basis;
			}
			break;
		}
	}
}

int gk_policy_eval(gk_policy *p, gk_get_fn get, void *rec, gk_day as_of,
		   gk_emit_fn emit, void *ud, gk_error *err)
{
	size_t jlen, klen, ilen;
	const char *jname = get(rec, GK_F_JURISDICTION, &jlen);
	const char *kname = get(rec, GK_F_KIND, &klen);
	const char *id = get(rec, GK_F_ID, &ilen);
	const char *lj;
	const int *list;
	gk_verdict v[GK_MAX_VERDICTS];
	gk_judge_ctx cx = { p->cal, as_of, p->reg, p->warn, p->warn_until };
	int j = p->last_juris, kind, rc, nv, merging;

	lj = j >= 0 ? p->bundle->juris[j] : NULL;
	if (!lj || strlen(lj) != jlen || memcmp(lj, jname, jlen) != 0) {
		j = gk_bundle_juris_index(p->bundle, jname, jlen);
		if (j < 0)
			return gk_error_set(err, GK_EINVAL,
					    "record '%s': jurisdiction '%.*s' has no policies", id,
					    (int)jlen, jname);
		p->last_juris = j;
	}
	kind = gk_kind_lookup(kname, klen);
	if (kind < 0)
		return gk_error_set(err, GK_EINVAL, "record '%s': unknown kind '%.*s'", id,
				    (int)klen, kname);
	merging = p->merging[j * GK_NKINDS + kind];
	p->npend = 0;
	p->gen++;
	p->get = get;
	p->rec = rec;
	p->record_id = id;
	p->as_of = as_of;
	rc = 0;
	for (list = p->bykind[j * GK_NKINDS + kind]; *list >= 0 && !rc; list++) {
		const gk_rule *r = &p->rules[*list];

		if (!gk_rule_applies(r, (enum gk_kind)kind, get, rec) ||
		    !gk_rule_in_effect(r, get, rec, NULL))
			continue;
		if (r->type == GK_RULE_LUA) {
			rc = call_check(p, r, &v[0], err);
			nv = v[0].found;
			v[0].basis = NULL;
			v[0].unit = NULL;
			v[0].period[0] = '\0';
		} else if ((rc = gk_rule_judge(r, &cx, get, rec, v, &nv, err))) {
			gk_error_prefix(err, "%s:%d: rule '%s', record '%s'", r->file, r->line,
					r->id, id);
		}
		for (int i = 0; !rc && i < nv; i++)
			rc = merging ? pend_add(p, *list, &v[i], err)
				     : emit(ud, r, id, p->bundle->juris[j], &v[i], err);
	}
	if (!rc && merging) {
		pend_merge(p, j);
		for (int i = 0; !rc && i < p->npend; i++)
			if (!p->pend[i].dropped)
				rc = emit(ud, p->pend[i].r, id, p->bundle->juris[j], &p->pend[i].v,
					  err);
	}
	p->rec = NULL;
	p->gen++;
	return rc;
}

void gk_policy_set_register(gk_policy *p, const gk_register *reg)
{
	p->reg = reg;
}

void gk_policy_set_warn(gk_policy *p, gk_day until)
{
	p->warn = 1;
	p->warn_until = until;
}

int gk_policy_needs_register(const gk_policy *p)
{
	for (int i = 0; i < p->nrules; i++)
		if (p->rules[i].type == GK_RULE_CONFIDENTIAL)
			return 1;
	return 0;
}

int gk_policy_in_force(const gk_policy *p, int rule, int juris)
{
	return juris >= 0 && juris < p->bundle->njuris && rule >= 0 && rule < p->nrules &&
	       p->active[juris * p->nrules + rule];
}

const gk_catalog *gk_bundle_catalog(const gk_bundle *b, int j)
{
	return j >= 0 && j < b->njuris ? b->catalogs[j] : NULL;
}

const gk_units *gk_bundle_units(const gk_bundle *b, int j)
{
	return j >= 0 && j < b->njuris ? b->units[j] : NULL;
}

const char *gk_bundle_juris_name(const gk_bundle *b, int j)
{
	const gk_units *u = gk_bundle_units(b, j);

	return u ? u->name : j >= 0 && j < b->njuris ? b->juris[j] : NULL;
}

int gk_policy_explain(gk_policy *p, gk_get_fn get, void *rec, gk_day as_of,
		      FILE *out, gk_error *err)
{
	size_t jlen, klen;
	const char *jname = get(rec, GK_F_JURISDICTION, &jlen);
	const char *kname = get(rec, GK_F_KIND, &klen);
	gk_judge_ctx cx = { p->cal, as_of, p->reg, 0, 0 };
	gk_verdict v[GK_MAX_VERDICTS];
	int j = gk_bundle_juris_index(p->bundle, jname, jlen);
	int kind = gk_kind_lookup(kname, klen), rc = 0, shown = 0;

	if (j < 0)
		return gk_error_set(err, GK_EINVAL, "jurisdiction '%.*s' has no policies",
				    (int)jlen, jname);
	p->gen++;
	p->get = get;
	p->rec = rec;
	p->record_id = get(rec, GK_F_ID, NULL);
	p->as_of = as_of;
	for (int i = 0; i < p->nrules && !rc; i++) {
		const gk_rule *r = &p->rules[i];
		int applies, nv = 0;
		gk_day clock = 0;

		if (!p->active[j * p->nrules + i] || r->type == GK_RULE_PERIODIC ||
		    !(r->kinds & GK_KIND_BIT(kind)))
			continue;
		applies = gk_rule_applies(r, (enum gk_kind)kind, get, rec);
		if (applies && !gk_rule_in_effect(r, get, rec, &clock))
			applies = GK_EXPLAIN_NOT_IN_EFFECT;
		if (applies == 1 && r->type == GK_RULE_LUA) {
			rc = call_check(p, r, &v[0], err);
			nv = v[0].found;
		} else if (applies == 1) {
			rc = gk_rule_judge(r, &cx, get, rec, v, &nv, err);
		}
		if (!rc)
			gk_explain_rule(r, &cx, get, rec, applies, clock, v, nv, out);
		shown++;
	}
	p->rec = NULL;
	p->gen++;
	if (!rc && !shown)
		fprintf(out, "没有适用于 %.*s 类记录的规则\n", (int)klen, kname);
	return rc;
}

struct lint {
	gk_report_fn fn;
	void *ud;
	int *problems;
};

static void lint_report(void *ud, const char *msg)
{
	struct lint *l = ud;

	(*l->problems)++;
	l->fn(l->ud, msg);
}

int gk_policy_lint(gk_source *src, const gk_calendar *cal, gk_report_fn fn,
		   void *fn_ud, int *problems, gk_error *err)
{
	struct lint l = { fn, fn_ud, problems };
	gk_report_fn report = lint_report;
	void *ud = &l;
	gk_bundle *b = NULL;
	gk_policy *p = NULL;
	unsigned char *mask = NULL, *ok = NULL;
	gk_error e;
	int rc, all;

	if ((rc = bundle_read(src, &b, report, ud, err)))
		return rc;
	mask = calloc((size_t)b->nfiles + 1, 1);
	ok = calloc((size_t)b->nfiles + 1, 1);
	if (!mask || !ok) {
		rc = gk_error_set(err, GK_ENOMEM, "out of memory");
		goto cleanup;
	}
	/* Each file alone on top of the baseline files that load, so one
	 * broken file does not hide the problems of the others. */
	for (int i = 0; i < b->nfiles; i++) {
		for (int k = 0; k < b->nfiles; k++)
			mask[k] = k == i || (b->files[k].juris == -1 && ok[k] && k < i) ||
				  (b->files[i].juris >= 0 && b->files[k].juris == -1 && ok[k]);
		if (policy_load(b, cal, NULL, mask, &p, &e) == 0) {
			ok[i] = 1;
		} else {
			report(ud, e.msg);
		}
		gk_policy_free(p);
		p = NULL;
	}
	/* Then every file that loads alone, together: ids clashing across
	 * files, whatever else is broken. */
	if (policy_load(b, cal, NULL, ok, &p, &e) != 0)
		report(ud, e.msg);
	/* The coverage map (coverage.h), against the rules only when every
	 * file loaded: a broken file's rules would look missing. */
	all = p != NULL;
	for (int i = 0; i < b->nfiles; i++)
		all &= ok[i];
	if ((rc = gk_coverage_lint(src, b, all ? p : NULL, report, ud, err)))
		goto cleanup;
	for (int i = 0; p && i < p->nrules; i++) {
		const gk_rule *r = &p->rules[i];
		char msg[512];

		if (r->type == GK_RULE_CATALOG && !r->catalog->nitems) {
			snprintf(msg, sizeof(msg), "%s:%d: catalog rule '%s': the catalog has no items",
				 r->file, r->line, r->id);
			report(ud, msg);
		}
		/* A rule applies from the day its source took effect: say which. */
		if (r->type != GK_RULE_DISABLE && !r->effective) {
			snprintf(msg, sizeof(msg), "%s:%d: rule '%s' has no effective date: add "
				 "effective = \"YYYY-MM-DD\", the day its source took effect (if the "
				 "source gives none, say in a comment which date was chosen and why)",
				 r->file, r->line, r->id);
			report(ud, msg);
		}
	}
cleanup:
	gk_policy_free(p);
	gk_bundle_free(b);
	free(mask);
	free(ok);
	return rc;
}

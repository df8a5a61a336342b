/*
 * policy.c - a policy set loaded into a sandboxed Lua state (see
 * policy.h): the state, loading each file, seeing every declaration the
 * history sees, sealing, indexing the rules by jurisdiction and kind.
 *
 * Every lua_* call of gongkai lives in engine/lua/: here, decl.c (the
 * declarations), lib.c (the helpers), view.c (the record view), eval.c
 * (judging a record, explaining), lint.c, and the sandbox they build on
 * (sandbox.c, sandbox_lib.c, lpattern.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../i18n.h"
#include "../buf.h"
#include "policy_impl.h"

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
		lua_pushcclosure(L, gk_lua_declare_start, 1);
		lua_setfield(L, -2, gk_decl_names[i]);
	}
	gk_lua_lib_fill(L);
	lua_pop(L, 1);

	gk_lua_view_setup(L);
	return 0;
}

/*
 * The rules file f declared (rules first.. of p) must be exactly the
 * declarations its text shows (declscan.h), each declared once from its
 * own line: gongkai log and blame read the text, so a rule they cannot
 * see must not run, and a declaration they list must be one that ran.
 */
static int check_visible(gk_policy *p, const gk_bundle_file *f, int first, gk_error *err)
{
	gk_decl *d = NULL;
	size_t n = 0;
	unsigned char *used = NULL;
	int rc;

	if ((rc = gk_declscan(f->text, f->len, &d, &n, err)))
		return rc;
	if (n && !(used = calloc(n, 1))) {
		rc = GK_OOM(err);
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
					  r->line, gk_decl_names[r->type], r->id, gk_decl_names[r->type], r->id);
	}
	for (size_t k = 0; k < n && !rc; k++)
		if (!used[k])
			rc = gk_error_set(err, GK_EPOLICY,
					  "%s:%d: %s '%s' did not run when the file loaded: a "
					  "declaration runs once, as the file loads (not inside a "
					  "function or a condition that skips it), so that what gongkai "
					  "log and blame show is what runs", f->path, d[k].first,
					  gk_decl_names[d[k].type], d[k].id);
cleanup:
	free(used);
	gk_decls_free(d, n);
	return rc;
}

static int load_file(gk_policy *p, const gk_bundle_file *f, gk_error *err)
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
		rc = GK_OOM(err);
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
		return GK_OOM(err);
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
		return GK_OOM(err);
	for (int j = 0; j < nj; j++) {
		for (int i = 0; i < p->nrules; i++)
			if ((p->active[j * p->nrules + i] = (unsigned char)in_force(p, i, j)))
				p->njurisrules[j]++;
		for (int k = 0; k < GK_NKINDS; k++) {
			int *list = malloc(sizeof(int) * (size_t)(p->nrules + 1)), n = 0;

			if (!list)
				return GK_OOM(err);
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

int gk_policy_load(const gk_bundle *b, const gk_calendar *cal,
		   const gk_limits *lim, gk_policy **out, gk_error *err)
{
	return gk_lua_policy_load(b, cal, lim, NULL, out, err);
}

/* Load the files mask selects (all when mask is NULL). */
int gk_lua_policy_load(const gk_bundle *b, const gk_calendar *cal, const gk_limits *lim,
		       const unsigned char *mask, gk_policy **out, gk_error *err)
{
	gk_policy *p;
	int rc, status;

	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return GK_OOM(err);
	p->bundle = b;
	p->cal = cal;
	p->last_juris = -1;
	if ((rc = gk_sandbox_open(&p->sb, lim, err)))
		goto fail;
	gk_watch_enter(p->sb.watch, "loading", NULL);
	lua_pushcfunction(p->sb.L, setup);
	status = lua_pcall(p->sb.L, 0, 0, p->sb.msgh);
	if (status != LUA_OK) {
		rc = gk_sandbox_error(&p->sb, err, status, _("setting up the sandbox"));
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


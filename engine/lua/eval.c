/*
 * eval.c - judging one record: declarative rules in C, checks in the
 * sandbox (read back inside a protected call), restating rules merged;
 * and explaining one record rule by rule.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_impl.h"

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
	gk_lua_view_push(L, c->p);
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
int gk_lua_call_check(gk_policy *p, const gk_rule *r, gk_verdict *v, gk_error *err)
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


static int pend_add(gk_policy *p, int idx, const gk_verdict *v, gk_error *err)
{
	struct pending *e;

	if (GK_GROW(p->pend, p->npend, p->cappend))
		return GK_OOM(err);
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
			rc = gk_lua_call_check(p, r, &v[0], err);
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
			rc = gk_lua_call_check(p, r, &v[0], err);
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


/*
 * lpattern.c - Lua 5.4 patterns with every step charged (see lpattern.h).
 *
 * The matcher is lstrlib.c's design: match() walks the pattern with the
 * subject position, recursing for captures, optional items and the
 * backtracking of repetitions, and tail-calls itself through a goto for
 * the rest.  Depth is limited (MAXDEPTH) so the C stack cannot overflow.
 * Work is counted in steps: each entry into match(), each character a
 * repetition consumes or gives back, each start position tried.  Steps
 * are paid for in chunks (pay), so the common path is one decrement and
 * the unused rest of the last chunk is refunded when an operation ends.
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lpattern.h"

#define MAXCAPTURES 32          /* LUA_MAXCAPTURES, private to lstrlib.c */
#define MAXDEPTH 200
#define CAP_UNFINISHED (-1)
#define CAP_POSITION (-2)
#define ESC '%'
#define SPECIALS "^$*+?.([%-"
#define CHUNK 1024
/* Bytes scanned by memchr, memcmp, memmem: one step for this many. */
#define BYTES_PER_STEP 16

typedef struct pm {
	const char *s0, *se;      /* the subject */
	const char *pe;           /* the end of the pattern */
	lua_State *L;
	int depth;                /* recursion left */
	int level;                /* captures, finished or not */
	long left;                /* steps paid for and not yet used */
	struct {
		const char *at;
		ptrdiff_t len;
	} cap[MAXCAPTURES];
} pm;

static void pay(pm *m, long more)
{
	gk_sandbox_charge(m->L, more + CHUNK);
	m->left += more + CHUNK;
}

/* One step; n steps. */
#define STEP(m) do { if (--(m)->left < 0) pay((m), 1); } while (0)
#define STEPS(m, n) do { long n_ = (long)(n); (m)->left -= n_; \
	if ((m)->left < 0) pay((m), -(m)->left); } while (0)

static void refund(pm *m)
{
	if (m->left > 0)
		gk_sandbox_charge(m->L, -m->left);
	m->left = 0;
}

static const char *do_match(pm *m, const char *s, const char *p);

static int check_capture(pm *m, int l)
{
	l -= '1';
	if (l < 0 || l >= m->level || m->cap[l].len == CAP_UNFINISHED)
		return luaL_error(m->L, "invalid capture index %%%d", l + 1);
	return l;
}

static int capture_to_close(pm *m)
{
	for (int l = m->level - 1; l >= 0; l--)
		if (m->cap[l].len == CAP_UNFINISHED)
			return l;
	return luaL_error(m->L, "invalid pattern capture");
}

/* The end of the single-character class at p. */
static const char *class_end(pm *m, const char *p)
{
	switch (*p++) {
	case ESC:
		if (p == m->pe)
			luaL_error(m->L, "malformed pattern (ends with '%%')");
		return p + 1;
	case '[':
		if (*p == '^')
			p++;
		do {
			if (p == m->pe)
				luaL_error(m->L, "malformed pattern (missing ']')");
			if (*(p++) == ESC && p < m->pe)
				p++;
		} while (*p != ']');
		return p + 1;
	default:
		return p;
	}
}

static int match_class(int c, int cl)
{
	int res;

	switch (tolower(cl)) {
	case 'a': res = isalpha(c); break;
	case 'c': res = iscntrl(c); break;
	case 'd': res = isdigit(c); break;
	case 'g': res = isgraph(c); break;
	case 'l': res = islower(c); break;
	case 'p': res = ispunct(c); break;
	case 's': res = isspace(c); break;
	case 'u': res = isupper(c); break;
	case 'w': res = isalnum(c); break;
	case 'x': res = isxdigit(c); break;
	case 'z': res = c == 0; break;
	default: return cl == c;
	}
	return islower(cl) ? res : !res;
}

/* c in the set [...] from p (its '[') to ec (its ']'). */
static int match_set(int c, const char *p, const char *ec)
{
	int sig = 1;

	if (*(p + 1) == '^') {
		sig = 0;
		p++;
	}
	while (++p < ec) {
		if (*p == ESC) {
			p++;
			if (match_class(c, (unsigned char)*p))
				return sig;
		} else if (*(p + 1) == '-' && p + 2 < ec) {
			p += 2;
			if ((unsigned char)*(p - 2) <= c && c <= (unsigned char)*p)
				return sig;
		} else if ((unsigned char)*p == c) {
			return sig;
		}
	}
	return !sig;
}

static int single(pm *m, const char *s, const char *p, const char *ep)
{
	int c;

	if (s >= m->se)
		return 0;
	c = (unsigned char)*s;
	switch (*p) {
	case '.':
		return 1;
	case ESC:
		return match_class(c, (unsigned char)*(p + 1));
	case '[':
		return match_set(c, p, ep - 1);
	default:
		return (unsigned char)*p == c;
	}
}

static const char *match_balance(pm *m, const char *s, const char *p)
{
	const char *from = s;
	int b, e, open = 1;

	if (p >= m->pe - 1)
		luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
	if (s >= m->se || *s != *p)
		return NULL;
	b = *p;
	e = *(p + 1);
	while (++s < m->se) {
		if (*s == e) {
			if (--open == 0) {
				STEPS(m, (s - from) / BYTES_PER_STEP);
				return s + 1;
			}
		} else if (*s == b) {
			open++;
		}
	}
	STEPS(m, (s - from) / BYTES_PER_STEP);
	return NULL;
}

/* The longest run of the class, then give back one at a time. */
static const char *max_expand(pm *m, const char *s, const char *p, const char *ep)
{
	ptrdiff_t i = 0;

	while (single(m, s + i, p, ep)) {
		STEP(m);
		i++;
	}
	while (i >= 0) {
		const char *r = do_match(m, s + i, ep + 1);

		if (r)
			return r;
		i--;
	}
	return NULL;
}

/* The shortest run of the class that lets the rest match. */
static const char *min_expand(pm *m, const char *s, const char *p, const char *ep)
{
	for (;;) {
		const char *r = do_match(m, s, ep + 1);

		if (r)
			return r;
		if (!single(m, s, p, ep))
			return NULL;
		s++;
	}
}

static const char *start_capture(pm *m, const char *s, const char *p, int what)
{
	const char *r;
	int l = m->level;

	if (l >= MAXCAPTURES)
		luaL_error(m->L, "too many captures");
	m->cap[l].at = s;
	m->cap[l].len = what;
	m->level = l + 1;
	if (!(r = do_match(m, s, p)))
		m->level--;
	return r;
}

static const char *end_capture(pm *m, const char *s, const char *p)
{
	int l = capture_to_close(m);
	const char *r;

	m->cap[l].len = s - m->cap[l].at;
	if (!(r = do_match(m, s, p)))
		m->cap[l].len = CAP_UNFINISHED;
	return r;
}

static const char *match_backref(pm *m, const char *s, int l)
{
	size_t len;

	l = check_capture(m, l);
	len = (size_t)m->cap[l].len;
	STEPS(m, len / BYTES_PER_STEP);
	if ((size_t)(m->se - s) >= len && memcmp(m->cap[l].at, s, len) == 0)
		return s + len;
	return NULL;
}

/* The end of the match of pattern p at s, or NULL. */
static const char *do_match(pm *m, const char *s, const char *p)
{
	if (m->depth-- == 0)
		luaL_error(m->L, "pattern too complex");
again:
	STEP(m);
	if (p != m->pe) {
		switch (*p) {
		case '(':
			if (*(p + 1) == ')')
				s = start_capture(m, s, p + 2, CAP_POSITION);
			else
				s = start_capture(m, s, p + 1, CAP_UNFINISHED);
			break;
		case ')':
			s = end_capture(m, s, p + 1);
			break;
		case '$':
			if (p + 1 != m->pe)
				goto item;
			s = s == m->se ? s : NULL;
			break;
		case ESC:
			switch (*(p + 1)) {
			case 'b':
				s = match_balance(m, s, p + 2);
				if (s) {
					p += 4;
					goto again;
				}
				break;
			case 'f': {
				const char *ep;
				int prev, cur;

				p += 2;
				if (*p != '[')
					luaL_error(m->L, "missing '[' after '%%f' in pattern");
				ep = class_end(m, p);
				prev = s == m->s0 ? '\0' : (unsigned char)*(s - 1);
				cur = s < m->se ? (unsigned char)*s : '\0';
				STEPS(m, (ep - p) / BYTES_PER_STEP);
				if (!match_set(prev, p, ep - 1) && match_set(cur, p, ep - 1)) {
					p = ep;
					goto again;
				}
				s = NULL;
				break;
			}
			case '0': case '1': case '2': case '3': case '4':
			case '5': case '6': case '7': case '8': case '9':
				s = match_backref(m, s, (unsigned char)*(p + 1));
				if (s) {
					p += 2;
					goto again;
				}
				break;
			default:
				goto item;
			}
			break;
		default:
		item: {
			const char *ep = class_end(m, p);

			if (*p == '[')
				STEPS(m, (ep - p) / BYTES_PER_STEP);
			if (!single(m, s, p, ep)) {
				if (*ep == '*' || *ep == '?' || *ep == '-') {
					p = ep + 1;
					goto again;
				}
				s = NULL;
			} else {
				switch (*ep) {
				case '?': {
					const char *r = do_match(m, s + 1, ep + 1);

					if (r) {
						s = r;
					} else {
						p = ep + 1;
						goto again;
					}
					break;
				}
				case '+':
					s = max_expand(m, s + 1, p, ep);
					break;
				case '*':
					s = max_expand(m, s, p, ep);
					break;
				case '-':
					s = min_expand(m, s, p, ep);
					break;
				default:
					s++;
					p = ep;
					goto again;
				}
			}
			break;
		}
		}
	}
	m->depth++;
	return s;
}

/* ---- captures ----------------------------------------------------------- */

/* Capture i: its length and start, or CAP_POSITION with the position
 * pushed.  Without captures, capture 0 is the whole match s..e. */
static ptrdiff_t get_capture(pm *m, int i, const char *s, const char *e, const char **at)
{
	ptrdiff_t len;

	if (i >= m->level) {
		if (i != 0)
			luaL_error(m->L, "invalid capture index %%%d", i + 1);
		*at = s;
		return e - s;
	}
	len = m->cap[i].len;
	*at = m->cap[i].at;
	if (len == CAP_UNFINISHED)
		luaL_error(m->L, "unfinished capture");
	else if (len == CAP_POSITION)
		lua_pushinteger(m->L, (m->cap[i].at - m->s0) + 1);
	return len;
}

static void push_capture(pm *m, int i, const char *s, const char *e)
{
	const char *at;
	ptrdiff_t len = get_capture(m, i, s, e, &at);

	if (len != CAP_POSITION)
		lua_pushlstring(m->L, at, (size_t)len);
}

/* Push every capture (the whole match when there are none and s is set). */
static int push_captures(pm *m, const char *s, const char *e)
{
	int n = m->level == 0 && s ? 1 : m->level;

	luaL_checkstack(m->L, n, "too many captures");
	for (int i = 0; i < n; i++)
		push_capture(m, i, s, e);
	return n;
}

/* ---- find, match, gmatch, gsub ------------------------------------------ */

static int no_specials(const char *p, size_t len)
{
	size_t at = 0;

	do {
		if (strpbrk(p + at, SPECIALS))
			return 0;
		at += strlen(p + at) + 1;
	} while (at <= len);
	return 1;
}

/*
 * The byte every match must start with, when the pattern's first item is
 * a plain character that must appear (not special, no '*', '?' or '-'
 * after it), or -1.  Start positions without it cannot match, and
 * skipping them with memchr changes nothing else: an error in the pattern
 * is raised where Lua raises it, after that first character matched.
 */
static int first_byte(const char *p, const char *pe)
{
	if (p >= pe || strchr(SPECIALS ")]", *p))
		return -1;
	if (p + 1 < pe && (p[1] == '*' || p[1] == '?' || p[1] == '-'))
		return -1;
	return (unsigned char)*p;
}

/* The first position from s (up to se) that may start a match. */
static const char *skip_to(pm *m, const char *s, int c)
{
	const char *at;

	if (c < 0 || s >= m->se)
		return s;
	at = memchr(s, c, (size_t)(m->se - s));
	STEPS(m, ((at ? at : m->se) - s) / BYTES_PER_STEP);
	return at ? at : m->se;
}

static size_t start_of(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos;
	if (pos == 0 || pos < -(lua_Integer)len)
		return 1;
	return len + (size_t)pos + 1;
}

static void prepare(pm *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp)
{
	m->L = L;
	m->s0 = s;
	m->se = s + ls;
	m->pe = p + lp;
	m->depth = MAXDEPTH;
	m->level = 0;
	m->left = 0;
}

static int find_aux(lua_State *L, int find)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	size_t init = start_of(luaL_optinteger(L, 3, 1), ls) - 1;
	pm m;

	if (init > ls) {
		lua_pushnil(L);
		return 1;
	}
	prepare(&m, L, s, ls, p, lp);
	STEPS(&m, lp / BYTES_PER_STEP);
	if (find && (lua_toboolean(L, 4) || no_specials(p, lp))) {
		const char *at = lp ? memmem(s + init, ls - init, p, lp) : s + init;

		STEPS(&m, (ls - init) / BYTES_PER_STEP);
		refund(&m);
		if (at) {
			lua_pushinteger(L, (at - s) + 1);
			lua_pushinteger(L, (at - s) + (lua_Integer)lp);
			return 2;
		}
	} else {
		const char *s1 = s + init;
		int anchor = *p == '^', c;

		if (anchor) {
			p++;
			lp--;
		}
		m.pe = p + lp;
		c = anchor ? -1 : first_byte(p, m.pe);
		do {
			const char *e;

			s1 = skip_to(&m, s1, c);
			m.level = 0;
			if ((e = do_match(&m, s1, p)) != NULL) {
				int n;

				refund(&m);
				if (find) {
					lua_pushinteger(L, (s1 - s) + 1);
					lua_pushinteger(L, e - s);
					n = push_captures(&m, NULL, NULL) + 2;
				} else {
					n = push_captures(&m, s1, e);
				}
				return n;
			}
		} while (s1++ < m.se && !anchor);
		refund(&m);
	}
	lua_pushnil(L);
	return 1;
}

static int l_find(lua_State *L)
{
	return find_aux(L, 1);
}

static int l_match(lua_State *L)
{
	return find_aux(L, 0);
}

typedef struct gmatch {
	const char *src, *p, *last;
	pm m;
} gmatch;

static int gmatch_next(lua_State *L)
{
	gmatch *g = lua_touserdata(L, lua_upvalueindex(3));
	int c = first_byte(g->p, g->m.pe);

	g->m.L = L;
	for (const char *src = g->src; src <= g->m.se; src++) {
		const char *e;

		src = skip_to(&g->m, src, c);
		g->m.level = 0;
		if ((e = do_match(&g->m, src, g->p)) != NULL && e != g->last) {
			g->src = g->last = e;
			refund(&g->m);
			return push_captures(&g->m, src, e);
		}
	}
	g->src = g->m.se + 1;
	refund(&g->m);
	return 0;
}

static int l_gmatch(lua_State *L)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	size_t init = start_of(luaL_optinteger(L, 3, 1), ls) - 1;
	gmatch *g;

	lua_settop(L, 2);       /* the closure keeps both strings alive */
	g = lua_newuserdatauv(L, sizeof(*g), 0);
	if (init > ls)
		init = ls + 1;
	prepare(&g->m, L, s, ls, p, lp);
	g->src = s + init;
	g->p = p;
	g->last = NULL;
	lua_pushcclosure(L, gmatch_next, 3);
	return 1;
}

/* The replacement string (argument 3) for the match s..e. */
static void add_string(pm *m, luaL_Buffer *b, const char *s, const char *e)
{
	lua_State *L = m->L;
	size_t l;
	const char *r = lua_tolstring(L, 3, &l), *q;

	STEPS(m, l / BYTES_PER_STEP);
	while ((q = memchr(r, ESC, l)) != NULL) {
		luaL_addlstring(b, r, (size_t)(q - r));
		q++;
		if (*q == ESC) {
			luaL_addchar(b, *q);
		} else if (*q == '0') {
			luaL_addlstring(b, s, (size_t)(e - s));
		} else if (isdigit((unsigned char)*q)) {
			const char *at;
			ptrdiff_t len = get_capture(m, *q - '1', s, e, &at);

			if (len == CAP_POSITION)
				luaL_addvalue(b);
			else
				luaL_addlstring(b, at, (size_t)len);
		} else {
			luaL_error(L, "invalid use of '%c' in replacement string", ESC);
		}
		l -= (size_t)(q + 1 - r);
		r = q + 1;
	}
	luaL_addlstring(b, r, l);
}

/* Add the replacement of s..e; 1 when the subject changed. */
static int add_value(pm *m, luaL_Buffer *b, const char *s, const char *e, int tr)
{
	lua_State *L = m->L;

	switch (tr) {
	case LUA_TFUNCTION: {
		int n;

		lua_pushvalue(L, 3);
		n = push_captures(m, s, e);
		lua_call(L, n, 1);
		break;
	}
	case LUA_TTABLE:
		push_capture(m, 0, s, e);
		lua_gettable(L, 3);
		break;
	default:
		add_string(m, b, s, e);
		return 1;
	}
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		luaL_addlstring(b, s, (size_t)(e - s));
		return 0;
	}
	if (!lua_isstring(L, -1))
		return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
	luaL_addvalue(b);
	return 1;
}

static int l_gsub(lua_State *L)
{
	size_t ls, lp;
	const char *src = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	const char *last = NULL;
	int tr = lua_type(L, 3);
	lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)ls + 1), n = 0;
	int anchor = *p == '^', changed = 0, c;
	luaL_Buffer b;
	pm m;

	luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION ||
			 tr == LUA_TTABLE, 3, "string/function/table");
	luaL_buffinit(L, &b);
	if (anchor) {
		p++;
		lp--;
	}
	prepare(&m, L, src, ls, p, lp);
	STEPS(&m, lp / BYTES_PER_STEP);
	c = anchor ? -1 : first_byte(p, m.pe);
	while (n < max) {
		const char *e, *at = skip_to(&m, src, c);

		luaL_addlstring(&b, src, (size_t)(at - src));   /* kept as they are */
		src = at;
		m.level = 0;
		if ((e = do_match(&m, src, p)) != NULL && e != last) {
			n++;
			changed = add_value(&m, &b, src, e, tr) | changed;
			src = last = e;
		} else if (src < m.se) {
			luaL_addchar(&b, *src++);
		} else {
			break;
		}
		if (anchor)
			break;
	}
	refund(&m);
	if (!changed) {
		lua_pushvalue(L, 1);
	} else {
		luaL_addlstring(&b, src, (size_t)(m.se - src));
		luaL_pushresult(&b);
	}
	lua_pushinteger(L, n);
	return 2;
}

int gk_lpattern_is_iterator(lua_CFunction f)
{
	return f == gmatch_next;
}

void gk_lpattern_register(lua_State *L, int idx)
{
	static const luaL_Reg fns[] = {
		{ "find", l_find }, { "match", l_match }, { "gmatch", l_gmatch },
		{ "gsub", l_gsub }, { NULL, NULL }
	};

	idx = lua_absindex(L, idx);
	for (const luaL_Reg *f = fns; f->name; f++) {
		lua_pushcfunction(L, f->func);
		lua_setfield(L, idx, f->name);
	}
}

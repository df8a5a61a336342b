/*
 * declscan.c - declarations found in a policy file's text (see declscan.h).
 *
 * A small Lua tokenizer: it needs to know only names, strings (to take an
 * id and to skip braces inside them), comments, brackets and lines.  Lines
 * are counted as Lua's lexer counts them ("\r\n" and "\n\r" are one).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "declscan.h"
#include "rules.h"

enum tok { T_EOF, T_NAME, T_STRING, T_OTHER };

struct lex {
	const char *p, *e;
	int line;
	/* the current token */
	enum tok t;
	char c;                   /* T_OTHER: its first character */
	const char *s;            /* T_NAME, T_STRING: its text */
	size_t n;
	int plain;                /* T_STRING: no escape */
	int tline;                /* its line */
	const char *tstart;
};

static int is_newline(char c)
{
	return c == '\n' || c == '\r';
}

static void newline(struct lex *x)
{
	char c = *x->p++;

	if (x->p < x->e && is_newline(*x->p) && *x->p != c)
		x->p++;
	x->line++;
}

/* At '[': the level of a long bracket "[==[" (>= 0), or -1. */
static int long_open(const struct lex *x)
{
	const char *q = x->p + 1;
	int level = 0;

	while (q < x->e && *q == '=') {
		q++;
		level++;
	}
	return q < x->e && *q == '[' ? level : -1;
}

/* Skip a long bracket of level at x->p; its contents in s, n. */
static void long_skip(struct lex *x, int level, const char **s, size_t *n)
{
	x->p += level + 2;
	if (x->p < x->e && is_newline(*x->p))
		newline(x);             /* a first newline is not part of it */
	*s = x->p;
	while (x->p < x->e) {
		if (*x->p == ']') {
			const char *q = x->p + 1;
			int l = 0;

			while (q < x->e && *q == '=') {
				q++;
				l++;
			}
			if (l == level && q < x->e && *q == ']') {
				*n = (size_t)(x->p - *s);
				x->p = q + 1;
				return;
			}
			x->p++;
		} else if (is_newline(*x->p)) {
			newline(x);
		} else {
			x->p++;
		}
	}
	*n = (size_t)(x->p - *s);
}

static int is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static void next(struct lex *x)
{
	for (;;) {
		char c;

		if (x->p >= x->e) {
			x->t = T_EOF;
			x->tline = x->line;
			x->tstart = x->e;
			return;
		}
		c = *x->p;
		if (is_newline(c)) {
			newline(x);
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\v' || c == '\f') {
			x->p++;
			continue;
		}
		if (c == '-' && x->p + 1 < x->e && x->p[1] == '-') {
			int level;
			const char *s;
			size_t n;

			x->p += 2;
			if (x->p < x->e && *x->p == '[' && (level = long_open(x)) >= 0) {
				long_skip(x, level, &s, &n);
				continue;
			}
			while (x->p < x->e && !is_newline(*x->p))
				x->p++;
			continue;
		}
		break;
	}
	x->tline = x->line;
	x->tstart = x->p;
	if (is_name_start(*x->p)) {
		x->s = x->p;
		while (x->p < x->e && is_name_char(*x->p))
			x->p++;
		x->n = (size_t)(x->p - x->s);
		x->t = T_NAME;
	} else if (*x->p == '"' || *x->p == '\'') {
		char q = *x->p++;

		x->s = x->p;
		x->plain = 1;
		while (x->p < x->e && *x->p != q) {
			if (*x->p == '\\') {
				x->plain = 0;
				x->p++;
				if (x->p < x->e && is_newline(*x->p))
					newline(x);
				else if (x->p < x->e)
					x->p++;
			} else if (is_newline(*x->p)) {
				break;          /* unfinished string: Lua refuses the file */
			} else {
				x->p++;
			}
		}
		x->n = (size_t)(x->p - x->s);
		if (x->p < x->e && *x->p == q)
			x->p++;
		x->t = T_STRING;
	} else if (*x->p == '[' && long_open(x) >= 0) {
		long_skip(x, long_open(x), &x->s, &x->n);
		x->plain = 1;
		x->t = T_STRING;
	} else if (*x->p >= '0' && *x->p <= '9') {
		/* a numeral: digits, letters, '.', and a sign after an exponent */
		while (x->p < x->e && (is_name_char(*x->p) || *x->p == '.' ||
				       ((*x->p == '+' || *x->p == '-') &&
					strchr("eEpP", x->p[-1]))))
			x->p++;
		x->t = T_OTHER;
		x->c = '0';
	} else {
		x->c = *x->p++;
		x->t = T_OTHER;
	}
}

static int kind_of(const struct lex *x)
{
	for (int k = 0; k < GK_NRULETYPES; k++)
		if (strlen(gk_rule_type_names[k]) == x->n &&
		    memcmp(gk_rule_type_names[k], x->s, x->n) == 0)
			return k;
	return -1;
}

static int is_open(char c)
{
	return c == '(' || c == '{' || c == '[';
}

static int is_close(char c)
{
	return c == ')' || c == '}' || c == ']';
}

/* Append a declaration; x is at its closing brace (or the end). */
static int add(gk_decl **v, size_t *n, size_t *cap, const char *text, const struct lex *x,
	       int kind, const char *id, size_t idlen, int first, const char *start)
{
	const char *end = x->t == T_EOF ? x->e : x->p;

	if (GK_GROW(*v, *n, *cap))
		return -1;
	memset(&(*v)[*n], 0, sizeof(**v));
	if (!((*v)[*n].id = strndup(id, idlen)))
		return -1;
	(*v)[*n].type = kind;
	(*v)[*n].first = first;
	(*v)[*n].last = x->tline;
	while (start > text && !is_newline(start[-1]))
		start--;
	(*v)[*n].start = (size_t)(start - text);
	while (end < x->e && !is_newline(*end))
		end++;
	if (end < x->e) {
		char c = *end++;

		if (end < x->e && is_newline(*end) && *end != c)
			end++;
	}
	(*v)[*n].end = (size_t)(end - text);
	(*n)++;
	return 0;
}

int gk_declscan(const char *text, size_t len, gk_decl **out, size_t *n, gk_error *err)
{
	struct lex x = { .p = text, .e = text + len, .line = 1 };
	gk_decl *v = NULL;
	size_t cap = 0;
	int depth = 0;
	char prev = 0;                  /* the previous token, when T_OTHER */

	*out = NULL;
	*n = 0;
	next(&x);
	while (x.t != T_EOF) {
		int kind;

		if (x.t == T_NAME && depth == 0 && prev != '.' && prev != ':' &&
		    (kind = kind_of(&x)) >= 0) {
			const char *start = x.tstart, *id;
			size_t idlen;
			int first = x.tline, plain, d = 0;

			/* A token read ahead that does not continue a declaration
			 * is judged in the next round like any other. */
			prev = 0;
			next(&x);
			if (x.t != T_STRING)
				continue;
			id = x.s;
			idlen = x.n;
			plain = x.plain;
			next(&x);
			if (x.t != T_OTHER || x.c != '{')
				continue;
			for (;;) {
				if (x.t == T_OTHER && is_open(x.c))
					d++;
				else if (x.t == T_OTHER && is_close(x.c))
					d--;
				if (d <= 0 || x.t == T_EOF)
					break;
				next(&x);
			}
			/* Only an id the history can name: plain, on one line. */
			if (plain && idlen && !memchr(id, '\n', idlen) && !memchr(id, '\r', idlen) &&
			    add(&v, n, &cap, text, &x, kind, id, idlen, first, start)) {
				gk_decls_free(v, *n);
				*n = 0;
				return GK_OOM(err);
			}
			prev = '}';
			next(&x);
			continue;
		}
		if (x.t == T_OTHER && is_open(x.c))
			depth++;
		else if (x.t == T_OTHER && is_close(x.c) && depth)
			depth--;
		prev = x.t == T_OTHER ? x.c : 0;
		next(&x);
	}
	*out = v;
	return 0;
}

void gk_decls_free(gk_decl *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(d[i].id);
	free(d);
}

/*
 * suggest.c - "did you mean" (suggest.h).
 */
#include <string.h>
#include <strings.h>

#include "suggest.h"

#define MAXLEN 62

/* s as characters (UTF-8 code points; a stray byte counts as one): their
 * number, or -1 past max. */
static int chars(const char *s, unsigned *out, int max)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0;

	while (*p) {
		unsigned c = *p++;
		int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;

		for (; more && (*p & 0xc0) == 0x80; more--)
			c = c << 6 | (*p++ & 0x3f);
		if (n == max)
			return -1;
		out[n++] = c;
	}
	return n;
}

/* Optimal string alignment distance: Levenshtein plus the swap of two
 * neighbours, the commonest typing slip.  Three rows suffice.  Counted in
 * characters, so 泽州市 is one slip from 泽州县 as zezou is from zezhou. */
int gk_suggest_distance(const char *sa, const char *sb)
{
	unsigned a[MAXLEN], b[MAXLEN];
	int la = chars(sa, a, MAXLEN), lb = chars(sb, b, MAXLEN);
	int rows[3][MAXLEN + 2];
	int *pp = rows[0], *p = rows[1], *d = rows[2];

	if (la < 0 || lb < 0)
		return 99;
	for (int j = 0; j <= lb; j++)
		p[j] = j;
	for (int i = 1; i <= la; i++) {
		int *t;

		d[0] = i;
		for (int j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = p[j - 1] + cost;

			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (d[j - 1] + 1 < v)
				v = d[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			d[j] = v;
		}
		t = pp;
		pp = p;
		p = d;
		d = t;
	}
	return p[lb];
}

const char *gk_suggest(const char *name, const char *const *names, size_t n)
{
	const char *best = NULL, *prefixed = NULL;
	size_t len = strlen(name);
	int bd = 3, nprefixed = 0;

	for (size_t i = 0; i < n; i++) {
		int dd;

		if (strcmp(name, names[i]) == 0)
			return NULL;
		dd = gk_suggest_distance(name, names[i]);
		/* As many edits as letters is no resemblance ("q" is not "log"). */
		if (dd < bd && (size_t)dd < len) {
			bd = dd;
			best = names[i];
		}
		if (len >= 3 && strncmp(names[i], name, len) == 0) {
			prefixed = names[i];
			nprefixed++;
		}
	}
	/* One slip beats a prefix; a prefix ("find") beats two slips ("lint"). */
	if (best && bd <= 1)
		return best;
	return nprefixed == 1 ? prefixed : best;
}

size_t gk_suggest_near(const char *name, const char *const *names, size_t n, const char **out,
		       size_t max)
{
	unsigned tmp[MAXLEN];
	int len = chars(name, tmp, MAXLEN), best = 99;
	size_t k = 0;

	if (len < 0)
		return 0;
	/* The same name but for case (b1 for B1) is the one meant. */
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(name, names[i]) == 0 && k < max)
			out[k++] = names[i];
	if (k)
		return k;
	/* The smallest distance any name is at; as many edits as letters is
	 * no resemblance. */
	for (size_t i = 0; i < n; i++) {
		int dd = gk_suggest_distance(name, names[i]);

		if (dd < best && dd < len && (dd <= 1 || (dd == 2 && len > 2)))
			best = dd;
	}
	for (size_t i = 0; i < n && k < max; i++) {
		int dd = gk_suggest_distance(name, names[i]);

		if (dd == best || (best > 1 && len >= 2 && strstr(names[i], name)))
			out[k++] = names[i];
	}
	return k;
}

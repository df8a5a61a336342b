/*
 * suggest.c - "did you mean" (suggest.h).
 */
#include <string.h>

#include "suggest.h"

#define MAXLEN 62

/* Optimal string alignment distance: Levenshtein plus the swap of two
 * neighbours, the commonest typing slip.  Three rows suffice. */
int gk_suggest_distance(const char *a, const char *b)
{
	int la = (int)strlen(a), lb = (int)strlen(b);
	int rows[3][MAXLEN + 2];
	int *pp = rows[0], *p = rows[1], *d = rows[2];

	if (la > MAXLEN || lb > MAXLEN)
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

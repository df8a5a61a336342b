/*
 * suggest.c - the nearest name (see suggest.h).
 */
#include <string.h>

#include "suggest.h"

/* Edit distance, for "did you mean" in messages. */
int gk_distance(const char *a, const char *b)
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

const char *gk_suggest(const char *name, const char *const *names, int n)
{
	const char *best = NULL;
	int bd = 3;

	for (int i = 0; i < n; i++) {
		int dd = gk_distance(name, names[i]);
		if (dd < bd) {
			bd = dd;
			best = names[i];
		}
	}
	return best;
}

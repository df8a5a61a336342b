/*
 * strs.c - a growable list of owned strings, sorted for comparison
 * (impact and replay compare findings as sorted sets of keys).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_strs_add(struct cli_strs *l, char *s, gk_error *err)
{
	if (!s)
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 1024;
		char **g = realloc(l->v, cap * sizeof(*g));

		if (!g) {
			free(s);
			return gk_error_set(err, GK_ENOMEM, "out of memory");
		}
		l->v = g;
		l->cap = cap;
	}
	l->v[l->n++] = s;
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void cli_strs_sort(struct cli_strs *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(char *), cmp);
}

void cli_strs_free(struct cli_strs *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

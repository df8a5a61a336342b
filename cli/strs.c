/*
 * strs.c - a growable list of owned strings, sorted for comparison
 * (impact and replay compare findings as sorted sets of keys).
 */
#include <stdlib.h>
#include <string.h>

#include "../engine/buf.h"
#include "cli.h"

int cli_strs_add(struct cli_strs *l, char *s, gk_error *err)
{
	if (!s)
		return GK_OOM(err);
	if (GK_GROW(l->v, l->n, l->cap)) {
		free(s);
		return GK_OOM(err);
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

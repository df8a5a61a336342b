/* waiver.c - see waiver.h */
#include <stdlib.h>
#include <string.h>

#include "waiver.h"

void gk_waivers_free(gk_waivers *w)
{
	if (!w)
		return;
	for (int i = 0; i < w->n; i++) {
		free(w->v[i].record_id);
		free(w->v[i].rule);
		free(w->v[i].jurisdiction);
		free(w->v[i].reason);
		free(w->v[i].approver);
		free(w->v[i].label);
	}
	free(w->v);
	free(w->file);
	free(w);
}

gk_waiver *gk_waivers_match(gk_waivers *w, const char *record_id, const char *rule,
			    const char *jurisdiction, gk_day as_of)
{
	for (int i = 0; w && i < w->n; i++) {
		gk_waiver *x = &w->v[i];

		if (as_of < x->start || as_of >= x->expiry)
			continue;
		if (x->record_id && (!record_id || strcmp(x->record_id, record_id)))
			continue;
		if (x->rule && strcmp(x->rule, rule))
			continue;
		if (x->jurisdiction && strcmp(x->jurisdiction, jurisdiction))
			continue;
		/* Lanes match in parallel. */
		__atomic_fetch_add(&x->hits, 1, __ATOMIC_RELAXED);
		return x;
	}
	return NULL;
}

/*
 * names.c - the jurisdictions' own names for reports.
 *
 * A report shows 泽州县, not zezhou: the name comes from the unit directory
 * (units.yaml) of the policy set the run evaluated, read from the source
 * the run recorded, so an old run shows the names of its own time.  When
 * that policy set cannot be opened any more (a moved repository, a
 * deleted folder), reports show the ids.
 */
#include <stdlib.h>
#include <string.h>

#include "../engine/policy.h"
#include "../stores/db.h"
#include "cli.h"

static char **ids, **names;
static int n;

void cli_names_free(void)
{
	for (int i = 0; i < n; i++) {
		free(ids[i]);
		free(names[i]);
	}
	free(ids);
	free(names);
	ids = names = NULL;
	n = 0;
}

void cli_names_load(struct gk_store *st, int64_t run_id)
{
	gk_run_info info;
	int64_t last_import;
	char src[1024], rev[128];
	gk_source *s = NULL;
	gk_bundle *b = NULL;
	gk_error err;
	int nj;

	cli_names_free();
	if (gk_store_run_get(st, run_id, &info, &last_import, src, sizeof(src), rev,
			     sizeof(rev), &err) ||
	    cli_run_source(src, rev, &s, &err) || gk_bundle_read(s, &b, &err))
		goto done;
	nj = gk_bundle_njuris(b);
	ids = calloc((size_t)nj + 1, sizeof(*ids));
	names = calloc((size_t)nj + 1, sizeof(*names));
	for (int j = 0; ids && names && j < nj; j++) {
		if (!(ids[n] = strdup(gk_bundle_juris(b, j))) ||
		    !(names[n] = strdup(gk_bundle_juris_name(b, j)))) {
			free(ids[n]);
			break;
		}
		n++;
	}
done:
	gk_bundle_free(b);
	gk_source_free(s);
}

const char *cli_juris_name(const char *id)
{
	for (int i = 0; id && i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return names[i];
	return id;
}

int cli_names_count(void)
{
	return n;
}

const char *cli_names_id(int i)
{
	return ids[i];
}

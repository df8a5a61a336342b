/*
 * names.c - the jurisdictions' own names, for the commands that show or
 * read them.
 *
 * A report shows 泽州县, not zezhou, and an import accepts 泽州县 for
 * zezhou: the name comes from the unit directory (units.yaml) of a policy
 * set and is registered in engine/juris.h's registry.  A report reads the
 * policy set the run evaluated, from the source the run recorded, so an
 * old run shows the names of its own time; an import or a template reads
 * the policy set configured (gongkai.yaml, $GONGKAI_POLICIES, ./policies).
 * When no policy set can be read, no name is known: reports show ids and
 * an import takes ids only.
 */
#include <stdlib.h>
#include <string.h>

#include "../engine/juris.h"
#include "../engine/lua/policy.h"
#include "../stores/db/db.h"
#include "../stores/policyset/bundle.h"
#include "cli.h"

static void names_from_source(gk_source *s);

void cli_names_from_source(gk_source *s)
{
	gk_juris_clear();
	names_from_source(s);
}

static void names_from_bundle(const gk_bundle *b)
{
	for (int j = 0; j < gk_bundle_njuris(b); j++)
		if (gk_bundle_units(b, j))
			gk_juris_register(gk_bundle_juris(b, j), gk_bundle_juris_name(b, j));
}

void cli_names_from_bundle(const gk_bundle *b)
{
	gk_juris_clear();
	names_from_bundle(b);
}

static void names_from_source(gk_source *s)
{
	gk_bundle *b = NULL;
	gk_error err;

	if (!s || gk_bundle_read(s, &b, &err))
		return;
	names_from_bundle(b);
	gk_bundle_free(b);
}

void cli_names_load(struct gk_store *st, int64_t run_id)
{
	gk_run_info info;
	int64_t last_import;
	char src[1024], rev[128];
	gk_source *s = NULL;
	gk_error err;

	gk_juris_clear();
	if (gk_store_run_get(st, run_id, &info, &last_import, src, sizeof(src), rev,
			     sizeof(rev), &err) == 0 &&
	    cli_run_source(src, rev, &s, &err) == 0)
		names_from_source(s);
	gk_source_free(s);
}

void cli_names_from_policies(const char *dir)
{
	gk_source *s = NULL;
	gk_error err;

	gk_juris_clear();
	if (dir && gk_source_open_dir(&s, dir, &err) == 0)
		names_from_source(s);
	gk_source_free(s);
}

const char *cli_juris_shown(const char *id)
{
	const char *n = id && cli_lang_zh() ? gk_juris_name(id) : NULL;

	return n ? n : id;
}

const char *cli_juris_name(const char *id)
{
	const char *n = gk_juris_name(id);

	return n ? n : id;
}

const char *cli_juris_id(const char *given)
{
	const char *id = gk_juris_by_name(given, strlen(given));

	return id ? id : given;
}

void cli_names_free(void)
{
	gk_juris_clear();
}

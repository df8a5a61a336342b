/*
 * filters.c - a filter naming nothing is an error, with the names meant.
 *
 * gongkai findings --jurisdiction zezou used to print "0 findings": true,
 * and useless to the officer who misspelt it.  A filter's value is
 * checked before the query: one the run has is taken at once (one indexed
 * look-up); one it lacks is looked for in the policy set the run
 * evaluated, where a rule or unit with no finding that night is a fine
 * filter (0 findings is then the answer); anything else is exit status 2
 * naming the nearest names (engine/suggest.h), or the names themselves
 * when there are few, or where to see them.
 */
#include <stdlib.h>
#include <string.h>

#include "../engine/i18n.h"
#include "../engine/buf.h"
#include "../engine/declscan.h"
#include "../engine/juris.h"
#include "../engine/suggest.h"
#include "../stores/policyset/bundle.h"
#include "cli.h"
#include "filters.h"

/* Names listed in full when there are no more than this. */
#define LIST_MAX 12
#define NEAR_MAX 5

/* "a, b or c" for n names; a jurisdiction's with its name (juris). */
static void put_names(gk_buf *b, const char *const *v, size_t n, const char *quote, int juris)
{
	for (size_t i = 0; i < n; i++) {
		const char *name = juris ? gk_juris_name(v[i]) : NULL;

		gk_buf_addf(b, "%s%s%s%s", i == 0 ? "" : i + 1 == n ? _(" or ") : _(", "), quote,
			    v[i], quote);
		if (name)
			gk_buf_addf(b, " (%s)", name);
	}
}

/* "; did you mean 'x'?" for the names near value; 0 when none is. */
static size_t put_near(gk_buf *b, const char *value, const char *const *names, size_t n,
		       int juris)
{
	const char *near[NEAR_MAX];
	size_t k = gk_suggest_near(value, names, n, near, NEAR_MAX);

	if (k) {
		gk_buf_adds(b, _("; did you mean "));
		put_names(b, near, k, "'", juris);
		gk_buf_adds(b, _("?"));
	}
	return k;
}

int cli_check_choice(const char *cmd, const char *flag, const char *value,
		     const char *const *choices, size_t n)
{
	gk_buf b = GK_BUF_INIT;

	for (size_t i = 0; i < n; i++)
		if (strcmp(value, choices[i]) == 0)
			return 0;
	gk_buf_addf(&b, _("%s: %s '%s': expected "), cmd, flag, value);
	put_names(&b, choices, n, "", 0);
	put_near(&b, value, choices, n, 0);
	cli_fail("%s", b.p ? b.p : _("out of memory"));
	gk_buf_release(&b);
	return -1;
}

/* ---- the names a stored run's filters may take ---------------------------- */

struct known {
	struct cli_strs v;
	int found;                /* gk_store_run_values called back */
};

static int add_known(void *ud, const char *s, gk_error *err)
{
	struct known *k = ud;
	char *c = strdup(s);

	k->found = 1;
	return c ? cli_strs_add(&k->v, c, err) : GK_OOM(err);
}

/* Sorted, each once, as an array of the strings of k. */
static const char **names_of(struct known *k, size_t *n)
{
	const char **v = malloc(sizeof(*v) * (k->v.n ? k->v.n : 1));

	*n = 0;
	if (!v)
		return NULL;
	cli_strs_sort(&k->v);
	for (size_t i = 0; i < k->v.n; i++)
		if (!*n || strcmp(v[*n - 1], k->v.v[i]))
			v[(*n)++] = k->v.v[i];
	return v;
}

/* What the policy set b has of col: jurisdictions (ids and names), units
 * (names and aliases), rules (declared ids, also the switched off). */
static int from_bundle(const gk_bundle *b, const char *col, struct known *k, gk_error *err)
{
	int rc = 0;

	if (strcmp(col, "rule") == 0) {
		for (int i = 0; i < b->nfiles && !rc; i++) {
			gk_decl *d = NULL;
			size_t n = 0;

			if ((rc = gk_declscan(b->files[i].text, b->files[i].len, &d, &n, err)))
				break;
			for (size_t j = 0; j < n && !rc; j++)
				rc = add_known(k, d[j].id, err);
			gk_decls_free(d, n);
		}
		return rc;
	}
	for (int j = 0; j < gk_bundle_njuris(b) && !rc; j++) {
		const gk_units *u = gk_bundle_units(b, j);

		if (strcmp(col, "jurisdiction") == 0) {
			rc = add_known(k, gk_bundle_juris(b, j), err);
			/* Its name, too: 泽州市 is one slip from 泽州县. */
			if (!rc && u)
				rc = add_known(k, gk_bundle_juris_name(b, j), err);
			continue;
		}
		for (int i = 0; u && i < u->nunits && !rc; i++) {
			rc = add_known(k, u->units[i].name, err);
			for (int a = 0; a < u->units[i].naliases && !rc; a++)
				rc = add_known(k, u->units[i].aliases[a], err);
		}
	}
	return rc;
}

/* The policy set run_id evaluated, or NULL when it cannot be read now
 * (moved, its commit gone): then only the run's own names count. */
static gk_bundle *run_bundle(gk_store *st, int64_t run_id)
{
	gk_run_info info;
	int64_t last_import;
	char src[1024], rev[128];
	gk_source *s = NULL;
	gk_bundle *b = NULL;
	gk_error err;

	if (gk_store_run_get(st, run_id, &info, &last_import, src, sizeof(src), rev,
			     sizeof(rev), &err) == 0 &&
	    cli_run_source(src, rev, &s, &err) == 0 && gk_bundle_read(s, &b, &err))
		b = NULL;
	gk_source_free(s);
	return b;
}

struct filter {
	const char *flag, *col, *plural, *more;
	const char **value;
};

/* One filter: 0 when its value names something (a jurisdiction's name
 * becomes its id), else the error printed and -1. */
static int check_one(gk_store *st, const char *cmd, int64_t run_id, const struct filter *fl,
		     gk_bundle **b, int *read)
{
	struct known k = { { NULL, 0, 0 }, 0 };
	const char **names = NULL, *id;
	gk_buf msg = GK_BUF_INIT;
	gk_error err = { 0 };
	size_t n = 0;
	int rc = -1, juris = strcmp(fl->col, "jurisdiction") == 0;

	if (gk_store_run_values(st, run_id, fl->col, *fl->value, add_known, &k, &err))
		goto fail;
	if (k.found) {
		rc = 0;
		goto done;
	}
	if (!*read) {
		*b = run_bundle(st, run_id);
		*read = 1;
		if (*b)
			cli_names_from_bundle(*b);
	}
	if (juris && (id = cli_juris_id(*fl->value)) != *fl->value) {
		*fl->value = id;
		rc = 0;
		goto done;
	}
	if (gk_store_run_values(st, run_id, fl->col, NULL, add_known, &k, &err) ||
	    (*b && from_bundle(*b, fl->col, &k, &err)))
		goto fail;
	if (!(names = names_of(&k, &n))) {
		GK_OOM(&err);
		goto fail;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], *fl->value) == 0) {
			rc = 0;    /* in the policy set, no finding in this run */
			goto done;
		}
	gk_buf_addf(&msg, _("%s: %s '%s' names no %s of run %lld%s"), cmd, fl->flag, *fl->value,
		    _(fl->col), (long long)run_id, *b ? _(" or of the policy set it evaluated") : "");
	/* The nearest names; else the names when few; else where they are. */
	if (put_near(&msg, *fl->value, names, n, juris))
		;
	else if (n && n <= LIST_MAX) {
		size_t m = 0;

		/* Jurisdictions by id, each with its name: not the names again. */
		for (size_t i = 0; i < n; i++)
			if (!juris || !gk_juris_by_name(names[i], strlen(names[i])))
				names[m++] = names[i];
		gk_buf_addf(&msg, _("; the %s: "), _(fl->plural));
		put_names(&msg, names, m, "", juris);
	} else if (n) {
		gk_buf_addf(&msg, _("; %zu %s: %s"), n, _(fl->plural), gk_tr(fl->more));
	}
	cli_fail("%s", msg.p ? msg.p : _("out of memory"));
	goto done;
fail:
	cli_fail("%s", err.msg);
done:
	gk_buf_release(&msg);
	free(names);
	cli_strs_free(&k.v);
	return rc;
}

int cli_check_filters(gk_store *st, const char *cmd, gk_query *q)
{
	const struct filter filters[] = {
		/* The column (data) doubles as the word of the message. */
		{ "--jurisdiction", N_("jurisdiction"), N_("jurisdictions"), "", &q->jurisdiction },
		{ "--rule", N_("rule"), N_("rules"), N_("see the policy files ('gongkai coverage' "
		  "names the rules of each requirement)"), &q->rule },
		{ "--unit", N_("unit"), N_("units"), N_("see the unit directories (units.yaml of each "
		  "jurisdiction) or the work lists (gongkai report --by-unit)"), &q->unit },
	};
	gk_bundle *b = NULL;
	int read = 0, rc = 0;

	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]) && !rc; i++)
		if (*filters[i].value)
			rc = check_one(st, cmd, q->run_id, &filters[i], &b, &read);
	gk_bundle_free(b);
	return rc;
}

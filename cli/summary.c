/*
 * summary.c - a run's summary: what a person reads in the nightly log.
 *
 * A night's findings are counted by jurisdiction, category and unit as the
 * lanes make them (a parallel sink: each lane counts into tables of its
 * own, merged once the run is stored), so the summary costs no serial time
 * and reads nothing back.  The detail stays where it is kept: the database
 * (gongkai findings), the reports and run --full / --format.
 */
#include <stdlib.h>
#include <string.h>

#include "../engine/i18n.h"
#include "../engine/buf.h"
#include "../engine/juris.h"
#include "../engine/run/ports.h"
#include "../engine/waiver.h"
#include "cli.h"
#include "summary.h"

/* What is counted of one jurisdiction, category or unit. */
enum { N_FINDINGS, N_NEW, N_DUE, NCOUNTS };

struct tally {
	char *name;               /* "" for findings that name no unit */
	long n[NCOUNTS];
};

/* Names to counts: open addressing, a power of two slots. */
struct table {
	struct tally *v;
	size_t n, cap;
};

enum { BY_JURIS, BY_CATEGORY, BY_UNIT, NDIMS };

struct cli_summary {
	gk_sink sink;
	struct table (*lanes)[NDIMS]; /* a lane's own tables */
	int nlanes;
	struct table by[NDIMS];   /* merged, then sorted */
};

static size_t hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The tally of name in t, made when new; NULL when out of memory. */
static struct tally *table_get(struct table *t, const char *name)
{
	size_t i;

	if (2 * (t->n + 1) > t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		struct tally *v = calloc(cap, sizeof(*v));

		if (!v)
			return NULL;
		for (size_t k = 0; k < t->cap; k++) {
			if (!t->v[k].name)
				continue;
			for (i = hash(t->v[k].name) & (cap - 1); v[i].name; i = (i + 1) & (cap - 1))
				;
			v[i] = t->v[k];
		}
		free(t->v);
		t->v = v;
		t->cap = cap;
	}
	for (i = hash(name) & (t->cap - 1); t->v[i].name; i = (i + 1) & (t->cap - 1))
		if (strcmp(t->v[i].name, name) == 0)
			return &t->v[i];
	if (!(t->v[i].name = strdup(name)))
		return NULL;
	t->n++;
	return &t->v[i];
}

static void table_free(struct table *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->v[i].name);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static int summary_start(gk_sink *s, gk_run_info *info, int lanes, gk_error *err)
{
	cli_summary *sm = s->ud;

	(void)info;
	/* The main thread's findings (periodic duties) come in lane `lanes`. */
	if (!(sm->lanes = calloc((size_t)lanes + 1, sizeof(*sm->lanes))))
		return GK_OOM(err);
	sm->nlanes = lanes + 1;
	return 0;
}

static int summary_put(gk_sink *s, int lane, gk_finding *f, gk_error *err)
{
	cli_summary *sm = s->ud;
	const char *keys[NDIMS] = { f->jurisdiction, f->category, f->unit ? f->unit : "" };
	int due = gk_finding_is_due(f);

	/* The resolved ones are the run's count: they are no work left. */
	if (f->status && strcmp(f->status, GK_STATUS_RESOLVED) == 0)
		return 0;
	for (int d = 0; d < NDIMS; d++) {
		struct tally *t = table_get(&sm->lanes[lane][d], keys[d] ? keys[d] : "");

		if (!t)
			return GK_OOM(err);
		if (due) {
			t->n[N_DUE]++;
			continue;
		}
		t->n[N_FINDINGS]++;
		t->n[N_NEW] += f->status && strcmp(f->status, GK_STATUS_NEW) == 0;
	}
	return 0;
}

static int summary_finish(gk_sink *s, gk_run_info *info, gk_error *err)
{
	(void)s;
	(void)info;
	(void)err;
	return 0;
}

int cli_summary_new(cli_summary **out, gk_error *err)
{
	cli_summary *sm = calloc(1, sizeof(*sm));

	*out = sm;
	if (!sm)
		return GK_OOM(err);
	sm->sink.start = summary_start;
	sm->sink.put = summary_put;
	sm->sink.finish = summary_finish;
	sm->sink.parallel = 1;
	sm->sink.ud = sm;
	return 0;
}

gk_sink *cli_summary_sink(cli_summary *sm)
{
	return &sm->sink;
}

/* Most findings first, then most due soon, then by name. */
static int by_count(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->n[N_FINDINGS] != y->n[N_FINDINGS])
		return x->n[N_FINDINGS] > y->n[N_FINDINGS] ? -1 : 1;
	if (x->n[N_DUE] != y->n[N_DUE])
		return x->n[N_DUE] > y->n[N_DUE] ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The lanes' tables into one per dimension, each sorted into a plain
 * array (by[d].v[0 .. n-1]). */
static int merge(cli_summary *sm, gk_error *err)
{
	for (int d = 0; d < NDIMS; d++) {
		struct table *m = &sm->by[d];
		struct tally *v;
		size_t n = 0;

		for (int l = 0; l < sm->nlanes; l++) {
			struct table *t = &sm->lanes[l][d];

			for (size_t i = 0; i < t->cap; i++) {
				struct tally *x;

				if (!t->v[i].name)
					continue;
				if (!(x = table_get(m, t->v[i].name)))
					return GK_OOM(err);
				for (int c = 0; c < NCOUNTS; c++)
					x->n[c] += t->v[i].n[c];
			}
			table_free(t);
		}
		/* Pack the slots in use to the front, then sort them. */
		v = m->v;
		for (size_t i = 0; i < m->cap; i++)
			if (v[i].name)
				v[n++] = v[i];
		for (size_t i = n; i < m->cap; i++)
			v[i].name = NULL;
		if (n)
			qsort(v, n, sizeof(*v), by_count);
	}
	return 0;
}

static void counts(FILE *out, const long *n, int warn)
{
	fprintf(out, "  %8ld %8ld", n[N_FINDINGS], n[N_NEW]);
	if (warn)
		fprintf(out, " %8ld", n[N_DUE]);
}

/* One table: its heading, the first limit rows, the rest summed.  Each
 * heading is one whole sentence, for the catalogues to translate. */
static void put_table(FILE *out, const struct table *t, int d, size_t limit, int warn)
{
	static const char *const heads[NDIMS] = { N_("by jurisdiction:"), N_("by category:"),
						  N_("by unit:") };
	long rest[NCOUNTS] = { 0 };
	size_t shown = t->n < limit ? t->n : limit;

	if (shown < t->n)
		fprintf(out, _("\nby unit (the %zu with the most findings of %zu):\n"), shown, t->n);
	else
		fprintf(out, "\n%s\n", _(heads[d]));
	/* Right-aligned over the counts, by display width (Chinese too). */
	fputs("  ", out);
	cli_pad(out, _("findings"), 8, 0);
	fputc(' ', out);
	cli_pad(out, _("new"), 8, 0);
	if (warn) {
		fputc(' ', out);
		cli_pad(out, _("due soon"), 8, 0);
	}
	fputc('\n', out);
	for (size_t i = 0; i < t->n; i++) {
		const struct tally *x = &t->v[i];

		if (i >= limit) {
			for (int c = 0; c < NCOUNTS; c++)
				rest[c] += x->n[c];
			continue;
		}
		counts(out, x->n, warn);
		if (d == BY_JURIS && gk_juris_name(x->name))
			fprintf(out, "  %s (%s)\n", gk_juris_name(x->name), x->name);
		else if (d == BY_CATEGORY && strcmp(cli_category_label(x->name), x->name))
			fprintf(out, "  %s (%s)\n", cli_category_label(x->name), x->name);
		else if (d == BY_UNIT && !*x->name)
			fputs(_("  未指明责任单位 (no unit named: periodic duties, records without one)\n"),
			      out);
		else
			fprintf(out, "  %s\n", x->name);
	}
	if (shown < t->n) {
		counts(out, rest, warn);
		fprintf(out, _("  %zu other units\n"), t->n - shown);
	}
}

int cli_summary_print(FILE *out, cli_summary *sm, const gk_run_info *info, gk_error *err)
{
	int rc, warn = info->warn_days > 0;

	if ((rc = merge(sm, err)))
		return rc;
	if (info->n_due_soon)
		fprintf(out, _("due soon: %ld deadline%s within %d working day%s (not findings)\n"),
			info->n_due_soon, info->n_due_soon == 1 ? "" : "s", info->warn_days,
			info->warn_days == 1 ? "" : "s");
	if (info->waived)
		fprintf(out, _("waived: %ld of the findings, by an approved exception (%s)\n"),
			info->waived, info->waivers ? info->waivers->file : "waivers.yaml");
	if (!sm->by[BY_JURIS].n)
		return 0;
	put_table(out, &sm->by[BY_JURIS], BY_JURIS, (size_t)-1, warn);
	put_table(out, &sm->by[BY_CATEGORY], BY_CATEGORY, (size_t)-1, warn);
	put_table(out, &sm->by[BY_UNIT], BY_UNIT, CLI_SUMMARY_UNITS, warn);
	putc('\n', out);
	return 0;
}

void cli_summary_where(FILE *out, const gk_run_info *info, const char *db, const char *reports)
{
	if (reports)
		fprintf(out, _("reports: %s\n"), reports);
	fprintf(out, _("details: gongkai findings --db %s --run %lld (with --status new, resolved or "
		"due_soon; --jurisdiction J, --category C, --unit U, --rule R)\n"), db,
		(long long)info->id);
}

void cli_summary_free(cli_summary *sm)
{
	if (!sm)
		return;
	for (int l = 0; sm->lanes && l < sm->nlanes; l++)
		for (int d = 0; d < NDIMS; d++)
			table_free(&sm->lanes[l][d]);
	free(sm->lanes);
	for (int d = 0; d < NDIMS; d++)
		table_free(&sm->by[d]);
	free(sm);
}

/*
 * cmd_impact.c - gongkai impact --db DB REV_A REV_B|--worktree
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/i18n.h"
#include "cli.h"
#include "opts.h"
#include "wire.h"

enum { O_DB = 256, O_POLICIES, O_AS_OF, O_JOBS, O_WORKTREE };

static const cli_option options[] = {
	{ "db", 0, "DB", O_DB, N_("the database (default: db: of gongkai.yaml)") },
	{ "policies", 0, "DIR", O_POLICIES, N_("the policy set (default: policies: of gongkai.yaml, else\n"
	  "$GONGKAI_POLICIES, else ./policies)") },
	{ "as-of", 0, "YYYY-MM-DD", O_AS_OF, N_("the date to judge both as of (default: today)") },
	{ "jobs", 0, "N", O_JOBS, N_("evaluate with N workers (default 1)") },
	{ "worktree", 0, NULL, O_WORKTREE, N_("compare REV_A with the folder as it is") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"impact", options,
	N_("usage: gongkai impact --db DB [--policies DIR] [--as-of YYYY-MM-DD]\n"
	"                      [--jobs N] REV_A (REV_B | --worktree)\n"
	"\n"
	"Evaluates the policy set as committed at REV_A and at REV_B (or the folder\n"
	"as it is, --worktree) on the same records as of the same date, stores\n"
	"nothing, and lists the findings that appear and disappear, grouped by\n"
	"rule, with counts.  Run it before committing a change, or on past\n"
	"changes.  A finding is the same when its jurisdiction, record (or\n"
	"period, and venue), rule, category and deadline are.\n"
	"\n"
	"Findings whose deadline was counted through a provisional calendar year\n"
	"are marked 暂定; replacing that year with the State Council's notice\n"
	"lists the deadlines that move and counts those it confirms.\n"),
	N_("exit status: 0 no difference, 1 findings appear or disappear, 2 error.\n"),
	N_("option"),
};

#define SHOW_MAX 20

/* The findings of one revision: all keys, and those of provisional ones. */
struct keys {
	struct cli_strs all, prov;
};

/* Keys are "rule\tjurisdiction\trecord-or-period\tcategory\tdue". */
static int add_key(void *ud, const gk_finding *f, gk_error *err)
{
	struct keys *ks = ud;
	char due[GK_DATE_LEN + 1] = "", *k;
	int rc;

	if (f->has_due)
		gk_date_format(f->due_on, due);
	if (asprintf(&k, "%s\t%s\t%s%s%s\t%s\t%s", f->rule, f->jurisdiction,
		     f->record_id ? f->record_id : f->period ? f->period : "-",
		     !f->record_id && f->unit ? " " : "", !f->record_id && f->unit ? f->unit : "",
		     f->category, due) < 0)
		k = NULL;
	if ((rc = cli_strs_add(&ks->all, k, err)) || !f->provisional)
		return rc;
	return cli_strs_add(&ks->prov, strdup(k), err);
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int has_key(const struct cli_strs *l, const char *k)
{
	return l->n && bsearch(&k, l->v, l->n, sizeof(*l->v), cmp_key) != NULL;
}

static int evaluate(gk_store *st, const char *dir, const char *rev, gk_day as_of, int jobs,
		    struct keys *out, char *label, size_t lsz, gk_error *err)
{
	gk_run_opts o = { .as_of = as_of, .jobs = jobs, .limits = GK_LIMITS_DEFAULT, .dry = 1 };
	gk_source *src = NULL;
	cli_policyset ps = { 0 };
	cli_collect c;
	gk_sink *sink = cli_collect_sink(&c, add_key, out);
	gk_run_info info;
	int rc;

	if ((rc = cli_committed_source(dir, rev, rev == NULL, &src, err)))
		return rc;
	snprintf(label, lsz, "%.12s%s", rev ? gk_source_revision(src) : "worktree",
		 rev ? "" : " (uncommitted)");
	if (!(rc = cli_policyset_open(&ps, src, err)))
		rc = cli_run(st, &ps, &o, &sink, 1, &info, err);
	cli_policyset_close(&ps);
	gk_source_free(src);
	if (!rc) {
		cli_strs_sort(&out->all);
		cli_strs_sort(&out->prov);
	}
	return rc;
}

/* The rule of a key (up to its first tab). */
static size_t rule_len(const char *k)
{
	return strcspn(k, "\t");
}

static void print_key(char sign, const char *k, int prov)
{
	char buf[1024], *f[5], *p = buf;

	snprintf(buf, sizeof(buf), "%s", k);
	for (int i = 0; i < 5; i++) {
		f[i] = p;
		p = strchr(p, '\t');
		if (p)
			*p++ = '\0';
		else
			p = buf + strlen(buf);
	}
	printf("    %c %s  %s  %s%s%s%s\n", sign, f[2], cli_juris_shown(f[1]),
	       cli_lang_zh() ? cli_category_label(f[3]) : f[3], *f[4] ? "  期限 " : "", f[4],
	       prov ? "（暂定）" : "");
}

/*
 * Evaluate rev_a and rev_b (NULL: the folder as it is) on DB's records as
 * of as_of and print the findings that appear and disappear, by rule.
 * *changes = how many.  Returns 0 or an error (err set).
 */
int cli_impact(const char *db, const char *dir, const char *rev_a, const char *rev_b,
	       gk_day as_of, int jobs, int *changes, gk_error *err)
{
	struct keys ka = { { 0 }, { 0 } }, kb = { { 0 }, { 0 } };
	struct cli_strs a, b;
	char la[64], lb[64], asof[GK_DATE_LEN + 1];
	gk_store *st = NULL;
	int total_in = 0, total_out = 0, confirmed = 0, became = 0, rc;
	size_t i = 0, j = 0;

	*changes = 0;
	if ((rc = gk_store_open(&st, db, 0, err)) ||
	    (rc = evaluate(st, dir, rev_a, as_of, jobs, &ka, la, sizeof(la), err)) ||
	    (rc = evaluate(st, dir, rev_b, as_of, jobs, &kb, lb, sizeof(lb), err)))
		goto done;
	a = ka.all;
	b = kb.all;
	if (cli_lang_zh())
		cli_names_from_policies(dir);
	gk_date_format(as_of, asof);
	printf(_("impact as of %s: %s -> %s\n"), asof, la, lb);
	printf(_("  %zu findings -> %zu findings\n"), a.n, b.n);
	/* Both sorted, so by rule: walk them together. */
	while (i < a.n || j < b.n) {
		const char *k = i < a.n && (j >= b.n || strcmp(a.v[i], b.v[j]) <= 0) ?
			a.v[i] : b.v[j];
		size_t rl = rule_len(k);
		char rule[128];
		int plus = 0, minus = 0, shown = 0;
		size_t i0 = i, j0 = j;

		snprintf(rule, sizeof(rule), "%.*s", (int)rl, k);
		/* count this rule's differences */
		while ((i < a.n && rule_len(a.v[i]) == rl && !strncmp(a.v[i], rule, rl)) ||
		       (j < b.n && rule_len(b.v[j]) == rl && !strncmp(b.v[j], rule, rl))) {
			int in_a = i < a.n && rule_len(a.v[i]) == rl && !strncmp(a.v[i], rule, rl);
			int in_b = j < b.n && rule_len(b.v[j]) == rl && !strncmp(b.v[j], rule, rl);
			int c = in_a && in_b ? strcmp(a.v[i], b.v[j]) : in_a ? -1 : 1;

			if (c == 0) {
				i++, j++;
			} else if (c < 0) {
				minus++, i++;
			} else {
				plus++, j++;
			}
		}
		if (!plus && !minus)
			continue;
		total_in += plus;
		total_out += minus;
		printf(_("\n%s: +%d appear, -%d disappear\n"), rule, plus, minus);
		/* list them (again from the rule's start) */
		i = i0, j = j0;
		while ((i < a.n && rule_len(a.v[i]) == rl && !strncmp(a.v[i], rule, rl)) ||
		       (j < b.n && rule_len(b.v[j]) == rl && !strncmp(b.v[j], rule, rl))) {
			int in_a = i < a.n && rule_len(a.v[i]) == rl && !strncmp(a.v[i], rule, rl);
			int in_b = j < b.n && rule_len(b.v[j]) == rl && !strncmp(b.v[j], rule, rl);
			int c = in_a && in_b ? strcmp(a.v[i], b.v[j]) : in_a ? -1 : 1;

			if (c == 0) {
				i++, j++;
				continue;
			}
			if (shown++ < SHOW_MAX)
				print_key(c < 0 ? '-' : '+', c < 0 ? a.v[i] : b.v[j],
					  c < 0 ? has_key(&ka.prov, a.v[i]) : has_key(&kb.prov, b.v[j]));
			if (c < 0)
				i++;
			else
				j++;
		}
		if (shown > SHOW_MAX)
			printf(_("    … and %d more\n"), shown - SHOW_MAX);
	}
	if (!total_in && !total_out)
		printf(_("\nno finding appears or disappears\n"));
	else
		printf(_("\n%d appear, %d disappear\n"), total_in, total_out);
	/* The same finding, its deadline now confirmed (or now provisional). */
	for (size_t k = 0; k < ka.prov.n; k++)
		confirmed += has_key(&b, ka.prov.v[k]) && !has_key(&kb.prov, ka.prov.v[k]);
	for (size_t k = 0; k < kb.prov.n; k++)
		became += has_key(&a, kb.prov.v[k]) && !has_key(&ka.prov, kb.prov.v[k]);
	if (confirmed)
		printf(_("%d finding%s: the same deadline, no longer 暂定\n"), confirmed,
		       confirmed == 1 ? "" : "s");
	if (became)
		printf(_("%d finding%s: the same deadline, now 暂定 (counted through a provisional "
		       "year)\n"), became, became == 1 ? "" : "s");
	*changes = total_in + total_out;
done:
	cli_strs_free(&ka.all);
	cli_strs_free(&ka.prov);
	cli_strs_free(&kb.all);
	cli_strs_free(&kb.prov);
	cli_names_free();
	gk_store_close(st);
	return rc;
}

int cmd_impact(int argc, char **argv)
{
	const char *db = NULL, *dir = cli_policies_default(), *revs[2] = { NULL, NULL }, *v;
	gk_day as_of = cli_today();
	int nrev = 0, worktree = 0, jobs = 1, changes;
	gk_error err = { 0 };
	cli_args ca;
	int c;

	cli_args_init(&ca, &command, argc, argv);
	while ((c = cli_next(&ca, &v)) != CLI_END) {
		switch (c) {
		case CLI_HELP:
			return GK_EXIT_OK;
		case O_DB:
			db = v;
			break;
		case O_POLICIES:
			dir = v;
			break;
		case O_AS_OF:
			if (cli_parse_date(v, "--as-of", &as_of))
				return GK_EXIT_ERROR;
			break;
		case O_JOBS:
			jobs = atoi(v);
			if (jobs < 1 || jobs > 64)
				return cli_fail("impact: --jobs '%s': expected a number from 1 to 64", v);
			break;
		case O_WORKTREE:
			worktree = 1;
			break;
		case CLI_ARG:
			if (nrev >= 2)
				return cli_fail("impact: give two revisions, or one and --worktree");
			revs[nrev++] = v;
			break;
		default:
			return GK_EXIT_ERROR;
		}
	}
	db = cli_db_default(db);
	if (!db || nrev + worktree != 2 || nrev < 1)
		return cli_fail("impact: usage: gongkai impact --db DB REV_A (REV_B | --worktree)");
	if (cli_impact(db, dir, revs[0], worktree ? NULL : revs[1], as_of, jobs, &changes, &err))
		return cli_fail("%s", err.msg);
	return changes ? GK_EXIT_FINDINGS : GK_EXIT_OK;
}

/*
 * cmd_lint.c - gongkai lint [--policies DIR]
 */
#include <stdio.h>
#include <string.h>

#include "../engine/i18n.h"
#include "../engine/holidays.h"
#include "../engine/lua/policy.h"
#include "../stores/policyset/calendar_yaml.h"
#include "../stores/import/colmap.h"
#include "../stores/policyset/waivers_yaml.h"
#include "../stores/policyset/bundle.h"
#include "cli.h"
#include "opts.h"
#include "wire.h"

enum { O_POLICIES = 256, O_REV, O_AS_OF };

static const cli_option options[] = {
	{ "policies", 0, "DIR", O_POLICIES, N_("the policy set (default: policies: of gongkai.yaml, else\n"
	  "$GONGKAI_POLICIES, else ./policies), as it is") },
	{ "rev", 0, "REV", O_REV, N_("the policy set as committed at REV instead") },
	{ "as-of", 0, "YYYY-MM-DD", O_AS_OF, N_("the day the calendar's notes are as of (default: today)") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"lint", options,
	N_("usage: gongkai lint [--policies DIR] [--rev REV] [--as-of YYYY-MM-DD]\n"
	"\n"
	"Loads the calendar, every catalog and every policy file of the policy set\n"
	"and reports each mistake with its file and line before anything runs: a\n"
	"syntax error, an unknown field name in a rule, an unknown category or\n"
	"kind, a catalog item without a time limit, a rule id used twice, an\n"
	"override of a rule that does not exist.  Each policy file is loaded on\n"
	"its own (on top of the baseline), so one broken file does not hide the\n"
	"problems of another.  The source systems' column mappings\n"
	"(J/columns/*.yaml, see docs/records.md) are checked too, and\n"
	"waivers.yaml is read as a run reads it: each waiver must name a rule\n"
	"and a jurisdiction the policy set has.\n"
	"\n"
	"The calendar must hold, each year, the statutory holidays of the law in\n"
	"force (a day off that is a working day is a problem).  From 1 November\n"
	"of its last year (as of --as-of, default today) lint also says that the\n"
	"next year's arrangement is missing and how to add it, and names the\n"
	"provisional years to replace (gongkai calendar): warnings, not problems.\n"),
	N_("exit status: 0 no problems, 1 problems found, 2 lint could not run.\n"),
	N_("argument"),
};

static void report(void *ud, const char *msg)
{
	(void)ud;
	printf("%s\n", msg);
}

/*
 * waivers.yaml as a run reads it; then, when the policies loaded, each
 * waiver's rule and jurisdiction must exist: a waiver naming a rule the
 * set lacks ("B01") would cover nothing, silently, until it is needed.
 */
static int lint_waivers(gk_source *src, const gk_calendar *cal, int policy_problems,
			int *problems, gk_error *err)
{
	gk_waivers *w = NULL;
	gk_bundle *b = NULL;
	gk_policy *p = NULL;
	gk_limits limits = GK_LIMITS_DEFAULT;
	gk_error e = { 0 };
	int rc = 0;

	if (gk_waivers_load(src, &w, &e)) {
		report(NULL, e.msg);
		(*problems)++;
		return 0;
	}
	if (!w->n || policy_problems)
		goto done;
	if ((rc = gk_bundle_read(src, &b, err)))
		goto done;
	if (gk_policy_load(b, cal, &limits, &p, &e))
		goto done;       /* lint reported it, file by file */
	for (int i = 0; i < w->n; i++) {
		const gk_waiver *x = &w->v[i];
		int rule = !x->rule, juris = !x->jurisdiction;

		for (int k = 0; !rule && k < gk_policy_nrules(p); k++)
			rule = strcmp(gk_policy_rule(p, k)->id, x->rule) == 0;
		for (int j = 0; !juris && j < gk_bundle_njuris(b); j++)
			juris = strcmp(gk_bundle_juris(b, j), x->jurisdiction) == 0;
		if (!rule || !juris) {
			char msg[1024];

			snprintf(msg, sizeof(msg), _("%s:%d: the waiver names %s '%s', which the "
				 "policy set does not have: it would cover nothing"), w->file, x->line,
				 !rule ? "rule" : "jurisdiction", !rule ? x->rule : x->jurisdiction);
			report(NULL, msg);
			(*problems)++;
		}
	}
done:
	gk_policy_free(p);
	gk_bundle_free(b);
	gk_waivers_free(w);
	return rc;
}

int cmd_lint(int argc, char **argv)
{
	const char *dir = cli_policies_default(), *rev = NULL, *v;
	gk_source *src = NULL;
	gk_calendar *cal = NULL;
	gk_calendar_info *info = NULL;
	gk_calendar_state cs;
	gk_error err = { 0 };
	gk_day as_of = cli_today();
	int problems = 0, rc = GK_EXIT_ERROR;
	cli_args ca;
	int c;

	cli_args_init(&ca, &command, argc, argv);
	while ((c = cli_next(&ca, &v)) != CLI_END) {
		switch (c) {
		case CLI_HELP:
			return GK_EXIT_OK;
		case O_POLICIES:
			dir = v;
			break;
		case O_REV:
			rev = v;
			break;
		case O_AS_OF:
			if (cli_parse_date(v, "--as-of", &as_of))
				return GK_EXIT_ERROR;
			break;
		case CLI_ARG:
			return cli_fail("lint: unknown argument '%s'; see 'gongkai lint --help'", v);
		default:
			return GK_EXIT_ERROR;
		}
	}
	if (cli_open_source(dir, rev, &src, &err))
		return cli_fail("%s", err.msg);
	if (gk_calendar_load_info(src, &cal, &info, &err)) {
		/* Policies need the calendar to load: report and stop here. */
		printf("%s\n", err.msg);
		printf(_("1 problem in %s\n"), dir);
		rc = GK_EXIT_FINDINGS;
		goto done;
	}
	/* Each year holds the statutory days of its law. */
	for (int i = 0; i < info->nyears; i++)
		if (gk_holidays_verify(cal, info->years[i].year, &err)) {
			printf("%s:%d: %d: %s\n", info->file, info->years[i].line,
			       info->years[i].year, err.msg);
			problems++;
		}
	/* Mappings may name jurisdictions by their directories' names. */
	cli_names_from_source(src);
	if (cli_lint_policies(src, cal, report, NULL, &problems, &err) ||
	    gk_colmap_lint(src, report, NULL, &problems, &err) ||
	    lint_waivers(src, cal, problems, &problems, &err)) {
		cli_fail("%s", err.msg);
		goto done;
	}
	gk_calendar_state_of(cal, &cs);
	cli_calendar_notes(stdout, _("warning: "), info->file, &cs, as_of);
	if (problems)
		printf(_("%d problem%s in %s\n"), problems, problems == 1 ? "" : "s", dir);
	else
		printf(_("%s: no problems\n"), dir);
	rc = problems ? GK_EXIT_FINDINGS : GK_EXIT_OK;
done:
	gk_calendar_info_free(info);
	gk_calendar_free(cal);
	gk_source_free(src);
	return rc;
}

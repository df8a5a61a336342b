/*
 * cmd_workdays.c - gongkai workdays add|between
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/suggest.h"
#include "../stores/policyset/calendar_yaml.h"
#include "../engine/i18n.h"
#include "cli.h"
#include "opts.h"

enum { O_POLICIES = 256 };

static const cli_option options[] = {
	{ "policies", 0, "DIR", O_POLICIES, N_("the policy set whose calendar.yaml counts (default:\n"
	  "$GONGKAI_POLICIES, else ./policies)") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"workdays", options,
	N_("usage: gongkai workdays add DATE N [--policies DIR]\n"
	"       gongkai workdays between A B [--policies DIR]\n"
	"\n"
	"Working-day arithmetic with the calendar of the policy set\n"
	"(DIR/calendar.yaml; DIR defaults to $GONGKAI_POLICIES or ./policies).\n"
	"A working day is a declared make-up working day (调休), or a Monday to\n"
	"Friday that is not a declared holiday.  The start day never counts.\n"
	"\n"
	"  add DATE N     print the N-th working day after DATE\n"
	"  between A B    print the number of working days D with A < D <= B\n"
	"                 (negative, counted the same way, when B is before A)\n"),
	N_("A date outside the years the calendar covers is an error naming the year.\n"
	"An answer counted through a provisional year (gongkai calendar\n"
	"provisional: statutory holidays and 补假, no make-up working days) is\n"
	"followed by \"暂定\" (\"2027-01-19 暂定\") and a note on stderr: it may change\n"
	"when the State Council's notice replaces that year.\n"
	"exit status: 0 success, 2 error.\n"),
	N_("option"),
};

int cmd_workdays(int argc, char **argv)
{
	static const char *const subs[] = { "add", "between" };
	const char *dir = cli_policies_default(), *args[3];
	gk_source *src = NULL;
	gk_calendar *cal = NULL;
	gk_error err = { 0 };
	int nargs = 0, rc = GK_EXIT_ERROR, prov = 0;
	gk_day a, b, out;
	cli_args ca;
	const char *v;
	int c;

	cli_args_init(&ca, &command, argc, argv);
	while ((c = cli_next(&ca, &v)) != CLI_END) {
		if (c == CLI_HELP)
			return GK_EXIT_OK;
		if (c == O_POLICIES)
			dir = v;
		else if (c == CLI_ARG && nargs < 3)
			args[nargs++] = v;
		else if (c == CLI_ARG)
			return cli_fail("workdays: too many arguments; see 'gongkai workdays --help'");
		else
			return GK_EXIT_ERROR;
	}
	if (nargs != 3 || (strcmp(args[0], "add") && strcmp(args[0], "between"))) {
		const char *near = nargs ? gk_suggest(args[0], subs, 2) : NULL;

		return cli_fail("workdays: usage: gongkai workdays add DATE N | between A B%s%s%s",
				near ? _("; did you mean '") : "", near ? near : "", near ? "'?" : "");
	}
	if (cli_parse_date(args[1], "date", &a))
		return GK_EXIT_ERROR;
	if (gk_source_open_dir(&src, dir, &err) || gk_calendar_load(src, &cal, &err)) {
		cli_fail("%s", err.msg);
		goto done;
	}
	if (strcmp(args[0], "add") == 0) {
		char *end, buf[GK_DATE_LEN + 1];
		long n = strtol(args[2], &end, 10);

		if (*end || end == args[2] || args[2][0] < '0' || args[2][0] > '9' ||
		    n < 0 || n > 100000) {
			cli_fail("workdays add: '%s' is not a number of working days (0 or more)",
				 args[2]);
			goto done;
		}
		if (gk_calendar_add_workdays(cal, a, (int)n, &out, &err)) {
			cli_fail("%s", err.msg);
			goto done;
		}
		gk_date_format(out, buf);
		prov = gk_calendar_provisional_between(cal, a, out);
		printf("%s%s\n", buf, prov ? " 暂定" : "");
	} else {
		int n;

		if (cli_parse_date(args[2], "date", &b))
			goto done;
		if (gk_calendar_workdays_between(cal, a, b, &n, &err)) {
			cli_fail("%s", err.msg);
			goto done;
		}
		prov = gk_calendar_provisional_between(cal, a < b ? a : b, a < b ? b : a);
		printf("%d%s\n", n, prov ? " 暂定" : "");
	}
	if (prov)
		fprintf(stderr, _("gongkai: note: the answer counts days of a provisional year of the "
			"calendar (no make-up working days yet): it may change when the State "
			"Council's notice is added (gongkai calendar status, gongkai calendar add)\n"));
	rc = GK_EXIT_OK;
done:
	gk_calendar_free(cal);
	gk_source_free(src);
	return rc;
}

/*
 * cmd_workdays.c - gongkai workdays add|between
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../stores/policyset/calendar_yaml.h"
#include "cli.h"

static const char help[] =
	"usage: gongkai workdays add DATE N [--policies DIR]\n"
	"       gongkai workdays between A B [--policies DIR]\n"
	"\n"
	"Working-day arithmetic with the calendar of the policy set\n"
	"(DIR/calendar.yaml; DIR defaults to $GONGKAI_POLICIES or ./policies).\n"
	"A working day is a declared make-up working day (调休), or a Monday to\n"
	"Friday that is not a declared holiday.  The start day never counts.\n"
	"\n"
	"  add DATE N     print the N-th working day after DATE\n"
	"  between A B    print the number of working days D with A < D <= B\n"
	"                 (negative, counted the same way, when B is before A)\n"
	"\n"
	"A date outside the years the calendar covers is an error naming the year.\n"
	"An answer counted through a provisional year (gongkai calendar\n"
	"provisional: statutory holidays and 补假, no make-up working days) is\n"
	"followed by \"暂定\" (\"2027-01-19 暂定\") and a note on stderr: it may change\n"
	"when the State Council's notice replaces that year.\n"
	"exit status: 0 success, 2 error.\n";

int cmd_workdays(int argc, char **argv)
{
	const char *dir = cli_policies_default(), *args[3];
	gk_source *src = NULL;
	gk_calendar *cal = NULL;
	gk_error err = { 0 };
	int nargs = 0, rc = GK_EXIT_ERROR, prov = 0;
	gk_day a, b, out;

	for (int i = 1; i < argc; i++) {
		const char *v;

		if (cli_is_help(argv[i])) {
			fputs(help, stdout);
			return GK_EXIT_OK;
		} else if ((v = cli_opt(argc, argv, &i, "--policies"))) {
			dir = v;
		} else if (argv[i][0] == '-' && argv[i][1] && !(argv[i][1] >= '0' && argv[i][1] <= '9')) {
			return cli_fail("workdays: unknown option '%s'", argv[i]);
		} else if (nargs < 3) {
			args[nargs++] = argv[i];
		} else {
			return cli_fail("workdays: too many arguments; see 'gongkai workdays --help'");
		}
	}
	if (nargs != 3 || (strcmp(args[0], "add") && strcmp(args[0], "between")))
		return cli_fail("workdays: usage: gongkai workdays add DATE N | between A B");
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
		fprintf(stderr, "gongkai: note: the answer counts days of a provisional year of the "
			"calendar (no make-up working days yet): it may change when the State "
			"Council's notice is added (gongkai calendar status, gongkai calendar add)\n");
	rc = GK_EXIT_OK;
done:
	gk_calendar_free(cal);
	gk_source_free(src);
	return rc;
}

/*
 * cmd_test.c - gongkai test [--policies DIR] [RULE|JURISDICTION]
 */
#include <stdio.h>
#include <string.h>

#include "ptest.h"
#include "../engine/i18n.h"
#include "cli.h"
#include "opts.h"

enum { O_POLICIES = 256, O_REV, O_COVERAGE, O_FORMAT, O_TAP };

static const cli_option options[] = {
	{ "policies", 0, "DIR", O_POLICIES, N_("the policy set (default: policies: of gongkai.yaml, else\n"
	  "$GONGKAI_POLICIES, else ./policies), as it is") },
	{ "rev", 0, "REV", O_REV, N_("the policy set as committed at REV instead") },
	{ "verbose", 'v', NULL, 'v', N_("print a line for every case, passing ones too") },
	{ "format", 0, "F", O_FORMAT, N_("text (default), tap (TAP version 13: every case numbered,\n"
	  "what failed in a YAML block, the plan 1..N last) or junit\n"
	  "(JUnit XML: a testcase per case, the test file its\n"
	  "classname); with tap or junit the last line goes to\n"
	  "stderr, --coverage's lines are TAP comments or go to stderr;\n"
	  "tap and junit are read by CI systems: English always") },
	{ "tap", 0, NULL, O_TAP, N_("the same as --format tap") },
	{ "coverage", 0, NULL, O_COVERAGE, N_("also list the rules no case exercises") },
	{ NULL, 0, NULL, 0, NULL }
};

static const cli_command command = {
	"test", options,
	N_("usage: gongkai test [--policies DIR] [--rev REV] [-v] [--coverage]\n"
	"                    [--format text|tap|junit] [RULE|JURISDICTION]\n"
	"\n"
	"Runs the policy tests: the YAML files in the tests/ folder next to each\n"
	"jurisdiction's policies (records in, expected findings out).  Each case's\n"
	"record is checked like an import and evaluated by a real run as of the\n"
	"case's date.  Without a filter, every rule must also have a case that\n"
	"passes and one that fails.  Prints a line per failing case (-v: every\n"
	"case) and 'N passed, N failed' last.  --coverage also lists the rules\n"
	"no case exercises.\n"),
	N_("exit status: 0 all passed, 1 a test failed, 2 error (the policy set\n"
	"cannot be loaded, an unknown filter).\n"),
	N_("option"),
};

int cmd_test(int argc, char **argv)
{
	gk_ptest_opts o = { .out = stdout };
	const char *dir = cli_policies_default(), *rev = NULL, *v;
	gk_error err = { 0 };
	int passed, failed, rc;
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
		case 'v':
			o.verbose = 1;
			break;
		case O_COVERAGE:
			o.coverage = 1;
			break;
		case O_TAP:
			o.format = GK_PTEST_TAP;
			break;
		case O_FORMAT: {
			static const char *const formats[] = { "text", "tap", "junit", NULL };
			enum cli_format f;

			if (cli_parse_format_of("test", v, formats, &f))
				return GK_EXIT_ERROR;
			o.format = f == CLI_TAP ? GK_PTEST_TAP : f == CLI_JUNIT ? GK_PTEST_JUNIT :
				   GK_PTEST_TEXT;
			break;
		}
		case CLI_ARG:
			if (o.filter)
				return cli_fail("test: give one rule or jurisdiction");
			o.filter = v;
			break;
		default:
			return GK_EXIT_ERROR;
		}
	}
	/* TAP and JUnit are read by CI systems: English, whatever the
	 * language (docs/i18n.md). */
	if (o.format != GK_PTEST_TEXT)
		cli_lang_set(0);
	if (cli_open_source(dir, rev, &o.src, &err))
		return cli_fail("%s", err.msg);
	rc = gk_ptest_run(&o, &passed, &failed, &err);
	gk_source_free(o.src);
	if (rc)
		return cli_fail("%s", err.msg);
	/* TAP: a comment after the plan; JUnit: beside the document. */
	if (o.format == GK_PTEST_TAP)
		printf("# %d passed, %d failed\n", passed, failed);
	else if (o.format == GK_PTEST_JUNIT)
		fprintf(stderr, "%d passed, %d failed\n", passed, failed);
	else
		printf(_("%d passed, %d failed\n"), passed, failed);
	if (fflush(stdout) != 0)
		return cli_fail("test: cannot write the output");
	return failed ? GK_EXIT_FINDINGS : GK_EXIT_OK;
}

/*
 * cmd_test.c - gongkai test [--policies DIR] [RULE|JURISDICTION]
 */
#include <stdio.h>
#include <string.h>

#include "ptest.h"
#include "cli.h"

static const char help[] =
	"usage: gongkai test [--policies DIR] [--rev REV] [-v] [--coverage] [RULE|JURISDICTION]\n"
	"\n"
	"Runs the policy tests: the YAML files in the tests/ folder next to each\n"
	"jurisdiction's policies (records in, expected findings out).  Each case's\n"
	"record is checked like an import and evaluated by a real run as of the\n"
	"case's date.  Without a filter, every rule must also have a case that\n"
	"passes and one that fails.  Prints a line per failing case (-v: every\n"
	"case) and 'N passed, N failed' last.  --coverage also lists the rules\n"
	"no case exercises.\n"
	"\n"
	"exit status: 0 all passed, 1 a test failed, 2 error (the policy set\n"
	"cannot be loaded, an unknown filter).\n";

int cmd_test(int argc, char **argv)
{
	gk_ptest_opts o = { .out = stdout };
	const char *dir = cli_policies_default(), *rev = NULL, *v;
	gk_error err = { 0 };
	int passed, failed, rc;

	for (int i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			fputs(help, stdout);
			return GK_EXIT_OK;
		} else if ((v = cli_opt(argc, argv, &i, "--policies"))) {
			dir = v;
		} else if ((v = cli_opt(argc, argv, &i, "--rev"))) {
			rev = v;
		} else if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--tap") == 0) {
			o.verbose = 1;
		} else if (strcmp(argv[i], "--coverage") == 0) {
			o.coverage = 1;
		} else if (argv[i][0] == '-') {
			return cli_fail("test: unknown option '%s'; see 'gongkai test --help'", argv[i]);
		} else if (!o.filter) {
			o.filter = argv[i];
		} else {
			return cli_fail("test: give one rule or jurisdiction");
		}
	}
	if (cli_open_source(dir, rev, &o.src, &err))
		return cli_fail("%s", err.msg);
	rc = gk_ptest_run(&o, &passed, &failed, &err);
	gk_source_free(o.src);
	if (rc)
		return cli_fail("%s", err.msg);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? GK_EXIT_FINDINGS : GK_EXIT_OK;
}

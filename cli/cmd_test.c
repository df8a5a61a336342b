/*
 * cmd_test.c - gongkai test (placeholder until the test runner lands)
 */
#include "cli.h"

int cmd_test(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_fail("test: not built yet");
}

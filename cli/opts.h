/*
 * opts.h - a command's options as one table: getopt_long parses them, and
 * --help lists them from the same table, so what a command takes and what
 * its help says cannot drift apart.
 *
 *	static const cli_option opts[] = {
 *		{ "db", 0, "DB", O_DB, "the database (default: db: of gongkai.yaml)" },
 *		{ "quiet", 'q', NULL, 'q', "no progress on stderr" },
 *		{ NULL }
 *	};
 *	cli_args a;
 *	const char *v;
 *	int c;
 *
 *	cli_args_init(&a, &run_cmd, argc, argv);
 *	while ((c = cli_next(&a, &v)) != CLI_END)
 *		switch (c) { case O_DB: db = v; break; ... case CLI_BAD: return 2; }
 *
 * -h and --help are every command's.  An option the table lacks is an
 * error that names the nearest one ("did you mean '--warn-days'?"); so
 * is an abbreviation: a script that says --jur today must not mean
 * another option when one is added tomorrow.
 */
#ifndef GK_OPTS_H
#define GK_OPTS_H

#include <getopt.h>
#include <stdio.h>

typedef struct cli_option {
	const char *name;         /* "warn-days", without the dashes */
	char shortname;           /* 'q', or 0 */
	const char *arg;          /* what its value is ("N"), or NULL: none */
	int id;                   /* what cli_next returns for it (> 0) */
	const char *help;         /* lines, each ending "\n" but the last */
} cli_option;

/* A command: its name, the option table (ending with a NULL name), and
 * its --help around the options: usage and description before, the rest
 * (defaults, exit status) after.  unknown names what the command calls
 * something it does not know ("option" or "argument"). */
typedef struct cli_command {
	const char *name;
	const cli_option *opts;
	const char *before;
	const char *after;
	const char *unknown;
} cli_command;

/* cli_next's answers besides an option's id. */
enum {
	CLI_END = -1,             /* no more arguments */
	CLI_ARG = -2,             /* an argument that is no option: *value */
	CLI_HELP = -3,            /* -h or --help: the help was printed */
	CLI_BAD = -4              /* an unknown option, a value missing: said so */
};

#define CLI_MAX_OPTIONS 48

typedef struct cli_args {
	const cli_command *cmd;
	int argc;
	char **argv;
	int rest;                 /* past "--": every argument is one */
	char shortopts[2 * CLI_MAX_OPTIONS + 8];
	struct option longopts[CLI_MAX_OPTIONS + 2];
} cli_args;

void cli_args_init(cli_args *a, const cli_command *cmd, int argc, char **argv);
/* The next argument: an option's id (*value its value, or NULL), or one
 * of CLI_*.  Arguments that are no option come in their order; one that
 * looks like a negative number ("-3") is such an argument. */
int cli_next(cli_args *a, const char **value);

/* The command's --help: before, the options, after. */
void cli_help(FILE *out, const cli_command *cmd);
/* The options' lines of a help text. */
void cli_options_help(FILE *out, const cli_option *opts);

#endif

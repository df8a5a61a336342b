/*
 * opts.c - parsing a command's options from its table (see opts.h).
 */
#include <stdlib.h>
#include <string.h>

#include "../engine/i18n.h"
#include "../engine/suggest.h"
#include "cli.h"
#include "opts.h"

enum { HELP_ID = 0x10000 };

void cli_args_init(cli_args *a, const cli_command *cmd, int argc, char **argv)
{
	size_t s = 0;
	int n = 0;

	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	a->argc = argc;
	a->argv = argv;
	/* '-': arguments that are no option come in order; ':': a missing
	 * value is told apart from an unknown option. */
	a->shortopts[s++] = '-';
	a->shortopts[s++] = ':';
	a->shortopts[s++] = 'h';
	for (const cli_option *o = cmd->opts; o && o->name && n < CLI_MAX_OPTIONS; o++, n++) {
		a->longopts[n].name = o->name;
		a->longopts[n].has_arg = o->arg ? required_argument : no_argument;
		a->longopts[n].val = o->id;
		if (o->shortname) {
			a->shortopts[s++] = o->shortname;
			if (o->arg)
				a->shortopts[s++] = ':';
		}
	}
	a->longopts[n].name = "help";
	a->longopts[n].val = HELP_ID;
	a->shortopts[s] = '\0';
	/* getopt_long starts afresh; it writes nothing to stderr. */
	optind = 0;
	opterr = 0;
}

/* The table's option nearest to a misspelt one (text without its
 * dashes, up to '='), or NULL. */
static const char *nearest(const cli_option *opts, const char *text)
{
	const char *names[CLI_MAX_OPTIONS], *best;
	char word[128];
	int n = 0, prefixed = 0;
	size_t len = strcspn(text, "=");

	snprintf(word, sizeof(word), "%.*s", (int)(len < sizeof(word) ? len : sizeof(word) - 1),
		 text);
	for (const cli_option *o = opts; o && o->name && n < CLI_MAX_OPTIONS; o++) {
		names[n++] = o->name;
		prefixed += strncmp(o->name, word, strlen(word)) == 0;
	}
	if ((best = gk_suggest(word, names, n)))
		return best;
	/* An abbreviation of exactly one option. */
	for (int i = 0; i < n && prefixed == 1 && *word; i++)
		if (strncmp(names[i], word, strlen(word)) == 0)
			return names[i];
	return NULL;
}

static int unknown(const cli_args *a, const char *text)
{
	const cli_command *c = a->cmd;
	const char *near = text[0] == '-' && text[1] == '-' ? nearest(c->opts, text + 2) : NULL;

	if (near)
		return cli_fail("%s: unknown %s '%s'; did you mean '--%s'? see 'gongkai %s --help'",
				c->name, gk_tr(c->unknown ? c->unknown : N_("option")), text, near,
				c->name);
	return cli_fail("%s: unknown %s '%s'; see 'gongkai %s --help'", c->name,
			gk_tr(c->unknown ? c->unknown : N_("option")), text, c->name);
}

/* An argument such as "-3" or "-0.5": a value, never an option. */
static int negative_number(const char *s)
{
	return s[0] == '-' && ((s[1] >= '0' && s[1] <= '9') || (s[1] == '.' && s[2] >= '0' &&
								 s[2] <= '9'));
}

int cli_next(cli_args *a, const char **value)
{
	int before, c, idx = -1;
	const char *text;

	*value = NULL;
	if (a->rest) {
		if (optind >= a->argc)
			return CLI_END;
		*value = a->argv[optind++];
		return CLI_ARG;
	}
	/* optind 0 makes getopt_long start afresh (cli_args_init). */
	before = optind ? optind : 1;
	if (before < a->argc && negative_number(a->argv[before])) {
		optind = before + 1;
		*value = a->argv[before];
		return CLI_ARG;
	}
	c = getopt_long(a->argc, a->argv, a->shortopts, a->longopts, &idx);
	text = before < a->argc ? a->argv[before] : "";
	if (c == -1) {
		/* "--": what follows are arguments, whatever they look like. */
		a->rest = optind < a->argc || strcmp(text, "--") == 0;
		return optind < a->argc ? cli_next(a, value) : CLI_END;
	}
	if (c == 1) {
		*value = optarg;
		return CLI_ARG;
	}
	if (c == '?') {
		char one[3] = { '-', (char)optopt, 0 };

		/* An unknown letter of "-qx" is "-x". */
		unknown(a, text[0] == '-' && text[1] != '-' && optopt ? one : text);
		return CLI_BAD;
	}
	if (c == ':') {
		cli_fail("%s: option '%s' needs a value; see 'gongkai %s --help'", a->cmd->name,
			 text, a->cmd->name);
		return CLI_BAD;
	}
	/* A long option by a prefix of its name: refused (see opts.h). */
	if (idx >= 0 && text[0] == '-' && text[1] == '-') {
		size_t len = strcspn(text + 2, "=");

		if (len != strlen(a->longopts[idx].name)) {
			unknown(a, text);
			return CLI_BAD;
		}
	}
	if (c == 'h' || c == HELP_ID) {
		cli_help(stdout, a->cmd);
		return CLI_HELP;
	}
	*value = optarg;
	return c;
}

/* Options' names are indented 2, their help starts in column 21. */
#define HELP_COLUMN 20

void cli_options_help(FILE *out, const cli_option *opts)
{
	for (const cli_option *o = opts; o && o->name; o++) {
		char head[96];
		const char *h = o->help ? gk_tr(o->help) : "";
		int w;

		if (o->shortname)
			w = snprintf(head, sizeof(head), "-%c, --%s%s%s", o->shortname, o->name,
				     o->arg ? " " : "", o->arg ? o->arg : "");
		else
			w = snprintf(head, sizeof(head), "--%s%s%s", o->name, o->arg ? " " : "",
				     o->arg ? o->arg : "");
		if (w + 2 >= HELP_COLUMN)
			fprintf(out, "  %s\n%*s", head, HELP_COLUMN, "");
		else
			fprintf(out, "  %-*s", HELP_COLUMN - 2, head);
		for (const char *p = h; *p;) {
			size_t n = strcspn(p, "\n");

			fwrite(p, 1, n, out);
			fputc('\n', out);
			p += n;
			if (*p == '\n' && *++p)
				fprintf(out, "%*s", HELP_COLUMN, "");
		}
		if (!*h)
			fputc('\n', out);
	}
}

void cli_help(FILE *out, const cli_command *cmd)
{
	if (cmd->before)
		fputs(_(cmd->before), out);
	if (cmd->opts && cmd->opts->name) {
		fputc('\n', out);
		cli_options_help(out, cmd->opts);
	}
	if (cmd->after) {
		fputc('\n', out);
		fputs(gk_tr(cmd->after), out);
	}
}

/*
 * main.c - the gongkai command: dispatch and shared helpers.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../engine/i18n.h"
#include "../engine/suggest.h"
#include "../engine/watchdog.h"
#include "../stores/config_yaml.h"
#include "../stores/db/db.h"
#include "../stores/policyset/source.h"
#include "cli.h"

#define VERSION "0.1.0"

const char cli_version[] = VERSION;

/* The top-level help: this, the commands (from the table in main), then
 * usage_tail.  Man pages and shell completion are made from it. */
static const char usage_head[] = N_(
	"usage: gongkai <command> [options]\n"
	"       gongkai help <command>\n"
	"\n"
	"Checks government records against the information-disclosure rules\n"
	"(政务公开) of their jurisdiction.\n"
	"\n"
	"commands:\n");

static const char usage_tail[] = N_(
	"\n"
	"'gongkai help <command>' (or 'gongkai <command> --help') describes a\n"
	"command; 'gongkai --version' prints the version.  Settings (database,\n"
	"policy set, scope, warning window, report folder) may come from\n"
	"gongkai.yaml in the current folder, or --config FILE; flags override it.\n"
	"Messages are in Chinese with a Chinese locale (LANG=zh_CN.UTF-8),\n"
	"language: zh in gongkai.yaml or --lang zh; --lang en keeps them English.\n"
	"\n"
	"A command that writes to a database another gongkai is writing to\n"
	"waits for it up to 120 seconds (--busy-timeout SECONDS, or busy_timeout:\n"
	"in gongkai.yaml; 0: not at all), then stops with status 2, having\n"
	"changed nothing.\n"
	"\n"
	"run and explain read the policy set as committed (HEAD of the git\n"
	"repository holding it, or --rev REV) and refuse uncommitted changes unless\n"
	"--worktree; test and lint check the folder as it is, or a commit with --rev.\n"
	"\n"
	"exit status:\n"
	"  0  success (run: no violation, or nothing --fail-on counts)\n"
	"  1  run: violations (or what --fail-on counts); test: a policy test failed\n"
	"  2  an error: bad usage, bad input, a broken policy, a database problem\n");

/* Every command, in the order the help lists them.  A summary continues
 * on the next line after '\n'. */
static const struct command {
	const char *name;
	int (*fn)(int, char **);
	const char *summary;
} commands[] = {
	{ "import", cmd_import,
	  N_("load records from CSV, Excel (.xlsx) or JSON Lines into a database") },
	{ "template", cmd_template, N_("an empty Excel workbook to fill in with records") },
	{ "run", cmd_run, N_("evaluate every record against its rules and store the findings") },
	{ "runs", cmd_runs, N_("the stored runs, newest first, and what changed in each") },
	{ "findings", cmd_findings,
	  N_("the findings of a stored run: new, persisting, resolved, due soon;\n"
	  "by unit, category, jurisdiction or rule") },
	{ "report", cmd_report,
	  N_("a stored run's work list per responsible unit (.xlsx, CSV,\n"
	  "Markdown) and its HTML report for auditors") },
	{ "feedback", cmd_feedback, N_("read the units' answers on their returned work lists") },
	{ "explain", cmd_explain, N_("why each rule gives its verdict on one record") },
	{ "test", cmd_test, N_("run the policy tests next to the policies") },
	{ "lint", cmd_lint, N_("check every policy, catalog and the calendar before a run") },
	{ "coverage", cmd_coverage,
	  N_("every requirement of the source documents and the rules that\n"
	  "check it, or why records cannot show it") },
	{ "init", cmd_init, N_("create a git repository holding the bundled policy set") },
	{ "commit", cmd_commit, N_("lint and test the edited policy set, then commit it") },
	{ "impact", cmd_impact, N_("the findings two revisions of the policy set differ in") },
	{ "log", cmd_log, N_("which commits added, changed or removed which rules") },
	{ "blame", cmd_blame, N_("which commit wrote each line of a rule") },
	{ "verify", cmd_verify, N_("check that no stored run or finding was changed after the fact") },
	{ "replay", cmd_replay, N_("prove a stored run reproduces from its commit and records") },
	{ "workdays", cmd_workdays, N_("working-day arithmetic with the policy set's calendar") },
	{ "calendar", cmd_calendar,
	  N_("the calendar's years: status, add the State Council's notice,\n"
	  "provisional years") },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void print_usage(FILE *out)
{
	fputs(_(usage_head), out);
	for (size_t i = 0; i < NCOMMANDS; i++) {
		fprintf(out, "  %-8s  ", commands[i].name);
		for (const char *p = _(commands[i].summary); *p; p++) {
			fputc(*p, out);
			if (*p == '\n')
				fputs("            ", out);
		}
		fputc('\n', out);
	}
	fputs(_(usage_tail), out);
}

static const struct command *command_named(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

/* "'rnu' is not a command; did you mean 'run'?", exit status 2. */
static int unknown_command(const char *name)
{
	const char *names[NCOMMANDS + 5];
	const char *near;
	size_t n = 0;

	for (size_t i = 0; i < NCOMMANDS; i++)
		names[n++] = commands[i].name;
	names[n++] = "help";
	names[n++] = "--help";
	names[n++] = "--version";
	names[n++] = "--config";        /* every command's (take_config) */
	names[n++] = "--busy-timeout";
	near = gk_suggest(name, names, n);
	if (near)
		return cli_fail("'%s' is not a command; did you mean '%s'? ('gongkai --help' "
				"lists every command)", name, near);
	return cli_fail("'%s' is not a command; 'gongkai --help' lists every command", name);
}

int cli_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("gongkai: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, _(fmt), ap);
	va_end(ap);
	fputc('\n', stderr);
	return GK_EXIT_ERROR;
}

int cli_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int cli_parse_date(const char *s, const char *what, gk_day *out)
{
	if (gk_date_parse(s, strlen(s), out)) {
		cli_fail("%s '%s' is not a date: expected YYYY-MM-DD", what, s);
		return -1;
	}
	return 0;
}

int cli_open_source(const char *dir, const char *rev, struct gk_source **out,
		    gk_error *err)
{
	return rev ? gk_source_open_git(out, dir, rev, err) : gk_source_open_dir(out, dir, err);
}

int cli_run_source(const char *source, const char *revision, struct gk_source **out,
		   gk_error *err)
{
	const char *p = strstr(source, " commit ");
	char dir[1024];

	*out = NULL;
	if (strncmp(source, "git ", 4) == 0 && p) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(p - source - 4), source + 4);
		return gk_source_open_git(out, dir, revision, err);
	}
	if (strncmp(source, "directory ", 10) == 0)
		return gk_source_open_dir(out, source + 10, err);
	return gk_error_set(err, GK_EINVAL, "cannot tell the policy set of '%s'", source);
}

int cli_committed_source(const char *dir, const char *rev, int worktree,
			 struct gk_source **out, gk_error *err)
{
	int dirty = 0, rc;

	*out = NULL;
	if (worktree && rev)
		return gk_error_set(err, GK_EINVAL, "--rev and --worktree exclude each other");
	if (worktree)
		return gk_source_open_dir(out, dir, err);
	if (!rev) {
		if ((rc = gk_source_git_dirty(dir, &dirty, err))) {
			char why[GK_ERROR_MAX];

			snprintf(why, sizeof(why), "%s", err->msg);
			return gk_error_set(err, rc, "%.1500s; to evaluate the folder as it is, "
					    "pass --worktree (the run is marked uncommitted)", why);
		}
		if (dirty)
			return gk_error_set(err, GK_EINVAL,
					    "the policy set '%s' has uncommitted changes: commit them "
					    "(git commit), or pass --worktree to evaluate them as they "
					    "are (the run is marked uncommitted)", dir);
	}
	return gk_source_open_git(out, dir, rev ? rev : "HEAD", err);
}

int cli_parse_id(const char *s, const char *what, int64_t *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (!*s || *end || v < 1) {
		cli_fail("%s '%s' is not a run id: expected a number such as 12 (see "
			 "'gongkai runs')", what, s);
		return -1;
	}
	*out = v;
	return 0;
}

int cli_mkdirs(const char *path, gk_error *err)
{
	char buf[4096];
	size_t n = strlen(path);

	if (!n)
		return gk_error_set(err, GK_EINVAL, "an empty folder name: name a folder");
	if (n >= sizeof(buf))
		return gk_error_set(err, GK_EINVAL, "the path '%.100s...' is too long", path);
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(buf, 0777) != 0 && errno != EEXIST)
				return gk_error_set(err, GK_EIO, "cannot create the folder '%s': %s",
						    buf, strerror(errno));
			*p = c;
			if (!c)
				break;
		}
	}
	return 0;
}

/* ---- the configuration ------------------------------------------------- */

static const char *config_flag;   /* --config FILE, taken out of argv */
static const char *busy_flag;     /* --busy-timeout SECONDS, likewise */
static const char *lang_flag;     /* --lang zh|en, likewise */
static gk_config *config;
static int config_read;
static int config_quiet;          /* a broken configuration: say nothing yet */

const gk_config *cli_config(void)
{
	static gk_config none = { .warn_days = -1, .busy_timeout = -1, .cpu_per_call_ms = -1,
				  .cpu_per_run_ms = -1, .fail_on = -1 };
	const char *path = config_flag;
	gk_error err = { 0 };

	if (config_read)
		return config ? config : &none;
	config_read = 1;
	if (!path && access(GK_CONFIG_FILE, F_OK) == 0)
		path = GK_CONFIG_FILE;
	if (!path)
		return &none;
	if (gk_config_load(path, &config, &err)) {
		if (!config_quiet)
			cli_fail("%s", err.msg);
		config_read = 0;
		return NULL;
	}
	return config;
}

const char *cli_db_default(const char *db)
{
	const gk_config *c;

	if (db)
		return db;
	if (!(c = cli_config()))
		exit(GK_EXIT_ERROR);    /* the configuration's error is printed */
	return c->db;
}

/* Take --config FILE and --busy-timeout SECONDS (or --NAME=VALUE) out of
 * argv, wherever they are: every command takes them. */
static int take_config(int *argc, char **argv)
{
	static const struct {
		const char *name;
		const char **flag;
		const char *value;      /* what the value is, for the error */
	} globals[] = {
		{ "config", &config_flag, N_("the path of a gongkai.yaml") },
		{ "busy-timeout", &busy_flag,
		  N_("the seconds to wait for another gongkai writing to the database") },
		{ "lang", &lang_flag, N_("zh (Chinese) or en (English)") },
	};

	int missing = -1;         /* a flag without its value, said in the language asked */

	for (int i = 1; i < *argc && missing < 0; i++) {
		int used = 0;

		for (size_t g = 0; g < sizeof(globals) / sizeof(globals[0]) && !used; g++) {
			size_t n = strlen(globals[g].name);
			const char *a = argv[i];

			if (strncmp(a, "--", 2) || strncmp(a + 2, globals[g].name, n))
				continue;
			if (a[2 + n] == '=') {
				*globals[g].flag = a + 3 + n;
				used = 1;
			} else if (!a[2 + n] && i + 1 >= *argc) {
				missing = (int)g;
			} else if (!a[2 + n]) {
				*globals[g].flag = argv[i + 1];
				used = 2;
			}
		}
		if (used) {
			memmove(argv + i, argv + i + used, sizeof(char *) * (size_t)(*argc - i - used + 1));
			*argc -= used;
			i--;
		}
	}
	if (lang_flag) {
		int zh = cli_lang_parse(lang_flag);

		if (zh < 0)
			return cli_fail("--lang '%s': expected zh (Chinese) or en (English)",
					lang_flag);
		cli_lang_set(zh);
	}
	if (missing >= 0)
		return cli_fail("option '--%s' needs a value: %s", globals[missing].name,
				_(globals[missing].value));
	if (config_flag && access(config_flag, R_OK) != 0)
		return cli_fail("--config '%s': %s", config_flag, strerror(errno));
	return 0;
}

/* language: of the configuration, unless --lang said otherwise.  A
 * configuration that cannot be read says so later, where every command
 * reads it. */
static void config_language(void)
{
	if (lang_flag || (!config_flag && access(GK_CONFIG_FILE, F_OK) != 0))
		return;
	config_quiet = 1;
	if (cli_config() && config && config->language)
		cli_lang_set(strcmp(config->language, "zh") == 0);
	config_quiet = 0;
}

static void busy_notice(void *ud, const char *path, int seconds)
{
	(void)ud;
	fprintf(stderr, _("gongkai: the database '%s' is busy: another gongkai is writing to it; "
		"waiting up to %d s (--busy-timeout)\n"), path, seconds);
}

/* --busy-timeout, else busy_timeout: of the configuration, else the
 * store's default. */
static int set_busy_wait(const gk_config *c)
{
	int seconds = c && c->busy_timeout >= 0 ? c->busy_timeout : GK_STORE_BUSY_DEFAULT;

	if (busy_flag) {
		char *end;
		long v = strtol(busy_flag, &end, 10);

		if (!*busy_flag || *end || v < 0 || v > GK_STORE_BUSY_MAX)
			return cli_fail("--busy-timeout '%s': expected a number of seconds from 0 "
					"to %d", busy_flag, GK_STORE_BUSY_MAX);
		seconds = (int)v;
	}
	gk_store_busy_wait(seconds, busy_notice, NULL);
	return 0;
}

void cli_set_cpu_limits(long call_ms, long run_ms)
{
	const gk_config *c = cli_config();

	if (call_ms < 0)
		call_ms = c && c->cpu_per_call_ms >= 0 ? c->cpu_per_call_ms : GK_CPU_CALL_MS_DEFAULT;
	if (run_ms < 0)
		run_ms = c && c->cpu_per_run_ms >= 0 ? c->cpu_per_run_ms : GK_CPU_RUN_MS_DEFAULT;
	gk_watchdog_set_limits(call_ms, run_ms);
}

gk_day cli_today(void)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	return gk_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* --policies, else the configuration, else $GONGKAI_POLICIES, else
 * ./policies. */
const char *cli_policies_default(void)
{
	const char *env = getenv("GONGKAI_POLICIES");
	const gk_config *c = cli_config();

	if (!c)
		exit(GK_EXIT_ERROR);    /* the configuration's error is printed */
	if (c->policies)
		return c->policies;
	return env && *env ? env : GK_DEFAULT_POLICIES;
}

int main(int argc, char **argv)
{
	const struct command *cmd;

	cli_lang_init();
	if (take_config(&argc, argv))
		return GK_EXIT_ERROR;
	config_language();
	if (argc < 2) {
		print_usage(stderr);
		return GK_EXIT_ERROR;
	}
	if (cli_is_help(argv[1]) || (strcmp(argv[1], "help") == 0 && argc == 2)) {
		print_usage(stdout);
		return GK_EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0) {
		/* gongkai help CMD is gongkai CMD --help. */
		static char flag[] = "--help";
		char *hargv[] = { argv[2], flag, NULL };

		if (argc > 3)
			return cli_fail("help: name one command ('gongkai help run')");
		if (strcmp(argv[2], "help") == 0 || cli_is_help(argv[2])) {
			print_usage(stdout);
			return GK_EXIT_OK;
		}
		if (!(cmd = command_named(argv[2])))
			return unknown_command(argv[2]);
		return cmd->fn(2, hargv);
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("gongkai %s\n", VERSION);
		return GK_EXIT_OK;
	}
	if (!(cmd = command_named(argv[1])))
		return unknown_command(argv[1]);
	/* A broken configuration stops every command, whatever its flags:
	 * a typo must not go unnoticed because tonight's flags did not need
	 * the file.  Only a command's --help does without it. */
	{
		int help = 0, rc;

		for (int i = 2; i < argc; i++)
			help |= cli_is_help(argv[i]);
		if (!help && !cli_config())
			return GK_EXIT_ERROR;
		if (set_busy_wait(help ? NULL : cli_config()))
			return GK_EXIT_ERROR;
		if (!help)
			cli_set_cpu_limits(-1, -1);
		rc = cmd->fn(argc - 1, argv + 1);
		gk_config_free(config);
		return rc;
	}
}

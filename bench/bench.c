/*
 * bench.c - gk-bench: how fast is a nightly run, against what floor?
 *
 * On one database already holding the records (bench/run.sh makes it),
 * with a warm cache, the median of N runs of each of:
 *
 *   scan      SELECT * FROM records, every column of every row read
 *             through sqlite3_column_*: the floor for touching all data;
 *   sql-b1    rule B1 written by hand in SQL, working days done with a
 *             TEMP calendar table (day -> running count of working days)
 *             built on this connection from the policy set's calendar.yaml
 *             through the project's own calendar API;
 *   gongkai   the real binary, `gongkai run --jobs 1` and `--jobs 2`, as a
 *             child process with its output sent to /dev/null: wall time,
 *             CPU time and peak RSS (wait4).  Every run has --worktree: the
 *             policy folders as they are, so the Lua copy (in no commit)
 *             and the original are read the same way;
 *   lua       with --lua-policies DIR, `gongkai run --jobs 1 --policies DIR`
 *             the same way: DIR is the policy set with B1 written as a Lua
 *             rule (bench/run.sh makes it), so this is the Lua path's cost;
 *   full      with --full-policies DIR, the whole policy set with 1 and 2
 *             jobs (the headline: its goals come first), and the nightly
 *             job on it (nightly()).
 *
 * Every gongkai run has --timing: its stderr says how many of its seconds
 * were spent outside the pass over the records (serial whatever --jobs
 * says), reported next to the share Amdahl's law infers from the 1- and
 * 2-job times.
 *
 * Every gongkai run stores a run and all its findings; before every
 * measurement (untimed) the bench deletes all runs and findings and
 * truncates the WAL so each one starts from the same database.  The count
 * of late records the SQL finds must equal the B1 findings of every
 * gongkai run (MATCH), else the exit status is 1.  Likewise the Lua B1 must
 * find as many records as the declarative one in every run, and in the
 * warm-up pass the same records with the same due dates.
 *
 * Output: a table for people, then `key=value` lines for scripts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>

#include "../engine/calendar.h"
#include "../engine/date.h"
#include "../stores/policyset/calendar_yaml.h"
#include "../stores/policyset/source.h"

enum exit_code {
	EXIT_OK = 0,        /* measured, cross-check MATCH */
	EXIT_MISMATCH = 1,  /* measured, but SQL, gongkai or Lua disagree on B1 */
	EXIT_USAGE = 2,     /* bad arguments */
	EXIT_FAIL = 3       /* something could not be measured */
};

#define RUNS_MAX 15

/* The goals, printed next to the figures.  The full policy set's: --jobs 2
 * no slower than reading every column of the table, a second worker
 * worth 1.5x, peak memory under 100 MB.  The core rules': 600,000
 * records/s on one core, within 2.5x of B1 in SQL, near-linear gain. */
#define GOAL_FULL_SPEEDUP 1.5
#define GOAL_FULL_OVER_SCAN 1.0
#define GOAL_RECORDS_PER_S 600000.0
#define GOAL_SQL_RATIO 2.5
#define GOAL_RSS_MB 100.0
#define GOAL_SPEEDUP 1.8     /* "near-linear" from a second worker */

/* B1 of policies/baseline/b1-proactive.lua, restated for the SQL. */
#define B1_WORKDAYS 20

struct opts {
	const char *db, *gongkai, *policies, *as_of;
	const char *lua_policies;   /* B1 as a Lua rule, or NULL: no Lua row */
	const char *full_policies;  /* the whole policy set, or NULL: no full rows */
	int runs;
	long records;        /* expected count, 0 = any */
};

/* One gongkai run as the parent saw it. */
struct child {
	double wall, cpu;    /* seconds */
	double serial;       /* --timing: seconds outside the pass over the records */
	long maxrss_kb;
	long b1, b1_deadline, b1_missing, records;
	int64_t run_id;
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("gk-bench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAIL);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
	double s[RUNS_MAX];

	memcpy(s, v, sizeof(*v) * (size_t)n);
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* "1234567" -> "1,234,567", in one of a few rotating buffers so that a
 * printf may take several. */
static const char *grouped(double x)
{
	static char pool[8][32];
	static int next;
	char digits[32], *buf = pool[next++ % 8];
	int n, o = 0;

	n = snprintf(digits, sizeof(digits), "%.0f", x);
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

/* ---- the machine ------------------------------------------------------ */

/* CPU seconds all processors spent busy since boot (/proc/stat), or -1. */
static double machine_busy(void)
{
	unsigned long long v[8] = { 0 };
	long hz = sysconf(_SC_CLK_TCK);
	FILE *fp = fopen("/proc/stat", "r");
	int n;

	if (!fp)
		return -1;
	/* user nice system idle iowait irq softirq steal */
	n = fscanf(fp, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
		   &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	fclose(fp);
	if (n < 7 || hz <= 0)
		return -1;
	return (double)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / (double)hz;
}

/* CPU seconds used by this process and its waited-for children. */
static double own_cpu(void)
{
	struct rusage s, c;

	getrusage(RUSAGE_SELF, &s);
	getrusage(RUSAGE_CHILDREN, &c);
	return (double)(s.ru_utime.tv_sec + s.ru_stime.tv_sec + c.ru_utime.tv_sec +
			c.ru_stime.tv_sec) +
	       (double)(s.ru_utime.tv_usec + s.ru_stime.tv_usec + c.ru_utime.tv_usec +
			c.ru_stime.tv_usec) / 1e6;
}

/* ---- the database ------------------------------------------------------ */

static void exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		die("cannot run '%s': %s", sql, msg ? msg : sqlite3_errmsg(db));
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		die("cannot prepare '%s': %s", sql, sqlite3_errmsg(db));
	return q;
}

/* The first column of the first row of sql as an integer. */
static int64_t query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *q = prepare(db, sql);
	int64_t v = 0;

	if (sqlite3_step(q) != SQLITE_ROW)
		die("cannot run '%s': %s", sql, sqlite3_errmsg(db));
	v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* Forget every stored run, so each measurement starts from the same file:
 * without it the findings table grows by one run's worth every time. */
static void reset_runs(sqlite3 *db)
{
	exec(db, "DELETE FROM resolved; DELETE FROM due_soon; DELETE FROM findings; "
	     "DELETE FROM runs;");
	exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
}

/* ---- baseline 1: read everything ---------------------------------------- */

/* Keeps the compiler from dropping the reads of the bytes. */
static volatile unsigned scan_sink;

/* Seconds for one pass; *rows and *bytes (of text) say what was read. */
static double scan_all(sqlite3 *db, long *rows, int64_t *bytes)
{
	sqlite3_stmt *q = prepare(db, "SELECT * FROM records");
	int ncol = sqlite3_column_count(q), s;
	int64_t sum = 0;
	unsigned touch = 0;
	long n = 0;
	double t0 = now();

	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		for (int c = 0; c < ncol; c++) {
			switch (sqlite3_column_type(q, c)) {
			case SQLITE_INTEGER:
				touch ^= (unsigned)sqlite3_column_int64(q, c);
				break;
			case SQLITE_NULL:
				break;
			default: {
				const unsigned char *t = sqlite3_column_text(q, c);

				/* Touch the bytes, as any consumer would. */
				sum += sqlite3_column_bytes(q, c);
				touch ^= t ? t[0] : 0;
			}
			}
		}
		n++;
	}
	if (s != SQLITE_DONE)
		die("cannot scan records: %s", sqlite3_errmsg(db));
	t0 = now() - t0;
	sqlite3_finalize(q);
	*rows = n;
	*bytes = sum;
	scan_sink = touch;
	return t0;
}

/* ---- baseline 2: B1 in SQL ---------------------------------------------- */

/*
 * temp.cal(day, n, w): every day the calendar covers, the number of working
 * days from its first day up to and including `day`, and whether `day` is a
 * working day.  Working days strictly after a and up to b are then
 * cal[b].n - cal[a].n, as gk_calendar_workdays_between counts them.
 */
static void make_calendar(sqlite3 *db, const char *policies)
{
	gk_source *src = NULL;
	gk_calendar *cal = NULL;
	gk_error err = { 0 };
	sqlite3_stmt *q;
	gk_day first, last;
	long n = 0;

	if (gk_source_open_dir(&src, policies, &err) || gk_calendar_load(src, &cal, &err))
		die("%s", err.msg);
	first = gk_date_from_ymd(gk_calendar_first_year(cal), 1, 1);
	last = gk_date_from_ymd(gk_calendar_last_year(cal), 12, 31);
	exec(db, "PRAGMA temp_store = MEMORY");
	exec(db, "DROP TABLE IF EXISTS temp.cal");
	exec(db, "CREATE TEMP TABLE cal(day TEXT PRIMARY KEY, n INTEGER NOT NULL, "
		 "w INTEGER NOT NULL) WITHOUT ROWID");
	exec(db, "BEGIN");
	q = prepare(db, "INSERT INTO temp.cal VALUES(?, ?, ?)");
	for (gk_day d = first; d <= last; d++) {
		char iso[GK_DATE_LEN + 1];
		int w = gk_calendar_is_workday(cal, d, &err);

		if (w < 0)
			die("%s", err.msg);
		n += w;
		gk_date_format(d, iso);
		sqlite3_bind_text(q, 1, iso, GK_DATE_LEN, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 2, n);
		sqlite3_bind_int(q, 3, w);
		if (sqlite3_step(q) != SQLITE_DONE)
			die("cannot fill the calendar table: %s", sqlite3_errmsg(db));
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);
	exec(db, "COMMIT");
	gk_calendar_free(cal);
	gk_source_free(src);
}

/*
 * B1: proactive info records; start = the later of formed_on and changed_on
 * (whichever is present), end = published_on if published by the as-of
 * date, else the as-of date.  The deadline is the 20th working day after
 * start; a record is late when end lies after it: more than 20 working
 * days in (start, end], or exactly 20 with end itself a rest day (a
 * publication on the weekend after the deadline).  Columns: records with
 * no start date (B1 reports them too), late records, and those of them
 * with more than 20 working days counted (the weekend cases excluded).
 */
static const char b1_sql[] =
	"WITH r AS (\n"
	"  SELECT max(coalesce(formed_on, changed_on), coalesce(changed_on, formed_on)) AS s,\n"
	"         min(coalesce(published_on, ?1), ?1) AS e\n"
	"  FROM records WHERE kind = 'info' AND attribute = 'proactive')\n"
	"SELECT count(*) FILTER (WHERE r.s IS NULL),\n"
	"       count(*) FILTER (WHERE ce.n - cs.n > ?2 OR (ce.n - cs.n = ?2 AND NOT ce.w)),\n"
	"       count(*) FILTER (WHERE ce.n - cs.n > ?2)\n"
	"FROM r LEFT JOIN temp.cal cs ON cs.day = r.s\n"
	"       LEFT JOIN temp.cal ce ON ce.day = r.e";

struct b1_count {
	long missing, late, late_counted;
};

static double sql_b1(sqlite3 *db, const char *as_of, struct b1_count *c)
{
	sqlite3_stmt *q = prepare(db, b1_sql);
	double t0;

	sqlite3_bind_text(q, 1, as_of, -1, SQLITE_STATIC);
	sqlite3_bind_int(q, 2, B1_WORKDAYS);
	t0 = now();
	if (sqlite3_step(q) != SQLITE_ROW)
		die("cannot run the B1 query: %s", sqlite3_errmsg(db));
	c->missing = (long)sqlite3_column_int64(q, 0);
	c->late = (long)sqlite3_column_int64(q, 1);
	c->late_counted = (long)sqlite3_column_int64(q, 2);
	t0 = now() - t0;
	sqlite3_finalize(q);
	return t0;
}

/* ---- gongkai ------------------------------------------------------------ */

/* Run argv (stdout to /dev/null, stderr to errfile when not NULL); its
 * wall time, and its resource usage in *ru when not NULL.  It must exit
 * with status 0 or 1. */
static double run_argv_to(const char *const *argv, struct rusage *ru, const char *errfile)
{
	struct rusage own;
	int status;
	pid_t pid;
	double t0;

	fflush(stdout);
	fflush(stderr);
	t0 = now();
	if ((pid = fork()) < 0)
		die("cannot fork: %s", strerror(errno));
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
			_exit(127);
		close(fd);
		if (errfile && ((fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0 ||
				dup2(fd, STDERR_FILENO) < 0))
			_exit(127);
		execv(argv[0], (char *const *)argv);
		fprintf(stderr, "gk-bench: cannot run '%s': %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, ru ? ru : &own) < 0)
		if (errno != EINTR)
			die("cannot wait for %s: %s", argv[0], strerror(errno));
	t0 = now() - t0;
	/* Exit status 1 means "findings", the normal outcome here. */
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
		die("'%s %s' failed (%s %d)", argv[0], argv[1],
		    WIFEXITED(status) ? "exit status" : "signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return t0;
}

static double run_argv(const char *const *argv, struct rusage *ru)
{
	return run_argv_to(argv, ru, NULL);
}

/*
 * The seconds of the run that stay serial, from the line of `gongkai run
 * --timing` in file: "timing: ... serial S s (P%)"; -1 when it has none.
 */
static double timing_serial(const char *file)
{
	char line[1024];
	double s = -1;
	FILE *fp = fopen(file, "r");

	while (fp && fgets(line, sizeof(line), fp)) {
		const char *at = strncmp(line, "timing: ", 8) ? NULL : strstr(line, "; serial ");

		if (at)
			s = strtod(at + 9, NULL);
	}
	if (fp)
		fclose(fp);
	return s;
}

static void run_gongkai(sqlite3 *db, const struct opts *o, const char *policies, int jobs,
			struct child *ch)
{
	char jobs_s[16], errfile[4200];
	const char *argv[] = {
		o->gongkai, "run", "--db", o->db, "--policies", policies, "--worktree",
		"--as-of", o->as_of, "--jobs", jobs_s, "--timing", NULL
	};
	struct rusage ru;
	int64_t run_id;
	char sql[256];

	snprintf(jobs_s, sizeof(jobs_s), "%d", jobs);
	snprintf(errfile, sizeof(errfile), "%s.timing", o->db);
	ch->wall = run_argv_to(argv, &ru, errfile);
	ch->serial = timing_serial(errfile);
	unlink(errfile);
	if (ch->serial < 0)
		die("'%s run --timing' printed no timing line", o->gongkai);
	ch->cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
		  (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	ch->maxrss_kb = ru.ru_maxrss;

	/* What it stored, for the cross-check (untimed). */
	run_id = query_int(db, "SELECT max(id) FROM runs");
	ch->run_id = run_id;
	snprintf(sql, sizeof(sql), "SELECT records FROM runs WHERE id = %lld",
		 (long long)run_id);
	ch->records = (long)query_int(db, sql);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM findings WHERE run_id = %lld AND rule = 'B1'",
		 (long long)run_id);
	ch->b1 = (long)query_int(db, sql);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM findings WHERE run_id = %lld AND rule = 'B1' "
		 "AND category = 'deadline'", (long long)run_id);
	ch->b1_deadline = (long)query_int(db, sql);
	ch->b1_missing = ch->b1 - ch->b1_deadline;
}

/*
 * The nightly job on the full policy set, --jobs 1, with a 10-day warning
 * window: a first run (nothing to compare with), the next night's run on
 * the same records (every finding matched against the first), and the
 * per-unit work lists and the HTML report of that run.
 */
static void nightly(sqlite3 *db, const struct opts *o, double *first, double *next,
		    double *units, double *html, long *findings)
{
	char out[4096], file[4096];
	const char *run[] = { o->gongkai, "run", "--db", o->db, "--policies", o->full_policies,
			      "--worktree", "--as-of", o->as_of, "--warn-days", "10", NULL };
	const char *by_unit[] = { o->gongkai, "report", "--db", o->db, "--by-unit", "--out", out,
				  NULL };
	const char *rep[] = { o->gongkai, "report", "--db", o->db, "--html", file, NULL };

	snprintf(out, sizeof(out), "%s.units", o->db);
	snprintf(file, sizeof(file), "%s.html", o->db);
	reset_runs(db);
	*first = run_argv(run, NULL);
	*next = run_argv(run, NULL);
	*findings = (long)query_int(db, "SELECT findings FROM runs ORDER BY id DESC LIMIT 1");
	if (query_int(db, "SELECT n_persisting FROM runs ORDER BY id DESC LIMIT 1") != *findings)
		die("the second night's findings are not all persisting");
	*units = run_argv(by_unit, NULL);
	*html = run_argv(rep, NULL);
}

/* B1 findings of run a that run b does not have, compared on `cols`. */
static long b1_diff(sqlite3 *db, int64_t a, int64_t b, const char *cols)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM (SELECT %s FROM findings WHERE run_id = %lld AND rule = 'B1' "
		 "EXCEPT SELECT %s FROM findings WHERE run_id = %lld AND rule = 'B1')",
		 cols, (long long)a, cols, (long long)b);
	return (long)query_int(db, sql);
}

/* ---- main --------------------------------------------------------------- */

static void usage(FILE *fp)
{
	fputs("usage: gk-bench --db DB --gongkai PATH [--policies DIR] [--lua-policies DIR]\n"
	      "                [--full-policies DIR] [--as-of YYYY-MM-DD] [--runs N]\n"
	      "                [--records N]\n"
	      "\n"
	      "Measures, on DB (records already imported; its runs and findings are\n"
	      "deleted), a full SELECT scan, rule B1 in hand-written SQL and\n"
	      "'gongkai run --worktree' with 1 and 2 jobs: median of N runs (default\n"
	      "3, odd, at most 15) after a warm-up pass.  --lua-policies: also 'gongkai run\n"
	      "--jobs 1' with that policy set, in which B1 is a Lua rule; it must find\n"
	      "what the declarative B1 finds.  --full-policies: also the whole policy\n"
	      "set with 1 and 2 jobs, and the nightly job on it.  --records: the number\n"
	      "of records DB must hold.\n"
	      "\n"
	      "exit status: 0 measured and the B1 counts match, 1 they do not,\n"
	      "2 bad arguments, 3 a measurement failed.\n", fp);
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		char *end;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(EXIT_OK);
		}
		if (!v) {
			fprintf(stderr, "gk-bench: option '%s' needs a value\n", a);
			exit(EXIT_USAGE);
		}
		i++;
		if (!strcmp(a, "--db")) {
			o->db = v;
		} else if (!strcmp(a, "--gongkai")) {
			o->gongkai = v;
		} else if (!strcmp(a, "--policies")) {
			o->policies = v;
		} else if (!strcmp(a, "--lua-policies")) {
			o->lua_policies = v;
		} else if (!strcmp(a, "--full-policies")) {
			o->full_policies = v;
		} else if (!strcmp(a, "--as-of")) {
			gk_day d;

			if (strlen(v) != GK_DATE_LEN || gk_date_parse(v, GK_DATE_LEN, &d)) {
				fprintf(stderr, "gk-bench: bad --as-of '%s': expected YYYY-MM-DD\n", v);
				exit(EXIT_USAGE);
			}
			o->as_of = v;
		} else if (!strcmp(a, "--runs")) {
			o->runs = (int)strtol(v, &end, 10);
			if (*end || o->runs < 1 || o->runs > RUNS_MAX || o->runs % 2 == 0) {
				fprintf(stderr, "gk-bench: bad --runs '%s': expected an odd number "
					"from 1 to %d\n", v, RUNS_MAX);
				exit(EXIT_USAGE);
			}
		} else if (!strcmp(a, "--records")) {
			o->records = strtol(v, &end, 10);
			if (*end || o->records < 0) {
				fprintf(stderr, "gk-bench: bad --records '%s'\n", v);
				exit(EXIT_USAGE);
			}
		} else {
			fprintf(stderr, "gk-bench: unknown option '%s'\n", a);
			usage(stderr);
			exit(EXIT_USAGE);
		}
	}
	if (!o->db || !o->gongkai) {
		usage(stderr);
		exit(EXIT_USAGE);
	}
}

static void print_times(const double *t, int n)
{
	for (int i = 0; i < n; i++)
		printf(" %.3f", t[i]);
	putchar('\n');
}

static const char *verdict(int met)
{
	return met ? "met" : "NOT MET";
}

/* One line of the table; a negative figure (0 for rss_kb) is left "-". */
static void row(const char *label, double median_s, double rate, double cpu, double serial,
		long rss_kb, const double *t, int n)
{
	char c[32] = "-", se[32] = "-", rss[32] = "-";

	if (cpu >= 0)
		snprintf(c, sizeof(c), "%.3f", cpu);
	if (serial >= 0)
		snprintf(se, sizeof(se), "%.3f", serial);
	if (rss_kb > 0)
		snprintf(rss, sizeof(rss), "%.1f MB", (double)rss_kb * 1024 / 1e6);
	printf("%-34s %9.3f %13s %9s %9s %9s  ", label, median_s, rate >= 0 ? grouped(rate) : "-",
	       c, se, rss);
	print_times(t, n);
}

int main(int argc, char **argv)
{
	struct opts o = { .policies = "policies", .as_of = "2025-06-30", .runs = 3 };
	double t_scan[RUNS_MAX], t_sql[RUNS_MAX], t_j[2][RUNS_MAX], cpu_j[2][RUNS_MAX];
	double m_scan, m_sql, m_j[2], m_cpu[2], rate_j[2], rss_mb[2];
	double t_lua[RUNS_MAX], cpu_lua[RUNS_MAX], m_lua = 0, m_lua_cpu = 0, rate_lua = 0;
	double t_full[2][RUNS_MAX], cpu_full[2][RUNS_MAX], m_full[2] = { 0, 0 }, m_full_cpu[2] = { 0, 0 };
	double ser_full[2][RUNS_MAX], m_full_ser[2] = { 0, 0 }, ser_j[2][RUNS_MAX], m_ser[2];
	long rss_full_kb[2] = { 0, 0 };
	double t_first[RUNS_MAX], t_next[RUNS_MAX], t_units[RUNS_MAX], t_html[RUNS_MAX];
	double m_first = 0, m_next = 0, m_units = 0, m_html = 0;
	long night_findings = 0;
	long rss_kb[2] = { 0, 0 }, rows = 0, records, b1_gongkai = -1;
	long rss_lua_kb = 0, b1_lua = -1, lua_diff_due = 0, lua_diff_msg = 0;
	int64_t bytes = 0;
	struct b1_count b1 = { 0 }, b1_check;
	struct child ch;
	sqlite3 *db = NULL;
	int mismatch = 0, lua_mismatch = 0, jobs_of[2] = { 1, 2 };
	struct stat sb;
	double t0, wall, busy0, own0, other;

	parse_args(argc, argv, &o);
	if (stat(o.db, &sb) != 0)
		die("cannot open database '%s': %s (make it with bench/run.sh)", o.db,
		    strerror(errno));
	if (sqlite3_open_v2(o.db, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die("cannot open database '%s': %s", o.db, sqlite3_errmsg(db));
	sqlite3_busy_timeout(db, 5000);
	records = (long)query_int(db, "SELECT count(*) FROM records");
	if (o.records && records != o.records)
		die("database '%s' holds %ld records, expected %ld: remove it and run "
		    "bench/run.sh again", o.db, records, o.records);
	make_calendar(db, o.policies);
	reset_runs(db);

	printf("gongkai benchmark: %s records in %s (%.0f MB, page size %lld), as of %s\n",
	       grouped((double)records), o.db, (double)sb.st_size / 1e6,
	       (long long)query_int(db, "PRAGMA page_size"), o.as_of);
	printf("sqlite %s; median of %d runs after a warm-up pass of each\n",
	       sqlite3_libversion(), o.runs);

	/* Warm-up: the file into the page cache, the code paths once. */
	t0 = now();
	scan_all(db, &rows, &bytes);
	sql_b1(db, o.as_of, &b1);
	run_gongkai(db, &o, o.policies, 1, &ch);
	if (o.lua_policies) {
		struct child lc;

		/* Both runs' findings side by side (untimed): the Lua B1 must
		 * flag the same records with the same due dates. */
		run_gongkai(db, &o, o.lua_policies, 1, &lc);
		lua_diff_due = b1_diff(db, ch.run_id, lc.run_id, "seq, due_on") +
			       b1_diff(db, lc.run_id, ch.run_id, "seq, due_on");
		lua_diff_msg = b1_diff(db, ch.run_id, lc.run_id, "seq, message") +
			       b1_diff(db, lc.run_id, ch.run_id, "seq, message");
		if (lua_diff_due)
			lua_mismatch = 1;
	}
	reset_runs(db);
	printf("warm-up: %.1f s\n\n", now() - t0);
	fflush(stdout);

	/* Rounds interleave the measurements so a drift of the machine
	 * (another process, the page cache) spreads over all of them. */
	busy0 = machine_busy();
	own0 = own_cpu();
	t0 = now();
	for (int r = 0; r < o.runs; r++) {
		reset_runs(db);
		t_scan[r] = scan_all(db, &rows, &bytes);
		reset_runs(db);
		t_sql[r] = sql_b1(db, o.as_of, &b1_check);
		if (b1_check.late != b1.late || b1_check.missing != b1.missing)
			die("the B1 query counted differently on two runs");
		for (int j = 0; j < 2; j++) {
			reset_runs(db);
			run_gongkai(db, &o, o.policies, jobs_of[j], &ch);
			t_j[j][r] = ch.wall;
			cpu_j[j][r] = ch.cpu;
			ser_j[j][r] = ch.serial;
			if (ch.maxrss_kb > rss_kb[j])
				rss_kb[j] = ch.maxrss_kb;
			if (ch.records != records)
				die("gongkai --jobs %d evaluated %ld records of %ld",
				    jobs_of[j], ch.records, records);
			if (b1_gongkai < 0)
				b1_gongkai = ch.b1;
			if (ch.b1 != b1.late + b1.missing)
				mismatch = 1;
			if (ch.b1 != b1_gongkai)
				die("gongkai found %ld B1 findings in one run, %ld in another",
				    b1_gongkai, ch.b1);
		}
		if (o.lua_policies) {
			struct child lc;

			reset_runs(db);
			run_gongkai(db, &o, o.lua_policies, 1, &lc);
			t_lua[r] = lc.wall;
			cpu_lua[r] = lc.cpu;
			if (lc.maxrss_kb > rss_lua_kb)
				rss_lua_kb = lc.maxrss_kb;
			if (lc.records != records)
				die("gongkai with B1 in Lua evaluated %ld records of %ld",
				    lc.records, records);
			if (b1_lua >= 0 && lc.b1 != b1_lua)
				die("the B1 in Lua found %ld findings in one run, %ld in another",
				    b1_lua, lc.b1);
			b1_lua = lc.b1;
			if (lc.b1 != b1_gongkai)
				lua_mismatch = 1;
		}
		for (int j = 0; o.full_policies && j < 2; j++) {
			struct child fc;

			reset_runs(db);
			run_gongkai(db, &o, o.full_policies, jobs_of[j], &fc);
			t_full[j][r] = fc.wall;
			cpu_full[j][r] = fc.cpu;
			ser_full[j][r] = fc.serial;
			if (fc.records != records)
				die("gongkai --jobs %d on the full set evaluated %ld records of %ld",
				    jobs_of[j], fc.records, records);
			if (fc.maxrss_kb > rss_full_kb[j])
				rss_full_kb[j] = fc.maxrss_kb;
		}
		if (o.full_policies)
			nightly(db, &o, &t_first[r], &t_next[r], &t_units[r], &t_html[r],
				&night_findings);
	}
	wall = now() - t0;
	other = busy0 < 0 ? -1 : (machine_busy() - busy0) - (own_cpu() - own0);
	if (busy0 >= 0 && other < 0)
		other = 0;      /* clock-tick rounding */
	reset_runs(db);

	m_scan = median(t_scan, o.runs);
	m_sql = median(t_sql, o.runs);
	for (int j = 0; j < 2; j++) {
		m_j[j] = median(t_j[j], o.runs);
		m_cpu[j] = median(cpu_j[j], o.runs);
		m_ser[j] = median(ser_j[j], o.runs);
		rate_j[j] = (double)records / m_j[j];
		rss_mb[j] = (double)rss_kb[j] * 1024 / 1e6;
	}
	if (o.lua_policies) {
		m_lua = median(t_lua, o.runs);
		m_lua_cpu = median(cpu_lua, o.runs);
		rate_lua = (double)records / m_lua;
	}
	for (int j = 0; o.full_policies && j < 2; j++) {
		m_full[j] = median(t_full[j], o.runs);
		m_full_cpu[j] = median(cpu_full[j], o.runs);
		m_full_ser[j] = median(ser_full[j], o.runs);
	}
	if (o.full_policies) {
		m_first = median(t_first, o.runs);
		m_next = median(t_next, o.runs);
		m_units = median(t_units, o.runs);
		m_html = median(t_html, o.runs);
	}


	printf("%-34s %9s %13s %9s %9s %9s   %s\n", "measurement", "median s", "records/s",
	       "CPU s", "serial s", "peak RSS", "runs (s)");
	row("plain SELECT *, every column", m_scan, (double)rows / m_scan, -1, -1, 0, t_scan,
	    o.runs);
	for (int j = 0; o.full_policies && j < 2; j++) {
		char label[64];

		snprintf(label, sizeof(label), "full policy set, --jobs %d", jobs_of[j]);
		row(label, m_full[j], (double)records / m_full[j], m_full_cpu[j], m_full_ser[j],
		    rss_full_kb[j], t_full[j], o.runs);
	}
	row("B1 in hand-written SQL", m_sql, (double)records / m_sql, -1, -1, 0, t_sql, o.runs);
	for (int j = 0; j < 2; j++) {
		char label[64];

		snprintf(label, sizeof(label), "core rules, --jobs %d", jobs_of[j]);
		row(label, m_j[j], rate_j[j], m_cpu[j], m_ser[j], rss_kb[j], t_j[j], o.runs);
	}
	if (o.lua_policies)
		row("core rules, --jobs 1, B1 in Lua", m_lua, rate_lua, m_lua_cpu, -1, rss_lua_kb,
		    t_lua, o.runs);
	if (o.full_policies) {
		row("nightly: first run, --warn-days 10", m_first, (double)records / m_first, -1,
		    -1, 0, t_first, o.runs);
		row("nightly: next night, compared", m_next, (double)records / m_next, -1, -1, 0,
		    t_next, o.runs);
		row("report --by-unit (CSV + Markdown)", m_units, -1, -1, -1, 0, t_units, o.runs);
		row("report --html", m_html, -1, -1, -1, 0, t_html, o.runs);
		printf("(the nightly rows: the full policy set, --jobs 1, %s findings a run)\n",
		       grouped((double)night_findings));
	}
	printf("(serial s: what gongkai run --timing counts outside the pass over the records)\n");
	printf("(the scan read %.0f MB of column text a pass; the SQL B1 rate is per record of the table, %s of them proactive info)\n\n",
	       (double)bytes / 1e6, grouped((double)query_int(db, "SELECT count(*) FROM records WHERE kind = 'info' "
					     "AND attribute = 'proactive'")));

	if (other >= 0) {
		/* Other processes share the cores: their CPU time during the
		 * rounds says how far the figures can be trusted. */
		printf("other processes used %.1f CPU s during the %.1f s of measurements "
		       "(%.2f of %ld cores)%s\n\n", other, wall,
		       other / wall, sysconf(_SC_NPROCESSORS_ONLN),
		       other / wall > 0.1 ? ": the machine was busy, figures are pessimistic" : "");
	}

	printf("B1 cross-check as of %s: SQL %s late + %s without a start date = %s; "
	       "gongkai %s B1 findings (%s deadline + %s completeness): %s\n",
	       o.as_of, grouped((double)b1.late), grouped((double)b1.missing),
	       grouped((double)(b1.late + b1.missing)), grouped((double)b1_gongkai),
	       grouped((double)ch.b1_deadline), grouped((double)ch.b1_missing),
	       mismatch ? "MISMATCH" : "MATCH");
	if (mismatch && b1.late - b1.late_counted == b1.late + b1.missing - b1_gongkai)
		printf("  the difference is exactly the %s records published on a rest day\n"
		       "  after their deadline (20 working days elapsed, yet the 20th working day\n"
		       "  has passed): the SQL counts them late, gongkai on time\n",
		       grouped((double)(b1.late - b1.late_counted)));
	if (o.lua_policies)
		printf("B1 in Lua cross-check: %s B1 findings, declarative %s; warm-up pass: "
		       "%ld differ in record or due date, %ld in message: %s\n",
		       grouped((double)b1_lua), grouped((double)b1_gongkai), lua_diff_due,
		       lua_diff_msg, lua_mismatch ? "MISMATCH" : "MATCH");
	putchar('\n');

	printf("%-48s %12s   %-26s %s\n", "figure", "measured", "goal", "");
	if (o.full_policies) {
		double rss_full = (double)(rss_full_kb[0] > rss_full_kb[1] ? rss_full_kb[0] :
					   rss_full_kb[1]) * 1024 / 1e6;

		printf("%-48s %11.2fx   %-26s %s\n", "full set: --jobs 2 time / plain scan time",
		       m_full[1] / m_scan, "<= 1.0x (as fast)",
		       verdict(m_full[1] / m_scan <= GOAL_FULL_OVER_SCAN));
		printf("%-48s %11.2fx   %-26s %s\n", "full set: --jobs 2 speed-up over --jobs 1",
		       m_full[0] / m_full[1], ">= 1.5x",
		       verdict(m_full[0] / m_full[1] >= GOAL_FULL_SPEEDUP));
		printf("%-48s %11.1f    %-26s %s\n", "full set: peak RSS, MB (--jobs 1 and 2)",
		       rss_full, "< 100 MB", verdict(rss_full < GOAL_RSS_MB));
		printf("%-48s %11.1f%%   %-26s\n", "full set: serial share of --jobs 2 (--timing)",
		       100 * m_full_ser[1] / m_full[1], "(measured: outside the pass)");
		printf("%-48s %11.1f%%   %-26s\n", "full set: serial share, Amdahl (2*T2-T1)/T1",
		       100 * (2 * m_full[1] - m_full[0]) / m_full[0], "(inferred from T1, T2)");
		printf("%-48s %11.2fx   %-26s\n", "full set: --jobs 1 time / plain scan time",
		       m_full[0] / m_scan, "");
	}
	printf("%-48s %12s   %-26s %s\n", "core rules: --jobs 1 records/s (one core)",
	       grouped(rate_j[0]), ">= 600,000",
	       verdict(rate_j[0] >= GOAL_RECORDS_PER_S));
	printf("%-48s %11.2fx   %-26s %s\n", "core rules: --jobs 1 time / SQL B1 time",
	       m_j[0] / m_sql, "<= 2.5x", verdict(m_j[0] / m_sql <= GOAL_SQL_RATIO));
	printf("%-48s %11.2fx   %-26s\n", "core rules: --jobs 1 time / plain scan time",
	       m_j[0] / m_scan, "(no goal: the floor)");
	printf("%-48s %11.1f    %-26s %s\n", "core rules: peak RSS, MB (--jobs 1 and 2)",
	       rss_mb[0] > rss_mb[1] ? rss_mb[0] : rss_mb[1], "< 100 MB",
	       verdict(rss_mb[0] < GOAL_RSS_MB && rss_mb[1] < GOAL_RSS_MB));
	printf("%-48s %11.2fx   %-26s %s\n", "core rules: --jobs 2 speed-up over --jobs 1",
	       m_j[0] / m_j[1], "near-linear (>= 1.8x)",
	       verdict(m_j[0] / m_j[1] >= GOAL_SPEEDUP));
	printf("%-48s %11.2fx   %-26s\n", "core rules: --jobs 2 time / SQL B1 time",
	       m_j[1] / m_sql, "");
	if (o.full_policies) {
		printf("%-48s %11.2fx   %-26s\n", "nightly: warning window / full set, time",
		       m_first / m_full[0], "");
		printf("%-48s %11.2fx   %-26s\n", "nightly: compared run / first run, time",
		       m_next / m_first, "");
		printf("%-48s %11.2fx   %-26s\n", "nightly: both reports / compared run, time",
		       (m_units + m_html) / m_next, "");
	}
	if (o.lua_policies) {
		printf("%-48s %11.2fx   %-26s\n", "B1 in Lua --jobs 1 time / SQL B1 time",
		       m_lua / m_sql, "");
		printf("%-48s %11.2fx   %-26s\n", "B1 in Lua / declarative, --jobs 1 time",
		       m_lua / m_j[0], "");
	}
	putchar('\n');

	printf("records=%ld\n", records);
	printf("runs=%d\n", o.runs);
	printf("scan_s=%.4f\n", m_scan);
	printf("scan_records_per_s=%.0f\n", (double)rows / m_scan);
	printf("sql_b1_s=%.4f\n", m_sql);
	printf("sql_b1_records_per_s=%.0f\n", (double)records / m_sql);
	printf("sql_b1_late=%ld\n", b1.late);
	printf("sql_b1_missing_start=%ld\n", b1.missing);
	printf("sql_b1_late_rest_day=%ld\n", b1.late - b1.late_counted);
	printf("gongkai_b1_findings=%ld\n", b1_gongkai);
	if (o.full_policies) {
		printf("nightly_findings=%ld\n", night_findings);
		printf("nightly_first_s=%.4f\n", m_first);
		printf("nightly_next_s=%.4f\n", m_next);
		printf("nightly_report_units_s=%.4f\n", m_units);
		printf("nightly_report_html_s=%.4f\n", m_html);
	}
	printf("b1_crosscheck=%s\n", mismatch ? "MISMATCH" : "MATCH");
	for (int j = 0; j < 2; j++) {
		int n = jobs_of[j];

		printf("gongkai_jobs%d_s=%.4f\n", n, m_j[j]);
		printf("gongkai_jobs%d_cpu_s=%.4f\n", n, m_cpu[j]);
		printf("gongkai_jobs%d_records_per_s=%.0f\n", n, rate_j[j]);
		printf("gongkai_jobs%d_peak_rss_mb=%.1f\n", n, rss_mb[j]);
		printf("gongkai_jobs%d_serial_s=%.4f\n", n, m_ser[j]);
		printf("gongkai_jobs%d_over_scan=%.3f\n", n, m_j[j] / m_scan);
		printf("gongkai_jobs%d_over_sql_b1=%.3f\n", n, m_j[j] / m_sql);
	}
	printf("jobs2_speedup=%.3f\n", m_j[0] / m_j[1]);
	if (o.lua_policies) {
		printf("gongkai_lua_b1_s=%.4f\n", m_lua);
		printf("gongkai_lua_b1_cpu_s=%.4f\n", m_lua_cpu);
		printf("gongkai_lua_b1_records_per_s=%.0f\n", rate_lua);
		printf("gongkai_lua_b1_peak_rss_mb=%.1f\n", (double)rss_lua_kb * 1024 / 1e6);
		printf("gongkai_lua_b1_over_sql_b1=%.3f\n", m_lua / m_sql);
		printf("gongkai_lua_b1_over_jobs1=%.3f\n", m_lua / m_j[0]);
		printf("gongkai_lua_b1_findings=%ld\n", b1_lua);
		printf("lua_b1_due_diffs=%ld\n", lua_diff_due);
		printf("lua_b1_message_diffs=%ld\n", lua_diff_msg);
		printf("lua_b1_crosscheck=%s\n", lua_mismatch ? "MISMATCH" : "MATCH");
	}
	if (other >= 0)
		printf("background_cpu_cores=%.2f\n", other / wall);
	for (int j = 0; o.full_policies && j < 2; j++) {
		printf("full_jobs%d_s=%.4f\n", jobs_of[j], m_full[j]);
		printf("full_jobs%d_cpu_s=%.4f\n", jobs_of[j], m_full_cpu[j]);
		printf("full_jobs%d_serial_s=%.4f\n", jobs_of[j], m_full_ser[j]);
		printf("full_jobs%d_records_per_s=%.0f\n", jobs_of[j], (double)records / m_full[j]);
		printf("full_jobs%d_peak_rss_mb=%.1f\n", jobs_of[j], (double)rss_full_kb[j] * 1024 / 1e6);
		printf("full_jobs%d_over_scan=%.3f\n", jobs_of[j], m_full[j] / m_scan);
	}
	if (o.full_policies) {
		printf("full_jobs2_speedup=%.3f\n", m_full[0] / m_full[1]);
		printf("full_jobs2_serial_share=%.3f\n", m_full_ser[1] / m_full[1]);
		printf("full_amdahl_serial_share=%.3f\n", (2 * m_full[1] - m_full[0]) / m_full[0]);
		printf("goal_full_over_scan=%s\n", verdict(m_full[1] / m_scan <= GOAL_FULL_OVER_SCAN));
		printf("goal_full_speedup=%s\n", verdict(m_full[0] / m_full[1] >= GOAL_FULL_SPEEDUP));
		printf("goal_full_peak_rss=%s\n",
		       verdict((double)rss_full_kb[0] * 1024 / 1e6 < GOAL_RSS_MB &&
			       (double)rss_full_kb[1] * 1024 / 1e6 < GOAL_RSS_MB));
	}
	printf("goal_records_per_s=%s\n", verdict(rate_j[0] >= GOAL_RECORDS_PER_S));
	printf("goal_sql_ratio=%s\n", verdict(m_j[0] / m_sql <= GOAL_SQL_RATIO));
	printf("goal_peak_rss=%s\n",
	       verdict(rss_mb[0] < GOAL_RSS_MB && rss_mb[1] < GOAL_RSS_MB));
	printf("goal_speedup=%s\n", verdict(m_j[0] / m_j[1] >= GOAL_SPEEDUP));

	sqlite3_close(db);
	return mismatch || lua_mismatch ? EXIT_MISMATCH : EXIT_OK;
}

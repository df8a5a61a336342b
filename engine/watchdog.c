/*
 * watchdog.c - CPU time limits no policy can dodge (see watchdog.h).
 *
 * The owner of a watch (the thread running a Lua state) only stores a few
 * words per section: its CPU clock, a generation counter and what runs.
 * No system call on that path: the watchdog thread reads the owner's
 * thread CPU clock (clock_gettime works on another thread's clock) every
 * TICK_MS, and a call's CPU time is measured from the first tick that saw
 * its generation, so a call is judged at most one tick late.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "buf.h"
#include "watchdog.h"

#define TICK_MS 20
/* CPU time a section may still use after it was asked to stop. */
#define GRACE_MS 500

struct gk_watch {
	gk_watch *next;
	/* written by the owner */
	int active;               /* atomic */
	unsigned gen;             /* atomic: bumped for every call */
	clockid_t clk;            /* the owner's thread CPU clock */
	int kill;                 /* atomic: 0, GK_WATCH_CALL, GK_WATCH_RUN */
	const char *doing, *file, *rule;
	int line;
	char record[128];
	/* the watchdog's own */
	int seen;
	unsigned seen_gen;
	long long seen_cpu, kill_cpu;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int started;               /* 1 running, -1 could not start */
static gk_watch *watches;
static long limit_call = GK_CPU_CALL_MS_DEFAULT, limit_run = GK_CPU_RUN_MS_DEFAULT;
static int run_active, run_killed;
static long long run_start, run_kill_cpu;

static long long cpu_ns(clockid_t clk)
{
	struct timespec ts;

	if (clock_gettime(clk, &ts) != 0)
		return -1;
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void gk_watchdog_set_limits(long call_ms, long run_ms)
{
	pthread_mutex_lock(&mu);
	limit_call = call_ms > 0 ? call_ms : 0;
	limit_run = run_ms > 0 ? run_ms : 0;
	pthread_mutex_unlock(&mu);
}

void gk_watchdog_limits(long *call_ms, long *run_ms)
{
	pthread_mutex_lock(&mu);
	if (call_ms)
		*call_ms = limit_call;
	if (run_ms)
		*run_ms = limit_run;
	pthread_mutex_unlock(&mu);
}

static void say(const char *msg)
{
	size_t n = strlen(msg);

	while (n) {
		ssize_t w = write(STDERR_FILENO, msg, n);

		if (w <= 0)
			break;
		msg += w;
		n -= (size_t)w;
	}
}

static void seconds(char *buf, size_t n, long ms)
{
	if (ms % 1000)
		snprintf(buf, n, "%.3g s", (double)ms / 1000);
	else
		snprintf(buf, n, "%ld s", ms / 1000);
}

/*
 * The section did not stop when asked: say what was running and end the
 * process.  _exit, not exit: no atexit handler, no stdio flush, and above
 * all no COMMIT of a transaction another thread holds open.
 */
static void give_up(const gk_watch *w, int why)
{
	char msg[1024], lim[32], where[512] = "", what[256] = "";

	seconds(lim, sizeof(lim), why == GK_WATCH_RUN ? limit_run : limit_call);
	if (w && w->file)
		snprintf(where, sizeof(where), "%s:%d: ", w->file, w->line);
	if (w && w->rule)
		snprintf(what, sizeof(what), "rule '%s'%s%s%s", w->rule,
			 w->record[0] ? _(" on record '") : "", w->record, w->record[0] ? "'" : "");
	else if (w)
		snprintf(what, sizeof(what), "%s%s%s%s", w->doing ? w->doing : _("running policies"),
			 w->record[0] ? _(" record '") : "", w->record, w->record[0] ? "'" : "");
	if (why == GK_WATCH_RUN)
		snprintf(msg, sizeof(msg), _("gongkai: %sthe run exceeded its CPU time limit of %s "
			 "and did not stop%s%s; stopped with exit status 2, nothing stored (limits: "
			 "cpu_per_run in gongkai.yaml, --cpu-per-run)\n"), where, lim,
			 *what ? _(" while running ") : "", what);
	else
		snprintf(msg, sizeof(msg), _("gongkai: %s%s exceeded the CPU time limit of %s a "
			 "call and did not stop; stopped with exit status 2, nothing stored "
			 "(limits: cpu_per_call in gongkai.yaml, --cpu-per-call)\n"), where,
			 *what ? what : "a policy", lim);
	if (msg[strlen(msg) - 1] != '\n') {      /* cut: still one line */
		msg[sizeof(msg) - 2] = '\n';
		msg[sizeof(msg) - 1] = '\0';
	}
	say(msg);
	_exit(2);
}

static void check_run(void)
{
	long long now;

	if (!run_active || !limit_run)
		return;
	now = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
	if (now < 0)
		return;
	if (!run_killed && now - run_start > (long long)limit_run * 1000000LL) {
		run_killed = 1;
		run_kill_cpu = now;
		for (gk_watch *w = watches; w; w = w->next)
			__atomic_store_n(&w->kill, GK_WATCH_RUN, __ATOMIC_RELAXED);
	} else if (run_killed && now - run_kill_cpu > (long long)GRACE_MS * 1000000LL) {
		const gk_watch *busy = NULL;

		for (gk_watch *w = watches; w && !busy; w = w->next)
			if (__atomic_load_n(&w->active, __ATOMIC_ACQUIRE))
				busy = w;
		give_up(busy, GK_WATCH_RUN);
	}
}

static void check_watch(gk_watch *w)
{
	unsigned gen;
	long long cpu;

	if (!__atomic_load_n(&w->active, __ATOMIC_ACQUIRE)) {
		w->seen = 0;
		return;
	}
	gen = __atomic_load_n(&w->gen, __ATOMIC_ACQUIRE);
	cpu = cpu_ns(w->clk);
	if (cpu < 0)
		return;
	if (!w->seen || gen != w->seen_gen) {
		w->seen = 1;
		w->seen_gen = gen;
		w->seen_cpu = cpu;
		w->kill_cpu = 0;
		return;
	}
	if (!limit_call)
		return;
	if (!w->kill_cpu && cpu - w->seen_cpu > (long long)limit_call * 1000000LL) {
		w->kill_cpu = cpu;
		if (!__atomic_load_n(&w->kill, __ATOMIC_RELAXED))
			__atomic_store_n(&w->kill, GK_WATCH_CALL, __ATOMIC_RELAXED);
	} else if (w->kill_cpu && cpu - w->kill_cpu > (long long)GRACE_MS * 1000000LL) {
		give_up(w, GK_WATCH_CALL);
	}
}

static void *watchdog_main(void *arg)
{
	struct timespec tick = { 0, TICK_MS * 1000000L };

	(void)arg;
	for (;;) {
		nanosleep(&tick, NULL);
		pthread_mutex_lock(&mu);
		check_run();
		for (gk_watch *w = watches; w; w = w->next)
			check_watch(w);
		pthread_mutex_unlock(&mu);
	}
	return NULL;
}

static void start(void)
{
	pthread_t t;
	pthread_attr_t a;

	started = -1;
	if (pthread_attr_init(&a) != 0)
		return;
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&a, 64 * 1024);
	if (pthread_create(&t, &a, watchdog_main, NULL) == 0)
		started = 1;
	pthread_attr_destroy(&a);
}

int gk_watch_new(gk_watch **out, gk_error *err)
{
	gk_watch *w;

	*out = NULL;
	pthread_once(&once, start);
	if (started != 1)
		return gk_error_set(err, GK_EIO, "cannot start the CPU watchdog thread");
	w = calloc(1, sizeof(*w));
	if (!w)
		return GK_OOM(err);
	pthread_mutex_lock(&mu);
	w->next = watches;
	watches = w;
	pthread_mutex_unlock(&mu);
	*out = w;
	return 0;
}

void gk_watch_free(gk_watch *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&mu);
	for (gk_watch **pp = &watches; *pp; pp = &(*pp)->next)
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	pthread_mutex_unlock(&mu);
	free(w);
}

void gk_watch_enter(gk_watch *w, const char *doing, const char *record)
{
	if (!w)
		return;
	pthread_getcpuclockid(pthread_self(), &w->clk);
	w->doing = doing;
	w->file = w->rule = NULL;
	w->line = 0;
	if (record) {
		size_t n = strnlen(record, sizeof(w->record) - 1);

		memcpy(w->record, record, n);
		w->record[n] = '\0';
	} else {
		w->record[0] = '\0';
	}
	__atomic_store_n(&w->kill, __atomic_load_n(&run_killed, __ATOMIC_RELAXED) ?
			 GK_WATCH_RUN : 0, __ATOMIC_RELAXED);
	__atomic_add_fetch(&w->gen, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&w->active, 1, __ATOMIC_RELEASE);
}

void gk_watch_call(gk_watch *w, const char *file, int line, const char *rule)
{
	if (!w)
		return;
	w->file = file;
	w->line = line;
	w->rule = rule;
	__atomic_add_fetch(&w->gen, 1, __ATOMIC_RELEASE);
}

void gk_watch_leave(gk_watch *w)
{
	if (!w)
		return;
	__atomic_store_n(&w->active, 0, __ATOMIC_RELEASE);
}

int gk_watch_killed(const gk_watch *w)
{
	return w ? __atomic_load_n(&w->kill, __ATOMIC_RELAXED) : 0;
}

void gk_watchdog_run_begin(void)
{
	long long now = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);

	pthread_once(&once, start);

	pthread_mutex_lock(&mu);
	run_start = now < 0 ? 0 : now;
	run_killed = 0;
	run_active = now >= 0;
	pthread_mutex_unlock(&mu);
}

void gk_watchdog_run_end(void)
{
	pthread_mutex_lock(&mu);
	run_active = 0;
	run_killed = 0;
	pthread_mutex_unlock(&mu);
}

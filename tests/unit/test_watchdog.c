/*
 * test_watchdog.c - the CPU watchdog: a section over its limit is asked to
 * stop; one that does not stop ends the process with exit status 2 and a
 * message naming the policy file, line, rule and record; the run limit
 * counts the whole process.  Cases that must end the process run in a
 * child (fork), which the parent watches.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../engine/watchdog.h"

static double cpu_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double wall_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* These tests time the watchdog thread against a spinning one.  Under
 * valgrind (make valgrind sets GK_VALGRIND) threads run one at a time at
 * valgrind's choosing, so the timing they check does not exist there; the
 * watchdog's code still runs under valgrind in the CLI suites. */
static int timing_is_meaningless(void)
{
	const char *v = getenv("GK_VALGRIND");

	return v && *v;
}

/* Burn CPU for up to secs, ignoring every request to stop. */
static void spin(double secs)
{
	volatile unsigned long x = 0;
	double t0 = cpu_s();

	while (cpu_s() - t0 < secs)
		for (int i = 0; i < 100000; i++)
			x += (unsigned long)i;
}

struct child {
	int status;
	double secs;
	char err[2048];
};

/* Run fn in a child with stderr captured; wait at most 10 s. */
static void in_child(void (*fn)(void), struct child *c)
{
	int fd[2];
	pid_t pid;
	double t0 = wall_s();
	size_t n = 0;
	ssize_t r;

	assert_int_equal(pipe(fd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], STDERR_FILENO);
		fn();
		_exit(0);
	}
	close(fd[1]);
	for (;;) {
		pid_t w = waitpid(pid, &c->status, WNOHANG);

		if (w == pid)
			break;
		if (wall_s() - t0 > 10) {
			kill(pid, SIGKILL);
			waitpid(pid, &c->status, 0);
			fail_msg("the child was still running after 10 s");
		}
		usleep(10000);
	}
	c->secs = wall_s() - t0;
	while (n < sizeof(c->err) - 1 && (r = read(fd[0], c->err + n, sizeof(c->err) - 1 - n)) > 0)
		n += (size_t)r;
	c->err[n] = '\0';
	close(fd[0]);
}

#define assert_contains(hay, needle) do { \
	if (!strstr((hay), (needle))) \
		fail_msg("'%s' does not contain '%s'", (hay), (needle)); \
} while (0)

static void stuck_call(void)
{
	gk_watch *w;
	gk_error err;

	gk_watchdog_set_limits(100, 0);
	if (gk_watch_new(&w, &err))
		_exit(3);
	gk_watch_enter(w, "checking", "R1");
	gk_watch_call(w, "policies/baseline/p.lua", 3, "X");
	spin(8);
}

/* A call that ignores the request to stop ends the process. */
static void stuck_call_ends_the_process(void **state)
{
	struct child c;

	(void)state;
	if (timing_is_meaningless())
		skip();
	in_child(stuck_call, &c);
	assert_true(WIFEXITED(c.status));
	assert_int_equal(WEXITSTATUS(c.status), 2);
	assert_contains(c.err, "gongkai: policies/baseline/p.lua:3: rule 'X' on record 'R1' "
			"exceeded the CPU time limit of 0.1 s a call and did not stop");
	assert_contains(c.err, "nothing stored");
	assert_true(c.secs < 5);
}

static void stuck_close(void)
{
	gk_watch *w;
	gk_error err;

	gk_watchdog_set_limits(100, 0);
	if (gk_watch_new(&w, &err))
		_exit(3);
	gk_watch_enter(w, "closing the Lua state", NULL);
	spin(8);
}

/* Closing a Lua state is a section too (finalizers run with hooks off). */
static void stuck_close_ends_the_process(void **state)
{
	struct child c;

	(void)state;
	if (timing_is_meaningless())
		skip();
	in_child(stuck_close, &c);
	assert_true(WIFEXITED(c.status));
	assert_int_equal(WEXITSTATUS(c.status), 2);
	assert_contains(c.err, "closing the Lua state exceeded the CPU time limit of 0.1 s");
}

static void long_run(void)
{
	gk_watchdog_set_limits(0, 200);
	gk_watchdog_run_begin();
	spin(8);
}

/* The run limit counts the process, in policy code or not. */
static void run_limit_ends_the_process(void **state)
{
	struct child c;

	(void)state;
	if (timing_is_meaningless())
		skip();
	in_child(long_run, &c);
	assert_true(WIFEXITED(c.status));
	assert_int_equal(WEXITSTATUS(c.status), 2);
	assert_contains(c.err, "the run exceeded its CPU time limit of 0.2 s");
}

/* First the section is asked to stop: the sandbox's hook raises an error
 * and the call ends in time. */
static void call_over_limit_is_asked_to_stop(void **state)
{
	gk_watch *w;
	gk_error err;
	double t0;
	int why = 0;

	(void)state;
	if (timing_is_meaningless())
		skip();
	gk_watchdog_set_limits(100, 0);
	assert_int_equal(gk_watch_new(&w, &err), 0);
	gk_watch_enter(w, "checking", "R1");
	gk_watch_call(w, "p.lua", 1, "X");
	t0 = cpu_s();
	while (!(why = gk_watch_killed(w)) && cpu_s() - t0 < 3)
		spin(0.01);
	gk_watch_leave(w);
	assert_int_equal(why, GK_WATCH_CALL);
	assert_true(cpu_s() - t0 < 1);
	/* A new section starts afresh. */
	gk_watch_enter(w, "checking", "R2");
	assert_int_equal(gk_watch_killed(w), 0);
	gk_watch_leave(w);
	gk_watch_free(w);
	gk_watchdog_set_limits(GK_CPU_CALL_MS_DEFAULT, GK_CPU_RUN_MS_DEFAULT);
}

/* Many short calls, each under the limit, add up to no kill. */
static void short_calls_are_not_stopped(void **state)
{
	gk_watch *w;
	gk_error err;

	(void)state;
	gk_watchdog_set_limits(100, 0);
	assert_int_equal(gk_watch_new(&w, &err), 0);
	gk_watch_enter(w, "checking", "R1");
	for (int i = 0; i < 30; i++) {
		gk_watch_call(w, "p.lua", 1, "X");
		spin(0.02);
		assert_int_equal(gk_watch_killed(w), 0);
	}
	gk_watch_leave(w);
	gk_watch_free(w);
	gk_watchdog_set_limits(GK_CPU_CALL_MS_DEFAULT, GK_CPU_RUN_MS_DEFAULT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stuck_call_ends_the_process),
		cmocka_unit_test(stuck_close_ends_the_process),
		cmocka_unit_test(run_limit_ends_the_process),
		cmocka_unit_test(call_over_limit_is_asked_to_stop),
		cmocka_unit_test(short_calls_are_not_stopped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

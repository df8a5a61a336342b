/*
 * watchdog.h - CPU time limits no policy can dodge.
 *
 * The sandbox counts Lua instructions and charges the work of the library
 * functions it lets policies call, but some work escapes any count: a VM
 * instruction comparing two long strings is one instruction, and hooks do
 * not run inside finalizers or while a Lua state is closed.  The watchdog
 * is one thread per process that measures, every few milliseconds, the
 * CPU time of each thread while it runs policy code (a section: loading a
 * policy set, judging a record, closing a Lua state), and the CPU time of
 * the whole process while a run evaluates.
 *
 * When a call (one rule on one record, or one policy file loading) or the
 * run exceeds its limit, the watchdog first asks the section to stop:
 * gk_watch_killed() turns non-zero, the sandbox's instruction hook raises
 * an error naming the Lua file and line, and the run fails as on any
 * policy error, storing nothing.  If the section is still running after a
 * grace period of CPU time, the policy is stuck where no hook runs: the
 * watchdog prints what was running (policy file and line, rule, record)
 * and ends the process with exit status 2.  It calls _exit, so no open
 * transaction is ever committed: a run stores nothing.
 *
 * This header includes no Lua header.
 */
#ifndef GK_WATCHDOG_H
#define GK_WATCHDOG_H

#include "error.h"

/* Defaults, in milliseconds of CPU time (0: no limit). */
#define GK_CPU_CALL_MS_DEFAULT 5000L
#define GK_CPU_RUN_MS_DEFAULT (3600L * 1000L)

/* Why a section must stop (gk_watch_killed). */
enum { GK_WATCH_CALL = 1, GK_WATCH_RUN = 2 };

/*
 * The process-wide limits: CPU time one call may take and CPU time the
 * process may use during a run (gk_watchdog_run_begin/end).  0 turns a
 * limit off.  Set before policies are loaded (the CLI does, from
 * gongkai.yaml and flags); the defaults apply until then.
 */
void gk_watchdog_set_limits(long call_ms, long run_ms);
void gk_watchdog_limits(long *call_ms, long *run_ms);

typedef struct gk_watch gk_watch;

/* A watch for one Lua state (starts the watchdog thread on first use).
 * NULL, with err set, when the thread cannot be started. */
int gk_watch_new(gk_watch **out, gk_error *err);
void gk_watch_free(gk_watch *w);

/*
 * Sections: the calling thread starts running policy code (enter) until
 * leave.  doing says what ("loading", "checking", "closing"); file, line
 * and rule name the policy code, record the record (copied; NULL: none).
 * The other strings must live until leave.  gk_watch_call names a new call
 * inside the section and restarts the per-call clock.  Sections do not
 * nest.
 */
void gk_watch_enter(gk_watch *w, const char *doing, const char *record);
void gk_watch_call(gk_watch *w, const char *file, int line, const char *rule);
void gk_watch_leave(gk_watch *w);

/* 0, or GK_WATCH_CALL / GK_WATCH_RUN when the section must stop. */
int gk_watch_killed(const gk_watch *w);

/* The process CPU time from begin to end counts against the run limit. */
void gk_watchdog_run_begin(void);
void gk_watchdog_run_end(void);

#endif

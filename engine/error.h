/*
 * error.h - the error object every fallible gongkai function fills.
 *
 * Functions return 0 on success or a negative GK_E* code; on failure they
 * write a one-line message into the caller's gk_error.  Messages follow
 * git's guidelines: lowercase, the failed action first, the subject quoted,
 * and they say where (file:line, record id, database path).
 */
#ifndef GK_ERROR_H
#define GK_ERROR_H

#include <stddef.h>

enum {
	GK_OK = 0,
	GK_EINVAL = -1,   /* bad input: a file, a record, a flag */
	GK_ENOMEM = -2,
	GK_EIO = -3,      /* a file or the database could not be read/written */
	GK_EPOLICY = -4,  /* a policy failed to load or raised an error */
	GK_ERANGE = -5,   /* a date outside what the calendar covers */
	GK_ELIMIT = -6    /* a sandbox budget was exceeded */
};

#define GK_ERROR_MAX 2048

typedef struct gk_error {
	int code;
	char msg[GK_ERROR_MAX];
} gk_error;

/* Set the message (printf-style, fmt an English msgid translated here:
 * engine/i18n.h); returns code so callers can
 * `return gk_error_set(err, GK_EINVAL, "...")`.  err may be NULL. */
int gk_error_set(gk_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix the existing message with "context: " (e.g. a file name). */
int gk_error_prefix(gk_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void gk_error_clear(gk_error *err);

/* Called with each of several problems, for commands that report them all
 * at once (import, lint). */
typedef void (*gk_report_fn)(void *ud, const char *msg);

#endif

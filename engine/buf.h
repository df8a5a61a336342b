/*
 * buf.h - the shared primitives: a growable byte buffer, growing arrays,
 * and the out-of-memory error.
 *
 * Every "double the capacity when full" in gongkai goes through
 * GK_GROW, and every text built piece by piece through gk_buf, so that
 * overflow checks and the keep-the-old-block-on-failure rule are written
 * once.
 */
#ifndef GK_BUF_H
#define GK_BUF_H

#include <stddef.h>

#include "error.h"

/* The one message for a failed allocation; returns GK_ENOMEM. */
#define GK_OOM(err) gk_error_set((err), GK_ENOMEM, "out of memory")

/*
 * Make room in array v (cap elements allocated, a size_t) for element n:
 * 0, or -1 when memory ran out (v and cap are then unchanged, so the
 * caller still owns and frees what v held).  n may be any integer type.
 *
 *	if (GK_GROW(l->v, l->n, l->cap))
 *		return GK_OOM(err);
 *	l->v[l->n++] = x;
 */
#define GK_GROW(v, n, cap) GK_RESERVE(v, (size_t)(n) + 1, cap)

/* The same for room for need elements in all. */
#define GK_RESERVE(v, need, cap)                                                  \
	((size_t)(need) <= (cap) ? 0 :                                            \
	 ((v) = gk_grow((v), &(cap), (size_t)(need), sizeof(*(v))),               \
	  (size_t)(need) <= (cap) ? 0 : -1))

/* v grown to at least need elements of size bytes (doubling); v itself,
 * cap unchanged, when memory ran out or the size would overflow. */
void *gk_grow(void *v, size_t *cap, size_t need, size_t size);

/* Bytes built up piece by piece, always NUL-terminated once grown.  A
 * zeroed gk_buf is empty and ready; the functions return 0, or GK_ENOMEM
 * with the buffer as it was. */
typedef struct gk_buf {
	char *p;
	size_t len, cap;
} gk_buf;

#define GK_BUF_INIT { NULL, 0, 0 }

/* Room for more bytes (and the NUL). */
int gk_buf_reserve(gk_buf *b, size_t more);
int gk_buf_add(gk_buf *b, const void *data, size_t n);
int gk_buf_adds(gk_buf *b, const char *s);
int gk_buf_addc(gk_buf *b, char c);
int gk_buf_addf(gk_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Empty, keeping the memory. */
void gk_buf_reset(gk_buf *b);
/* The text, now the caller's (NULL when nothing was ever added); b is
 * empty again. */
char *gk_buf_detach(gk_buf *b);
void gk_buf_release(gk_buf *b);

#endif

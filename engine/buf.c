/*
 * buf.c - growable arrays and byte buffers (see buf.h).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void *gk_grow(void *v, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *g;

	while (n < need) {
		if (n > SIZE_MAX / 2)
			return v;
		n *= 2;
	}
	if (size && n > SIZE_MAX / size)
		return v;
	if (!(g = realloc(v, n * size)))
		return v;
	*cap = n;
	return g;
}

int gk_buf_reserve(gk_buf *b, size_t more)
{
	size_t cap = b->cap;
	char *p;

	if (more > SIZE_MAX - b->len - 1)
		return GK_ENOMEM;
	if (b->len + more + 1 <= b->cap)
		return 0;
	p = gk_grow(b->p, &cap, b->len + more + 1, 1);
	if (cap == b->cap)
		return GK_ENOMEM;
	b->p = p;
	b->cap = cap;
	return 0;
}

int gk_buf_add(gk_buf *b, const void *data, size_t n)
{
	if (gk_buf_reserve(b, n))
		return GK_ENOMEM;
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int gk_buf_adds(gk_buf *b, const char *s)
{
	return gk_buf_add(b, s, strlen(s));
}

int gk_buf_addc(gk_buf *b, char c)
{
	return gk_buf_add(b, &c, 1);
}

int gk_buf_addf(gk_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || gk_buf_reserve(b, (size_t)n))
		return GK_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void gk_buf_reset(gk_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

char *gk_buf_detach(gk_buf *b)
{
	char *p = b->p;

	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

void gk_buf_release(gk_buf *b)
{
	free(gk_buf_detach(b));
}

/* error.c - see error.h */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "i18n.h"

#ifdef GK_NLS
_Thread_local int gk_i18n_source;
#endif

int gk_error_set(gk_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), _(fmt), ap);
	va_end(ap);
	return code;
}

int gk_error_prefix(gk_error *err, const char *fmt, ...)
{
	char head[512];
	size_t hlen, mlen;
	va_list ap;

	if (!err)
		return GK_EINVAL;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head) - 2, _(fmt), ap);
	va_end(ap);
	strcat(head, ": ");
	hlen = strlen(head);
	mlen = strnlen(err->msg, sizeof(err->msg) - 1);
	if (hlen + mlen >= sizeof(err->msg))
		mlen = sizeof(err->msg) - 1 - hlen;
	memmove(err->msg + hlen, err->msg, mlen);
	memcpy(err->msg, head, hlen);
	err->msg[hlen + mlen] = '\0';
	return err->code;
}

void gk_error_clear(gk_error *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = '\0';
	}
}

/*
 * encoding.c - UTF-8 and GB18030: detection and conversion (see encoding.h).
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../engine/i18n.h"
#include "encoding.h"

int gk_encoding_parse(const char *name)
{
	if (!strcasecmp(name, "utf-8") || !strcasecmp(name, "utf8"))
		return GK_ENC_UTF8;
	if (!strcasecmp(name, "gb18030") || !strcasecmp(name, "gbk") ||
	    !strcasecmp(name, "gb2312") || !strcasecmp(name, "cp936"))
		return GK_ENC_GB18030;
	return -1;
}

const char *gk_encoding_name(enum gk_encoding enc)
{
	return enc == GK_ENC_GB18030 ? "GB18030" : "UTF-8";
}

/*
 * Offset of the first byte of buf that does not start a well-formed UTF-8
 * sequence (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF), or len when all of it is UTF-8.  ASCII goes eight bytes at a
 * time: an export is mostly digits, dates and punctuation.
 */
static size_t utf8_bad_at(const unsigned char *p, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned c = p[i];

		if (c < 0x80) {
			uint64_t w;

			if (len - i >= 8) {
				memcpy(&w, p + i, 8);
				if (!(w & 0x8080808080808080ULL)) {
					i += 8;
					continue;
				}
			}
			i++;
			continue;
		}
		if (c >= 0xc2 && c < 0xe0) {
			if (len - i < 2 || (p[i + 1] & 0xc0) != 0x80)
				return i;
			i += 2;
		} else if (c >= 0xe0 && c < 0xf0) {
			if (len - i < 3 || (p[i + 1] & 0xc0) != 0x80 || (p[i + 2] & 0xc0) != 0x80 ||
			    (c == 0xe0 && p[i + 1] < 0xa0) || (c == 0xed && p[i + 1] >= 0xa0))
				return i;
			i += 3;
		} else if (c >= 0xf0 && c < 0xf5) {
			if (len - i < 4 || (p[i + 1] & 0xc0) != 0x80 || (p[i + 2] & 0xc0) != 0x80 ||
			    (p[i + 3] & 0xc0) != 0x80 || (c == 0xf0 && p[i + 1] < 0x90) ||
			    (c == 0xf4 && p[i + 1] >= 0x90))
				return i;
			i += 4;
		} else {
			return i;
		}
	}
	return len;
}

/*
 * Offset of the first byte that does not start a well-formed GB18030
 * sequence, or len: one byte 00-7F; two bytes 81-FE then 40-7E or 80-FE;
 * four bytes 81-FE, 30-39, 81-FE, 30-39.
 */
static size_t gb18030_bad_at(const unsigned char *p, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned c = p[i];

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c == 0x80 || c == 0xff || len - i < 2)
			return i;
		if ((p[i + 1] >= 0x40 && p[i + 1] <= 0x7e) || (p[i + 1] >= 0x80 && p[i + 1] <= 0xfe)) {
			i += 2;
		} else if (p[i + 1] >= 0x30 && p[i + 1] <= 0x39 && len - i >= 4 &&
			   p[i + 2] >= 0x81 && p[i + 2] <= 0xfe && p[i + 3] >= 0x30 && p[i + 3] <= 0x39) {
			i += 4;
		} else {
			return i;
		}
	}
	return len;
}

/* Line (1-based) of byte at, and the byte's position within its line. */
static void where(const char *buf, size_t at, int *line, size_t *col)
{
	const char *p = buf, *end = buf + at, *nl;
	int n = 1;

	*col = at + 1;
	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		n++;
		p = nl + 1;
	}
	*line = n;
	*col = (size_t)(end - p) + 1;
}

#define SAVE_AS_UTF8 N_("save it as UTF-8 (Excel: File > Save As > \"CSV UTF-8\"; WPS: " \
	"Save As > CSV, encoding UTF-8), or name its encoding with --encoding")

int gk_encoding_detect(const char *file, const char *buf, size_t len,
		       enum gk_encoding *out, gk_error *err)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t u, g, col;
	int line;

	*out = GK_ENC_UTF8;
	if (len >= 2 && ((p[0] == 0xff && p[1] == 0xfe) || (p[0] == 0xfe && p[1] == 0xff)))
		return gk_error_set(err, GK_EINVAL, "%s:1: the file is UTF-16 (Excel's \"Unicode "
				    "text\"), which gongkai does not read: %s", file, _(SAVE_AS_UTF8));
	if ((u = utf8_bad_at(p, len)) == len)
		return 0;
	if ((g = gb18030_bad_at(p, len)) == len) {
		*out = GK_ENC_GB18030;
		return 0;
	}
	/* The later failure is the more telling: the file went further as that. */
	if (g > u)
		u = g;
	where(buf, u, &line, &col);
	return gk_error_set(err, GK_EINVAL, "%s:%d: the file is neither UTF-8 nor GB18030 "
			    "(byte 0x%02X, byte %zu of the line): %s",
			    file, line, p[u], col, _(SAVE_AS_UTF8));
}

/* Write all of buf to fd. */
static int write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

int gk_encoding_to_utf8(const char *file, enum gk_encoding enc, const char *buf,
			size_t len, char **out, size_t *outlen, gk_error *err)
{
	const char *dir = getenv("TMPDIR");
	char tmpl[4096], chunk[1 << 16];
	iconv_t cd = (iconv_t)-1;
	char *in = (char *)buf;
	size_t inleft = len, total = 0;
	int fd = -1, rc = 0;
	void *map;

	*out = NULL;
	*outlen = 0;
	if (enc != GK_ENC_GB18030)
		return gk_error_set(err, GK_EINVAL, "%s: nothing to convert from %s", file,
				    gk_encoding_name(enc));
	snprintf(tmpl, sizeof(tmpl), "%s/gongkai-import.XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(tmpl)) < 0)
		return gk_error_set(err, GK_EIO, "cannot convert '%s' from GB18030: cannot create "
				    "a temporary file in '%s': %s", file, dir && *dir ? dir : "/tmp",
				    strerror(errno));
	unlink(tmpl);
	if ((cd = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1) {
		rc = gk_error_set(err, GK_EIO, "cannot convert '%s' from GB18030: %s", file,
				  strerror(errno));
		goto cleanup;
	}
	while (inleft) {
		char *o = chunk;
		size_t oleft = sizeof(chunk);
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);

		if (r == (size_t)-1 && errno != E2BIG) {
			size_t col;
			int line;

			where(buf, (size_t)(in - buf), &line, &col);
			rc = gk_error_set(err, GK_EINVAL, "%s:%d: byte %zu of the line is not GB18030 "
					  "(0x%02X): %s", file, line, col,
					  (unsigned char)*in, _(SAVE_AS_UTF8));
			goto cleanup;
		}
		if (write_all(fd, chunk, sizeof(chunk) - oleft)) {
			rc = gk_error_set(err, GK_EIO, "cannot convert '%s' from GB18030: cannot "
					  "write a temporary file: %s", file, strerror(errno));
			goto cleanup;
		}
		total += sizeof(chunk) - oleft;
	}
	if (total) {
		map = mmap(NULL, total, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			rc = gk_error_set(err, GK_EIO, "cannot convert '%s' from GB18030: %s", file,
					  strerror(errno));
			goto cleanup;
		}
		madvise(map, total, MADV_SEQUENTIAL);
		*out = map;
		*outlen = total;
	}
cleanup:
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	close(fd);
	return rc;
}

void gk_encoding_unmap(char *buf, size_t len)
{
	if (buf)
		munmap(buf, len);
}

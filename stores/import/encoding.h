/*
 * encoding.h - the text encodings office spreadsheets are saved in.
 *
 * Chinese Excel and WPS save "CSV" in the system code page, GBK, unless
 * the officer picks "CSV UTF-8"; newer ones save UTF-8 with a byte-order
 * mark.  gongkai reads UTF-8 (with or without the mark) and GB18030, the
 * national standard that contains GBK and GB2312, and tells which it
 * read.  Detection is strict: a file is UTF-8 when every byte of it is
 * well-formed UTF-8, else GB18030 when every byte is well-formed GB18030;
 * anything else is refused with the line of the first byte that fits
 * neither.  Conversion is glibc's iconv.
 */
#ifndef GK_ENCODING_H
#define GK_ENCODING_H

#include <stddef.h>

#include "../../engine/error.h"

enum gk_encoding { GK_ENC_AUTO, GK_ENC_UTF8, GK_ENC_GB18030 };

/* The name people give an encoding: utf-8 (utf8), gb18030, gbk or
 * gb2312 (read as GB18030, which contains both), any case; -1 else. */
int gk_encoding_parse(const char *name);

/* "UTF-8" or "GB18030". */
const char *gk_encoding_name(enum gk_encoding enc);

/*
 * Which encoding buf (len bytes) named file is in, into *out (see above).
 * A file that fits neither gets GK_EINVAL and "FILE:LINE: the file is
 * neither UTF-8 nor GB18030 (byte 0xXX at byte N of the line): save it as
 * CSV UTF-8 ..."; one starting with a UTF-16 byte-order mark (Excel's
 * "Unicode text") is refused with the same hint.
 */
int gk_encoding_detect(const char *file, const char *buf, size_t len,
		       enum gk_encoding *out, gk_error *err);

/*
 * The UTF-8 text of buf, which is in enc (GB18030): written to an unlinked
 * temporary file ($TMPDIR, else /tmp) and mapped read-only, so that a
 * large export costs disk, not memory.  Line numbers are those of the
 * original (line ends convert one for one).  A byte sequence that is not
 * GB18030 gets GK_EINVAL with "FILE:LINE: ...".  *out (NULL for an empty
 * result) is released with gk_encoding_unmap.
 */
int gk_encoding_to_utf8(const char *file, enum gk_encoding enc, const char *buf,
			size_t len, char **out, size_t *outlen, gk_error *err);
void gk_encoding_unmap(char *buf, size_t len);

#endif

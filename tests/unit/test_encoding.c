/*
 * test_encoding.c - which encoding a CSV is in, and its conversion
 * (stores/encoding.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../stores/import/encoding.h"

static gk_error err;

/* Detect len bytes, copied into a buffer of exactly that size. */
static int detect(const char *text, size_t len, enum gk_encoding *enc)
{
	char *buf = malloc(len ? len : 1);
	int rc;

	assert_non_null(buf);
	memcpy(buf, text, len);
	gk_error_clear(&err);
	rc = gk_encoding_detect("a.csv", buf, len, enc, &err);
	free(buf);
	return rc;
}
#define DETECT(lit, enc) detect(lit, sizeof(lit) - 1, enc)

static void detects(void **state)
{
	enum gk_encoding enc;

	(void)state;
	assert_int_equal(DETECT("id,title\n1,abc\n", &enc), 0);
	assert_int_equal(enc, GK_ENC_UTF8);
	assert_int_equal(DETECT("\xef\xbb\xbfid,标题\n1,通知\n", &enc), 0);
	assert_int_equal(enc, GK_ENC_UTF8);
	assert_int_equal(DETECT("", &enc), 0);
	assert_int_equal(enc, GK_ENC_UTF8);
	/* 标题 in GBK; a four-byte GB18030 sequence (U+00A5 is 81 30 84 36) */
	assert_int_equal(DETECT("id,\xb1\xea\xcc\xe2\n1,\x81\x30\x84\x36\n", &enc), 0);
	assert_int_equal(enc, GK_ENC_GB18030);
	assert_int_equal(DETECT("id,title\nx,caf\xe9\n", &enc), GK_EINVAL);
	assert_string_equal(err.msg, "a.csv:2: the file is neither UTF-8 nor GB18030 (byte 0xE9, "
			    "byte 6 of the line): save it as UTF-8 (Excel: File > Save As > \"CSV "
			    "UTF-8\"; WPS: Save As > CSV, encoding UTF-8), or name its encoding with "
			    "--encoding");
	/* valid GBK up to a byte that is neither */
	assert_int_equal(DETECT("\xb1\xea\n\xb1\xea\n\xff\n", &enc), GK_EINVAL);
	assert_non_null(strstr(err.msg, "a.csv:3: "));
	/* a GBK lead byte cut off at the end */
	assert_int_equal(DETECT("\xb1\xea\xb1", &enc), GK_EINVAL);
	assert_int_equal(DETECT("\xff\xfei\0d\0", &enc), GK_EINVAL);
	assert_non_null(strstr(err.msg, "a.csv:1: the file is UTF-16"));
}

static void converts(void **state)
{
	const char gbk[] = "id,\xb1\xea\xcc\xe2\r\n1,\xcd\xa8\xd6\xaa\r\n";
	char *out;
	size_t len;

	(void)state;
	assert_int_equal(gk_encoding_to_utf8("a.csv", GK_ENC_GB18030, gbk, sizeof(gbk) - 1, &out,
					     &len, &err), 0);
	assert_int_equal(len, strlen("id,标题\r\n1,通知\r\n"));
	assert_memory_equal(out, "id,标题\r\n1,通知\r\n", len);
	gk_encoding_unmap(out, len);
	assert_int_equal(gk_encoding_to_utf8("a.csv", GK_ENC_GB18030, "ab\n\xb1", 4, &out, &len,
					     &err), GK_EINVAL);
	assert_non_null(strstr(err.msg, "a.csv:2: byte 1 of the line is not GB18030"));
	assert_null(out);
}

static void names(void **state)
{
	(void)state;
	assert_int_equal(gk_encoding_parse("UTF-8"), GK_ENC_UTF8);
	assert_int_equal(gk_encoding_parse("utf8"), GK_ENC_UTF8);
	assert_int_equal(gk_encoding_parse("GBK"), GK_ENC_GB18030);
	assert_int_equal(gk_encoding_parse("gb2312"), GK_ENC_GB18030);
	assert_int_equal(gk_encoding_parse("gb18030"), GK_ENC_GB18030);
	assert_int_equal(gk_encoding_parse("latin1"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(detects),
		cmocka_unit_test(converts),
		cmocka_unit_test(names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_reader.c - the CSV and JSON Lines readers.
 *
 * Every input is copied into a buffer of exactly its length, with no NUL
 * after it, so the sanitizers and valgrind catch a read past buf+len.
 * Rows are rendered as text ("LINE: key=val ...", a null as "key~") and
 * compared whole.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../stores/import/reader.h"

static char out[16384];
static size_t outlen;
static gk_error err;
static int stop_after;	/* the callback fails on this row, when non-zero */
static int nrows;

static void emit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *e = NULL;

		if (s[i] == '\n')
			e = "\\n";
		else if (s[i] == '\r')
			e = "\\r";
		if (e) {
			assert_true(outlen + 2 < sizeof(out));
			memcpy(out + outlen, e, 2);
			outlen += 2;
		} else {
			assert_true(outlen + 1 < sizeof(out));
			out[outlen++] = s[i];
		}
	}
	out[outlen] = '\0';
}

static int collect(void *ud, const gk_row *row, gk_error *e)
{
	char head[32];
	int i;

	(void)ud;
	assert_non_null(row->file);
	assert_true(row->line >= 1);
	if (++nrows == stop_after)
		return gk_error_set(e, GK_EPOLICY, "stopped at %d", row->line);
	snprintf(head, sizeof(head), "%d:", row->line);
	emit(head, strlen(head));
	for (i = 0; i < row->ncells; i++) {
		const gk_cell *c = &row->cells[i];

		/* the contract: NUL-terminated, lengths exact, columns 1-based */
		assert_int_equal(c->key[c->keylen], '\0');
		assert_int_equal(c->val[c->vallen], '\0');
		assert_int_equal(strlen(c->val), c->vallen);
		assert_int_equal(c->col, i + 1);
		emit(" ", 1);
		emit(c->key, c->keylen);
		if (!c->present) {
			assert_int_equal(c->vallen, 0);
			emit("~", 1);
			continue;
		}
		emit("=", 1);
		emit(c->val, c->vallen);
	}
	assert_true(outlen + 1 < sizeof(out));
	out[outlen++] = '\n';
	out[outlen] = '\0';
	return 0;
}

static int run(enum gk_format fmt, const char *file, const char *text,
	       size_t len)
{
	char *buf = malloc(len ? len : 1);
	int rc;

	assert_non_null(buf);
	memcpy(buf, text, len);
	outlen = 0;
	out[0] = '\0';
	nrows = 0;
	gk_error_clear(&err);
	rc = gk_reader_read(fmt, file, buf, len, collect, NULL, &err);
	free(buf);
	return rc;
}

/* Literals may hold NUL bytes, so their length comes from sizeof. */
#define CSV(lit) run(GK_FORMAT_CSV, "data.csv", lit, sizeof(lit) - 1)
#define JSONL(lit) run(GK_FORMAT_JSONL, "data.jsonl", lit, sizeof(lit) - 1)

#define OK(call, rows) do { \
	assert_int_equal((call), 0); \
	assert_string_equal(out, rows); \
} while (0)

#define FAILS(call, want) do { \
	assert_int_equal((call), GK_EINVAL); \
	assert_int_equal(err.code, GK_EINVAL); \
	assert_string_equal(err.msg, want); \
} while (0)

#define BOM "a byte-order mark (U+FEFF, an invisible character; only a file's first " \
	"character may be one: were files joined?)"

/* ---- CSV ---------------------------------------------------------------- */

static void csv_simple(void **state)
{
	(void)state;
	OK(CSV("id,name,kind\na,Alice,info\nb,Bob,task\n"),
	   "2: id=a name=Alice kind=info\n"
	   "3: id=b name=Bob kind=task\n");
	/* no final newline, empty cells kept as empty strings */
	OK(CSV("id,name,kind\na,,info\nb,Bob,"),
	   "2: id=a name= kind=info\n"
	   "3: id=b name=Bob kind=\n");
	/* a header and nothing else is an empty import, not an error */
	OK(CSV("id,name\n"), "");
	OK(CSV("id,name"), "");
}

static void csv_utf8(void **state)
{
	(void)state;
	OK(CSV("id,doc_number\n1,泉港文综〔2020〕24号\n2,\xf0\x9f\x98\x80\n"),
	   "2: id=1 doc_number=泉港文综〔2020〕24号\n"
	   "3: id=2 doc_number=\xf0\x9f\x98\x80\n");
}

static void csv_bom(void **state)
{
	(void)state;
	OK(CSV("\xef\xbb\xbfid,name\n1,x\n"), "2: id=1 name=x\n");
	FAILS(CSV("\xef\xbb\xbf"), "data.csv:1: missing header row");
	/* only at the very start: elsewhere it is refused (an invisible
	 * character would make another id; at a line's start files were
	 * joined), quoted or not, in the header too */
	FAILS(CSV("id,name\n1,\xef\xbb\xbfx\n"), "data.csv:2: column 2: " BOM);
	FAILS(CSV("id,name\n1,x\n\xef\xbb\xbf" "2,y\n"), "data.csv:3: column 1: " BOM);
	FAILS(CSV("id,name\n1,\"x\xef\xbb\xbf\"\n"), "data.csv:2: column 2: " BOM);
	FAILS(CSV("\xef\xbb\xbfid,name\n1,x\n\xef\xbb\xbfid,name\n"), "data.csv:3: column 1: " BOM);
	/* U+FEFF's neighbours are characters like any other */
	OK(CSV("id,name\n1,\xef\xbb\xbe\xef\xbc\x8c\n"), "2: id=1 name=\xef\xbb\xbe\xef\xbc\x8c\n");
}

static void jsonl_bom(void **state)
{
	(void)state;
	OK(JSONL("\xef\xbb\xbf{\"id\":\"1\"}\n"), "1: id=1\n");
	FAILS(JSONL("{\"id\":\"1\"}\n\xef\xbb\xbf{\"id\":\"2\"}\n"),
	      "data.jsonl:2: " BOM " at byte 1");
	FAILS(JSONL("{\"id\":\"\xef\xbb\xbf" "1\"}\n"), "data.jsonl:1: " BOM " at byte 8");
	FAILS(JSONL("{\"id\":\"\\ufeff1\"}\n"), "data.jsonl:1: " BOM " at byte 8");
	FAILS(JSONL("{\"id\":\"1\", \xef\xbb\xbf\"a\":\"2\"}\n"), "data.jsonl:1: " BOM " at byte 12");
}

static void csv_crlf(void **state)
{
	(void)state;
	OK(CSV("id,name\r\n1,x\r\n2,y\r\n"), "2: id=1 name=x\n3: id=2 name=y\n");
	OK(CSV("id,name\r\n1,\"x\"\r\n2,y"), "2: id=1 name=x\n3: id=2 name=y\n");
	/* mixed endings, as hand-edited files have */
	OK(CSV("id,name\n1,x\r\n2,y\n"), "2: id=1 name=x\n3: id=2 name=y\n");
	FAILS(CSV("id,name\r\n1,x\ry\r\n"),
	      "data.csv:2: column 2: carriage return without line feed");
	FAILS(CSV("id,name\r\n1,x\r"),
	      "data.csv:2: column 2: carriage return without line feed");
}

static void csv_quoted(void **state)
{
	(void)state;
	OK(CSV("id,title,x\n"
	       "1,\"a, b\",y\n"
	       "2,\"say \"\"hi\"\"\",\"\"\"\"\n"
	       "3,\"line1\nline2\r\nline3\",w\n"
	       "4,plain,\"\"\n"
	       "\"5\",\"\",v"),
	   "2: id=1 title=a, b x=y\n"
	   "3: id=2 title=say \"hi\" x=\"\n"
	   "4: id=3 title=line1\\nline2\\r\\nline3 x=w\n"
	   "7: id=4 title=plain x=\n"
	   "8: id=5 title= x=v\n");
	/* quoted header names */
	OK(CSV("\"id\",\"a,b\"\n1,2\n"), "2: id=1 a,b=2\n");
	/* the newline in a quoted field counts for later errors too */
	FAILS(CSV("id,title\n1,\"x\ny\"\n2,z,extra\n"),
	      "data.csv:4: row has 3 cells but the header has 2");
}

static void csv_quote_errors(void **state)
{
	(void)state;
	FAILS(CSV("id,title\n1,ab\"c\n"),
	      "data.csv:2: column 2: quote in unquoted field");
	FAILS(CSV("id,title\n1,\"ab\"c\n"),
	      "data.csv:2: column 2: unexpected character after closing quote");
	FAILS(CSV("id,title\n1,\"ab\" \n"),
	      "data.csv:2: column 2: unexpected character after closing quote");
	FAILS(CSV("id,title\n1,\"ab\"\r"),
	      "data.csv:2: column 2: unexpected character after closing quote");
}

static void csv_unterminated(void **state)
{
	(void)state;
	FAILS(CSV("id,title,x\n1,2,3\n4,\"abc\n5,6,7\n"),
	      "data.csv:3: column 2: unterminated quoted field");
	FAILS(CSV("id,title\n1,\""),
	      "data.csv:2: column 2: unterminated quoted field");
	/* a closing quote doubled at the very end is still open */
	FAILS(CSV("id,title\n1,\"a\"\""),
	      "data.csv:2: column 2: unterminated quoted field");
	FAILS(CSV("\"id,title\n"),
	      "data.csv:1: column 1: unterminated quoted field");
}

static void csv_ragged(void **state)
{
	(void)state;
	FAILS(CSV("a,b,c\n1,2,3\n1,2\n"),
	      "data.csv:3: row has 2 cells but the header has 3");
	FAILS(CSV("a,b,c\n1,2,3,4,5,6,7\n"),
	      "data.csv:2: row has 7 cells but the header has 3");
	FAILS(CSV("a,b,c\n1\n"),
	      "data.csv:2: row has 1 cell but the header has 3");
	/* a trailing comma is one more (empty) cell */
	FAILS(CSV("a,b\r\n1,2,\r\n"),
	      "data.csv:2: row has 3 cells but the header has 2");
}

static void csv_header_names(void **state)
{
	(void)state;
	OK(CSV(" id ,\tname\t,\" kind\"\n a , b ,c\n"),
	   "2: id= a  name= b  kind=c\n");
	FAILS(CSV("id,name,kind,name\n"),
	      "data.csv:1: column 4: duplicate header name 'name' (also column 2)");
	FAILS(CSV("id, id\n"),
	      "data.csv:1: column 2: duplicate header name 'id' (also column 1)");
	FAILS(CSV("id,,kind\n"), "data.csv:1: column 2: empty header name");
	FAILS(CSV("id,  ,kind\n"), "data.csv:1: column 2: empty header name");
	FAILS(CSV("\nid\n"), "data.csv:1: column 1: empty header name");
	FAILS(CSV(""), "data.csv:1: missing header row");
}

static void csv_wide_header(void **state)
{
	/* wide enough to make the duplicate table grow */
	char buf[8192];
	size_t n = 0;
	int i;

	(void)state;
	for (i = 0; i < 500; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "c%d,", i);
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "c499\n");
	assert_int_equal(run(GK_FORMAT_CSV, "w.csv", buf, n), GK_EINVAL);
	assert_string_equal(err.msg,
			    "w.csv:1: column 501: duplicate header name 'c499' (also column 500)");
}

static void csv_empty_rows_skipped(void **state)
{
	(void)state;
	OK(CSV("a,b\n1,2\n,\n\n\"\",\"\"\n\r\n3,4\n,\n"),
	   "2: a=1 b=2\n7: a=3 b=4\n");
	/* emptiness beats raggedness: a blank line is not a 1-cell row */
	OK(CSV("a,b,c\n\n,,,,\n1,2,3\n"), "4: a=1 b=2 c=3\n");
	/* a blank-looking row of spaces is data */
	FAILS(CSV("a,b\n \n"), "data.csv:2: row has 1 cell but the header has 2");
}

static void csv_invalid_utf8(void **state)
{
	(void)state;
	FAILS(CSV("a,b\n1,2\n3,\xff\n"),
	      "data.csv:3: column 2: invalid UTF-8");
	/* latin-1 export: é as a single byte */
	FAILS(CSV("a,b\n1,caf\xe9\n"), "data.csv:2: column 2: invalid UTF-8");
	/* overlong '/', a UTF-16 surrogate, above U+10FFFF */
	FAILS(CSV("a,b\n1,\xc0\xaf\n"), "data.csv:2: column 2: invalid UTF-8");
	FAILS(CSV("a,b\n1,\xed\xa0\x80\n"), "data.csv:2: column 2: invalid UTF-8");
	FAILS(CSV("a,b\n1,\xf4\x90\x80\x80\n"), "data.csv:2: column 2: invalid UTF-8");
	/* cut short by the end of the file */
	FAILS(CSV("a,b\n1,\xe4\xb8"), "data.csv:2: column 2: invalid UTF-8");
	/* in a quoted field, on the line where it is, not where the row starts */
	FAILS(CSV("a,b\n1,\"x\ny\xfe\"\n"), "data.csv:3: column 2: invalid UTF-8");
	FAILS(CSV("a,\xff\n"), "data.csv:1: column 2: invalid UTF-8");
	FAILS(CSV("a,b\n1,x\0y\n"), "data.csv:2: column 2: NUL byte");
	FAILS(CSV("a,b\n1,\"x\0y\"\n"), "data.csv:2: column 2: NUL byte");
}

static void csv_callback_stops(void **state)
{
	int rc;

	(void)state;
	stop_after = 2;
	rc = CSV("a\n1\n2\n3\n");
	stop_after = 0;
	assert_int_equal(rc, GK_EPOLICY);
	assert_string_equal(err.msg, "stopped at 3");
	assert_string_equal(out, "2: a=1\n");
}

/* ---- JSON Lines --------------------------------------------------------- */

static void jsonl_simple(void **state)
{
	(void)state;
	OK(JSONL("{\"id\":\"a\",\"samples\":12,\"direct\":true,\"extended\":false}\n"
		 "{ \"id\" : \"b\" , \"x\" : -0.5e+10 }\n"
		 "{}\n"
		 "{\"id\":\"泉港\",\"n\":0}"),
	   "1: id=a samples=12 direct=1 extended=0\n"
	   "2: id=b x=-0.5e+10\n"
	   "3:\n"
	   "4: id=泉港 n=0\n");
	/* CRLF and tabs are whitespace */
	OK(JSONL("{\"a\":1}\r\n\t{\"a\":2}\t\r\n"), "1: a=1\n2: a=2\n");
	OK(JSONL(""), "");
}

static void jsonl_numbers(void **state)
{
	(void)state;
	OK(JSONL("{\"a\":0,\"b\":-0,\"c\":1.25,\"d\":1E5,\"e\":2e-3,\"f\":123456789012345678901234567890}"),
	   "1: a=0 b=-0 c=1.25 d=1E5 e=2e-3 f=123456789012345678901234567890\n");
	FAILS(JSONL("{\"a\":01}"),
	      "data.jsonl:1: expected ',' or '}' after value at byte 7");
	FAILS(JSONL("{\"a\":1.}"), "data.jsonl:1: invalid number at byte 6");
	FAILS(JSONL("{\"a\":-}"), "data.jsonl:1: invalid number at byte 6");
	FAILS(JSONL("{\"a\":1e}"), "data.jsonl:1: invalid number at byte 6");
	FAILS(JSONL("{\"a\":1e+"), "data.jsonl:1: invalid number at byte 6");
	FAILS(JSONL("{\"a\":+1}"), "data.jsonl:1: expected a value at byte 6");
	FAILS(JSONL("{\"a\":.5}"), "data.jsonl:1: expected a value at byte 6");
	FAILS(JSONL("{\"a\":tru}"), "data.jsonl:1: expected a value at byte 6");
	FAILS(JSONL("{\"a\":truex}"),
	      "data.jsonl:1: expected ',' or '}' after value at byte 10");
}

static void jsonl_escapes(void **state)
{
	(void)state;
	OK(JSONL("{\"s\":\"a\\\"b\\\\c\\/d\\te\\nf\\rg\\b\\f\",\"u\":\"\\u00e9\\u4E2D\\u0041\"}"),
	   "1: s=a\"b\\c/d\te\\nf\\rg\b\f u=\xc3\xa9\xe4\xb8\xad" "A\n");
	/* keys are unescaped too */
	OK(JSONL("{\"\\u0069d\":\"x\"}"), "1: id=x\n");
	FAILS(JSONL("{\"s\":\"a\\x\"}"), "data.jsonl:1: unknown escape at byte 8");
	FAILS(JSONL("{\"s\":\"\\u12\"}"), "data.jsonl:1: bad \\u escape at byte 7");
	FAILS(JSONL("{\"s\":\"\\u12"), "data.jsonl:1: bad \\u escape at byte 7");
	FAILS(JSONL("{\"s\":\"\\u0000\"}"),
	      "data.jsonl:1: \\u0000 in string at byte 7");
	FAILS(JSONL("{\"s\":\"a\tb\"}"),
	      "data.jsonl:1: control character in string at byte 8");
	FAILS(JSONL("{\"s\":\"a\0b\"}"),
	      "data.jsonl:1: control character in string at byte 8");
	FAILS(JSONL("{\"s\":\"abc}\n{\"s\":1}\n"),
	      "data.jsonl:1: unterminated string at byte 6");
	FAILS(JSONL("{\"s\":\"abc\\"),
	      "data.jsonl:1: unterminated string at byte 6");
}

static void jsonl_surrogates(void **state)
{
	(void)state;
	OK(JSONL("{\"s\":\"\\ud83d\\ude00!\",\"t\":\"\\uD834\\uDD1E\"}"),
	   "1: s=\xf0\x9f\x98\x80! t=\xf0\x9d\x84\x9e\n");
	FAILS(JSONL("{\"s\":\"\\ud83d\"}"),
	      "data.jsonl:1: unpaired surrogate at byte 7");
	FAILS(JSONL("{\"s\":\"\\ud83dx\\ude00\"}"),
	      "data.jsonl:1: unpaired surrogate at byte 7");
	FAILS(JSONL("{\"s\":\"\\ud83d\\u0041\"}"),
	      "data.jsonl:1: unpaired surrogate at byte 7");
	FAILS(JSONL("{\"s\":\"\\ude00\\ud83d\"}"),
	      "data.jsonl:1: unpaired surrogate at byte 7");
	FAILS(JSONL("{\"s\":\"\\ud83d\\ude"),
	      "data.jsonl:1: unpaired surrogate at byte 7");
}

static void jsonl_arrays(void **state)
{
	(void)state;
	OK(JSONL("{\"channels\":[\"website\",\"wechat\"],\"e\":[],\"one\":[ \"a\" ],\"x\":[\"\",\"b\"]}"),
	   "1: channels=website;wechat e= one=a x=;b\n");
	FAILS(JSONL("{\"a\":[1,2]}"),
	      "data.jsonl:1: array element is not a string at byte 7");
	FAILS(JSONL("{\"a\":[\"x\",]}"),
	      "data.jsonl:1: array element is not a string at byte 11");
	FAILS(JSONL("{\"a\":[[\"x\"]]}"),
	      "data.jsonl:1: array element is not a string at byte 7");
	FAILS(JSONL("{\"a\":[\"x\" \"y\"]}"),
	      "data.jsonl:1: expected ',' or ']' in array at byte 11");
	FAILS(JSONL("{\"a\":[\"x\""),
	      "data.jsonl:1: expected ',' or ']' in array at byte 10");
}

static void jsonl_null(void **state)
{
	(void)state;
	OK(JSONL("{\"id\":\"a\",\"due_on\":null,\"t\":\"\"}"),
	   "1: id=a due_on~ t=\n");
}

static void jsonl_nested_object(void **state)
{
	(void)state;
	FAILS(JSONL("{\"id\":\"a\"}\n{\"a\":{\"b\":1}}\n"),
	      "data.jsonl:2: nested object at byte 6");
	FAILS(JSONL("[1,2]\n"), "data.jsonl:1: expected '{' at byte 1");
	FAILS(JSONL("\"x\"\n"), "data.jsonl:1: expected '{' at byte 1");
}

static void jsonl_duplicate_key(void **state)
{
	(void)state;
	FAILS(JSONL("{\"id\":\"a\"}\n{\"id\":\"a\",\"x\":1,\"id\":\"b\"}\n"),
	      "data.jsonl:2: duplicate key 'id'");
	/* an escape does not hide a duplicate */
	FAILS(JSONL("{\"id\":1,\"i\\u0064\":2}"),
	      "data.jsonl:1: duplicate key 'id'");
	/* but a prefix is not one */
	OK(JSONL("{\"id\":1,\"i\":2,\"idx\":3}"), "1: id=1 i=2 idx=3\n");
}

static void long_key_quoted_on_char_boundary(void **state)
{
	/* 150 two-byte characters: the quote stops at 200 bytes, 100 of them */
	char key[302], want[400], buf[700];
	int i, n;

	(void)state;
	for (i = 0; i < 150; i++)
		memcpy(key + 2 * i, "\xc3\xa9", 2);
	key[300] = '\0';
	n = snprintf(buf, sizeof(buf), "{\"%s\":1,\"%s\":2}", key, key);
	assert_int_equal(run(GK_FORMAT_JSONL, "k.jsonl", buf, (size_t)n),
			 GK_EINVAL);
	snprintf(want, sizeof(want), "k.jsonl:1: duplicate key '%.200s'", key);
	assert_string_equal(err.msg, want);
	/* an odd cut would split a character: back off to 199 bytes */
	memmove(key + 1, key, 301);
	key[0] = 'x';
	n = snprintf(buf, sizeof(buf), "x,%s,%s\n", key, key);
	assert_int_equal(run(GK_FORMAT_CSV, "k.csv", buf, (size_t)n), GK_EINVAL);
	snprintf(want, sizeof(want),
		 "k.csv:1: column 3: duplicate header name '%.199s' (also column 2)",
		 key);
	assert_string_equal(err.msg, want);
}

static void jsonl_syntax_errors(void **state)
{
	(void)state;
	FAILS(JSONL("{\"id\":\"a\"} x\n"),
	      "data.jsonl:1: unexpected data after the object at byte 12");
	FAILS(JSONL("{\"id\":\"a\"}{\"id\":\"b\"}\n"),
	      "data.jsonl:1: unexpected data after the object at byte 11");
	FAILS(JSONL("{\"a\":1}\n\n{\"id\":\"abcdefg\" \"x\":1}\n"),
	      "data.jsonl:3: expected ',' or '}' after value at byte 17");
	FAILS(JSONL("{\"a\":1"),
	      "data.jsonl:1: expected ',' or '}' after value at byte 7");
	FAILS(JSONL("{\"a\":1,}"),
	      "data.jsonl:1: expected a string key at byte 8");
	FAILS(JSONL("{a:1}"), "data.jsonl:1: expected a string key at byte 2");
	FAILS(JSONL("{\"a\" 1}"),
	      "data.jsonl:1: expected ':' after key at byte 6");
	FAILS(JSONL("{\"a\":}"), "data.jsonl:1: expected a value at byte 6");
	FAILS(JSONL("{\"a\":"), "data.jsonl:1: expected a value at byte 6");
	/* an object split over lines is two broken lines */
	FAILS(JSONL("{\"a\":\n1}"), "data.jsonl:1: expected a value at byte 6");
}

static void jsonl_blank_lines(void **state)
{
	(void)state;
	OK(JSONL("\n  \r\n{\"a\":1}\n\n\t\n{\"a\":2}\n\n"), "3: a=1\n6: a=2\n");
	OK(JSONL("\n\n\n"), "");
	OK(JSONL("\xef\xbb\xbf{\"a\":1}\n"), "1: a=1\n");
}

static void jsonl_line_numbers(void **state)
{
	(void)state;
	OK(JSONL("{\"a\":\"x\\ny\"}\n{\"a\":2}\n"), "1: a=x\\ny\n2: a=2\n");
	FAILS(JSONL("{\"a\":1}\n\n{\"a\":2}\n{\"a\":3,\"b\"}\n"),
	      "data.jsonl:4: expected ':' after key at byte 11");
	/* rows before the error were delivered */
	assert_string_equal(out, "1: a=1\n3: a=2\n");
}

static void jsonl_invalid_utf8(void **state)
{
	(void)state;
	FAILS(JSONL("{\"a\":1}\n{\"a\":\"caf\xe9\"}\n"),
	      "data.jsonl:2: invalid UTF-8 at byte 10");
	FAILS(JSONL("{\"a\":\"\xed\xbf\xbf\"}"),
	      "data.jsonl:1: invalid UTF-8 at byte 7");
	FAILS(JSONL("{\"a\":\"\xe4\xb8"),
	      "data.jsonl:1: invalid UTF-8 at byte 7");
	/* outside strings too */
	FAILS(JSONL("{\"a\":1,\xff}"), "data.jsonl:1: invalid UTF-8 at byte 8");
	FAILS(JSONL("{\"a\":1} \xc3\n"), "data.jsonl:1: invalid UTF-8 at byte 9");
	/* but well-formed UTF-8 in the wrong place is just unexpected */
	FAILS(JSONL("{\"a\":1} \xc3\xa9\n"),
	      "data.jsonl:1: unexpected data after the object at byte 9");
}

static void jsonl_callback_stops(void **state)
{
	int rc;

	(void)state;
	stop_after = 1;
	rc = JSONL("\n{\"a\":1}\n{\"a\":2}\n");
	stop_after = 0;
	assert_int_equal(rc, GK_EPOLICY);
	assert_string_equal(err.msg, "stopped at 2");
}

/* ---- both --------------------------------------------------------------- */

static void format_of(void **state)
{
	(void)state;
	assert_int_equal(gk_reader_format_of("data.csv"), GK_FORMAT_CSV);
	assert_int_equal(gk_reader_format_of("/tmp/x/DATA.CSV"), GK_FORMAT_CSV);
	assert_int_equal(gk_reader_format_of("a.b.csv"), GK_FORMAT_CSV);
	assert_int_equal(gk_reader_format_of("data.jsonl"), GK_FORMAT_JSONL);
	assert_int_equal(gk_reader_format_of("data.ndjson"), GK_FORMAT_JSONL);
	assert_int_equal(gk_reader_format_of("data.json"), GK_FORMAT_JSONL);
	assert_int_equal(gk_reader_format_of("data.csv.gz"), -1);
	assert_int_equal(gk_reader_format_of("data.xlsx"), -1);
	assert_int_equal(gk_reader_format_of("csv"), -1);
	assert_int_equal(gk_reader_format_of("dir.csv/data"), -1);
	assert_int_equal(gk_reader_format_of("data."), -1);
	assert_int_equal(gk_reader_format_of(""), -1);
	assert_int_equal(gk_reader_format_of(NULL), -1);
}

static void empty_buffer(void **state)
{
	(void)state;
	assert_int_equal(gk_reader_read(GK_FORMAT_JSONL, "e.jsonl", NULL, 0,
					collect, NULL, &err), 0);
	assert_int_equal(gk_reader_read(GK_FORMAT_CSV, "e.csv", NULL, 0,
					collect, NULL, &err), GK_EINVAL);
	assert_string_equal(err.msg, "e.csv:1: missing header row");
	/* err may be NULL */
	assert_int_equal(gk_reader_read(GK_FORMAT_CSV, "e.csv", NULL, 0,
					collect, NULL, NULL), GK_EINVAL);
}

static int check_big_row(void *ud, const gk_row *row, gk_error *e)
{
	int *next = ud, i = *next;

	(void)e;
	assert_int_equal(row->ncells, 2);
	assert_int_equal(row->line, 2 + 2 * i);
	assert_int_equal(atoi(row->cells[0].val), i);
	assert_int_equal(row->cells[1].vallen, (size_t)(i % 300 + 6));
	assert_memory_equal(row->cells[1].val + i % 300 + 4, "\"\n", 3);
	(*next)++;
	return 0;
}

static void many_rows(void **state)
{
	/* enough rows and width to make every buffer grow several times */
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap);
	int i, next = 0;

	(void)state;
	assert_non_null(buf);
	n += (size_t)snprintf(buf + n, cap - n, "id,body\n");
	for (i = 0; i < 2000; i++)
		n += (size_t)snprintf(buf + n, cap - n,
				      "%d,\"%0*d\"\"\n\"\n", i, i % 300 + 4, i);
	buf = realloc(buf, n);	/* exact size: no NUL after the input */
	assert_non_null(buf);
	assert_int_equal(gk_reader_read(GK_FORMAT_CSV, "big.csv", buf, n,
					check_big_row, &next, &err), 0);
	assert_int_equal(next, 2000);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_simple),
		cmocka_unit_test(csv_utf8),
		cmocka_unit_test(csv_bom),
		cmocka_unit_test(jsonl_bom),
		cmocka_unit_test(csv_crlf),
		cmocka_unit_test(csv_quoted),
		cmocka_unit_test(csv_quote_errors),
		cmocka_unit_test(csv_unterminated),
		cmocka_unit_test(csv_ragged),
		cmocka_unit_test(csv_header_names),
		cmocka_unit_test(csv_wide_header),
		cmocka_unit_test(csv_empty_rows_skipped),
		cmocka_unit_test(csv_invalid_utf8),
		cmocka_unit_test(csv_callback_stops),
		cmocka_unit_test(jsonl_simple),
		cmocka_unit_test(jsonl_numbers),
		cmocka_unit_test(jsonl_escapes),
		cmocka_unit_test(jsonl_surrogates),
		cmocka_unit_test(jsonl_arrays),
		cmocka_unit_test(jsonl_null),
		cmocka_unit_test(jsonl_nested_object),
		cmocka_unit_test(jsonl_duplicate_key),
		cmocka_unit_test(jsonl_syntax_errors),
		cmocka_unit_test(long_key_quoted_on_char_boundary),
		cmocka_unit_test(jsonl_blank_lines),
		cmocka_unit_test(jsonl_line_numbers),
		cmocka_unit_test(jsonl_invalid_utf8),
		cmocka_unit_test(jsonl_callback_stops),
		cmocka_unit_test(format_of),
		cmocka_unit_test(empty_buffer),
		cmocka_unit_test(many_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

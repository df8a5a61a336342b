/*
 * fuzz_reader.c - libFuzzer harness for the CSV and JSON Lines readers
 * and the encoding detection in front of CSV.
 *
 *   clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
 *	-o fuzz_reader fuzz/fuzz_reader.c stores/reader.c stores/encoding.c \
 *	engine/error.c engine/textscan.c
 *   ./fuzz_reader -max_total_time=60
 *
 * The first byte picks the format (CSV, JSON Lines, or CSV as keyless rows
 * after the encoding is detected); the rest is the file, in a buffer of
 * exactly its size so ASan sees any read past the end.  Besides crashes,
 * the callback checks what reader.h promises of every row (no byte-order
 * mark inside a key or value either), and errors must carry the
 * "FILE:LINE: " prefix.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../stores/import/encoding.h"
#include "../stores/import/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const fname = "fuzz.in";

static int check_row(void *ud, const gk_row *row, gk_error *err)
{
	int *last = ud;

	(void)err;
	if (row->file != fname || row->line < 1 || row->line < *last ||
	    row->ncells < 0)
		abort();
	*last = row->line;
	for (int i = 0; i < row->ncells; i++) {
		const gk_cell *c = &row->cells[i];

		if (c->col != i + 1 || c->val[c->vallen] || strlen(c->val) != c->vallen)
			abort();
		/* Keyless rows (GK_FORMAT_CSV_ROWS) have no key at all. */
		if (c->key ? c->key[c->keylen] || strlen(c->key) != c->keylen : c->keylen)
			abort();
		if (!c->present && c->vallen)
			abort();
		/* A byte-order mark is refused wherever it is not the file's
		 * first character: no key or value holds one. */
		if (memmem(c->val, c->vallen, "\xef\xbb\xbf", 3) ||
		    memmem(c->key, c->keylen, "\xef\xbb\xbf", 3))
			abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum gk_format fmt;
	gk_error err;
	char *buf;
	int last = 0, rc;

	if (!size)
		return 0;
	fmt = data[0] % 3 == 0 ? GK_FORMAT_CSV : data[0] % 3 == 1 ? GK_FORMAT_JSONL :
	      GK_FORMAT_CSV_ROWS;
	size--;
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size);
	gk_error_clear(&err);
	if (fmt == GK_FORMAT_CSV_ROWS) {
		enum gk_encoding enc;

		rc = gk_encoding_detect(fname, buf, size, &enc, &err);
		if (rc && (rc != GK_EINVAL || strncmp(err.msg, "fuzz.in:", 8)))
			abort();
		if (rc || enc != GK_ENC_UTF8) {
			free(buf);
			return 0;
		}
	}
	rc = gk_reader_read(fmt, fname, buf, size, check_row, &last, &err);
	if (rc && (rc != GK_EINVAL || err.code != GK_EINVAL ||
		   strncmp(err.msg, "fuzz.in:", 8)))
		abort();
	free(buf);
	return 0;
}

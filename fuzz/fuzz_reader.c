/*
 * fuzz_reader.c - libFuzzer harness for the CSV and JSON Lines readers.
 *
 *   clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
 *	-o fuzz_reader fuzz/fuzz_reader.c stores/reader.c engine/error.c \
 *	engine/textscan.c
 *   ./fuzz_reader -max_total_time=60
 *
 * The first byte picks the format; the rest is the file, in a buffer of
 * exactly its size so ASan sees any read past the end.  Besides crashes,
 * the callback checks what reader.h promises of every row, and errors must
 * carry the "FILE:LINE: " prefix.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../stores/reader.h"

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

		if (c->col != i + 1 || c->key[c->keylen] ||
		    c->val[c->vallen] || strlen(c->val) != c->vallen ||
		    strlen(c->key) != c->keylen)
			abort();
		if (!c->present && c->vallen)
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
	fmt = data[0] & 1 ? GK_FORMAT_JSONL : GK_FORMAT_CSV;
	size--;
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size);
	gk_error_clear(&err);
	rc = gk_reader_read(fmt, fname, buf, size, check_row, &last, &err);
	if (rc && (rc != GK_EINVAL || err.code != GK_EINVAL ||
		   strncmp(err.msg, "fuzz.in:", 8)))
		abort();
	free(buf);
	return 0;
}

/*
 * reader.h - streaming readers for the record interchange files.
 *
 * A reader turns a CSV (RFC 4180, UTF-8, optional BOM, one header row) or a
 * JSON Lines file into a sequence of rows, each a list of (key, value)
 * cells with the line the row starts on.  Readers know nothing of the
 * record schema: they only tokenise and report malformed syntax as
 * "FILE:LINE: problem".  Validation is the importer's job.
 *
 * Ownership: the row handed to the callback, and every string in it, lives
 * until the callback returns; copy what must outlive it.
 */
#ifndef GK_READER_H
#define GK_READER_H

#include <stddef.h>

#include "../../engine/error.h"

typedef struct gk_cell {
	const char *key;     /* column name (CSV header) or JSON key; NUL-terminated */
	size_t keylen;
	const char *val;     /* value text, NUL-terminated; JSON strings unescaped,
			      * JSON numbers as written, true/false as "1"/"0",
			      * JSON arrays of strings joined with ';' */
	size_t vallen;
	int present;         /* 0 for JSON null: an absent value */
	int col;             /* 1-based column number (CSV) or key position (JSON) */
} gk_cell;

typedef struct gk_row {
	const char *file;    /* the file name as given */
	int line;            /* line on which the row starts (1-based) */
	const gk_cell *cells;
	int ncells;
} gk_row;

/* Return 0 to continue, or a negative GK_E* code (with err set) to stop. */
typedef int (*gk_row_fn)(void *ud, const gk_row *row, gk_error *err);

/* GK_FORMAT_CSV_ROWS is CSV without a header: every non-empty record is a
 * row, its cells keyless (key NULL), numbered by col; the importer finds
 * the header itself (stores/sheet.h). */
enum gk_format { GK_FORMAT_CSV, GK_FORMAT_JSONL, GK_FORMAT_CSV_ROWS };

/* Guess the format from the file name: ".csv" -> CSV, ".jsonl"/".ndjson"/
 * ".json" -> JSONL; else -1. */
int gk_reader_format_of(const char *path);

/*
 * Read buf (len bytes, the whole file; need not be NUL-terminated) named
 * file, calling fn for every data row.  Blank lines are skipped in JSONL;
 * in CSV a row of all-empty cells is skipped.  Syntax errors stop reading
 * and return GK_EINVAL with err = "FILE:LINE: problem" (for CSV also the
 * column number when known, e.g. "FILE:12: column 4: unterminated quote").
 *
 * CSV: the header row gives the keys; a data row with more or fewer cells
 * than the header is an error; duplicate header names are an error; a
 * UTF-8 BOM at the very start is skipped; CRLF and LF both end rows;
 * quoted fields may contain commas, doubled quotes and newlines.
 *
 * JSONL: each non-blank line is one JSON object whose values are strings,
 * numbers, true/false, null or arrays of strings; nested objects are an
 * error; duplicate keys in one object are an error; invalid UTF-8 in
 * strings is an error; \uXXXX escapes (with surrogate pairs) are decoded.
 *
 * Both: input that is not valid UTF-8 is an error naming the line.
 */
int gk_reader_read(enum gk_format fmt, const char *file, const char *buf,
		   size_t len, gk_row_fn fn, void *ud, gk_error *err);

#endif

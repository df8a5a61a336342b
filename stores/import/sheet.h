/*
 * sheet.h - a spreadsheet's rows as records: the header and its columns.
 *
 * CSV files and .xlsx sheets come as rows of cells (reader.h's keyless
 * rows).  A sheet finds the header among them and turns each later row
 * into the cells of a record, by field:
 *
 *   - The header is the first row in which at least two cells, and at
 *     least half of the non-empty ones, name columns (gk_colmap_field: the
 *     mapping's headers, then every column's name, Chinese name and other
 *     headers).  Rows above it with at most one value (a title, often
 *     merged across the columns, or a note) are skipped, up to ten; the
 *     first other row is the header, whatever its names.
 *   - A header cell that names no column is a problem (named in full,
 *     with the way out: rename, delete, or map it); an empty header cell
 *     is a column to drop, but a value under it is a problem; two header
 *     cells naming the same column are a problem.
 *   - Each value goes through the mapping's words for values (per item
 *     in a list column); in an .xlsx, a whole number in a date column is
 *     an Excel serial date.  Columns the mapping gives a default get it
 *     where the row has none.
 *
 * Problems go to the sink's problem function, which counts them (the
 * importer refuses the file, reporting them all); rows keep coming so
 * that every problem of a file is seen at once.
 */
#ifndef GK_SHEET_H
#define GK_SHEET_H

#include "../../engine/error.h"
#include "colmap.h"
#include "reader.h"

typedef struct gk_sheet gk_sheet;

typedef struct gk_sheet_cell {
	int field;            /* enum gk_field */
	const char *col;      /* the column for messages: "column 'published_on'",
			       * "column '发布日期' (published_on)", with the
			       * letter in an .xlsx: "column F '发布日期' (published_on)" */
	const char *val;      /* NUL-terminated; valid until the sink returns */
	size_t len;
} gk_sheet_cell;

typedef struct gk_sheet_row {
	const char *file;
	int line;             /* CSV: the line the row starts on; .xlsx: the row */
	const gk_sheet_cell *cells;
	int ncells;
} gk_sheet_row;

typedef struct gk_sheet_sink {
	int (*row)(void *ud, const gk_sheet_row *row, gk_error *err);
	/* A problem of the file; non-zero stops reading (too many). */
	int (*problem)(void *ud, const char *msg, gk_error *err);
	void *ud;
} gk_sheet_sink;

/* A sheet of file; xlsx: cells are sparse and columns have letters.
 * map may be NULL. */
int gk_sheet_new(gk_sheet **out, const char *file, int xlsx, const gk_colmap *map,
		 const gk_sheet_sink *sink, gk_error *err);

/* Take the next row (a gk_row_fn: raw rows of reader.h or xlsx_read.h). */
int gk_sheet_feed(void *sheet, const gk_row *row, gk_error *err);

/* The end of the rows: a sheet with no header is a problem.  *header_line
 * (may be NULL) gets the header's line, 0 when none. */
int gk_sheet_finish(gk_sheet *s, int *header_line, gk_error *err);

void gk_sheet_free(gk_sheet *s);

/* "F" for column 6, "AA" for 27: into buf (at least 8 bytes). */
void gk_sheet_col_letters(int col, char *buf);

#endif

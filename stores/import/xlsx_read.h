/*
 * xlsx_read.h - the rows of one sheet of an Excel (.xlsx) workbook.
 *
 * An .xlsx is a zip archive of XML parts (ECMA-376): libzip opens it and
 * expat parses the parts, the sheet and the shared strings as streams, so
 * a workbook of a million rows is read in constant memory apart from its
 * shared strings.
 */
#ifndef GK_XLSX_READ_H
#define GK_XLSX_READ_H

#include "../../engine/error.h"
#include "reader.h"

/* 1 when path names an .xlsx (by extension, any case). */
int gk_xlsx_is(const char *path);

/*
 * Read the sheet named sheet (NULL: the first) of the workbook at path,
 * calling fn for every row that has a non-empty cell.  Rows are reader.h
 * rows without keys: line is the sheet's row number, each cell's col its
 * column (A = 1), its value the text Excel shows without formatting:
 * strings as written; numbers as the General format writes them (whole
 * numbers without a decimal point); a number formatted as a date as
 * YYYY-MM-DD; booleans 1 or 0; a formula's last value.  A cell holding an
 * error (#N/A, #REF!) stops the reading with "FILE:ROW: column F: ...".
 *
 * *name (caller frees; may be NULL) gets the sheet's name.  Errors: a
 * file that is not a workbook (an .xls, a renamed CSV), a missing sheet
 * (naming those there are), malformed XML (naming the part, line and
 * column), each as GK_EINVAL with the file named; GK_EIO when it cannot
 * be read.
 */
int gk_xlsx_read(const char *path, const char *sheet, gk_row_fn fn, void *ud, char **name,
		 gk_error *err);

#endif

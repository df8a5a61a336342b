/*
 * register.h - the register of non-public documents (S2).
 *
 * Built once per run from the records: every document that is internal,
 * secret, 依申请公开 or 不予公开, by its document number (文号) and title,
 * both normalised (bracket styles, full-width characters, spaces), in one
 * multi-pattern matcher.  Scanning a published text costs one pass however
 * many documents the register holds.  Read-only once built: workers share
 * it.
 */
#ifndef GK_REGISTER_H
#define GK_REGISTER_H

#include <stddef.h>

#include "error.h"

typedef struct gk_register gk_register;

/* Titles shorter than this many characters are not registered: too
 * common to prove a citation. */
#define GK_REGISTER_MIN_TITLE 6

typedef struct gk_register_hit {
	const char *record_id;   /* the non-public document */
	const char *doc_number;  /* as recorded, or NULL */
	const char *title;       /* as recorded, or NULL */
	const char *why;         /* 内部 / 涉密 / 依申请公开 / 不予公开 */
	int by_number;           /* matched its number (else its title) */
} gk_register_hit;

int gk_register_new(gk_register **out, gk_error *err);
/* Add a document of jurisdiction juris; doc_number and title may be NULL. */
int gk_register_add(gk_register *reg, const char *record_id, const char *juris,
		    const char *doc_number, const char *title, const char *why, gk_error *err);
/* Register the titles of the documents of these jurisdictions only
 * (before any gk_register_add; by default every title): a title counts
 * only when cited in a text of its own jurisdiction, so titles of
 * jurisdictions whose texts are never scanned can never be found, and
 * only make the matcher larger. */
int gk_register_titles_of(gk_register *reg, const char *const *juris, int n, gk_error *err);
int gk_register_build(gk_register *reg, gk_error *err);
long gk_register_size(const gk_register *reg);

/*
 * Scan text (len bytes) of a record of jurisdiction juris for any
 * registered number, or title cited as a title (in 《》, of a document of
 * the same jurisdiction, and not followed by another document's number),
 * skipping the document self_id itself; with whole, only a number that is
 * the whole text counts (a record's own 文号).  fn is called once per
 * distinct document found (return non-zero to stop).  Returns the number of
 * documents found.
 */
int gk_register_scan(const gk_register *reg, const char *text, size_t len,
		     const char *self_id, const char *juris, int whole,
		     int (*fn)(void *ud, const gk_register_hit *hit), void *ud);

void gk_register_free(gk_register *reg);

#endif

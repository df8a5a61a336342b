/*
 * textscan.h - text work for the confidentiality and privacy rules:
 * a canonical form for document numbers (文号) and titles, a multi-pattern
 * matcher (Aho-Corasick) and a finder for citizen ID numbers.
 *
 * Rule S2 asks whether published text cites an internal document; the same
 * number is written 〔2020〕, [2020], (2020), （2020） and with stray spaces,
 * so both the list of numbers and the text are normalised first and then
 * matched bytewise.  Rule S3 asks whether published text carries a citizen
 * ID number (GB 11643-1999).
 *
 * Everything here is plain C over UTF-8 bytes: no allocation except in the
 * matcher, no locale, no global state.
 */
#ifndef GK_TEXTSCAN_H
#define GK_TEXTSCAN_H

#include <stddef.h>

#include "error.h"

/* ---------------------------------------------------------------------
 * Normalisation
 * ------------------------------------------------------------------- */

/*
 * The canonical form maps
 *   - opening brackets ( [ （ ［ 【 ﹝ ⦗ 〖 〘 〔 to 〔 (U+3014) and the
 *     closing ones ) ] ） ］ 】 ﹞ ⦘ 〗 〙 〕 to 〕 (U+3015);
 *   - full-width digits ０-９ to 0-9 and full-width Latin letters Ａ-Ｚ ａ-ｚ
 *     to ASCII (case is kept);
 * and removes every whitespace character: ASCII space, tab, LF, VT, FF,
 * CR, U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F,
 * U+205F, U+3000, plus the invisible U+200B (zero-width space) and U+FEFF.
 * Everything else is copied unchanged; bytes that are not well-formed
 * UTF-8 (overlong forms and surrogates included) are copied one by one.
 * For valid UTF-8 the canonical form of a canonical form is itself
 * (removing a space between stray bytes can make them a character).
 *
 * The output can grow: an ASCII bracket (1 byte) becomes 3 bytes.  A buffer
 * of GK_TEXT_NORMALIZE_SIZE(len) bytes always holds the whole result.
 */
#define GK_TEXT_NORMALIZE_SIZE(len) (3 * (size_t)(len) + 1)

/*
 * Write the canonical form of in[0..len) to out and return the number of
 * bytes written, not counting the NUL.  in needs no NUL and may contain
 * NULs (they are copied).  When outsz > 0 at most outsz - 1 bytes are
 * written and a NUL follows them; when the result does not fit it is cut
 * at a character boundary (never inside a UTF-8 sequence).  outsz == 0
 * writes nothing and returns 0.  in and out must not overlap.
 */
size_t gk_text_normalize(const char *in, size_t len, char *out, size_t outsz);

/* ---------------------------------------------------------------------
 * UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF)
 * ------------------------------------------------------------------- */

/* Length of the well-formed sequence at s[0..n) (1 for ASCII, NUL too),
 * or 0 when s[0] starts none.  n > 0. */
size_t gk_utf8_seq(const char *s, size_t n);

/* Offset of the first byte of s[0..n) that starts no well-formed
 * sequence, or n when s[0..n) is UTF-8 throughout. */
size_t gk_utf8_check(const char *s, size_t n);

/* The longest prefix of s[0..n) of at most max bytes that does not end
 * inside a multi-byte sequence. */
size_t gk_utf8_cut(const char *s, size_t n, size_t max);

/*
 * Copy s[0..n) to out, writing U+FFFD for each byte that starts no
 * well-formed sequence, at most outsz - 1 bytes cut on a character
 * boundary, then a NUL (outsz > 0).  Returns the bytes written.  For
 * diagnostics, whose text must stay printable whatever produced it.
 */
size_t gk_utf8_repair(const char *s, size_t n, char *out, size_t outsz);

/* ---------------------------------------------------------------------
 * Multi-pattern matcher
 * ------------------------------------------------------------------- */

/*
 * An Aho-Corasick automaton over bytes.  Life cycle: gk_matcher_new, any
 * number of gk_matcher_add, one gk_matcher_build, then any number of
 * gk_matcher_scan.  After build the matcher is read-only and may be
 * scanned from several threads at once.
 *
 * Patterns are matched byte for byte: callers normalise both the patterns
 * and the text with gk_text_normalize first.  A trie node takes 17 bytes
 * (at most one node per pattern byte, fewer where patterns share a
 * start), the busiest nodes also a 1 KiB table of transitions (one per
 * 256 nodes, and the first 64), and each pattern 16 bytes.  100,000
 * unrelated 20-byte patterns come to 37 MB (51 MB at the peak of the
 * build); 50,000 document numbers like 泽州县政办发〔2003〕5号 to 5 MB.
 */
typedef struct gk_matcher gk_matcher;

/* A new, empty matcher, or NULL when out of memory.  Free with
 * gk_matcher_free. */
gk_matcher *gk_matcher_new(void);

/*
 * Add pattern[0..len) (copied; no NUL needed) reported as id.  The same
 * pattern may be added with several ids and every id is reported; adding
 * the same pattern with the same id again is reported once.
 * Returns 0; GK_EINVAL for an empty pattern, a NULL argument or a matcher
 * already built; GK_ENOMEM; GK_ELIMIT when the patterns together would
 * pass 2 GiB.
 */
int gk_matcher_add(gk_matcher *m, const char *pattern, size_t len, int id);

/* Build the automaton; the added patterns are released.  Returns 0,
 * GK_ENOMEM (the matcher stays unbuilt and may be built again) or
 * GK_EINVAL for a NULL matcher.  Building twice is a no-op. */
int gk_matcher_build(gk_matcher *m);

/*
 * Report every occurrence of every pattern in text[0..len): on_match(ud,
 * id, end) where the occurrence is text[end - pattern length .. end).
 * Calls come in order of end; at one end, longer patterns first, and the
 * ids of one pattern in ascending order.  Overlapping occurrences and
 * patterns inside other patterns are all reported.
 *
 * When on_match returns non-zero the scan stops and returns that value
 * (return positive values to tell them from the codes below).  Returns 0
 * after the whole text, GK_EINVAL when m is NULL or not built.
 */
int gk_matcher_scan(const gk_matcher *m, const char *text, size_t len,
		    int (*on_match)(void *ud, int id, size_t end), void *ud);

/* How many (pattern, id) pairs were accepted by gk_matcher_add, counting a
 * repeated pair every time it was added. */
size_t gk_matcher_count(const gk_matcher *m);

/* Trie nodes and bytes held after build (0 before); for sizing. */
size_t gk_matcher_nodes(const gk_matcher *m);
size_t gk_matcher_memory(const gk_matcher *m);

/* Accepts NULL. */
void gk_matcher_free(gk_matcher *m);

/* ---------------------------------------------------------------------
 * Citizen ID numbers (居民身份证号码, GB 11643-1999)
 * ------------------------------------------------------------------- */

#define GK_ID_NUMBER_LEN 18

/*
 * Find the first citizen ID number in text[0..len): 17 digits and a check
 * digit (a digit, X or x) where
 *   - the check digit is the GB 11643 one: sum of digit i times weight
 *     7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, modulo 11, mapped through
 *     1 0 X 9 8 7 6 5 4 3 2;
 *   - the first two digits are a province code (11-15, 21-23, 31-37,
 *     41-46, 50-54, 61-65, 71, 81, 82);
 *   - digits 7-14 are a real date YYYYMMDD with 1900 <= YYYY <= max_year
 *     (max_year <= 0: no upper limit);
 *   - the 18 characters are not part of a longer run of digits: the
 *     characters before and after are not digits, and an X check digit is
 *     not followed by a letter or a digit.
 * Digits and the X may be ASCII or full-width (０-９, Ｘ, ｘ), also mixed;
 * "digit" and "letter" above cover both widths.
 *
 * Returns 1 and sets *pos (when pos != NULL) to the byte offset where the
 * number starts, or returns 0.
 */
int gk_find_id_number(const char *text, size_t len, int max_year,
		      size_t *pos);

/*
 * The same, also giving the byte offset just past the number in *end and
 * the number in ASCII, X upper-case and NUL-terminated, in id (at least
 * GK_ID_NUMBER_LEN + 1 bytes).  end and id may be NULL.  To find every
 * number, search again from *end.
 */
int gk_find_id_number_ex(const char *text, size_t len, int max_year,
			 size_t *pos, size_t *end, char *id);

/*
 * Render an ID number for a message without revealing it: the first six
 * characters (the region), eight '*' for the birth date, the last four:
 * "110105********123X".  id18 holds 18 characters (no NUL needed); out
 * receives 19 bytes including the NUL.  When id18 has a NUL in its first
 * 18 bytes every character before it is masked.  Never print an ID number
 * any other way.
 */
void gk_mask_id_number(const char *id18, char *out);

/* ---------------------------------------------------------------------
 * A natural person's mobile and bank card numbers
 * ------------------------------------------------------------------- */

#define GK_PERSONAL_MOBILE    1   /* 11 digits: 1, then 3-9, then 9 digits */
#define GK_PERSONAL_BANK_CARD 2   /* 16-19 digits starting 3-6, Luhn-valid */
#define GK_PERSONAL_ID        4   /* a citizen ID number (gk_find_id_number) */

typedef struct gk_personal_hit {
	int kind;             /* GK_PERSONAL_* */
	size_t pos, end;      /* byte offsets of the number in the text */
	char masked[32];      /* "139****5678", "6222********7890" */
} gk_personal_hit;

/*
 * Find the first mobile or bank card number (kinds: GK_PERSONAL_* or'ed)
 * of a natural person in text[from..len).  A number is a run of ASCII or
 * full-width digits, its groups may be parted by one space or hyphen
 * ("139 1234 5678"), and it is not part of a longer run.  An institution
 * publishes its own contact phone and account on purpose, so a number is a
 * person's only when its sentence (between 。；！？;!? or line ends) speaks
 * of a person: a party, applicant, complainant, informant, volunteer,
 * winner, or a person's ID, address, birth or household; a bank card also
 * when it is called a bank card (银行卡, 卡号) and not a unit's account
 * (对公, 单位账户, 基本户).  Returns 1 and fills *hit, or 0.
 */
int gk_find_personal_number(const char *text, size_t len, size_t from, int kinds,
			    gk_personal_hit *hit);

/*
 * The first sensitive number of the kinds asked for (GK_PERSONAL_ID with
 * max_year as gk_find_id_number, GK_PERSONAL_MOBILE, GK_PERSONAL_BANK_CARD)
 * in one pass over text[0..len), in text order.  18 digits that make a
 * valid citizen ID number are one, whatever else they could be.  Returns 1
 * and fills *hit (the ID number masked as gk_mask_id_number), or 0.
 */
int gk_find_sensitive(const char *text, size_t len, int max_year, int kinds,
		      gk_personal_hit *hit);

#endif

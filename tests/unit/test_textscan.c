/*
 * test_textscan.c - normalisation of document numbers, the Aho-Corasick
 * matcher and the citizen ID number finder (engine/textscan.h).
 *
 * Texts are copied into heap buffers of exactly their length, with no NUL
 * after them, so the sanitizers and valgrind catch a read past text+len.
 * The matcher is checked against a naive search on random patterns; the
 * ID numbers get their check digits computed here, independently of the
 * engine, and the computation is itself checked on the standard's example.
 *
 * timing_figures prints build time, memory and scan rate and asserts
 * nothing about speed; GK_TEXTSCAN_MB sets the scanned megabytes (8).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../engine/textscan.h"

/* ---------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------- */

/* An exact-size heap copy of len bytes (no NUL after them). */
static char *exact(const char *text, size_t len)
{
	char *buf = malloc(len ? len : 1);

	assert_non_null(buf);
	memcpy(buf, text, len);
	return buf;
}

/* The canonical form of s (NUL-terminated input, heap result). */
static char *norm(const char *s)
{
	size_t len = strlen(s), n;
	char *in = exact(s, len);
	char *out = malloc(GK_TEXT_NORMALIZE_SIZE(len));

	assert_non_null(out);
	n = gk_text_normalize(in, len, out, GK_TEXT_NORMALIZE_SIZE(len));
	assert_int_equal(n, strlen(out));
	free(in);
	return out;
}

#define assert_norm(in, want) do { \
	char *got_ = norm(in); \
	assert_string_equal(got_, want); \
	free(got_); \
} while (0)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A small deterministic generator (xorshift64*). */
static uint64_t rng_state = 88172645463325252ULL;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 33) % n;
}

/* ---------------------------------------------------------------------
 * Normalisation
 * ------------------------------------------------------------------- */

static void normalize_bracket_styles(void **state)
{
	(void)state;
	assert_norm("〔2020〕", "〔2020〕");
	assert_norm("[2020]", "〔2020〕");
	assert_norm("(2020)", "〔2020〕");
	assert_norm("（2020）", "〔2020〕");
	assert_norm("【2020】", "〔2020〕");
	assert_norm("［2020］", "〔2020〕");
	assert_norm("﹝2020﹞", "〔2020〕");
	assert_norm("⦗2020⦘", "〔2020〕");
	assert_norm("〖2020〗", "〔2020〕");
	assert_norm("〘2020〙", "〔2020〕");
	/* Mixed and unbalanced styles map one by one. */
	assert_norm("(2020］", "〔2020〕");
	assert_norm("]2020[", "〕2020〔");
	/* Title brackets and quotes are not document-number brackets. */
	assert_norm("《通知》「甲」{乙}<丙>", "《通知》「甲」{乙}<丙>");
}

static void normalize_doc_numbers_equal(void **state)
{
	static const char *const forms[] = {
		"泽政办发〔2020〕 22号",
		"泽政办发[2020]22号",
		"泽政办发（2020）22号",
		"泽政办发(２０２０)22号",
		"泽政办发 〔 2020 〕 22 号",
		"泽政办发\t[2020]\r\n22号",
		"泽政办发\u3000【２０２０】２２号",
		"泽政办发\u00a0﹝2020﹞22\u00a0号",
		"泽 政 办 发 ［2020］２2号\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		assert_norm(forms[i], "泽政办发〔2020〕22号");
}

static void normalize_fullwidth(void **state)
{
	(void)state;
	assert_norm("０１２３４５６７８９", "0123456789");
	assert_norm("ＡＢＣＸＹＺａｂｃｘｙｚ", "ABCXYZabcxyz");
	assert_norm("ＧＢ／Ｔ　７７１４", "GB／T7714");
	/* Other full-width forms stay: only digits, letters, brackets. */
	assert_norm("，。！＋－", "，。！＋－");
	/* Neighbours of the ranges stay. */
	assert_norm("＠［｀｛", "＠〔｀｛");
}

static void normalize_whitespace(void **state)
{
	(void)state;
	assert_norm(" \t\r\n\v\f", "");
	assert_norm("a\u3000b\u00a0c\u2002d\u200be\ufeff f\u202fg\u2028h",
		    "abcdefgh");
	assert_norm("中 山\u3000市", "中山市");
	assert_norm("", "");
}

static void normalize_invalid_utf8(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "a\xff" "b", "a\xff" "b" },
		/* overlong '(' in two and in three bytes */
		{ "\xc0\xa8" "1", "\xc0\xa8" "1" },
		{ "\xe0\x80\xa8", "\xe0\x80\xa8" },
		/* a surrogate; past U+10FFFF */
		{ "\xed\xa0\x80(", "\xed\xa0\x80〔" },
		{ "\xf4\x90\x80\x80", "\xf4\x90\x80\x80" },
		/* cut short: at the end, by '(', after a good ０ */
		{ "\xe3\x80", "\xe3\x80" },
		{ "\xe3\x80(", "\xe3\x80〔" },
		{ "\xef\xbc\x90\xef\xbc", "0\xef\xbc" },
		/* stray continuation bytes; a good 4-byte character */
		{ "\x80\xbf\xbc\x90", "\x80\xbf\xbc\x90" },
		{ "\xf0\x9f\x98\x80 ", "\xf0\x9f\x98\x80" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_norm(cases[i].in, cases[i].want);
}

static void normalize_embedded_nul(void **state)
{
	char out[16];
	size_t n;

	(void)state;
	n = gk_text_normalize("a\0 (", 4, out, sizeof(out));
	assert_int_equal(n, 5);
	assert_memory_equal(out, "a\0〔", 6);
}

static void normalize_truncation(void **state)
{
	const char *in = "号(2020)";	/* 3 + 3 + 4 + 3 bytes out */
	size_t len = strlen(in);
	char *src = exact(in, len);
	char out[32];
	size_t n;

	(void)state;
	memset(out, 'Z', sizeof(out));
	assert_int_equal(gk_text_normalize(src, len, out, 0), 0);
	assert_int_equal(out[0], 'Z');

	assert_int_equal(gk_text_normalize(src, len, out, 1), 0);
	assert_int_equal(out[0], '\0');

	/* Room for 2 or 3 bytes: 号 (3) does not fit, nothing is split. */
	assert_int_equal(gk_text_normalize(src, len, out, 3), 0);
	assert_string_equal(out, "");
	assert_int_equal(gk_text_normalize(src, len, out, 4), 3);
	assert_string_equal(out, "号");
	/* 〔 needs 3 more: with 5 bytes of room it is left out. */
	assert_int_equal(gk_text_normalize(src, len, out, 6), 3);
	assert_string_equal(out, "号");
	assert_int_equal(gk_text_normalize(src, len, out, 7), 6);
	assert_string_equal(out, "号〔");
	assert_int_equal(gk_text_normalize(src, len, out, 9), 8);
	assert_string_equal(out, "号〔20");
	/* Exactly enough, and the documented bound. */
	assert_int_equal(gk_text_normalize(src, len, out, 14), 13);
	assert_string_equal(out, "号〔2020〕");
	n = gk_text_normalize(src, len, out, GK_TEXT_NORMALIZE_SIZE(len));
	assert_int_equal(n, 13);
	free(src);

	/* The worst case grows threefold and still fits the bound. */
	src = exact("((((", 4);
	memset(out, 'Z', sizeof(out));
	n = gk_text_normalize(src, 4, out, GK_TEXT_NORMALIZE_SIZE(4));
	assert_int_equal(n, 12);
	assert_string_equal(out, "〔〔〔〔");
	free(src);
}

static void normalize_idempotent(void **state)
{
	static const char *const samples[] = {
		"泽政办发(２０２０)22号",
		"a\xff (b\xe3\x80",
		"ＡＢ【１】\u3000c\u00a0d",
		"\xed\xa0\x80[]",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		char *once = norm(samples[i]);
		char *twice = norm(once);

		assert_string_equal(once, twice);
		free(once);
		free(twice);
	}
}

/* ---------------------------------------------------------------------
 * Matcher
 * ------------------------------------------------------------------- */

struct hit {
	int id;
	size_t end;
};

struct hits {
	struct hit *v;
	size_t n, cap;
	size_t stop_after;	/* 0: never stop */
};

static int collect(void *ud, int id, size_t end)
{
	struct hits *h = ud;

	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 16;
		h->v = realloc(h->v, h->cap * sizeof(*h->v));
		assert_non_null(h->v);
	}
	h->v[h->n].id = id;
	h->v[h->n].end = end;
	h->n++;
	if (h->stop_after && h->n == h->stop_after)
		return 42;
	return 0;
}

static gk_matcher *matcher_of(const char *const *pats, size_t n)
{
	gk_matcher *m = gk_matcher_new();

	assert_non_null(m);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(gk_matcher_add(m, pats[i], strlen(pats[i]),
						(int)i), 0);
	assert_int_equal(gk_matcher_build(m), 0);
	return m;
}

/* Scan text (exact-size copy) into h; returns the scan's result. */
static int scan(const gk_matcher *m, const char *text, size_t len,
		struct hits *h)
{
	char *buf = exact(text, len);
	int rc;

	h->n = 0;
	rc = gk_matcher_scan(m, buf, len, collect, h);
	free(buf);
	return rc;
}

static void expect_hits(const struct hits *h, const struct hit *want,
			size_t n)
{
	for (size_t i = 0; i < h->n && i < n; i++) {
		if (h->v[i].id != want[i].id || h->v[i].end != want[i].end)
			fail_msg("hit %zu: got id %d end %zu, "
				 "want id %d end %zu", i, h->v[i].id,
				 h->v[i].end, want[i].id, want[i].end);
	}
	assert_int_equal(h->n, n);
}

static void matcher_classic(void **state)
{
	static const char *const pats[] = { "he", "she", "his", "hers" };
	static const struct hit want[] = {
		{ 1, 4 }, { 0, 4 }, { 3, 6 },
	};
	gk_matcher *m = matcher_of(pats, 4);
	struct hits h = { 0 };

	(void)state;
	assert_int_equal(scan(m, "ushers", 6, &h), 0);
	expect_hits(&h, want, 3);
	assert_int_equal(gk_matcher_count(m), 4);
	/* root + h,s + he,hi,sh + her,his,she + hers */
	assert_int_equal(gk_matcher_nodes(m), 10);
	free(h.v);
	gk_matcher_free(m);
}

static void matcher_overlapping(void **state)
{
	static const char *const pats[] = { "aba", "abab", "bab" };
	static const struct hit want[] = {
		{ 0, 3 }, { 1, 4 }, { 2, 4 }, { 0, 5 }, { 1, 6 }, { 2, 6 },
	};
	gk_matcher *m = matcher_of(pats, 3);
	struct hits h = { 0 };

	(void)state;
	assert_int_equal(scan(m, "ababab", 6, &h), 0);
	expect_hits(&h, want, 6);
	/* A run of one letter: every position ends an "aa". */
	free(h.v);
	gk_matcher_free(m);

	{
		static const char *const aa[] = { "aa", "a" };
		static const struct hit want2[] = {
			{ 1, 1 }, { 0, 2 }, { 1, 2 }, { 0, 3 }, { 1, 3 },
		};
		struct hits h2 = { 0 };

		m = matcher_of(aa, 2);
		assert_int_equal(scan(m, "aaa", 3, &h2), 0);
		expect_hits(&h2, want2, 5);
		free(h2.v);
		gk_matcher_free(m);
	}
}

static void matcher_suffix_patterns(void **state)
{
	static const char *const pats[] = {
		"22号", "泽政办发〔2020〕22号", "〔2020〕22号", "政办发",
	};
	const char *text = "见泽政办发〔2020〕22号文";
	size_t at_doc = strlen("见泽政办发〔2020〕22号");
	size_t at_stem = strlen("见泽政办发");
	struct hit want[] = {
		{ 3, 0 }, { 1, 0 }, { 2, 0 }, { 0, 0 },
	};
	gk_matcher *m = matcher_of(pats, 4);
	struct hits h = { 0 };

	(void)state;
	want[0].end = at_stem;
	want[1].end = want[2].end = want[3].end = at_doc;
	assert_int_equal(scan(m, text, strlen(text), &h), 0);
	expect_hits(&h, want, 4);
	free(h.v);
	gk_matcher_free(m);
}

static void matcher_duplicate_ids(void **state)
{
	gk_matcher *m = gk_matcher_new();
	struct hits h = { 0 };
	static const struct hit want[] = {
		{ 3, 5 }, { 7, 5 }, { 9, 5 }, { 1, 5 },
	};

	(void)state;
	assert_non_null(m);
	assert_int_equal(gk_matcher_add(m, "abcde", 5, 7), 0);
	assert_int_equal(gk_matcher_add(m, "abcde", 5, 3), 0);
	assert_int_equal(gk_matcher_add(m, "abcde", 5, 7), 0);
	assert_int_equal(gk_matcher_add(m, "abcde", 5, 9), 0);
	assert_int_equal(gk_matcher_add(m, "cde", 3, 1), 0);
	assert_int_equal(gk_matcher_count(m), 5);
	assert_int_equal(gk_matcher_build(m), 0);
	assert_int_equal(scan(m, "abcde", 5, &h), 0);
	expect_hits(&h, want, 4);
	assert_int_equal(gk_matcher_count(m), 5);
	free(h.v);
	gk_matcher_free(m);
}

static void matcher_refusals(void **state)
{
	gk_matcher *m = gk_matcher_new();
	struct hits h = { 0 };

	(void)state;
	assert_non_null(m);
	assert_int_equal(gk_matcher_add(m, "", 0, 1), GK_EINVAL);
	assert_int_equal(gk_matcher_add(m, NULL, 3, 1), GK_EINVAL);
	assert_int_equal(gk_matcher_add(NULL, "x", 1, 1), GK_EINVAL);
	assert_int_equal(gk_matcher_count(m), 0);
	assert_int_equal(gk_matcher_scan(m, "x", 1, collect, &h), GK_EINVAL);
	assert_int_equal(gk_matcher_add(m, "x", 1, 1), 0);
	assert_int_equal(gk_matcher_build(m), 0);
	assert_int_equal(gk_matcher_build(m), 0);	/* no-op */
	assert_int_equal(gk_matcher_add(m, "y", 1, 2), GK_EINVAL);
	assert_int_equal(gk_matcher_count(m), 1);
	assert_int_equal(gk_matcher_scan(m, "x", 1, NULL, &h), GK_EINVAL);
	assert_int_equal(gk_matcher_scan(NULL, "x", 1, collect, &h),
			 GK_EINVAL);
	assert_int_equal(gk_matcher_build(NULL), GK_EINVAL);
	assert_int_equal(gk_matcher_count(NULL), 0);
	gk_matcher_free(m);
	gk_matcher_free(NULL);
	free(h.v);
}

static void matcher_empty(void **state)
{
	gk_matcher *m = gk_matcher_new();
	struct hits h = { 0 };

	(void)state;
	assert_non_null(m);
	assert_int_equal(gk_matcher_build(m), 0);
	assert_int_equal(gk_matcher_nodes(m), 1);
	assert_int_equal(scan(m, "anything", 8, &h), 0);
	assert_int_equal(h.n, 0);
	assert_int_equal(gk_matcher_scan(m, NULL, 0, collect, &h), 0);
	gk_matcher_free(m);
	free(h.v);
	/* Never built: freeing the collected patterns is enough. */
	m = gk_matcher_new();
	assert_int_equal(gk_matcher_add(m, "abc", 3, 1), 0);
	gk_matcher_free(m);
}

static void matcher_stops_on_request(void **state)
{
	static const char *const pats[] = { "a" };
	gk_matcher *m = matcher_of(pats, 1);
	struct hits h = { 0 };

	(void)state;
	h.stop_after = 2;
	assert_int_equal(scan(m, "aaaa", 4, &h), 42);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.v[1].end, 2);
	free(h.v);
	gk_matcher_free(m);
}

static void matcher_no_false_match(void **state)
{
	static const char *const pats[] = {
		"泽政办发〔2015〕3号", "政发〔2016〕12号",
	};
	/* Near misses of both, normalised already. */
	const char *text =
		"泽政办发〔2015〕13号、泽政办发〔2015〕30号、"
		"泽政办发〔2016〕3号、泽政办发〔2015〕3、泽政办〔2015〕3号、"
		"政发〔2016〕1号、政发〔2016〕112号、政发2016〕12号、"
		"政发〔201612号";
	gk_matcher *m = matcher_of(pats, 2);
	struct hits h = { 0 };

	(void)state;
	assert_int_equal(scan(m, text, strlen(text), &h), 0);
	assert_int_equal(h.n, 0);
	free(h.v);
	gk_matcher_free(m);
}

static void matcher_all_byte_values(void **state)
{
	gk_matcher *m = gk_matcher_new();
	struct hits h = { 0 };
	struct hit want[260];
	size_t nwant = 0;
	char pat[2], text[512];

	(void)state;
	/* A node with 256 children (binary search), NUL and 0xff bytes. */
	for (int c = 0; c < 256; c++) {
		pat[0] = '\xff';
		pat[1] = (char)c;
		assert_int_equal(gk_matcher_add(m, pat, 2, c), 0);
	}
	assert_int_equal(gk_matcher_add(m, "\0", 1, 1000), 0);
	assert_int_equal(gk_matcher_build(m), 0);
	for (int c = 0; c < 256; c++) {
		text[2 * c] = '\xff';
		text[2 * c + 1] = (char)(255 - c);
	}
	assert_int_equal(scan(m, text, sizeof(text), &h), 0);
	/* ff ff ff fe ff fd ... ff 00: every ff starts a match, the
	 * second ff included; the last pair ends with the 00 pattern. */
	want[nwant++] = (struct hit){ 255, 2 };
	want[nwant++] = (struct hit){ 255, 3 };
	for (int k = 1; k < 256; k++)
		want[nwant++] = (struct hit){ 255 - k, (size_t)(2 * k + 2) };
	want[nwant++] = (struct hit){ 1000, 512 };
	expect_hits(&h, want, nwant);
	free(h.v);
	gk_matcher_free(m);
}

/* Every occurrence by brute force, in the matcher's documented order. */
static size_t naive(char pats[][8], const size_t *plen, size_t np,
		    const char *text, size_t len, struct hit *out)
{
	size_t n = 0;

	for (size_t end = 1; end <= len; end++) {
		/* longer first, then id */
		for (size_t l = 8; l >= 1; l--)
			for (size_t p = 0; p < np; p++)
				if (plen[p] == l && l <= end &&
				    memcmp(text + end - l, pats[p], l) == 0)
					out[n++] = (struct hit){ (int)p, end };
	}
	return n;
}

/*
 * Small random patterns over two to four letters against a brute-force
 * search.  In every other pair of rounds a few long filler patterns (of
 * letters the text never has) make the trie big, so that every node of
 * the small patterns gets a dense row, including nodes whose failure
 * target is a leaf; in the other rounds nearly all steps are sparse.
 */
static void matcher_matches_naive_search(void **state)
{
	enum { ROUNDS = 60, NP = 40, TEXT = 600, FILL = 12000 };
	char pats[NP][8];
	size_t plen[NP];
	char text[TEXT];
	char *filler = malloc(FILL);
	struct hit *want = malloc(TEXT * NP * sizeof(*want));
	struct hits h = { 0 };

	(void)state;
	assert_non_null(filler);
	assert_non_null(want);
	memset(filler, 'z', FILL);
	for (int r = 0; r < ROUNDS; r++) {
		int alpha = 2 + r % 3;	/* small alphabets: many overlaps */
		gk_matcher *m = gk_matcher_new();
		size_t nwant;

		for (size_t p = 0; p < NP; p++) {
			plen[p] = 1 + rnd(r % 2 ? 8 : 4);
			for (size_t k = 0; k < plen[p]; k++)
				pats[p][k] = (char)('a' + rnd(alpha));
			assert_int_equal(gk_matcher_add(m, pats[p], plen[p],
							(int)p), 0);
		}
		for (int k = 0; r / 2 % 2 && k < 4; k++) {
			filler[1] = (char)('v' + k);
			assert_int_equal(gk_matcher_add(m, filler, FILL,
							1000 + k), 0);
		}
		assert_int_equal(gk_matcher_build(m), 0);
		for (size_t k = 0; k < TEXT; k++)
			text[k] = (char)('a' + rnd(alpha + 1));
		nwant = naive(pats, plen, NP, text, TEXT, want);
		assert_int_equal(scan(m, text, TEXT, &h), 0);
		/* Equal patterns come out in id order in both. */
		expect_hits(&h, want, nwant);
		gk_matcher_free(m);
	}
	free(filler);
	free(want);
	free(h.v);
}

/* A pattern of the deep cross-check: bytes and length, for bsearch. */
struct word {
	char b[16];
	size_t len;
	int id;
};

static int word_cmp(const void *a, const void *b)
{
	const struct word *x = a, *y = b;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return memcmp(x->b, y->b, x->len);
}

/*
 * One round on a trie big enough for dozens of dense rows, so
 * dense-to-dense, dense-to-sparse and sparse-to-dense steps all occur.
 * Expected hits come from looking up every substring ending at each
 * position, longest first.  skewed: the letter at position k is one of
 * two that depend on k, so nodes have few children and their failure
 * targets others, and rows must take transitions from the failure
 * targets' rows; else any of three letters, so the shallow levels are
 * complete.
 */
static void big_trie_round(int skewed)
{
	enum { NP = 4000, TEXT = 3000, MAXLEN = 14 };
	struct word *w = malloc(NP * sizeof(*w)), key;
	struct hit *want = malloc(TEXT * MAXLEN * sizeof(*want));
	char *text = malloc(TEXT);
	struct hits h = { 0 };
	gk_matcher *m = gk_matcher_new();
	size_t n = 0, nwant = 0;

	assert_non_null(w);
	assert_non_null(want);
	assert_non_null(text);
	while (n < NP) {
		key.len = 1 + rnd(skewed ? MAXLEN : 9);
		for (size_t k = 0; k < key.len; k++)
			key.b[k] = (char)(skewed ? 'a' + (k + rnd(2)) % 5
					  : 'a' + rnd(3));
		for (size_t i = 0; i < n; i++)
			if (!word_cmp(&w[i], &key))
				goto again;
		key.id = (int)n;
		w[n++] = key;
		assert_int_equal(gk_matcher_add(m, key.b, key.len, key.id), 0);
again:		;
	}
	assert_int_equal(gk_matcher_build(m), 0);
	assert_true(gk_matcher_nodes(m) > NP);	/* dozens of dense rows */
	qsort(w, NP, sizeof(*w), word_cmp);
	for (size_t k = 0; k < TEXT; k++)
		text[k] = (char)('a' + rnd(skewed ? 5 : 4));
	for (size_t end = 1; end <= TEXT; end++) {
		for (size_t l = MAXLEN; l >= 1; l--) {
			struct word *hit;

			if (l > end)
				continue;
			key.len = l;
			memcpy(key.b, text + end - l, l);
			hit = bsearch(&key, w, NP, sizeof(*w), word_cmp);
			if (hit)
				want[nwant++] = (struct hit){ hit->id, end };
		}
	}
	assert_true(nwant > TEXT / 2);
	assert_int_equal(scan(m, text, TEXT, &h), 0);
	expect_hits(&h, want, nwant);
	free(w);
	free(want);
	free(text);
	free(h.v);
	gk_matcher_free(m);
}

static void matcher_matches_lookup_on_big_trie(void **state)
{
	(void)state;
	big_trie_round(0);
	big_trie_round(1);
}

/* Document number i of a set of 4,800 x N distinct ones. */
static const char *const places[] = {
	"泽州县", "阳城县", "沁水县", "陵川县", "高平市", "城区", "中山市",
	"石岐区", "东区", "西区", "南区", "五桂山", "火炬区", "小榄镇",
	"古镇镇", "横栏镇", "三乡镇", "坦洲镇", "银川市", "兴庆区",
};
static const char *const kinds[] = {
	"政办发", "政发", "府办", "府函", "办字", "发改", "财预", "教发",
	"卫健发", "人社发",
};

static int doc_number(char *buf, size_t size, size_t i)
{
	return snprintf(buf, size, "%s%s〔%zu〕%zu号", places[i % 20],
			kinds[i / 20 % 10], 2000 + i / 200 % 24, i / 4800 + 1);
}

static gk_matcher *doc_matcher(size_t n)
{
	gk_matcher *m = gk_matcher_new();
	char buf[128];

	assert_non_null(m);
	for (size_t i = 0; i < n; i++) {
		int len = doc_number(buf, sizeof(buf), i);

		assert_int_equal(gk_matcher_add(m, buf, (size_t)len, (int)i),
				 0);
	}
	assert_int_equal(gk_matcher_build(m), 0);
	return m;
}

static void matcher_many_doc_numbers(void **state)
{
	/* Written the way people write them; three are in the set. */
	const char *raw =
		"根据泽州县政办发（2003）5号和 中山市府函[2021] 10号的要求，"
		"参照阳城县政办发〔2030〕1号（不在清单）、兴庆区人社发〔2023〕"
		"12号（号数超出）、城区政发(2010)3号，以及泽州县政办发〔2003〕"
		"50号，现通知如下。";
	char *text = norm(raw);
	gk_matcher *m = doc_matcher(50000);
	struct hits h = { 0 };
	char doc[128];
	size_t want_ids[3];
	int found[3] = { 0 };

	(void)state;
	/* The three expected ids, by construction. */
	for (size_t i = 0, k = 0; i < 50000 && k < 3; i++) {
		doc_number(doc, sizeof(doc), i);
		if (!strcmp(doc, "泽州县政办发〔2003〕5号") ||
		    !strcmp(doc, "中山市府函〔2021〕10号") ||
		    !strcmp(doc, "城区政发〔2010〕3号"))
			want_ids[k++] = i;
	}
	assert_int_equal(gk_matcher_count(m), 50000);
	assert_int_equal(scan(m, text, strlen(text), &h), 0);
	assert_int_equal(h.n, 3);
	for (size_t i = 0; i < h.n; i++) {
		size_t len;

		for (size_t k = 0; k < 3; k++)
			if ((size_t)h.v[i].id == want_ids[k])
				found[k]++;
		/* The match really is that document number. */
		len = (size_t)doc_number(doc, sizeof(doc),
					 (size_t)h.v[i].id);
		assert_true(h.v[i].end >= len);
		assert_memory_equal(text + h.v[i].end - len, doc, len);
	}
	assert_int_equal(found[0], 1);
	assert_int_equal(found[1], 1);
	assert_int_equal(found[2], 1);
	free(text);
	free(h.v);
	gk_matcher_free(m);
}

struct shared_scan {
	const gk_matcher *m;
	const char *text;
	size_t len;
	size_t hits;
};

static int tally(void *ud, int id, size_t end)
{
	(void)id;
	(void)end;
	(*(size_t *)ud)++;
	return 0;
}

static void *scan_thread(void *arg)
{
	struct shared_scan *s = arg;

	for (int r = 0; r < 20; r++)
		if (gk_matcher_scan(s->m, s->text, s->len, tally,
				    &s->hits))
			return NULL;
	return arg;
}

static void matcher_shared_between_threads(void **state)
{
	const char *text = norm("见石岐区政发（2001）1号、东区府办[2005]3号。");
	gk_matcher *m = doc_matcher(20000);
	struct shared_scan s[2];
	pthread_t t[2];
	void *ret[2];

	(void)state;
	for (int k = 0; k < 2; k++) {
		s[k] = (struct shared_scan){ m, text, strlen(text), 0 };
		assert_int_equal(pthread_create(&t[k], NULL, scan_thread,
						&s[k]), 0);
	}
	for (int k = 0; k < 2; k++) {
		assert_int_equal(pthread_join(t[k], &ret[k]), 0);
		assert_ptr_equal(ret[k], &s[k]);
		assert_int_equal(s[k].hits, 2 * 20);
	}
	free((char *)text);
	gk_matcher_free(m);
}

/* ---------------------------------------------------------------------
 * Citizen ID numbers
 * ------------------------------------------------------------------- */

/* id17 (17 digits) plus its GB 11643 check digit, NUL-terminated. */
static void with_check(const char *id17, char *out)
{
	static const int w[17] = {
		7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
	};
	int sum = 0;

	for (int k = 0; k < 17; k++)
		sum += (id17[k] - '0') * w[k];
	memcpy(out, id17, 17);
	out[17] = "10X98765432"[sum % 11];
	out[18] = '\0';
}

/* A valid number whose check digit is wanted ('X' or a digit), found by
 * varying the sequence digits 15-17. */
static void id_with_check_char(const char *first14, char want, char *out)
{
	char id17[18];

	for (int seq = 0; seq < 1000; seq++) {
		snprintf(id17, sizeof(id17), "%s%03d", first14, seq);
		with_check(id17, out);
		if (out[17] == want)
			return;
	}
	fail_msg("no sequence gives check %c", want);
}

/* Search text (exact-size copy); *pos = -1 when none. */
static int find(const char *text, int max_year, long *pos)
{
	size_t len = strlen(text), p = 12345;
	char *buf = exact(text, len);
	int rc = gk_find_id_number(buf, len, max_year, &p);

	*pos = rc ? (long)p : -1;
	free(buf);
	return rc;
}

#define assert_found_at(text, max_year, at) do { \
	long p_; \
	assert_int_equal(find(text, max_year, &p_), 1); \
	assert_int_equal(p_, (long)(at)); \
} while (0)

#define assert_not_found(text, max_year) do { \
	long p_; \
	assert_int_equal(find(text, max_year, &p_), 0); \
	assert_int_equal(p_, -1); \
} while (0)

static void id_check_digit_computation(void **state)
{
	char id[19];

	(void)state;
	/* The standard's own example, and a widely published one. */
	with_check("11010519491231002", id);
	assert_string_equal(id, "11010519491231002X");
	with_check("44052418800101001", id);
	assert_string_equal(id, "440524188001010014");
	assert_not_found(id, 2025);	/* born before 1900 */
}

static void id_valid_numbers(void **state)
{
	static const char *const bodies[] = {
		"11010519491231002", "44200019800101001", "64010419750618123",
		"31011520000229456", "65280119000101789", "81000020151231000",
		"71000019991010101", "82000020200202022",
	};
	char id[19];

	(void)state;
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		with_check(bodies[i], id);
		assert_found_at(id, 2025, 0);
	}
}

static void id_wrong_check_digit(void **state)
{
	char id[19], good;

	(void)state;
	with_check("44200019800101001", id);
	good = id[17];
	for (char c = '0'; c <= '9'; c++) {
		if (c == good)
			continue;
		id[17] = c;
		assert_not_found(id, 2025);
	}
	with_check("11010519491231002", id);
	id[17] = '0';
	assert_not_found(id, 2025);
	/* A transposition is caught too. */
	with_check("11010519491231002", id);
	id[15] = '2';
	id[16] = '0';
	assert_not_found(id, 2025);
}

static void id_bad_province(void **state)
{
	static const char *const regions[] = {
		"00", "10", "16", "20", "24", "30", "38", "40", "47", "49",
		"55", "60", "66", "70", "72", "80", "83", "90", "99",
	};
	char id17[18], id[19];

	(void)state;
	for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++) {
		snprintf(id17, sizeof(id17), "%s010519800101001", regions[i]);
		with_check(id17, id);
		assert_not_found(id, 2025);
	}
}

static void id_bad_birth_date(void **state)
{
	static const char *const dates[] = {
		"19900230", "19900231", "19900431", "19000229", "20230229",
		"19901301", "19900001", "19900100", "19900132", "18991231",
		"00000101",
	};
	char id17[18], id[19];

	(void)state;
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		snprintf(id17, sizeof(id17), "110105%s001", dates[i]);
		with_check(id17, id);
		assert_not_found(id, 2025);
	}
	/* Their valid neighbours. */
	with_check("11010520000229001", id);
	assert_found_at(id, 2025, 0);
	with_check("11010519000101001", id);
	assert_found_at(id, 2025, 0);
}

static void id_year_limit(void **state)
{
	char id[19];

	(void)state;
	with_check("11010520240615001", id);
	assert_found_at(id, 2024, 0);
	assert_not_found(id, 2023);
	assert_not_found(id, 1900);
	assert_found_at(id, 0, 0);	/* no limit */
	with_check("11010529991231001", id);
	assert_not_found(id, 2025);
	assert_found_at(id, -1, 0);
}

static void id_inside_longer_numbers(void **state)
{
	char id[19], buf[64];

	(void)state;
	with_check("44200019800101001", id);
	/* 20 digits: the ID with a digit either side. */
	snprintf(buf, sizeof(buf), "1%s2", id);
	assert_not_found(buf, 2025);
	snprintf(buf, sizeof(buf), "账号1%s2。", id);
	assert_not_found(buf, 2025);
	/* 19 digits, like a bank card: one digit before or after. */
	snprintf(buf, sizeof(buf), "卡号6%s", id);
	assert_not_found(buf, 2025);
	snprintf(buf, sizeof(buf), "卡号%s7", id);
	assert_not_found(buf, 2025);
	assert_not_found("卡号6222021234567890123", 2025);
	/* A full-width digit next to it counts as a digit. */
	snprintf(buf, sizeof(buf), "１%s", id);
	assert_not_found(buf, 2025);
	snprintf(buf, sizeof(buf), "%s９", id);
	assert_not_found(buf, 2025);
	/* Other separators are fine. */
	snprintf(buf, sizeof(buf), "-%s-", id);
	assert_found_at(buf, 2025, 1);
	snprintf(buf, sizeof(buf), "No.%s,", id);
	assert_found_at(buf, 2025, 3);
}

static void id_not_phone_or_other_numbers(void **state)
{
	(void)state;
	assert_not_found("联系电话13812345678，0769-88881234。", 2025);
	assert_not_found("电话 +86 138 1234 5678", 2025);
	assert_not_found("统一社会信用代码11440000MB2C12345X", 2025);
	assert_not_found("邮编528400，文号中府〔2020〕1号", 2025);
	assert_not_found("", 2025);
	assert_not_found("12345678901234567", 2025);	/* 17 digits */
}

static void id_x_check_digit(void **state)
{
	char id[19], buf[64];
	long p;

	(void)state;
	id_with_check_char("44200019800101", 'X', id);
	assert_found_at(id, 2025, 0);
	id[17] = 'x';
	assert_found_at(id, 2025, 0);
	snprintf(buf, sizeof(buf), "身份证%s。", id);
	assert_found_at(buf, 2025, strlen("身份证"));
	/* An X followed by a letter or digit is part of some other code. */
	snprintf(buf, sizeof(buf), "%sY", id);
	assert_not_found(buf, 2025);
	snprintf(buf, sizeof(buf), "%s7", id);
	assert_not_found(buf, 2025);
	snprintf(buf, sizeof(buf), "%sａ", id);
	assert_not_found(buf, 2025);
	/* The X is only ever the 18th character. */
	id[17] = '\0';
	snprintf(buf, sizeof(buf), "X%s", id);
	assert_not_found(buf, 2025);
	/* A digit where X is due is wrong. */
	snprintf(buf, sizeof(buf), "%s0", id);
	assert_int_equal(find(buf, 2025, &p), 0);
}

static void id_next_to_chinese_text(void **state)
{
	char id[19], buf[128];

	(void)state;
	with_check("36042119881017003", id);
	snprintf(buf, sizeof(buf), "申请人张三身份证号码%s住址南昌市", id);
	assert_found_at(buf, 2025, strlen("申请人张三身份证号码"));
	snprintf(buf, sizeof(buf), "（%s）", id);
	assert_found_at(buf, 2025, strlen("（"));
	assert_found_at(id, 2025, 0);
}

static void id_fullwidth_digits(void **state)
{
	char id[19], fw[128], buf[160];
	size_t o = 0, pos, end;
	char got[GK_ID_NUMBER_LEN + 1];

	(void)state;
	id_with_check_char("32010219850505", 'X', id);
	for (int k = 0; k < 17; k++) {
		fw[o++] = '\xef';
		fw[o++] = '\xbc';
		fw[o++] = (char)(0x90 + (id[k] - '0'));
	}
	memcpy(fw + o, "ｘ", 3);	/* full-width small x */
	o += 3;
	fw[o] = '\0';
	snprintf(buf, sizeof(buf), "号码%s，", fw);
	assert_found_at(buf, 2025, strlen("号码"));
	assert_int_equal(gk_find_id_number_ex(buf, strlen(buf), 2025, &pos,
					      &end, got), 1);
	assert_int_equal(end, strlen("号码") + 17 * 3 + 3);
	assert_string_equal(got, id);
	/* Mixed widths: the first digit ASCII. */
	snprintf(buf, sizeof(buf), "%c%s", id[0], fw + 3);
	assert_found_at(buf, 2025, 0);
	/* A full-width letter after the full-width x. */
	snprintf(buf, sizeof(buf), "%sＡ", fw);
	assert_not_found(buf, 2025);
}

static void id_first_and_every(void **state)
{
	char a[19], b[19], bad[19], text[256], got[GK_ID_NUMBER_LEN + 1];
	size_t pos, end, from = 0, n = 0, len;
	char *buf;

	(void)state;
	with_check("11010519491231002", a);
	with_check("44200019800101001", b);
	memcpy(bad, a, sizeof(bad));
	bad[17] = bad[17] == '1' ? '2' : '1';
	snprintf(text, sizeof(text), "甲%s乙%s丙%s丁%s", bad, a, b, a);
	len = strlen(text);
	buf = exact(text, len);
	assert_int_equal(gk_find_id_number(buf, len, 2025, &pos), 1);
	assert_int_equal(pos, strlen("甲") + 18 + strlen("乙"));
	assert_int_equal(gk_find_id_number(buf, len, 2025, NULL), 1);
	while (gk_find_id_number_ex(buf + from, len - from, 2025, &pos, &end,
				    got)) {
		assert_string_equal(got, n == 1 ? b : a);
		from += end;
		n++;
	}
	assert_int_equal(n, 3);
	/* At the very end of the buffer, nothing after it. */
	assert_int_equal(gk_find_id_number(buf + len - 18, 18, 2025, &pos), 1);
	assert_int_equal(pos, 0);
	/* Cut one character short: nothing. */
	assert_int_equal(gk_find_id_number(buf + len - 18, 17, 2025, &pos), 0);
	assert_int_equal(gk_find_id_number(NULL, 0, 2025, &pos), 0);
	free(buf);
}

static void id_mask(void **state)
{
	char id[19], out[GK_ID_NUMBER_LEN + 1];

	(void)state;
	gk_mask_id_number("11010519491231002X", out);
	assert_string_equal(out, "110105********002X");
	with_check("44200019800101001", id);
	gk_mask_id_number(id, out);
	assert_memory_equal(out, "442000********", 14);
	assert_memory_equal(out + 14, id + 14, 4);
	assert_null(strstr(out, "19800101"));
	/* Not 18 characters: nothing shown. */
	gk_mask_id_number("1101051949", out);
	assert_string_equal(out, "**********");
	gk_mask_id_number("", out);
	assert_string_equal(out, "");
}

/* ---------------------------------------------------------------------
 * Figures (printed, never asserted)
 * ------------------------------------------------------------------- */

static void timing_figures(void **state)
{
	const char *mb_env = getenv("GK_TEXTSCAN_MB");
	size_t mb = mb_env && atoi(mb_env) > 0 ? (size_t)atoi(mb_env) : 8;
	size_t size = mb << 20, o = 0, hits = 0;
	/* Common characters, so partial matches start all the time. */
	const char *chars =
		"的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出"
		"就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所"
		"民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都"
		"两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
		"那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比"
		"或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想"
		"已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长"
		"求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
		"区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规"
		"热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证"
		"改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达"
		"走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传"
		"办县市镇府函字〔〕号，。、：；";
	size_t nchars = strlen(chars) / 3;
	char *text = malloc(size + 128);
	char doc[128];
	gk_matcher *m;
	double t0, t1, t2;

	(void)state;
	assert_non_null(text);
	/* Prose with a document number every ~200 characters, one in eight
	 * of them from the list. */
	while (o < size) {
		if (rnd(200) == 0) {
			uint32_t i = rnd(8) ? 60000 + rnd(9000) : rnd(50000);

			o += (size_t)doc_number(text + o, 128, i);
		} else if (rnd(15) == 0) {
			text[o++] = (char)('0' + rnd(10));
		} else {
			memcpy(text + o, chars + 3 * rnd((uint32_t)nchars), 3);
			o += 3;
		}
	}

	t0 = now();
	m = doc_matcher(50000);
	t1 = now();
	assert_int_equal(gk_matcher_scan(m, text, o, tally, &hits), 0);
	t2 = now();
	printf("# matcher: 50000 document numbers, %zu nodes, %.1f MB, "
	       "add+build %.3f s; scan %.1f MB in %.3f s = %.0f MB/s, "
	       "%zu hits\n",
	       gk_matcher_nodes(m), gk_matcher_memory(m) / 1048576.0,
	       t1 - t0, o / 1048576.0, t2 - t1,
	       o / 1048576.0 / (t2 - t1), hits);
	gk_matcher_free(m);

	/* The worst case for memory: 100,000 unrelated 20-byte patterns. */
	m = gk_matcher_new();
	assert_non_null(m);
	for (int i = 0; i < 100000; i++) {
		for (int k = 0; k < 20; k++)
			doc[k] = (char)(0x80 + rnd(64));
		assert_int_equal(gk_matcher_add(m, doc, 20, i), 0);
	}
	t0 = now();
	assert_int_equal(gk_matcher_build(m), 0);
	t1 = now();
	hits = 0;
	assert_int_equal(gk_matcher_scan(m, text, o, tally, &hits), 0);
	t2 = now();
	printf("# matcher: 100000 random 20-byte patterns, %zu nodes, "
	       "%.1f MB, build %.3f s; scan %.0f MB/s\n",
	       gk_matcher_nodes(m), gk_matcher_memory(m) / 1048576.0,
	       t1 - t0, o / 1048576.0 / (t2 - t1));
	gk_matcher_free(m);

	t0 = now();
	assert_int_equal(gk_find_id_number(text, o, 2025, NULL), 0);
	t1 = now();
	printf("# id numbers: %.0f MB/s over text without any\n",
	       o / 1048576.0 / (t1 - t0));
	free(text);
}

/* ---- a natural person's mobile and bank card numbers ------------------- */

/* The masked number found in text, or "" when none. */
static const char *personal(const char *text, int want)
{
	static gk_personal_hit h;
	size_t len = strlen(text);
	char *buf = malloc(len ? len : 1);
	int found;

	assert_non_null(buf);
	memcpy(buf, text, len);   /* no NUL after it: a read past len is caught */
	found = gk_find_personal_number(buf, len, 0, want, &h);
	free(buf);
	return found ? h.masked : "";
}

#define BOTH (GK_PERSONAL_MOBILE | GK_PERSONAL_BANK_CARD)

static void personal_mobile(void **state)
{
	(void)state;
	assert_string_equal(personal("当事人：李某，联系电话13912345678。", BOTH), "139****5678");
	assert_string_equal(personal("申请人王某 手机 139-1234-5678", BOTH), "139****5678");
	assert_string_equal(personal("志愿者：１３９１２３４５６７８", BOTH), "139****5678");
	/* an institution's contact: no person in the sentence */
	assert_string_equal(personal("咨询电话：13912345678。", BOTH), "");
	assert_string_equal(personal("报名联系人：李娜，电话13593353618", BOTH), "");
	/* the person is in another sentence */
	assert_string_equal(personal("当事人已整改。咨询电话：13912345678。", BOTH), "");
	/* not a mobile: second digit 2, 12 digits, inside a code */
	assert_string_equal(personal("当事人电话12912345678", BOTH), "");
	assert_string_equal(personal("当事人电话139123456789", BOTH), "");
	assert_string_equal(personal("当事人合同HT13912345678", BOTH), "");
	assert_string_equal(personal("当事人：李某，联系电话13912345678", GK_PERSONAL_BANK_CARD), "");
}

static void personal_bank_card(void **state)
{
	(void)state;
	assert_string_equal(personal("奖金转入银行卡6222021234567894。", BOTH), "6222********7894");
	assert_string_equal(personal("获奖者卡号6217 0001 2345 6789 019", BOTH),
			    "6217***********9019");
	/* Luhn fails */
	assert_string_equal(personal("奖金转入银行卡6222021234567891。", BOTH), "");
	/* a unit's account, no person */
	assert_string_equal(personal("请汇入对公账户，卡号6222021234567894。", BOTH), "");
	/* a long number with no card or person words */
	assert_string_equal(personal("项目编号6222021234567894。", BOTH), "");
	assert_string_equal(personal("奖金转入银行卡6222021234567894", GK_PERSONAL_MOBILE), "");
}

/* One pass: the first sensitive number in text order, an ID number
 * winning over what else its 18 digits could be. */
static void sensitive_one_pass(void **state)
{
	static const char *const ids[] = {
		"442000198503121235", "身份证号442000198503121235。", "No.442000198503121235",
		"４４２０００１９８５０３１２１２３５", "44200019920708100x号",
	};
	gk_personal_hit h;
	const char *t;
	int all = GK_PERSONAL_ID | GK_PERSONAL_MOBILE | GK_PERSONAL_BANK_CARD;

	(void)state;
	/* every ID number gk_find_id_number finds, the one pass finds too */
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		assert_int_equal(gk_find_id_number(ids[i], strlen(ids[i]), 0, NULL), 1);
		assert_int_equal(gk_find_sensitive(ids[i], strlen(ids[i]), 0, GK_PERSONAL_ID, &h), 1);
		assert_int_equal(h.kind, GK_PERSONAL_ID);
	}
	t = "当事人：王某，电话13912345678，身份证442000198503121235。";
	assert_int_equal(gk_find_sensitive(t, strlen(t), 0, all, &h), 1);
	assert_int_equal(h.kind, GK_PERSONAL_MOBILE);
	assert_string_equal(h.masked, "139****5678");
	assert_int_equal(gk_find_sensitive(t, strlen(t), 0, GK_PERSONAL_ID, &h), 1);
	assert_string_equal(h.masked, "442000********1235");
	assert_int_equal(memcmp(t + h.pos, "442000", 6), 0);
	/* too long, wrong check digit: nothing */
	t = "合同编号：94420001985031212359，设备442000198503121234";
	assert_int_equal(gk_find_sensitive(t, strlen(t), 0, all, &h), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sensitive_one_pass),
		cmocka_unit_test(personal_mobile),
		cmocka_unit_test(personal_bank_card),
		cmocka_unit_test(normalize_bracket_styles),
		cmocka_unit_test(normalize_doc_numbers_equal),
		cmocka_unit_test(normalize_fullwidth),
		cmocka_unit_test(normalize_whitespace),
		cmocka_unit_test(normalize_invalid_utf8),
		cmocka_unit_test(normalize_embedded_nul),
		cmocka_unit_test(normalize_truncation),
		cmocka_unit_test(normalize_idempotent),
		cmocka_unit_test(matcher_classic),
		cmocka_unit_test(matcher_overlapping),
		cmocka_unit_test(matcher_suffix_patterns),
		cmocka_unit_test(matcher_duplicate_ids),
		cmocka_unit_test(matcher_refusals),
		cmocka_unit_test(matcher_empty),
		cmocka_unit_test(matcher_stops_on_request),
		cmocka_unit_test(matcher_no_false_match),
		cmocka_unit_test(matcher_all_byte_values),
		cmocka_unit_test(matcher_matches_naive_search),
		cmocka_unit_test(matcher_matches_lookup_on_big_trie),
		cmocka_unit_test(matcher_many_doc_numbers),
		cmocka_unit_test(matcher_shared_between_threads),
		cmocka_unit_test(id_check_digit_computation),
		cmocka_unit_test(id_valid_numbers),
		cmocka_unit_test(id_wrong_check_digit),
		cmocka_unit_test(id_bad_province),
		cmocka_unit_test(id_bad_birth_date),
		cmocka_unit_test(id_year_limit),
		cmocka_unit_test(id_inside_longer_numbers),
		cmocka_unit_test(id_not_phone_or_other_numbers),
		cmocka_unit_test(id_x_check_digit),
		cmocka_unit_test(id_next_to_chinese_text),
		cmocka_unit_test(id_fullwidth_digits),
		cmocka_unit_test(id_first_and_every),
		cmocka_unit_test(id_mask),
		cmocka_unit_test(timing_figures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

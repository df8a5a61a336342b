/*
 * register.c - non-public documents and the scan for citations of them
 * (see register.h).  Pattern ids encode the entry and what matched:
 * id = 2 * entry + (1 when the title matched).
 */
#include <stdlib.h>
#include <string.h>

#include "register.h"
#include "textscan.h"

struct entry {
	char *record_id, *juris, *doc_number, *title;
	const char *why;
	char *norm_number;      /* the normalised number, or NULL */
	size_t nlen, tlen;      /* bytes of the normalised number and title */
};

struct gk_register {
	struct entry *e;
	int n, cap;
	gk_matcher *m;
};

int gk_register_new(gk_register **out, gk_error *err)
{
	gk_register *reg = calloc(1, sizeof(*reg));

	*out = NULL;
	if (!reg || !(reg->m = gk_matcher_new())) {
		free(reg);
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	}
	*out = reg;
	return 0;
}

void gk_register_free(gk_register *reg)
{
	if (!reg)
		return;
	for (int i = 0; i < reg->n; i++) {
		free(reg->e[i].record_id);
		free(reg->e[i].juris);
		free(reg->e[i].norm_number);
		free(reg->e[i].doc_number);
		free(reg->e[i].title);
	}
	free(reg->e);
	gk_matcher_free(reg->m);
	free(reg);
}

long gk_register_size(const gk_register *reg)
{
	return reg ? reg->n : 0;
}

/* Characters (not bytes) of UTF-8 text. */
static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static char *dup_opt(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

int gk_register_add(gk_register *reg, const char *record_id, const char *juris,
		    const char *doc_number, const char *title, const char *why, gk_error *err)
{
	struct entry *e;
	size_t len;
	int idx;

	if (reg->n == reg->cap) {
		int cap = reg->cap ? reg->cap * 2 : 256;
		struct entry *g = realloc(reg->e, sizeof(*g) * (size_t)cap);

		if (!g)
			return gk_error_set(err, GK_ENOMEM, "out of memory");
		reg->e = g;
		reg->cap = cap;
	}
	idx = reg->n;
	e = &reg->e[idx];
	memset(e, 0, sizeof(*e));
	e->record_id = strdup(record_id);
	e->juris = strdup(juris ? juris : "");
	e->doc_number = dup_opt(doc_number);
	e->title = dup_opt(title);
	e->why = why;
	reg->n++;
	if (!e->record_id || !e->juris || (doc_number && *doc_number && !e->doc_number) ||
	    (title && *title && !e->title))
		return gk_error_set(err, GK_ENOMEM, "out of memory");
	/* Normalised in full: a cut title would register its start only. */
	for (int k = 0; k < 2; k++) {
		const char *text = k ? e->title : e->doc_number;
		size_t cap;
		char *norm;
		int added = 0;

		if (!text)
			continue;
		cap = GK_TEXT_NORMALIZE_SIZE(strlen(text));
		if (!(norm = malloc(cap)))
			return gk_error_set(err, GK_ENOMEM, "out of memory");
		len = gk_text_normalize(text, strlen(text), norm, cap);
		if (k == 0 ? len >= 4 : utf8_chars(norm, len) >= GK_REGISTER_MIN_TITLE)
			added = gk_matcher_add(reg->m, norm, len, idx * 2 + k) == 0 ? 1 : -1;
		if (k)
			e->tlen = len;
		else
			e->nlen = len;
		if (k == 0 && added > 0)
			e->norm_number = norm;   /* kept: a title cited with a number */
		else
			free(norm);
		if (added < 0)
			return gk_error_set(err, GK_ENOMEM, "out of memory");
	}
	return 0;
}

int gk_register_build(gk_register *reg, gk_error *err)
{
	if (gk_matcher_build(reg->m))
		return gk_error_set(err, GK_ENOMEM, "cannot build the register's matcher");
	return 0;
}

#define MAX_FOUND 8

struct scan {
	const gk_register *reg;
	const char *self;
	const char *juris;      /* the scanned record's jurisdiction */
	const char *text;       /* the normalised text scanned */
	size_t len;
	int whole;              /* only a match of the whole text counts */
	int found[MAX_FOUND];
	int nfound;
	int (*fn)(void *, const gk_register_hit *);
	void *ud;
};

/*
 * A title is evidence only when cited as a title of this jurisdiction's
 * document: in 《》 (many documents share a generic title such as
 * 关于公共图书馆的通知, and a public one of the same title is no citation),
 * in a record of the same jurisdiction (a title names a document only among
 * its issuer's), and not followed by another document's number
 * (《…通知》（中文广旅〔2021〕4号） cites that number's document).
 */
static int title_cited(const struct scan *s, const struct entry *e, size_t end)
{
	static const char open[] = "《", close[] = "》", paren[] = "〔", hao[] = "号〕";
	size_t start = end - e->tlen, q = end + 3;
	const char *stop;

	if (start < 3 || memcmp(s->text + start - 3, open, 3) != 0 || q > s->len ||
	    memcmp(s->text + end, close, 3) != 0)
		return 0;
	if (s->juris && strcmp(s->juris, e->juris) != 0)
		return 0;
	if (q + 3 > s->len || memcmp(s->text + q, paren, 3) != 0)
		return 1;
	/* 《title》〔…号〕: the number given decides. */
	q += 3;
	stop = memmem(s->text + q, s->len - q < 96 ? s->len - q : 96, hao, sizeof(hao) - 1);
	if (!stop)
		return 1;
	return e->norm_number && (size_t)(stop + 3 - (s->text + q)) == e->nlen &&
	       memcmp(s->text + q, e->norm_number, e->nlen) == 0;
}

static int on_match(void *ud, int id, size_t end)
{
	struct scan *s = ud;
	const struct entry *e = &s->reg->e[id / 2];
	gk_register_hit h;

	if (s->self && strcmp(e->record_id, s->self) == 0)
		return 0;
	/* No word boundary is required before a number: Chinese prose runs
	 * straight into it (依据中文广旅〔2021〕12号).  So 粤中文广旅〔2021〕12号
	 * also matches 中文广旅〔2021〕12号; for a confidentiality check an
	 * officer discarding that finding beats a citation missed.  A title is
	 * evidence only when cited as a title, in 《》: many documents share
	 * a generic title (关于公共图书馆的通知) with public ones. */
	if (id % 2 == 1 && !title_cited(s, e, end))
		return 0;
	if (s->whole && (id % 2 == 1 || end != s->len || end != e->nlen))
		return 0;
	for (int i = 0; i < s->nfound; i++)
		if (s->found[i] == id / 2)
			return 0;
	if (s->nfound == MAX_FOUND)
		return 1;
	s->found[s->nfound++] = id / 2;
	h.record_id = e->record_id;
	h.doc_number = e->doc_number;
	h.title = e->title;
	h.why = e->why;
	h.by_number = id % 2 == 0;
	return s->fn(s->ud, &h);
}

int gk_register_scan(const gk_register *reg, const char *text, size_t len,
		     const char *self_id, const char *juris, int whole,
		     int (*fn)(void *ud, const gk_register_hit *hit), void *ud)
{
	struct scan s = { .reg = reg, .self = self_id, .juris = juris, .whole = whole,
			  .fn = fn, .ud = ud };
	char small[8192], *buf = small;
	size_t cap = sizeof(small), n;


	if (!reg || reg->n == 0 || !text || !len)
		return 0;
	/* Normalising can turn a 1-byte '[' into a 3-byte '〔'. */
	if (GK_TEXT_NORMALIZE_SIZE(len) > cap) {
		cap = GK_TEXT_NORMALIZE_SIZE(len);
		if (!(buf = malloc(cap)))
			return 0;
	}
	n = gk_text_normalize(text, len, buf, cap);
	s.text = buf;
	s.len = n;
	gk_matcher_scan(reg->m, buf, n, on_match, &s);
	if (buf != small)
		free(buf);
	return s.nfound;
}

/*
 * register.c - non-public documents and the scan for citations of them
 * (see register.h).  Pattern ids encode what matched: id = 2 * entry
 * for a document's number, 2 * group + 1 for a title.
 *
 * Titles are registered once per jurisdiction and normalised text (a
 * group): many documents share a generic title (关于公共图书馆的通知), and
 * with one pattern per document a citation of it would be reported once
 * per document of that title, anywhere, and judged one by one: the work
 * per citation grew with the register, and a run's time faster than its
 * records.  A group reports its documents in the order they were added,
 * as the matcher reported equal patterns (by id), so findings are the
 * same.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "register.h"
#include "textscan.h"

struct entry {
	char *record_id, *juris, *doc_number, *title;
	const char *why;
	char *norm_number;      /* the normalised number, or NULL */
	size_t nlen, tlen;      /* bytes of the normalised number and title */
	int jidx;               /* its jurisdiction, an index in jur[] */
	int next;               /* the chain of its record id's bucket; -1 ends */
	uint64_t h;             /* its record id's hash */
	int group;              /* its title's group, or -1 */
	int gnext;              /* the next entry of its group; -1 ends */
	int nnext;              /* the next entry of its number's bucket; -1 ends */
};

/* The documents of one jurisdiction with one normalised title. */
struct group {
	char *title;            /* normalised; freed once built */
	size_t tlen;
	uint64_t h;             /* of title and jurisdiction */
	int jidx;
	int first, last;        /* its entries, a chain through gnext */
	int next;               /* the chain of its bucket while adding; -1 ends */
};

struct gk_register {
	struct entry *e;
	size_t n, cap;
	gk_matcher *m;
	char **jur;             /* the jurisdictions, each once */
	size_t njur, jcap;
	int *buckets;           /* record id -> entry, to skip a text's own */
	unsigned nbuckets;
	char **titled;          /* the jurisdictions whose titles count (all: NULL) */
	int ntitled;
	struct group *g;        /* title groups */
	size_t ng, gcap;
	int *gbuckets;          /* (title, jurisdiction) -> group, while adding */
	unsigned ngbuckets;
	int *num_buckets;         /* normalised number -> entries, once built */
	/* Where a match can lie: every number registered has a bracket
	 * (unbracketed 0), pre bytes at most before its first one and post
	 * from it to its end; a title counts only right after 《, and is at
	 * most tmax bytes.  A scan then looks only there (see windows()). */
	int unbracketed;
	size_t pre, post, tmax;
};

#define BRACKET "\xE3\x80\x94"   /* 〔, as gk_text_normalize writes every opening bracket */
#define TITLE_OPEN "\xE3\x80\x8A"   /* 《 */

static uint64_t hash_id(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t hash_bytes(const char *s, size_t n, uint64_t h)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* The group of the normalised title norm (len bytes) in jurisdiction
 * jidx: found, or made and registered in the matcher (*made 1, taking
 * norm).  -1 when out of memory. */
static int title_group(gk_register *reg, char *norm, size_t len, int jidx, int *made)
{
	uint64_t h = hash_bytes(norm, len, 0xcbf29ce484222325ULL ^ (uint64_t)(jidx + 1));
	struct group *g;
	int gi;

	*made = 0;
	if (reg->ng * 2 >= reg->ngbuckets) {
		unsigned nb = reg->ngbuckets ? reg->ngbuckets * 2 : 256;
		int *b = malloc(sizeof(int) * nb);

		if (!b)
			return -1;
		memset(b, 0xff, sizeof(int) * nb);
		for (size_t i = 0; i < reg->ng; i++) {
			unsigned k = (unsigned)(reg->g[i].h & (nb - 1));

			reg->g[i].next = b[k];
			b[k] = (int)i;
		}
		free(reg->gbuckets);
		reg->gbuckets = b;
		reg->ngbuckets = nb;
	}
	for (gi = reg->gbuckets[h & (reg->ngbuckets - 1)]; gi >= 0; gi = reg->g[gi].next) {
		g = &reg->g[gi];
		if (g->h == h && g->jidx == jidx && g->tlen == len && memcmp(g->title, norm, len) == 0)
			return gi;
	}
	if (GK_GROW(reg->g, reg->ng, reg->gcap))
		return -1;
	gi = (int)reg->ng;
	if (gk_matcher_add(reg->m, norm, len, gi * 2 + 1))
		return -1;
	g = &reg->g[reg->ng++];
	g->title = norm;
	g->tlen = len;
	g->h = h;
	g->jidx = jidx;
	g->first = g->last = -1;
	g->next = reg->gbuckets[h & (reg->ngbuckets - 1)];
	reg->gbuckets[h & (reg->ngbuckets - 1)] = gi;
	*made = 1;
	return gi;
}

int gk_register_new(gk_register **out, gk_error *err)
{
	gk_register *reg = calloc(1, sizeof(*reg));

	*out = NULL;
	if (!reg || !(reg->m = gk_matcher_new())) {
		free(reg);
		return GK_OOM(err);
	}
	*out = reg;
	return 0;
}

void gk_register_free(gk_register *reg)
{
	if (!reg)
		return;
	for (size_t i = 0; i < reg->njur; i++)
		free(reg->jur[i]);
	free(reg->jur);
	for (int i = 0; i < reg->ntitled; i++)
		free(reg->titled[i]);
	free(reg->titled);
	free(reg->buckets);
	free(reg->gbuckets);
	free(reg->num_buckets);
	for (size_t i = 0; i < reg->ng; i++)
		free(reg->g[i].title);
	free(reg->g);
	for (size_t i = 0; i < reg->n; i++) {
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
	return reg ? (long)reg->n : 0;
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
	size_t len, j;
	int idx;

	if (GK_GROW(reg->e, reg->n, reg->cap))
		return GK_OOM(err);
	idx = (int)reg->n;
	e = &reg->e[idx];
	memset(e, 0, sizeof(*e));
	e->group = e->gnext = e->nnext = -1;
	e->record_id = strdup(record_id);
	e->juris = strdup(juris ? juris : "");
	/* Jurisdictions are few: compare an index, not a name, a match. */
	for (j = 0; e->juris && j < reg->njur && strcmp(reg->jur[j], e->juris); j++)
		;
	if (e->juris && j == reg->njur) {
		if (GK_GROW(reg->jur, reg->njur, reg->jcap) || !(reg->jur[j] = strdup(e->juris))) {
			reg->n++;
			return GK_OOM(err);
		}
		reg->njur++;
	}
	e->jidx = (int)j;
	e->doc_number = dup_opt(doc_number);
	e->title = dup_opt(title);
	e->why = why;
	reg->n++;
	if (!e->record_id || !e->juris || (doc_number && *doc_number && !e->doc_number) ||
	    (title && *title && !e->title))
		return GK_OOM(err);
	/* Normalised in full: a cut title would register its start only. */
	for (int k = 0; k < 2; k++) {
		const char *text = k ? e->title : e->doc_number;

		if (k && reg->titled) {
			int want = 0;

			for (int t = 0; t < reg->ntitled && !want; t++)
				want = strcmp(reg->titled[t], e->juris) == 0;
			if (!want)
				continue;
		}
		size_t cap;
		char *norm;
		int added = 0;

		if (!text)
			continue;
		cap = GK_TEXT_NORMALIZE_SIZE(strlen(text));
		if (!(norm = malloc(cap)))
			return GK_OOM(err);
		len = gk_text_normalize(text, strlen(text), norm, cap);
		if (k == 0 && len >= 4) {
			added = gk_matcher_add(reg->m, norm, len, idx * 2) == 0 ? 1 : -1;
		} else if (k == 1 && utf8_chars(norm, len) >= GK_REGISTER_MIN_TITLE) {
			int made, gi = title_group(reg, norm, len, e->jidx, &made);

			if (gi < 0) {
				free(norm);
				return GK_OOM(err);
			}
			if (made)
				norm = NULL;        /* the group's now */
			e->group = gi;
			if (reg->g[gi].last >= 0)
				reg->e[reg->g[gi].last].gnext = idx;
			else
				reg->g[gi].first = idx;
			reg->g[gi].last = idx;
			added = 1;
		}
		if (added > 0 && k == 0) {
			const char *b = memmem(norm, len, BRACKET, 3);

			if (!b) {
				reg->unbracketed = 1;
			} else {
				if ((size_t)(b - norm) > reg->pre)
					reg->pre = (size_t)(b - norm);
				if (len - (size_t)(b - norm) > reg->post)
					reg->post = len - (size_t)(b - norm);
			}
		} else if (added > 0 && len > reg->tmax) {
			reg->tmax = len;
		}
		if (k)
			e->tlen = len;
		else
			e->nlen = len;
		if (k == 0 && added > 0)
			e->norm_number = norm;   /* kept: a title cited with a number */
		else
			free(norm);
		if (added < 0)
			return GK_OOM(err);
	}
	return 0;
}

int gk_register_titles_of(gk_register *reg, const char *const *juris, int n, gk_error *err)
{
	if (!(reg->titled = calloc((size_t)(n ? n : 1), sizeof(char *))))
		return GK_OOM(err);
	for (; reg->ntitled < n; reg->ntitled++)
		if (!(reg->titled[reg->ntitled] = strdup(juris[reg->ntitled])))
			return GK_OOM(err);
	return 0;
}

int gk_register_build(gk_register *reg, gk_error *err)
{
	if (gk_matcher_build(reg->m))
		return gk_error_set(err, GK_ENOMEM, "cannot build the register's matcher");
	for (reg->nbuckets = 64; reg->nbuckets < reg->n * 2; reg->nbuckets *= 2)
		;
	if (!(reg->buckets = malloc(sizeof(int) * reg->nbuckets)))
		return GK_OOM(err);
	memset(reg->buckets, 0xff, sizeof(int) * reg->nbuckets);
	for (size_t i = reg->n; i-- > 0;) {
		unsigned b;

		reg->e[i].h = hash_id(reg->e[i].record_id);
		b = (unsigned)(reg->e[i].h & (reg->nbuckets - 1));
		reg->e[i].next = reg->buckets[b];
		reg->buckets[b] = (int)i;
	}
	/* Numbers, for a title cited with one (《title》〔number〕): chains in
	 * the order the documents were added. */
	if (!(reg->num_buckets = malloc(sizeof(int) * reg->nbuckets)))
		return GK_OOM(err);
	memset(reg->num_buckets, 0xff, sizeof(int) * reg->nbuckets);
	for (size_t i = reg->n; i-- > 0;) {
		struct entry *e = &reg->e[i];
		unsigned b;

		if (!e->norm_number || e->group < 0)
			continue;
		b = (unsigned)(hash_bytes(e->norm_number, e->nlen, 0xcbf29ce484222325ULL) &
			       (reg->nbuckets - 1));
		e->nnext = reg->num_buckets[b];
		reg->num_buckets[b] = (int)i;
	}
	/* The titles were needed only to find each document's group. */
	for (size_t i = 0; i < reg->ng; i++) {
		free(reg->g[i].title);
		reg->g[i].title = NULL;
	}
	free(reg->gbuckets);
	reg->gbuckets = NULL;
	reg->ngbuckets = 0;
	return 0;
}

/* The entry of the document record_id, or -1 (a text is not its own
 * citation). */
static int entry_of(const gk_register *reg, const char *record_id)
{
	uint64_t h;

	if (!record_id || !reg->buckets)
		return -1;
	h = hash_id(record_id);
	for (int i = reg->buckets[h & (reg->nbuckets - 1)]; i >= 0; i = reg->e[i].next)
		if (reg->e[i].h == h && strcmp(reg->e[i].record_id, record_id) == 0)
			return i;
	return -1;
}

#define MAX_FOUND 8

struct scan {
	const gk_register *reg;
	int self;               /* the scanned record's own entry, or -1 */
	int juris;              /* its jurisdiction's index, or -1 (any) */
	const char *text;       /* the normalised text scanned */
	size_t len;
	int whole;              /* only a match of the whole text counts */
	int found[MAX_FOUND];
	int nfound;
	int (*fn)(void *, const gk_register_hit *);
	void *ud;
};

/* Document i found (by its number, or its title): 1 to stop. */
static int found(struct scan *s, int i, int by_number)
{
	const struct entry *e = &s->reg->e[i];
	gk_register_hit h;

	if (i == s->self)
		return 0;
	for (int k = 0; k < s->nfound; k++)
		if (s->found[k] == i)
			return 0;
	if (s->nfound == MAX_FOUND)
		return 1;
	s->found[s->nfound++] = i;
	h.record_id = e->record_id;
	h.doc_number = e->doc_number;
	h.title = e->title;
	h.why = e->why;
	h.by_number = by_number;
	return s->fn(s->ud, &h);
}

/*
 * A title is evidence only when cited as a title of this jurisdiction's
 * document: in 《》 (many documents share a generic title such as
 * 关于公共图书馆的通知, and a public one of the same title is no citation),
 * in a record of the same jurisdiction (a title names a document only among
 * its issuer's), and not followed by another document's number
 * (《…通知》（中文广旅〔2021〕4号） cites that number's document): then
 * every document of the group is cited, or, with a number, those of the
 * group with that number.
 */
static int title_cited(struct scan *s, int gi, size_t end)
{
	static const char open[] = "《", close[] = "》", paren[] = "〔", hao[] = "号〕";
	const gk_register *reg = s->reg;
	const struct group *g = &reg->g[gi];
	size_t start = end - g->tlen, q = end + 3, nlen;
	const char *stop = NULL;
	int rc;

	if (s->whole)
		return 0;
	if (start < 3 || memcmp(s->text + start - 3, open, 3) != 0 || q > s->len ||
	    memcmp(s->text + end, close, 3) != 0)
		return 0;
	if (s->juris != -2 && s->juris != g->jidx)
		return 0;
	if (q + 3 <= s->len && memcmp(s->text + q, paren, 3) == 0) {
		q += 3;
		stop = memmem(s->text + q, s->len - q < 96 ? s->len - q : 96, hao,
			      sizeof(hao) - 1);
	}
	if (!stop) {
		for (int i = g->first; i >= 0; i = reg->e[i].gnext)
			if ((rc = found(s, i, 0)))
				return rc;
		return 0;
	}
	/* 《title》〔…号〕: the number given decides. */
	nlen = (size_t)(stop + 3 - (s->text + q));
	for (int i = reg->num_buckets[hash_bytes(s->text + q, nlen, 0xcbf29ce484222325ULL) &
				    (reg->nbuckets - 1)];
	     i >= 0; i = reg->e[i].nnext) {
		const struct entry *e = &reg->e[i];

		if (e->group == gi && e->nlen == nlen &&
		    memcmp(s->text + q, e->norm_number, nlen) == 0 && (rc = found(s, i, 0)))
			return rc;
	}
	return 0;
}

static int on_match(void *ud, int id, size_t end)
{
	struct scan *s = ud;
	const struct entry *e;

	if (id % 2 == 1)
		return title_cited(s, id / 2, end);
	/* No word boundary is required before a number: Chinese prose runs
	 * straight into it (依据中文广旅〔2021〕12号).  So 粤中文广旅〔2021〕12号
	 * also matches 中文广旅〔2021〕12号; for a confidentiality check an
	 * officer discarding that finding beats a citation missed. */
	e = &s->reg->e[id / 2];
	if (s->whole && (end != s->len || end != e->nlen))
		return 0;
	return found(s, id / 2, 1);
}

/* A window's matches, their ends made the text's. */
struct window_scan {
	struct scan *s;
	size_t at;
};

static int on_window_match(void *ud, int id, size_t end)
{
	struct window_scan *w = ud;

	return on_match(w->s, id, w->at + end);
}

struct span {
	size_t from, to;
};

static int by_from(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return (x->from > y->from) - (x->from < y->from);
}

#define MAX_WINDOWS 128

/*
 * The parts of text (normalised, n bytes) where a match that counts can
 * lie: around each bracket (every number has one) and right after each
 * 《 (where a title counts), merged and in order; -1 when they are too
 * many (the whole text is scanned then).  Scanning only these finds
 * exactly the matches a scan of the whole text would report and keep, in
 * the same order (a match lies in one window; windows are disjoint and in
 * order), at a fraction of the cost: most of a text cites nothing.
 */
static int windows(const gk_register *reg, const char *text, size_t n, struct span *w)
{
	const char *p = text, *end = text + n;
	int k = 0, m = 0;

	while ((p = memchr(p, 0xE3, (size_t)(end - p))) && end - p >= 3) {
		size_t q = (size_t)(p - text);

		if (memcmp(p, BRACKET, 3) == 0 || memcmp(p, TITLE_OPEN, 3) == 0) {
			if (k == MAX_WINDOWS)
				return -1;
			if (p[2] == BRACKET[2]) {
				w[k].from = q > reg->pre ? q - reg->pre : 0;
				w[k].to = q + reg->post < n ? q + reg->post : n;
			} else {
				w[k].from = q + 3;
				w[k].to = q + 3 + reg->tmax < n ? q + 3 + reg->tmax : n;
			}
			k++;
		}
		p++;
	}
	if (k > 1)
		qsort(w, (size_t)k, sizeof(*w), by_from);
	for (int i = 0; i < k; i++) {
		if (m && w[i].from <= w[m - 1].to) {
			if (w[i].to > w[m - 1].to)
				w[m - 1].to = w[i].to;
		} else {
			w[m++] = w[i];
		}
	}
	return m;
}

int gk_register_scan(const gk_register *reg, const char *text, size_t len,
		     const char *self_id, const char *juris, int whole,
		     int (*fn)(void *ud, const gk_register_hit *hit), void *ud)
{
	struct scan s = { .reg = reg, .self = -1, .juris = -2, .whole = whole, .fn = fn,
			  .ud = ud };
	struct span w[MAX_WINDOWS];
	char small[8192], *buf = small;
	size_t cap = sizeof(small), n;
	int nw = -1;

	if (!reg || reg->n == 0 || !text || !len)
		return 0;
	s.self = entry_of(reg, self_id);
	if (juris) {
		s.juris = -1;       /* a jurisdiction with no document: no title counts */
		for (size_t j = 0; j < reg->njur; j++)
			if (strcmp(reg->jur[j], juris) == 0)
				s.juris = (int)j;
	}
	/* Normalising can turn a 1-byte '[' into a 3-byte '〔'. */
	if (GK_TEXT_NORMALIZE_SIZE(len) > cap) {
		cap = GK_TEXT_NORMALIZE_SIZE(len);
		if (!(buf = malloc(cap)))
			return 0;
	}
	n = gk_text_normalize(text, len, buf, cap);
	s.text = buf;
	s.len = n;
	if (!reg->unbracketed)
		nw = windows(reg, buf, n, w);
	if (nw < 0) {
		gk_matcher_scan(reg->m, buf, n, on_match, &s);
	} else {
		for (int i = 0; i < nw; i++) {
			struct window_scan ws = { &s, w[i].from };

			if (gk_matcher_scan(reg->m, buf + w[i].from, w[i].to - w[i].from,
					    on_window_match, &ws))
				break;
		}
	}
	if (buf != small)
		free(buf);
	return s.nfound;
}

/* textscan.c - see textscan.h */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "textscan.h"

/* ---------------------------------------------------------------------
 * Normalisation
 * ------------------------------------------------------------------- */

#define OPEN_BRACKET "\xE3\x80\x94"	/* 〔 U+3014 */
#define CLOSE_BRACKET "\xE3\x80\x95"	/* 〕 U+3015 */

/*
 * Length of the well-formed UTF-8 sequence at s[0..n) and its code point
 * in *cp, or 0 when s[0] does not start one (stray continuation byte,
 * overlong form, surrogate, past U+10FFFF, cut short).  n > 0, s[0] >= 0x80.
 */
static inline size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len;
	uint32_t v;

	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	v = (v << 6) | (s[1] & 0x3F);
	for (size_t k = 2; k < len; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[k] & 0x3F);
	}
	*cp = v;
	return len;
}

size_t gk_utf8_seq(const char *s, size_t n)
{
	uint32_t cp;

	if ((unsigned char)s[0] < 0x80)
		return 1;
	return utf8_decode((const unsigned char *)s, n, &cp);
}

size_t gk_utf8_check(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t k;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (!(k = gk_utf8_seq(s + i, n - i)))
			return i;
		i += k;
	}
	return n;
}

size_t gk_utf8_cut(const char *s, size_t n, size_t max)
{
	size_t i = 0;

	while (i < n) {
		size_t k = gk_utf8_seq(s + i, n - i);

		if (!k)
			k = 1;
		if (i + k > max)
			break;
		i += k;
	}
	return i;
}

size_t gk_utf8_repair(const char *s, size_t n, char *out, size_t outsz)
{
	static const char bad[] = "\xEF\xBF\xBD";   /* U+FFFD */
	size_t i = 0, o = 0;

	if (!outsz)
		return 0;
	while (i < n) {
		size_t k = gk_utf8_seq(s + i, n - i);
		const char *from = k ? s + i : bad;
		size_t len = k ? k : 3;

		if (o + len > outsz - 1)
			break;
		memcpy(out + o, from, len);
		o += len;
		i += k ? k : 1;
	}
	out[o] = '\0';
	return o;
}

static int is_space_cp(uint32_t cp)
{
	switch (cp) {
	case 0x0085: case 0x00A0: case 0x1680:
	case 0x2028: case 0x2029: case 0x202F: case 0x205F:
	case 0x3000: case 0x200B: case 0xFEFF:
		return 1;
	}
	return cp >= 0x2000 && cp <= 0x200A;
}

/* 1 for an opening bracket, 2 for a closing one, else 0. */
static int bracket_cp(uint32_t cp)
{
	switch (cp) {
	case '(': case '[':
	case 0xFF08: case 0xFF3B:	/* （ ［ */
	case 0x3010: case 0x3014:	/* 【 〔 */
	case 0x3016: case 0x3018:	/* 〖 〘 */
	case 0xFE5D: case 0x2997:	/* ﹝ ⦗ */
		return 1;
	case ')': case ']':
	case 0xFF09: case 0xFF3D:
	case 0x3011: case 0x3015:
	case 0x3017: case 0x3019:
	case 0xFE5E: case 0x2998:
		return 2;
	}
	return 0;
}

/* The ASCII character a full-width digit or letter stands for, else 0. */
static char fullwidth_ascii(uint32_t cp)
{
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return (char)('0' + (cp - 0xFF10));
	if (cp >= 0xFF21 && cp <= 0xFF3A)
		return (char)('A' + (cp - 0xFF21));
	if (cp >= 0xFF41 && cp <= 0xFF5A)
		return (char)('a' + (cp - 0xFF41));
	return 0;
}

size_t gk_text_normalize(const char *in, size_t len, char *out, size_t outsz)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0, room;

	if (outsz == 0)
		return 0;
	room = outsz - 1;
	while (i < len) {
		const char *rep;	/* replacement, or NULL to copy */
		size_t inlen, replen, run = i;
		uint32_t cp;
		char ascii[1];

		/* Most of a Chinese text is ideographs (U+4000-U+9FFF, lead
		 * bytes E4-E9) and plain ASCII, which normalising leaves as
		 * they are: copy such a run at once. */
		for (;;) {
			unsigned char c = s[run];

			if (c >= 0xE4 && c <= 0xE9 && len - run >= 3 &&
			    (s[run + 1] & 0xC0) == 0x80 && (s[run + 2] & 0xC0) == 0x80)
				run += 3;
			else if (c > ' ' && c < 0x7F && c != '(' && c != ')' && c != '[' && c != ']')
				run++;
			else
				break;
			if (run >= len)
				break;
		}
		if (run > i && run - i <= room - o) {
			memcpy(out + o, in + i, run - i);
			o += run - i;
			i = run;
			continue;
		}
		if (s[i] < 0x80) {
			cp = s[i];
			inlen = 1;
			if (cp == ' ' || (cp >= '\t' && cp <= '\r')) {
				i++;
				continue;
			}
		} else {
			inlen = utf8_decode(s + i, len - i, &cp);
			if (inlen == 0) {
				cp = 0xFFFD;	/* not UTF-8: copy the byte */
				inlen = 1;
			} else if (is_space_cp(cp)) {
				i += inlen;
				continue;
			}
		}

		rep = NULL;
		replen = inlen;
		switch (bracket_cp(cp)) {
		case 1:
			rep = OPEN_BRACKET;
			replen = 3;
			break;
		case 2:
			rep = CLOSE_BRACKET;
			replen = 3;
			break;
		default:
			ascii[0] = fullwidth_ascii(cp);
			if (ascii[0]) {
				rep = ascii;
				replen = 1;
			}
		}
		if (replen > room - o)
			break;	/* cut before the character, never inside */
		memcpy(out + o, rep ? rep : in + i, replen);
		o += replen;
		i += inlen;
	}
	out[o] = '\0';
	return o;
}

/* ---------------------------------------------------------------------
 * Multi-pattern matcher
 *
 * Patterns are only collected by add.  build sorts them, which makes the
 * trie fall out level by level: the patterns below a node are a range of
 * the sorted list, and its children are the runs of that range with the
 * same next byte, already in byte order.  Nodes are numbered
 * breadth-first, so a node's children have consecutive numbers: a node
 * stores its first child and their count, and the edge bytes live in one
 * array indexed by node (label[child] = byte leading to it).
 *
 * The busiest nodes also get a dense row of 256 resolved transitions
 * (the child, or where the failure links lead): the root, then inner
 * nodes in breadth-first order (the shallow ones, where a scan spends
 * nearly all its time), one 1 KiB row per DENSE_PER_NODES nodes and at
 * least DENSE_MIN_ROWS.  A dense state steps without a search or a
 * data-dependent branch, which is what keeps the scan fast on text that
 * keeps starting partial matches (Chinese prose against Chinese
 * document numbers: with the root alone dense, the scan ran at less than
 * half the speed, most of it lost to mispredicted branches).
 * The scan's state is a code rather than a node: a dense row number, or
 * ndense + a node number, with OUT_FLAG set when there is something to
 * report.  Rows hold codes, so a step from a dense state is one load.
 *
 * A node's out is the first terminal to report when the scan reaches it:
 * its own, or else the nearest one along its failure links (the
 * dictionary suffix link); each terminal links to the next, so every
 * pattern that ends at a position is reported.
 * ------------------------------------------------------------------- */

struct pattern {
	uint32_t off, len;	/* in the arena */
	int id;
};

struct sorted_pattern {
	const unsigned char *p;
	uint32_t len;
	int id;
};

struct node {
	uint32_t first;		/* first child */
	uint32_t fail;
	uint32_t out;		/* terminal index + 1, or 0 */
	uint16_t nchild;
	uint16_t dense;		/* dense row + 1, or 0 */
};

struct terminal {
	uint32_t ids;		/* first in m->ids */
	uint32_t nids;
	uint32_t next;		/* next terminal to report + 1, or 0 */
};

#define DENSE_MIN_ROWS 64
#define DENSE_PER_NODES 256
#define DENSE_MAX 65535
#define OUT_FLAG 0x80000000u
/* Codes stay below OUT_FLAG: ndense + nodes <= DENSE_MAX + 1 + bytes. */
#define MAX_PATTERN_BYTES (OUT_FLAG - DENSE_MAX - 2)

struct gk_matcher {
	int built;
	size_t count;

	/* before build */
	char *arena;
	size_t arena_len, arena_cap;
	struct pattern *pats;
	size_t npats, pats_cap;

	/* after build */
	struct node *nodes;
	unsigned char *label;
	uint32_t nnodes;
	uint32_t *rows;		/* 256 codes per dense row */
	uint32_t *row_node;	/* the node of each dense row */
	uint32_t ndense;
	struct terminal *terms;
	uint32_t nterms;
	int *ids;
	uint32_t nids;
};

gk_matcher *gk_matcher_new(void)
{
	return calloc(1, sizeof(gk_matcher));
}

void gk_matcher_free(gk_matcher *m)
{
	if (!m)
		return;
	free(m->arena);
	free(m->pats);
	free(m->nodes);
	free(m->label);
	free(m->rows);
	free(m->row_node);
	free(m->terms);
	free(m->ids);
	free(m);
}

size_t gk_matcher_count(const gk_matcher *m)
{
	return m ? m->count : 0;
}

size_t gk_matcher_nodes(const gk_matcher *m)
{
	return m && m->built ? m->nnodes : 0;
}

size_t gk_matcher_memory(const gk_matcher *m)
{
	if (!m || !m->built)
		return 0;
	return sizeof(*m) + (size_t)m->nnodes * (sizeof(struct node) + 1) +
	       (size_t)m->ndense * (256 + 1) * sizeof(uint32_t) +
	       (size_t)m->nterms * sizeof(struct terminal) +
	       (size_t)m->nids * sizeof(int);
}

int gk_matcher_add(gk_matcher *m, const char *pattern, size_t len, int id)
{
	struct pattern *p;

	if (!m || !pattern || len == 0 || m->built)
		return GK_EINVAL;
	if (len > MAX_PATTERN_BYTES - m->arena_len)
		return GK_ELIMIT;
	if (GK_RESERVE(m->arena, m->arena_len + len, m->arena_cap) ||
	    GK_GROW(m->pats, m->npats, m->pats_cap))
		return GK_ENOMEM;
	memcpy(m->arena + m->arena_len, pattern, len);
	p = &m->pats[m->npats++];
	p->off = (uint32_t)m->arena_len;
	p->len = (uint32_t)len;
	p->id = id;
	m->arena_len += len;
	m->count++;
	return 0;
}

/* Bytes, then shorter first (a prefix before its extensions), then id. */
static int sorted_cmp(const void *a, const void *b)
{
	const struct sorted_pattern *x = a, *y = b;
	uint32_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->p, y->p, n);

	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static uint32_t common_prefix(const struct sorted_pattern *x,
			      const struct sorted_pattern *y)
{
	uint32_t n = x->len < y->len ? x->len : y->len, k = 0;

	while (k < n && x->p[k] == y->p[k])
		k++;
	return k;
}

static int same_pattern(const struct sorted_pattern *x,
			const struct sorted_pattern *y)
{
	return x->len == y->len && memcmp(x->p, y->p, x->len) == 0;
}

/* The child of node s reached by byte c, or 0. */
static inline uint32_t child_of(const struct node *nodes,
				const unsigned char *label, uint32_t s,
				unsigned char c)
{
	uint32_t lo = nodes[s].first, hi = lo + nodes[s].nchild;

	while (hi - lo > 8) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (label[mid] <= c)
			lo = mid;
		else
			hi = mid;
	}
	for (; lo < hi; lo++)
		if (label[lo] == c)
			return lo;
	return 0;
}

/* The scan state standing for node v. */
static inline uint32_t code_of(const struct node *nodes, uint32_t ndense,
			       uint32_t v)
{
	uint32_t code = nodes[v].dense ? nodes[v].dense - 1u : ndense + v;

	return nodes[v].out ? code | OUT_FLAG : code;
}

/*
 * The node after v on byte c during build, when rows hold node numbers:
 * the child, else through the failure links, taking the first dense row
 * on the way.
 */
static uint32_t goto_node(const gk_matcher *m, uint32_t v, unsigned char c)
{
	for (;;) {
		uint32_t d = m->nodes[v].dense, t;

		if (d)
			return m->rows[(size_t)(d - 1) * 256 + c];
		t = child_of(m->nodes, m->label, v, c);
		if (t)
			return t;
		v = m->nodes[v].fail;
	}
}

/*
 * Lay out the trie of the sorted patterns sp[0..n) breadth-first in
 * m->nodes and m->label, with terminals and ids.  Until a node is
 * processed its fail and out fields hold the range of patterns below it
 * (no separate queue: at 100,000 patterns that would be another 20 MB to
 * touch); the depth goes up by one each time the scan passes the last
 * node that existed when the level began.
 */
static void build_trie(gk_matcher *m, const struct sorted_pattern *sp,
		       size_t n)
{
	struct node *nodes = m->nodes;
	uint32_t next = 1, nt = 0, ni = 0, depth = 0, level_end = 1;

	nodes[0].fail = 0;
	nodes[0].out = (uint32_t)n;
	for (uint32_t v = 0; v < next; v++) {
		uint32_t lo = nodes[v].fail, hi = nodes[v].out;

		if (v == level_end) {
			depth++;
			level_end = next;
		}
		nodes[v].fail = 0;
		nodes[v].out = 0;
		if (lo < hi && sp[lo].len == depth) {
			struct terminal *t = &m->terms[nt];

			t->ids = ni;
			t->next = 0;
			for (; lo < hi && sp[lo].len == depth; lo++)
				if (ni == t->ids || m->ids[ni - 1] != sp[lo].id)
					m->ids[ni++] = sp[lo].id;
			t->nids = ni - t->ids;
			nodes[v].out = ++nt;
		}
		nodes[v].first = next;
		while (lo < hi) {
			unsigned char c = sp[lo].p[depth];
			uint32_t end = lo + 1;

			while (end < hi && sp[end].p[depth] == c)
				end++;
			m->label[next] = c;
			nodes[next].fail = lo;
			nodes[next].out = end;
			next++;
			nodes[v].nchild++;
			lo = end;
		}
	}
	m->nnodes = next;
	m->nterms = nt;
	m->nids = ni;
}

/* Give the root and then the first inner nodes, breadth-first, a dense
 * row: DENSE_MIN_ROWS, or one per DENSE_PER_NODES nodes when more. */
static int choose_dense(gk_matcher *m)
{
	size_t budget = m->nnodes / DENSE_PER_NODES;
	uint32_t nd = 0;

	if (budget < DENSE_MIN_ROWS)
		budget = DENSE_MIN_ROWS;
	if (budget > DENSE_MAX)
		budget = DENSE_MAX;
	for (uint32_t v = 0; v < m->nnodes && nd < budget; v++)
		if (v == 0 || m->nodes[v].nchild > 0)
			m->nodes[v].dense = (uint16_t)++nd;
	m->row_node = malloc(nd * sizeof(*m->row_node));
	m->rows = malloc((size_t)nd * 256 * sizeof(*m->rows));
	if (!m->row_node || !m->rows)
		return GK_ENOMEM;
	for (uint32_t v = 0; v < m->nnodes; v++)
		if (m->nodes[v].dense)
			m->row_node[m->nodes[v].dense - 1] = v;
	m->ndense = nd;
	return 0;
}

/* Node v's dense row, in node numbers: its children over the row of its
 * failure target. */
static void fill_row(gk_matcher *m, uint32_t v)
{
	const struct node *nodes = m->nodes;
	uint32_t *row = m->rows + (size_t)(nodes[v].dense - 1) * 256;
	uint32_t f = nodes[v].fail;

	if (v == 0)
		memset(row, 0, 256 * sizeof(*row));
	else if (nodes[f].dense)
		memcpy(row, m->rows + (size_t)(nodes[f].dense - 1) * 256,
		       256 * sizeof(*row));
	else
		for (int x = 0; x < 256; x++)
			row[x] = goto_node(m, f, (unsigned char)x);
	for (uint32_t c = nodes[v].first; c < nodes[v].first + nodes[v].nchild;
	     c++)
		row[m->label[c]] = c;
}

/*
 * Failure links, outputs and dense rows, breadth-first: all a node needs
 * lies nearer the root, so it is final when the node is reached.  Rows
 * hold node numbers meanwhile; they become scan codes at the end, once
 * every node's out is known.
 */
static void build_links(gk_matcher *m)
{
	struct node *nodes = m->nodes;

	fill_row(m, 0);
	for (uint32_t v = 0; v < m->nnodes; v++) {
		uint32_t c0 = nodes[v].first;

		for (uint32_t c = c0; c < c0 + nodes[v].nchild; c++) {
			uint32_t f = v ? goto_node(m, nodes[v].fail,
						   m->label[c]) : 0;

			nodes[c].fail = f;
			if (nodes[c].out)
				m->terms[nodes[c].out - 1].next = nodes[f].out;
			else
				nodes[c].out = nodes[f].out;
			if (nodes[c].dense)
				fill_row(m, c);
		}
	}
	for (size_t k = 0; k < (size_t)m->ndense * 256; k++)
		m->rows[k] = code_of(nodes, m->ndense, m->rows[k]);
}

int gk_matcher_build(gk_matcher *m)
{
	struct sorted_pattern *sp = NULL;
	size_t n, nnodes = 1, nterms = 0, nids = 0;
	int rc = GK_ENOMEM;

	if (!m)
		return GK_EINVAL;
	if (m->built)
		return 0;
	n = m->npats;

	sp = malloc((n ? n : 1) * sizeof(*sp));
	if (!sp)
		goto cleanup;
	for (size_t i = 0; i < n; i++) {
		sp[i].p = (const unsigned char *)m->arena + m->pats[i].off;
		sp[i].len = m->pats[i].len;
		sp[i].id = m->pats[i].id;
	}
	qsort(sp, n, sizeof(*sp), sorted_cmp);

	/* Exact sizes: each pattern adds the nodes past what it shares with
	 * the one before it; a terminal per distinct pattern; an id per
	 * distinct (pattern, id). */
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && same_pattern(&sp[i - 1], &sp[i])) {
			nids += sp[i - 1].id != sp[i].id;
			continue;
		}
		nnodes += sp[i].len - (i ? common_prefix(&sp[i - 1], &sp[i])
					 : 0);
		nterms++;
		nids++;
	}

	m->nodes = calloc(nnodes, sizeof(*m->nodes));
	m->label = calloc(nnodes, 1);
	m->terms = malloc((nterms ? nterms : 1) * sizeof(*m->terms));
	m->ids = malloc((nids ? nids : 1) * sizeof(*m->ids));
	if (!m->nodes || !m->label || !m->terms || !m->ids)
		goto cleanup;
	build_trie(m, sp, n);
	if (choose_dense(m))
		goto cleanup;
	build_links(m);

	free(m->arena);
	free(m->pats);
	m->arena = NULL;
	m->pats = NULL;
	m->arena_len = m->arena_cap = m->npats = m->pats_cap = 0;
	m->built = 1;
	rc = 0;
cleanup:
	if (rc) {
		free(m->nodes);
		free(m->label);
		free(m->rows);
		free(m->row_node);
		free(m->terms);
		free(m->ids);
		m->nodes = NULL;
		m->label = NULL;
		m->rows = NULL;
		m->row_node = NULL;
		m->terms = NULL;
		m->ids = NULL;
		m->nnodes = m->ndense = m->nterms = m->nids = 0;
	}
	free(sp);
	return rc;
}

/* The code after sparse node v on byte c. */
static inline uint32_t sparse_next(const gk_matcher *m, uint32_t v,
				   unsigned char c)
{
	const struct node *nodes = m->nodes;

	for (;;) {
		uint32_t t = child_of(nodes, m->label, v, c);

		if (t)
			return code_of(nodes, m->ndense, t);
		v = nodes[v].fail;
		if (nodes[v].dense)	/* the root is */
			return m->rows[(size_t)(nodes[v].dense - 1) * 256 + c];
	}
}

/* Report everything that ends at the node of code, at end. */
static int report(const gk_matcher *m, uint32_t code, size_t end,
		  int (*on_match)(void *ud, int id, size_t end), void *ud)
{
	uint32_t v = code < m->ndense ? m->row_node[code] : code - m->ndense;
	uint32_t out = m->nodes[v].out;

	while (out) {
		const struct terminal *t = &m->terms[out - 1];

		for (uint32_t k = 0; k < t->nids; k++) {
			int rc = on_match(ud, m->ids[t->ids + k], end);

			if (rc)
				return rc;
		}
		out = t->next;
	}
	return 0;
}

int gk_matcher_scan(const gk_matcher *m, const char *text, size_t len,
		    int (*on_match)(void *ud, int id, size_t end), void *ud)
{
	const unsigned char *s = (const unsigned char *)text;
	const uint32_t *rows;
	uint32_t ndense, state = 0;	/* the root's row */

	if (!m || !m->built || !on_match || (!text && len))
		return GK_EINVAL;
	rows = m->rows;
	ndense = m->ndense;
	for (size_t i = 0; i < len; i++) {
		uint32_t code;

		if (state < ndense)
			code = rows[(size_t)state * 256 + s[i]];
		else
			code = sparse_next(m, state - ndense, s[i]);
		state = code & ~OUT_FLAG;
		if (code & OUT_FLAG) {
			int rc = report(m, state, i + 1, on_match, ud);

			if (rc)
				return rc;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------------
 * Citizen ID numbers
 * ------------------------------------------------------------------- */

/* Value of the ASCII or full-width digit at s[i..n) and its byte length
 * in *w, or -1. */
static int digit_at(const unsigned char *s, size_t n, size_t i, size_t *w)
{
	if (s[i] >= '0' && s[i] <= '9') {
		*w = 1;
		return s[i] - '0';
	}
	if (s[i] == 0xEF && n - i >= 3 && s[i + 1] == 0xBC &&
	    s[i + 2] >= 0x90 && s[i + 2] <= 0x99) {
		*w = 3;
		return s[i + 2] - 0x90;
	}
	return -1;
}

/* Byte length of an X or x (ASCII or full-width) at s[i..n), else 0. */
static size_t x_at(const unsigned char *s, size_t n, size_t i)
{
	if (s[i] == 'X' || s[i] == 'x')
		return 1;
	if (s[i] == 0xEF && n - i >= 3 &&
	    ((s[i + 1] == 0xBC && s[i + 2] == 0xB8) ||	/* Ｘ */
	     (s[i + 1] == 0xBD && s[i + 2] == 0x98)))	/* ｘ */
		return 3;
	return 0;
}

/* 1 when s[i..n) starts with an ASCII or full-width letter or digit. */
static int alnum_at(const unsigned char *s, size_t n, size_t i)
{
	unsigned char c = s[i];

	if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z'))
		return 1;
	if (c != 0xEF || n - i < 3)
		return 0;
	if (s[i + 1] == 0xBC)	/* ０-９ Ａ-Ｚ */
		return (s[i + 2] >= 0x90 && s[i + 2] <= 0x99) ||
		       (s[i + 2] >= 0xA1 && s[i + 2] <= 0xBA);
	if (s[i + 1] == 0xBD)	/* ａ-ｚ */
		return s[i + 2] >= 0x81 && s[i + 2] <= 0x9A;
	return 0;
}

static int province_ok(int code)
{
	return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) ||
	       (code >= 31 && code <= 37) || (code >= 41 && code <= 46) ||
	       (code >= 50 && code <= 54) || (code >= 61 && code <= 65) ||
	       code == 71 || code == 81 || code == 82;
}

static int birth_ok(const char *d, int max_year)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int y = (d[6] - '0') * 1000 + (d[7] - '0') * 100 +
		(d[8] - '0') * 10 + (d[9] - '0');
	int mo = (d[10] - '0') * 10 + (d[11] - '0');
	int dd = (d[12] - '0') * 10 + (d[13] - '0');
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1900 || (max_year > 0 && y > max_year) || mo < 1 || mo > 12)
		return 0;
	return dd >= 1 && dd <= mdays[mo - 1] + (mo == 2 && leap);
}

/* id: 17 ASCII digits and a digit or 'X'. */
static int id_valid(const char *id, int max_year)
{
	static const int weight[17] = {
		7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
	};
	static const char check[] = "10X98765432";
	int sum = 0;

	if (!province_ok((id[0] - '0') * 10 + (id[1] - '0')) ||
	    !birth_ok(id, max_year))
		return 0;
	for (int k = 0; k < 17; k++)
		sum += (id[k] - '0') * weight[k];
	return check[sum % 11] == id[17];
}

int gk_find_id_number_ex(const char *text, size_t len, int max_year,
			 size_t *pos, size_t *end, char *id)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	if (!text)
		return 0;
	while (i < len) {
		char buf[GK_ID_NUMBER_LEN + 1];
		size_t start = i, w, ndig = 0;
		int v;

		/* A maximal run of digits; it is preceded by a non-digit
		 * because runs are consumed whole. */
		while (i < len && (v = digit_at(s, len, i, &w)) >= 0) {
			if (ndig < GK_ID_NUMBER_LEN)
				buf[ndig] = (char)('0' + v);
			ndig++;
			i += w;
		}
		if (ndig == 0) {
			i++;
			continue;
		}
		if (ndig == GK_ID_NUMBER_LEN - 1 && i < len &&
		    (w = x_at(s, len, i)) != 0 &&
		    !(i + w < len && alnum_at(s, len, i + w))) {
			buf[ndig++] = 'X';
			i += w;
		}
		if (ndig != GK_ID_NUMBER_LEN)
			continue;
		buf[GK_ID_NUMBER_LEN] = '\0';
		if (!id_valid(buf, max_year))
			continue;
		if (pos)
			*pos = start;
		if (end)
			*end = i;
		if (id)
			memcpy(id, buf, sizeof(buf));
		return 1;
	}
	return 0;
}

int gk_find_id_number(const char *text, size_t len, int max_year,
		      size_t *pos)
{
	return gk_find_id_number_ex(text, len, max_year, pos, NULL, NULL);
}

void gk_mask_id_number(const char *id18, char *out)
{
	size_t n = 0;

	while (n < GK_ID_NUMBER_LEN && id18[n])
		n++;
	if (n < GK_ID_NUMBER_LEN) {
		memset(out, '*', n);
		out[n] = '\0';
		return;
	}
	memcpy(out, id18, 6);
	memset(out + 6, '*', 8);
	memcpy(out + 14, id18 + 14, 4);
	out[GK_ID_NUMBER_LEN] = '\0';
}

/* ---------------------------------------------------------------------
 * A natural person's mobile and bank card numbers
 * ------------------------------------------------------------------- */

/* Sentence ends: 。；！？ and ASCII ; ! ? and line ends. */
static size_t sentence_end_at(const unsigned char *s, size_t n, size_t i)
{
	if (s[i] == ';' || s[i] == '!' || s[i] == '?' || s[i] == '\n' || s[i] == '\r')
		return 1;
	if (n - i >= 3 && s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x82)
		return 3;                                       /* 。 */
	if (n - i >= 3 && s[i] == 0xEF && s[i + 1] == 0xBC &&
	    (s[i + 2] == 0x9B || s[i + 2] == 0x81 || s[i + 2] == 0x9F))
		return 3;                                       /* ；！？ */
	return 0;
}

static int has_any(const char *s, size_t n, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (memmem(s, n, words[i], strlen(words[i])))
			return 1;
	return 0;
}

/* Who a sentence speaks of, for the numbers in it. */
static const char *const person_words[] = {
	"当事人", "申请人", "投诉人", "举报人", "被处罚人", "违法行为人", "受害人",
	"志愿者", "获奖者", "获奖人", "参赛者", "学员", "报名人", "个人信息",
	"身份证", "身份号码", "住址", "住所", "户籍", "出生", "性别", "民族",
	"本人", "私人", "家属", "监护人", NULL
};
static const char *const card_words[] = { "银行卡", "卡号", "借记卡", "信用卡", NULL };
static const char *const unit_account_words[] = {
	"对公", "单位账户", "单位帐户", "基本户", "基本账户", "户名：", NULL
};

static int luhn_ok(const char *d, size_t n)
{
	int sum = 0;

	for (size_t i = 0; i < n; i++) {
		int v = d[n - 1 - i] - '0';

		if (i % 2 == 1 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	return sum % 10 == 0;
}

/* Where the sentence around text[pos..end) starts and stops. */
static void sentence_of(const unsigned char *s, size_t len, size_t pos, size_t end,
			size_t *from, size_t *to)
{
	size_t k = pos, e;

	*from = 0;
	while (k > 0) {
		k--;
		if ((s[k] & 0xC0) == 0x80)
			continue;               /* inside a character: go to its start */
		if ((e = sentence_end_at(s, len, k))) {
			*from = k + e;
			break;
		}
	}
	for (k = end; k < len && !sentence_end_at(s, len, k); k++)
		;
	*to = k;
}

/* Is the number at text[pos..end) a person's, by its sentence? */
static int of_a_person(const char *text, size_t len, size_t pos, size_t end, int card)
{
	size_t from, to;

	sentence_of((const unsigned char *)text, len, pos, end, &from, &to);
	if (has_any(text + from, to - from, person_words))
		return 1;
	return card && has_any(text + from, to - from, card_words) &&
	       !has_any(text + from, to - from, unit_account_words);
}

/* Bit arithmetic on eight bytes at once: the high bit of each byte of
 * the result is set where the byte is (or, after a byte that is, may be:
 * a false mark only costs a closer look) the one asked for. */
#define ONES 0x0101010101010101ULL
#define HIGH 0x8080808080808080ULL

static inline uint64_t bytes_eq(uint64_t x, unsigned char c)
{
	uint64_t v = x ^ (c * ONES);

	return (v - ONES) & ~v & HIGH;
}

/* Bytes in [lo, hi], both on the same side of 0x80. */
static inline uint64_t bytes_in(uint64_t x, unsigned char lo, unsigned char hi)
{
	uint64_t low7 = x & ~HIGH, side = (lo & 0x80) ? x & HIGH : ~x & HIGH;

	lo &= 0x7F;
	hi &= 0x7F;
	return (low7 + (0x80 - lo) * ONES) & ~(low7 + (0x80 - hi - 1) * ONES) & side;
}

/* 1 when a digit may start at one of s[0..8): an ASCII digit, or a
 * full-width one (EF BC 90-99).  s[0..10) must be readable.  Full-width
 * punctuation (EF BC 8C ，) is everywhere in Chinese text: it is the
 * third byte that tells a digit. */
static inline int digit_candidate8(const unsigned char *s)
{
	uint64_t x, y, z;

	memcpy(&x, s, 8);
	memcpy(&y, s + 1, 8);
	memcpy(&z, s + 2, 8);
	return ((bytes_eq(x, 0xEF) & bytes_eq(y, 0xBC) & bytes_in(z, 0x90, 0x99)) |
		bytes_in(x, '0', '9')) != 0;
}

/* The first i' >= i where a digit may start (or where too few bytes are
 * left to look at many at once). */
static inline size_t next_digit_candidate(const unsigned char *s, size_t len, size_t i)
{
#ifdef __SSE2__
	const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
	const __m128i ef = _mm_set1_epi8((char)0xEF), bc = _mm_set1_epi8((char)0xBC);
	const __m128i fw0 = _mm_set1_epi8((char)0x90);

	while (len - i >= 18) {
		__m128i v = _mm_loadu_si128((const __m128i *)(s + i));
		__m128i v1 = _mm_loadu_si128((const __m128i *)(s + i + 1));
		__m128i v2 = _mm_loadu_si128((const __m128i *)(s + i + 2));
		__m128i d = _mm_sub_epi8(v, zero), d2 = _mm_sub_epi8(v2, fw0);
		__m128i ascii = _mm_cmpeq_epi8(_mm_min_epu8(d, nine), d);
		__m128i wide = _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v, ef), _mm_cmpeq_epi8(v1, bc)),
					     _mm_cmpeq_epi8(_mm_min_epu8(d2, nine), d2));
		unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(ascii, wide));

		if (mask)
			return i + (size_t)__builtin_ctz(mask);
		i += 16;
	}
#endif
	while (len - i >= 10 && !digit_candidate8(s + i))
		i += 8;
	return i;
}

int gk_find_sensitive(const char *text, size_t len, int max_year, int kinds,
		      gk_personal_hit *hit)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	if (!text)
		return 0;
	while (i < len) {
		char d[24], id[GK_ID_NUMBER_LEN + 1];
		size_t start, w, nd = 0, first_end = 0, nfirst = 0;
		int v, groups = 0, xcheck = 0, coded;

		/* Skip to a digit (ASCII, or full-width: EF BC 90-99), many
		 * bytes at a time where none of them can start one. */
		i = next_digit_candidate(s, len, i);
		if (i >= len)
			break;
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] == 0xEF && len - i >= 3 && s[i + 1] == 0xBC && s[i + 2] >= 0x90 &&
		       s[i + 2] <= 0x99))) {
			i++;
			continue;
		}
		start = i;
		/* After a letter the digits are part of a code (HT139…), which
		 * hides a phone or card number but not an ID number's own check. */
		coded = i > 0 && alnum_at(s, len, i - 1);
		/* A run of digits; groups parted by one space or hyphen. */
		for (;;) {
			while (i < len && (v = digit_at(s, len, i, &w)) >= 0) {
				if (nd < sizeof(d) - 1)
					d[nd] = (char)('0' + v);
				nd++;
				i += w;
			}
			if (!groups++) {
				first_end = i;
				nfirst = nd;
			}
			if (i + 1 < len && (s[i] == ' ' || s[i] == '-') &&
			    digit_at(s, len, i + 1, &w) >= 0)
				i++;
			else
				break;
		}
		d[nd < sizeof(d) ? nd : sizeof(d) - 1] = '\0';
		/* A citizen ID number: one group of 17 digits and a check digit
		 * or X, not followed by a letter or digit. */
		if ((kinds & GK_PERSONAL_ID) && (nfirst == 17 || nfirst == 18)) {
			size_t e = first_end;

			memcpy(id, d, nfirst < 18 ? nfirst : 18);
			if (nfirst == 17 && e < len && (w = x_at(s, len, e)) != 0 &&
			    !(e + w < len && alnum_at(s, len, e + w))) {
				id[17] = 'X';
				e += w;
				xcheck = 1;
			}
			id[GK_ID_NUMBER_LEN] = '\0';
			if ((nfirst == 18 || xcheck) && id_valid(id, max_year)) {
				hit->kind = GK_PERSONAL_ID;
				hit->pos = start;
				hit->end = e;
				gk_mask_id_number(id, hit->masked);
				return 1;
			}
		}
		if (coded || (i < len && alnum_at(s, len, i)))
			continue;           /* part of a longer code */
		if ((kinds & GK_PERSONAL_MOBILE) && nd == 11 && d[0] == '1' && d[1] >= '3' &&
		    d[1] <= '9' && of_a_person(text, len, start, i, 0)) {
			hit->kind = GK_PERSONAL_MOBILE;
			snprintf(hit->masked, sizeof(hit->masked), "%.3s****%.4s", d, d + 7);
		} else if ((kinds & GK_PERSONAL_BANK_CARD) && nd >= 16 && nd <= 19 &&
			   d[0] >= '3' && d[0] <= '6' && luhn_ok(d, nd) &&
			   of_a_person(text, len, start, i, 1)) {
			hit->kind = GK_PERSONAL_BANK_CARD;
			snprintf(hit->masked, sizeof(hit->masked), "%.4s%.*s%.4s", d,
				 (int)(nd - 8), "***********", d + nd - 4);
		} else {
			continue;
		}
		hit->pos = start;
		hit->end = i;
		return 1;
	}
	return 0;
}

int gk_find_personal_number(const char *text, size_t len, size_t from, int kinds,
			    gk_personal_hit *hit)
{
	int rc;

	if (!text || from > len)
		return 0;
	rc = gk_find_sensitive(text + from, len - from, 0,
			       kinds & (GK_PERSONAL_MOBILE | GK_PERSONAL_BANK_CARD), hit);
	if (rc) {
		hit->pos += from;
		hit->end += from;
	}
	return rc;
}

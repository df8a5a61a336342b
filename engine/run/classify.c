/*
 * classify.c - new, persisting and resolved against the baseline (see
 * classify.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../buf.h"
#include "classify.h"

struct bentry {
	int64_t id;
	uint64_t key_h, msg_h;
	size_t key;               /* offset of the key in keys */
	char first_seen[11];
	gk_day first_day;
	int next;                 /* chain, in id order; -1 ends */
	unsigned char used;       /* taken by a finding (atomic: lanes race) */
};

struct gk_classifier {
	struct bentry *v;
	size_t n, cap;
	gk_buf keys;              /* every key, NUL-terminated */
	int *buckets;
	unsigned nbuckets;
	gk_day as_of;             /* the baseline's */
	int failed;               /* out of memory while loading */
};

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; s && *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h * 0x100000001b3ULL; /* a field boundary */
}

/* "jurisdiction\x1frule\x1fcategory\x1frecord\x1fperiod" and its hash,
 * into b (after what it holds).  A finding with no record (a periodic
 * duty) adds its unit: a duty owed by every venue is one finding a venue. */
static int make_key(gk_buf *b, const gk_finding *f, uint64_t *h)
{
	const char *u = !f->record_id && f->unit ? f->unit : "";
	size_t at = b->len;

	if (gk_buf_addf(b, "%s\x1f%s\x1f%s\x1f%s\x1f%s%s%s", f->jurisdiction, f->rule,
			f->category, f->record_id ? f->record_id : "",
			f->period ? f->period : "", *u ? "\x1f" : "", u))
		return GK_ENOMEM;
	*h = fnv(0xcbf29ce484222325ULL, b->p + at);
	return 0;
}

static int add_entry(void *ud, const gk_finding *f, gk_error *err)
{
	gk_classifier *c = ud;
	struct bentry *e;

	if (GK_GROW(c->v, c->n, c->cap))
		return GK_OOM(err);
	e = &c->v[c->n];
	e->id = f->id;
	e->key = c->keys.len;
	if (make_key(&c->keys, f, &e->key_h) || gk_buf_addc(&c->keys, '\0'))
		return GK_OOM(err);
	e->msg_h = fnv(0xcbf29ce484222325ULL, f->message);
	/* A run stored before schema 3 has no first_seen: its own date. */
	if (f->first_seen && gk_date_parse(f->first_seen, strlen(f->first_seen),
					   &e->first_day) == 0)
		snprintf(e->first_seen, sizeof(e->first_seen), "%s", f->first_seen);
	else {
		e->first_day = c->as_of;
		gk_date_format(c->as_of, e->first_seen);
	}
	e->used = 0;
	c->n++;
	return 0;
}

static int by_id(const void *a, const void *b)
{
	const struct bentry *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

int gk_classifier_load(gk_classifier **out, const gk_history *h, const char *scope,
		       int committed, gk_day as_of, int64_t *baseline, gk_error *err)
{
	gk_classifier *c = calloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	*baseline = 0;
	if (!c)
		return GK_OOM(err);
	if ((rc = h->baseline(h->ud, scope, committed, as_of, baseline, &c->as_of, add_entry, c,
			      err)))
		goto fail;
	if (c->n > 1)
		qsort(c->v, c->n, sizeof(*c->v), by_id);
	for (c->nbuckets = 64; c->nbuckets < c->n * 2; c->nbuckets *= 2)
		;
	if (!(c->buckets = malloc(sizeof(int) * c->nbuckets))) {
		rc = GK_OOM(err);
		goto fail;
	}
	memset(c->buckets, 0xff, sizeof(int) * c->nbuckets);
	/* Chained from the last, so each chain runs in id order. */
	for (size_t i = c->n; i-- > 0;) {
		unsigned b = (unsigned)(c->v[i].key_h & (c->nbuckets - 1));

		c->v[i].next = c->buckets[b];
		c->buckets[b] = (int)i;
	}
	*out = c;
	return 0;
fail:
	gk_classifier_free(c);
	*baseline = 0;
	return rc;
}

void gk_classifier_free(gk_classifier *c)
{
	if (!c)
		return;
	free(c->v);
	gk_buf_release(&c->keys);
	free(c->buckets);
	free(c);
}

void gk_classify(gk_classifier *c, gk_finding *f, gk_day as_of, const char *as_of_text)
{
	struct bentry *any = NULL, *same = NULL;
	uint64_t kh, mh;
	gk_buf key = GK_BUF_INIT;

	f->status = GK_STATUS_NEW;
	f->first_seen = as_of_text;
	f->days_open = 0;
	if (!c || !c->n)
		return;
	if (make_key(&key, f, &kh)) {
		gk_buf_release(&key);
		return;
	}
	mh = fnv(0xcbf29ce484222325ULL, f->message);
	for (int i = c->buckets[kh & (c->nbuckets - 1)]; i >= 0 && !same; i = c->v[i].next) {
		struct bentry *e = &c->v[i];

		if (e->key_h != kh || __atomic_load_n(&e->used, __ATOMIC_RELAXED) ||
		    strcmp(c->keys.p + e->key, key.p) != 0)
			continue;
		if (!any)
			any = e;
		if (e->msg_h == mh)
			same = e;
	}
	gk_buf_release(&key);
	if (same)
		any = same;
	if (any) {
		__atomic_store_n(&any->used, 1, __ATOMIC_RELAXED);
		f->status = GK_STATUS_PERSISTING;
		f->first_seen = any->first_seen;
		f->days_open = (int)(as_of - any->first_day);
	}
}

int gk_classifier_unmatched(const gk_classifier *c, int64_t **ids, size_t *n, gk_error *err)
{
	size_t k = 0;

	*ids = NULL;
	*n = 0;
	if (!c || !c->n)
		return 0;
	if (!(*ids = malloc(sizeof(**ids) * c->n)))
		return GK_OOM(err);
	for (size_t i = 0; i < c->n; i++)
		if (!c->v[i].used)
			(*ids)[k++] = c->v[i].id;
	*n = k;
	return 0;
}

/*
 * answers.c - the units' latest answers by finding identity (see
 * answers.h).
 */
#include <stdlib.h>
#include <string.h>

#include "../buf.h"
#include "answers.h"

struct answer {
	uint64_t h;
	size_t key;               /* offsets into text */
	size_t status, date, note;  /* (size_t)-1: none */
	int64_t run;
	int next;
};

struct gk_answers {
	struct answer *v;
	size_t n, cap;
	gk_buf text;
	int *buckets;
	unsigned nbuckets;
};

#define NONE ((size_t)-1)

static uint64_t key_of(gk_buf *b, const gk_finding *f)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t at = b->len;

	if (gk_buf_addf(b, "%s\x1f%s\x1f%s\x1f%s%s\x1f%s%s", f->rule, f->jurisdiction,
			f->category, f->record_id ? "=" : "", f->record_id ? f->record_id : "",
			f->period ? "=" : "", f->period ? f->period : "") ||
	    gk_buf_addc(b, '\0'))
		return 0;
	for (const char *s = b->p + at; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h | 1;
}

static size_t text_of(gk_buf *b, const char *s)
{
	size_t at = b->len;

	if (!s || gk_buf_add(b, s, strlen(s) + 1))
		return NONE;
	return at;
}

static int find(const gk_answers *a, uint64_t h, const char *key)
{
	for (int i = a->buckets[h & (a->nbuckets - 1)]; i >= 0; i = a->v[i].next)
		if (a->v[i].h == h && strcmp(a->text.p + a->v[i].key, key) == 0)
			return i;
	return -1;
}

static int add(void *ud, const gk_finding *f, gk_error *err)
{
	gk_answers *a = ud;
	struct answer *x;

	if (GK_GROW(a->v, a->n, a->cap))
		return GK_OOM(err);
	x = &a->v[a->n++];
	x->key = a->text.len;
	if (!(x->h = key_of(&a->text, f)))
		return GK_OOM(err);
	x->status = text_of(&a->text, f->fb_status);
	x->date = text_of(&a->text, f->fb_date);
	x->note = text_of(&a->text, f->fb_note);
	x->run = f->fb_run;
	if (x->status == NONE)
		return GK_OOM(err);
	return 0;
}

int gk_answers_load(gk_answers **out, const gk_history *h, gk_error *err)
{
	gk_answers *a = calloc(1, sizeof(*a));
	int rc;

	*out = NULL;
	if (!a)
		return GK_OOM(err);
	if ((rc = h->feedback(h->ud, add, a, err)))
		goto fail;
	if (!a->n) {
		gk_answers_free(a);
		return 0;
	}
	for (a->nbuckets = 16; a->nbuckets < a->n * 2; a->nbuckets *= 2)
		;
	if (!(a->buckets = malloc(sizeof(int) * a->nbuckets))) {
		rc = GK_OOM(err);
		goto fail;
	}
	memset(a->buckets, 0xff, sizeof(int) * a->nbuckets);
	/* The latest of an identity wins: earlier ones are never chained. */
	for (size_t i = 0; i < a->n; i++) {
		struct answer *x = &a->v[i];
		int k = find(a, x->h, a->text.p + x->key);
		unsigned b = (unsigned)(x->h & (a->nbuckets - 1));

		if (k >= 0) {
			x->next = a->v[k].next;
			a->v[k] = *x;
			continue;
		}
		x->next = a->buckets[b];
		a->buckets[b] = (int)i;
	}
	*out = a;
	return 0;
fail:
	gk_answers_free(a);
	return rc;
}

void gk_answers_attach(const gk_answers *a, gk_finding *f)
{
	gk_buf key = GK_BUF_INIT;
	uint64_t h;
	int i;

	if (!a || !(h = key_of(&key, f))) {
		gk_buf_release(&key);
		return;
	}
	i = find(a, h, key.p);
	gk_buf_release(&key);
	if (i < 0)
		return;
	f->fb_status = a->text.p + a->v[i].status;
	f->fb_date = a->v[i].date == NONE ? NULL : a->text.p + a->v[i].date;
	f->fb_note = a->v[i].note == NONE ? NULL : a->text.p + a->v[i].note;
	f->fb_run = a->v[i].run;
}

void gk_answers_free(gk_answers *a)
{
	if (!a)
		return;
	free(a->v);
	gk_buf_release(&a->text);
	free(a->buckets);
	free(a);
}
